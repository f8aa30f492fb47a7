//! The household's own fields in the form (户): village, group, phone, address, attribute and
//! causes, and its living conditions, each bound to one string of the draft with its errors after.

use crate::domain::codes::*;
use crate::domain::edit::{FieldError, HouseholdDraft};
use crate::ui::components::form::{code_options, error_for, yes_no_options};
use crate::ui::components::scope::use_village_choices;
use crate::ui::prelude::*;

/// The draft and its errors, for binding a field to one of its strings.
#[derive(Clone, Copy)]
struct Bound {
    draft: RwSignal<HouseholdDraft>,
    errors: Memo<Vec<FieldError>>,
    lang: Signal<Locale>,
}

impl Bound {
    /// A text input bound to one string of the draft.
    fn field(
        self,
        name: &'static str,
        get: fn(&HouseholdDraft) -> String,
        set: fn(&mut HouseholdDraft, String),
    ) -> impl IntoView {
        let Bound {
            draft,
            errors,
            lang,
        } = self;
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
    }

    /// A select bound to one string of the draft.
    fn select(
        self,
        name: &'static str,
        get: fn(&HouseholdDraft) -> String,
        set: fn(&mut HouseholdDraft, String),
        opts: AnyView,
    ) -> impl IntoView {
        let Bound {
            draft,
            errors,
            lang,
        } = self;
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
    }
}

/// Village, group, phone, address, attribute and main cause.
#[component]
pub(super) fn HouseholdFields(
    draft: RwSignal<HouseholdDraft>,
    errors: Memo<Vec<FieldError>>,
) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let villages = use_village_choices();
    let b = Bound {
        draft,
        errors,
        lang,
    };
    view! {
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
            {tr!(l, form_group)}{b.field("group", |d| d.group.clone(), |d, v| d.group = v)}
        </label>
        <label>
            {tr!(l, column_phone)}{b.field("phone", |d| d.phone.clone(), |d, v| d.phone = v)}
        </label>
        <label>
            {tr!(l, column_address)}
            {b.field("address", |d| d.address.clone(), |d, v| d.address = v)}
        </label>
        <label>
            {tr!(l, form_attribute)}
            {b
                .select(
                    "attribute",
                    |d| d.attribute.clone(),
                    |d, v| d.attribute = v,
                    code_options::<Attribute>(l, false),
                )}
        </label>
        <label>
            {tr!(l, column_main_cause)}
            {b
                .select(
                    "main_cause",
                    |d| d.main_cause.clone(),
                    |d, v| d.main_cause = v,
                    code_options::<Cause>(l, false),
                )}
        </label>
    }
}

/// The living conditions (两不愁三保障, electricity, shed, cooperative, relocation).
#[component]
pub(super) fn ConditionFields(
    draft: RwSignal<HouseholdDraft>,
    errors: Memo<Vec<FieldError>>,
) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let b = Bound {
        draft,
        errors,
        lang,
    };
    view! {
        <label>
            {tr!(l, form_food_clothing_secure)}
            {b
                .select(
                    "food_clothing_secure",
                    |d| d.food_clothing_secure.clone(),
                    |d, v| d.food_clothing_secure = v,
                    yes_no_options(l),
                )}
        </label>
        <label>
            {tr!(l, column_housing)}
            {b
                .select(
                    "housing",
                    |d| d.housing.clone(),
                    |d, v| d.housing = v,
                    code_options::<Housing>(l, true),
                )}
        </label>
        <label>
            {tr!(l, column_drinking_water)}
            {b
                .select(
                    "drinking_water",
                    |d| d.drinking_water.clone(),
                    |d, v| d.drinking_water = v,
                    code_options::<DrinkingWater>(l, true),
                )}
        </label>
        <label>
            {tr!(l, column_electricity)}
            {b
                .select(
                    "electricity",
                    |d| d.electricity.clone(),
                    |d, v| d.electricity = v,
                    yes_no_options(l),
                )}
        </label>
        <label>
            {tr!(l, form_planting_breeding_shed)}
            {b.select("shed", |d| d.shed.clone(), |d, v| d.shed = v, yes_no_options(l))}
        </label>
        <label>
            {tr!(l, column_cooperative_member)}
            {b
                .select(
                    "cooperative_member",
                    |d| d.cooperative_member.clone(),
                    |d, v| d.cooperative_member = v,
                    yes_no_options(l),
                )}
        </label>
        <label>
            {tr!(l, form_relocated)}
            {b
                .select(
                    "relocated",
                    |d| d.relocated.clone(),
                    |d, v| d.relocated = v,
                    yes_no_options(l),
                )}
        </label>
    }
}

/// 其他致贫原因: a box per cause, the main cause's box disabled.
#[component]
pub(super) fn OtherCauses(draft: RwSignal<HouseholdDraft>) -> impl IntoView {
    let l = use_lang().get_untracked();
    view! {
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
    }
}
