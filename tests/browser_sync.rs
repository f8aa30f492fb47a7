//! Sync in real headless Chromium: two browser profiles — a village cadre of v-1 and the county
//! office — and a CouchDB-protocol server (pouchdb-server, set up by `scripts/couchdb-setup`)
//! behind the app's own origin at `/couchdb/`, as the recommended deployment has it. An edit in
//! the village appears in the county; the same records imported by file in both copies are no
//! conflict; concurrent edits are a conflict with both versions, and the choice converges both
//! copies; a village login is refused another village's database and its rules refuse a record
//! of another village, saying why; the network cut mid-sync loses nothing and the next sync
//! finishes the job.

mod support;

use serde_json::json;
use support::couch::Couch;
use support::*;

fn base_file() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/valid-base.json")
}

/// The app served with `/couchdb/` forwarded to a fresh server set up for the base registry.
fn served() -> Option<(Server, Couch)> {
    if !enabled() {
        return None;
    }
    let couch = Couch::start(&base_file());
    let server = Server::start(dist_dir());
    server
        .proxy
        .port
        .store(couch.port, std::sync::atomic::Ordering::SeqCst);
    Some((server, couch))
}

/// A browser profile holding the base registry (imported from the same file as the other).
fn copy_with_base(s: &Server) -> Browser {
    let b = Browser::start();
    import_base(&b, s);
    b
}

/// Sets the sync settings in Settings → 同步 and syncs once (logging in with the password).
fn set_up_sync(b: &Browser, s: &Server, user: &str, password: &str, dbs: &str) -> String {
    b.goto(&s.url("/settings"));
    wait_ready(b);
    b.wait("[data-control=sync-url]", 20);
    set_field_control(b, "sync-url", "/couchdb");
    set_field_control(b, "sync-user", user);
    // Emptied as a person would (an input event), so the form takes it.
    b.js(
        "const el = document.querySelector('[data-control=sync-db]'); el.value = ''; el.dispatchEvent(new Event('input', {bubbles: true})); return true;",
        json!([]),
    );
    if !dbs.is_empty() {
        b.type_into("[data-control=sync-db]", dbs);
    }
    b.type_into("[data-control=sync-password]", password);
    press_sync(b)
}

/// Clicks 立即同步 (on Settings) and waits for the sync to end; its `sync_state`.
fn press_sync(b: &Browser) -> String {
    if !b.current_url().ends_with("/settings") {
        b.js("history.pushState(null, '', '/settings'); dispatchEvent(new PopStateEvent('popstate')); return true;", json!([]));
        b.wait("[data-control=sync-now]", 20);
    }
    // Only the end of this sync counts: the status line counts the syncs that ended.
    let runs = b
        .attr("[data-metric=sync_state]", "data-runs")
        .unwrap_or_default();
    b.click("[data-control=sync-now]");
    b.wait_until(
        &format!(
            "return document.querySelector('[data-metric=sync_state]').dataset.runs !== '{runs}'"
        ),
        120,
        "the sync ended",
    );
    b.attr("[data-metric=sync_state]", "data-value").unwrap()
}

/// How many records of the base registry each database holds, by the app's own routing.
fn expected(db: &str) -> usize {
    let bytes = std::fs::read(base_file()).unwrap();
    let reg = jingzhun::exchange::parse(&bytes, None).unwrap().registry;
    let homes = jingzhun::sync::Homes::of(&reg);
    let mut n = 0;
    homes.each_changed(&jingzhun::sync::SyncState::default(), |_, d| {
        n += usize::from(d == db);
    });
    // The reference database also holds the registry's settings, in one document.
    n + usize::from(db == jingzhun::sync::REFERENCE_DB)
}

fn status_text(b: &Browser) -> String {
    b.text("[data-metric=sync_state]")
}

fn edit_phone(b: &Browser, s: &Server, id: &str, phone: &str) {
    b.goto(&s.url(&format!("/households/{id}/edit")));
    wait_ready(b);
    let css = "[data-field='phone']";
    b.wait(css, 20);
    b.clear(css);
    b.type_into(css, phone);
    b.wait("[data-state=valid]", 10);
    b.click("[data-control=save-household]");
    b.wait("[data-household]", 30);
}

fn phone_shown(b: &Browser, s: &Server, id: &str) -> String {
    b.goto(&s.url(&format!("/households/{id}")));
    wait_ready(b);
    b.wait("[data-fact=phone]", 20);
    b.text("[data-fact=phone]")
}

#[test]
fn a_village_edit_reaches_the_county_and_concurrent_edits_converge_by_a_choice() {
    let Some((s, couch)) = served() else { return };
    let county = copy_with_base(&s);
    let village = copy_with_base(&s);
    assert_eq!(
        set_up_sync(&county, &s, "county", &couch.password("county"), ""),
        "done",
        "{}",
        status_text(&county)
    );
    assert_eq!(county.metric("sync_pending"), "0");
    assert!(couch.doc("v_v-1", "households:h-1").is_some());
    assert!(couch.doc("v_v-2", "households:h-2").is_some());
    for db in ["ref", "v_v-1", "v_v-2"] {
        assert_eq!(couch.records(db), expected(db), "{db} holds its records");
    }
    // The village's copy came from the same file: syncing it is no conflict and sends nothing.
    assert_eq!(
        set_up_sync(&village, &s, "v_v-1", &couch.password("v_v-1"), ""),
        "done",
        "{}",
        status_text(&village)
    );
    assert_eq!(village.metric("sync_pending"), "0");
    assert!(
        village.text("[data-card=sync]").contains("ref, v_v-1"),
        "a village login syncs its own database and the reference one"
    );

    // An edit in the village appears in the county after both sync.
    edit_phone(&village, &s, "h-1", "13900000001");
    village.goto(&s.url("/settings"));
    wait_ready(&village);
    village.wait("[data-metric=sync_pending]", 20);
    assert_eq!(village.metric("sync_pending"), "1");
    assert_eq!(
        village.text("[data-sync-badge]"),
        "待同步 1",
        "the top bar says so too"
    );
    assert_eq!(press_sync(&village), "done");
    assert_eq!(village.text("[data-sync-badge]"), "待同步 0");
    assert_eq!(village.metric("sync_pending"), "0");
    assert_eq!(
        couch.doc("v_v-1", "households:h-1").unwrap()["record"]["phone"],
        json!("13900000001")
    );
    assert_eq!(press_sync(&county), "done");
    assert_eq!(phone_shown(&county, &s, "h-1"), "13900000001");

    // Both edit the same household before syncing: a conflict with both versions.
    edit_phone(&village, &s, "h-1", "13900000002");
    edit_phone(&county, &s, "h-1", "13800000003");
    assert_eq!(press_sync(&village), "done");
    assert_eq!(press_sync(&county), "idle", "{}", status_text(&county));
    let conflict = "[data-sync=conflicts] [data-conflict='households/h-1']";
    county.wait(conflict, 20);
    let both = county.text(conflict);
    assert!(
        both.contains("13900000002") && both.contains("13800000003"),
        "{both}"
    );
    // Nothing was taken in while the person had not decided.
    assert_eq!(county.metric("sync_pending"), "1");
    county.click("[data-control=conflicts-file]");
    county.click("[data-control=sync-apply]");
    county.wait_until(
        "return document.querySelector('[data-metric=sync_state]').dataset.value === 'done'",
        60,
        "the sync went on after the choice",
    );
    assert_eq!(county.metric("sync_pending"), "0");
    assert_eq!(phone_shown(&county, &s, "h-1"), "13900000002");
    assert_eq!(press_sync(&village), "done");
    assert_eq!(village.metric("sync_pending"), "0");
    assert_eq!(phone_shown(&village, &s, "h-1"), "13900000002");
    // Both hold the same version: another sync on either side sends nothing.
    assert_eq!(press_sync(&county), "done");
    assert_eq!(county.metric("sync_pending"), "0");
}

#[test]
fn a_village_login_cannot_use_another_village_and_is_told_why() {
    let Some((s, couch)) = served() else { return };
    let village = copy_with_base(&s);
    let pw = couch.password("v_v-1");
    assert_eq!(set_up_sync(&village, &s, "v_v-1", &pw, "v_v-2"), "error");
    let said = status_text(&village);
    assert!(said.contains("v_v-2"), "the database named: {said}");
    // A wrong password is told as such.
    assert_eq!(set_up_sync(&village, &s, "v_v-1", "wrong", ""), "error");
    assert!(
        status_text(&village).contains("密码"),
        "{}",
        status_text(&village)
    );
    // A server on another origin is refused when typed, saying where it must be.
    set_field_control(&village, "sync-url", "http://10.0.0.5:5984");
    assert_eq!(press_sync(&village), "error");
    assert!(
        status_text(&village).contains("/couchdb"),
        "{}",
        status_text(&village)
    );
    // Logged in, then out (a shared phone): the next sync asks for the password again.
    assert_eq!(
        set_up_sync(&village, &s, "v_v-1", &pw, ""),
        "done",
        "{}",
        status_text(&village)
    );
    village.click("[data-control=sync-logout]");
    village.wait_until(
        "return document.querySelector('[data-metric=sync_state]').textContent.includes('退出')",
        20,
        "logged out",
    );
    assert_eq!(press_sync(&village), "error");
    assert!(
        status_text(&village).contains("密码"),
        "{}",
        status_text(&village)
    );
    // The village database's own rules, on direct writes (not through the app): a record of
    // village v-2 written into v-1's database is refused, and the reason says whose it is; a
    // write over a version it has not seen is refused as based on an older one.
    let bytes = std::fs::read(base_file()).unwrap();
    let reg = jingzhun::exchange::parse(&bytes, None).unwrap().registry;
    let doc_of = |id: &str| {
        let r = reg
            .any(jingzhun::domain::model::Collection::Households, id)
            .unwrap();
        let homes = jingzhun::sync::Homes::of(&reg);
        jingzhun::sync::to_doc(&r, &homes.home(&r).unwrap(), None)
    };
    let (status, answer) = couch.request(
        "PUT",
        "/v_v-1/households:h-2",
        Some(doc_of("h-2")),
        ("v_v-1", &pw),
    );
    assert_eq!(status, 403, "{answer}");
    let reason = answer["reason"].as_str().unwrap_or("");
    assert!(reason.contains("v-2") && reason.contains("v-1"), "{answer}");
    // h-1 is on the server now (the village's own sync sent it): a write over it with a vector
    // that has not seen the stored one is refused.
    let stored = couch
        .doc("v_v-1", "households:h-1")
        .expect("sent by the village's sync");
    let mut older = doc_of("h-1");
    older["_rev"] = stored["_rev"].clone();
    older["record"]["rev"] = json!({"rsomeone0000000000000000000000000": 1});
    let (status, answer) =
        couch.request("PUT", "/v_v-1/households:h-1", Some(older), ("v_v-1", &pw));
    assert_eq!(status, 403, "{answer}");
    assert!(
        answer["reason"].as_str().unwrap_or("").contains("older"),
        "{answer}"
    );
}

#[test]
fn the_network_cut_mid_sync_loses_nothing_and_the_next_sync_finishes() {
    let Some((s, couch)) = served() else { return };
    let county = copy_with_base(&s);
    // The first sync: the login, the session, three change feeds, the reference records sent,
    // then the line drops while the villages' are sent.
    s.proxy.cut_after(6);
    assert_eq!(
        set_up_sync(&county, &s, "county", &couch.password("county"), ""),
        "error"
    );
    assert!(
        status_text(&county).contains("连不上"),
        "{}",
        status_text(&county)
    );
    let pending = county.metric("sync_pending").parse::<usize>().unwrap();
    assert!(pending > 0, "what was not sent still waits");
    s.proxy.restore();
    assert_eq!(press_sync(&county), "done", "{}", status_text(&county));
    assert_eq!(county.metric("sync_pending"), "0");
    for db in ["ref", "v_v-1", "v_v-2"] {
        assert_eq!(couch.records(db), expected(db), "{db}: every record once");
    }
    // The checkpoint was kept with the records: after a reload nothing waits.
    county.refresh();
    wait_ready(&county);
    county.wait("[data-metric=sync_pending]", 20);
    county.wait_until(
        "return document.querySelector('[data-metric=sync_pending]').dataset.value === '0'",
        20,
        "nothing waits after a reload",
    );
}

/// A file that deletes household h-1 (and its order), as another copy would send it.
fn deleting_file() -> std::path::PathBuf {
    let mut v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(base_file()).unwrap()).unwrap();
    v["version"] = json!(2);
    let gone = |r: &serde_json::Value, village: Option<&str>| {
        let mut rev = r["rev"].clone();
        rev["rfile0000000000000000000000000000"] = json!(1);
        let mut t = json!({"id": r["id"], "rev": rev, "updated_at": "2026-12-02T00:00:00Z", "deleted": true});
        if let Some(v) = village {
            t["village_id"] = json!(v);
        }
        t
    };
    let h1 = v["households"][0].clone();
    assert_eq!(h1["id"], json!("h-1"));
    v["households"][0] = gone(&h1, Some("v-1"));
    let a1 = v["assistance"][0].clone();
    assert_eq!(a1["household_id"], json!("h-1"));
    v["assistance"][0] = gone(&a1, None);
    write_temp("deleting-h1.json", v.to_string().as_bytes())
}

#[test]
fn a_deletion_against_an_edit_is_a_conflict_not_a_silent_loss() {
    let Some((s, couch)) = served() else { return };
    let county = copy_with_base(&s);
    let village = copy_with_base(&s);
    assert_eq!(
        set_up_sync(&county, &s, "county", &couch.password("county"), ""),
        "done"
    );
    assert_eq!(
        set_up_sync(&village, &s, "v_v-1", &couch.password("v_v-1"), ""),
        "done"
    );
    // The county takes in a file that deletes h-1; the village edits h-1 meanwhile.
    county.goto(&s.url("/exchange"));
    wait_ready(&county);
    county.type_into(
        "[data-control=import-file]",
        deleting_file().to_str().unwrap(),
    );
    county.click("[data-control=import-apply]");
    county.wait("[data-notice=ok]", 60);
    edit_phone(&village, &s, "h-1", "13900000004");
    assert_eq!(press_sync(&county), "done", "{}", status_text(&county));
    let doc = couch.doc("v_v-1", "households:h-1").unwrap();
    assert_eq!(
        doc["record"]["deleted"],
        json!(true),
        "a tombstone document"
    );
    assert!(
        doc.get("_deleted").is_none(),
        "never CouchDB's own deletion"
    );
    // The village's sync meets the deletion: both versions are shown, nothing is lost.
    assert_eq!(press_sync(&village), "idle", "{}", status_text(&village));
    let conflict = "[data-sync=conflicts] [data-conflict='households/h-1']";
    village.wait(conflict, 20);
    assert!(village.text(conflict).contains("13900000004"));
    assert!(village.text(conflict).contains("deleted"));
    village.click("[data-control=conflicts-mine]");
    village.click("[data-control=sync-apply]");
    village.wait_until(
        "return document.querySelector('[data-metric=sync_state]').dataset.value === 'done'",
        60,
        "the sync went on after the choice",
    );
    assert_eq!(press_sync(&county), "done");
    assert_eq!(
        phone_shown(&county, &s, "h-1"),
        "13900000004",
        "the kept edit came back"
    );
}

#[test]
fn a_copy_syncs_by_itself_when_the_network_comes_back() {
    let Some((s, couch)) = served() else { return };
    let village = copy_with_base(&s);
    assert_eq!(
        set_up_sync(&village, &s, "v_v-1", &couch.password("v_v-1"), ""),
        "done"
    );
    let offline = |on: bool| {
        village.cdp("Network.enable", json!({}));
        village.cdp(
            "Network.emulateNetworkConditions",
            json!({"offline": on, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}),
        );
    };
    // Offline is after a first visit: the service worker has kept the build (every page's
    // module), as on a phone that was online once.
    support::wait_service_worker(&village);
    offline(true);
    village.wait_until(
        "return navigator.onLine === false",
        10,
        "the browser is offline",
    );
    edit_phone(&village, &s, "h-1", "13900000005");
    village.js(
        "history.pushState(null, '', '/settings'); dispatchEvent(new PopStateEvent('popstate')); return true;",
        json!([]),
    );
    village.wait("[data-metric=sync_pending]", 20);
    assert_eq!(
        village.metric("sync_pending"),
        "1",
        "the edit waits while offline"
    );
    offline(false);
    village.wait_until(
        "return document.querySelector('[data-metric=sync_pending]').dataset.value === '0'",
        60,
        "synced by itself once online",
    );
    assert_eq!(
        couch.doc("v_v-1", "households:h-1").unwrap()["record"]["phone"],
        json!("13900000005")
    );
}
