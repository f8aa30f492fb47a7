//! The app's state as signals and the intents that change it. Views read the signals and call
//! the intents; only this module talks to the store.

use std::sync::Arc;

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::model::Registry;
use crate::store::idb::{self, IdbStore};
use crate::store::{self, RecordStore, StoreError};

const REPLICA_KEY: &str = "jingzhun.replica";
pub const EDITOR_KEY: &str = "jingzhun.editor";
pub const LANG_KEY: &str = "jingzhun.lang";

#[derive(Clone, PartialEq, Debug)]
pub enum Load {
    Loading,
    Ready,
    Failed(String, String),
}

#[derive(Clone, PartialEq, Debug)]
pub struct Notice {
    pub error: bool,
    pub zh: String,
    pub en: String,
}

/// Shared state, provided once at the top and taken with [`AppState::expect`].
#[derive(Clone, Copy)]
pub struct AppState {
    pub registry: RwSignal<Arc<Registry>>,
    pub load: RwSignal<Load>,
    pub notice: RwSignal<Option<Notice>>,
    pub busy: RwSignal<bool>,
    pub update_ready: RwSignal<bool>,
    /// The date the overview was last looked at (its `as_of`), when not today: the registry's
    /// lists open at the same date, so a figure and the households behind it agree.
    pub as_of: RwSignal<Option<crate::domain::date::Date>>,
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

impl AppState {
    pub fn new() -> AppState {
        AppState {
            registry: RwSignal::new(Arc::new(Registry::default())),
            load: RwSignal::new(Load::Loading),
            notice: RwSignal::new(None),
            busy: RwSignal::new(false),
            update_ready: RwSignal::new(false),
            as_of: RwSignal::new(None),
        }
    }

    pub fn expect() -> AppState {
        expect_context::<AppState>()
    }

    pub fn say(&self, error: bool, zh: impl Into<String>, en: impl Into<String>) {
        self.notice.set(Some(Notice {
            error,
            zh: zh.into(),
            en: en.into(),
        }));
    }

    fn say_store_error(&self, e: &StoreError) {
        self.say(true, e.zh(), e.en());
    }

    /// Reads the registry from IndexedDB (at start, and when another tab changed it).
    pub fn reload(self) {
        spawn_local(async move {
            match IdbStore.load().await {
                Ok(snap) => match store::registry_from(&snap) {
                    Ok(reg) => {
                        self.registry.set(Arc::new(reg));
                        // Only a change of state repaints the pages: setting Ready again would
                        // remount the routes and wipe a form being typed in when another tab saves.
                        if self.load.get_untracked() != Load::Ready {
                            self.load.set(Load::Ready);
                        }
                    }
                    Err(problems) => {
                        let first = problems.first().map(|p| p.to_string()).unwrap_or_default();
                        self.load.set(Load::Failed(
                            format!("本机数据有损坏: {first}"),
                            format!("The stored data is damaged: {first}"),
                        ));
                    }
                },
                Err(e) => self.load.set(Load::Failed(e.zh(), e.en())),
            }
        });
    }

    /// Writes `new` in one transaction and shows it; on failure shows why and keeps the old
    /// registry (and whatever the person typed stays in its form). Returns whether it was saved.
    pub async fn commit(self, new: Registry) -> bool {
        let old = self.registry.get_untracked();
        let batch = store::batch_between(&old, &new);
        self.write(new, batch).await
    }

    /// Commits an edit of one household together with its change-history entry (who, what,
    /// when), in the same transaction.
    pub async fn commit_household(self, new: Registry, household_id: &str) -> bool {
        let old = self.registry.get_untracked();
        let before = old
            .households
            .iter()
            .find(|h| h.id == household_id)
            .and_then(|h| h.body.as_ref());
        let after = new
            .households
            .iter()
            .find(|h| h.id == household_id)
            .and_then(|h| h.body.as_ref());
        let mut batch = store::batch_between(&old, &new);
        if let Some(after) = after {
            let what = crate::domain::edit::describe_change(before, after);
            let who = LocalStorage::get::<String>(EDITOR_KEY).unwrap_or_default();
            let when = super::util::now();
            let entry = serde_json::json!({
                "who": who,
                "when": when,
                "zh": what.iter().map(|w| w.0.clone()).collect::<Vec<_>>(),
                "en": what.iter().map(|w| w.1.clone()).collect::<Vec<_>>(),
            });
            let key = format!("{household_id}|{when}|{}", &super::util::random_hex()[..8]);
            batch.history.push((key, entry.to_string()));
        }
        self.write(new, batch).await
    }

    /// Saves household `id` as edited (a new revision from this replica) with its history entry,
    /// and on success says so in the person's language. Returns whether it was saved.
    pub async fn save_household(
        self,
        id: String,
        household: crate::domain::model::Household,
        zh: &'static str,
        en: &'static str,
    ) -> bool {
        let next = crate::domain::edit::put_household(
            &self.registry.get_untracked(),
            &id,
            household,
            &replica_id(),
            &super::util::now(),
        );
        let saved = self.commit_household(next, &id).await;
        if saved {
            self.say(false, zh, en);
        }
        saved
    }

    /// Replaces everything (demo load, restore), after keeping a backup of what was there.
    pub async fn replace(self, new: Registry, backup_label: &str) -> bool {
        if !self.backup(backup_label).await {
            return false;
        }
        let batch = store::batch_replacing(&new);
        self.write(new, batch).await
    }

    async fn write(self, new: Registry, batch: store::Batch) -> bool {
        if let Err(problems) = store::check_batch(&batch) {
            let first = &problems[0];
            self.say(
                true,
                format!("未保存: 记录不完整 ({}: {})", first.path, first.zh),
                format!("Not saved: a record is incomplete ({first})"),
            );
            return false;
        }
        self.busy.set(true);
        let result = IdbStore.commit(batch).await;
        self.busy.set(false);
        match result {
            Ok(()) => {
                self.registry.set(Arc::new(new));
                announce_change();
                // Data worth keeping is here now: ask the browser not to evict it.
                spawn_local(async {
                    super::settings::request_persistence().await;
                });
                true
            }
            Err(e) => {
                self.say_store_error(&e);
                false
            }
        }
    }

    /// Keeps a copy of the current registry in the backups store; nothing to keep is fine.
    pub async fn backup(self, label: &str) -> bool {
        let reg = self.registry.get_untracked();
        if reg.is_empty() {
            return true;
        }
        let json = crate::exchange::to_json(&reg, &super::util::now(), &replica_id(), None);
        match idb::save_backup(&format!("{} {label}", super::util::now()), &json).await {
            Ok(()) => true,
            Err(e) => {
                self.say_store_error(&e);
                false
            }
        }
    }
}

/// This copy's replica id: 128 random bits, made once and kept.
pub fn replica_id() -> String {
    if let Ok(id) = LocalStorage::get::<String>(REPLICA_KEY) {
        if crate::exchange::read::is_id(&id) && id.len() >= 32 {
            return id;
        }
    }
    new_replica_id()
}

/// A fresh replica id (after restoring a backup, so no edit is counted twice).
pub fn new_replica_id() -> String {
    let id = format!("r{}", super::util::random_hex());
    let _ = LocalStorage::set(REPLICA_KEY, &id);
    id
}

thread_local! {
    static CHANNEL: Option<web_sys::BroadcastChannel> = web_sys::BroadcastChannel::new("jingzhun").ok();
}

/// Tells other open tabs that the registry changed, so they read it again.
fn announce_change() {
    CHANNEL.with(|c| {
        if let Some(c) = c {
            let _ = c.post_message(&wasm_bindgen::JsValue::from_str("changed"));
        }
    });
}

/// Reloads when another tab announces a change.
pub fn listen_for_other_tabs(state: AppState) {
    use wasm_bindgen::prelude::*;
    CHANNEL.with(|c| {
        if let Some(c) = c {
            let f = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| state.reload());
            c.set_onmessage(Some(f.as_ref().unchecked_ref()));
            f.forget();
        }
    });
}
