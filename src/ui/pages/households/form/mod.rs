//! The household form, new and edit: validation as you type, by field; no save with errors;
//! leaving a changed form asks first; a failed save keeps everything on screen. The household's
//! own fields are in `household`, the members' in `members`, the incomes in `incomes`.

mod household;
mod incomes;
mod members;

use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;

use crate::domain::codes::*;
use crate::domain::edit::{self, HouseholdDraft};
use crate::domain::model::Household;
use crate::intents::{self, IntentError};
use crate::ui::components::not_found::NotFound;
use crate::ui::platform::files::confirm;
use crate::ui::platform::time::{new_id, today};
use crate::ui::platform::unload_guard::guard_unload;
use crate::ui::prelude::*;
use household::{ConditionFields, HouseholdFields, OtherCauses};
use incomes::IncomeList;
use members::MemberList;

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

/// A kept draft carries no member's hidden facts: they are taken again from the record.
fn restore_members(d: &mut HouseholdDraft, saved: &HouseholdDraft) {
    for m in &mut d.members {
        m.rest = saved
            .members
            .iter()
            .find(|s| s.id == m.id)
            .and_then(|s| s.rest.clone());
    }
}

#[component]
fn HouseholdForm(id: String, initial: HouseholdDraft, base: Option<Household>) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
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
    crate::ui::components::kept_draft::keep("household", draft, saved_draft, restore_members);
    let is_new = base.is_none();
    let save = save_action(id.clone(), draft, saved_draft, base);
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
                <HouseholdFields draft=draft errors=errors />
                <ConditionFields draft=draft errors=errors />
            </div>
            <OtherCauses draft=draft />
            <MemberList draft=draft errors=errors />
            <IncomeList draft=draft errors=errors today=today />
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

/// Saving the form: the draft goes to the intent with the household as it was opened; when it was
/// changed elsewhere meanwhile, the person is asked before it is written over. Saved, the form is
/// clean and the household's page opens; refused, everything stays on screen.
fn save_action(
    id: String,
    draft: RwSignal<HouseholdDraft>,
    saved_draft: RwSignal<HouseholdDraft>,
    base: Option<Household>,
) -> Action<(), ()> {
    let state = AppState::expect();
    let lang = use_lang();
    let navigate = use_navigate();
    let base = StoredValue::new(base);
    Action::new_local(move |_: &()| {
        let (id, navigate) = (id.clone(), navigate.clone());
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
    })
}
