//! 帮扶责任人 lists as a sheet: the national system's list (帮扶人姓名, 工作单位, 职务, 联系电话,
//! 户主姓名, 户主身份证号), which the app also exports. One list of columns serves both ways.
//! Reading a sheet finds each row's household by its head's ID number, finds the helper (same
//! name and phone, or name and work unit) or makes one, and makes the pairing unless it is
//! there already; any problem refuses the whole sheet, by row and column.

use crate::domain::id_number::{self, IdNumbers};
use std::collections::HashMap;

use super::calc::pairing_active;
use super::codes::{code_enum, normalize_label, read_label, HelperKind, PairingEndReason};
use super::date::Date;
use super::index::Index;
use super::model::*;
use super::table::{Cell, Table};
use crate::msg;
use crate::text::{Locale, Msg};

code_enum!(
    /// A column of a pairing list.
    PairingColumn {
        HelperName = "helper_name", pairing_column_helper_name;
        WorkUnit = "work_unit", pairing_column_work_unit;
        Position = "position", pairing_column_position;
        Phone = "helper_phone", pairing_column_phone;
        Kind = "helper_kind", pairing_column_kind;
        HeadName = "head_name", pairing_column_head_name;
        HeadIdNumber = "head_id_number", pairing_column_head_id_number;
        Start = "start_date", pairing_column_start;
        End = "end_date", pairing_column_end;
        EndReason = "end_reason", pairing_column_end_reason;
        Village = "village", pairing_column_village;
    }
);

impl PairingColumn {
    /// Other headers the national system and county sheets use for the column.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            PairingColumn::HelperName => &["帮扶责任人", "帮扶人", "帮扶责任人姓名", "结对帮扶人"],
            PairingColumn::WorkUnit => &["帮扶单位", "单位", "工作单位名称"],
            PairingColumn::Position => &["职务职称", "帮扶人职务"],
            PairingColumn::Phone => &["帮扶人电话", "电话", "手机", "手机号码", "帮扶人联系电话"],
            PairingColumn::Kind => &["帮扶人类别", "类型"],
            PairingColumn::HeadName => &["户主", "贫困户户主", "帮扶对象"],
            PairingColumn::HeadIdNumber => &["身份证号", "户主证件号码", "证件号码", "身份证号码"],
            PairingColumn::Start => &["结对时间", "结对帮扶时间", "开始日期"],
            PairingColumn::End => &["结束时间"],
            PairingColumn::EndReason => &[],
            PairingColumn::Village => &["行政村", "村"],
        }
    }

    pub fn from_header(header: &str) -> Option<PairingColumn> {
        let h = normalize_label(header).trim_end_matches('*').to_string();
        if h.is_empty() {
            return None;
        }
        PairingColumn::ALL.iter().copied().find(|c| {
            Locale::ALL
                .iter()
                .any(|&l| normalize_label(c.label(l)).eq_ignore_ascii_case(&h))
                || c.code() == h
                || c.aliases().iter().any(|a| normalize_label(a) == h)
        })
    }
}

/// Which pairing column each of a sheet's columns holds.
pub type PairingMapping = Vec<Option<PairingColumn>>;

/// The mapping guessed from the headers (each column at most once).
pub fn guess_mapping(header: &[String]) -> PairingMapping {
    let mut taken = Vec::new();
    header
        .iter()
        .map(|h| {
            let c = PairingColumn::from_header(h)?;
            (!taken.contains(&c)).then(|| {
                taken.push(c);
                c
            })
        })
        .collect()
}

/// A sheet that names a helper and a household's head by ID number is a pairing list.
pub fn looks_like_pairings(header: &[String]) -> bool {
    let m = guess_mapping(header);
    m.contains(&Some(PairingColumn::HelperName)) && m.contains(&Some(PairingColumn::HeadIdNumber))
}

/// One problem of the sheet: its row (the header is row 1), column, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetProblem {
    pub row: usize,
    pub column: Option<PairingColumn>,
    pub msg: Msg,
}

/// The sheet as records: helpers new or filled in, and new pairings, for the merge.
#[derive(Clone, Debug, Default)]
pub struct PairingImport {
    pub incoming: Registry,
    pub rows_read: usize,
    pub helpers_new: usize,
    pub pairings_new: usize,
    /// Rows whose pairing is there already.
    pub unchanged: usize,
}

/// Who imports and when; new ids begin with `id_prefix`.
pub struct PairingContext<'a> {
    pub replica: &'a str,
    pub now: &'a str,
    pub today: Date,
    pub id_prefix: &'a str,
}

fn clean(text: &str) -> &str {
    let t = text.trim();
    match t.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => t,
    }
}

struct Row<'a> {
    cells: &'a [String],
    mapping: &'a PairingMapping,
}

impl Row<'_> {
    fn get(&self, c: PairingColumn) -> &str {
        self.mapping
            .iter()
            .position(|m| *m == Some(c))
            .and_then(|k| self.cells.get(k))
            .map(|s| clean(s))
            .unwrap_or("")
    }
}

/// Reads a pairing list against the registry. All or nothing: every problem is listed.
pub fn read(
    local: &Registry,
    header_len: usize,
    rows: &[Vec<String>],
    mapping: &PairingMapping,
    ctx: &PairingContext,
) -> Result<PairingImport, Vec<SheetProblem>> {
    let mut problems = Vec::new();
    for needed in [PairingColumn::HelperName, PairingColumn::HeadIdNumber] {
        if !mapping.contains(&Some(needed)) {
            problems.push(SheetProblem {
                row: 1,
                column: Some(needed),
                msg: msg!(sheet_column_needed),
            });
        }
    }
    if !problems.is_empty() || header_len == 0 {
        return Err(problems);
    }
    let ix = Index::new(local);
    // Households by their head's ID number (upper case).
    let mut by_head: HashMap<String, usize> = HashMap::new();
    // And by the masked number with the head's name (a list exported with masked numbers).
    let mut by_masked: HashMap<(String, &str), Vec<usize>> = HashMap::new();
    for (i, r) in local.households.iter().enumerate() {
        let Some(head) = r.live().and_then(|h| h.head()) else {
            continue;
        };
        if let Some(n) = head.id_number.as_deref() {
            by_head.insert(n.to_ascii_uppercase(), i);
            by_masked
                .entry((
                    id_number::masked(&n.to_ascii_uppercase()),
                    head.name.as_str(),
                ))
                .or_default()
                .push(i);
        }
    }
    let mut out = PairingImport::default();
    // Helpers met in this sheet, by their key, to the incoming helper's id.
    let mut made: HashMap<(String, String), String> = HashMap::new();
    let mut n = 0usize;
    let mut fresh = |what: &str| {
        n += 1;
        format!("{}-{what}{n}", ctx.id_prefix)
    };
    for (k, cells) in rows.iter().enumerate() {
        let row_no = k + 2;
        let row = Row { cells, mapping };
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        out.rows_read += 1;
        let mut at = |column, msg| {
            problems.push(SheetProblem {
                row: row_no,
                column: Some(column),
                msg,
            })
        };
        let name = row.get(PairingColumn::HelperName);
        if name.is_empty() {
            at(PairingColumn::HelperName, msg!(sheet_cell_empty));
        }
        let id = row.get(PairingColumn::HeadIdNumber).to_ascii_uppercase();
        let household = if id.is_empty() {
            at(PairingColumn::HeadIdNumber, msg!(sheet_cell_empty));
            None
        } else if id_number::is_masked(&id) {
            let typed = row.get(PairingColumn::HeadName);
            // Told apart by the village where number and name fit more than one household.
            let village = row.get(PairingColumn::Village);
            let fits: Vec<usize> = by_masked
                .get(&(id.clone(), typed))
                .into_iter()
                .flatten()
                .copied()
                .collect();
            let fits = if fits.len() > 1 && !village.is_empty() {
                fits.into_iter()
                    .filter(|&h| {
                        ix.household_village[h].is_some_and(|v| ix.region_path(v) == village)
                    })
                    .collect()
            } else {
                fits
            };
            match fits.as_slice() {
                [h] => Some(*h),
                [_, _, ..] => {
                    at(
                        PairingColumn::HeadIdNumber,
                        msg!(sheet_masked_head_ambiguous),
                    );
                    None
                }
                [] => {
                    at(
                        PairingColumn::HeadIdNumber,
                        msg!(sheet_no_household_with_head, id = &id),
                    );
                    None
                }
            }
        } else {
            match by_head.get(&id) {
                None => {
                    at(
                        PairingColumn::HeadIdNumber,
                        msg!(sheet_no_household_with_head, id = &id),
                    );
                    None
                }
                Some(&h) => {
                    let head = local.households[h].live().and_then(|x| x.head());
                    let typed = row.get(PairingColumn::HeadName);
                    match head {
                        Some(m) if !typed.is_empty() && m.name != typed => {
                            at(
                                PairingColumn::HeadName,
                                msg!(sheet_head_name_differs, typed = typed, name = &m.name),
                            );
                            None
                        }
                        _ => Some(h),
                    }
                }
            }
        };
        let kind = match row.get(PairingColumn::Kind) {
            "" => HelperKind::Cadre,
            t => match read_label(HelperKind::ALL, t) {
                Some(k) => k,
                None => {
                    at(PairingColumn::Kind, msg!(sheet_not_one_of, text = t));
                    HelperKind::Cadre
                }
            },
        };
        let date = |c: PairingColumn, at: &mut dyn FnMut(PairingColumn, Msg)| match row.get(c) {
            "" => None,
            t => match Date::parse_typed(t) {
                Some(d) => Some(d),
                None => {
                    at(c, msg!(sheet_bad_date, text = t));
                    None
                }
            },
        };
        let start = date(PairingColumn::Start, &mut at).unwrap_or(ctx.today);
        let end = date(PairingColumn::End, &mut at);
        if end.is_some_and(|e| e < start) {
            at(
                PairingColumn::End,
                msg!(edit_end_before_start, start = start),
            );
        }
        let end_reason = match row.get(PairingColumn::EndReason) {
            "" => end.map(|_| PairingEndReason::Other),
            t => read_label(PairingEndReason::ALL, t).or_else(|| {
                at(PairingColumn::EndReason, msg!(sheet_not_one_of, text = t));
                None
            }),
        };
        let (Some(h), false) = (household, name.is_empty()) else {
            continue;
        };
        let phone = row.get(PairingColumn::Phone).to_string();
        let unit = row.get(PairingColumn::WorkUnit).to_string();
        let position = row.get(PairingColumn::Position).to_string();
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        // The helper: one this sheet made already, or a stored one of that name with the same
        // phone (or work unit), or a new one.
        let key = (
            name.to_string(),
            if phone.is_empty() {
                unit.clone()
            } else {
                phone.clone()
            },
        );
        let helper_id = match made.get(&key) {
            Some(id) => id.clone(),
            None => {
                let stored = local.helpers.iter().find(|r| {
                    r.live().is_some_and(|x| {
                        x.name == name
                            && if phone.is_empty() {
                                unit.is_empty() || x.work_unit.as_deref() == Some(unit.as_str())
                            } else {
                                x.phone.as_deref() == Some(phone.as_str())
                            }
                    })
                });
                let id = match stored {
                    Some(r) => {
                        // A stored helper: blanks filled in from the sheet, nothing overwritten.
                        let x = r.live().expect("found live");
                        let filled = Helper {
                            work_unit: x.work_unit.clone().or_else(|| opt(&unit)),
                            position: x.position.clone().or_else(|| opt(&position)),
                            phone: x.phone.clone().or_else(|| opt(&phone)),
                            ..x.clone()
                        };
                        if &filled != x {
                            let mut rec = (**r).clone();
                            rec.body = Some(filled);
                            rec.bump(ctx.replica, ctx.now);
                            out.incoming.helpers.push_record(rec);
                        }
                        r.id.clone()
                    }
                    None => {
                        let id = fresh("p");
                        let mut helper = Helper::new(name, kind);
                        helper.work_unit = opt(&unit);
                        helper.position = opt(&position);
                        helper.phone = opt(&phone);
                        helper.region_id = ix.household_village[h]
                            .and_then(|v| ix.parent[v])
                            .map(|t| local.regions[t].id.clone());
                        out.incoming.helpers.push_record(Record {
                            id: id.clone(),
                            rev: [(ctx.replica.to_string(), 1)].into_iter().collect(),
                            updated_at: ctx.now.to_string(),
                            body: Some(helper),
                            village_id: None,
                        });
                        out.helpers_new += 1;
                        id
                    }
                };
                made.insert(key, id.clone());
                id
            }
        };
        let household_id = local.households[h].id.clone();
        let already = local
            .pairings
            .iter()
            .chain(out.incoming.pairings.iter())
            .filter_map(|p| p.live())
            .any(|p| {
                p.helper_id == helper_id
                    && p.household_id == household_id
                    && (p.start_date == start || pairing_active(p, start))
            });
        if already {
            out.unchanged += 1;
            continue;
        }
        out.incoming.pairings.push_record(Record {
            id: fresh("pr"),
            rev: [(ctx.replica.to_string(), 1)].into_iter().collect(),
            updated_at: ctx.now.to_string(),
            body: Some(Pairing {
                helper_id,
                household_id,
                start_date: start,
                end_date: end,
                end_reason,
                end_note: None,
            }),
            village_id: None,
        });
        out.pairings_new += 1;
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// 帮扶责任人结对表: every pairing in force at D (and, with `with_ended`, those ended), one row
/// each, in the columns above (Chinese headers, as the national list has them).
pub fn pairings_table(ix: &Index, d: Date, with_ended: bool, ids: IdNumbers) -> Table {
    let reg = ix.reg;
    let l = Locale::Zh;
    let columns = [
        PairingColumn::HelperName,
        PairingColumn::WorkUnit,
        PairingColumn::Position,
        PairingColumn::Phone,
        PairingColumn::Kind,
        PairingColumn::HeadName,
        PairingColumn::HeadIdNumber,
        PairingColumn::Village,
        PairingColumn::Start,
        PairingColumn::End,
        PairingColumn::EndReason,
    ];
    let mut rows: Vec<(String, Vec<Cell>)> = Vec::new();
    for p in reg.pairings.iter().filter_map(|p| p.live()) {
        if !with_ended && !pairing_active(p, d) {
            continue;
        }
        let (Some(&h), Some(&x)) = (
            ix.household_pos(p.household_id.as_str()),
            ix.helper_pos(p.helper_id.as_str()),
        ) else {
            continue;
        };
        let (Some(hh), Some(helper)) = (reg.households[h].live(), reg.helpers[x].live()) else {
            continue;
        };
        let head = hh.head();
        let village = ix.household_village[h]
            .map(|v| ix.region_path(v))
            .unwrap_or_default();
        let text = |s: Option<&String>| Cell::from(s.cloned().unwrap_or_default());
        let cells = vec![
            Cell::from(helper.name.as_str()),
            text(helper.work_unit.as_ref()),
            text(helper.position.as_ref()),
            text(helper.phone.as_ref()),
            Cell::from(helper.kind.label(l)),
            Cell::from(head.map(|m| m.name.clone()).unwrap_or_default()),
            Cell::from(
                head.and_then(|m| m.id_number.as_deref())
                    .map(|n| ids.show(n))
                    .unwrap_or_default(),
            ),
            Cell::from(village.clone()),
            Cell::from(p.start_date.to_string()),
            Cell::from(p.end_date.map(|e| e.to_string()).unwrap_or_default()),
            Cell::from(p.end_reason.map(|r| r.label(l)).unwrap_or_default()),
        ];
        rows.push((format!("{village}|{}", helper.name), cells));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    Table {
        sheet: crate::tr!(l, sheet_pairings).to_string(),
        header: columns.iter().map(|c| c.label(l).to_string()).collect(),
        rows: rows.into_iter().map(|(_, r)| r).collect(),
    }
}
