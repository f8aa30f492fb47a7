//! The record store and preferences in memory, for native tests of the intents: the same
//! layout and contract as IndexedDB (a snapshot in chunks and a log, one batch all or nothing,
//! puts checked against the entries written since), with a switch that makes the next commit
//! fail as a full disk would.

use std::cell::RefCell;
use std::collections::BTreeMap;

use super::journal::{self, LogEntry, RevIndex, SnapshotMeta};
use super::*;

/// What IndexedDB holds, as bytes: the snapshot's chunks, the log after it, the history, the
/// backups (each a snapshot of its own).
#[derive(Default)]
struct Inner {
    meta: SnapshotMeta,
    chunks: Vec<Vec<u8>>,
    log: Vec<Vec<u8>>,
    history: Vec<HistoryEntry>,
    backups: Vec<(BackupInfo, Vec<Vec<u8>>)>,
    sync: Option<String>,
}

/// The memory store: the same layout and rules as the browser's (a snapshot in chunks and a log
/// of entries, a commit checked against the entries written since this copy last read), so the
/// native tests exercise the journal the browser runs.
#[derive(Default)]
pub struct MemoryStore {
    /// What is stored, shared by the copies of [`MemoryStore::other_tab`].
    inner: std::rc::Rc<RefCell<Inner>>,
    /// The last log entry this copy has read or written (a browser tab's own view).
    seen: RefCell<u64>,
    /// The stored version of every record, as of `seen`.
    index: RefCell<Option<RevIndex>>,
    /// When set, the next commit fails with this error and writes nothing.
    pub fail_next: RefCell<Option<StoreError>>,
    /// Commits that landed, for tests that count writes.
    pub commits: RefCell<usize>,
}

impl MemoryStore {
    /// Log entries after `seq`, decoded.
    fn entries_after(&self, seq: u64) -> Result<Vec<LogEntry>, StoreError> {
        let mut entries =
            journal::read_log(&self.inner.borrow().log).map_err(StoreError::Damaged)?;
        entries.retain(|e| e.seq > seq);
        Ok(entries)
    }

    fn last_seq(&self) -> u64 {
        let inner = self.inner.borrow();
        inner
            .log
            .last()
            .and_then(|b| journal::read_log(std::slice::from_ref(b)).ok()?.pop())
            .map_or(inner.meta.seq, |e| e.seq)
    }

    /// How many entries the log holds beyond the snapshot.
    pub fn log_len(&self) -> usize {
        self.inner.borrow().log.len()
    }

    /// A second browser tab on the same profile: the same stored data, its own view of it
    /// (what it last read, its index of versions).
    pub fn other_tab(&self) -> MemoryStore {
        MemoryStore {
            inner: self.inner.clone(),
            ..Default::default()
        }
    }

    /// The snapshot's description (for tests of folding).
    pub fn snapshot_meta(&self) -> SnapshotMeta {
        self.inner.borrow().meta.clone()
    }

    /// The snapshot's chunks' sizes in bytes.
    pub fn chunk_sizes(&self) -> Vec<usize> {
        self.inner.borrow().chunks.iter().map(Vec::len).collect()
    }
}

impl RecordStore for MemoryStore {
    async fn load(&self) -> Result<Registry, StoreError> {
        let entries = self.entries_after(self.inner.borrow().meta.seq)?;
        let reg =
            journal::reopen(&self.inner.borrow().chunks, &entries).map_err(StoreError::Damaged)?;
        *self.seen.borrow_mut() = self.last_seq();
        *self.index.borrow_mut() = Some(RevIndex::of(&reg));
        Ok(reg)
    }

    async fn commit(&self, batch: Batch) -> Result<(), StoreError> {
        if let Some(e) = self.fail_next.borrow_mut().take() {
            return Err(e);
        }
        let seen = *self.seen.borrow();
        let last = self.last_seq();
        // Bring the index up to what is stored: the entries other copies wrote since, or — when
        // those were folded into a snapshot, or nothing was read yet — the whole store again.
        let folded = seen < self.inner.borrow().meta.seq;
        if folded || self.index.borrow().is_none() {
            self.load().await?;
        } else if last != seen {
            let since = self.entries_after(seen)?;
            let mut index = self.index.borrow_mut();
            for e in &since {
                index.as_mut().expect("built above").apply(e);
            }
        }
        if let Some((collection, id)) = self
            .index
            .borrow()
            .as_ref()
            .and_then(|i| i.stale(journal::checks_of(&batch)))
        {
            return Err(StoreError::Stale { collection, id });
        }
        let mut inner = self.inner.borrow_mut();
        if let Some(s) = &batch.sync {
            inner.sync = Some(s.clone());
        }
        if batch.writes_no_record() {
            *self.commits.borrow_mut() += 1;
            return Ok(());
        }
        let seq = last + 1;
        if batch.replace_all {
            let mut reg = Registry::default();
            for p in &batch.puts {
                p.record.clone().push_into(&mut reg);
            }
            reg.settings = batch.settings.clone().unwrap_or_default();
            inner.chunks = journal::snapshot_chunks(&reg);
            inner.meta = SnapshotMeta {
                gen: inner.meta.gen + 1,
                seq,
                chunks: inner.chunks.len() as u32,
                records: reg.len(),
                bytes: inner.chunks.iter().map(|c| c.len() as u64).sum(),
            };
            inner.log.clear();
            *self.index.borrow_mut() = Some(RevIndex::of(&reg));
        } else {
            let entry = LogEntry::of(&batch, seq);
            inner.log.push(entry.to_bytes());
            if let Some(i) = self.index.borrow_mut().as_mut() {
                i.apply(&entry);
            }
        }
        inner.history.extend(batch.history);
        *self.seen.borrow_mut() = seq;
        *self.commits.borrow_mut() += 1;
        Ok(())
    }

    async fn fold(&self, reg: &Registry) -> Result<bool, StoreError> {
        let last = self.last_seq();
        if *self.seen.borrow() != last || self.inner.borrow().log.is_empty() {
            return Ok(false);
        }
        let mut inner = self.inner.borrow_mut();
        inner.chunks = journal::snapshot_chunks(reg);
        inner.meta = SnapshotMeta {
            gen: inner.meta.gen + 1,
            seq: last,
            chunks: inner.chunks.len() as u32,
            records: reg.len(),
            bytes: inner.chunks.iter().map(|c| c.len() as u64).sum(),
        };
        inner.log.clear();
        Ok(true)
    }

    async fn sync_state(&self) -> Result<Option<String>, StoreError> {
        Ok(self.inner.borrow().sync.clone())
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
        let chunks = journal::snapshot_chunks(reg);
        let mut inner = self.inner.borrow_mut();
        let info = BackupInfo {
            id: format!("{taken_at}#{}", inner.backups.len() + 1),
            label,
            taken_at: taken_at.to_string(),
            records: reg.len(),
            bytes: chunks.iter().map(|c| c.len() as u64).sum(),
        };
        inner.backups.push((info.clone(), chunks));
        Ok(info)
    }

    async fn load_backup(&self, id: &str) -> Result<Registry, StoreError> {
        let inner = self.inner.borrow();
        let (_, chunks) = inner
            .backups
            .iter()
            .find(|(b, _)| b.id == id)
            .ok_or(StoreError::NotFound)?;
        journal::reopen(chunks, &[]).map_err(StoreError::Damaged)
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
