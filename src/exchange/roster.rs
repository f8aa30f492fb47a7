//! Roster import (花名册导入) through the exchange pipeline: the sheet's rows become records
//! (`domain::roster::read`), those records are written as an exchange file and read back by the
//! same parser and rules as any JSON file, and merged by the same plan. So a roster import is
//! validated, previewed, merged and applied all or nothing exactly like a JSON import; only its
//! problems are told by sheet row and column instead of by JSON path.

use super::{merge, parse, to_json, PreparedImport, Problem};
use crate::domain::model::Registry;
use crate::domain::roster::{self, Column, ImportContext, Mapping, Origin, RowProblem, Sheet};

/// What a roster import read, for the preview beside the merge plan.
#[derive(Clone, Debug, PartialEq)]
pub struct RosterSummary {
    pub rows_read: usize,
    pub households_read: usize,
    pub unchanged: usize,
    pub regions_created: Vec<String>,
}

fn at(sheet: &Sheet, mapping: &Mapping, row: usize, column: Option<Column>) -> (String, String) {
    match column {
        Some(c) => {
            let label = roster::column_label(sheet, mapping, c);
            (
                format!("第 {row} 行 · {label}"),
                format!("row {row}, column {label}"),
            )
        }
        None => (format!("第 {row} 行"), format!("row {row}")),
    }
}

fn row_problem(sheet: &Sheet, mapping: &Mapping, p: RowProblem) -> Problem {
    let (path, en_at) = at(sheet, mapping, p.row, p.column);
    Problem::new(path, p.zh, format!("{en_at}: {}", p.en))
}

/// Finds the sheet row and column behind a path of the generated file
/// (`households[3].members[1].id_number` → the member's row, the ID-number column).
fn locate(path: &str, incoming: &Registry, origin: &Origin) -> Option<(usize, Option<Column>)> {
    let index = |s: &str, name: &str| -> Option<(usize, String)> {
        let rest = s.strip_prefix(name)?.strip_prefix('[')?;
        let (n, rest) = rest.split_once(']')?;
        Some((n.parse().ok()?, rest.trim_start_matches('.').to_string()))
    };
    if let Some((i, _)) = index(path, "regions") {
        let row = *origin.region_rows.get(i)?;
        let kind = incoming.regions.get(i)?.live()?.kind;
        let column = match kind {
            crate::domain::codes::RegionKind::County => Column::County,
            crate::domain::codes::RegionKind::Township => Column::Township,
            crate::domain::codes::RegionKind::Village => Column::Village,
        };
        return Some((row, Some(column)));
    }
    let (i, rest) = index(path, "households")?;
    let rows = origin.household_rows.get(i)?;
    let first = rows.iter().flatten().next().copied()?;
    let field = |f: &str| -> Option<Column> {
        let f = f.split(['.', '[']).next().unwrap_or(f);
        match f {
            "id" => Some(Column::HouseholdId),
            "village_id" => Some(Column::Village),
            _ => Column::from_key(f),
        }
    };
    if let Some((j, f)) = index(&rest, "members") {
        let row = rows.get(j).copied().flatten().unwrap_or(first);
        let column = if f == "id" {
            Some(Column::MemberId)
        } else {
            field(&f)
        };
        return Some((row, column));
    }
    if let Some((k, f)) = index(&rest, "incomes") {
        let h = incoming.households.get(i)?.live()?;
        let year = h.incomes.get(k)?.year;
        let part = roster::IncomePart::ALL.into_iter().find(|p| p.key() == f);
        return Some((first, part.map(|p| Column::Income(year, p))));
    }
    if let Some(f) = rest.strip_prefix("conditions.") {
        return Some((first, field(f)));
    }
    if rest.starts_with("status_events") {
        return Some((first, Some(Column::StatusEvents)));
    }
    Some((first, field(&rest)))
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
                Some((row, column)) => {
                    let (path, en_at) = at(sheet, mapping, row, column);
                    Problem::new(path, p.zh, format!("{en_at}: {}", p.en))
                }
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
            .filter_map(|r| r.live().map(|b| format!("{}（{}）", b.name, b.kind.zh())))
            .collect(),
    };
    Ok((PreparedImport { file, plan }, summary))
}
