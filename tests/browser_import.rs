//! A county's file imported through the interface is read in the file worker: the page tells
//! how far it is in phases and percent, stays responsive (no task of its own over 100 ms while the
//! file is read, checked and handed over), ends the worker afterwards, and shows the same preview
//! and figures as before. Needs `JINGZHUN_E2E=1` (see tests/support).

mod support;

use jingzhun::domain::date::Date;
use jingzhun::domain::model::Registry;
use jingzhun::domain::{demo, report};
use jingzhun::exchange;
use serde_json::{json, Value};
use support::{app, wait_ready};

/// The percentages the watch saw in one phase of the import, in order.
fn percents_of(seen: &Value, phase: &str) -> Vec<u64> {
    seen["percents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["phase"] == phase)
        .map(|p| p["value"].as_u64().unwrap())
        .collect()
}

/// What the watch saw.
fn seen(b: &support::Browser) -> Value {
    b.js("return window.__seen;", json!([]))
}

/// Chooses `path` on the exchange page, with the watch on, and waits for the preview.
fn choose(b: &support::Browser, s: &support::Server, path: &std::path::Path, before: &str) {
    b.goto(&s.url("/exchange"));
    wait_ready(b);
    b.js(before, json!([]));
    b.js(support::WATCH_IMPORT, json!([]));
    b.type_into("[data-control=import-file]", path.to_str().unwrap());
    b.wait("[data-stage=planned]", 240);
}

/// The headline figures on the overview as of the county's date equal the domain's.
fn assert_figures(b: &support::Browser, s: &support::Server, reg: &Registry, as_of: &str) {
    b.goto(&s.url(&format!("/?as_of={as_of}")));
    wait_ready(b);
    b.wait("[data-metric=poor_households]", 60);
    let year: i32 = as_of[..4].parse().unwrap();
    let want = report::overview(reg, None, Date::parse(as_of).unwrap(), year);
    for name in [
        "poor_households",
        "poor_people",
        "exited_households",
        "paired_households",
    ] {
        assert_eq!(
            b.metric(name),
            want.metric(name).unwrap().plain(),
            "{name} after the import"
        );
    }
}

#[test]
fn a_county_file_is_read_in_the_worker_with_its_progress_and_the_page_stays_responsive() {
    let Some((s, b)) = app() else { return };
    let county = demo::large_county_with_villages(20_000, 200);
    let text = exchange::to_json(&county, "2026-12-02T00:00:00Z", "county", None);
    let path = support::write_temp("county-20000.json", text.as_bytes());
    choose(&b, &s, &path, "");
    let read = seen(&b);
    println!("reading 20,000 households: {read}");
    // In phases, in order, and the reading's percentages growing to the end of the file.
    assert_eq!(
        read["phases"],
        json!(["reading", "checking", "receiving", "planning"]),
        "{read}"
    );
    let reading = percents_of(&read, "reading");
    assert!(reading.len() > 20, "{reading:?}");
    assert!(reading.windows(2).all(|w| w[0] <= w[1]), "{reading:?}");
    assert!(*reading.last().unwrap() >= 90, "{reading:?}");
    // Then the records handed over from the worker, as far as they have come.
    let receiving = percents_of(&read, "receiving");
    assert!(receiving.windows(2).all(|w| w[0] <= w[1]), "{receiving:?}");
    // Read in a worker of its own, ended once it answered.
    assert_eq!(read["workers"], 1, "{read}");
    assert_eq!(read["ended"], 1, "{read}");
    // No task of the page's own over 100 ms from the file chosen to the preview shown.
    let long: Vec<f64> = read["long"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["ms"].as_f64().unwrap())
        .collect();
    assert!(long.iter().all(|ms| *ms <= 100.0), "long tasks {long:?}");
    assert_eq!(
        b.attr("[data-plan='households.added']", "data-value")
            .unwrap(),
        "20000"
    );
    b.js(
        "window.__seen.long = []; window.__seen.t0 = performance.now();",
        json!([]),
    );
    b.click("[data-control=import-apply]");
    b.wait("[data-notice=ok]", 240);
    println!("applying it: {}", seen(&b));
    assert_figures(&b, &s, &county, demo::AS_OF);
}

#[test]
fn without_its_worker_the_page_reads_the_file_itself() {
    let Some((s, b)) = app() else { return };
    let base = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/valid-base.json")
        .canonicalize()
        .unwrap();
    let file = exchange::parse(&support::read(&base), None).unwrap();
    // A build (or a browser) where the worker cannot start.
    choose(
        &b,
        &s,
        &base,
        "document.querySelector('meta[name=xlsx-worker]').remove();",
    );
    let read = seen(&b);
    assert_eq!(read["workers"], 0, "{read}");
    assert_eq!(
        b.attr("[data-plan='households.added']", "data-value")
            .unwrap(),
        file.registry.households.len().to_string()
    );
    b.click("[data-control=import-apply]");
    b.wait("[data-notice=ok]", 60);
    assert_figures(&b, &s, &file.registry, "2017-10-20");
}
