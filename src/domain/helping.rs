//! The helping half's figures (帮扶): pairing coverage of the poor, orders by state, loans
//! outstanding and overdue, a helper's households, and the plans (一户一法, 一村一策) of a
//! household and of a village. One function each; pages, reports and tests call these.

use std::collections::HashSet;

use super::calc::{self, assistance_village};
use super::codes::AssistanceStatus;
use super::date::Date;
use super::index::{HouseholdLine, Index, Scope};
use super::model::*;
use super::money::{Fen, Ratio};

/// 结对覆盖: poor households at D and how many of them have a helper then.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct PairingCoverage {
    pub poor_households: u64,
    pub paired: u64,
}

impl PairingCoverage {
    pub fn share(&self) -> Option<Ratio> {
        Ratio::new(self.paired as i128, self.poor_households as i128)
    }
    /// Poor households without a helper (the quality page's "poor and unpaired").
    pub fn unpaired(&self) -> u64 {
        self.poor_households - self.paired
    }
}

/// The households with a live, active pairing at D to a live helper still helping then.
pub fn paired_households<'a>(ix: &Index<'a>, d: Date) -> HashSet<&'a str> {
    calc::active_pairings(ix, d)
        .map(|(h, _)| ix.reg.households[h].id.as_str())
        .collect()
}

pub fn pairing_coverage(ix: &Index, scope: Scope, d: Date) -> PairingCoverage {
    let paired = paired_households(ix, d);
    let mut out = PairingCoverage::default();
    for (i, h) in ix.households_in(scope) {
        if calc::is_poor(calc::status_at(h, d)) {
            out.poor_households += 1;
            if paired.contains(ix.reg.households[i].id.as_str()) {
                out.paired += 1;
            }
        }
    }
    out
}

/// Orders and projects of the scope in one state: how many, and their amount.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct OrdersInState {
    pub status: AssistanceStatus,
    pub count: u64,
    pub amount: Fen,
}

/// Every live order and village project of the scope, counted by state (of the years up to
/// `year`), in the order of the states.
pub fn orders_by_status(ix: &Index, scope: Scope, year: i32) -> Vec<OrdersInState> {
    let mut out: Vec<OrdersInState> = AssistanceStatus::ALL
        .iter()
        .map(|&status| OrdersInState {
            status,
            count: 0,
            amount: Fen::ZERO,
        })
        .collect();
    for a in ix.reg.assistance.iter().filter_map(|a| a.live()) {
        if a.year > year || !assistance_village(ix, a).is_some_and(|v| ix.region_in_scope(v, scope))
        {
            continue;
        }
        if let Some(e) = out.iter_mut().find(|e| e.status == a.status) {
            e.count += 1;
            e.amount += a.amount_yuan.unwrap_or(Fen::ZERO);
        }
    }
    out
}

/// What is still owed on a loan at D: its amount less what was repaid by then (nothing before
/// it starts, never below zero).
pub fn loan_outstanding(loan: &Loan, d: Date) -> Fen {
    if loan.start_date > d {
        return Fen::ZERO;
    }
    let repaid: Fen = loan
        .repayments
        .iter()
        .filter(|r| r.date <= d)
        .map(|r| r.amount_yuan)
        .sum();
    Fen((loan.amount_yuan.0 - repaid.0).max(0))
}

/// 逾期: something is still owed after the loan fell due.
pub fn loan_overdue(loan: &Loan, d: Date) -> bool {
    loan.due_date() < d && loan_outstanding(loan, d).0 > 0
}

/// Loans of the scope's households at D: those outstanding and those overdue, counted and summed.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct LoanBook {
    pub outstanding_count: u64,
    pub outstanding: Fen,
    pub overdue_count: u64,
    pub overdue: Fen,
}

pub fn loan_book(ix: &Index, scope: Scope, d: Date) -> LoanBook {
    let mut out = LoanBook::default();
    for l in ix.reg.loans.iter().filter_map(|l| l.live()) {
        let Some(&h) = ix.household_pos.get(l.household_id.as_str()) else {
            continue;
        };
        if !ix.household_in_scope(h, scope) {
            continue;
        }
        let owed = loan_outstanding(l, d);
        if owed.0 > 0 {
            out.outstanding_count += 1;
            out.outstanding += owed;
            if loan_overdue(l, d) {
                out.overdue_count += 1;
                out.overdue += owed;
            }
        }
    }
    out
}

/// A household paired with a helper, as the helper's page lists it.
#[derive(Clone, PartialEq, Debug)]
pub struct HelperHousehold {
    pub pairing_id: String,
    pub household: HouseholdLine,
    pub since: Date,
    pub until: Option<Date>,
    pub status: Option<super::codes::Status>,
    pub visits: usize,
}

/// Every pairing of a helper (active first, then ended), with its household and visits.
pub fn helper_households(ix: &Index, helper_id: &str, d: Date) -> Vec<HelperHousehold> {
    let reg = ix.reg;
    let mut out: Vec<HelperHousehold> = reg
        .pairings
        .iter()
        .filter_map(|p| Some((p.id.as_str(), p.live()?)))
        .filter(|(_, p)| p.helper_id == helper_id)
        .filter_map(|(pid, p)| {
            let &h = ix.household_pos.get(p.household_id.as_str())?;
            let body = reg.households[h].live()?;
            Some(HelperHousehold {
                pairing_id: pid.to_string(),
                household: ix.household_line(h),
                since: p.start_date,
                until: p.end_date,
                status: calc::status_at(body, d),
                visits: reg
                    .visits
                    .iter()
                    .filter_map(|v| v.live())
                    .filter(|v| v.pairing_id == pid)
                    .count(),
            })
        })
        .collect();
    out.sort_by_key(|x| (x.until.is_some_and(|u| u <= d), std::cmp::Reverse(x.since)));
    out
}

/// One line of a plan: an order of a household or a village project.
#[derive(Clone, PartialEq, Debug)]
pub struct PlanEntry {
    pub assistance_id: String,
    /// The household's head, or empty for the village's own project.
    pub household: Option<HouseholdLine>,
    pub measure: String,
    pub quantity: Option<f64>,
    pub unit: String,
    pub amount: Option<Fen>,
    pub status: AssistanceStatus,
}

/// 一村一策: a village's plan for a year — every order of its households and its own projects —
/// with the amount of what is not cancelled.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct VillagePlan {
    pub entries: Vec<PlanEntry>,
    pub total: Fen,
}

pub fn village_plan(ix: &Index, village: usize, year: i32) -> VillagePlan {
    let reg = ix.reg;
    let mut plan = VillagePlan::default();
    for (i, a) in reg.assistance.iter().enumerate() {
        let Some(b) = a.live() else { continue };
        if b.year != year || assistance_village(ix, b) != Some(village) {
            continue;
        }
        let household = b
            .household_id
            .as_deref()
            .and_then(|h| ix.household_pos.get(h))
            .map(|&h| ix.household_line(h));
        let measure = ix
            .measure_pos
            .get(b.measure_id.as_str())
            .and_then(|&m| reg.measures[m].live())
            .map(|m| m.name.clone())
            .unwrap_or_default();
        if b.status != AssistanceStatus::Cancelled {
            plan.total += b.amount_yuan.unwrap_or(Fen::ZERO);
        }
        plan.entries.push(PlanEntry {
            assistance_id: reg.assistance[i].id.clone(),
            household,
            measure,
            quantity: b.quantity,
            unit: b.unit.clone().unwrap_or_default(),
            amount: b.amount_yuan,
            status: b.status,
        });
    }
    plan
}

/// What a fund has left to allocate now, and to pay out: amount − allocated, amount − spent.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct FundRoom {
    pub amount: Fen,
    pub allocated: Fen,
    pub spent: Fen,
}

impl FundRoom {
    pub fn unallocated(&self) -> Fen {
        self.amount - self.allocated
    }
    pub fn unspent(&self) -> Fen {
        self.amount - self.spent
    }
}

/// The room of one fund: its allocation counts every live order charged to it, its spending
/// every payment out of it whatever the date (a payment dated back still uses the money).
pub fn fund_room(ix: &Index, fund_id: &str) -> Option<FundRoom> {
    let &f = ix.fund_pos.get(fund_id)?;
    let u = calc::fund_uses(ix, Scope::All, Date::end_of_year(9999))
        .into_iter()
        .find(|u| u.fund == f)?;
    Some(FundRoom {
        amount: u.amount,
        allocated: u.allocated,
        spent: u.spent,
    })
}
