//! End-to-end tests in real headless Chromium (chromedriver), against the release build served
//! locally: start-up, navigation and deep links, language, persistence, the demo county's seed
//! table read off the screen, import (good and bad files), export, and offline start.

mod support;

use std::path::PathBuf;

use jingzhun::domain::date::Date;
use jingzhun::domain::demo;
use jingzhun::domain::report::{self, Value};
use jingzhun::exchange;
use serde_json::json;
use support::{
    app, blob_bytes, import_base, load_demo, set_field_control, today_utc, wait_ready, write_temp,
    Browser, Server, CAPTURE_BLOBS,
};

#[test]
fn app_starts_navigates_and_deep_links_survive_reload() {
    let Some((s, b)) = app() else { return };
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
        assert_eq!(b.text("main h1"), heading, "page {path}");
    }
    // A deep link typed into the address bar, then a reload, lands on the same page.
    b.goto(&s.url("/settings"));
    wait_ready(&b);
    b.refresh();
    wait_ready(&b);
    assert_eq!(b.text("main h1"), "设置");
    b.goto(&s.url("/no-such-page"));
    wait_ready(&b);
    b.wait("[data-state=not-found]", 10);
    // Nothing was requested from any host but the app's own.
    let foreign = b.js("return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin))", json!([]));
    assert_eq!(foreign, json!([]));
}

#[test]
fn language_switch_is_remembered() {
    let Some((s, b)) = app() else { return };
    b.goto(&s.url("/settings"));
    wait_ready(&b);
    assert_eq!(b.text("nav a[href='/settings']"), "设置");
    b.click("[data-control=language]");
    b.wait_until(
        "return document.querySelector(\"nav a[href='/settings']\").innerText === 'Settings'",
        10,
        "English labels",
    );
    b.refresh();
    wait_ready(&b);
    assert_eq!(b.text("nav a[href='/settings']"), "Settings");
    b.click("[data-control=language]");
    b.wait_until(
        "return document.querySelector(\"nav a[href='/settings']\").innerText === '设置'",
        10,
        "Chinese again",
    );
}

#[test]
fn demo_county_shows_the_seed_table_and_survives_reload() {
    let Some((s, b)) = app() else { return };
    load_demo(&b, &s);
    let expect = [
        ("poor_households", "1439"),
        ("poor_people", "3916"),
        ("exited_households", "3148"),
        ("exited_people", "10284"),
        ("rural_population", "153000"),
        ("incidence_percent", "2.56"),
        ("poor_villages", "13"),
        ("paired_helpers", "757"),
        ("paired_households", "2674"),
        ("paired_people", "7848"),
        ("poor_per_capita_net_income", "6660.00"),
        ("rural_per_capita_disposable_income", "11295.00"),
        ("rural_disposable_income_growth_percent", "7.30"),
        ("fund_amount.integrated", "1126000000.00"),
        ("fund_amount.county_fiscal", "80200000.00"),
        ("fund_amount.loan", "144000000.00"),
        ("fund_amount.mutual_aid", "26000000.00"),
        ("fund_count.mutual_aid", "110"),
        ("delivered.me-sheep", "2465"),
        ("delivered.me-potato", "52500"),
    ];
    for (name, value) in expect {
        assert_eq!(b.metric(name), value, "{name}");
    }
    // The helping half's figures, each as the domain computes it from the same records.
    let native = report::overview(
        &demo::county(),
        None,
        Date::parse(demo::AS_OF).unwrap(),
        2017,
    );
    for name in [
        "helper_count",
        "pairing_coverage_percent",
        "unpaired_poor_households",
        "loans_outstanding",
        "loans_outstanding_count",
        "loans_overdue_count",
    ] {
        assert_eq!(
            b.metric(name),
            native.metric(name).unwrap().plain(),
            "{name}"
        );
    }
    assert_eq!(b.metric("pairing_coverage_percent"), "100.00");
    for f in &native.funds {
        let c = jingzhun::text::Coded::code(f.source);
        assert_eq!(
            b.metric(&format!("fund_spent.{c}")),
            f.sum.spent.to_string(),
            "{c}"
        );
        assert_eq!(
            b.metric(&format!("fund_allocated.{c}")),
            f.sum.allocated.to_string(),
            "{c}"
        );
    }
    for o in &native.orders {
        let c = jingzhun::text::Coded::code(o.status);
        assert_eq!(b.metric(&format!("orders.{c}")), o.count.to_string(), "{c}");
    }
    // The records are in IndexedDB: a reload shows the same figures without loading anything.
    b.refresh();
    wait_ready(&b);
    b.wait("[data-metric=poor_households]", 60);
    assert_eq!(b.metric("poor_households"), "1439");
    assert_eq!(b.metric("paired_people"), "7848");
    assert!(support::dist_dir().exists());
    // A household's card shows its helper and its assistance plan.
    let reg = demo::county();
    support::the_sheep_household_shows_its_plan_and_helpers(&b, &s, &reg);
    let shot = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("dashboard.png");
    b.screenshot(&shot);
}

#[test]
fn scope_and_date_change_through_the_interface_and_the_url() {
    let Some((s, b)) = app() else { return };
    load_demo(&b, &s);
    let reg = demo::county();
    let d = Date::parse(demo::AS_OF).unwrap();
    // A township row of the breakdown, clicked, narrows the scope to that township.
    let township = reg.regions.iter().find(|r| r.id == "r-t1").unwrap();
    let want = report::overview(&reg, Some(&township.id), d, 2017);
    let row = format!("tr[data-region-id='{}']", township.id);
    let poor_in_row = b
        .attr(
            &format!("{row} [data-metric=poor_households]"),
            "data-value",
        )
        .unwrap();
    b.click(&row);
    b.wait_until(
        "return location.search.includes('scope=r-t1')",
        10,
        "scope in the URL",
    );
    b.wait_until(&format!("return document.querySelector('[data-panel=headline] [data-metric=poor_households]').dataset.value === '{poor_in_row}'"), 20, "township figures");
    let value = |v: Option<Value>| v.unwrap().plain();
    assert_eq!(
        b.metric("poor_households"),
        value(want.metric("poor_households"))
    );
    assert_eq!(
        b.metric("incidence_percent"),
        value(want.metric("incidence_percent"))
    );
    // The date through the URL: before any exit, nobody has exited.
    b.goto(&s.url("/?as_of=2014-10-01"));
    wait_ready(&b);
    b.wait("[data-metric=exited_households]", 30);
    let early = report::overview(&reg, None, Date::parse("2014-10-01").unwrap(), 2014);
    assert_eq!(b.metric("exited_households"), "0");
    assert_eq!(
        b.metric("poor_households"),
        value(early.metric("poor_households"))
    );
    // The date through the interface.
    b.select("[data-control=as-of]", "2016-12-31");
    b.wait_until(
        "return location.search.includes('as_of=2016-12-31')",
        10,
        "date in the URL",
    );
    let late = report::overview(&reg, None, Date::parse("2016-12-31").unwrap(), 2016);
    b.wait_until(&format!("return document.querySelector('[data-panel=headline] [data-metric=exited_households]').dataset.value === '{}'", value(late.metric("exited_households"))), 20, "figures at 2016-12-31");
}

#[test]
fn import_refuses_a_bad_file_then_imports_a_village_and_exports_it() {
    let Some((s, b)) = app() else { return };
    b.goto(&s.url("/exchange"));
    wait_ready(&b);
    // A bad file: refused with the path of the problem, and nothing changes.
    let reg = demo::county();
    let village = "r-v0-0";
    let good = exchange::to_json(
        &exchange::subset(&reg, village),
        "2017-10-23T08:00:00Z",
        "demo",
        Some(village),
    );
    let mut bad: serde_json::Value = serde_json::from_str(&good).unwrap();
    let id = bad["households"][0]["members"][0]["id_number"]
        .as_str()
        .unwrap()
        .to_string();
    let wrong = format!("{}{}", &id[..17], if id.ends_with('0') { '1' } else { '0' });
    bad["households"][0]["members"][0]["id_number"] = json!(wrong);
    let bad_path = write_temp("bad.json", bad.to_string().as_bytes());
    b.type_into("[data-control=import-file]", bad_path.to_str().unwrap());
    b.wait("[data-stage=refused]", 60);
    let path = b
        .attr("[data-stage=refused] li[data-path]", "data-path")
        .unwrap();
    assert_eq!(path, "households[0].members[0].id_number");
    b.goto(&s.url("/"));
    wait_ready(&b);
    b.wait("[data-control=load-demo]", 10); // still empty
                                            // A good file: preview, apply, figures.
    b.goto(&s.url("/exchange"));
    wait_ready(&b);
    let good_path = write_temp("village.json", good.as_bytes());
    b.type_into("[data-control=import-file]", good_path.to_str().unwrap());
    b.wait("[data-stage=planned]", 60);
    let file = exchange::parse(good.as_bytes(), None).unwrap();
    assert_eq!(
        b.attr("[data-plan='households.added']", "data-value")
            .unwrap(),
        file.registry.households.len().to_string()
    );
    b.click("[data-control=import-apply]");
    b.wait("[data-notice=ok]", 60);
    b.goto(&s.url(&format!("/?as_of={}&scope={village}", demo::AS_OF)));
    wait_ready(&b);
    b.wait("[data-metric=poor_households]", 30);
    let want = report::overview(
        &file.registry,
        Some(village),
        Date::parse(demo::AS_OF).unwrap(),
        2017,
    );
    for name in [
        "poor_households",
        "poor_people",
        "exited_households",
        "incidence_percent",
        "poor_per_capita_net_income",
    ] {
        assert_eq!(b.metric(name), want.metric(name).unwrap().plain(), "{name}");
    }
    // Importing the same file again changes nothing.
    b.goto(&s.url("/exchange"));
    wait_ready(&b);
    b.type_into("[data-control=import-file]", good_path.to_str().unwrap());
    b.wait("[data-stage=planned]", 60);
    assert_eq!(
        b.attr("[data-plan='households.added']", "data-value")
            .unwrap(),
        "0"
    );
    assert_eq!(
        b.attr("[data-plan='households.unchanged']", "data-value")
            .unwrap(),
        file.registry.households.len().to_string()
    );
    b.click("[data-control=import-cancel]");
    // Export: the download link carries a name that says region and date.
    let script = "window.__downloads = []; const orig = HTMLAnchorElement.prototype.click; HTMLAnchorElement.prototype.click = function() { if (this.download) { window.__downloads.push(this.download); } else { orig.call(this); } }; return true;";
    b.js(script, json!([]));
    b.click("[data-control=export]");
    b.wait_until("return window.__downloads.length === 1", 20, "export");
    let name = b.js("return window.__downloads[0]", json!([]));
    let name = name.as_str().unwrap();
    assert!(
        name.starts_with("jingzhun-") && name.ends_with(".json"),
        "{name}"
    );
    let _ = std::fs::remove_file(bad_path);
    let _ = std::fs::remove_file(good_path);
}

#[test]
fn example_file_of_the_contract_imports_when_present() {
    let example = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/exchange/example.json");
    if !example.exists() {
        eprintln!("../shared/exchange/example.json is not here; the native tests cover the format");
        return;
    }
    let example = example.canonicalize().unwrap();
    let Some((s, b)) = app() else { return };
    b.goto(&s.url("/exchange"));
    wait_ready(&b);
    b.type_into("[data-control=import-file]", example.to_str().unwrap());
    b.wait("[data-stage=planned]", 60);
    b.click("[data-control=import-apply]");
    b.wait("[data-notice=ok]", 60);
    let file = exchange::parse(&support::read(&example), None).unwrap();
    let want = report::overview(
        &file.registry,
        None,
        Date::parse("2017-10-20").unwrap(),
        2017,
    );
    b.goto(&s.url("/?as_of=2017-10-20"));
    wait_ready(&b);
    b.wait("[data-metric=poor_households]", 30);
    assert_eq!(
        b.metric("poor_households"),
        want.metric("poor_households").unwrap().plain()
    );
    assert_eq!(
        b.metric("exited_households"),
        want.metric("exited_households").unwrap().plain()
    );
}

/// The first screen carries the shell and the overview only. Every other page, the demo county's
/// generator and the sync engine are modules of their own (docs/first-screen.md), each fetched
/// the first time it is needed and only then.
#[test]
fn the_first_screen_fetches_no_page_and_each_page_its_own_module_once() {
    let Some((s, b)) = app() else { return };
    b.goto(&s.url("/"));
    wait_ready(&b);
    b.wait("[data-control=load-demo]", 30);
    // How often a module whose file name holds `part` was fetched (page modules are `split_*`).
    let fetched = |part: &str| {
        b.js(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname).filter(p => p.startsWith('/split_') && p.includes(arguments[0])).length",
            json!([part]),
        )
        .as_u64()
        .unwrap()
    };
    assert_eq!(fetched(""), 0, "the first screen fetched a page's module");
    b.click("[data-control=load-demo]");
    b.wait("[data-metric=poor_households]", 60);
    assert_eq!(fetched("demo_county"), 1, "the demo's generator, once");
    assert_eq!(fetched(""), 1, "the overview is no lazy page");
    b.click("header nav a[href='/tasks']");
    b.wait("[data-control=new-task]", 30);
    assert_eq!(fetched("tasks_page"), 1);
    b.click("header nav a[href='/households']");
    b.wait("[data-control=household-search]", 30);
    assert_eq!(fetched("household_list"), 1);
    // Back and forth again: nothing fetched a second time.
    b.click("header nav a[href='/tasks']");
    b.wait("[data-control=new-task]", 30);
    b.click("header nav a[href='/households']");
    b.wait("[data-control=household-search]", 30);
    assert_eq!(fetched("tasks_page"), 1);
    assert_eq!(fetched("household_list"), 1);
    assert_eq!(
        fetched("settings_page"),
        0,
        "a page not opened is not fetched"
    );
    assert_eq!(fetched("sync_engine"), 0, "no sync was asked for");
}

/// A page whose module cannot be fetched (a first visit cut off before the service worker kept
/// the build, then no network) says so in words and offers to load again; the app goes on, and
/// the other pages open. The served build here lacks the task list's module.
#[test]
fn a_page_whose_module_cannot_be_fetched_says_so_and_the_app_goes_on() {
    if !support::enabled() {
        return;
    }
    let root = std::env::temp_dir().join(format!("jingzhun-no-tasks-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    let mut left_out = 0;
    for e in std::fs::read_dir(support::dist_dir()).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().to_string();
        if name.starts_with("split_tasks_page") || name.starts_with("split_demo_county") {
            left_out += 1;
            continue;
        }
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), root.join(&name)).unwrap();
        }
    }
    assert!(
        left_out >= 2,
        "the build has modules of the task list and the demo"
    );
    let s = support::Server::start(root);
    let b = support::Browser::start();
    b.goto(&s.url("/"));
    wait_ready(&b);
    b.click("header nav a[href='/tasks']");
    b.wait("[data-state=not-loaded]", 30);
    assert_eq!(b.text("[data-state=not-loaded] h1"), "这一页还没有下载");
    b.wait("[data-control=reload-page]", 5);
    // The app did not die with the page: the overview opens again, and the demo, whose module
    // is not there either, is refused in words with nothing changed.
    b.click("header nav a[href='/']");
    b.click("[data-control=load-demo]");
    b.wait("[data-notice=error]", 30);
    assert!(
        b.text("[data-notice=error]")
            .contains("这部分程序还没有存到本机"),
        "{}",
        b.text("[data-notice=error]")
    );
    b.wait("[data-control=load-demo]", 5);
    b.click("header nav a[href='/households']");
    b.wait("[data-control=household-search]", 30);
}

#[test]
fn after_one_visit_the_app_starts_with_the_server_gone() {
    let Some((mut s, b)) = app() else { return };
    b.goto(&s.url("/"));
    wait_ready(&b);
    // The service worker has cached this build and controls the page.
    support::wait_service_worker(&b);
    b.wait_until(
        "return caches.keys().then(k => k.length > 0), true",
        10,
        "cache",
    );
    s.stop();
    assert!(
        ureq::get(&s.url("/")).call().is_err(),
        "server still answers"
    );
    b.goto(&s.url("/settings"));
    wait_ready(&b);
    assert_eq!(b.text("main h1"), "设置");
    b.click("nav a[href='/']");
    b.wait("[data-control=load-demo]", 30);
    // Pages never opened before, and the demo's generator, come from the service worker's cache:
    // it holds every module of the build, not only those of the first screen.
    b.click("[data-control=load-demo]");
    b.wait("[data-metric=poor_households]", 60);
    b.click("header nav a[href='/tasks']");
    b.wait("[data-control=new-task]", 30);
    b.goto(&s.url("/battle-map"));
    wait_ready(&b);
    b.wait("[data-control=battle-map-date]", 30);
}

#[test]
fn analyses_show_monitoring_exit_checks_relapse_and_multidimensional_poverty() {
    use jingzhun::domain::analysis;
    use jingzhun::domain::codes::Status;
    use jingzhun::domain::index::{Index, Scope};
    use jingzhun::domain::rules::Rules;
    let Some((s, b)) = app() else { return };
    load_demo(&b, &s);
    let reg = demo::county();
    let ix = Index::new(&reg);
    let d = Date::parse(demo::AS_OF).unwrap();
    let rules = Rules::new(&reg.settings);
    // 进退: the 2016 exits, from the sub-navigation (which keeps the date).
    b.click("nav.subnav a[href^='/monitoring']");
    b.wait("[data-table=moves-by-year]", 30);
    let years = analysis::moves_by_year(&ix, Scope::All, d);
    let y2016 = years.iter().find(|p| p.label == "2016").unwrap();
    let exited = analysis::MOVE_STATUSES
        .iter()
        .position(|s| *s == Status::Exited)
        .unwrap();
    let cell =
        "[data-table=moves-by-year] tr[data-period='2016'] [data-metric='moves.exited.households']";
    assert_eq!(
        b.attr(cell, "data-value").unwrap(),
        y2016.counts[exited].0.to_string()
    );
    // The list behind the number is one click away.
    b.click(cell);
    b.wait("[data-list=moves]", 20);
    let shown = b.find_all("[data-list=moves] tr[data-household-id]").len();
    assert_eq!(shown as u64, y2016.counts[exited].0.min(500));
    // Exit checks for 2017.
    b.click("nav.subnav a[href^='/exit-checks']");
    b.wait("[data-metric=exit_passing]", 30);
    let checks = analysis::exit_checks(&ix, Scope::All, 2017, &rules);
    assert_eq!(b.metric("exit_passing"), checks.passing().to_string());
    assert_eq!(
        b.metric("exit_failed.housing"),
        checks.per_criterion[4].1.to_string()
    );
    // Relapse watch.
    b.click("nav.subnav a[href^='/relapse']");
    b.wait("[data-metric=relapse_at_risk]", 30);
    let watch = analysis::relapse_watch(&ix, Scope::All, d, &rules);
    assert_eq!(
        b.metric("relapse_at_risk"),
        watch.iter().filter(|r| r.at_risk()).count().to_string()
    );
    // Multidimensional poverty with the default indicators and k = 1/3.
    b.click("nav.subnav a[href^='/multidimensional']");
    b.wait("[data-metric=af_m0]", 30);
    let af = analysis::alkire_foster(&ix, Scope::All, d, &rules, &analysis::AfOptions::default());
    assert_eq!(b.metric("af_m0"), format!("{:.4}", af.m0));
    b.select("[data-control=af-k]", "0.5");
    let strict = analysis::alkire_foster(
        &ix,
        Scope::All,
        d,
        &rules,
        &analysis::AfOptions {
            k: 0.5,
            ..Default::default()
        },
    );
    b.wait_until(
        &format!(
            "return document.querySelector('[data-metric=af_m0]').dataset.value === '{:.4}'",
            strict.m0
        ),
        20,
        "M0 at k = 0.5",
    );
}

#[test]
fn report_prints_and_exports_an_excel_workbook_from_the_worker() {
    let Some((s, b)) = app() else { return };
    load_demo(&b, &s);
    b.click("nav.subnav a[href^='/report']");
    b.wait("[data-report] [data-metric=poor_households]", 30);
    assert_eq!(
        b.attr("[data-report] [data-metric=poor_households]", "data-value")
            .unwrap(),
        "1439"
    );
    // The spreadsheet worker is not loaded by the first screen.
    let loaded = b.js(
        "return performance.getEntriesByType('resource').some(e => e.name.includes('xlsx_worker'))",
        json!([]),
    );
    assert_eq!(loaded, json!(false));
    let capture = "window.__blobs = []; const orig = URL.createObjectURL; URL.createObjectURL = function(b) { window.__blobs.push(b); return orig.call(URL, b); }; HTMLAnchorElement.prototype.click = function() { window.__names = (window.__names || []).concat([this.download]); }; return true;";
    b.js(capture, json!([]));
    b.click("[data-control=export-xlsx]");
    b.wait_until("return window.__blobs.length === 1", 60, "the workbook");
    let head = b.js_async("const done = arguments[arguments.length - 1]; window.__blobs[0].arrayBuffer().then(a => { const u = new Uint8Array(a); done([u.length, u[0], u[1], window.__names[0]]); });", json!([]));
    let head = head.as_array().unwrap();
    assert!(head[0].as_u64().unwrap() > 2000, "workbook size {head:?}");
    assert_eq!(
        (head[1].as_u64(), head[2].as_u64()),
        (Some(b'P' as u64), Some(b'K' as u64)),
        "an XLSX file is a zip"
    );
    assert!(head[3].as_str().unwrap().ends_with(".xlsx"));
    // The poor villages' exit checks on the overview export as CSV with the result of each.
    b.click("nav.subnav a[href^='/?']");
    b.click("[data-control=village-exits-csv]");
    b.wait_until("return window.__blobs.length === 2", 30, "the CSV");
    let got = b.js_async(
        "const done = arguments[arguments.length - 1]; window.__blobs[1].arrayBuffer().then(a => { const u = new Uint8Array(a); done([u[0], u[1], u[2], new TextDecoder().decode(u)]); });",
        json!([]),
    );
    let got = got.as_array().unwrap();
    let bom: Vec<u64> = got[..3].iter().map(|v| v.as_u64().unwrap()).collect();
    assert_eq!(bom, [0xEF, 0xBB, 0xBF], "a byte-order mark for Excel");
    let text = got[3].as_str().unwrap();
    assert_eq!(
        text.lines().count(),
        1 + 13,
        "a header and the 13 poor villages"
    );
    assert!(text.contains("暂不能退出") || text.contains("可退出"));
}

fn set_field(b: &Browser, field: &str, value: &str) {
    let css = format!("[data-field='{field}']");
    b.clear(&css);
    if !value.is_empty() {
        b.type_into(&css, value);
    }
}

#[test]
fn a_cadre_creates_a_household_fixes_errors_finds_it_and_records_an_exit() {
    let Some((s, b)) = app() else { return };
    // A registry with a village: import the small base file.
    import_base(&b, &s);
    b.goto(&s.url("/households"));
    wait_ready(&b);
    b.click("[data-control=new-household]");
    b.wait("[data-field='members.0.name']", 20);
    // Head, with an ID number whose check character is wrong.
    set_field(&b, "members.0.name", "赵大山");
    set_field(&b, "members.0.id_number", "620725198001170553");
    b.wait("[data-error='members.0.id_number']", 10);
    assert!(b
        .text("[data-error='members.0.id_number']")
        .contains("最后一位应为"));
    assert_eq!(
        b.attr("[data-control=save-household]", "disabled")
            .as_deref(),
        Some("true")
    );
    set_field(&b, "members.0.id_number", "620725198001170552");
    b.wait_until(
        "return !document.querySelector(\"[data-error='members.0.id_number']\")",
        10,
        "ID accepted",
    );
    // Two more members; a second head is refused until corrected.
    b.click("[data-control=add-member]");
    b.click("[data-control=add-member]");
    set_field(&b, "members.1.name", "钱小花");
    set_field(&b, "members.2.name", "赵小明");
    b.select("[data-field='members.1.relation']", "head");
    b.wait("[data-error=members]", 10);
    b.select("[data-field='members.1.relation']", "spouse");
    // An income with a negative amount, then corrected; the per-capita figure shows as typed.
    b.click("[data-control=add-income]");
    set_field(&b, "incomes.0.year", "2017");
    set_field(&b, "incomes.0.wage", "-1");
    b.wait("[data-error='incomes.0.wage']", 10);
    set_field(&b, "incomes.0.wage", "30000");
    b.wait_until(
        "return document.querySelector('[data-preview=\"0\"]').innerText.includes('10000.00')",
        10,
        "per-capita preview",
    );
    set_field(&b, "group", "2社");
    b.select("[data-field=housing]", "grade_c");
    b.wait("[data-state=valid]", 10);
    b.click("[data-control=save-household]");
    b.wait("[data-household]", 30);
    // Found by search, by a member's name.
    b.goto(&s.url("/households"));
    wait_ready(&b);
    b.type_into("[data-control=household-search]", "钱小花");
    b.wait_until(
        "return document.querySelector('[data-metric=household_count]').dataset.value === '1'",
        10,
        "one match",
    );
    b.click("[data-household-id]");
    b.wait("[data-household]", 20);
    assert!(
        b.find_all("[data-household] ~ section tr").len() >= 3,
        "three members listed"
    );
    // A new household is a candidate: register it, then try an exit that fails the check.
    // The browser's today: the household entered as a candidate today, so changes are dated today.
    let today = today_utc().to_string();
    b.select("[data-control=status-kind]", "poor");
    set_field_control(&b, "status-date", &today);
    set_field_control(&b, "status-reason", "建档立卡");
    b.click("[data-control=status-apply]");
    b.wait("[data-notice=ok]", 20);
    b.wait_until(
        "return document.querySelector('[data-field=status]').innerText === '贫困(未脱贫)'",
        20,
        "registered as poor",
    );
    b.select("[data-control=status-kind]", "exited");
    set_field_control(&b, "status-date", &today);
    set_field_control(&b, "status-reason", "验收");
    b.click("[data-control=status-apply]");
    b.wait("[data-panel=status] [data-exit-check=fail]", 10);
    assert_eq!(
        b.attr(
            "[data-panel=status] [data-criterion=housing]",
            "data-verdict"
        )
        .as_deref(),
        Some("failed")
    );
    // No income entry and no poverty line for this year: unknown, never shown as met or as 0.
    assert_eq!(
        b.attr(
            "[data-panel=status] [data-criterion=income]",
            "data-verdict"
        )
        .as_deref(),
        Some("unknown")
    );
    set_field_control(&b, "status-override", "已纳入危房改造计划");
    b.click("[data-control=status-apply]");
    b.wait_until(
        "return document.querySelector('[data-field=status]').innerText === '已脱贫'",
        20,
        "exited",
    );
}

#[test]
fn a_full_disk_keeps_the_form_and_a_candidate_walks_all_six_steps() {
    let Some((s, b)) = app() else { return };
    import_base(&b, &s);
    b.goto(&s.url("/new-household"));
    wait_ready(&b);
    set_field(&b, "members.0.name", "孙满仓");
    set_field(&b, "group", "4社");
    b.wait("[data-state=valid]", 10);
    // Following a link with unsaved input asks first; cancelling keeps the form.
    b.wait("nav a[href='/settings']", 10);
    b.js(
        "document.querySelector(\"nav a[href='/settings']\").click(); return true;",
        json!([]),
    );
    let asked = b.dismiss_alert();
    assert!(asked.is_some_and(|t| t.contains("未保存")), "a confirm box");
    assert!(b.current_url().ends_with("/new-household"));
    // The disk is full: IndexedDB refuses the write.
    b.js("window.__put = IDBObjectStore.prototype.put; IDBObjectStore.prototype.put = function() { throw new DOMException('full', 'QuotaExceededError'); }; return true;", json!([]));
    b.click("[data-control=save-household]");
    b.wait("[data-notice=error]", 20);
    assert!(
        b.text("[data-notice=error]").contains("存储空间已满"),
        "{}",
        b.text("[data-notice=error]")
    );
    assert!(
        b.current_url().ends_with("/new-household"),
        "still on the form"
    );
    assert_eq!(
        b.js(
            "return document.querySelector(\"[data-field='members.0.name']\").value",
            json!([])
        )
        .as_str(),
        Some("孙满仓")
    );
    // Space again: the same form saves.
    b.js(
        "IDBObjectStore.prototype.put = window.__put; return true;",
        json!([]),
    );
    b.click("[data-control=save-household]");
    b.wait("[data-panel=identification]", 30);
    // 一核二看三比四评议五公示, then approval: six steps, each dated.
    for step in [
        "verify_income",
        "inspect",
        "compare",
        "review",
        "publicize",
        "approve",
    ] {
        b.wait(&format!("[data-next-step={step}]"), 20);
        b.click("[data-control=step-pass]");
    }
    b.wait_until(
        "return !document.querySelector('[data-next-step]')",
        20,
        "all steps passed",
    );
    b.wait_until(
        "return document.querySelector('[data-field=status]').innerText === '贫困(未脱贫)'",
        20,
        "approved and registered",
    );
    assert_eq!(b.find_all("[data-panel=identification] li.done").len(), 6);
    // Every change is in the household's history: created, then the six steps.
    b.wait_until(
        "return document.querySelectorAll('[data-history]').length === 7",
        20,
        "seven history entries",
    );
    assert!(b.text("[data-panel=history]").contains("新增农户"));
}

#[test]
fn regions_are_added_edited_and_deleted_only_when_empty() {
    let Some((s, b)) = app() else { return };
    b.goto(&s.url("/regions"));
    wait_ready(&b);
    b.select("[data-control=region-kind]", "county");
    b.type_into("[data-control=region-name]", "山岭县");
    b.click("[data-control=region-add]");
    b.wait("[data-panel=region-editor]", 20);
    b.select("[data-control=region-kind]", "township");
    b.wait_until(
        "return document.querySelectorAll('[data-control=region-parent] option').length === 2",
        10,
        "the county offered as parent",
    );
    let county = b.js(
        "return document.querySelectorAll('[data-control=region-parent] option')[1].value",
        json!([]),
    );
    b.select("[data-control=region-parent]", county.as_str().unwrap());
    b.type_into("[data-control=region-name]", "一镇");
    b.click("[data-control=region-add]");
    b.wait_until(
        "return document.querySelectorAll('tr[data-region-id]').length === 2",
        10,
        "two regions",
    );
    let township = b
        .js(
            "return document.querySelectorAll('tr[data-region-id]')[1].dataset.regionId",
            json!([]),
        )
        .as_str()
        .unwrap()
        .to_string();
    b.select("[data-control=region-kind]", "village");
    b.wait_until(
        "return document.querySelectorAll('[data-control=region-parent] option').length === 2",
        10,
        "the township offered as parent",
    );
    b.select("[data-control=region-parent]", &township);
    b.type_into("[data-control=region-name]", "一村");
    b.click("[data-control=region-add]");
    b.wait("[data-panel=region-editor] [data-field=poor-village]", 20);
    // The village's population of this year, saved and read back in the table.
    b.clear("[data-field=population-people]");
    b.type_into("[data-field=population-people]", "1234");
    b.click("[data-control=region-save]");
    b.wait_until(
        "return document.body.innerText.includes('1,234')",
        20,
        "population shown",
    );
    // The township cannot go while the village stands under it.
    b.click(&format!("tr[data-region-id='{township}']"));
    b.wait(
        &format!("[data-panel=region-editor][data-region='{township}']"),
        10,
    );
    b.click("[data-control=region-delete]");
    b.wait("[data-notice=error]", 10);
    assert_eq!(b.find_all("tr[data-region-id]").len(), 3);
    let village = b
        .js(
            "return document.querySelectorAll('tr[data-region-id]')[2].dataset.regionId",
            json!([]),
        )
        .as_str()
        .unwrap()
        .to_string();
    // The village's own facts: renamed, an industry, one condition met, collective income.
    b.click(&format!("tr[data-region-id='{village}']"));
    b.wait(
        &format!("[data-panel=region-editor][data-region='{village}']"),
        10,
    );
    b.clear("[data-field=region-name]");
    b.type_into("[data-field=region-name]", "新一村");
    b.type_into("[data-field=specialty-industry]", "马铃薯");
    b.select("[data-field=infrastructure-hardened_road]", "yes");
    b.type_into("[data-field=collective-income]", "-5");
    b.click("[data-control=region-save]");
    b.wait_until(
        "return (document.querySelector('[data-notice=error]') || {}).innerText?.includes('集体经济收入')",
        10,
        "a negative collective income is refused by name",
    );
    assert!(
        !b.text(&format!("tr[data-region-id='{village}']"))
            .contains("新一村"),
        "nothing saved"
    );
    b.clear("[data-field=collective-income]");
    b.type_into("[data-field=collective-income]", "85,000");
    b.click("[data-control=region-save]");
    b.wait_until(
        &format!("return document.querySelector(\"tr[data-region-id='{village}']\").innerText.includes('新一村')"),
        10,
        "renamed",
    );
    assert_eq!(
        b.attr(
            &format!("tr[data-region-id='{village}'] [data-infra]"),
            "data-infra"
        )
        .as_deref(),
        Some("1")
    );
    assert_eq!(
        b.text(&format!("tr[data-region-id='{village}'] [data-industry]")),
        "马铃薯"
    );
    // Moved under a second township, the first one is empty and can go (a tombstone).
    b.select("[data-control=region-kind]", "township");
    b.wait_until(
        "return document.querySelectorAll('[data-control=region-parent] option').length === 2",
        10,
        "the county offered as parent",
    );
    b.select("[data-control=region-parent]", county.as_str().unwrap());
    b.type_into("[data-control=region-name]", "二镇");
    b.click("[data-control=region-add]");
    b.wait_until(
        "return document.querySelectorAll('tr[data-region-id]').length === 4",
        10,
        "a second township",
    );
    b.wait_until(
        &format!("const e = document.querySelector('[data-panel=region-editor]'); return !!e && e.dataset.region !== '{village}'"),
        10,
        "the new township opened",
    );
    let second = b.attr("[data-panel=region-editor]", "data-region").unwrap();
    b.click(&format!("tr[data-region-id='{village}']"));
    b.wait(
        &format!("[data-panel=region-editor][data-region='{village}']"),
        10,
    );
    b.select("[data-field=region-parent]", &second);
    b.click("[data-control=region-save]");
    b.wait_until(
        &format!("return document.querySelector(\"tr[data-region-id='{village}']\").previousElementSibling.dataset.regionId === '{second}'"),
        10,
        "the village listed under its new township",
    );
    b.click(&format!("tr[data-region-id='{township}']"));
    b.wait(
        &format!("[data-panel=region-editor][data-region='{township}']"),
        10,
    );
    b.click("[data-control=region-delete]");
    b.wait_until(
        &format!("return !document.querySelector(\"tr[data-region-id='{township}']\")"),
        10,
        "the empty township deleted",
    );
    // A reload reads the same tree back from storage.
    b.refresh();
    wait_ready(&b);
    b.wait(&format!("tr[data-region-id='{village}']"), 20);
    assert_eq!(b.find_all("tr[data-region-id]").len(), 3);
    assert!(b
        .text(&format!("tr[data-region-id='{village}']"))
        .contains("新一村"));
}

/// Opens a roster file on the exchange page and waits for the mapping step.
fn open_roster(b: &Browser, s: &Server, path: &std::path::Path) {
    b.goto(&s.url("/exchange"));
    wait_ready(b);
    b.type_into("[data-control=roster-file]", path.to_str().unwrap());
    b.wait("[data-stage=mapping]", 120);
}

#[test]
fn the_roster_exported_as_excel_and_csv_reimports_into_an_empty_registry_with_the_same_figures() {
    let Some((s, b)) = app() else { return };
    load_demo(&b, &s);
    let figures = [
        "poor_households",
        "poor_people",
        "exited_households",
        "exited_people",
        "poor_per_capita_net_income",
    ];
    let before: Vec<String> = figures.iter().map(|f| b.metric(f)).collect();
    assert_eq!(before[0], "1439");
    b.goto(&s.url("/households"));
    wait_ready(&b);
    b.wait("[data-metric=household_count]", 60);
    let count = b
        .attr("[data-metric=household_count]", "data-value")
        .unwrap();
    b.js(CAPTURE_BLOBS, json!([]));
    // By default the roster leaves with ID numbers masked.
    b.click("[data-control=roster-csv]");
    b.wait_until(
        "return window.__blobs.length === 1",
        60,
        "the masked roster",
    );
    let masked = exchange::csv::read(std::str::from_utf8(&blob_bytes(&b, 0)).unwrap()).unwrap();
    let id_col = masked.header.iter().position(|h| h == "身份证号").unwrap();
    assert!(masked
        .rows
        .iter()
        .all(|r| r[id_col].is_empty() || r[id_col].contains("********")));
    // Full numbers only when asked for: then it goes to a browser that has never seen the county.
    b.click("[data-control=roster-full-ids]");
    b.click("[data-control=roster-xlsx]");
    b.wait_until(
        "return window.__blobs.length === 2",
        120,
        "the roster workbook",
    );
    b.click("[data-control=roster-csv]");
    b.wait_until("return window.__blobs.length === 3", 60, "the roster CSV");
    let xlsx = write_temp("roster.xlsx", &blob_bytes(&b, 1));
    let csv = blob_bytes(&b, 2);
    assert!(csv.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 with a BOM");
    let csv = write_temp("roster.csv", &csv);
    drop(b);

    // A browser that has never seen the county: the workbook goes through the mapping step.
    let b = Browser::start();
    open_roster(&b, &s, &xlsx);
    assert_eq!(
        b.js(
            "return document.querySelector('[data-column=\"0\"]').value",
            json!([])
        ),
        json!("household_id")
    );
    // The person unmaps the phone column and maps it back: the choice is kept in the select.
    let phone = b.js("return [...document.querySelectorAll('[data-column]')].find(s => s.value === 'phone').dataset.column", json!([]));
    let phone = format!("[data-column=\"{}\"]", phone.as_str().unwrap());
    b.select(&phone, "");
    assert_eq!(
        b.js(
            &format!(
                "return document.querySelector('{}').value",
                phone.replace('\'', "\\'")
            ),
            json!([])
        ),
        json!("")
    );
    b.select(&phone, "phone");
    b.click("[data-control=roster-preview]");
    b.wait("[data-stage=planned]", 180);
    assert_eq!(
        b.attr("[data-plan='households.added']", "data-value")
            .unwrap(),
        count
    );
    assert_eq!(
        b.attr("[data-roster-households]", "data-roster-households")
            .unwrap(),
        count
    );
    b.click("[data-control=import-apply]");
    b.wait("[data-notice=ok]", 180);
    b.goto(&s.url("/?as_of=2017-10-23&income_year=2017"));
    wait_ready(&b);
    b.wait("[data-metric=poor_households]", 60);
    let after: Vec<String> = figures.iter().map(|f| b.metric(f)).collect();
    assert_eq!(after, before, "{figures:?}");

    // The CSV of the same roster changes nothing: every household is found and the same.
    open_roster(&b, &s, &csv);
    b.click("[data-control=roster-preview]");
    b.wait("[data-stage=planned]", 180);
    assert_eq!(
        b.attr("[data-roster-unchanged]", "data-roster-unchanged")
            .unwrap(),
        count
    );
    assert_eq!(
        b.attr("[data-plan='households.added']", "data-value")
            .unwrap(),
        "0"
    );
    assert_eq!(
        b.attr("[data-plan='households.replaced']", "data-value")
            .unwrap(),
        "0"
    );
    b.click("[data-control=import-cancel]");

    // A sheet with a wrong ID number is refused by row and column, and nothing changes.
    let reg = demo::county();
    let county = &reg.regions[0].live().unwrap().name;
    let good = jingzhun::domain::id_number::make("620725", Date::parse("1970-03-01").unwrap(), 11);
    let wrong = format!(
        "{}{}",
        &good[..17],
        if good.ends_with('1') { '2' } else { '1' }
    );
    let bad = format!("姓名,身份证号,性别,与户主关系,县,乡镇,村,户属性,主要致贫原因\r\n王五,{wrong},男,户主,{county},新乡,新村,一般,因病\r\n");
    let bad = write_temp("bad-roster.csv", bad.as_bytes());
    open_roster(&b, &s, &bad);
    b.click("[data-control=roster-preview]");
    b.wait("[data-stage=refused]", 60);
    let text = b.text("[data-stage=refused]");
    assert!(text.contains("第 2 行 · 身份证号"), "{text}");
    b.goto(&s.url("/households"));
    wait_ready(&b);
    b.wait("[data-metric=household_count]", 60);
    assert_eq!(
        b.attr("[data-metric=household_count]", "data-value")
            .unwrap(),
        count
    );
}

/// The base registry as the app holds it after `import_base`, for figures computed natively.
fn base_registry() -> jingzhun::domain::model::Registry {
    let bytes = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/valid-base.json"),
    )
    .unwrap();
    exchange::parse(&bytes, None).unwrap().registry
}

fn quality_count(
    reg: &jingzhun::domain::model::Registry,
    scope: Option<&str>,
    rule: jingzhun::domain::quality::QualityRule,
) -> usize {
    let ix = jingzhun::domain::index::Index::new(reg);
    jingzhun::domain::quality::check(&ix, ix.scope_of(scope), today_utc())
        .iter()
        .filter(|f| f.rule == rule)
        .count()
}

#[test]
fn a_household_is_edited_in_depth_monitored_printed_and_followed_by_the_quality_page() {
    use jingzhun::domain::quality::QualityRule;
    let Some((s, b)) = app() else { return };
    import_base(&b, &s);
    let base = base_registry();
    let today = today_utc().to_string();
    b.goto(&s.url("/new-household"));
    wait_ready(&b);
    let village = b
        .js(
            "return document.querySelector('[data-field=village_id]').value",
            json!([]),
        )
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        !village.is_empty(),
        "a village is chosen for a new household"
    );
    // 因病 as the main cause while every member is healthy: a quality finding until corrected.
    set_field(&b, "members.0.name", "周长河");
    set_field(&b, "members.0.id_number", "620725198001170552");
    b.select("[data-field='members.0.health']", "healthy");
    b.click("[data-control=add-member]");
    set_field(&b, "members.1.name", "周小雨");
    b.select("[data-field='members.1.health']", "healthy");
    b.select("[data-field='members.1.education']", "junior");
    b.select("[data-field='members.1.work']", "outside");
    set_field(&b, "group", "3社");
    set_field(&b, "phone", "13800001111");
    b.select("[data-field=main_cause]", "illness");
    b.click("input[data-cause=lack_capital]");
    b.click("input[data-cause=lack_skills]");
    b.select("[data-field=electricity]", "yes");
    b.select("[data-field=relocated]", "no");
    b.wait("[data-state=valid]", 10);
    b.click("[data-control=save-household]");
    b.wait("[data-household]", 30);
    let id = b.attr("[data-household]", "data-household").unwrap();
    // Everything entered reads back on the household page; the ID number is masked until revealed.
    assert_eq!(
        b.text("[data-fact=other_causes]"),
        "缺技术、缺资金",
        "other causes in the order of the code list"
    );
    assert_eq!(b.text("[data-fact=electricity]"), "是");
    assert_eq!(b.text("[data-fact=relocated]"), "否");
    assert_eq!(b.text("[data-fact=phone]"), "13800001111");
    assert_eq!(b.text("[data-id-number]"), "620725********0552");
    b.click("h2 label.small input");
    b.wait_until(
        "return document.querySelector('[data-id-number]').innerText === '620725198001170552'",
        10,
        "ID revealed",
    );
    assert!(b.text("[data-household] ~ section table").contains("初中"));
    // The quality page counts the contradiction, in its village and in the village's scope.
    b.goto(&s.url("/quality"));
    wait_ready(&b);
    let contradiction = "[data-metric='quality.cause_contradiction']";
    let before = quality_count(&base, None, QualityRule::CauseContradiction);
    assert_eq!(
        b.attr(contradiction, "data-value").unwrap(),
        (before + 1).to_string()
    );
    b.select("[data-control=quality-scope]", &village);
    b.wait_until(
        &format!(
            "return document.querySelector(\"{contradiction}\").dataset.value === '{}'",
            quality_count(&base, Some(&village), QualityRule::CauseContradiction) + 1
        ),
        10,
        "the village's own count",
    );
    b.click("[data-rule-filter=cause_contradiction]");
    b.wait_until(
        &format!(
            "return !!document.querySelector(\"[data-table=findings] a[href='/households/{id}']\")"
        ),
        10,
        "the finding links to the household",
    );
    let shown: usize = b
        .attr("[data-findings-shown]", "data-findings-shown")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        shown,
        b.find_all("[data-table=findings] tr[data-rule=cause_contradiction]")
            .len()
    );
    // Grouped by village: a village's line narrows the list to its findings.
    let (path, n) = {
        let v = b.js("const r = document.querySelector('[data-table=quality-villages] tr[data-village]'); return [r.dataset.village, r.querySelector('td.num').dataset.value]", json!([]));
        (
            v[0].as_str().unwrap().to_string(),
            v[1].as_str().unwrap().to_string(),
        )
    };
    b.click("[data-control=quality-clear]");
    b.click("[data-table=quality-villages] tr[data-village] button");
    b.wait_until(
        &format!("return document.querySelector('[data-findings-shown]').dataset.findingsShown === '{n}'"),
        10,
        "the village's findings",
    );
    let villages = b.js("return Array.from(document.querySelectorAll('[data-table=findings] tr td:nth-child(2)')).map(td => td.innerText)", json!([]));
    assert!(villages
        .as_array()
        .unwrap()
        .iter()
        .all(|v| v.as_str() == Some(path.as_str())));
    b.click(&format!("[data-table=findings] a[href='/households/{id}']"));
    b.wait(&format!("[data-household='{id}']"), 20);
    // An edit: the daughter left (married out) today, and the head is chronically ill.
    b.click("[data-control=edit-household]");
    b.wait("[data-field='members.1.left_date']", 20);
    b.select("[data-field='members.0.health']", "chronic");
    set_field(&b, "members.1.left_date", &today);
    b.select("[data-field='members.1.left_reason']", "marriage");
    b.wait("[data-state=valid]", 10);
    b.click("[data-control=save-household]");
    b.wait_until(
        &format!("return location.pathname === '/households/{id}'"),
        20,
        "back on the household page",
    );
    b.wait_until(
        "return document.querySelector('[data-household] ~ section table').innerText.includes('离开')",
        20,
        "the member marked as left",
    );
    // 防返贫监测: started with a note, then ended; both dated and shown.
    b.select("[data-control=monitoring-category]", "sudden_hardship");
    set_field_control(&b, "monitoring-date", &today);
    set_field_control(&b, "monitoring-note", "突发大病");
    b.click("[data-control=monitoring-apply]");
    b.wait("li[data-monitoring=sudden_hardship][data-open=true]", 20);
    set_field_control(&b, "monitoring-date", "2017-13-01");
    b.click("[data-control=monitoring-apply]");
    b.wait("[data-state=monitoring-problem]", 10);
    set_field_control(&b, "monitoring-date", &today);
    b.click("[data-control=monitoring-apply]");
    b.wait("li[data-monitoring=sudden_hardship][data-open=false]", 20);
    // Who-what-when: created, edited, monitoring started, monitoring ended.
    b.wait_until(
        "return document.querySelectorAll('[data-history]').length === 4",
        20,
        "four history entries",
    );
    // The household card (明白卡): one person now, both causes, masked ID, the status.
    b.js("window.scrollTo(0, 0); return true;", json!([]));
    b.click("[data-control=household-card]");
    b.wait("[data-card-field=head]", 20);
    assert_eq!(b.text("[data-card-field=head]"), "周长河");
    assert_eq!(b.text("[data-card-field=people]"), "1");
    assert_eq!(b.find_all("[data-card-member]").len(), 1);
    assert_eq!(b.text("[data-card-field=causes]"), "因病、缺技术、缺资金");
    assert!(
        b.text("[data-card-field=status]").starts_with("申请"),
        "{}",
        b.text("[data-card-field=status]")
    );
    assert!(b.text(".hh-card").contains("620725********0552"));
    assert!(!b.text(".hh-card").contains("620725198001170552"));
    assert_eq!(b.text("[data-card-field=helpers]"), "—");
    // The contradiction is gone from the quality page.
    b.goto(&s.url("/quality"));
    wait_ready(&b);
    assert_eq!(
        b.attr(contradiction, "data-value").unwrap(),
        before.to_string()
    );
}

#[test]
fn the_list_filters_status_as_of_a_date_and_the_board_prints_one_village_notice() {
    use jingzhun::domain::analysis::{identification_board, identification_stage};
    use jingzhun::domain::calc;
    use jingzhun::domain::codes::Status;
    use jingzhun::domain::index::{Index, Scope};
    let Some((s, b)) = app() else { return };
    load_demo(&b, &s);
    let reg = demo::county();
    let ix = Index::new(&reg);
    let count = |d: Date, st: Status| {
        ix.households_in(Scope::All)
            .filter(|(_, h)| calc::status_at(h, d) == Some(st))
            .count()
            .to_string()
    };
    let shown = |b: &Browser, n: &str, what: &str| {
        b.wait_until(
            &format!("return document.querySelector('[data-metric=household_count]').dataset.value === '{n}'"),
            20,
            what,
        )
    };
    // From the overview (at the demo's date), the list opens at the same date.
    let demo_day = Date::parse(demo::AS_OF).unwrap();
    b.click("nav a[href='/households']");
    b.wait("[data-control=status-date-filter]", 20);
    assert_eq!(
        b.js(
            "return document.querySelector('[data-control=status-date-filter]').value",
            json!([])
        )
        .as_str(),
        Some(demo::AS_OF)
    );
    b.select("[data-control=status-filter]", "poor");
    shown(
        &b,
        &count(demo_day, Status::Poor),
        "poor at the overview's date",
    );
    // 状态时点: the poor households of mid-2015 and of today are different lists.
    b.goto(&s.url("/households"));
    wait_ready(&b);
    b.select("[data-control=status-filter]", "poor");
    shown(&b, &count(today_utc(), Status::Poor), "poor today");
    let then = Date::parse("2015-06-30").unwrap();
    assert_ne!(count(then, Status::Poor), count(today_utc(), Status::Poor));
    b.clear("[data-control=status-date-filter]");
    b.js("const e = document.querySelector('[data-control=status-date-filter]'); e.value = '2015-06-30'; e.dispatchEvent(new Event('change', {bubbles: true})); return true;", json!([]));
    shown(&b, &count(then, Status::Poor), "poor in mid-2015");
    // The roster exported from the list is what the list shows: those households, every member.
    b.js(CAPTURE_BLOBS, json!([]));
    b.click("[data-control=roster-csv]");
    b.wait_until(
        "return window.__blobs.length === 1",
        60,
        "the listed roster",
    );
    let sheet = exchange::csv::read(std::str::from_utf8(&blob_bytes(&b, 0)).unwrap()).unwrap();
    let id_col = sheet.header.iter().position(|h| h == "户编号").unwrap();
    let status_col = sheet.header.iter().position(|h| h == "状态").unwrap();
    let listed: std::collections::BTreeSet<&str> =
        sheet.rows.iter().map(|r| r[id_col].as_str()).collect();
    assert_eq!(listed.len().to_string(), count(then, Status::Poor));
    let members: usize = ix
        .households_in(Scope::All)
        .filter(|(_, h)| calc::status_at(h, then) == Some(Status::Poor))
        .map(|(_, h)| h.members.len())
        .sum();
    assert_eq!(sheet.rows.len(), members);
    assert!(
        sheet.rows.iter().all(|r| r[status_col] == "贫困"),
        "status as of the list's date"
    );
    // The identification board counts candidates by village and last step passed.
    let today = today_utc();
    let board = identification_board(&ix, Scope::All, today);
    assert!(!board.is_empty(), "the demo has candidates");
    b.goto(&s.url("/identification"));
    wait_ready(&b);
    b.wait("[data-table=identification-board] tr[data-region-id]", 20);
    for (v, counts) in &board {
        for (k, n) in counts.iter().enumerate() {
            let css = format!(
                "[data-table=identification-board] tr[data-region-id='{}'] td[data-stage='{k}']",
                reg.regions[*v].id
            );
            assert_eq!(
                b.text(&css),
                n.to_string(),
                "village {} step {k}",
                reg.regions[*v].id
            );
        }
    }
    // 公示名单 of one village: its reviewed candidates only, with the total to post.
    let reviewed = |village: Option<&str>| {
        ix.households_in(Scope::All)
            .filter(|(i, h)| {
                calc::status_at(h, today) == Some(Status::Candidate)
                    && identification_stage(h) >= 4
                    && village
                        .is_none_or(|v| reg.households[*i].body.as_ref().unwrap().village_id == v)
            })
            .count()
    };
    let all = reviewed(None);
    assert!(all > 0, "some candidates are past the village review");
    assert_eq!(
        b.attr("[data-notice-total]", "data-notice-total").unwrap(),
        all.to_string()
    );
    let village = b
        .js(
            "return document.querySelectorAll('[data-control=notice-village] option')[1].value",
            json!([]),
        )
        .as_str()
        .unwrap()
        .to_string();
    b.select("[data-control=notice-village]", &village);
    let n = reviewed(Some(&village));
    assert!(n > 0 && n < all, "one village's share: {n} of {all}");
    b.wait_until(
        &format!(
            "return document.querySelector('[data-notice-total]').dataset.noticeTotal === '{n}'"
        ),
        10,
        "the village's notice",
    );
    assert_eq!(b.find_all("[data-table=public-notice] tbody tr").len(), n);
    assert!(b
        .text(".notice-list h2")
        .starts_with(&ix.region_path(*ix.region_pos(village.as_str()).unwrap())));
    // The quality page checks as of a date: the demo's incomes are for its own years.
    b.goto(&s.url("/quality"));
    wait_ready(&b);
    let no_income = |d: Date| {
        jingzhun::domain::quality::check(&ix, Scope::All, d)
            .iter()
            .filter(|f| f.rule == jingzhun::domain::quality::QualityRule::NoCurrentIncome)
            .count()
            .to_string()
    };
    assert_eq!(b.metric("quality.no_current_income"), no_income(today));
    assert_ne!(no_income(demo_day), no_income(today));
    b.js(&format!("const e = document.querySelector('[data-control=quality-date]'); e.value = '{demo_day}'; e.dispatchEvent(new Event('change', {{bubbles: true}})); return true;"), json!([]));
    b.wait_until(
        &format!("return document.querySelector(\"[data-metric='quality.no_current_income']\").dataset.value === '{}'", no_income(demo_day)),
        20,
        "the count as of the demo's day",
    );
}

#[test]
fn two_tabs_a_form_saved_late_keeps_the_other_tabs_record_and_asks_before_overwriting() {
    let Some((s, b)) = app() else { return };
    import_base(&b, &s);
    let first = b.tab();
    b.goto(&s.url("/households/h-2/edit"));
    wait_ready(&b);
    set_field(&b, "phone", "13900000001");
    // Meanwhile a second tab puts the household under monitoring.
    let second = b.open_tab();
    b.goto(&s.url("/households/h-2"));
    wait_ready(&b);
    b.select("[data-control=monitoring-category]", "marginal");
    b.click("[data-control=monitoring-apply]");
    b.wait("li[data-monitoring=marginal][data-open=true]", 20);
    // The first tab's form saves its phone, and the monitoring recorded meanwhile stays.
    b.switch_tab(&first);
    std::thread::sleep(std::time::Duration::from_millis(1500));
    b.click("[data-control=save-household]");
    b.wait("[data-household='h-2']", 20);
    b.wait("li[data-monitoring=marginal][data-open=true]", 20);
    assert_eq!(b.text("[data-fact=phone]"), "13900000001");
    // Both tabs edit the form's own fields: the later save asks first; cancelling saves nothing.
    b.goto(&s.url("/households/h-2/edit"));
    wait_ready(&b);
    set_field(&b, "address", "一社 1 号");
    b.switch_tab(&second);
    b.goto(&s.url("/households/h-2/edit"));
    wait_ready(&b);
    set_field(&b, "address", "二社 2 号");
    b.click("[data-control=save-household]");
    b.wait("[data-fact=address]", 20);
    b.switch_tab(&first);
    std::thread::sleep(std::time::Duration::from_millis(1500));
    b.js(
        "document.querySelector('[data-control=save-household]').click(); return true;",
        json!([]),
    );
    let asked = b.dismiss_alert();
    assert!(asked.is_some_and(|t| t.contains("别处")), "a confirm box");
    assert!(
        b.current_url().ends_with("/households/h-2/edit"),
        "still on the form"
    );
    b.switch_tab(&second);
    b.refresh();
    wait_ready(&b);
    assert_eq!(b.text("[data-fact=address]"), "二社 2 号");
    assert_eq!(b.text("[data-fact=phone]"), "13900000001");
    // The same for a village's editor: renamed in one tab, the other asks before writing over it.
    let open_village = |b: &Browser| {
        b.goto(&s.url("/regions"));
        wait_ready(b);
        b.click("tr[data-region-id='v-1']");
        b.wait("[data-panel=region-editor][data-region='v-1']", 10);
    };
    b.switch_tab(&first);
    open_village(&b);
    b.clear("[data-field=region-name]");
    b.type_into("[data-field=region-name]", "一村乙");
    b.switch_tab(&second);
    open_village(&b);
    b.clear("[data-field=region-name]");
    b.type_into("[data-field=region-name]", "一村甲");
    b.click("[data-control=region-save]");
    b.wait_until(
        "return document.querySelector(\"tr[data-region-id='v-1']\").innerText.includes('一村甲')",
        10,
        "renamed in the second tab",
    );
    // Saving twice from the same editor asks nothing: the second save is its own change.
    b.clear("[data-field=specialty-industry]");
    b.type_into("[data-field=specialty-industry]", "肉羊");
    b.click("[data-control=region-save]");
    b.wait_until(
        "return document.querySelector(\"tr[data-region-id='v-1'] [data-industry]\").innerText === '肉羊'",
        10,
        "saved again without a question",
    );
    b.switch_tab(&first);
    std::thread::sleep(std::time::Duration::from_millis(1500));
    b.js(
        "document.querySelector('[data-control=region-save]').click(); return true;",
        json!([]),
    );
    let asked = b.dismiss_alert();
    assert!(asked.is_some_and(|t| t.contains("别处")), "a confirm box");
    b.refresh();
    wait_ready(&b);
    assert!(b.text("tr[data-region-id='v-1']").contains("一村甲"));
}
