//! Browser benchmark (prints numbers; not a test). Run with `scripts/dev.sh bench` after a
//! release build. In headless Chromium, on a generated county of 20,000 households:
//! - import (parse, validate, plan, merge, persist) beside the browser's own JSON.parse of the text;
//! - reopening the app until the figures are painted;
//! - recomputing every figure for every region;
//! - WebAssembly memory after the load, beside the size of the compact JSON;
//! - the import as a person makes it (the file chosen on the exchange page, read in the file
//!   worker, previewed, applied), with the page's longest tasks;
//! - the app lock: setting it (every stored value sealed), an edit under it, and reopening
//!   through the lock screen (the passphrase key derived, every chunk opened).

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::PathBuf;

use jingzhun::domain::demo;
use jingzhun::exchange;
use serde_json::{json, Value};
use support::{Browser, Server};

fn copy_dir(from: &PathBuf, to: &PathBuf) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

/// What the first screen of an empty browser downloads: every file the page fetched until the
/// overview was painted (the browser's resource timing, plus the page itself), each at its gzip -9
/// size (the `.gz` beside it in `dist/`, as a server that precompresses sends it).
fn first_screen(b: &Browser, root: &std::path::Path) {
    let names = b.js(
        "return ['/'].concat(performance.getEntriesByType('resource').map(e => new URL(e.name).pathname));",
        json!([]),
    );
    let mut files: Vec<(String, u64)> = Vec::new();
    for name in names.as_array().unwrap() {
        let path = name.as_str().unwrap();
        let file = if path == "/" {
            "index.html"
        } else {
            path.trim_start_matches('/')
        };
        let gz = root.join(format!("{file}.gz"));
        let size = std::fs::metadata(&gz)
            .or_else(|_| std::fs::metadata(root.join(file)))
            .map(|m| m.len())
            .unwrap_or(0);
        if !files.iter().any(|(f, _)| f == file) {
            files.push((file.to_string(), size));
        }
    }
    files.sort_by_key(|(_, size)| std::cmp::Reverse(*size));
    let total: u64 = files.iter().map(|(_, s)| s).sum();
    println!(
        "first screen: {} files, {:.0} KB gzip (target ≤ 350 KB): {}",
        files.len(),
        total as f64 / 1000.0,
        files
            .iter()
            .map(|(f, s)| format!("{f} {:.1} KB", *s as f64 / 1000.0))
            .collect::<Vec<_>>()
            .join(", ")
    );
}

fn main() {
    let households: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20_000);
    let villages: usize = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(300);
    let reg = demo::large_county_with_villages(households, villages);
    let members: usize = reg
        .households
        .iter()
        .filter_map(|h| h.live())
        .map(|h| h.members.len())
        .sum();
    let text = exchange::to_json(&reg, "2017-10-23T08:00:00Z", "bench", None);
    let village_count = reg
        .regions
        .iter()
        .filter(|r| {
            r.live()
                .is_some_and(|b| b.kind == jingzhun::domain::codes::RegionKind::Village)
        })
        .count();
    println!(
        "county: {} households, {} members, {village_count} villages, {:.1} MB of compact JSON",
        reg.households.len(),
        members,
        text.len() as f64 / 1e6
    );
    let root = std::env::temp_dir().join(format!("jingzhun-bench-{}", std::process::id()));
    copy_dir(&support::dist_dir(), &root);
    std::fs::write(root.join("bench.json"), &text).unwrap();
    let server = Server::start(root.clone());
    let b = Browser::start();
    b.goto(&server.url("/"));
    b.wait("header.top nav a", 60);
    b.wait_until(
        "return !document.querySelector('[data-state=loading]') && !!window.wasmBindings",
        60,
        "app ready",
    );
    first_screen(&b, &root);

    let fetch = b.js_async("const done = arguments[arguments.length - 1]; fetch('/bench.json').then(r => r.text()).then(t => { window.__text = t; done(t.length); });", json!([]));
    assert!(
        fetch.as_u64().unwrap_or(0) > 0,
        "bench file fetched: {fetch}"
    );
    let mut parse_ms = Vec::new();
    for _ in 0..3 {
        let v = b.js("const t0 = performance.now(); const o = JSON.parse(window.__text); const ms = performance.now() - t0; window.__o = o; return ms;", json!([]));
        parse_ms.push(v.as_f64().unwrap());
    }
    b.js("window.__o = null; return 0;", json!([]));
    let parse = parse_ms.iter().cloned().fold(f64::INFINITY, f64::min);
    println!("browser JSON.parse of the same text: {parse:.0} ms (best of 3)");
    // Import as the interface does (preview, then apply: backup, merge, checks, one write), first
    // into the empty registry, then the same file again into the county it made.
    for into in ["an empty registry", "the populated registry"] {
        let import = b.js_async("const done = arguments[arguments.length - 1]; window.wasmBindings.bench_import(window.__text).then(r => done(r), e => done('error: ' + e));", json!([]));
        let import: Value = serde_json::from_str(import.as_str().unwrap_or("{}"))
            .unwrap_or_else(|_| panic!("import failed: {import}"));
        let total = import["total_ms"].as_f64().unwrap();
        println!(
            "import into {into}: {total:.0} ms = check+plan {:.0} + apply (backup, merge, checks, write) {:.0} → {:.2}× JSON.parse (target ≤ 4×)",
            import["parse_validate_plan_ms"].as_f64().unwrap(),
            import["apply_ms"].as_f64().unwrap(),
            total / parse
        );
    }
    b.js("window.__text = null; return 0;", json!([]));
    let mut edits = Vec::new();
    for k in 0..5 {
        let ms = b.js_async("const [k, done] = arguments; window.wasmBindings.bench_edit(k).then(r => done(r), e => done('error: ' + e));", json!([k]));
        edits.push(ms.as_f64().unwrap_or(f64::NAN));
    }
    let mean = edits.iter().sum::<f64>() / edits.len() as f64;
    println!(
        "one household edit persisted (with its history): mean {mean:.1} ms of 5 (target ≤ 20 ms)"
    );
    let memory = b
        .js("return window.wasmBindings.bench_memory()", json!([]))
        .as_f64()
        .unwrap();
    println!(
        "wasm memory after the imports in the page (the text handed to wasm, read there): {:.1} MB → {:.2}× the compact JSON",
        memory / 1e6,
        memory / text.len() as f64
    );

    interface_import(&b, &server, &root.join("bench.json"), parse);

    // Reopen: a fresh page load until the headline figures are on screen.
    b.goto(&server.url(&format!("/?as_of={}", demo::AS_OF)));
    let painted = b.js_async(
        "const done = arguments[arguments.length - 1]; const check = () => { if (document.querySelector('[data-metric=poor_households]')) { requestAnimationFrame(() => done(performance.now())); } else { setTimeout(check, 5); } }; check();",
        json!([]),
    );
    let reopen = painted.as_f64().unwrap();
    println!("reopen to painted figures: {reopen:.0} ms from navigation start → {:.2}× JSON.parse (target ≤ 2×)", reopen / parse);
    let memory = b
        .js("return window.wasmBindings.bench_memory()", json!([]))
        .as_f64()
        .unwrap();
    println!(
        "wasm memory after reopening: {:.1} MB → {:.2}× the compact JSON",
        memory / 1e6,
        memory / text.len() as f64
    );
    let recompute = b.js_async("const done = arguments[arguments.length - 1]; window.wasmBindings.bench_recompute(10).then(r => done(r), e => done('error: ' + e));", json!([]));
    let r: Value = serde_json::from_str(recompute.as_str().unwrap_or("{}"))
        .unwrap_or_else(|_| panic!("recompute failed: {recompute}"));
    println!(
        "recompute every figure of every region after one household saved ({} regions, {} households): mean {:.1} ms (target ≤ 16 ms)",
        r["regions"], r["households"], r["after_edit_mean_ms"].as_f64().unwrap()
    );
    println!(
        "  the same from nothing (as on opening: lookups built, then every figure): mean {:.1} ms, best {:.1} ms (index {:.1} ms, tallies {:.1} ms)",
        r["overview_mean_ms"].as_f64().unwrap(), r["overview_min_ms"].as_f64().unwrap(), r["index_ms"].as_f64().unwrap(), r["tallies_ms"].as_f64().unwrap()
    );
    println!(
        "  of a reopen, the store's load alone (snapshot and log read, decoded, versions indexed): {:.0} ms",
        r["load_ms"].as_f64().unwrap_or(f64::NAN)
    );
    // Search: one keystroke in the household list until the list is painted again.
    b.goto(&server.url("/households"));
    b.wait("[data-household-id]", 120);
    let (mean, worst) = time_to_paint(
        &b,
        "household-search",
        "input",
        &["王", "王军", "李", "6207", "张"],
    );
    let rows = b.find_all("[data-household-id]").len();
    println!("search keystroke to paint at {households} households: mean {mean:.1} ms, worst {worst:.1} ms, {rows} rows in the DOM (target ≤ 50 ms)");
    // Status as of another date: every row's status, people and quality findings again.
    let (mean, worst) = time_to_paint(
        &b,
        "status-date-filter",
        "change",
        &["2015-06-30", "2016-12-31", "2017-10-23"],
    );
    println!("status date changed to paint at {households} households: mean {mean:.1} ms, worst {worst:.1} ms (a change, not a keystroke)");
    // The battle map: from the click on its link until every village's tile is painted, and a
    // change of its date until painted again.
    b.goto(&server.url("/tasks"));
    b.wait("nav.subnav a[href='/battle-map']", 60);
    let mut opens = Vec::new();
    for _ in 0..3 {
        b.goto(&server.url("/tasks"));
        b.wait("nav.subnav a[href='/battle-map']", 60);
        let ms = b.js_async(
            "const [n, done] = arguments; const t0 = performance.now(); document.querySelector(\"nav.subnav a[href='/battle-map']\").click(); const check = () => { if (document.querySelectorAll('svg [data-village-id]').length >= n) { requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0)); } else { setTimeout(check, 2); } }; check();",
            json!([village_count]),
        );
        opens.push(ms.as_f64().unwrap());
    }
    let best = opens.iter().cloned().fold(f64::INFINITY, f64::min);
    println!("battle map ({village_count} villages, {households} households) opened to painted: best {best:.0} ms of 3");
    let (mean, worst) = time_to_paint(
        &b,
        "battle-map-date",
        "change",
        &["2016-12-31", "2017-06-30", "2017-10-23"],
    );
    println!("battle map date changed to painted: mean {mean:.1} ms, worst {worst:.1} ms");
    app_lock(&b, &server, parse);
    drop(b);
    drop(server);
    let _ = std::fs::remove_dir_all(root);
}

/// Sets each value into the `data-control` input in turn and times the event until the next
/// paint; returns the mean and the worst in milliseconds.
fn time_to_paint(b: &Browser, control: &str, event: &str, values: &[&str]) -> (f64, f64) {
    let times: Vec<f64> = values
        .iter()
        .map(|v| {
            b.js_async(
                "const [control, event, value, done] = arguments; const input = document.querySelector(`[data-control=${control}]`); const t0 = performance.now(); input.value = value; input.dispatchEvent(new Event(event, {bubbles: true})); requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0));",
                json!([control, event, v]),
            )
            .as_f64()
            .unwrap()
        })
        .collect();
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    (mean, times.iter().cloned().fold(0.0, f64::max))
}

/// The app lock at this size: set (every stored value sealed in one transaction), one edit
/// persisted sealed, and a reopen through the lock screen until the figures are painted.
fn app_lock(b: &Browser, server: &Server, parse: f64) {
    const PASSPHRASE: &str = "bench passphrase";
    b.goto(&server.url("/settings"));
    b.wait("[data-control=lock-set]", 60);
    b.type_into("[data-control=lock-passphrase]", PASSPHRASE);
    b.type_into("[data-control=lock-passphrase-again]", PASSPHRASE);
    let set = b.js_async(
        "const done = arguments[arguments.length - 1]; const t0 = performance.now(); document.querySelector('[data-control=lock-set]').click(); const check = () => { const s = document.querySelector('[data-lock-said]'); if (s) { done([performance.now() - t0, s.dataset.lockSaid]); } else { setTimeout(check, 5); } }; check();",
        json!([]),
    );
    assert_eq!(set[1], json!("ok"), "the lock was set: {set}");
    println!(
        "app lock set (passphrase key derived, every stored value sealed): {:.0} ms",
        set[0].as_f64().unwrap()
    );
    let mut edits = Vec::new();
    for k in 0..5 {
        let ms = b.js_async("const [k, done] = arguments; window.wasmBindings.bench_edit(k).then(r => done(r), e => done('error: ' + e));", json!([k + 10]));
        edits.push(ms.as_f64().unwrap_or(f64::NAN));
    }
    println!(
        "one household edit persisted under the app lock: mean {:.1} ms of 5 (target ≤ 20 ms)",
        edits.iter().sum::<f64>() / edits.len() as f64
    );
    b.goto(&server.url(&format!("/?as_of={}", demo::AS_OF)));
    b.wait("[data-control=unlock-passphrase]", 60);
    b.type_into("[data-control=unlock-passphrase]", PASSPHRASE);
    let open = b.js_async(
        "const done = arguments[arguments.length - 1]; const t0 = performance.now(); document.querySelector('[data-control=unlock-apply]').click(); const check = () => { if (document.querySelector('[data-metric=poor_households]')) { requestAnimationFrame(() => done(performance.now() - t0)); } else { setTimeout(check, 5); } }; check();",
        json!([]),
    );
    let open = open.as_f64().unwrap();
    println!(
        "reopen under the app lock, unlock pressed to painted figures: {open:.0} ms → {:.2}× JSON.parse",
        open / parse
    );
}

/// The file chosen on the exchange page as a person does, into the county already there: read in
/// the file worker until the preview, then applied (backup, merge, checks, one write) — each with
/// the page's longest task (the Long Tasks API; a task over 100 ms is a page that does not answer).
fn interface_import(b: &Browser, server: &Server, file: &std::path::Path, parse: f64) {
    let file_bytes = std::fs::metadata(file).unwrap().len();
    b.goto(&server.url("/exchange"));
    support::wait_ready(b);
    b.js(support::WATCH_IMPORT, json!([]));
    b.type_into("[data-control=import-file]", file.to_str().unwrap());
    b.wait("[data-stage=planned]", 600);
    let longest = |seen: &Value| {
        seen["long"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| t["ms"].as_f64())
            .fold(0.0, f64::max)
    };
    let read = b.js("return window.__seen;", json!([]));
    let preview = read["planned_at"].as_f64().unwrap_or(f64::NAN);
    println!(
        "interface import into the populated registry, file chosen → preview: {preview:.0} ms ({:.2}× JSON.parse), in the file worker; longest page task {:.0} ms (target ≤ 100 ms)",
        preview / parse,
        longest(&read)
    );
    b.js(
        "window.__seen.long = []; window.__seen.t0 = performance.now();",
        json!([]),
    );
    b.click("[data-control=import-apply]");
    let applied = b.js_async("const done = arguments[arguments.length - 1]; const check = () => { if (document.querySelector('[data-notice=ok]')) { done(performance.now() - window.__seen.t0); } else { setTimeout(check, 5); } }; check();", json!([]));
    let seen = b.js("return window.__seen;", json!([]));
    println!(
        "  then applied (backup of the county, merge, checks, one write): {:.0} ms; longest page task {:.0} ms (target ≤ 100 ms)",
        applied.as_f64().unwrap_or(f64::NAN),
        longest(&seen)
    );
    // The page was loaded for this import: its memory is what the person's import took (the
    // county opened, the file read in the worker, its records received, the merge written).
    let memory = b
        .js("return window.wasmBindings.bench_memory()", json!([]))
        .as_f64()
        .unwrap();
    println!(
        "  wasm memory of the page after it (opened, previewed, applied): {:.1} MB → {:.2}× the compact JSON (target ≤ 1.5×)",
        memory / 1e6,
        memory / file_bytes as f64
    );
}
