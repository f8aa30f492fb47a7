//! The county office's analyses over a scope: dynamic monitoring of moves (进退), household exit
//! checks for a year, the relapse watch, causes and structure, and multidimensional poverty
//! (Alkire–Foster). Each is built from the calculations in `calc`, never computed anew.
//!
//! Long (about 580 lines): one function per analysis table, each with its figures.

use std::collections::BTreeMap;

use super::calc::{self, Criterion, ExitCheck, RelapseRisk, Verdict};
use super::codes::*;
use super::date::Date;
use super::facts::FactsTable;
use super::index::{Index, Scope};
use super::money::Ratio;
use super::rules::Rules;
use super::table::{Cell, Table};
use crate::text::{Locale, K};
use crate::tr;

/// The statuses a household can move into, in the order the monitoring table shows them.
pub const MOVE_STATUSES: [Status; 5] = [
    Status::Poor,
    Status::Exited,
    Status::Returned,
    Status::StruckOff,
    Status::Ceased,
];

/// Moves within one period: households and people per status moved into.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct PeriodMoves {
    pub label: String,
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// (households, people) in the order of [`MOVE_STATUSES`].
    pub counts: [(u64, u64); 5],
}

/// (8) Moves of the scope's households within `[from, to]`: who moved into `status`.
pub fn moves_list(
    ix: &Index,
    scope: Scope,
    status: Status,
    from: Date,
    to: Date,
) -> Vec<(usize, calc::Move)> {
    ix.households_in(scope)
        .filter_map(|(i, h)| {
            calc::moves(h, from, to)
                .into_iter()
                .find(|m| m.status == status)
                .map(|m| (i, m))
        })
        .collect()
}

fn period(ix: &Index, scope: Scope, label: String, from: Date, to: Date) -> PeriodMoves {
    let mut counts = [(0u64, 0u64); 5];
    for (_, h) in ix.households_in(scope) {
        for m in calc::moves(h, from, to) {
            if let Some(k) = MOVE_STATUSES.iter().position(|s| *s == m.status) {
                counts[k].0 += 1;
                counts[k].1 += m.people;
            }
        }
    }
    PeriodMoves {
        label,
        from: Some(from),
        to: Some(to),
        counts,
    }
}

/// The year of the scope's earliest status event: where monitoring and the trend begin.
fn first_year(ix: &Index, scope: Scope) -> Option<i32> {
    ix.households_in(scope)
        .filter_map(|(_, h)| h.status_events.first())
        .map(|e| e.date.year())
        .min()
}

/// 进退动态监测 by year, from the first year with an event to year(D).
pub fn moves_by_year(ix: &Index, scope: Scope, d: Date) -> Vec<PeriodMoves> {
    let Some(first) = first_year(ix, scope) else {
        return Vec::new();
    };
    (first..=d.year())
        .map(|y| {
            period(
                ix,
                scope,
                y.to_string(),
                Date::start_of_year(y),
                Date::end_of_year(y).min(d),
            )
        })
        .collect()
}

/// The same by month of one year.
pub fn moves_by_month(ix: &Index, scope: Scope, year: i32) -> Vec<PeriodMoves> {
    (1..=12)
        .map(|m| {
            let from = Date::from_ymd(year, m, 1).unwrap();
            let to = Date::from_ymd(year, m, super::date::days_in_month(year, m)).unwrap();
            period(ix, scope, format!("{year}-{m:02}"), from, to)
        })
        .collect()
}

/// The trend: poor households, poor people and incidence at the end of each year up to D.
#[derive(Clone, PartialEq, Debug)]
pub struct TrendPoint {
    pub year: i32,
    pub at: Date,
    pub poor_households: u64,
    pub poor_people: u64,
    pub incidence: Option<Ratio>,
}

pub fn trend(ix: &Index, scope: Scope, d: Date) -> Vec<TrendPoint> {
    let Some(first) = first_year(ix, scope) else {
        return Vec::new();
    };
    (first..=d.year())
        .map(|y| {
            let at = Date::end_of_year(y).min(d);
            // A table of its own for each past year, so the years a trend walks through do not
            // push the dates the screen keeps out of the index's cache.
            let t = calc::tallies_over(ix, &FactsTable::new(&ix.reg.households, at, y));
            let tally = t.get(scope);
            TrendPoint {
                year: y,
                at,
                poor_households: tally.poor_households,
                poor_people: tally.poor_people,
                incidence: calc::incidence(ix, scope, at, tally.poor_people).map(|i| i.rate),
            }
        })
        .collect()
}

/// Household exit checks of a year: the households poor at the end of the year or that exited
/// during it, each with its check; counts per criterion and per village.
#[derive(PartialEq)]
pub struct ExitChecks {
    pub year: i32,
    pub rows: Vec<(usize, ExitCheck)>,
    /// (met, failed, unknown) per criterion, in the order of `Criterion::ALL`.
    pub per_criterion: [(u64, u64, u64); 6],
    /// Village position → (checked, passing).
    pub per_village: BTreeMap<usize, (u64, u64)>,
}

impl ExitChecks {
    pub fn passing(&self) -> usize {
        self.rows.iter().filter(|(_, c)| c.passes()).count()
    }
    pub fn with_unknowns(&self) -> usize {
        self.rows
            .iter()
            .filter(|(_, c)| c.unknown().next().is_some())
            .count()
    }
}

pub fn exit_checks(ix: &Index, scope: Scope, year: i32, rules: &Rules) -> ExitChecks {
    let end = Date::end_of_year(year);
    let mut rows = Vec::new();
    let mut per_criterion = [(0u64, 0u64, 0u64); 6];
    let mut per_village: BTreeMap<usize, (u64, u64)> = BTreeMap::new();
    for (i, h) in ix.households_in(scope) {
        let poor_at_end = calc::is_poor(calc::status_at(h, end));
        let exited_in_year = calc::moves(h, Date::start_of_year(year), end)
            .iter()
            .any(|m| m.status == Status::Exited);
        if !(poor_at_end || exited_in_year) {
            continue;
        }
        let check = calc::exit_check(h, year, rules);
        for (k, c) in Criterion::ALL.iter().enumerate() {
            match check.verdict(*c) {
                Verdict::Met => per_criterion[k].0 += 1,
                Verdict::Failed => per_criterion[k].1 += 1,
                Verdict::Unknown => per_criterion[k].2 += 1,
            }
        }
        let v = ix.household_village[i].expect("households_in yields counted households");
        let e = per_village.entry(v).or_default();
        e.0 += 1;
        if check.passes() {
            e.1 += 1;
        }
        rows.push((i, check));
    }
    ExitChecks {
        year,
        rows,
        per_criterion,
        per_village,
    }
}

/// (11) The relapse watch of the scope at D: households at risk first (lowest income ratio first),
/// then those with facts missing.
pub fn relapse_watch(ix: &Index, scope: Scope, d: Date, rules: &Rules) -> Vec<RelapseRisk> {
    let mut out: Vec<RelapseRisk> = ix
        .households_in(scope)
        .filter_map(|(i, _)| calc::relapse_risk(ix, i, d, rules))
        .filter(|r| r.at_risk() || !r.missing.is_empty())
        .collect();
    out.sort_by(|a, b| {
        b.at_risk()
            .cmp(&a.at_risk())
            .then_with(|| match (a.ratio(), b.ratio()) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
    });
    out
}

/// Households and people of the registered (or only the poor) households at D, by a key.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Structure {
    pub by_cause: BTreeMap<Cause, (u64, u64)>,
    pub by_attribute: BTreeMap<Attribute, (u64, u64)>,
    /// People counted at D by labour capacity (`None`: not recorded).
    pub by_labor: BTreeMap<Option<Labor>, u64>,
    pub by_health: BTreeMap<Option<Health>, u64>,
}

pub fn structure(ix: &Index, scope: Scope, d: Date, poor_only: bool) -> Structure {
    let mut s = Structure::default();
    for (_, h) in ix.households_in(scope) {
        let st = calc::status_at(h, d);
        if !(if poor_only {
            calc::is_poor(st)
        } else {
            calc::is_registered(st)
        }) {
            continue;
        }
        let people = calc::people_at(h, d);
        let e = s.by_cause.entry(h.main_cause).or_default();
        e.0 += 1;
        e.1 += people;
        let e = s.by_attribute.entry(h.attribute).or_default();
        e.0 += 1;
        e.1 += people;
        for m in h.members.iter().filter(|m| m.counted_at(d)) {
            *s.by_labor.entry(m.labor).or_default() += 1;
            *s.by_health.entry(m.health).or_default() += 1;
        }
    }
    s
}

// ---- Multidimensional poverty (Alkire–Foster) --------------------------------------------------

code_enum!(
    /// Indicators built from the registry's facts. A missing fact is counted as not deprived (the
    /// page says so), so that gaps in the data never inflate poverty.
    Indicator {
        /// Per-capita net income of year(D) at or below the poverty line.
        Income = "income", indicator_income;
        /// A member counted at D has dropped out of school.
        Dropout = "dropout", indicator_dropout;
        /// A member counted at D has no medical insurance.
        NoMedicalInsurance = "no_medical_insurance", indicator_no_medical_insurance;
        /// Housing graded C or D.
        UnsafeHousing = "unsafe_housing", indicator_unsafe_housing;
        /// Drinking water difficult or unsafe.
        UnsafeWater = "unsafe_water", indicator_unsafe_water;
        /// No member counted at D who can work (skilled, ordinary or weak labour).
        NoLabour = "no_labour", indicator_no_labour;
        /// Food and clothing not secure.
        FoodInsecure = "food_insecure", indicator_food_insecure;
    }
);

impl Indicator {
    /// Whether household `h` is deprived in this indicator at D.
    pub fn deprived(self, h: &super::model::Household, d: Date, rules: &Rules) -> bool {
        let counted = || h.members.iter().filter(|m| m.counted_at(d));
        let c = h.conditions.as_ref();
        match self {
            Indicator::Income => match (
                calc::per_capita_net_income(h, d.year()),
                rules.poverty_line(d.year()),
            ) {
                (Some(p), Some(l)) => p <= l.yuan,
                _ => false,
            },
            Indicator::Dropout => counted().any(|m| m.schooling == Some(Schooling::Dropout)),
            Indicator::NoMedicalInsurance => counted().any(|m| m.medical_insurance == Some(false)),
            Indicator::UnsafeHousing => c
                .and_then(|c| c.housing)
                .is_some_and(|x| x != Housing::Safe),
            Indicator::UnsafeWater => c
                .and_then(|c| c.drinking_water)
                .is_some_and(|x| x != DrinkingWater::Safe),
            Indicator::NoLabour => counted().all(|m| {
                !matches!(
                    m.labor,
                    Some(Labor::Skilled | Labor::Ordinary | Labor::Weak)
                )
            }),
            Indicator::FoodInsecure => c.and_then(|c| c.food_clothing_secure) == Some(false),
        }
    }
}

/// The person's choice: indicators with weights (normalised to sum to 1) and the cutoff k.
#[derive(Clone, PartialEq, Debug)]
pub struct AfOptions {
    pub indicators: Vec<(Indicator, f64)>,
    pub k: f64,
}

impl Default for AfOptions {
    fn default() -> Self {
        let n = Indicator::ALL.len() as f64;
        AfOptions {
            indicators: Indicator::ALL.iter().map(|&i| (i, 1.0 / n)).collect(),
            k: 1.0 / 3.0,
        }
    }
}

#[derive(Clone, PartialEq, Debug)]
pub struct AfResult {
    /// People covered (counted members of registered households at D).
    pub people: u64,
    /// People in multidimensionally poor households (score ≥ k).
    pub poor_people: u64,
    /// Headcount ratio H = poor people ÷ people.
    pub h: f64,
    /// Intensity A = mean score of the poor.
    pub a: f64,
    /// Adjusted headcount M0 = H × A.
    pub m0: f64,
    /// Per indicator: censored headcount (share of people poor and deprived in it) and its
    /// contribution to M0 (weight × censored headcount ÷ M0).
    pub indicators: Vec<(Indicator, f64, f64)>,
}

/// A household's deprivation score: the sum of the (normalised) weights of its deprivations.
pub fn deprivation_score(
    h: &super::model::Household,
    d: Date,
    rules: &Rules,
    options: &AfOptions,
) -> f64 {
    let total: f64 = options.indicators.iter().map(|(_, w)| w).sum();
    if total <= 0.0 {
        return 0.0;
    }
    options
        .indicators
        .iter()
        .filter(|(i, _)| i.deprived(h, d, rules))
        .map(|(_, w)| w / total)
        .sum()
}

/// Alkire–Foster over the registered households of the scope at D, each person carrying their
/// household's score.
pub fn alkire_foster(
    ix: &Index,
    scope: Scope,
    d: Date,
    rules: &Rules,
    options: &AfOptions,
) -> AfResult {
    let total_w: f64 = options.indicators.iter().map(|(_, w)| w).sum();
    let mut people = 0u64;
    let mut poor_people = 0u64;
    let mut score_sum = 0.0;
    let mut censored = vec![0u64; options.indicators.len()];
    const EPS: f64 = 1e-9;
    for (_, h) in ix.households_in(scope) {
        if !calc::is_registered(calc::status_at(h, d)) {
            continue;
        }
        let n = calc::people_at(h, d);
        people += n;
        let deprived: Vec<bool> = options
            .indicators
            .iter()
            .map(|(i, _)| i.deprived(h, d, rules))
            .collect();
        let score: f64 = if total_w > 0.0 {
            options
                .indicators
                .iter()
                .zip(&deprived)
                .filter(|(_, d)| **d)
                .map(|((_, w), _)| w / total_w)
                .sum()
        } else {
            0.0
        };
        if score + EPS >= options.k && score > 0.0 {
            poor_people += n;
            score_sum += score * n as f64;
            for (k, dep) in deprived.iter().enumerate() {
                if *dep {
                    censored[k] += n;
                }
            }
        }
    }
    let h = if people > 0 {
        poor_people as f64 / people as f64
    } else {
        0.0
    };
    let a = if poor_people > 0 {
        score_sum / poor_people as f64
    } else {
        0.0
    };
    let m0 = h * a;
    let indicators = options
        .indicators
        .iter()
        .zip(censored)
        .map(|((i, w), c)| {
            let ch = if people > 0 {
                c as f64 / people as f64
            } else {
                0.0
            };
            let contribution = if m0 > 0.0 && total_w > 0.0 {
                (w / total_w) * ch / m0
            } else {
                0.0
            };
            (*i, ch, contribution)
        })
        .collect();
    AfResult {
        people,
        poor_people,
        h,
        a,
        m0,
        indicators,
    }
}

// ---- Identification procedure board (一核二看三比四评议五公示) ---------------------------------------

/// Where a candidate stands: the number of steps passed in order (0 = none yet, 6 = approved).
pub fn identification_stage(h: &super::model::Household) -> usize {
    let mut stage = 0;
    for step in IdentificationStep::ALL {
        let passed = h
            .identification
            .iter()
            .any(|e| e.step == *step && e.result == StepResult::Pass);
        if !passed {
            break;
        }
        stage += 1;
    }
    stage
}

/// Candidates at D per village, counted by the step they stand at (index = steps passed).
pub fn identification_board(ix: &Index, scope: Scope, d: Date) -> Vec<(usize, [u64; 7])> {
    let mut per: BTreeMap<usize, [u64; 7]> = BTreeMap::new();
    for (i, h) in ix.households_in(scope) {
        if calc::status_at(h, d) != Some(Status::Candidate) {
            continue;
        }
        let v = ix.household_village[i].expect("counted");
        per.entry(v).or_default()[identification_stage(h)] += 1;
    }
    per.into_iter().collect()
}

/// The year's household exit checks as one table (id, head, village, each criterion, result)
/// for the CSV and the workbook.
pub fn exit_check_table(ix: &Index, c: &ExitChecks, l: Locale) -> Table {
    let verdict = |v: Verdict| match v {
        Verdict::Met => tr!(l, verdict_met),
        Verdict::Failed => tr!(l, verdict_failed),
        Verdict::Unknown => tr!(l, unknown),
    };
    let mut header: Vec<String> = [K::column_household_id, K::relation_head, K::column_village]
        .iter()
        .map(|k| k.get(l).to_string())
        .collect();
    header.extend(Criterion::ALL.iter().map(|c| c.label(l).to_string()));
    header.push(tr!(l, result).to_string());
    let rows = c
        .rows
        .iter()
        .map(|(h, check)| {
            let line = ix.household_line(*h);
            let mut r: Vec<Cell> = vec![line.id.into(), line.head.into(), line.village.into()];
            r.extend(check.verdicts.iter().map(|(_, v)| Cell::from(verdict(*v))));
            r.push(Cell::from(if check.passes() {
                tr!(l, exit_pass)
            } else {
                tr!(l, exit_fail)
            }));
            r
        })
        .collect();
    Table {
        sheet: tr!(l, exit_checks_sheet).to_string(),
        header,
        rows,
    }
}

impl RelapseRisk {
    /// Why the household is watched, in words: income below the line, each failed criterion, or
    /// the facts that are missing.
    pub fn reason(&self, l: Locale) -> String {
        let mut parts = Vec::new();
        if let (Some((year, income)), Some(line), true) = (self.income, self.line, self.below_line)
        {
            parts.push(tr!(
                l,
                relapse_below_line,
                year = year,
                income = income.to_string(),
                line = line.yuan.to_string(),
                percent = self.ratio().map(|x| x.percent_text()).unwrap_or_default()
            ));
        }
        for c in &self.failed {
            parts.push(format!("{} {}", c.label(l), tr!(l, failed)));
        }
        if !self.at_risk() {
            let missing: Vec<&str> = self.missing.iter().map(|c| c.label(l)).collect();
            parts.push(format!(
                "{}: {}",
                tr!(l, analysis_facts_missing),
                missing.join(", ")
            ));
        }
        parts.join("; ")
    }
}

/// The relapse watch as one table (id, head, village, reason).
pub fn relapse_table(ix: &Index, rows: &[RelapseRisk], l: Locale) -> Table {
    Table {
        sheet: tr!(l, analysis_relapse_watch).to_string(),
        header: [
            K::column_household_id,
            K::relation_head,
            K::column_village,
            K::analysis_reason,
        ]
        .iter()
        .map(|k| k.get(l).to_string())
        .collect(),
        rows: rows
            .iter()
            .map(|r| {
                let h = ix.household_line(r.household);
                vec![
                    h.id.into(),
                    h.head.into(),
                    h.village.into(),
                    r.reason(l).into(),
                ]
            })
            .collect(),
    }
}
