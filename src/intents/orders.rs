//! 菜单式扶持 as changes: the county's menu (add, edit, retire a measure), a household's or a
//! village's order from it (点菜), and moving an order one step. Approving an order beyond what
//! its fund has left is refused with the figures ([`IntentError::NeedsReason`]) until a reason
//! to go over is given.

use super::{check_not_overwriting, commit, Actor, IntentError, Outcome};
use crate::domain::codes::AssistanceStatus;
use crate::domain::date::Date;
use crate::domain::form::describe_edit;
use crate::domain::helping::fund_room;
use crate::domain::index::Index;
use crate::domain::model::{Assistance, Collection, Fund, Measure, Registry};
use crate::domain::orders::{self, MeasureDraft, OrderDraft, OrderFor, OrderRefusal};
use crate::msg;
use crate::store::{RecordStore, Subject};
use crate::text::Msg;

/// Saves the menu form as measure `id` (new when `opened` is none).
pub async fn save_measure<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    id: &str,
    draft: &MeasureDraft,
    opened: Option<&Measure>,
    overwrite: bool,
) -> Outcome {
    let body = orders::measure_from_draft(draft).map_err(IntentError::Invalid)?;
    check_not_overwriting(reg, id, opened, overwrite)?;
    let before = reg.live::<Measure>(id).map(MeasureDraft::from_measure);
    let what = describe_edit(before.as_ref(), draft, msg!(history_created));
    let mut next = reg.clone();
    next.set(id, body, &actor.replica, &actor.now);
    let history = vec![actor.history(Subject::Record(Collection::Measures, id.into()), what)];
    commit(store, reg, next, history, msg!(saved)).await
}

/// Where an order's history is kept: its household's, or its village's.
fn order_subject(a: &Assistance) -> Subject {
    match (&a.household_id, &a.village_id) {
        (Some(h), _) => Subject::Record(Collection::Households, h.clone()),
        (None, Some(v)) => Subject::Record(Collection::Regions, v.clone()),
        (None, None) => Subject::Registry,
    }
}

fn measure_name(reg: &Registry, id: &str) -> String {
    reg.live::<Measure>(id)
        .map(|m| m.name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// 点菜: a new order as typed, saved as requested on `date`.
pub async fn order<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    whose: OrderFor<'_>,
    draft: &OrderDraft,
    date: Date,
) -> Outcome {
    let a = orders::order(reg, whose, draft, date, &actor.who).map_err(IntentError::Invalid)?;
    let what = msg!(
        history_ordered,
        measure = measure_name(reg, &a.measure_id),
        year = a.year
    );
    let history = vec![actor.history(order_subject(&a), vec![what])];
    let mut next = reg.clone();
    next.set(&(actor.new_id)("a"), a, &actor.replica, &actor.now);
    commit(store, reg, next, history, msg!(order_saved)).await
}

/// Moves order `id` one step on `date` (to `to`, or the next step; only cancelling skips).
/// Approval charges the order's fund: beyond what is left it is refused with the figures,
/// unless `override_reason` says why it may go over (kept with the order).
pub async fn advance<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    id: &str,
    to: Option<AssistanceStatus>,
    date: Date,
    override_reason: Option<&str>,
) -> Outcome {
    let a = reg
        .live::<Assistance>(id)
        .ok_or(IntentError::Refused(msg!(order_no_such_order)))?;
    let ix = Index::new(reg);
    let room = a.fund_id.as_deref().and_then(|f| {
        let name = reg.live::<Fund>(f)?.name.as_str();
        Some((name, fund_room(&ix, f)?))
    });
    let moved =
        orders::advance(a, to, date, &actor.who, room, override_reason).map_err(|r| match r {
            OrderRefusal::Refused(m) => IntentError::Refused(m),
            o @ OrderRefusal::Overspend { .. } => IntentError::NeedsReason(o.message()),
        })?;
    let what: Msg = msg!(
        history_order_moved,
        measure = measure_name(reg, &a.measure_id),
        status = moved.status.label_key(),
        date = date
    );
    let mut history = vec![actor.history(order_subject(a), vec![what.clone()])];
    if let Some(why) = &moved.overspend_reason {
        if a.overspend_reason.is_none() {
            history.push(actor.history(
                order_subject(a),
                vec![msg!(history_overspend_reason, reason = why)],
            ));
        }
    }
    let mut next = reg.clone();
    next.set(id, moved, &actor.replica, &actor.now);
    commit(store, reg, next, history, what).await
}
