//! The roster read back: a sheet's columns mapped onto [`Column`]s, every row read, and the sheet
//! turned into household records (with the regions it names) for the same validation and merge as
//! a JSON file.
//!
//! One [`Reader`] carries an import through its stages: the rows grouped into households, each
//! household matched to the registry, then its cells read over the stored household (its own
//! columns and status in `household`, its members in `members`), every problem collected.
//!
//! Long (about 500 lines): the sheet reader's shared state; households and members are in the sibling files.

mod household;
mod members;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::region_finder::RegionFinder;
use super::Column;
use crate::domain::codes::*;
use crate::domain::date::Date;
use crate::domain::model::*;
use crate::msg;
use crate::text::{Coded, Locale, Msg};

/// A sheet as read from a CSV or XLSX file: its first row and the rows below, as text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Which roster column each of the sheet's columns holds (`None`: not imported).
pub type Mapping = Vec<Option<Column>>;

/// A first mapping: what the person chose last time for a header of that text, else the header
/// recognised by name. A column is mapped at most once (the first sheet column wins).
pub fn guess_mapping(header: &[String], remembered: &BTreeMap<String, String>) -> Mapping {
    let mut taken = BTreeSet::new();
    header
        .iter()
        .map(|h| {
            let key = normalize_label(h);
            let c = match remembered.get(&key) {
                Some(k) if k.is_empty() => None,
                Some(k) => Column::from_key(k),
                None => Column::from_header(h),
            }?;
            taken.insert(c.key()).then_some(c)
        })
        .collect()
}

/// The mapping to remember: each header's text and the column chosen (empty: not imported).
pub fn mapping_to_remember(header: &[String], mapping: &Mapping) -> BTreeMap<String, String> {
    header
        .iter()
        .zip(mapping)
        .filter(|(h, _)| !normalize_label(h).is_empty())
        .map(|(h, c)| (normalize_label(h), c.map(Column::key).unwrap_or_default()))
        .collect()
}

/// How a problem names a column: by the sheet's own header where the column is mapped.
pub fn column_label(sheet: &Sheet, mapping: &Mapping, column: Column) -> String {
    mapping
        .iter()
        .position(|m| *m == Some(column))
        .and_then(|i| sheet.header.get(i))
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| column.label(Locale::Zh))
}

/// One problem in a sheet: the spreadsheet row (the header is row 1) and column, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct RowProblem {
    pub row: usize,
    pub column: Option<Column>,
    pub msg: Msg,
}

/// What the import is made of, for the preview and for finding a problem's row again.
#[derive(Clone, Debug, Default)]
pub struct Origin {
    /// Per household of the incoming registry: the sheet row of each member, in member order
    /// (members kept from the registry, not in the sheet, have none).
    pub household_rows: Vec<Vec<Option<usize>>>,
    /// Per region created: the first row that names it.
    pub region_rows: Vec<usize>,
}

/// The sheet turned into records: the regions to create and the households that are new or
/// differ from the registry (with this replica's edit counted), ready for the merge.
pub struct RosterImport {
    pub incoming: Registry,
    pub origin: Origin,
    pub rows_read: usize,
    pub households_read: usize,
    pub unchanged: usize,
}

/// Who imports, when, and how new ids begin.
pub struct ImportContext<'a> {
    pub replica: &'a str,
    pub now: &'a str,
    pub today: Date,
    /// A random prefix for the ids of new records (`<prefix>-h1`, `<prefix>-m1`, ...).
    pub id_prefix: &'a str,
}

/// The labels a cell may hold, for "not one of: …".
fn one_of<T: Coded>(all: &[T]) -> String {
    all.iter()
        .map(|x| x.label(Locale::Zh))
        .collect::<Vec<_>>()
        .join("、")
}

/// Reads a cell as the person meant it: trimmed, and an apostrophe that defused a formula
/// (`'=...`, `'-3`) taken off again.
fn clean(text: &str) -> &str {
    let t = text.trim();
    match t.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => t,
    }
}

/// `是/否`, `有/无`, `Y/N`, `yes/no`, `true/false`, `1/0`, `√/×`.
pub fn parse_bool(text: &str) -> Option<bool> {
    match normalize_label(text).to_lowercase().as_str() {
        "是" | "有" | "y" | "yes" | "true" | "1" | "√" | "✓" => Some(true),
        "否" | "无" | "没有" | "n" | "no" | "false" | "0" | "×" | "✗" => Some(false),
        _ => None,
    }
}

/// Reads the status-history cell written by [`events_text`](super::events_text).
pub fn parse_events(text: &str) -> Result<Vec<StatusEvent>, Msg> {
    let mut out = Vec::new();
    for part in text.split([';', '；', '\n']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (date, rest) = part.split_once(char::is_whitespace).unwrap_or((part, ""));
        let date =
            Date::parse_typed(date).ok_or_else(|| msg!(roster_event_without_date, part = part))?;
        let rest = rest.trim();
        let (word, reason) = match rest.split_once(['：', ':']) {
            Some((w, r)) => (w.trim(), Some(r.trim())),
            None => (rest, None),
        };
        let status = Status::from_label(word).ok_or_else(|| msg!(roster_not_a_status, t = word))?;
        out.push(StatusEvent {
            date,
            status,
            reason: reason.filter(|r| !r.is_empty()).map(str::to_string),
        });
    }
    Ok(out)
}

/// A cell's text kept only when something was typed.
fn non_empty(v: String) -> Option<String> {
    (!v.is_empty()).then_some(v)
}

/// One sheet row (numbered as the spreadsheet shows it) and its cells.
struct Cells<'a> {
    row: usize,
    cells: &'a [String],
}

/// A group of sheet rows that form one household.
struct Group<'a> {
    id: Option<String>,
    rows: Vec<Cells<'a>>,
}

impl Group<'_> {
    /// The row a household's problems are told at. Never empty: a group is made for the row
    /// that starts it.
    fn first_row(&self) -> usize {
        self.rows[0].row
    }
}

/// Turns a mapped sheet into records. Every problem of every row is collected; with any problem
/// nothing is returned (the import is all or nothing).
pub fn read(
    local: &Registry,
    sheet: &Sheet,
    mapping: &Mapping,
    ctx: &ImportContext,
) -> Result<RosterImport, Vec<RowProblem>> {
    let mut reader = Reader::new(local, sheet, mapping, ctx)?;
    let (groups, rows_read) = reader.rows_into_households();
    for g in &groups {
        reader.household(g);
    }
    reader.finish(rows_read, groups.len())
}

/// An import under way: the sheet and its mapping, lookups into the registry, the villages found
/// or made so far, the records read so far and every problem met.
struct Reader<'a> {
    local: &'a Registry,
    sheet: &'a Sheet,
    mapping: &'a Mapping,
    /// The sheet's mapped columns: (position in the sheet, column).
    mapped: Vec<(usize, Column)>,
    ctx: &'a ImportContext<'a>,
    /// The registry's households by id: their positions.
    household_pos: HashMap<&'a str, usize>,
    /// The registry's households by a member's ID number (in upper case): their positions.
    by_id_number: HashMap<String, usize>,
    regions: RegionFinder<'a>,
    /// How many ids were made (new households and members share the count).
    ids_made: usize,
    incoming: Registry,
    origin: Origin,
    unchanged: usize,
    problems: Vec<RowProblem>,
}

impl<'a> Reader<'a> {
    /// Refused at once (at the header, row 1) when the name or relation column is not mapped:
    /// no row can be read without them.
    fn new(
        local: &'a Registry,
        sheet: &'a Sheet,
        mapping: &'a Mapping,
        ctx: &'a ImportContext<'a>,
    ) -> Result<Self, Vec<RowProblem>> {
        let missing: Vec<RowProblem> = [Column::Name, Column::Relation]
            .into_iter()
            .filter(|&c| !mapping.contains(&Some(c)))
            .map(|c| RowProblem {
                row: 1,
                column: None,
                msg: msg!(roster_required_column, column = c.label(Locale::Zh)),
            })
            .collect();
        if !missing.is_empty() {
            return Err(missing);
        }
        let mapped = mapping
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.map(|c| (i, c)))
            .collect();
        let household_pos = local
            .households
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        let mut by_id_number = HashMap::new();
        for (i, r) in local.households.iter().enumerate() {
            for m in r.live().into_iter().flat_map(|h| &h.members) {
                if let Some(n) = &m.id_number {
                    by_id_number.insert(n.to_uppercase(), i);
                }
            }
        }
        Ok(Reader {
            local,
            sheet,
            mapping,
            mapped,
            ctx,
            household_pos,
            by_id_number,
            regions: RegionFinder::new(local, ctx),
            ids_made: 0,
            incoming: Registry::default(),
            origin: Origin::default(),
            unchanged: 0,
            problems: Vec::new(),
        })
    }

    /// Where column `c` is in the sheet, if it is mapped.
    fn column(&self, c: Column) -> Option<usize> {
        self.mapping.iter().position(|m| *m == Some(c))
    }

    /// The cell of column `c` in a row, cleaned; `None` where the column is not mapped or the row
    /// is too short to have it.
    fn cell(&self, cells: &Cells, c: Column) -> Option<String> {
        self.column(c)
            .and_then(|i| cells.cells.get(i))
            .map(|s| clean(s).to_string())
    }

    fn problem(&mut self, row: usize, column: Option<Column>, msg: Msg) {
        self.problems.push(RowProblem { row, column, msg });
    }

    /// The id of a new record: the import's prefix, the kind (`h`, `m`) and the count.
    fn fresh(&mut self, kind: &str) -> String {
        self.ids_made += 1;
        format!("{}-{kind}{}", self.ctx.id_prefix, self.ids_made)
    }

    /// A yes/no cell (see [`parse_bool`]); empty is unknown, anything else a problem.
    fn yes_no_cell(&mut self, v: &str, row: usize, column: Column) -> Option<bool> {
        if v.is_empty() {
            return None;
        }
        let b = parse_bool(v);
        if b.is_none() {
            self.problem(row, Some(column), msg!(roster_not_yes_no, v = v));
        }
        b
    }

    /// Rows into households: by 户编号 where given; a row without one starts a household at its
    /// head (户主) and otherwise belongs to the household of the row above. Rows with no mapped
    /// cell filled are skipped; the count is of the rows read.
    fn rows_into_households(&mut self) -> (Vec<Group<'a>>, usize) {
        let sheet = self.sheet;
        let mut groups: Vec<Group> = Vec::new();
        let mut by_id: HashMap<String, usize> = HashMap::new();
        let mut last: Option<usize> = None;
        let mut rows_read = 0;
        for (k, cells) in sheet.rows.iter().enumerate() {
            let row = k + 2;
            if self
                .mapped
                .iter()
                .all(|(i, _)| cells.get(*i).is_none_or(|s| clean(s).is_empty()))
            {
                continue;
            }
            rows_read += 1;
            let cells = Cells { row, cells };
            let hid = self
                .cell(&cells, Column::HouseholdId)
                .filter(|s| !s.is_empty());
            let is_head = self
                .cell(&cells, Column::Relation)
                .and_then(|r| Relation::from_label(&r))
                .is_some_and(|r| r == Relation::Head);
            let g = match hid {
                Some(id) => *by_id.entry(id.clone()).or_insert_with(|| {
                    groups.push(Group {
                        id: Some(id),
                        rows: Vec::new(),
                    });
                    groups.len() - 1
                }),
                None if is_head => {
                    groups.push(Group {
                        id: None,
                        rows: Vec::new(),
                    });
                    groups.len() - 1
                }
                None => match last {
                    Some(g) => g,
                    None => {
                        self.problem(
                            row,
                            Some(Column::HouseholdId),
                            msg!(roster_cannot_tell_which_household_row),
                        );
                        continue;
                    }
                },
            };
            groups[g].rows.push(cells);
            last = Some(g);
        }
        (groups, rows_read)
    }

    /// Which household of the registry the rows are: the id given, else one whose member carries
    /// an ID number of the rows (members of several households are a problem).
    fn which_household(&mut self, g: &Group) -> Option<usize> {
        match &g.id {
            Some(id) => self.household_pos.get(id.as_str()).copied(),
            None => {
                let hits: BTreeSet<usize> = g
                    .rows
                    .iter()
                    .filter_map(|r| self.cell(r, Column::IdNumber))
                    .filter_map(|n| self.by_id_number.get(&n.to_uppercase()).copied())
                    .collect();
                if hits.len() > 1 {
                    self.problem(
                        g.first_row(),
                        Some(Column::IdNumber),
                        msg!(roster_members_id_numbers_belong_different),
                    );
                }
                hits.into_iter().next()
            }
        }
    }

    /// One household from its rows, read over the household as stored (what the sheet does not
    /// carry is kept). A household with a problem of its own is not kept (the import will be
    /// refused anyway, with every problem told).
    fn household(&mut self, g: &Group) {
        let local = self.local;
        let existing = self
            .which_household(g)
            .and_then(|i| local.households.get(i))
            .map(|r| &**r);
        if existing.is_some_and(|r| r.is_tombstone()) {
            self.problem(
                g.first_row(),
                Some(Column::HouseholdId),
                msg!(roster_household_was_deleted_from_registry),
            );
            return;
        }
        let old = existing.and_then(|r| r.live());
        let before = self.problems.len();
        let village_id = self.village(g, old);
        let mut h = old.cloned().unwrap_or_else(household::blank_household);
        if let Some(v) = village_id {
            h.village_id = v;
        }
        self.household_columns(g, old.is_none(), &mut h);
        self.status(g, &mut h);
        self.conditions(g, &mut h);
        self.incomes(g, &mut h);
        let rows_of = self.members(g, old, &mut h);
        if self.problems.len() == before {
            self.record(g, existing, h, rows_of);
        }
    }

    /// The household as an incoming record: one the sheet does not change is only counted; a
    /// changed one keeps its id with this replica's edit counted; a new one takes the sheet's id
    /// or a fresh one.
    fn record(
        &mut self,
        g: &Group,
        existing: Option<&Record<Household>>,
        h: Household,
        rows_of: Vec<Option<usize>>,
    ) {
        match existing {
            Some(r) if r.body.as_ref() == Some(&h) => self.unchanged += 1,
            Some(r) => {
                let mut rev = r.rev.clone();
                *rev.entry(self.ctx.replica.to_string()).or_insert(0) += 1;
                self.incoming.households.push_record(Record {
                    id: r.id.clone(),
                    rev,
                    updated_at: self.ctx.now.to_string(),
                    body: Some(h),
                    village_id: None,
                });
                self.origin.household_rows.push(rows_of);
            }
            None => {
                let id = g.id.clone().unwrap_or_else(|| self.fresh("h"));
                self.incoming.households.push_record(Record {
                    id,
                    rev: [(self.ctx.replica.to_string(), 1)].into_iter().collect(),
                    updated_at: self.ctx.now.to_string(),
                    body: Some(h),
                    village_id: None,
                });
                self.origin.household_rows.push(rows_of);
            }
        }
    }

    /// Every problem (in row order), or the records with the regions made for them.
    fn finish(
        self,
        rows_read: usize,
        households_read: usize,
    ) -> Result<RosterImport, Vec<RowProblem>> {
        let Reader {
            mut problems,
            regions,
            mut incoming,
            mut origin,
            unchanged,
            ..
        } = self;
        if !problems.is_empty() {
            problems.sort_by_key(|x| x.row);
            return Err(problems);
        }
        let (created, rows) = regions.into_created();
        incoming.regions = created;
        origin.region_rows = rows;
        Ok(RosterImport {
            incoming,
            origin,
            rows_read,
            households_read,
            unchanged,
        })
    }
}
