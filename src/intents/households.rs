//! Changes to one household: its form, status changes (with the exit check), identification
//! steps, relapse monitoring.

use super::{commit, Actor, IntentError, Outcome};
use crate::domain::codes::{IdentificationStep, MonitoringCategory, Status, StepResult};
use crate::domain::date::Date;
use crate::domain::edit::{self, HouseholdDraft, StatusChange};
use crate::domain::model::{Collection, Household, Registry};
use crate::domain::rules::Rules;
use crate::msg;
use crate::store::{RecordStore, Subject};
use crate::text::Msg;

/// Saves household `id` as `body` (a new version from this replica), with the change history.
pub async fn save<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    id: &str,
    body: Household,
    said: Msg,
) -> Outcome {
    let before = reg.live::<Household>(id).cloned();
    let what = edit::describe_change(before.as_ref(), &body);
    let next = edit::put_household(reg, id, body, &actor.replica, &actor.now);
    let history = vec![actor.history(Subject::Record(Collection::Households, id.into()), what)];
    commit(store, reg, next, history, said).await
}

/// Saves the household form. `opened` is the household as the form first showed it (none for a
/// new household). The form's fields go over the household as stored now, so what another tab
/// recorded meanwhile (a status change, monitoring) is kept; where the stored form fields
/// themselves changed, the save is refused with [`IntentError::WouldOverwrite`] unless
/// `overwrite` allows it.
pub async fn save_form<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    id: &str,
    draft: &HouseholdDraft,
    opened: Option<&Household>,
    overwrite: bool,
) -> Outcome {
    let stored = reg.live::<Household>(id);
    let (body, overwrites) = edit::household_to_save(draft, opened, stored, actor.today)
        .map_err(IntentError::Invalid)?;
    if overwrites && !overwrite {
        return Err(IntentError::WouldOverwrite);
    }
    save(store, actor, reg, id, body, msg!(saved)).await
}

fn household<'a>(reg: &'a Registry, id: &str) -> Result<&'a Household, IntentError> {
    reg.live::<Household>(id)
        .ok_or(IntentError::Refused(msg!(intent_no_such_household)))
}

/// 状态变动: records a dated move into `status` with its reason. An exit whose check is not met
/// in full is refused with the check ([`IntentError::NeedsOverride`]) until a reason to exit
/// anyway is given.
#[allow(clippy::too_many_arguments)]
pub async fn change_status<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    id: &str,
    date: Date,
    status: Status,
    reason: &str,
    override_reason: Option<&str>,
) -> Outcome {
    let h = household(reg, id)?;
    let rules = Rules::new(&reg.settings);
    match edit::change_status(h, date, status, reason, override_reason, &rules) {
        StatusChange::NeedsOverride(check) => Err(IntentError::NeedsOverride(Box::new(check))),
        StatusChange::Refused(m) => Err(IntentError::Refused(m)),
        StatusChange::Recorded(h) => {
            save(store, actor, reg, id, *h, msg!(status_change_recorded)).await
        }
    }
}

/// 一核二看三比四评议五公示: records the household's next identification step.
pub async fn record_identification_step<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    id: &str,
    date: Date,
    result: StepResult,
    note: &str,
) -> Outcome {
    let h = household(reg, id)?;
    let next =
        edit::record_identification_step(h, date, result, note).map_err(IntentError::Refused)?;
    save(
        store,
        actor,
        reg,
        id,
        next,
        msg!(identification_step_recorded),
    )
    .await
}

/// 纳入防返贫监测.
pub async fn start_monitoring<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    id: &str,
    category: MonitoringCategory,
    date: Date,
    note: &str,
) -> Outcome {
    let h = household(reg, id)?;
    let next = edit::start_monitoring(h, category, date, note).map_err(IntentError::Refused)?;
    save(store, actor, reg, id, next, msg!(monitoring_started)).await
}

/// Ends the open monitoring period (风险消除).
pub async fn end_monitoring<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    id: &str,
    date: Date,
) -> Outcome {
    let h = household(reg, id)?;
    let next = edit::end_monitoring(h, date).map_err(IntentError::Refused)?;
    save(store, actor, reg, id, next, msg!(monitoring_ended)).await
}

/// The step an identification would record next, if any.
pub fn next_identification_step(h: &Household) -> Option<IdentificationStep> {
    IdentificationStep::ALL
        .get(crate::domain::analysis::identification_stage(h))
        .copied()
}
