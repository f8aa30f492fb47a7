//! Persistence behind one small trait: records as exchange-format JSON, one entry per record,
//! written in one transaction per change. The browser uses IndexedDB; tests use memory.

#[cfg(target_arch = "wasm32")]
pub mod idb;
pub mod memory;

use std::collections::HashMap;

use serde_json::Value;

use crate::domain::model::*;
use crate::exchange::{read, write, Problem};

/// One write to the store.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    Put {
        collection: Collection,
        id: String,
        json: String,
    },
    Delete {
        collection: Collection,
        id: String,
    },
}

/// Changes written all together or not at all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Batch {
    /// Clear every record before writing (a restore or the demo load).
    pub replace_all: bool,
    pub changes: Vec<Change>,
    /// The registry's settings as JSON, when they changed.
    pub settings: Option<String>,
    /// Change-history entries (key, JSON) written with the change; they never travel in files.
    pub history: Vec<(String, String)>,
}

/// What the store holds: each collection's records as JSON text, and the settings.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    pub records: HashMap<Collection, Vec<String>>,
    pub settings: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StoreError {
    /// The browser refused more data (quota exceeded, disk full).
    Full,
    /// Storage cannot be used here (private mode, IndexedDB missing or blocked).
    Unavailable(String),
    /// Anything else the store reported.
    Failed(String),
}

impl StoreError {
    pub fn zh(&self) -> String {
        match self {
            StoreError::Full => {
                "存储空间已满, 未保存。请导出备份并清理浏览器空间后重试; 您输入的内容仍在屏幕上。"
                    .into()
            }
            StoreError::Unavailable(why) => {
                format!("浏览器不允许本地存储 (可能是隐私模式), 未保存: {why}")
            }
            StoreError::Failed(why) => format!("保存失败, 未保存任何更改: {why}"),
        }
    }
    pub fn en(&self) -> String {
        match self {
            StoreError::Full => "Storage is full; nothing was saved. Export a backup, free space and try again; your input is still on screen.".into(),
            StoreError::Unavailable(why) => format!("The browser does not allow local storage here (private mode?); nothing was saved: {why}"),
            StoreError::Failed(why) => format!("Saving failed; no change was written: {why}"),
        }
    }
}

/// The record store: load everything, or commit one batch atomically.
#[allow(async_fn_in_trait)]
pub trait RecordStore {
    async fn load(&self) -> Result<Snapshot, StoreError>;
    async fn commit(&self, batch: Batch) -> Result<(), StoreError>;
}

fn record_json<T>(r: &Record<T>, f: fn(&Record<T>) -> Value) -> String {
    f(r).to_string()
}

fn diff<T: PartialEq>(
    c: Collection,
    old: &[Record<T>],
    new: &[Record<T>],
    f: fn(&Record<T>) -> Value,
    out: &mut Vec<Change>,
) {
    let before: HashMap<&str, &Record<T>> = old.iter().map(|r| (r.id.as_str(), r)).collect();
    for r in new {
        if before.get(r.id.as_str()).is_none_or(|o| *o != r) {
            out.push(Change::Put {
                collection: c,
                id: r.id.clone(),
                json: record_json(r, f),
            });
        }
    }
    let after: std::collections::HashSet<&str> = new.iter().map(|r| r.id.as_str()).collect();
    for r in old {
        if !after.contains(r.id.as_str()) {
            out.push(Change::Delete {
                collection: c,
                id: r.id.clone(),
            });
        }
    }
}

/// The batch that turns the stored `old` registry into `new` (only what changed).
pub fn batch_between(old: &Registry, new: &Registry) -> Batch {
    let mut changes = Vec::new();
    diff(
        Collection::Regions,
        &old.regions,
        &new.regions,
        write::region,
        &mut changes,
    );
    diff(
        Collection::Households,
        &old.households,
        &new.households,
        write::household,
        &mut changes,
    );
    diff(
        Collection::Helpers,
        &old.helpers,
        &new.helpers,
        write::helper,
        &mut changes,
    );
    diff(
        Collection::Pairings,
        &old.pairings,
        &new.pairings,
        write::pairing,
        &mut changes,
    );
    diff(
        Collection::Measures,
        &old.measures,
        &new.measures,
        write::measure,
        &mut changes,
    );
    diff(
        Collection::Assistance,
        &old.assistance,
        &new.assistance,
        write::assistance,
        &mut changes,
    );
    diff(
        Collection::Funds,
        &old.funds,
        &new.funds,
        write::fund,
        &mut changes,
    );
    diff(
        Collection::Tasks,
        &old.tasks,
        &new.tasks,
        write::task,
        &mut changes,
    );
    let settings = (old.settings != new.settings)
        .then(|| write::settings(&new.settings).map_or("{}".to_string(), |v| v.to_string()));
    Batch {
        replace_all: false,
        changes,
        settings,
        history: Vec::new(),
    }
}

/// A batch that replaces the whole store with `reg`.
pub fn batch_replacing(reg: &Registry) -> Batch {
    let mut b = batch_between(&Registry::default(), reg);
    b.replace_all = true;
    b.settings = Some(write::settings(&reg.settings).map_or("{}".to_string(), |v| v.to_string()));
    b
}

/// Reads back every record a batch would write, as the loader will: a batch that holds a
/// record the loader would refuse is itself refused, so the store never holds what it cannot read.
pub fn check_batch(batch: &Batch) -> Result<(), Vec<Problem>> {
    let mut snap = Snapshot {
        settings: batch.settings.clone(),
        ..Default::default()
    };
    for change in &batch.changes {
        if let Change::Put {
            collection, json, ..
        } = change
        {
            snap.records
                .entry(*collection)
                .or_default()
                .push(json.clone());
        }
    }
    registry_from(&snap).map(|_| ())
}

/// Reads a registry back from what the store holds; stored records went through the same
/// checks as a file, so a problem here means the store itself was damaged.
pub fn registry_from(snapshot: &Snapshot) -> Result<Registry, Vec<Problem>> {
    let mut r = read::Reader::new();
    let mut reg = Registry::default();
    let root = crate::exchange::problem::Path::Root;
    let get = |c: Collection| snapshot.records.get(&c).map(Vec::as_slice).unwrap_or(&[]);
    fn each<T>(
        r: &mut read::Reader,
        c: Collection,
        texts: &[String],
        f: fn(&mut read::Reader, &Value, &crate::exchange::problem::Path) -> Option<Record<T>>,
    ) -> Vec<Record<T>> {
        let root = crate::exchange::problem::Path::Root;
        let here = root.key(c.key());
        texts
            .iter()
            .enumerate()
            .filter_map(|(i, t)| match serde_json::from_str::<Value>(t) {
                Ok(v) => f(r, &v, &here.index(i)),
                Err(e) => {
                    r.err(
                        &here.index(i),
                        format!("存储的记录已损坏: {e}"),
                        format!("stored record is damaged: {e}"),
                    );
                    None
                }
            })
            .collect()
    }
    reg.regions = each(
        &mut r,
        Collection::Regions,
        get(Collection::Regions),
        read::region,
    );
    reg.households = each(
        &mut r,
        Collection::Households,
        get(Collection::Households),
        read::household,
    );
    reg.helpers = each(
        &mut r,
        Collection::Helpers,
        get(Collection::Helpers),
        read::helper,
    );
    reg.pairings = each(
        &mut r,
        Collection::Pairings,
        get(Collection::Pairings),
        read::pairing,
    );
    reg.measures = each(
        &mut r,
        Collection::Measures,
        get(Collection::Measures),
        read::measure,
    );
    reg.assistance = each(
        &mut r,
        Collection::Assistance,
        get(Collection::Assistance),
        read::assistance,
    );
    reg.funds = each(
        &mut r,
        Collection::Funds,
        get(Collection::Funds),
        read::fund,
    );
    reg.tasks = each(
        &mut r,
        Collection::Tasks,
        get(Collection::Tasks),
        read::task,
    );
    if let Some(s) = &snapshot.settings {
        if let Ok(v) = serde_json::from_str::<Value>(s) {
            reg.settings = read::settings(&mut r, &v, &root.key("settings"));
        }
    }
    if r.problems.is_empty() {
        // Stores keep records keyed by id, not in file order; a stable order keeps views steady.
        sort_by_id(&mut reg);
        Ok(reg)
    } else {
        Err(r.problems)
    }
}

/// Orders records by id with numbers compared as numbers (`h-2` before `h-10`).
pub fn sort_by_id(reg: &mut Registry) {
    fn key(id: &str) -> (String, u64, String) {
        let digits_at = id.rfind(|c: char| !c.is_ascii_digit()).map_or(0, |i| i + 1);
        let (head, tail) = id.split_at(digits_at);
        (head.to_string(), tail.parse().unwrap_or(0), id.to_string())
    }
    reg.regions.sort_by_cached_key(|r| key(&r.id));
    reg.households.sort_by_cached_key(|r| key(&r.id));
    reg.helpers.sort_by_cached_key(|r| key(&r.id));
    reg.pairings.sort_by_cached_key(|r| key(&r.id));
    reg.measures.sort_by_cached_key(|r| key(&r.id));
    reg.assistance.sort_by_cached_key(|r| key(&r.id));
    reg.funds.sort_by_cached_key(|r| key(&r.id));
    reg.tasks.sort_by_cached_key(|r| key(&r.id));
}
