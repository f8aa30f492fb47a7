//! What the tallies read of each household at a date, derived once per household record and
//! kept across registry versions: after a household is saved, only that household is derived
//! again, and every figure over the county reads one contiguous table instead of walking the
//! records, which lie all over memory.

use super::calc;
use super::codes::Status;
use super::date::Date;
use super::model::{Household, Records};
use std::sync::{Arc, Mutex};

/// One household's facts at D with incomes of one year (户情摘要): its status (2), the members
/// counted at D (1), labourers, trained labourers, whether one works away, shed housing, and its
/// net income with the people it is shared by (5). All zero for a deleted household.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct HouseholdFacts {
    pub status: Option<Status>,
    pub works_away: bool,
    pub shed: bool,
    pub people: u32,
    pub labourers: u32,
    pub trained_labourers: u32,
    /// [`calc::net_income`] of the income year: the net and its people, when known.
    pub income: Option<(super::money::Fen, u64)>,
}

impl HouseholdFacts {
    /// The facts of `h` at `d`, incomes of `income_year`: one walk over its members.
    pub fn of(h: &Household, d: Date, income_year: i32) -> HouseholdFacts {
        let mut f = HouseholdFacts {
            status: calc::status_at(h, d),
            shed: h.conditions.as_ref().and_then(|c| c.shed) == Some(true),
            income: calc::net_income(h, income_year),
            ..HouseholdFacts::default()
        };
        for m in h.members.iter().filter(|m| m.counted_at(d)) {
            f.people += 1;
            if calc::is_labourer(m) {
                f.labourers += 1;
                f.trained_labourers += u32::from(m.skill_trained == Some(true));
            }
            f.works_away |= calc::works_away(m);
        }
        f
    }
}

/// The facts of every household of one registry version, by position, at one date and income
/// year. It keeps the records it was derived from, so that the next version can tell, record by
/// record, which facts still hold.
pub struct FactsTable {
    pub as_of: Date,
    pub income_year: i32,
    households: Records<Household>,
    facts: Vec<HouseholdFacts>,
}

impl FactsTable {
    /// Derives the facts of every household of `households`.
    pub fn new(households: &Records<Household>, d: Date, income_year: i32) -> FactsTable {
        FactsTable::after(None, households, d, income_year)
    }

    /// The facts of `households`, copied from `prev` (same date and year) for every position that
    /// holds the very record `prev` was derived from, derived for the others. Always equal to
    /// [`FactsTable::new`].
    pub fn after(
        prev: Option<&FactsTable>,
        households: &Records<Household>,
        d: Date,
        income_year: i32,
    ) -> FactsTable {
        let prev = prev.filter(|p| p.as_of == d && p.income_year == income_year);
        let facts = households
            .iter()
            .enumerate()
            .map(|(i, rec)| {
                if let Some(p) = prev {
                    if p.households.get(i).is_some_and(|old| Arc::ptr_eq(old, rec)) {
                        return p.facts[i];
                    }
                }
                rec.live().map_or_else(HouseholdFacts::default, |h| {
                    HouseholdFacts::of(h, d, income_year)
                })
            })
            .collect();
        FactsTable {
            as_of: d,
            income_year,
            households: households.clone(),
            facts,
        }
    }

    /// The facts of the household at position `h`.
    pub fn get(&self, h: usize) -> &HouseholdFacts {
        &self.facts[h]
    }

    /// Every household's facts, by position.
    pub fn all(&self) -> &[HouseholdFacts] {
        &self.facts
    }
}

/// The few facts tables of one registry version (the dates and years figures were asked for
/// lately), with the tables of the version before it to derive from. Kept with the lookups; it
/// only saves work, and every answer equals a fresh derivation.
#[derive(Default)]
pub struct FactsCache {
    inner: Mutex<CacheTables>,
}

#[derive(Default, Clone)]
struct CacheTables {
    /// This version's tables, the latest asked for last.
    own: Vec<Arc<FactsTable>>,
    /// The version before's tables, dropped once this version has its own for that date.
    seeds: Vec<Arc<FactsTable>>,
}

/// How many (date, year) tables a version keeps: the overview's, and a few more for pages that
/// look at other dates, without holding a table for every year an analysis walks through.
const KEPT_TABLES: usize = 3;

impl FactsCache {
    /// An empty cache that will derive from `prev`'s tables (the version before this one).
    pub fn after(prev: &FactsCache) -> FactsCache {
        let prev = prev.lock();
        FactsCache {
            inner: Mutex::new(CacheTables {
                own: Vec::new(),
                seeds: if prev.own.is_empty() {
                    prev.seeds.clone()
                } else {
                    prev.own.clone()
                },
            }),
        }
    }

    /// The facts of `households` (this version's) at `d`, incomes of `income_year`.
    pub fn get(
        &self,
        households: &Records<Household>,
        d: Date,
        income_year: i32,
    ) -> Arc<FactsTable> {
        let mut tables = self.lock();
        let matches = |t: &Arc<FactsTable>| t.as_of == d && t.income_year == income_year;
        if let Some(i) = tables.own.iter().position(matches) {
            let t = tables.own.remove(i);
            tables.own.push(t.clone());
            return t;
        }
        let seed = tables
            .seeds
            .iter()
            .position(matches)
            .map(|i| tables.seeds.remove(i));
        let table = Arc::new(FactsTable::after(
            seed.as_deref(),
            households,
            d,
            income_year,
        ));
        if tables.own.len() == KEPT_TABLES {
            tables.own.remove(0);
        }
        tables.own.push(table.clone());
        table
    }

    /// Facts at `d` of any income year this version already holds, or those of `income_year`:
    /// for figures that read only what does not depend on incomes (status, members).
    pub fn get_at(
        &self,
        households: &Records<Household>,
        d: Date,
        income_year: i32,
    ) -> Arc<FactsTable> {
        let held = self.lock().own.iter().rev().find(|t| t.as_of == d).cloned();
        held.unwrap_or_else(|| self.get(households, d, income_year))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, CacheTables> {
        // A panic while deriving leaves no half-written table behind: the tables are only
        // replaced whole, so a poisoned lock still holds consistent tables.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Clone for FactsCache {
    fn clone(&self) -> FactsCache {
        FactsCache {
            inner: Mutex::new(self.lock().clone()),
        }
    }
}

impl std::fmt::Debug for FactsCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = self.lock();
        f.debug_struct("FactsCache")
            .field("own", &t.own.len())
            .field("seeds", &t.seeds.len())
            .finish()
    }
}
