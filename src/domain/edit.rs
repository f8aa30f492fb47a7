//! Editing a household: the form's text as typed (a draft), its validation with a reason per
//! field in plain words, and the edit applied to the registry with the version vector advanced.
//! Pure: the form keeps the draft, so nothing typed is lost when validation or saving fails.

use super::calc::{self, ExitCheck};
use super::codes::*;
use super::date::Date;
use super::id_number::{self, IdNumberProblem};
use super::model::*;
use super::money::Fen;
use super::rules::Rules;
use crate::text::{Locale, Msg};
use crate::{msg, tr};

#[derive(Clone, PartialEq, Debug, Default)]
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
    /// Facts the form does not show, kept as they were.
    pub rest: Option<Member>,
}

#[derive(Clone, PartialEq, Debug, Default)]
pub struct IncomeDraft {
    pub year: String,
    pub wage: String,
    pub business: String,
    pub property: String,
    pub transfer: String,
    pub business_costs: String,
}

#[derive(Clone, PartialEq, Debug, Default)]
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

#[derive(Default)]
struct Check {
    errors: Vec<FieldError>,
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
    })
}

/// The household's own fields as checked (attribute and main cause are `None` where not chosen).
struct HouseholdFields {
    group: Option<String>,
    phone: Option<String>,
    address: Option<String>,
    attribute: Option<Attribute>,
    main_cause: Option<Cause>,
}

/// The household's own fields (户): village, group, phone, address, attribute and main cause.
fn household_fields(c: &mut Check, draft: &HouseholdDraft) -> HouseholdFields {
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
fn members(c: &mut Check, drafts: &[MemberDraft], today: Date) -> Vec<Member> {
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
fn incomes(c: &mut Check, drafts: &[IncomeDraft]) -> Vec<Income> {
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
fn conditions(draft: &HouseholdDraft) -> Conditions {
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
fn other_causes(codes: &[String], main_cause: Cause) -> Vec<Cause> {
    let mut other_causes: Vec<Cause> = codes
        .iter()
        .filter_map(|c| Cause::from_code(c))
        .filter(|&c| c != main_cause)
        .collect();
    other_causes.sort();
    other_causes.dedup();
    other_causes
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
    match out.households.iter_mut().find(|h| h.id == id) {
        Some(r) => {
            *r.rev.entry(replica.to_string()).or_insert(0) += 1;
            r.updated_at = now.to_string();
            r.body = Some(body);
        }
        None => out.households.push(Record {
            id: id.to_string(),
            rev: [(replica.to_string(), 1)].into_iter().collect(),
            updated_at: now.to_string(),
            body: Some(body),
        }),
    }
    out
}

/// A status change (识别、脱贫、返贫、清退) with its reason. An exit shows the household exit check
/// for the year of the date first; a failing check needs an explicit override with a reason.
#[derive(Clone, PartialEq, Debug)]
pub enum StatusChange {
    Recorded(Box<Household>),
    /// The exit check fails or has unknowns: the caller must show it and ask for an override.
    NeedsOverride(ExitCheck),
    Refused(Msg),
}

pub fn change_status(
    h: &Household,
    date: Date,
    status: Status,
    reason: &str,
    override_reason: Option<&str>,
    rules: &Rules,
) -> StatusChange {
    if let Some(last) = h.status_events.last() {
        if date < last.date {
            return StatusChange::Refused(msg!(edit_date_before_last_change, last = last.date));
        }
    }
    if calc::status_at(h, date) == Some(status) {
        return StatusChange::Refused(msg!(
            edit_already_in_status,
            date = date,
            status = status.label_key()
        ));
    }
    let mut reason = reason.trim().to_string();
    if status == Status::Exited {
        let check = calc::exit_check(h, date.year(), rules);
        if !check.passes() {
            match override_reason.map(str::trim).filter(|r| !r.is_empty()) {
                None => return StatusChange::NeedsOverride(check),
                Some(why) => {
                    // The record keeps its reasons in Chinese, the language of the ledger.
                    let failed: Vec<&str> = check
                        .failed()
                        .chain(check.unknown())
                        .map(|c| c.label(Locale::Zh))
                        .collect();
                    reason = tr!(
                        Locale::Zh,
                        edit_exit_override_reason,
                        reason = reason,
                        failed = failed.join("、"),
                        why = why
                    )
                    .trim()
                    .to_string();
                }
            }
        }
    }
    if reason.is_empty() {
        return StatusChange::Refused(msg!(edit_enter_reason_change));
    }
    let mut out = h.clone();
    out.status_events.push(StatusEvent {
        date,
        status,
        reason: Some(reason),
    });
    StatusChange::Recorded(Box::new(out))
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

/// Puts a household under relapse monitoring (纳入防返贫监测) from `start`, in a category.
/// Refused while another period is open (end it first) or with a note over 2,000 characters.
pub fn start_monitoring(
    h: &Household,
    category: MonitoringCategory,
    start: Date,
    note: &str,
) -> Result<Household, Msg> {
    if let Some(open) = h.monitoring.iter().find(|m| m.end_date.is_none()) {
        return Err(msg!(
            edit_already_monitored,
            category = open.category.label_key(),
            since = open.start_date
        ));
    }
    let note = note.trim();
    if note.chars().count() > 2000 {
        return Err(msg!(edit_note_has_most_2_000));
    }
    let mut out = h.clone();
    out.monitoring.push(Monitoring {
        category,
        start_date: start,
        end_date: None,
        note: (!note.is_empty()).then(|| note.to_string()),
    });
    Ok(out)
}

/// Ends the open monitoring period on `end` (风险消除), not before it began.
pub fn end_monitoring(h: &Household, end: Date) -> Result<Household, Msg> {
    let mut out = h.clone();
    let Some(open) = out.monitoring.iter_mut().find(|m| m.end_date.is_none()) else {
        return Err(msg!(edit_no_monitoring_period_open));
    };
    if end < open.start_date {
        return Err(msg!(edit_end_before_start, start = open.start_date));
    }
    open.end_date = Some(end);
    Ok(out)
}

/// 一核二看三比四评议五公示: the household with its next identification step recorded on `date`
/// with its result and note. Approval that passes registers the household as poor (建档立卡) that
/// day. Refused when every step is done or the date is before the previous step.
pub fn record_identification_step(
    h: &Household,
    date: Date,
    result: StepResult,
    note: &str,
) -> Result<Household, Msg> {
    let stage = super::analysis::identification_stage(h);
    let step = *IdentificationStep::ALL
        .get(stage)
        .ok_or_else(|| msg!(edit_identification_complete))?;
    if h.identification.last().is_some_and(|e| e.date > date) {
        return Err(msg!(edit_step_before_previous));
    }
    let note = note.trim();
    if note.chars().count() > 2000 {
        return Err(msg!(edit_note_has_most_2_000));
    }
    let mut out = h.clone();
    out.identification.push(IdentificationEntry {
        step,
        date,
        result,
        note: (!note.is_empty()).then(|| note.to_string()),
    });
    if step == IdentificationStep::Approve
        && result == StepResult::Pass
        && out.status_events.last().is_none_or(|e| e.date <= date)
    {
        out.status_events.push(StatusEvent {
            date,
            status: Status::Poor,
            reason: Some(tr!(Locale::Zh, record_reason_approved).into()),
        });
    }
    Ok(out)
}
