//! 同步检查点: what this copy last exchanged with one server, kept in the store's `meta` beside the
//! snapshot and committed with the records a pull brings.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::{doc_id, Homes};
use crate::domain::model::*;
use crate::store::journal::fingerprint;

/// What this copy last exchanged with the server for one document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Known {
    /// The database it is in.
    pub db: String,
    /// CouchDB's revision of it: what the next write is based on.
    pub couch_rev: String,
    /// The fingerprint of the record's `rev` vector as exchanged: a record whose vector differs
    /// has changed here since, and waits to be sent.
    pub fingerprint: u64,
    /// CouchDB conflict branches seen beside the winning revision, pruned once this copy sends
    /// a version that has seen them all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub branches: Vec<String>,
}

/// 同步检查点: where this copy stands with one server — the last change read from each database
/// and what it last exchanged for each document. Written in the same transaction as the records
/// a pull brings, so a change is never taken in twice nor its checkpoint lost.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct SyncState {
    /// The server this state belongs to (another server starts afresh).
    pub server: String,
    /// The `last_seq` read from each database's change feed.
    pub since: BTreeMap<String, String>,
    pub known: HashMap<String, Known>,
    /// RFC 3339 time of the last sync that finished.
    pub last_sync: Option<String>,
}

impl SyncState {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The stored state, or a fresh one when there is none, it is unreadable, or it belongs to
    /// another server.
    pub fn from_json(text: Option<&str>, server: &str) -> SyncState {
        text.and_then(|t| serde_json::from_str::<SyncState>(t).ok())
            .filter(|s| s.server == server)
            .unwrap_or_else(|| SyncState {
                server: server.to_string(),
                ..Default::default()
            })
    }

    /// The database a record belongs in: by what it says, or, for a deletion that says
    /// nothing, where it was last seen.
    pub fn home_of(&self, homes: &Homes, r: &AnyRecord) -> Option<String> {
        homes.home(r).map(|h| h.db()).or_else(|| {
            self.known
                .get(&doc_id(r.collection(), r.id()))
                .map(|k| k.db.clone())
        })
    }

    /// Takes in what the server holds for a document.
    pub fn saw(&mut self, db: &str, r: &AnyRecord, couch_rev: &str, branches: Vec<String>) {
        self.known.insert(
            doc_id(r.collection(), r.id()),
            Known {
                db: db.to_string(),
                couch_rev: couch_rev.to_string(),
                fingerprint: fingerprint(r.rev()),
                branches,
            },
        );
    }
}
