//! The task form (`/tasks/new`, `/tasks/:id/edit`): title, region, 责任单位 and 责任人, start and
//! due dates, what it delivers (a village's infrastructure condition, households to exit),
//! milestones with their own dates, a note; and the task's change history.

use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::domain::codes::InfrastructureItem;
use crate::domain::model::{Collection, Task};
use crate::domain::tasks::{self, MilestoneDraft, TaskDraft};
use crate::intents;
use crate::store::Subject;
use crate::ui::components::form::{code_choices, edit_page, FormState, Input};
use crate::ui::components::history::History;
use crate::ui::components::scope::use_region_choices;
use crate::ui::platform::time::{new_id, today};
use crate::ui::prelude::*;

#[component]
pub fn NewTaskPage() -> impl IntoView {
    view! { <TaskForm id=new_id("k") opened=None /> }
}

#[component]
pub fn TaskEditPage() -> impl IntoView {
    edit_page::<Task>(|id, opened| view! { <TaskForm id=id opened=opened /> }.into_any())
}

#[component]
fn TaskForm(id: String, opened: Option<Task>) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let l = lang.get_untracked();
    let navigate = use_navigate();
    let is_new = opened.is_none();
    let regions = use_region_choices().get_untracked();
    let initial = opened
        .as_ref()
        .map(TaskDraft::from_task)
        .unwrap_or_else(|| TaskDraft {
            region_id: regions.first().map(|r| r.0.clone()).unwrap_or_default(),
            start_date: today().to_string(),
            ..Default::default()
        });
    let form = FormState::new(initial, move |d: &TaskDraft| {
        state.registry().with(|reg| {
            tasks::task_from_draft(reg, d, None)
                .err()
                .unwrap_or_default()
        })
    })
    .kept("task");
    let history_id = id.clone();
    let (id, opened) = (StoredValue::new(id), StoredValue::new(opened));
    let save = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let (id, opened) = (id.get_value(), opened.get_value());
            let saved = form
                .submit(async |store, actor, reg, d: &TaskDraft, overwrite| {
                    intents::campaign::save_task(
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
                navigate("/tasks", NavigateOptions::default());
            }
        });
    };
    let milestone = move |k: usize,
                          label: K,
                          name: &'static str,
                          kind: &'static str,
                          get: fn(&MilestoneDraft) -> String,
                          set: fn(&mut MilestoneDraft, String)| {
        let field = format!("milestones.{k}.{name}");
        let err_field = field.clone();
        view! {
            <label class="field">
                <span class="field-label">{move || label.get(lang.get())}</span>
                <input
                    type=kind
                    data-field=field
                    prop:value=move || {
                        form.draft.with(|d| d.milestones.get(k).map(get).unwrap_or_default())
                    }
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        form.draft
                            .update(|d| {
                                if let Some(m) = d.milestones.get_mut(k) {
                                    set(m, v)
                                }
                            });
                    }
                />
                {move || {
                    let all = form.errors.get();
                    crate::ui::components::form::error_for(&all, &err_field, lang.get())
                        .map(|m| view! { <span class="field-error">{m}</span> })
                }}
            </label>
        }
    };
    let milestones = move || {
        (0..form.draft.with(|d| d.milestones.len()))
            .map(|k| {
                view! {
                    <fieldset class="milestone" data-milestone=k.to_string()>
                        {milestone(
                            k,
                            K::label_task_title,
                            "title",
                            "text",
                            |m| m.title.clone(),
                            |m, v| m.title = v,
                        )}
                        {milestone(
                            k,
                            K::label_due,
                            "due_date",
                            "date",
                            |m| m.due_date.clone(),
                            |m, v| m.due_date = v,
                        )}
                        {milestone(
                            k,
                            K::task_milestone_done,
                            "done_date",
                            "date",
                            |m| m.done_date.clone(),
                            |m, v| m.done_date = v,
                        )}
                        <button
                            type="button"
                            class="link"
                            on:click=move |_| {
                                form.draft
                                    .update(|d| {
                                        if k < d.milestones.len() {
                                            d.milestones.remove(k);
                                        }
                                    })
                            }
                        >
                            {t!(task_remove_milestone)}
                        </button>
                    </fieldset>
                }
            })
            .collect_view()
    };
    view! {
        <p>
            <A href="/tasks">{t!(back)}</A>
        </p>
        <h1>{if is_new { tr!(l, task_new) } else { tr!(l, task_edit) }}</h1>
        <form class="card form" data-form="task" on:submit=|ev| ev.prevent_default()>
            <div class="grid2">
                {form
                    .field(
                        "title",
                        K::label_task_title,
                        "task-title",
                        Input::Text,
                        |d| d.title.clone(),
                        |d, v| d.title = v,
                    )}
                {form
                    .field(
                        "region_id",
                        K::label_region,
                        "task-region",
                        Input::Choice(regions),
                        |d| d.region_id.clone(),
                        |d, v| d.region_id = v,
                    )}
                {form
                    .field(
                        "unit",
                        K::label_task_unit,
                        "task-unit",
                        Input::Text,
                        |d| d.unit.clone(),
                        |d, v| d.unit = v,
                    )}
                {form
                    .field(
                        "owner",
                        K::label_task_owner,
                        "task-owner",
                        Input::Text,
                        |d| d.owner.clone(),
                        |d, v| d.owner = v,
                    )}
                {form
                    .field(
                        "start_date",
                        K::label_start,
                        "task-start",
                        Input::Date,
                        |d| d.start_date.clone(),
                        |d, v| d.start_date = v,
                    )}
                {form
                    .field(
                        "due_date",
                        K::label_due,
                        "task-due",
                        Input::Date,
                        |d| d.due_date.clone(),
                        |d, v| d.due_date = v,
                    )}
                {form
                    .field(
                        "infrastructure_item",
                        K::label_delivers_infrastructure,
                        "task-infrastructure",
                        Input::Choice(code_choices::<InfrastructureItem>(l, true)),
                        |d| d.infrastructure_item.clone(),
                        |d, v| d.infrastructure_item = v,
                    )}
                {form
                    .field(
                        "exit_households",
                        K::label_delivers_exits,
                        "task-exits",
                        Input::Number,
                        |d| d.exit_households.clone(),
                        |d, v| d.exit_households = v,
                    )}
                {form
                    .field(
                        "note",
                        K::label_note,
                        "task-note",
                        Input::Area,
                        |d| d.note.clone(),
                        |d, v| d.note = v,
                    )}
            </div>
            <h2>{t!(label_milestones)}</h2>
            {milestones}
            <button
                type="button"
                data-control="task-add-milestone"
                on:click=move |_| {
                    form.draft.update(|d| d.milestones.push(MilestoneDraft::default()))
                }
            >
                {t!(task_add_milestone)}
            </button>
            <p class="actions">
                <button type="button" class="primary" data-control="task-save" on:click=save>
                    {t!(save)}
                </button>
            </p>
        </form>
        {(!is_new)
            .then(|| view! { <History subject=Subject::Record(Collection::Tasks, history_id) /> })}
    }
}
