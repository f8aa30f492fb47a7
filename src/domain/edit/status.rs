//! The changes to a household that have forms of their own: a status change (with the exit
//! check and its override), relapse monitoring periods, and the identification steps. Each gives
//! the household with the entry added, or says why not.

use crate::domain::calc::{self, ExitCheck};
use crate::domain::codes::*;
use crate::domain::date::Date;
use crate::domain::model::*;
use crate::domain::rules::Rules;
use crate::text::{Locale, Msg};
use crate::{msg, tr};

/// A status change (识别、脱贫、返贫、清退) with its reason. An exit shows the household exit check
/// for the year of the date first; a failing check needs an explicit override with a reason.
#[derive(Clone, PartialEq, Debug)]
pub enum StatusChange {
    Recorded(Box<Household>),
    /// The exit check fails or has unknowns: the caller must show it and ask for an override.
    NeedsOverride(ExitCheck),
    Refused(Msg),
}

pub fn change_status(
    h: &Household,
    date: Date,
    status: Status,
    reason: &str,
    override_reason: Option<&str>,
    rules: &Rules,
) -> StatusChange {
    if let Some(last) = h.status_events.last() {
        if date < last.date {
            return StatusChange::Refused(msg!(edit_date_before_last_change, last = last.date));
        }
    }
    if calc::status_at(h, date) == Some(status) {
        return StatusChange::Refused(msg!(
            edit_already_in_status,
            date = date,
            status = status.label_key()
        ));
    }
    let mut reason = reason.trim().to_string();
    if status == Status::Exited {
        let check = calc::exit_check(h, date.year(), rules);
        if !check.passes() {
            match override_reason.map(str::trim).filter(|r| !r.is_empty()) {
                None => return StatusChange::NeedsOverride(check),
                Some(why) => {
                    // The record keeps its reasons in Chinese, the language of the ledger.
                    let failed: Vec<&str> = check
                        .failed()
                        .chain(check.unknown())
                        .map(|c| c.label(Locale::Zh))
                        .collect();
                    reason = tr!(
                        Locale::Zh,
                        edit_exit_override_reason,
                        reason = reason,
                        failed = failed.join("、"),
                        why = why
                    )
                    .trim()
                    .to_string();
                }
            }
        }
    }
    if reason.is_empty() {
        return StatusChange::Refused(msg!(edit_enter_reason_change));
    }
    let mut out = h.clone();
    out.status_events.push(StatusEvent {
        date,
        status,
        reason: Some(reason),
    });
    StatusChange::Recorded(Box::new(out))
}

/// Puts a household under relapse monitoring (纳入防返贫监测) from `start`, in a category.
/// Refused while another period is open (end it first) or with a note over 2,000 characters.
pub fn start_monitoring(
    h: &Household,
    category: MonitoringCategory,
    start: Date,
    note: &str,
) -> Result<Household, Msg> {
    if let Some(open) = h.monitoring.iter().find(|m| m.end_date.is_none()) {
        return Err(msg!(
            edit_already_monitored,
            category = open.category.label_key(),
            since = open.start_date
        ));
    }
    let note = note.trim();
    if note.chars().count() > 2000 {
        return Err(msg!(edit_note_has_most_2_000));
    }
    let mut out = h.clone();
    out.monitoring.push(Monitoring {
        category,
        start_date: start,
        end_date: None,
        note: (!note.is_empty()).then(|| note.to_string()),
    });
    Ok(out)
}

/// Ends the open monitoring period on `end` (风险消除), not before it began.
pub fn end_monitoring(h: &Household, end: Date) -> Result<Household, Msg> {
    let mut out = h.clone();
    let Some(open) = out.monitoring.iter_mut().find(|m| m.end_date.is_none()) else {
        return Err(msg!(edit_no_monitoring_period_open));
    };
    if end < open.start_date {
        return Err(msg!(edit_end_before_start, start = open.start_date));
    }
    open.end_date = Some(end);
    Ok(out)
}

/// 一核二看三比四评议五公示: the household with its next identification step recorded on `date`
/// with its result and note. Approval that passes registers the household as poor (建档立卡) that
/// day. Refused when every step is done or the date is before the previous step.
pub fn record_identification_step(
    h: &Household,
    date: Date,
    result: StepResult,
    note: &str,
) -> Result<Household, Msg> {
    let stage = crate::domain::analysis::identification_stage(h);
    let step = *IdentificationStep::ALL
        .get(stage)
        .ok_or_else(|| msg!(edit_identification_complete))?;
    if h.identification.last().is_some_and(|e| e.date > date) {
        return Err(msg!(edit_step_before_previous));
    }
    let note = note.trim();
    if note.chars().count() > 2000 {
        return Err(msg!(edit_note_has_most_2_000));
    }
    let mut out = h.clone();
    out.identification.push(IdentificationEntry {
        step,
        date,
        result,
        note: (!note.is_empty()).then(|| note.to_string()),
    });
    if step == IdentificationStep::Approve
        && result == StepResult::Pass
        && out.status_events.last().is_none_or(|e| e.date <= date)
    {
        out.status_events.push(StatusEvent {
            date,
            status: Status::Poor,
            reason: Some(tr!(Locale::Zh, record_reason_approved).into()),
        });
    }
    Ok(out)
}
