//! A CouchDB in memory, for native tests of sync: databases of documents with revisions, a
//! change feed, `_bulk_docs` over revisions (409 on a stale one), conflict branches, users with
//! roles, database membership by role, and the village databases' write rules of
//! `scripts/couchdb/validate_village.js` (a record of another village, or a version that does
//! not dominate the stored one, is refused). A switch takes it off the network, now or after a
//! number of requests, as a dropped connection would.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Value};

use super::couch::{Http, Request, Response};
use super::{village_of_db, SyncError, REFERENCE_DB};

#[derive(Clone, Debug)]
struct Doc {
    /// CouchDB's revision number (the `n` of `n-xxxx`).
    n: u64,
    rev: String,
    body: Value,
    deleted: bool,
    /// Conflicting branches: (revision, body).
    branches: Vec<(String, Value)>,
    seq: u64,
}

#[derive(Default)]
struct Db {
    docs: BTreeMap<String, Doc>,
    seq: u64,
}

#[derive(Default)]
pub struct FakeCouch {
    dbs: RefCell<HashMap<String, Db>>,
    /// name → (password, roles)
    users: RefCell<HashMap<String, (String, Vec<String>)>>,
    session: RefCell<Option<String>>,
    /// When set, every request fails as if the network were down.
    pub offline: Cell<bool>,
    /// Requests still answered before the network drops (`None`: never drops).
    pub drop_after: Cell<Option<usize>>,
    /// Requests answered, for tests that count round trips.
    pub requests: Cell<usize>,
}

fn answer(status: u16, body: Value) -> Response {
    Response {
        status,
        body: body.to_string(),
    }
}

fn rev_vector(doc: &Value) -> BTreeMap<String, u64> {
    doc["record"]["rev"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.as_u64().unwrap_or(0)))
        .collect()
}

fn query(q: &str, key: &str) -> Option<String> {
    q.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == key).then(|| decode(v))
    })
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(x) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(x);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl FakeCouch {
    pub fn new() -> FakeCouch {
        FakeCouch::default()
    }

    /// Creates a database holding, as a set-up one does, the design document of its rules.
    pub fn create_db(&self, name: &str) {
        let mut dbs = self.dbs.borrow_mut();
        let d = dbs.entry(name.to_string()).or_default();
        d.seq += 1;
        d.docs.insert(
            "_design/jingzhun".into(),
            Doc {
                n: 1,
                rev: "1-design".into(),
                body: json!({"validate_doc_update": "function () {}"}),
                deleted: false,
                branches: Vec::new(),
                seq: d.seq,
            },
        );
    }

    pub fn add_user(&self, name: &str, password: &str, roles: &[&str]) {
        self.users.borrow_mut().insert(
            name.to_string(),
            (
                password.to_string(),
                roles.iter().map(|r| r.to_string()).collect(),
            ),
        );
    }

    /// Logs in directly (a second browser profile's own cookie is a second `FakeCouch` view;
    /// tests switch users with this).
    pub fn act_as(&self, name: Option<&str>) {
        *self.session.borrow_mut() = name.map(str::to_string);
    }

    /// The current document of `id` in `db`, as stored.
    pub fn doc(&self, db: &str, id: &str) -> Option<Value> {
        let dbs = self.dbs.borrow();
        let d = dbs.get(db)?.docs.get(id)?;
        (!d.deleted).then(|| d.body.clone())
    }

    /// How many live records `db` holds (design documents aside).
    pub fn count(&self, db: &str) -> usize {
        self.dbs.borrow().get(db).map_or(0, |d| {
            d.docs
                .iter()
                .filter(|(id, x)| !x.deleted && !id.starts_with("_design/"))
                .count()
        })
    }

    /// Adds a conflicting branch to a document, as a server-side replication of a concurrent
    /// write would.
    pub fn add_branch(&self, db: &str, id: &str, body: Value) {
        let mut dbs = self.dbs.borrow_mut();
        let d = dbs.get_mut(db).expect("db");
        d.seq += 1;
        let seq = d.seq;
        let doc = d.docs.get_mut(id).expect("doc");
        let rev = format!("{}-branch{}", doc.n, doc.branches.len());
        doc.branches.push((rev, body));
        doc.seq = seq;
    }

    pub fn branches(&self, db: &str, id: &str) -> usize {
        self.dbs.borrow()[db]
            .docs
            .get(id)
            .map_or(0, |d| d.branches.len())
    }

    fn roles(&self) -> Option<(String, Vec<String>)> {
        let name = self.session.borrow().clone()?;
        let users = self.users.borrow();
        let (_, roles) = users.get(&name)?;
        Some((name, roles.clone()))
    }

    fn member(&self, db: &str, roles: &[String]) -> bool {
        let has = |r: &str| roles.iter().any(|x| x == r);
        if has("_admin") || has("county") {
            return true;
        }
        match village_of_db(db) {
            Some(v) => has(&format!("village:{v}")),
            None => db == REFERENCE_DB && has("village"),
        }
    }

    /// The write rules of the village and reference databases (validate_doc_update).
    fn validate(
        &self,
        db: &str,
        new: &Value,
        old: Option<&Doc>,
        roles: &[String],
    ) -> Result<(), String> {
        let county = roles.iter().any(|r| r == "county" || r == "_admin");
        if new["_deleted"].as_bool() == Some(true) {
            return if county {
                Ok(())
            } else {
                Err("only the county office prunes documents".into())
            };
        }
        let id = new["_id"].as_str().unwrap_or_default();
        if db == REFERENCE_DB && !county {
            return Err(format!(
                "only the county office writes reference records ({id})"
            ));
        }
        if let Some(v) = village_of_db(db) {
            let says = new["village"].as_str().unwrap_or("(none)");
            if says != v {
                return Err(format!(
                    "{id} belongs to village {says}; this database is for village {v}"
                ));
            }
        }
        let expected = format!(
            "{}:{}",
            new["collection"].as_str().unwrap_or_default(),
            new["record"]["id"].as_str().unwrap_or_default()
        );
        if id != expected && !(id == super::SETTINGS_DOC && db == REFERENCE_DB) {
            return Err(format!("{id}: _id must be {expected}"));
        }
        if let Some(old) = old.filter(|o| !o.deleted) {
            let (o, n) = (rev_vector(&old.body), rev_vector(new));
            if o.iter().any(|(k, v)| n.get(k).copied().unwrap_or(0) < *v) {
                return Err(format!("{id}: the write is based on an older version"));
            }
        }
        Ok(())
    }

    fn route(&self, req: &Request) -> Response {
        let (path, q) = req.path.split_once('?').unwrap_or((&req.path, ""));
        let parts: Vec<String> = path
            .trim_start_matches('/')
            .split('/')
            .map(decode)
            .collect();
        let body: Value = req
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str(b).ok())
            .unwrap_or(Value::Null);
        if parts[0] == "_session" {
            return match req.method {
                "POST" => {
                    let (name, pw) = (body["name"].as_str(), body["password"].as_str());
                    let ok = name.is_some_and(|n| {
                        self.users
                            .borrow()
                            .get(n)
                            .is_some_and(|(p, _)| Some(p.as_str()) == pw)
                    });
                    if !ok {
                        return answer(
                            401,
                            json!({"error": "unauthorized", "reason": "Name or password is incorrect."}),
                        );
                    }
                    self.act_as(name);
                    let (_, roles) = self.roles().unwrap_or_default();
                    answer(200, json!({"ok": true, "name": name, "roles": roles}))
                }
                "DELETE" => {
                    self.act_as(None);
                    answer(200, json!({"ok": true}))
                }
                _ => {
                    let (name, roles) = match self.roles() {
                        Some((n, r)) => (json!(n), r),
                        None => (Value::Null, Vec::new()),
                    };
                    answer(
                        200,
                        json!({"ok": true, "userCtx": {"name": name, "roles": roles}}),
                    )
                }
            };
        }
        let Some((_, roles)) = self.roles() else {
            return answer(
                401,
                json!({"error": "unauthorized", "reason": "You are not logged in."}),
            );
        };
        let db = parts[0].clone();
        if !self.dbs.borrow().contains_key(&db) {
            return answer(
                404,
                json!({"error": "not_found", "reason": "Database does not exist."}),
            );
        }
        if !self.member(&db, &roles) {
            return answer(
                403,
                json!({"error": "forbidden", "reason": "You are not allowed to access this db."}),
            );
        }
        let mut dbs = self.dbs.borrow_mut();
        let d = dbs.get_mut(&db).expect("checked");
        let doc_json = |id: &str, x: &Doc| {
            let mut b = x.body.clone();
            b["_id"] = json!(id);
            b["_rev"] = json!(x.rev);
            if !x.branches.is_empty() {
                b["_conflicts"] = json!(x.branches.iter().map(|(r, _)| r).collect::<Vec<_>>());
            }
            b
        };
        match (req.method, parts.get(1).map(String::as_str)) {
            ("GET", Some("_changes")) => {
                let since: u64 = query(q, "since").and_then(|s| s.parse().ok()).unwrap_or(0);
                let limit: usize = query(q, "limit")
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(usize::MAX);
                let mut list: Vec<(&String, &Doc)> =
                    d.docs.iter().filter(|(_, x)| x.seq > since).collect();
                list.sort_by_key(|(_, x)| x.seq);
                list.truncate(limit);
                let last = list.last().map_or(since, |(_, x)| x.seq);
                let results: Vec<Value> = list
                    .iter()
                    .map(|(id, x)| {
                        let mut doc = doc_json(id, x);
                        if x.deleted {
                            doc = json!({"_id": id, "_rev": x.rev, "_deleted": true});
                        }
                        json!({"seq": x.seq, "id": id, "changes": [{"rev": x.rev}], "doc": doc})
                    })
                    .collect();
                answer(200, json!({"results": results, "last_seq": last}))
            }
            ("POST", Some("_all_docs")) => {
                let rows: Vec<Value> = body["keys"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|k| k.as_str())
                    .map(|k| match d.docs.get(k).filter(|x| !x.deleted) {
                        Some(x) => json!({"id": k, "key": k, "value": {"rev": x.rev}, "doc": doc_json(k, x)}),
                        None => json!({"key": k, "error": "not_found"}),
                    })
                    .collect();
                answer(200, json!({ "rows": rows }))
            }
            ("POST", Some("_bulk_docs")) => {
                let mut out = Vec::new();
                for new in body["docs"].as_array().into_iter().flatten() {
                    let id = new["_id"].as_str().unwrap_or_default().to_string();
                    let base = new["_rev"].as_str();
                    let old = d.docs.get(&id).cloned();
                    // A branch named by its revision: only its deletion (pruning) is spoken.
                    if let Some(o) = &old {
                        if let Some(b) = o
                            .branches
                            .iter()
                            .position(|(r, _)| Some(r.as_str()) == base)
                        {
                            match self.validate(&db, new, None, &roles) {
                                Ok(()) => {
                                    d.seq += 1;
                                    let x = d.docs.get_mut(&id).expect("there");
                                    x.branches.remove(b);
                                    x.seq = d.seq;
                                    out.push(json!({"ok": true, "id": id, "rev": base}));
                                }
                                Err(why) => {
                                    out.push(json!({"id": id, "error": "forbidden", "reason": why}))
                                }
                            }
                            continue;
                        }
                    }
                    let current = old.as_ref().filter(|o| !o.deleted).map(|o| o.rev.as_str());
                    if current != base
                        && !(current.is_none() && old.as_ref().is_some_and(|o| o.deleted))
                    {
                        out.push(json!({"id": id, "error": "conflict", "reason": "Document update conflict."}));
                        continue;
                    }
                    if let Err(why) = self.validate(&db, new, old.as_ref(), &roles) {
                        out.push(json!({"id": id, "error": "forbidden", "reason": why}));
                        continue;
                    }
                    d.seq += 1;
                    let n = old.as_ref().map_or(0, |o| o.n) + 1;
                    let rev = format!("{n}-{:x}", d.seq * 2_654_435_761 % 0xffff_ffff);
                    let mut stored = new.clone();
                    for k in ["_id", "_rev", "_deleted"] {
                        stored.as_object_mut().map(|m| m.remove(k));
                    }
                    d.docs.insert(
                        id.clone(),
                        Doc {
                            n,
                            rev: rev.clone(),
                            body: stored,
                            deleted: new["_deleted"].as_bool() == Some(true),
                            branches: old.map(|o| o.branches).unwrap_or_default(),
                            seq: d.seq,
                        },
                    );
                    out.push(json!({"ok": true, "id": id, "rev": rev}));
                }
                // Answers in no promised order (pouchdb-server reorders them): the client matches by id.
                out.reverse();
                answer(201, Value::Array(out))
            }
            ("GET", Some(id)) => {
                let Some(x) = d.docs.get(id) else {
                    return answer(404, json!({"error": "not_found", "reason": "missing"}));
                };
                let want = query(q, "rev");
                if let Some(w) = &want {
                    if let Some((r, b)) = x.branches.iter().find(|(r, _)| r == w) {
                        let mut b = b.clone();
                        b["_id"] = json!(id);
                        b["_rev"] = json!(r);
                        return answer(200, b);
                    }
                }
                answer(200, doc_json(id, x))
            }
            _ => answer(
                400,
                json!({"error": "bad_request", "reason": "not spoken by the fake"}),
            ),
        }
    }
}

impl Http for FakeCouch {
    async fn send(&self, req: Request) -> Result<Response, SyncError> {
        if self.offline.get() {
            return Err(SyncError::Offline);
        }
        if let Some(n) = self.drop_after.get() {
            if n == 0 {
                self.offline.set(true);
                return Err(SyncError::Offline);
            }
            self.drop_after.set(Some(n - 1));
        }
        self.requests.set(self.requests.get() + 1);
        Ok(self.route(&req))
    }
}
