//! The store's layout, independent of where the bytes live: a **snapshot** of the whole registry
//! in chunks small enough to stay inside IndexedDB's own database (≤ [`CHUNK_BYTES`]), plus a
//! **log** of the batches committed since, each one entry in commit order. Reopening decodes the
//! snapshot and replays the log; a long log is folded into a new snapshot. The log is also what
//! sync pushes: per record, ordered, with what changed.
//!
//! A snapshot's records are kept in the store's binary format ([`codec`]), many to a chunk: read
//! back without a JSON tree or the path-checking reader, they are most of a second quicker to
//! reopen at a county's size. Snapshots of an earlier version, in JSON, are still read (and
//! written again in binary). A log entry is its records' exchange-file JSON, as sync sends them.
//! A commit checks its bases against [`RevIndex`], the stored version of every record, kept up
//! to date with the entries other tabs wrote.

use serde_json::{json, Value};

use super::{codec, Base, Batch, Put};
use crate::domain::model::*;
use crate::exchange::problem::{Location, Path, Problem};
use crate::exchange::wire::{read_any, write_any};
use crate::msg;

/// The largest chunk, in bytes (a record longer than this has a chunk of its own): IndexedDB
/// keeps values up to about 64 KiB inside its database; larger ones become blob files, each a
/// file to open.
pub const CHUNK_BYTES: usize = 60 * 1024;

/// A log longer than this many entries is folded into a new snapshot when next convenient.
pub const FOLD_AFTER_ENTRIES: u64 = 200;

/// A commit of more than this many records writes a new snapshot rather than one huge entry.
pub const SNAPSHOT_ABOVE_PUTS: usize = 2_000;

/// What the snapshot is: its generation (chunk keys carry it), the last log entry folded into
/// it, and its size.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SnapshotMeta {
    pub gen: u64,
    pub seq: u64,
    pub chunks: u32,
    pub records: usize,
    pub bytes: u64,
}

impl SnapshotMeta {
    pub fn to_json(&self) -> String {
        json!({"gen": self.gen, "seq": self.seq, "chunks": self.chunks, "records": self.records, "bytes": self.bytes})
            .to_string()
    }
    pub fn from_json(text: &str) -> Option<SnapshotMeta> {
        let v: Value = serde_json::from_str(text).ok()?;
        Some(SnapshotMeta {
            gen: v["gen"].as_u64()?,
            seq: v["seq"].as_u64()?,
            chunks: v["chunks"].as_u64()? as u32,
            records: v["records"].as_u64()? as usize,
            bytes: v["bytes"].as_u64()?,
        })
    }
}

/// The snapshot of `reg` as chunks: each the records of one collection in the store's binary
/// format ([`codec`]), and a last one with the settings.
pub fn snapshot_chunks(reg: &Registry) -> Vec<Vec<u8>> {
    let mut w = SnapshotWriter::default();
    while !w.step(reg, usize::MAX) {}
    w.finish()
}

/// [`snapshot_chunks`] written a few records at a time ([`SnapshotWriter::step`]), so that the
/// page can let the browser paint between steps.
#[derive(Default)]
pub struct SnapshotWriter {
    /// The collection being written, by its place in [`Collection::ALL`], and its next record.
    collection: usize,
    record: usize,
    chunk: Vec<u8>,
    /// One buffer for every record's bytes.
    record_bytes: Vec<u8>,
    out: Vec<Vec<u8>>,
    done: bool,
}

impl SnapshotWriter {
    /// Writes up to `records` more records of `reg` (which must not change between steps);
    /// true once every record and the settings are written.
    pub fn step(&mut self, reg: &Registry, records: usize) -> bool {
        let mut budget = records;
        while !self.done && budget > 0 {
            let Some(&c) = Collection::ALL.get(self.collection) else {
                self.out.push(codec::settings_chunk(&reg.settings));
                self.done = true;
                break;
            };
            let end = self.record.saturating_add(budget).min(codec::count(c, reg));
            for i in self.record..end {
                self.record_bytes.clear();
                codec::put_nth(c, reg, i, &mut self.record_bytes);
                if !self.chunk.is_empty()
                    && self.chunk.len() + self.record_bytes.len() > CHUNK_BYTES
                {
                    self.out.push(std::mem::take(&mut self.chunk));
                }
                if self.chunk.is_empty() {
                    codec::chunk_head(&mut self.chunk, self.collection as u64);
                }
                self.chunk.extend_from_slice(&self.record_bytes);
            }
            budget -= end - self.record;
            self.record = end;
            if end == codec::count(c, reg) {
                if !self.chunk.is_empty() {
                    self.out.push(std::mem::take(&mut self.chunk));
                }
                self.collection += 1;
                self.record = 0;
            }
        }
        self.done
    }

    pub fn finish(self) -> Vec<Vec<u8>> {
        self.out
    }
}

fn damaged(at: &str, why: String) -> Vec<Problem> {
    vec![Problem::new(
        Location::from(&Path::Root.key(at)),
        msg!(store_stored_record_damaged_e, e = why),
    )]
}

/// Reads one binary chunk into `reg` (one of an earlier version, in JSON, is
/// [`read_earlier_chunk`]'s).
pub fn read_chunk(bytes: &[u8], k: usize, reg: &mut Registry) -> Result<(), Vec<Problem>> {
    let mut input = codec::Input::new(bytes);
    let read = match codec::read_head(&mut input) {
        Ok(codec::Chunk::Settings(s)) => {
            reg.settings = s;
            Ok(())
        }
        Ok(codec::Chunk::Records(c)) => codec::read_records(c, &mut input, reg),
        Err(e) => Err(e),
    };
    read.map_err(|codec::Damage(why)| damaged(&format!("chunk {k}"), why))
}

/// Whether a snapshot's chunks are of an earlier version (JSON), to be written again.
pub fn is_json(chunks: &[Vec<u8>]) -> bool {
    chunks.iter().any(|c| is_earlier(c))
}

/// Reads the JSON chunk of an earlier version into `reg` (`{"c": collection, "r": [records…]}`
/// or `{"settings": …}`, records checked as a file's are).
pub fn read_earlier_chunk(bytes: &[u8], k: usize, reg: &mut Registry) -> Result<(), Vec<Problem>> {
    let v: Value =
        serde_json::from_slice(bytes).map_err(|e| damaged(&format!("chunk {k}"), e.to_string()))?;
    if let Some(s) = v.get("settings") {
        let mut r = crate::exchange::read::Reader::new();
        reg.settings = crate::exchange::read::settings(&mut r, s, &Path::Root.key("settings"));
        return if r.problems.is_empty() {
            Ok(())
        } else {
            Err(r.problems)
        };
    }
    let c = v["c"]
        .as_str()
        .and_then(Collection::from_code)
        .ok_or_else(|| damaged(&format!("chunk {k}"), "no collection".into()))?;
    let list = v["r"]
        .as_array()
        .ok_or_else(|| damaged(&format!("chunk {k}"), "no records".into()))?;
    let path = Path::Root.key(c.code());
    let mut problems = Vec::new();
    for (i, r) in list.iter().enumerate() {
        match read_any(c, r, &path.index(i)) {
            Ok(rec) => rec.push_into(reg),
            Err(mut p) => problems.append(&mut p),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The first byte of a log entry in the binary format (one of an earlier version, in JSON,
/// begins `{`).
pub const LOG_TAG: u8 = 0xB2;

/// Whether a stored chunk or log entry is of an earlier version (JSON, read by the file's reader).
pub fn is_earlier(bytes: &[u8]) -> bool {
    bytes.first() == Some(&b'{')
}

/// The log entries as stored, in order, of either format.
pub fn read_log(stored: &[Vec<u8>]) -> Result<Vec<LogEntry>, Vec<Problem>> {
    stored
        .iter()
        .map(|b| {
            if is_earlier(b) {
                LogEntry::from_json(b)
            } else {
                LogEntry::from_bytes(b)
            }
        })
        .collect()
}

/// The records of a database of an earlier version, one store per collection, as stored: each
/// collection's records as exchange JSON text, and the settings.
#[derive(Clone, Debug, Default)]
pub struct EarlierRecords {
    pub records: Vec<(Collection, Vec<String>)>,
    pub settings: Option<String>,
}

impl EarlierRecords {
    pub fn is_empty(&self) -> bool {
        self.records.iter().all(|(_, r)| r.is_empty()) && self.settings.is_none()
    }

    /// Reads them as a file's records are checked.
    pub fn read(&self) -> Result<Registry, Vec<Problem>> {
        let mut reg = Registry::default();
        let mut problems = Vec::new();
        for (c, texts) in &self.records {
            for (i, text) in texts.iter().enumerate() {
                match super::decode(*c, text, i) {
                    Ok(r) => r.push_into(&mut reg),
                    Err(mut p) => problems.append(&mut p),
                }
            }
        }
        if let Some(Ok(v)) = self.settings.as_deref().map(serde_json::from_str::<Value>) {
            let mut r = crate::exchange::read::Reader::new();
            reg.settings = crate::exchange::read::settings(&mut r, &v, &Path::Root.key("settings"));
            problems.extend(r.problems);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        super::sort_by_id(&mut reg);
        Ok(reg)
    }
}

/// One committed batch, as the log keeps it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct LogEntry {
    pub seq: u64,
    pub puts: Vec<AnyRecord>,
    pub removes: Vec<(Collection, String)>,
    pub settings: Option<Settings>,
}

impl LogEntry {
    pub fn of(batch: &Batch, seq: u64) -> LogEntry {
        LogEntry {
            seq,
            puts: batch.puts.iter().map(|p| p.record.clone()).collect(),
            removes: batch.removes.clone(),
            settings: batch.settings.clone(),
        }
    }

    /// The entry in the store's binary format: [`LOG_TAG`], then its fields (1 the sequence
    /// number; 2 a put: the collection's place in [`Collection::ALL`] and the record; 3 a
    /// removal: the collection and the id; 4 the settings), each as [`codec`] lays a field out.
    pub fn to_bytes(&self) -> Vec<u8> {
        use codec::Value as _;
        let mut out = vec![LOG_TAG];
        codec::put_key(&mut out, 1, codec::VARINT);
        codec::put_varint(&mut out, self.seq);
        for r in &self.puts {
            codec::put_key(&mut out, 2, codec::BYTES);
            codec::put_delimited(&mut out, |out| {
                codec::put_varint(out, codec::collection_place(r.collection()));
                codec::put_any(out, r);
            });
        }
        for (c, id) in &self.removes {
            codec::put_key(&mut out, 3, codec::BYTES);
            codec::put_delimited(&mut out, |out| {
                codec::put_varint(out, codec::collection_place(*c));
                id.put(out);
            });
        }
        if let Some(s) = &self.settings {
            codec::put_key(&mut out, 4, codec::BYTES);
            s.put(&mut out);
        }
        out
    }

    /// The entry as the earlier version kept it (its records' exchange-file JSON), which the
    /// salvage reads.
    fn to_json(&self) -> Value {
        let puts: Vec<Value> = self
            .puts
            .iter()
            .map(|r| json!({"c": r.collection().code(), "r": write_any(r)}))
            .collect();
        let removes: Vec<Value> = self
            .removes
            .iter()
            .map(|(c, id)| json!({"c": c.code(), "id": id}))
            .collect();
        let mut v = json!({"seq": self.seq, "puts": puts, "removes": removes});
        if let Some(s) = &self.settings {
            v["settings"] = crate::exchange::write::settings(s).unwrap_or(json!({}));
        }
        v
    }

    /// Reads an entry of the binary format ([`Self::to_bytes`]); an entry of an earlier
    /// version (JSON, [`is_earlier`]) is read by [`read_log`].
    pub fn from_bytes(bytes: &[u8]) -> Result<LogEntry, Vec<Problem>> {
        Self::read_binary(bytes).map_err(|codec::Damage(why)| damaged("log", why))
    }

    fn read_binary(bytes: &[u8]) -> Result<LogEntry, codec::Damage> {
        use codec::Value as _;
        let mut input = codec::Input::new(bytes);
        if input.take(1)? != [LOG_TAG] {
            return Err(codec::Damage("not a log entry of this format".into()));
        }
        let mut out = LogEntry::default();
        let mut seq = None;
        while !input.is_empty() {
            match input.key()? {
                (1, codec::VARINT) => seq = Some(input.varint()?),
                (2, codec::BYTES) => {
                    let mut put = codec::Input::new(input.delimited()?);
                    let c = codec::collection_at(put.varint()?)?;
                    out.puts.push(codec::read_any(c, &mut put)?);
                }
                (3, codec::BYTES) => {
                    let mut remove = codec::Input::new(input.delimited()?);
                    let c = codec::collection_at(remove.varint()?)?;
                    out.removes.push((c, String::get(&mut remove)?));
                }
                (4, codec::BYTES) => out.settings = Some(Settings::get(&mut input)?),
                (_, wire) => input.skip(wire)?,
            }
        }
        out.seq = seq.ok_or_else(|| codec::Damage("no seq".into()))?;
        Ok(out)
    }

    /// Reads an entry of an earlier version: its records' exchange-file JSON, checked by the
    /// file's reader (which the first screen does not carry; see `store::idb::earlier`).
    pub fn from_json(bytes: &[u8]) -> Result<LogEntry, Vec<Problem>> {
        let v: Value = serde_json::from_slice(bytes).map_err(|e| damaged("log", e.to_string()))?;
        let seq = v["seq"]
            .as_u64()
            .ok_or_else(|| damaged("log", "no seq".into()))?;
        let mut out = LogEntry {
            seq,
            ..Default::default()
        };
        let path = Path::Root.key("log");
        let mut problems = Vec::new();
        for (i, p) in v["puts"].as_array().into_iter().flatten().enumerate() {
            let Some(c) = p["c"].as_str().and_then(Collection::from_code) else {
                problems.extend(damaged("log", format!("entry {seq}: no collection")));
                continue;
            };
            match read_any(c, &p["r"], &path.index(i)) {
                Ok(r) => out.puts.push(r),
                Err(mut e) => problems.append(&mut e),
            }
        }
        for r in v["removes"].as_array().into_iter().flatten() {
            if let (Some(c), Some(id)) = (
                r["c"].as_str().and_then(Collection::from_code),
                r["id"].as_str(),
            ) {
                out.removes.push((c, id.to_string()));
            }
        }
        if let Some(s) = v.get("settings") {
            let mut r = crate::exchange::read::Reader::new();
            out.settings = Some(crate::exchange::read::settings(
                &mut r,
                s,
                &Path::Root.key("settings"),
            ));
            problems.extend(r.problems);
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }

    /// Applies the entry to `reg`.
    pub fn apply(&self, reg: &mut Registry) {
        for r in &self.puts {
            r.clone().put_into(reg);
        }
        if !self.removes.is_empty() {
            struct Remove<'a>(&'a mut Registry, &'a [(Collection, String)]);
            impl CollectionVisitor for Remove<'_> {
                fn visit<T: Body>(&mut self) {
                    let gone: std::collections::HashSet<&str> = self
                        .1
                        .iter()
                        .filter(|(c, _)| *c == T::COLLECTION)
                        .map(|(_, id)| id.as_str())
                        .collect();
                    if !gone.is_empty() {
                        T::records_mut(self.0).retain(|r| !gone.contains(r.id.as_str()));
                    }
                }
            }
            for_each_collection(&mut Remove(reg, &self.removes));
        }
        if let Some(s) = &self.settings {
            reg.settings = s.clone();
        }
    }
}

/// The version of every stored record, as a short fingerprint: what a commit checks its bases
/// against. Built when the registry is read, kept up to date with this copy's commits and with
/// the entries other copies (tabs) wrote in between.
#[derive(Clone, Debug, Default)]
pub struct RevIndex(std::collections::HashMap<(Collection, String), u64>);

/// A version vector's fingerprint (FNV-1a over its entries in order).
pub fn fingerprint(rev: &Rev) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (k, n) in rev {
        for b in k.bytes().chain([0]).chain(n.to_le_bytes()) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

impl RevIndex {
    pub fn of(reg: &Registry) -> RevIndex {
        struct Build<'a>(&'a Registry, RevIndex);
        impl CollectionVisitor for Build<'_> {
            fn visit<T: Body>(&mut self) {
                for r in T::records(self.0) {
                    self.1
                         .0
                        .insert((T::COLLECTION, r.id.clone()), fingerprint(&r.rev));
                }
            }
        }
        let mut b = Build(reg, RevIndex::default());
        for_each_collection(&mut b);
        b.1
    }

    /// Takes in what an entry wrote.
    /// How many records it holds.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn apply(&mut self, e: &LogEntry) {
        for r in &e.puts {
            self.0
                .insert((r.collection(), r.id().to_string()), fingerprint(r.rev()));
        }
        for (c, id) in &e.removes {
            self.0.remove(&(*c, id.clone()));
        }
    }

    /// The first check whose base is not what is stored.
    pub fn stale<'a>(
        &self,
        checks: impl Iterator<Item = (Collection, &'a str, &'a Base)>,
    ) -> Option<(Collection, String)> {
        for (c, id, base) in checks {
            let now = self.0.get(&(c, id.to_string()));
            let ok = match base {
                Base::Any => true,
                Base::Absent => now.is_none(),
                Base::Rev(r) => now == Some(&fingerprint(r)),
            };
            if !ok {
                return Some((c, id.to_string()));
            }
        }
        None
    }
}

/// The puts and checks of a batch as (collection, id, base).
pub fn checks_of(batch: &Batch) -> impl Iterator<Item = (Collection, &str, &Base)> {
    batch
        .puts
        .iter()
        .map(|p: &Put| (p.record.collection(), p.record.id(), &p.base))
        .chain(batch.checks.iter().map(|(c, id, b)| (*c, id.as_str(), b)))
}

/// Reads a snapshot (its chunks, in order, of either format) and replays the entries after it.
pub fn reopen(chunks: &[Vec<u8>], entries: &[LogEntry]) -> Result<Registry, Vec<Problem>> {
    let mut r = Reopening::default();
    for c in chunks {
        r.add(c);
    }
    r.read_earlier().finish(entries).map(|(reg, _)| reg)
}

/// A snapshot read a chunk at a time, so that the store can drop each chunk's bytes once read
/// (the registry and one chunk in memory, not the registry and every chunk).
///
/// The chunks of an earlier version (JSON) are kept aside and read by [`Self::read_earlier`],
/// which needs the file's reader: the browser's store fetches that with its module, so that the
/// first screen does not carry it.
#[derive(Default)]
pub struct Reopening {
    reg: Registry,
    problems: Vec<Problem>,
    next: usize,
    earlier: Vec<(usize, Vec<u8>)>,
    json: bool,
}

impl Reopening {
    pub fn add(&mut self, chunk: &[u8]) {
        if is_earlier(chunk) {
            self.earlier.push((self.next, chunk.to_vec()));
        } else if let Err(mut p) = read_chunk(chunk, self.next, &mut self.reg) {
            self.problems.append(&mut p);
        }
        self.next += 1;
    }

    /// Whether chunks of an earlier version wait for [`Self::read_earlier`].
    pub fn has_earlier(&self) -> bool {
        !self.earlier.is_empty()
    }

    /// Reads the chunks of an earlier version kept aside.
    pub fn read_earlier(mut self) -> Reopening {
        for (k, chunk) in std::mem::take(&mut self.earlier) {
            if let Err(mut p) = read_earlier_chunk(&chunk, k, &mut self.reg) {
                self.problems.append(&mut p);
            }
            self.json = true;
        }
        self
    }

    /// The registry with `entries` replayed over it, and whether the snapshot was of the
    /// earlier version (JSON, to be written again).
    pub fn finish(self, entries: &[LogEntry]) -> Result<(Registry, bool), Vec<Problem>> {
        if let Some((k, _)) = self.earlier.first() {
            return Err(damaged(
                &format!("chunk {k}"),
                "a chunk of an earlier version, not read".into(),
            ));
        }
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        let mut reg = self.reg;
        for e in entries {
            e.apply(&mut reg);
        }
        super::sort_by_id(&mut reg);
        Ok((reg, self.json))
    }
}

/// What a person can still take away from a store this app cannot open (damaged records, or a
/// database of a newer version): every stored record as it is stored, unchecked, with the log's
/// later versions over the snapshot's, as an exchange file's text. Parts that are not even JSON
/// are left out and counted. Read by a newer app, or fixed by hand, this file is the registry.
pub fn salvage(chunks: &[Vec<u8>], log: &[Vec<u8>], exported_at: &str) -> (String, usize) {
    use std::collections::BTreeMap;
    let mut records: BTreeMap<&'static str, BTreeMap<String, Value>> = BTreeMap::new();
    let mut settings = None;
    let mut unreadable = 0;
    let code = |v: &Value| v.as_str().and_then(Collection::from_code).map(|c| c.code());
    let put = |records: &mut BTreeMap<&'static str, BTreeMap<String, Value>>, c, r: &Value| {
        let id = r["id"].as_str().unwrap_or_default().to_string();
        records.entry(c).or_default().insert(id, r.clone());
    };
    for bytes in chunks {
        if bytes.first() != Some(&b'{') {
            unreadable += salvage_binary(bytes, &mut records, &mut settings);
            continue;
        }
        let Ok(v) = serde_json::from_slice::<Value>(bytes) else {
            unreadable += 1;
            continue;
        };
        if let Some(s) = v.get("settings") {
            settings = Some(s.clone());
        } else if let Some(c) = code(&v["c"]) {
            for r in v["r"].as_array().into_iter().flatten() {
                put(&mut records, c, r);
            }
        } else {
            unreadable += 1;
        }
    }
    for bytes in log {
        let read = if is_earlier(bytes) {
            serde_json::from_slice::<Value>(bytes).ok()
        } else {
            LogEntry::from_bytes(bytes).ok().map(|e| e.to_json())
        };
        let Some(v) = read else {
            unreadable += 1;
            continue;
        };
        for p in v["puts"].as_array().into_iter().flatten() {
            if let Some(c) = code(&p["c"]) {
                put(&mut records, c, &p["r"]);
            }
        }
        for r in v["removes"].as_array().into_iter().flatten() {
            if let (Some(c), Some(id)) = (code(&r["c"]), r["id"].as_str()) {
                if let Some(list) = records.get_mut(c) {
                    list.remove(id);
                }
            }
        }
        if let Some(s) = v.get("settings") {
            settings = Some(s.clone());
        }
    }
    let mut file = serde_json::Map::new();
    file.insert("format".into(), json!(crate::exchange::FORMAT));
    file.insert("version".into(), json!(crate::exchange::VERSION));
    file.insert("exported_at".into(), json!(exported_at));
    file.insert("exported_by".into(), json!("salvage"));
    if let Some(s) = settings {
        file.insert("settings".into(), s);
    }
    for (c, list) in records {
        file.insert(c.into(), Value::Array(list.into_values().collect()));
    }
    (Value::Object(file).to_string(), unreadable)
}

/// The records of a binary chunk that still read, as exchange-file JSON, into `records` (the
/// settings into `settings`); how many parts did not read: a damaged record, or the rest of a
/// chunk whose record lengths no longer hold.
fn salvage_binary(
    bytes: &[u8],
    records: &mut std::collections::BTreeMap<
        &'static str,
        std::collections::BTreeMap<String, Value>,
    >,
    settings: &mut Option<Value>,
) -> usize {
    let mut input = codec::Input::new(bytes);
    let c = match codec::read_head(&mut input) {
        Ok(codec::Chunk::Records(c)) => c,
        Ok(codec::Chunk::Settings(s)) => {
            *settings = crate::exchange::write::settings(&s);
            return 0;
        }
        Err(_) => return 1,
    };
    let mut unreadable = 0;
    while !input.is_empty() {
        let mut record = input.clone();
        if input.delimited().is_err() {
            return unreadable + 1;
        }
        match codec::read_any(c, &mut record) {
            Ok(r) => {
                records
                    .entry(c.code())
                    .or_default()
                    .insert(r.id().to_string(), write_any(&r));
            }
            Err(_) => unreadable += 1,
        }
    }
    unreadable
}

#[cfg(test)]
mod salvage_tests {
    use super::*;

    /// Where two registries first differ (the whole of either is too long to print).
    pub(crate) fn first_difference(a: &Registry, b: &Registry) -> String {
        if a.settings != b.settings {
            return format!("settings: {:?} / {:?}", a.settings, b.settings);
        }
        for &c in Collection::ALL {
            let (n, m) = (codec::count(c, a), codec::count(c, b));
            for i in 0..n.max(m) {
                let (mut x, mut y) = (Vec::new(), Vec::new());
                codec::put_nth(c, a, i, &mut x);
                codec::put_nth(c, b, i, &mut y);
                if x != y {
                    let read = |v: &[u8]| codec::read_any(c, &mut codec::Input::new(v)).ok();
                    return format!("{} {i}: {:?} / {:?}", c.code(), read(&x), read(&y));
                }
            }
        }
        "no difference".into()
    }

    /// A store that no longer reads (a record damaged in place) still gives every other record
    /// back, the log's later versions over the snapshot's, in a file that reads as one.
    #[test]
    fn a_damaged_store_is_salvaged_record_by_record() {
        let reg = crate::domain::demo::county();
        let mut chunks = snapshot_chunks(&reg);
        let households = reg.households.len();
        // Damage one household in place: its body a number where a message belongs.
        let k = chunks
            .iter()
            .position(|c| c[0] == codec::CHUNK_TAG && c[1] == 1)
            .unwrap();
        let mut damaged = Vec::new();
        codec::chunk_head(&mut damaged, 1);
        codec::put_delimited(&mut damaged, |out| {
            codec::put_key(out, 1, codec::BYTES);
            codec::Value::put(&reg.households[0].id, out);
            codec::put_key(out, 4, codec::VARINT);
            out.push(7);
        });
        let mut rest = codec::Input::new(&chunks[k]);
        codec::read_head(&mut rest).unwrap();
        rest.delimited().unwrap(); // the first household, replaced
        let at = chunks[k].len() - rest.remaining();
        damaged.extend_from_slice(&chunks[k][at..]);
        chunks[k] = damaged;
        assert!(reopen(&chunks, &[]).is_err(), "the store no longer opens");
        chunks.push(b"not json".to_vec());
        // A later edit in the log, and a removal.
        let mut edited = (*reg.households[1]).clone();
        edited.updated_at = "2030-01-01T00:00:00Z".into();
        let entry = LogEntry {
            seq: 9,
            puts: vec![AnyRecord::Households(edited.clone())],
            removes: vec![(Collection::Households, reg.households[2].id.clone())],
            settings: None,
        };
        let (file, unreadable) = salvage(&chunks, &[entry.to_bytes()], "2030-01-02T00:00:00Z");
        assert_eq!(
            unreadable, 2,
            "the damaged household and the chunk that is not JSON"
        );
        let v: Value = serde_json::from_str(&file).unwrap();
        let list = v["households"].as_array().unwrap();
        assert_eq!(list.len(), households - 2);
        assert!(list.iter().all(|h| h["id"] != json!(reg.households[0].id)));
        let h1 = list.iter().find(|h| h["id"] == json!(edited.id)).unwrap();
        assert_eq!(h1["updated_at"], json!("2030-01-01T00:00:00Z"));
        assert_eq!(
            v["regions"].as_array().unwrap().len(),
            reg.regions.len(),
            "every other collection whole"
        );
    }

    /// The JSON chunks of an earlier version still read, and are known to need writing again.
    #[test]
    fn a_json_snapshot_of_an_earlier_version_reads() {
        let mut reg = crate::domain::demo::county();
        crate::store::sort_by_id(&mut reg);
        let mut chunks: Vec<Vec<u8>> = Vec::new();
        for &c in Collection::ALL {
            let records: Vec<Value> = (0..codec::count(c, &reg))
                .filter_map(|i| {
                    let mut b = Vec::new();
                    codec::put_nth(c, &reg, i, &mut b);
                    codec::read_any(c, &mut codec::Input::new(&b)).ok()
                })
                .map(|r| write_any(&r))
                .collect();
            if !records.is_empty() {
                chunks.push(
                    json!({"c": c.code(), "r": records})
                        .to_string()
                        .into_bytes(),
                );
            }
        }
        let settings = crate::exchange::write::settings(&reg.settings).unwrap_or(json!({}));
        chunks.push(json!({ "settings": settings }).to_string().into_bytes());
        assert!(is_json(&chunks));
        let back = reopen(&chunks, &[]).unwrap();
        assert!(back == reg, "{}", first_difference(&back, &reg));
        assert!(!is_json(&snapshot_chunks(&reg)));
    }
}
