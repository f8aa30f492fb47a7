//! Merging two copies of the registry record by record by their version vectors (`rev`), as the
//! exchange README's table says. Planning is pure and changes nothing; applying makes a new registry.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use super::model::*;
use super::money::Fen;

/// How two version vectors relate.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RevOrder {
    Equal,
    /// The first has seen every change of the second, and more.
    Dominates,
    DominatedBy,
    Concurrent,
}

pub fn compare_revs(a: &Rev, b: &Rev) -> RevOrder {
    let (mut a_more, mut b_more) = (false, false);
    for key in a.keys().chain(b.keys()) {
        let (x, y) = (
            a.get(key).copied().unwrap_or(0),
            b.get(key).copied().unwrap_or(0),
        );
        match x.cmp(&y) {
            Ordering::Greater => a_more = true,
            Ordering::Less => b_more = true,
            Ordering::Equal => {}
        }
    }
    match (a_more, b_more) {
        (false, false) => RevOrder::Equal,
        (true, false) => RevOrder::Dominates,
        (false, true) => RevOrder::DominatedBy,
        (true, true) => RevOrder::Concurrent,
    }
}

/// Entry-wise maximum of two version vectors.
pub fn join_revs(a: &Rev, b: &Rev) -> Rev {
    let mut out = a.clone();
    for (k, &v) in b {
        let e = out.entry(k.clone()).or_insert(0);
        *e = (*e).max(v);
    }
    out
}

/// What merging does to one incoming record.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, PartialOrd, Ord)]
pub enum Outcome {
    /// Not in the registry: added.
    Added,
    /// The incoming copy has seen every local change and more: it replaces the local one.
    Replaced,
    /// Same version: nothing to do.
    Unchanged,
    /// The local copy is newer: it stays.
    Kept,
    /// Changed on both sides to the same content: kept, versions joined.
    Joined,
    /// Changed on both sides differently: a person must choose.
    Conflict,
}

/// What merging does to one incoming record, with where both copies were when it was planned.
#[derive(Clone, PartialEq, Debug)]
pub struct PlanItem {
    pub collection: Collection,
    pub id: String,
    pub outcome: Outcome,
    /// Position of the local record in the registry planned against (for showing both sides).
    pub local: Option<usize>,
    /// The local record's version when planned: applying checks it still holds.
    pub local_rev: Option<Rev>,
    /// Position of the incoming record in the file.
    pub incoming: usize,
}

/// A setting the file carries that differs from the registry's or that the registry lacks.
#[derive(Clone, PartialEq, Debug)]
pub struct SettingDiff {
    pub key: String,
    pub local: Option<String>,
    pub incoming: String,
}

#[derive(Clone, PartialEq, Debug, Default)]
pub struct MergePlan {
    pub items: Vec<PlanItem>,
    /// Settings the registry lacks: added.
    pub settings_added: Vec<SettingDiff>,
    /// Settings that differ: kept unless the person takes the file's.
    pub settings_differ: Vec<SettingDiff>,
}

impl MergePlan {
    pub fn count(&self, collection: Collection, outcome: Outcome) -> usize {
        self.items
            .iter()
            .filter(|i| i.collection == collection && i.outcome == outcome)
            .count()
    }
    pub fn conflicts(&self) -> impl Iterator<Item = &PlanItem> {
        self.items.iter().filter(|i| i.outcome == Outcome::Conflict)
    }
    /// Whether applying the plan would change nothing.
    pub fn is_noop(&self) -> bool {
        self.settings_added.is_empty()
            && self
                .items
                .iter()
                .all(|i| matches!(i.outcome, Outcome::Unchanged | Outcome::Kept))
    }
}

/// The person's decision for a conflicting record.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Choice {
    Local,
    Incoming,
}

/// Decisions: per conflicting record (collection, id), falling back to one for all.
#[derive(Clone, Debug)]
pub struct Decisions {
    pub default: Choice,
    pub per_record: HashMap<(Collection, String), Choice>,
    /// Setting keys (`poverty_lines.2017`, `monitoring_ratio`, ...) for which the file's value is taken.
    pub take_settings: Vec<String>,
}

impl Default for Decisions {
    fn default() -> Self {
        Decisions {
            default: Choice::Local,
            per_record: HashMap::new(),
            take_settings: Vec::new(),
        }
    }
}

struct Planner<'a> {
    local: &'a Registry,
    incoming: &'a Registry,
    items: Vec<PlanItem>,
}

impl CollectionVisitor for Planner<'_> {
    fn visit<T: Body>(&mut self) {
        let local = T::records(self.local);
        let pos: HashMap<&str, usize> = local
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        for (i, inc) in T::records(self.incoming).iter().enumerate() {
            let local_pos = pos.get(inc.id.as_str()).copied();
            let outcome = match local_pos {
                None => Outcome::Added,
                Some(l) => match compare_revs(&local[l].rev, &inc.rev) {
                    RevOrder::DominatedBy => Outcome::Replaced,
                    RevOrder::Dominates => Outcome::Kept,
                    RevOrder::Equal => Outcome::Unchanged,
                    RevOrder::Concurrent if local[l].body == inc.body => Outcome::Joined,
                    RevOrder::Concurrent => Outcome::Conflict,
                },
            };
            self.items.push(PlanItem {
                collection: T::COLLECTION,
                id: inc.id.clone(),
                outcome,
                local: local_pos,
                local_rev: local_pos.map(|l| local[l].rev.clone()),
                incoming: i,
            });
        }
    }
}

fn settings_entries(s: &Settings) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    for (y, v) in &s.poverty_lines {
        m.insert(format!("poverty_lines.{y}"), v.to_string());
    }
    for (y, v) in &s.monitoring_lines {
        m.insert(format!("monitoring_lines.{y}"), v.to_string());
    }
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            m.insert(k.to_string(), v);
        }
    };
    put(
        "village_exit_incidence",
        s.village_exit_incidence.map(|x| x.to_string()),
    );
    put(
        "county_exit_incidence",
        s.county_exit_incidence.map(|x| x.to_string()),
    );
    put(
        "monitoring_ratio",
        s.monitoring_ratio.map(|x| x.to_string()),
    );
    put(
        "village_exit_collective_income",
        s.village_exit_collective_income.map(|x| x.to_string()),
    );
    m
}

/// Plans merging `incoming` into `local`; changes nothing.
pub fn plan(local: &Registry, incoming: &Registry) -> MergePlan {
    let mut planner = Planner {
        local,
        incoming,
        items: Vec::new(),
    };
    for_each_collection(&mut planner);
    let items = planner.items;
    let (mine, theirs) = (
        settings_entries(&local.settings),
        settings_entries(&incoming.settings),
    );
    let mut plan = MergePlan {
        items,
        ..Default::default()
    };
    for (k, v) in theirs {
        match mine.get(&k) {
            None => plan.settings_added.push(SettingDiff {
                key: k,
                local: None,
                incoming: v,
            }),
            Some(l) if *l != v => plan.settings_differ.push(SettingDiff {
                key: k,
                local: Some(l.clone()),
                incoming: v,
            }),
            Some(_) => {}
        }
    }
    plan
}

fn bump(rev: &mut Rev, replica: &str) {
    *rev.entry(replica.to_string()).or_insert(0) += 1;
}

/// Whether `local` still holds, for every record the plan touches, the version it was planned
/// against: otherwise (another tab saved meanwhile) the plan is stale and must be made again.
pub fn is_current(plan: &MergePlan, local: &Registry) -> bool {
    struct Check<'a> {
        plan: &'a MergePlan,
        local: &'a Registry,
        ok: bool,
    }
    impl CollectionVisitor for Check<'_> {
        fn visit<T: Body>(&mut self) {
            let revs: HashMap<&str, &Rev> = T::records(self.local)
                .iter()
                .map(|r| (r.id.as_str(), &r.rev))
                .collect();
            self.ok &= self
                .plan
                .items
                .iter()
                .filter(|i| i.collection == T::COLLECTION)
                .all(|i| revs.get(i.id.as_str()).copied() == i.local_rev.as_ref());
        }
    }
    let mut c = Check {
        plan,
        local,
        ok: true,
    };
    for_each_collection(&mut c);
    c.ok
}

struct Applier<'a> {
    out: Registry,
    incoming: &'a Registry,
    plan: &'a MergePlan,
    decisions: &'a Decisions,
    replica: &'a str,
    now: &'a str,
}

impl CollectionVisitor for Applier<'_> {
    fn visit<T: Body>(&mut self) {
        let incoming = T::records(self.incoming);
        let local = T::records_mut(&mut self.out);
        // By id, not by position: the registry may have grown since the plan was made.
        let mut pos: HashMap<String, usize> = local
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        for item in self
            .plan
            .items
            .iter()
            .filter(|i| i.collection == T::COLLECTION)
        {
            let Some(inc) = incoming.get(item.incoming).filter(|r| r.id == item.id) else {
                continue;
            };
            let at = pos.get(&item.id).copied();
            match (item.outcome, at) {
                (Outcome::Added, None) => {
                    pos.insert(inc.id.clone(), local.len());
                    local.push(inc.clone());
                }
                (Outcome::Replaced, Some(l)) => local[l] = inc.clone(),
                (Outcome::Joined, Some(l)) => {
                    let joined = join_revs(&local[l].rev, &inc.rev);
                    std::sync::Arc::make_mut(&mut local[l]).rev = joined;
                }
                (Outcome::Conflict, Some(l)) => {
                    let choice = self
                        .decisions
                        .per_record
                        .get(&(T::COLLECTION, item.id.clone()))
                        .copied()
                        .unwrap_or(self.decisions.default);
                    let mut rev = join_revs(&local[l].rev, &inc.rev);
                    bump(&mut rev, self.replica);
                    let rec = std::sync::Arc::make_mut(&mut local[l]);
                    if choice == Choice::Incoming {
                        rec.body = inc.body.clone();
                    }
                    rec.rev = rev;
                    rec.updated_at = self.now.to_string();
                }
                _ => {}
            }
        }
    }
}

/// Applies a plan: the merged registry. `replica` is this copy's id; `now` the time of the merge.
/// Check [`is_current`] first: a plan made against an older registry is applied by id, but its
/// outcomes may no longer be right.
pub fn apply(
    local: &Registry,
    incoming: &Registry,
    plan: &MergePlan,
    decisions: &Decisions,
    replica: &str,
    now: &str,
) -> Registry {
    let mut a = Applier {
        out: local.clone(),
        incoming,
        plan,
        decisions,
        replica,
        now,
    };
    for_each_collection(&mut a);
    let mut out = a.out;
    let take = |key: &str| {
        plan.settings_added.iter().any(|d| d.key == key)
            || decisions.take_settings.iter().any(|k| k == key)
    };
    let (s, inc) = (&mut out.settings, &incoming.settings);
    for (&y, &v) in &inc.poverty_lines {
        if take(&format!("poverty_lines.{y}")) {
            s.poverty_lines.insert(y, v);
        }
    }
    for (&y, &v) in &inc.monitoring_lines {
        if take(&format!("monitoring_lines.{y}")) {
            s.monitoring_lines.insert(y, v);
        }
    }
    fn pick<T: Copy>(take: bool, mine: &mut Option<T>, theirs: Option<T>) {
        if take && theirs.is_some() {
            *mine = theirs;
        }
    }
    pick(
        take("village_exit_incidence"),
        &mut s.village_exit_incidence,
        inc.village_exit_incidence,
    );
    pick(
        take("county_exit_incidence"),
        &mut s.county_exit_incidence,
        inc.county_exit_incidence,
    );
    pick(
        take("monitoring_ratio"),
        &mut s.monitoring_ratio,
        inc.monitoring_ratio,
    );
    let income: Option<Fen> = inc.village_exit_collective_income;
    pick(
        take("village_exit_collective_income"),
        &mut s.village_exit_collective_income,
        income,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rev(pairs: &[(&str, u64)]) -> Rev {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn version_vectors_order_by_every_entry() {
        assert_eq!(
            compare_revs(&rev(&[("a", 1)]), &rev(&[("a", 1)])),
            RevOrder::Equal
        );
        assert_eq!(
            compare_revs(&rev(&[("a", 2)]), &rev(&[("a", 1)])),
            RevOrder::Dominates
        );
        assert_eq!(
            compare_revs(&rev(&[("a", 1)]), &rev(&[("a", 1), ("b", 1)])),
            RevOrder::DominatedBy
        );
        assert_eq!(
            compare_revs(&rev(&[("a", 2)]), &rev(&[("a", 1), ("b", 1)])),
            RevOrder::Concurrent
        );
        assert_eq!(
            join_revs(&rev(&[("a", 2)]), &rev(&[("a", 1), ("b", 1)])),
            rev(&[("a", 2), ("b", 1)])
        );
    }
}
