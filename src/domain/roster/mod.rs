//! The household roster (花名册) as a table: one row per member with the household's fields, headers
//! in Chinese, as county offices keep it in Excel. One list of columns serves both directions: the
//! export writes them, the import maps a sheet's columns onto them (a mapping people can correct
//! and that is remembered), reads every row, and turns the sheet into household records that then
//! go through the same validation and merge as a JSON file (see `exchange::roster`).
//!
//! Here: the columns and the export. `import` reads a sheet back into records; `region_finder`
//! finds (or creates) the villages a sheet names.

mod import;
mod region_finder;

pub use import::{
    column_label, guess_mapping, mapping_to_remember, parse_bool, parse_events, read,
    ImportContext, Mapping, Origin, RosterImport, RowProblem, Sheet,
};

use std::collections::BTreeSet;

use super::calc;
use super::codes::*;
use super::date::Date;
pub use super::id_number::IdNumbers;
use super::index::{Index, Scope};
use super::model::*;
use super::money::Fen;
use crate::text::Locale;

code_enum!(
    /// The five parts of a year's income (家庭收入), each a column per year.
    IncomePart {
        Wage = "wage", income_part_wage;
        Business = "business", income_part_business;
        Property = "property", income_part_property;
        Transfer = "transfer", income_part_transfer;
        BusinessCosts = "business_costs", income_part_business_costs;
    }
);

impl IncomePart {
    fn get(self, i: &Income) -> Option<Fen> {
        match self {
            IncomePart::Wage => i.wage,
            IncomePart::Business => i.business,
            IncomePart::Property => i.property,
            IncomePart::Transfer => i.transfer,
            IncomePart::BusinessCosts => i.business_costs,
        }
    }
    fn set(self, i: &mut Income, v: Option<Fen>) {
        match self {
            IncomePart::Wage => i.wage = v,
            IncomePart::Business => i.business = v,
            IncomePart::Property => i.property = v,
            IncomePart::Transfer => i.transfer = v,
            IncomePart::BusinessCosts => i.business_costs = v,
        }
    }
}

macro_rules! columns {
    ($($variant:ident = $key:literal, $label:ident, [$($alias:literal),*];)+) => {
        /// A column of the roster. Household columns repeat on every member row (incomes only on
        /// the household's first row, so that a column sum in Excel is the true total).
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub enum Column {
            $($variant,)+
            Income(i32, IncomePart),
        }

        impl Column {
            /// Every column but the incomes, in the order the export writes them.
            pub const FIXED: &'static [Column] = &[$(Column::$variant,)+];

            pub fn key(self) -> String {
                match self {
                    $(Column::$variant => $key.to_string(),)+
                    Column::Income(y, p) => format!("income.{y}.{}", p.code()),
                }
            }
            /// The column's header in language `l` (exports write Chinese, as the national system does).
            pub fn label(self, l: Locale) -> String {
                match self {
                    $(Column::$variant => $crate::text::K::$label.get(l).to_string(),)+
                    Column::Income(y, p) => $crate::tr!(l, column_income, year = y, part = p.label_key()),
                }
            }
            fn aliases(self) -> &'static [&'static str] {
                match self {
                    $(Column::$variant => &[$($alias),*],)+
                    Column::Income(..) => &[],
                }
            }
        }
    };
}

columns! {
    HouseholdId = "household_id", column_household_id, ["户号", "户id"];
    County = "county", column_county, ["县区", "县(区)", "县(市、区)"];
    Township = "township", column_township, ["乡", "镇", "乡(镇)"];
    Village = "village", column_village, ["行政村", "村名"];
    Group = "group", column_group, ["组", "社/组", "村民小组"];
    Address = "address", column_address, ["家庭住址", "地址"];
    Phone = "phone", column_phone, ["电话", "手机", "手机号", "手机号码"];
    Attribute = "attribute", column_attribute, ["贫困户属性"];
    MainCause = "main_cause", column_main_cause, ["致贫原因"];
    OtherCauses = "other_causes", column_other_causes, [];
    Status = "status", column_status, ["贫困户状态", "脱贫状态"];
    StatusDate = "status_date", column_status_date, ["识别日期"];
    StatusEvents = "status_events", column_status_events, [];
    FoodClothing = "food_clothing_secure", column_food_clothing_secure, ["两不愁"];
    Housing = "housing", column_housing, ["住房安全"];
    Water = "drinking_water", column_drinking_water, ["饮水安全"];
    Electricity = "electricity", column_electricity, ["通电"];
    Shed = "shed", column_shed, ["棚圈"];
    Cooperative = "cooperative_member", column_cooperative_member, ["加入合作社"];
    Relocated = "relocated", column_relocated, ["易地扶贫搬迁"];
    MemberId = "member_id", column_member_id, [];
    Name = "name", column_name, ["成员姓名"];
    IdNumber = "id_number", column_id_number, ["身份证号码", "证件号码", "公民身份号码"];
    Sex = "sex", column_sex, [];
    BirthDate = "birth_date", column_birth_date, ["出生年月日"];
    Relation = "relation", column_relation, ["关系"];
    Health = "health", column_health, [];
    DisabilityGrade = "disability_grade", column_disability_grade, [];
    Education = "education", column_education, [];
    Schooling = "schooling", column_schooling, [];
    Labor = "labor", column_labor, [];
    Work = "work", column_work, ["务工状况"];
    MedicalInsurance = "medical_insurance", column_medical_insurance, ["参加医保", "参加新农合"];
    PensionInsurance = "pension_insurance", column_pension_insurance, ["参加养老保险"];
    SkillTrained = "skill_trained", column_skill_trained, ["技能证书"];
    JoinedDate = "joined_date", column_joined_date, [];
    LeftDate = "left_date", column_left_date, [];
    LeftReason = "left_reason", column_left_reason, [];
}

impl Column {
    /// Household columns (the same on every row of a household); the rest describe the member.
    pub fn is_household(self) -> bool {
        !matches!(
            self,
            Column::MemberId
                | Column::Name
                | Column::IdNumber
                | Column::Sex
                | Column::BirthDate
                | Column::Relation
                | Column::Health
                | Column::DisabilityGrade
                | Column::Education
                | Column::Schooling
                | Column::Labor
                | Column::Work
                | Column::MedicalInsurance
                | Column::PensionInsurance
                | Column::SkillTrained
                | Column::JoinedDate
                | Column::LeftDate
                | Column::LeftReason
        )
    }

    /// Cells written as numbers in a workbook.
    pub fn is_number(self) -> bool {
        matches!(self, Column::Income(..) | Column::DisabilityGrade)
    }

    pub fn from_key(key: &str) -> Option<Column> {
        if let Some(rest) = key.strip_prefix("income.") {
            let (y, p) = rest.split_once('.')?;
            let part = IncomePart::ALL.iter().copied().find(|x| x.code() == p)?;
            return Some(Column::Income(y.parse().ok()?, part));
        }
        Column::FIXED.iter().copied().find(|c| c.key() == key)
    }

    /// Recognises a sheet's header: our own Chinese or English header, a common alias, or an
    /// income column such as `2017年工资性收入` (also `2017工资性收入`, `2017 wage income`).
    pub fn from_header(header: &str) -> Option<Column> {
        let h = normalize_label(header).trim_end_matches('*').to_string();
        if h.is_empty() {
            return None;
        }
        if let Some(c) = Column::FIXED.iter().copied().find(|c| {
            Locale::ALL.iter().any(|&l| {
                let label = c.label(l);
                normalize_label(&label) == h
                    || label.eq_ignore_ascii_case(&h.replace(' ', ""))
                    || normalize_label(&label).eq_ignore_ascii_case(&h)
            }) || c.key() == h
                || c.aliases().iter().any(|a| normalize_label(a) == h)
        }) {
            return Some(c);
        }
        let digits: String = h.chars().take_while(char::is_ascii_digit).collect();
        let year: i32 = digits.parse().ok().filter(|y| (1980..=2100).contains(y))?;
        let rest = h[digits.len()..].trim_start_matches('年');
        IncomePart::ALL
            .iter()
            .copied()
            .find(|p| {
                Locale::ALL.iter().any(|&l| {
                    rest == p.label(l) || rest.eq_ignore_ascii_case(&p.label(l).replace(' ', ""))
                })
            })
            .map(|p| Column::Income(year, p))
    }
}

fn yes_no(b: Option<bool>) -> String {
    match b {
        Some(true) => "是".into(),
        Some(false) => "否".into(),
        None => String::new(),
    }
}

fn opt<T>(v: Option<T>, f: impl FnOnce(T) -> String) -> String {
    v.map(f).unwrap_or_default()
}

/// The short Chinese name of a status as the roster writes it (`贫困`, `已脱贫`, ...).
fn status_word(s: Status) -> &'static str {
    s.label(Locale::Zh)
        .split('(')
        .next()
        .unwrap_or(s.label(Locale::Zh))
}

/// Every status event as one cell: `2014-10-01 贫困；2016-12-20 已脱贫：收入稳定`. A reason's own
/// semicolons become commas, the only change a roster round trip makes.
pub fn events_text(events: &[StatusEvent]) -> String {
    events
        .iter()
        .map(|e| {
            let mut s = format!("{} {}", e.date, status_word(e.status));
            if let Some(r) = &e.reason {
                s.push('：');
                s.push_str(&r.replace([';', '；', '\n'], "，"));
            }
            s
        })
        .collect::<Vec<_>>()
        .join("；")
}

/// The roster of a scope: its columns (with one set of income columns per year any household of
/// the scope reports) and one row per member (members who left are kept, with the date).
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// The roster as a sheet: Chinese headers (as the national system writes them), the
    /// number columns as numbers.
    pub fn to_table(&self) -> super::table::Table {
        use super::table::Cell;
        super::table::Table {
            sheet: "花名册".to_string(),
            header: self.header_zh(),
            rows: self
                .rows
                .iter()
                .map(|r| {
                    r.iter()
                        .zip(&self.columns)
                        .map(|(cell, c)| match cell.parse::<f64>() {
                            Ok(x) if c.is_number() => Cell::Number(x),
                            _ => Cell::Text(cell.clone()),
                        })
                        .collect()
                })
                .collect(),
        }
    }

    /// The header as the national system writes it, in Chinese.
    pub fn header_zh(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.label(Locale::Zh)).collect()
    }
}

/// The roster of every household of a scope as of D: one row per member (花名册), ID numbers
/// as `ids` says.
pub fn table(ix: &Index, scope: Scope, d: Date, ids: IdNumbers) -> Table {
    let households: Vec<usize> = ix.households_in(scope).map(|(i, _)| i).collect();
    table_of(ix, &households, d, ids)
}

/// The roster of the given households (positions in the registry, in the order given, each
/// counted in a live village), as of D: what a filtered list shows, exported as it is listed.
pub fn table_of(ix: &Index, households: &[usize], d: Date, ids: IdNumbers) -> Table {
    let listed = || {
        households.iter().filter_map(|&i| {
            let h = ix.reg.households.get(i)?.live()?;
            ix.household_village.get(i).copied().flatten()?;
            Some((i, h))
        })
    };
    let years: BTreeSet<i32> = listed()
        .flat_map(|(_, h)| h.incomes.iter().map(|i| i.year))
        .collect();
    let mut columns: Vec<Column> = Column::FIXED.to_vec();
    for y in &years {
        columns.extend(IncomePart::ALL.iter().map(|&p| Column::Income(*y, p)));
    }
    let mut rows = Vec::new();
    for (i, h) in listed() {
        let v = ix.household_village[i].expect("counted");
        let mut path: Vec<String> = Vec::new();
        let mut r = Some(v);
        while let Some(x) = r {
            path.insert(0, ix.region(x).map(|b| b.name.clone()).unwrap_or_default());
            r = ix.parent[x];
        }
        let status = calc::status_at(h, d);
        let status_date = h
            .status_events
            .iter()
            .rev()
            .find(|e| e.date <= d)
            .map(|e| e.date);
        for (k, m) in h.members.iter().enumerate() {
            let c = h.conditions.clone().unwrap_or_default();
            let cell = |col: Column| -> String {
                match col {
                    Column::HouseholdId => ix.reg.households[i].id.clone(),
                    Column::County => path.first().cloned().unwrap_or_default(),
                    Column::Township => path.get(1).cloned().unwrap_or_default(),
                    Column::Village => path.get(2).cloned().unwrap_or_default(),
                    Column::Group => h.group.clone().unwrap_or_default(),
                    Column::Address => h.address.clone().unwrap_or_default(),
                    Column::Phone => h.phone.clone().unwrap_or_default(),
                    Column::Attribute => h.attribute.label(Locale::Zh).into(),
                    Column::MainCause => h.main_cause.label(Locale::Zh).into(),
                    Column::OtherCauses => h
                        .other_causes
                        .iter()
                        .map(|c| c.label(Locale::Zh))
                        .collect::<Vec<_>>()
                        .join("、"),
                    Column::Status => opt(status, |s| status_word(s).into()),
                    Column::StatusDate => opt(status_date, |x| x.to_string()),
                    Column::StatusEvents => events_text(&h.status_events),
                    Column::FoodClothing => yes_no(c.food_clothing_secure),
                    Column::Housing => opt(c.housing, |x| x.label(Locale::Zh).into()),
                    Column::Water => opt(c.drinking_water, |x| x.label(Locale::Zh).into()),
                    Column::Electricity => yes_no(c.electricity),
                    Column::Shed => yes_no(c.shed),
                    Column::Cooperative => yes_no(c.cooperative_member),
                    Column::Relocated => yes_no(c.relocated),
                    Column::MemberId => m.id.clone(),
                    Column::Name => m.name.clone(),
                    Column::IdNumber => m
                        .id_number
                        .as_deref()
                        .map(|n| ids.show(n))
                        .unwrap_or_default(),
                    Column::Sex => m.sex.label(Locale::Zh).into(),
                    Column::BirthDate => opt(m.birth_date, |x| x.to_string()),
                    Column::Relation => m.relation.label(Locale::Zh).into(),
                    Column::Health => opt(m.health, |x| x.label(Locale::Zh).into()),
                    Column::DisabilityGrade => opt(m.disability_grade, |x| x.to_string()),
                    Column::Education => opt(m.education, |x| x.label(Locale::Zh).into()),
                    Column::Schooling => opt(m.schooling, |x| x.label(Locale::Zh).into()),
                    Column::Labor => opt(m.labor, |x| x.label(Locale::Zh).into()),
                    Column::Work => opt(m.work, |x| x.label(Locale::Zh).into()),
                    Column::MedicalInsurance => yes_no(m.medical_insurance),
                    Column::PensionInsurance => yes_no(m.pension_insurance),
                    Column::SkillTrained => yes_no(m.skill_trained),
                    Column::JoinedDate => opt(m.joined_date, |x| x.to_string()),
                    Column::LeftDate => opt(m.left_date, |x| x.to_string()),
                    Column::LeftReason => opt(m.left_reason, |x| x.label(Locale::Zh).into()),
                    Column::Income(y, p) if k == 0 => {
                        opt(h.income(y).and_then(|i| p.get(i)), |f| f.to_string())
                    }
                    Column::Income(..) => String::new(),
                }
            };
            rows.push(columns.iter().map(|&c| cell(c)).collect());
        }
    }
    Table { columns, rows }
}

/// The roster of a scope (a region id, or the whole registry) as of D, with a file name.
pub fn table_of_scope(
    ix: &Index,
    region_id: Option<&str>,
    d: Date,
    ids: IdNumbers,
) -> (Table, String) {
    let name = region_id
        .and_then(|id| ix.region_pos(id))
        .and_then(|&r| ix.region(r))
        .map(|r| r.name.clone())
        .unwrap_or_else(|| "全部".to_string());
    let scope = ix.scope_of(region_id);
    (
        table(ix, scope, d, ids),
        format!("jingzhun-花名册-{name}-{d}"),
    )
}
