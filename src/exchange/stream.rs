//! Reading a file in one pass: the top-level object is walked key by key, and each record of a
//! collection is parsed, migrated and read into its typed record as soon as its JSON ends, then
//! dropped — so a file is never held as one JSON tree (which took about nine times the file's
//! size in memory). Every record goes through the same path-checking reader as before, so what
//! is accepted and every problem and its path are exactly those of the whole-tree reader.
//!
//! Records can be read this way only once the file has said what it is (`format`) and which
//! version it is (`version`), as every export does first; a collection met before them is kept
//! as JSON and read afterwards.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::problem::{Location, Path, Seg};
use super::read::Reader;
use super::{wire, FORMAT, MIGRATIONS, VERSION};
use crate::domain::model::{Collection, Registry};

/// What one pass over a file gathered.
pub(crate) struct Streamed {
    /// The top level's other fields, and any collection that could not be read in passing.
    pub top: Map<String, Value>,
    pub reader: Reader,
    pub registry: Registry,
    /// The collections read in passing.
    pub streamed: Vec<Collection>,
    /// Keys given more than once in one object, anywhere in the file, where they are.
    pub duplicate_keys: Vec<Location>,
    /// The file's top level is not an object.
    pub not_object: bool,
    /// Told how far through the file the reading is, in percent (see [`Progress`]).
    pub progress: Progress,
}

/// Where an import is (shown with the progress bar).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ImportPhase {
    /// 读取: the file read record by record, this far in percent.
    Reading(u8),
    /// 校验: the content rules checked over the whole file.
    Checking,
    /// 接收: the records handed from the worker to the page, this far in percent.
    Receiving(u8),
    /// 比对: the references resolved against the registry and the merge planned.
    Planning,
}

/// How far through a file the reading is: after every few records, the position of the last
/// text read (a string borrowed from the file's bytes) as a percentage of the file, told to the
/// callback when it has grown; then that the checking has begun.
pub struct Progress {
    tell: Option<Box<dyn FnMut(ImportPhase)>>,
    start: usize,
    len: usize,
    told: u8,
}

impl Progress {
    /// Records read between two looks at the position.
    pub(crate) const EVERY: usize = 128;

    pub fn none() -> Progress {
        Progress::to(None)
    }
    pub fn to(tell: Option<Box<dyn FnMut(ImportPhase)>>) -> Progress {
        Progress {
            tell,
            start: 0,
            len: 0,
            told: 0,
        }
    }
    pub(crate) fn look(&mut self) {
        let Some(tell) = self.tell.as_mut() else {
            return;
        };
        let at = LAST_TEXT_AT.with(Cell::get);
        let Some(done) = at.checked_sub(self.start).filter(|d| *d <= self.len) else {
            return;
        };
        let percent = (done as u128 * 100 / self.len.max(1) as u128) as u8;
        if percent > self.told {
            self.told = percent;
            tell(ImportPhase::Reading(percent));
        }
    }
    /// The reading is over and the checking begins.
    pub(crate) fn checking(&mut self) {
        if let Some(tell) = self.tell.as_mut() {
            tell(ImportPhase::Checking);
        }
    }
}

thread_local! {
    /// Where in memory the last string borrowed from the file being read starts.
    pub(crate) static LAST_TEXT_AT: Cell<usize> = const { Cell::new(0) };
}

/// The version a file declares, if its `format` and `version` are what this app reads.
fn readable_version(top: &Map<String, Value>) -> Option<u64> {
    if top.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return None;
    }
    top.get("version")
        .and_then(Value::as_u64)
        .filter(|v| (1..=VERSION).contains(v))
}

/// Applies the record migrations from `version` on to one record of collection `c`.
pub(crate) fn migrate_record(c: Collection, record: &mut Value, version: u64) {
    for m in MIGRATIONS.iter().filter(|m| m.from >= version) {
        (m.record)(c, record);
    }
}

impl Progress {
    /// The reading of `bytes` begins: positions are measured in it.
    pub(crate) fn over(&mut self, bytes: &[u8]) {
        self.start = bytes.as_ptr() as usize;
        self.len = bytes.len();
    }
}

pub(crate) fn stream(bytes: &[u8], mut progress: Progress) -> Result<Streamed, serde_json::Error> {
    progress.over(bytes);
    let mut out = Streamed {
        progress,
        top: Map::new(),
        reader: Reader::new(),
        registry: Registry::default(),
        streamed: Vec::new(),
        duplicate_keys: Vec::new(),
        not_object: false,
    };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    TopSeed(&mut out).deserialize(&mut de)?;
    de.end()?;
    Ok(out)
}

struct TopSeed<'a>(&'a mut Streamed);

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let out = self.0;
        let mut seen: Vec<String> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                out.duplicate_keys
                    .push(Location(vec![Seg::Key(key.clone())]));
            } else {
                seen.push(key.clone());
            }
            let version = readable_version(&out.top);
            match (Collection::from_code(&key), version) {
                (Some(c), Some(version)) if !out.streamed.contains(&c) => {
                    let kept = map.next_value_seed(ListSeed {
                        c,
                        version,
                        out: &mut *out,
                    })?;
                    match kept {
                        None => out.streamed.push(c),
                        Some(v) => {
                            out.top.insert(key, v);
                        }
                    }
                }
                _ => {
                    let mut at = vec![Seg::Key(key.clone())];
                    let v = map.next_value_seed(Strict {
                        at: &mut at,
                        duplicates: &mut out.duplicate_keys,
                    })?;
                    out.top.insert(key, v);
                }
            }
        }
        Ok(())
    }

    // Anything but an object is not a file of ours: consumed (so that a syntax error or a
    // nesting too deep is still reported as such), then refused.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<Value>()?.is_some() {}
        self.0.not_object = true;
        Ok(())
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.0.not_object = true;
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.0.not_object = true;
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.0.not_object = true;
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.0.not_object = true;
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.0.not_object = true;
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.0.not_object = true;
        Ok(())
    }
}

/// One collection's list: each record read as it ends. Anything but a list is handed back as
/// JSON, for the whole-tree reader to refuse in its words.
struct ListSeed<'a> {
    c: Collection,
    version: u64,
    out: &'a mut Streamed,
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_> {
    type Value = Option<Value>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<Value>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_> {
    type Value = Option<Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<Value>, A::Error> {
        let path = Path::Root.key(self.c.code());
        let mut i = 0usize;
        let mut at = vec![Seg::Key(self.c.code().to_string()), Seg::Index(0)];
        while let Some(mut v) = seq.next_element_seed(Strict {
            at: &mut at,
            duplicates: &mut self.out.duplicate_keys,
        })? {
            migrate_record(self.c, &mut v, self.version);
            wire::read_into(
                self.c,
                &mut self.out.reader,
                &v,
                &path.index(i),
                &mut self.out.registry,
            );
            i += 1;
            at[1] = Seg::Index(i);
            if i.is_multiple_of(Progress::EVERY) {
                self.out.progress.look();
            }
        }
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<Value>, A::Error> {
        let mut at = vec![Seg::Key(self.c.code().to_string())];
        let v = Strict {
            at: &mut at,
            duplicates: &mut self.out.duplicate_keys,
        }
        .visit_map(map)?;
        Ok(Some(v))
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Option<Value>, E> {
        Ok(Some(Value::Bool(b)))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Option<Value>, E> {
        Ok(Some(Value::from(n)))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Option<Value>, E> {
        Ok(Some(Value::from(n)))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Option<Value>, E> {
        Ok(Some(Value::from(n)))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Option<Value>, E> {
        Ok(Some(Value::from(s)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<Value>, E> {
        Ok(Some(Value::Null))
    }
}

/// A JSON value read as `serde_json::Value` is, except that a key given twice in one object is
/// noted with where it is (`serde_json` would keep the last silently): a file that says two
/// things of one field is refused, not read as whichever came last.
pub(crate) struct Strict<'a> {
    /// Where the value being read is, from the top of the file.
    pub at: &'a mut Vec<Seg>,
    pub duplicates: &'a mut Vec<Location>,
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            self.at.push(Seg::Key(key));
            let v = map.next_value_seed(Strict {
                at: &mut *self.at,
                duplicates: &mut *self.duplicates,
            })?;
            let Some(Seg::Key(key)) = self.at.pop() else {
                unreachable!("pushed above")
            };
            if out.contains_key(&key) {
                let mut at = self.at.clone();
                at.push(Seg::Key(key));
                self.duplicates.push(Location(at));
            } else {
                out.insert(key, v);
            }
        }
        Ok(Value::Object(out))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        self.at.push(Seg::Index(0));
        while let Some(v) = seq.next_element_seed(Strict {
            at: &mut *self.at,
            duplicates: &mut *self.duplicates,
        })? {
            out.push(v);
            if let Some(last) = self.at.last_mut() {
                *last = Seg::Index(out.len());
            }
        }
        self.at.pop();
        Ok(Value::Array(out))
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        Ok(Value::from(s))
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Value, E> {
        LAST_TEXT_AT.with(|at| at.set(s.as_ptr() as usize));
        Ok(Value::from(s))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
}
