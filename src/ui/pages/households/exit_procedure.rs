//! 退出程序 on a household's page: 民主评议, 村两委和驻村工作队核实, 贫困户认可签字, 公示, 公告退出 —
//! each step dated with its result and note; a failed step starts the procedure again; at 公告
//! the exit check is made and, not met in full, shown with a reason asked to exit anyway.

use crate::domain::calc::{self, ExitCheck};
use crate::domain::codes::{ExitStep, StepResult};
use crate::domain::exits::exit_stage;
use crate::domain::household_sheet::HouseholdSheet;
use crate::intents::{self, IntentError};
use crate::ui::components::exit_check::ExitCheckList;
use crate::ui::platform::time::today;
use crate::ui::prelude::*;

#[component]
pub fn ExitProcedurePanel(id: String, sheet: Memo<Option<HouseholdSheet>>) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let date = RwSignal::new(today().to_string());
    let note = RwSignal::new(String::new());
    let override_reason = RwSignal::new(String::new());
    let check = RwSignal::new(None::<ExitCheck>);
    let problem = RwSignal::new(None::<Msg>);
    let id = StoredValue::new(id);
    let household = Memo::new(move |_| sheet.with(|s| s.as_ref().map(|s| s.household.clone())));
    let poor = Memo::new(move |_| {
        household.with(|h| {
            h.as_ref()
                .is_some_and(|h| calc::is_poor(calc::status_at(h, today())))
        })
    });
    let stage = Memo::new(move |_| household.with(|h| h.as_ref().map(exit_stage).unwrap_or(0)));
    let record = move |result: StepResult| {
        let Some(d) = Date::parse_typed(&date.get_untracked()) else {
            problem.set(Some(msg!(page_write_date_2017_10_23)));
            return;
        };
        let (n, why) = (note.get_untracked(), override_reason.get_untracked());
        let id = id.get_value();
        spawn_local(async move {
            let asked = check.get_untracked().is_some();
            let done = state
                .run(async |store, actor, reg| {
                    intents::campaign::record_exit_step(
                        store,
                        actor,
                        reg,
                        &id,
                        d,
                        result,
                        &n,
                        asked.then_some(why.as_str()),
                    )
                    .await
                })
                .await;
            match done {
                Ok(()) => {
                    note.set(String::new());
                    check.set(None);
                    problem.set(None);
                }
                Err(IntentError::NeedsOverride(c)) => {
                    check.set(Some(*c));
                    problem.set(Some(msg!(intent_exit_needs_override)));
                }
                Err(IntentError::Refused(m)) => problem.set(Some(m)),
                Err(_) => {}
            }
        });
    };
    let steps = move || {
        let l = lang.get();
        let h = household.get()?;
        let k = stage.get();
        Some(
            ExitStep::ALL
                .iter()
                .enumerate()
                .map(|(i, &s)| {
                    let last = h.exit_steps.iter().rev().find(|e| e.step == s);
                    let detail = last
                        .map(|e| {
                            let note = e
                                .note
                                .as_ref()
                                .map(|n| format!(" ({n})"))
                                .unwrap_or_default();
                            format!(" · {} {}{note}", e.date, e.result.label(l))
                        })
                        .unwrap_or_default();
                    view! {
                        <li class:done=i < k data-exit-step=s.code()>
                            {s.label(l)}
                            {detail}
                        </li>
                    }
                })
                .collect_view(),
        )
    };
    let next = move || ExitStep::ALL[stage.get().min(ExitStep::ALL.len() - 1)];
    view! {
        <section class="card" data-panel="exit-procedure">
            <h2>{t!(exit_procedure_title)}</h2>
            <ol class="steps" data-exit-stage=move || stage.get().to_string()>
                {steps}
            </ol>
            <Show
                when=move || poor.get()
                fallback=move || view! { <p class="muted">{t!(exit_not_poor)}</p> }
            >
                <div class="inline-form">
                    <b data-next-exit-step=move || {
                        next().code()
                    }>{move || next().label(lang.get())}</b>
                    <input
                        type="date"
                        data-control="exit-step-date"
                        prop:value=move || date.get()
                        on:input=move |ev| date.set(event_target_value(&ev))
                    />
                    <input
                        type="text"
                        data-control="exit-step-note"
                        placeholder=move || tr!(lang.get(), page_note)
                        prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))
                    />
                    <button
                        data-control="exit-step-pass"
                        on:click=move |_| record(StepResult::Pass)
                    >
                        {t!(step_result_pass)}
                    </button>
                    <button
                        data-control="exit-step-fail"
                        on:click=move |_| record(StepResult::Fail)
                    >
                        {t!(step_result_fail)}
                    </button>
                </div>
                {move || {
                    check
                        .get()
                        .map(|c| {
                            view! {
                                <ExitCheckList check=c />
                                <input
                                    type="text"
                                    data-control="exit-step-override"
                                    placeholder=move || {
                                        tr!(lang.get(), form_reason_record_exit_anyway)
                                    }
                                    prop:value=move || override_reason.get()
                                    on:input=move |ev| override_reason.set(event_target_value(&ev))
                                />
                            }
                        })
                }}
            </Show>
            {move || problem.get().map(|p| view! { <p class="error">{p.render(lang.get())}</p> })}
        </section>
    }
}
