//! The household form, new and edit: validation as you type, by field; no save with errors;
//! leaving a changed form asks first; a failed save keeps everything on screen. A member's and an
//! income line's fields are in `members` and `incomes`.

mod incomes;
mod members;

use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;

use crate::domain::codes::*;
use crate::domain::edit::{self, HouseholdDraft, IncomeDraft, MemberDraft};
use crate::domain::model::Household;
use crate::intents::{self, IntentError};
use crate::ui::components::form::{code_options, error_for, yes_no_options};
use crate::ui::components::not_found::NotFound;
use crate::ui::components::scope::use_village_choices;
use crate::ui::platform::files::confirm;
use crate::ui::platform::time::{new_id, today};
use crate::ui::platform::unload_guard::guard_unload;
use crate::ui::prelude::*;
use incomes::IncomeRow;
use members::MemberRow;

#[component]
pub fn HouseholdEditPage() -> impl IntoView {
    let params = use_params_map();
    let state = AppState::expect();
    let id = params.with_untracked(|p| p.get("id")).unwrap_or_default();
    let existing: Option<Household> = state
        .registry()
        .with_untracked(|r| r.live::<Household>(&id).cloned());
    match existing {
        Some(h) => {
            view! { <HouseholdForm id=id initial=HouseholdDraft::from_household(&h) base=Some(h) /> }
                .into_any()
        }
        None => view! { <NotFound /> }.into_any(),
    }
}

#[component]
pub fn NewHouseholdPage() -> impl IntoView {
    let state = AppState::expect();
    let first_village = state
        .registry()
        .with_untracked(|r| {
            r.regions
                .iter()
                .find(|x| x.live().is_some_and(|b| b.kind == RegionKind::Village))
                .map(|x| x.id.clone())
        })
        .unwrap_or_default();
    let draft = HouseholdDraft::new_household(&first_village, new_id("m"));
    view! { <HouseholdForm id=new_id("h") initial=draft base=None /> }
}

#[component]
fn HouseholdForm(id: String, initial: HouseholdDraft, base: Option<Household>) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let navigate = use_navigate();
    let today = today();
    let draft = RwSignal::new(initial.clone());
    let saved_draft = RwSignal::new(initial);
    let errors = Memo::new(move |_| {
        draft.with(|d| {
            edit::household_from_draft(d, None, today)
                .err()
                .unwrap_or_default()
        })
    });
    let dirty = Memo::new(move |_| draft.with(|d| saved_draft.with(|s| d != s)));
    // The guard lives outside the reactive system (the window's unload handler): an effect is
    // the bridge to it.
    Effect::new(move |_| guard_unload(dirty.get(), tr!(lang.get_untracked(), leave_unsaved)));
    on_cleanup(|| guard_unload(false, ""));
    let villages = use_village_choices();
    let is_new = base.is_none();
    let id_for_save = id.clone();
    let base = StoredValue::new(base);
    let save = Action::new_local(move |_: &()| {
        let (id, navigate) = (id_for_save.clone(), navigate.clone());
        async move {
            let d = draft.get_untracked();
            let opened = base.get_value();
            let mut overwrite = false;
            loop {
                let done = state
                    .run(async |store, actor, reg| {
                        intents::households::save_form(
                            store,
                            actor,
                            reg,
                            &id,
                            &d,
                            opened.as_ref(),
                            overwrite,
                        )
                        .await
                    })
                    .await;
                match done {
                    Ok(()) => {
                        saved_draft.set(d);
                        guard_unload(false, "");
                        navigate(&format!("/households/{id}"), NavigateOptions::default());
                        return;
                    }
                    // Changed elsewhere since the form opened: ask before writing over it.
                    Err(IntentError::WouldOverwrite)
                        if !overwrite
                            && confirm(
                                &msg!(intent_would_overwrite).render(lang.get_untracked()),
                            ) =>
                    {
                        overwrite = true;
                    }
                    Err(_) => return,
                }
            }
        }
    });
    // Field helpers: a text input bound to one string of the draft.
    let field = move |name: &'static str,
                      get: fn(&HouseholdDraft) -> String,
                      set: fn(&mut HouseholdDraft, String)| {
        view! {
            <input
                type="text"
                data-field=name
                prop:value=move || draft.with(get)
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    draft.update(|d| set(d, v));
                }
            />
            {move || {
                error_for(&errors.get(), name, lang.get())
                    .map(|m| {
                        view! {
                            <span class="field-error" data-error=name>
                                {m}
                            </span>
                        }
                    })
            }}
        }
    };
    let select = move |name: &'static str,
                       get: fn(&HouseholdDraft) -> String,
                       set: fn(&mut HouseholdDraft, String),
                       opts: AnyView| {
        view! {
            <select
                data-field=name
                prop:value=move || draft.with(get)
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    draft.update(|d| set(d, v));
                }
            >
                {opts}
            </select>
            {move || {
                error_for(&errors.get(), name, lang.get())
                    .map(|m| {
                        view! {
                            <span class="field-error" data-error=name>
                                {m}
                            </span>
                        }
                    })
            }}
        }
    };
    let l = lang.get_untracked();
    view! {
        <p>
            <A href=if is_new {
                "/households".to_string()
            } else {
                format!("/households/{id}")
            }>{move || tr!(lang.get(), back)}</A>
        </p>
        <h1>{if is_new { tr!(l, form_new_household) } else { tr!(l, form_edit_household) }}</h1>
        <form class="card form" on:submit=|ev| ev.prevent_default()>
            <div class="grid2">
                <label>
                    {tr!(l, form_village)}
                    <select
                        data-field="village_id"
                        prop:value=move || draft.with(|d| d.village_id.clone())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            draft.update(|d| d.village_id = v);
                        }
                    >
                        {move || {
                            villages
                                .get()
                                .into_iter()
                                .map(|(id, name)| view! { <option value=id>{name}</option> })
                                .collect_view()
                        }}
                    </select>
                    {move || {
                        error_for(&errors.get(), "village_id", lang.get())
                            .map(|m| {
                                view! {
                                    <span class="field-error" data-error="village_id">
                                        {m}
                                    </span>
                                }
                            })
                    }}
                </label>
                <label>
                    {tr!(l, form_group)}{field("group", |d| d.group.clone(), |d, v| d.group = v)}
                </label>
                <label>
                    {tr!(l, column_phone)}{field("phone", |d| d.phone.clone(), |d, v| d.phone = v)}
                </label>
                <label>
                    {tr!(l, column_address)}
                    {field("address", |d| d.address.clone(), |d, v| d.address = v)}
                </label>
                <label>
                    {tr!(l, form_attribute)}
                    {select(
                        "attribute",
                        |d| d.attribute.clone(),
                        |d, v| d.attribute = v,
                        code_options::<Attribute>(l, false),
                    )}
                </label>
                <label>
                    {tr!(l, column_main_cause)}
                    {select(
                        "main_cause",
                        |d| d.main_cause.clone(),
                        |d, v| d.main_cause = v,
                        code_options::<Cause>(l, false),
                    )}
                </label>
                <label>
                    {tr!(l, form_food_clothing_secure)}
                    {select(
                        "food_clothing_secure",
                        |d| d.food_clothing_secure.clone(),
                        |d, v| d.food_clothing_secure = v,
                        yes_no_options(l),
                    )}
                </label>
                <label>
                    {tr!(l, column_housing)}
                    {select(
                        "housing",
                        |d| d.housing.clone(),
                        |d, v| d.housing = v,
                        code_options::<Housing>(l, true),
                    )}
                </label>
                <label>
                    {tr!(l, column_drinking_water)}
                    {select(
                        "drinking_water",
                        |d| d.drinking_water.clone(),
                        |d, v| d.drinking_water = v,
                        code_options::<DrinkingWater>(l, true),
                    )}
                </label>
                <label>
                    {tr!(l, column_electricity)}
                    {select(
                        "electricity",
                        |d| d.electricity.clone(),
                        |d, v| d.electricity = v,
                        yes_no_options(l),
                    )}
                </label>
                <label>
                    {tr!(l, form_planting_breeding_shed)}
                    {select("shed", |d| d.shed.clone(), |d, v| d.shed = v, yes_no_options(l))}
                </label>
                <label>
                    {tr!(l, column_cooperative_member)}
                    {select(
                        "cooperative_member",
                        |d| d.cooperative_member.clone(),
                        |d, v| d.cooperative_member = v,
                        yes_no_options(l),
                    )}
                </label>
                <label>
                    {tr!(l, form_relocated)}
                    {select(
                        "relocated",
                        |d| d.relocated.clone(),
                        |d, v| d.relocated = v,
                        yes_no_options(l),
                    )}
                </label>
            </div>
            <fieldset class="causes" data-field="other_causes">
                <legend>{tr!(l, column_other_causes)}</legend>
                {Cause::ALL
                    .iter()
                    .map(|&c| {
                        let code = c.code();
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    data-cause=code
                                    prop:checked=move || {
                                        draft.with(|d| d.other_causes.iter().any(|x| x == code))
                                    }
                                    prop:disabled=move || draft.with(|d| d.main_cause == code)
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        draft
                                            .update(|d| {
                                                d.other_causes.retain(|x| x != code);
                                                if on {
                                                    d.other_causes.push(code.to_string());
                                                }
                                            });
                                    }
                                />
                                {c.label(l)}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <h2>{tr!(l, form_members)}</h2>
            {move || {
                error_for(&errors.get(), "members", lang.get())
                    .map(|m| {
                        view! {
                            <p class="field-error" data-error="members">
                                {m}
                            </p>
                        }
                    })
            }}
            <div class="members">
                {move || {
                    (0..draft.with(|d| d.members.len()))
                        .map(|k| view! { <MemberRow draft=draft errors=errors k=k /> })
                        .collect_view()
                }}
            </div>
            <button
                type="button"
                data-control="add-member"
                on:click=move |_| {
                    draft
                        .update(|d| {
                            d.members
                                .push(MemberDraft {
                                    id: new_id("m"),
                                    sex: "female".into(),
                                    relation: "child".into(),
                                    ..Default::default()
                                })
                        })
                }
            >
                {tr!(l, form_add_member)}
            </button>
            <h2>{tr!(l, form_incomes_yuan)}</h2>
            <div class="incomes">
                {move || {
                    (0..draft.with(|d| d.incomes.len()))
                        .map(|k| view! { <IncomeRow draft=draft errors=errors k=k /> })
                        .collect_view()
                }}
            </div>
            <button
                type="button"
                data-control="add-income"
                on:click=move |_| {
                    draft
                        .update(|d| {
                            let y = d
                                .incomes
                                .iter()
                                .filter_map(|i| i.year.parse::<i32>().ok())
                                .max()
                                .map_or(today.year(), |y| y + 1);
                            d.incomes
                                .push(IncomeDraft {
                                    year: y.to_string(),
                                    ..Default::default()
                                })
                        })
                }
            >
                {tr!(l, form_add_years_income)}
            </button>
            <div class="actions">
                <button
                    type="button"
                    class="primary"
                    data-control="save-household"
                    disabled=move || !errors.get().is_empty() || state.busy().get()
                    on:click=move |_| {
                        save.dispatch(());
                    }
                >
                    {tr!(l, save)}
                </button>
                <span
                    class="muted"
                    data-state=move || if errors.get().is_empty() { "valid" } else { "invalid" }
                >
                    {move || {
                        let n = errors.get().len();
                        if n == 0 {
                            String::new()
                        } else {
                            tr!(lang.get(), form_problems_to_fix, n = n)
                        }
                    }}
                </span>
            </div>
        </form>
    }
}
