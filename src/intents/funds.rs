//! 资金 as changes: a fund's form, a mutual-aid society's member households, a payment out of a
//! fund (拨付) — beyond what the fund has left it is refused with the figures until a reason is
//! given — and household loans (扶贫小额信贷, 互助资金) with their repayments.

use super::{check_not_overwriting, commit, Actor, IntentError, Outcome};
use crate::domain::codes::FundSource;
use crate::domain::form::describe_edit;
use crate::domain::funds::{self, DisbursementDraft, DisbursementRefusal, FundDraft, LoanDraft};
use crate::domain::helping::fund_room;
use crate::domain::index::Index;
use crate::domain::model::{Collection, Fund, Household, Loan, Registry};
use crate::msg;
use crate::store::{RecordStore, Subject};

fn fund_subject(id: &str) -> Subject {
    Subject::Record(Collection::Funds, id.to_string())
}

/// Saves the fund form as fund `id` (new when `opened` is none); a mutual-aid society's members
/// stay as they are stored.
pub async fn save_fund<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    id: &str,
    draft: &FundDraft,
    opened: Option<&Fund>,
    overwrite: bool,
) -> Outcome {
    let members = reg
        .live::<Fund>(id)
        .map(|f| f.members.clone())
        .unwrap_or_default();
    let body = funds::fund_from_draft(draft, members).map_err(IntentError::Invalid)?;
    check_not_overwriting(reg, id, opened, overwrite)?;
    let before = reg.live::<Fund>(id).map(FundDraft::from_fund);
    let what = describe_edit(before.as_ref(), draft, msg!(history_created));
    let mut next = reg.clone();
    next.set(id, body, &actor.replica, &actor.now);
    let history = vec![actor.history(fund_subject(id), what)];
    commit(store, reg, next, history, msg!(saved)).await
}

/// A mutual-aid society's member households (互助社社员): only for a mutual-aid fund, each a
/// live household.
pub async fn set_members<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    fund_id: &str,
    members: Vec<String>,
) -> Outcome {
    let fund = reg
        .live::<Fund>(fund_id)
        .ok_or(IntentError::Refused(msg!(fund_no_such_fund)))?;
    if fund.source != FundSource::MutualAid {
        return Err(IntentError::Refused(msg!(fund_members_only_mutual_aid)));
    }
    if let Some(gone) = members.iter().find(|m| reg.live::<Household>(m).is_none()) {
        return Err(IntentError::Refused(msg!(
            fund_member_not_household,
            id = gone
        )));
    }
    let mut members = members;
    members.sort();
    members.dedup();
    let what = msg!(history_members_set, count = members.len());
    let mut next = reg.clone();
    next.set(
        fund_id,
        Fund {
            members,
            ..fund.clone()
        },
        &actor.replica,
        &actor.now,
    );
    let history = vec![actor.history(fund_subject(fund_id), vec![what.clone()])];
    commit(store, reg, next, history, what).await
}

/// 拨付: a payment out of fund `fund_id`, as typed. Beyond what the fund has left unpaid it is
/// refused with the figures ([`IntentError::NeedsReason`]) unless the form gives a reason.
pub async fn disburse<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    fund_id: &str,
    draft: &DisbursementDraft,
) -> Outcome {
    let ix = Index::new(reg);
    let room = fund_room(&ix, fund_id).ok_or(IntentError::Refused(msg!(fund_no_such_fund)))?;
    let x = funds::disburse(reg, fund_id, room, draft).map_err(|r| match r {
        DisbursementRefusal::Invalid(e) => IntentError::Invalid(e),
        o @ DisbursementRefusal::Overspend { .. } => IntentError::NeedsReason(o.message()),
    })?;
    let mut what = vec![msg!(
        history_disbursed,
        amount = x.amount_yuan.to_string(),
        payee = &x.payee,
        date = x.date
    )];
    if let Some(why) = &x.overspend_reason {
        what.push(msg!(history_overspend_reason, reason = why));
    }
    let history = vec![actor.history(fund_subject(fund_id), what)];
    let mut next = reg.clone();
    next.set(&(actor.new_id)("d"), x, &actor.replica, &actor.now);
    commit(store, reg, next, history, msg!(disbursement_recorded)).await
}

/// A loan to household `household_id`, as typed.
pub async fn open_loan<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    household_id: &str,
    draft: &LoanDraft,
) -> Outcome {
    let loan = funds::loan_from_draft(reg, household_id, draft).map_err(IntentError::Invalid)?;
    let what = msg!(
        history_loan_opened,
        amount = loan.amount_yuan.to_string(),
        lender = loan.lender.label_key(),
        date = loan.start_date
    );
    let history = vec![actor.history(
        Subject::Record(Collection::Households, household_id.into()),
        vec![what],
    )];
    let mut next = reg.clone();
    next.set(&(actor.new_id)("l"), loan, &actor.replica, &actor.now);
    commit(store, reg, next, history, msg!(loan_recorded)).await
}

/// A repayment of loan `loan_id` (as typed: date, amount).
pub async fn repay<S: RecordStore>(
    store: &S,
    actor: &Actor,
    reg: &Registry,
    loan_id: &str,
    date: &str,
    amount: &str,
) -> Outcome {
    let loan = reg
        .live::<Loan>(loan_id)
        .ok_or(IntentError::Refused(msg!(loan_no_such_loan)))?;
    let repaid = funds::repay(loan, date, amount).map_err(IntentError::Invalid)?;
    let r = repaid
        .repayments
        .iter()
        .find(|r| !loan.repayments.contains(r))
        .cloned();
    let what = r.map_or(msg!(history_edited), |r| {
        msg!(
            history_repaid,
            amount = r.amount_yuan.to_string(),
            date = r.date
        )
    });
    let history = vec![actor.history(
        Subject::Record(Collection::Households, loan.household_id.clone()),
        vec![what],
    )];
    let mut next = reg.clone();
    next.set(loan_id, repaid, &actor.replica, &actor.now);
    commit(store, reg, next, history, msg!(repayment_recorded)).await
}
