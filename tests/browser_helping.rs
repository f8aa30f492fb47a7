//! The helping half in real headless Chromium: a cadre creates a helper, pairs an unpaired poor
//! household (the overview's paired figures move by exactly that household), logs a visit,
//! transfers the household, orders two measures and walks one to done; an office clerk adds a
//! fund, pays out against an order, is refused an overspend and overrides it with a reason.
//! Every figure on the overview is then checked against the overview computed natively from
//! the browser's own export, and an empty browser importing that export shows the same; a
//! version-1 file with a `planned` order imports as approved.

mod support;

use std::collections::BTreeMap;

use jingzhun::domain::codes::FundSource;
use jingzhun::domain::date::Date;
use jingzhun::domain::model::Registry;
use jingzhun::domain::report::{self, Overview};
use jingzhun::exchange;
use serde_json::json;
use support::{
    app, blob_bytes, import_base, set_field_control, today_utc, wait_ready, write_temp, Browser,
    Server, CAPTURE_BLOBS,
};

fn base_registry() -> Registry {
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/valid-base.json"),
    )
    .unwrap();
    exchange::parse(&bytes, None).unwrap().registry
}

/// The overview as of the browser's today, income year 2017 (the base file's).
fn overview_url(s: &Server) -> String {
    s.url(&format!("/?as_of={}&income_year=2017", today_utc()))
}

fn native(reg: &Registry) -> Overview {
    report::overview(reg, None, today_utc(), 2017)
}

fn open_overview(b: &Browser, s: &Server) {
    b.goto(&overview_url(s));
    wait_ready(b);
    b.wait("[data-metric=poor_households]", 30);
}

/// Every figure the overview names, first occurrence of each name (the headline before the
/// breakdown's rows), with its plain value.
fn screen_metrics(b: &Browser) -> BTreeMap<String, String> {
    let v = b.js(
        "const out = {}; for (const e of document.querySelectorAll('[data-metric]')) { const n = e.dataset.metric; if (!(n in out)) out[n] = e.dataset.value ?? ''; } return out;",
        json!([]),
    );
    v.as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
        .collect()
}

/// The same figures computed natively: the headline, the funds by source, the orders by state.
fn native_metrics(o: &Overview) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = o
        .headline
        .iter()
        .map(|(m, v)| (m.code().to_string(), v.plain()))
        .collect();
    for f in &o.funds {
        let c = f.source.code();
        out.insert(format!("fund_count.{c}"), f.sum.count.to_string());
        out.insert(format!("fund_amount.{c}"), f.sum.amount.to_string());
        out.insert(format!("fund_allocated.{c}"), f.sum.allocated.to_string());
        out.insert(format!("fund_spent.{c}"), f.sum.spent.to_string());
        out.insert(format!("fund_balance.{c}"), f.sum.balance().to_string());
    }
    for x in &o.orders {
        let c = x.status.code();
        out.insert(format!("orders.{c}"), x.count.to_string());
        out.insert(format!("orders_amount.{c}"), x.amount.to_string());
    }
    out
}

fn assert_screen_is(b: &Browser, want: &BTreeMap<String, String>) {
    let got = screen_metrics(b);
    for (name, value) in want {
        assert_eq!(got.get(name), Some(value), "{name}");
    }
}

fn path(b: &Browser) -> String {
    b.js("return location.pathname", json!([]))
        .as_str()
        .unwrap()
        .to_string()
}

/// Waits for the address to be a saved record's page under `prefix` (not its form) and returns
/// the record's id.
fn saved_id(b: &Browser, prefix: &str) -> String {
    b.wait_until(
        &format!("return /^\\/{prefix}\\/[^/]+$/.test(location.pathname) && !location.pathname.endsWith('/new')"),
        20,
        prefix,
    );
    path(b).rsplit('/').next().unwrap().to_string()
}

fn wait_status(b: &Browser, id: &str, status: &str) {
    b.wait(
        &format!("[data-panel=plan] tr[data-assistance-id='{id}'][data-status='{status}']"),
        20,
    );
}

#[test]
fn a_cadre_pairs_visits_transfers_and_orders_and_a_clerk_pays_out_of_a_fund() {
    let Some((s, b)) = app() else { return };
    import_base(&b, &s);
    let base = native(&base_registry());
    let paired = |o: &Overview| o.metric("paired_households").unwrap().plain();
    open_overview(&b, &s);
    assert_eq!(b.metric("paired_households"), paired(&base));
    assert_eq!(b.metric("helper_count"), "1");
    let base_paired: u64 = paired(&base).parse().unwrap();

    // The clerk adds a fund of 20,000 yuan for this year.
    b.goto(&s.url("/funds/new"));
    wait_ready(&b);
    b.wait("[data-control=fund-name]", 20);
    set_field_control(&b, "fund-name", "县级财政专项扶贫资金");
    b.select(
        "[data-control=fund-source]",
        FundSource::CountyFiscal.code(),
    );
    set_field_control(&b, "fund-year", &today_utc().year().to_string());
    // An amount that is not money is named under its field and nothing is saved.
    set_field_control(&b, "fund-amount", "两万");
    b.click("[data-control=fund-save]");
    b.wait("[data-error=amount]", 10);
    assert_eq!(path(&b), "/funds/new");
    set_field_control(&b, "fund-amount", "20000");
    b.click("[data-control=fund-save]");
    let fund = saved_id(&b, "funds");
    b.wait("[data-metric='fund.amount'][data-value='20000.00']", 20);

    // The cadre registers a new helper.
    b.goto(&s.url("/helpers/new"));
    wait_ready(&b);
    b.wait("[data-control=helper-name]", 20);
    b.click("[data-control=helper-save]");
    b.wait("[data-error=name]", 10);
    set_field_control(&b, "helper-name", "马建军");
    b.select("[data-control=helper-kind]", "cadre");
    set_field_control(&b, "helper-work-unit", "县农牧局");
    b.click("[data-control=helper-save]");
    let helper = saved_id(&b, "helpers");
    assert_eq!(b.text("h1[data-helper]"), "马建军");

    // h-2's helper moved away: the pairing ends and the household is unpaired.
    b.goto(&s.url("/households/h-2"));
    wait_ready(&b);
    b.wait("[data-panel=support] [data-helpers='1']", 20);
    b.click("[data-control=end-open]");
    b.select("[data-control=end-reason]", "helper_moved");
    b.click("[data-control=end-save]");
    b.wait("[data-panel=support] [data-helpers='0']", 20);
    open_overview(&b, &s);
    assert_eq!(b.metric("paired_households"), (base_paired - 1).to_string());
    assert_eq!(b.metric("unpaired_poor_households"), "1");

    // Paired with the new helper, found by name as it is typed.
    b.goto(&s.url("/households/h-2"));
    wait_ready(&b);
    b.wait("[data-control=pair-helper-search]", 20);
    b.type_into("[data-control=pair-helper-search]", "马建");
    let pick = format!("[data-form=pair] [data-helper-id='{helper}']");
    b.wait(&pick, 10);
    b.click(&pick);
    b.click("[data-control=pair-save]");
    b.wait(
        &format!("[data-panel=support] li[data-helper='{helper}']"),
        20,
    );
    open_overview(&b, &s);
    assert_eq!(b.metric("paired_households"), base_paired.to_string());
    assert_eq!(b.metric("unpaired_poor_households"), "0");
    assert_eq!(b.metric("helper_count"), "2");

    // A visit: what was done and what the household needs.
    b.goto(&s.url("/households/h-2"));
    wait_ready(&b);
    b.wait("[data-control=visit-done]", 20);
    b.click("[data-control=visit-save]");
    b.wait("[data-error=done]", 10);
    b.type_into("[data-control=visit-done]", "送去羊饲料两袋");
    b.type_into("[data-control=visit-needs]", "圈舍维修");
    b.click("[data-control=visit-save]");
    b.wait_until(
        "return [...document.querySelectorAll('[data-visit]')].some(e => e.innerText.includes('送去羊饲料两袋'))",
        20,
        "the visit listed",
    );

    // Transferred to 秦花梅 (p-1) in one step.
    b.click("[data-control=transfer-open]");
    b.type_into("[data-control=transfer-helper-search]", "秦花");
    b.wait("[data-form=transfer] [data-helper-id='p-1']", 10);
    b.click("[data-form=transfer] [data-helper-id='p-1']");
    b.click("[data-control=transfer-save]");
    b.wait("[data-panel=support] li[data-helper='p-1']", 20);
    assert!(b
        .find(&format!("[data-panel=support] li[data-helper='{helper}']"))
        .is_none());

    // Two measures ordered from the menu, charged to the new fund.
    for (k, amount) in ["1000", "500"].into_iter().enumerate() {
        b.select("[data-control=assistance-measure]", "me-1");
        b.select("[data-control=assistance-fund]", &fund);
        set_field_control(&b, "assistance-amount", amount);
        b.click("[data-control=assistance-save]");
        b.wait_until(
            &format!("return document.querySelectorAll('[data-panel=plan] tr[data-assistance-id]').length === {}", k + 1),
            20,
            "the order listed",
        );
    }
    b.wait_until(
        "return document.querySelectorAll(\"[data-panel=plan] tr[data-assistance-id][data-status=requested]\").length === 2",
        20,
        "two orders requested",
    );
    let fund_option = b.js(
        &format!("return document.querySelector(\"[data-control=assistance-fund] option[value='{fund}']\").textContent"),
        json!([]),
    );
    assert_eq!(fund_option, json!("县级财政专项扶贫资金"));
    let first = b
        .attr(
            "[data-panel=plan] tr[data-assistance-id]",
            "data-assistance-id",
        )
        .unwrap();
    for status in ["approved", "in_progress", "done"] {
        b.click(&format!(
            "[data-panel=plan] tr[data-assistance-id='{first}'] [data-control=assistance-advance]"
        ));
        wait_status(&b, &first, status);
    }
    assert!(b
        .find(&format!(
            "tr[data-assistance-id='{first}'] [data-control=assistance-advance]"
        ))
        .is_none());

    // The clerk pays 800 against the done order, then 30,000 more: refused with the figures
    // until a reason is given.
    b.goto(&s.url(&format!("/funds/{fund}")));
    wait_ready(&b);
    b.wait("[data-control=disburse-amount]", 20);
    set_field_control(&b, "disburse-amount", "800");
    set_field_control(&b, "disburse-payee", "马家养殖合作社");
    set_field_control(&b, "disburse-voucher", "PZ-001");
    b.select("[data-control=disburse-order]", &first);
    b.click("[data-control=disburse-save]");
    b.wait("[data-metric='fund.spent'][data-value='800.00']", 20);
    set_field_control(&b, "disburse-amount", "30000");
    set_field_control(&b, "disburse-payee", "县建筑公司");
    b.click("[data-control=disburse-save]");
    b.wait("[data-question=overspend]", 20);
    let question = b.text("[data-question=overspend]");
    assert!(question.contains("19200.00"), "{question}");
    assert_eq!(
        b.attr("[data-metric='fund.spent']", "data-value").unwrap(),
        "800.00"
    );
    b.type_into(
        "[data-control=disburse-reason]",
        "上级资金已下达未到账,先行垫付",
    );
    b.click("[data-control=disburse-save]");
    b.wait("[data-metric='fund.spent'][data-value='30800.00']", 20);
    assert_eq!(
        b.find_all("[data-panel=payments] tr[data-disbursement-id]")
            .len(),
        2
    );

    // The overview: the county fund's figures, then every figure against the native overview
    // of the browser's own export.
    open_overview(&b, &s);
    assert_eq!(b.metric("fund_amount.county_fiscal"), "20000.00");
    assert_eq!(b.metric("fund_allocated.county_fiscal"), "1000.00");
    assert_eq!(b.metric("fund_spent.county_fiscal"), "30800.00");
    assert_eq!(b.metric("fund_balance.county_fiscal"), "19000.00");
    assert_eq!(b.metric("orders.requested"), "1");
    assert_eq!(b.metric("orders.done"), "2");
    b.goto(&s.url("/exchange"));
    wait_ready(&b);
    b.wait("[data-control=export]", 20);
    b.js(CAPTURE_BLOBS, json!([]));
    b.click("[data-control=export]");
    b.wait_until("return window.__blobs.length === 1", 30, "the export");
    let exported = blob_bytes(&b, 0);
    let file = exchange::parse(&exported, None).expect("the export reads back");
    let head: serde_json::Value = serde_json::from_slice(&exported).unwrap();
    assert_eq!(head["version"], json!(exchange::VERSION));
    let want = native_metrics(&native(&file.registry));
    assert_eq!(want["paired_households"], base_paired.to_string());
    open_overview(&b, &s);
    assert_screen_is(&b, &want);
    drop(b);

    // An empty browser takes the export in and shows the same figures.
    let b = Browser::start();
    let path = write_temp("helping-export.json", &exported);
    b.goto(&s.url("/exchange"));
    wait_ready(&b);
    b.type_into("[data-control=import-file]", path.to_str().unwrap());
    b.click("[data-control=import-apply]");
    b.wait("[data-notice=ok]", 60);
    open_overview(&b, &s);
    assert_screen_is(&b, &want);
    let _ = std::fs::remove_file(path);
}

#[test]
fn a_version_1_file_with_a_planned_order_imports_as_approved_with_the_same_allocation() {
    let Some((s, b)) = app() else { return };
    let mut v1: serde_json::Value = serde_json::from_slice(
        &std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/valid-base.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(v1["version"], json!(1));
    v1["assistance"][0]["status"] = json!("planned");
    v1["assistance"][0]
        .as_object_mut()
        .unwrap()
        .remove("done_date");
    let bytes = serde_json::to_vec(&v1).unwrap();
    let path = write_temp("v1-planned.json", &bytes);
    b.goto(&s.url("/exchange"));
    wait_ready(&b);
    b.type_into("[data-control=import-file]", path.to_str().unwrap());
    b.click("[data-control=import-apply]");
    b.wait("[data-notice=ok]", 60);
    let reg = exchange::parse(&bytes, None).unwrap().registry;
    let want = native_metrics(&report::overview(
        &reg,
        None,
        Date::parse("2017-12-31").unwrap(),
        2017,
    ));
    assert_eq!(want["orders.approved"], "1");
    assert_eq!(want["fund_allocated.integrated"], "6000.00");
    b.goto(&s.url("/?as_of=2017-12-31&income_year=2017"));
    wait_ready(&b);
    b.wait("[data-metric=poor_households]", 30);
    assert_screen_is(&b, &want);
    let _ = std::fs::remove_file(path);
}

#[test]
fn a_helper_list_from_the_national_system_pairs_by_id_number_and_a_wrong_row_changes_nothing() {
    let Some((s, b)) = app() else { return };
    import_base(&b, &s);
    let base = native(&base_registry());
    let header = "帮扶人姓名,工作单位,职务,联系电话,户主姓名,户主身份证号\r\n";
    let open = |csv: &str, name: &str| {
        let path = write_temp(name, format!("\u{feff}{header}{csv}").as_bytes());
        b.goto(&s.url("/exchange"));
        wait_ready(&b);
        b.type_into("[data-control=roster-file]", path.to_str().unwrap());
        b.wait("[data-stage=mapping]", 60);
        assert_eq!(
            b.js(
                "return document.querySelector('[data-control=sheet-kind]').value",
                json!([])
            ),
            json!("pairings")
        );
        b.click("[data-control=roster-preview]");
        path
    };
    // A head whose ID number nobody in the registry has: refused by row and column.
    let bad = open(
        "李帮扶,县财政局,科员,13900000002,王军,620725197505070000\r\n",
        "bad-pairings.csv",
    );
    b.wait("[data-stage=refused]", 60);
    let text = b.text("[data-stage=refused]");
    assert!(text.contains("第 2 行 · 户主身份证号"), "{text}");
    // The right number: one new helper and one new pairing, then applied.
    let good = open(
        "李帮扶,县财政局,科员,13900000002,王军,620725197505070331\r\n",
        "pairings.csv",
    );
    b.wait("[data-stage=planned]", 60);
    assert_eq!(
        b.attr("[data-pairing-new]", "data-pairing-new").unwrap(),
        "1"
    );
    assert_eq!(
        b.attr("[data-helpers-new]", "data-helpers-new").unwrap(),
        "1"
    );
    b.click("[data-control=import-apply]");
    b.wait("[data-notice=ok]", 60);
    open_overview(&b, &s);
    let paired: u64 = base
        .metric("paired_households")
        .unwrap()
        .plain()
        .parse()
        .unwrap();
    assert_eq!(b.metric("paired_households"), (paired + 1).to_string());
    assert_eq!(b.metric("helper_count"), "2");
    // The same list again: already there, nothing new.
    let again = open(
        "李帮扶,县财政局,科员,13900000002,王军,620725197505070331\r\n",
        "pairings-again.csv",
    );
    b.wait("[data-stage=planned]", 60);
    assert_eq!(
        b.attr("[data-pairing-unchanged]", "data-pairing-unchanged")
            .unwrap(),
        "1"
    );
    assert_eq!(
        b.attr("[data-pairing-new]", "data-pairing-new").unwrap(),
        "0"
    );
    for p in [bad, good, again] {
        let _ = std::fs::remove_file(p);
    }
}
