//! The app in the other engines, tried as a new user would: Firefox ESR (Gecko) and WebKitGTK
//! (WebKit, Safari's engine), against the release build served locally. Each engine runs the
//! start-up, demo, reload, import and offline tests of `browser.rs` in spirit; the figures are
//! the domain's, computed here from the same records.

mod support;

use std::path::PathBuf;

use jingzhun::domain::date::Date;
use jingzhun::domain::demo;
use jingzhun::domain::report;
use jingzhun::exchange;
use serde_json::json;
use support::engines::{app_in, metrics, reload, screenshot, Engine};
use support::{blob_bytes, load_demo, wait_ready, write_temp, CAPTURE_BLOBS};

fn corpus(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name)
}

fn starts_navigates_and_deep_links_survive_reload(engine: Engine) {
    let Some((s, b)) = app_in(engine) else { return };
    b.goto(&s.url("/"));
    wait_ready(&b);
    assert_eq!(
        b.js("return document.documentElement.lang", json!([]))
            .as_str(),
        Some("zh")
    );
    b.wait("[data-control=load-demo]", 20);
    for (path, heading) in [
        ("/households", "农户"),
        ("/regions", "村组"),
        ("/helpers", "结对帮扶"),
        ("/measures", "扶持措施"),
        ("/funds", "扶贫资金"),
        ("/tasks", "挂图作战"),
        ("/exchange", "数据交换"),
        ("/settings", "设置"),
    ] {
        b.click(&format!("nav a[href='{path}']"));
        b.wait_until(&format!("return location.pathname === '{path}'"), 10, path);
        assert_eq!(b.text("main h1"), heading, "{engine:?}: page {path}");
    }
    // Deep links typed into the address bar, then a reload, land on the same page.
    for (path, heading) in [("/settings", "设置"), ("/households", "农户")] {
        b.goto(&s.url(path));
        wait_ready(&b);
        b.refresh();
        wait_ready(&b);
        assert_eq!(b.text("main h1"), heading, "{engine:?}: {path} reloaded");
        assert_eq!(
            b.js("return location.pathname", json!([])).as_str(),
            Some(path)
        );
    }
    b.goto(&s.url("/no-such-page"));
    wait_ready(&b);
    b.wait("[data-state=not-found]", 10);
    // Nothing was requested from any host but the app's own.
    let foreign = b.js("return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin))", json!([]));
    assert_eq!(foreign, json!([]), "{engine:?}");
}

/// What the overview shows for `o`: its headline, funds, orders and delivered quantities, by the
/// `data-metric` names the page gives them, with the plain values the page should carry.
fn seed_table(o: &report::Overview) -> Vec<(String, String)> {
    let mut want: Vec<(String, String)> = o
        .headline
        .iter()
        .map(|(m, v)| (m.code().to_string(), v.plain()))
        .collect();
    if let Some(g) = o.disposable_growth {
        want.push((
            "rural_disposable_income_growth_percent".into(),
            g.percent_text(),
        ));
    }
    for f in &o.funds {
        let c = f.source.code();
        let s = f.sum;
        for (k, v) in [
            ("fund_count", report::Value::Count(s.count)),
            ("fund_amount", report::Value::Money(s.amount)),
            ("fund_allocated", report::Value::Money(s.allocated)),
            ("fund_spent", report::Value::Money(s.spent)),
            ("fund_balance", report::Value::Money(s.balance())),
        ] {
            want.push((format!("{k}.{c}"), v.plain()));
        }
    }
    for r in &o.orders {
        let c = r.status.code();
        want.push((format!("orders.{c}"), r.count.to_string()));
        want.push((
            format!("orders_amount.{c}"),
            report::Value::Money(r.amount).plain(),
        ));
    }
    for d in &o.delivered {
        want.push((
            format!("delivered.{}", d.measure_id),
            report::quantity_text(d.quantity).replace(',', ""),
        ));
    }
    want
}

fn assert_seed_table(
    engine: Engine,
    shown: &std::collections::BTreeMap<String, String>,
    want: &[(String, String)],
    when: &str,
) {
    for (name, value) in want {
        assert_eq!(
            shown.get(name),
            Some(value),
            "{engine:?} {when}: {name} (page shows {shown:?})"
        );
    }
}

fn demo_shows_the_seed_table_and_survives_reload(engine: Engine) {
    let Some((s, b)) = app_in(engine) else { return };
    load_demo(&b, &s);
    let reg = demo::county();
    let native = report::overview(&reg, None, Date::parse(demo::AS_OF).unwrap(), 2017);
    let want = seed_table(&native);
    assert!(want.len() > 30, "the seed table has {} figures", want.len());
    let shown = metrics(&b);
    assert_seed_table(engine, &shown, &want, "after loading the demo");
    assert_eq!(shown["pairing_coverage_percent"], "100.00");
    screenshot(&b, engine, "dashboard");
    // The records are in IndexedDB: a reload shows the same figures without loading anything.
    b.refresh();
    wait_ready(&b);
    b.wait("[data-metric=poor_households]", 60);
    assert!(
        b.js(
            "return location.search.includes('as_of=2017-10-23')",
            json!([])
        )
        .as_bool()
        .unwrap_or(false),
        "{engine:?}: the date stays in the address"
    );
    assert_seed_table(engine, &metrics(&b), &want, "after a reload");
    // So does going to the first screen again by its plain address.
    b.goto(&s.url(&format!("/?as_of={}", demo::AS_OF)));
    wait_ready(&b);
    b.wait("[data-metric=poor_households]", 60);
    assert_seed_table(engine, &metrics(&b), &want, "typed in again");
    // A household's card shows its helper and its assistance plan.
    support::the_sheep_household_shows_its_plan_and_helpers(&b, &s, &reg);
}

/// The path the corpus's table gives for a bad file's problem.
fn expected_path(file: &str) -> String {
    let table = std::fs::read_to_string(corpus("expected.tsv")).unwrap();
    table
        .lines()
        .find_map(|l| {
            let mut cols = l.split('\t');
            (cols.next() == Some(file)).then(|| cols.next().unwrap_or_default().to_string())
        })
        .unwrap_or_else(|| panic!("{file} is not in tests/corpus/expected.tsv"))
}

fn import_refuses_a_bad_file_then_imports_the_base_and_exports_it(engine: Engine) {
    let Some((s, b)) = app_in(engine) else { return };
    b.goto(&s.url("/exchange"));
    wait_ready(&b);
    // A bad file: refused with the path of the problem, and nothing changes.
    let bad = "bad-bad-check-character.json";
    b.type_into(
        "[data-control=import-file]",
        corpus(bad).canonicalize().unwrap().to_str().unwrap(),
    );
    b.wait("[data-stage=refused]", 60);
    assert_eq!(
        b.attr("[data-stage=refused] li[data-path]", "data-path")
            .unwrap(),
        expected_path(bad),
        "{engine:?}"
    );
    b.goto(&s.url("/"));
    wait_ready(&b);
    // Still empty.
    b.wait("[data-control=load-demo]", 10);
    // The base file: preview, apply, figures.
    let base = corpus("valid-base.json").canonicalize().unwrap();
    let file = exchange::parse(&support::read(&base), None).unwrap();
    b.goto(&s.url("/exchange"));
    wait_ready(&b);
    b.type_into("[data-control=import-file]", base.to_str().unwrap());
    b.wait("[data-stage=planned]", 60);
    assert_eq!(
        b.attr("[data-plan='households.added']", "data-value")
            .unwrap(),
        file.registry.households.len().to_string(),
        "{engine:?}"
    );
    b.click("[data-control=import-apply]");
    b.wait("[data-notice=ok]", 60);
    let as_of = "2017-10-20";
    b.goto(&s.url(&format!("/?as_of={as_of}")));
    wait_ready(&b);
    b.wait("[data-metric=poor_households]", 30);
    let want = report::overview(&file.registry, None, Date::parse(as_of).unwrap(), 2017);
    let shown = metrics(&b);
    for name in [
        "poor_households",
        "poor_people",
        "exited_households",
        "incidence_percent",
        "poor_per_capita_net_income",
        "paired_households",
    ] {
        assert_eq!(
            shown.get(name).map(String::as_str),
            Some(want.metric(name).unwrap().plain().as_str()),
            "{engine:?}: {name}"
        );
    }
    // Kept across a reload.
    b.refresh();
    wait_ready(&b);
    b.wait("[data-metric=poor_households]", 30);
    assert_eq!(metrics(&b), shown, "{engine:?}: after a reload");
    // Export: a file with a name that says what it is, which reads back as the same records.
    b.goto(&s.url("/exchange"));
    wait_ready(&b);
    b.js(CAPTURE_BLOBS, json!([]));
    b.click("[data-control=export]");
    b.wait_until("return (window.__names || []).length === 1", 20, "export");
    let name = b.js("return window.__names[0]", json!([]));
    let name = name.as_str().unwrap();
    assert!(
        name.starts_with("jingzhun-") && name.ends_with(".json"),
        "{engine:?}: {name}"
    );
    let exported = exchange::parse(&blob_bytes(&b, 0), None).unwrap();
    assert_eq!(
        exported.registry.households.len(),
        file.registry.households.len(),
        "{engine:?}"
    );
    let again = report::overview(&exported.registry, None, Date::parse(as_of).unwrap(), 2017);
    assert_eq!(
        again.headline, want.headline,
        "{engine:?}: the export's figures"
    );
    // A file the test writes itself goes through the same picker.
    let bytes = std::fs::read(corpus(bad)).unwrap();
    let written = write_temp(&format!("{}-bad.json", engine.name()), &bytes);
    b.type_into("[data-control=import-file]", written.to_str().unwrap());
    b.wait("[data-stage=refused]", 60);
    let _ = std::fs::remove_file(written);
}

fn after_one_visit_starts_with_the_server_gone(engine: Engine) {
    let Some((mut s, b)) = app_in(engine) else {
        return;
    };
    b.goto(&s.url("/"));
    wait_ready(&b);
    // The service worker has cached this build and controls the page.
    support::wait_service_worker(&b);
    let cached = b.js_async(
        "const done = arguments[arguments.length - 1]; caches.keys().then(k => Promise.all(k.map(n => caches.open(n).then(c => c.keys())))).then(all => done(all.flat().map(r => new URL(r.url).pathname)), e => done(String(e)));",
        json!([]),
    );
    let cached: Vec<String> = cached
        .as_array()
        .unwrap_or_else(|| panic!("{engine:?}: cache: {cached}"))
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    assert!(
        cached.iter().any(|p| p.ends_with(".wasm")),
        "{engine:?}: cached {cached:?}"
    );
    s.stop();
    assert!(
        ureq::get(&s.url("/")).call().is_err(),
        "server still answers"
    );
    b.goto(&s.url("/settings"));
    wait_ready(&b);
    assert_eq!(b.text("main h1"), "设置", "{engine:?}");
    b.click("nav a[href='/']");
    b.wait("[data-control=load-demo]", 30);
    // A reload as a person does it starts the app again.
    reload(&b);
    wait_ready(&b);
    b.wait("[data-control=load-demo]", 30);
}

#[test]
fn firefox_starts_navigates_and_deep_links_survive_reload() {
    starts_navigates_and_deep_links_survive_reload(Engine::Firefox);
}

#[test]
fn webkit_starts_navigates_and_deep_links_survive_reload() {
    starts_navigates_and_deep_links_survive_reload(Engine::WebKit);
}

#[test]
fn firefox_demo_shows_the_seed_table_and_survives_reload() {
    demo_shows_the_seed_table_and_survives_reload(Engine::Firefox);
}

#[test]
fn webkit_demo_shows_the_seed_table_and_survives_reload() {
    demo_shows_the_seed_table_and_survives_reload(Engine::WebKit);
}

#[test]
fn firefox_import_refuses_a_bad_file_then_imports_the_base_and_exports_it() {
    import_refuses_a_bad_file_then_imports_the_base_and_exports_it(Engine::Firefox);
}

#[test]
fn webkit_import_refuses_a_bad_file_then_imports_the_base_and_exports_it() {
    import_refuses_a_bad_file_then_imports_the_base_and_exports_it(Engine::WebKit);
}

#[test]
fn firefox_after_one_visit_starts_with_the_server_gone() {
    after_one_visit_starts_with_the_server_gone(Engine::Firefox);
}

#[test]
fn webkit_after_one_visit_starts_with_the_server_gone() {
    after_one_visit_starts_with_the_server_gone(Engine::WebKit);
}
