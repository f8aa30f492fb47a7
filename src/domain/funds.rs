//! 资金 as changes: a fund as typed, a disbursement (拨付) out of it — refused beyond what the
//! fund holds unless a reason to go over is given — and household loans (扶贫小额信贷, 互助资金)
//! with their repayments.

use super::codes::{FundSource, LenderKind};
use super::edit::FieldError;
use super::form::{shown, Fields, FormFields};
use super::helping::{loan_outstanding, FundRoom};
use super::model::*;
use super::money::Fen;
use crate::msg;
use crate::text::{Arg, Msg, K};

/// The fund form as typed.
#[derive(Clone, PartialEq, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct FundDraft {
    pub name: String,
    pub source: String,
    pub year: String,
    pub amount: String,
    pub region_id: String,
}

impl FundDraft {
    pub fn from_fund(f: &Fund) -> FundDraft {
        FundDraft {
            name: f.name.clone(),
            source: f.source.code().to_string(),
            year: f.year.to_string(),
            amount: f.amount_yuan.to_string(),
            region_id: f.region_id.clone().unwrap_or_default(),
        }
    }
}

/// Reads the fund form; `members` (a mutual-aid society's households) are kept as they were.
pub fn fund_from_draft(d: &FundDraft, members: Vec<String>) -> Result<Fund, Vec<FieldError>> {
    let mut f = Fields::default();
    let name = f.required("name", &d.name, 100);
    let source = f.required_code::<FundSource>("source", &d.source);
    let year = f.year("year", &d.year);
    let amount = f.required_money("amount", &d.amount);
    let region_id = (!d.region_id.is_empty()).then(|| d.region_id.clone());
    let fund = match (name, source, year, amount) {
        (Some(name), Some(source), Some(year), Some(amount_yuan)) => Some(Fund {
            name,
            source,
            year,
            amount_yuan,
            region_id,
            members,
        }),
        _ => None,
    };
    f.finish(fund)
}

/// The disbursement form as typed.
#[derive(Clone, PartialEq, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct DisbursementDraft {
    pub date: String,
    pub amount: String,
    pub payee: String,
    pub voucher: String,
    pub assistance_id: String,
    pub override_reason: String,
}

/// Why a disbursement was refused.
#[derive(Clone, PartialEq, Debug)]
pub enum DisbursementRefusal {
    Invalid(Vec<FieldError>),
    /// Beyond what is left of the fund: the figures, to show and ask for a reason.
    Overspend {
        room: FundRoom,
        amount: Fen,
    },
}

impl DisbursementRefusal {
    pub fn message(&self) -> Msg {
        match self {
            DisbursementRefusal::Invalid(e) => msg!(intent_form_has_errors, count = e.len()),
            DisbursementRefusal::Overspend { room, amount } => msg!(
                disbursement_overspend,
                amount = amount.to_string(),
                left = room.unspent().to_string(),
                total = room.amount.to_string()
            ),
        }
    }
}

/// 拨付 out of fund `fund_id`, whose figures now are `room`. Beyond what is left unspent it is
/// refused with the figures, unless the form gives a reason to go over.
pub fn disburse(
    reg: &Registry,
    fund_id: &str,
    room: FundRoom,
    d: &DisbursementDraft,
) -> Result<Disbursement, DisbursementRefusal> {
    let mut x = read_disbursement(reg, fund_id, d).map_err(DisbursementRefusal::Invalid)?;
    let over = x.amount_yuan.0 > room.unspent().0;
    match (over, x.overspend_reason.is_some()) {
        (true, false) => Err(DisbursementRefusal::Overspend {
            room,
            amount: x.amount_yuan,
        }),
        (false, _) => {
            x.overspend_reason = None;
            Ok(x)
        }
        (true, true) => Ok(x),
    }
}

/// The payment form's fields read, whatever the fund holds (the reason to go over kept as typed).
pub fn read_disbursement(
    reg: &Registry,
    fund_id: &str,
    d: &DisbursementDraft,
) -> Result<Disbursement, Vec<FieldError>> {
    let mut f = Fields::default();
    let date = f.required_date("date", &d.date);
    let amount = f.required_money("amount", &d.amount);
    let payee = f.required("payee", &d.payee, 100);
    let voucher = f.text("voucher", &d.voucher, 100);
    let assistance_id = (!d.assistance_id.is_empty()).then(|| d.assistance_id.clone());
    if assistance_id
        .as_deref()
        .is_some_and(|a| reg.live::<Assistance>(a).is_none())
    {
        f.err("assistance_id", msg!(form_choose_from_list));
    }
    let reason = f.text("override_reason", &d.override_reason, 2000);
    let x = match (date, amount, payee) {
        (Some(date), Some(amount_yuan), Some(payee)) => Some(Disbursement {
            fund_id: fund_id.to_string(),
            date,
            amount_yuan,
            payee,
            voucher,
            assistance_id,
            overspend_reason: reason,
        }),
        _ => None,
    };
    f.finish(x)
}

/// The loan form as typed.
#[derive(Clone, PartialEq, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct LoanDraft {
    pub lender: String,
    pub lender_name: String,
    pub fund_id: String,
    pub amount: String,
    pub start_date: String,
    pub term_months: String,
    pub interest_subsidy: String,
}

pub fn loan_from_draft(
    reg: &Registry,
    household_id: &str,
    d: &LoanDraft,
) -> Result<Loan, Vec<FieldError>> {
    let mut f = Fields::default();
    let lender = f.required_code::<LenderKind>("lender", &d.lender);
    let lender_name = f.text("lender_name", &d.lender_name, 100);
    let fund_id = (!d.fund_id.is_empty()).then(|| d.fund_id.clone());
    match (lender, &fund_id) {
        (Some(LenderKind::MutualAid), None) => {
            f.err("fund_id", msg!(file_mutual_aid_loan_needs_fund))
        }
        (_, Some(id)) if reg.live::<Fund>(id).is_none() => {
            f.err("fund_id", msg!(form_choose_from_list))
        }
        _ => {}
    }
    let amount = f.required_money("amount", &d.amount);
    let start = f.required_date("start_date", &d.start_date);
    let term = f.whole("term_months", &d.term_months, 1, 600);
    let subsidy = f.money("interest_subsidy", &d.interest_subsidy);
    if reg.live::<Household>(household_id).is_none() {
        f.err("household_id", msg!(intent_no_such_household));
    }
    let loan = match (lender, amount, start, term) {
        (Some(lender), Some(amount_yuan), Some(start_date), Some(term_months)) => Some(Loan {
            household_id: household_id.to_string(),
            lender,
            lender_name,
            fund_id,
            amount_yuan,
            start_date,
            term_months,
            interest_subsidy_yuan: subsidy,
            repayments: Vec::new(),
        }),
        _ => None,
    };
    f.finish(loan)
}

/// A repayment on `date` of `amount` (as typed): not before the loan started, not more than is
/// owed then.
pub fn repay(loan: &Loan, date: &str, amount: &str) -> Result<Loan, Vec<FieldError>> {
    let mut f = Fields::default();
    let date = f.required_date("repay_date", date);
    let amount = f.required_money("repay_amount", amount);
    if let Some(d) = date {
        if d < loan.start_date {
            f.err(
                "repay_date",
                msg!(file_repaid_before_start, date = d, start = loan.start_date),
            );
        }
        if let Some(a) = amount {
            let owed = loan_outstanding(loan, d.max(loan.start_date));
            if a.0 > owed.0 {
                f.err(
                    "repay_amount",
                    msg!(loan_repay_more_than_owed, owed = owed.to_string()),
                );
            }
        }
    }
    let out = date.zip(amount).map(|(date, amount_yuan)| {
        let mut l = loan.clone();
        l.repayments.push(Repayment { date, amount_yuan });
        l.repayments.sort_by_key(|r| r.date);
        l
    });
    f.finish(out)
}

impl FormFields for FundDraft {
    fn fields(&self) -> Vec<(&'static str, K, Arg)> {
        vec![
            ("name", K::label_fund_name, self.name.as_str().into()),
            (
                "source",
                K::label_fund_source,
                shown::<FundSource>(&self.source),
            ),
            ("year", K::label_fund_year, self.year.as_str().into()),
            ("amount", K::label_fund_amount, self.amount.as_str().into()),
            (
                "region_id",
                K::label_fund_region,
                self.region_id.as_str().into(),
            ),
        ]
    }
}
