//! 农户名册 as the list shows it: one row per live household as of a date (head, village, people,
//! status, attribute, cause, paired, quality findings), the text search looks in, the filters and
//! the orders. The list page renders this; the roster export takes the same rows in the same order.

use super::calc;
use super::codes::{Attribute, Cause, Status};
use super::date::Date;
use super::index::{Index, Scope};

/// One household's line in the list.
#[derive(Clone, PartialEq, Debug)]
pub struct HouseholdRow {
    /// Position in the registry's households.
    pub pos: usize,
    pub id: String,
    pub head: String,
    pub village_id: String,
    /// Township / village (the county is the same for every row).
    pub village: String,
    pub group: String,
    pub people: u64,
    pub status: Option<Status>,
    pub attribute: Attribute,
    pub main_cause: Cause,
    pub paired: bool,
    pub findings: usize,
    /// Every member's name and ID number (upper case), the phone, the group and the region path.
    pub haystack: String,
}

/// Every live household's row as of D, in registry order.
pub fn rows(ix: &Index, d: Date) -> Vec<HouseholdRow> {
    let reg = ix.reg;
    let paired = super::helping::paired_households(ix, d);
    let findings = super::quality::counts_by_household(ix, Scope::All, d);
    reg.households
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let h = r.live()?;
            let path = ix.household_village[i]
                .map(|v| ix.region_path(v))
                .unwrap_or_default();
            let village = path.split(" / ").skip(1).collect::<Vec<_>>().join(" / ");
            let mut haystack = String::new();
            for m in &h.members {
                haystack.push_str(&m.name);
                haystack.push(' ');
                if let Some(id) = &m.id_number {
                    haystack.push_str(&id.to_ascii_uppercase());
                    haystack.push(' ');
                }
            }
            for part in [h.phone.as_deref(), h.group.as_deref(), Some(path.as_str())] {
                haystack.push_str(part.unwrap_or(""));
                haystack.push(' ');
            }
            Some(HouseholdRow {
                pos: i,
                id: r.id.clone(),
                head: h.head().map(|m| m.name.clone()).unwrap_or_default(),
                village_id: h.village_id.clone(),
                village,
                group: h.group.clone().unwrap_or_default(),
                people: calc::people_at(h, d),
                status: calc::status_at(h, d),
                attribute: h.attribute,
                main_cause: h.main_cause,
                paired: paired[i],
                findings: findings.get(&i).copied().unwrap_or(0),
                haystack,
            })
        })
        .collect()
}

/// The list's filters; each `None` means "any".
#[derive(Clone, Default, PartialEq, Debug)]
pub struct Filters {
    pub village: Option<String>,
    pub status: Option<Status>,
    pub attribute: Option<Attribute>,
    pub cause: Option<Cause>,
    pub paired: Option<bool>,
    pub with_findings: Option<bool>,
}

impl Filters {
    pub fn keep(&self, r: &HouseholdRow) -> bool {
        self.village.as_ref().is_none_or(|v| *v == r.village_id)
            && self.status.is_none_or(|s| r.status == Some(s))
            && self.attribute.is_none_or(|a| a == r.attribute)
            && self.cause.is_none_or(|c| c == r.main_cause)
            && self.paired.is_none_or(|p| p == r.paired)
            && self.with_findings.is_none_or(|f| f == (r.findings > 0))
    }

    /// How many filters are set (the phone layout's button counts them).
    pub fn in_use(&self) -> usize {
        [
            self.village.is_some(),
            self.status.is_some(),
            self.attribute.is_some(),
            self.cause.is_some(),
            self.paired.is_some(),
            self.with_findings.is_some(),
        ]
        .iter()
        .filter(|x| **x)
        .count()
    }
}

/// The columns the list sorts by.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SortKey {
    Head,
    Village,
    People,
    Status,
    Cause,
}

impl SortKey {
    pub const ALL: [SortKey; 5] = [
        SortKey::Head,
        SortKey::Village,
        SortKey::People,
        SortKey::Status,
        SortKey::Cause,
    ];
    pub fn code(self) -> &'static str {
        match self {
            SortKey::Head => "head",
            SortKey::Village => "village",
            SortKey::People => "people",
            SortKey::Status => "status",
            SortKey::Cause => "cause",
        }
    }
}

/// The rows that match the search (`query`, any case) and the filters, in the order asked
/// (registry order when none, ties keep it): indices into `rows`.
pub fn matches(
    rows: &[HouseholdRow],
    query: &str,
    filters: &Filters,
    sort: Option<(SortKey, bool)>,
) -> Vec<usize> {
    let q = query.trim().to_uppercase();
    let mut m: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| (q.is_empty() || r.haystack.contains(&q)) && filters.keep(r))
        .map(|(i, _)| i)
        .collect();
    if let Some((key, desc)) = sort {
        // One comparison function for every key: one sort instantiation, not five.
        let cmp = |a: &usize, b: &usize| {
            let (a, b) = (&rows[*a], &rows[*b]);
            let o = match key {
                SortKey::Head => a.head.cmp(&b.head),
                SortKey::Village => a.village.cmp(&b.village),
                SortKey::People => a.people.cmp(&b.people),
                SortKey::Status => a.status.cmp(&b.status),
                SortKey::Cause => a.main_cause.cmp(&b.main_cause),
            };
            if desc {
                o.reverse()
            } else {
                o
            }
        };
        m.sort_by(cmp);
    }
    m
}

/// Households whose member names or ID numbers contain `query` (heads whose name begins with it
/// first), at most `limit`: the household picker on a helper's page and a fund's members.
pub fn find(ix: &Index, query: &str, limit: usize) -> Vec<super::index::HouseholdLine> {
    let q = query.trim();
    if q.is_empty() {
        return Vec::new();
    }
    let upper = q.to_ascii_uppercase();
    let mut hits: Vec<(bool, usize)> = ix
        .reg
        .households
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let h = r.live()?;
            let found = h.members.iter().any(|m| {
                m.name.contains(q)
                    || m.id_number
                        .as_deref()
                        .is_some_and(|n| n.to_ascii_uppercase().contains(&upper))
            });
            let head_first = h.head().is_some_and(|m| m.name.starts_with(q));
            found.then_some((!head_first, i))
        })
        .collect();
    hits.sort();
    hits.into_iter()
        .take(limit)
        .map(|(_, i)| ix.household_line(i))
        .collect()
}
