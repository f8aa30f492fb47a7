//! 作战图: the county as a board — townships as blocks, villages as tiles — each tile in its state
//! as of D (ready to exit, failing, unknown, exited, not a poor village), with its incidence, the
//! conditions it fails and its overdue tasks; and a village's 施工图: its tasks on a timeline, its
//! failing exit conditions, its households still to exit this year.

use super::calc::{self, status_at, task_overdue, Verdict, VillageExitCheck};
use super::codes::{code_enum, InfrastructureItem, RegionKind};
use super::date::Date;
use super::exits::exit_stage;
use super::index::{HouseholdLine, Index, Scope};
use super::money::Ratio;
use super::rules::Rules;
use super::tasks::{task_rows, TaskRow};
use crate::text::K;

code_enum!(
    /// A village tile's state on the battle map (`data-exit`).
    TileState {
        Ready = "ready", tile_ready;
        Failing = "failing", tile_failing;
        Unknown = "unknown", tile_unknown;
        Exited = "exited", tile_exited;
        NotPoor = "not_poor", tile_not_poor;
    }
);

#[derive(Clone, PartialEq, Debug)]
pub struct Tile {
    pub village: usize,
    pub id: String,
    pub name: String,
    pub state: TileState,
    pub incidence: Option<Ratio>,
    /// The exit conditions failed, by name.
    pub failing: Vec<K>,
    pub overdue_tasks: u64,
}

#[derive(Clone, PartialEq, Debug)]
pub struct Block {
    pub township: usize,
    pub id: String,
    pub name: String,
    pub tiles: Vec<Tile>,
}

#[derive(Clone, PartialEq, Debug, Default)]
pub struct Board {
    pub county: String,
    pub blocks: Vec<Block>,
}

impl Board {
    /// How many tiles are in each state, in the order of [`TileState::ALL`].
    pub fn counts(&self) -> Vec<(TileState, usize)> {
        TileState::ALL
            .iter()
            .map(|&s| {
                (
                    s,
                    self.blocks
                        .iter()
                        .flat_map(|b| &b.tiles)
                        .filter(|t| t.state == s)
                        .count(),
                )
            })
            .collect()
    }
}

/// The conditions a village's check fails, by name.
pub fn failing_conditions(c: &VillageExitCheck) -> Vec<K> {
    let mut out = Vec::new();
    if c.incidence_verdict == Verdict::Failed {
        out.push(K::village_condition_incidence);
    }
    for (item, v) in InfrastructureItem::ALL.iter().zip(c.infrastructure) {
        if v == Verdict::Failed {
            out.push(crate::text::Coded::label_key(*item));
        }
    }
    if c.collective_verdict == Verdict::Failed {
        out.push(K::village_condition_collective_income);
    }
    out
}

/// A village's state at D.
pub fn tile_state(
    ix: &Index,
    village: usize,
    d: Date,
    check: Option<&VillageExitCheck>,
) -> TileState {
    let Some(r) = ix.region(village) else {
        return TileState::NotPoor;
    };
    if r.poor_village != Some(true) {
        return TileState::NotPoor;
    }
    if r.exit_date.is_some_and(|e| e <= d) {
        return TileState::Exited;
    }
    match check {
        Some(c) if c.passes() => TileState::Ready,
        Some(c) if !failing_conditions(c).is_empty() => TileState::Failing,
        _ => TileState::Unknown,
    }
}

/// The board at D for `scope` (the county, or everything).
pub fn board(ix: &Index, scope: Scope, d: Date, rules: &Rules) -> Board {
    let tallies = calc::tallies(ix, d, d.year());
    let mut overdue = vec![0u64; ix.reg.regions.len()];
    for t in ix.reg.tasks.iter().filter_map(|t| t.live()) {
        if task_overdue(t, d) {
            if let Some(&r) = ix.region_pos(t.region_id.as_str()) {
                overdue[r] += 1;
            }
        }
    }
    let mut out = Board {
        county: match scope {
            Scope::Region(r) => ix.region(r).map(|x| x.name.clone()).unwrap_or_default(),
            Scope::All => String::new(),
        },
        blocks: Vec::new(),
    };
    for r in ix.subtree(scope) {
        let Some(region) = ix.region(r) else { continue };
        if region.kind != RegionKind::Township {
            continue;
        }
        let mut tiles: Vec<Tile> = ix.children[r]
            .iter()
            .filter_map(|&v| {
                let village = ix.region(v).filter(|x| x.kind == RegionKind::Village)?;
                let poor_people = tallies.get(Scope::Region(v)).poor_people;
                let poor_then = calc::is_poor_village_at(village, d);
                let check =
                    poor_then.then(|| calc::village_exit_check(ix, v, d, poor_people, rules));
                let incidence =
                    calc::incidence(ix, Scope::Region(v), d, poor_people).map(|i| i.rate);
                Some(Tile {
                    village: v,
                    id: ix.reg.regions[v].id.clone(),
                    name: village.name.clone(),
                    state: tile_state(ix, v, d, check.as_ref()),
                    incidence,
                    failing: check.as_ref().map(failing_conditions).unwrap_or_default(),
                    overdue_tasks: overdue[v],
                })
            })
            .collect();
        tiles.sort_by(|a, b| a.name.cmp(&b.name));
        out.blocks.push(Block {
            township: r,
            id: ix.reg.regions[r].id.clone(),
            name: region.name.clone(),
            tiles,
        });
    }
    out
}

/// A household of the village still to exit this year, with where its procedure stands.
#[derive(Clone, PartialEq, Debug)]
pub struct DueHousehold {
    pub household: HouseholdLine,
    /// Exit steps passed in the current round (0–4).
    pub stage: usize,
    pub check_passes: bool,
}

/// 施工图 of one village at D.
#[derive(Clone, PartialEq, Debug)]
pub struct VillageSheet {
    pub tile: Tile,
    pub tasks: Vec<TaskRow>,
    pub due: Vec<DueHousehold>,
    /// The earliest start and latest due date among its tasks, for the timeline's scale.
    pub span: Option<(Date, Date)>,
}

pub fn village_sheet(ix: &Index, village: usize, d: Date, rules: &Rules) -> Option<VillageSheet> {
    let region = ix.region(village)?;
    let township = ix.parent[village]?;
    let b = board(ix, Scope::Region(township), d, rules);
    let tile = b
        .blocks
        .into_iter()
        .flat_map(|b| b.tiles)
        .find(|t| t.village == village)
        .or_else(|| {
            (region.kind == RegionKind::Village).then(|| Tile {
                village,
                id: ix.reg.regions[village].id.clone(),
                name: region.name.clone(),
                state: TileState::NotPoor,
                incidence: None,
                failing: Vec::new(),
                overdue_tasks: 0,
            })
        })?;
    let tasks: Vec<TaskRow> = task_rows(ix, d)
        .into_iter()
        .filter(|t| t.region == Some(village))
        .collect();
    let span = tasks
        .iter()
        .map(|t| {
            (
                t.task.start_date.unwrap_or(t.task.due_date),
                t.task.due_date,
            )
        })
        .reduce(|(a, b), (c, e)| (a.min(c), b.max(e)));
    let mut due: Vec<DueHousehold> = ix
        .households_in(Scope::Region(village))
        .filter(|(_, h)| calc::is_poor(status_at(h, d)))
        .map(|(i, h)| DueHousehold {
            household: ix.household_line(i),
            stage: exit_stage(h),
            check_passes: calc::exit_check(h, d.year(), rules).passes(),
        })
        .collect();
    due.sort_by(|a, b| {
        b.stage
            .cmp(&a.stage)
            .then(a.household.head.cmp(&b.household.head))
    });
    Some(VillageSheet {
        tile,
        tasks,
        due,
        span,
    })
}
