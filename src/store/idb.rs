//! The browser's record store: IndexedDB, one object store per collection (key = record id,
//! value = the record's exchange JSON), `meta` for the settings, `history` for who changed what,
//! `backups` (the copies) beside `backup_info` (what each copy is, so listing reads no copy). A
//! batch is one readwrite transaction over every store: all of it lands or none, and a put whose
//! base version is no longer the stored one aborts it.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode};

use super::*;
use crate::exchange::write;

const DB_NAME: &str = "jingzhun";
/// 2: `history`; 3: `backup_info`; from then on 100 + the number of collections, so that a
/// collection added to the model raises the version by itself and its store is made on upgrade
/// (the upgrade creates every store that is missing, and removes none).
const DB_VERSION: u32 = 100 + Collection::ALL.len() as u32;
const META: &str = "meta";
const BACKUPS: &str = "backups";
const BACKUP_INFO: &str = "backup_info";
const HISTORY: &str = "history";
/// Above this many checked puts in one collection, the stored versions are read in one go.
const CHECK_ONE_BY_ONE: usize = 64;

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
            let result = e
                .target()
                .and_then(|t| t.dyn_into::<IdbRequest>().ok())
                .and_then(|r| r.result().ok())
                .unwrap_or(JsValue::UNDEFINED);
            let _ = resolve.call1(&JsValue::NULL, &result);
        });
        let err = Closure::once_into_js(move |e: web_sys::Event| {
            let error = e
                .target()
                .and_then(|t| t.dyn_into::<IdbRequest>().ok())
                .and_then(|r| r.error().ok().flatten())
                .map(JsValue::from)
                .unwrap_or(JsValue::from_str("request failed"));
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        req.set_onsuccess(Some(ok.unchecked_ref()));
        req.set_onerror(Some(err.unchecked_ref()));
    });
    JsFuture::from(promise).await.map_err(|e| js_error(&e))
}

/// Resolves when the transaction commits; rejects when it aborts (quota, constraint, ...).
fn finished(tx: &IdbTransaction) -> JsFuture {
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
}

async fn done(f: JsFuture) -> Result<(), StoreError> {
    f.await.map(|_| ()).map_err(|e| js_error(&e))
}

fn store_names() -> Array {
    let names = Array::new();
    for c in Collection::ALL {
        names.push(&JsValue::from_str(c.code()));
    }
    for n in [META, BACKUPS, BACKUP_INFO, HISTORY] {
        names.push(&JsValue::from_str(n));
    }
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
    // Each version adds stores only; what an older version wrote stays as it is.
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        let Some(db) = e
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok())
        else {
            return;
        };
        let have = db.object_store_names();
        for name in store_names().iter().filter_map(|n| n.as_string()) {
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

fn key(s: &str) -> JsValue {
    JsValue::from_str(s)
}

/// The version vector inside a stored record's JSON.
fn stored_rev(text: &str) -> Option<Rev> {
    let v: Value = serde_json::from_str(text).ok()?;
    v["rev"]
        .as_object()?
        .iter()
        .map(|(k, n)| Some((k.clone(), n.as_u64()?)))
        .collect()
}

/// Whether every checked put of `puts` (one collection) still has its base in the store.
async fn bases_hold(os: &IdbObjectStore, puts: &[&Put]) -> Result<Option<String>, StoreError> {
    let checked: Vec<&&Put> = puts.iter().filter(|p| p.base != Base::Any).collect();
    if checked.is_empty() {
        return Ok(None);
    }
    let stale = |p: &Put, stored: Option<&str>| match (&p.base, stored) {
        (Base::Absent, s) => s.is_some(),
        (Base::Rev(r), Some(s)) => stored_rev(s).as_ref() != Some(r),
        (Base::Rev(_), None) => true,
        (Base::Any, _) => false,
    };
    if checked.len() <= CHECK_ONE_BY_ONE {
        for p in checked {
            let req = os.get(&key(p.record.id())).map_err(|e| js_error(&e))?;
            let v = request(&req).await?;
            if stale(p, v.as_string().as_deref()) {
                return Ok(Some(p.record.id().to_string()));
            }
        }
        return Ok(None);
    }
    // Many: the ids in one request, and the versions only if some put is based on one.
    let keys: Array = request(&os.get_all_keys().map_err(|e| js_error(&e))?)
        .await?
        .unchecked_into();
    let present: HashSet<String> = keys.iter().filter_map(|k| k.as_string()).collect();
    let need_revs = checked.iter().any(|p| matches!(p.base, Base::Rev(_)));
    let mut revs: HashMap<String, String> = HashMap::new();
    if need_revs {
        let (ks, vs): (Array, Array) = (
            keys,
            request(&os.get_all().map_err(|e| js_error(&e))?)
                .await?
                .unchecked_into(),
        );
        for (k, v) in ks.iter().zip(vs.iter()) {
            if let (Some(k), Some(v)) = (k.as_string(), v.as_string()) {
                revs.insert(k, v);
            }
        }
    }
    for p in checked {
        let id = p.record.id();
        let stored = if need_revs {
            revs.get(id).map(String::as_str)
        } else {
            present.contains(id).then_some("")
        };
        let is_stale = match (&p.base, stored) {
            (Base::Absent, s) => s.is_some(),
            _ => stale(p, stored),
        };
        if is_stale {
            return Ok(Some(id.to_string()));
        }
    }
    Ok(None)
}

/// The IndexedDB record store of this browser profile.
#[derive(Clone, Copy, Default)]
pub struct IdbStore;

impl RecordStore for IdbStore {
    async fn load(&self) -> Result<Registry, StoreError> {
        let db = open().await?;
        let tx = db
            .transaction_with_str_sequence(&store_names())
            .map_err(|e| js_error(&e))?;
        let mut reg = Registry::default();
        let mut problems = Vec::new();
        for &c in Collection::ALL {
            let req = object_store(&tx, c.code())?
                .get_all()
                .map_err(|e| js_error(&e))?;
            let all: Array = request(&req).await?.unchecked_into();
            for (i, v) in all.iter().enumerate() {
                let text = v.as_string().unwrap_or_default();
                match decode(c, &text, i) {
                    Ok(r) => r.put_into(&mut reg),
                    Err(mut p) => problems.append(&mut p),
                }
            }
        }
        let req = object_store(&tx, META)?
            .get(&key("settings"))
            .map_err(|e| js_error(&e))?;
        if let Some(s) = request(&req).await?.as_string() {
            if let Ok(v) = serde_json::from_str::<Value>(&s) {
                let mut r = crate::exchange::read::Reader::new();
                let root = Path::Root;
                reg.settings = crate::exchange::read::settings(&mut r, &v, &root.key("settings"));
                problems.extend(r.problems);
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Damaged(problems));
        }
        sort_by_id(&mut reg);
        Ok(reg)
    }

    async fn commit(&self, batch: Batch) -> Result<(), StoreError> {
        let db = open().await?;
        let tx = db
            .transaction_with_str_sequence_and_mode(&store_names(), IdbTransactionMode::Readwrite)
            .map_err(|e| js_error(&e))?;
        let finish = finished(&tx);
        let result: Result<(), StoreError> = async {
            if batch.replace_all {
                for c in Collection::ALL {
                    object_store(&tx, c.code())?
                        .clear()
                        .map_err(|e| js_error(&e))?;
                }
            } else {
                for &c in Collection::ALL {
                    let puts: Vec<&Put> = batch
                        .puts
                        .iter()
                        .filter(|p| p.record.collection() == c)
                        .collect();
                    if let Some(id) = bases_hold(&object_store(&tx, c.code())?, &puts).await? {
                        return Err(StoreError::Stale { collection: c, id });
                    }
                }
            }
            for p in &batch.puts {
                object_store(&tx, p.record.collection().code())?
                    .put_with_key(&key(&encode(&p.record)), &key(p.record.id()))
                    .map_err(|e| js_error(&e))?;
            }
            for (c, id) in &batch.removes {
                object_store(&tx, c.code())?
                    .delete(&key(id))
                    .map_err(|e| js_error(&e))?;
            }
            for h in &batch.history {
                let k = format!("{}|{}|{}", h.subject.key(), h.when, batch.history.len());
                object_store(&tx, HISTORY)?
                    .put_with_key(&key(&h.to_json().to_string()), &key(&k))
                    .map_err(|e| js_error(&e))?;
            }
            if let Some(s) = &batch.settings {
                let text = write::settings(s).map_or("{}".to_string(), |v| v.to_string());
                object_store(&tx, META)?
                    .put_with_key(&key(&text), &key("settings"))
                    .map_err(|e| js_error(&e))?;
            }
            Ok(())
        }
        .await;
        if let Err(e) = result {
            let _ = tx.abort();
            let _ = finish.await;
            return Err(e);
        }
        done(finish).await
    }

    async fn history(&self, subject: &Subject) -> Result<Vec<HistoryEntry>, StoreError> {
        let db = open().await?;
        let tx = db.transaction_with_str(HISTORY).map_err(|e| js_error(&e))?;
        let prefix = subject.key();
        let range = web_sys::IdbKeyRange::bound(
            &key(&format!("{prefix}|")),
            &key(&format!("{prefix}|\u{ffff}")),
        )
        .map_err(|e| js_error(&e))?;
        let req = object_store(&tx, HISTORY)?
            .get_all_with_key(&range)
            .map_err(|e| js_error(&e))?;
        let all: Array = request(&req).await?.unchecked_into();
        let mut out: Vec<HistoryEntry> = all
            .iter()
            .filter_map(|v| serde_json::from_str::<Value>(&v.as_string()?).ok())
            .filter_map(|v| HistoryEntry::from_json(&v))
            .map(|mut h| {
                h.subject = subject.clone();
                h
            })
            .collect();
        out.sort_by(|a, b| a.when.cmp(&b.when));
        Ok(out)
    }

    async fn backups(&self) -> Result<Vec<BackupInfo>, StoreError> {
        let db = open().await?;
        let names = Array::of2(&key(BACKUPS), &key(BACKUP_INFO));
        let tx = db
            .transaction_with_str_sequence(&names)
            .map_err(|e| js_error(&e))?;
        let keys: Array = request(
            &object_store(&tx, BACKUPS)?
                .get_all_keys()
                .map_err(|e| js_error(&e))?,
        )
        .await?
        .unchecked_into();
        let mut out = Vec::new();
        for id in keys.iter().filter_map(|k| k.as_string()) {
            let req = object_store(&tx, BACKUP_INFO)?
                .get(&key(&id))
                .map_err(|e| js_error(&e))?;
            let info = request(&req)
                .await?
                .as_string()
                .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                .and_then(|v| info_from_json(&id, &v));
            // Backups of an earlier version have no description: their key says when and why.
            out.push(info.unwrap_or_else(|| BackupInfo {
                label: msg!(backup_legacy, label = id.as_str()),
                taken_at: id.split(' ').next().unwrap_or_default().to_string(),
                id,
                records: 0,
                bytes: 0,
            }));
        }
        out.sort_by(|a, b| a.taken_at.cmp(&b.taken_at));
        Ok(out)
    }

    async fn save_backup(
        &self,
        label: Msg,
        taken_at: &str,
        reg: &Registry,
    ) -> Result<BackupInfo, StoreError> {
        let text = crate::exchange::to_json(reg, taken_at, "backup", None);
        let info = BackupInfo {
            id: format!(
                "{taken_at}#{:08x}",
                (js_sys::Math::random() * 4_294_967_296.0) as u64
            ),
            label,
            taken_at: taken_at.to_string(),
            records: reg.len(),
            bytes: text.len() as u64,
        };
        let db = open().await?;
        let names = Array::of2(&key(BACKUPS), &key(BACKUP_INFO));
        let tx = db
            .transaction_with_str_sequence_and_mode(&names, IdbTransactionMode::Readwrite)
            .map_err(|e| js_error(&e))?;
        let finish = finished(&tx);
        object_store(&tx, BACKUPS)?
            .put_with_key(&key(&text), &key(&info.id))
            .map_err(|e| js_error(&e))?;
        object_store(&tx, BACKUP_INFO)?
            .put_with_key(&key(&info_to_json(&info).to_string()), &key(&info.id))
            .map_err(|e| js_error(&e))?;
        done(finish).await?;
        Ok(info)
    }

    async fn load_backup(&self, id: &str) -> Result<Registry, StoreError> {
        let db = open().await?;
        let tx = db.transaction_with_str(BACKUPS).map_err(|e| js_error(&e))?;
        let req = object_store(&tx, BACKUPS)?
            .get(&key(id))
            .map_err(|e| js_error(&e))?;
        let text = request(&req)
            .await?
            .as_string()
            .ok_or(StoreError::NotFound)?;
        crate::exchange::parse(text.as_bytes(), None)
            .map(|f| f.registry)
            .map_err(StoreError::Damaged)
    }

    async fn delete_backup(&self, id: &str) -> Result<(), StoreError> {
        let db = open().await?;
        let names = Array::of2(&key(BACKUPS), &key(BACKUP_INFO));
        let tx = db
            .transaction_with_str_sequence_and_mode(&names, IdbTransactionMode::Readwrite)
            .map_err(|e| js_error(&e))?;
        let finish = finished(&tx);
        object_store(&tx, BACKUPS)?
            .delete(&key(id))
            .map_err(|e| js_error(&e))?;
        object_store(&tx, BACKUP_INFO)?
            .delete(&key(id))
            .map_err(|e| js_error(&e))?;
        done(finish).await
    }
}

fn info_to_json(b: &BackupInfo) -> Value {
    serde_json::json!({
        "label": b.label.to_json(),
        "taken_at": b.taken_at,
        "records": b.records,
        "bytes": b.bytes,
    })
}

fn info_from_json(id: &str, v: &Value) -> Option<BackupInfo> {
    Some(BackupInfo {
        id: id.to_string(),
        label: Msg::from_json(&v["label"])?,
        taken_at: v["taken_at"].as_str()?.to_string(),
        records: v["records"].as_u64()? as usize,
        bytes: v["bytes"].as_u64()?,
    })
}
