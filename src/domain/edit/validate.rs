//! The household form checked part by part (the household's own fields, its members, incomes,
//! conditions and causes), each problem with its field and in plain words.

use super::{FieldError, HouseholdDraft, IncomeDraft, MemberDraft};
use crate::domain::codes::*;
use crate::domain::date::Date;
use crate::domain::id_number::{self, IdNumberProblem};
use crate::domain::model::*;
use crate::domain::money::Fen;
use crate::msg;
use crate::text::Msg;

#[derive(Default)]
pub(super) struct Check {
    pub(super) errors: Vec<FieldError>,
}

impl Check {
    fn err(&mut self, field: String, msg: Msg) {
        self.errors.push(FieldError { field, msg });
    }
    /// Trimmed text of at most `max` characters; empty is none.
    fn text(&mut self, field: &str, s: &str, max: usize) -> Option<String> {
        let t = s.trim();
        if t.chars().count() > max {
            self.err(field.into(), msg!(edit_most_max_characters, max = max));
        }
        (!t.is_empty()).then(|| t.to_string())
    }
    fn date(&mut self, field: String, s: &str) -> Option<Date> {
        let s = s.trim();
        if s.is_empty() {
            return None;
        }
        let d = Date::parse_typed(s);
        if d.is_none() {
            self.err(field, msg!(edit_s_not_valid_date_write, s = s));
        }
        d
    }
    fn money(&mut self, field: String, s: &str) -> Option<Fen> {
        if s.trim().is_empty() {
            return None;
        }
        match Fen::parse_typed(s) {
            Ok(f) if f.0 < 0 => {
                self.err(field, msg!(edit_amount_cannot_negative));
                None
            }
            Ok(f) => Some(f),
            Err(why) => {
                self.err(field, why);
                None
            }
        }
    }
    fn yes_no(s: &str) -> Option<bool> {
        match s {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        }
    }
}

/// The household's own fields as checked (attribute and main cause are `None` where not chosen).
pub(super) struct HouseholdFields {
    pub(super) group: Option<String>,
    pub(super) phone: Option<String>,
    pub(super) address: Option<String>,
    pub(super) attribute: Option<Attribute>,
    pub(super) main_cause: Option<Cause>,
}

/// The household's own fields (户): village, group, phone, address, attribute and main cause.
pub(super) fn household_fields(c: &mut Check, draft: &HouseholdDraft) -> HouseholdFields {
    if draft.village_id.trim().is_empty() {
        c.err("village_id".into(), msg!(edit_choose_village));
    }
    let group = c.text("group", &draft.group, 50);
    let phone = c.text("phone", &draft.phone, 50);
    let address = c.text("address", &draft.address, 2000);
    let attribute = Attribute::from_code(&draft.attribute);
    if attribute.is_none() {
        c.err("attribute".into(), msg!(edit_choose_households_attribute));
    }
    let main_cause = Cause::from_code(&draft.main_cause);
    if main_cause.is_none() {
        c.err("main_cause".into(), msg!(edit_choose_main_cause));
    }
    HouseholdFields {
        group,
        phone,
        address,
        attribute,
        main_cause,
    }
}

/// The members (家庭成员), each checked, then together: at least one member, exactly one current
/// head (户主), at most one current spouse.
pub(super) fn members(c: &mut Check, drafts: &[MemberDraft], today: Date) -> Vec<Member> {
    if drafts.is_empty() {
        c.err(
            "members".into(),
            msg!(edit_household_needs_least_one_member),
        );
    }
    let mut members = Vec::new();
    for (k, m) in drafts.iter().enumerate() {
        if let Some(member) = member(c, k, m, today) {
            members.push(member);
        }
    }
    let current: Vec<&Member> = members.iter().filter(|m| m.counted_at(today)).collect();
    let heads = current
        .iter()
        .filter(|m| m.relation == Relation::Head)
        .count();
    if heads != 1 && !drafts.is_empty() {
        c.err(
            "members".into(),
            msg!(edit_exactly_one_current_member_must, heads = heads),
        );
    }
    if current
        .iter()
        .filter(|m| m.relation == Relation::Spouse)
        .count()
        > 1
    {
        c.err("members".into(), msg!(edit_most_one_spouse));
    }
    members
}

/// Member `k` of the form over the member as it was (facts the form does not show are kept);
/// `None` where sex or relation is not chosen, which no member is without.
fn member(c: &mut Check, k: usize, m: &MemberDraft, today: Date) -> Option<Member> {
    let f = |name: &str| format!("members.{k}.{name}");
    let name = m.name.trim();
    if name.is_empty() {
        c.err(f("name"), msg!(edit_enter_name));
    } else if name.chars().count() > 100 {
        c.err(f("name"), msg!(edit_name_has_most_100_characters));
    }
    let birth = c.date(f("birth_date"), &m.birth_date);
    let joined = c.date(f("joined_date"), &m.joined_date);
    let left = c.date(f("left_date"), &m.left_date);
    if let (Some(j), Some(l)) = (joined, left) {
        if l < j {
            c.err(
                f("left_date"),
                msg!(edit_leaving_date_cannot_before_joining),
            );
        }
    }
    if birth.is_some_and(|b| b > today) {
        c.err(f("birth_date"), msg!(edit_birth_date_cannot_future));
    }
    let id_number = member_id_number(c, k, &m.id_number, birth);
    let (Some(sex), Some(relation)) = (Sex::from_code(&m.sex), Relation::from_code(&m.relation))
    else {
        c.err(f("relation"), msg!(edit_choose_sex_relation_head));
        return None;
    };
    let mut member = m
        .rest
        .clone()
        .unwrap_or_else(|| Member::new(&m.id, name, sex, relation));
    member.id = m.id.clone();
    member.name = name.to_string();
    member.sex = sex;
    member.relation = relation;
    member.id_number = id_number;
    member.birth_date = birth.or_else(|| {
        member
            .id_number
            .as_deref()
            .and_then(|i| id_number::check(i).ok())
    });
    member.joined_date = joined;
    member.left_date = left;
    member.left_reason = LeftReason::from_code(&m.left_reason).filter(|_| left.is_some());
    member.health = Health::from_code(&m.health);
    member.labor = Labor::from_code(&m.labor);
    member.schooling = Schooling::from_code(&m.schooling);
    member.education = Education::from_code(&m.education);
    member.work = Work::from_code(&m.work);
    member.medical_insurance = Check::yes_no(&m.medical_insurance);
    member.skill_trained = Check::yes_no(&m.skill_trained);
    Some(member)
}

/// A member's ID number (身份证号码) in upper case, checked: its shape, its check character, the
/// birth date inside it, and that date against the one typed.
fn member_id_number(c: &mut Check, k: usize, typed: &str, birth: Option<Date>) -> Option<String> {
    let f = |name: &str| format!("members.{k}.{name}");
    let id = typed.trim().to_ascii_uppercase();
    if id.is_empty() {
        return None;
    }
    match id_number::check(&id) {
        Err(IdNumberProblem::Shape) => {
            c.err(f("id_number"), msg!(edit_id_number_has_18_characters))
        }
        Err(IdNumberProblem::CheckCharacter(ch)) => c.err(
            f("id_number"),
            msg!(edit_last_character_should_ch_check, ch = ch),
        ),
        Err(IdNumberProblem::BirthDate) => {
            c.err(f("id_number"), msg!(edit_birth_date_inside_id_number))
        }
        Ok(inside) => {
            if birth.is_some_and(|b| b != inside) {
                c.err(
                    f("birth_date"),
                    msg!(edit_birth_date_differs_from_id, inside = inside),
                );
            }
        }
    }
    Some(id)
}

/// The incomes (家庭收入), one per year between 1980 and 2100, in year order; amounts are never
/// negative.
pub(super) fn incomes(c: &mut Check, drafts: &[IncomeDraft]) -> Vec<Income> {
    let mut incomes: Vec<Income> = Vec::new();
    for (k, i) in drafts.iter().enumerate() {
        let f = |name: &str| format!("incomes.{k}.{name}");
        let year = match i.year.trim().parse::<i32>() {
            Ok(y) if (1980..=2100).contains(&y) => Some(y),
            _ => {
                c.err(f("year"), msg!(edit_year_must_between_1980_2100));
                None
            }
        };
        let income = Income {
            year: year.unwrap_or(0),
            wage: c.money(f("wage"), &i.wage),
            business: c.money(f("business"), &i.business),
            property: c.money(f("property"), &i.property),
            transfer: c.money(f("transfer"), &i.transfer),
            business_costs: c.money(f("business_costs"), &i.business_costs),
        };
        if let Some(y) = year {
            if incomes.iter().any(|x| x.year == y) {
                c.err(f("year"), msg!(edit_there_already_income_y, y = y));
            }
            incomes.push(income);
        }
    }
    incomes.sort_by_key(|i| i.year);
    incomes
}

/// The living conditions (两不愁三保障 and the rest), as chosen; unchosen is unknown.
pub(super) fn conditions(draft: &HouseholdDraft) -> Conditions {
    Conditions {
        food_clothing_secure: Check::yes_no(&draft.food_clothing_secure),
        housing: Housing::from_code(&draft.housing),
        drinking_water: DrinkingWater::from_code(&draft.drinking_water),
        electricity: Check::yes_no(&draft.electricity),
        shed: Check::yes_no(&draft.shed),
        cooperative_member: Check::yes_no(&draft.cooperative_member),
        relocated: Check::yes_no(&draft.relocated),
    }
}

/// Other causes: each once, never the main cause again, in the order of the code list (so
/// ticking boxes in another order is no change).
pub(super) fn other_causes(codes: &[String], main_cause: Cause) -> Vec<Cause> {
    let mut other_causes: Vec<Cause> = codes
        .iter()
        .filter_map(|c| Cause::from_code(c))
        .filter(|&c| c != main_cause)
        .collect();
    other_causes.sort();
    other_causes.dedup();
    other_causes
}
