//! The app lock's transactions (see [`at_rest`]): set it (every value sealed under a new data
//! key), change what the passphrase seals, take it off (every value opened), and hold or forget
//! the data key. Each change of what is stored is one transaction: a power cut leaves the store
//! either all sealed under the lock or all as it was.

use super::*;

/// Where sealed values live, and whether the store keeps them as text when not sealed.
const SEALED_STORES: [(&str, bool); 4] = [
    (CHUNKS, false),
    (LOG, false),
    (HISTORY, true),
    (BACKUPS, true),
];

/// Every value of the sealed stores written again: sealed under `to`, or plain when `None`.
/// Values are read through the key this tab holds now.
async fn reseal(tx: &IdbTransaction, to: Option<&DataKey>) -> Result<(), StoreError> {
    for (name, text) in SEALED_STORES {
        let os = object_store(tx, name)?;
        let keys: Array = request(&os.get_all_keys().map_err(|e| js_error(&e))?)
            .await?
            .unchecked_into();
        for k in keys.iter() {
            let v = request(&os.get(&k).map_err(|e| js_error(&e))?).await?;
            let plain = opened(&v)?;
            let out: JsValue = match to {
                Some(key) => js_sys::Uint8Array::from(&key.seal(&plain, nonce())[..]).into(),
                None if text => JsValue::from_str(&String::from_utf8_lossy(&plain)),
                None => js_sys::Uint8Array::from(&plain[..]).into(),
            };
            os.put_with_key(&out, &k).map_err(|e| js_error(&e))?;
        }
    }
    Ok(())
}

impl IdbStore {
    /// The lock stored, if one is set.
    pub async fn lock_record() -> Result<Option<LockRecord>, StoreError> {
        match open().await {
            Ok(db) => {
                let tx = db.transaction_with_str(META).map_err(|e| js_error(&e))?;
                read_lock(&object_store(&tx, META)?).await
            }
            // A database of a newer app: its lock still guards what the safe mode exports.
            Err(StoreError::Newer) => {
                let db = open_any_version().await?;
                let lock = match db.transaction_with_str(META) {
                    Ok(tx) => read_lock(&object_store(&tx, META)?).await,
                    Err(_) => Ok(None),
                };
                db.close();
                lock
            }
            Err(e) => Err(e),
        }
    }

    /// Whether this tab holds the data key.
    pub fn unlocked() -> bool {
        held_lock().is_some()
    }

    /// Holds the data key when `passphrase_key` opens `lock`; false when it does not.
    pub fn unlock(lock: &LockRecord, passphrase_key: &[u8; at_rest::KEY_BYTES]) -> bool {
        match lock.open(passphrase_key) {
            Ok(k) => {
                KEY.with(|h| *h.borrow_mut() = Some((lock.id.clone(), k)));
                true
            }
            Err(_) => false,
        }
    }

    /// Forgets the data key (the app locks); what this tab read must be read again.
    pub fn forget_key() {
        KEY.with(|h| *h.borrow_mut() = None);
        VIEW.with(|v| *v.borrow_mut() = View::default());
    }

    /// Sets the lock: every stored value sealed under `data_key`, and `lock` stored, in one
    /// transaction flushed to disk. Refused when a lock is already set.
    pub async fn set_lock(lock: &LockRecord, data_key: DataKey) -> Result<(), StoreError> {
        in_write_with(
            &[META, CHUNKS, LOG, HISTORY, BACKUPS],
            Durability::Strict,
            async |tx| {
                let meta = object_store(tx, META)?;
                if read_lock(&meta).await?.is_some() {
                    return Err(StoreError::Locked);
                }
                reseal(tx, Some(&data_key)).await?;
                put_text(&meta, "lock", &lock.to_json())
            },
        )
        .await?;
        KEY.with(|h| *h.borrow_mut() = Some((lock.id.clone(), data_key)));
        Ok(())
    }

    /// Stores `lock` over the one this tab holds (same id: a new passphrase or idle time).
    pub async fn replace_lock(lock: &LockRecord) -> Result<(), StoreError> {
        if held_lock().as_deref() != Some(lock.id.as_str()) {
            return Err(StoreError::Locked);
        }
        in_write_with(&[META], Durability::Strict, async |tx| {
            let meta = object_store(tx, META)?;
            check_lock(&meta).await?;
            put_text(&meta, "lock", &lock.to_json())
        })
        .await
    }

    /// Takes the lock off: every value opened and stored plain again, in one transaction.
    pub async fn remove_lock() -> Result<(), StoreError> {
        in_write_with(
            &[META, CHUNKS, LOG, HISTORY, BACKUPS],
            Durability::Strict,
            async |tx| {
                let meta = object_store(tx, META)?;
                check_lock(&meta).await?;
                reseal(tx, None).await?;
                meta.delete(&key("lock")).map_err(|e| js_error(&e))?;
                Ok(())
            },
        )
        .await?;
        KEY.with(|h| *h.borrow_mut() = None);
        Ok(())
    }

    /// Takes the store as it is now (empty, after the browser deleted it) as this device's store:
    /// the next load opens it instead of saying it was lost.
    pub fn accept_loss() {
        use gloo_storage::Storage;
        gloo_storage::LocalStorage::delete(pref::STORE_MARK);
    }

    /// Deletes the whole database of this device (a forgotten passphrase: what it sealed cannot
    /// be opened by anyone; the county's copies are where the records come back from).
    pub async fn erase_everything() -> Result<(), StoreError> {
        if let Some(db) = DB.with(|d| d.borrow_mut().take()) {
            db.close();
        }
        Self::forget_key();
        let factory = web_sys::window()
            .and_then(|w| w.indexed_db().ok().flatten())
            .ok_or_else(|| StoreError::Unavailable("IndexedDB is not available".into()))?;
        let req = factory.delete_database(DB_NAME).map_err(|e| js_error(&e))?;
        request(&req).await?;
        // Erased on purpose: the empty store that opens next is not a lost one.
        Self::accept_loss();
        Ok(())
    }
}
