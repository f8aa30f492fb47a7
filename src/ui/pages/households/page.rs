//! A household's page: facts, members (ID numbers masked until revealed), the exit check of its
//! latest income year, incomes, deprivation score, helpers and plan, the identification steps,
//! status changes, monitoring, history and the timeline. Everything shown is one
//! `HouseholdSheet`; the panels below it send intents.

use super::exit_procedure::ExitProcedurePanel;
use super::facts::HouseholdFacts;
use super::identification::IdentificationPanel;
use super::loans::LoansPanel;
use super::monitoring::MonitoringPanel;
use super::plan::PlanPanel;
use super::status::StatusPanel;
use super::support::SupportPanel;
use super::use_sheet;
use crate::domain::calc::Criterion;
use crate::domain::household_sheet::HouseholdSheet;
use crate::domain::id_number;
use crate::domain::model::Collection;
use crate::domain::model::Member;
use crate::domain::report::Value;
use crate::store::Subject;
use crate::ui::components::history::History;
use crate::ui::components::not_found::NotFound;
use crate::ui::components::verdict::{verdict_code, verdict_text, yes_no_text};
use crate::ui::prelude::*;

#[component]
pub fn HouseholdPage() -> impl IntoView {
    let sheet = use_sheet();
    // The page's frame follows the household only: the helping panels (and the forms in them)
    // stay mounted while the registry changes; the parts above and below repaint with it.
    let id = Memo::new(move |_| sheet.with(|s| s.as_ref().map(|s| s.id.clone())));
    move || {
        let Some(id) = id.get() else {
            return view! { <NotFound /> }.into_any();
        };
        view! {
            <SheetTop sheet=sheet />
            <SupportPanel id=id.clone() sheet=sheet />
            <PlanPanel id=id.clone() sheet=sheet />
            <LoansPanel id=id.clone() sheet=sheet />
            <ExitProcedurePanel id=id.clone() sheet=sheet />
            <SheetBottom sheet=sheet />
        }
        .into_any()
    }
}

/// Facts, members, the exit check, incomes, deprivation and the identification steps.
#[component]
fn SheetTop(sheet: Memo<Option<HouseholdSheet>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        let s = sheet.get()?;
        let l = lang.get();
        let (id, h) = (s.id.clone(), s.household.clone());
        Some(view! {
            <p>
                <A href="/households">{t!(back)}</A>
                " · "
                <A href=format!("/households/{id}/edit") attr:data-control="edit-household">
                    {t!(page_edit)}
                </A>
                " · "
                <A href=format!("/households/{id}/card") attr:data-control="household-card">
                    {t!(page_household_card_2)}
                </A>
            </p>
            <h1 data-household=id
                .clone()>
                {h.head().map(|m| m.name.clone()).unwrap_or_default()}
                <span class="muted">
                    {format!(" · {} {}", s.village, h.group.clone().unwrap_or_default())}
                </span>
            </h1>
            <p>
                {t!(status)}": "
                <b data-field="status">{s.status.map(|x| x.label(l)).unwrap_or_default()}</b> " · "
                {t!(attribute)}": "{h.attribute.label(l)} " · "{t!(main_cause)}": "
                {h.main_cause.label(l)}
            </p>
            <HouseholdFacts household=h.clone() />
            <Members members=h.members.clone() />
            <ExitCheckPanel sheet=s.clone() />
            <Incomes sheet=s.clone() />
            <Deprivation sheet=s.clone() />
            <IdentificationPanel id=id.clone() household=h.clone() />
        })
    }
}

/// Status changes, monitoring, the change history and the timeline.
#[component]
fn SheetBottom(sheet: Memo<Option<HouseholdSheet>>) -> impl IntoView {
    move || {
        let s = sheet.get()?;
        let (id, h) = (s.id.clone(), s.household.clone());
        Some(view! {
            <StatusPanel id=id.clone() />
            <MonitoringPanel id=id.clone() household=h />
            <History subject=Subject::Record(Collection::Households, id) />
            <Timeline sheet=s />
        })
    }
}

#[component]
fn Members(members: Vec<Member>) -> impl IntoView {
    let lang = use_lang();
    let reveal = RwSignal::new(false);
    let l = lang.get_untracked();
    let rows = members
        .into_iter()
        .map(|m| {
            let full = m.id_number.clone().unwrap_or_default();
            let masked = id_number::masked(&full);
            let left = m
                .left_date
                .map(|d| format!(" ({} {d})", tr!(l, page_left)))
                .unwrap_or_default();
            let schooling: Vec<&str> = [
                m.education.map(|x| x.label(l)),
                m.schooling.map(|x| x.label(l)),
            ]
            .into_iter()
            .flatten()
            .collect();
            let cover = [m.medical_insurance, m.pension_insurance, m.skill_trained]
                .map(|b| yes_no_text(b, l))
                .join(" / ");
            view! {
                <tr>
                    <td>{m.name.clone()}{left}</td>
                    <td>{m.relation.label(l)}</td>
                    <td>{m.sex.label(l)}</td>
                    <td class="mono" data-id-number="">
                        {move || if reveal.get() { full.clone() } else { masked.clone() }}
                    </td>
                    <td>{m.health.map(|x| x.label(l)).unwrap_or_default()}</td>
                    <td>{m.labor.map(|x| x.label(l)).unwrap_or_default()}</td>
                    <td>{schooling.join(" / ")}</td>
                    <td>{m.work.map(|x| x.label(l)).unwrap_or_default()}</td>
                    <td>{cover}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>
                {t!(members)}" " <label class="small">
                    <input
                        type="checkbox"
                        on:change=move |ev| reveal.set(event_target_checked(&ev))
                    />
                    {t!(show_id)}
                </label>
            </h2>
            <div class="scroll">
                <table class="table">
                    <thead>
                        <tr>
                            <th>{t!(column_name)}</th>
                            <th>{t!(page_relation)}</th>
                            <th>{t!(column_sex)}</th>
                            <th>{t!(column_id_number)}</th>
                            <th>{t!(measure_category_health)}</th>
                            <th>{t!(form_labour)}</th>
                            <th>{t!(page_education_school)}</th>
                            <th>{t!(page_work)}</th>
                            <th>{t!(page_insurance_pension_skills)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn ExitCheckPanel(sheet: HouseholdSheet) -> impl IntoView {
    let lang = use_lang();
    let check = sheet.exit_check;
    let items = Criterion::ALL
        .iter()
        .map(|&c| {
            let v = check.verdict(c);
            view! {
                <li data-criterion=c.code() data-verdict=verdict_code(v)>
                    {move || c.label(lang.get())}
                    ": "
                    <b>{move || verdict_text(v, lang.get())}</b>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2 data-exit-year=sheet.exit_year.to_string()>{t!(exit_check)}" "{sheet.exit_year}</h2>
            <ul class="plain" data-exit-check=if check.passes() { "pass" } else { "fail" }>
                {items}
            </ul>
            <p class="muted small">{t!(page_conditions_are_judged_they_are)}</p>
        </section>
    }
}

#[component]
fn Incomes(sheet: HouseholdSheet) -> impl IntoView {
    let lang = use_lang();
    let rows = sheet
        .incomes
        .into_iter()
        .map(|i| {
            let per_capita = move || {
                i.per_capita
                    .and_then(|p| Value::Money(p).display())
                    .unwrap_or_else(|| tr!(lang.get(), unknown).to_string())
            };
            view! {
                <tr>
                    <td>{i.year}</td>
                    <td class="num">{Value::Money(i.net).display()}</td>
                    <td class="num">{per_capita}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>{t!(incomes)}</h2>
            <table class="table">
                <thead>
                    <tr>
                        <th>{t!(year)}</th>
                        <th class="num">{t!(net_income)}</th>
                        <th class="num">{t!(per_capita)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

#[component]
fn Deprivation(sheet: HouseholdSheet) -> impl IntoView {
    let lang = use_lang();
    let score = sheet.deprivation;
    let verdict = if sheet.multidimensionally_poor {
        K::page_multidimensionally_poor
    } else {
        K::page_not_multidimensionally_poor
    };
    let deprived = sheet.deprived;
    let list = move || {
        let l = lang.get();
        if deprived.is_empty() {
            tr!(l, page_no_deprivation).to_string()
        } else {
            deprived
                .iter()
                .map(|i| i.label(l))
                .collect::<Vec<_>>()
                .join("、")
        }
    };
    view! {
        <section class="card">
            <h2>{t!(page_multidimensional_deprivation_score)}</h2>
            <p>
                <b data-metric="deprivation_score" data-value=format!("{score:.4}")>
                    {format!("{:.1}%", score * 100.0)}
                </b>
                {move || {
                    format!(
                        " ({}: {})",
                        tr!(lang.get(), page_equal_weights_poor_k_1),
                        verdict.get(lang.get()),
                    )
                }}
            </p>
            <p class="muted">{list}</p>
        </section>
    }
}

/// 帮扶责任人与扶持措施: the helpers paired now and the assistance plan.
#[component]
fn Timeline(sheet: HouseholdSheet) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let items = sheet
        .household
        .status_events
        .iter()
        .map(|e| {
            view! {
                <li>
                    <b>{e.date.to_string()}</b>
                    " "
                    {e.status.label(l)}
                    " "
                    <span class="muted">{e.reason.clone().unwrap_or_default()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>{t!(timeline)}</h2>
            <ol class="timeline">{items}</ol>
        </section>
    }
}
