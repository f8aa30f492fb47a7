//! What the overview shows for a scope and an as-of date, assembled from the calculations in
//! `calc` (never computed here). Pure, so the browser and the native tests see the same numbers.

use super::calc::{self, Incidence, Tally, Verdict, VillageExitCheck};
use super::codes::{FundSource, RegionKind};
use super::date::Date;
use super::index::{Index, Scope};
use super::model::Registry;
use super::money::{fixed2, group_digits, Fen, Ratio};
use super::rules::{Line, Rules};

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

/// The headline figures, by their stable names (`data-metric`).
pub const HEADLINE: [&str; 13] = [
    "poor_households",
    "poor_people",
    "exited_households",
    "exited_people",
    "rural_population",
    "incidence_percent",
    "poor_per_capita_net_income",
    "rural_per_capita_disposable_income",
    "paired_helpers",
    "paired_households",
    "paired_people",
    "poor_villages",
    "overdue_tasks",
];

#[derive(Clone, PartialEq, Debug)]
pub struct FundRow {
    pub source: FundSource,
    pub count: u64,
    pub amount: Fen,
    pub allocated: Fen,
}

#[derive(Clone, PartialEq, Debug)]
pub struct DeliveredRow {
    pub measure_id: String,
    pub measure: String,
    pub unit: String,
    pub quantity: f64,
    pub records: u64,
}

/// One region's line in the breakdown table.
#[derive(Clone, PartialEq, Debug)]
pub struct BreakdownRow {
    pub region_id: String,
    pub name: String,
    pub path: String,
    pub kind: RegionKind,
    pub depth: usize,
    pub metrics: Vec<(&'static str, Value)>,
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
    pub headline: Vec<(&'static str, Value)>,
    pub population_year: Option<i32>,
    pub poverty_line: Option<Line>,
    pub disposable_previous: Option<Fen>,
    pub disposable_growth: Option<Ratio>,
    pub funds: Vec<FundRow>,
    pub delivered: Vec<DeliveredRow>,
    pub four_ones: [Option<Ratio>; 4],
    pub county_exit: Option<Verdict>,
    pub breakdown: Vec<BreakdownRow>,
    pub village_exits: Vec<VillageExitRow>,
    /// The exit thresholds in force (贫困村、贫困县退出的发生率标准).
    pub village_exit_incidence: Ratio,
    pub county_exit_incidence: Ratio,
}

impl Overview {
    pub fn metric(&self, name: &str) -> Option<Value> {
        self.headline
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
    }
}

/// The figures every line shares: households and people poor and exited, population, incidence.
fn base_metrics(t: &Tally, inc: Option<Incidence>) -> Vec<(&'static str, Value)> {
    vec![
        ("poor_households", count(t.poor_households)),
        ("poor_people", count(t.poor_people)),
        ("exited_households", count(t.exited_households)),
        ("exited_people", count(t.exited_people)),
        (
            "rural_population",
            inc.map_or(Value::Unknown, |i| count(i.population)),
        ),
        (
            "incidence_percent",
            inc.map_or(Value::Unknown, |i| Value::Percent(i.rate)),
        ),
    ]
}

fn row_metrics(t: &Tally, inc: Option<Incidence>) -> Vec<(&'static str, Value)> {
    let mut m = base_metrics(t, inc);
    m.push(("paired_households", count(t.paired_households)));
    m.push((
        "poor_per_capita_net_income",
        opt_money(t.poor_income.per_capita()),
    ));
    m
}

/// Everything the overview page shows for `scope_id` (None: the whole registry) at `as_of`.
pub fn overview(reg: &Registry, scope_id: Option<&str>, as_of: Date, income_year: i32) -> Overview {
    let ix = Index::new(reg);
    let rules = Rules::new(&reg.settings);
    let scope = ix.scope_of(scope_id);
    let tallies = calc::tallies(&ix, as_of, income_year);
    let t = tallies.get(scope);
    let inc = calc::incidence(&ix, scope, as_of, t.poor_people);
    let year = as_of.year();
    let disposable = calc::disposable_income(&ix, scope, year);
    let disposable_previous = calc::disposable_income(&ix, scope, year - 1);
    let disposable_growth = match (disposable, disposable_previous) {
        (Some(a), Some(b)) if b.0 > 0 => Ratio::new((a.0 - b.0) as i128, b.0 as i128),
        _ => None,
    };
    let overdue = calc::overdue_tasks(&ix, scope, as_of).len() as u64;
    let mut headline = base_metrics(t, inc);
    headline.extend([
        (
            "poor_per_capita_net_income",
            opt_money(t.poor_income.per_capita()),
        ),
        ("rural_per_capita_disposable_income", opt_money(disposable)),
        ("paired_helpers", count(t.helpers.len() as u64)),
        ("paired_households", count(t.paired_households)),
        ("paired_people", count(t.paired_people)),
        ("poor_villages", count(t.poor_villages)),
        ("overdue_tasks", count(overdue)),
    ]);
    let funds = calc::funds_by_source(&ix, scope, year)
        .into_iter()
        .map(|(source, count, amount, allocated)| FundRow {
            source,
            count,
            amount,
            allocated,
        })
        .collect();
    let delivered = calc::delivered_quantities(&ix, scope, as_of)
        .into_iter()
        .map(|(m, unit, quantity, records)| DeliveredRow {
            measure_id: reg.measures[m].id.clone(),
            measure: reg.measures[m]
                .live()
                .map(|x| x.name.clone())
                .unwrap_or_default(),
            unit,
            quantity,
            records,
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
        let rinc = calc::incidence(&ix, Scope::Region(r), as_of, rt.poor_people);
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
                check: calc::village_exit_check(&ix, r, as_of, rt.poor_people, &rules),
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
        delivered,
        four_ones: t.four_ones(),
        county_exit: county_level.then(|| calc::county_exit_check(inc, &rules)),
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
