//! The registry's lists and the household page. Each computes nothing itself: figures come from
//! `domain::calc`, and lists only filter and sort what the registry holds.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::state::AppState;
use super::{t, use_i18n, use_lang, verdict_text, Lang};
use crate::domain::calc::{self, Criterion};
use crate::domain::date::Date;
use crate::domain::id_number;
use crate::domain::index::{Index, Scope};
use crate::domain::model::{Household, Registry};
use crate::domain::money::Fen;
use crate::domain::report::Value;
use crate::domain::rules::Rules;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="muted" data-state="not-found">{t!(i18n, not_found)}</p> }
}

/// One household's line in the list, with the text that search looks in.
#[derive(Clone, PartialEq, Debug)]
pub struct HouseholdRow {
    /// Position in the registry's households.
    pub pos: usize,
    pub id: String,
    pub head: String,
    pub village_id: String,
    pub village: String,
    pub group: String,
    pub people: u64,
    pub status: Option<crate::domain::codes::Status>,
    pub attribute: crate::domain::codes::Attribute,
    pub main_cause: crate::domain::codes::Cause,
    pub paired: bool,
    pub findings: usize,
    pub haystack: String,
}

fn household_rows(reg: &Registry, d: Date) -> Vec<HouseholdRow> {
    let ix = Index::new(reg);
    let paired: std::collections::HashSet<&str> = reg
        .pairings
        .iter()
        .filter_map(|p| p.live())
        .filter(|p| calc::pairing_active(p, d))
        .map(|p| p.household_id.as_str())
        .collect();
    let findings = crate::domain::quality::counts_by_household(&ix, Scope::All, d);
    reg.households
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let h = r.live()?;
            let v = ix.household_village[i];
            let path = v.map(|v| ix.region_path(v)).unwrap_or_default();
            // The county is the same for every row: show township / village.
            let village = path.split(" / ").skip(1).collect::<Vec<_>>().join(" / ");
            let mut haystack = String::new();
            for m in &h.members {
                haystack.push_str(&m.name);
                haystack.push(' ');
                if let Some(id) = &m.id_number {
                    haystack.push_str(&id.to_ascii_uppercase());
                    haystack.push(' ');
                }
            }
            haystack.push_str(h.phone.as_deref().unwrap_or(""));
            haystack.push(' ');
            haystack.push_str(h.group.as_deref().unwrap_or(""));
            haystack.push(' ');
            haystack.push_str(&path);
            Some(HouseholdRow {
                pos: i,
                id: r.id.clone(),
                head: h.head().map(|m| m.name.clone()).unwrap_or_default(),
                village_id: h.village_id.clone(),
                village,
                group: h.group.clone().unwrap_or_default(),
                people: calc::people_at(h, d),
                status: calc::status_at(h, d),
                attribute: h.attribute,
                main_cause: h.main_cause,
                paired: paired.contains(r.id.as_str()),
                findings: findings.get(&i).copied().unwrap_or(0),
                haystack,
            })
        })
        .collect()
}

const ROW_HEIGHT: f64 = 44.0;
const VISIBLE_ROWS: usize = 40;

/// The list's filters, each empty for "any".
#[derive(Clone, Default, PartialEq)]
struct Filters {
    village: String,
    status: String,
    attribute: String,
    cause: String,
    paired: String,
    findings: String,
}

impl Filters {
    fn keep(&self, r: &HouseholdRow) -> bool {
        (self.village.is_empty() || r.village_id == self.village)
            && (self.status.is_empty() || r.status.map(|x| x.code()) == Some(self.status.as_str()))
            && (self.attribute.is_empty() || r.attribute.code() == self.attribute)
            && (self.cause.is_empty() || r.main_cause.code() == self.cause)
            && (self.paired.is_empty() || (self.paired == "yes") == r.paired)
            && (self.findings.is_empty() || (self.findings == "yes") == (r.findings > 0))
    }
}

#[derive(Clone, Copy, PartialEq)]
enum SortKey {
    Head,
    Village,
    People,
    Status,
    Cause,
}

#[component]
pub fn Households() -> impl IntoView {
    use crate::domain::codes::{Attribute, Cause, Status};
    let i18n = use_i18n();
    let lang = use_lang();
    let state = AppState::expect();
    let today = super::util::today();
    // 状态时点: status, people and findings are as of this date: the overview's date if one was
    // chosen there, else today, unless the person picks another.
    let as_of = RwSignal::new(state.as_of.get_untracked().unwrap_or(today).to_string());
    let as_of_date = Memo::new(move |_| as_of.with(|s| Date::parse(s.trim())).unwrap_or(today));
    let rows =
        Memo::new(move |_| Arc::new(household_rows(&state.registry.get(), as_of_date.get())));
    let villages = Memo::new(move |_| super::dashboard::village_options(&state.registry.get()));
    let query = RwSignal::new(String::new());
    let filters = RwSignal::new(Filters::default());
    let sort = RwSignal::new(None::<(SortKey, bool)>);
    let matches = Memo::new(move |_| {
        let q = query.get().trim().to_uppercase();
        let f = filters.get();
        let rows = rows.get();
        let mut m: Vec<usize> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| (q.is_empty() || r.haystack.contains(&q)) && f.keep(r))
            .map(|(i, _)| i)
            .collect();
        if let Some((key, desc)) = sort.get() {
            m.sort_by(|&a, &b| {
                let (a, b) = (&rows[a], &rows[b]);
                let o = match key {
                    SortKey::Head => a.head.cmp(&b.head),
                    SortKey::Village => a.village.cmp(&b.village),
                    SortKey::People => a.people.cmp(&b.people),
                    SortKey::Status => a.status.cmp(&b.status),
                    SortKey::Cause => a.main_cause.cmp(&b.main_cause),
                };
                if desc {
                    o.reverse()
                } else {
                    o
                }
            });
        }
        Arc::new(m)
    });
    let scroll_top = RwSignal::new(0.0f64);
    // On a phone the filters fold away behind one button that counts those in use, so the list
    // keeps the screen; on a wider screen they stand open.
    let wide = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_none_or(|w| w >= 700.0);
    let show_filters = RwSignal::new(wide);
    let filters_in_use = move || {
        let f = filters.get();
        [
            &f.village,
            &f.status,
            &f.attribute,
            &f.cause,
            &f.paired,
            &f.findings,
        ]
        .iter()
        .filter(|v| !v.is_empty())
        .count()
            + usize::from(as_of_date.get() != today)
    };
    let set = move |apply: fn(&mut Filters, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            filters.update(|f| apply(f, v));
            scroll_top.set(0.0);
        }
    };
    let sorter = move |key: SortKey| {
        move |_| sort.update(|s| *s = Some((key, matches!(*s, Some((k, false)) if k == key))))
    };
    view! {
        <HouseholdsNav/>
        <h1>{t!(i18n, households_title)}</h1>
        <section class="controls">
            <input type="search" class="grow" data-control="household-search" placeholder=move || if lang.get() == Lang::Zh { "搜索姓名、身份证号、电话、社" } else { "Search name, ID number, phone, group" }
                prop:value=move || query.get() on:input=move |ev| { query.set(event_target_value(&ev)); scroll_top.set(0.0); }/>
            <button type="button" data-control="filters-toggle" aria-expanded=move || show_filters.get().to_string() on:click=move |_| show_filters.update(|v| *v = !*v)>
                {move || { let n = filters_in_use(); let l = lang.get(); if n == 0 { l.pick("筛选", "Filters") } else { format!("{} ({n})", l.pick("筛选", "Filters")) } }}
            </button>
            <span>{t!(i18n, count)}" "<b data-metric="household_count" data-value=move || matches.get().len().to_string()>{move || matches.get().len()}</b></span>
        </section>
        <section class="controls" class:hidden=move || !show_filters.get() data-panel="filters">
            <select data-control="village-filter" on:change=set(|f, v| f.village = v)>
                <option value="">{move || lang.get().pick("全部村", "Any village")}</option>
                {move || villages.get().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
            </select>
            <select data-control="status-filter" on:change=set(|f, v| f.status = v)>
                <option value="">{move || lang.get().pick("全部状态", "Any status")}</option>
                {Status::ALL.iter().map(|s| view! { <option value=s.code()>{move || lang.get().pick(s.zh(), s.en())}</option> }).collect_view()}
            </select>
            <label>{move || lang.get().pick("状态时点", "Status as of")}" "
                <input type="date" data-control="status-date-filter" prop:value=move || as_of.get()
                    on:change=move |ev| { as_of.set(event_target_value(&ev)); scroll_top.set(0.0); }/>
            </label>
            <select data-control="attribute-filter" on:change=set(|f, v| f.attribute = v)>
                <option value="">{move || lang.get().pick("全部属性", "Any attribute")}</option>
                {Attribute::ALL.iter().map(|s| view! { <option value=s.code()>{move || lang.get().pick(s.zh(), s.en())}</option> }).collect_view()}
            </select>
            <select data-control="cause-filter" on:change=set(|f, v| f.cause = v)>
                <option value="">{move || lang.get().pick("全部致贫原因", "Any cause")}</option>
                {Cause::ALL.iter().map(|s| view! { <option value=s.code()>{move || lang.get().pick(s.zh(), s.en())}</option> }).collect_view()}
            </select>
            <select data-control="paired-filter" on:change=set(|f, v| f.paired = v)>
                <option value="">{move || lang.get().pick("结对: 不限", "Paired: any")}</option>
                <option value="yes">{move || lang.get().pick("已结对", "Paired")}</option>
                <option value="no">{move || lang.get().pick("未结对", "Not paired")}</option>
            </select>
            <select data-control="findings-filter" on:change=set(|f, v| f.findings = v)>
                <option value="">{move || lang.get().pick("质量: 不限", "Quality: any")}</option>
                <option value="yes">{move || lang.get().pick("有质量问题", "With findings")}</option>
                <option value="no">{move || lang.get().pick("无质量问题", "Without findings")}</option>
            </select>
        </section>
        <section class="controls">
            // Exported as listed: the search, the filters, the order and the status date.
            <RosterExport table=Callback::new(move |_: ()| {
                let d = as_of_date.get_untracked();
                let (rows, listed) = (rows.get_untracked(), matches.get_untracked());
                let positions: Vec<usize> = listed.iter().map(|&k| rows[k].pos).collect();
                let reg = state.registry.get_untracked();
                let table = crate::domain::roster::table_of(&Index::new(&reg), &positions, d);
                (table, format!("jingzhun-花名册-{}户-{d}", positions.len()))
            })/>
            <A href="/new-household" attr:class="button" attr:data-control="new-household">{move || lang.get().pick("新增农户", "New household")}</A>
        </section>
        <div class="vlist-head">
            <button class="link" data-sort="head" on:click=sorter(SortKey::Head)>{t!(i18n, head)}</button>
            <button class="link" data-sort="village" on:click=sorter(SortKey::Village)>{t!(i18n, village)}</button>
            <button class="link" data-sort="people" on:click=sorter(SortKey::People)>{t!(i18n, members)}</button>
            <button class="link" data-sort="status" on:click=sorter(SortKey::Status)>{t!(i18n, status)}</button>
            <button class="link" data-sort="cause" on:click=sorter(SortKey::Cause)>{t!(i18n, main_cause)}</button>
        </div>
        <div class="vlist" on:scroll=move |ev| {
            let el: web_sys::Element = wasm_bindgen::JsCast::unchecked_into(ev.target().unwrap());
            scroll_top.set(el.scroll_top() as f64);
        }>
            <div class="vlist-inner" style=move || format!("height:{}px", matches.get().len() as f64 * ROW_HEIGHT)>
                {move || {
                    let m = matches.get();
                    let rows = rows.get();
                    let l = lang.get();
                    let first = (scroll_top.get() / ROW_HEIGHT) as usize;
                    let start = first.saturating_sub(5).min(m.len());
                    let end = (start + VISIBLE_ROWS).min(m.len());
                    let visible: Vec<(usize, HouseholdRow)> = m[start..end].iter().enumerate().map(|(k, &i)| (k, rows[i].clone())).collect();
                    visible.into_iter().map(|(k, r)| {
                        let top = (start + k) as f64 * ROW_HEIGHT;
                        view! {
                            <A href=format!("/households/{}", r.id) attr:class="vrow" attr:style=format!("top:{top}px") attr:data-household-id=r.id.clone()>
                                <span>{r.head.clone()}{(r.findings > 0).then_some(" ⚠")}</span>
                                <span class="muted">{format!("{} {}", r.village, r.group)}</span>
                                <span>{r.people}</span>
                                <span>{r.status.map(|s| l.pick(s.zh(), s.en())).unwrap_or_default()}</span>
                                <span>{l.pick(r.main_cause.zh(), r.main_cause.en())}</span>
                            </A>
                        }
                    }).collect_view()
                }}
            </div>
        </div>
    }
}

/// The household `id` with its village path and the registry's settings, if it is live.
fn household_of(
    reg: &Registry,
    id: &str,
) -> Option<(String, Household, String, crate::domain::model::Settings)> {
    let rec = reg.households.iter().find(|h| h.id == id)?;
    let h: Household = rec.live()?.clone();
    let ix = Index::new(reg);
    let pos = ix.household_pos.get(id).copied()?;
    let village = ix.household_village[pos]
        .map(|v| ix.region_path(v))
        .unwrap_or_default();
    Some((id.to_string(), h, village, reg.settings.clone()))
}

/// A helper of a household: name, phone, paired since.
type HelperLine = (String, String, String);
/// One measure of a household's plan: year, measure, quantity, amount, status.
type PlanLine = (
    i32,
    String,
    String,
    String,
    crate::domain::codes::AssistanceStatus,
);

/// 帮扶与措施: the household's helpers (active today) and its assistance plan (一户一法).
fn support_of(reg: &Registry, id: &str, today: Date) -> (Vec<HelperLine>, Vec<PlanLine>) {
    let helpers: Vec<HelperLine> = reg
        .pairings
        .iter()
        .filter_map(|p| p.live())
        .filter(|p| p.household_id == id && calc::pairing_active(p, today))
        .filter_map(|p| {
            let h = reg.helpers.iter().find(|x| x.id == p.helper_id)?.live()?;
            Some((
                h.name.clone(),
                h.phone.clone().unwrap_or_default(),
                p.start_date.to_string(),
            ))
        })
        .collect();
    let plan: Vec<PlanLine> = reg
        .assistance
        .iter()
        .filter_map(|a| a.live())
        .filter(|a| a.household_id == id)
        .map(|a| {
            let measure = reg
                .measures
                .iter()
                .find(|m| m.id == a.measure_id)
                .and_then(|m| m.live())
                .map(|m| m.name.clone())
                .unwrap_or_default();
            let qty = match (a.quantity, &a.unit) {
                (Some(q), Some(u)) => {
                    format!("{} {u}", crate::domain::report::quantity_text(q))
                }
                _ => String::new(),
            };
            (
                a.year,
                measure,
                qty,
                a.amount_yuan
                    .map(|f| Value::Money(f).display().unwrap_or_default())
                    .unwrap_or_default(),
                a.status,
            )
        })
        .collect();
    (helpers, plan)
}

/// 明白卡: the household card for the notice board and the household's own wall, one A4 page:
/// household, members, causes, helpers, plan, incomes against the line, the exit check, and
/// status changes, with lines for signatures. ID numbers are always masked on the card.
#[component]
pub fn HouseholdCard() -> impl IntoView {
    let lang = use_lang();
    let state = AppState::expect();
    let params = use_params_map();
    let data = Memo::new(move |_| {
        let id = params.with(|p| p.get("id")).unwrap_or_default();
        let today = super::util::today();
        state
            .registry
            .with(|reg| household_of(reg, &id).map(|found| (found, support_of(reg, &id, today))))
    });
    move || {
        let Some(((id, h, village, settings), (helpers, plan))) = data.get() else {
            return view! { <NotFound/> }.into_any();
        };
        let l = lang.get();
        let today = super::util::today();
        let rules = Rules::new(&settings);
        let status = calc::status_at(&h, today);
        let since = h
            .status_events
            .iter()
            .rev()
            .find(|e| e.date <= today)
            .map(|e| e.date.to_string())
            .unwrap_or_default();
        let mut causes = vec![l.pick(h.main_cause.zh(), h.main_cause.en())];
        causes.extend(h.other_causes.iter().map(|c| l.pick(c.zh(), c.en())));
        let years: Vec<i32> = h.incomes.iter().rev().take(3).map(|i| i.year).collect();
        let check_year = years.first().copied().unwrap_or(today.year());
        let check = calc::exit_check(&h, check_year, &rules);
        let dash = |s: String| if s.is_empty() { "—".to_string() } else { s };
        view! {
            <p class="no-print"><A href=format!("/households/{id}")>{l.pick("返回", "Back")}</A>" · "
                <button class="primary" data-control="print-card" on:click=|_| { let _ = web_sys::window().unwrap().print(); }>{l.pick("打印", "Print")}</button></p>
            <article class="hh-card" data-card=id.clone()>
                <h1>{l.pick("精准扶贫明白卡", "Household card (精准扶贫明白卡)")}</h1>
                <p class="card-sub">{village.clone()}" "{h.group.clone().unwrap_or_default()}" · "{l.pick("户编号", "Household id")}" "{id.clone()}</p>
                <table class="kv">
                    <tr><th>{l.pick("户主", "Head")}</th><td data-card-field="head">{h.head().map(|m| m.name.clone()).unwrap_or_default()}</td>
                        <th>{l.pick("联系电话", "Phone")}</th><td>{dash(h.phone.clone().unwrap_or_default())}</td></tr>
                    <tr><th>{l.pick("贫困户属性", "Attribute")}</th><td>{l.pick(h.attribute.zh(), h.attribute.en())}</td>
                        <th>{l.pick("现有人口", "People now")}</th><td data-card-field="people">{calc::people_at(&h, today)}</td></tr>
                    <tr><th>{l.pick("致贫原因", "Causes")}</th><td data-card-field="causes">{causes.join("、")}</td>
                        <th>{l.pick("状态", "Status")}</th><td data-card-field="status">{status.map(|s| l.pick(s.zh(), s.en())).unwrap_or_default()}" "<span class="muted">{since}</span></td></tr>
                </table>
                <h2>{l.pick("家庭成员", "Members")}</h2>
                <table class="grid">
                    <thead><tr><th>{l.pick("姓名", "Name")}</th><th>{l.pick("关系", "Relation")}</th><th>{l.pick("性别", "Sex")}</th><th>{l.pick("身份证号", "ID number")}</th><th>{l.pick("健康", "Health")}</th><th>{l.pick("劳动能力", "Labour")}</th><th>{l.pick("在校/务工", "School / work")}</th></tr></thead>
                    <tbody>
                        {h.members.iter().filter(|m| m.counted_at(today)).map(|m| view! {
                            <tr data-card-member="">
                                <td>{m.name.clone()}</td>
                                <td>{l.pick(m.relation.zh(), m.relation.en())}</td>
                                <td>{l.pick(m.sex.zh(), m.sex.en())}</td>
                                <td class="mono">{id_number::masked(m.id_number.as_deref().unwrap_or_default())}</td>
                                <td>{m.health.map(|x| l.pick(x.zh(), x.en())).unwrap_or_default()}</td>
                                <td>{m.labor.map(|x| l.pick(x.zh(), x.en())).unwrap_or_default()}</td>
                                <td>{[m.schooling.map(|x| l.pick(x.zh(), x.en())), m.work.map(|x| l.pick(x.zh(), x.en()))].into_iter().flatten().collect::<Vec<_>>().join(" / ")}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <h2>{l.pick("帮扶责任人", "Helpers")}</h2>
                <p data-card-field="helpers">{if helpers.is_empty() { "—".to_string() } else { helpers.iter().map(|(n, p, s)| format!("{n} {p} ({} {s})", l.pick("结对于", "since"))).collect::<Vec<_>>().join("; ") }}</p>
                <h2>{l.pick("帮扶措施", "Assistance plan")}</h2>
                <table class="grid">
                    <thead><tr><th>{l.pick("年度", "Year")}</th><th>{l.pick("措施", "Measure")}</th><th>{l.pick("数量", "Quantity")}</th><th>{l.pick("金额 (元)", "Amount (yuan)")}</th><th>{l.pick("进度", "Progress")}</th></tr></thead>
                    <tbody>
                        {plan.into_iter().map(|(year, measure, qty, amount, st)| view! { <tr><td>{year}</td><td>{measure}</td><td>{qty}</td><td class="num">{amount}</td><td>{l.pick(st.zh(), st.en())}</td></tr> }).collect_view()}
                    </tbody>
                </table>
                <h2>{l.pick("家庭收入", "Income")}</h2>
                <table class="grid">
                    <thead><tr><th>{l.pick("年度", "Year")}</th><th>{l.pick("家庭纯收入", "Net income")}</th><th>{l.pick("人均纯收入", "Per capita")}</th><th>{l.pick("扶贫标准", "Poverty line")}</th></tr></thead>
                    <tbody>
                        {years.iter().map(|&y| {
                            let net = h.income(y).map(|i| Value::Money(i.net()).display().unwrap_or_default()).unwrap_or_default();
                            let pc = calc::per_capita_net_income(&h, y).map(|p| Value::Money(p).display().unwrap_or_default()).unwrap_or_else(|| l.pick("未知", "unknown"));
                            let line = rules.poverty_line(y).map(|line| Value::Money(line.yuan).display().unwrap_or_default()).unwrap_or_else(|| l.pick("未设定", "not set"));
                            view! { <tr data-card-income=y.to_string()><td>{y}</td><td class="num">{net}</td><td class="num">{pc}</td><td class="num">{line}</td></tr> }
                        }).collect_view()}
                    </tbody>
                </table>
                <h2>{l.pick("脱贫标准", "Exit check")}" "{check_year}</h2>
                <p class="criteria">
                    {Criterion::ALL.iter().map(|&c| view! { <span data-criterion=c.code()>{l.pick(c.zh(), c.en())}": "<b>{verdict_text(check.verdict(c), l)}</b></span> }).collect_view()}
                </p>
                <h2>{l.pick("状态变化", "Status changes")}</h2>
                <p>{h.status_events.iter().map(|e| format!("{} {}{}", e.date, l.pick(e.status.zh(), e.status.en()), e.reason.as_ref().map(|r| format!(" ({r})")).unwrap_or_default())).collect::<Vec<_>>().join("; ")}</p>
                <p class="signatures">
                    <span>{l.pick("户主签字", "Head's signature")}": ____________"</span>
                    <span>{l.pick("帮扶责任人签字", "Helper's signature")}": ____________"</span>
                    <span>{l.pick("日期", "Date")}": "{today.to_string()}</span>
                </p>
            </article>
        }.into_any()
    }
}

#[component]
pub fn HouseholdPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let state = AppState::expect();
    let params = use_params_map();
    let reveal = RwSignal::new(false);
    let found = Memo::new(move |_| {
        let id = params.with(|p| p.get("id")).unwrap_or_default();
        state.registry.with(|reg| household_of(reg, &id))
    });
    let support = Memo::new(move |_| {
        let id = params.with(|p| p.get("id")).unwrap_or_default();
        state
            .registry
            .with(|reg| support_of(reg, &id, super::util::today()))
    });
    move || {
        let Some((id, h, village, settings)) = found.get() else {
            return view! { <NotFound/> }.into_any();
        };
        let l = lang.get();
        let today = super::util::today();
        let rules = Rules::new(&settings);
        let year = h
            .incomes
            .iter()
            .map(|i| i.year)
            .max()
            .unwrap_or(today.year());
        let check = calc::exit_check(&h, year, &rules);
        let status = calc::status_at(&h, today);
        view! {
            <p><A href="/households">{t!(i18n, back)}</A>" · "<A href=format!("/households/{id}/edit") attr:data-control="edit-household">{l.pick("编辑", "Edit")}</A>" · "<A href=format!("/households/{id}/card") attr:data-control="household-card">{l.pick("明白卡", "Household card")}</A></p>
            <h1 data-household=id.clone()>{h.head().map(|m| m.name.clone()).unwrap_or_default()}<span class="muted">{format!(" · {village} {}", h.group.clone().unwrap_or_default())}</span></h1>
            <p>{t!(i18n, status)}": "<b data-field="status">{status.map(|s| l.pick(s.zh(), s.en())).unwrap_or_default()}</b>
               " · "{t!(i18n, attribute)}": "{l.pick(h.attribute.zh(), h.attribute.en())}
               " · "{t!(i18n, main_cause)}": "{l.pick(h.main_cause.zh(), h.main_cause.en())}</p>
            <HouseholdFacts household=h.clone()/>
            <section class="card">
                <h2>{t!(i18n, members)}" "<label class="small"><input type="checkbox" on:change=move |ev| reveal.set(event_target_checked(&ev))/>{t!(i18n, show_id)}</label></h2>
                <div class="scroll"><table class="table">
                    <thead><tr>
                        <th>{l.pick("姓名", "Name")}</th><th>{l.pick("关系", "Relation")}</th><th>{l.pick("性别", "Sex")}</th><th>{l.pick("身份证号", "ID number")}</th>
                        <th>{l.pick("健康", "Health")}</th><th>{l.pick("劳动能力", "Labour")}</th><th>{l.pick("文化/在校", "Education / school")}</th><th>{l.pick("务工", "Work")}</th><th>{l.pick("医保/养老/技能", "Insurance / pension / skills")}</th>
                    </tr></thead>
                    <tbody>
                        {h.members.iter().map(|m| {
                            let id = m.id_number.clone().unwrap_or_default();
                            let masked = id_number::masked(&id);
                            let left = m.left_date.map(|d| format!(" ({} {d})", l.pick("离开", "left"))).unwrap_or_default();
                            view! {
                                <tr>
                                    <td>{m.name.clone()}{left}</td>
                                    <td>{l.pick(m.relation.zh(), m.relation.en())}</td>
                                    <td>{l.pick(m.sex.zh(), m.sex.en())}</td>
                                    <td class="mono" data-id-number="">{move || if reveal.get() { id.clone() } else { masked.clone() }}</td>
                                    <td>{m.health.map(|x| l.pick(x.zh(), x.en())).unwrap_or_default()}</td>
                                    <td>{m.labor.map(|x| l.pick(x.zh(), x.en())).unwrap_or_default()}</td>
                                    <td>{[m.education.map(|x| l.pick(x.zh(), x.en())), m.schooling.map(|x| l.pick(x.zh(), x.en()))].into_iter().flatten().collect::<Vec<_>>().join(" / ")}</td>
                                    <td>{m.work.map(|x| l.pick(x.zh(), x.en())).unwrap_or_default()}</td>
                                    <td>{[m.medical_insurance, m.pension_insurance, m.skill_trained].map(|b| yes_no_text(b, l)).join(" / ")}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table></div>
            </section>
            <section class="card">
                <h2>{t!(i18n, exit_check)}" "{year}</h2>
                <ul class="plain" data-exit-check=if check.passes() { "pass" } else { "fail" }>
                    {Criterion::ALL.iter().map(|&c| {
                        let v = check.verdict(c);
                        view! { <li data-criterion=c.code() data-verdict=format!("{v:?}").to_lowercase()>{l.pick(c.zh(), c.en())}": "<b>{verdict_text(v, l)}</b></li> }
                    }).collect_view()}
                </ul>
                <p class="muted small">{l.pick("住房、饮水等条件按现状判断。", "Conditions are judged as they are now.")}</p>
            </section>
            <section class="card">
                <h2>{t!(i18n, incomes)}</h2>
                <table class="table">
                    <thead><tr><th>{t!(i18n, year)}</th><th class="num">{t!(i18n, net_income)}</th><th class="num">{t!(i18n, per_capita)}</th></tr></thead>
                    <tbody>
                        {h.incomes.iter().map(|i| {
                            let pc = calc::per_capita_net_income(&h, i.year);
                            view! { <tr><td>{i.year}</td><td class="num">{Value::Money(i.net()).display()}</td><td class="num">{pc.map(|p| Value::Money(p).display().unwrap_or_default()).unwrap_or_else(|| l.pick("未知", "unknown"))}</td></tr> }
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
            <section class="card">
                <h2>{l.pick("多维贫困剥夺得分", "Multidimensional deprivation score")}</h2>
                {
                    let options = crate::domain::analysis::AfOptions::default();
                    let score = crate::domain::analysis::deprivation_score(&h, today, &rules, &options);
                    let deprived: Vec<String> = options.indicators.iter().filter(|(i, _)| i.deprived(&h, today, &rules)).map(|(i, _)| l.pick(i.zh(), i.en())).collect();
                    view! {
                        <p><b data-metric="deprivation_score" data-value=format!("{score:.4}")>{format!("{:.1}%", score * 100.0)}</b>
                        {format!(" ({}: {})", l.pick("等权重, k = 1/3 时", "equal weights; poor at k = 1/3 when"), if score + 1e-9 >= options.k { l.pick("多维贫困", "multidimensionally poor") } else { l.pick("非多维贫困", "not multidimensionally poor") })}</p>
                        <p class="muted">{if deprived.is_empty() { l.pick("无剥夺", "no deprivation") } else { deprived.join("、") }}</p>
                    }
                }
            </section>
            <IdentificationPanel id=id.clone() household=h.clone()/>
            {move || {
                let (helpers, plan) = support.get();
                let l = lang.get();
                view! {
                    <section class="card" data-panel="support">
                        <h2>{l.pick("帮扶责任人与扶持措施", "Helpers and assistance plan")}</h2>
                        <p data-helpers=helpers.len().to_string()>{if helpers.is_empty() { l.pick("没有有效的结对帮扶。", "No active pairing.") } else {
                            helpers.iter().map(|(n, p, s)| format!("{n} {p} ({} {s})", l.pick("结对于", "since"))).collect::<Vec<_>>().join("; ")
                        }}</p>
                        <table class="table"><tbody>
                            {plan.into_iter().map(|(year, measure, qty, amount, status)| view! {
                                <tr><td>{year}</td><td>{measure}</td><td>{qty}</td><td class="num">{amount}</td><td>{l.pick(status.zh(), status.en())}</td></tr>
                            }).collect_view()}
                        </tbody></table>
                    </section>
                }
            }}
            <super::edit::StatusPanel id=id.clone() household=h.clone()/>
            <super::edit::MonitoringPanel id=id.clone() household=h.clone()/>
            <History id=id.clone()/>
            <section class="card">
                <h2>{t!(i18n, timeline)}</h2>
                <ol class="timeline">
                    {h.status_events.iter().map(|e| view! { <li><b>{e.date.to_string()}</b>" "{l.pick(e.status.zh(), e.status.en())}" "<span class="muted">{e.reason.clone().unwrap_or_default()}</span></li> }).collect_view()}
                </ol>
            </section>
        }.into_any()
    }
}

#[component]
pub fn Regions() -> impl IntoView {
    use crate::domain::codes::RegionKind;
    let i18n = use_i18n();
    let lang = use_lang();
    let state = AppState::expect();
    let selected = RwSignal::new(None::<String>);
    let rows = Memo::new(move |_| {
        let reg = state.registry.get();
        let ix = Index::new(&reg);
        let today = super::util::today();
        ix.subtree(Scope::All)
            .into_iter()
            .filter_map(|r| {
                let region = ix.region(r)?;
                let depth = std::iter::successors(ix.parent[r], |&p| ix.parent[p]).count();
                let pop = calc::population_used(&ix, Scope::Region(r), today);
                Some((
                    reg.regions[r].id.clone(),
                    region.name.clone(),
                    region.kind,
                    depth,
                    region.poor_village == Some(true),
                    pop,
                    region.target_exit_year,
                    // 基础设施: conditions met of the eight, for a village that recorded them.
                    region
                        .infrastructure
                        .map(|f| f.iter().filter(|c| **c == Some(true)).count()),
                    region.specialty_industry.clone().unwrap_or_default(),
                ))
            })
            .collect::<Vec<_>>()
    });
    // Adding a region.
    let new_kind = RwSignal::new("village".to_string());
    let new_name = RwSignal::new(String::new());
    let new_parent = RwSignal::new(String::new());
    let add = move |_| {
        let Some(kind) = RegionKind::from_code(&new_kind.get_untracked()) else {
            return;
        };
        let parent = new_parent.get_untracked();
        let reg = state.registry.get_untracked();
        let id = format!("r-{}", &super::util::random_hex()[..20]);
        match crate::domain::regions::add(
            &reg,
            &id,
            kind,
            &new_name.get_untracked(),
            (!parent.is_empty()).then_some(parent.as_str()),
            &super::state::replica_id(),
            &super::util::now(),
        ) {
            Ok(next) => leptos::task::spawn_local(async move {
                if state.commit(next).await {
                    new_name.set(String::new());
                    selected.set(Some(id));
                    state.say(false, "已添加。", "Added.");
                }
            }),
            Err((zh, en)) => state.say(true, zh, en),
        }
    };
    let parents = Memo::new(move |_| {
        let want = match RegionKind::from_code(&new_kind.get()) {
            Some(RegionKind::Village) => Some(RegionKind::Township),
            Some(RegionKind::Township) => Some(RegionKind::County),
            _ => None,
        };
        rows.get()
            .into_iter()
            .filter(|r| Some(r.2) == want)
            .map(|r| (r.0, r.1))
            .collect::<Vec<_>>()
    });
    view! {
        <h1>{t!(i18n, regions_title)}</h1>
        <section class="card inline-form" data-panel="add-region">
            <select data-control="region-kind" on:change=move |ev| { new_kind.set(event_target_value(&ev)); new_parent.set(String::new()); }>
                {RegionKind::ALL.iter().map(|k| view! { <option value=k.code() selected=*k == RegionKind::Village>{move || lang.get().pick(k.zh(), k.en())}</option> }).collect_view()}
            </select>
            <select data-control="region-parent" prop:value=move || new_parent.get() on:change=move |ev| new_parent.set(event_target_value(&ev))>
                <option value="">{move || lang.get().pick("(上级)", "(parent)")}</option>
                {move || parents.get().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
            </select>
            <input type="text" data-control="region-name" placeholder=move || lang.get().pick("名称", "Name") prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev))/>
            <button data-control="region-add" on:click=add>{move || lang.get().pick("添加区划", "Add region")}</button>
        </section>
        {move || selected.get().map(|id| view! { <RegionEditor id=id selected=selected/> })}
        <table class="table">
            <thead><tr><th>{t!(i18n, region)}</th><th>{t!(i18n, kind)}</th><th>{t!(i18n, poor_villages)}</th><th class="num">{t!(i18n, rural_population)}</th>
                <th class="num">{move || lang.get().pick("基础设施达标", "Infrastructure met")}</th><th>{move || lang.get().pick("特色产业", "Specialty industry")}</th></tr></thead>
            <tbody>
                {move || rows.get().into_iter().map(|(id, name, kind, depth, poor, pop, target, infra, industry)| {
                    let l = lang.get();
                    let pick = id.clone();
                    view! {
                        <tr data-region-id=id class=format!("depth-{depth}") on:click=move |_| selected.set(Some(pick.clone()))>
                            <td class="name"><button class="link">{name}</button></td>
                            <td>{l.pick(kind.zh(), kind.en())}</td>
                            <td>{poor.then(|| format!("{}{}", l.pick("是", "yes"), target.map(|y| format!(" ({y})")).unwrap_or_default()))}</td>
                            <td class="num">{pop.map(|(y, p)| format!("{} ({y})", crate::domain::money::group_digits(p as i128)))}</td>
                            <td class="num" data-infra=infra.map(|n| n.to_string())>{infra.map(|n| format!("{n}/8"))}</td>
                            <td data-industry="">{industry}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// A figure a person may leave empty: empty is `None`, a valid one `Some`, anything else `Err`.
fn optional_figure<T>(text: &str, parse: impl Fn(&str) -> Option<T>) -> Result<Option<T>, ()> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    parse(t).map(Some).ok_or(())
}

/// Edits one region: name, parent and, for a village, its own facts; or deletes it when empty.
#[component]
fn RegionEditor(id: String, selected: RwSignal<Option<String>>) -> impl IntoView {
    use crate::domain::codes::{RegionKind, INFRASTRUCTURE};
    use crate::domain::model::{YearAmount, YearPopulation};
    let state = AppState::expect();
    let lang = use_lang();
    let l = lang.get_untracked();
    let Some(region) = state.registry.with_untracked(|r| {
        r.regions
            .iter()
            .find(|x| x.id == id)
            .and_then(|x| x.body.clone())
    }) else {
        return ().into_any();
    };
    let draft = RwSignal::new(region.clone());
    // The region as this editor last read or wrote it, to tell a change made elsewhere.
    let opened = StoredValue::new(region.clone());
    let year = super::util::today().year();
    let pop_year = RwSignal::new(year.to_string());
    let pop_people = RwSignal::new(
        region
            .rural_population
            .iter()
            .find(|p| p.year == year)
            .map(|p| p.people.to_string())
            .unwrap_or_default(),
    );
    let ci = RwSignal::new(
        region
            .collective_income
            .iter()
            .find(|c| c.year == year)
            .map(|c| c.yuan.to_string())
            .unwrap_or_default(),
    );
    let parents: Vec<(String, String)> = state.registry.with_untracked(|reg| {
        let want = match region.kind {
            RegionKind::Village => Some(RegionKind::Township),
            RegionKind::Township => Some(RegionKind::County),
            RegionKind::County => None,
        };
        reg.regions
            .iter()
            .filter_map(|r| {
                r.live()
                    .filter(|b| Some(b.kind) == want)
                    .map(|b| (r.id.clone(), b.name.clone()))
            })
            .collect()
    });
    let id_save = id.clone();
    let save = move |_| {
        let mut body = draft.get_untracked();
        // A figure typed wrong is refused with its reason; an empty box removes that year's figure.
        let Ok(y) = pop_year.get_untracked().trim().parse::<i32>() else {
            state.say(
                true,
                "年度应为四位数字, 如 2017。",
                "The year should be four digits, e.g. 2017.",
            );
            return;
        };
        let Ok(people) = optional_figure(&pop_people.get_untracked(), |t| t.parse::<u64>().ok())
        else {
            state.say(
                true,
                "农村人口应为不小于 0 的整数。",
                "Rural population should be a whole number, 0 or more.",
            );
            return;
        };
        let Ok(collective) = optional_figure(&ci.get_untracked(), |t| {
            crate::domain::roster::parse_yuan(t)
                .ok()
                .filter(|f| f.0 >= 0)
        }) else {
            state.say(
                true,
                "村集体经济收入应为不小于 0 的金额 (元)。",
                "Collective income should be an amount in yuan, 0 or more.",
            );
            return;
        };
        body.rural_population.retain(|p| p.year != y);
        if let Some(n) = people {
            let old = region.rural_population.iter().find(|p| p.year == y);
            body.rural_population.push(YearPopulation {
                year: y,
                households: old.and_then(|p| p.households),
                people: n,
                per_capita_disposable_income: old.and_then(|p| p.per_capita_disposable_income),
            });
            body.rural_population.sort_by_key(|p| p.year);
        }
        body.collective_income.retain(|x| x.year != y);
        if let Some(f) = collective {
            body.collective_income.push(YearAmount { year: y, yuan: f });
            body.collective_income.sort_by_key(|x| x.year);
        }
        let reg = state.registry.get_untracked();
        // Changed elsewhere (another tab, an import) since this editor opened: ask before
        // writing over it.
        let stored = reg
            .regions
            .iter()
            .find(|x| x.id == id_save)
            .and_then(|x| x.body.as_ref());
        if stored.is_some_and(|s| opened.with_value(|o| s != o))
            && !super::util::confirm(&lang.get_untracked().pick(
                "打开编辑后, 此区划已在别处 (另一个窗口或导入) 被修改。保存将以这里的内容为准。仍要保存吗?",
                "This region was changed elsewhere (another tab or an import) after this editor opened. Saving keeps what is here. Save anyway?",
            ))
        {
            return;
        }
        match crate::domain::regions::update(
            &reg,
            &id_save,
            body,
            &super::state::replica_id(),
            &super::util::now(),
        ) {
            Ok(next) => {
                let now = next
                    .regions
                    .iter()
                    .find(|x| x.id == id_save)
                    .and_then(|x| x.body.clone());
                leptos::task::spawn_local(async move {
                    if state.commit(next).await {
                        if let Some(now) = now {
                            opened.set_value(now);
                        }
                        state.say(false, "已保存。", "Saved.");
                    }
                })
            }
            Err((zh, en)) => state.say(true, zh, en),
        }
    };
    let id_delete = id.clone();
    let delete = move |_| {
        let reg = state.registry.get_untracked();
        match crate::domain::regions::delete(
            &reg,
            &id_delete,
            &super::state::replica_id(),
            &super::util::now(),
        ) {
            Ok(next) => leptos::task::spawn_local(async move {
                if state.commit(next).await {
                    selected.set(None);
                    state.say(false, "已删除。", "Deleted.");
                }
            }),
            Err((zh, en)) => state.say(true, zh, en),
        }
    };
    let is_village = region.kind == RegionKind::Village;
    let yes_no = |v: Option<bool>| match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "",
    };
    view! {
        <section class="card form" data-panel="region-editor" data-region=id.clone()>
            <h2>{move || draft.with(|d| d.name.clone())}" · "{l.pick(region.kind.zh(), region.kind.en())}</h2>
            <div class="grid2">
                <label>{l.pick("名称", "Name")}<input type="text" data-field="region-name" prop:value=move || draft.with(|d| d.name.clone()) on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.name = v); }/></label>
                {(!parents.is_empty()).then(|| view! {
                    <label>{l.pick("上级", "Parent")}<select data-field="region-parent" prop:value=move || draft.with(|d| d.parent_id.clone().unwrap_or_default()) on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.parent_id = Some(v)); }>
                        {parents.iter().map(|(pid, name)| view! { <option value=pid.clone()>{name.clone()}</option> }).collect_view()}
                    </select></label>
                })}
                <label>{l.pick("农村人口: 年度", "Rural population: year")}<input type="number" data-field="population-year" prop:value=move || pop_year.get() on:input=move |ev| pop_year.set(event_target_value(&ev))/></label>
                <label>{l.pick("人数", "People")}<input type="number" min="0" data-field="population-people" prop:value=move || pop_people.get() on:input=move |ev| pop_people.set(event_target_value(&ev))/></label>
            </div>
            {is_village.then(|| view! {
                <div class="grid2">
                    <label><span><input type="checkbox" data-field="poor-village" prop:checked=move || draft.with(|d| d.poor_village == Some(true)) on:change=move |ev| { let on = event_target_checked(&ev); draft.update(|d| d.poor_village = Some(on)); }/>{l.pick("贫困村", "Poor village")}</span></label>
                    <label>{l.pick("计划退出年度", "Target exit year")}<input type="number" data-field="target-exit-year" prop:value=move || draft.with(|d| d.target_exit_year.map(|y| y.to_string()).unwrap_or_default()) on:input=move |ev| { let v = event_target_value(&ev).parse().ok(); draft.update(|d| d.target_exit_year = v); }/></label>
                    <label>{l.pick("特色产业", "Specialty industry")}<input type="text" data-field="specialty-industry" prop:value=move || draft.with(|d| d.specialty_industry.clone().unwrap_or_default()) on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.specialty_industry = (!v.trim().is_empty()).then_some(v)); }/></label>
                    <label><span><input type="checkbox" data-field="ecommerce-station" prop:checked=move || draft.with(|d| d.ecommerce_station == Some(true)) on:change=move |ev| { let on = event_target_checked(&ev); draft.update(|d| d.ecommerce_station = Some(on)); }/>{l.pick("电商服务站", "E-commerce station")}</span></label>
                    <label>{l.pick("村集体经济收入 (该年度, 元)", "Collective income (that year, yuan)")}<input type="text" inputmode="decimal" data-field="collective-income" prop:value=move || ci.get() on:input=move |ev| ci.set(event_target_value(&ev))/></label>
                    {INFRASTRUCTURE.iter().enumerate().map(|(k, (code, zh, en))| view! {
                        <label>{l.pick(zh, en)}<select data-field=format!("infrastructure-{code}") prop:value=move || draft.with(|d| yes_no(d.infrastructure.unwrap_or([None; 8])[k]).to_string())
                            on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| { let mut f = d.infrastructure.unwrap_or([None; 8]); f[k] = match v.as_str() { "yes" => Some(true), "no" => Some(false), _ => None }; d.infrastructure = Some(f); }); }>
                            <option value="">{l.pick("(未知)", "(unknown)")}</option><option value="yes">{l.pick("达标", "met")}</option><option value="no">{l.pick("未达标", "not met")}</option>
                        </select></label>
                    }).collect_view()}
                </div>
            })}
            <div class="actions">
                <button class="primary" data-control="region-save" on:click=save>{l.pick("保存", "Save")}</button>
                <button data-control="region-delete" on:click=delete>{l.pick("删除", "Delete")}</button>
                <button on:click=move |_| selected.set(None)>{l.pick("关闭", "Close")}</button>
            </div>
        </section>
    }
    .into_any()
}

#[component]
pub fn Pairing() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let state = AppState::expect();
    let rows = Memo::new(move |_| {
        let reg = state.registry.get();
        let today = super::util::today();
        let mut counts = std::collections::HashMap::<&str, u64>::new();
        for p in reg.pairings.iter().filter_map(|p| p.live()) {
            if calc::pairing_active(p, today) {
                *counts.entry(p.helper_id.as_str()).or_default() += 1;
            }
        }
        reg.helpers
            .iter()
            .filter_map(|h| {
                let b = h.live()?;
                Some((
                    h.id.clone(),
                    b.name.clone(),
                    b.kind,
                    b.speciality.clone().unwrap_or_default(),
                    counts.get(h.id.as_str()).copied().unwrap_or(0),
                ))
            })
            .collect::<Vec<_>>()
    });
    view! {
        <h1>{t!(i18n, helpers_title)}</h1>
        <p>{t!(i18n, count)}" "<b data-metric="helper_count" data-value=move || rows.get().len().to_string()>{move || rows.get().len()}</b></p>
        <div class="scroll-y">
        <table class="table">
            <thead><tr><th>{t!(i18n, helper)}</th><th>{t!(i18n, kind)}</th><th>{move || lang.get().pick("特长", "Speciality")}</th><th class="num">{t!(i18n, households_count)}</th></tr></thead>
            <tbody>
                {move || rows.get().into_iter().take(500).map(|(id, name, kind, spec, n)| {
                    let l = lang.get();
                    view! { <tr data-helper-id=id><td>{name}</td><td>{l.pick(kind.zh(), kind.en())}</td><td>{spec}</td><td class="num">{n}</td></tr> }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

#[component]
pub fn AssistancePage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let state = AppState::expect();
    let rows = Memo::new(move |_| {
        let reg = state.registry.get();
        reg.measures
            .iter()
            .filter_map(|m| {
                let b = m.live()?;
                let items: Vec<_> = reg
                    .assistance
                    .iter()
                    .filter_map(|a| a.live())
                    .filter(|a| a.measure_id == m.id)
                    .collect();
                let done = items
                    .iter()
                    .filter(|a| a.status == crate::domain::codes::AssistanceStatus::Done)
                    .count();
                let amount: Fen = items
                    .iter()
                    .filter(|a| a.status != crate::domain::codes::AssistanceStatus::Cancelled)
                    .map(|a| a.amount_yuan.unwrap_or_default())
                    .sum();
                Some((
                    m.id.clone(),
                    b.name.clone(),
                    b.category,
                    items.len(),
                    done,
                    amount,
                ))
            })
            .collect::<Vec<_>>()
    });
    view! {
        <h1>{t!(i18n, assistance_title)}</h1>
        <table class="table">
            <thead><tr><th>{t!(i18n, measure)}</th><th>{t!(i18n, kind)}</th><th class="num">{t!(i18n, records)}</th><th class="num">{t!(i18n, done)}</th><th class="num">{t!(i18n, fund_amount)}</th></tr></thead>
            <tbody>
                {move || rows.get().into_iter().map(|(id, name, cat, n, done, amount)| {
                    let l = lang.get();
                    view! { <tr data-measure-id=id><td>{name}</td><td>{l.pick(cat.zh(), cat.en())}</td><td class="num">{n}</td><td class="num">{done}</td><td class="num">{Value::Money(amount).display()}</td></tr> }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn Funds() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let state = AppState::expect();
    let rows = Memo::new(move |_| {
        let reg = state.registry.get();
        let ix = Index::new(&reg);
        calc::fund_uses(&ix, Scope::All)
            .into_iter()
            .filter_map(|u| {
                let f = reg.funds[u.fund].live()?;
                Some((
                    reg.funds[u.fund].id.clone(),
                    f.name.clone(),
                    f.source,
                    f.year,
                    u.amount,
                    u.allocated,
                    u.balance(),
                ))
            })
            .collect::<Vec<_>>()
    });
    view! {
        <h1>{t!(i18n, funds_page_title)}</h1>
        <div class="scroll-y">
        <table class="table">
            <thead><tr><th>{move || lang.get().pick("名称", "Name")}</th><th>{t!(i18n, fund_source)}</th><th>{t!(i18n, year)}</th><th class="num">{t!(i18n, fund_amount)}</th><th class="num">{t!(i18n, fund_allocated)}</th><th class="num">{t!(i18n, fund_balance)}</th></tr></thead>
            <tbody>
                {move || rows.get().into_iter().map(|(id, name, source, year, amount, allocated, balance)| {
                    let l = lang.get();
                    view! {
                        <tr data-fund-id=id class:flagged=balance.0 < 0>
                            <td>{name}</td><td>{l.pick(source.zh(), source.en())}</td><td>{year}</td>
                            <td class="num">{Value::Money(amount).display()}</td><td class="num">{Value::Money(allocated).display()}</td>
                            <td class="num" class:negative=balance.0 < 0>{Value::Money(balance).display()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

#[component]
pub fn Tasks() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let state = AppState::expect();
    let rows = Memo::new(move |_| {
        let reg = state.registry.get();
        let ix = Index::new(&reg);
        let today = super::util::today();
        let mut out: Vec<_> = reg
            .tasks
            .iter()
            .filter_map(|t| {
                let b = t.live()?;
                let region = ix
                    .region_pos
                    .get(b.region_id.as_str())
                    .map(|&r| ix.region_path(r))
                    .unwrap_or_default();
                Some((
                    t.id.clone(),
                    region,
                    b.title.clone(),
                    b.owner.clone().unwrap_or_default(),
                    b.due_date,
                    b.done_date,
                    calc::task_overdue(b, today),
                ))
            })
            .collect();
        out.sort_by_key(|r| r.4);
        out
    });
    view! {
        <h1>{t!(i18n, tasks_title)}</h1>
        <table class="table">
            <thead><tr><th>{t!(i18n, region)}</th><th>{t!(i18n, task)}</th><th>{t!(i18n, owner)}</th><th>{t!(i18n, due_date)}</th><th>{t!(i18n, status)}</th></tr></thead>
            <tbody>
                {move || rows.get().into_iter().map(|(id, region, title, owner, due, done, overdue)| {
                    let l = lang.get();
                    let status = match (done, overdue) {
                        (Some(d), _) => format!("{} {d}", l.pick("已完成", "done")),
                        (None, true) => l.pick("逾期", "overdue"),
                        (None, false) => l.pick("进行中", "in progress"),
                    };
                    view! { <tr data-task-id=id class:overdue=overdue><td>{region}</td><td>{title}</td><td>{owner}</td><td>{due.to_string()}</td><td>{status}</td></tr> }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The households section's sub-navigation.
#[component]
pub fn HouseholdsNav() -> impl IntoView {
    let lang = use_lang();
    view! {
        <nav class="subnav" aria-label="households">
            <A href="/households" exact=true>{move || lang.get().pick("农户名册", "Roster")}</A>
            <A href="/identification">{move || lang.get().pick("识别程序", "Identification")}</A>
            <A href="/quality">{move || lang.get().pick("质量检查", "Data quality")}</A>
        </nav>
    }
}

/// The roster of a scope (a region id, or empty for the whole registry) as of D, with a file name.
pub fn roster_of_scope(
    reg: &Registry,
    id: &str,
    d: Date,
) -> (crate::domain::roster::Table, String) {
    let ix = Index::new(reg);
    let name = if id.is_empty() {
        "全部".to_string()
    } else {
        ix.region_pos
            .get(id)
            .and_then(|&r| ix.region(r))
            .map(|r| r.name.clone())
            .unwrap_or_default()
    };
    let scope = ix.scope_of((!id.is_empty()).then_some(id));
    (
        crate::domain::roster::table(&ix, scope, d),
        format!("jingzhun-花名册-{name}-{d}"),
    )
}

/// The household roster of a scope (a region id, or empty for the whole registry) as CSV or
/// Excel, one row per member; the Excel file is written by the spreadsheet worker.
#[component]
pub fn RosterExport(
    /// Builds the table to export and its file name (without extension), when a button is pressed.
    table: Callback<(), (crate::domain::roster::Table, String)>,
) -> impl IntoView {
    let lang = use_lang();
    let state = AppState::expect();
    let table = move || table.run(());
    let csv = move |_| {
        let (t, file) = table();
        super::util::download(
            &format!("{file}.csv"),
            "text/csv;charset=utf-8",
            &crate::exchange::csv::write(&t.header_zh(), &t.rows),
        );
    };
    let xlsx = move |_| {
        leptos::task::spawn_local(async move {
            let (t, file) = table();
            let header = t.header_zh();
            let rows = t
                .rows
                .into_iter()
                .map(|r| {
                    r.into_iter()
                        .zip(&t.columns)
                        .map(|(cell, c)| match cell.parse::<f64>() {
                            Ok(x) if c.is_number() => serde_json::Value::from(x),
                            _ => serde_json::Value::from(cell),
                        })
                        .collect()
                })
                .collect();
            let sheet = super::xlsx::Sheet {
                name: "花名册".into(),
                header,
                rows,
            };
            if let Err(e) = super::xlsx::export(&format!("{file}.xlsx"), vec![sheet]).await {
                state.say(
                    true,
                    format!("无法生成 Excel 文件: {e}"),
                    format!("Cannot make the Excel file: {e}"),
                );
            }
        });
    };
    view! {
        <button data-control="roster-csv" on:click=csv>{move || lang.get().pick("导出花名册 CSV", "Roster CSV")}</button>
        <button data-control="roster-xlsx" on:click=xlsx>{move || lang.get().pick("导出花名册 Excel", "Roster Excel")}</button>
    }
}

/// 质量检查: the quality rules over a scope, counted by rule and by village; a click on either
/// narrows the list of findings, each linked to its household.
#[component]
pub fn QualityPage() -> impl IntoView {
    use crate::domain::quality::{self, QualityRule};
    let lang = use_lang();
    let state = AppState::expect();
    let rule_filter = RwSignal::new(None::<QualityRule>);
    let village_filter = RwSignal::new(None::<String>);
    let scope = RwSignal::new(String::new());
    // 检查日期: who counts as a current member, and which year's income is expected.
    let today = super::util::today();
    let date = RwSignal::new(state.as_of.get_untracked().unwrap_or(today).to_string());
    let on_date = Memo::new(move |_| date.with(|s| Date::parse(s.trim())).unwrap_or(today));
    let regions = Memo::new(move |_| super::dashboard::region_options(&state.registry.get()));
    let data = Memo::new(move |_| {
        let reg = state.registry.get();
        let ix = Index::new(&reg);
        let sc = scope.with(|id| ix.scope_of((!id.is_empty()).then_some(id.as_str())));
        let findings = quality::check(&ix, sc, on_date.get());
        let counts: Vec<(QualityRule, usize)> = QualityRule::ALL
            .iter()
            .map(|&r| (r, findings.iter().filter(|f| f.rule == r).count()))
            .collect();
        let rows: Vec<(QualityRule, Option<String>, String, String, String, String)> = findings
            .iter()
            .map(|f| {
                let (id, village) = f
                    .household
                    .map(|h| {
                        (
                            Some(reg.households[h].id.clone()),
                            ix.household_village[h]
                                .map(|v| ix.region_path(v))
                                .unwrap_or_default(),
                        )
                    })
                    .unwrap_or((None, String::new()));
                (
                    f.rule,
                    id,
                    village,
                    f.path.clone(),
                    f.zh.clone(),
                    f.en.clone(),
                )
            })
            .collect();
        let mut by_village: std::collections::BTreeMap<String, usize> = Default::default();
        for r in &rows {
            *by_village.entry(r.2.clone()).or_default() += 1;
        }
        let mut by_village: Vec<(String, usize)> = by_village.into_iter().collect();
        by_village.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        (counts, by_village, rows)
    });
    view! {
        <HouseholdsNav/>
        <h1>{move || lang.get().pick("质量检查", "Data quality")}</h1>
        <p class="muted small">{move || lang.get().pick("以下为提醒, 不阻止保存; 导入文件时违反交换规则的内容会被拒绝。", "These are warnings and do not block saving; what breaks the exchange rules is refused at import.")}</p>
        <section class="controls">
            <label>{move || lang.get().pick("范围", "Scope")}" "
                <select data-control="quality-scope" on:change=move |ev| { scope.set(event_target_value(&ev)); village_filter.set(None); }>
                    <option value="">{move || lang.get().pick("全部", "Whole registry")}</option>
                    {move || regions.get().into_iter().map(|(id, label)| view! { <option value=id>{label}</option> }).collect_view()}
                </select>
            </label>
            <label>{move || lang.get().pick("检查日期", "Checked as of")}" "
                <input type="date" data-control="quality-date" prop:value=move || date.get() on:change=move |ev| { date.set(event_target_value(&ev)); village_filter.set(None); }/>
            </label>
            <span class="muted small">{move || { let y = on_date.get().year(); lang.get().pick(&format!("「缺本年收入」指已建档户没有 {y} 年收入记录。"), &format!("\"No income this year\" means a registered household without a {y} income entry.")) }}</span>
        </section>
        {move || {
            let (counts, by_village, rows) = data.get();
            let l = lang.get();
            let filter = rule_filter.get();
            let village = village_filter.get();
            let shown: Vec<_> = rows.into_iter().filter(|r| filter.is_none_or(|f| f == r.0) && village.as_ref().is_none_or(|v| v == &r.2)).collect();
            let total = shown.len();
            view! {
                <div class="columns">
                    <section class="card">
                        <h2>{l.pick("按规则", "By rule")}</h2>
                        <table class="table" data-table="quality-rules"><tbody>
                            {counts.into_iter().map(|(r, n)| view! {
                                <tr class:flagged={n > 0} class:chosen={filter == Some(r)}><td><button class="link" data-rule-filter=r.code() on:click=move |_| rule_filter.set(if filter == Some(r) { None } else { Some(r) })>{l.pick(r.zh(), r.en())}</button></td>
                                <td class="num" data-metric=format!("quality.{}", r.code()) data-value=n.to_string()>{n}</td></tr>
                            }).collect_view()}
                        </tbody></table>
                    </section>
                    <section class="card">
                        <h2>{l.pick("按村", "By village")}</h2>
                        <table class="table" data-table="quality-villages"><tbody>
                            {by_village.into_iter().map(|(v, n)| {
                                let (v2, v3) = (v.clone(), v.clone());
                                let chosen = village.as_ref() == Some(&v);
                                view! {
                                    <tr class:chosen=chosen data-village=v.clone()><td><button class="link" on:click=move |_| village_filter.set(if chosen { None } else { Some(v2.clone()) })>{if v3.is_empty() { l.pick("(不属于任何村)", "(no village)") } else { v3.clone() }}</button></td>
                                    <td class="num" data-value=n.to_string()>{n}</td></tr>
                                }
                            }).collect_view()}
                        </tbody></table>
                    </section>
                </div>
                <section class="card">
                    <p data-findings-shown=total.to_string()>
                        {l.pick(&format!("{total} 条"), &format!("{total} findings"))}
                        {(filter.is_some() || village.is_some()).then(|| view! { " " <button class="link" data-control="quality-clear" on:click=move |_| { rule_filter.set(None); village_filter.set(None); }>{l.pick("显示全部", "Show all")}</button> })}
                        {(total > 500).then(|| l.pick("(列出前 500 条)", "(the first 500 are listed)"))}
                    </p>
                    <table class="table" data-table="findings"><tbody>
                        {shown.into_iter().take(500).map(|(rule, id, village, path, zh, en)| view! {
                            <tr data-rule=rule.code()>
                                <td>{match id { Some(id) => view! { <A href=format!("/households/{id}")>{id.clone()}</A> }.into_any(), None => view! { <span>{path.clone()}</span> }.into_any() }}</td>
                                <td>{village}</td><td>{l.pick(&zh, &en)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody></table>
                </section>
            }
        }}
    }
}

#[component]
pub fn IdentificationPage() -> impl IntoView {
    use crate::domain::analysis::{identification_board, identification_stage};
    use crate::domain::codes::IdentificationStep;
    let lang = use_lang();
    let state = AppState::expect();
    let data = Memo::new(move |_| {
        let reg = state.registry.get();
        let ix = Index::new(&reg);
        let today = super::util::today();
        let board: Vec<(String, String, [u64; 7])> = identification_board(&ix, Scope::All, today)
            .into_iter()
            .map(|(v, c)| (reg.regions[v].id.clone(), ix.region_path(v), c))
            .collect();
        let notice: Vec<(String, String, String, String, u64)> = ix
            .households_in(Scope::All)
            .filter(|(_, h)| {
                calc::status_at(h, today) == Some(crate::domain::codes::Status::Candidate)
                    && identification_stage(h) >= 4
            })
            .map(|(i, h)| {
                let village = ix.household_village[i];
                (
                    reg.households[i].id.clone(),
                    village
                        .map(|v| reg.regions[v].id.clone())
                        .unwrap_or_default(),
                    village.map(|v| ix.region_path(v)).unwrap_or_default(),
                    h.head().map(|m| m.name.clone()).unwrap_or_default(),
                    calc::people_at(h, today),
                )
            })
            .collect();
        (board, notice)
    });
    // 公示名单 is posted village by village: the list shows one village (or all) at a time.
    let notice_village = RwSignal::new(String::new());
    view! {
        <HouseholdsNav/>
        <h1 class="no-print">{move || lang.get().pick("识别程序: 一核二看三比四评议五公示", "Identification: verify, inspect, compare, review, publicize, approve")}</h1>
        {move || {
            let (board, notice) = data.get();
            let l = lang.get();
            view! {
                <section class="card no-print">
                    <h2>{l.pick("各村申请户所处步骤", "Candidates by village and step")}</h2>
                    <div class="scroll-x"><table class="table" data-table="identification-board">
                        <thead><tr><th>{l.pick("村", "Village")}</th><th class="num">{l.pick("待核", "Not started")}</th>
                            {IdentificationStep::ALL.iter().map(|s| view! { <th class="num">{l.pick(s.zh(), s.en())}</th> }).collect_view()}</tr></thead>
                        <tbody>{board.into_iter().map(|(id, name, counts)| view! {
                            <tr data-region-id=id><td>{name}</td>{counts.iter().enumerate().map(|(k, n)| view! { <td class="num" data-stage=k.to_string()>{*n}</td> }).collect_view()}</tr>
                        }).collect_view()}</tbody>
                    </table></div>
                    <p class="muted small">{l.pick("列为已通过的最后一步; 审批通过后登记为贫困户。", "Columns show the last step passed; after approval the household is registered as poor.")}</p>
                </section>
                <section class="card notice-list">
                    {
                        let mut villages: Vec<(String, String)> = notice.iter().map(|n| (n.1.clone(), n.2.clone())).collect();
                        villages.sort();
                        villages.dedup();
                        let chosen = notice_village.get();
                        let title = villages.iter().find(|v| v.0 == chosen).map(|v| v.1.clone()).unwrap_or_default();
                        let rows: Vec<_> = notice.into_iter().filter(|n| chosen.is_empty() || n.1 == chosen).collect();
                        let (households, people) = (rows.len(), rows.iter().map(|n| n.4).sum::<u64>());
                        view! {
                            <h2>{title}" "{l.pick("贫困户识别公示名单 (已通过村民评议)", "Public notice of candidates (reviewed by the village)")}</h2>
                            <p class="controls no-print">
                                <select data-control="notice-village" on:change=move |ev| notice_village.set(event_target_value(&ev))>
                                    <option value="">{l.pick("全部村", "Every village")}</option>
                                    {villages.into_iter().map(|(id, name)| { let sel = id == chosen; view! { <option value=id selected=sel>{name}</option> } }).collect_view()}
                                </select>
                                <button data-control="print-notice" on:click=|_| { let _ = web_sys::window().unwrap().print(); }>{l.pick("打印公示名单", "Print the notice")}</button>
                            </p>
                            <table class="table" data-table="public-notice"><thead><tr><th>{l.pick("村", "Village")}</th><th>{l.pick("户主", "Head")}</th><th class="num">{l.pick("人口", "People")}</th></tr></thead>
                            <tbody>{rows.into_iter().map(|(id, _, village, head, people)| view! { <tr data-household-id=id><td>{village}</td><td>{head}</td><td class="num">{people}</td></tr> }).collect_view()}</tbody></table>
                            <p data-notice-total=households.to_string()>{l.pick(&format!("共 {households} 户 {people} 人。公示期 7 天, 如有异议请向村委会反映。"), &format!("{households} households, {people} people. Objections to the village committee within 7 days."))}</p>
                            <p class="signatures"><span>{l.pick("村委会 (盖章)", "Village committee (seal)")}</span><span>{l.pick("日期", "Date")}": "{super::util::today().to_string()}</span></p>
                        }
                    }
                </section>
            }
        }}
    }
}

/// 是 / 否 / — for a fact that may be unrecorded.
fn yes_no_text(b: Option<bool>, l: Lang) -> String {
    match b {
        Some(true) => l.pick("是", "yes"),
        Some(false) => l.pick("否", "no"),
        None => "—".into(),
    }
}

/// The household's own facts: contact, causes, living conditions, national code.
#[component]
fn HouseholdFacts(household: Household) -> impl IntoView {
    let lang = use_lang();
    let h = household;
    move || {
        let l = lang.get();
        let c = h.conditions.clone().unwrap_or_default();
        let coded = |zh: Option<&str>, en: Option<&str>| match (zh, en) {
            (Some(z), Some(e)) => l.pick(z, e),
            _ => "—".to_string(),
        };
        let rows: Vec<(String, String, &'static str)> = vec![
            (
                l.pick("联系电话", "Phone"),
                h.phone.clone().unwrap_or_else(|| "—".into()),
                "phone",
            ),
            (
                l.pick("住址", "Address"),
                h.address.clone().unwrap_or_else(|| "—".into()),
                "address",
            ),
            (
                l.pick("其他致贫原因", "Other causes"),
                if h.other_causes.is_empty() {
                    "—".into()
                } else {
                    h.other_causes
                        .iter()
                        .map(|c| l.pick(c.zh(), c.en()))
                        .collect::<Vec<_>>()
                        .join("、")
                },
                "other_causes",
            ),
            (
                l.pick("吃穿有保障", "Food and clothing secure"),
                yes_no_text(c.food_clothing_secure, l),
                "food_clothing_secure",
            ),
            (
                l.pick("住房", "Housing"),
                coded(c.housing.map(|x| x.zh()), c.housing.map(|x| x.en())),
                "housing",
            ),
            (
                l.pick("饮水", "Drinking water"),
                coded(
                    c.drinking_water.map(|x| x.zh()),
                    c.drinking_water.map(|x| x.en()),
                ),
                "drinking_water",
            ),
            (
                l.pick("通生活用电", "Electricity"),
                yes_no_text(c.electricity, l),
                "electricity",
            ),
            (l.pick("种养棚圈", "Shed"), yes_no_text(c.shed, l), "shed"),
            (
                l.pick("合作社成员", "Cooperative member"),
                yes_no_text(c.cooperative_member, l),
                "cooperative_member",
            ),
            (
                l.pick("易地扶贫搬迁", "Relocated"),
                yes_no_text(c.relocated, l),
                "relocated",
            ),
            (
                l.pick("全国系统户编码", "National household code"),
                h.national_code.clone().unwrap_or_else(|| "—".into()),
                "national_code",
            ),
        ];
        view! {
            <section class="card" data-panel="facts">
                <h2>{l.pick("基本情况", "Facts")}</h2>
                <dl class="facts">
                    {rows.into_iter().map(|(k, v, key)| view! { <dt>{k}</dt><dd data-fact=key>{v}</dd> }).collect_view()}
                </dl>
            </section>
        }
    }
}

/// 一核二看三比四评议五公示: records the next step of a candidate, dated, with its result and note.
#[component]
fn IdentificationPanel(id: String, household: Household) -> impl IntoView {
    use crate::domain::analysis::identification_stage;
    use crate::domain::codes::{IdentificationStep, Status, StepResult};
    use crate::domain::model::IdentificationEntry;
    let state = AppState::expect();
    let lang = use_lang();
    let l = lang.get_untracked();
    let today = super::util::today();
    if calc::status_at(&household, today) != Some(Status::Candidate)
        && household.identification.is_empty()
    {
        return ().into_any();
    }
    let stage = identification_stage(&household);
    let next = IdentificationStep::ALL.get(stage).copied();
    let date = RwSignal::new(today.to_string());
    let note = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let steps_done: Vec<Option<IdentificationEntry>> = IdentificationStep::ALL
        .iter()
        .map(|s| {
            household
                .identification
                .iter()
                .rev()
                .find(|e| e.step == *s)
                .cloned()
        })
        .collect();
    let household = StoredValue::new(household);
    let id = StoredValue::new(id);
    let record = move |result: StepResult| {
        let Some(step) = next else { return };
        let Some(d) = Date::parse(date.get_untracked().trim()) else {
            problem.set(Some(l.pick(
                "请按 2017-10-23 的格式填写日期",
                "write the date as 2017-10-23",
            )));
            return;
        };
        let mut h = household.get_value();
        if h.identification.last().is_some_and(|e| e.date > d) {
            problem.set(Some(l.pick(
                "日期不能早于上一步",
                "the date cannot be before the previous step",
            )));
            return;
        }
        let n = note.get_untracked();
        h.identification.push(IdentificationEntry {
            step,
            date: d,
            result,
            note: (!n.trim().is_empty()).then(|| n.trim().to_string()),
        });
        // Approval registers the household as poor (建档立卡) on that day.
        if step == IdentificationStep::Approve
            && result == StepResult::Pass
            && h.status_events.last().is_none_or(|e| e.date <= d)
        {
            h.status_events.push(crate::domain::model::StatusEvent {
                date: d,
                status: Status::Poor,
                reason: Some("识别认定, 建档立卡".into()),
            });
        }
        leptos::task::spawn_local(async move {
            let saved = "已记录识别步骤。";
            state
                .save_household(id.get_value(), h, saved, "Identification step recorded.")
                .await;
        });
    };
    view! {
        <section class="card" data-panel="identification">
            <h2>{l.pick("识别程序", "Identification procedure")}</h2>
            <ol class="steps">
                {IdentificationStep::ALL.iter().zip(steps_done).enumerate().map(|(k, (s, entry))| {
                    let done = k < stage;
                    view! { <li class:done=done data-step=s.code()>{l.pick(s.zh(), s.en())}{entry.map(|e| format!(" · {} {}{}", e.date, l.pick(e.result.zh(), e.result.en()), e.note.as_ref().map(|n| format!(" ({n})")).unwrap_or_default()))}</li> }
                }).collect_view()}
            </ol>
            {next.map(|step| view! {
                <div class="inline-form">
                    <b data-next-step=step.code()>{l.pick(step.zh(), step.en())}</b>
                    <input type="text" data-control="step-date" prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev))/>
                    <input type="text" data-control="step-note" placeholder=l.pick("说明", "Note") prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
                    <button data-control="step-pass" on:click=move |_| record(StepResult::Pass)>{l.pick("通过", "Pass")}</button>
                    <button data-control="step-fail" on:click=move |_| record(StepResult::Fail)>{l.pick("未通过", "Fail")}</button>
                </div>
            })}
            {move || problem.get().map(|p| view! { <p class="error">{p}</p> })}
        </section>
    }
    .into_any()
}

/// 修改记录: who changed the household, what, and when (kept on this device only).
#[component]
fn History(id: String) -> impl IntoView {
    let lang = use_lang();
    let state = AppState::expect();
    let entries = RwSignal::new(Vec::<serde_json::Value>::new());
    Effect::new(move |_| {
        state.registry.track();
        let id = id.clone();
        leptos::task::spawn_local(async move {
            let list = crate::store::idb::history_of(&id).await.unwrap_or_default();
            entries.set(
                list.iter()
                    .filter_map(|s| serde_json::from_str(s).ok())
                    .collect(),
            );
        });
    });
    view! {
        <section class="card" data-panel="history">
            <h2>{move || lang.get().pick("修改记录 (只保存在本机)", "Change history (kept on this device)")}</h2>
            <ol class="timeline">
                {move || entries.get().into_iter().rev().map(|e| {
                    let l = lang.get();
                    let key = if l == Lang::Zh { "zh" } else { "en" };
                    let what: Vec<String> = e[key].as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default();
                    let who = e["who"].as_str().filter(|w| !w.is_empty()).map(str::to_string).unwrap_or_else(|| l.pick("(未设置姓名)", "(no name set)"));
                    let when: String = e["when"].as_str().unwrap_or_default().replace('T', " ").chars().take(19).collect();
                    view! { <li data-history=""><b>{when}</b>" "{who}": "{what.join("; ")}</li> }
                }).collect_view()}
            </ol>
        </section>
    }
}
