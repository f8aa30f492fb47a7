//! The CouchDB protocol, as far as this app speaks it: a session cookie (`/_session`), a
//! database's change feed (`_changes`, `style=all_docs`, `conflicts=true`, documents included,
//! page by page), documents by id (`_all_docs` with keys) or by revision, and `_bulk_docs`. Every
//! answer is read here into typed values; the bytes travel through an [`Http`] (the browser's
//! `fetch`, or [`super::fake::FakeCouch`] in tests), which never interprets them.

use serde_json::{json, Value};

use super::SyncError;

/// One request to the server, its path relative to the server's base URL (`/v_c-1/_changes?…`).
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub method: &'static str,
    pub path: String,
    pub body: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    pub status: u16,
    pub body: String,
}

/// Carries requests to the server; [`SyncError::Offline`] when no answer came.
#[allow(async_fn_in_trait)]
pub trait Http {
    async fn send(&self, req: Request) -> Result<Response, SyncError>;
}

/// Percent-encodes a path segment or query value.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// One change read from a database's feed.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub doc: Value,
    /// Revisions of conflicting CouchDB branches beside the winner.
    pub branches: Vec<String>,
}

pub struct ChangesPage {
    pub changes: Vec<Change>,
    /// How many results the server sent (design documents included): a page shorter than the
    /// limit is the last.
    pub results: usize,
    pub last_seq: String,
}

/// One document's answer in a `_bulk_docs` response.
#[derive(Clone, Debug, PartialEq)]
pub enum Written {
    Ok {
        id: String,
        rev: String,
    },
    /// The revision it was based on is not the server's latest (409, or 403 from pouchdb-server).
    Conflict {
        id: String,
    },
    /// Refused by the database's rules.
    Forbidden {
        id: String,
        reason: String,
    },
    Failed {
        id: String,
        reason: String,
    },
}

fn reason(body: &str) -> String {
    let v: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let r = v["reason"].as_str().or(v["error"].as_str()).unwrap_or(body);
    r.chars().take(200).collect()
}

fn parse(body: &str) -> Result<Value, SyncError> {
    serde_json::from_str(body).map_err(|e| SyncError::Server {
        status: 200,
        reason: format!("not JSON: {e}"),
    })
}

/// The server's answer as an error of the database `db` (if any), or the answer.
fn check(r: Response, db: Option<&str>) -> Result<Response, SyncError> {
    match r.status {
        200..=299 => Ok(r),
        // A database a logged-in user may not use: CouchDB answers 403, pouchdb-server 401
        // (the session itself was checked first, see `intents::sync`).
        401 | 403 if db.is_some() => Err(SyncError::Forbidden {
            db: db.unwrap_or_default().to_string(),
            reason: reason(&r.body),
        }),
        401 => Err(SyncError::Login),
        // The reverse proxy's answer when CouchDB behind it is down or slow: not reachable.
        502..=504 => Err(SyncError::Offline),
        403 => Err(SyncError::Forbidden {
            db: db.unwrap_or_default().to_string(),
            reason: reason(&r.body),
        }),
        404 if db.is_some() => Err(SyncError::NoDatabase(db.unwrap_or_default().to_string())),
        status => Err(SyncError::Server {
            status,
            reason: reason(&r.body),
        }),
    }
}

/// A CouchDB server behind an [`Http`].
pub struct Couch<'a, H> {
    pub http: &'a H,
}

impl<H: Http> Couch<'_, H> {
    async fn call(
        &self,
        method: &'static str,
        path: String,
        body: Option<Value>,
        db: Option<&str>,
    ) -> Result<Value, SyncError> {
        let r = self
            .http
            .send(Request {
                method,
                path,
                body: body.map(|b| b.to_string()),
            })
            .await?;
        parse(&check(r, db)?.body)
    }

    /// Opens a session (the server sets its cookie); the login's roles.
    pub async fn login(&self, user: &str, password: &str) -> Result<Vec<String>, SyncError> {
        let v = self
            .call(
                "POST",
                "/_session".into(),
                Some(json!({"name": user, "password": password})),
                None,
            )
            .await?;
        Ok(roles(&v["roles"]).unwrap_or_else(|| roles(&v["userCtx"]["roles"]).unwrap_or_default()))
    }

    /// The session's user and roles, or `None` when no one is logged in.
    pub async fn session(&self) -> Result<Option<(String, Vec<String>)>, SyncError> {
        let v = self.call("GET", "/_session".into(), None, None).await?;
        let ctx = &v["userCtx"];
        Ok(ctx["name"]
            .as_str()
            .map(|n| (n.to_string(), roles(&ctx["roles"]).unwrap_or_default())))
    }

    pub async fn logout(&self) -> Result<(), SyncError> {
        self.call("DELETE", "/_session".into(), None, None).await?;
        Ok(())
    }

    /// One page of a database's changes after `since`, each with its document.
    pub async fn changes(
        &self,
        db: &str,
        since: &str,
        limit: usize,
    ) -> Result<ChangesPage, SyncError> {
        let path = format!(
            "/{}/_changes?style=all_docs&conflicts=true&include_docs=true&limit={limit}&since={}",
            encode(db),
            encode(since)
        );
        let v = self.call("GET", path, None, Some(db)).await?;
        let results = v["results"].as_array().map_or(0, Vec::len);
        let changes = v["results"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|c| c["doc"].is_object())
            // Design documents (the database's rules) are the server's, not records.
            .filter(|c| !c["id"].as_str().unwrap_or_default().starts_with("_design/"))
            .map(|c| Change {
                branches: strings(&c["doc"]["_conflicts"]),
                doc: c["doc"].clone(),
            })
            .collect();
        let last_seq = match &v["last_seq"] {
            Value::String(s) => s.clone(),
            Value::Null => since.to_string(),
            other => other.to_string(),
        };
        Ok(ChangesPage {
            changes,
            results,
            last_seq,
        })
    }

    /// One revision of a document (a conflicting branch).
    pub async fn revision(&self, db: &str, id: &str, rev: &str) -> Result<Value, SyncError> {
        let path = format!("/{}/{}?rev={}", encode(db), encode(id), encode(rev));
        self.call("GET", path, None, Some(db)).await
    }

    /// The current documents of these ids (those that exist), with their conflicts.
    pub async fn documents(&self, db: &str, ids: &[String]) -> Result<Vec<Change>, SyncError> {
        let path = format!("/{}/_all_docs?include_docs=true&conflicts=true", encode(db));
        let v = self
            .call("POST", path, Some(json!({ "keys": ids })), Some(db))
            .await?;
        Ok(v["rows"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| r["doc"].is_object())
            .map(|r| Change {
                branches: strings(&r["doc"]["_conflicts"]),
                doc: r["doc"].clone(),
            })
            .collect())
    }

    /// Writes documents, each over the revision it names; the answer of each, by id (answers
    /// may come in any order; never send one id twice in a request).
    pub async fn write(&self, db: &str, docs: Vec<Value>) -> Result<Vec<Written>, SyncError> {
        let path = format!("/{}/_bulk_docs", encode(db));
        let v = self
            .call("POST", path, Some(json!({ "docs": docs })), Some(db))
            .await?;
        Ok(v.as_array()
            .into_iter()
            .flatten()
            .map(|r| {
                let id = r["id"].as_str().unwrap_or_default().to_string();
                let why = r["reason"].as_str().unwrap_or_default().to_string();
                match (r["rev"].as_str(), r["error"].as_str()) {
                    (Some(rev), None) => Written::Ok {
                        id,
                        rev: rev.to_string(),
                    },
                    (_, Some("conflict")) => Written::Conflict { id },
                    // pouchdb-server answers a stale write with 403 "forbidden" and CouchDB's
                    // own reason; a refusal by our rules says why in words.
                    (_, Some("forbidden")) if why.contains("Document update conflict") => {
                        Written::Conflict { id }
                    }
                    (_, Some("forbidden")) | (_, Some("unauthorized")) => {
                        Written::Forbidden { id, reason: why }
                    }
                    (_, e) => Written::Failed {
                        id,
                        reason: if why.is_empty() {
                            e.unwrap_or("no answer").to_string()
                        } else {
                            why
                        },
                    },
                }
            })
            .collect())
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect()
}

fn roles(v: &Value) -> Option<Vec<String>> {
    v.as_array().map(|_| strings(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Response {
        Response {
            status,
            body: body.to_string(),
        }
    }

    /// Every answer of the server becomes the error a person can act on.
    #[test]
    fn answers_become_errors_in_words() {
        let forbidden =
            r#"{"error":"unauthorized","reason":"You are not authorized to access this db."}"#;
        assert_eq!(
            check(answer(401, forbidden), Some("v_x")),
            Err(SyncError::Forbidden {
                db: "v_x".into(),
                reason: "You are not authorized to access this db.".into()
            })
        );
        assert_eq!(check(answer(401, "{}"), None), Err(SyncError::Login));
        assert_eq!(
            check(answer(404, "{}"), Some("v_x")),
            Err(SyncError::NoDatabase("v_x".into()))
        );
        assert_eq!(
            check(answer(502, "Bad Gateway"), None),
            Err(SyncError::Offline)
        );
        assert!(matches!(
            check(answer(500, r#"{"reason":"boom"}"#), None),
            Err(SyncError::Server { status: 500, .. })
        ));
        assert!(check(answer(201, "[]"), Some("v_x")).is_ok());
        assert_eq!(encode("since=1-ab/c d"), "since%3D1-ab%2Fc%20d");
    }
}
