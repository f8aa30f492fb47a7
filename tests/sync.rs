//! Sync through CouchDB, natively: two copies (a village cadre's and the county office's), each
//! with its own memory store, syncing through an in-memory CouchDB (`sync::fake`) that keeps
//! revisions, a change feed, logins with roles and the village databases' write rules. An edit
//! travels; concurrent edits and an edit against a deletion become conflicts a person decides,
//! and the choice converges both copies; a village cannot write another's records; a dropped
//! network loses nothing and resumes; a change that came by file too is no conflict; replays
//! change nothing.

mod support;

use jingzhun::domain::date::Date;
use jingzhun::domain::merge::{Choice, Decisions};
use jingzhun::domain::model::*;
use jingzhun::exchange;
use jingzhun::intents::sync::{self as sync_intent, SyncStep};
use jingzhun::intents::Actor;
use jingzhun::store::memory::MemoryStore;
use jingzhun::store::{self, RecordStore};
use jingzhun::sync::couch::Http;
use jingzhun::sync::fake::FakeCouch;
use jingzhun::sync::{self, SyncError, SyncState};
use proptest::prelude::*;
use serde_json::json;
use support::{block_on, counted_id};

const SERVER: &str = "/couchdb";

fn actor(replica: &str) -> Actor {
    Actor {
        replica: replica.into(),
        who: "同步测试".into(),
        now: "2026-12-02T08:00:00Z".into(),
        today: Date::parse("2026-12-02").unwrap(),
        new_id: counted_id,
    }
}

fn base_registry() -> Registry {
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/valid-base.json"),
    )
    .unwrap();
    exchange::parse(&bytes, None).unwrap().registry
}

/// One copy of the registry: its store, who works in it, and the registry as it stands.
struct Copy {
    store: MemoryStore,
    actor: Actor,
    reg: Registry,
    user: &'static str,
    password: &'static str,
}

impl Copy {
    /// The county office's copy (login `county`).
    fn county(reg: &Registry) -> Copy {
        Copy::new(
            "rcounty0000000000000000000000000000",
            "county",
            "c-pass",
            reg,
        )
    }

    /// Village v-1's cadre's copy (login `v_v-1`).
    fn village(reg: &Registry) -> Copy {
        Copy::new(
            "rvillage000000000000000000000000000",
            "v_v-1",
            "v1-pass",
            reg,
        )
    }

    fn new(replica: &str, user: &'static str, password: &'static str, reg: &Registry) -> Copy {
        let store = MemoryStore::default();
        block_on(store.commit(store::batch_replacing(reg))).unwrap();
        let reg = block_on(store.load()).unwrap();
        Copy {
            store,
            actor: actor(replica),
            reg,
            user,
            password,
        }
    }

    /// Logs in and syncs; conflicts are decided with `choice` when given.
    fn sync(
        &mut self,
        couch: &FakeCouch,
        choice: Option<Choice>,
    ) -> Result<sync::Report, SyncError> {
        block_on(sync_intent::login(couch, self.user, self.password))?;
        let step = block_on(sync_intent::sync(
            &self.store,
            &self.actor,
            &self.reg,
            couch,
            SERVER,
            "",
        ))?;
        let step = match (step, choice) {
            (SyncStep::Decide { pulled, .. }, Some(c)) => {
                let decisions = Decisions {
                    default: c,
                    ..Default::default()
                };
                block_on(sync_intent::resume(
                    &self.store,
                    &self.actor,
                    &self.reg,
                    couch,
                    *pulled,
                    Some(&decisions),
                ))?
            }
            (step, _) => step,
        };
        match step {
            SyncStep::Done {
                registry, report, ..
            } => {
                self.reg = registry;
                // What the store holds is what the copy shows.
                assert!(
                    block_on(self.store.load()).unwrap() == self.reg,
                    "what the store holds is what the copy shows, in the same order"
                );
                Ok(report)
            }
            SyncStep::Decide { prepared, .. } => Err(SyncError::Server {
                status: 0,
                reason: format!("{} conflicts wait", prepared.plan.conflicts().count()),
            }),
        }
    }

    fn conflicts_on_sync(&mut self, couch: &FakeCouch) -> Vec<String> {
        block_on(sync_intent::login(couch, self.user, self.password)).unwrap();
        match block_on(sync_intent::sync(
            &self.store,
            &self.actor,
            &self.reg,
            couch,
            SERVER,
            "",
        ))
        .unwrap()
        {
            SyncStep::Decide { prepared, .. } => prepared
                .plan
                .conflicts()
                .map(|c| format!("{}/{}", c.collection.code(), c.id))
                .collect(),
            SyncStep::Done { .. } => Vec::new(),
        }
    }

    /// Writes a registry made by hand (a deletion, a settings change) as this copy's own edit.
    fn commit(&mut self, next: Registry) {
        block_on(self.store.commit(store::batch_between(&self.reg, &next))).unwrap();
        self.reg = next;
    }

    fn edit_phone(&mut self, id: &str, phone: &str) {
        let mut h = self.reg.live::<Household>(id).unwrap().clone();
        h.phone = Some(phone.into());
        let done = block_on(jingzhun::intents::households::save(
            &self.store,
            &self.actor,
            &self.reg,
            id,
            h,
            jingzhun::msg!(saved),
        ))
        .unwrap();
        self.reg = done.registry;
    }

    fn phone(&self, id: &str) -> Option<String> {
        self.reg.live::<Household>(id).and_then(|h| h.phone.clone())
    }

    fn pending(&self, dbs: &[&str]) -> usize {
        let state = block_on(sync_intent::stored_state(&self.store, SERVER)).unwrap();
        let dbs: Vec<String> = dbs.iter().map(|s| s.to_string()).collect();
        let roles = if self.user == "county" {
            vec!["county".to_string()]
        } else {
            vec!["village".to_string(), "village:v-1".to_string()]
        };
        let sender = sync::Sender {
            roles,
            replica: self.actor.replica.clone(),
        };
        sync::pending(&self.reg, &state, &dbs, &sender)
    }
}

/// The county's server: the reference database and one per village, a county login and a
/// login for village v-1.
fn server() -> FakeCouch {
    let couch = FakeCouch::new();
    for db in ["ref", "v_v-1", "v_v-2"] {
        couch.create_db(db);
    }
    couch.add_user("county", "c-pass", &["county"]);
    couch.add_user("v_v-1", "v1-pass", &["village", "village:v-1"]);
    couch
}

/// The county copy has sent everything; the village copy holds the same base.
fn county_and_village() -> (FakeCouch, Copy, Copy) {
    let reg = base_registry();
    let couch = server();
    let mut county = Copy::county(&reg);
    let village = Copy::village(&reg);
    let report = county.sync(&couch, None).unwrap();
    assert_eq!(
        report.sent,
        reg.len() + 1,
        "the first sync sends every record, and the settings"
    );
    (couch, county, village)
}

#[test]
fn the_first_sync_puts_each_record_in_its_database() {
    let (couch, county, _) = county_and_village();
    assert!(couch.doc("v_v-1", "households:h-1").is_some());
    assert!(couch.doc("v_v-2", "households:h-2").is_some());
    assert!(couch.doc("v_v-1", "households:h-2").is_none());
    assert!(couch.doc("ref", "regions:v-1").is_some());
    let doc = couch.doc("v_v-1", "households:h-1").unwrap();
    assert_eq!(doc["collection"], json!("households"));
    assert_eq!(doc["village"], json!("v-1"));
    assert_eq!(doc["record"]["id"], json!("h-1"));
    assert!(doc["record"]["rev"].is_object());
    assert_eq!(county.pending(&["ref", "v_v-1", "v_v-2"]), 0);
}

#[test]
fn an_edit_in_the_village_appears_in_the_county_after_sync() {
    let (couch, mut county, mut village) = county_and_village();
    let first = village.sync(&couch, None).unwrap();
    assert_eq!(
        first.taken_in, 0,
        "the same records, already here: nothing to take in"
    );
    assert_eq!(first.sent, 0);
    village.edit_phone("h-1", "13900000001");
    assert_eq!(village.pending(&["ref", "v_v-1"]), 1);
    let sent = village.sync(&couch, None).unwrap();
    assert_eq!(sent.sent, 1);
    assert_eq!(village.pending(&["ref", "v_v-1"]), 0);
    let got = county.sync(&couch, None).unwrap();
    assert_eq!(got.taken_in, 1);
    assert_eq!(county.phone("h-1").as_deref(), Some("13900000001"));
    // Replayed: nothing changes, nothing is sent.
    let again = county.sync(&couch, None).unwrap();
    assert_eq!((again.taken_in, again.sent), (0, 0));
    let again = village.sync(&couch, None).unwrap();
    assert_eq!((again.taken_in, again.sent), (0, 0));
}

#[test]
fn concurrent_edits_are_a_conflict_and_the_choice_converges_both_copies() {
    let (couch, mut county, mut village) = county_and_village();
    village.sync(&couch, None).unwrap();
    village.edit_phone("h-1", "13900000001");
    county.edit_phone("h-1", "13800000002");
    village.sync(&couch, None).unwrap();
    assert_eq!(county.conflicts_on_sync(&couch), vec!["households/h-1"]);
    // Nothing was taken in while the person had not decided.
    assert_eq!(county.phone("h-1").as_deref(), Some("13800000002"));
    county.sync(&couch, Some(Choice::Incoming)).unwrap();
    assert_eq!(county.phone("h-1").as_deref(), Some("13900000001"));
    village.sync(&couch, None).unwrap();
    let (a, b) = (
        county.reg.record::<Household>("h-1").unwrap(),
        village.reg.record::<Household>("h-1").unwrap(),
    );
    assert_eq!(a, b, "both copies hold the same version, vector and all");
    assert_eq!(county.pending(&["v_v-1"]), 0);
    assert_eq!(village.pending(&["v_v-1"]), 0);
}

#[test]
fn a_deletion_against_an_edit_is_a_conflict_not_a_silent_loss() {
    let (couch, mut county, mut village) = county_and_village();
    village.sync(&couch, None).unwrap();
    village.edit_phone("h-1", "13900000001");
    // The county deletes the household (a tombstone that still says where it was).
    let mut gone = (*county.reg.households[0]).clone();
    assert_eq!(gone.id, "h-1");
    gone.village_id = gone.body.as_ref().map(|b| b.village_id.clone());
    gone.body = None;
    gone.bump(&county.actor.replica, &county.actor.now);
    let mut next = county.reg.clone();
    next.put(gone);
    county.commit(next);
    county.sync(&couch, None).unwrap();
    let doc = couch.doc("v_v-1", "households:h-1").unwrap();
    assert_eq!(
        doc["record"]["deleted"],
        json!(true),
        "a tombstone document, not _deleted"
    );
    assert_eq!(village.conflicts_on_sync(&couch), vec!["households/h-1"]);
    village.sync(&couch, Some(Choice::Local)).unwrap();
    assert_eq!(village.phone("h-1").as_deref(), Some("13900000001"));
    county.sync(&couch, None).unwrap();
    assert_eq!(
        county.phone("h-1").as_deref(),
        Some("13900000001"),
        "the edit kept wins back"
    );
}

#[test]
fn a_village_login_cannot_write_another_village_nor_the_reference_records() {
    let (couch, _, mut village) = county_and_village();
    // A direct write into another village's database: refused by membership.
    couch.act_as(Some("v_v-1"));
    let read = block_on(couch.send(jingzhun::sync::couch::Request {
        method: "GET",
        path: "/v_v-2/households:h-2".into(),
        body: None,
    }))
    .unwrap();
    assert_eq!(
        read.status, 403,
        "a village login cannot even read another village"
    );
    let r = block_on(couch.send(jingzhun::sync::couch::Request {
        method: "POST",
        path: "/v_v-2/_bulk_docs".into(),
        body: Some(json!({"docs": [{"_id": "households:h-9"}]}).to_string()),
    }))
    .unwrap();
    assert_eq!(r.status, 403);
    // A record of village v-2 written into v-1's own database: refused by its rules, saying why.
    let mut h2 = couch.doc("v_v-2", "households:h-2").unwrap();
    h2["_id"] = json!("households:h-2");
    let r = block_on(couch.send(jingzhun::sync::couch::Request {
        method: "POST",
        path: "/v_v-1/_bulk_docs".into(),
        body: Some(json!({ "docs": [h2] }).to_string()),
    }))
    .unwrap();
    assert!(r.body.contains("belongs to village v-2"), "{}", r.body);
    // Through the app: the village edits a reference record (a region); the server refuses it
    // and says why, the village's own edit still goes.
    village.sync(&couch, None).unwrap();
    village.edit_phone("h-1", "13900000001");
    let mut region = village.reg.live::<Region>("v-1").unwrap().clone();
    region.name = "改名村".into();
    let mut next = village.reg.clone();
    next.set("v-1", region, &village.actor.replica, &village.actor.now);
    village.commit(next);
    match village.sync(&couch, None) {
        Err(SyncError::Refused { doc, reason }) => {
            assert_eq!(doc, "regions:v-1");
            assert!(reason.contains("only the county office"), "{reason}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let h1 = couch.doc("v_v-1", "households:h-1").unwrap();
    assert_eq!(h1["record"]["phone"], json!("13900000001"));
    assert_eq!(village.pending(&["v_v-1"]), 0);
    assert_eq!(
        village.pending(&["ref"]),
        1,
        "the refused change waits, it is not lost"
    );
}

#[test]
fn the_network_dropped_mid_sync_loses_nothing_and_the_next_sync_resumes() {
    let reg = base_registry();
    for cut in 1..8 {
        let couch = server();
        let mut county = Copy::county(&reg);
        block_on(sync_intent::login(&couch, "county", "c-pass")).unwrap();
        couch.drop_after.set(Some(cut));
        let first = county.sync(&couch, None);
        couch.offline.set(false);
        couch.drop_after.set(None);
        assert!(
            matches!(first, Err(SyncError::Offline)) || first.is_ok(),
            "cut after {cut}: {first:?}"
        );
        county.sync(&couch, None).unwrap();
        assert!(county.reg == block_on(county.store.load()).unwrap());
        let on_server = couch.count("ref") + couch.count("v_v-1") + couch.count("v_v-2");
        assert_eq!(
            on_server,
            reg.len() + 1,
            "cut after {cut}: every record once, and the settings"
        );
        assert_eq!(county.pending(&["ref", "v_v-1", "v_v-2"]), 0);
    }
}

#[test]
fn the_same_change_by_file_and_by_sync_is_no_conflict() {
    let (couch, mut county, mut village) = county_and_village();
    village.sync(&couch, None).unwrap();
    village.edit_phone("h-1", "13900000001");
    // The village sends a file to the county and syncs too.
    let file = exchange::export(
        &village.reg,
        Some("v-1"),
        "2026-12-02T09:00:00Z",
        "village",
        Date::parse("2026-12-02").unwrap(),
    );
    let prepared = exchange::prepare_import(&county.reg, file.json.as_bytes()).unwrap();
    let done = block_on(jingzhun::intents::registry::import(
        &county.store,
        &county.actor,
        &county.reg,
        &prepared,
        &Decisions::default(),
        "village.json",
    ))
    .unwrap();
    county.reg = done.registry;
    village.sync(&couch, None).unwrap();
    assert!(county.conflicts_on_sync(&couch).is_empty());
    let r = county.sync(&couch, None).unwrap();
    assert_eq!(r.sent, 0, "nothing the server does not have");
    assert_eq!(county.phone("h-1").as_deref(), Some("13900000001"));
}

#[test]
fn couchdb_branches_a_version_has_seen_are_taken_and_pruned() {
    let (couch, mut county, _) = county_and_village();
    // A branch beside the winner (as a server-side replication makes), whose vector has seen
    // the winner's: it is the version to take, and the county prunes it.
    let mut doc = couch.doc("v_v-1", "households:h-1").unwrap();
    doc["record"]["phone"] = json!("13700000003");
    doc["record"]["rev"]["rother00000000000000000000000000000"] = json!(1);
    couch.add_branch("v_v-1", "households:h-1", doc);
    county.sync(&couch, None).unwrap();
    assert_eq!(county.phone("h-1").as_deref(), Some("13700000003"));
    assert_eq!(couch.branches("v_v-1", "households:h-1"), 0, "pruned");
    assert_eq!(
        couch.doc("v_v-1", "households:h-1").unwrap()["record"]["phone"],
        json!("13700000003")
    );
}

#[test]
fn a_document_that_breaks_the_rules_is_refused_by_path_and_changes_nothing() {
    let (couch, _, mut village) = county_and_village();
    let mut doc = couch.doc("v_v-1", "households:h-1").unwrap();
    doc["record"]["members"] = json!(7);
    doc["record"]["rev"]["rbad000000000000000000000000000000"] = json!(1);
    couch.act_as(Some("county"));
    let current = block_on(couch.send(jingzhun::sync::couch::Request {
        method: "GET",
        path: "/v_v-1/households:h-1".into(),
        body: None,
    }))
    .unwrap();
    let rev: serde_json::Value = serde_json::from_str(&current.body).unwrap();
    doc["_id"] = json!("households:h-1");
    doc["_rev"] = rev["_rev"].clone();
    block_on(couch.send(jingzhun::sync::couch::Request {
        method: "POST",
        path: "/v_v-1/_bulk_docs".into(),
        body: Some(json!({ "docs": [doc] }).to_string()),
    }))
    .unwrap();
    let before = village.reg.clone();
    match village.sync(&couch, None) {
        Err(SyncError::Problems(p)) => {
            assert!(p[0].to_string().contains("households:h-1"), "{}", p[0]);
            assert!(p[0].to_string().contains("members"), "{}", p[0]);
        }
        other => panic!("expected problems, got {other:?}"),
    }
    assert_eq!(village.reg, before);
    let state = block_on(sync_intent::stored_state(&village.store, SERVER)).unwrap();
    assert!(
        state.since.is_empty(),
        "no checkpoint past what was not taken in"
    );
}

#[test]
fn a_county_login_syncs_every_village_and_a_village_login_its_own() {
    let reg = base_registry();
    let roles = |r: &[&str]| r.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        sync::databases("", &roles(&["county"]), &reg),
        vec!["ref", "v_v-1", "v_v-2"]
    );
    assert_eq!(
        sync::databases("", &roles(&["village", "village:v-1"]), &reg),
        vec!["ref", "v_v-1"]
    );
    assert_eq!(
        sync::databases("v_v-2, ref", &[], &reg),
        vec!["v_v-2", "ref"]
    );
    assert_eq!(sync::databases("v_*", &[], &reg), vec!["v_v-1", "v_v-2"]);
}

#[test]
fn the_checkpoint_reads_back_and_belongs_to_its_server() {
    let mut s = SyncState {
        server: SERVER.into(),
        ..Default::default()
    };
    s.since.insert("ref".into(), "12-abc".into());
    let text = s.to_json();
    assert_eq!(SyncState::from_json(Some(&text), SERVER), s);
    assert_eq!(
        SyncState::from_json(Some(&text), "https://other")
            .since
            .len(),
        0
    );
    assert_eq!(
        SyncState::from_json(Some("not json"), SERVER).since.len(),
        0
    );
}

proptest! {
    /// Every village id has one database name, in CouchDB's alphabet, and back.
    #[test]
    fn village_database_names_are_one_to_one(id in "\\PC{1,12}") {
        let db = sync::village_db(&id);
        prop_assert!(db.bytes().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'$' | b'(' | b')' | b'-')));
        prop_assert_eq!(sync::village_of_db(&db), Some(id));
    }

}

/// Every record of the demo county travels as its document and comes back the same.
#[test]
fn every_record_comes_back_from_its_document() {
    let reg = jingzhun::domain::demo::county();
    let state = SyncState::default();
    let homes = sync::Homes::of(&reg);
    let mut n = 0;
    homes.each_changed(&state, |r, db| {
        let doc = sync::to_doc(&r, &homes.home(&r).unwrap(), None);
        assert_eq!(sync::from_doc(&db, &doc).unwrap(), r);
        n += 1;
    });
    assert_eq!(n, reg.len());
}

/// A village that syncs before the county has: its own records go to its database; the
/// reference records it holds from the county's file are the county's to send, not refused.
#[test]
fn a_village_first_on_the_server_sends_its_own_records_only() {
    let reg = base_registry();
    let couch = server();
    let mut village = Copy::village(&reg);
    let report = village.sync(&couch, None).unwrap();
    assert!(report.refused.is_empty());
    assert!(couch.doc("v_v-1", "households:h-1").is_some());
    assert_eq!(
        couch.count("ref"),
        0,
        "neither records nor settings of the county's"
    );
    assert_eq!(village.pending(&["ref", "v_v-1"]), 0);
    let mut county = Copy::county(&reg);
    let r = county.sync(&couch, None).unwrap();
    assert_eq!(r.taken_in, 0, "the same records: nothing new");
    assert!(couch.count("ref") > 0);
}

/// An empty copy with the county's login learns the villages from the reference database and
/// takes in every village's records in one sync.
#[test]
fn an_empty_county_copy_takes_in_every_village_in_one_sync() {
    let (couch, county, _) = county_and_village();
    let mut fresh = Copy::new(
        "rfresh00000000000000000000000000000",
        "county",
        "c-pass",
        &Registry::default(),
    );
    let r = fresh.sync(&couch, None).unwrap();
    assert_eq!(
        r.taken_in,
        county.reg.len() + 1,
        "every record, and the settings"
    );
    assert_eq!(fresh.reg, county.reg);
    assert_eq!(r.sent, 0);
}

/// Settings travel in one document of the reference database: a copy that did not change its own
/// takes the server's; one that did sends its own.
#[test]
fn the_settings_travel_and_a_copy_that_changed_its_own_sends_them() {
    let (couch, mut county, mut village) = county_and_village();
    village.sync(&couch, None).unwrap();
    let mut next = county.reg.clone();
    next.settings
        .poverty_lines
        .insert(2018, jingzhun::domain::money::Fen(330_000));
    county.commit(next);
    assert_eq!(county.pending(&["ref"]), 1, "the settings wait to be sent");
    county.sync(&couch, None).unwrap();
    assert_eq!(county.pending(&["ref"]), 0);
    village.sync(&couch, None).unwrap();
    assert_eq!(
        village.reg.settings.poverty_lines.get(&2018),
        Some(&jingzhun::domain::money::Fen(330_000))
    );
    assert_eq!(village.reg.settings, county.reg.settings);
}

/// A county large enough that every village database is read in several pages (and each page
/// holds the design document too): an empty copy takes in exactly the county that was sent.
#[test]
fn a_county_of_thousands_goes_through_in_pages_and_comes_back_whole() {
    let reg = jingzhun::domain::demo::large_county_with_villages(2_000, 2);
    let couch = FakeCouch::new();
    couch.create_db("ref");
    for r in reg.regions.iter().filter(|r| {
        r.live()
            .is_some_and(|b| b.kind == jingzhun::domain::codes::RegionKind::Village)
    }) {
        couch.create_db(&sync::village_db(&r.id));
    }
    couch.add_user("county", "c-pass", &["county"]);
    let mut office = Copy::county(&reg);
    let docs = reg.len() + usize::from(sync::settings_doc(&reg.settings, None).is_some());
    let sent = office.sync(&couch, None).unwrap();
    assert_eq!(sent.sent, docs);
    let mut fresh = Copy::new(
        "rfresh00000000000000000000000000000",
        "county",
        "c-pass",
        &Registry::default(),
    );
    let got = fresh.sync(&couch, None).unwrap();
    assert_eq!(got.read, docs);
    assert!(
        fresh.reg == office.reg,
        "the same county, record for record"
    );
    // An empty copy of one village's cadre: its village and the reference records, whole by
    // every rule (its helpers, the payments for its orders, its members of mutual-aid funds).
    let village = reg
        .regions
        .iter()
        .find(|r| {
            r.live()
                .is_some_and(|b| b.kind == jingzhun::domain::codes::RegionKind::Village)
        })
        .unwrap()
        .id
        .clone();
    let user: &'static str = Box::leak(sync::village_db(&village).into_boxed_str());
    couch.add_user(user, "v-pass", &["village", &format!("village:{village}")]);
    let mut cadre = Copy::new(
        "rcadre00000000000000000000000000000",
        user,
        "v-pass",
        &Registry::default(),
    );
    cadre.sync(&couch, None).unwrap();
    let own = |r: &Registry| {
        r.households
            .iter()
            .filter(|h| h.live().is_some_and(|b| b.village_id == village))
            .count()
    };
    assert_eq!(own(&cadre.reg), own(&reg));
    assert_eq!(
        cadre.reg.households.len(),
        own(&reg),
        "no other village's households"
    );
    assert!(jingzhun::exchange::rules::check_links(&cadre.reg, None).is_empty());
}

/// A helper who helps households of two villages lives in the reference database, where both
/// villages read them; one who helps only in their own village lives in its database.
#[test]
fn a_helper_of_two_villages_lives_where_both_can_read_them() {
    let mut reg = base_registry();
    let mut helper = (*reg.helpers[0]).clone();
    helper.body.as_mut().unwrap().region_id = Some("v-1".into());
    reg.put(helper);
    let home = |reg: &Registry| {
        let r = reg.any(Collection::Helpers, "p-1").unwrap();
        sync::Homes::of(reg).home(&r)
    };
    // p-1 is of v-1 and helps h-2 of v-2.
    assert_eq!(home(&reg), Some(sync::Home::Reference));
    let mut pairing = (*reg.pairings[0]).clone();
    pairing.body.as_mut().unwrap().household_id = "h-1".into();
    reg.put(pairing);
    assert_eq!(home(&reg), Some(sync::Home::Village("v-1".into())));
}

/// The server's address: a path on the app's origin or a full address on it; another origin is
/// refused in words (the page's Content-Security-Policy would block it as if offline).
#[test]
fn the_server_address_must_be_on_the_apps_origin() {
    let page = "https://ledger.example.gov.cn";
    assert_eq!(
        sync::server_address(" /couchdb/ ", page),
        Ok("/couchdb".into())
    );
    assert_eq!(
        sync::server_address("https://ledger.example.gov.cn/couchdb", page),
        Ok("https://ledger.example.gov.cn/couchdb".into())
    );
    assert_eq!(sync::server_address("", page), Err(SyncError::NotSet));
    for other in [
        "http://10.0.0.5:5984",
        "//evil.example/couchdb",
        "https://ledger.example.gov.cn.evil.example/couchdb",
        "couchdb",
    ] {
        assert!(
            matches!(
                sync::server_address(other, page),
                Err(SyncError::Address(_))
            ),
            "{other}"
        );
    }
}
