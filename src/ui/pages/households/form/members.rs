//! The members in the household form (家庭成员): a row of fields per member of the draft, and
//! adding one.

use crate::domain::codes::*;
use crate::domain::edit::{FieldError, HouseholdDraft, MemberDraft};
use crate::ui::components::form::{code_options, error_for, yes_no_options};
use crate::ui::platform::time::new_id;
use crate::ui::prelude::*;

/// The members, the errors of the household's members as a whole, and the button that adds one.
#[component]
pub(super) fn MemberList(
    draft: RwSignal<HouseholdDraft>,
    errors: Memo<Vec<FieldError>>,
) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    view! {
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
    }
}

/// Member `k` of the draft and the form's errors, for binding a field to one of its strings.
#[derive(Clone, Copy)]
struct Bound {
    draft: RwSignal<HouseholdDraft>,
    errors: Memo<Vec<FieldError>>,
    lang: Signal<Locale>,
    k: usize,
}

impl Bound {
    fn value(self, f: fn(&MemberDraft) -> String) -> impl Fn() -> String + Send + Sync + 'static {
        let Bound { draft, k, .. } = self;
        move || draft.with(|d| d.members.get(k).map(f).unwrap_or_default())
    }

    /// An input bound to one string of the member, with its errors after it.
    fn input(
        self,
        name: &'static str,
        kind: &'static str,
        f: fn(&MemberDraft) -> String,
        set: fn(&mut MemberDraft, String),
    ) -> impl IntoView {
        let Bound {
            draft,
            errors,
            lang,
            k,
        } = self;
        let key = format!("members.{k}.{name}");
        let key2 = key.clone();
        view! {
            <input
                type=kind
                data-field=key.clone()
                prop:value=self.value(f)
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
    }

    /// A select bound to one string of the member.
    fn pick(
        self,
        name: &'static str,
        f: fn(&MemberDraft) -> String,
        set: fn(&mut MemberDraft, String),
        opts: AnyView,
    ) -> impl IntoView {
        let Bound { draft, k, .. } = self;
        view! {
            <select
                data-field=format!("members.{k}.{name}")
                prop:value=self.value(f)
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
    }
}

#[component]
fn MemberRow(
    draft: RwSignal<HouseholdDraft>,
    errors: Memo<Vec<FieldError>>,
    k: usize,
) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let row = Bound {
        draft,
        errors,
        lang,
        k,
    };
    view! {
        <fieldset class="member" data-member=k.to_string()>
            <label>
                {tr!(l, column_name)}
                {row.input("name", "text", |m| m.name.clone(), |m, v| m.name = v)}
            </label>
            <label>
                {tr!(l, form_relation)}
                {row
                    .pick(
                        "relation",
                        |m| m.relation.clone(),
                        |m, v| m.relation = v,
                        code_options::<Relation>(l, false),
                    )}
            </label>
            <label>
                {tr!(l, column_sex)}
                {row
                    .pick(
                        "sex",
                        |m| m.sex.clone(),
                        |m, v| m.sex = v,
                        code_options::<Sex>(l, false),
                    )}
            </label>
            <label>
                {tr!(l, column_id_number)}
                {row.input("id_number", "text", |m| m.id_number.clone(), |m, v| m.id_number = v)}
            </label>
            <label>
                {tr!(l, column_birth_date)}
                {row.input("birth_date", "text", |m| m.birth_date.clone(), |m, v| m.birth_date = v)}
            </label>
            <label>
                {tr!(l, measure_category_health)}
                {row
                    .pick(
                        "health",
                        |m| m.health.clone(),
                        |m, v| m.health = v,
                        code_options::<Health>(l, true),
                    )}
            </label>
            <label>
                {tr!(l, form_labour)}
                {row
                    .pick(
                        "labor",
                        |m| m.labor.clone(),
                        |m, v| m.labor = v,
                        code_options::<Labor>(l, true),
                    )}
            </label>
            <label>
                {tr!(l, form_schooling)}
                {row
                    .pick(
                        "schooling",
                        |m| m.schooling.clone(),
                        |m, v| m.schooling = v,
                        code_options::<Schooling>(l, true),
                    )}
            </label>
            <label>
                {tr!(l, column_education)}
                {row
                    .pick(
                        "education",
                        |m| m.education.clone(),
                        |m, v| m.education = v,
                        code_options::<Education>(l, true),
                    )}
            </label>
            <label>
                {tr!(l, column_work)}
                {row
                    .pick(
                        "work",
                        |m| m.work.clone(),
                        |m, v| m.work = v,
                        code_options::<Work>(l, true),
                    )}
            </label>
            <label>
                {tr!(l, form_skills_certificate)}
                {row
                    .pick(
                        "skill_trained",
                        |m| m.skill_trained.clone(),
                        |m, v| m.skill_trained = v,
                        yes_no_options(l),
                    )}
            </label>
            <label>
                {tr!(l, column_medical_insurance)}
                {row
                    .pick(
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
                {row.input("left_date", "text", |m| m.left_date.clone(), |m, v| m.left_date = v)}
            </label>
            <label>
                {tr!(l, form_reason)}
                {row
                    .pick(
                        "left_reason",
                        |m| m.left_reason.clone(),
                        |m, v| m.left_reason = v,
                        code_options::<LeftReason>(l, true),
                    )}
            </label>
        </fieldset>
    }
}
