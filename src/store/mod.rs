//! Persistence behind one trait, [`RecordStore`]: the registry's records (each commit one
//! transaction, all or nothing, and each record written only over the version its edit started
//! from), the change history, and backups. The browser implements it over IndexedDB (`idb`),
//! native tests over memory (`memory`); intents never know which they have. Small preferences of
//! the device (language, replica id, operator name) sit apart behind [`Prefs`].

pub mod at_rest;
pub mod codec;
#[cfg(target_arch = "wasm32")]
pub mod idb;
pub mod journal;
pub mod memory;

use serde_json::Value;

use crate::domain::model::*;
use crate::exchange::problem::{Location, Path, Problem};
use crate::exchange::wire::{read_any, write_any};
use crate::msg;
use crate::text::Msg;

/// What the stored record must be for a put to apply: the version the edit started from.
#[derive(Clone, Debug, PartialEq)]
pub enum Base {
    /// No check (a restore, the demo, an import that planned against the stored registry).
    Any,
    /// The record must not exist yet.
    Absent,
    /// The stored record must carry exactly this version vector.
    Rev(Rev),
}

/// One record written, over the version it was based on.
#[derive(Clone, Debug, PartialEq)]
pub struct Put {
    pub record: AnyRecord,
    pub base: Base,
}

/// What a history entry is about: one record, or the registry as a whole (an import, a restore).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Subject {
    Record(Collection, String),
    Registry,
}

impl Subject {
    /// The store key prefix of the subject's entries: `households:h-1`, `registry`.
    pub fn key(&self) -> String {
        match self {
            Subject::Record(c, id) => format!("{}:{id}", c.code()),
            Subject::Registry => "registry".to_string(),
        }
    }
}

/// 修改记录: who changed what, when. Written in the same transaction as the change; kept on the
/// device, never in files.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEntry {
    pub subject: Subject,
    pub who: String,
    /// RFC 3339.
    pub when: String,
    pub what: Vec<Msg>,
}

impl HistoryEntry {
    pub fn to_json(&self) -> Value {
        let (collection, id) = match &self.subject {
            Subject::Record(c, id) => (Some(c.code()), Some(id.as_str())),
            Subject::Registry => (None, None),
        };
        serde_json::json!({
            "collection": collection,
            "id": id,
            "who": self.who,
            "when": self.when,
            "what": self.what.iter().map(Msg::to_json).collect::<Vec<_>>(),
        })
    }

    /// Reads an entry back; entries written before messages were keyed (lists of Chinese and
    /// English sentences) read as plain text.
    pub fn from_json(v: &Value) -> Option<HistoryEntry> {
        let subject = match (v["collection"].as_str(), v["id"].as_str()) {
            (Some(c), Some(id)) => Subject::Record(Collection::from_code(c)?, id.to_string()),
            _ => Subject::Registry,
        };
        let what = match v["what"].as_array() {
            Some(list) => list.iter().filter_map(Msg::from_json).collect(),
            None => v["zh"]
                .as_array()
                .into_iter()
                .flatten()
                .zip(v["en"].as_array().into_iter().flatten())
                .map(|(zh, en)| {
                    msg!(
                        history_legacy,
                        zh = zh.as_str().unwrap_or_default(),
                        en = en.as_str().unwrap_or_default()
                    )
                })
                .collect(),
        };
        Some(HistoryEntry {
            subject,
            who: v["who"].as_str().unwrap_or_default().to_string(),
            when: v["when"].as_str().unwrap_or_default().to_string(),
            what,
        })
    }
}

/// Changes written all together or not at all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Batch {
    /// The puts are the whole registry, which replaces what is stored (a restore, the demo
    /// load, a large import written as a new snapshot).
    pub replace_all: bool,
    pub puts: Vec<Put>,
    /// Records taken out of the store altogether (only when a registry is replaced by one that
    /// lacks them; a deletion by a person is a tombstone, which is a put).
    pub removes: Vec<(Collection, String)>,
    /// The registry's settings, when they changed.
    pub settings: Option<Settings>,
    pub history: Vec<HistoryEntry>,
    /// Versions the stored records must still have for the batch to apply, beside those of
    /// the puts (a replacing batch keeps here the bases of the records its edit changed).
    pub checks: Vec<(Collection, String, Base)>,
    /// The sync checkpoint (`sync::SyncState` as JSON), written with the records it covers.
    pub sync: Option<String>,
}

impl Batch {
    /// Whether the batch writes no record, setting or history (only, perhaps, a checkpoint).
    pub fn writes_no_record(&self) -> bool {
        !self.replace_all
            && self.puts.is_empty()
            && self.removes.is_empty()
            && self.settings.is_none()
            && self.history.is_empty()
    }
}

/// A backup: a copy of the whole registry taken before an import, a restore or the demo load.
#[derive(Clone, Debug, PartialEq)]
pub struct BackupInfo {
    pub id: String,
    /// Why it was taken ("before importing …").
    pub label: Msg,
    /// RFC 3339.
    pub taken_at: String,
    pub records: usize,
    pub bytes: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StoreError {
    /// The browser refused more data (quota exceeded, disk full).
    Full,
    /// Storage cannot be used here (private mode, IndexedDB missing or blocked).
    Unavailable(String),
    /// A record changed in the store since the edit began (another tab, an import): nothing
    /// was written.
    Stale { collection: Collection, id: String },
    /// The stored data cannot be read back.
    Damaged(Vec<Problem>),
    /// The database was written by a newer version of the app than this one.
    Newer,
    /// No such backup.
    NotFound,
    /// The app lock is set and this tab does not hold its key (never unlocked, locked since, or
    /// another tab set or changed the lock): nothing was read or written.
    Locked,
    /// The browser deleted what was stored on this device (see [`StoreMark`]): nothing was
    /// read or written, and the store is not shown as empty.
    Lost(StoreMark),
    /// A part of the app that this read needs (the reader of an earlier version's data) could
    /// not be fetched: no network, and not kept yet. Nothing was read or written.
    NotLoaded,
    /// Anything else the store reported.
    Failed(String),
}

impl StoreError {
    pub fn message(&self) -> Msg {
        match self {
            StoreError::Full => msg!(store_full),
            StoreError::Unavailable(why) => msg!(store_unavailable, why = why),
            StoreError::Stale { collection, id } => {
                msg!(store_stale, collection = collection.label_key(), id = id)
            }
            StoreError::Damaged(problems) => msg!(
                store_damaged,
                first = problems.first().map(|p| p.to_string()).unwrap_or_default()
            ),
            StoreError::Newer => msg!(store_newer),
            StoreError::NotLoaded => msg!(module_not_loaded),
            StoreError::NotFound => msg!(store_backup_not_found),
            StoreError::Locked => msg!(store_locked),
            StoreError::Lost(m) => msg!(
                store_lost,
                records = m.records,
                at = m
                    .saved_at
                    .get(..16)
                    .unwrap_or(&m.saved_at)
                    .replace('T', " ")
            ),
            StoreError::Failed(why) => msg!(store_failed, why = why),
        }
    }
}

/// The record store. Its futures are not `Send`: the browser's are single-threaded.
#[allow(async_fn_in_trait)]
pub trait RecordStore {
    /// Every record and the settings.
    async fn load(&self) -> Result<Registry, StoreError>;
    /// Writes one batch in one transaction: every put whose base still holds, or nothing
    /// ([`StoreError::Stale`]).
    async fn commit(&self, batch: Batch) -> Result<(), StoreError>;
    /// The history of one subject, oldest first.
    async fn history(&self, subject: &Subject) -> Result<Vec<HistoryEntry>, StoreError>;
    /// Backups, oldest first.
    async fn backups(&self) -> Result<Vec<BackupInfo>, StoreError>;
    async fn save_backup(
        &self,
        label: Msg,
        taken_at: &str,
        reg: &Registry,
    ) -> Result<BackupInfo, StoreError>;
    async fn load_backup(&self, id: &str) -> Result<Registry, StoreError>;
    async fn delete_backup(&self, id: &str) -> Result<(), StoreError>;
    /// Folds the log into a new snapshot of `reg` — the registry as this copy last read or wrote
    /// it — when nothing was written elsewhere since; true when it did.
    async fn fold(&self, reg: &Registry) -> Result<bool, StoreError>;
    /// The sync checkpoint last committed (see [`Batch::sync`]).
    async fn sync_state(&self) -> Result<Option<String>, StoreError>;
    /// Lets the rest of the program run between two long steps of one change (the browser
    /// paints); nothing for a store that is not in a page.
    async fn pause(&self) {}
}

/// Small preferences of this device (not of the registry): language, replica id, operator name,
/// a remembered column mapping. `localStorage` in the browser, memory in tests.
pub trait Prefs {
    fn get(&self, key: &str) -> Option<String>;
    /// Whether it was kept (a full or forbidden storage keeps nothing).
    fn set(&self, key: &str, value: &str) -> bool;
    fn remove(&self, key: &str);
}

/// The keys of [`Prefs`].
pub mod pref {
    pub const REPLICA: &str = "jingzhun.replica";
    pub const EDITOR: &str = "jingzhun.editor";
    pub const LANG: &str = "jingzhun.lang";
    pub const ROSTER_MAPPING: &str = "jingzhun.roster-mapping";
    /// The largest file this device reads, in MiB.
    pub const MAX_FILE_MB: &str = "jingzhun.max-file-mb";
    /// The prefix of a form's kept draft (`jingzhun.draft:/households/h1/edit#household`).
    pub const DRAFT: &str = "jingzhun.draft";
    /// The sync server's address (`/couchdb`), the databases listed, the user name, whether to
    /// sync by itself, and the roles the last login had. The password is never kept.
    pub const SYNC_URL: &str = "jingzhun.sync-url";
    pub const SYNC_DBS: &str = "jingzhun.sync-db";
    pub const SYNC_USER: &str = "jingzhun.sync-user";
    pub const SYNC_AUTO: &str = "jingzhun.sync-auto";
    pub const SYNC_ROLES: &str = "jingzhun.sync-roles";
    /// What the store held when it last wrote ([`StoreMark`]).
    pub const STORE_MARK: &str = "jingzhun.store-mark";
}

/// 存储记号: what this device's store held when it last loaded or wrote (how many records, its
/// last log sequence, when), kept in the preferences apart from IndexedDB. A browser deletes an
/// origin's IndexedDB by itself when the disk runs full and the storage is not persistent (or
/// when its site data is cleared); the store then opens new and empty. The mark is how that is
/// told from a new device, so that a lost store is said to be lost, never shown as an empty
/// registry. (Cleared site data takes the preferences too: that is then a new device.)
#[derive(Clone, Debug, PartialEq)]
pub struct StoreMark {
    pub records: u64,
    pub seq: u64,
    /// When (UTC, RFC 3339).
    pub saved_at: String,
}

impl StoreMark {
    pub fn to_text(&self) -> String {
        format!("{} {} {}", self.records, self.seq, self.saved_at)
    }
    pub fn parse(text: &str) -> Option<StoreMark> {
        let mut parts = text.splitn(3, ' ');
        Some(StoreMark {
            records: parts.next()?.parse().ok()?,
            seq: parts.next()?.parse().ok()?,
            saved_at: parts.next()?.to_string(),
        })
    }
    /// Whether a store found with nothing in it (no snapshot, no log entry, no record) is this
    /// store lost, rather than a new one.
    pub fn lost_in(&self, found_records: usize, found_seq: u64) -> bool {
        self.records > 0 && found_records == 0 && found_seq == 0
    }
    /// Whether a store whose log is at `found_seq` went back behind what this tab read (`seen`):
    /// a store made again under an open tab.
    pub fn went_back(seen: u64, found_seq: u64) -> bool {
        found_seq < seen
    }
}

/// This copy's replica id (128 random bits, made once and kept); `fresh` makes one the first time.
pub fn replica_id(prefs: &impl Prefs, fresh: impl FnOnce() -> String) -> String {
    if let Some(id) = prefs.get(pref::REPLICA) {
        if crate::exchange::read::is_id(&id) && id.len() >= 32 {
            return id;
        }
    }
    new_replica_id(prefs, fresh())
}

/// Takes a new replica id (after restoring a backup, so that no edit is counted twice).
pub fn new_replica_id(prefs: &impl Prefs, random_hex: String) -> String {
    let id = format!("r{random_hex}");
    prefs.set(pref::REPLICA, &id);
    id
}

struct Diff<'a> {
    old: &'a Registry,
    new: &'a Registry,
    batch: Batch,
}

impl CollectionVisitor for Diff<'_> {
    fn visit<T: Body>(&mut self) {
        let old = T::records(self.old);
        let new = T::records(self.new);
        // An edit keeps the records where they were and shares the untouched ones: walk both in
        // step, and look records up by id only when they do not line up.
        if old.len() <= new.len() && old.iter().zip(new).all(|(o, n)| o.id == n.id) {
            for (k, r) in new.iter().enumerate() {
                match old.get(k) {
                    Some(o) if std::sync::Arc::ptr_eq(o, r) || **o == **r => {}
                    was => self.batch.puts.push(Put {
                        record: T::wrap((**r).clone()),
                        base: was.map_or(Base::Absent, |o| Base::Rev(o.rev.clone())),
                    }),
                }
            }
            return;
        }
        let before: std::collections::HashMap<&str, &std::sync::Arc<Record<T>>> =
            old.iter().map(|r| (r.id.as_str(), r)).collect();
        for r in T::records(self.new) {
            let was = before.get(r.id.as_str());
            // A record both registries share (every one an edit did not touch) is the same.
            if was.is_none_or(|o| !std::sync::Arc::ptr_eq(o, r) && **o != *r) {
                self.batch.puts.push(Put {
                    record: T::wrap((**r).clone()),
                    base: was.map_or(Base::Absent, |o| Base::Rev(o.rev.clone())),
                });
            }
        }
        let after: std::collections::HashSet<&str> =
            T::records(self.new).iter().map(|r| r.id.as_str()).collect();
        for r in old {
            if !after.contains(r.id.as_str()) {
                self.batch.removes.push((T::COLLECTION, r.id.clone()));
            }
        }
    }
}

/// The batch that turns the stored `old` registry into `new`: only what changed, each put based
/// on the version `old` holds.
pub fn batch_between(old: &Registry, new: &Registry) -> Batch {
    let mut d = Diff {
        old,
        new,
        batch: Batch::default(),
    };
    for_each_collection(&mut d);
    let mut batch = d.batch;
    if old.settings != new.settings {
        batch.settings = Some(new.settings.clone());
    }
    batch
}

/// The batch that turns `old` into `new`: only what changed, or — when that is more than
/// [`journal::SNAPSHOT_ABOVE_PUTS`] records (an import) — the whole of `new` as a replacing
/// batch that still checks the bases of what changed.
pub fn batch_for(old: &Registry, new: &Registry) -> Batch {
    let diff = batch_between(old, new);
    if diff.puts.len() + diff.removes.len() <= journal::SNAPSHOT_ABOVE_PUTS {
        return diff;
    }
    let mut b = batch_replacing(new);
    b.checks = diff
        .puts
        .into_iter()
        .map(|p| (p.record.collection(), p.record.id().to_string(), p.base))
        .chain(diff.removes.into_iter().map(|(c, id)| {
            let rev = old
                .any(c, &id)
                .map_or(Base::Absent, |r| Base::Rev(r.rev().clone()));
            (c, id, rev)
        }))
        .filter(|(_, _, b)| *b != Base::Any)
        .collect();
    b
}

/// A batch that replaces the whole store with `reg`.
pub fn batch_replacing(reg: &Registry) -> Batch {
    let mut b = batch_between(&Registry::default(), reg);
    b.replace_all = true;
    for p in &mut b.puts {
        p.base = Base::Any;
    }
    b.settings = Some(reg.settings.clone());
    b
}

/// A record as the stores keep it (exchange JSON text).
pub fn encode(r: &AnyRecord) -> String {
    write_any(r).to_string()
}

/// A stored record read back, checked as a file's record is; `at` is its position for messages.
pub fn decode(c: Collection, text: &str, at: usize) -> Result<AnyRecord, Vec<Problem>> {
    let root = Path::Root;
    let here = root.key(c.code());
    let path = here.index(at);
    match serde_json::from_str::<Value>(text) {
        Ok(v) => read_any(c, &v, &path),
        Err(e) => Err(vec![Problem::new(
            Location::from(&path),
            msg!(store_stored_record_damaged_e, e = e.to_string()),
        )]),
    }
}

/// Reads back every record a batch would write, as the loader will: a batch that holds a record
/// the loader would refuse (or read differently) is itself refused, so the store never holds
/// what it cannot read.
pub fn check_batch(batch: &Batch) -> Result<(), Vec<Problem>> {
    let mut problems = Vec::new();
    for (i, p) in batch.puts.iter().enumerate() {
        match decode(p.record.collection(), &encode(&p.record), i) {
            Ok(back) if back == p.record => {}
            Ok(_) => problems.push(Problem::new(
                Location::root().key(p.record.collection().code()).index(i),
                msg!(store_record_does_not_round_trip, id = p.record.id()),
            )),
            Err(mut e) => problems.append(&mut e),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Orders records by id with numbers compared as numbers (`h-2` before `h-10`): stores keep
/// records keyed by id, not in file order, and a stable order keeps views steady.
pub fn sort_by_id(reg: &mut Registry) {
    struct Sort<'a>(&'a mut Registry);
    impl CollectionVisitor for Sort<'_> {
        fn visit<T: Body>(&mut self) {
            // A collection read from a snapshot is in order already: one pass, no key copied.
            T::records_mut(self.0).sort_by(|a, b| id_order(&a.id, &b.id));
        }
    }
    for_each_collection(&mut Sort(reg));
}

/// Ids by their text before the number they end in, then that number (`h-2` before `h-10`),
/// then the whole id.
fn id_order(a: &str, b: &str) -> std::cmp::Ordering {
    fn split(id: &str) -> (&str, u64) {
        let digits_at = id
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_ascii_digit())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let (head, tail) = id.split_at(digits_at);
        (head, tail.parse().unwrap_or(0))
    }
    let (x, y) = (split(a), split(b));
    x.cmp(&y).then_with(|| a.cmp(b))
}
