//! 能人结对帮扶 as changes: a helper's form, retiring a helper, pairing a household with a helper,
//! ending a pairing, transferring a household to another helper, and a visit (走访记录). Pairing
//! changes are written into the history of both the household and the helper.

use super::{check_not_overwriting, commit, Actor, IntentError, Outcome};
use crate::domain::calc::pairing_active;
use crate::domain::codes::PairingEndReason;
use crate::domain::date::Date;
use crate::domain::form::describe_edit;
use crate::domain::model::{Collection, Helper, Household, Pairing, Region, Registry};
use crate::domain::pairing::{self, HelperDraft, VisitDraft};
use crate::msg;
use crate::store::{HistoryEntry, RecordStore, Subject};
use crate::text::Msg;

fn helper_subject(id: &str) -> Subject {
    Subject::Record(Collection::Helpers, id.to_string())
}

fn household_subject(id: &str) -> Subject {
    Subject::Record(Collection::Households, id.to_string())
}

/// One sentence in the history of both sides of a pairing.
fn both_sides(actor: &Actor, p: &Pairing, what: Msg) -> Vec<HistoryEntry> {
    vec![
        actor.history(household_subject(&p.household_id), vec![what.clone()]),
        actor.history(helper_subject(&p.helper_id), vec![what]),
    ]
}

fn helper_name(reg: &Registry, id: &str) -> String {
    reg.live::<Helper>(id)
        .map(|h| h.name.clone())
        .unwrap_or_else(|| id.to_string())
}

fn household_name(reg: &Registry, id: &str) -> String {
    reg.live::<Household>(id)
        .and_then(|h| h.head())
        .map(|m| m.name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// Saves the helper form as helper `id` (new when `opened` is none). Refused field by field
/// while the form has errors, and with [`IntentError::WouldOverwrite`] when the stored helper
/// changed since the form opened, unless `overwrite`.
pub async fn save_helper<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    id: &str,
    draft: &HelperDraft,
    opened: Option<&Helper>,
    overwrite: bool,
) -> Outcome {
    let body = pairing::helper_from_draft(draft, |r| reg.live::<Region>(r).is_some())
        .map_err(IntentError::Invalid)?;
    check_not_overwriting(reg, id, opened, overwrite)?;
    let before = reg.live::<Helper>(id).map(HelperDraft::from_helper);
    let what = describe_edit(before.as_ref(), draft, msg!(history_created));
    let mut next = reg.clone();
    next.set(id, body, &actor.replica, &actor.now);
    let history = vec![actor.history(helper_subject(id), what)];
    commit(store, reg, next, history, msg!(saved)).await
}

/// The helper no longer helps from `date` (moved, retired): the helper is kept with the date,
/// and every pairing still running then ends on it (helper moved), so those households show as
/// unpaired until paired again.
pub async fn retire_helper<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    id: &str,
    date: Date,
) -> Outcome {
    let helper = reg
        .live::<Helper>(id)
        .ok_or(IntentError::Refused(msg!(pairing_no_such_helper)))?;
    if helper.retired.is_some() {
        return Err(IntentError::Refused(msg!(helper_already_retired)));
    }
    let mut next = reg.clone();
    next.set(
        id,
        Helper {
            retired: Some(date),
            ..helper.clone()
        },
        &actor.replica,
        &actor.now,
    );
    let mut history = vec![actor.history(
        helper_subject(id),
        vec![msg!(history_helper_retired, date = date)],
    )];
    let running: Vec<(String, Pairing)> = reg
        .pairings
        .iter()
        .filter_map(|r| Some((r.id.clone(), r.live()?.clone())))
        .filter(|(_, p)| p.helper_id == id && p.end_date.is_none())
        .collect();
    for (pid, p) in &running {
        let ended =
            pairing::end_pairing(p, date.max(p.start_date), PairingEndReason::HelperMoved, "")
                .map_err(IntentError::Refused)?;
        next.set(pid, ended, &actor.replica, &actor.now);
        history.push(actor.history(
            household_subject(&p.household_id),
            vec![msg!(
                history_pairing_ended,
                helper = &helper.name,
                date = date,
                reason = PairingEndReason::HelperMoved.label_key()
            )],
        ));
    }
    let said = msg!(helper_retired, name = &helper.name, count = running.len());
    commit(store, reg, next, history, said).await
}

/// 结对: household `household_id` is helped by helper `helper_id` from `start`.
pub async fn pair<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    helper_id: &str,
    household_id: &str,
    start: Date,
) -> Outcome {
    let p = pairing::pair(reg, helper_id, household_id, start).map_err(IntentError::Refused)?;
    let what = msg!(
        history_paired,
        helper = helper_name(reg, helper_id),
        household = household_name(reg, household_id),
        date = start
    );
    let history = both_sides(actor, &p, what.clone());
    let mut next = reg.clone();
    next.set(&(actor.new_id)("pr"), p, &actor.replica, &actor.now);
    commit(store, reg, next, history, what).await
}

/// Ends pairing `pairing_id` on `date` for `reason` (a note says more).
pub async fn end_pairing<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    pairing_id: &str,
    date: Date,
    reason: PairingEndReason,
    note: &str,
) -> Outcome {
    let p = reg
        .live::<Pairing>(pairing_id)
        .ok_or(IntentError::Refused(msg!(pairing_no_such_pairing)))?;
    let ended = pairing::end_pairing(p, date, reason, note).map_err(IntentError::Refused)?;
    let what = msg!(
        history_pairing_ended,
        helper = helper_name(reg, &p.helper_id),
        date = date,
        reason = reason.label_key()
    );
    let history = both_sides(actor, p, what.clone());
    let mut next = reg.clone();
    next.set(pairing_id, ended, &actor.replica, &actor.now);
    commit(store, reg, next, history, what).await
}

/// 转交: the household of pairing `pairing_id` goes to helper `to_helper` on `date`, in one
/// change (the old pairing ends as transferred, the new one starts that day).
pub async fn transfer<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    pairing_id: &str,
    to_helper: &str,
    date: Date,
) -> Outcome {
    let (ended, started) =
        pairing::transfer(reg, pairing_id, to_helper, date).map_err(IntentError::Refused)?;
    let what = msg!(
        history_transferred,
        from = helper_name(reg, &ended.helper_id),
        to = helper_name(reg, to_helper),
        date = date
    );
    let mut history = both_sides(actor, &ended, what.clone());
    history.push(actor.history(helper_subject(to_helper), vec![what.clone()]));
    let mut next = reg.clone();
    next.set(pairing_id, ended, &actor.replica, &actor.now);
    next.set(&(actor.new_id)("pr"), started, &actor.replica, &actor.now);
    commit(store, reg, next, history, what).await
}

/// 走访记录: a visit of pairing `pairing_id`, as typed.
pub async fn record_visit<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    pairing_id: &str,
    draft: &VisitDraft,
) -> Outcome {
    let p = reg
        .live::<Pairing>(pairing_id)
        .ok_or(IntentError::Refused(msg!(pairing_no_such_pairing)))?;
    let v = pairing::visit(pairing_id, p, draft, actor.today).map_err(IntentError::Invalid)?;
    let what = msg!(
        history_visited,
        helper = helper_name(reg, &p.helper_id),
        date = v.date
    );
    let history = both_sides(actor, p, what);
    let mut next = reg.clone();
    next.set(&(actor.new_id)("vi"), v, &actor.replica, &actor.now);
    commit(store, reg, next, history, msg!(visit_recorded)).await
}

/// The pairings of household `household_id` running on `d`, with their ids.
pub fn running_pairings<'a>(
    reg: &'a Registry,
    household_id: &str,
    d: Date,
) -> Vec<(&'a str, &'a Pairing)> {
    reg.pairings
        .iter()
        .filter_map(|r| Some((r.id.as_str(), r.live()?)))
        .filter(|(_, p)| p.household_id == household_id && pairing_active(p, d))
        .collect()
}
