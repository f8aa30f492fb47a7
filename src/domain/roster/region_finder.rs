//! The villages a roster names, found in the registry by name or created with their township and
//! county.

use super::import::ImportContext;
use crate::domain::codes::{normalize_label, RegionKind};
use crate::domain::model::*;
use crate::msg;
use crate::text::Msg;

/// Finds a village by its names (county, township, village) and creates what is missing, once.
pub(super) struct RegionFinder<'a> {
    local: &'a Registry,
    ctx: &'a ImportContext<'a>,
    created: Records<Region>,
    rows: Vec<usize>,
}

impl<'a> RegionFinder<'a> {
    pub(super) fn new(local: &'a Registry, ctx: &'a ImportContext<'a>) -> Self {
        RegionFinder {
            local,
            ctx,
            created: Vec::new(),
            rows: Vec::new(),
        }
    }

    fn all(&self) -> impl Iterator<Item = (&str, &Region)> {
        self.local
            .regions
            .iter()
            .chain(&self.created)
            .filter_map(|r| r.live().map(|b| (r.id.as_str(), b)))
    }

    fn find(&self, kind: RegionKind, name: &str, parent: Option<&str>) -> Vec<String> {
        self.all()
            .filter(|(_, r)| {
                r.kind == kind
                    && normalize_label(&r.name) == normalize_label(name)
                    && parent.is_none_or(|p| r.parent_id.as_deref() == Some(p))
            })
            .map(|(id, _)| id.to_string())
            .collect()
    }

    fn make(&mut self, kind: RegionKind, name: &str, parent: Option<&str>, row: usize) -> String {
        let id = format!("{}-r{}", self.ctx.id_prefix, self.created.len() + 1);
        self.created.push_record(Record {
            id: id.clone(),
            rev: [(self.ctx.replica.to_string(), 1)].into_iter().collect(),
            updated_at: self.ctx.now.to_string(),
            body: Some(Region::new(kind, name, parent)),
            village_id: None,
        });
        self.rows.push(row);
        id
    }

    fn find_or_make(
        &mut self,
        kind: RegionKind,
        name: &str,
        parent: Option<&str>,
        row: usize,
    ) -> Result<String, Msg> {
        let hits = self.find(kind, name, parent);
        match hits.len() {
            0 => Ok(self.make(kind, name, parent, row)),
            1 => Ok(hits[0].clone()),
            _ => Err(msg!(
                roster_several_named,
                name = name,
                kind = kind.label_key()
            )),
        }
    }

    pub(super) fn village(
        &mut self,
        county: Option<&str>,
        township: Option<&str>,
        village: &str,
        row: usize,
    ) -> Result<String, Msg> {
        let county = county.filter(|s| !s.is_empty());
        let township = township.filter(|s| !s.is_empty());
        match (county, township) {
            (Some(c), Some(t)) => {
                let c = self.find_or_make(RegionKind::County, c, None, row)?;
                let t = self.find_or_make(RegionKind::Township, t, Some(&c), row)?;
                self.find_or_make(RegionKind::Village, village, Some(&t), row)
            }
            (None, Some(t)) => {
                let ts = self.find(RegionKind::Township, t, None);
                match ts.len() {
                    1 => self.find_or_make(RegionKind::Village, village, Some(&ts[0]), row),
                    0 => Err(msg!(roster_township_t_not_registry_give, t = t)),
                    _ => Err(msg!(roster_several_townships_are_named_t, t = t)),
                }
            }
            (_, None) => {
                let vs = self.find(RegionKind::Village, village, None);
                match vs.len() {
                    1 => Ok(vs[0].clone()),
                    0 => Err(msg!(
                        roster_village_village_not_registry_give,
                        village = village
                    )),
                    _ => Err(msg!(
                        roster_several_villages_are_named_village,
                        village = village
                    )),
                }
            }
        }
    }

    pub(super) fn into_created(self) -> (Records<Region>, Vec<usize>) {
        (self.created, self.rows)
    }
}
