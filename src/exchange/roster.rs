//! Roster import (花名册导入) through the exchange pipeline: the sheet's rows become records
//! (`domain::roster::read`), those records are written as an exchange file and read back by the
//! same parser and rules as any JSON file, and merged by the same plan. So a roster import is
//! validated, previewed, merged and applied all or nothing exactly like a JSON import; only its
//! problems are told by sheet row and column instead of by JSON path.

use super::problem::{Location, Seg};
use super::{merge, parse, to_json, PreparedImport, Problem};
use crate::domain::codes::RegionKind;
use crate::domain::model::Registry;
use crate::domain::pairing_sheet;
use crate::domain::roster::{self, Column, ImportContext, Mapping, Origin, RowProblem, Sheet};
use crate::msg;
use crate::text::Msg;

/// What a roster import read, for the preview beside the merge plan.
#[derive(Clone, Debug, PartialEq)]
pub struct RosterSummary {
    pub rows_read: usize,
    pub households_read: usize,
    pub unchanged: usize,
    /// The regions the sheet named that the registry lacked: name and level.
    pub regions_created: Vec<(String, RegionKind)>,
}

/// Where in the sheet: "row 3, column 姓名" (rows as the spreadsheet numbers them).
fn at(sheet: &Sheet, mapping: &Mapping, row: usize, column: Option<Column>) -> Msg {
    match column {
        Some(c) => msg!(
            roster_at_row_column,
            row = row,
            label = roster::column_label(sheet, mapping, c)
        ),
        None => msg!(roster_at_row, row = row),
    }
}

/// A problem of the sheet, named by its row and column.
fn at_cell(
    sheet: &Sheet,
    mapping: &Mapping,
    row: usize,
    column: Option<Column>,
    what: Msg,
) -> Problem {
    Problem::file(msg!(
        roster_problem_at,
        place = at(sheet, mapping, row, column),
        what = what
    ))
}

fn row_problem(sheet: &Sheet, mapping: &Mapping, p: RowProblem) -> Problem {
    at_cell(sheet, mapping, p.row, p.column, p.msg)
}

/// Finds the sheet row and column behind a path of the generated file
/// (`households[3].members[1].id_number` → the member's row, the ID-number column).
fn locate(
    path: &Location,
    incoming: &Registry,
    origin: &Origin,
) -> Option<(usize, Option<Column>)> {
    fn key(s: Option<&Seg>) -> Option<&str> {
        match s {
            Some(Seg::Key(k)) => Some(k.as_str()),
            _ => None,
        }
    }
    let (collection, i) = path.record()?;
    let rest = path.within_record();
    if collection == "regions" {
        let row = *origin.region_rows.get(i)?;
        let kind = incoming.regions.get(i)?.live()?.kind;
        let column = match kind {
            RegionKind::County => Column::County,
            RegionKind::Township => Column::Township,
            RegionKind::Village => Column::Village,
        };
        return Some((row, Some(column)));
    }
    if collection != "households" {
        return None;
    }
    let rows = origin.household_rows.get(i)?;
    let first = rows.iter().flatten().next().copied()?;
    let field = |f: Option<&str>| -> Option<Column> {
        match f? {
            "id" => Some(Column::HouseholdId),
            "village_id" => Some(Column::Village),
            f => Column::from_key(f),
        }
    };
    match rest {
        [Seg::Key(m), Seg::Index(j), tail @ ..] if m == "members" => {
            let row = rows.get(*j).copied().flatten().unwrap_or(first);
            let column = match key(tail.first()) {
                Some("id") => Some(Column::MemberId),
                f => field(f),
            };
            Some((row, column))
        }
        [Seg::Key(m), Seg::Index(k), tail @ ..] if m == "incomes" => {
            let h = incoming.households.get(i)?.live()?;
            let year = h.incomes.get(*k)?.year;
            let part = key(tail.first()).and_then(|f| {
                roster::IncomePart::ALL
                    .iter()
                    .copied()
                    .find(|p| p.code() == f)
            });
            Some((first, part.map(|p| Column::Income(year, p))))
        }
        [Seg::Key(c), tail @ ..] if c == "conditions" => Some((first, field(key(tail.first())))),
        [Seg::Key(e), ..] if e == "status_events" => Some((first, Some(Column::StatusEvents))),
        [f, ..] => Some((first, field(key(Some(f))))),
        [] => Some((first, None)),
    }
}

/// Step 1 of a roster import: read the mapped sheet, validate its records as an exchange file
/// against the registry, and plan the merge. Changes nothing.
pub fn prepare_roster(
    local: &Registry,
    sheet: &Sheet,
    mapping: &Mapping,
    ctx: &ImportContext,
) -> Result<(PreparedImport, RosterSummary), Vec<Problem>> {
    let read = roster::read(local, sheet, mapping, ctx).map_err(|problems| {
        problems
            .into_iter()
            .map(|p| row_problem(sheet, mapping, p))
            .collect::<Vec<_>>()
    })?;
    let json = to_json(&read.incoming, ctx.now, ctx.replica, None);
    let file = parse(json.as_bytes(), Some(local)).map_err(|problems| {
        problems
            .into_iter()
            .map(|p| match locate(&p.path, &read.incoming, &read.origin) {
                Some((row, column)) => at_cell(sheet, mapping, row, column, p.msg),
                None => p,
            })
            .collect::<Vec<_>>()
    })?;
    let plan = merge::plan(local, &file.registry);
    let summary = RosterSummary {
        rows_read: read.rows_read,
        households_read: read.households_read,
        unchanged: read.unchanged,
        regions_created: read
            .incoming
            .regions
            .iter()
            .filter_map(|r| r.live().map(|b| (b.name.clone(), b.kind)))
            .collect(),
    };
    Ok((PreparedImport { file, plan }, summary))
}

/// What a pairing list read, for the preview beside the merge plan.
#[derive(Clone, Debug, PartialEq)]
pub struct PairingSummary {
    pub rows_read: usize,
    pub helpers_new: usize,
    pub pairings_new: usize,
    pub unchanged: usize,
}

/// Step 1 of a pairing-list import (帮扶责任人名单): read the mapped sheet into helpers and
/// pairings, validate them as an exchange file against the registry, and plan the merge.
/// Changes nothing; any problem refuses the whole sheet, named by row and column.
pub fn prepare_pairings(
    local: &Registry,
    sheet: &Sheet,
    mapping: &pairing_sheet::PairingMapping,
    ctx: &pairing_sheet::PairingContext,
) -> Result<(PreparedImport, PairingSummary), Vec<Problem>> {
    let label = |c: pairing_sheet::PairingColumn| {
        mapping
            .iter()
            .position(|m| *m == Some(c))
            .and_then(|i| sheet.header.get(i))
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| crate::text::Coded::label(c, crate::text::Locale::Zh).to_string())
    };
    let read = pairing_sheet::read(local, sheet.header.len(), &sheet.rows, mapping, ctx).map_err(
        |problems| {
            problems
                .into_iter()
                .map(|p| {
                    let place = match p.column {
                        Some(c) => msg!(roster_at_row_column, row = p.row, label = label(c)),
                        None => msg!(roster_at_row, row = p.row),
                    };
                    Problem::file(msg!(roster_problem_at, place = place, what = p.msg))
                })
                .collect::<Vec<_>>()
        },
    )?;
    let json = to_json(&read.incoming, ctx.now, ctx.replica, None);
    let file = parse(json.as_bytes(), Some(local))?;
    let plan = merge::plan(local, &file.registry);
    let summary = PairingSummary {
        rows_read: read.rows_read,
        helpers_new: read.helpers_new,
        pairings_new: read.pairings_new,
        unchanged: read.unchanged,
    };
    Ok((PreparedImport { file, plan }, summary))
}
