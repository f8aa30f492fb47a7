//! The household roster as a table: one row per member with the household's fields, headers in
//! Chinese, as county offices keep it in Excel (花名册). Shared by the CSV and XLSX exports.

use super::calc;
use super::date::Date;
use super::index::{Index, Scope};

pub const HEADER: [&str; 22] = [
    "户编号",
    "县",
    "乡镇",
    "村",
    "社",
    "户属性",
    "主要致贫原因",
    "状态",
    "联系电话",
    "成员编号",
    "姓名",
    "身份证号",
    "性别",
    "出生日期",
    "与户主关系",
    "健康状况",
    "劳动能力",
    "在校生状况",
    "务工情况",
    "医保",
    "加入日期",
    "离开日期",
];

fn yes_no(b: Option<bool>) -> String {
    match b {
        Some(true) => "是".into(),
        Some(false) => "否".into(),
        None => String::new(),
    }
}

/// Every member of every household of the scope (members who left are kept, with the date).
pub fn rows(ix: &Index, scope: Scope, d: Date) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (i, h) in ix.households_in(scope) {
        let v = ix.household_village[i].expect("counted");
        let path: Vec<String> = ix.region_path(v).split(" / ").map(str::to_string).collect();
        let get = |k: usize| path.get(k).cloned().unwrap_or_default();
        let status = calc::status_at(h, d)
            .map(|s| s.zh().to_string())
            .unwrap_or_default();
        for m in &h.members {
            out.push(vec![
                ix.reg.households[i].id.clone(),
                get(0),
                get(1),
                get(2),
                h.group.clone().unwrap_or_default(),
                h.attribute.zh().into(),
                h.main_cause.zh().into(),
                status.clone(),
                h.phone.clone().unwrap_or_default(),
                m.id.clone(),
                m.name.clone(),
                m.id_number.clone().unwrap_or_default(),
                m.sex.zh().into(),
                m.birth_date.map(|x| x.to_string()).unwrap_or_default(),
                m.relation.zh().into(),
                m.health.map(|x| x.zh().to_string()).unwrap_or_default(),
                m.labor.map(|x| x.zh().to_string()).unwrap_or_default(),
                m.schooling.map(|x| x.zh().to_string()).unwrap_or_default(),
                m.work.map(|x| x.zh().to_string()).unwrap_or_default(),
                yes_no(m.medical_insurance),
                m.joined_date.map(|x| x.to_string()).unwrap_or_default(),
                m.left_date.map(|x| x.to_string()).unwrap_or_default(),
            ]);
        }
    }
    out
}

/// The roster as CSV (UTF-8 with BOM, formulas defused).
pub fn csv(ix: &Index, scope: Scope, d: Date) -> String {
    let rows: Vec<Vec<String>> = rows(ix, scope, d)
        .into_iter()
        .map(|r| r.iter().map(|c| crate::exchange::csv::cell(c)).collect())
        .collect();
    crate::exchange::csv::table(&HEADER, &rows)
}
