//! The household's members, one per row: matched to the members the registry has, then each
//! member's cells read over the member as stored.

use super::{non_empty, one_of, Cells, Group, Reader};
use crate::domain::codes::*;
use crate::domain::date::Date;
use crate::domain::id_number;
use crate::domain::model::*;
use crate::domain::roster::Column;
use crate::msg;
use crate::text::Coded;

impl Reader<'_> {
    /// Members, in row order, each matched to a stored member by member id, else ID number, else
    /// name; members of the registry the sheet does not list stay, after. Gives each member's
    /// sheet row (none for those kept).
    pub(super) fn members(
        &mut self,
        g: &Group,
        old: Option<&Household>,
        h: &mut Household,
    ) -> Vec<Option<usize>> {
        let old_members = old.map(|h| h.members.clone()).unwrap_or_default();
        let mut used = vec![false; old_members.len()];
        let mut members = Vec::new();
        let mut rows_of = Vec::new();
        for r in &g.rows {
            let mid = self.cell(r, Column::MemberId).filter(|s| !s.is_empty());
            let idn = self.cell(r, Column::IdNumber).filter(|s| !s.is_empty());
            let name = self.cell(r, Column::Name).unwrap_or_default();
            let hit = old_members.iter().enumerate().position(|(k, m)| {
                !used[k]
                    && match (&mid, &idn) {
                        (Some(id), _) => &m.id == id,
                        (None, Some(n)) => m.id_number.as_deref().is_some_and(|x| {
                            x.eq_ignore_ascii_case(n) || id_number::masked(x) == n.to_uppercase()
                        }),
                        (None, None) => m.name == name,
                    }
            });
            let mut m = match hit {
                Some(k) => {
                    used[k] = true;
                    old_members[k].clone()
                }
                None => Member::new(
                    &mid.clone().unwrap_or_else(|| self.fresh("m")),
                    "",
                    Sex::Male,
                    Relation::Other,
                ),
            };
            self.member(&mut m, r, hit.is_none());
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
        rows_of
    }

    /// A member column's cell: as [`Reader::cell`], but empty (not `None`) where the column is
    /// mapped and the row too short to have it.
    fn member_cell(&self, r: &Cells, c: Column) -> Option<String> {
        self.cell(r, c)
            .or_else(|| self.column(c).map(|_| String::new()))
    }

    /// One row over its member: the mapped columns are read, the others kept.
    fn member(&mut self, m: &mut Member, r: &Cells, is_new: bool) {
        if let Some(v) = self.member_cell(r, Column::Name) {
            if v.is_empty() {
                self.problem(r.row, Some(Column::Name), msg!(roster_name_required));
            }
            m.name = v;
        }
        if let Some(v) = self.member_cell(r, Column::IdNumber) {
            let v = v.to_uppercase();
            // A sheet exported with masked numbers keeps the numbers as they are; a masked
            // number that is not this member's cannot be read.
            if id_number::is_masked(&v) {
                let same = m
                    .id_number
                    .as_deref()
                    .is_some_and(|n| id_number::masked(n) == v);
                if !same {
                    self.problem(r.row, Some(Column::IdNumber), msg!(roster_id_number_masked));
                }
            } else {
                m.id_number = non_empty(v);
            }
        }
        if let Some(d) = self.member_date(r, Column::BirthDate) {
            m.birth_date = d;
        }
        if let Some(d) = self.member_date(r, Column::JoinedDate) {
            m.joined_date = d;
        }
        if let Some(d) = self.member_date(r, Column::LeftDate) {
            m.left_date = d;
        }
        self.sex_and_relation(m, r, is_new);
        self.member_facts(m, r);
    }

    /// A date column of a member: `Some(None)` for an empty cell, or one that is no date (a
    /// problem); `None` where the column is not mapped.
    fn member_date(&mut self, r: &Cells, c: Column) -> Option<Option<Date>> {
        let v = self.member_cell(r, c)?;
        if v.is_empty() {
            return Some(None);
        }
        match Date::parse_typed(&v) {
            Some(d) => Some(Some(d)),
            None => {
                self.problem(r.row, Some(c), msg!(roster_v_not_date_e_g, v = v));
                Some(None)
            }
        }
    }

    /// A coded column of a member: `Some(None)` for an empty cell, or a label not of the list (a
    /// problem); `None` where the column is not mapped.
    fn member_coded<T: Coded>(&mut self, r: &Cells, column: Column) -> Option<Option<T>> {
        let v = self.member_cell(r, column)?;
        if v.is_empty() {
            return Some(None);
        }
        match read_label(T::all(), &v) {
            Some(x) => Some(Some(x)),
            None => {
                self.problem(
                    r.row,
                    Some(column),
                    msg!(roster_not_one_of, v = v, allowed = one_of(T::all())),
                );
                Some(None)
            }
        }
    }

    /// Sex and relation, which every member has: a new member needs a sex (or an ID number
    /// that tells it), and a relation column left empty is a problem.
    fn sex_and_relation(&mut self, m: &mut Member, r: &Cells, is_new: bool) {
        let sex = self.member_coded(r, Column::Sex).flatten();
        let relation = self.member_coded(r, Column::Relation).flatten();
        // Sex left empty follows from an 18-digit ID number (its 17th digit: odd for men).
        let sex = sex.or_else(|| {
            let n = m.id_number.as_deref()?;
            let d = n.chars().nth(16)?.to_digit(10)?;
            Some(if d % 2 == 1 { Sex::Male } else { Sex::Female })
        });
        match sex {
            Some(s) => m.sex = s,
            None if is_new || self.member_cell(r, Column::Sex).is_some() => self.problem(
                r.row,
                Some(Column::Sex),
                msg!(roster_sex_required_18_digit_id),
            ),
            None => {}
        }
        match relation {
            Some(x) => m.relation = x,
            None if self
                .member_cell(r, Column::Relation)
                .is_some_and(|v| v.is_empty()) =>
            {
                self.problem(
                    r.row,
                    Some(Column::Relation),
                    msg!(roster_relation_head_required),
                )
            }
            None => {}
        }
    }

    /// The member's other facts: health, schooling, work, leaving, disability and insurance.
    fn member_facts(&mut self, m: &mut Member, r: &Cells) {
        if let Some(x) = self.member_coded(r, Column::Health) {
            m.health = x;
        }
        if let Some(x) = self.member_coded(r, Column::Education) {
            m.education = x;
        }
        if let Some(x) = self.member_coded(r, Column::Schooling) {
            m.schooling = x;
        }
        if let Some(x) = self.member_coded(r, Column::Labor) {
            m.labor = x;
        }
        if let Some(x) = self.member_coded(r, Column::Work) {
            m.work = x;
        }
        if let Some(x) = self.member_coded(r, Column::LeftReason) {
            m.left_reason = x;
        }
        if let Some(v) = self.member_cell(r, Column::DisabilityGrade) {
            m.disability_grade = self.disability_grade(&v, r.row);
        }
        for (column, slot) in [
            (Column::MedicalInsurance, &mut m.medical_insurance),
            (Column::PensionInsurance, &mut m.pension_insurance),
            (Column::SkillTrained, &mut m.skill_trained),
        ] {
            if let Some(v) = self.member_cell(r, column) {
                *slot = self.yes_no_cell(&v, r.row, column);
            }
        }
    }

    /// A disability grade (残疾等级), 1 to 4, `2` or `2级`; empty is none.
    fn disability_grade(&mut self, v: &str, row: usize) -> Option<u8> {
        if v.is_empty() {
            return None;
        }
        let grade = v
            .trim_end_matches('级')
            .parse::<u8>()
            .ok()
            .filter(|g| (1..=4).contains(g));
        if grade.is_none() {
            self.problem(
                row,
                Some(Column::DisabilityGrade),
                msg!(roster_v_should_grade_from_1, v = v),
            );
        }
        grade
    }
}
