//! The record store and preferences in memory, for native tests of the intents: the same
//! contract as IndexedDB (records kept as encoded text, one batch all or nothing, puts checked
//! against their base), with a switch that makes the next commit fail as a full disk would.

use std::cell::RefCell;
use std::collections::BTreeMap;

use super::*;

#[derive(Default)]
struct Inner {
    records: BTreeMap<(Collection, String), String>,
    settings: Settings,
    history: Vec<HistoryEntry>,
    backups: Vec<(BackupInfo, String)>,
}

#[derive(Default)]
pub struct MemoryStore {
    inner: RefCell<Inner>,
    /// When set, the next commit fails with this error and writes nothing.
    pub fail_next: RefCell<Option<StoreError>>,
    /// Commits that landed, for tests that count writes.
    pub commits: RefCell<usize>,
}

impl MemoryStore {
    fn stored_rev(&self, c: Collection, id: &str) -> Option<Rev> {
        let inner = self.inner.borrow();
        let text = inner.records.get(&(c, id.to_string()))?;
        decode(c, text, 0).ok().map(|r| r.rev().clone())
    }
}

fn backup_text(reg: &Registry) -> String {
    crate::exchange::to_json(reg, "1970-01-01T00:00:00Z", "backup", None)
}

impl RecordStore for MemoryStore {
    async fn load(&self) -> Result<Registry, StoreError> {
        let inner = self.inner.borrow();
        let mut reg = Registry {
            settings: inner.settings.clone(),
            ..Default::default()
        };
        let mut problems = Vec::new();
        for (i, ((c, _), text)) in inner.records.iter().enumerate() {
            match decode(*c, text, i) {
                Ok(r) => r.put_into(&mut reg),
                Err(mut p) => problems.append(&mut p),
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Damaged(problems));
        }
        sort_by_id(&mut reg);
        Ok(reg)
    }

    async fn commit(&self, batch: Batch) -> Result<(), StoreError> {
        if let Some(e) = self.fail_next.borrow_mut().take() {
            return Err(e);
        }
        if !batch.replace_all {
            for p in &batch.puts {
                let (c, id) = (p.record.collection(), p.record.id());
                let ok = match &p.base {
                    Base::Any => true,
                    Base::Absent => self.stored_rev(c, id).is_none(),
                    Base::Rev(r) => self.stored_rev(c, id).as_ref() == Some(r),
                };
                if !ok {
                    return Err(StoreError::Stale {
                        collection: c,
                        id: id.to_string(),
                    });
                }
            }
        }
        let mut inner = self.inner.borrow_mut();
        if batch.replace_all {
            inner.records.clear();
        }
        for p in &batch.puts {
            inner.records.insert(
                (p.record.collection(), p.record.id().to_string()),
                encode(&p.record),
            );
        }
        for key in &batch.removes {
            inner.records.remove(key);
        }
        if let Some(s) = batch.settings {
            inner.settings = s;
        }
        inner.history.extend(batch.history);
        *self.commits.borrow_mut() += 1;
        Ok(())
    }

    async fn history(&self, subject: &Subject) -> Result<Vec<HistoryEntry>, StoreError> {
        Ok(self
            .inner
            .borrow()
            .history
            .iter()
            .filter(|h| &h.subject == subject)
            .cloned()
            .collect())
    }

    async fn backups(&self) -> Result<Vec<BackupInfo>, StoreError> {
        Ok(self
            .inner
            .borrow()
            .backups
            .iter()
            .map(|(b, _)| b.clone())
            .collect())
    }

    async fn save_backup(
        &self,
        label: Msg,
        taken_at: &str,
        reg: &Registry,
    ) -> Result<BackupInfo, StoreError> {
        let text = backup_text(reg);
        let mut inner = self.inner.borrow_mut();
        let info = BackupInfo {
            id: format!("{taken_at}#{}", inner.backups.len() + 1),
            label,
            taken_at: taken_at.to_string(),
            records: reg.len(),
            bytes: text.len() as u64,
        };
        inner.backups.push((info.clone(), text));
        Ok(info)
    }

    async fn load_backup(&self, id: &str) -> Result<Registry, StoreError> {
        let inner = self.inner.borrow();
        let (_, text) = inner
            .backups
            .iter()
            .find(|(b, _)| b.id == id)
            .ok_or(StoreError::NotFound)?;
        crate::exchange::parse(text.as_bytes(), None)
            .map(|f| f.registry)
            .map_err(StoreError::Damaged)
    }

    async fn delete_backup(&self, id: &str) -> Result<(), StoreError> {
        let mut inner = self.inner.borrow_mut();
        let before = inner.backups.len();
        inner.backups.retain(|(b, _)| b.id != id);
        if inner.backups.len() == before {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}

/// Preferences in memory.
#[derive(Default)]
pub struct MemoryPrefs(RefCell<BTreeMap<String, String>>);

impl Prefs for MemoryPrefs {
    fn get(&self, key: &str) -> Option<String> {
        self.0.borrow().get(key).cloned()
    }
    fn set(&self, key: &str, value: &str) -> bool {
        self.0.borrow_mut().insert(key.into(), value.into());
        true
    }
    fn remove(&self, key: &str) {
        self.0.borrow_mut().remove(key);
    }
}
