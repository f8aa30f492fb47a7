//! 状态变动: records identification, exit, return, removal or cessation as a dated event with a
//! reason. An exit shows the exit check first; a failing check needs a reason to exit anyway.

use crate::domain::calc::ExitCheck;
use crate::domain::codes::Status;
use crate::intents::{self, IntentError};
use crate::ui::components::exit_check::ExitCheckList;
use crate::ui::platform::time::today;
use crate::ui::prelude::*;

#[component]
pub fn StatusPanel(id: String) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let status = RwSignal::new(Status::Exited);
    let date = RwSignal::new(today().to_string());
    let reason = RwSignal::new(String::new());
    let override_reason = RwSignal::new(String::new());
    let check = RwSignal::new(None::<ExitCheck>);
    let problem = RwSignal::new(None::<Msg>);
    let apply = Action::new_local(move |_: &()| {
        let id = id.clone();
        async move {
            let Some(d) = Date::parse_typed(&date.get_untracked()) else {
                problem.set(Some(msg!(page_write_date_2017_10_23)));
                return;
            };
            let (st, why) = (status.get_untracked(), reason.get_untracked());
            let over = override_reason.get_untracked();
            // The override counts only once the failing check has been shown.
            let over = check.get_untracked().is_some().then_some(over);
            let done = state
                .run(async |store, actor, reg| {
                    intents::households::change_status(
                        store,
                        actor,
                        reg,
                        &id,
                        d,
                        st,
                        &why,
                        over.as_deref(),
                    )
                    .await
                })
                .await;
            match done {
                Err(IntentError::NeedsOverride(c)) => {
                    check.set(Some(*c));
                    problem.set(Some(msg!(intent_exit_needs_override)));
                }
                Err(IntentError::Refused(m)) => problem.set(Some(m)),
                _ => problem.set(None),
            }
        }
    });
    let choices = [
        Status::Exited,
        Status::Returned,
        Status::Poor,
        Status::StruckOff,
        Status::Ceased,
    ]
    .into_iter()
    .map(|s| {
        view! {
            <option value=s.code() selected=s == Status::Exited>
                {move || s.label(lang.get())}
            </option>
        }
    })
    .collect_view();
    let on_kind = move |ev| {
        if let Some(s) = Status::from_code(&event_target_value(&ev)) {
            status.set(s);
        }
        check.set(None);
        problem.set(None);
    };
    let failing = move || {
        check.get().map(|c| {
            let l = lang.get();
            view! {
                <ExitCheckList check=c />
                <input
                    type="text"
                    data-control="status-override"
                    placeholder=tr!(l, form_reason_record_exit_anyway)
                    prop:value=move || override_reason.get()
                    on:input=move |ev| override_reason.set(event_target_value(&ev))
                />
            }
        })
    };
    view! {
        <section class="card" data-panel="status">
            <h2>{t!(form_status_change)}</h2>
            <div class="inline-form">
                <select data-control="status-kind" on:change=on_kind>
                    {choices}
                </select>
                <input
                    type="text"
                    data-control="status-date"
                    prop:value=move || date.get()
                    on:input=move |ev| date.set(event_target_value(&ev))
                />
                <input
                    type="text"
                    data-control="status-reason"
                    placeholder=move || tr!(lang.get(), form_reason)
                    prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))
                />
                <button
                    data-control="status-apply"
                    on:click=move |_| {
                        apply.dispatch(());
                    }
                >
                    {t!(form_record)}
                </button>
            </div>
            {failing}
            {move || {
                problem
                    .get()
                    .map(|p| {
                        view! {
                            <p class="error" data-state="status-problem">
                                {p.render(lang.get())}
                            </p>
                        }
                    })
            }}
        </section>
    }
}
