//! 挂图作战 and exit verification as changes: tasks (form, complete — ticking the village's
//! infrastructure condition the task delivers, if asked — reopen, milestones), targets and their
//! responsibility letters, a household's exit steps, a village's exit, the county's sample checks
//! and surveys.

use super::{check_not_overwriting, commit, Actor, IntentError, Outcome};
use crate::domain::codes::{InfrastructureItem, StepResult};
use crate::domain::date::Date;
use crate::domain::exits::{self, ExitStepChange, SampleCheckDraft, SurveyDraft};
use crate::domain::form::describe_edit;
use crate::domain::model::{Collection, Household, Region, Registry, Target, Task};
use crate::domain::rules::Rules;
use crate::domain::targets::{self, TargetDraft};
use crate::domain::tasks::{self, TaskDraft};
use crate::msg;
use crate::store::{RecordStore, Subject};

fn task_subject(id: &str) -> Subject {
    Subject::Record(Collection::Tasks, id.to_string())
}

fn live_task<'a>(reg: &'a Registry, id: &str) -> Result<&'a Task, IntentError> {
    reg.live::<Task>(id)
        .ok_or(IntentError::Refused(msg!(task_no_such_task)))
}

/// Saves the task form as task `id` (new when `opened` is none).
pub async fn save_task<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    id: &str,
    draft: &TaskDraft,
    opened: Option<&Task>,
    overwrite: bool,
) -> Outcome {
    let done = reg.live::<Task>(id).and_then(|t| t.done_date);
    let body = tasks::task_from_draft(reg, draft, done).map_err(IntentError::Invalid)?;
    check_not_overwriting(reg, id, opened, overwrite)?;
    let before = reg.live::<Task>(id).map(TaskDraft::from_task);
    let what = describe_edit(before.as_ref(), draft, msg!(history_created));
    let mut next = reg.clone();
    next.set(id, body, &actor.replica, &actor.now);
    commit(
        store,
        reg,
        next,
        vec![actor.history(task_subject(id), what)],
        msg!(saved),
    )
    .await
}

/// Completes task `id` on `date`. With `tick`, the village infrastructure condition the task
/// delivers is recorded as met in the same change.
pub async fn complete_task<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    id: &str,
    date: Date,
    tick: bool,
) -> Outcome {
    let t = live_task(reg, id)?;
    let done = tasks::complete(t, date).map_err(IntentError::Refused)?;
    let mut next = reg.clone();
    let mut history =
        vec![actor.history(task_subject(id), vec![msg!(history_task_done, date = date)])];
    if let (true, Some(item)) = (tick, t.infrastructure_item) {
        if let Some(region) = reg.live::<Region>(&t.region_id) {
            let k = InfrastructureItem::ALL
                .iter()
                .position(|x| *x == item)
                .unwrap_or(0);
            let mut flags = region.infrastructure.unwrap_or([None; 8]);
            flags[k] = Some(true);
            next.set(
                &t.region_id,
                Region {
                    infrastructure: Some(flags),
                    ..region.clone()
                },
                &actor.replica,
                &actor.now,
            );
            history.push(actor.history(
                Subject::Record(Collection::Regions, t.region_id.clone()),
                vec![msg!(
                    history_condition_met,
                    item = crate::text::Coded::label_key(item)
                )],
            ));
        }
    }
    next.set(id, done, &actor.replica, &actor.now);
    commit(store, reg, next, history, msg!(task_completed)).await
}

/// Reopens a completed task.
pub async fn reopen_task<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    id: &str,
) -> Outcome {
    let t = live_task(reg, id)?;
    let open = tasks::reopen(t).map_err(IntentError::Refused)?;
    let mut next = reg.clone();
    next.set(id, open, &actor.replica, &actor.now);
    let history = vec![actor.history(task_subject(id), vec![msg!(history_task_reopened)])];
    commit(store, reg, next, history, msg!(task_reopened)).await
}

/// Marks milestone `k` of task `id` done on a date, or open again.
pub async fn set_milestone<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    id: &str,
    k: usize,
    done: Option<Date>,
) -> Outcome {
    let t = live_task(reg, id)?;
    let title = t
        .milestones
        .get(k)
        .map(|m| m.title.clone())
        .unwrap_or_default();
    let changed = tasks::set_milestone(t, k, done).map_err(IntentError::Refused)?;
    let mut next = reg.clone();
    next.set(id, changed, &actor.replica, &actor.now);
    let what = match done {
        Some(d) => msg!(history_milestone_done, title = title, date = d),
        None => msg!(history_milestone_open, title = title),
    };
    commit(
        store,
        reg,
        next,
        vec![actor.history(task_subject(id), vec![what])],
        msg!(saved),
    )
    .await
}

/// Saves the target form as target `id` (new when `opened` is none).
pub async fn save_target<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    id: &str,
    draft: &TargetDraft,
    opened: Option<&Target>,
    overwrite: bool,
) -> Outcome {
    let body = targets::target_from_draft(reg, draft).map_err(IntentError::Invalid)?;
    check_not_overwriting(reg, id, opened, overwrite)?;
    let before = reg.live::<Target>(id).map(TargetDraft::from_target);
    let what = describe_edit(before.as_ref(), draft, msg!(history_created));
    let mut next = reg.clone();
    next.set(id, body, &actor.replica, &actor.now);
    let history = vec![actor.history(Subject::Record(Collection::Targets, id.into()), what)];
    commit(store, reg, next, history, msg!(saved)).await
}

/// 退出程序: the household's next exit step. 公告退出 with a check not met in full asks for a
/// reason ([`IntentError::NeedsOverride`]).
#[allow(clippy::too_many_arguments)]
pub async fn record_exit_step<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    id: &str,
    date: Date,
    result: StepResult,
    note: &str,
    override_reason: Option<&str>,
) -> Outcome {
    let h = reg
        .live::<Household>(id)
        .ok_or(IntentError::Refused(msg!(intent_no_such_household)))?;
    let rules = Rules::new(&reg.settings);
    let step = exits::next_exit_step(h);
    match exits::record_exit_step(h, date, result, note, override_reason, &rules) {
        ExitStepChange::Refused(m) => Err(IntentError::Refused(m)),
        ExitStepChange::NeedsOverride(c) => Err(IntentError::NeedsOverride(Box::new(c))),
        ExitStepChange::Recorded(out) => {
            let what = vec![msg!(
                history_exit_step,
                step = crate::text::Coded::label_key(step),
                result = crate::text::Coded::label_key(result),
                date = date
            )];
            let mut next = reg.clone();
            next.set(id, *out, &actor.replica, &actor.now);
            let history =
                vec![actor.history(Subject::Record(Collection::Households, id.into()), what)];
            commit(store, reg, next, history, msg!(exit_step_recorded)).await
        }
    }
}

fn live_region<'a>(reg: &'a Registry, id: &str) -> Result<&'a Region, IntentError> {
    reg.live::<Region>(id)
        .ok_or(IntentError::Refused(msg!(region_no_such_region)))
}

/// 贫困村退出: village `id` exits on `date` with its approval.
pub async fn record_village_exit<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    id: &str,
    date: Date,
    approval: &str,
) -> Outcome {
    let r = live_region(reg, id)?;
    let out = exits::record_village_exit(r, date, approval).map_err(IntentError::Refused)?;
    let mut next = reg.clone();
    next.set(id, out, &actor.replica, &actor.now);
    let what = msg!(
        history_village_exited,
        date = date,
        approval = approval.trim()
    );
    let history = vec![actor.history(
        Subject::Record(Collection::Regions, id.into()),
        vec![what.clone()],
    )];
    commit(store, reg, next, history, what).await
}

/// Takes a village's recorded exit back.
pub async fn undo_village_exit<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    id: &str,
) -> Outcome {
    let r = live_region(reg, id)?;
    let out = exits::undo_village_exit(r).map_err(IntentError::Refused)?;
    let mut next = reg.clone();
    next.set(id, out, &actor.replica, &actor.now);
    let history = vec![actor.history(
        Subject::Record(Collection::Regions, id.into()),
        vec![msg!(history_village_exit_undone)],
    )];
    commit(store, reg, next, history, msg!(history_village_exit_undone)).await
}

/// 抽样核查, as typed.
pub async fn record_sample_check<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    draft: &SampleCheckDraft,
) -> Outcome {
    let c = exits::sample_check_from_draft(reg, draft).map_err(IntentError::Invalid)?;
    let id = (actor.new_id)("sc");
    let what = msg!(
        history_sample_check,
        date = c.date,
        exited = c.exited_checked,
        wrong = c.wrongly_exited,
        others = c.others_checked,
        missed = c.missed
    );
    let mut next = reg.clone();
    let history = vec![actor.history(
        Subject::Record(Collection::SampleChecks, id.clone()),
        vec![what],
    )];
    next.set(&id, c, &actor.replica, &actor.now);
    commit(store, reg, next, history, msg!(sample_check_recorded)).await
}

/// 群众认可度调查, as typed.
pub async fn record_survey<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    draft: &SurveyDraft,
) -> Outcome {
    let s = exits::survey_from_draft(reg, draft).map_err(IntentError::Invalid)?;
    let id = (actor.new_id)("sv");
    let what = msg!(
        history_survey,
        date = s.date,
        satisfied = s.satisfied,
        respondents = s.respondents
    );
    let mut next = reg.clone();
    let history = vec![actor.history(Subject::Record(Collection::Surveys, id.clone()), vec![what])];
    next.set(&id, s, &actor.replica, &actor.now);
    commit(store, reg, next, history, msg!(survey_recorded)).await
}
