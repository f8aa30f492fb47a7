//! 帮扶责任人名册 as the helper list shows it: one row per live helper (name, kind, work unit,
//! region, what the helper leads with, households helped as of a date, whether still helping),
//! the search and the filters (kind, region, helping anyone or not, retired shown or not).

use super::calc::active_pairings;
use super::codes::{HelperKind, HelperModel};
use super::date::Date;
use super::index::{Index, Scope};

#[derive(Clone, PartialEq, Debug)]
pub struct HelperRow {
    pub pos: usize,
    pub id: String,
    pub name: String,
    pub kind: HelperKind,
    pub work_unit: String,
    pub position: String,
    pub phone: String,
    /// The region's place in the index, and its path.
    pub region: Option<usize>,
    pub region_path: String,
    pub leads_with: Option<HelperModel>,
    /// Households paired with this helper in force at the list's date.
    pub households: u64,
    /// No longer helps at the list's date.
    pub retired: bool,
}

/// Every live helper's row as of D, by name.
pub fn rows(ix: &Index, d: Date) -> Vec<HelperRow> {
    let reg = ix.reg;
    let mut counts = vec![0u64; reg.helpers.len()];
    for (_, helper) in active_pairings(ix, d) {
        counts[helper] += 1;
    }
    let mut out: Vec<HelperRow> = reg
        .helpers
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let h = r.live()?;
            let region = h
                .region_id
                .as_deref()
                .and_then(|id| ix.region_pos(id))
                .copied();
            Some(HelperRow {
                pos: i,
                id: r.id.clone(),
                name: h.name.clone(),
                kind: h.kind,
                work_unit: h.work_unit.clone().unwrap_or_default(),
                position: h.position.clone().unwrap_or_default(),
                phone: h.phone.clone().unwrap_or_default(),
                region,
                region_path: region.map(|r| ix.region_path(r)).unwrap_or_default(),
                leads_with: h.leads_with,
                households: counts[i],
                retired: !h.active_at(d),
            })
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    out
}

/// What the list is narrowed to.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct HelperFilters {
    pub kind: Option<HelperKind>,
    /// Helpers of this region or below it.
    pub region: Option<usize>,
    /// Helping at least one household (true), or none (false).
    pub helping: Option<bool>,
    /// Show helpers who no longer help too.
    pub with_retired: bool,
}

impl HelperFilters {
    pub fn in_use(&self) -> usize {
        [
            self.kind.is_some(),
            self.region.is_some(),
            self.helping.is_some(),
            self.with_retired,
        ]
        .into_iter()
        .filter(|x| *x)
        .count()
    }
}

/// The positions (in `rows`) of the helpers whose name, work unit or phone contains `query`
/// and who pass the filters, in list order.
pub fn matches(ix: &Index, rows: &[HelperRow], query: &str, f: &HelperFilters) -> Vec<usize> {
    let q = query.trim();
    rows.iter()
        .enumerate()
        .filter(|(_, r)| {
            (f.with_retired || !r.retired)
                && f.kind.is_none_or(|k| r.kind == k)
                && f.region.is_none_or(|s| {
                    r.region
                        .is_some_and(|x| ix.region_in_scope(x, Scope::Region(s)))
                })
                && f.helping.is_none_or(|yes| (r.households > 0) == yes)
                && (q.is_empty()
                    || r.name.contains(q)
                    || r.work_unit.contains(q)
                    || r.phone.contains(q))
        })
        .map(|(k, _)| k)
        .collect()
}
