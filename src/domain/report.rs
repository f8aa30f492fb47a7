//! What the overview shows for a scope and an as-of date, assembled from the calculations in
//! `calc` (never computed here). Pure, so the browser and the native tests see the same numbers.
//!
//! Long (about 520 lines): the county report's sections, in the order they are printed.

use super::calc::{self, Incidence, Tally, Verdict, VillageExitCheck};
use super::codes::{code_enum, FundSource, InfrastructureItem, RegionKind};
use super::date::Date;
use super::helping;
use super::index::{Index, Scope};
use super::model::Registry;
use super::money::{fixed2, group_digits, Fen, Ratio};
use super::rules::{Line, Rules};
use super::table::{Cell, Table};
use crate::text::{Locale, K};
use crate::tr;

/// A figure's value: a count, a percentage, money, or unknown (never shown as 0).
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Value {
    Count(u64),
    Percent(Ratio),
    Money(Fen),
    Unknown,
}

impl Value {
    /// The plain number for `data-value`: no separators, percent with two decimals, money in
    /// yuan with two decimals; empty when unknown.
    pub fn plain(&self) -> String {
        match self {
            Value::Count(n) => n.to_string(),
            Value::Percent(r) => r.percent_text(),
            Value::Money(f) => f.to_string(),
            Value::Unknown => String::new(),
        }
    }

    /// The number as shown: digits grouped, percent sign; `None` when unknown.
    pub fn display(&self) -> Option<String> {
        match self {
            Value::Count(n) => Some(group_digits(*n as i128)),
            Value::Percent(r) => Some(format!("{}%", r.percent_text())),
            Value::Money(f) => {
                let s = f.to_string();
                let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
                let n: i128 = int.trim_start_matches('-').parse().unwrap_or(0);
                let sign = if f.0 < 0 { "-" } else { "" };
                Some(if frac == "00" {
                    format!("{sign}{}", group_digits(n))
                } else {
                    format!("{sign}{}.{frac}", group_digits(n))
                })
            }
            Value::Unknown => None,
        }
    }
}

fn count(n: u64) -> Value {
    Value::Count(n)
}

fn opt_money(f: Option<Fen>) -> Value {
    f.map_or(Value::Unknown, Value::Money)
}

code_enum!(
    /// The overview's figures, by their stable names (`data-metric`).
    Metric {
        PoorHouseholds = "poor_households", metric_poor_households;
        PoorPeople = "poor_people", metric_poor_people;
        ExitedHouseholds = "exited_households", metric_exited_households;
        ExitedPeople = "exited_people", metric_exited_people;
        RuralPopulation = "rural_population", metric_rural_population;
        IncidencePercent = "incidence_percent", metric_incidence_percent;
        PoorPerCapitaNetIncome = "poor_per_capita_net_income", metric_poor_per_capita_net_income;
        RuralPerCapitaDisposableIncome = "rural_per_capita_disposable_income", metric_rural_per_capita_disposable_income;
        PairedHelpers = "paired_helpers", metric_paired_helpers;
        PairedHouseholds = "paired_households", metric_paired_households;
        PairedPeople = "paired_people", metric_paired_people;
        PoorVillages = "poor_villages", metric_poor_villages;
        OverdueTasks = "overdue_tasks", metric_overdue_tasks;
        HelperCount = "helper_count", metric_helper_count;
        PairingCoveragePercent = "pairing_coverage_percent", metric_pairing_coverage_percent;
        UnpairedPoorHouseholds = "unpaired_poor_households", metric_unpaired_poor_households;
        LoansOutstanding = "loans_outstanding", metric_loans_outstanding;
        LoansOutstandingCount = "loans_outstanding_count", metric_loans_outstanding_count;
        LoansOverdue = "loans_overdue", metric_loans_overdue;
        LoansOverdueCount = "loans_overdue_count", metric_loans_overdue_count;
    }
);

#[derive(Clone, PartialEq, Debug)]
pub struct FundRow {
    pub source: FundSource,
    pub sum: calc::SourceSum,
}

#[derive(Clone, PartialEq, Debug)]
pub struct DeliveredRow {
    pub measure_id: String,
    pub measure: String,
    pub unit: String,
    pub quantity: f64,
    pub records: u64,
    /// 收益 the measure brought.
    pub income: Fen,
}

/// One region's line in the breakdown table.
#[derive(Clone, PartialEq, Debug)]
pub struct BreakdownRow {
    pub region_id: String,
    pub name: String,
    pub path: String,
    pub kind: RegionKind,
    pub depth: usize,
    pub metrics: Vec<(Metric, Value)>,
}

#[derive(Clone, PartialEq, Debug)]
pub struct VillageExitRow {
    pub region_id: String,
    pub name: String,
    pub check: VillageExitCheck,
}

#[derive(Clone, PartialEq, Debug)]
pub struct Overview {
    pub as_of: Date,
    pub income_year: i32,
    pub scope_id: Option<String>,
    pub scope_name: Option<String>,
    pub headline: Vec<(Metric, Value)>,
    pub population_year: Option<i32>,
    pub poverty_line: Option<Line>,
    pub disposable_previous: Option<Fen>,
    pub disposable_growth: Option<Ratio>,
    pub funds: Vec<FundRow>,
    /// Orders and village projects by their state at the date (菜单式扶持).
    pub orders: Vec<helping::OrdersInState>,
    pub delivered: Vec<DeliveredRow>,
    pub four_ones: [Option<Ratio>; 4],
    /// 贫困县摘帽: 三率一度, for a county (or the whole registry).
    pub county_exit: Option<super::exits::CountyExit>,
    pub breakdown: Vec<BreakdownRow>,
    pub village_exits: Vec<VillageExitRow>,
    /// The exit thresholds in force (贫困村、贫困县退出的发生率标准).
    pub village_exit_incidence: Ratio,
    pub county_exit_incidence: Ratio,
}

impl Metric {
    /// A figure of the helping half (帮扶): shown in its own group.
    pub fn is_helping(self) -> bool {
        matches!(
            self,
            Metric::PairedHelpers
                | Metric::PairedHouseholds
                | Metric::PairedPeople
                | Metric::HelperCount
                | Metric::PairingCoveragePercent
                | Metric::UnpairedPoorHouseholds
                | Metric::LoansOutstanding
                | Metric::LoansOutstandingCount
                | Metric::LoansOverdue
                | Metric::LoansOverdueCount
        )
    }
}

impl Overview {
    /// A headline figure by its name (`poor_households`).
    pub fn metric(&self, name: &str) -> Option<Value> {
        self.headline
            .iter()
            .find(|(n, _)| n.code() == name)
            .map(|(_, v)| *v)
    }
}

/// The figures every line shares: households and people poor and exited, population, incidence.
fn base_metrics(t: &Tally, inc: Option<Incidence>) -> Vec<(Metric, Value)> {
    vec![
        (Metric::PoorHouseholds, count(t.poor_households)),
        (Metric::PoorPeople, count(t.poor_people)),
        (Metric::ExitedHouseholds, count(t.exited_households)),
        (Metric::ExitedPeople, count(t.exited_people)),
        (
            Metric::RuralPopulation,
            inc.map_or(Value::Unknown, |i| count(i.population)),
        ),
        (
            Metric::IncidencePercent,
            inc.map_or(Value::Unknown, |i| Value::Percent(i.rate)),
        ),
    ]
}

fn row_metrics(t: &Tally, inc: Option<Incidence>) -> Vec<(Metric, Value)> {
    let mut m = base_metrics(t, inc);
    m.push((Metric::PairedHouseholds, count(t.paired_households)));
    m.push((
        Metric::PoorPerCapitaNetIncome,
        opt_money(t.poor_income.per_capita()),
    ));
    m
}

/// Everything the overview page shows for `scope_id` (None: the whole registry) at `as_of`.
pub fn overview(reg: &Registry, scope_id: Option<&str>, as_of: Date, income_year: i32) -> Overview {
    overview_in(&Index::new(reg), scope_id, as_of, income_year)
}

/// [`overview`] over lookups already built: the screen's one index of the registry version.
pub fn overview_in(ix: &Index, scope_id: Option<&str>, as_of: Date, income_year: i32) -> Overview {
    let reg = ix.reg;
    let rules = Rules::new(&reg.settings);
    let scope = ix.scope_of(scope_id);
    let tallies = calc::tallies(ix, as_of, income_year);
    let t = tallies.get(scope);
    let inc = calc::incidence(ix, scope, as_of, t.poor_people);
    let year = as_of.year();
    let disposable = calc::disposable_income(ix, scope, year);
    let disposable_previous = calc::disposable_income(ix, scope, year - 1);
    let disposable_growth = match (disposable, disposable_previous) {
        (Some(a), Some(b)) if b.0 > 0 => Ratio::new((a.0 - b.0) as i128, b.0 as i128),
        _ => None,
    };
    let overdue = calc::overdue_tasks(ix, scope, as_of).len() as u64;
    let coverage = helping::PairingCoverage::of(t);
    let loans = helping::loan_book(ix, scope, as_of);
    let mut headline = base_metrics(t, inc);
    headline.extend([
        (
            Metric::PoorPerCapitaNetIncome,
            opt_money(t.poor_income.per_capita()),
        ),
        (
            Metric::RuralPerCapitaDisposableIncome,
            opt_money(disposable),
        ),
        (Metric::PairedHelpers, count(t.helpers)),
        (Metric::PairedHouseholds, count(t.paired_households)),
        (Metric::PairedPeople, count(t.paired_people)),
        (Metric::PoorVillages, count(t.poor_villages)),
        (Metric::OverdueTasks, count(overdue)),
        (
            Metric::HelperCount,
            count(helping::helper_count(ix, scope, as_of)),
        ),
        (
            Metric::PairingCoveragePercent,
            coverage.share().map_or(Value::Unknown, Value::Percent),
        ),
        (Metric::UnpairedPoorHouseholds, count(coverage.unpaired())),
        (Metric::LoansOutstanding, Value::Money(loans.outstanding)),
        (
            Metric::LoansOutstandingCount,
            count(loans.outstanding_count),
        ),
        (Metric::LoansOverdue, Value::Money(loans.overdue)),
        (Metric::LoansOverdueCount, count(loans.overdue_count)),
    ]);
    let orders = helping::orders_by_status(ix, scope, as_of);
    let funds = calc::funds_by_source(ix, scope, year, as_of)
        .into_iter()
        .map(|(source, sum)| FundRow { source, sum })
        .collect();
    let delivered = calc::delivered_quantities(ix, scope, as_of)
        .into_iter()
        .map(|d| DeliveredRow {
            measure_id: reg.measures[d.measure].id.clone(),
            measure: reg.measures[d.measure]
                .live()
                .map(|x| x.name.clone())
                .unwrap_or_default(),
            unit: d.unit,
            quantity: d.quantity,
            records: d.records,
            income: d.income,
        })
        .collect();
    let county_level = match scope {
        Scope::All => true,
        Scope::Region(r) => ix.region(r).is_some_and(|x| x.kind == RegionKind::County),
    };
    let mut breakdown = Vec::new();
    let mut village_exits = Vec::new();
    let base_depth = |r: usize| {
        let mut d = 0;
        let mut at = ix.parent[r];
        while let Some(p) = at {
            d += 1;
            at = ix.parent[p];
        }
        d
    };
    for r in ix.subtree(scope) {
        let Some(region) = ix.region(r) else { continue };
        let rt = tallies.get(Scope::Region(r));
        let rinc = calc::incidence(ix, Scope::Region(r), as_of, rt.poor_people);
        if Scope::Region(r) != scope && region.kind != RegionKind::County {
            breakdown.push(BreakdownRow {
                region_id: reg.regions[r].id.clone(),
                name: region.name.clone(),
                path: ix.region_path(r),
                kind: region.kind,
                depth: base_depth(r),
                metrics: row_metrics(rt, rinc),
            });
        }
        if calc::is_poor_village_at(region, as_of) {
            village_exits.push(VillageExitRow {
                region_id: reg.regions[r].id.clone(),
                name: ix.region_path(r),
                check: calc::village_exit_check(ix, r, as_of, rt.poor_people, &rules),
            });
        }
    }
    Overview {
        as_of,
        income_year,
        scope_id: scope_id.filter(|_| scope != Scope::All).map(str::to_string),
        scope_name: match scope {
            Scope::Region(r) => Some(ix.region_path(r)),
            Scope::All => None,
        },
        headline,
        population_year: inc.map(|i| i.population_year),
        poverty_line: rules.poverty_line(income_year),
        disposable_previous,
        disposable_growth,
        funds,
        orders,
        delivered,
        four_ones: t.four_ones(),
        county_exit: county_level
            .then(|| super::exits::county_exit(ix, scope, as_of, t.poor_people, &rules)),
        breakdown,
        village_exits,
        village_exit_incidence: rules.village_exit_incidence(),
        county_exit_incidence: rules.county_exit_incidence(),
    }
}

/// A quantity as shown: whole numbers without decimals.
pub fn quantity_text(q: f64) -> String {
    if q.fract() == 0.0 && q.abs() < 1e15 {
        group_digits(q as i128)
    } else {
        format!("{q:.2}")
    }
}

/// A share as a percentage with two decimals, or `None` where unknown.
pub fn share_text(r: Option<Ratio>) -> Option<String> {
    r.map(|r| format!("{}%", fixed2(r.round_half_up(100, 2))))
}

/// The poor villages' exit checks as one table (village, incidence, infrastructure, collective
/// income, result): the screen, the CSV and the workbook show the same cells.
pub fn village_exit_table(rows: &[VillageExitRow], l: Locale) -> Table {
    let verdict = |v: Verdict| match v {
        Verdict::Met => tr!(l, verdict_met),
        Verdict::Failed => tr!(l, verdict_failed),
        Verdict::Unknown => tr!(l, unknown),
    };
    let line = |r: &VillageExitRow| -> Vec<Cell> {
        let c = &r.check;
        let failing: Vec<String> = InfrastructureItem::ALL
            .iter()
            .zip(c.infrastructure)
            .filter(|(_, v)| *v != Verdict::Met)
            .map(|(item, v)| format!("{} ({})", item.label(l), verdict(v)))
            .collect();
        let inc = c
            .incidence
            .map(|i| format!("{}% ", i.rate.percent_text()))
            .unwrap_or_default();
        vec![
            Cell::from(r.name.as_str()),
            Cell::Text(format!("{inc}{}", verdict(c.incidence_verdict))),
            Cell::Text(if failing.is_empty() {
                verdict(Verdict::Met).to_string()
            } else {
                failing.join(", ")
            }),
            Cell::Text(format!(
                "{} {}",
                c.collective_income
                    .map(|f| f.to_string())
                    .unwrap_or_default(),
                verdict(c.collective_verdict)
            )),
            Cell::from(if c.passes() {
                tr!(l, village_may_exit)
            } else {
                tr!(l, village_cannot_exit_yet)
            }),
        ]
    };
    Table {
        sheet: tr!(l, village_exits_sheet).to_string(),
        header: [
            K::column_village,
            K::incidence_short,
            K::measure_category_infrastructure,
            K::collective_income_short,
            K::result,
        ]
        .iter()
        .map(|k| k.get(l).to_string())
        .collect(),
        rows: rows.iter().map(line).collect(),
    }
}

/// The label of a kind of move (entries, exits, relapses, struck off, ceased).
pub fn move_label(s: crate::domain::codes::Status, l: Locale) -> &'static str {
    use crate::domain::codes::Status;
    match s {
        Status::Poor => tr!(l, analysis_entries),
        Status::Exited => tr!(l, analysis_exits),
        Status::Returned => tr!(l, analysis_relapses),
        other => other.label(l),
    }
}

/// The report's workbook: headline, breakdown, monitoring by year, exit criteria.
pub fn workbook(
    o: &Overview,
    years: &[crate::domain::analysis::PeriodMoves],
    per_criterion: &[(u64, u64, u64); 6],
    l: Locale,
) -> Vec<Table> {
    use crate::domain::analysis::MOVE_STATUSES;
    use crate::domain::calc::Criterion;
    let number = |v: &Value| match v.plain().parse::<f64>() {
        Ok(x) => Cell::Number(x),
        Err(_) => Cell::Text(String::new()),
    };
    let headline = Table {
        sheet: tr!(l, analysis_headline).to_string(),
        header: vec![
            tr!(l, analysis_figure).to_string(),
            tr!(l, analysis_value).to_string(),
        ],
        rows: o
            .headline
            .iter()
            .map(|(m, v)| {
                let value = match number(v) {
                    Cell::Text(_) => Cell::from(tr!(l, unknown)),
                    n => n,
                };
                vec![Cell::from(m.label(l)), value]
            })
            .collect(),
    };
    let columns: Vec<Metric> = o
        .breakdown
        .first()
        .map(|r| r.metrics.iter().map(|(n, _)| *n).collect())
        .unwrap_or_default();
    let mut header = vec![tr!(l, region).to_string()];
    header.extend(columns.iter().map(|m| m.label(l).to_string()));
    let breakdown = Table {
        sheet: tr!(l, analysis_breakdown).to_string(),
        header,
        rows: o
            .breakdown
            .iter()
            .map(|r| {
                let mut row = vec![Cell::from(r.path.as_str())];
                row.extend(r.metrics.iter().map(|(_, v)| number(v)));
                row
            })
            .collect(),
    };
    let mut header = vec![tr!(l, year).to_string()];
    for s in MOVE_STATUSES {
        header.push(format!("{} {}", move_label(s, l), tr!(l, households_unit)));
        header.push(format!("{} {}", move_label(s, l), tr!(l, people_unit)));
    }
    let monitoring = Table {
        sheet: tr!(l, analysis_monitoring).to_string(),
        header,
        rows: years
            .iter()
            .map(|p| {
                let mut row = vec![Cell::from(p.label.as_str())];
                for (h, ppl) in p.counts {
                    row.push(Cell::Number(h as f64));
                    row.push(Cell::Number(ppl as f64));
                }
                row
            })
            .collect(),
    };
    let checks = Table {
        sheet: tr!(l, analysis_exit_checks_2).to_string(),
        header: [
            K::analysis_criterion,
            K::analysis_met,
            K::analysis_failed,
            K::analysis_unknown,
        ]
        .iter()
        .map(|k| k.get(l).to_string())
        .collect(),
        rows: Criterion::ALL
            .iter()
            .zip(per_criterion)
            .map(|(c, (m, f, u))| {
                vec![
                    Cell::from(c.label(l)),
                    Cell::Number(*m as f64),
                    Cell::Number(*f as f64),
                    Cell::Number(*u as f64),
                ]
            })
            .collect(),
    };
    vec![headline, breakdown, monitoring, checks]
}
