//! 推进表 (挂图作战): a task as typed (title, region, 责任单位/责任人, start and due dates, milestones,
//! what it delivers), completing and reopening it, and the table's rows as of a date — days left
//! or overdue (倒排工期), milestones done of all — with its filters.

use super::calc::task_overdue;
use super::codes::InfrastructureItem;
use super::date::Date;
use super::edit::FieldError;
use super::form::{shown, Fields, FormFields};
use super::index::{Index, Scope};
use super::model::*;
use crate::msg;
use crate::text::{Arg, Msg, K};

/// A milestone as typed.
#[derive(Clone, PartialEq, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct MilestoneDraft {
    pub title: String,
    pub due_date: String,
    pub done_date: String,
}

/// The task form as typed.
#[derive(Clone, PartialEq, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct TaskDraft {
    pub title: String,
    pub region_id: String,
    pub owner: String,
    pub unit: String,
    pub start_date: String,
    pub due_date: String,
    pub infrastructure_item: String,
    pub exit_households: String,
    pub note: String,
    pub milestones: Vec<MilestoneDraft>,
}

impl TaskDraft {
    pub fn from_task(t: &Task) -> TaskDraft {
        TaskDraft {
            title: t.title.clone(),
            region_id: t.region_id.clone(),
            owner: t.owner.clone().unwrap_or_default(),
            unit: t.unit.clone().unwrap_or_default(),
            start_date: t.start_date.map(|d| d.to_string()).unwrap_or_default(),
            due_date: t.due_date.to_string(),
            infrastructure_item: t
                .infrastructure_item
                .map(|i| crate::text::Coded::code(i).to_string())
                .unwrap_or_default(),
            exit_households: t.exit_households.map(|n| n.to_string()).unwrap_or_default(),
            note: t.note.clone().unwrap_or_default(),
            milestones: t
                .milestones
                .iter()
                .map(|m| MilestoneDraft {
                    title: m.title.clone(),
                    due_date: m.due_date.to_string(),
                    done_date: m.done_date.map(|d| d.to_string()).unwrap_or_default(),
                })
                .collect(),
        }
    }
}

impl FormFields for TaskDraft {
    fn fields(&self) -> Vec<(&'static str, K, Arg)> {
        vec![
            ("title", K::label_task_title, self.title.as_str().into()),
            ("region_id", K::label_region, self.region_id.as_str().into()),
            ("owner", K::label_task_owner, self.owner.as_str().into()),
            ("unit", K::label_task_unit, self.unit.as_str().into()),
            (
                "start_date",
                K::label_start,
                self.start_date.as_str().into(),
            ),
            ("due_date", K::label_due, self.due_date.as_str().into()),
            (
                "infrastructure_item",
                K::label_delivers_infrastructure,
                shown::<InfrastructureItem>(&self.infrastructure_item),
            ),
            (
                "exit_households",
                K::label_delivers_exits,
                self.exit_households.as_str().into(),
            ),
            ("note", K::label_note, self.note.as_str().into()),
            (
                "milestones",
                K::label_milestones,
                Arg::Text(
                    self.milestones
                        .iter()
                        .map(|m| format!("{} {}", m.due_date, m.title))
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            ),
        ]
    }
}

/// Reads the task form; `done_date` is kept as it is stored (completing is its own change).
pub fn task_from_draft(
    reg: &Registry,
    d: &TaskDraft,
    done_date: Option<Date>,
) -> Result<Task, Vec<FieldError>> {
    let mut f = Fields::default();
    let title = f.required("title", &d.title, 100);
    if reg.live::<Region>(&d.region_id).is_none() {
        f.err("region_id", msg!(form_choose_from_list));
    }
    let owner = f.text("owner", &d.owner, 100);
    let unit = f.text("unit", &d.unit, 200);
    let start = f.date("start_date", &d.start_date);
    let due = f.required_date("due_date", &d.due_date);
    if let (Some(s), Some(e)) = (start, due) {
        if e < s {
            f.err("due_date", msg!(edit_end_before_start, start = s));
        }
    }
    let infrastructure_item =
        f.code::<InfrastructureItem>("infrastructure_item", &d.infrastructure_item);
    let exit_households = match d.exit_households.trim() {
        "" => None,
        _ => f
            .whole("exit_households", &d.exit_households, 1, 1_000_000)
            .map(u64::from),
    };
    let note = f.text("note", &d.note, 2000);
    let mut milestones = Vec::new();
    for (k, m) in d.milestones.iter().enumerate() {
        let title = f.required(&format!("milestones.{k}.title"), &m.title, 100);
        let due = f.required_date(&format!("milestones.{k}.due_date"), &m.due_date);
        let done = f.date(&format!("milestones.{k}.done_date"), &m.done_date);
        if let (Some(title), Some(due_date)) = (title, due) {
            milestones.push(Milestone {
                title,
                due_date,
                done_date: done,
            });
        }
    }
    milestones.sort_by_key(|m| m.due_date);
    let task = match (title, due) {
        (Some(title), Some(due_date)) => Some(Task {
            region_id: d.region_id.clone(),
            title,
            owner,
            unit,
            start_date: start,
            due_date,
            done_date,
            milestones,
            infrastructure_item,
            exit_households,
            note,
        }),
        _ => None,
    };
    f.finish(task)
}

/// Completes a task on `date` (not before it started); an open milestone is completed with it.
pub fn complete(t: &Task, date: Date) -> Result<Task, Msg> {
    if t.done_date.is_some() {
        return Err(msg!(task_already_done));
    }
    if let Some(s) = t.start_date.filter(|s| date < *s) {
        return Err(msg!(edit_end_before_start, start = s));
    }
    let mut out = t.clone();
    out.done_date = Some(date);
    for m in &mut out.milestones {
        m.done_date.get_or_insert(date);
    }
    Ok(out)
}

/// Reopens a completed task (its milestones keep their dates).
pub fn reopen(t: &Task) -> Result<Task, Msg> {
    if t.done_date.is_none() {
        return Err(msg!(task_not_done));
    }
    Ok(Task {
        done_date: None,
        ..t.clone()
    })
}

/// Marks milestone `k` done on `date`, or open again.
pub fn set_milestone(t: &Task, k: usize, done: Option<Date>) -> Result<Task, Msg> {
    let mut out = t.clone();
    let m = out
        .milestones
        .get_mut(k)
        .ok_or_else(|| msg!(task_no_such_milestone))?;
    m.done_date = done;
    Ok(out)
}

/// One line of the progress table as of D.
#[derive(Clone, PartialEq, Debug)]
pub struct TaskRow {
    pub pos: usize,
    pub id: String,
    pub task: Task,
    pub region: Option<usize>,
    pub region_path: String,
    /// Days from D to the due date (negative: overdue by that many); none once done by D.
    pub days_left: Option<i32>,
    pub overdue: bool,
    pub done: bool,
    /// Milestones done by D, of all.
    pub milestones_done: usize,
}

/// Every live task's row as of D: open ones by due date first, then those done.
pub fn task_rows(ix: &Index, d: Date) -> Vec<TaskRow> {
    let reg = ix.reg;
    let mut rows: Vec<TaskRow> = reg
        .tasks
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let t = r.live()?;
            let region = ix.region_pos(t.region_id.as_str()).copied();
            let done = t.done_date.is_some_and(|x| x <= d);
            Some(TaskRow {
                pos: i,
                id: r.id.clone(),
                task: t.clone(),
                region,
                region_path: region.map(|x| ix.region_path(x)).unwrap_or_default(),
                days_left: (!done).then(|| t.due_date.days() - d.days()),
                overdue: task_overdue(t, d),
                done,
                milestones_done: t
                    .milestones
                    .iter()
                    .filter(|m| m.done_date.is_some_and(|x| x <= d))
                    .count(),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        a.done
            .cmp(&b.done)
            .then(a.task.due_date.cmp(&b.task.due_date))
            .then(a.id.cmp(&b.id))
    });
    rows
}

/// What the table is narrowed to.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct TaskFilters {
    /// Tasks of this region or below it.
    pub region: Option<usize>,
    /// 责任人 or 责任单位 containing this.
    pub person: String,
    pub overdue_only: bool,
    /// Open and due within this many days of D.
    pub due_within: Option<i32>,
    /// Show tasks done too.
    pub with_done: bool,
}

pub fn filter_tasks(ix: &Index, rows: &[TaskRow], f: &TaskFilters) -> Vec<usize> {
    let person = f.person.trim();
    rows.iter()
        .enumerate()
        .filter(|(_, r)| {
            (f.with_done || !r.done || f.overdue_only)
                && (!f.overdue_only || r.overdue)
                && f.region.is_none_or(|s| {
                    r.region
                        .is_some_and(|x| ix.region_in_scope(x, Scope::Region(s)))
                })
                && (person.is_empty()
                    || r.task.owner.as_deref().is_some_and(|o| o.contains(person))
                    || r.task.unit.as_deref().is_some_and(|u| u.contains(person)))
                && f.due_within
                    .is_none_or(|n| r.days_left.is_some_and(|left| (0..=n).contains(&left)))
        })
        .map(|(k, _)| k)
        .collect()
}
