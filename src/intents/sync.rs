//! 同步: one sync with the county's CouchDB, as an intent. Pull every database's changes since
//! the checkpoint (one after another: browsers allow a handful of connections per host), merge
//! them by the exchange rules — a dominating vector wins, equal content joins, concurrent
//! different content waits for a person on the same conflict screen as a file import — and
//! commit the records with the new checkpoint in one transaction; then push what changed here
//! since it was last exchanged, each document over the CouchDB revision last seen, keeping the
//! checkpoint after every batch. A write the server finds stale (another copy wrote first) is
//! read back and merged, then sent again. Replayed changes change nothing.
//!
//! Long (about 570 lines) because one sync is one sequence of commits — pull, take in, push, read
//! back what was stale — and it reads best top to bottom in one place.

use std::collections::HashMap;

use super::Actor;
use crate::domain::merge::{self, compare_revs, Decisions, RevOrder};
use crate::domain::model::{AnyRecord, Collection, Registry};
use crate::exchange::{self, ExchangeFile, PreparedImport};
use crate::msg;
use crate::store::{batch_for, Batch, RecordStore, Subject};
use crate::sync::couch::{Change, Couch, Http, Written};
use crate::sync::{self, from_doc, Report, Sender, SyncError, SyncState};

/// Documents read per page of a change feed, and written per `_bulk_docs`.
pub const PAGE: usize = 500;

/// What the server sent that is not yet taken in: the records, and the checkpoint as it will
/// stand once they are.
#[derive(Clone, Debug)]
pub struct Pulled {
    pub incoming: Registry,
    pub state: SyncState,
    pub dbs: Vec<String>,
    /// The login's roles (what it may send).
    pub roles: Vec<String>,
    pub read: usize,
    /// The fingerprint of the settings as last exchanged before this pull: a copy whose settings
    /// still have it changed nothing of its own, and takes the server's.
    pub settings_base: Option<u64>,
}

/// How a sync ended. (The finished case is the common one and is moved once: not boxed.)
#[allow(clippy::large_enum_variant)]
pub enum SyncStep {
    /// Finished: the registry and checkpoint as they now stand, and what was done.
    Done {
        registry: Registry,
        state: SyncState,
        report: Report,
    },
    /// Records changed both here and elsewhere: a person decides on the conflict screen, then
    /// [`resume`] goes on with the same pull.
    Decide {
        prepared: Box<PreparedImport>,
        pulled: Box<Pulled>,
    },
}

/// Logs in (the password is used once and not kept; the server's cookie is the session).
pub async fn login<H: Http>(
    http: &H,
    user: &str,
    password: &str,
) -> Result<Vec<String>, SyncError> {
    Couch { http }.login(user.trim(), password).await
}

/// The checkpoint stored for `server`.
pub async fn stored_state<S: RecordStore>(store: &S, server: &str) -> Result<SyncState, SyncError> {
    let text = store.sync_state().await.map_err(store_error)?;
    Ok(SyncState::from_json(text.as_deref(), server))
}

fn store_error(e: crate::store::StoreError) -> SyncError {
    SyncError::Store(e)
}

/// One sync of `reg` with the server behind `http`, with the databases `listed` (or those the
/// login's roles give, see [`sync::databases`]).
pub async fn sync<S: RecordStore, H: Http>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    http: &H,
    server: &str,
    listed: &str,
) -> Result<SyncStep, SyncError> {
    let couch = Couch { http };
    let roles = match couch.session().await? {
        Some((_, roles)) => roles,
        None => return Err(SyncError::Login),
    };
    let dbs = sync::databases(listed, &roles, reg);
    let state = stored_state(store, server).await?;
    let mut pulled = pull(&couch, &dbs, state).await?;
    // A county login on a copy that lacked the region tree (an empty one) learns its villages
    // from the reference database just read, and goes on with their databases.
    let mut known = Registry {
        regions: reg.regions.clone(),
        ..Default::default()
    };
    known
        .regions
        .extend(pulled.incoming.regions.iter().cloned());
    let more: Vec<String> = sync::databases(listed, &roles, &known)
        .into_iter()
        .filter(|d| !dbs.contains(d))
        .collect();
    pull_into(&couch, &more, &mut pulled).await?;
    pulled.roles = roles;
    resume(store, actor, reg, http, pulled, None).await
}

/// Goes on with a pull: takes it in (with the person's decisions, if it held conflicts), then
/// pushes.
pub async fn resume<S: RecordStore, H: Http>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    http: &H,
    pulled: Pulled,
    decisions: Option<&Decisions>,
) -> Result<SyncStep, SyncError> {
    let couch = Couch { http };
    let mut report = Report {
        read: pulled.read,
        ..Default::default()
    };
    let dbs = pulled.dbs.clone();
    let sender = Sender {
        roles: pulled.roles.clone(),
        replica: actor.replica.clone(),
    };
    let (mut reg, mut state) = match take_in(store, actor, reg, pulled, decisions).await? {
        Taken::Done {
            registry,
            state,
            changed,
        } => {
            report.taken_in += changed;
            (registry, state)
        }
        Taken::Decide(prepared, pulled) => return Ok(SyncStep::Decide { prepared, pulled }),
    };
    // Push; what the server finds stale is read back, merged and pushed again (a few rounds
    // at most: each round takes in what another copy wrote in between).
    for _ in 0..3 {
        let (next, sent, stale) =
            push(store, &couch, &reg, state, &dbs, &sender, &mut report).await?;
        state = next;
        report.sent += sent;
        if stale.is_empty() {
            break;
        }
        let mut again = Pulled {
            incoming: Registry::default(),
            state: state.clone(),
            dbs: dbs.clone(),
            roles: sender.roles.clone(),
            read: 0,
            settings_base: None,
        };
        for (db, ids) in stale {
            let docs = couch.documents(&db, &ids).await?;
            take_changes(&couch, &db, docs, &mut again).await?;
        }
        report.read += again.read;
        match take_in(store, actor, &reg, again, decisions).await? {
            Taken::Done {
                registry,
                state: s,
                changed,
            } => {
                report.taken_in += changed;
                reg = registry;
                state = s;
            }
            Taken::Decide(prepared, pulled) => return Ok(SyncStep::Decide { prepared, pulled }),
        }
    }
    state.last_sync = Some(actor.now.clone());
    keep_checkpoint(store, &state).await?;
    if let Some(refused) = report.refused.first() {
        return Err(SyncError::Refused {
            doc: refused.0.clone(),
            reason: refused.1.clone(),
        });
    }
    Ok(SyncStep::Done {
        registry: reg,
        state,
        report,
    })
}

/// Reads every database's changes since the checkpoint, page by page, one database after
/// another. Nothing is written.
pub async fn pull<H: Http>(
    couch: &Couch<'_, H>,
    dbs: &[String],
    state: SyncState,
) -> Result<Pulled, SyncError> {
    let mut pulled = Pulled {
        incoming: Registry::default(),
        state,
        dbs: Vec::new(),
        roles: Vec::new(),
        read: 0,
        settings_base: None,
    };
    pull_into(couch, dbs, &mut pulled).await?;
    Ok(pulled)
}

async fn pull_into<H: Http>(
    couch: &Couch<'_, H>,
    dbs: &[String],
    pulled: &mut Pulled,
) -> Result<(), SyncError> {
    for db in dbs {
        let mut since = pulled
            .state
            .since
            .get(db)
            .cloned()
            .unwrap_or_else(|| "0".into());
        loop {
            let page = couch.changes(db, &since, PAGE).await?;
            let n = page.results;
            take_changes(couch, db, page.changes, pulled).await?;
            since = page.last_seq;
            if n < PAGE {
                break;
            }
        }
        pulled.state.since.insert(db.clone(), since);
        pulled.dbs.push(db.clone());
    }
    Ok(())
}

/// Reads documents into a pull: each checked as a file's record; of CouchDB's conflicting
/// branches the one whose vector has seen the others is taken, and the branches it has seen
/// are marked to be pruned once this copy sends a version over them.
async fn take_changes<H: Http>(
    couch: &Couch<'_, H>,
    db: &str,
    changes: Vec<Change>,
    pulled: &mut Pulled,
) -> Result<(), SyncError> {
    let mut problems = Vec::new();
    let mut seen: HashMap<(Collection, String), usize> = HashMap::new();
    let mut list: Vec<AnyRecord> = Vec::new();
    for ch in changes {
        if ch.doc["_deleted"].as_bool() == Some(true) {
            continue; // a pruned branch or a document removed by an administrator
        }
        let couch_rev = ch.doc["_rev"].as_str().unwrap_or_default().to_string();
        if ch.doc["_id"].as_str() == Some(sync::SETTINGS_DOC) {
            match sync::settings_from_doc(db, &ch.doc) {
                Ok(settings) => {
                    let base = pulled
                        .state
                        .known
                        .get(sync::SETTINGS_DOC)
                        .map(|k| k.fingerprint);
                    pulled.settings_base = pulled.settings_base.or(base);
                    pulled.state.known.insert(
                        sync::SETTINGS_DOC.to_string(),
                        sync::Known {
                            db: db.to_string(),
                            couch_rev,
                            fingerprint: sync::settings_fingerprint(&settings),
                            branches: Vec::new(),
                        },
                    );
                    pulled.incoming.settings = settings;
                    pulled.read += 1;
                }
                Err(mut p) => problems.append(&mut p),
            }
            continue;
        }
        let mut rec = match from_doc(db, &ch.doc) {
            Ok(r) => r,
            Err(mut p) => {
                problems.append(&mut p);
                continue;
            }
        };
        let mut prunable = Vec::new();
        for b in &ch.branches {
            let doc = couch
                .revision(db, ch.doc["_id"].as_str().unwrap_or_default(), b)
                .await?;
            let Ok(branch) = from_doc(db, &doc) else {
                continue;
            };
            match compare_revs(branch.rev(), rec.rev()) {
                RevOrder::Dominates => {
                    rec = branch;
                    prunable.push(b.clone());
                }
                RevOrder::DominatedBy | RevOrder::Equal => prunable.push(b.clone()),
                // Concurrent branches stay on the server until a copy that has seen both
                // sends a version over them.
                RevOrder::Concurrent => {}
            }
        }
        pulled.state.saw(db, &rec, &couch_rev, prunable);
        pulled.read += 1;
        let key = (rec.collection(), rec.id().to_string());
        match seen.get(&key) {
            Some(&i) if compare_revs(rec.rev(), list[i].rev()) == RevOrder::Dominates => {
                list[i] = rec
            }
            Some(_) => {}
            None => {
                seen.insert(key, list.len());
                list.push(rec);
            }
        }
    }
    if !problems.is_empty() {
        return Err(SyncError::Problems(problems));
    }
    for r in list {
        match pulled.incoming.any(r.collection(), r.id()) {
            Some(had) if compare_revs(r.rev(), had.rev()) != RevOrder::Dominates => {}
            Some(_) => r.put_into(&mut pulled.incoming),
            None => r.push_into(&mut pulled.incoming),
        }
    }
    Ok(())
}

#[allow(clippy::large_enum_variant)]
enum Taken {
    Done {
        registry: Registry,
        state: SyncState,
        changed: usize,
    },
    Decide(Box<PreparedImport>, Box<Pulled>),
}

/// Merges a pull into the registry and commits it with its checkpoint, in one transaction.
async fn take_in<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    pulled: Pulled,
    decisions: Option<&Decisions>,
) -> Result<Taken, SyncError> {
    let mut pulled = pulled;
    let county = Sender {
        roles: pulled.roles.clone(),
        replica: String::new(),
    }
    .is_county();
    if !county {
        within_reach(reg, &mut pulled.incoming);
    }
    let plan = merge::plan(reg, &pulled.incoming);
    let prepared = PreparedImport {
        file: ExchangeFile {
            exported_at: actor.now.clone(),
            exported_by: pulled.state.server.clone(),
            scope: None,
            registry: pulled.incoming.clone(),
            checked: false,
        },
        plan,
    };
    if prepared.plan.conflicts().next().is_some() && decisions.is_none() {
        return Ok(Taken::Decide(Box::new(prepared), Box::new(pulled)));
    }
    // The server's settings where this copy changed none of its own since the last sync (or
    // has none); otherwise its own stay, and are sent.
    let mut decisions = decisions.cloned().unwrap_or_default();
    let settings_mine = pulled
        .settings_base
        .is_some_and(|b| b != sync::settings_fingerprint(&reg.settings));
    if !settings_mine {
        decisions
            .take_settings
            .extend(prepared.plan.settings_differ.iter().map(|d| d.key.clone()));
    }
    let changed = prepared
        .plan
        .items
        .iter()
        .filter(|i| !matches!(i.outcome, merge::Outcome::Unchanged | merge::Outcome::Kept))
        .count()
        + usize::from(
            !prepared.plan.settings_added.is_empty() || !decisions.take_settings.is_empty(),
        );
    let merged = if changed == 0 {
        reg.clone()
    } else {
        let mut merged =
            exchange::finish_import(reg, &prepared, &decisions, &actor.replica, &actor.now)
                .map_err(SyncError::Problems)?;
        // Records added land at the end: put them where the store's reopening will (by id),
        // so the screen's order does not change on the next reload.
        if prepared
            .plan
            .items
            .iter()
            .any(|i| i.outcome == merge::Outcome::Added)
        {
            crate::store::sort_by_id(&mut merged);
        }
        merged
    };
    let mut batch = batch_for(reg, &merged);
    if changed > 0 {
        batch.history = vec![actor.history(
            Subject::Registry,
            vec![msg!(
                history_synced,
                server = pulled.state.server.as_str(),
                count = changed,
                conflicts = prepared.plan.conflicts().count()
            )],
        )];
    }
    batch.sync = Some(pulled.state.to_json());
    store.commit(batch).await.map_err(store_error)?;
    Ok(Taken::Done {
        registry: merged,
        state: pulled.state,
        changed,
    })
}

/// A village's copy holds its village and the reference records, not the other villages: of
/// what the reference database sends, a mutual-aid fund's members are kept to the households
/// this copy holds, and a payment for an order it does not hold is left out — as a village's
/// file carries them (`exchange::subset`). The records keep their versions: nothing here is an
/// edit, and nothing is sent back.
fn within_reach(reg: &Registry, incoming: &mut Registry) {
    use std::collections::HashSet;
    let households: HashSet<String> = reg
        .households
        .iter()
        .chain(incoming.households.iter())
        .map(|h| h.id.clone())
        .collect();
    let orders: HashSet<String> = reg
        .assistance
        .iter()
        .chain(incoming.assistance.iter())
        .map(|a| a.id.clone())
        .collect();
    for f in &mut incoming.funds {
        if f.live()
            .is_some_and(|b| b.members.iter().any(|m| !households.contains(m)))
        {
            if let Some(b) = std::sync::Arc::make_mut(f).body.as_mut() {
                b.members.retain(|m| households.contains(m));
            }
        }
    }
    incoming.disbursements.retain(|d| {
        d.live()
            .and_then(|b| b.assistance_id.as_deref())
            .is_none_or(|a| orders.contains(a))
    });
}

/// Sends what changed here since it was last exchanged, database by database, in pages; the
/// checkpoint is committed after each page. Gives the checkpoint, how many were taken, and the
/// documents the server found stale, by database.
async fn push<S: RecordStore, H: Http>(
    store: &S,
    couch: &Couch<'_, H>,
    reg: &Registry,
    mut state: SyncState,
    dbs: &[String],
    sender: &Sender,
    report: &mut Report,
) -> Result<(SyncState, usize, Vec<(String, Vec<String>)>), SyncError> {
    let out = sync::outgoing(reg, &state, dbs, sender);
    let mut sent = 0;
    let mut stale: Vec<(String, Vec<String>)> = Vec::new();
    for db in dbs {
        let mine: Vec<_> = out.iter().filter(|o| &o.db == db).collect();
        for page in mine.chunks(PAGE) {
            let docs: Vec<_> = page.iter().map(|o| o.doc.clone()).collect();
            let by_id: HashMap<&str, &&sync::Outgoing> =
                page.iter().map(|o| (o.doc_id.as_str(), o)).collect();
            let mut stale_here = Vec::new();
            let mut prune: Vec<(&str, &String)> = Vec::new();
            for w in couch.write(db, docs).await? {
                let (id, outcome) = match w {
                    Written::Ok { id, rev } => (id, Ok(rev)),
                    Written::Conflict { id } => (id, Err(None)),
                    Written::Forbidden { id, reason } | Written::Failed { id, reason } => {
                        (id, Err(Some(reason)))
                    }
                };
                let Some(o) = by_id.get(id.as_str()) else {
                    continue;
                };
                match outcome {
                    Ok(rev) => {
                        let k =
                            state
                                .known
                                .entry(o.doc_id.clone())
                                .or_insert_with(|| sync::Known {
                                    db: db.clone(),
                                    couch_rev: String::new(),
                                    fingerprint: 0,
                                    branches: Vec::new(),
                                });
                        k.db = db.clone();
                        k.couch_rev = rev;
                        k.fingerprint = o.fingerprint;
                        // Pruned below, or left for the county office: not sent again.
                        k.branches.clear();
                        prune.extend(o.prune.iter().map(|b| (o.doc_id.as_str(), b)));
                        sent += 1;
                    }
                    Err(None) => stale_here.push(o.doc_id.clone()),
                    Err(Some(reason)) => report.refused.push((o.doc_id.clone(), reason)),
                }
            }
            // CouchDB branches the versions sent have seen, deleted (the county office's
            // login may; a village's is refused and leaves them for the county). One id per
            // request: pouchdb-server mishandles an id twice in one `_bulk_docs`.
            while !prune.is_empty() {
                let mut once = std::collections::HashSet::new();
                let (now, later): (Vec<_>, Vec<_>) =
                    prune.into_iter().partition(|(id, _)| once.insert(*id));
                let docs = now
                    .iter()
                    .map(|(id, b)| serde_json::json!({"_id": id, "_rev": b, "_deleted": true}))
                    .collect();
                couch.write(db, docs).await?;
                prune = later;
            }
            stale_here.dedup();
            if !stale_here.is_empty() {
                stale.push((db.clone(), stale_here));
            }
            keep_checkpoint(store, &state).await?;
        }
    }
    Ok((state, sent, stale))
}

/// Commits the checkpoint alone (no record changed).
async fn keep_checkpoint<S: RecordStore>(store: &S, state: &SyncState) -> Result<(), SyncError> {
    store
        .commit(Batch {
            sync: Some(state.to_json()),
            ..Default::default()
        })
        .await
        .map_err(store_error)
}
