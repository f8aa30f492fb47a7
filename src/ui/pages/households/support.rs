//! 结对帮扶 on a household's page: its helpers now with their visits, and — one hand on a phone
//! — recording a visit, pairing a helper found by name, transferring the household to another
//! helper, or ending a pairing with a date and a reason. The forms stay mounted while the
//! registry changes, so another tab's save does not wipe what is being typed.

use crate::domain::codes::PairingEndReason;
use crate::domain::household_sheet::HouseholdSheet;
use crate::domain::model::Pairing;
use crate::domain::pairing::{self, VisitDraft};
use crate::intents;
use crate::ui::components::form::{code_choices, FormState, Input};
use crate::ui::components::picker::HelperPicker;
use crate::ui::platform::time::today;
use crate::ui::prelude::*;

/// What the panel's second form does.
#[derive(Clone, Copy, PartialEq)]
enum Action2 {
    None,
    Transfer,
    End,
}

#[component]
pub fn SupportPanel(id: String, sheet: Memo<Option<HouseholdSheet>>) -> impl IntoView {
    let lang = use_lang();
    let helpers = Memo::new(move |_| {
        sheet.with(|s| s.as_ref().map(|s| s.helpers.clone()).unwrap_or_default())
    });
    // The pairing a visit, a transfer or an end is for: the first, unless chosen.
    let chosen_pairing = RwSignal::new(String::new());
    let pairing_id = Memo::new(move |_| {
        let hs = helpers.get();
        let c = chosen_pairing.get();
        if hs.iter().any(|h| h.pairing_id == c) {
            c
        } else {
            hs.first().map(|h| h.pairing_id.clone()).unwrap_or_default()
        }
    });
    let list = move || {
        let l = lang.get();
        let hs = helpers.get();
        if hs.is_empty() {
            return view! {
                <p class="warning" data-helpers="0">
                    {tr!(l, page_no_active_pairing)}
                </p>
            }
            .into_any();
        }
        let n = hs.len();
        let items = hs
            .into_iter()
            .map(|x| {
                let visits = x
                    .visits
                    .iter()
                    .take(3)
                    .map(|v| {
                        view! {
                            <li data-visit="">
                                <b>{v.date.to_string()}</b>
                                " "
                                {v.done.clone()}
                                {v
                                    .needs
                                    .clone()
                                    .map(|n| {
                                        view! {
                                            <span class="muted">
                                                {format!(" · {}: {n}", tr!(l, visit_needs))}
                                            </span>
                                        }
                                    })}
                            </li>
                        }
                    })
                    .collect_view();
                let phone = x.phone.clone();
                view! {
                    <li data-pairing-id=x.pairing_id.clone() data-helper=x.helper_id.clone()>
                        <A href=format!("/helpers/{}", x.helper_id)>{x.name.clone()}</A>
                        " "
                        {(!phone.is_empty())
                            .then(|| {
                                view! {
                                    <a class="tel" href=format!("tel:{phone}")>
                                        {phone.clone()}
                                    </a>
                                }
                            })}
                        <span class="muted">
                            {format!(
                                " {} · {}",
                                x.work_unit,
                                tr!(l, pairing_since, date = x.since),
                            )}
                        </span>
                        <ul class="plain small">{visits}</ul>
                    </li>
                }
            })
            .collect_view();
        view! {
            <ul class="plain" data-helpers=n.to_string()>
                {items}
            </ul>
        }
        .into_any()
    };
    let pairing_select = move || {
        let hs = helpers.get();
        (hs.len() > 1).then(|| {
            view! {
                <label class="field">
                    <span class="field-label">{t!(helper)}</span>
                    <select
                        data-control="pairing-choice"
                        prop:value=move || pairing_id.get()
                        on:change=move |ev| chosen_pairing.set(event_target_value(&ev))
                    >
                        {hs
                            .into_iter()
                            .map(|h| view! { <option value=h.pairing_id>{h.name}</option> })
                            .collect_view()}
                    </select>
                </label>
            }
        })
    };
    let second = RwSignal::new(Action2::None);
    let has_pairing = move || !helpers.with(Vec::is_empty);
    view! {
        <section class="card" data-panel="support">
            <h2>{t!(pairing_title)}</h2>
            {list}
            {move || has_pairing().then(pairing_select)}
            <Show when=has_pairing>
                <VisitForm pairing_id=pairing_id />
            </Show>
            <PairForm household_id=id.clone() />
            <Show when=has_pairing>
                <p class="actions">
                    <button
                        type="button"
                        data-control="transfer-open"
                        on:click=move |_| second.set(Action2::Transfer)
                    >
                        {t!(pairing_transfer)}
                    </button>
                    <button
                        type="button"
                        data-control="end-open"
                        on:click=move |_| second.set(Action2::End)
                    >
                        {t!(pairing_end)}
                    </button>
                </p>
                {move || match second.get() {
                    Action2::Transfer => {
                        view! { <TransferForm pairing_id=pairing_id done=second /> }.into_any()
                    }
                    Action2::End => {
                        view! { <EndForm pairing_id=pairing_id done=second /> }.into_any()
                    }
                    Action2::None => ().into_any(),
                }}
            </Show>
        </section>
    }
}

/// 走访记录: date (today unless changed), what was done, what the household needs.
#[component]
fn VisitForm(pairing_id: Memo<String>) -> impl IntoView {
    let state = AppState::expect();
    let fresh = || VisitDraft {
        date: today().to_string(),
        ..Default::default()
    };
    let form = FormState::new(fresh(), move |d: &VisitDraft| {
        let pid = pairing_id.get();
        state
            .registry()
            .with(|reg| match reg.live::<Pairing>(&pid) {
                Some(p) => pairing::visit(&pid, p, d, today())
                    .err()
                    .unwrap_or_default(),
                None => Vec::new(),
            })
    })
    .kept("visit");
    let save = move |_| {
        spawn_local(async move {
            let pid = pairing_id.get_untracked();
            let saved = form
                .submit(async |store, actor, reg, d: &VisitDraft, _| {
                    intents::pairing::record_visit(store, actor, reg, &pid, d).await
                })
                .await;
            if saved {
                form.clear_if_saved(fresh());
            }
        });
    };
    view! {
        <form class="form compact" data-form="visit" on:submit=|ev| ev.prevent_default()>
            <h3>{t!(visit_title)}</h3>
            {form
                .field(
                    "date",
                    K::label_date,
                    "visit-date",
                    Input::Date,
                    |d| d.date.clone(),
                    |d, v| d.date = v,
                )}
            {form
                .field(
                    "done",
                    K::visit_done,
                    "visit-done",
                    Input::Area,
                    |d| d.done.clone(),
                    |d, v| d.done = v,
                )}
            {form
                .field(
                    "needs",
                    K::visit_needs,
                    "visit-needs",
                    Input::Text,
                    |d| d.needs.clone(),
                    |d, v| d.needs = v,
                )}
            <button type="button" class="primary" data-control="visit-save" on:click=save>
                {t!(visit_save)}
            </button>
        </form>
    }
}

/// 结对: a helper found by name, from a date (today unless changed).
#[component]
fn PairForm(household_id: String) -> impl IntoView {
    let state = AppState::expect();
    let chosen = RwSignal::new(None::<String>);
    let start = RwSignal::new(today().to_string());
    let problem = RwSignal::new(None::<Msg>);
    let household_id = StoredValue::new(household_id);
    let save = move |_| {
        let Some(helper) = chosen.get_untracked() else {
            problem.set(Some(msg!(pairing_choose_helper)));
            return;
        };
        let Some(date) = Date::parse_typed(&start.get_untracked()) else {
            problem.set(Some(msg!(page_write_date_2017_10_23)));
            return;
        };
        problem.set(None);
        spawn_local(async move {
            let hh = household_id.get_value();
            let done = state
                .run(async |store, actor, reg| {
                    intents::pairing::pair(store, actor, reg, &helper, &hh, date).await
                })
                .await;
            if done.is_ok() {
                chosen.set(None);
            }
        });
    };
    view! {
        <form class="form compact" data-form="pair" on:submit=|ev| ev.prevent_default()>
            <h3>{t!(pairing_pair)}</h3>
            <HelperPicker chosen=chosen control="pair-helper-search" />
            <label class="field">
                <span class="field-label">{t!(pairing_start)}</span>
                <input
                    type="date"
                    data-control="pair-date"
                    prop:value=move || start.get()
                    on:input=move |ev| start.set(event_target_value(&ev))
                />
            </label>
            {move || {
                problem
                    .get()
                    .map(|m| view! { <p class="field-error">{m.render(use_lang().get())}</p> })
            }}
            <button type="button" class="primary" data-control="pair-save" on:click=save>
                {t!(pairing_pair)}
            </button>
        </form>
    }
}

/// 转交: the chosen pairing's household goes to another helper on a date, in one step.
#[component]
fn TransferForm(pairing_id: Memo<String>, done: RwSignal<Action2>) -> impl IntoView {
    let state = AppState::expect();
    let chosen = RwSignal::new(None::<String>);
    let date = RwSignal::new(today().to_string());
    let problem = RwSignal::new(None::<Msg>);
    let save = move |_| {
        let Some(helper) = chosen.get_untracked() else {
            problem.set(Some(msg!(pairing_choose_helper)));
            return;
        };
        let Some(d) = Date::parse_typed(&date.get_untracked()) else {
            problem.set(Some(msg!(page_write_date_2017_10_23)));
            return;
        };
        problem.set(None);
        let pid = pairing_id.get_untracked();
        spawn_local(async move {
            let result = state
                .run(async |store, actor, reg| {
                    intents::pairing::transfer(store, actor, reg, &pid, &helper, d).await
                })
                .await;
            if result.is_ok() {
                done.set(Action2::None);
            }
        });
    };
    view! {
        <form class="form compact" data-form="transfer" on:submit=|ev| ev.prevent_default()>
            <h3>{t!(pairing_transfer)}</h3>
            <HelperPicker chosen=chosen control="transfer-helper-search" />
            <label class="field">
                <span class="field-label">{t!(label_date)}</span>
                <input
                    type="date"
                    data-control="transfer-date"
                    prop:value=move || date.get()
                    on:input=move |ev| date.set(event_target_value(&ev))
                />
            </label>
            {move || {
                problem
                    .get()
                    .map(|m| view! { <p class="field-error">{m.render(use_lang().get())}</p> })
            }}
            <button type="button" class="primary" data-control="transfer-save" on:click=save>
                {t!(pairing_transfer)}
            </button>
            <button type="button" on:click=move |_| done.set(Action2::None)>
                {t!(cancel)}
            </button>
        </form>
    }
}

/// Ends the chosen pairing on a date, for a reason (household exited and consolidated, helper
/// moved, other), with a note.
#[component]
fn EndForm(pairing_id: Memo<String>, done: RwSignal<Action2>) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let date = RwSignal::new(today().to_string());
    let reason = RwSignal::new(PairingEndReason::HouseholdExited.code().to_string());
    let note = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Msg>);
    let save = move |_| {
        let Some(d) = Date::parse_typed(&date.get_untracked()) else {
            problem.set(Some(msg!(page_write_date_2017_10_23)));
            return;
        };
        let r =
            PairingEndReason::from_code(&reason.get_untracked()).unwrap_or(PairingEndReason::Other);
        let (pid, n) = (pairing_id.get_untracked(), note.get_untracked());
        spawn_local(async move {
            let result = state
                .run(async |store, actor, reg| {
                    intents::pairing::end_pairing(store, actor, reg, &pid, d, r, &n).await
                })
                .await;
            match result {
                Ok(()) => done.set(Action2::None),
                Err(crate::intents::IntentError::Refused(m)) => problem.set(Some(m)),
                Err(_) => {}
            }
        });
    };
    let reasons: Vec<(String, String)> =
        code_choices::<PairingEndReason>(lang.get_untracked(), false)
            .into_iter()
            .filter(|(c, _)| c != PairingEndReason::Transferred.code())
            .collect();
    view! {
        <form class="form compact" data-form="end-pairing" on:submit=|ev| ev.prevent_default()>
            <h3>{t!(pairing_end)}</h3>
            <label class="field">
                <span class="field-label">{t!(label_date)}</span>
                <input
                    type="date"
                    data-control="end-date"
                    prop:value=move || date.get()
                    on:input=move |ev| date.set(event_target_value(&ev))
                />
            </label>
            <label class="field">
                <span class="field-label">{t!(pairing_end_reason)}</span>
                <select
                    data-control="end-reason"
                    prop:value=move || reason.get()
                    on:change=move |ev| reason.set(event_target_value(&ev))
                >
                    {reasons
                        .into_iter()
                        .map(|(c, label)| view! { <option value=c>{label}</option> })
                        .collect_view()}
                </select>
            </label>
            <label class="field">
                <span class="field-label">{t!(label_note)}</span>
                <input
                    type="text"
                    data-control="end-note"
                    prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))
                />
            </label>
            {move || {
                problem.get().map(|m| view! { <p class="field-error">{m.render(lang.get())}</p> })
            }}
            <button type="button" class="primary" data-control="end-save" on:click=save>
                {t!(pairing_end)}
            </button>
            <button type="button" on:click=move |_| done.set(Action2::None)>
                {t!(cancel)}
            </button>
        </form>
    }
}
