//! 质量检查: the quality rules. Findings are warnings the app shows and links to the record;
//! what the exchange contract forbids outright is refused at import instead (see `exchange::rules`).

use std::collections::HashMap;

use super::calc::{is_poor, is_registered, status_at};
use super::codes::*;
use super::date::Date;
use super::id_number::{self, IdNumberProblem};
use super::index::{Index, Scope};
use super::model::*;
use crate::msg;
use crate::text::Msg;

code_enum!(
    QualityRule {
        IdNumber = "id_number", quality_rule_id_number;
        Head = "head", quality_rule_head;
        DuplicateIdNumber = "duplicate_id_number", quality_rule_duplicate_id_number;
        CauseContradiction = "cause_contradiction", quality_rule_cause_contradiction;
        NoCurrentIncome = "no_current_income", quality_rule_no_current_income;
        Unpaired = "unpaired", quality_rule_unpaired;
        TekunLabourer = "tekun_labourer", quality_rule_tekun_labourer;
        PointsToDeleted = "points_to_deleted", quality_rule_points_to_deleted;
    }
);

#[derive(Clone, PartialEq, Debug)]
pub struct Finding {
    pub rule: QualityRule,
    /// Position of the household concerned, where there is one.
    pub household: Option<usize>,
    pub path: String,
    pub msg: Msg,
}

fn age_at(birth: Date, d: Date) -> i32 {
    let (by, bm, bd) = birth.ymd();
    let (y, m, dd) = d.ymd();
    y - by - i32::from((m, dd) < (bm, bd))
}

/// A finding's description (path, sentence), built only when someone reads it: the household
/// list only counts findings, and 70,000 formatted messages cost more than the rules.
type Describe<'a> = &'a dyn Fn() -> (String, Msg);

/// Runs every quality rule over the households (and pairings) of `scope` at D.
pub fn check(ix: &Index, scope: Scope, d: Date) -> Vec<Finding> {
    let mut out = Vec::new();
    visit(ix, scope, d, &mut |rule, household, describe| {
        let (path, msg) = describe();
        out.push(Finding {
            rule,
            household,
            path,
            msg,
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
    let paired = super::helping::paired_households(ix, d);
    for (hi, rec) in reg.households.iter().enumerate() {
        let Some(h) = rec.live() else { continue };
        let mut push = |rule, describe: Describe| sink(rule, Some(hi), describe);
        if ix.household_village[hi].is_none() {
            if ix.region_pos(h.village_id.as_str()).is_some() {
                push(QualityRule::PointsToDeleted, &|| {
                    (
                        format!("households[{hi}].village_id"),
                        msg!(quality_village_deleted, village = &h.village_id),
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
                            msg!(quality_check_character, name = &m.name, c = c),
                        )
                    }),
                    Err(_) => push(QualityRule::IdNumber, &|| {
                        (
                            format!("households[{hi}].members[{mi}].id_number"),
                            msg!(quality_id_number_shape, name = &m.name),
                        )
                    }),
                    Ok(inside) if m.birth_date.is_some_and(|b| b != inside) => {
                        push(QualityRule::IdNumber, &|| {
                            (
                                format!("households[{hi}].members[{mi}].birth_date"),
                                msg!(quality_birth_date_differs, name = &m.name),
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
                    msg!(quality_one_head, heads = heads),
                )
            });
        }
        if spouses > 1 {
            push(QualityRule::Head, &|| {
                (
                    format!("households[{hi}].members"),
                    msg!(quality_one_spouse, spouses = spouses),
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
                        msg!(quality_cause_contradiction, cause = c.label_key()),
                    )
                });
            }
        }
        let status = status_at(h, d);
        if is_registered(status) && h.income(d.year()).is_none() {
            push(QualityRule::NoCurrentIncome, &|| {
                (
                    format!("households[{hi}].incomes"),
                    msg!(quality_no_income, year = d.year()),
                )
            });
        }
        if is_poor(status) && !paired[hi] {
            push(QualityRule::Unpaired, &|| {
                (
                    format!("households[{hi}]"),
                    msg!(quality_poor_household_without_active_pairing),
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
                        msg!(quality_tekun_labourer, name = &m.name),
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
                        msg!(
                            quality_duplicate_id_number,
                            id = id_number::masked(id),
                            times = places.len()
                        ),
                    )
                });
            }
        }
    }
    for (pi, p) in reg.pairings.iter().enumerate() {
        let Some(b) = p.live() else { continue };
        let gone_household = ix
            .household_pos(b.household_id.as_str())
            .is_some_and(|&h| reg.households[h].is_tombstone());
        let gone_helper = ix
            .helper_pos(b.helper_id.as_str())
            .is_some_and(|&h| reg.helpers[h].is_tombstone());
        if gone_household || gone_helper {
            sink(QualityRule::PointsToDeleted, None, &|| {
                (
                    format!("pairings[{pi}]"),
                    msg!(quality_pairing_points_deleted_household_helper),
                )
            });
        }
    }
}

/// A finding as the quality page lists it: the rule, the household (id) or the path, the
/// village path, and the sentence.
#[derive(Clone, PartialEq, Debug)]
pub struct FindingLine {
    pub rule: QualityRule,
    pub household_id: Option<String>,
    pub village: String,
    pub path: String,
    pub msg: Msg,
}

/// The quality page's figures: findings counted by rule and by village (most first), and every
/// finding with its place.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Summary {
    pub by_rule: Vec<(QualityRule, usize)>,
    pub by_village: Vec<(String, usize)>,
    pub lines: Vec<FindingLine>,
}

impl Summary {
    /// The findings of one rule and one village (either may be any).
    pub fn shown<'a>(
        &'a self,
        rule: Option<QualityRule>,
        village: Option<&'a str>,
    ) -> impl Iterator<Item = &'a FindingLine> + 'a {
        self.lines.iter().filter(move |f| {
            rule.is_none_or(|r| r == f.rule) && village.is_none_or(|v| v == f.village)
        })
    }
}

pub fn summary(ix: &Index, scope: Scope, d: Date) -> Summary {
    let findings = check(ix, scope, d);
    let by_rule = QualityRule::ALL
        .iter()
        .map(|&r| (r, findings.iter().filter(|f| f.rule == r).count()))
        .collect();
    let lines: Vec<FindingLine> = findings
        .into_iter()
        .map(|f| {
            let (household_id, village) = f
                .household
                .map(|h| {
                    (
                        Some(ix.reg.households[h].id.clone()),
                        ix.household_village[h]
                            .map(|v| ix.region_path(v))
                            .unwrap_or_default(),
                    )
                })
                .unwrap_or((None, String::new()));
            FindingLine {
                rule: f.rule,
                household_id,
                village,
                path: f.path,
                msg: f.msg,
            }
        })
        .collect();
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for l in &lines {
        *counts.entry(l.village.clone()).or_default() += 1;
    }
    let mut by_village: Vec<(String, usize)> = counts.into_iter().collect();
    by_village.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Summary {
        by_rule,
        by_village,
        lines,
    }
}
