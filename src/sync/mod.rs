//! 同步: how this copy's records travel through a county's CouchDB server. This module is the
//! pure half — the mapping of records to CouchDB documents, which database holds each record,
//! the checkpoint, what waits to be sent — and `couch` speaks the protocol over an [`couch::Http`]
//! that the browser implements with `fetch` and the tests with [`fake::FakeCouch`]. Nothing here
//! does I/O; the intent `intents::sync` drives it.
//!
//! The mapping (docs/sync.md): one document per record, `_id = "<collection>:<id>"`, holding the
//! exchange record verbatim under `record` (its `rev` vector is the version that counts; CouchDB's
//! `_rev` is transport only), its `collection`, and the `village` whose database holds it (none:
//! the reference database). A deletion is an ordinary document whose record says
//! `deleted: true`, never CouchDB's `_deleted`, which would silently win over an edit made at the
//! same time elsewhere.

pub mod checkpoint;
pub mod couch;
pub mod fake;
pub mod homes;

pub use checkpoint::{Known, SyncState};
pub use homes::{Home, Homes};

use serde_json::{json, Value};

use crate::domain::codes::RegionKind;
use crate::domain::model::*;
use crate::exchange::problem::{Location, Path, Problem};
use crate::exchange::wire::{read_any, write_any};
use crate::msg;
use crate::store::journal::fingerprint;
use crate::text::Msg;

/// The database of the records every copy reads and only the county writes: regions, the
/// assistance menu, funds and their disbursements, and the helpers, tasks and targets of
/// townships and the county.
pub const REFERENCE_DB: &str = "ref";

/// The database of one village (`v_<village id>`), its id escaped into CouchDB's alphabet of
/// database names (`[a-z][a-z0-9_$()+/-]*`) one-to-one: lowercase letters, digits, `_` and `-`
/// stay; an uppercase letter becomes `$` and its lowercase; any other byte `(hh)`.
pub fn village_db(village_id: &str) -> String {
    let mut out = String::from("v_");
    for b in village_id.bytes() {
        match b {
            b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' => out.push(b as char),
            b'A'..=b'Z' => {
                out.push('$');
                out.push(b.to_ascii_lowercase() as char);
            }
            _ => out.push_str(&format!("({b:02x})")),
        }
    }
    out
}

/// The village a village database is for (the inverse of [`village_db`]).
pub fn village_of_db(db: &str) -> Option<String> {
    let rest = db.strip_prefix("v_")?;
    let mut bytes = Vec::new();
    let mut it = rest.bytes();
    while let Some(b) = it.next() {
        match b {
            b'$' => bytes.push(it.next()?.to_ascii_uppercase()),
            b'(' => {
                let hex = [it.next()?, it.next()?];
                if it.next()? != b')' {
                    return None;
                }
                bytes.push(u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?);
            }
            _ => bytes.push(b),
        }
    }
    String::from_utf8(bytes).ok()
}

/// The `_id` of the registry's settings (poverty lines, exit thresholds) in the reference
/// database: one document, written by the county office. Settings have no version vector; a copy
/// takes the server's unless it changed its own since it last synced (then its own is sent).
pub const SETTINGS_DOC: &str = "settings";

/// The settings as their document, or `None` when there are none.
pub fn settings_doc(s: &Settings, couch_rev: Option<&str>) -> Option<Value> {
    let mut doc = json!({
        "_id": SETTINGS_DOC,
        "collection": "settings",
        "village": null,
        "settings": crate::exchange::write::settings(s)?,
    });
    if let Some(rev) = couch_rev {
        doc["_rev"] = json!(rev);
    }
    Some(doc)
}

/// A fingerprint of the settings as written (FNV-1a of their JSON).
pub fn settings_fingerprint(s: &Settings) -> u64 {
    let text = crate::exchange::write::settings(s).map_or(String::new(), |v| v.to_string());
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The settings document read back, checked as a file's settings are.
pub fn settings_from_doc(db: &str, doc: &Value) -> Result<Settings, Vec<Problem>> {
    let mut r = crate::exchange::read::Reader::new();
    let root = Path::Root;
    let in_db = root.key(db);
    let here = in_db.key(SETTINGS_DOC);
    let s = crate::exchange::read::settings(&mut r, &doc["settings"], &here.key("settings"));
    if r.problems.is_empty() {
        Ok(s)
    } else {
        Err(r.problems)
    }
}

/// The settings waiting to be sent: the county office's, to the reference database, when they
/// changed since they were last exchanged.
fn settings_outgoing(
    reg: &Registry,
    state: &SyncState,
    dbs: &[String],
    sender: &Sender,
) -> Option<Outgoing> {
    if !sender.is_county() || !dbs.iter().any(|d| d == REFERENCE_DB) {
        return None;
    }
    let fp = settings_fingerprint(&reg.settings);
    let known = state.known.get(SETTINGS_DOC);
    if known.is_some_and(|k| k.fingerprint == fp) {
        return None;
    }
    Some(Outgoing {
        db: REFERENCE_DB.to_string(),
        doc_id: SETTINGS_DOC.to_string(),
        doc: settings_doc(&reg.settings, known.map(|k| k.couch_rev.as_str()))?,
        fingerprint: fp,
        prune: Vec::new(),
    })
}

/// The `_id` of a record's document.
pub fn doc_id(c: Collection, id: &str) -> String {
    format!("{}:{id}", c.code())
}

/// A record as its CouchDB document; `couch_rev` is the server revision it replaces.
pub fn to_doc(r: &AnyRecord, home: &Home, couch_rev: Option<&str>) -> Value {
    let mut doc = json!({
        "_id": doc_id(r.collection(), r.id()),
        "collection": r.collection().code(),
        "village": home.village(),
        "record": write_any(r),
    });
    if let Some(rev) = couch_rev {
        doc["_rev"] = json!(rev);
    }
    doc
}

/// A document read back as a record, checked as a file's record is; problems name the database,
/// the document and the field.
pub fn from_doc(db: &str, doc: &Value) -> Result<AnyRecord, Vec<Problem>> {
    let id = doc["_id"].as_str().unwrap_or_default();
    let at = Location::root().key(db).key(&short(id));
    let Some(c) = doc["collection"].as_str().and_then(Collection::from_code) else {
        return Err(vec![Problem::new(
            at.key("collection"),
            msg!(sync_doc_no_collection),
        )]);
    };
    let root = Path::Root;
    let in_db = root.key(db);
    let here = in_db.key(id);
    let rec = read_any(c, &doc["record"], &here.key("record"))?;
    if doc_id(c, rec.id()) != id {
        return Err(vec![Problem::new(
            at.key("_id"),
            msg!(
                sync_doc_id_mismatch,
                id = short(id),
                record = short(rec.id())
            ),
        )]);
    }
    Ok(rec)
}

/// At most a short prefix of a value from outside, for messages.
fn short(s: &str) -> String {
    s.chars().take(80).collect()
}

/// Who sends: the login's roles and this copy's replica id. The county office (role `county`,
/// or a server admin) sends whatever changed; a village login writes its village's database,
/// and of the reference records only those edited on this copy (its replica counts in their
/// vector) — the regions, menu and funds it holds from the county's file are the county's to
/// send, and sending them would only be refused.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sender {
    pub roles: Vec<String>,
    pub replica: String,
}

impl Sender {
    pub fn is_county(&self) -> bool {
        self.roles.iter().any(|r| r == "county" || r == "_admin")
    }

    pub fn sends(&self, db: &str, r: &AnyRecord) -> bool {
        self.is_county() || village_of_db(db).is_some() || r.rev().contains_key(&self.replica)
    }
}

/// The changes waiting to be sent to the databases `dbs`: each record changed since it was last
/// exchanged, with the document to send (based on the revision last seen) and the CouchDB
/// branches it prunes.
pub struct Outgoing {
    pub db: String,
    pub doc_id: String,
    pub doc: Value,
    /// The fingerprint of the record's vector, kept as exchanged once the server takes it.
    pub fingerprint: u64,
    pub prune: Vec<String>,
}

pub fn outgoing(
    reg: &Registry,
    state: &SyncState,
    dbs: &[String],
    sender: &Sender,
) -> Vec<Outgoing> {
    let homes = Homes::of(reg);
    let mut out = Vec::new();
    homes.each_changed(state, |r, db| {
        if !dbs.contains(&db) || !sender.sends(&db, &r) {
            return;
        }
        let id = doc_id(r.collection(), r.id());
        let known = state.known.get(&id).filter(|k| k.db == db);
        let home = homes.home(&r).unwrap_or_else(|| match village_of_db(&db) {
            Some(v) => Home::Village(v),
            None => Home::Reference,
        });
        out.push(Outgoing {
            fingerprint: fingerprint(r.rev()),
            doc: to_doc(&r, &home, known.map(|k| k.couch_rev.as_str())),
            prune: known.map(|k| k.branches.clone()).unwrap_or_default(),
            db,
            doc_id: id,
        });
    });
    out.extend(settings_outgoing(reg, state, dbs, sender));
    out
}

/// 待同步: how many changes wait to be sent to `dbs`.
pub fn pending(reg: &Registry, state: &SyncState, dbs: &[String], sender: &Sender) -> usize {
    let homes = Homes::of(reg);
    let mut n = 0;
    homes.each_changed(state, |r, db| {
        if dbs.contains(&db) && sender.sends(&db, &r) {
            n += 1;
        }
    });
    n + usize::from(settings_outgoing(reg, state, dbs, sender).is_some())
}

/// The databases a copy syncs with: those the person listed (separated by spaces or commas;
/// `v_*` stands for every village of the registry), or — when none are listed — those the
/// login's roles name (`village:<id>`), with the reference database; a county login (`county`,
/// `_admin`) syncs the reference database and every village of the registry, one after another.
pub fn databases(listed: &str, roles: &[String], reg: &Registry) -> Vec<String> {
    let villages = || -> Vec<String> {
        reg.regions
            .iter()
            .filter(|r| r.live().is_some_and(|b| b.kind == RegionKind::Village))
            .map(|r| village_db(&r.id))
            .collect()
    };
    let mut out: Vec<String> = Vec::new();
    let mut add = |db: String| {
        if !out.contains(&db) {
            out.push(db);
        }
    };
    let names: Vec<&str> = listed
        .split(|c: char| c == ',' || c == '，' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect();
    if names.is_empty() {
        add(REFERENCE_DB.to_string());
        if (Sender {
            roles: roles.to_vec(),
            replica: String::new(),
        })
        .is_county()
        {
            villages().into_iter().for_each(&mut add);
        }
        for r in roles {
            if let Some(v) = r.strip_prefix("village:") {
                add(village_db(v));
            }
        }
    } else {
        for n in names {
            if n == "v_*" {
                villages().into_iter().for_each(&mut add);
            } else {
                add(n.to_string());
            }
        }
    }
    out
}

/// The server's address as the person typed it, checked against the page's origin: a path on
/// the app's own origin (`/couchdb`), or a full address on that origin. The page's
/// Content-Security-Policy lets the browser talk to no other, so another origin is refused here,
/// in words, rather than failing later as "no network".
pub fn server_address(typed: &str, page_origin: &str) -> Result<String, SyncError> {
    let a = typed.trim().trim_end_matches('/');
    if a.is_empty() {
        return Err(SyncError::NotSet);
    }
    if a.starts_with('/') && !a.starts_with("//") {
        return Ok(a.to_string());
    }
    let origin = page_origin.trim_end_matches('/');
    match a.strip_prefix(origin) {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => Ok(a.to_string()),
        _ => Err(SyncError::Address(short(a))),
    }
}

/// What a sync did, to show.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Report {
    /// Documents read from the server that changed something here.
    pub taken_in: usize,
    /// Documents read in all.
    pub read: usize,
    /// Records sent.
    pub sent: usize,
    /// Records the server refused, with its reason.
    pub refused: Vec<(String, String)>,
}

/// Why a sync stopped. Whatever was taken in or sent before stays, with its checkpoint.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncError {
    /// No answer from the server (no network, the server down).
    Offline,
    /// The user name or password is wrong, or the session ran out.
    Login,
    /// The login may not use this database.
    Forbidden { db: String, reason: String },
    /// The server has no such database.
    NoDatabase(String),
    /// The server refused a record, for the reason it gave.
    Refused { doc: String, reason: String },
    /// Any other answer.
    Server { status: u16, reason: String },
    /// A document from the server that cannot be taken in, problem by problem.
    Problems(Vec<Problem>),
    /// Nothing to sync with: no server set.
    NotSet,
    /// An address on another origin than the app's, which the page may not reach.
    Address(String),
    /// This device's store refused the write.
    Store(crate::store::StoreError),
}

impl SyncError {
    pub fn message(&self) -> Msg {
        match self {
            SyncError::Offline => msg!(sync_error_offline),
            SyncError::Login => msg!(sync_error_login),
            SyncError::Forbidden { db, reason } => {
                msg!(sync_error_forbidden, db = short(db), reason = short(reason))
            }
            SyncError::NoDatabase(db) => msg!(sync_error_no_database, db = short(db)),
            SyncError::Refused { doc, reason } => {
                msg!(sync_error_refused, doc = short(doc), reason = short(reason))
            }
            SyncError::Server { status, reason } => {
                msg!(sync_error_server, status = *status, reason = short(reason))
            }
            SyncError::Problems(p) => msg!(
                sync_error_problems,
                count = p.len(),
                first = p.first().map(|p| p.to_string()).unwrap_or_default()
            ),
            SyncError::NotSet => msg!(sync_error_not_set),
            SyncError::Address(a) => msg!(sync_error_address, address = a.as_str()),
            SyncError::Store(e) => e.message(),
        }
    }
}
