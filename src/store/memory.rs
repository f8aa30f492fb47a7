//! An in-memory record store for native tests, with a switch that makes the next commit fail
//! as a full disk would, to prove that a failed write changes nothing.

use std::cell::RefCell;
use std::collections::BTreeMap;

use super::{Batch, Change, RecordStore, Snapshot, StoreError};
use crate::domain::model::Collection;

#[derive(Default)]
pub struct MemoryStore {
    records: RefCell<BTreeMap<(Collection, String), String>>,
    settings: RefCell<Option<String>>,
    /// When set, the next commit fails with this error and writes nothing.
    pub fail_next: RefCell<Option<StoreError>>,
}

impl RecordStore for MemoryStore {
    async fn load(&self) -> Result<Snapshot, StoreError> {
        let mut snap = Snapshot {
            settings: self.settings.borrow().clone(),
            ..Default::default()
        };
        for ((c, _), json) in self.records.borrow().iter() {
            snap.records.entry(*c).or_default().push(json.clone());
        }
        Ok(snap)
    }

    async fn commit(&self, batch: Batch) -> Result<(), StoreError> {
        if let Some(e) = self.fail_next.borrow_mut().take() {
            return Err(e);
        }
        let mut records = self.records.borrow().clone();
        if batch.replace_all {
            records.clear();
        }
        for change in batch.changes {
            match change {
                Change::Put {
                    collection,
                    id,
                    json,
                } => {
                    records.insert((collection, id), json);
                }
                Change::Delete { collection, id } => {
                    records.remove(&(collection, id));
                }
            }
        }
        *self.records.borrow_mut() = records;
        if let Some(s) = batch.settings {
            *self.settings.borrow_mut() = Some(s);
        }
        Ok(())
    }
}
