//! The browser's record store over IndexedDB, in the layout of [`journal`]: `chunks` holds the
//! snapshot of the registry (keys `g<generation>:<n>`, each value ≤ 60 KiB of bytes, so it stays
//! in the database's own pages) and the backups (each a snapshot of its own generation); `log`
//! holds the batches committed since the snapshot, one entry each (key = its sequence number);
//! `meta` says which generation is current and the last sequence; `history` who changed what;
//! `backup_info` what each backup is. A batch is one readwrite transaction: all of it lands or
//! none, and a put whose base is not the stored version (another tab wrote it) aborts it.
//!
//! Under the app lock ([`at_rest`]) every value of `chunks`, `log`, `history` and `backups` is
//! sealed under the data key, which this tab holds in memory once unlocked; `meta` keeps the lock
//! record and what is no record (the snapshot's description, the sync checkpoint) in the clear.
//! A write checks in its transaction that the lock stored is the one this tab holds.
//!
//! Databases of earlier versions (one object store per collection, JSON backups) are read once
//! and rewritten as a snapshot; their backups stay readable.
//!
//! Long (about 740 lines) because every transaction of the layout is here, so that what is written together can be seen together.

use std::cell::RefCell;

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode};

use super::at_rest::{self, DataKey, LockRecord};
use super::journal::{self, LogEntry, RevIndex, SnapshotMeta, FOLD_AFTER_ENTRIES};
use super::*;

pub mod earlier;
mod lock;

const DB_NAME: &str = "jingzhun";
/// The store's layouts, numbered by IndexedDB's version of the database:
///
/// | version | layout |
/// |---|---|
/// | 1 | one store per collection (records as exchange JSON), `meta`, `backups` (JSON files) |
/// | 2 | + `history` |
/// | 3 | + `backup_info` |
/// | 100 + collections | + a store per collection added (each one raised the version by itself) |
/// | 200 + collections | + `chunks` and `log`: the snapshot layout of [`journal`]; the records of the stores per collection are rewritten as a snapshot on first open ([`read_legacy`]) |
/// | (same) | the app lock: a `lock` key in `meta`, values sealed ([`at_rest`]); no new store |
/// | 300 + collections | the snapshot's chunks in the binary record format ([`super::codec`]); no new store; a JSON snapshot is read and written again in binary on first open, a JSON backup read as it is |
/// | 400 + collections | the log's entries in the binary format too ([`journal::LOG_TAG`]); no new store; JSON entries are read (by the module of [`earlier`]) and folded into a binary snapshot on first open. The version moves so that a tab of the previous version, which cannot read a binary entry, steps aside and says a newer version wrote the data |
///
/// The upgrade creates every store that is missing and removes none, so a database of any
/// earlier version opens. Tested against databases written by earlier versions: version 3
/// (`browser_store::a_database_of_the_earlier_layout_opens_with_every_record`) and 214, the
/// version before this one (JSON chunks), from a fixture it wrote (`tests/fixtures/idb-v214-…json`,
/// `browser_store::a_database_written_by_the_previous_version_opens_whole_from_its_fixture`).
/// A database of a higher version than this opens the safe mode.
const DB_VERSION: u32 = 400 + Collection::ALL.len() as u32;
const META: &str = "meta";
const BACKUPS: &str = "backups";
const BACKUP_INFO: &str = "backup_info";
const HISTORY: &str = "history";
const CHUNKS: &str = "chunks";
const LOG: &str = "log";

thread_local! {
    static DB: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
    /// This tab's view of the store: the last log entry it read or wrote, the stored version of
    /// every record as of then, and how long the log is.
    static VIEW: RefCell<View> = RefCell::new(View::default());
    /// The app lock this tab unlocked (its id) and the data key, while unlocked.
    static KEY: RefCell<Option<(String, DataKey)>> = const { RefCell::new(None) };
}

#[derive(Default)]
struct View {
    seen: u64,
    index: Option<RevIndex>,
    log_len: u64,
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
    // A disk that runs full in the middle of a write is reported by Chromium as the database's
    // connection closing, an `UnknownError` naming LevelDB's FILE_ERROR_NO_SPACE, not as
    // quota: it is the same full disk, and the person is told so.
    let disk_full = ["FILE_ERROR_NO_SPACE", "No space left on device"]
        .iter()
        .any(|m| message.contains(m));
    match name.as_str() {
        "QuotaExceededError" => StoreError::Full,
        _ if disk_full => StoreError::Full,
        "VersionError" => StoreError::Newer,
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
    answered(req).await.map_err(|e| js_error(&e))
}

/// The answer to `req`, its handlers set now: requests asked for together are answered in
/// order, and one answered before its handler was set would never resolve.
fn answered(req: &IdbRequest) -> JsFuture {
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
    JsFuture::from(promise)
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
    for n in [META, BACKUPS, BACKUP_INFO, HISTORY, CHUNKS, LOG] {
        names.push(&JsValue::from_str(n));
    }
    names
}

fn names(list: &[&str]) -> Array {
    list.iter().map(|n| JsValue::from_str(n)).collect()
}

/// What the store held when it last loaded or wrote, as this device's preferences keep it.
fn mark() -> Option<StoreMark> {
    use gloo_storage::Storage;
    gloo_storage::LocalStorage::get::<String>(pref::STORE_MARK)
        .ok()
        .and_then(|t| StoreMark::parse(&t))
}

/// Keeps what the store holds now ([`StoreMark`]); a full or forbidden storage keeps nothing.
fn remember(records: usize, seq: u64) {
    use gloo_storage::Storage;
    let mark = StoreMark {
        records: records as u64,
        seq,
        saved_at: String::from(js_sys::Date::new_0().to_iso_string()),
    };
    let _ = gloo_storage::LocalStorage::set(pref::STORE_MARK, mark.to_text());
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
    // Several reads at start open at once: one connection is kept, the others closed, so that
    // none is left open to block an upgrade or a deletion.
    if let Some(kept) = DB.with(|d| d.borrow().clone()) {
        db.close();
        return Ok(kept);
    }
    // Another tab upgrading (or this one deleting) the database: step aside rather than block it.
    let this = db.clone();
    let on_change = Closure::<dyn FnMut()>::new(move || {
        this.close();
        DB.with(|d| {
            let mut d = d.borrow_mut();
            if d.as_ref() == Some(&this) {
                *d = None;
            }
        })
    });
    db.set_onversionchange(Some(on_change.as_ref().unchecked_ref()));
    // Closed by the browser (its data deleted, the disk gone): the next use opens it again,
    // and finds out what is left of it.
    db.set_onclose(Some(on_change.as_ref().unchecked_ref()));
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

fn chunk_key(gen: u64, k: usize) -> String {
    format!("g{gen:010}:{k:06}")
}

fn gen_range(gen: u64) -> Result<JsValue, StoreError> {
    web_sys::IdbKeyRange::bound(
        &key(&format!("g{gen:010}:")),
        &key(&format!("g{gen:010}:~")),
    )
    .map(JsValue::from)
    .map_err(|e| js_error(&e))
}

fn seq_key(seq: u64) -> String {
    format!("{seq:012}")
}

fn bytes_of(v: &JsValue) -> Vec<u8> {
    js_sys::Uint8Array::new(v).to_vec()
}

fn nonce() -> [u8; at_rest::NONCE_BYTES] {
    let mut n = [0u8; at_rest::NONCE_BYTES];
    if let Some(c) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = c.get_random_values_with_u8_array(&mut n);
    }
    n
}

/// Fresh random bytes from the browser (a data key, a salt).
pub fn random_bytes<const N: usize>() -> Result<[u8; N], StoreError> {
    let mut b = [0u8; N];
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or_else(|| StoreError::Unavailable("crypto".into()))?
        .get_random_values_with_u8_array(&mut b)
        .map_err(|e| js_error(&e))?;
    Ok(b)
}

fn held_lock() -> Option<String> {
    KEY.with(|k| k.borrow().as_ref().map(|(id, _)| id.clone()))
}

/// `bytes` as they are stored: sealed while the app lock is set.
fn stored_bytes(bytes: &[u8]) -> JsValue {
    KEY.with(|k| match &*k.borrow() {
        Some((_, key)) => js_sys::Uint8Array::from(&key.seal(bytes, nonce())[..]).into(),
        None => js_sys::Uint8Array::from(bytes).into(),
    })
}

/// A text as it is stored: itself, or its bytes sealed while the app lock is set.
fn stored_text(text: &str) -> JsValue {
    if held_lock().is_some() {
        stored_bytes(text.as_bytes())
    } else {
        key(text)
    }
}

/// A stored value's bytes, opened when sealed. A sealed value without the key is
/// [`StoreError::Locked`]; one the key does not open is damaged.
fn opened(v: &JsValue) -> Result<Vec<u8>, StoreError> {
    if let Some(t) = v.as_string() {
        return Ok(t.into_bytes());
    }
    let bytes = bytes_of(v);
    if !at_rest::is_sealed(&bytes) {
        return Ok(bytes);
    }
    KEY.with(|k| match &*k.borrow() {
        Some((_, key)) => key.open(&bytes).map_err(|_| {
            StoreError::Damaged(vec![Problem::new(
                Location::from(&Path::Root),
                msg!(
                    store_stored_record_damaged_e,
                    e = "sealed value does not open"
                ),
            )])
        }),
        None => Err(StoreError::Locked),
    })
}

fn opened_text(v: &JsValue) -> Result<Option<String>, StoreError> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    Ok(String::from_utf8(opened(v)?).ok())
}

/// A draft or another small text kept outside the database, sealed while the app lock is set.
pub fn seal_text(text: &str) -> String {
    KEY.with(|k| match &*k.borrow() {
        Some((_, key)) => key.seal_text(text, nonce()),
        None => text.to_string(),
    })
}

/// What [`seal_text`] kept; `None` for a sealed text this tab cannot open.
pub fn open_text(stored: &str) -> Option<String> {
    if !at_rest::is_sealed_text(stored) {
        return Some(stored.to_string());
    }
    KEY.with(|k| k.borrow().as_ref()?.1.open_text(stored).ok())
}

/// The lock record stored, if any; one that cannot be read is damage, never "no lock".
async fn read_lock(meta: &IdbObjectStore) -> Result<Option<LockRecord>, StoreError> {
    lock_of(ask_text(meta, "lock")?.await?)
}

fn lock_of(stored: Option<String>) -> Result<Option<LockRecord>, StoreError> {
    match stored {
        None => Ok(None),
        Some(t) => LockRecord::from_json(&t).map(Some).ok_or_else(|| {
            StoreError::Damaged(vec![Problem::new(
                Location::from(&Path::Root.key("lock")),
                msg!(store_stored_record_damaged_e, e = "lock record"),
            )])
        }),
    }
}

/// A write goes on only under the lock this tab holds (or none, when none is set).
async fn check_lock(meta: &IdbObjectStore) -> Result<(), StoreError> {
    held(read_lock(meta).await?)
}

fn held(stored: Option<LockRecord>) -> Result<(), StoreError> {
    if stored.map(|l| l.id) == held_lock() {
        Ok(())
    } else {
        Err(StoreError::Locked)
    }
}

/// The text stored under `k`, asked for now (see [`answered`]) and awaited later.
fn ask_text(
    os: &IdbObjectStore,
    k: &str,
) -> Result<impl std::future::Future<Output = Result<Option<String>, StoreError>>, StoreError> {
    let answer = answered(&os.get(&key(k)).map_err(|e| js_error(&e))?);
    Ok(async move {
        answer
            .await
            .map(|v| v.as_string())
            .map_err(|e| js_error(&e))
    })
}

async fn get_text(os: &IdbObjectStore, k: &str) -> Result<Option<String>, StoreError> {
    ask_text(os, k)?.await
}

/// The snapshot's description, the last sequence and the next generation, as `meta` holds them.
type MetaRead = (Option<SnapshotMeta>, u64, u64);

async fn read_meta(meta: &IdbObjectStore) -> Result<MetaRead, StoreError> {
    ask_meta(meta)?.await
}

/// [`read_meta`] under the lock this tab holds: the four values asked for at once, one round
/// trip to the database instead of four (a part of every edit's time).
async fn read_meta_held(meta: &IdbObjectStore) -> Result<MetaRead, StoreError> {
    let lock = ask_text(meta, "lock")?;
    let rest = ask_meta(meta)?;
    held(lock_of(lock.await?)?)?;
    rest.await
}

fn ask_meta(
    meta: &IdbObjectStore,
) -> Result<impl std::future::Future<Output = Result<MetaRead, StoreError>>, StoreError> {
    let snapshot = ask_text(meta, "snapshot")?;
    let log_seq = ask_text(meta, "log_seq")?;
    let next_gen = ask_text(meta, "next_gen")?;
    Ok(async move {
        let snapshot = snapshot.await?.and_then(|t| SnapshotMeta::from_json(&t));
        let num = |t: Option<String>| t.and_then(|t| t.parse::<u64>().ok());
        let last = num(log_seq.await?).unwrap_or(snapshot.as_ref().map_or(0, |m| m.seq));
        let next_gen = num(next_gen.await?).unwrap_or(snapshot.as_ref().map_or(1, |m| m.gen + 1));
        Ok((snapshot, last, next_gen))
    })
}

/// The chunks of generation `gen`, in order.
async fn read_gen(chunks: &IdbObjectStore, gen: u64) -> Result<Vec<Vec<u8>>, StoreError> {
    let all = read_gen_values(chunks, gen).await?;
    all.iter().map(|v| opened(&v)).collect()
}

/// The chunks of generation `gen` as stored, in order (still outside wasm's memory).
async fn read_gen_values(chunks: &IdbObjectStore, gen: u64) -> Result<Array, StoreError> {
    let req = chunks
        .get_all_with_key(&gen_range(gen)?)
        .map_err(|e| js_error(&e))?;
    Ok(request(&req).await?.unchecked_into())
}

/// The log entries after `seq` as stored, in order.
async fn read_log_after(log: &IdbObjectStore, seq: u64) -> Result<Vec<Vec<u8>>, StoreError> {
    ask_log_after(log, seq)?.await
}

/// [`read_log_after`], asked for now and awaited later.
fn ask_log_after(
    log: &IdbObjectStore,
    seq: u64,
) -> Result<impl std::future::Future<Output = Result<Vec<Vec<u8>>, StoreError>>, StoreError> {
    let range = web_sys::IdbKeyRange::lower_bound_with_open(&key(&seq_key(seq)), true)
        .map_err(|e| js_error(&e))?;
    let answer = answered(&log.get_all_with_key(&range).map_err(|e| js_error(&e))?);
    Ok(async move {
        let all: Array = answer.await.map_err(|e| js_error(&e))?.unchecked_into();
        all.iter().map(|v| opened(&v)).collect()
    })
}

/// Log entries as stored, read, and whether any was of an earlier version (JSON: read by the
/// module that reads earlier versions, fetched then; to be folded into a binary snapshot).
/// Never awaited inside a transaction, which a fetch would end.
async fn decode_log(stored: Vec<Vec<u8>>) -> Result<(Vec<LogEntry>, bool), StoreError> {
    if stored.iter().any(|b| journal::is_earlier(b)) {
        return Ok((earlier::log(stored).await?, true));
    }
    let entries = stored
        .iter()
        .map(|b| LogEntry::from_bytes(b).map_err(StoreError::Damaged))
        .collect::<Result<_, _>>()?;
    Ok((entries, false))
}

/// Writes a snapshot's chunks (of [`chunks_in_steps`]) as generation `gen`.
fn write_gen(
    chunks: &IdbObjectStore,
    gen: u64,
    parts: &[Vec<u8>],
) -> Result<(u32, u64), StoreError> {
    let mut bytes = 0u64;
    for (k, c) in parts.iter().enumerate() {
        bytes += c.len() as u64;
        chunks
            .put_with_key(&stored_bytes(c), &key(&chunk_key(gen, k)))
            .map_err(|e| js_error(&e))?;
    }
    Ok((parts.len() as u32, bytes))
}

/// Records written into a snapshot's chunks between two pauses.
const RECORDS_PER_STEP: usize = 1_500;

/// The snapshot of `reg`, written before its transaction opens (a transaction commits itself at
/// a pause) a step at a time, the browser free to paint between steps: a county's snapshot is
/// most of a second of work, which in one task would freeze the page.
async fn chunks_in_steps(reg: &Registry) -> Vec<Vec<u8>> {
    let mut w = journal::SnapshotWriter::default();
    while !w.step(reg, RECORDS_PER_STEP) {
        pause().await;
    }
    w.finish()
}

/// Lets the browser run its other tasks (paint, input) and comes back: a message to itself,
/// which, unlike a timer, a hidden tab does not hold back for a second.
pub async fn pause() {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        return;
    };
    let promise = Promise::new(&mut |resolve, _| {
        channel.port1().set_onmessage(Some(&resolve));
    });
    if channel.port2().post_message(&JsValue::NULL).is_err() {
        return;
    }
    let _ = JsFuture::from(promise).await;
    channel.port1().set_onmessage(None);
}

fn put_text(os: &IdbObjectStore, k: &str, v: &str) -> Result<(), StoreError> {
    os.put_with_key(&key(v), &key(k))
        .map(|_| ())
        .map_err(|e| js_error(&e))
}

/// Reads a database of an earlier version (one store per collection) into a registry.
async fn read_legacy(tx: &IdbTransaction) -> Result<journal::EarlierRecords, StoreError> {
    let mut out = journal::EarlierRecords::default();
    for &c in Collection::ALL {
        let req = object_store(tx, c.code())?
            .get_all()
            .map_err(|e| js_error(&e))?;
        let all: Array = request(&req).await?.unchecked_into();
        if all.length() > 0 {
            out.records.push((
                c,
                all.iter()
                    .map(|v| v.as_string().unwrap_or_default())
                    .collect(),
            ));
        }
    }
    out.settings = get_text(&object_store(tx, META)?, "settings").await?;
    Ok(out)
}

/// Writes `reg` as the current snapshot at sequence `seq` in `tx`, clearing the log and the old
/// generation (and, once, the stores of an earlier version).
async fn write_snapshot(
    tx: &IdbTransaction,
    (parts, records): (&[Vec<u8>], usize),
    seq: u64,
    clear_legacy: bool,
) -> Result<SnapshotMeta, StoreError> {
    let meta = object_store(tx, META)?;
    let chunks = object_store(tx, CHUNKS)?;
    let (old, _, gen) = read_meta(&meta).await?;
    let (n, bytes) = write_gen(&chunks, gen, parts)?;
    let m = SnapshotMeta {
        gen,
        seq,
        chunks: n,
        records,
        bytes,
    };
    put_text(&meta, "snapshot", &m.to_json())?;
    put_text(&meta, "log_seq", &seq.to_string())?;
    put_text(&meta, "next_gen", &(gen + 1).to_string())?;
    object_store(tx, LOG)?.clear().map_err(|e| js_error(&e))?;
    if let Some(old) = old {
        chunks
            .delete(&gen_range(old.gen)?)
            .map_err(|e| js_error(&e))?;
    }
    if clear_legacy {
        for c in Collection::ALL {
            object_store(tx, c.code())?
                .clear()
                .map_err(|e| js_error(&e))?;
        }
    }
    Ok(m)
}

/// A connection to the database at whatever version it has (a newer app's too), for reading
/// what this version can still read: the safe mode's salvage, the app lock's record.
async fn open_any_version() -> Result<IdbDatabase, StoreError> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or_else(|| StoreError::Unavailable("IndexedDB is not available".into()))?;
    let req = factory.open(DB_NAME).map_err(|e| js_error(&e))?;
    Ok(request(&req).await?.unchecked_into())
}

/// How surely a transaction is on disk when it reports done.
#[derive(Clone, Copy, PartialEq)]
enum Durability {
    /// The browser's default (Chromium: done once the OS has the data).
    Default,
    /// Done only once the data is flushed to disk: for imports, restores and backups, whose loss
    /// in a power cut would cost the most.
    Strict,
}

/// A readwrite transaction; `strict` asks for `durability: "strict"` where the browser knows it
/// (the option is ignored elsewhere; web-sys has it only behind its unstable flag, hence the call
/// through `Reflect`).
fn write_transaction(
    db: &IdbDatabase,
    stores: &[&str],
    durability: Durability,
) -> Result<IdbTransaction, StoreError> {
    if durability == Durability::Strict {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"durability".into(), &"strict".into());
        let call = js_sys::Reflect::get(db, &"transaction".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(f) = call {
            if let Ok(tx) = f.call3(db, &names(stores), &"readwrite".into(), &options) {
                if let Ok(tx) = tx.dyn_into::<IdbTransaction>() {
                    return Ok(tx);
                }
            }
        }
    }
    db.transaction_with_str_sequence_and_mode(&names(stores), IdbTransactionMode::Readwrite)
        .map_err(|e| js_error(&e))
}

/// Runs `body` in one readwrite transaction over `stores`; aborts it on an error.
async fn in_write<T>(
    stores: &[&str],
    body: impl AsyncFnOnce(&IdbTransaction) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    in_write_with(stores, Durability::Default, body).await
}

async fn in_write_with<T>(
    stores: &[&str],
    durability: Durability,
    body: impl AsyncFnOnce(&IdbTransaction) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let db = open().await?;
    let tx = write_transaction(&db, stores, durability)?;
    let finish = finished(&tx);
    match body(&tx).await {
        Ok(v) => {
            done(finish).await?;
            Ok(v)
        }
        Err(e) => {
            let _ = tx.abort();
            let _ = finish.await;
            Err(e)
        }
    }
}

/// What a commit wrote, for this tab's view once the transaction is done.
enum Written {
    /// Only the sync checkpoint.
    Nothing,
    /// A new snapshot at this sequence, with the versions it holds.
    Snapshot(u64, RevIndex),
    /// One log entry at this sequence.
    Entry(u64, LogEntry),
}

/// The IndexedDB record store of this browser profile.
#[derive(Clone, Copy, Default)]
pub struct IdbStore;

impl IdbStore {
    /// Every stored record as stored, unchecked (see [`journal::salvage`]), for the safe mode:
    /// read over a connection of whatever version the database has, so that a database of a
    /// newer app can still be taken away. Gives the file's text and the parts left out.
    pub async fn salvage(now: &str) -> Result<(String, usize), StoreError> {
        let db = open_any_version().await?;
        let have = db.object_store_names();
        if ![META, CHUNKS, LOG].iter().all(|s| have.contains(s)) {
            db.close();
            return Err(StoreError::Failed("no snapshot store".into()));
        }
        let names = Array::of3(&META.into(), &CHUNKS.into(), &LOG.into());
        let tx = db
            .transaction_with_str_sequence(&names)
            .map_err(|e| js_error(&e))?;
        let meta = object_store(&tx, META)?;
        let snapshot = get_text(&meta, "snapshot")
            .await?
            .and_then(|t| SnapshotMeta::from_json(&t));
        let (gen, seq) = snapshot.map_or((0, 0), |m| (m.gen, m.seq));
        let chunks = if gen > 0 {
            read_gen(&object_store(&tx, CHUNKS)?, gen).await?
        } else {
            Vec::new()
        };
        let range = web_sys::IdbKeyRange::lower_bound_with_open(&key(&seq_key(seq)), true)
            .map_err(|e| js_error(&e))?;
        let req = object_store(&tx, LOG)?
            .get_all_with_key(&range)
            .map_err(|e| js_error(&e))?;
        let all: Array = request(&req).await?.unchecked_into();
        let log: Vec<Vec<u8>> = all.iter().map(|v| opened(&v)).collect::<Result<_, _>>()?;
        db.close();
        earlier::salvage(chunks, log, now.to_string()).await
    }

    /// Whether the log has grown long enough to be worth folding into a snapshot.
    pub fn wants_fold() -> bool {
        VIEW.with(|v| v.borrow().log_len > FOLD_AFTER_ENTRIES)
    }
}

impl RecordStore for IdbStore {
    async fn pause(&self) {
        pause().await;
    }

    async fn load(&self) -> Result<Registry, StoreError> {
        let db = open().await?;
        let tx = db
            .transaction_with_str_sequence(&store_names())
            .map_err(|e| js_error(&e))?;
        let meta = object_store(&tx, META)?;
        // The lock and the snapshot's description asked for together: one round trip.
        let lock = ask_text(&meta, "lock")?;
        let described = ask_meta(&meta)?;
        match (lock_of(lock.await?)?, held_lock()) {
            (None, Some(_)) => {
                // Another tab took the lock off and opened every value: nothing to hold.
                KEY.with(|k| *k.borrow_mut() = None);
            }
            (Some(l), Some(id)) if l.id == id => {}
            (None, None) => {}
            (Some(_), _) => {
                KEY.with(|k| *k.borrow_mut() = None);
                return Err(StoreError::Locked);
            }
        }
        let (snapshot, last, _) = described.await?;
        let (reg, entries, legacy) = match &snapshot {
            Some(m) => {
                // The log asked for with the chunks, read while they are.
                let log = ask_log_after(&object_store(&tx, LOG)?, m.seq)?;
                let chunks = read_gen_values(&object_store(&tx, CHUNKS)?, m.gen).await?;
                let log = log.await?;
                let mut reading = journal::Reopening::default();
                for v in chunks.iter() {
                    reading.add(&opened(&v)?);
                }
                drop(chunks);
                if reading.has_earlier() {
                    reading = earlier::snapshot(reading).await?;
                }
                let (entries, earlier_log) = decode_log(log).await?;
                let (reg, json) = reading.finish(&entries).map_err(StoreError::Damaged)?;
                // A snapshot or log of an earlier version, in JSON: written again in binary, once.
                (reg, entries.len() as u64, json || earlier_log)
            }
            None => {
                // No snapshot yet: a new database (only a log), or one of an earlier version.
                let stored = read_legacy(&tx).await?;
                let log = read_log_after(&object_store(&tx, LOG)?, 0).await?;
                let mut reg = if stored.is_empty() {
                    Registry::default()
                } else {
                    earlier::records(stored).await?
                };
                let (entries, earlier_log) = decode_log(log).await?;
                let legacy = !reg.is_empty() || earlier_log;
                for e in &entries {
                    e.apply(&mut reg);
                }
                sort_by_id(&mut reg);
                (reg, entries.len() as u64, legacy)
            }
        };
        // Nothing stored, where this device's mark says records were: the browser deleted the
        // store. Said so, never shown as an empty registry.
        if snapshot.is_none() {
            if let Some(m) = mark().filter(|m| m.lost_in(reg.len(), last)) {
                return Err(StoreError::Lost(m));
            }
        }
        if legacy {
            // A database of an earlier version: rewritten once as a binary snapshot.
            let parts = chunks_in_steps(&reg).await;
            let snapshot = (&parts[..], reg.len());
            let mut stores = vec![META, CHUNKS, LOG];
            stores.extend(Collection::ALL.iter().map(|c| c.code()));
            in_write(&stores, async |tx| {
                // Another tab that committed since this one read leaves the rewrite to the next
                // opening, rather than have it cleared from the log.
                let (_, now, _) = read_meta(&object_store(tx, META)?).await?;
                if now == last {
                    write_snapshot(tx, snapshot, last, true).await?;
                }
                Ok(())
            })
            .await
            .ok();
        }
        VIEW.with(|v| {
            *v.borrow_mut() = View {
                seen: last,
                index: Some(RevIndex::of(&reg)),
                log_len: entries,
            }
        });
        remember(reg.len(), last);
        Ok(reg)
    }

    async fn commit(&self, batch: Batch) -> Result<(), StoreError> {
        // A view another tab's snapshot made out of date (it folded what this tab had not
        // read): read the store again first, then check.
        let current = VIEW.with(|v| v.borrow().index.is_some());
        if !current {
            self.load().await?;
        }
        let batch = &batch;
        // A change to the registry as a whole (an import, a restore, the demo, a sync) is flushed
        // to disk before it counts as done.
        let whole = batch.replace_all
            || batch
                .history
                .iter()
                .any(|h| h.subject == crate::store::Subject::Registry);
        let durability = if whole {
            Durability::Strict
        } else {
            Durability::Default
        };
        // A batch that replaces everything is written as a new snapshot, encoded before the
        // transaction opens, a step at a time.
        let whole_snapshot = if batch.replace_all {
            let mut reg = Registry::default();
            for p in &batch.puts {
                p.record.clone().push_into(&mut reg);
            }
            reg.settings = batch.settings.clone().unwrap_or_default();
            let parts = chunks_in_steps(&reg).await;
            Some((reg, parts))
        } else {
            None
        };
        let whole_snapshot = &whole_snapshot;
        let written = in_write_with(&[META, CHUNKS, LOG, HISTORY], durability, async |tx| {
            let meta = object_store(tx, META)?;
            let (snapshot, last, _) = read_meta_held(&meta).await?;
            let seen = VIEW.with(|v| v.borrow().seen);
            if StoreMark::went_back(seen, last) {
                // The store was made again under this tab (the browser deleted it): nothing is
                // written into the new one as if it were the registry on screen.
                return Err(StoreError::Lost(mark().unwrap_or(StoreMark {
                    records: 0,
                    seq: seen,
                    saved_at: String::new(),
                })));
            }
            if snapshot.as_ref().is_some_and(|m| seen < m.seq) {
                // Another tab folded what this one had not read: read again, then check.
                return Ok(None);
            }
            // Other tabs' entries since this tab last read: committed, so this tab's view takes
            // them in now, whatever becomes of this transaction. The index is updated in place:
            // a copy of it (a fingerprint per record) cost more than the rest of an edit.
            if last > seen {
                let stored = read_log_after(&object_store(tx, LOG)?, seen).await?;
                if stored.iter().any(|b| journal::is_earlier(b)) {
                    // Entries of an earlier version (a tab of it, still open): read by the
                    // load, outside this transaction; then the commit is tried again.
                    return Ok(None);
                }
                let others = stored
                    .iter()
                    .map(|b| LogEntry::from_bytes(b).map_err(StoreError::Damaged))
                    .collect::<Result<Vec<_>, _>>()?;
                VIEW.with(|v| {
                    let mut v = v.borrow_mut();
                    let index = v.index.get_or_insert_with(RevIndex::default);
                    for e in &others {
                        index.apply(e);
                    }
                    v.log_len += last - seen;
                    v.seen = last;
                });
            }
            let stale = VIEW.with(|v| {
                v.borrow()
                    .index
                    .as_ref()
                    .and_then(|i| i.stale(journal::checks_of(batch)))
            });
            if let Some((collection, id)) = stale {
                return Err(StoreError::Stale { collection, id });
            }
            if let Some(state) = &batch.sync {
                put_text(&meta, "sync", state)?;
            }
            if batch.writes_no_record() {
                // A checkpoint alone: no log entry (nothing another tab must replay).
                return Ok(Some(Written::Nothing));
            }
            let seq = last + 1;
            let written = if let Some((reg, parts)) = &whole_snapshot {
                write_snapshot(tx, (&parts[..], reg.len()), seq, false).await?;
                Written::Snapshot(seq, RevIndex::of(reg))
            } else {
                let entry = LogEntry::of(batch, seq);
                object_store(tx, LOG)?
                    .put_with_key(&stored_bytes(&entry.to_bytes()), &key(&seq_key(seq)))
                    .map_err(|e| js_error(&e))?;
                put_text(&meta, "log_seq", &seq.to_string())?;
                Written::Entry(seq, entry)
            };
            for h in &batch.history {
                let k = format!("{}|{}|{}", h.subject.key(), h.when, batch.history.len());
                object_store(tx, HISTORY)?
                    .put_with_key(&stored_text(&h.to_json().to_string()), &key(&k))
                    .map_err(|e| js_error(&e))?;
            }
            Ok(Some(written))
        })
        .await;
        match written {
            Ok(Some(w)) => {
                VIEW.with(|v| {
                    let mut v = v.borrow_mut();
                    match w {
                        Written::Nothing => {}
                        Written::Snapshot(seq, index) => {
                            *v = View {
                                seen: seq,
                                index: Some(index),
                                log_len: 0,
                            }
                        }
                        Written::Entry(seq, entry) => {
                            v.index.get_or_insert_with(RevIndex::default).apply(&entry);
                            v.seen = seq;
                            v.log_len += 1;
                        }
                    }
                    remember(v.index.as_ref().map_or(0, RevIndex::len), v.seen);
                });
                Ok(())
            }
            Ok(None) => {
                // Folded elsewhere (or entries of an earlier version to read): read again and
                // try once more against what is stored now.
                self.load().await?;
                Box::pin(self.commit(batch.clone())).await
            }
            Err(e) => Err(e),
        }
    }

    async fn fold(&self, reg: &Registry) -> Result<bool, StoreError> {
        let seen = VIEW.with(|v| v.borrow().seen);
        let parts = chunks_in_steps(reg).await;
        let snapshot = (&parts[..], reg.len());
        let folded = in_write(&[META, CHUNKS, LOG], async |tx| {
            let meta = object_store(tx, META)?;
            let (_, last, _) = read_meta_held(&meta).await?;
            if last != seen {
                return Ok(false);
            }
            write_snapshot(tx, snapshot, last, false).await?;
            Ok(true)
        })
        .await?;
        if folded {
            VIEW.with(|v| v.borrow_mut().log_len = 0);
        }
        Ok(folded)
    }

    async fn sync_state(&self) -> Result<Option<String>, StoreError> {
        let db = open().await?;
        let tx = db.transaction_with_str(META).map_err(|e| js_error(&e))?;
        get_text(&object_store(&tx, META)?, "sync").await
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
            .filter_map(|v| opened_text(&v).ok().flatten())
            .filter_map(|t| serde_json::from_str::<Value>(&t).ok())
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
        let tx = db
            .transaction_with_str_sequence(&names(&[BACKUPS, BACKUP_INFO]))
            .map_err(|e| js_error(&e))?;
        let info_keys: Array = request(
            &object_store(&tx, BACKUP_INFO)?
                .get_all_keys()
                .map_err(|e| js_error(&e))?,
        )
        .await?
        .unchecked_into();
        let legacy_keys: Array = request(
            &object_store(&tx, BACKUPS)?
                .get_all_keys()
                .map_err(|e| js_error(&e))?,
        )
        .await?
        .unchecked_into();
        let mut ids: Vec<String> = info_keys.iter().filter_map(|k| k.as_string()).collect();
        for k in legacy_keys.iter().filter_map(|k| k.as_string()) {
            if !ids.contains(&k) {
                ids.push(k);
            }
        }
        let mut out = Vec::new();
        for id in ids {
            let info = get_text(&object_store(&tx, BACKUP_INFO)?, &id)
                .await?
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
        let id = format!(
            "{taken_at}#{:08x}",
            (js_sys::Math::random() * 4_294_967_296.0) as u64
        );
        let id2 = id.clone();
        let parts = chunks_in_steps(reg).await;
        let parts = &parts[..];
        in_write_with(
            &[META, CHUNKS, BACKUP_INFO],
            Durability::Strict,
            async |tx| {
                let meta = object_store(tx, META)?;
                let (_, _, gen) = read_meta_held(&meta).await?;
                let (_, bytes) = write_gen(&object_store(tx, CHUNKS)?, gen, parts)?;
                put_text(&meta, "next_gen", &(gen + 1).to_string())?;
                let info = BackupInfo {
                    id: id2,
                    label,
                    taken_at: taken_at.to_string(),
                    records: reg.len(),
                    bytes,
                };
                let mut v = info_to_json(&info);
                v["gen"] = gen.into();
                put_text(&object_store(tx, BACKUP_INFO)?, &info.id, &v.to_string())?;
                Ok(info)
            },
        )
        .await
        .map(|info| BackupInfo { id, ..info })
    }

    async fn load_backup(&self, id: &str) -> Result<Registry, StoreError> {
        let db = open().await?;
        let tx = db
            .transaction_with_str_sequence(&names(&[BACKUPS, BACKUP_INFO, CHUNKS]))
            .map_err(|e| js_error(&e))?;
        let gen = get_text(&object_store(&tx, BACKUP_INFO)?, id)
            .await?
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
            .and_then(|v| v["gen"].as_u64());
        if let Some(gen) = gen {
            let chunks = read_gen_values(&object_store(&tx, CHUNKS)?, gen).await?;
            if chunks.length() == 0 {
                return Err(StoreError::NotFound);
            }
            let mut reading = journal::Reopening::default();
            for v in chunks.iter() {
                reading.add(&opened(&v)?);
            }
            drop(chunks);
            if reading.has_earlier() {
                reading = earlier::snapshot(reading).await?;
            }
            return reading
                .finish(&[])
                .map(|(reg, _)| reg)
                .map_err(StoreError::Damaged);
        }
        // A backup of an earlier version: an exchange file.
        let req = object_store(&tx, BACKUPS)?
            .get(&key(id))
            .map_err(|e| js_error(&e))?;
        let text = opened_text(&request(&req).await?)?.ok_or(StoreError::NotFound)?;
        earlier::backup(text).await
    }

    async fn delete_backup(&self, id: &str) -> Result<(), StoreError> {
        in_write(&[BACKUPS, BACKUP_INFO, CHUNKS], async |tx| {
            let info = object_store(tx, BACKUP_INFO)?;
            let gen = get_text(&info, id)
                .await?
                .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                .and_then(|v| v["gen"].as_u64());
            if let Some(gen) = gen {
                object_store(tx, CHUNKS)?
                    .delete(&gen_range(gen)?)
                    .map_err(|e| js_error(&e))?;
            }
            object_store(tx, BACKUPS)?
                .delete(&key(id))
                .map_err(|e| js_error(&e))?;
            info.delete(&key(id)).map_err(|e| js_error(&e))?;
            Ok(())
        })
        .await
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
