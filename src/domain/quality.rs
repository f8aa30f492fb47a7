//! 质量检查: the quality rules. Findings are warnings the app shows and links to the record;
//! what the exchange contract forbids outright is refused at import instead (see `exchange::rules`).

use std::collections::{HashMap, HashSet};

use super::calc::{is_poor, is_registered, pairing_active, status_at};
use super::codes::*;
use super::date::Date;
use super::id_number::{self, IdNumberProblem};
use super::index::{Index, Scope};
use super::model::*;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub enum QualityRule {
    IdNumber,
    Head,
    DuplicateIdNumber,
    CauseContradiction,
    NoCurrentIncome,
    Unpaired,
    TekunLabourer,
    PointsToDeleted,
}

impl QualityRule {
    pub const ALL: [QualityRule; 8] = [
        QualityRule::IdNumber,
        QualityRule::Head,
        QualityRule::DuplicateIdNumber,
        QualityRule::CauseContradiction,
        QualityRule::NoCurrentIncome,
        QualityRule::Unpaired,
        QualityRule::TekunLabourer,
        QualityRule::PointsToDeleted,
    ];
    pub fn code(self) -> &'static str {
        match self {
            QualityRule::IdNumber => "id_number",
            QualityRule::Head => "head",
            QualityRule::DuplicateIdNumber => "duplicate_id_number",
            QualityRule::CauseContradiction => "cause_contradiction",
            QualityRule::NoCurrentIncome => "no_current_income",
            QualityRule::Unpaired => "unpaired",
            QualityRule::TekunLabourer => "tekun_labourer",
            QualityRule::PointsToDeleted => "points_to_deleted",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            QualityRule::IdNumber => "身份证号校验",
            QualityRule::Head => "户主与配偶",
            QualityRule::DuplicateIdNumber => "身份证号重复",
            QualityRule::CauseContradiction => "致贫原因与成员不符",
            QualityRule::NoCurrentIncome => "缺本年收入",
            QualityRule::Unpaired => "贫困户未结对",
            QualityRule::TekunLabourer => "特困户有劳动力",
            QualityRule::PointsToDeleted => "指向已删除记录",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            QualityRule::IdNumber => "ID number check",
            QualityRule::Head => "Head and spouse",
            QualityRule::DuplicateIdNumber => "Duplicate ID number",
            QualityRule::CauseContradiction => "Cause contradicts members",
            QualityRule::NoCurrentIncome => "No income this year",
            QualityRule::Unpaired => "Poor household not paired",
            QualityRule::TekunLabourer => "Tekun household with a labourer",
            QualityRule::PointsToDeleted => "Points to a deleted record",
        }
    }
}

#[derive(Clone, PartialEq, Debug)]
pub struct Finding {
    pub rule: QualityRule,
    /// Position of the household concerned, where there is one.
    pub household: Option<usize>,
    pub path: String,
    pub zh: String,
    pub en: String,
}

fn age_at(birth: Date, d: Date) -> i32 {
    let (by, bm, bd) = birth.ymd();
    let (y, m, dd) = d.ymd();
    y - by - i32::from((m, dd) < (bm, bd))
}

/// Runs every quality rule over the households (and pairings) of `scope` at D.
pub fn check(ix: &Index, scope: Scope, d: Date) -> Vec<Finding> {
    let reg = ix.reg;
    let mut out = Vec::new();
    let mut id_numbers: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    let paired: HashSet<&str> = reg
        .pairings
        .iter()
        .filter_map(|p| p.live())
        .filter(|p| {
            pairing_active(p, d)
                && ix
                    .helper_pos
                    .get(p.helper_id.as_str())
                    .is_some_and(|&h| reg.helpers[h].body.is_some())
        })
        .map(|p| p.household_id.as_str())
        .collect();
    for (hi, rec) in reg.households.iter().enumerate() {
        let Some(h) = rec.live() else { continue };
        let path = format!("households[{hi}]");
        let mut push = |rule, path: String, zh: String, en: String| {
            out.push(Finding {
                rule,
                household: Some(hi),
                path,
                zh,
                en,
            })
        };
        if ix.household_village[hi].is_none() {
            if ix.region_pos.contains_key(h.village_id.as_str()) {
                push(
                    QualityRule::PointsToDeleted,
                    format!("{path}.village_id"),
                    format!("所在村 \"{}\" 已删除, 该户不计入任何统计", h.village_id),
                    format!(
                        "its village \"{}\" is deleted; the household counts nowhere",
                        h.village_id
                    ),
                );
            }
            continue;
        }
        if !ix.household_in_scope(hi, scope) {
            continue;
        }
        let current: Vec<&Member> = h.members.iter().filter(|m| m.counted_at(d)).collect();
        for (mi, m) in h.members.iter().enumerate() {
            let mp = format!("{path}.members[{mi}]");
            if let Some(id) = &m.id_number {
                match id_number::check(id) {
                    Err(IdNumberProblem::CheckCharacter(c)) => push(
                        QualityRule::IdNumber,
                        format!("{mp}.id_number"),
                        format!("{} 的身份证号校验位应为 {c}", m.name),
                        format!("{}'s ID number: check character should be {c}", m.name),
                    ),
                    Err(_) => push(
                        QualityRule::IdNumber,
                        format!("{mp}.id_number"),
                        format!("{} 的身份证号格式或出生日期不对", m.name),
                        format!("{}'s ID number has a bad shape or birth date", m.name),
                    ),
                    Ok(inside) if m.birth_date.is_some_and(|b| b != inside) => push(
                        QualityRule::IdNumber,
                        format!("{mp}.birth_date"),
                        format!("{} 的出生日期与身份证号不符", m.name),
                        format!("{}'s birth date differs from the ID number", m.name),
                    ),
                    Ok(_) => {}
                }
                id_numbers
                    .entry(id.to_ascii_uppercase())
                    .or_default()
                    .push((hi, mi));
            }
        }
        let heads = current
            .iter()
            .filter(|m| m.relation == Relation::Head)
            .count();
        let spouses = current
            .iter()
            .filter(|m| m.relation == Relation::Spouse)
            .count();
        if heads != 1 {
            push(
                QualityRule::Head,
                format!("{path}.members"),
                format!("应有且只有一位户主, 现有 {heads} 位"),
                format!("needs exactly one head, has {heads}"),
            );
        }
        if spouses > 1 {
            push(
                QualityRule::Head,
                format!("{path}.members"),
                format!("配偶最多一位, 现有 {spouses} 位"),
                format!("at most one spouse, has {spouses}"),
            );
        }
        let causes: Vec<Cause> = std::iter::once(h.main_cause).collect();
        for c in causes {
            let contradiction = match c {
                Cause::Illness => {
                    !current.is_empty() && current.iter().all(|m| m.health == Some(Health::Healthy))
                }
                Cause::Disability => !current.iter().any(|m| m.health == Some(Health::Disabled)),
                Cause::Schooling => !current
                    .iter()
                    .any(|m| m.schooling.is_some_and(|s| s != Schooling::Dropout)),
                _ => false,
            };
            if contradiction {
                push(
                    QualityRule::CauseContradiction,
                    format!("{path}.main_cause"),
                    format!("主要致贫原因为「{}」, 但成员中没有相应情况", c.zh()),
                    format!("main cause is \"{}\" but no member shows it", c.en()),
                );
            }
        }
        let status = status_at(h, d);
        if is_registered(status) && h.income(d.year()).is_none() {
            push(
                QualityRule::NoCurrentIncome,
                format!("{path}.incomes"),
                format!("没有 {} 年收入", d.year()),
                format!("no income entry for {}", d.year()),
            );
        }
        if is_poor(status) && !paired.contains(rec.id.as_str()) {
            push(
                QualityRule::Unpaired,
                path.clone(),
                "贫困户没有有效的结对帮扶".into(),
                "poor household without an active pairing".into(),
            );
        }
        if h.attribute == Attribute::Tekun {
            if let Some(m) = current.iter().find(|m| {
                matches!(m.labor, Some(Labor::Ordinary | Labor::Skilled))
                    && m.birth_date
                        .is_some_and(|b| (16..60).contains(&age_at(b, d)))
            }) {
                push(
                    QualityRule::TekunLabourer,
                    format!("{path}.attribute"),
                    format!("特困供养户中有劳动年龄的劳动力 {}", m.name),
                    format!("tekun household has a working-age labourer, {}", m.name),
                );
            }
        }
    }
    for (id, places) in id_numbers {
        if places.len() > 1 {
            for &(hi, mi) in &places {
                out.push(Finding {
                    rule: QualityRule::DuplicateIdNumber,
                    household: Some(hi),
                    path: format!("households[{hi}].members[{mi}].id_number"),
                    zh: format!(
                        "身份证号 {} 出现 {} 次",
                        id_number::masked(&id),
                        places.len()
                    ),
                    en: format!(
                        "ID number {} appears {} times",
                        id_number::masked(&id),
                        places.len()
                    ),
                });
            }
        }
    }
    for (pi, p) in reg.pairings.iter().enumerate() {
        let Some(b) = p.live() else { continue };
        let gone_household = ix
            .household_pos
            .get(b.household_id.as_str())
            .is_some_and(|&h| reg.households[h].is_tombstone());
        let gone_helper = ix
            .helper_pos
            .get(b.helper_id.as_str())
            .is_some_and(|&h| reg.helpers[h].is_tombstone());
        if gone_household || gone_helper {
            out.push(Finding {
                rule: QualityRule::PointsToDeleted,
                household: None,
                path: format!("pairings[{pi}]"),
                zh: "结对指向已删除的农户或帮扶人".into(),
                en: "pairing points to a deleted household or helper".into(),
            });
        }
    }
    out.sort_by_key(|f| (f.rule, f.household));
    out
}
