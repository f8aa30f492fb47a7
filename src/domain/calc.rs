//! Every figure of the app, one function each, numbered as the calculations of the exchange
//! README (items 1–15). Pages, exports and tests call these and nothing else.
//!
//! Long (about 830 lines) because every figure is one function here, in the README's numbering, so that one grep finds any of them.

use std::collections::{BTreeMap, BTreeSet};

use super::codes::*;
use super::date::Date;
use super::facts::FactsTable;
use super::index::{Index, Scope};
use super::model::*;
use super::money::{per_capita, Fen, Ratio};
use super::rules::{Line, Rules};

// ---- 1. Members counted at D -------------------------------------------------------------

/// (1) A household's people at D: members joined on or before D and not left by D.
pub fn people_at(h: &Household, d: Date) -> u64 {
    h.members.iter().filter(|m| m.counted_at(d)).count() as u64
}

// ---- 2–3. Status at D ----------------------------------------------------------------------

/// (2) The status of the last event dated on or before D (the later entry wins on equal dates);
/// `None` where the household was not yet in the registry at D.
pub fn status_at(h: &Household, d: Date) -> Option<Status> {
    h.status_events
        .iter()
        .rev()
        .find(|e| e.date <= d)
        .map(|e| e.status)
}

/// (3) Poor: `poor` or `returned`.
pub fn is_poor(s: Option<Status>) -> bool {
    matches!(s, Some(Status::Poor | Status::Returned))
}

/// (3) Registered (建档立卡): `poor`, `returned` or `exited`.
pub fn is_registered(s: Option<Status>) -> bool {
    matches!(s, Some(Status::Poor | Status::Returned | Status::Exited))
}

// ---- 4–5. Population and incidence ---------------------------------------------------------

/// (4) Rural population of region `r` in `year`: its own entry, else the sum of its children's
/// when every child has one; `None` (unknown) otherwise.
pub fn rural_population(ix: &Index, r: usize, year: i32) -> Option<u64> {
    let region = ix.region(r)?;
    if let Some(p) = region.rural_population.iter().find(|p| p.year == year) {
        return Some(p.people);
    }
    let kids = &ix.children[r];
    if kids.is_empty() {
        return None;
    }
    kids.iter().map(|&c| rural_population(ix, c, year)).sum()
}

/// (4) Rural population of a scope in `year` (the whole registry sums its top regions).
pub fn scope_population(ix: &Index, scope: Scope, year: i32) -> Option<u64> {
    match scope {
        Scope::Region(r) => rural_population(ix, r, year),
        Scope::All if ix.tops.is_empty() => None,
        Scope::All => ix.tops.iter().map(|&t| rural_population(ix, t, year)).sum(),
    }
}

/// (4) Population used at D: that of the latest year ≤ year(D) for which it is known.
pub fn population_used(ix: &Index, scope: Scope, d: Date) -> Option<(i32, u64)> {
    let mut years = BTreeSet::new();
    for r in ix.subtree(scope) {
        if let Some(region) = ix.region(r) {
            years.extend(
                region
                    .rural_population
                    .iter()
                    .map(|p| p.year)
                    .filter(|&y| y <= d.year()),
            );
        }
    }
    years
        .into_iter()
        .rev()
        .find_map(|y| scope_population(ix, scope, y).map(|p| (y, p)))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Incidence {
    pub poor_people: u64,
    pub population: u64,
    pub population_year: i32,
    pub rate: Ratio,
}

/// (5) 贫困发生率 at D = poor people ÷ population used; `None` where the population is unknown or zero.
pub fn incidence(ix: &Index, scope: Scope, d: Date, poor_people: u64) -> Option<Incidence> {
    let (year, population) = population_used(ix, scope, d)?;
    let rate = Ratio::new(poor_people as i128, population as i128).filter(|_| population > 0)?;
    Some(Incidence {
        poor_people,
        population,
        population_year: year,
        rate,
    })
}

/// Published rural per-capita disposable income of a scope for a year (农村居民人均可支配收入).
pub fn disposable_income(ix: &Index, scope: Scope, year: i32) -> Option<Fen> {
    let regions: Vec<usize> = match scope {
        Scope::Region(r) => vec![r],
        Scope::All => ix.tops.clone(),
    };
    let [r] = regions.as_slice() else { return None };
    ix.region(*r)?
        .rural_population
        .iter()
        .find(|p| p.year == year)?
        .per_capita_disposable_income
}

// ---- 6–7. Income ---------------------------------------------------------------------------

/// (6) A household's net income for `year` and its people on 31 December of that year; `None`
/// without an income entry for the year or with zero people.
pub fn net_income(h: &Household, year: i32) -> Option<(Fen, u64)> {
    let income = h.income(year)?;
    let people = people_at(h, Date::end_of_year(year));
    (people > 0).then(|| (income.net(), people))
}

/// (6) 人均纯收入 of a household for `year` (may be negative).
pub fn per_capita_net_income(h: &Household, year: i32) -> Option<Fen> {
    let (net, people) = net_income(h, year)?;
    per_capita(net, people)
}

/// (7) Sums for a group's per-capita income: net incomes and people over households whose figure is known.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct IncomeSum {
    pub net: Fen,
    pub people: u64,
    pub households: u64,
}

impl IncomeSum {
    /// Adds a household's [`net_income`] (nothing when it is unknown).
    pub fn add(&mut self, income: Option<(Fen, u64)>) {
        if let Some((net, people)) = income {
            self.net += net;
            self.people += people;
            self.households += 1;
        }
    }
    pub fn merge(&mut self, o: &IncomeSum) {
        self.net += o.net;
        self.people += o.people;
        self.households += o.households;
    }
    /// 7. The group's per-capita income; unknown for an empty group.
    pub fn per_capita(&self) -> Option<Fen> {
        per_capita(self.net, self.people)
    }
}

// ---- 8. Moves (进退动态监测) ------------------------------------------------------------------

/// A move of a household into a status (the status before differs), with its people that day.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Move {
    pub status: Status,
    pub date: Date,
    pub people: u64,
}

/// (8) The household's first move into each status within `[from, to]` (each household once per status).
pub fn moves(h: &Household, from: Date, to: Date) -> Vec<Move> {
    let mut out: Vec<Move> = Vec::new();
    let mut before: Option<Status> = None;
    for e in &h.status_events {
        if before != Some(e.status)
            && e.date >= from
            && e.date <= to
            && !out.iter().any(|m| m.status == e.status)
        {
            out.push(Move {
                status: e.status,
                date: e.date,
                people: people_at(h, e.date),
            });
        }
        before = Some(e.status);
    }
    out
}

// ---- 9. Household exit check --------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, PartialOrd, Ord)]
pub enum Verdict {
    Met,
    Failed,
    Unknown,
}

impl Verdict {
    pub fn of(fact: Option<bool>) -> Verdict {
        match fact {
            Some(true) => Verdict::Met,
            Some(false) => Verdict::Failed,
            None => Verdict::Unknown,
        }
    }
}

code_enum!(
    /// The six criteria of a household's exit (脱贫标准), in order.
    Criterion {
        Income = "income", criterion_income;
        FoodClothing = "food_clothing", criterion_food_clothing;
        Education = "education", criterion_education;
        Medical = "medical", criterion_medical;
        Housing = "housing", criterion_housing;
        Water = "water", criterion_water;
    }
);

#[derive(Clone, PartialEq, Debug)]
pub struct ExitCheck {
    pub year: i32,
    pub verdicts: [(Criterion, Verdict); 6],
    pub per_capita_income: Option<Fen>,
    pub line: Option<Line>,
}

impl ExitCheck {
    pub fn passes(&self) -> bool {
        self.verdicts.iter().all(|(_, v)| *v == Verdict::Met)
    }
    pub fn failed(&self) -> impl Iterator<Item = Criterion> + '_ {
        self.verdicts
            .iter()
            .filter(|(_, v)| *v == Verdict::Failed)
            .map(|(c, _)| *c)
    }
    pub fn unknown(&self) -> impl Iterator<Item = Criterion> + '_ {
        self.verdicts
            .iter()
            .filter(|(_, v)| *v == Verdict::Unknown)
            .map(|(c, _)| *c)
    }
    pub fn verdict(&self, c: Criterion) -> Verdict {
        self.verdicts[c as usize].1
    }
}

/// (9) Household exit check for year Y. `conditions` are present facts, used as they are now.
pub fn exit_check(h: &Household, year: i32, rules: &Rules) -> ExitCheck {
    let line = rules.poverty_line(year);
    let pci = per_capita_net_income(h, year);
    let income = match (pci, line) {
        (Some(p), Some(l)) => Verdict::of(Some(p > l.yuan)),
        _ => Verdict::Unknown,
    };
    let end = Date::end_of_year(year);
    let counted: Vec<&Member> = h.members.iter().filter(|m| m.counted_at(end)).collect();
    let education = Verdict::of(Some(
        !counted
            .iter()
            .any(|m| m.schooling == Some(Schooling::Dropout)),
    ));
    let medical = if counted.iter().any(|m| m.medical_insurance == Some(false)) {
        Verdict::Failed
    } else if counted.iter().any(|m| m.medical_insurance.is_none()) {
        Verdict::Unknown
    } else {
        Verdict::Met
    };
    let c = h.conditions.as_ref();
    let food = Verdict::of(c.and_then(|c| c.food_clothing_secure));
    let housing = Verdict::of(c.and_then(|c| c.housing).map(|x| x == Housing::Safe));
    let water = Verdict::of(
        c.and_then(|c| c.drinking_water)
            .map(|x| x == DrinkingWater::Safe),
    );
    ExitCheck {
        year,
        verdicts: [
            (Criterion::Income, income),
            (Criterion::FoodClothing, food),
            (Criterion::Education, education),
            (Criterion::Medical, medical),
            (Criterion::Housing, housing),
            (Criterion::Water, water),
        ],
        per_capita_income: pci,
        line,
    }
}

// ---- 10. Village and county exit checks ------------------------------------------------------

#[derive(Clone, PartialEq, Debug)]
pub struct VillageExitCheck {
    pub region: usize,
    pub incidence: Option<Incidence>,
    pub incidence_verdict: Verdict,
    /// Each of the eight infrastructure flags, in the order of `INFRASTRUCTURE`.
    pub infrastructure: [Verdict; 8],
    pub collective_income: Option<Fen>,
    pub collective_verdict: Verdict,
}

impl VillageExitCheck {
    pub fn passes(&self) -> bool {
        self.incidence_verdict == Verdict::Met
            && self.collective_verdict == Verdict::Met
            && self.infrastructure.iter().all(|v| *v == Verdict::Met)
    }
}

/// (10) Exit check of a poor village at D; `poor_people` is the village's poor people at D.
pub fn village_exit_check(
    ix: &Index,
    village: usize,
    d: Date,
    poor_people: u64,
    rules: &Rules,
) -> VillageExitCheck {
    let region = ix.region(village);
    let inc = incidence(ix, Scope::Region(village), d, poor_people);
    let threshold = rules.village_exit_incidence();
    let incidence_verdict = inc.map_or(Verdict::Unknown, |i| Verdict::of(Some(i.rate < threshold)));
    let flags = region.and_then(|r| r.infrastructure).unwrap_or([None; 8]);
    let infrastructure = flags.map(|f| match f {
        Some(true) => Verdict::Met,
        Some(false) => Verdict::Failed,
        None => Verdict::Unknown,
    });
    let collective_income = region.and_then(|r| {
        r.collective_income
            .iter()
            .find(|c| c.year == d.year())
            .map(|c| c.yuan)
    });
    let collective_verdict = collective_income.map_or(Verdict::Unknown, |c| {
        Verdict::of(Some(c > rules.village_exit_collective_income()))
    });
    VillageExitCheck {
        region: village,
        incidence: inc,
        incidence_verdict,
        infrastructure,
        collective_income,
        collective_verdict,
    }
}

/// (10) County exit check (partial: the official check also samples wrong exits and missed households).
pub fn county_exit_check(inc: Option<Incidence>, rules: &Rules) -> Verdict {
    inc.map_or(Verdict::Unknown, |i| {
        Verdict::of(Some(i.rate < rules.county_exit_incidence()))
    })
}

/// (10) Whether a village is a poor village still to exit at D.
pub fn is_poor_village_at(region: &Region, d: Date) -> bool {
    region.kind == RegionKind::Village
        && region.poor_village == Some(true)
        && region.exit_date.is_none_or(|e| e > d)
}

// ---- 11. Relapse watch -----------------------------------------------------------------------

#[derive(Clone, PartialEq, Debug)]
pub struct RelapseRisk {
    pub household: usize,
    /// Latest known per-capita income, its year and that year's monitoring line.
    pub income: Option<(i32, Fen)>,
    pub line: Option<Line>,
    pub below_line: bool,
    pub failed: Vec<Criterion>,
    /// Non-income criteria whose facts are missing.
    pub missing: Vec<Criterion>,
}

impl RelapseRisk {
    pub fn at_risk(&self) -> bool {
        self.below_line || !self.failed.is_empty()
    }
    /// Income as a share of the monitoring line: lower is riskier.
    pub fn ratio(&self) -> Option<Ratio> {
        let (_, inc) = self.income?;
        Ratio::new(inc.0 as i128, self.line?.yuan.0 as i128)
    }
}

/// (11) 防返贫监测: the household's relapse assessment at D, or `None` where it is not watched
/// (neither exited at D nor under an open monitoring entry).
pub fn relapse_risk(ix: &Index, h: usize, d: Date, rules: &Rules) -> Option<RelapseRisk> {
    let hh = ix.reg.households[h].live()?;
    let watched = status_at(hh, d) == Some(Status::Exited)
        || hh
            .monitoring
            .iter()
            .any(|m| m.start_date <= d && m.end_date.is_none_or(|e| e >= d));
    if !watched {
        return None;
    }
    let income = hh
        .incomes
        .iter()
        .filter(|i| i.year <= d.year())
        .filter_map(|i| per_capita_net_income(hh, i.year).map(|p| (i.year, p)))
        .max_by_key(|(y, _)| *y);
    let line = income.and_then(|(y, _)| rules.monitoring_line(y));
    let below_line = matches!((income, line), (Some((_, p)), Some(l)) if p < l.yuan);
    let check = exit_check(hh, d.year(), rules);
    let others = || {
        check
            .verdicts
            .iter()
            .filter(|(c, _)| *c != Criterion::Income)
    };
    let failed = others()
        .filter(|(_, v)| *v == Verdict::Failed)
        .map(|(c, _)| *c)
        .collect();
    let missing = others()
        .filter(|(_, v)| *v == Verdict::Unknown)
        .map(|(c, _)| *c)
        .collect();
    Some(RelapseRisk {
        household: h,
        income,
        line,
        below_line,
        failed,
        missing,
    })
}

// ---- 12–13. Four ones and pairing ------------------------------------------------------------

/// (13) A pairing is active at D: live, started on or before D, not ended by D.
pub fn pairing_active(p: &Pairing, d: Date) -> bool {
    p.start_date <= d && p.end_date.is_none_or(|e| e > d)
}

/// 结对帮扶 in force at D, as (household, helper) positions: a live pairing running at D, of a
/// live household, with a live helper still helping then. Every paired figure counts these.
pub fn active_pairings<'a>(ix: &'a Index, d: Date) -> impl Iterator<Item = (usize, usize)> + 'a {
    let reg = ix.reg;
    reg.pairings.iter().filter_map(move |p| {
        let p = p.live().filter(|p| pairing_active(p, d))?;
        let &h = ix.household_pos(p.household_id.as_str())?;
        let &helper = ix.helper_pos(p.helper_id.as_str())?;
        let active = reg.helpers[helper].live().is_some_and(|x| x.active_at(d))
            && reg.households[h].live().is_some();
        active.then_some((h, helper))
    })
}

/// A member who can work (劳动力): skilled, ordinary or weak labour.
pub fn is_labourer(m: &Member) -> bool {
    matches!(
        m.labor,
        Some(Labor::Skilled | Labor::Ordinary | Labor::Weak)
    )
}

/// A member working away from home (外出务工): in the county, the province or beyond.
pub fn works_away(m: &Member) -> bool {
    matches!(m.work, Some(Work::County | Work::Province | Work::Outside))
}

// ---- 15. Tasks -----------------------------------------------------------------------------

/// (15) Overdue at D: due before D and not done by D.
pub fn task_overdue(t: &Task, d: Date) -> bool {
    t.due_date < d && t.done_date.is_none_or(|done| done > d)
}

// ---- The tally: all per-household figures of every region in one pass ----------------------------

/// Counts of one region (a village's own, or summed over a subtree).
#[derive(Clone, Default, PartialEq, Debug)]
pub struct Tally {
    pub poor_households: u64,
    pub poor_people: u64,
    pub exited_households: u64,
    pub exited_people: u64,
    pub registered_households: u64,
    pub registered_people: u64,
    pub candidate_households: u64,
    /// Net incomes of the households poor at D, for the income year.
    pub poor_income: IncomeSum,
    /// Net incomes of the households registered at D, for the income year.
    pub registered_income: IncomeSum,
    /// Pairings (13): distinct households with an active pairing, their people, and their distinct helpers:
    /// a helper pairing households in two villages counts once in the township above both.
    pub paired_households: u64,
    pub paired_people: u64,
    /// The paired households poor at D (结对覆盖's numerator).
    pub paired_poor_households: u64,
    pub helpers: u64,
    /// 12. Four ones over registered households.
    pub shed_households: u64,
    pub labourers: u64,
    pub trained_labourers: u64,
    pub migrant_households: u64,
    pub poor_villages: u64,
    pub poor_villages_with_industry: u64,
}

impl Tally {
    fn merge(&mut self, o: &Tally) {
        self.poor_households += o.poor_households;
        self.poor_people += o.poor_people;
        self.exited_households += o.exited_households;
        self.exited_people += o.exited_people;
        self.registered_households += o.registered_households;
        self.registered_people += o.registered_people;
        self.candidate_households += o.candidate_households;
        self.poor_income.merge(&o.poor_income);
        self.registered_income.merge(&o.registered_income);
        self.paired_households += o.paired_households;
        self.paired_people += o.paired_people;
        self.paired_poor_households += o.paired_poor_households;
        self.shed_households += o.shed_households;
        self.labourers += o.labourers;
        self.trained_labourers += o.trained_labourers;
        self.migrant_households += o.migrant_households;
        self.poor_villages += o.poor_villages;
        self.poor_villages_with_industry += o.poor_villages_with_industry;
    }

    /// 12. The four shares of "four ones", each `None` where its denominator is empty.
    pub fn four_ones(&self) -> [Option<Ratio>; 4] {
        let r = |n: u64, d: u64| Ratio::new(n as i128, d as i128).filter(|_| d > 0);
        [
            r(self.poor_villages_with_industry, self.poor_villages),
            r(self.shed_households, self.registered_households),
            r(self.trained_labourers, self.labourers),
            r(self.migrant_households, self.registered_households),
        ]
    }
}

/// Figures for every region at D, computed in one pass over households and pairings and rolled
/// up the tree; `total` is the whole registry.
pub struct Tallies {
    pub as_of: Date,
    pub income_year: i32,
    pub by_region: Vec<Tally>,
    pub total: Tally,
}

impl Tallies {
    pub fn get(&self, scope: Scope) -> &Tally {
        match scope {
            Scope::All => &self.total,
            Scope::Region(r) => &self.by_region[r],
        }
    }
}

/// Computes the [`Tally`] of every region at D, with incomes of `income_year`, over the
/// households' facts the index keeps for that date and year.
pub fn tallies(ix: &Index, d: Date, income_year: i32) -> Tallies {
    tallies_over(ix, &ix.household_facts(d, income_year))
}

/// [`tallies`] over `facts`, the households' facts of this registry at one date and year.
pub fn tallies_over(ix: &Index, facts: &FactsTable) -> Tallies {
    let (d, income_year) = (facts.as_of, facts.income_year);
    let reg = ix.reg;
    let n = reg.regions.len();
    let mut own = vec![Tally::default(); n];
    for (f, v) in facts.all().iter().zip(&ix.household_village) {
        let Some(v) = *v else {
            continue;
        };
        let t = &mut own[v];
        if f.status == Some(Status::Candidate) {
            t.candidate_households += 1;
        }
        if !is_registered(f.status) {
            continue;
        }
        let people = u64::from(f.people);
        if is_poor(f.status) {
            t.poor_households += 1;
            t.poor_people += people;
            t.poor_income.add(f.income);
        }
        if f.status == Some(Status::Exited) {
            t.exited_households += 1;
            t.exited_people += people;
        }
        t.registered_households += 1;
        t.registered_people += people;
        t.registered_income.add(f.income);
        t.shed_households += u64::from(f.shed);
        t.labourers += u64::from(f.labourers);
        t.trained_labourers += u64::from(f.trained_labourers);
        t.migrant_households += u64::from(f.works_away);
    }
    // 13. Pairings: distinct households per village, then distinct helpers per region. A sorted
    // list of pairs does in one allocation what a map of sets did in one per household.
    let mut pairs: Vec<(usize, usize)> = active_pairings(ix, d)
        .filter(|&(h, _)| ix.household_village[h].is_some())
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut helper_villages: Vec<(usize, usize)> = Vec::with_capacity(pairs.len());
    let mut last_household = None;
    for &(h, helper) in &pairs {
        let v = ix.household_village[h].expect("kept above");
        helper_villages.push((helper, v));
        if last_household != Some(h) {
            last_household = Some(h);
            let f = facts.get(h);
            own[v].paired_households += 1;
            own[v].paired_people += u64::from(f.people);
            own[v].paired_poor_households += u64::from(is_poor(f.status));
        }
    }
    helper_villages.sort_unstable();
    helper_villages.dedup();
    let helpers = distinct_helpers(ix, &helper_villages);
    for (r, rec) in reg.regions.iter().enumerate() {
        if let (true, Some(region)) = (ix.region_counts[r], rec.live()) {
            if is_poor_village_at(region, d) {
                own[r].poor_villages += 1;
                if region
                    .specialty_industry
                    .as_deref()
                    .is_some_and(|s| !s.trim().is_empty())
                {
                    own[r].poor_villages_with_industry += 1;
                }
            }
        }
    }
    // Roll up: children before parents (post-order of the tree).
    let mut by_region = own;
    let mut total = Tally::default();
    for &top in &ix.tops {
        let order = ix.subtree(Scope::Region(top));
        for &r in order.iter().rev() {
            for &c in &ix.children[r] {
                if ix.region_counts[c] {
                    let child = std::mem::take(&mut by_region[c]);
                    by_region[r].merge(&child);
                    by_region[c] = child;
                }
            }
        }
        if ix.region_counts[top] {
            total.merge(&by_region[top]);
        }
    }
    // Distinct helpers do not add up the tree: they were counted per region above.
    for (t, n) in by_region.iter_mut().zip(&helpers.by_region) {
        t.helpers = *n;
    }
    total.helpers = helpers.total;
    Tallies {
        as_of: d,
        income_year,
        by_region,
        total,
    }
}

/// Distinct helpers of every region and of the whole registry.
struct HelperCounts {
    by_region: Vec<u64>,
    total: u64,
}

/// Counts each helper once in every region above a village where it pairs a household, from
/// `(helper, village)` pairs sorted by helper: walking up from each village, a region already
/// marked for this helper ends the walk, as everything above it is marked too.
fn distinct_helpers(ix: &Index, helper_villages: &[(usize, usize)]) -> HelperCounts {
    let mut by_region = vec![0u64; ix.reg.regions.len()];
    let mut marked_for = vec![usize::MAX; ix.reg.regions.len()];
    let mut total = 0;
    let mut last_helper = None;
    for &(helper, v) in helper_villages {
        if last_helper != Some(helper) {
            last_helper = Some(helper);
            total += 1;
        }
        let mut at = Some(v);
        while let Some(r) = at.filter(|&r| marked_for[r] != helper) {
            marked_for[r] = helper;
            by_region[r] += 1;
            at = ix.parent[r];
        }
    }
    HelperCounts { by_region, total }
}

// ---- 14. Funds --------------------------------------------------------------------------------

#[derive(Clone, PartialEq, Debug)]
pub struct FundUse {
    pub fund: usize,
    pub amount: Fen,
    /// Orders and projects charged to it, from approval on, not cancelled.
    pub allocated: Fen,
    /// 拨付: what was paid out of it (up to the date asked).
    pub spent: Fen,
}

impl FundUse {
    /// 14. balance = amount − allocated; negative balances are flagged.
    pub fn balance(&self) -> Fen {
        self.amount - self.allocated
    }
}

/// The village an order or project belongs to: its household's village, or the project's own.
pub fn assistance_village(ix: &Index, a: &Assistance) -> Option<usize> {
    match (&a.household_id, &a.village_id) {
        (Some(h), _) => ix.household_village[*ix.household_pos(h.as_str())?],
        (None, Some(v)) => {
            let r = *ix.region_pos(v.as_str())?;
            ix.region_counts[r].then_some(r)
        }
        (None, None) => None,
    }
}

/// (14) Every live fund of the scope with its allocation (live orders and projects naming it,
/// from approval on, not cancelled) and what was paid out of it up to D.
pub fn fund_uses(ix: &Index, scope: Scope, d: Date) -> Vec<FundUse> {
    let reg = ix.reg;
    let mut allocated = vec![Fen::ZERO; reg.funds.len()];
    for a in reg.assistance.iter().filter_map(|a| a.live()) {
        if !a.status_at(d).is_some_and(AssistanceStatus::allocates) {
            continue;
        }
        let Some(&f) = a.fund_id.as_deref().and_then(|id| ix.fund_pos(id)) else {
            continue;
        };
        if assistance_village(ix, a).is_none() {
            continue;
        }
        allocated[f] += a.amount_yuan.unwrap_or(Fen::ZERO);
    }
    let mut spent = vec![Fen::ZERO; reg.funds.len()];
    for x in reg.disbursements.iter().filter_map(|x| x.live()) {
        if x.date > d {
            continue;
        }
        if let Some(&f) = ix.fund_pos(x.fund_id.as_str()) {
            spent[f] += x.amount_yuan;
        }
    }
    reg.funds
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let fund = f.live()?;
            ix.owned_in_scope(fund.region_id.as_deref(), scope)
                .then(|| FundUse {
                    fund: i,
                    amount: fund.amount_yuan,
                    allocated: allocated[i],
                    spent: spent[i],
                })
        })
        .collect()
}

/// Funds of one source summed: how many, amount, allocated, spent.
#[derive(Clone, Copy, PartialEq, Debug, Default)]
pub struct SourceSum {
    pub count: u64,
    pub amount: Fen,
    pub allocated: Fen,
    pub spent: Fen,
}

impl SourceSum {
    pub fn balance(&self) -> Fen {
        self.amount - self.allocated
    }
}

/// Funds of the scope summed by source for years up to `year`, spending up to D.
pub fn funds_by_source(
    ix: &Index,
    scope: Scope,
    year: i32,
    d: Date,
) -> Vec<(FundSource, SourceSum)> {
    let mut out: BTreeMap<FundSource, SourceSum> = BTreeMap::new();
    for u in fund_uses(ix, scope, d) {
        let Some(fund) = ix.reg.funds[u.fund].live() else {
            continue;
        };
        if fund.year > year {
            continue;
        }
        let e = out.entry(fund.source).or_default();
        e.count += 1;
        e.amount += u.amount;
        e.allocated += u.allocated;
        e.spent += u.spent;
    }
    out.into_iter().collect()
}

/// What one measure delivered in a scope.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Delivered {
    /// Position of the measure.
    pub measure: usize,
    pub unit: String,
    pub quantity: f64,
    /// Orders and projects done.
    pub records: u64,
    /// 收益 they brought (wages of labourers placed, sales).
    pub income: Fen,
}

/// Quantities delivered by each measure in the scope up to D: done, live orders and village
/// projects, by (measure, unit).
pub fn delivered_quantities(ix: &Index, scope: Scope, d: Date) -> Vec<Delivered> {
    let mut out: BTreeMap<(usize, String), Delivered> = BTreeMap::new();
    for a in ix.reg.assistance.iter().filter_map(|a| a.live()) {
        if a.status != AssistanceStatus::Done || a.done_date.is_some_and(|x| x > d) {
            continue;
        }
        let (Some(v), Some(&m)) = (
            assistance_village(ix, a),
            ix.measure_pos(a.measure_id.as_str()),
        ) else {
            continue;
        };
        if !ix.region_in_scope(v, scope) || ix.reg.measures[m].is_tombstone() {
            continue;
        }
        let unit = a.unit.clone().unwrap_or_default();
        let e = out.entry((m, unit.clone())).or_insert_with(|| Delivered {
            measure: m,
            unit,
            ..Default::default()
        });
        e.quantity += a.quantity.unwrap_or(0.0);
        e.records += 1;
        e.income += a.income_yuan.unwrap_or(Fen::ZERO);
    }
    out.into_values().collect()
}

/// (15) Tasks of the scope overdue at D.
pub fn overdue_tasks(ix: &Index, scope: Scope, d: Date) -> Vec<usize> {
    ix.reg
        .tasks
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            t.live()
                .is_some_and(|t| task_overdue(t, d) && ix.owned_in_scope(Some(&t.region_id), scope))
        })
        .map(|(i, _)| i)
        .collect()
}
