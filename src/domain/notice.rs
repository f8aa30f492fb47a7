//! 公示名单: the lists a village posts (households that passed the village review and await
//! approval), one village at a time, with totals.

use super::analysis::identification_stage;
use super::calc;
use super::codes::Status;
use super::date::Date;
use super::index::{Index, Scope};

/// One household on a public notice.
#[derive(Clone, PartialEq, Debug)]
pub struct NoticeLine {
    pub household_id: String,
    pub village_id: String,
    pub village: String,
    pub head: String,
    pub people: u64,
}

/// A notice: its lines and the villages it can be narrowed to.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Notice {
    pub lines: Vec<NoticeLine>,
}

impl Notice {
    /// The villages on the notice (id, path), each once, in order of their path.
    pub fn villages(&self) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = self
            .lines
            .iter()
            .map(|n| (n.village_id.clone(), n.village.clone()))
            .collect();
        v.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
        v.dedup();
        v
    }

    /// The notice of one village (all of them for `None`).
    pub fn of_village(&self, village_id: Option<&str>) -> Notice {
        Notice {
            lines: self
                .lines
                .iter()
                .filter(|n| village_id.is_none_or(|v| n.village_id == v))
                .cloned()
                .collect(),
        }
    }

    /// Households and people on the notice.
    pub fn totals(&self) -> (usize, u64) {
        (self.lines.len(), self.lines.iter().map(|n| n.people).sum())
    }
}

/// 贫困户识别公示名单: candidates at D that passed the village review (四评议), to be publicized.
pub fn identification_notice(ix: &Index, d: Date) -> Notice {
    let lines = ix
        .households_in(Scope::All)
        .filter(|(_, h)| {
            calc::status_at(h, d) == Some(Status::Candidate) && identification_stage(h) >= 4
        })
        .map(|(i, h)| {
            let village = ix.household_village[i];
            NoticeLine {
                household_id: ix.reg.households[i].id.clone(),
                village_id: village
                    .map(|v| ix.reg.regions[v].id.clone())
                    .unwrap_or_default(),
                village: village.map(|v| ix.region_path(v)).unwrap_or_default(),
                head: h.head().map(|m| m.name.clone()).unwrap_or_default(),
                people: calc::people_at(h, d),
            }
        })
        .collect();
    Notice { lines }
}
