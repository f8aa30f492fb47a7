//! Lookups the calculations need: ids to positions, the region tree, and which households,
//! helpers and funds lie in a scope. Built once per registry version ([`Indexed`]), never per figure.

use super::codes::RegionKind;
use super::date::Date;
use super::facts::{FactsCache, FactsTable};
use super::model::*;

/// A region and everything under it, or the whole registry.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum Scope {
    All,
    Region(usize),
}

/// The lookups themselves, owned, so that one copy per registry version can be kept (the
/// screen holds it in one memo, [`Indexed`]) and lent to every figure as an [`Index`].
#[derive(Clone, Debug, Default)]
pub struct IndexData {
    regions_by_id: Positions,
    households_by_id: Positions,
    helpers_by_id: Positions,
    measures_by_id: Positions,
    funds_by_id: Positions,
    /// Parent position of each region (None for a top region or a dangling parent).
    pub parent: Vec<Option<usize>>,
    /// Children of each region, live ones only, in file order.
    pub children: Vec<Vec<usize>>,
    /// Top live regions (no parent).
    pub tops: Vec<usize>,
    /// Whether the region and all its ancestors are live: otherwise it counts nowhere.
    pub region_counts: Vec<bool>,
    /// The village position of each household that counts (live, in a counting village).
    pub household_village: Vec<Option<usize>>,
    /// Each household's facts at the dates figures were asked for ([`Index::household_facts`]).
    facts: FactsCache,
}

/// The position of each record of one collection by its id, without a copy of any id: a table
/// of positions hashed by the id each points at, so the records themselves are the keys. Building
/// it for a county (20,000 households) is a hash per id and no allocation per record, where a map
/// from cloned ids cost more than the tallies it serves. A repeated id keeps its last position.
#[derive(Clone, Debug, Default)]
pub struct Positions(hashbrown::HashTable<usize>);

/// A quick hash of an id (ids are the person's own data: no adversary to resist).
fn id_hash(id: &str) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes = id.as_bytes();
    let mut h = bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        h = (h ^ u64::from_le_bytes(w.try_into().expect("eight bytes"))).wrapping_mul(K);
        h = h.rotate_left(29);
    }
    let mut tail = [0u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    h = (h ^ u64::from_le_bytes(tail)).wrapping_mul(K);
    h ^ (h >> 32)
}

impl Positions {
    pub fn of<T>(recs: &[std::sync::Arc<Record<T>>]) -> Positions {
        let mut table = hashbrown::HashTable::with_capacity(recs.len());
        for (i, r) in recs.iter().enumerate() {
            match table.entry(
                id_hash(&r.id),
                |&j: &usize| recs[j].id == r.id,
                |&j: &usize| id_hash(&recs[j].id),
            ) {
                hashbrown::hash_table::Entry::Occupied(mut e) => *e.get_mut() = i,
                hashbrown::hash_table::Entry::Vacant(e) => {
                    e.insert(i);
                }
            }
        }
        Positions(table)
    }

    /// The positions of `recs`, edited from `old_recs` whose positions these are: kept when
    /// every id stays at its place.
    fn after<T>(
        &self,
        old_recs: &[std::sync::Arc<Record<T>>],
        recs: &[std::sync::Arc<Record<T>>],
    ) -> Positions {
        if same_ids(old_recs, recs) {
            self.clone()
        } else {
            Positions::of(recs)
        }
    }

    /// The position of the record `id` among `recs` (the records it was built from).
    pub fn get<T>(&self, recs: &[std::sync::Arc<Record<T>>], id: &str) -> Option<&usize> {
        self.0.find(id_hash(id), |&j| recs[j].id == id)
    }
}

/// A registry with its lookups: what every calculation takes.
pub struct Index<'a> {
    pub reg: &'a Registry,
    data: std::borrow::Cow<'a, IndexData>,
}

impl std::ops::Deref for Index<'_> {
    type Target = IndexData;
    fn deref(&self) -> &IndexData {
        &self.data
    }
}

/// One registry version and its lookups, built once and shared (the screen keeps one).
#[derive(Clone, Debug, Default)]
pub struct Indexed {
    pub reg: std::sync::Arc<Registry>,
    pub data: IndexData,
}

impl Indexed {
    pub fn new(reg: std::sync::Arc<Registry>) -> Indexed {
        let data = IndexData::build(&reg);
        Indexed { reg, data }
    }
    /// The next version's lookups, keeping what its edit left alone ([`IndexData::after`]).
    pub fn after(prev: &Indexed, reg: std::sync::Arc<Registry>) -> Indexed {
        let data = IndexData::after(&prev.data, &prev.reg, &reg);
        Indexed { reg, data }
    }
    /// The index over this version, lent (nothing is rebuilt).
    pub fn ix(&self) -> Index<'_> {
        Index {
            reg: &self.reg,
            data: std::borrow::Cow::Borrowed(&self.data),
        }
    }
}

impl PartialEq for Indexed {
    /// Two versions are the same when they are the same registry (pointer), as signals compare.
    fn eq(&self, other: &Indexed) -> bool {
        std::sync::Arc::ptr_eq(&self.reg, &other.reg)
    }
}

impl IndexData {
    pub fn build(reg: &Registry) -> IndexData {
        let regions_by_id = Positions::of(&reg.regions);
        let parent: Vec<Option<usize>> = reg
            .regions
            .iter()
            .map(|r| {
                r.live()
                    .and_then(|b| b.parent_id.as_deref())
                    .and_then(|p| regions_by_id.get(&reg.regions, p).copied())
            })
            .collect();
        let mut children = vec![Vec::new(); reg.regions.len()];
        let mut tops = Vec::new();
        for (i, r) in reg.regions.iter().enumerate() {
            if r.is_tombstone() {
                continue;
            }
            match parent[i] {
                Some(p) => children[p].push(i),
                None => tops.push(i),
            }
        }
        let mut region_counts = vec![false; reg.regions.len()];
        for i in 0..reg.regions.len() {
            let mut ok = reg.regions[i].body.is_some();
            let mut at = parent[i];
            let mut guard = 0;
            while let (true, Some(p)) = (ok, at) {
                ok = reg.regions[p].body.is_some();
                at = parent[p];
                guard += 1;
                if guard > 16 {
                    ok = false;
                }
            }
            region_counts[i] = ok;
        }
        let household_village = reg
            .households
            .iter()
            .map(|h| village_of(reg, &regions_by_id, &region_counts, h))
            .collect();
        IndexData {
            households_by_id: Positions::of(&reg.households),
            helpers_by_id: Positions::of(&reg.helpers),
            measures_by_id: Positions::of(&reg.measures),
            funds_by_id: Positions::of(&reg.funds),
            regions_by_id,
            parent,
            children,
            tops,
            region_counts,
            household_village,
            facts: FactsCache::default(),
        }
    }

    /// The lookups of `reg`, edited from `prev_reg` whose lookups are `prev`: what the edit cannot
    /// have changed is kept. When no region changed and every household, helper, measure and fund
    /// keeps its id at its place (an edit of a household's facts, the common case), this is a
    /// look at each record's pointer and a new village for the households that changed, where a
    /// build hashes every id of the county. Anything else is built anew. Always equal to
    /// [`IndexData::build`] of `reg`.
    pub fn after(prev: &IndexData, prev_reg: &Registry, reg: &Registry) -> IndexData {
        // Facts depend on each household alone, so they follow any edit record by record.
        let facts = FactsCache::after(&prev.facts);
        if !same_records(&prev_reg.regions, &reg.regions)
            || !same_ids(&prev_reg.households, &reg.households)
        {
            return IndexData {
                facts,
                ..IndexData::build(reg)
            };
        }
        let mut household_village = prev.household_village.clone();
        for (i, (old, new)) in prev_reg.households.iter().zip(&reg.households).enumerate() {
            if !std::sync::Arc::ptr_eq(old, new) {
                household_village[i] =
                    village_of(reg, &prev.regions_by_id, &prev.region_counts, new);
            }
        }
        IndexData {
            regions_by_id: prev.regions_by_id.clone(),
            households_by_id: prev.households_by_id.clone(),
            helpers_by_id: prev.helpers_by_id.after(&prev_reg.helpers, &reg.helpers),
            measures_by_id: prev.measures_by_id.after(&prev_reg.measures, &reg.measures),
            funds_by_id: prev.funds_by_id.after(&prev_reg.funds, &reg.funds),
            parent: prev.parent.clone(),
            children: prev.children.clone(),
            tops: prev.tops.clone(),
            region_counts: prev.region_counts.clone(),
            household_village,
            facts,
        }
    }
}

/// The counting village of a household record: live, naming a live village whose ancestors
/// are all live.
fn village_of(
    reg: &Registry,
    regions_by_id: &Positions,
    region_counts: &[bool],
    h: &Record<Household>,
) -> Option<usize> {
    let v = *regions_by_id.get(&reg.regions, h.live()?.village_id.as_str())?;
    (region_counts[v] && reg.regions[v].body.as_ref()?.kind == RegionKind::Village).then_some(v)
}

/// The same records, pointer for pointer.
fn same_records<T>(a: &[std::sync::Arc<Record<T>>], b: &[std::sync::Arc<Record<T>>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| std::sync::Arc::ptr_eq(x, y))
}

/// The same ids at the same places (so the same positions by id).
fn same_ids<T>(a: &[std::sync::Arc<Record<T>>], b: &[std::sync::Arc<Record<T>>]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| std::sync::Arc::ptr_eq(x, y) || x.id == y.id)
}

impl<'a> Index<'a> {
    pub fn new(reg: &'a Registry) -> Index<'a> {
        Index {
            reg,
            data: std::borrow::Cow::Owned(IndexData::build(reg)),
        }
    }

    /// Every household's facts at `d` with incomes of `income_year`, derived once per registry
    /// version and date (and, after an edit, only for the households it changed).
    pub fn household_facts(&self, d: Date, income_year: i32) -> std::sync::Arc<FactsTable> {
        self.data.facts.get(&self.reg.households, d, income_year)
    }

    /// Facts at `d` for figures that read no income: any year's table already held will do.
    pub fn household_facts_at(&self, d: Date) -> std::sync::Arc<FactsTable> {
        self.data.facts.get_at(&self.reg.households, d, d.year())
    }

    /// Position of the region `id`.
    pub fn region_pos(&self, id: &str) -> Option<&usize> {
        self.data.regions_by_id.get(&self.reg.regions, id)
    }
    /// Position of the household `id`.
    pub fn household_pos(&self, id: &str) -> Option<&usize> {
        self.data.households_by_id.get(&self.reg.households, id)
    }
    /// Position of the helper `id`.
    pub fn helper_pos(&self, id: &str) -> Option<&usize> {
        self.data.helpers_by_id.get(&self.reg.helpers, id)
    }
    /// Position of the measure `id`.
    pub fn measure_pos(&self, id: &str) -> Option<&usize> {
        self.data.measures_by_id.get(&self.reg.measures, id)
    }
    /// Position of the fund `id`.
    pub fn fund_pos(&self, id: &str) -> Option<&usize> {
        self.data.funds_by_id.get(&self.reg.funds, id)
    }

    pub fn region(&self, i: usize) -> Option<&'a Region> {
        self.reg.regions[i].body.as_ref()
    }

    pub fn scope_of(&self, region_id: Option<&str>) -> Scope {
        region_id
            .and_then(|id| self.region_pos(id))
            .map_or(Scope::All, |&i| Scope::Region(i))
    }

    /// Whether region `r` lies in `scope` (is the scope region or below it), and counts.
    pub fn region_in_scope(&self, r: usize, scope: Scope) -> bool {
        if !self.region_counts[r] {
            return false;
        }
        match scope {
            Scope::All => true,
            Scope::Region(s) => {
                let mut at = Some(r);
                for _ in 0..16 {
                    match at {
                        Some(x) if x == s => return true,
                        Some(x) => at = self.parent[x],
                        None => return false,
                    }
                }
                false
            }
        }
    }

    /// The household at position `h` counts in `scope` (by its present village).
    pub fn household_in_scope(&self, h: usize, scope: Scope) -> bool {
        self.household_village[h].is_some_and(|v| self.region_in_scope(v, scope))
    }

    /// A record that names a region (fund, task, helper) counts in `scope` when that region is in it;
    /// a record that names none belongs to the whole registry, so it counts for the whole registry
    /// and for a top region.
    pub fn owned_in_scope(&self, region_id: Option<&str>, scope: Scope) -> bool {
        match region_id {
            Some(id) => self
                .region_pos(id)
                .is_some_and(|&r| self.region_in_scope(r, scope)),
            None => match scope {
                Scope::All => true,
                Scope::Region(s) => self.parent[s].is_none() && self.region_counts[s],
            },
        }
    }

    /// Live households of a scope, by position.
    pub fn households_in(&self, scope: Scope) -> impl Iterator<Item = (usize, &'a Household)> + '_ {
        self.reg
            .households
            .iter()
            .enumerate()
            .filter(move |(i, _)| self.household_in_scope(*i, scope))
            .filter_map(|(i, h)| Some((i, h.body.as_ref()?)))
    }

    /// Regions of the scope in tree order (pre-order), the scope region first.
    pub fn subtree(&self, scope: Scope) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack: Vec<usize> = match scope {
            Scope::All => self.tops.iter().rev().copied().collect(),
            Scope::Region(s) => vec![s],
        };
        while let Some(r) = stack.pop() {
            if !self.region_counts[r] {
                continue;
            }
            out.push(r);
            stack.extend(self.children[r].iter().rev());
        }
        out
    }

    /// "第1镇 / 1镇1村": the path of names from the top.
    pub fn region_path(&self, r: usize) -> String {
        let mut names = Vec::new();
        let mut at = Some(r);
        while let Some(x) = at {
            names.push(self.region(x).map_or("?", |b| b.name.as_str()));
            at = self.parent[x];
            if names.len() > 8 {
                break;
            }
        }
        names.reverse();
        names.join(" / ")
    }
}

impl Index<'_> {
    /// Every live region in tree order with its name indented by depth (a scope select).
    pub fn region_choices(&self) -> Vec<(String, String)> {
        self.subtree(Scope::All)
            .into_iter()
            .filter_map(|r| {
                let region = self.region(r)?;
                let mut depth = 0;
                let mut at = self.parent[r];
                while let (Some(p), true) = (at, depth < 8) {
                    depth += 1;
                    at = self.parent[p];
                }
                Some((
                    self.reg.regions[r].id.clone(),
                    format!("{}{}", "\u{3000}".repeat(depth), region.name),
                ))
            })
            .collect()
    }

    /// Every live village with its path ("县 / 乡 / 村"), in tree order.
    pub fn village_choices(&self) -> Vec<(String, String)> {
        self.subtree(Scope::All)
            .into_iter()
            .filter(|&r| {
                self.region(r)
                    .is_some_and(|x| x.kind == RegionKind::Village)
            })
            .map(|r| (self.reg.regions[r].id.clone(), self.region_path(r)))
            .collect()
    }
}

/// A household as lists show it: id, head's name, village path.
#[derive(Clone, PartialEq, Debug)]
pub struct HouseholdLine {
    pub id: String,
    pub head: String,
    pub village: String,
}

impl Index<'_> {
    pub fn household_line(&self, h: usize) -> HouseholdLine {
        let rec = &self.reg.households[h];
        HouseholdLine {
            id: rec.id.clone(),
            head: rec
                .live()
                .and_then(|b| b.head())
                .map(|m| m.name.clone())
                .unwrap_or_default(),
            village: self.household_village[h]
                .map(|v| self.region_path(v))
                .unwrap_or_default(),
        }
    }

    /// The scope's path of names, `None` for the whole registry.
    pub fn scope_path(&self, scope: Scope) -> Option<String> {
        match scope {
            Scope::Region(r) => Some(self.region_path(r)),
            Scope::All => None,
        }
    }
}
