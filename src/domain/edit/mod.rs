//! Editing a household: the form's text as typed (a draft), its validation with a reason per
//! field in plain words, and the edit applied to the registry with the version vector advanced.
//! Pure: the form keeps the draft, so nothing typed is lost when validation or saving fails.
//!
//! Here: the drafts, the household saved from a draft, and what changed in words. `validate`
//! checks a draft part by part; `status` records the changes that have forms of their own
//! (status, monitoring, identification steps).

mod status;
mod validate;

pub use status::{
    change_status, end_monitoring, record_identification_step, start_monitoring, StatusChange,
};

use super::calc;
use super::codes::*;
use super::date::Date;
use super::model::*;
use super::money::Fen;
use crate::text::{Locale, Msg};
use crate::{msg, tr};
use validate::{conditions, household_fields, incomes, members, other_causes, Check};

#[derive(Clone, PartialEq, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct MemberDraft {
    pub id: String,
    pub name: String,
    pub sex: String,
    pub relation: String,
    pub id_number: String,
    pub birth_date: String,
    pub joined_date: String,
    pub left_date: String,
    pub left_reason: String,
    pub health: String,
    pub labor: String,
    pub schooling: String,
    pub education: String,
    pub work: String,
    /// "yes", "no" or "" (unknown).
    pub medical_insurance: String,
    /// Holds a skills-training certificate (人学一门致富技能): "yes", "no" or "".
    pub skill_trained: String,
    /// Facts the form does not show, kept as they were (not part of a kept draft: taken again
    /// from the record when a draft is restored).
    #[serde(skip)]
    pub rest: Option<Member>,
}

#[derive(Clone, PartialEq, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct IncomeDraft {
    pub year: String,
    pub wage: String,
    pub business: String,
    pub property: String,
    pub transfer: String,
    pub business_costs: String,
}

#[derive(Clone, PartialEq, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct HouseholdDraft {
    pub village_id: String,
    pub group: String,
    pub phone: String,
    pub address: String,
    pub attribute: String,
    pub main_cause: String,
    /// Codes of the other causes (其他致贫原因), in the order they were ticked.
    pub other_causes: Vec<String>,
    pub food_clothing_secure: String,
    pub housing: String,
    pub drinking_water: String,
    pub electricity: String,
    pub shed: String,
    pub cooperative_member: String,
    pub relocated: String,
    pub members: Vec<MemberDraft>,
    pub incomes: Vec<IncomeDraft>,
}

/// A problem with one field of the form.
#[derive(Clone, PartialEq, Debug)]
pub struct FieldError {
    /// `members.1.id_number`, `incomes.0.wage`, `group`, ...
    pub field: String,
    pub msg: Msg,
}

fn opt_date(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn opt_fen(f: Option<Fen>) -> String {
    f.map(|f| {
        let s = f.to_string();
        s.strip_suffix(".00").map(str::to_string).unwrap_or(s)
    })
    .unwrap_or_default()
}

fn yes_no(b: Option<bool>) -> String {
    match b {
        Some(true) => "yes".into(),
        Some(false) => "no".into(),
        None => String::new(),
    }
}

impl HouseholdDraft {
    pub fn from_household(h: &Household) -> HouseholdDraft {
        let c = h.conditions.clone().unwrap_or_default();
        HouseholdDraft {
            village_id: h.village_id.clone(),
            group: h.group.clone().unwrap_or_default(),
            phone: h.phone.clone().unwrap_or_default(),
            address: h.address.clone().unwrap_or_default(),
            attribute: h.attribute.code().into(),
            main_cause: h.main_cause.code().into(),
            other_causes: h
                .other_causes
                .iter()
                .map(|c| c.code().to_string())
                .collect(),
            food_clothing_secure: yes_no(c.food_clothing_secure),
            electricity: yes_no(c.electricity),
            cooperative_member: yes_no(c.cooperative_member),
            relocated: yes_no(c.relocated),
            housing: c.housing.map(|x| x.code().to_string()).unwrap_or_default(),
            drinking_water: c
                .drinking_water
                .map(|x| x.code().to_string())
                .unwrap_or_default(),
            shed: yes_no(c.shed),
            members: h
                .members
                .iter()
                .map(|m| MemberDraft {
                    id: m.id.clone(),
                    name: m.name.clone(),
                    sex: m.sex.code().into(),
                    relation: m.relation.code().into(),
                    id_number: m.id_number.clone().unwrap_or_default(),
                    birth_date: opt_date(m.birth_date),
                    joined_date: opt_date(m.joined_date),
                    left_date: opt_date(m.left_date),
                    left_reason: m
                        .left_reason
                        .map(|x| x.code().to_string())
                        .unwrap_or_default(),
                    health: m.health.map(|x| x.code().to_string()).unwrap_or_default(),
                    labor: m.labor.map(|x| x.code().to_string()).unwrap_or_default(),
                    schooling: m
                        .schooling
                        .map(|x| x.code().to_string())
                        .unwrap_or_default(),
                    education: m
                        .education
                        .map(|x| x.code().to_string())
                        .unwrap_or_default(),
                    work: m.work.map(|x| x.code().to_string()).unwrap_or_default(),
                    medical_insurance: yes_no(m.medical_insurance),
                    skill_trained: yes_no(m.skill_trained),
                    rest: Some(m.clone()),
                })
                .collect(),
            incomes: h
                .incomes
                .iter()
                .map(|i| IncomeDraft {
                    year: i.year.to_string(),
                    wage: opt_fen(i.wage),
                    business: opt_fen(i.business),
                    property: opt_fen(i.property),
                    transfer: opt_fen(i.transfer),
                    business_costs: opt_fen(i.business_costs),
                })
                .collect(),
        }
    }

    /// A new household's form: one head, general attribute, no facts yet.
    pub fn new_household(village_id: &str, member_id: String) -> HouseholdDraft {
        HouseholdDraft {
            village_id: village_id.into(),
            attribute: Attribute::General.code().into(),
            main_cause: Cause::LackCapital.code().into(),
            members: vec![MemberDraft {
                id: member_id,
                sex: Sex::Male.code().into(),
                relation: Relation::Head.code().into(),
                ..Default::default()
            }],
            ..Default::default()
        }
    }
}

/// What saving a form writes when the stored household may have changed since the form was
/// opened (in another tab, by an import): the form's fields over the household *as stored now*, so
/// what the form does not show (status events, identification, monitoring) is never rolled back.
/// The flag says whether the stored household's own form fields changed meanwhile, which this
/// save would overwrite: the person is asked before that happens.
pub fn household_to_save(
    draft: &HouseholdDraft,
    opened: Option<&Household>,
    stored: Option<&Household>,
    today: Date,
) -> Result<(Household, bool), Vec<FieldError>> {
    let household = household_from_draft(draft, stored.or(opened), today)?;
    let overwrites = match (opened, stored) {
        (Some(o), Some(s)) => {
            o != s && HouseholdDraft::from_household(o) != HouseholdDraft::from_household(s)
        }
        _ => false,
    };
    Ok((household, overwrites))
}

/// Validates the draft and builds the household. Every problem is listed with its field; events,
/// identification steps and monitoring are carried over from `base` (they have forms of their own).
pub fn household_from_draft(
    draft: &HouseholdDraft,
    base: Option<&Household>,
    today: Date,
) -> Result<Household, Vec<FieldError>> {
    let mut c = Check::default();
    let fields = household_fields(&mut c, draft);
    let members = members(&mut c, &draft.members, today);
    let incomes = incomes(&mut c, &draft.incomes);
    let (Some(attribute), Some(main_cause)) = (fields.attribute, fields.main_cause) else {
        return Err(c.errors);
    };
    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    Ok(Household {
        village_id: draft.village_id.trim().to_string(),
        national_code: base.and_then(|b| b.national_code.clone()),
        group: fields.group,
        address: fields.address,
        phone: fields.phone,
        attribute,
        main_cause,
        other_causes: other_causes(&draft.other_causes, main_cause),
        // A new household enters the registry as a candidate, to be walked through identification.
        status_events: base.map(|b| b.status_events.clone()).unwrap_or_else(|| {
            vec![StatusEvent {
                date: today,
                status: Status::Candidate,
                reason: Some(tr!(Locale::Zh, record_reason_apply).into()),
            }]
        }),
        identification: base.map(|b| b.identification.clone()).unwrap_or_default(),
        incomes,
        conditions: Some(conditions(draft)),
        members,
        monitoring: base.map(|b| b.monitoring.clone()).unwrap_or_default(),
        exit_steps: base.map(|b| b.exit_steps.clone()).unwrap_or_default(),
    })
}

/// Net income and per-capita figure of an income line as typed, for showing beside the form.
pub fn income_preview(draft: &HouseholdDraft, k: usize, today: Date) -> Option<(Fen, Option<Fen>)> {
    let h = household_from_draft(draft, None, today).ok()?;
    let year: i32 = draft.incomes.get(k)?.year.trim().parse().ok()?;
    let income = h.income(year)?;
    Some((income.net(), calc::per_capita_net_income(&h, year)))
}

/// Puts `body` into the registry under `id` (new or replacing), advancing this replica's entry
/// of the version vector so the edit wins over the old copy everywhere it travels.
pub fn put_household(
    reg: &Registry,
    id: &str,
    body: Household,
    replica: &str,
    now: &str,
) -> Registry {
    let mut out = reg.clone();
    out.set(id, body, replica, now);
    out
}

/// What changed in a household, in words (for the change history, 修改记录).
pub fn describe_change(old: Option<&Household>, new: &Household) -> Vec<Msg> {
    let Some(old) = old else {
        return vec![msg!(edit_household_created)];
    };
    let mut out = Vec::new();
    let mut field = |changed: bool, what: Msg| {
        if changed {
            out.push(msg!(edit_changed_field, field = what));
        }
    };
    field(old.village_id != new.village_id, msg!(edit_village));
    field(old.group != new.group, msg!(edit_group));
    field(old.phone != new.phone, msg!(edit_phone));
    field(old.address != new.address, msg!(edit_address));
    field(old.attribute != new.attribute, msg!(edit_attribute));
    field(old.main_cause != new.main_cause, msg!(edit_main_cause));
    field(
        old.conditions != new.conditions,
        msg!(edit_living_conditions),
    );
    field(old.incomes != new.incomes, msg!(edit_incomes));
    for m in &new.members {
        match old.members.iter().find(|o| o.id == m.id) {
            None => out.push(msg!(edit_added_member, name = &m.name)),
            Some(o) if o.left_date.is_none() => match m.left_date {
                Some(left) => out.push(msg!(edit_member_left, name = &m.name, date = left)),
                None if o != m => out.push(msg!(edit_changed_member, name = &m.name)),
                None => {}
            },
            Some(o) if o != m => out.push(msg!(edit_changed_member, name = &m.name)),
            _ => {}
        }
    }
    for o in &old.members {
        if !new.members.iter().any(|m| m.id == o.id) {
            out.push(msg!(edit_removed_member, name = &o.name));
        }
    }
    for e in new.status_events.iter().skip(old.status_events.len()) {
        out.push(msg!(
            edit_status_event,
            date = e.date,
            status = e.status.label_key(),
            reason = e.reason.clone().unwrap_or_default()
        ));
    }
    for e in new.identification.iter().skip(old.identification.len()) {
        out.push(msg!(
            edit_identification_step,
            date = e.date,
            step = e.step.label_key(),
            result = e.result.label_key()
        ));
    }
    if out.is_empty() {
        out.push(msg!(edit_no_change_substance));
    }
    out
}
