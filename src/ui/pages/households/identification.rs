//! 识别程序 (一核二看三比四评议五公示): the board of candidates by village and step, the public
//! notice of one village to print, and the panel that records a household's next step.

use crate::domain::analysis::{identification_board, identification_stage};
use crate::domain::calc;
use crate::domain::codes::{IdentificationStep, Status, StepResult};
use crate::domain::index::Scope;
use crate::domain::model::Household;
use crate::domain::notice::identification_notice;
use crate::intents;
use crate::ui::components::subnav::HouseholdsNav;
use crate::ui::platform::files::print;
use crate::ui::platform::time::today;
use crate::ui::prelude::*;

#[component]
pub fn IdentificationPage() -> impl IntoView {
    let lang = use_lang();
    let state = AppState::expect();
    let board = Memo::new(move |_| {
        let ixd = state.indexed.get();
        let ix = ixd.ix();
        identification_board(&ix, Scope::All, today())
            .into_iter()
            .map(|(v, c)| (ix.reg.regions[v].id.clone(), ix.region_path(v), c))
            .collect::<Vec<_>>()
    });
    let notice = Memo::new(move |_| identification_notice(&state.indexed.get().ix(), today()));
    // 公示名单 is posted village by village: the list shows one village (or all) at a time.
    let notice_village = RwSignal::new(String::new());
    let board_rows = move || {
        board
            .get()
            .into_iter()
            .map(|(id, name, counts)| {
                let cells = counts
                    .iter()
                    .enumerate()
                    .map(|(k, n)| {
                        view! {
                            <td class="num" data-stage=k.to_string()>
                                {*n}
                            </td>
                        }
                    })
                    .collect_view();
                view! {
                    <tr data-region-id=id>
                        <td>{name}</td>
                        {cells}
                    </tr>
                }
            })
            .collect_view()
    };
    let step_headers = IdentificationStep::ALL
        .iter()
        .map(|&s| view! { <th class="num">{move || s.label(lang.get())}</th> })
        .collect_view();
    let public_notice = move || {
        let all = notice.get();
        let l = lang.get();
        let chosen = notice_village.get();
        let villages = all.villages();
        let title = villages
            .iter()
            .find(|v| v.0 == chosen)
            .map(|v| v.1.clone())
            .unwrap_or_default();
        let shown = all.of_village((!chosen.is_empty()).then_some(chosen.as_str()));
        let (households, people) = shown.totals();
        let options = villages
            .into_iter()
            .map(|(id, name)| {
                let selected = id == chosen;
                view! {
                    <option value=id selected=selected>
                        {name}
                    </option>
                }
            })
            .collect_view();
        let rows = shown
            .lines
            .into_iter()
            .map(|n| {
                view! {
                    <tr data-household-id=n.household_id>
                        <td>{n.village}</td>
                        <td>{n.head}</td>
                        <td class="num">{n.people}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <h2>{title}" "{tr!(l, page_public_notice_candidates_reviewed_village)}</h2>
            <p class="controls no-print">
                <select
                    data-control="notice-village"
                    on:change=move |ev| notice_village.set(event_target_value(&ev))
                >
                    <option value="">{tr!(l, page_every_village)}</option>
                    {options}
                </select>
                <button data-control="print-notice" on:click=|_| print()>
                    {tr!(l, page_print_notice)}
                </button>
            </p>
            <table class="table" data-table="public-notice">
                <thead>
                    <tr>
                        <th>{tr!(l, column_village)}</th>
                        <th>{tr!(l, relation_head)}</th>
                        <th class="num">{tr!(l, members)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <p data-notice-total=households
                .to_string()>
                {tr!(
                    l, page_households_households_people_people_objections, households = households, people = people
                )}
            </p>
            <p class="signatures">
                <span>{tr!(l, page_village_committee_seal)}</span>
                <span>{tr!(l, page_date)}": "{today().to_string()}</span>
            </p>
        }
    };
    view! {
        <HouseholdsNav />
        <h1 class="no-print">{t!(page_identification_verify_inspect_compare_review)}</h1>
        <section class="card no-print">
            <h2>{t!(page_candidates_village_step)}</h2>
            <div class="scroll-x">
                <table class="table" data-table="identification-board">
                    <thead>
                        <tr>
                            <th>{t!(column_village)}</th>
                            <th class="num">{t!(page_not_started)}</th>
                            {step_headers}
                        </tr>
                    </thead>
                    <tbody>{board_rows}</tbody>
                </table>
            </div>
            <p class="muted small">{t!(page_columns_show_last_step_passed)}</p>
        </section>
        <section class="card notice-list">{public_notice}</section>
    }
}

/// 一核二看三比四评议五公示 of one household: the steps recorded, and the next one to record, dated,
/// with its result and note.
#[component]
pub fn IdentificationPanel(id: String, household: Household) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let today = today();
    if calc::status_at(&household, today) != Some(Status::Candidate)
        && household.identification.is_empty()
    {
        return ().into_any();
    }
    let stage = identification_stage(&household);
    let next = intents::households::next_identification_step(&household);
    let date = RwSignal::new(today.to_string());
    let note = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Msg>);
    let record = Action::new_local(move |result: &StepResult| {
        let (result, id) = (*result, id.clone());
        async move {
            let Some(d) = Date::parse_typed(&date.get_untracked()) else {
                problem.set(Some(msg!(page_write_date_2017_10_23)));
                return;
            };
            let note = note.get_untracked();
            let done = state
                .run(async |store, actor, reg| {
                    intents::households::record_identification_step(
                        store, actor, reg, &id, d, result, &note,
                    )
                    .await
                })
                .await;
            problem.set(match done {
                Err(intents::IntentError::Refused(m)) => Some(m),
                _ => None,
            });
        }
    });
    let steps = IdentificationStep::ALL
        .iter()
        .enumerate()
        .map(|(k, &s)| {
            let entry = household
                .identification
                .iter()
                .rev()
                .find(|e| e.step == s)
                .cloned();
            let detail = move || {
                let l = lang.get();
                entry.as_ref().map(|e| {
                    let note = e
                        .note
                        .as_ref()
                        .map(|n| format!(" ({n})"))
                        .unwrap_or_default();
                    format!(" · {} {}{note}", e.date, e.result.label(l))
                })
            };
            view! {
                <li class:done=k < stage data-step=s.code()>
                    {move || s.label(lang.get())}
                    {detail}
                </li>
            }
        })
        .collect_view();
    let form = next.map(|step| {
        view! {
            <div class="inline-form">
                <b data-next-step=step.code()>{move || step.label(lang.get())}</b>
                <input
                    type="text"
                    data-control="step-date"
                    prop:value=move || date.get()
                    on:input=move |ev| date.set(event_target_value(&ev))
                />
                <input
                    type="text"
                    data-control="step-note"
                    placeholder=move || tr!(lang.get(), page_note)
                    prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))
                />
                <button
                    data-control="step-pass"
                    on:click=move |_| {
                        record.dispatch(StepResult::Pass);
                    }
                >
                    {t!(step_result_pass)}
                </button>
                <button
                    data-control="step-fail"
                    on:click=move |_| {
                        record.dispatch(StepResult::Fail);
                    }
                >
                    {t!(step_result_fail)}
                </button>
            </div>
        }
    });
    view! {
        <section class="card" data-panel="identification">
            <h2>{t!(page_identification_procedure)}</h2>
            <ol class="steps">{steps}</ol>
            {form}
            {move || problem.get().map(|p| view! { <p class="error">{p.render(lang.get())}</p> })}
        </section>
    }
    .into_any()
}
