//! Sync benchmark (prints numbers; not a test). Run with `scripts/dev.sh bench` after a release
//! build. A generated county (20,000 households in 100 villages by default) and pouchdb-server
//! behind the app's origin, set up by `scripts/couchdb-setup`, in headless Chromium:
//! - the county office's copy, holding the county from a file, sends everything (first push);
//! - an empty county copy takes everything in (first pull), until the overview is painted;
//! - an empty copy of one village's cadre takes in its village (about 200 households).
//!
//! Each as documents per second and seconds to painted figures. pouchdb-server in memory is a
//! stand-in: a CouchDB 3 on a server's disk is slower to write and faster to read.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Instant;

use jingzhun::domain::codes::RegionKind;
use jingzhun::domain::demo;
use jingzhun::exchange;
use support::couch::Couch;
use support::{Browser, Server};

fn sync_once(b: &Browser, s: &Server, user: &str, password: &str) -> f64 {
    b.goto(&s.url("/settings"));
    support::wait_ready(b);
    b.wait("[data-control=sync-url]", 30);
    support::set_field_control(b, "sync-url", "/couchdb");
    support::set_field_control(b, "sync-user", user);
    b.type_into("[data-control=sync-password]", password);
    let runs = b
        .attr("[data-metric=sync_state]", "data-runs")
        .unwrap_or_default();
    let t = Instant::now();
    b.click("[data-control=sync-now]");
    b.wait_until(
        &format!(
            "return document.querySelector('[data-metric=sync_state]').dataset.runs !== '{runs}'"
        ),
        3_600,
        "the sync ended",
    );
    let secs = t.elapsed().as_secs_f64();
    let state = b.attr("[data-metric=sync_state]", "data-value").unwrap();
    assert_eq!(state, "done", "{}", b.text("[data-metric=sync_state]"));
    secs
}

fn painted(b: &Browser, s: &Server) -> f64 {
    let t = Instant::now();
    b.goto(&s.url("/"));
    b.wait("[data-metric=poor_households]", 600);
    t.elapsed().as_secs_f64()
}

fn main() {
    let households: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20_000);
    let villages: usize = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100);
    let reg = demo::large_county_with_villages(households, villages);
    let text = exchange::to_json(&reg, "2017-10-23T08:00:00Z", "bench", None);
    let file = support::write_temp("sync-bench.json", text.as_bytes());
    let village = reg
        .regions
        .iter()
        .find(|r| r.live().is_some_and(|b| b.kind == RegionKind::Village))
        .expect("a village")
        .id
        .clone();
    let in_village = reg
        .households
        .iter()
        .filter(|h| h.live().is_some_and(|b| b.village_id == village))
        .count();
    println!(
        "county: {} households in {villages} villages, {} records, {:.1} MB of JSON",
        reg.households.len(),
        reg.len(),
        text.len() as f64 / 1e6
    );
    let t = Instant::now();
    let couch = Couch::start(&file);
    println!(
        "server set up (pouchdb-server, couchdb-setup): {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let server = Server::start(support::dist_dir());
    server
        .proxy
        .port
        .store(couch.port, std::sync::atomic::Ordering::SeqCst);
    let county_pw = couch.password("county");

    // The county office's copy, holding the county from its file, sends everything.
    let office = Browser::start();
    office.goto(&server.url("/exchange"));
    support::wait_ready(&office);
    office.type_into("[data-control=import-file]", file.to_str().unwrap());
    office.click("[data-control=import-apply]");
    office.wait("[data-notice=ok]", 600);
    let push = sync_once(&office, &server, "county", &county_pw);
    let docs = reg.len() + 1;
    println!(
        "first sync of the county office (push): {docs} documents in {push:.1} s = {:.0} documents/s",
        docs as f64 / push
    );
    drop(office);

    // An empty county copy takes everything in.
    let fresh = Browser::start();
    fresh.goto(&server.url("/"));
    support::wait_ready(&fresh);
    let pull = sync_once(&fresh, &server, "county", &county_pw);
    let paint = painted(&fresh, &server);
    println!(
        "first sync of an empty county copy (pull): {docs} documents in {pull:.1} s = {:.0} documents/s; figures painted {:.1} s later ({:.1} s in all)",
        docs as f64 / pull,
        paint,
        pull + paint
    );
    drop(fresh);

    // An empty copy of one village's cadre.
    let user = jingzhun::sync::village_db(&village);
    let cadre = Browser::start();
    cadre.goto(&server.url("/"));
    support::wait_ready(&cadre);
    let pw = couch.password(&user);
    let pull = sync_once(&cadre, &server, &user, &pw);
    let paint = painted(&cadre, &server);
    println!(
        "first sync of an empty village copy ({in_village} households, its database and ref): {pull:.1} s; figures painted {paint:.1} s later"
    );
}
