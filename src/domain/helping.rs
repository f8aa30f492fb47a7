//! The helping half's figures (帮扶): pairing coverage of the poor, orders by state, loans
//! outstanding and overdue, a helper's households, and the plans (一户一法, 一村一策) of a
//! household and of a village. One function each; pages, reports and tests call these.

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
    /// The coverage of a region's (or the registry's) tally: its poor households at the tally's
    /// date, and how many of them are paired then.
    pub fn of(t: &calc::Tally) -> PairingCoverage {
        PairingCoverage {
            poor_households: t.poor_households,
            paired: t.paired_poor_households,
        }
    }
    pub fn share(&self) -> Option<Ratio> {
        Ratio::new(self.paired as i128, self.poor_households as i128)
    }
    /// Poor households without a helper (the quality page's "poor and unpaired").
    pub fn unpaired(&self) -> u64 {
        self.poor_households - self.paired
    }
}

/// Whether each household (by position) has a live, active pairing at D to a live helper still
/// helping then.
pub fn paired_households(ix: &Index, d: Date) -> Vec<bool> {
    let mut paired = vec![false; ix.reg.households.len()];
    for (h, _) in calc::active_pairings(ix, d) {
        paired[h] = true;
    }
    paired
}

/// 结对覆盖 of the scope at D, worked out with the tally (its poor and paired-poor counts).
pub fn pairing_coverage(ix: &Index, scope: Scope, d: Date) -> PairingCoverage {
    // Status does not depend on incomes: the facts of any year at D serve.
    PairingCoverage::of(calc::tallies_over(ix, &ix.household_facts_at(d)).get(scope))
}

/// Helpers of the scope still helping at D (a helper without a region counts county-wide).
pub fn helper_count(ix: &Index, scope: Scope, d: Date) -> u64 {
    ix.reg
        .helpers
        .iter()
        .filter_map(|h| h.live())
        .filter(|h| h.active_at(d) && ix.owned_in_scope(h.region_id.as_deref(), scope))
        .count() as u64
}

/// Orders and projects of the scope in one state: how many, and their amount.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct OrdersInState {
    pub status: AssistanceStatus,
    pub count: u64,
    pub amount: Fen,
}

/// Every live order and village project of the scope for the years up to D's, counted by its
/// state at D, in the order of the states.
pub fn orders_by_status(ix: &Index, scope: Scope, d: Date) -> Vec<OrdersInState> {
    let mut out: Vec<OrdersInState> = AssistanceStatus::ALL
        .iter()
        .map(|&status| OrdersInState {
            status,
            count: 0,
            amount: Fen::ZERO,
        })
        .collect();
    for a in ix.reg.assistance.iter().filter_map(|a| a.live()) {
        if a.year > d.year()
            || !assistance_village(ix, a).is_some_and(|v| ix.region_in_scope(v, scope))
        {
            continue;
        }
        let Some(status) = a.status_at(d) else {
            continue;
        };
        if let Some(e) = out.iter_mut().find(|e| e.status == status) {
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
        let Some(&h) = ix.household_pos(l.household_id.as_str()) else {
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
            let &h = ix.household_pos(p.household_id.as_str())?;
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
    /// Where the order moves next, if it can.
    pub next: Option<AssistanceStatus>,
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
    for a in &reg.assistance {
        let Some(b) = a.live() else { continue };
        if b.year != year || assistance_village(ix, b) != Some(village) {
            continue;
        }
        if b.status != AssistanceStatus::Cancelled {
            plan.total += b.amount_yuan.unwrap_or(Fen::ZERO);
        }
        plan.entries.push(plan_entry(ix, &a.id, b));
    }
    // The village's own projects first, then its households' orders, by household.
    plan.entries.sort_by(|a, b| {
        let key = |e: &PlanEntry| e.household.as_ref().map(|h| h.head.clone());
        key(a).cmp(&key(b))
    });
    plan
}

fn plan_entry(ix: &Index, id: &str, a: &Assistance) -> PlanEntry {
    let reg = ix.reg;
    PlanEntry {
        assistance_id: id.to_string(),
        household: a
            .household_id
            .as_deref()
            .and_then(|h| ix.household_pos(h))
            .map(|&h| ix.household_line(h)),
        measure: ix
            .measure_pos(a.measure_id.as_str())
            .and_then(|&m| reg.measures[m].live())
            .map(|m| m.name.clone())
            .unwrap_or_default(),
        quantity: a.quantity,
        unit: a.unit.clone().unwrap_or_default(),
        amount: a.amount_yuan,
        status: a.status,
        next: a.status.next(),
    }
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
    let &f = ix.fund_pos(fund_id)?;
    let u = calc::fund_uses(ix, Scope::All, Date::end_of_year(9999))
        .into_iter()
        .find(|u| u.fund == f)?;
    Some(FundRoom {
        amount: u.amount,
        allocated: u.allocated,
        spent: u.spent,
    })
}

/// One dish of the menu (菜单) as the menu page lists it, with what was ordered of it in a year.
#[derive(Clone, PartialEq, Debug)]
pub struct MenuRow {
    pub measure_id: String,
    pub measure: Measure,
    /// Orders and projects of the year, not cancelled.
    pub orders: u64,
    pub done: u64,
    /// Their amount.
    pub amount: Fen,
}

/// Every live measure of the menu, those still on it first, by category then name, with the
/// year's orders.
pub fn menu_rows(ix: &Index, year: i32) -> Vec<MenuRow> {
    let reg = ix.reg;
    let mut rows: Vec<MenuRow> = reg
        .measures
        .iter()
        .filter_map(|r| {
            Some(MenuRow {
                measure_id: r.id.clone(),
                measure: r.live()?.clone(),
                orders: 0,
                done: 0,
                amount: Fen::ZERO,
            })
        })
        .collect();
    let pos: std::collections::HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(k, r)| (r.measure_id.as_str(), k))
        .collect();
    let mut tally = vec![(0u64, 0u64, Fen::ZERO); rows.len()];
    for a in reg.assistance.iter().filter_map(|a| a.live()) {
        if a.year != year || a.status == AssistanceStatus::Cancelled {
            continue;
        }
        if let Some(&k) = pos.get(a.measure_id.as_str()) {
            tally[k].0 += 1;
            tally[k].1 += u64::from(a.status == AssistanceStatus::Done);
            tally[k].2 += a.amount_yuan.unwrap_or(Fen::ZERO);
        }
    }
    for (r, (orders, done, amount)) in rows.iter_mut().zip(tally) {
        (r.orders, r.done, r.amount) = (orders, done, amount);
    }
    rows.sort_by(|a, b| {
        (a.measure.retired == Some(true))
            .cmp(&(b.measure.retired == Some(true)))
            .then(a.measure.category.code().cmp(b.measure.category.code()))
            .then(a.measure.name.cmp(&b.measure.name))
    });
    rows
}

/// A fund as the funds page lists it: amount, allocated, spent by D, balance.
#[derive(Clone, PartialEq, Debug)]
pub struct FundLine {
    pub fund_id: String,
    pub fund: Fund,
    pub region: String,
    pub allocated: Fen,
    pub spent: Fen,
}

impl FundLine {
    pub fn balance(&self) -> Fen {
        self.fund.amount_yuan - self.allocated
    }
}

/// Every live fund with its figures at D, latest year first, then by source and name.
pub fn fund_lines(ix: &Index, d: Date) -> Vec<FundLine> {
    let reg = ix.reg;
    let mut out: Vec<FundLine> = calc::fund_uses(ix, Scope::All, d)
        .into_iter()
        .filter_map(|u| {
            let f = reg.funds[u.fund].live()?;
            Some(FundLine {
                fund_id: reg.funds[u.fund].id.clone(),
                fund: f.clone(),
                region: f
                    .region_id
                    .as_deref()
                    .and_then(|r| ix.region_pos(r))
                    .map(|&r| ix.region_path(r))
                    .unwrap_or_default(),
                allocated: u.allocated,
                spent: u.spent,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.fund
            .year
            .cmp(&a.fund.year)
            .then(a.fund.source.code().cmp(b.fund.source.code()))
            .then(a.fund.name.cmp(&b.fund.name))
    });
    out
}

/// What one fund paid and what is charged to it: its payments (latest first) and its orders.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct FundLedger {
    pub payments: Vec<(String, Disbursement)>,
    pub orders: Vec<PlanEntry>,
    /// 互助社社员: a mutual-aid society's member households.
    pub members: Vec<HouseholdLine>,
}

pub fn fund_ledger(ix: &Index, fund_id: &str) -> FundLedger {
    let reg = ix.reg;
    let mut payments: Vec<(String, Disbursement)> = reg
        .disbursements
        .iter()
        .filter_map(|r| Some((r.id.clone(), r.live()?.clone())))
        .filter(|(_, x)| x.fund_id == fund_id)
        .collect();
    payments.sort_by(|a, b| b.1.date.cmp(&a.1.date).then(b.0.cmp(&a.0)));
    let orders = reg
        .assistance
        .iter()
        .filter_map(|r| Some((r.id.as_str(), r.live()?)))
        .filter(|(_, a)| a.fund_id.as_deref() == Some(fund_id))
        .map(|(id, a)| plan_entry(ix, id, a))
        .collect();
    let members = reg
        .live::<Fund>(fund_id)
        .map(|f| {
            f.members
                .iter()
                .filter_map(|m| ix.household_pos(m.as_str()))
                .map(|&h| ix.household_line(h))
                .collect()
        })
        .unwrap_or_default();
    FundLedger {
        payments,
        orders,
        members,
    }
}

/// One visit as a helper's page lists it (走访记录).
#[derive(Clone, PartialEq, Debug)]
pub struct VisitLine {
    pub visit_id: String,
    pub household: HouseholdLine,
    pub visit: Visit,
}

/// Every visit of a helper's pairings, latest first.
pub fn helper_visits(ix: &Index, helper_id: &str) -> Vec<VisitLine> {
    let reg = ix.reg;
    let pairings: std::collections::HashMap<&str, &str> = reg
        .pairings
        .iter()
        .filter_map(|r| Some((r.id.as_str(), r.live()?)))
        .filter(|(_, p)| p.helper_id == helper_id)
        .map(|(id, p)| (id, p.household_id.as_str()))
        .collect();
    let mut out: Vec<VisitLine> = reg
        .visits
        .iter()
        .filter_map(|r| {
            let v = r.live()?;
            let &h = ix.household_pos(pairings.get(v.pairing_id.as_str())?)?;
            Some(VisitLine {
                visit_id: r.id.clone(),
                household: ix.household_line(h),
                visit: v.clone(),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.visit
            .date
            .cmp(&a.visit.date)
            .then(b.visit_id.cmp(&a.visit_id))
    });
    out
}
