//! 挂图作战 and exit verification in headless Chromium: a task due in the past moves the overview's
//! overdue figure up by one and completing it moves it back; a household walks the five exit
//! steps and exits at 公告 with a reason for the unmet check; a village's recorded exit changes its
//! tile on the battle map only from that date; a sample check makes the county check name the
//! rate it failed; and the demo county's battle map shows every village in the state the domain
//! computes.

mod support;

use std::collections::BTreeMap;

use jingzhun::domain::battle_map;
use jingzhun::domain::date::Date;
use jingzhun::domain::demo;
use jingzhun::domain::index::{Index, Scope};
use jingzhun::domain::rules::Rules;
use serde_json::json;
use support::{
    app, import_base, load_demo, set_field_control, today_utc, wait_ready, Browser, Server,
};

fn overview(b: &Browser, s: &Server) {
    b.goto(&s.url(&format!("/?as_of={}&income_year=2017", today_utc())));
    wait_ready(b);
    b.wait("[data-metric=overdue_tasks]", 30);
}

fn tiles(b: &Browser) -> BTreeMap<String, String> {
    let v = b.js(
        "const out = {}; for (const t of document.querySelectorAll('[data-village-id][data-exit]')) { if (t.closest('svg')) out[t.dataset.villageId] = t.dataset.exit; } return out;",
        json!([]),
    );
    v.as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn a_task_overdue_and_done_a_household_exits_a_village_exits_and_a_sample_check_fails() {
    let Some((s, b)) = app() else { return };
    import_base(&b, &s);
    overview(&b, &s);
    let before: u64 = b.metric("overdue_tasks").parse().unwrap();

    // A task due yesterday: one more overdue; the overdue figure opens the overdue list.
    b.goto(&s.url("/tasks/new"));
    wait_ready(&b);
    b.wait("[data-control=task-title]", 20);
    set_field_control(&b, "task-title", "村卫生室标准化建设");
    b.select("[data-control=task-region]", "v-1");
    set_field_control(&b, "task-owner", "张医生");
    let yesterday = today_utc().add_days(-1);
    b.js(
        "const e = document.querySelector('[data-control=task-due]'); e.value = arguments[0]; e.dispatchEvent(new Event('input', {bubbles: true}));",
        json!([yesterday.to_string()]),
    );
    b.js(
        "const e = document.querySelector('[data-control=task-start]'); e.value = arguments[0]; e.dispatchEvent(new Event('input', {bubbles: true}));",
        json!([today_utc().add_days(-30).to_string()]),
    );
    b.click("[data-control=task-save]");
    b.wait_until("return location.pathname === '/tasks'", 20, "saved");
    overview(&b, &s);
    assert_eq!(b.metric("overdue_tasks"), (before + 1).to_string());
    b.click("[data-figure-link=overdue_tasks]");
    b.wait_until(
        "return location.pathname === '/tasks'",
        20,
        "the overdue list",
    );
    b.wait("tr[data-task-id]", 20);
    let rows = b.find_all("tr[data-task-id]");
    assert_eq!(
        rows.len() as u64,
        before + 1,
        "only the overdue tasks are listed"
    );
    let id = b
        .js(
            "return [...document.querySelectorAll('tr[data-task-id]')].find(r => r.innerText.includes('村卫生室')).dataset.taskId",
            json!([]),
        )
        .as_str()
        .unwrap()
        .to_string();
    b.click(&format!(
        "tr[data-task-id='{id}'] [data-control=task-complete]"
    ));
    b.wait_until(
        &format!("return !document.querySelector(\"tr[data-task-id='{id}']\")"),
        20,
        "the task leaves the overdue list",
    );
    overview(&b, &s);
    assert_eq!(b.metric("overdue_tasks"), before.to_string());

    // h-2 walks the five exit steps; at 公告 its unmet check asks a reason.
    b.goto(&s.url("/households/h-2"));
    wait_ready(&b);
    b.wait(
        "[data-panel=exit-procedure] [data-control=exit-step-pass]",
        20,
    );
    for k in 1..=4 {
        b.click("[data-control=exit-step-pass]");
        b.wait(&format!("[data-exit-stage='{k}']"), 20);
    }
    assert_eq!(
        b.attr("[data-next-exit-step]", "data-next-exit-step")
            .unwrap(),
        "announce"
    );
    b.click("[data-control=exit-step-pass]");
    b.wait("[data-panel=exit-procedure] [data-exit-check=fail]", 20);
    b.type_into("[data-control=exit-step-override]", "产业分红年底到账");
    b.click("[data-control=exit-step-pass]");
    b.wait_until(
        "return document.querySelector('[data-field=status]').innerText === '已脱贫'",
        20,
        "exited",
    );

    // v-1 exits on a date: its tile changes on that date, not the day before.
    let exit_day = today_utc().add_days(-10);
    b.goto(&s.url("/regions"));
    wait_ready(&b);
    b.click("tr[data-region-id='v-1']");
    b.wait("[data-control=village-exit-date]", 20);
    b.js(
        "const e = document.querySelector('[data-control=village-exit-date]'); e.value = arguments[0]; e.dispatchEvent(new Event('input', {bubbles: true}));",
        json!([exit_day.to_string()]),
    );
    b.type_into("[data-control=village-exit-approval]", "山政发〔2017〕12号");
    b.click("[data-control=village-exit-save]");
    b.wait(
        &format!("[data-panel=village-exit][data-exited='{exit_day}']"),
        20,
    );
    let tile_at = |d: Date| {
        b.goto(&s.url(&format!("/battle-map?as_of={d}")));
        wait_ready(&b);
        b.wait("svg [data-village-id='v-1']", 20);
        b.attr("svg [data-village-id='v-1']", "data-exit").unwrap()
    };
    assert_ne!(tile_at(exit_day.add_days(-1)), "exited");
    assert_eq!(tile_at(exit_day), "exited");
    assert_eq!(
        b.attr("svg [data-village-id='v-2']", "data-exit").unwrap(),
        "not_poor"
    );
    // A click on a tile opens its 施工图.
    b.js(
        "document.querySelector(\"svg [data-village-id='v-1']\").dispatchEvent(new MouseEvent('click', {bubbles: true}))",
        json!([]),
    );
    b.wait("[data-panel=village-sheet][data-village-id='v-1']", 20);
    assert!(b
        .text("[data-panel=village-sheet]")
        .contains("村卫生室标准化建设"));

    // A sample check with 2 of 50 exits wrong: the county check names 错退率.
    b.goto(&s.url("/county-exit"));
    wait_ready(&b);
    b.wait("[data-control=check-exited]", 20);
    set_field_control(&b, "check-exited", "50");
    set_field_control(&b, "check-wrong", "2");
    set_field_control(&b, "check-others", "100");
    set_field_control(&b, "check-missed", "1");
    b.click("[data-control=check-save]");
    b.wait(
        "[data-metric=county_wrong_exit_rate][data-value='4.00']",
        20,
    );
    assert_eq!(
        b.attr(
            "[data-criterion=county_wrong_exit_rate] [data-verdict]",
            "data-verdict"
        )
        .unwrap(),
        "failed"
    );
    assert_eq!(
        b.attr("[data-metric=county_exit]", "data-value").unwrap(),
        "failed"
    );
    assert!(b.text("[data-metric=county_exit]").contains("错退率"));
    overview(&b, &s);
    assert!(b.text("[data-metric=county_exit]").contains("错退率"));
}

#[test]
fn the_demo_battle_map_shows_every_village_as_the_domain_checks_it() {
    let Some((s, b)) = app() else { return };
    load_demo(&b, &s);
    b.goto(&s.url(&format!("/battle-map?as_of={}", demo::AS_OF)));
    wait_ready(&b);
    b.wait("svg [data-village-id]", 30);
    let reg = demo::county();
    let ix = Index::new(&reg);
    let board = battle_map::board(
        &ix,
        Scope::All,
        Date::parse(demo::AS_OF).unwrap(),
        &Rules::new(&reg.settings),
    );
    let want: BTreeMap<String, String> = board
        .blocks
        .iter()
        .flat_map(|b| &b.tiles)
        .map(|t| (t.id.clone(), t.state.code().to_string()))
        .collect();
    assert!(want.len() > 100, "every village of the county");
    assert_eq!(tiles(&b), want);
    let overdue: u64 = board
        .blocks
        .iter()
        .flat_map(|b| &b.tiles)
        .map(|t| t.overdue_tasks)
        .sum();
    let shown: u64 = b
        .js(
            "return [...document.querySelectorAll('svg [data-overdue]')].reduce((n, t) => n + Number(t.dataset.overdue), 0)",
            json!([]),
        )
        .as_u64()
        .unwrap();
    assert_eq!(shown, overdue);
}
