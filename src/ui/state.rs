//! The app's state in context: read-only signals of what the screen shows (the registry with its
//! index, the load state, a notice, the language) and the one way to change the registry, [`run`],
//! which hands an intent the store, who acts and the registry, then shows what it returned.
//! Views read the signals and call `run`; only this module and the intents touch the store.
//!
//! [`run`]: AppState::run

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::platform::{prefs::LocalPrefs, storage, tabs, time};
use crate::domain::date::Date;
use crate::domain::index::Indexed;
use crate::domain::model::Registry;
use crate::intents::{Actor, IntentError, Outcome};
use crate::store::idb::IdbStore;
use crate::store::{self, pref, Prefs, RecordStore, StoreError};
use crate::text::{Locale, Msg};

#[derive(Clone, PartialEq, Debug)]
pub enum Load {
    Loading,
    /// The app lock is set and this tab has not been unlocked.
    Locked,
    Ready,
    Failed(Msg),
    /// The browser deleted this device's store ([`crate::store::StoreError::Lost`]).
    Lost(Msg),
}

#[derive(Clone, PartialEq, Debug)]
pub struct Notice {
    pub error: bool,
    pub msg: Msg,
}

/// Shared state, provided once at the top and taken with [`AppState::expect`].
#[derive(Clone, Copy)]
pub struct AppState {
    registry: RwSignal<Arc<Registry>>,
    /// The registry with its lookups, built once per version.
    pub indexed: Memo<Arc<Indexed>>,
    load: RwSignal<Load>,
    notice: RwSignal<Option<Notice>>,
    busy: RwSignal<bool>,
    locale: RwSignal<Locale>,
    /// A new version of the app is installed and waiting.
    pub update_ready: RwSignal<bool>,
    /// The date the overview was last looked at (its `as_of`), when not today: the registry's
    /// lists open at the same date, so a figure and the households behind it agree.
    pub as_of: RwSignal<Option<Date>>,
}

impl AppState {
    pub fn new() -> AppState {
        let registry = RwSignal::new(Arc::new(Registry::default()));
        let saved = LocalPrefs
            .get(pref::LANG)
            .and_then(|c| Locale::from_code(&c));
        AppState {
            registry,
            // After an edit, the lookups of the version before are kept where the edit left
            // them alone: a household saved rebuilds one entry, not the county's index.
            indexed: Memo::new(move |prev: Option<&Arc<Indexed>>| {
                Arc::new(match prev {
                    Some(prev) => Indexed::after(prev, registry.get()),
                    None => Indexed::new(registry.get()),
                })
            }),
            load: RwSignal::new(Load::Loading),
            notice: RwSignal::new(None),
            busy: RwSignal::new(false),
            locale: RwSignal::new(saved.unwrap_or_default()),
            update_ready: RwSignal::new(false),
            as_of: RwSignal::new(None),
        }
    }

    pub fn expect() -> AppState {
        expect_context::<AppState>()
    }

    pub fn registry(&self) -> Signal<Arc<Registry>> {
        self.registry.into()
    }
    pub fn load_state(&self) -> Signal<Load> {
        self.load.into()
    }
    pub fn notice(&self) -> Signal<Option<Notice>> {
        self.notice.into()
    }
    /// A change is being written.
    pub fn busy(&self) -> Signal<bool> {
        self.busy.into()
    }
    pub fn locale(&self) -> Signal<Locale> {
        self.locale.into()
    }

    /// Shows the interface in `l` from now on, and remembers it on this device.
    pub fn set_locale(&self, l: Locale) {
        LocalPrefs.set(pref::LANG, l.code());
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = html.set_attribute("lang", l.code());
        }
        self.locale.set(l);
    }

    pub fn say(&self, msg: Msg) {
        self.notice.set(Some(Notice { error: false, msg }));
    }
    pub fn warn(&self, msg: Msg) {
        self.notice.set(Some(Notice { error: true, msg }));
    }
    pub fn dismiss(&self) {
        self.notice.set(None);
    }

    /// Who acts now: this copy's replica, the operator's name, the clock.
    pub fn actor(&self) -> Actor {
        AppState::actor_of_device()
    }

    /// Who acts on this device now (for code outside the views, such as the benchmark hooks).
    pub fn actor_of_device() -> Actor {
        Actor {
            replica: store::replica_id(&LocalPrefs, time::random_hex),
            who: LocalPrefs.get(pref::EDITOR).unwrap_or_default(),
            now: time::now(),
            today: time::today(),
            new_id: time::new_id,
        }
    }

    /// Reads the registry from IndexedDB (at start, and when another tab changed it).
    pub fn reload(self) {
        spawn_local(async move {
            match IdbStore.load().await {
                Ok(reg) => {
                    self.registry.set(Arc::new(reg));
                    // Only a change of state repaints the pages: setting Ready again would
                    // remount the routes and wipe a form being typed in when another tab saves.
                    if self.load.get_untracked() != Load::Ready {
                        self.load.set(Load::Ready);
                    }
                }
                Err(StoreError::Locked) if self.load.get_untracked() == Load::Ready => {
                    // Locked while open (another tab set or changed the lock).
                    super::lock::locked_while_open();
                }
                Err(StoreError::Locked) => self.load.set(Load::Locked),
                // A newer app's database under the app lock: unlocked first, so that the safe
                // mode can open what it exports.
                Err(StoreError::Newer)
                    if !IdbStore::unlocked()
                        && matches!(IdbStore::lock_record().await, Ok(Some(_))) =>
                {
                    self.load.set(Load::Locked)
                }
                Err(e @ StoreError::Lost(_)) => self.load.set(Load::Lost(e.message())),
                Err(e) => self.load.set(Load::Failed(e.message())),
            }
        });
    }

    /// Runs an intent on the registry as it stands now. On success the new registry is shown,
    /// other tabs are told, and what the intent said is shown; a refusal by the store or the
    /// domain is shown as a warning. Every error is returned too, for the view to act on those
    /// that ask something of the person (a form's errors, an override, a confirmation).
    pub async fn run<F>(self, intent: F) -> Result<(), IntentError>
    where
        F: AsyncFnOnce(&IdbStore, &Actor, &Registry) -> Outcome,
    {
        let reg = self.registry.get_untracked();
        let actor = self.actor();
        self.busy.set(true);
        let result = intent(&IdbStore, &actor, &reg).await;
        self.busy.set(false);
        match result {
            Ok(done) => {
                let reg = Arc::new(done.registry);
                self.registry.set(reg.clone());
                self.say(done.said);
                tabs::announce_change();
                // A long log is folded into a new snapshot after the change is on screen.
                if IdbStore::wants_fold() {
                    spawn_local(async move {
                        let _ = IdbStore.fold(&reg).await;
                    });
                }
                // Data worth keeping is here now: ask the browser not to evict it.
                spawn_local(async {
                    storage::request_persistence().await;
                });
                Ok(())
            }
            Err(e) => {
                if matches!(
                    e,
                    IntentError::Store(_) | IntentError::Refused(_) | IntentError::Problems(_)
                ) {
                    self.warn(e.message());
                }
                if matches!(e, IntentError::Store(StoreError::Locked)) {
                    // The lock changed under this tab: the draft is kept; unlock and go on.
                    super::lock::locked_while_open();
                }
                if matches!(e, IntentError::Store(StoreError::Stale { .. })) {
                    // What is stored moved on: show it, so the next try starts from it.
                    self.reload();
                }
                Err(e)
            }
        }
    }

    /// Runs an intent that may ask before writing over a change made elsewhere since its form
    /// opened ([`IntentError::WouldOverwrite`]): asks, and runs it again allowing it if the
    /// person agrees. `intent` gets `overwrite` as its last argument.
    pub async fn run_asking<F>(self, intent: F) -> Result<(), IntentError>
    where
        F: AsyncFn(&IdbStore, &Actor, &Registry, bool) -> Outcome,
    {
        let mut overwrite = false;
        loop {
            let result = self
                .run(async |store, actor, reg| intent(store, actor, reg, overwrite).await)
                .await;
            match result {
                Err(IntentError::WouldOverwrite) if !overwrite && self.confirm_overwrite() => {
                    overwrite = true;
                }
                other => return other,
            }
        }
    }

    fn confirm_overwrite(&self) -> bool {
        let question = crate::msg!(intent_would_overwrite).render(self.locale.get_untracked());
        web_sys::window()
            .and_then(|w| w.confirm_with_message(&question).ok())
            .unwrap_or(false)
    }

    /// Takes a new replica id (after a restore, so that no edit is counted twice).
    pub fn renew_replica(&self) {
        store::new_replica_id(&LocalPrefs, time::random_hex());
    }

    /// Reads again when another tab wrote.
    /// Shows a registry another part of the app already committed (a sync), tells other tabs,
    /// and folds a long log, as [`AppState::run`] does after an intent.
    pub fn adopt(&self, reg: Registry) {
        let reg = Arc::new(reg);
        self.registry.set(reg.clone());
        tabs::announce_change();
        if IdbStore::wants_fold() {
            spawn_local(async move {
                let _ = IdbStore.fold(&reg).await;
            });
        }
    }

    pub fn follow_other_tabs(self) {
        tabs::on_other_tab_change(move || self.reload());
        tabs::on_other_tab_lock(super::lock::locked_while_open);
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

impl AppState {
    /// The change history of one subject, oldest first (nothing when it cannot be read).
    pub async fn history(
        &self,
        subject: &crate::store::Subject,
    ) -> Vec<crate::store::HistoryEntry> {
        IdbStore.history(subject).await.unwrap_or_default()
    }

    /// Backups, oldest first.
    pub async fn backups(&self) -> Result<Vec<crate::store::BackupInfo>, StoreError> {
        IdbStore.backups().await
    }

    /// Every stored record as stored, unchecked, as an exchange file's text, and the stored parts
    /// left out as unreadable (the safe mode's export).
    pub async fn salvage(&self) -> Result<(String, usize), StoreError> {
        IdbStore::salvage(&crate::ui::platform::time::now()).await
    }
}

impl AppState {
    /// Deletes a backup for good.
    pub async fn delete_backup(&self, id: &str) -> Result<Msg, IntentError> {
        crate::intents::registry::delete_backup(&IdbStore, id).await
    }
}
