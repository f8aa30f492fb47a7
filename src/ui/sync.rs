//! 同步 on this device, in context beside [`AppState`]: the settings (server, databases, user —
//! never the password), the status line and the changes waiting, conflicts waiting for a
//! person, and the one way to sync, [`SyncService::sync_now`], which runs the sync intent over
//! the browser's `fetch` and shows what it did. It syncs by itself when the device comes back
//! online and every few minutes while online, unless the person turned that off, a login is
//! needed, or conflicts wait.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::platform::couch_http::Fetch;
use super::platform::prefs::LocalPrefs;
use super::state::AppState;
use crate::domain::merge::Decisions;
use crate::domain::model::Registry;
use crate::exchange::PreparedImport;
use crate::intents::sync::{self as intent, Pulled, SyncStep};
use crate::msg;
use crate::store::idb::IdbStore;
use crate::store::{pref, Prefs};
use crate::sync::{self, SyncError, SyncState};
use crate::text::Msg;

/// How often to sync by itself while online.
pub const AUTO_EVERY_MS: i32 = 3 * 60 * 1000;

/// Where a sync stands (`data-metric="sync_state"`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Phase {
    Idle,
    Syncing,
    Done,
    Error,
}

impl Phase {
    pub fn code(self) -> &'static str {
        match self {
            Phase::Idle => "idle",
            Phase::Syncing => "syncing",
            Phase::Done => "done",
            Phase::Error => "error",
        }
    }
}

/// What the person set (kept on this device).
#[derive(Clone, PartialEq, Debug, Default)]
pub struct SyncSettings {
    pub url: String,
    pub databases: String,
    pub user: String,
    pub auto: bool,
}

impl SyncSettings {
    fn stored() -> SyncSettings {
        SyncSettings {
            url: LocalPrefs.get(pref::SYNC_URL).unwrap_or_default(),
            databases: LocalPrefs.get(pref::SYNC_DBS).unwrap_or_default(),
            user: LocalPrefs.get(pref::SYNC_USER).unwrap_or_default(),
            auto: LocalPrefs.get(pref::SYNC_AUTO).as_deref() != Some("off"),
        }
    }
    /// Keeps them; false when the device kept nothing (full storage).
    pub fn keep(&self) -> bool {
        LocalPrefs.set(pref::SYNC_URL, self.url.trim())
            & LocalPrefs.set(pref::SYNC_DBS, self.databases.trim())
            & LocalPrefs.set(pref::SYNC_USER, self.user.trim())
            & LocalPrefs.set(pref::SYNC_AUTO, if self.auto { "on" } else { "off" })
    }
}

/// A pull with conflicts, waiting for the person's decisions.
pub struct Waiting {
    pub prepared: Arc<PreparedImport>,
    pub pulled: Pulled,
}

#[derive(Clone, Copy)]
pub struct SyncService {
    pub phase: RwSignal<Phase>,
    /// What the last sync said (done: what it did; error: why it stopped).
    pub said: RwSignal<Option<Msg>>,
    /// How many syncs ended on this page (the status line's `data-runs`: a script can tell one
    /// ending from the next even when both end the same way).
    pub ended: RwSignal<u32>,
    pub settings: RwSignal<SyncSettings>,
    /// The checkpoint as stored.
    pub checkpoint: RwSignal<Option<Arc<SyncState>>>,
    /// The roles of the last login (which databases it syncs).
    pub roles: RwSignal<Vec<String>>,
    pub waiting: RwSignal<Option<Arc<Waiting>>, LocalStorage>,
    /// 待同步: changes waiting to be sent.
    pub pending: Memo<usize>,
    /// The databases this copy syncs with.
    pub databases: Memo<Vec<String>>,
    app: AppState,
}

impl SyncService {
    pub fn new(app: AppState) -> SyncService {
        let settings = RwSignal::new(SyncSettings::stored());
        let roles = RwSignal::new(
            LocalPrefs
                .get(pref::SYNC_ROLES)
                .map(|r| {
                    r.split(',')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default(),
        );
        let checkpoint: RwSignal<Option<Arc<SyncState>>> = RwSignal::new(None);
        let databases = Memo::new(move |_| {
            let reg = app.registry().get();
            settings.with(|s| roles.with(|r| sync::databases(&s.databases, r, &reg)))
        });
        let pending = Memo::new(move |_| {
            let reg = app.registry().get();
            let dbs = databases.get();
            let sender = sync::Sender {
                roles: roles.get(),
                replica: app.actor().replica,
            };
            match checkpoint.get() {
                Some(state) => sync::pending(&reg, &state, &dbs, &sender),
                None => sync::pending(&reg, &SyncState::default(), &dbs, &sender),
            }
        });
        SyncService {
            phase: RwSignal::new(Phase::Idle),
            said: RwSignal::new(None),
            ended: RwSignal::new(0),
            settings,
            checkpoint,
            roles,
            waiting: RwSignal::new_local(None),
            pending,
            databases,
            app,
        }
    }

    pub fn expect() -> SyncService {
        expect_context::<SyncService>()
    }

    /// Reads the stored checkpoint again (at start, and after a sync that stopped half-way).
    pub fn refresh(self) {
        spawn_local(async move {
            let url = self.settings.get_untracked().url;
            if let Ok(state) = intent::stored_state(&IdbStore, url.trim()).await {
                self.checkpoint.set(Some(Arc::new(state)));
            }
        });
    }

    /// Syncs now; with a password, logs in first (the password is used once, not kept).
    pub async fn sync_now(self, password: Option<String>) {
        if self.phase.get_untracked() == Phase::Syncing {
            return;
        }
        let s = self.settings.get_untracked();
        let origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        let url = match sync::server_address(&s.url, &origin) {
            Ok(url) => url,
            Err(e) => return self.fail(e),
        };
        self.phase.set(Phase::Syncing);
        self.said.set(None);
        let http = Fetch { base: url.clone() };
        if let Some(pw) = password.filter(|p| !p.is_empty()) {
            match intent::login(&http, &s.user, &pw).await {
                Ok(roles) => {
                    LocalPrefs.set(pref::SYNC_ROLES, &roles.join(","));
                    self.roles.set(roles);
                }
                Err(e) => return self.fail(e),
            }
        }
        let reg = self.app.registry().get_untracked();
        let actor = self.app.actor();
        let step = match super::lazy::sync(actor, reg.clone(), url, s.databases).await {
            Ok(run) => run.await,
            Err(e) => Err(e),
        };
        self.finish(step, &reg);
    }

    /// Goes on with the waiting pull, with the person's decisions.
    pub async fn decide(self, decisions: Decisions) {
        let Some(w) = self.waiting.get_untracked() else {
            return;
        };
        self.waiting.set(None);
        self.phase.set(Phase::Syncing);
        let url = self.settings.get_untracked().url.trim().to_string();
        let reg = self.app.registry().get_untracked();
        let actor = self.app.actor();
        let step =
            match super::lazy::resume_sync(actor, reg.clone(), url, w.pulled.clone(), decisions)
                .await
            {
                Ok(run) => run.await,
                Err(e) => Err(e),
            };
        self.finish(step, &reg);
    }

    /// Logs out of the server (a shared phone): the session cookie is dropped, and the next sync
    /// asks for the password. Nothing stored changes.
    pub async fn logout(self) {
        let url = self.settings.get_untracked().url.trim().to_string();
        if !url.is_empty() {
            let http = Fetch { base: url };
            let _ = crate::sync::couch::Couch { http: &http }.logout().await;
        }
        LocalPrefs.remove(pref::SYNC_ROLES);
        self.roles.set(Vec::new());
        self.said.set(Some(msg!(sync_logged_out)));
        self.phase.set(Phase::Idle);
    }

    /// Drops the waiting pull: nothing was taken in; the next sync reads it again.
    pub fn cancel(self) {
        self.waiting.set(None);
        self.phase.set(Phase::Idle);
        self.said.set(None);
    }

    /// Shows how a sync begun on `started` ended.
    fn finish(self, step: Result<SyncStep, SyncError>, started: &Arc<Registry>) {
        if step.is_ok() {
            self.ended.update(|n| *n += 1);
        }
        match step {
            Ok(SyncStep::Done {
                registry,
                state,
                report,
            }) => {
                if report.taken_in > 0 {
                    if Arc::ptr_eq(started, &self.app.registry().get_untracked()) {
                        self.app.adopt(registry);
                    } else {
                        // The person saved something while the sync ran: the store holds both,
                        // the registry the sync returned lacks that edit. Read the store.
                        self.app.reload();
                    }
                }
                self.checkpoint.set(Some(Arc::new(state)));
                self.said.set(Some(msg!(
                    sync_done,
                    read = report.read,
                    taken = report.taken_in,
                    sent = report.sent
                )));
                self.phase.set(Phase::Done);
            }
            Ok(SyncStep::Decide { prepared, pulled }) => {
                let n = prepared.plan.conflicts().count();
                self.waiting.set(Some(Arc::new(Waiting {
                    prepared: Arc::new(*prepared),
                    pulled: *pulled,
                })));
                self.said.set(Some(msg!(sync_conflicts_wait, count = n)));
                self.app.warn(msg!(sync_conflicts_wait, count = n));
                self.phase.set(Phase::Idle);
            }
            Err(e) => self.fail(e),
        }
    }

    fn fail(self, e: SyncError) {
        self.said.set(Some(e.message()));
        self.phase.set(Phase::Error);
        self.ended.update(|n| *n += 1);
        // A sync that stopped half-way kept what it took in and sent, with its checkpoint.
        self.app.reload();
        self.refresh();
    }

    /// Syncs by itself when the device comes back online and every few minutes while online.
    pub fn run_by_itself(self) {
        let tick = move || {
            let online = web_sys::window().is_some_and(|w| w.navigator().on_line());
            let s = self.settings.get_untracked();
            let blocked = self.app.load_state().get_untracked() != super::state::Load::Ready
                || self.waiting.with_untracked(Option::is_some)
                || self.phase.get_untracked() == Phase::Syncing
                || (self.phase.get_untracked() == Phase::Error
                    && self.said.get_untracked() == Some(SyncError::Login.message()));
            if online && s.auto && !s.url.trim().is_empty() && !blocked {
                spawn_local(self.sync_now(None));
            }
        };
        let Some(w) = web_sys::window() else { return };
        let every = Closure::<dyn FnMut()>::new(tick);
        let _ = w.set_interval_with_callback_and_timeout_and_arguments_0(
            every.as_ref().unchecked_ref(),
            AUTO_EVERY_MS,
        );
        every.forget();
        let online = Closure::<dyn FnMut()>::new(tick);
        let _ = w.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        online.forget();
    }
}
