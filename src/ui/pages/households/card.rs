//! 明白卡: the household card for the notice board and the household's own wall, one A4 page:
//! household, members, causes, helpers, plan, incomes against the line, the exit check, and
//! status changes, with lines for signatures. ID numbers are always masked on the card.

use super::use_sheet;
use crate::domain::calc::Criterion;
use crate::domain::id_number;
use crate::domain::report::Value;
use crate::ui::components::not_found::NotFound;
use crate::ui::components::verdict::verdict_text;
use crate::ui::platform::files::print;
use crate::ui::platform::time::today;
use crate::ui::prelude::*;

fn money(f: Option<crate::domain::money::Fen>) -> Option<String> {
    f.and_then(|f| Value::Money(f).display())
}

#[component]
pub fn HouseholdCard() -> impl IntoView {
    let lang = use_lang();
    let sheet = use_sheet();
    move || {
        let Some(s) = sheet.get() else {
            return view! { <NotFound /> }.into_any();
        };
        let l = lang.get();
        let h = &s.household;
        let today = today();
        let dash = |v: String| if v.is_empty() { "—".to_string() } else { v };
        let mut causes = vec![h.main_cause.label(l)];
        causes.extend(h.other_causes.iter().map(|c| c.label(l)));
        let members = h
            .members
            .iter()
            .filter(|m| m.counted_at(today))
            .map(|m| {
                let school_work: Vec<&str> =
                    [m.schooling.map(|x| x.label(l)), m.work.map(|x| x.label(l))]
                        .into_iter()
                        .flatten()
                        .collect();
                view! {
                    <tr data-card-member="">
                        <td>{m.name.clone()}</td>
                        <td>{m.relation.label(l)}</td>
                        <td>{m.sex.label(l)}</td>
                        <td class="mono">
                            {id_number::masked(m.id_number.as_deref().unwrap_or_default())}
                        </td>
                        <td>{m.health.map(|x| x.label(l)).unwrap_or_default()}</td>
                        <td>{m.labor.map(|x| x.label(l)).unwrap_or_default()}</td>
                        <td>{school_work.join(" / ")}</td>
                    </tr>
                }
            })
            .collect_view();
        let helpers = if s.helpers.is_empty() {
            "—".to_string()
        } else {
            s.helpers
                .iter()
                .map(|x| {
                    tr!(
                        l,
                        card_helper_line,
                        name = &x.name,
                        phone = &x.phone,
                        since = x.since
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        let (plan_year, plan) = s.card_plan();
        let plan = plan
            .into_iter()
            .map(|p| {
                view! {
                    <tr>
                        <td>{p.year}</td>
                        <td>{p.measure.clone()}</td>
                        <td>{p.quantity.clone()}</td>
                        <td class="num">{money(p.amount)}</td>
                        <td>{p.status.label(l)}</td>
                    </tr>
                }
            })
            .collect_view();
        let incomes = s
            .incomes
            .iter()
            .take(3)
            .map(|i| {
                let per_capita = money(i.per_capita).unwrap_or_else(|| tr!(l, unknown).to_string());
                let line =
                    money(i.poverty_line).unwrap_or_else(|| tr!(l, card_line_not_set).to_string());
                view! {
                    <tr data-card-income=i.year.to_string()>
                        <td>{i.year}</td>
                        <td class="num">{money(Some(i.net))}</td>
                        <td class="num">{per_capita}</td>
                        <td class="num">{line}</td>
                    </tr>
                }
            })
            .collect_view();
        let criteria = Criterion::ALL
            .iter()
            .map(|&c| view! {
                <span data-criterion=c
                    .code()>{c.label(l)}": "<b>{verdict_text(s.exit_check.verdict(c), l)}</b></span>
            })
            .collect_view();
        let events: Vec<String> = h
            .status_events
            .iter()
            .map(|e| {
                let reason = e
                    .reason
                    .as_ref()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default();
                format!("{} {}{reason}", e.date, e.status.label(l))
            })
            .collect();
        view! {
            <p class="no-print">
                <A href=format!("/households/{}", s.id)>{tr!(l, back)}</A>
                " · "
                <button class="primary" data-control="print-card" on:click=|_| print()>
                    {tr!(l, print)}
                </button>
            </p>
            <article class="hh-card" data-card=s.id.clone()>
                <h1>{tr!(l, card_title)}</h1>
                <p class="card-sub">
                    {s.village.clone()}" "{h.group.clone().unwrap_or_default()}" · "
                    {tr!(l, card_household_id)}" "{s.id.clone()}
                </p>
                <table class="kv">
                    <tr>
                        <th>{tr!(l, head)}</th>
                        <td data-card-field="head">
                            {h.head().map(|m| m.name.clone()).unwrap_or_default()}
                        </td>
                        <th>{tr!(l, column_phone)}</th>
                        <td>{dash(h.phone.clone().unwrap_or_default())}</td>
                    </tr>
                    <tr>
                        <th>{tr!(l, attribute)}</th>
                        <td>{h.attribute.label(l)}</td>
                        <th>{tr!(l, card_people_now)}</th>
                        <td data-card-field="people">{s.people}</td>
                    </tr>
                    <tr>
                        <th>{tr!(l, card_causes)}</th>
                        <td data-card-field="causes">{causes.join("、")}</td>
                        <th>{tr!(l, status)}</th>
                        <td data-card-field="status">
                            {s.status.map(|x| x.label(l)).unwrap_or_default()}" "
                            <span class="muted">
                                {s.status_since.map(|d| d.to_string()).unwrap_or_default()}
                            </span>
                        </td>
                    </tr>
                </table>
                <h2>{tr!(l, card_members)}</h2>
                <table class="grid">
                    <thead>
                        <tr>
                            <th>{tr!(l, column_name)}</th>
                            <th>{tr!(l, card_relation)}</th>
                            <th>{tr!(l, column_sex)}</th>
                            <th>{tr!(l, column_id_number)}</th>
                            <th>{tr!(l, card_health)}</th>
                            <th>{tr!(l, card_labour)}</th>
                            <th>{tr!(l, card_school_work)}</th>
                        </tr>
                    </thead>
                    <tbody>{members}</tbody>
                </table>
                <h2>{tr!(l, card_helpers)}</h2>
                <p data-card-field="helpers">{helpers}</p>
                <h2 data-card-plan-year=plan_year
                    .to_string()>{tr!(l, card_plan_of_year, year = plan_year)}</h2>
                <table class="grid">
                    <thead>
                        <tr>
                            <th>{tr!(l, year)}</th>
                            <th>{tr!(l, measure)}</th>
                            <th>{tr!(l, quantity)}</th>
                            <th>{tr!(l, card_amount)}</th>
                            <th>{tr!(l, card_progress)}</th>
                        </tr>
                    </thead>
                    <tbody>{plan}</tbody>
                </table>
                <h2>{tr!(l, card_income)}</h2>
                <table class="grid">
                    <thead>
                        <tr>
                            <th>{tr!(l, year)}</th>
                            <th>{tr!(l, net_income)}</th>
                            <th>{tr!(l, per_capita)}</th>
                            <th>{tr!(l, card_poverty_line)}</th>
                        </tr>
                    </thead>
                    <tbody>{incomes}</tbody>
                </table>
                <h2 data-exit-year=s.exit_year.to_string()>{tr!(l, exit_check)}" "{s.exit_year}</h2>
                <p class="criteria">{criteria}</p>
                <h2>{tr!(l, card_status_changes)}</h2>
                <p>{events.join("; ")}</p>
                <p class="signatures">
                    <span>{tr!(l, card_head_signature)}": ____________"</span>
                    <span>{tr!(l, card_helper_signature)}": ____________"</span>
                    <span>{tr!(l, card_date)}": "{today.to_string()}</span>
                </p>
            </article>
        }
        .into_any()
    }
}
