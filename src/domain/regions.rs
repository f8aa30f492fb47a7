//! 村组 management: adding, renaming, moving and deleting regions (as tombstones, only when
//! nothing lives under them), and a village's own facts. Every change keeps the region tree valid.

use super::codes::RegionKind;
use super::model::*;
use super::money::Fen;
use crate::msg;
use crate::text::Msg;

/// Why a change to the region tree was refused, as a sentence of the locale files.
pub type Refusal = Msg;

fn bump(rec: &mut Record<Region>, replica: &str, now: &str) {
    *rec.rev.entry(replica.to_string()).or_insert(0) += 1;
    rec.updated_at = now.to_string();
}

fn parent_kind(kind: RegionKind) -> Option<RegionKind> {
    match kind {
        RegionKind::County => None,
        RegionKind::Township => Some(RegionKind::County),
        RegionKind::Village => Some(RegionKind::Township),
    }
}

fn check_parent(reg: &Registry, kind: RegionKind, parent: Option<&str>) -> Result<(), Refusal> {
    match (parent_kind(kind), parent) {
        (None, None) => Ok(()),
        (None, Some(_)) => Err(msg!(file_county_has_no_parent)),
        (Some(k), None) => Err(msg!(region_choose_parent, kind = k.label_key())),
        (Some(k), Some(p)) => match reg
            .regions
            .iter()
            .find(|r| r.id == p)
            .and_then(|r| r.live())
        {
            Some(pr) if pr.kind == k => Ok(()),
            Some(_) => Err(msg!(
                region_parent_of_wrong_kind,
                kind = kind.label_key(),
                want = k.label_key()
            )),
            None => Err(msg!(region_parent_region_does_not_exist)),
        },
    }
}

fn check_name(name: &str) -> Result<String, Refusal> {
    let n = name.trim();
    if n.is_empty() {
        return Err(msg!(region_enter_name));
    }
    if n.chars().count() > 100 {
        return Err(msg!(region_name_has_most_100_characters));
    }
    Ok(n.to_string())
}

/// Adds a region under `parent` (none for a county).
pub fn add(
    reg: &Registry,
    id: &str,
    kind: RegionKind,
    name: &str,
    parent: Option<&str>,
    replica: &str,
    now: &str,
) -> Result<Registry, Refusal> {
    let name = check_name(name)?;
    check_parent(reg, kind, parent)?;
    let mut out = reg.clone();
    out.regions.push_record(Record {
        id: id.into(),
        rev: [(replica.to_string(), 1)].into_iter().collect(),
        updated_at: now.into(),
        body: Some(Region::new(kind, &name, parent)),
        village_id: None,
    });
    Ok(out)
}

/// Replaces a region's facts (name, parent, village attributes); the kind cannot change.
pub fn update(
    reg: &Registry,
    id: &str,
    body: Region,
    replica: &str,
    now: &str,
) -> Result<Registry, Refusal> {
    let current = reg
        .regions
        .iter()
        .find(|r| r.id == id)
        .and_then(|r| r.live())
        .ok_or_else(|| msg!(region_no_such_region))?;
    if current.kind != body.kind {
        return Err(msg!(region_kind_region_cannot_change));
    }
    let mut body = body;
    body.name = check_name(&body.name)?;
    check_parent(reg, body.kind, body.parent_id.as_deref())?;
    let mut years: Vec<i32> = body.rural_population.iter().map(|p| p.year).collect();
    years.sort();
    if years.windows(2).any(|w| w[0] == w[1]) {
        return Err(msg!(region_one_population_figure_per_year));
    }
    let mut out = reg.clone();
    let rec = out
        .regions
        .iter_mut()
        .find(|r| r.id == id)
        .expect("found above");
    let rec = std::sync::Arc::make_mut(rec);
    rec.body = Some(body);
    bump(rec, replica, now);
    Ok(out)
}

/// Deletes a region as a tombstone, refused while live records still stand under it.
pub fn delete(reg: &Registry, id: &str, replica: &str, now: &str) -> Result<Registry, Refusal> {
    let children = reg
        .regions
        .iter()
        .filter(|r| r.live().is_some_and(|b| b.parent_id.as_deref() == Some(id)))
        .count();
    let households = reg
        .households
        .iter()
        .filter(|h| h.live().is_some_and(|b| b.village_id == id))
        .count();
    let others = reg
        .tasks
        .iter()
        .filter(|t| t.live().is_some_and(|b| b.region_id == id))
        .count()
        + reg
            .funds
            .iter()
            .filter(|f| f.live().is_some_and(|b| b.region_id.as_deref() == Some(id)))
            .count()
        + reg
            .helpers
            .iter()
            .filter(|h| h.live().is_some_and(|b| b.region_id.as_deref() == Some(id)))
            .count();
    if children + households + others > 0 {
        return Err(msg!(
            region_not_empty,
            children = children,
            households = households,
            others = others
        ));
    }
    let mut out = reg.clone();
    let rec = out
        .regions
        .iter_mut()
        .find(|r| r.id == id)
        .ok_or_else(|| msg!(region_no_such_region))?;
    let rec = std::sync::Arc::make_mut(rec);
    rec.body = None;
    bump(rec, replica, now);
    Ok(out)
}

/// The region with one year's rural population and collective income as a person typed them in
/// the region form: `year` four digits; `people` a whole number or empty (that year's figure is
/// removed); `collective` an amount in yuan (`85,000` is fine) or empty. Households and
/// disposable income already recorded for that year are kept.
pub fn with_year_figures(
    region: &Region,
    year: &str,
    people: &str,
    collective: &str,
) -> Result<Region, Refusal> {
    let y: i32 = year
        .trim()
        .parse()
        .ok()
        .filter(|y| (1980..=2100).contains(y))
        .ok_or_else(|| msg!(region_year_four_digits))?;
    let people = match people.trim() {
        "" => None,
        t => Some(
            t.parse::<u64>()
                .ok()
                .filter(|&n| n <= 1_000_000_000)
                .ok_or_else(|| msg!(region_population_whole_number))?,
        ),
    };
    let collective = match collective.trim() {
        "" => None,
        t => Some(
            Fen::parse_typed(t)
                .ok()
                .filter(|f| f.0 >= 0)
                .ok_or_else(|| msg!(region_collective_income_amount))?,
        ),
    };
    let mut out = region.clone();
    let old = region.rural_population.iter().find(|p| p.year == y);
    out.rural_population.retain(|p| p.year != y);
    if let Some(n) = people {
        out.rural_population.push(YearPopulation {
            year: y,
            households: old.and_then(|p| p.households),
            people: n,
            per_capita_disposable_income: old.and_then(|p| p.per_capita_disposable_income),
        });
        out.rural_population.sort_by_key(|p| p.year);
    }
    out.collective_income.retain(|x| x.year != y);
    if let Some(f) = collective {
        out.collective_income.push(YearAmount { year: y, yuan: f });
        out.collective_income.sort_by_key(|x| x.year);
    }
    Ok(out)
}

/// A region as the region table shows it.
#[derive(Clone, PartialEq, Debug)]
pub struct RegionRow {
    pub id: String,
    pub name: String,
    pub kind: RegionKind,
    pub depth: usize,
    pub poor_village: bool,
    pub target_exit_year: Option<i32>,
    /// The population used today, with its year.
    pub population: Option<(i32, u64)>,
    /// 基础设施: conditions met of the eight, for a village that recorded them.
    pub infrastructure_met: Option<usize>,
    pub specialty_industry: String,
}

/// Every live region in tree order.
pub fn rows(ix: &super::index::Index, today: super::date::Date) -> Vec<RegionRow> {
    use super::index::Scope;
    ix.subtree(Scope::All)
        .into_iter()
        .filter_map(|r| {
            let region = ix.region(r)?;
            Some(RegionRow {
                id: ix.reg.regions[r].id.clone(),
                name: region.name.clone(),
                kind: region.kind,
                depth: std::iter::successors(ix.parent[r], |&p| ix.parent[p])
                    .take(8)
                    .count(),
                poor_village: region.poor_village == Some(true),
                target_exit_year: region.target_exit_year,
                population: super::calc::population_used(ix, Scope::Region(r), today),
                infrastructure_met: region
                    .infrastructure
                    .map(|f| f.iter().filter(|c| **c == Some(true)).count()),
                specialty_industry: region.specialty_industry.clone().unwrap_or_default(),
            })
        })
        .collect()
}

/// The level a region of `kind` hangs under (none for a county).
pub fn parent_level(kind: RegionKind) -> Option<RegionKind> {
    parent_kind(kind)
}
