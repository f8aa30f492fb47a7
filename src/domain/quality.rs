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

/// A finding's description (path, Chinese, English), built only when someone reads it: the
/// household list only counts findings, and 70,000 formatted messages cost more than the rules.
type Describe<'a> = &'a dyn Fn() -> (String, String, String);

/// Runs every quality rule over the households (and pairings) of `scope` at D.
pub fn check(ix: &Index, scope: Scope, d: Date) -> Vec<Finding> {
    let mut out = Vec::new();
    visit(ix, scope, d, &mut |rule, household, describe| {
        let (path, zh, en) = describe();
        out.push(Finding {
            rule,
            household,
            path,
            zh,
            en,
        });
    });
    out.sort_by_key(|f| (f.rule, f.household));
    out
}

/// How many findings each household of `scope` has at D (by position), without describing them:
/// the same rules as [`check`].
pub fn counts_by_household(ix: &Index, scope: Scope, d: Date) -> HashMap<usize, usize> {
    let mut counts = HashMap::new();
    visit(ix, scope, d, &mut |_, household, _| {
        if let Some(h) = household {
            *counts.entry(h).or_default() += 1;
        }
    });
    counts
}

fn visit(
    ix: &Index,
    scope: Scope,
    d: Date,
    sink: &mut dyn FnMut(QualityRule, Option<usize>, Describe),
) {
    let reg = ix.reg;
    // Every ID number with its place, sorted afterwards so equal numbers stand together (one
    // allocation, where a map of lists made one per person).
    let mut id_numbers: Vec<(std::borrow::Cow<str>, usize, usize)> = Vec::new();
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
        let mut push = |rule, describe: Describe| sink(rule, Some(hi), describe);
        if ix.household_village[hi].is_none() {
            if ix.region_pos.contains_key(h.village_id.as_str()) {
                push(QualityRule::PointsToDeleted, &|| {
                    (
                        format!("households[{hi}].village_id"),
                        format!("所在村 \"{}\" 已删除, 该户不计入任何统计", h.village_id),
                        format!(
                            "its village \"{}\" is deleted; the household counts nowhere",
                            h.village_id
                        ),
                    )
                });
            }
            continue;
        }
        if !ix.household_in_scope(hi, scope) {
            continue;
        }
        let current: Vec<&Member> = h.members.iter().filter(|m| m.counted_at(d)).collect();
        for (mi, m) in h.members.iter().enumerate() {
            if let Some(id) = &m.id_number {
                match id_number::check(id) {
                    Err(IdNumberProblem::CheckCharacter(c)) => push(QualityRule::IdNumber, &|| {
                        (
                            format!("households[{hi}].members[{mi}].id_number"),
                            format!("{} 的身份证号校验位应为 {c}", m.name),
                            format!("{}'s ID number: check character should be {c}", m.name),
                        )
                    }),
                    Err(_) => push(QualityRule::IdNumber, &|| {
                        (
                            format!("households[{hi}].members[{mi}].id_number"),
                            format!("{} 的身份证号格式或出生日期不对", m.name),
                            format!("{}'s ID number has a bad shape or birth date", m.name),
                        )
                    }),
                    Ok(inside) if m.birth_date.is_some_and(|b| b != inside) => {
                        push(QualityRule::IdNumber, &|| {
                            (
                                format!("households[{hi}].members[{mi}].birth_date"),
                                format!("{} 的出生日期与身份证号不符", m.name),
                                format!("{}'s birth date differs from the ID number", m.name),
                            )
                        })
                    }
                    Ok(_) => {}
                }
                let id = if id.bytes().any(|b| b.is_ascii_lowercase()) {
                    std::borrow::Cow::Owned(id.to_ascii_uppercase())
                } else {
                    std::borrow::Cow::Borrowed(id.as_str())
                };
                id_numbers.push((id, hi, mi));
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
            push(QualityRule::Head, &|| {
                (
                    format!("households[{hi}].members"),
                    format!("应有且只有一位户主, 现有 {heads} 位"),
                    format!("needs exactly one head, has {heads}"),
                )
            });
        }
        if spouses > 1 {
            push(QualityRule::Head, &|| {
                (
                    format!("households[{hi}].members"),
                    format!("配偶最多一位, 现有 {spouses} 位"),
                    format!("at most one spouse, has {spouses}"),
                )
            });
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
                push(QualityRule::CauseContradiction, &|| {
                    (
                        format!("households[{hi}].main_cause"),
                        format!("主要致贫原因为「{}」, 但成员中没有相应情况", c.zh()),
                        format!("main cause is \"{}\" but no member shows it", c.en()),
                    )
                });
            }
        }
        let status = status_at(h, d);
        if is_registered(status) && h.income(d.year()).is_none() {
            push(QualityRule::NoCurrentIncome, &|| {
                (
                    format!("households[{hi}].incomes"),
                    format!("没有 {} 年收入", d.year()),
                    format!("no income entry for {}", d.year()),
                )
            });
        }
        if is_poor(status) && !paired.contains(rec.id.as_str()) {
            push(QualityRule::Unpaired, &|| {
                (
                    format!("households[{hi}]"),
                    "贫困户没有有效的结对帮扶".into(),
                    "poor household without an active pairing".into(),
                )
            });
        }
        if h.attribute == Attribute::Tekun {
            if let Some(m) = current.iter().find(|m| {
                matches!(m.labor, Some(Labor::Ordinary | Labor::Skilled))
                    && m.birth_date
                        .is_some_and(|b| (16..60).contains(&age_at(b, d)))
            }) {
                push(QualityRule::TekunLabourer, &|| {
                    (
                        format!("households[{hi}].attribute"),
                        format!("特困供养户中有劳动年龄的劳动力 {}", m.name),
                        format!("tekun household has a working-age labourer, {}", m.name),
                    )
                });
            }
        }
    }
    id_numbers.sort_unstable();
    for places in id_numbers.chunk_by(|a, b| a.0 == b.0) {
        if places.len() > 1 {
            for (id, hi, mi) in places {
                sink(QualityRule::DuplicateIdNumber, Some(*hi), &|| {
                    (
                        format!("households[{hi}].members[{mi}].id_number"),
                        format!(
                            "身份证号 {} 出现 {} 次",
                            id_number::masked(id),
                            places.len()
                        ),
                        format!(
                            "ID number {} appears {} times",
                            id_number::masked(id),
                            places.len()
                        ),
                    )
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
            sink(QualityRule::PointsToDeleted, None, &|| {
                (
                    format!("pairings[{pi}]"),
                    "结对指向已删除的农户或帮扶人".into(),
                    "pairing points to a deleted household or helper".into(),
                )
            });
        }
    }
}
