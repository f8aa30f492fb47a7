//! 应用锁 on this device, in context beside [`AppState`]: whether a lock is set, and the one way to
//! set, change, take off, unlock and lock it. The passphrase key is derived by WebCrypto
//! (`platform::crypto::passphrase_key`), the records sealed by the store (`store::at_rest`,
//! `store::idb`); drafts of forms are sealed with them. Locking forgets the key and reloads the
//! page, so that nothing read stays in memory; drafts survive it (a reload keeps them).

use std::cell::Cell;

use gloo_storage::Storage as _;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::platform::prefs::LocalPrefs;
use super::platform::{crypto, tabs, unload_guard};
use super::state::AppState;
use crate::msg;
use crate::store::at_rest::{self, DataKey, LockRecord, PassphraseProblem};
use crate::store::idb::{self, IdbStore};
use crate::store::{pref, Prefs, StoreError};
use crate::text::Msg;

thread_local! {
    /// When the person last touched, typed or clicked (`Date.now()`).
    static LAST_ACTIVITY: Cell<f64> = Cell::new(js_sys::Date::now());
}

#[derive(Clone, Copy)]
pub struct LockService {
    app: AppState,
    /// The lock as stored (`None`: no lock set).
    pub lock: RwSignal<Option<LockRecord>>,
    /// A lock operation is running (key derivation takes a moment on a phone).
    pub working: RwSignal<bool>,
}

fn store_message(e: StoreError) -> Msg {
    e.message()
}

fn problem(p: PassphraseProblem) -> Msg {
    match p {
        PassphraseProblem::TooShort => msg!(
            lock_passphrase_too_short,
            min = at_rest::MIN_PASSPHRASE_CHARS
        ),
        PassphraseProblem::Mismatch => msg!(lock_passphrase_mismatch),
    }
}

/// Reloads the page without asking (drafts are kept; nothing unsaved is lost).
fn reload_page() {
    unload_guard::guard_unload(false, "");
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

/// The keys of `localStorage` that hold drafts.
fn draft_keys() -> Vec<String> {
    let storage = gloo_storage::LocalStorage::raw();
    (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(pref::DRAFT))
        .collect()
}

/// Every draft written again through the key held now (sealed, or plain with none).
fn reseal_drafts(plain: Vec<(String, String)>) {
    for (k, text) in plain {
        LocalPrefs.set(&k, &idb::seal_text(&text));
    }
}

/// Every draft opened with the key held now.
fn open_drafts() -> Vec<(String, String)> {
    draft_keys()
        .into_iter()
        .filter_map(|k| {
            let v = LocalPrefs.get(&k)?;
            Some((k, idb::open_text(&v)?))
        })
        .collect()
}

impl LockService {
    pub fn new(app: AppState) -> LockService {
        LockService {
            app,
            lock: RwSignal::new(None),
            working: RwSignal::new(false),
        }
    }

    pub fn expect() -> LockService {
        expect_context::<LockService>()
    }

    /// Reads whether a lock is set.
    pub fn refresh(self) {
        spawn_local(async move {
            if let Ok(l) = IdbStore::lock_record().await {
                self.lock.set(l);
            }
        });
    }

    async fn derive(passphrase: &str, salt: &[u8], iterations: u32) -> Result<[u8; 32], Msg> {
        crypto::passphrase_key(passphrase, salt, iterations)
            .await
            .map_err(|why| msg!(store_failed, why = why))
    }

    async fn working<T>(self, f: impl AsyncFnOnce() -> T) -> T {
        self.working.set(true);
        let out = f().await;
        self.working.set(false);
        out
    }

    /// Opens the app with `passphrase`; the registry is read again.
    pub async fn unlock(self, passphrase: String) -> Result<(), Msg> {
        self.working(async || {
            let lock = IdbStore::lock_record()
                .await
                .map_err(store_message)?
                .ok_or_else(|| msg!(lock_none))?;
            let key = Self::derive(&passphrase, &lock.salt, lock.iterations).await?;
            if !IdbStore::unlock(&lock, &key) {
                return Err(msg!(lock_wrong_passphrase));
            }
            self.lock.set(Some(lock));
            LAST_ACTIVITY.with(|l| l.set(js_sys::Date::now()));
            self.app.reload();
            Ok(())
        })
        .await
    }

    /// Sets the lock: every record on this device sealed under a new data key.
    pub async fn set(
        self,
        passphrase: String,
        again: String,
        idle_minutes: u32,
    ) -> Result<(), Msg> {
        at_rest::check_new_passphrase(&passphrase, &again).map_err(problem)?;
        self.working(async || {
            let drafts = open_drafts();
            let salt = idb::random_bytes::<{ at_rest::SALT_BYTES }>().map_err(store_message)?;
            let data = idb::random_bytes::<{ at_rest::KEY_BYTES }>().map_err(store_message)?;
            let id = idb::random_bytes::<8>().map_err(store_message)?;
            let nonce = idb::random_bytes::<{ at_rest::NONCE_BYTES }>().map_err(store_message)?;
            let key = Self::derive(&passphrase, &salt, at_rest::ITERATIONS).await?;
            let lock = LockRecord::new(
                id.iter().map(|b| format!("{b:02x}")).collect(),
                salt.to_vec(),
                at_rest::ITERATIONS,
                &key,
                &data,
                nonce,
                idle_minutes.clamp(*at_rest::IDLE_MINUTES.start(), *at_rest::IDLE_MINUTES.end()),
            );
            IdbStore::set_lock(&lock, DataKey::from_bytes(&data))
                .await
                .map_err(store_message)?;
            reseal_drafts(drafts);
            self.lock.set(Some(lock));
            tabs::announce_change();
            Ok(())
        })
        .await
    }

    /// A new passphrase over the same data key (no record is written again).
    pub async fn change(self, old: String, new: String, again: String) -> Result<(), Msg> {
        at_rest::check_new_passphrase(&new, &again).map_err(problem)?;
        self.working(async || {
            let lock = self.lock.get_untracked().ok_or_else(|| msg!(lock_none))?;
            let old_key = Self::derive(&old, &lock.salt, lock.iterations).await?;
            let salt = idb::random_bytes::<{ at_rest::SALT_BYTES }>().map_err(store_message)?;
            let nonce = idb::random_bytes::<{ at_rest::NONCE_BYTES }>().map_err(store_message)?;
            let new_key = Self::derive(&new, &salt, at_rest::ITERATIONS).await?;
            let moved = lock
                .rewrapped(&old_key, salt.to_vec(), &new_key, nonce)
                .map_err(|_| msg!(lock_wrong_passphrase))?;
            IdbStore::replace_lock(&moved)
                .await
                .map_err(store_message)?;
            self.lock.set(Some(moved));
            Ok(())
        })
        .await
    }

    /// How long the app waits idle before it locks itself.
    pub async fn set_idle(self, minutes: u32) -> Result<(), Msg> {
        let mut lock = self.lock.get_untracked().ok_or_else(|| msg!(lock_none))?;
        if !at_rest::IDLE_MINUTES.contains(&minutes) {
            return Err(msg!(lock_idle_range));
        }
        lock.idle_minutes = minutes;
        IdbStore::replace_lock(&lock).await.map_err(store_message)?;
        self.lock.set(Some(lock));
        Ok(())
    }

    /// Takes the lock off after the passphrase is given again: every record stored plain.
    pub async fn remove(self, passphrase: String) -> Result<(), Msg> {
        self.working(async || {
            let lock = self.lock.get_untracked().ok_or_else(|| msg!(lock_none))?;
            let key = Self::derive(&passphrase, &lock.salt, lock.iterations).await?;
            if lock.open(&key).is_err() {
                return Err(msg!(lock_wrong_passphrase));
            }
            let drafts = open_drafts();
            IdbStore::remove_lock().await.map_err(store_message)?;
            reseal_drafts(drafts);
            self.lock.set(None);
            tabs::announce_change();
            Ok(())
        })
        .await
    }

    /// Locks now: the key forgotten, the page reloaded (nothing read stays in memory).
    pub fn lock_now(self) {
        tabs::announce_lock();
        IdbStore::forget_key();
        reload_page();
    }

    /// A forgotten passphrase: everything on this device deleted, to start again from the
    /// county's copy.
    pub async fn erase(self) -> Result<(), Msg> {
        for k in draft_keys() {
            let _ = gloo_storage::LocalStorage::raw().remove_item(&k);
        }
        let _ = gloo_storage::LocalStorage::raw().remove_item(pref::REPLICA);
        IdbStore::erase_everything().await.map_err(store_message)?;
        reload_page();
        Ok(())
    }

    /// Locks by itself once the lock's idle time has passed without a touch, key or click —
    /// checked every few seconds and whenever the page comes back into view.
    pub fn watch_idle(self) {
        let Some(w) = web_sys::window() else { return };
        let touched = Closure::<dyn FnMut()>::new(|| {
            LAST_ACTIVITY.with(|l| l.set(js_sys::Date::now()));
        });
        for ev in ["pointerdown", "keydown", "touchstart", "wheel", "input"] {
            let _ = w.add_event_listener_with_callback_and_bool(
                ev,
                touched.as_ref().unchecked_ref(),
                true,
            );
        }
        touched.forget();
        let tick = move || {
            let Some(lock) = self.lock.get_untracked() else {
                return;
            };
            let last = LAST_ACTIVITY.with(Cell::get);
            if IdbStore::unlocked()
                && at_rest::idle_expired(last, js_sys::Date::now(), lock.idle_minutes)
            {
                self.lock_now();
            }
        };
        let every = Closure::<dyn FnMut()>::new(tick);
        let _ = w.set_interval_with_callback_and_timeout_and_arguments_0(
            every.as_ref().unchecked_ref(),
            10_000,
        );
        every.forget();
        let shown = Closure::<dyn FnMut()>::new(tick);
        if let Some(d) = w.document() {
            let _ = d.add_event_listener_with_callback(
                "visibilitychange",
                shown.as_ref().unchecked_ref(),
            );
        }
        shown.forget();
    }
}

/// The app was locked while open (another tab set the lock, or locked it): the key forgotten and
/// the page reloaded, so that the lock screen shows and nothing read stays in memory.
pub fn locked_while_open() {
    IdbStore::forget_key();
    reload_page();
}
