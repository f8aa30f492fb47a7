//! The household's own cells: its village, the household columns, its status, conditions and
//! incomes. A household column has one value per household, whichever of its rows fill it.

use std::collections::BTreeSet;

use super::{non_empty, one_of, parse_events, Group, Reader};
use crate::domain::calc;
use crate::domain::codes::*;
use crate::domain::date::Date;
use crate::domain::model::*;
use crate::domain::money::Fen;
use crate::domain::roster::{Column, IncomePart};
use crate::text::{Coded, Locale};
use crate::{msg, tr};

impl Reader<'_> {
    /// The household's value of a household column: the first non-empty cell; another
    /// non-empty cell that differs is a problem (which one is right?). `None` where the column
    /// is not mapped, empty where no row fills it.
    fn household_value(&mut self, g: &Group, c: Column) -> Option<String> {
        self.column(c)?;
        let mut found: Option<(usize, String)> = None;
        for r in &g.rows {
            let v = self.cell(r, c).unwrap_or_default();
            if v.is_empty() {
                continue;
            }
            match &found {
                None => found = Some((r.row, v)),
                Some((at, w)) if normalize_label(w) != normalize_label(&v) => {
                    self.problem(
                        r.row,
                        Some(c),
                        msg!(roster_v_differs_from_w_row, v = v, at = at, w = w),
                    );
                }
                Some(_) => {}
            }
        }
        Some(found.map(|(_, v)| v).unwrap_or_default())
    }

    /// The village the rows name (found by its township and county where they are given, and
    /// made where missing); a stored household keeps its village where the sheet names none.
    pub(super) fn village(&mut self, g: &Group, old: Option<&Household>) -> Option<String> {
        let first = g.first_row();
        let county = self.household_value(g, Column::County);
        let township = self.household_value(g, Column::Township);
        let village = self.household_value(g, Column::Village);
        match (&village, old) {
            (Some(v), _) if !v.is_empty() => {
                match self
                    .regions
                    .village(county.as_deref(), township.as_deref(), v, first)
                {
                    Ok(id) => Some(id),
                    Err(why) => {
                        self.problem(first, Some(Column::Village), why);
                        None
                    }
                }
            }
            (_, Some(h)) => Some(h.village_id.clone()),
            _ => {
                self.problem(
                    first,
                    Some(Column::Village),
                    msg!(roster_new_household_needs_its_village),
                );
                None
            }
        }
    }

    /// The household columns: group, address, phone, attribute (贫困户属性) and causes.
    pub(super) fn household_columns(&mut self, g: &Group, is_new: bool, h: &mut Household) {
        if let Some(v) = self.household_value(g, Column::Group) {
            h.group = non_empty(v);
        }
        if let Some(v) = self.household_value(g, Column::Address) {
            h.address = non_empty(v);
        }
        if let Some(v) = self.household_value(g, Column::Phone) {
            h.phone = non_empty(v);
        }
        if let Some(Some(x)) = self.coded(g, Column::Attribute, true, is_new) {
            h.attribute = x;
        }
        if let Some(Some(x)) = self.coded(g, Column::MainCause, true, is_new) {
            h.main_cause = x;
        }
        if let Some(v) = self.household_value(g, Column::OtherCauses) {
            h.other_causes = self.other_causes(&v, g.first_row());
        }
    }

    /// A coded household column: `Some` with the value to set (`None` for an empty cell), or
    /// `None` to leave the household's as it is. A required column left empty, or not mapped for
    /// a new household, is a problem; so is a label not of the list.
    fn coded<T: Coded>(
        &mut self,
        g: &Group,
        column: Column,
        required: bool,
        is_new: bool,
    ) -> Option<Option<T>> {
        let first = g.first_row();
        match self.household_value(g, column) {
            Some(v) if v.is_empty() => {
                if required {
                    self.problem(first, Some(column), msg!(roster_required));
                }
                Some(None)
            }
            Some(v) => match read_label(T::all(), &v) {
                Some(x) => Some(Some(x)),
                None => {
                    self.problem(
                        first,
                        Some(column),
                        msg!(roster_not_one_of, v = v, allowed = one_of(T::all())),
                    );
                    None
                }
            },
            None => {
                if is_new && required {
                    self.problem(first, Some(column), msg!(roster_required_new_household));
                }
                None
            }
        }
    }

    /// 其他致贫原因 in one cell, however they are separated; each once.
    fn other_causes(&mut self, text: &str, row: usize) -> Vec<Cause> {
        let mut causes = Vec::new();
        for word in text.split(['、', ',', '，', ';', '；', '/']) {
            let word = word.trim();
            if word.is_empty() {
                continue;
            }
            match Cause::from_label(word) {
                Some(c) if !causes.contains(&c) => causes.push(c),
                Some(_) => {}
                None => self.problem(
                    row,
                    Some(Column::OtherCauses),
                    msg!(roster_not_one_of, v = word, allowed = one_of(Cause::ALL)),
                ),
            }
        }
        causes
    }

    /// Status: the history where given; else the status (and its date) of the sheet.
    pub(super) fn status(&mut self, g: &Group, h: &mut Household) {
        let events = self
            .household_value(g, Column::StatusEvents)
            .filter(|v| !v.is_empty());
        match events {
            Some(v) => match parse_events(&v) {
                Ok(list) if !list.is_empty() => h.status_events = list,
                Ok(_) => {}
                Err(why) => self.problem(
                    g.first_row(),
                    Some(Column::StatusEvents),
                    msg!(roster_bad_events, why = why),
                ),
            },
            None => self.status_of_sheet(g, h),
        }
    }

    /// The sheet's status is recorded as a new event where it differs from the registry's
    /// present status; a household with neither status nor history enters as a candidate
    /// (待识别) today.
    fn status_of_sheet(&mut self, g: &Group, h: &mut Household) {
        let first = g.first_row();
        let status = self
            .household_value(g, Column::Status)
            .filter(|v| !v.is_empty());
        let date = self
            .household_value(g, Column::StatusDate)
            .filter(|v| !v.is_empty());
        let date = match date {
            Some(t) => match Date::parse_typed(&t) {
                Some(d) => Some(d),
                None => {
                    self.problem(
                        first,
                        Some(Column::StatusDate),
                        msg!(roster_t_not_date_e_g, t = t),
                    );
                    None
                }
            },
            None => None,
        };
        let status = match status {
            Some(t) => match Status::from_label(&t) {
                Some(s) => Some(s),
                None => {
                    self.problem(
                        first,
                        Some(Column::Status),
                        msg!(roster_not_a_status, t = t),
                    );
                    None
                }
            },
            None => None,
        };
        let today = self.ctx.today;
        let date = date.unwrap_or(today);
        let now = calc::status_at(h, date.max(today));
        match status {
            Some(s) if now != Some(s) => h.status_events.push(StatusEvent {
                date,
                status: s,
                reason: Some(tr!(Locale::Zh, record_reason_roster).into()),
            }),
            Some(_) => {}
            None if h.status_events.is_empty() => h.status_events.push(StatusEvent {
                date: today,
                status: Status::Candidate,
                reason: Some(tr!(Locale::Zh, record_reason_roster).into()),
            }),
            None => {}
        }
    }

    /// Living conditions (两不愁三保障 and the rest). Conditions the sheet leaves all empty stay
    /// absent where the household had none.
    pub(super) fn conditions(&mut self, g: &Group, h: &mut Household) {
        let first = g.first_row();
        let mut c = h.conditions.clone().unwrap_or_default();
        let mut touched = false;
        for (column, slot) in [
            (Column::FoodClothing, &mut c.food_clothing_secure),
            (Column::Electricity, &mut c.electricity),
            (Column::Shed, &mut c.shed),
            (Column::Cooperative, &mut c.cooperative_member),
            (Column::Relocated, &mut c.relocated),
        ] {
            if let Some(v) = self.household_value(g, column) {
                touched = true;
                *slot = self.yes_no_cell(&v, first, column);
            }
        }
        if let Some(x) = self.coded(g, Column::Housing, false, false) {
            touched = true;
            c.housing = x;
        }
        if let Some(x) = self.coded(g, Column::Water, false, false) {
            touched = true;
            c.drinking_water = x;
        }
        if touched {
            h.conditions = (c != Conditions::default() || h.conditions.is_some()).then_some(c);
        }
    }

    /// Incomes, a year per set of mapped income columns: a year whose columns are all empty has
    /// no income entry.
    pub(super) fn incomes(&mut self, g: &Group, h: &mut Household) {
        let years: BTreeSet<i32> = self
            .mapped
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
                if let Some(v) = self.household_value(g, column) {
                    let amount = self.amount(&v, g.first_row(), column);
                    part.set(&mut income, amount);
                }
            }
            h.incomes.retain(|i| i.year != y);
            if IncomePart::ALL.iter().any(|p| p.get(&income).is_some()) {
                h.incomes.push(income);
            }
        }
        h.incomes.sort_by_key(|i| i.year);
    }

    /// An amount of money as people type it (see [`Fen::parse_typed`]); empty is none.
    fn amount(&mut self, v: &str, row: usize, column: Column) -> Option<Fen> {
        if v.is_empty() {
            return None;
        }
        match Fen::parse_typed(v) {
            Ok(f) => Some(f),
            Err(why) => {
                self.problem(row, Some(column), msg!(roster_bad_cell, v = v, why = why));
                None
            }
        }
    }
}

/// A household the registry does not have yet, before its cells are read.
pub(super) fn blank_household() -> Household {
    Household {
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
        exit_steps: Vec::new(),
    }
}
