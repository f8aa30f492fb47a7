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
    pub zh: String,
    pub en: String,
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

struct Check {
    errors: Vec<FieldError>,
}

impl Check {
    fn err(&mut self, field: String, zh: impl Into<String>, en: impl Into<String>) {
        self.errors.push(FieldError {
            field,
            zh: zh.into(),
            en: en.into(),
        });
    }
    fn date(&mut self, field: String, s: &str) -> Option<Date> {
        let s = s.trim();
        if s.is_empty() {
            return None;
        }
        let d = Date::parse(s);
        if d.is_none() {
            self.err(
                field,
                format!("“{s}”不是有效日期, 请按 2017-10-23 的格式填写"),
                format!("\"{s}\" is not a valid date; write it as 2017-10-23"),
            );
        }
        d
    }
    fn money(&mut self, field: String, s: &str) -> Option<Fen> {
        let s = s.trim().replace([',', '，'], "");
        if s.is_empty() {
            return None;
        }
        match s.parse::<f64>() {
            Ok(x) if x < 0.0 => {
                self.err(field, "金额不能为负数", "an amount cannot be negative");
                None
            }
            Ok(x) => {
                let f = Fen::from_yuan_f64(x).filter(|_| x <= 1e12);
                if f.is_none() {
                    self.err(
                        field,
                        "金额最多两位小数",
                        "an amount has at most two decimals",
                    );
                }
                f
            }
            Err(_) => {
                self.err(
                    field,
                    format!("“{s}”不是数字"),
                    format!("\"{s}\" is not a number"),
                );
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
    let mut c = Check { errors: Vec::new() };
    if draft.village_id.trim().is_empty() {
        c.err("village_id".into(), "请选择所在村", "choose the village");
    }
    let text = |c: &mut Check, field: &str, s: &str, max: usize| -> Option<String> {
        let t = s.trim();
        if t.chars().count() > max {
            c.err(
                field.into(),
                format!("最多 {max} 个字"),
                format!("at most {max} characters"),
            );
        }
        (!t.is_empty()).then(|| t.to_string())
    };
    let group = text(&mut c, "group", &draft.group, 50);
    let phone = text(&mut c, "phone", &draft.phone, 50);
    let address = text(&mut c, "address", &draft.address, 2000);
    let attribute = Attribute::from_code(&draft.attribute);
    if attribute.is_none() {
        c.err(
            "attribute".into(),
            "请选择贫困户属性",
            "choose the household's attribute",
        );
    }
    let main_cause = Cause::from_code(&draft.main_cause);
    if main_cause.is_none() {
        c.err(
            "main_cause".into(),
            "请选择主要致贫原因",
            "choose the main cause",
        );
    }
    if draft.members.is_empty() {
        c.err(
            "members".into(),
            "至少要有一名成员",
            "a household needs at least one member",
        );
    }
    let mut members = Vec::new();
    for (k, m) in draft.members.iter().enumerate() {
        let f = |name: &str| format!("members.{k}.{name}");
        let name = m.name.trim();
        if name.is_empty() {
            c.err(f("name"), "请填写姓名", "enter the name");
        } else if name.chars().count() > 100 {
            c.err(
                f("name"),
                "姓名最多 100 个字",
                "a name has at most 100 characters",
            );
        }
        let birth = c.date(f("birth_date"), &m.birth_date);
        let joined = c.date(f("joined_date"), &m.joined_date);
        let left = c.date(f("left_date"), &m.left_date);
        if let (Some(j), Some(l)) = (joined, left) {
            if l < j {
                c.err(
                    f("left_date"),
                    "离开日期不能早于加入日期",
                    "the leaving date cannot be before the joining date",
                );
            }
        }
        if birth.is_some_and(|b| b > today) {
            c.err(
                f("birth_date"),
                "出生日期不能晚于今天",
                "the birth date cannot be in the future",
            );
        }
        let id = m.id_number.trim().to_ascii_uppercase();
        let id_number = if id.is_empty() {
            None
        } else {
            match id_number::check(&id) {
                Err(IdNumberProblem::Shape) => c.err(
                    f("id_number"),
                    "身份证号应为 18 位 (末位可为 X) 或 15 位数字",
                    "an ID number has 18 characters (the last may be X) or 15 digits",
                ),
                Err(IdNumberProblem::CheckCharacter(ch)) => c.err(
                    f("id_number"),
                    format!("身份证号最后一位应为 {ch}, 请核对是否抄错"),
                    format!("the last character should be {ch}; check the number for a typo"),
                ),
                Err(IdNumberProblem::BirthDate) => c.err(
                    f("id_number"),
                    "身份证号中的出生日期不存在",
                    "the birth date inside the ID number does not exist",
                ),
                Ok(inside) => {
                    if birth.is_some_and(|b| b != inside) {
                        c.err(
                            f("birth_date"),
                            format!("出生日期与身份证号不符 (证号中为 {inside})"),
                            format!("the birth date differs from the ID number ({inside})"),
                        );
                    }
                }
            }
            Some(id)
        };
        let (Some(sex), Some(relation)) =
            (Sex::from_code(&m.sex), Relation::from_code(&m.relation))
        else {
            c.err(
                f("relation"),
                "请选择性别和与户主关系",
                "choose the sex and the relation to the head",
            );
            continue;
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
        members.push(member);
    }
    let current: Vec<&Member> = members.iter().filter(|m| m.counted_at(today)).collect();
    let heads = current
        .iter()
        .filter(|m| m.relation == Relation::Head)
        .count();
    if heads != 1 && !draft.members.is_empty() {
        c.err(
            "members".into(),
            format!("现有成员中应有且只有一位户主 (现在 {heads} 位)"),
            format!("exactly one current member must be the head (now {heads})"),
        );
    }
    if current
        .iter()
        .filter(|m| m.relation == Relation::Spouse)
        .count()
        > 1
    {
        c.err("members".into(), "配偶最多一位", "at most one spouse");
    }
    let mut incomes: Vec<Income> = Vec::new();
    for (k, i) in draft.incomes.iter().enumerate() {
        let f = |name: &str| format!("incomes.{k}.{name}");
        let year = match i.year.trim().parse::<i32>() {
            Ok(y) if (1980..=2100).contains(&y) => Some(y),
            _ => {
                c.err(
                    f("year"),
                    "年度应为 1980–2100 之间的年份",
                    "the year must be between 1980 and 2100",
                );
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
                c.err(
                    f("year"),
                    format!("{y} 年的收入已经填过"),
                    format!("there is already an income for {y}"),
                );
            }
            incomes.push(income);
        }
    }
    incomes.sort_by_key(|i| i.year);
    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    let conditions = Conditions {
        food_clothing_secure: Check::yes_no(&draft.food_clothing_secure),
        housing: Housing::from_code(&draft.housing),
        drinking_water: DrinkingWater::from_code(&draft.drinking_water),
        electricity: Check::yes_no(&draft.electricity),
        shed: Check::yes_no(&draft.shed),
        cooperative_member: Check::yes_no(&draft.cooperative_member),
        relocated: Check::yes_no(&draft.relocated),
    };
    // Other causes: each once, never the main cause again, in the order of the code list (so
    // ticking boxes in another order is no change).
    let mut other_causes: Vec<Cause> = draft
        .other_causes
        .iter()
        .filter_map(|c| Cause::from_code(c))
        .filter(|&c| Some(c) != main_cause)
        .collect();
    other_causes.sort();
    other_causes.dedup();
    Ok(Household {
        village_id: draft.village_id.trim().to_string(),
        national_code: base.and_then(|b| b.national_code.clone()),
        group,
        address,
        phone,
        attribute: attribute.expect("checked"),
        main_cause: main_cause.expect("checked"),
        other_causes,
        // A new household enters the registry as a candidate, to be walked through identification.
        status_events: base.map(|b| b.status_events.clone()).unwrap_or_else(|| {
            vec![StatusEvent {
                date: today,
                status: Status::Candidate,
                reason: Some("申请识别".into()),
            }]
        }),
        identification: base.map(|b| b.identification.clone()).unwrap_or_default(),
        incomes,
        conditions: Some(conditions),
        members,
        monitoring: base.map(|b| b.monitoring.clone()).unwrap_or_default(),
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
    Refused(String, String),
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
            return StatusChange::Refused(
                format!("日期不能早于上一次状态变动 ({})", last.date),
                format!(
                    "the date cannot be before the last status change ({})",
                    last.date
                ),
            );
        }
    }
    if calc::status_at(h, date) == Some(status) {
        return StatusChange::Refused(
            format!("该户在 {date} 已经是“{}”", status.zh()),
            format!("the household is already \"{}\" on {date}", status.en()),
        );
    }
    let mut reason = reason.trim().to_string();
    if status == Status::Exited {
        let check = calc::exit_check(h, date.year(), rules);
        if !check.passes() {
            match override_reason.map(str::trim).filter(|r| !r.is_empty()) {
                None => return StatusChange::NeedsOverride(check),
                Some(why) => {
                    let failed: Vec<&str> = check
                        .failed()
                        .chain(check.unknown())
                        .map(|c| c.zh())
                        .collect();
                    reason = format!(
                        "{reason} [未全部达标 ({}) 仍予脱贫, 理由: {why}]",
                        failed.join("、")
                    )
                    .trim()
                    .to_string();
                }
            }
        }
    }
    if reason.is_empty() {
        return StatusChange::Refused(
            "请填写变动原因".into(),
            "enter the reason for the change".into(),
        );
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
pub fn describe_change(old: Option<&Household>, new: &Household) -> Vec<(String, String)> {
    let Some(old) = old else {
        return vec![("新增农户".into(), "household created".into())];
    };
    let mut out = Vec::new();
    let mut field = |changed: bool, zh: &str, en: &str| {
        if changed {
            out.push((format!("修改{zh}"), format!("changed {en}")));
        }
    };
    field(old.village_id != new.village_id, "所在村", "village");
    field(old.group != new.group, "社/组", "group");
    field(old.phone != new.phone, "电话", "phone");
    field(old.address != new.address, "地址", "address");
    field(old.attribute != new.attribute, "属性", "attribute");
    field(
        old.main_cause != new.main_cause,
        "主要致贫原因",
        "main cause",
    );
    field(
        old.conditions != new.conditions,
        "两不愁三保障情况",
        "living conditions",
    );
    field(old.incomes != new.incomes, "收入", "incomes");
    for m in &new.members {
        match old.members.iter().find(|o| o.id == m.id) {
            None => out.push((
                format!("新增成员 {}", m.name),
                format!("added member {}", m.name),
            )),
            Some(o) if o.left_date.is_none() && m.left_date.is_some() => out.push((
                format!("成员 {} 离开 ({})", m.name, m.left_date.unwrap()),
                format!("member {} left ({})", m.name, m.left_date.unwrap()),
            )),
            Some(o) if o != m => out.push((
                format!("修改成员 {}", m.name),
                format!("changed member {}", m.name),
            )),
            _ => {}
        }
    }
    for o in &old.members {
        if !new.members.iter().any(|m| m.id == o.id) {
            out.push((
                format!("删除成员 {}", o.name),
                format!("removed member {}", o.name),
            ));
        }
    }
    for e in new.status_events.iter().skip(old.status_events.len()) {
        out.push((
            format!(
                "{} {}: {}",
                e.date,
                e.status.zh(),
                e.reason.clone().unwrap_or_default()
            ),
            format!(
                "{} {}: {}",
                e.date,
                e.status.en(),
                e.reason.clone().unwrap_or_default()
            ),
        ));
    }
    for e in new.identification.iter().skip(old.identification.len()) {
        out.push((
            format!("{} {} {}", e.date, e.step.zh(), e.result.zh()),
            format!("{} {} {}", e.date, e.step.en(), e.result.en()),
        ));
    }
    if out.is_empty() {
        out.push(("无实质修改".into(), "no change of substance".into()));
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
) -> Result<Household, (String, String)> {
    if let Some(open) = h.monitoring.iter().find(|m| m.end_date.is_none()) {
        return Err((
            format!(
                "已在监测中 ({}, 自 {}): 请先结束该监测",
                open.category.zh(),
                open.start_date
            ),
            format!(
                "already monitored ({}, since {}): end that period first",
                open.category.en(),
                open.start_date
            ),
        ));
    }
    let note = note.trim();
    if note.chars().count() > 2000 {
        return Err((
            "备注最多 2000 字".into(),
            "a note has at most 2,000 characters".into(),
        ));
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
pub fn end_monitoring(h: &Household, end: Date) -> Result<Household, (String, String)> {
    let mut out = h.clone();
    let Some(open) = out.monitoring.iter_mut().find(|m| m.end_date.is_none()) else {
        return Err((
            "没有进行中的监测".into(),
            "no monitoring period is open".into(),
        ));
    };
    if end < open.start_date {
        return Err((
            format!("结束日期不能早于开始日期 ({})", open.start_date),
            format!("the end cannot be before the start ({})", open.start_date),
        ));
    }
    open.end_date = Some(end);
    Ok(out)
}
