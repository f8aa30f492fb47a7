//! One member's fields in the household form (家庭成员), bound to member `k` of the draft.

use crate::domain::codes::*;
use crate::domain::edit::{FieldError, HouseholdDraft, MemberDraft};
use crate::ui::components::form::{code_options, error_for, yes_no_options};
use crate::ui::prelude::*;

#[component]
pub(super) fn MemberRow(
    draft: RwSignal<HouseholdDraft>,
    errors: Memo<Vec<FieldError>>,
    k: usize,
) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let get = move |f: fn(&MemberDraft) -> String| {
        move || draft.with(|d| d.members.get(k).map(f).unwrap_or_default())
    };
    let input = move |name: &'static str,
                      kind: &'static str,
                      f: fn(&MemberDraft) -> String,
                      set: fn(&mut MemberDraft, String)| {
        let key = format!("members.{k}.{name}");
        let key2 = key.clone();
        view! {
            <input
                type=kind
                data-field=key.clone()
                prop:value=get(f)
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    draft
                        .update(|d| {
                            if let Some(m) = d.members.get_mut(k) {
                                set(m, v)
                            }
                        });
                }
            />
            {move || {
                error_for(&errors.get(), &key2, lang.get())
                    .map(|m| {
                        view! {
                            <span class="field-error" data-error=key.clone()>
                                {m}
                            </span>
                        }
                    })
            }}
        }
    };
    let pick = move |name: &'static str,
                     f: fn(&MemberDraft) -> String,
                     set: fn(&mut MemberDraft, String),
                     opts: AnyView| {
        view! {
            <select
                data-field=format!("members.{k}.{name}")
                prop:value=get(f)
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    draft
                        .update(|d| {
                            if let Some(m) = d.members.get_mut(k) {
                                set(m, v)
                            }
                        });
                }
            >
                {opts}
            </select>
        }
    };
    view! {
        <fieldset class="member" data-member=k.to_string()>
            <label>
                {tr!(l, column_name)}{input("name", "text", |m| m.name.clone(), |m, v| m.name = v)}
            </label>
            <label>
                {tr!(l, form_relation)}
                {pick(
                    "relation",
                    |m| m.relation.clone(),
                    |m, v| m.relation = v,
                    code_options::<Relation>(l, false),
                )}
            </label>
            <label>
                {tr!(l, column_sex)}
                {pick("sex", |m| m.sex.clone(), |m, v| m.sex = v, code_options::<Sex>(l, false))}
            </label>
            <label>
                {tr!(l, column_id_number)}
                {input("id_number", "text", |m| m.id_number.clone(), |m, v| m.id_number = v)}
            </label>
            <label>
                {tr!(l, column_birth_date)}
                {input("birth_date", "text", |m| m.birth_date.clone(), |m, v| m.birth_date = v)}
            </label>
            <label>
                {tr!(l, measure_category_health)}
                {pick(
                    "health",
                    |m| m.health.clone(),
                    |m, v| m.health = v,
                    code_options::<Health>(l, true),
                )}
            </label>
            <label>
                {tr!(l, form_labour)}
                {pick(
                    "labor",
                    |m| m.labor.clone(),
                    |m, v| m.labor = v,
                    code_options::<Labor>(l, true),
                )}
            </label>
            <label>
                {tr!(l, form_schooling)}
                {pick(
                    "schooling",
                    |m| m.schooling.clone(),
                    |m, v| m.schooling = v,
                    code_options::<Schooling>(l, true),
                )}
            </label>
            <label>
                {tr!(l, column_education)}
                {pick(
                    "education",
                    |m| m.education.clone(),
                    |m, v| m.education = v,
                    code_options::<Education>(l, true),
                )}
            </label>
            <label>
                {tr!(l, column_work)}
                {pick("work", |m| m.work.clone(), |m, v| m.work = v, code_options::<Work>(l, true))}
            </label>
            <label>
                {tr!(l, form_skills_certificate)}
                {pick(
                    "skill_trained",
                    |m| m.skill_trained.clone(),
                    |m, v| m.skill_trained = v,
                    yes_no_options(l),
                )}
            </label>
            <label>
                {tr!(l, column_medical_insurance)}
                {pick(
                    "medical_insurance",
                    |m| m.medical_insurance.clone(),
                    |m, v| m.medical_insurance = v,
                    view! {
                        <option value="">{tr!(l, form_not_recorded)}</option>
                        <option value="yes">{tr!(l, form_insured)}</option>
                        <option value="no">{tr!(l, form_not_insured)}</option>
                    }
                        .into_any(),
                )}
            </label>
            <label>
                {tr!(l, form_left)}
                {input("left_date", "text", |m| m.left_date.clone(), |m, v| m.left_date = v)}
            </label>
            <label>
                {tr!(l, form_reason)}
                {pick(
                    "left_reason",
                    |m| m.left_reason.clone(),
                    |m, v| m.left_reason = v,
                    code_options::<LeftReason>(l, true),
                )}
            </label>
        </fieldset>
    }
}
