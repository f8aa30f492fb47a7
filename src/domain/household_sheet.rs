//! One household as its page and its 明白卡 show it: where it is, its status today, the exit check
//! of its latest income year, its incomes against the line, its helpers and its assistance plan,
//! and its deprivation score. Page and card both read this one sheet, so they cannot disagree.

use super::analysis::{deprivation_score, AfOptions, Indicator};
use super::calc::{self, ExitCheck};
use super::codes::{AssistanceStatus, Status};
use super::date::Date;
use super::index::Index;
use super::model::Household;
use super::money::Fen;
use super::rules::Rules;
use crate::text::{Locale, K};
use crate::tr;

/// A helper paired with the household now, with the visits of that pairing (latest first).
#[derive(Clone, PartialEq, Debug)]
pub struct HelperLine {
    pub pairing_id: String,
    pub helper_id: String,
    pub name: String,
    pub phone: String,
    pub work_unit: String,
    pub since: Date,
    pub visits: Vec<super::model::Visit>,
}

/// A loan of the household (扶贫小额信贷, 互助资金) as of the sheet's date.
#[derive(Clone, PartialEq, Debug)]
pub struct LoanLine {
    pub loan_id: String,
    pub loan: super::model::Loan,
    /// The fund's name, for a mutual-aid loan.
    pub fund: String,
    pub outstanding: Fen,
    pub overdue: bool,
}

/// One measure of the household's plan (一户一法).
#[derive(Clone, PartialEq, Debug)]
pub struct PlanLine {
    pub assistance_id: String,
    pub year: i32,
    pub measure: String,
    /// `12 只`, or empty where no quantity or unit is recorded.
    pub quantity: String,
    pub amount: Option<Fen>,
    pub status: AssistanceStatus,
    /// The fund it is charged to, by name (empty when none).
    pub fund: String,
    pub steps: Vec<super::model::OrderStep>,
    /// Where `advance` moves it next, if it can move.
    pub next: Option<AssistanceStatus>,
}

/// A year's income against that year's poverty line.
#[derive(Clone, PartialEq, Debug)]
pub struct IncomeLine {
    pub year: i32,
    pub net: Fen,
    pub per_capita: Option<Fen>,
    pub poverty_line: Option<Fen>,
}

#[derive(Clone, PartialEq, Debug)]
pub struct HouseholdSheet {
    pub id: String,
    pub household: Household,
    /// 县 / 乡 / 村.
    pub village: String,
    pub status: Option<Status>,
    /// The date of the event that put it in its status.
    pub status_since: Option<Date>,
    pub people: u64,
    /// The year the exit check is made for (see [`exit_check_year`]).
    pub exit_year: i32,
    pub exit_check: ExitCheck,
    /// Latest year first.
    pub incomes: Vec<IncomeLine>,
    pub helpers: Vec<HelperLine>,
    /// Latest year first, in the order recorded within a year.
    pub plan: Vec<PlanLine>,
    pub loans: Vec<LoanLine>,
    /// Weighted share of indicators deprived (equal weights).
    pub deprivation: f64,
    pub deprived: Vec<Indicator>,
    /// Poor in the Alkire–Foster sense at the default cut-off.
    pub multidimensionally_poor: bool,
}

impl HouseholdSheet {
    /// The plan the 明白卡 shows: that of the latest year with orders up to the exit-check year's
    /// next (a plan is made for the year ahead), or of the exit-check year when there is none.
    pub fn card_plan(&self) -> (i32, Vec<&PlanLine>) {
        let year = self
            .plan
            .iter()
            .map(|p| p.year)
            .filter(|&y| y <= self.exit_year + 1)
            .max()
            .unwrap_or(self.exit_year);
        (year, self.plan.iter().filter(|p| p.year == year).collect())
    }
}

/// The year a household's exit check is made for: its latest income year, or today's year when
/// it has no income recorded. (The card and the page once chose differently: the last entry in
/// list order against the highest year.)
pub fn exit_check_year(h: &Household, today: Date) -> i32 {
    h.incomes
        .iter()
        .map(|i| i.year)
        .max()
        .unwrap_or(today.year())
}

/// The sheet of household `id` as of `today`, if it is live.
pub fn sheet(ix: &Index, id: &str, today: Date) -> Option<HouseholdSheet> {
    let reg = ix.reg;
    let pos = *ix.household_pos(id)?;
    let h = reg.households[pos].live()?;
    let rules = Rules::new(&reg.settings);
    let village = ix.household_village[pos]
        .map(|v| ix.region_path(v))
        .unwrap_or_default();
    let exit_year = exit_check_year(h, today);
    let mut years: Vec<i32> = h.incomes.iter().map(|i| i.year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    let incomes = years
        .into_iter()
        .filter_map(|y| {
            let i = h.income(y)?;
            Some(IncomeLine {
                year: y,
                net: i.net(),
                per_capita: calc::per_capita_net_income(h, y),
                poverty_line: rules.poverty_line(y).map(|l| l.yuan),
            })
        })
        .collect();
    let helpers = reg
        .pairings
        .iter()
        .filter_map(|p| Some((p.id.as_str(), p.live()?)))
        .filter(|(_, p)| p.household_id == id && calc::pairing_active(p, today))
        .filter_map(|(pid, p)| {
            let helper = reg.live::<super::model::Helper>(&p.helper_id)?;
            let mut visits: Vec<super::model::Visit> = reg
                .visits
                .iter()
                .filter_map(|v| v.live())
                .filter(|v| v.pairing_id == pid)
                .cloned()
                .collect();
            visits.sort_by_key(|v| std::cmp::Reverse(v.date));
            Some(HelperLine {
                pairing_id: pid.to_string(),
                helper_id: p.helper_id.clone(),
                name: helper.name.clone(),
                phone: helper.phone.clone().unwrap_or_default(),
                work_unit: helper.work_unit.clone().unwrap_or_default(),
                since: p.start_date,
                visits,
            })
        })
        .collect();
    let loans = reg
        .loans
        .iter()
        .filter_map(|l| Some((l.id.as_str(), l.live()?)))
        .filter(|(_, l)| l.household_id == id)
        .map(|(lid, l)| LoanLine {
            loan_id: lid.to_string(),
            loan: l.clone(),
            fund: l
                .fund_id
                .as_deref()
                .and_then(|f| reg.live::<super::model::Fund>(f))
                .map(|f| f.name.clone())
                .unwrap_or_default(),
            outstanding: super::helping::loan_outstanding(l, today),
            overdue: super::helping::loan_overdue(l, today),
        })
        .collect();
    let mut plan: Vec<PlanLine> = reg
        .assistance
        .iter()
        .filter_map(|a| Some((a.id.as_str(), a.live()?)))
        .filter(|(_, a)| a.household_id.as_deref() == Some(id))
        .map(|(aid, a)| PlanLine {
            assistance_id: aid.to_string(),
            year: a.year,
            measure: ix
                .measure_pos(a.measure_id.as_str())
                .and_then(|&m| reg.measures[m].live())
                .map(|m| m.name.clone())
                .unwrap_or_default(),
            quantity: match (a.quantity, &a.unit) {
                (Some(q), Some(u)) => format!("{} {u}", super::report::quantity_text(q)),
                _ => String::new(),
            },
            amount: a.amount_yuan,
            status: a.status,
            fund: a
                .fund_id
                .as_deref()
                .and_then(|f| reg.live::<super::model::Fund>(f))
                .map(|f| f.name.clone())
                .unwrap_or_default(),
            steps: a.steps.clone(),
            next: a.status.next(),
        })
        .collect();
    plan.sort_by_key(|p| std::cmp::Reverse(p.year));
    let options = AfOptions::default();
    let deprivation = deprivation_score(h, today, &rules, &options);
    Some(HouseholdSheet {
        id: id.to_string(),
        village,
        status: calc::status_at(h, today),
        status_since: h
            .status_events
            .iter()
            .rev()
            .find(|e| e.date <= today)
            .map(|e| e.date),
        people: calc::people_at(h, today),
        exit_year,
        exit_check: calc::exit_check(h, exit_year, &rules),
        incomes,
        helpers,
        plan,
        loans,
        deprivation,
        deprived: options
            .indicators
            .iter()
            .filter(|(i, _)| i.deprived(h, today, &rules))
            .map(|(i, _)| *i)
            .collect(),
        multidimensionally_poor: deprivation + 1e-9 >= options.k,
        household: h.clone(),
    })
}

/// One of the household's own facts as the facts panel lists it: label, value in words, and a
/// stable key (`data-fact`).
#[derive(Clone, PartialEq, Debug)]
pub struct Fact {
    pub key: &'static str,
    pub label: K,
    pub value: String,
}

/// The household's contact, causes, living conditions and national code, in words.
pub fn facts(h: &Household, l: Locale) -> Vec<Fact> {
    let dash = |v: Option<String>| v.filter(|s| !s.is_empty()).unwrap_or_else(|| "—".into());
    let yes_no = |b: Option<bool>| match b {
        Some(true) => tr!(l, yes).to_string(),
        Some(false) => tr!(l, no).to_string(),
        None => "—".to_string(),
    };
    let c = h.conditions.clone().unwrap_or_default();
    let fact = |key, label, value| Fact { key, label, value };
    vec![
        fact("phone", K::column_phone, dash(h.phone.clone())),
        fact("address", K::column_address, dash(h.address.clone())),
        fact(
            "other_causes",
            K::column_other_causes,
            dash(Some(
                h.other_causes
                    .iter()
                    .map(|c| c.label(l))
                    .collect::<Vec<_>>()
                    .join("、"),
            )),
        ),
        fact(
            "food_clothing_secure",
            K::form_food_clothing_secure,
            yes_no(c.food_clothing_secure),
        ),
        fact(
            "housing",
            K::column_housing,
            dash(c.housing.map(|x| x.label(l).to_string())),
        ),
        fact(
            "drinking_water",
            K::column_drinking_water,
            dash(c.drinking_water.map(|x| x.label(l).to_string())),
        ),
        fact("electricity", K::column_electricity, yes_no(c.electricity)),
        fact("shed", K::column_shed, yes_no(c.shed)),
        fact(
            "cooperative_member",
            K::column_cooperative_member,
            yes_no(c.cooperative_member),
        ),
        fact("relocated", K::form_relocated, yes_no(c.relocated)),
        fact(
            "national_code",
            K::page_national_household_code,
            dash(h.national_code.clone()),
        ),
    ]
}
