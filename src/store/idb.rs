//! The browser's record store: IndexedDB, one object store per collection (key = record id,
//! value = the record's exchange JSON), `meta` for settings, `backups` for copies taken before
//! imports. A batch is one readwrite transaction over every store: all of it lands or none.

use std::cell::RefCell;

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode};

use super::{Batch, Change, RecordStore, Snapshot, StoreError};
use crate::domain::model::Collection;

const DB_NAME: &str = "jingzhun";
const DB_VERSION: u32 = 2;
const META: &str = "meta";
const BACKUPS: &str = "backups";
/// Who changed what when, per household (added in version 2 of the database).
const HISTORY: &str = "history";

thread_local! {
    static DB: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
}

fn js_error(v: &JsValue) -> StoreError {
    let name = v
        .dyn_ref::<web_sys::DomException>()
        .map(|e| e.name())
        .unwrap_or_default();
    let message = v
        .dyn_ref::<web_sys::DomException>()
        .map(|e| e.message())
        .or_else(|| v.as_string())
        .unwrap_or_else(|| format!("{v:?}"));
    match name.as_str() {
        "QuotaExceededError" => StoreError::Full,
        "InvalidStateError" | "SecurityError" | "NotFoundError" | "UnknownError"
            if message.is_empty() =>
        {
            StoreError::Unavailable(name)
        }
        "SecurityError" => StoreError::Unavailable(message),
        _ => StoreError::Failed(if name.is_empty() {
            message
        } else {
            format!("{name}: {message}")
        }),
    }
}

/// Resolves when the request succeeds, with its result.
async fn request(req: &IdbRequest) -> Result<JsValue, StoreError> {
    let promise = Promise::new(&mut |resolve, reject| {
        let ok = Closure::once_into_js(move |e: web_sys::Event| {
            let r: IdbRequest = e.target().unwrap().unchecked_into();
            let _ = resolve.call1(&JsValue::NULL, &r.result().unwrap_or(JsValue::UNDEFINED));
        });
        let err = Closure::once_into_js(move |e: web_sys::Event| {
            let r: IdbRequest = e.target().unwrap().unchecked_into();
            let _ = reject.call1(
                &JsValue::NULL,
                &r.error()
                    .ok()
                    .flatten()
                    .map(JsValue::from)
                    .unwrap_or(JsValue::from_str("request failed")),
            );
        });
        req.set_onsuccess(Some(ok.unchecked_ref()));
        req.set_onerror(Some(err.unchecked_ref()));
    });
    JsFuture::from(promise).await.map_err(|e| js_error(&e))
}

/// Resolves when the transaction commits; rejects when it aborts (quota, constraint, ...).
async fn finished(tx: &IdbTransaction) -> Result<(), StoreError> {
    let promise = Promise::new(&mut |resolve, reject| {
        let ok = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let tx2 = tx.clone();
        let reject2 = reject.clone();
        let abort = Closure::once_into_js(move || {
            let _ = reject.call1(
                &JsValue::NULL,
                &tx2.error()
                    .map(JsValue::from)
                    .unwrap_or(JsValue::from_str("transaction aborted")),
            );
        });
        let tx3 = tx.clone();
        let err = Closure::once_into_js(move || {
            let _ = reject2.call1(
                &JsValue::NULL,
                &tx3.error()
                    .map(JsValue::from)
                    .unwrap_or(JsValue::from_str("transaction failed")),
            );
        });
        tx.set_oncomplete(Some(ok.unchecked_ref()));
        tx.set_onabort(Some(abort.unchecked_ref()));
        tx.set_onerror(Some(err.unchecked_ref()));
    });
    JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|e| js_error(&e))
}

fn store_names() -> Array {
    let names = Array::new();
    for c in Collection::ALL {
        names.push(&JsValue::from_str(c.key()));
    }
    names.push(&JsValue::from_str(META));
    names.push(&JsValue::from_str(BACKUPS));
    names.push(&JsValue::from_str(HISTORY));
    names
}

async fn open() -> Result<IdbDatabase, StoreError> {
    if let Some(db) = DB.with(|d| d.borrow().clone()) {
        return Ok(db);
    }
    let window = web_sys::window().ok_or_else(|| StoreError::Unavailable("no window".into()))?;
    let factory = window
        .indexed_db()
        .map_err(|e| js_error(&e))?
        .ok_or_else(|| StoreError::Unavailable("IndexedDB is not available".into()))?;
    let req = factory
        .open_with_u32(DB_NAME, DB_VERSION)
        .map_err(|e| js_error(&e))?;
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        let r: IdbRequest = e.target().unwrap().unchecked_into();
        let db: IdbDatabase = r.result().unwrap().unchecked_into();
        let have = db.object_store_names();
        for name in store_names().iter() {
            let name = name.as_string().unwrap();
            if !have.contains(&name) {
                let _ = db.create_object_store(&name);
            }
        }
    });
    req.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let result = request(&req).await;
    drop(upgrade);
    let db: IdbDatabase = result?.unchecked_into();
    // Another tab upgrading the database: step aside rather than block it.
    let on_change = Closure::<dyn FnMut()>::new(|| {
        DB.with(|d| {
            if let Some(db) = d.borrow_mut().take() {
                db.close();
            }
        })
    });
    db.set_onversionchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
    DB.with(|d| *d.borrow_mut() = Some(db.clone()));
    Ok(db)
}

fn object_store(tx: &IdbTransaction, name: &str) -> Result<IdbObjectStore, StoreError> {
    tx.object_store(name).map_err(|e| js_error(&e))
}

/// The IndexedDB record store of this browser profile.
#[derive(Clone, Copy, Default)]
pub struct IdbStore;

impl RecordStore for IdbStore {
    async fn load(&self) -> Result<Snapshot, StoreError> {
        let db = open().await?;
        let tx = db
            .transaction_with_str_sequence(&store_names())
            .map_err(|e| js_error(&e))?;
        let mut snap = Snapshot::default();
        for c in Collection::ALL {
            let req = object_store(&tx, c.key())?
                .get_all()
                .map_err(|e| js_error(&e))?;
            let all: Array = request(&req).await?.unchecked_into();
            snap.records
                .insert(c, all.iter().filter_map(|v| v.as_string()).collect());
        }
        let req = object_store(&tx, META)?
            .get(&JsValue::from_str("settings"))
            .map_err(|e| js_error(&e))?;
        snap.settings = request(&req).await?.as_string();
        Ok(snap)
    }

    async fn commit(&self, batch: Batch) -> Result<(), StoreError> {
        let db = open().await?;
        let tx = db
            .transaction_with_str_sequence_and_mode(&store_names(), IdbTransactionMode::Readwrite)
            .map_err(|e| js_error(&e))?;
        let done = finished(&tx);
        let result = (|| -> Result<(), StoreError> {
            if batch.replace_all {
                for c in Collection::ALL {
                    object_store(&tx, c.key())?
                        .clear()
                        .map_err(|e| js_error(&e))?;
                }
            }
            for change in &batch.changes {
                match change {
                    Change::Put {
                        collection,
                        id,
                        json,
                    } => {
                        object_store(&tx, collection.key())?
                            .put_with_key(&JsValue::from_str(json), &JsValue::from_str(id))
                            .map_err(|e| js_error(&e))?;
                    }
                    Change::Delete { collection, id } => {
                        object_store(&tx, collection.key())?
                            .delete(&JsValue::from_str(id))
                            .map_err(|e| js_error(&e))?;
                    }
                }
            }
            for (key, json) in &batch.history {
                object_store(&tx, HISTORY)?
                    .put_with_key(&JsValue::from_str(json), &JsValue::from_str(key))
                    .map_err(|e| js_error(&e))?;
            }
            if let Some(s) = &batch.settings {
                object_store(&tx, META)?
                    .put_with_key(&JsValue::from_str(s), &JsValue::from_str("settings"))
                    .map_err(|e| js_error(&e))?;
            }
            Ok(())
        })();
        if let Err(e) = result {
            let _ = tx.abort();
            let _ = done.await;
            return Err(e);
        }
        done.await
    }
}

/// Keeps a copy of the whole registry (exchange JSON) under a label, e.g. before an import.
pub async fn save_backup(label: &str, json: &str) -> Result<(), StoreError> {
    let db = open().await?;
    let tx = db
        .transaction_with_str_and_mode(BACKUPS, IdbTransactionMode::Readwrite)
        .map_err(|e| js_error(&e))?;
    let done = finished(&tx);
    object_store(&tx, BACKUPS)?
        .put_with_key(&JsValue::from_str(json), &JsValue::from_str(label))
        .map_err(|e| js_error(&e))?;
    done.await?;
    // Keep the five newest backups.
    let labels = backup_labels().await?;
    if labels.len() > 5 {
        let tx = db
            .transaction_with_str_and_mode(BACKUPS, IdbTransactionMode::Readwrite)
            .map_err(|e| js_error(&e))?;
        let done = finished(&tx);
        for old in &labels[..labels.len() - 5] {
            object_store(&tx, BACKUPS)?
                .delete(&JsValue::from_str(old))
                .map_err(|e| js_error(&e))?;
        }
        done.await?;
    }
    Ok(())
}

/// Backup labels, oldest first.
pub async fn backup_labels() -> Result<Vec<String>, StoreError> {
    let db = open().await?;
    let tx = db.transaction_with_str(BACKUPS).map_err(|e| js_error(&e))?;
    let req = object_store(&tx, BACKUPS)?
        .get_all_keys()
        .map_err(|e| js_error(&e))?;
    let keys: Array = request(&req).await?.unchecked_into();
    let mut out: Vec<String> = keys.iter().filter_map(|k| k.as_string()).collect();
    out.sort();
    Ok(out)
}

pub async fn load_backup(label: &str) -> Result<Option<String>, StoreError> {
    let db = open().await?;
    let tx = db.transaction_with_str(BACKUPS).map_err(|e| js_error(&e))?;
    let req = object_store(&tx, BACKUPS)?
        .get(&JsValue::from_str(label))
        .map_err(|e| js_error(&e))?;
    Ok(request(&req).await?.as_string())
}

/// The change history of one household, oldest first (keys are `household id|time|nonce`).
pub async fn history_of(household_id: &str) -> Result<Vec<String>, StoreError> {
    let db = open().await?;
    let tx = db.transaction_with_str(HISTORY).map_err(|e| js_error(&e))?;
    let range = web_sys::IdbKeyRange::bound(
        &JsValue::from_str(&format!("{household_id}|")),
        &JsValue::from_str(&format!("{household_id}|\u{ffff}")),
    )
    .map_err(|e| js_error(&e))?;
    let req = object_store(&tx, HISTORY)?
        .get_all_with_key(&range)
        .map_err(|e| js_error(&e))?;
    let all: Array = request(&req).await?.unchecked_into();
    Ok(all.iter().filter_map(|v| v.as_string()).collect())
}
