//! Which database holds each record: its village's (`v_<village>`) or the reference one (`ref`),
//! worked out from what the record says and what it hangs off, for one registry version.

use std::collections::HashMap;

use super::{village_db, SyncState, REFERENCE_DB};
use crate::domain::codes::RegionKind;
use crate::domain::model::*;
use crate::store::journal::fingerprint;

/// Where a record lives on the server: its village's database, or the reference database.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Home {
    Village(String),
    Reference,
}

impl Home {
    pub fn db(&self) -> String {
        match self {
            Home::Village(v) => village_db(v),
            Home::Reference => REFERENCE_DB.to_string(),
        }
    }
    pub fn village(&self) -> Option<&str> {
        match self {
            Home::Village(v) => Some(v),
            Home::Reference => None,
        }
    }
}

/// Which database holds each record of one registry version: a household by its village, what
/// hangs off a household (pairings, their visits, orders, loans) by the household's, a helper,
/// task, target, check or survey by the village its region lies in, everything else (and what
/// belongs to a township or the county) in the reference database.
pub struct Homes<'a> {
    reg: &'a Registry,
    region_village: HashMap<&'a str, &'a str>,
    household_village: HashMap<&'a str, &'a str>,
    pairing_household: HashMap<&'a str, &'a str>,
    /// The villages of the households each helper is paired with (now or before).
    helper_villages: HashMap<&'a str, std::collections::BTreeSet<&'a str>>,
    /// Where each assistance order lives (for the payments made for it).
    order_home: HashMap<&'a str, Home>,
}

impl<'a> Homes<'a> {
    pub fn of(reg: &'a Registry) -> Homes<'a> {
        let kind: HashMap<&str, (&RegionKind, Option<&str>)> = reg
            .regions
            .iter()
            .filter_map(|r| {
                r.live()
                    .map(|b| (r.id.as_str(), (&b.kind, b.parent_id.as_deref())))
            })
            .collect();
        let mut region_village = HashMap::new();
        for id in kind.keys() {
            // A village, or the village a region below one lies in (walk up, at most the depth).
            let mut at = Some(*id);
            for _ in 0..16 {
                let Some(here) = at else { break };
                match kind.get(here) {
                    Some((RegionKind::Village, _)) => {
                        region_village.insert(*id, here);
                        break;
                    }
                    Some((_, parent)) => at = *parent,
                    None => break,
                }
            }
        }
        let household_village: HashMap<&str, &str> = reg
            .households
            .iter()
            .filter_map(|h| {
                let v = h
                    .live()
                    .map(|b| b.village_id.as_str())
                    .or(h.village_id.as_deref())?;
                Some((h.id.as_str(), v))
            })
            .collect();
        let pairing_household = reg
            .pairings
            .iter()
            .filter_map(|p| p.live().map(|b| (p.id.as_str(), b.household_id.as_str())))
            .collect();
        let mut helper_villages: HashMap<&str, std::collections::BTreeSet<&str>> = HashMap::new();
        for p in reg.pairings.iter().filter_map(|p| p.live()) {
            if let Some(v) = household_village.get(p.household_id.as_str()) {
                helper_villages
                    .entry(p.helper_id.as_str())
                    .or_default()
                    .insert(*v);
            }
        }
        let mut homes = Homes {
            reg,
            region_village,
            household_village,
            pairing_household,
            helper_villages,
            order_home: HashMap::new(),
        };
        let order_home = reg
            .assistance
            .iter()
            .filter_map(|a| {
                let h = homes.home(&AnyRecord::Assistance((**a).clone()))?;
                Some((a.id.as_str(), h))
            })
            .collect();
        homes.order_home = order_home;
        homes
    }

    fn village_of_region(&self, region: &str) -> Home {
        match self.region_village.get(region) {
            Some(v) => Home::Village(v.to_string()),
            None => Home::Reference,
        }
    }

    fn village_of_household(&self, household: &str) -> Option<Home> {
        self.household_village
            .get(household)
            .map(|v| Home::Village(v.to_string()))
    }

    /// The home of a record by what it says; `None` for a deleted record that says nothing of
    /// where it was (its last known database is used instead, see [`SyncState::home_of`]).
    pub fn home(&self, r: &AnyRecord) -> Option<Home> {
        use AnyRecord as A;
        match r {
            A::Regions(_) | A::Measures(_) | A::Funds(_) => Some(Home::Reference),
            // A payment for an order lives with the order; one for a fund as a whole, in ref.
            A::Disbursements(x) => x.live().map(|b| {
                b.assistance_id
                    .as_deref()
                    .and_then(|a| self.order_home.get(a).cloned())
                    .unwrap_or(Home::Reference)
            }),
            A::Households(h) => h
                .live()
                .map(|b| b.village_id.as_str())
                .or(h.village_id.as_deref())
                .map(|v| Home::Village(v.to_string())),
            // A helper lives in the one village its region and its households are in; one who
            // helps in several villages (or belongs to a township or the county) in ref, where
            // every village that needs them can read them.
            A::Helpers(x) => x.live().map(|b| {
                let own = b
                    .region_id
                    .as_deref()
                    .and_then(|r| self.region_village.get(r).copied());
                let helped = self.helper_villages.get(x.id.as_str());
                match own {
                    Some(v) if helped.is_none_or(|h| h.iter().all(|x| *x == v)) => {
                        Home::Village(v.to_string())
                    }
                    _ => Home::Reference,
                }
            }),
            A::Pairings(x) => x
                .live()
                .and_then(|b| self.village_of_household(&b.household_id)),
            A::Visits(x) => x.live().and_then(|b| {
                let h = self.pairing_household.get(b.pairing_id.as_str())?;
                self.village_of_household(h)
            }),
            A::Assistance(x) => x
                .live()
                .and_then(|b| match (&b.household_id, &b.village_id) {
                    (Some(h), _) => self.village_of_household(h),
                    (None, Some(v)) => Some(self.village_of_region(v)),
                    (None, None) => Some(Home::Reference),
                }),
            A::Loans(x) => x
                .live()
                .and_then(|b| self.village_of_household(&b.household_id)),
            A::Tasks(x) => x.live().map(|b| self.village_of_region(&b.region_id)),
            A::Targets(x) => x.live().map(|b| self.village_of_region(&b.region_id)),
            A::SampleChecks(x) => x.live().map(|b| self.village_of_region(&b.region_id)),
            A::Surveys(x) => x.live().map(|b| self.village_of_region(&b.region_id)),
        }
    }

    /// Every record of the registry that changed since it was last exchanged, with the
    /// database it belongs in (by what it says, or by where it was last seen). A record whose
    /// version is the one exchanged is passed over without being copied: moving a record to
    /// another village is itself an edit, which changes its version.
    pub fn each_changed(&self, state: &SyncState, mut f: impl FnMut(AnyRecord, String)) {
        struct Each<'b, 'a, F> {
            homes: &'b Homes<'a>,
            state: &'b SyncState,
            f: &'b mut F,
        }
        impl<F: FnMut(AnyRecord, String)> CollectionVisitor for Each<'_, '_, F> {
            fn visit<T: Body>(&mut self) {
                let code = T::COLLECTION.code();
                let mut key = String::new();
                for r in T::records(self.homes.reg) {
                    key.clear();
                    key.push_str(code);
                    key.push(':');
                    key.push_str(&r.id);
                    let same = self.state.known.get(&key).is_some_and(|k| {
                        k.fingerprint == fingerprint(&r.rev) && k.branches.is_empty()
                    });
                    if same {
                        continue;
                    }
                    let any = T::wrap((**r).clone());
                    if let Some(db) = self.state.home_of(self.homes, &any) {
                        (self.f)(any, db);
                    }
                }
            }
        }
        for_each_collection(&mut Each {
            homes: self,
            state,
            f: &mut f,
        });
    }
}
