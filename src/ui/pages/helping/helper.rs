//! One helper (帮扶责任人): facts, the households paired with them (now and before) with their
//! status and visits, pairing another household found by name, retiring the helper, the
//! change history; and the helper form (`/helpers/new`, `/helpers/:id/edit`).

use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;

use crate::domain::codes::{HelperKind, HelperModel};
use crate::domain::helping::{helper_households, helper_visits};
use crate::domain::model::{Collection, Helper, Region};
use crate::domain::pairing::{self, HelperDraft};
use crate::intents;
use crate::store::Subject;
use crate::ui::components::form::{code_choices, FormState, Input};
use crate::ui::components::history::History;
use crate::ui::components::not_found::NotFound;
use crate::ui::components::picker::HouseholdPicker;
use crate::ui::components::scope::use_region_choices;
use crate::ui::platform::time::{new_id, today};
use crate::ui::prelude::*;

fn use_helper_id() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default())
}

#[component]
pub fn HelperPage() -> impl IntoView {
    let state = AppState::expect();
    let id = use_helper_id();
    let exists = Memo::new(move |_| {
        let id = id.get();
        state.registry().with(|r| r.live::<Helper>(&id).is_some())
    });
    move || {
        if !exists.get() {
            return view! { <NotFound /> }.into_any();
        }
        let id = id.get();
        view! {
            <HelperFacts id=id.clone() />
            <HelperHouseholds id=id.clone() />
            <HelperVisits id=id.clone() />
            <PairHousehold helper_id=id.clone() />
            <RetireHelper helper_id=id.clone() />
            <History subject=Subject::Record(Collection::Helpers, id) />
        }
        .into_any()
    }
}

#[component]
fn HelperFacts(id: String) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let id = StoredValue::new(id);
    move || {
        let reg = state.registry().get();
        let h = reg.live::<Helper>(&id.get_value())?.clone();
        let l = lang.get();
        let region = h
            .region_id
            .as_deref()
            .and_then(|r| reg.live::<Region>(r))
            .map(|r| r.name.clone())
            .unwrap_or_default();
        let facts = [
            (K::label_helper_kind, h.kind.label(l).to_string()),
            (K::label_work_unit, h.work_unit.clone().unwrap_or_default()),
            (K::label_position, h.position.clone().unwrap_or_default()),
            (K::label_phone, h.phone.clone().unwrap_or_default()),
            (K::label_region, region),
            (
                K::label_leads_with,
                h.leads_with
                    .map(|m| m.label(l).to_string())
                    .unwrap_or_default(),
            ),
            (
                K::label_speciality,
                h.speciality.clone().unwrap_or_default(),
            ),
            (
                K::label_retired_on,
                h.retired.map(|d| d.to_string()).unwrap_or_default(),
            ),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| {
            view! {
                <dt>{k.get(l)}</dt>
                <dd>{v}</dd>
            }
        })
        .collect_view();
        let hid = id.get_value();
        Some(view! {
            <p>
                <A href="/helpers">{tr!(l, back)}</A>
                " · "
                <A href=format!("/helpers/{hid}/edit") attr:data-control="edit-helper">
                    {tr!(l, page_edit)}
                </A>
            </p>
            <h1 data-helper=hid>{h.name.clone()}</h1>
            <dl class="facts">{facts}</dl>
        })
    }
}

#[component]
fn HelperHouseholds(id: String) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let id = StoredValue::new(id);
    let lines = Memo::new(move |_| {
        let ixd = state.indexed.get();
        helper_households(&ixd.ix(), &id.get_value(), today())
    });
    let rows = move || {
        let l = lang.get();
        let d = today();
        lines
            .get()
            .into_iter()
            .map(|x| {
                let ended = x.until.is_some_and(|u| u <= d);
                view! {
                    <tr data-pairing-id=x.pairing_id.clone() class:muted=ended>
                        <td>
                            <A href=format!(
                                "/households/{}",
                                x.household.id,
                            )>{x.household.head.clone()}</A>
                        </td>
                        <td>{x.household.village.clone()}</td>
                        <td>{x.status.map(|s| s.label(l)).unwrap_or_default()}</td>
                        <td>{x.since.to_string()}</td>
                        <td>{x.until.map(|u| u.to_string()).unwrap_or_default()}</td>
                        <td class="num">{x.visits}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let now = move || {
        let d = today();
        lines.with(|ls| ls.iter().filter(|x| x.until.is_none_or(|u| u > d)).count())
    };
    view! {
        <section class="card" data-panel="helper-households">
            <h2>
                {t!(helper_households_title)}" "
                <span data-metric="helper_households" data-value=move || now().to_string()>
                    {now}
                </span>
            </h2>
            <div class="scroll-x">
                <table class="table">
                    <thead>
                        <tr>
                            <th>{t!(head)}</th>
                            <th>{t!(village)}</th>
                            <th>{t!(status)}</th>
                            <th>{t!(pairing_start)}</th>
                            <th>{t!(helper_pairing_until)}</th>
                            <th class="num">{t!(helper_visits)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// 走访记录: every visit of the helper's pairings, latest first.
#[component]
fn HelperVisits(id: String) -> impl IntoView {
    let state = AppState::expect();
    let id = StoredValue::new(id);
    let visits = Memo::new(move |_| {
        let ixd = state.indexed.get();
        helper_visits(&ixd.ix(), &id.get_value())
    });
    let rows = move || {
        visits
            .get()
            .into_iter()
            .take(200)
            .map(|x| {
                view! {
                    <tr data-visit-id=x.visit_id>
                        <td>{x.visit.date.to_string()}</td>
                        <td>
                            <A href=format!("/households/{}", x.household.id)>{x.household.head}</A>
                        </td>
                        <td>{x.visit.done}</td>
                        <td>{x.visit.needs.unwrap_or_default()}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card" data-panel="helper-visits">
            <h2>{t!(visit_log)}" "{move || visits.with(Vec::len)}</h2>
            <div class="scroll-x">
                <table class="table">
                    <thead>
                        <tr>
                            <th>{t!(label_date)}</th>
                            <th>{t!(head)}</th>
                            <th>{t!(visit_done)}</th>
                            <th>{t!(visit_needs)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// 结对 from the helper's side: a household found by name or ID number.
#[component]
fn PairHousehold(helper_id: String) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let chosen = RwSignal::new(None::<String>);
    let start = RwSignal::new(today().to_string());
    let problem = RwSignal::new(None::<Msg>);
    let helper_id = StoredValue::new(helper_id);
    let save = move |_| {
        let Some(household) = chosen.get_untracked() else {
            problem.set(Some(msg!(pairing_choose_household)));
            return;
        };
        let Some(date) = Date::parse_typed(&start.get_untracked()) else {
            problem.set(Some(msg!(page_write_date_2017_10_23)));
            return;
        };
        problem.set(None);
        spawn_local(async move {
            let helper = helper_id.get_value();
            let done = state
                .run(async |store, actor, reg| {
                    intents::pairing::pair(store, actor, reg, &helper, &household, date).await
                })
                .await;
            if done.is_ok() {
                chosen.set(None);
            }
        });
    };
    view! {
        <section class="card" data-panel="pair-household">
            <h2>{t!(helper_pair_household)}</h2>
            <HouseholdPicker chosen=chosen control="pair-household-search" />
            <label class="field">
                <span class="field-label">{t!(pairing_start)}</span>
                <input
                    type="date"
                    data-control="pair-household-date"
                    prop:value=move || start.get()
                    on:input=move |ev| start.set(event_target_value(&ev))
                />
            </label>
            {move || {
                problem.get().map(|m| view! { <p class="field-error">{m.render(lang.get())}</p> })
            }}
            <button type="button" class="primary" data-control="pair-household-save" on:click=save>
                {t!(pairing_pair)}
            </button>
        </section>
    }
}

/// The helper no longer helps from a date: their running pairings end with it.
#[component]
fn RetireHelper(helper_id: String) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let date = RwSignal::new(today().to_string());
    let helper_id = StoredValue::new(helper_id);
    let retired = Memo::new(move |_| {
        state.registry().with(|r| {
            r.live::<Helper>(&helper_id.get_value())
                .and_then(|h| h.retired)
        })
    });
    let retire = move |_| {
        let Some(d) = Date::parse_typed(&date.get_untracked()) else {
            state.warn(msg!(page_write_date_2017_10_23));
            return;
        };
        let l = lang.get_untracked();
        let sure = web_sys::window()
            .and_then(|w| w.confirm_with_message(tr!(l, helper_retire_confirm)).ok())
            .unwrap_or(false);
        if !sure {
            return;
        }
        spawn_local(async move {
            let id = helper_id.get_value();
            let _ = state
                .run(async |store, actor, reg| {
                    intents::pairing::retire_helper(store, actor, reg, &id, d).await
                })
                .await;
        });
    };
    view! {
        <Show when=move || retired.get().is_none()>
            <section class="card" data-panel="retire-helper">
                <h2>{t!(helper_retire)}</h2>
                <p class="muted small">{t!(helper_retire_note)}</p>
                <input
                    type="date"
                    data-control="helper-retire-date"
                    prop:value=move || date.get()
                    on:input=move |ev| date.set(event_target_value(&ev))
                />
                <button type="button" data-control="helper-retire" on:click=retire>
                    {t!(helper_retire)}
                </button>
            </section>
        </Show>
    }
}

#[component]
pub fn NewHelperPage() -> impl IntoView {
    view! { <HelperForm id=new_id("p") opened=None /> }
}

#[component]
pub fn HelperEditPage() -> impl IntoView {
    let state = AppState::expect();
    let id = use_helper_id();
    move || {
        let id = id.get();
        match state
            .registry()
            .with_untracked(|r| r.live::<Helper>(&id).cloned())
        {
            Some(h) => view! { <HelperForm id=id opened=Some(h) /> }.into_any(),
            None => view! { <NotFound /> }.into_any(),
        }
    }
}

#[component]
fn HelperForm(id: String, opened: Option<Helper>) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let l = lang.get_untracked();
    let navigate = use_navigate();
    let initial = opened
        .as_ref()
        .map(HelperDraft::from_helper)
        .unwrap_or_else(HelperDraft::new_helper);
    let form = FormState::new(initial, move |d: &HelperDraft| {
        state.registry().with(|reg| {
            pairing::helper_from_draft(d, |r| reg.live::<Region>(r).is_some())
                .err()
                .unwrap_or_default()
        })
    })
    .kept("helper");
    let mut regions = use_region_choices().get_untracked();
    regions.insert(0, (String::new(), tr!(l, not_recorded).to_string()));
    let is_new = opened.is_none();
    let back = if is_new {
        "/helpers".to_string()
    } else {
        format!("/helpers/{id}")
    };
    let (id, opened) = (StoredValue::new(id), StoredValue::new(opened));
    let save = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let (id, opened) = (id.get_value(), opened.get_value());
            let saved = form
                .submit(async |store, actor, reg, d: &HelperDraft, overwrite| {
                    intents::pairing::save_helper(
                        store,
                        actor,
                        reg,
                        &id,
                        d,
                        opened.as_ref(),
                        overwrite,
                    )
                    .await
                })
                .await;
            if saved {
                navigate(&format!("/helpers/{id}"), NavigateOptions::default());
            }
        });
    };
    view! {
        <p>
            <A href=back>{t!(back)}</A>
        </p>
        <h1>{if is_new { tr!(l, helper_new) } else { tr!(l, helper_edit) }}</h1>
        <form class="card form" data-form="helper" on:submit=|ev| ev.prevent_default()>
            <div class="grid2">
                {form
                    .field(
                        "name",
                        K::label_helper_name,
                        "helper-name",
                        Input::Text,
                        |d| d.name.clone(),
                        |d, v| d.name = v,
                    )}
                {form
                    .field(
                        "kind",
                        K::label_helper_kind,
                        "helper-kind",
                        Input::Choice(code_choices::<HelperKind>(l, false)),
                        |d| d.kind.clone(),
                        |d, v| d.kind = v,
                    )}
                {form
                    .field(
                        "work_unit",
                        K::label_work_unit,
                        "helper-work-unit",
                        Input::Text,
                        |d| d.work_unit.clone(),
                        |d, v| d.work_unit = v,
                    )}
                {form
                    .field(
                        "position",
                        K::label_position,
                        "helper-position",
                        Input::Text,
                        |d| d.position.clone(),
                        |d, v| d.position = v,
                    )}
                {form
                    .field(
                        "phone",
                        K::label_phone,
                        "helper-phone",
                        Input::Tel,
                        |d| d.phone.clone(),
                        |d, v| d.phone = v,
                    )}
                {form
                    .field(
                        "region_id",
                        K::label_region,
                        "helper-region",
                        Input::Choice(regions),
                        |d| d.region_id.clone(),
                        |d, v| d.region_id = v,
                    )}
                {form
                    .field(
                        "leads_with",
                        K::label_leads_with,
                        "helper-leads-with",
                        Input::Choice(code_choices::<HelperModel>(l, true)),
                        |d| d.leads_with.clone(),
                        |d, v| d.leads_with = v,
                    )}
                {form
                    .field(
                        "speciality",
                        K::label_speciality,
                        "helper-speciality",
                        Input::Area,
                        |d| d.speciality.clone(),
                        |d, v| d.speciality = v,
                    )}
            </div>
            <p class="actions">
                <button type="button" class="primary" data-control="helper-save" on:click=save>
                    {t!(save)}
                </button>
            </p>
        </form>
    }
}
