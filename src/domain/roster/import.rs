//! The roster read back: a sheet's columns mapped onto [`Column`]s, every row read, and the sheet
//! turned into household records (with the regions it names) for the same validation and merge as
//! a JSON file.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::region_finder::RegionFinder;
use super::{Column, IncomePart};
use crate::domain::calc;
use crate::domain::codes::*;
use crate::domain::date::Date;
use crate::domain::model::*;
use crate::domain::money::Fen;
use crate::text::{Coded, Locale, Msg};
use crate::{msg, tr};

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

struct Cells<'a> {
    row: usize,
    cells: &'a [String],
}

/// A group of sheet rows that form one household.
struct Group<'a> {
    id: Option<String>,
    rows: Vec<Cells<'a>>,
}

fn p(row: usize, column: Option<Column>, msg: Msg) -> RowProblem {
    RowProblem { row, column, msg }
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

/// Turns a mapped sheet into records. Every problem of every row is collected; with any problem
/// nothing is returned (the import is all or nothing).
pub fn read(
    local: &Registry,
    sheet: &Sheet,
    mapping: &Mapping,
    ctx: &ImportContext,
) -> Result<RosterImport, Vec<RowProblem>> {
    let mut problems = Vec::new();
    let col = |c: Column| mapping.iter().position(|m| *m == Some(c));
    let mapped: Vec<(usize, Column)> = mapping
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.map(|c| (i, c)))
        .collect();
    for required in [Column::Name, Column::Relation] {
        if col(required).is_none() {
            problems.push(p(
                1,
                None,
                msg!(roster_required_column, column = required.label(Locale::Zh)),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let get = |cells: &Cells, c: Column| -> Option<String> {
        col(c)
            .and_then(|i| cells.cells.get(i))
            .map(|s| clean(s).to_string())
    };

    // 1. Rows into households: by 户编号 where given; a row without one starts a household at
    //    its head (户主) and otherwise belongs to the household of the row above.
    let mut groups: Vec<Group> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut last: Option<usize> = None;
    let mut rows_read = 0;
    for (k, cells) in sheet.rows.iter().enumerate() {
        let row = k + 2;
        if mapped
            .iter()
            .all(|(i, _)| cells.get(*i).is_none_or(|s| clean(s).is_empty()))
        {
            continue;
        }
        rows_read += 1;
        let cells = Cells { row, cells };
        let hid = get(&cells, Column::HouseholdId).filter(|s| !s.is_empty());
        let is_head = get(&cells, Column::Relation)
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
                    problems.push(p(
                        row,
                        Some(Column::HouseholdId),
                        msg!(roster_cannot_tell_which_household_row),
                    ));
                    continue;
                }
            },
        };
        groups[g].rows.push(cells);
        last = Some(g);
    }

    // Lookups into the registry.
    let hh_pos: HashMap<&str, usize> = local
        .households
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut by_id_number: HashMap<String, usize> = HashMap::new();
    for (i, r) in local.households.iter().enumerate() {
        for m in r.live().into_iter().flat_map(|h| &h.members) {
            if let Some(n) = &m.id_number {
                by_id_number.insert(n.to_uppercase(), i);
            }
        }
    }
    let mut regions = RegionFinder::new(local, ctx);
    let mut counter = 0usize;
    let mut fresh = |kind: &str| {
        counter += 1;
        format!("{}-{kind}{counter}", ctx.id_prefix)
    };

    let mut incoming = Registry::default();
    let mut origin = Origin::default();
    let mut unchanged = 0;
    let households_read = groups.len();
    for g in &groups {
        let first = g.rows[0].row;
        // The household's value of a household column: the first non-empty cell; another
        // non-empty cell that differs is a problem (which one is right?).
        let hv = |c: Column, problems: &mut Vec<RowProblem>| -> Option<String> {
            col(c)?;
            let mut found: Option<(usize, String)> = None;
            for r in &g.rows {
                let v = get(r, c).unwrap_or_default();
                if v.is_empty() {
                    continue;
                }
                match &found {
                    None => found = Some((r.row, v)),
                    Some((at, w)) if normalize_label(w) != normalize_label(&v) => {
                        problems.push(p(
                            r.row,
                            Some(c),
                            msg!(roster_v_differs_from_w_row, v = v, at = at, w = w),
                        ));
                    }
                    Some(_) => {}
                }
            }
            Some(found.map(|(_, v)| v).unwrap_or_default())
        };

        // Which household: the id given, else one whose member carries an ID number of the rows.
        let existing_pos = match &g.id {
            Some(id) => hh_pos.get(id.as_str()).copied(),
            None => {
                let hits: BTreeSet<usize> = g
                    .rows
                    .iter()
                    .filter_map(|r| get(r, Column::IdNumber))
                    .filter_map(|n| by_id_number.get(&n.to_uppercase()).copied())
                    .collect();
                if hits.len() > 1 {
                    problems.push(p(
                        first,
                        Some(Column::IdNumber),
                        msg!(roster_members_id_numbers_belong_different),
                    ));
                }
                hits.into_iter().next()
            }
        };
        let existing = existing_pos.map(|i| &local.households[i]);
        if existing.is_some_and(|r| r.is_tombstone()) {
            problems.push(p(
                first,
                Some(Column::HouseholdId),
                msg!(roster_household_was_deleted_from_registry),
            ));
            continue;
        }
        let old = existing.and_then(|r| r.live());
        let before = problems.len();

        // Village.
        let names = [
            hv(Column::County, &mut problems),
            hv(Column::Township, &mut problems),
            hv(Column::Village, &mut problems),
        ];
        let village_id = match (&names[2], old) {
            (Some(v), _) if !v.is_empty() => {
                match regions.village(names[0].as_deref(), names[1].as_deref(), v, first) {
                    Ok(id) => Some(id),
                    Err(why) => {
                        problems.push(p(first, Some(Column::Village), why));
                        None
                    }
                }
            }
            (_, Some(h)) => Some(h.village_id.clone()),
            _ => {
                problems.push(p(
                    first,
                    Some(Column::Village),
                    msg!(roster_new_household_needs_its_village),
                ));
                None
            }
        };

        let mut h = old.cloned().unwrap_or_else(|| Household {
            village_id: String::new(),
            national_code: None,
            group: None,
            address: None,
            phone: None,
            attribute: Attribute::General,
            main_cause: Cause::LackCapital,
            other_causes: Vec::new(),
            status_events: Vec::new(),
            identification: Vec::new(),
            incomes: Vec::new(),
            conditions: None,
            members: Vec::new(),
            monitoring: Vec::new(),
        });
        if let Some(v) = village_id {
            h.village_id = v;
        }
        let text = |v: String| (!v.is_empty()).then_some(v);
        if let Some(v) = hv(Column::Group, &mut problems) {
            h.group = text(v);
        }
        if let Some(v) = hv(Column::Address, &mut problems) {
            h.address = text(v);
        }
        if let Some(v) = hv(Column::Phone, &mut problems) {
            h.phone = text(v);
        }
        macro_rules! coded {
            ($column:expr, $ty:ty, $required:expr, $set:expr) => {
                match hv($column, &mut problems) {
                    Some(v) if v.is_empty() => {
                        if $required {
                            problems.push(p(first, Some($column), msg!(roster_required)));
                        }
                        #[allow(clippy::redundant_closure_call)]
                        ($set)(None);
                    }
                    Some(v) => match <$ty>::from_label(&v) {
                        #[allow(clippy::redundant_closure_call)]
                        Some(x) => ($set)(Some(x)),
                        None => problems.push(p(
                            first,
                            Some($column),
                            msg!(roster_not_one_of, v = v, allowed = one_of(<$ty>::ALL)),
                        )),
                    },
                    None if old.is_none() && $required => {
                        problems.push(p(first, Some($column), msg!(roster_required_new_household)))
                    }
                    None => {}
                }
            };
        }
        coded!(Column::Attribute, Attribute, true, |x: Option<
            Attribute,
        >| {
            if let Some(x) = x {
                h.attribute = x
            }
        });
        coded!(Column::MainCause, Cause, true, |x: Option<Cause>| {
            if let Some(x) = x {
                h.main_cause = x
            }
        });
        if let Some(v) = hv(Column::OtherCauses, &mut problems) {
            let mut causes = Vec::new();
            for word in v.split(['、', ',', '，', ';', '；', '/']) {
                let word = word.trim();
                if word.is_empty() {
                    continue;
                }
                match Cause::from_label(word) {
                    Some(c) if !causes.contains(&c) => causes.push(c),
                    Some(_) => {}
                    None => problems.push(p(
                        first,
                        Some(Column::OtherCauses),
                        msg!(roster_not_one_of, v = word, allowed = one_of(Cause::ALL)),
                    )),
                }
            }
            h.other_causes = causes;
        }

        // Status: the history where given; else the status (and its date) of the sheet, which
        // is recorded as a new event where it differs from the registry's present status.
        let events = hv(Column::StatusEvents, &mut problems).filter(|v| !v.is_empty());
        match events {
            Some(v) => match parse_events(&v) {
                Ok(list) if !list.is_empty() => h.status_events = list,
                Ok(_) => {}
                Err(why) => problems.push(p(
                    first,
                    Some(Column::StatusEvents),
                    msg!(roster_bad_events, why = why),
                )),
            },
            None => {
                let status = hv(Column::Status, &mut problems).filter(|v| !v.is_empty());
                let date = hv(Column::StatusDate, &mut problems).filter(|v| !v.is_empty());
                let date = match date {
                    Some(t) => match Date::parse_typed(&t) {
                        Some(d) => Some(d),
                        None => {
                            problems.push(p(
                                first,
                                Some(Column::StatusDate),
                                msg!(roster_t_not_date_e_g, t = t),
                            ));
                            None
                        }
                    },
                    None => None,
                };
                let status = match status {
                    Some(t) => match Status::from_label(&t) {
                        Some(s) => Some(s),
                        None => {
                            problems.push(p(
                                first,
                                Some(Column::Status),
                                msg!(roster_not_a_status, t = t),
                            ));
                            None
                        }
                    },
                    None => None,
                };
                let date = date.unwrap_or(ctx.today);
                let now = calc::status_at(&h, date.max(ctx.today));
                match status {
                    Some(s) if now != Some(s) => h.status_events.push(StatusEvent {
                        date,
                        status: s,
                        reason: Some(tr!(Locale::Zh, record_reason_roster).into()),
                    }),
                    Some(_) => {}
                    None if h.status_events.is_empty() => h.status_events.push(StatusEvent {
                        date: ctx.today,
                        status: Status::Candidate,
                        reason: Some(tr!(Locale::Zh, record_reason_roster).into()),
                    }),
                    None => {}
                }
            }
        }

        // Conditions.
        let mut c = h.conditions.clone().unwrap_or_default();
        let mut touched = false;
        for (column, slot) in [
            (Column::FoodClothing, &mut c.food_clothing_secure),
            (Column::Electricity, &mut c.electricity),
            (Column::Shed, &mut c.shed),
            (Column::Cooperative, &mut c.cooperative_member),
            (Column::Relocated, &mut c.relocated),
        ] {
            if let Some(v) = hv(column, &mut problems) {
                touched = true;
                *slot = yes_no_cell(&v, first, column, &mut problems);
            }
        }
        coded!(Column::Housing, Housing, false, |x| {
            touched = true;
            c.housing = x
        });
        coded!(Column::Water, DrinkingWater, false, |x| {
            touched = true;
            c.drinking_water = x
        });
        if touched {
            h.conditions = (c != Conditions::default() || h.conditions.is_some()).then_some(c);
        }

        // Incomes: a year whose columns are all empty has no income entry.
        let years: BTreeSet<i32> = mapped
            .iter()
            .filter_map(|(_, c)| match c {
                Column::Income(y, _) => Some(*y),
                _ => None,
            })
            .collect();
        for y in years {
            let mut income = h.income(y).cloned().unwrap_or(Income {
                year: y,
                ..Income::default()
            });
            for &part in IncomePart::ALL {
                let column = Column::Income(y, part);
                if let Some(v) = hv(column, &mut problems) {
                    let amount = if v.is_empty() {
                        None
                    } else {
                        match Fen::parse_typed(&v) {
                            Ok(f) => Some(f),
                            Err(why) => {
                                problems.push(p(
                                    first,
                                    Some(column),
                                    msg!(roster_bad_cell, v = &v, why = why),
                                ));
                                None
                            }
                        }
                    };
                    part.set(&mut income, amount);
                }
            }
            h.incomes.retain(|i| i.year != y);
            if IncomePart::ALL.iter().any(|p| p.get(&income).is_some()) {
                h.incomes.push(income);
            }
        }
        h.incomes.sort_by_key(|i| i.year);

        // Members, in row order; members of the registry the sheet does not list stay, after.
        let old_members = old.map(|h| h.members.clone()).unwrap_or_default();
        let mut used = vec![false; old_members.len()];
        let mut members = Vec::new();
        let mut rows_of = Vec::new();
        for r in &g.rows {
            let mid = get(r, Column::MemberId).filter(|s| !s.is_empty());
            let idn = get(r, Column::IdNumber).filter(|s| !s.is_empty());
            let name = get(r, Column::Name).unwrap_or_default();
            let hit = old_members.iter().enumerate().position(|(k, m)| {
                !used[k]
                    && match (&mid, &idn) {
                        (Some(id), _) => &m.id == id,
                        (None, Some(n)) => m
                            .id_number
                            .as_deref()
                            .is_some_and(|x| x.eq_ignore_ascii_case(n)),
                        (None, None) => m.name == name,
                    }
            });
            let mut m = match hit {
                Some(k) => {
                    used[k] = true;
                    old_members[k].clone()
                }
                None => Member::new(
                    &mid.clone().unwrap_or_else(|| fresh("m")),
                    "",
                    Sex::Male,
                    Relation::Other,
                ),
            };
            read_member(&mut m, r, &col, hit.is_none(), &mut problems);
            members.push(m);
            rows_of.push(Some(r.row));
        }
        for (k, m) in old_members.into_iter().enumerate() {
            if !used[k] {
                members.push(m);
                rows_of.push(None);
            }
        }
        h.members = members;

        if problems.len() > before {
            continue;
        }
        match existing {
            Some(r) if r.body.as_ref() == Some(&h) => unchanged += 1,
            Some(r) => {
                let mut rev = r.rev.clone();
                *rev.entry(ctx.replica.to_string()).or_insert(0) += 1;
                incoming.households.push(Record {
                    id: r.id.clone(),
                    rev,
                    updated_at: ctx.now.to_string(),
                    body: Some(h),
                });
                origin.household_rows.push(rows_of);
            }
            None => {
                incoming.households.push(Record {
                    id: g.id.clone().unwrap_or_else(|| fresh("h")),
                    rev: [(ctx.replica.to_string(), 1)].into_iter().collect(),
                    updated_at: ctx.now.to_string(),
                    body: Some(h),
                });
                origin.household_rows.push(rows_of);
            }
        }
    }
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

fn yes_no_cell(
    v: &str,
    row: usize,
    column: Column,
    problems: &mut Vec<RowProblem>,
) -> Option<bool> {
    if v.is_empty() {
        return None;
    }
    let b = parse_bool(v);
    if b.is_none() {
        problems.push(p(row, Some(column), msg!(roster_not_yes_no, v = v)));
    }
    b
}

fn read_member(
    m: &mut Member,
    r: &Cells,
    col: &dyn Fn(Column) -> Option<usize>,
    is_new: bool,
    problems: &mut Vec<RowProblem>,
) {
    let row = r.row;
    let get = |c: Column| -> Option<String> {
        col(c)
            .and_then(|i| r.cells.get(i))
            .map(|s| clean(s).to_string())
            .or_else(|| col(c).map(|_| String::new()))
    };
    let text = |v: String| (!v.is_empty()).then_some(v);
    if let Some(v) = get(Column::Name) {
        if v.is_empty() {
            problems.push(p(row, Some(Column::Name), msg!(roster_name_required)));
        }
        m.name = v;
    }
    if let Some(v) = get(Column::IdNumber) {
        m.id_number = text(v.to_uppercase());
    }
    let date = |c: Column, problems: &mut Vec<RowProblem>| -> Option<Option<Date>> {
        let v = get(c)?;
        if v.is_empty() {
            return Some(None);
        }
        match Date::parse_typed(&v) {
            Some(d) => Some(Some(d)),
            None => {
                problems.push(p(row, Some(c), msg!(roster_v_not_date_e_g, v = v)));
                Some(None)
            }
        }
    };
    if let Some(d) = date(Column::BirthDate, problems) {
        m.birth_date = d;
    }
    if let Some(d) = date(Column::JoinedDate, problems) {
        m.joined_date = d;
    }
    if let Some(d) = date(Column::LeftDate, problems) {
        m.left_date = d;
    }
    macro_rules! coded {
        ($column:expr, $ty:ty, $slot:expr) => {
            if let Some(v) = get($column) {
                $slot = if v.is_empty() {
                    None
                } else {
                    match <$ty>::from_label(&v) {
                        Some(x) => Some(x),
                        None => {
                            problems.push(p(
                                row,
                                Some($column),
                                msg!(roster_not_one_of, v = v, allowed = one_of(<$ty>::ALL)),
                            ));
                            None
                        }
                    }
                };
            }
        };
    }
    let mut sex = None;
    let mut relation = None;
    coded!(Column::Sex, Sex, sex);
    coded!(Column::Relation, Relation, relation);
    // Sex left empty follows from an 18-digit ID number (its 17th digit: odd for men).
    let sex = sex.or_else(|| {
        let n = m.id_number.as_deref()?;
        let d = n.chars().nth(16)?.to_digit(10)?;
        Some(if d % 2 == 1 { Sex::Male } else { Sex::Female })
    });
    match sex {
        Some(s) => m.sex = s,
        None if is_new || get(Column::Sex).is_some() => problems.push(p(
            row,
            Some(Column::Sex),
            msg!(roster_sex_required_18_digit_id),
        )),
        None => {}
    }
    match relation {
        Some(x) => m.relation = x,
        None if get(Column::Relation).is_some_and(|v| v.is_empty()) => problems.push(p(
            row,
            Some(Column::Relation),
            msg!(roster_relation_head_required),
        )),
        None => {}
    }
    coded!(Column::Health, Health, m.health);
    coded!(Column::Education, Education, m.education);
    coded!(Column::Schooling, Schooling, m.schooling);
    coded!(Column::Labor, Labor, m.labor);
    coded!(Column::Work, Work, m.work);
    coded!(Column::LeftReason, LeftReason, m.left_reason);
    if let Some(v) = get(Column::DisabilityGrade) {
        m.disability_grade = if v.is_empty() {
            None
        } else {
            let grade = v
                .trim_end_matches('级')
                .parse::<u8>()
                .ok()
                .filter(|g| (1..=4).contains(g));
            if grade.is_none() {
                problems.push(p(
                    row,
                    Some(Column::DisabilityGrade),
                    msg!(roster_v_should_grade_from_1, v = v),
                ));
            }
            grade
        };
    }
    for (column, slot) in [
        (Column::MedicalInsurance, &mut m.medical_insurance),
        (Column::PensionInsurance, &mut m.pension_insurance),
        (Column::SkillTrained, &mut m.skill_trained),
    ] {
        if let Some(v) = get(column) {
            *slot = yes_no_cell(&v, row, column, problems);
        }
    }
}
