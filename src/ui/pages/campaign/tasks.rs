//! 推进表: every task with its region, 责任单位/责任人, dates, days left or overdue (倒排工期) and
//! milestones done; filters by region, person, overdue, due within N days; completing a task
//! (offering to tick the infrastructure condition it delivers) and reopening it.

use leptos_router::hooks::use_query_map;

use crate::domain::tasks::{filter_tasks, task_rows, TaskFilters, TaskRow};
use crate::intents;
use crate::ui::components::scope::use_region_choices;
use crate::ui::components::subnav::CampaignNav;
use crate::ui::platform::time::today;
use crate::ui::prelude::*;

#[component]
pub fn TasksPage() -> impl IntoView {
    let lang = use_lang();
    let state = AppState::expect();
    let query = use_query_map();
    // `?overdue=1` (from the overview's overdue figure) opens the overdue list.
    let filters = RwSignal::new(TaskFilters {
        overdue_only: query.with_untracked(|q| q.get("overdue").is_some()),
        ..Default::default()
    });
    let rows = Memo::new(move |_| {
        let ixd = state.indexed.get();
        task_rows(&ixd.ix(), today())
    });
    let shown = Memo::new(move |_| {
        let (ixd, rows) = (state.indexed.get(), rows.get());
        filters.with(|f| filter_tasks(&ixd.ix(), &rows, f))
    });
    let regions = use_region_choices();
    let lines = move || {
        let rows = rows.get();
        shown
            .get()
            .into_iter()
            .map(|k| view! { <TaskLine row=rows[k].clone() /> })
            .collect_view()
    };
    let count = move || shown.with(Vec::len);
    view! {
        <CampaignNav />
        <h1>{t!(tasks_title)}</h1>
        <section class="controls" data-panel="task-filters">
            <select
                data-control="task-region-filter"
                on:change=move |ev| {
                    let id = event_target_value(&ev);
                    let pos = state.indexed.get_untracked().ix().region_pos(id.as_str()).copied();
                    filters.update(|f| f.region = pos);
                }
            >
                <option value="">{t!(helper_any_region)}</option>
                {move || {
                    regions
                        .get()
                        .into_iter()
                        .map(|(id, name)| view! { <option value=id>{name}</option> })
                        .collect_view()
                }}
            </select>
            <input
                type="search"
                data-control="task-person-filter"
                placeholder=move || tr!(lang.get(), task_person_placeholder)
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    filters.update(|f| f.person = v);
                }
            />
            <select
                data-control="task-due-filter"
                on:change=move |ev| {
                    let v = event_target_value(&ev).parse().ok();
                    filters.update(|f| f.due_within = v);
                }
            >
                <option value="">{t!(task_due_any)}</option>
                <option value="7">{t!(task_due_7)}</option>
                <option value="30">{t!(task_due_30)}</option>
            </select>
            <label class="small">
                <input
                    type="checkbox"
                    data-control="task-overdue-filter"
                    prop:checked=move || filters.with(|f| f.overdue_only)
                    on:change=move |ev| {
                        let v = event_target_checked(&ev);
                        filters.update(|f| f.overdue_only = v);
                    }
                />
                {t!(task_overdue_only)}
            </label>
            <label class="small">
                <input
                    type="checkbox"
                    data-control="task-done-filter"
                    on:change=move |ev| {
                        let v = event_target_checked(&ev);
                        filters.update(|f| f.with_done = v);
                    }
                />
                {t!(task_with_done)}
            </label>
            <span>
                {t!(count)}" "<b data-metric="task_count" data-value=move || count().to_string()>
                    {count}
                </b>
            </span>
            <A href="/tasks/new" attr:class="button" attr:data-control="new-task">
                {t!(task_new)}
            </A>
        </section>
        <div class="scroll-x">
            <table class="table">
                <thead>
                    <tr>
                        <th>{t!(label_task_title)}</th>
                        <th>{t!(region)}</th>
                        <th>{t!(label_task_owner)}</th>
                        <th>{t!(label_due)}</th>
                        <th>{t!(task_days_left)}</th>
                        <th>{t!(label_milestones)}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>{lines}</tbody>
            </table>
        </div>
    }
}

#[component]
fn TaskLine(row: TaskRow) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let l = lang.get_untracked();
    let t = row.task.clone();
    let id = StoredValue::new(row.id.clone());
    let item = t.infrastructure_item;
    let complete = move |_| {
        let l = lang.get_untracked();
        // A task that delivers a village condition offers to record the condition as met.
        let tick = item.is_some_and(|i| {
            web_sys::window()
                .and_then(|w| {
                    w.confirm_with_message(&tr!(l, task_tick_condition, item = i.label(l)))
                        .ok()
                })
                .unwrap_or(false)
        });
        let id = id.get_value();
        spawn_local(async move {
            let _ = state
                .run(async |store, actor, reg| {
                    intents::campaign::complete_task(store, actor, reg, &id, actor.today, tick)
                        .await
                })
                .await;
        });
    };
    let reopen = move |_| {
        let id = id.get_value();
        spawn_local(async move {
            let _ = state
                .run(async |store, actor, reg| {
                    intents::campaign::reopen_task(store, actor, reg, &id).await
                })
                .await;
        });
    };
    let days = match (row.done, row.days_left) {
        (true, _) => tr!(
            l,
            task_done_on,
            date = t.done_date.map(|d| d.to_string()).unwrap_or_default()
        )
        .to_string(),
        (false, Some(n)) if n < 0 => tr!(l, task_overdue_by, days = -n).to_string(),
        (false, Some(n)) => tr!(l, task_days_to_go, days = n).to_string(),
        (false, None) => String::new(),
    };
    let person = [t.unit.clone(), t.owner.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let progress = format!("{}/{}", row.milestones_done, t.milestones.len());
    view! {
        <tr data-task-id=row.id.clone() class:overdue=row.overdue data-done=row.done.to_string()>
            <td>
                <A href=format!("/tasks/{}/edit", row.id)>{t.title.clone()}</A>
            </td>
            <td>{row.region_path.clone()}</td>
            <td>{person}</td>
            <td>{t.due_date.to_string()}</td>
            <td data-days-left=row.days_left.map(|n| n.to_string()).unwrap_or_default()>{days}</td>
            <td>
                {(!t.milestones.is_empty())
                    .then(|| {
                        view! {
                            <progress
                                max=t.milestones.len().to_string()
                                value=row.milestones_done.to_string()
                            ></progress>
                            " "
                            {progress}
                        }
                    })}
            </td>
            <td class="actions">
                {if row.done {
                    view! {
                        <button type="button" data-control="task-reopen" on:click=reopen>
                            {t!(task_reopen)}
                        </button>
                    }
                        .into_any()
                } else {
                    view! {
                        <button type="button" data-control="task-complete" on:click=complete>
                            {t!(task_complete)}
                        </button>
                    }
                        .into_any()
                }}
            </td>
        </tr>
    }
}
