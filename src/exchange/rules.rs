//! The rules of the exchange README that a schema cannot express: unique ids, one entry per year,
//! references that resolve, the region tree, dates in order, ID-number check characters.

use std::collections::{HashMap, HashSet};

use super::problem::Problem;
use crate::domain::codes::RegionKind;
use crate::domain::id_number::{self, IdNumberProblem};
use crate::domain::model::*;

fn dup_ids<T>(c: Collection, recs: &[Record<T>], out: &mut Vec<Problem>) {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(recs.len());
    for (i, r) in recs.iter().enumerate() {
        if let Some(first) = seen.insert(r.id.as_str(), i) {
            out.push(Problem::new(
                format!("{}[{i}].id", c.key()),
                format!("编号 \"{}\" 与第 {first} 条重复", r.id),
                format!(
                    "id \"{}\" is used twice (also at {}[{first}])",
                    r.id,
                    c.key()
                ),
            ));
        }
    }
}

fn one_per_year(path: String, years: impl Iterator<Item = i32>, out: &mut Vec<Problem>) {
    let mut seen = HashSet::new();
    for (i, y) in years.enumerate() {
        if !seen.insert(y) {
            out.push(Problem::new(
                format!("{path}[{i}].year"),
                format!("{y} 年出现两次"),
                format!("year {y} appears twice"),
            ));
        }
    }
}

/// Rules that one file (or registry) must keep on its own, whatever it merges into.
pub fn check_contents(reg: &Registry) -> Vec<Problem> {
    let mut out = Vec::new();
    dup_ids(Collection::Regions, &reg.regions, &mut out);
    dup_ids(Collection::Households, &reg.households, &mut out);
    dup_ids(Collection::Helpers, &reg.helpers, &mut out);
    dup_ids(Collection::Pairings, &reg.pairings, &mut out);
    dup_ids(Collection::Measures, &reg.measures, &mut out);
    dup_ids(Collection::Assistance, &reg.assistance, &mut out);
    dup_ids(Collection::Funds, &reg.funds, &mut out);
    dup_ids(Collection::Tasks, &reg.tasks, &mut out);
    for (i, r) in reg.regions.iter().enumerate() {
        let Some(b) = r.live() else { continue };
        one_per_year(
            format!("regions[{i}].rural_population"),
            b.rural_population.iter().map(|p| p.year),
            &mut out,
        );
        one_per_year(
            format!("regions[{i}].collective_income"),
            b.collective_income.iter().map(|p| p.year),
            &mut out,
        );
    }
    let mut member_ids: HashMap<&str, String> = HashMap::new();
    for (i, h) in reg.households.iter().enumerate() {
        let Some(b) = h.live() else { continue };
        let hp = format!("households[{i}]");
        one_per_year(
            format!("{hp}.incomes"),
            b.incomes.iter().map(|x| x.year),
            &mut out,
        );
        for (k, w) in b.status_events.windows(2).enumerate() {
            if w[1].date < w[0].date {
                out.push(Problem::new(
                    format!("{hp}.status_events[{}].date", k + 1),
                    format!(
                        "状态变动应按日期先后排列: {} 早于前一条的 {}",
                        w[1].date, w[0].date
                    ),
                    format!(
                        "status events must be oldest first: {} is before the previous {}",
                        w[1].date, w[0].date
                    ),
                ));
            }
        }
        for (k, m) in b.members.iter().enumerate() {
            let mp = format!("{hp}.members[{k}]");
            if let Some(prev) = member_ids.insert(m.id.as_str(), mp.clone()) {
                out.push(Problem::new(
                    format!("{mp}.id"),
                    format!("成员编号 \"{}\" 与 {prev} 重复", m.id),
                    format!("member id \"{}\" is used twice (also at {prev})", m.id),
                ));
            }
            if let (Some(j), Some(l)) = (m.joined_date, m.left_date) {
                if l < j {
                    out.push(Problem::new(
                        format!("{mp}.left_date"),
                        format!("离开日期 {l} 早于加入日期 {j}"),
                        format!("left on {l}, before joining on {j}"),
                    ));
                }
            }
            if let Some(id) = &m.id_number {
                match id_number::check(id) {
                    Err(IdNumberProblem::CheckCharacter(c)) => out.push(Problem::new(
                        format!("{mp}.id_number"),
                        format!("校验位错误, 应为 {c}"),
                        format!("check character should be {c}"),
                    )),
                    Err(IdNumberProblem::BirthDate) => out.push(Problem::new(
                        format!("{mp}.id_number"),
                        "号码中的出生日期不是真实日期",
                        "the birth date inside the number is not a real date",
                    )),
                    Err(IdNumberProblem::Shape) => out.push(Problem::new(
                        format!("{mp}.id_number"),
                        "身份证号格式不对",
                        "ID number has the wrong shape",
                    )),
                    Ok(inside) => {
                        if let Some(bd) = m.birth_date.filter(|bd| *bd != inside) {
                            out.push(Problem::new(
                                format!("{mp}.birth_date"),
                                format!("出生日期 {bd} 与身份证号中的 {inside} 不符"),
                                format!(
                                    "birth date {bd} differs from {inside} inside the ID number"
                                ),
                            ));
                        }
                    }
                }
            }
        }
    }
    for (i, p) in reg.pairings.iter().enumerate() {
        if let Some(b) = p.live() {
            if b.end_date.is_some_and(|e| e < b.start_date) {
                out.push(Problem::new(
                    format!("pairings[{i}].end_date"),
                    "结束日期早于开始日期",
                    "end date is before the start date",
                ));
            }
        }
    }
    out
}

/// Where references are looked up: the file first, then the registry it merges into.
struct Lookup<'a> {
    regions: HashMap<&'a str, Option<RegionKind>>,
    parents: HashMap<&'a str, Option<&'a str>>,
    households: HashMap<&'a str, Option<&'a Household>>,
    helpers: HashSet<&'a str>,
    measures: HashSet<&'a str>,
    funds: HashSet<&'a str>,
}

impl<'a> Lookup<'a> {
    fn new(layers: &[&'a Registry]) -> Lookup<'a> {
        let mut l = Lookup {
            regions: HashMap::new(),
            parents: HashMap::new(),
            households: HashMap::new(),
            helpers: HashSet::new(),
            measures: HashSet::new(),
            funds: HashSet::new(),
        };
        // Later layers only fill what earlier ones lack: the file wins over the registry.
        for reg in layers.iter().rev() {
            for r in &reg.regions {
                l.regions.insert(&r.id, r.live().map(|b| b.kind));
                l.parents
                    .insert(&r.id, r.live().and_then(|b| b.parent_id.as_deref()));
            }
            for h in &reg.households {
                l.households.insert(&h.id, h.live());
            }
            l.helpers.extend(reg.helpers.iter().map(|r| r.id.as_str()));
            l.measures
                .extend(reg.measures.iter().map(|r| r.id.as_str()));
            l.funds.extend(reg.funds.iter().map(|r| r.id.as_str()));
        }
        l
    }
}

fn dangling(out: &mut Vec<Problem>, path: String, what_zh: &str, what_en: &str, id: &str) {
    out.push(Problem::new(
        path,
        format!("引用的{what_zh} \"{id}\" 不存在"),
        format!("refers to {what_en} \"{id}\", which does not exist"),
    ));
}

/// References and the region tree of `reg`, resolving ids in `reg` and then in `outside`.
pub fn check_links(reg: &Registry, outside: Option<&Registry>) -> Vec<Problem> {
    let mut layers = vec![reg];
    layers.extend(outside);
    let l = Lookup::new(&layers);
    let mut out = Vec::new();
    for (i, r) in reg.regions.iter().enumerate() {
        let Some(b) = r.live() else { continue };
        let path = format!("regions[{i}]");
        let want_parent = match b.kind {
            RegionKind::County => None,
            RegionKind::Township => Some(RegionKind::County),
            RegionKind::Village => Some(RegionKind::Township),
        };
        match (&b.parent_id, want_parent) {
            (Some(_), None) => out.push(Problem::new(
                format!("{path}.parent_id"),
                "县级区划不能有上级",
                "a county has no parent",
            )),
            (None, Some(k)) => out.push(Problem::new(
                format!("{path}.parent_id"),
                format!("缺少上级 ({})", k.zh()),
                format!("needs a parent ({})", k.en().to_lowercase()),
            )),
            (Some(pid), Some(k)) => match l.regions.get(pid.as_str()) {
                None => dangling(&mut out, format!("{path}.parent_id"), "区划", "region", pid),
                Some(Some(pk)) if *pk != k => out.push(Problem::new(
                    format!("{path}.parent_id"),
                    format!(
                        "{}的上级应为{}, \"{pid}\" 是{}",
                        b.kind.zh(),
                        k.zh(),
                        pk.zh()
                    ),
                    format!(
                        "a {}'s parent must be a {}, \"{pid}\" is a {}",
                        b.kind.code(),
                        k.code(),
                        pk.code()
                    ),
                )),
                _ => {}
            },
            (None, None) => {}
        }
        // A cycle cannot pass the kind rules above, but a walk up the tree stays bounded anyway.
        let mut at = b.parent_id.as_deref();
        let mut steps = 0;
        while let Some(p) = at {
            steps += 1;
            if p == r.id || steps > 8 {
                out.push(Problem::new(
                    format!("{path}.parent_id"),
                    "区划上下级形成了环",
                    "the region tree has a cycle",
                ));
                break;
            }
            at = l.parents.get(p).copied().flatten();
        }
    }
    for (i, h) in reg.households.iter().enumerate() {
        let Some(b) = h.live() else { continue };
        match l.regions.get(b.village_id.as_str()) {
            None => dangling(
                &mut out,
                format!("households[{i}].village_id"),
                "村",
                "village",
                &b.village_id,
            ),
            Some(Some(k)) if *k != RegionKind::Village => out.push(Problem::new(
                format!("households[{i}].village_id"),
                format!("\"{}\" 不是村", b.village_id),
                format!("\"{}\" is not a village", b.village_id),
            )),
            _ => {}
        }
    }
    let region_ref = |out: &mut Vec<Problem>, path: String, id: Option<&str>| {
        if let Some(id) = id {
            if !l.regions.contains_key(id) {
                dangling(out, path, "区划", "region", id);
            }
        }
    };
    for (i, h) in reg.helpers.iter().enumerate() {
        region_ref(
            &mut out,
            format!("helpers[{i}].region_id"),
            h.live().and_then(|b| b.region_id.as_deref()),
        );
    }
    for (i, f) in reg.funds.iter().enumerate() {
        region_ref(
            &mut out,
            format!("funds[{i}].region_id"),
            f.live().and_then(|b| b.region_id.as_deref()),
        );
    }
    for (i, t) in reg.tasks.iter().enumerate() {
        region_ref(
            &mut out,
            format!("tasks[{i}].region_id"),
            t.live().map(|b| b.region_id.as_str()),
        );
    }
    for (i, p) in reg.pairings.iter().enumerate() {
        let Some(b) = p.live() else { continue };
        if !l.helpers.contains(b.helper_id.as_str()) {
            dangling(
                &mut out,
                format!("pairings[{i}].helper_id"),
                "帮扶人",
                "helper",
                &b.helper_id,
            );
        }
        if !l.households.contains_key(b.household_id.as_str()) {
            dangling(
                &mut out,
                format!("pairings[{i}].household_id"),
                "农户",
                "household",
                &b.household_id,
            );
        }
    }
    for (i, a) in reg.assistance.iter().enumerate() {
        let Some(b) = a.live() else { continue };
        let path = format!("assistance[{i}]");
        match l.households.get(b.household_id.as_str()) {
            None => dangling(
                &mut out,
                format!("{path}.household_id"),
                "农户",
                "household",
                &b.household_id,
            ),
            Some(h) => {
                if let (Some(m), Some(h)) = (&b.member_id, h) {
                    if !h.members.iter().any(|x| &x.id == m) {
                        out.push(Problem::new(
                            format!("{path}.member_id"),
                            format!("成员 \"{m}\" 不属于农户 \"{}\"", b.household_id),
                            format!(
                                "member \"{m}\" is not a member of household \"{}\"",
                                b.household_id
                            ),
                        ));
                    }
                }
            }
        }
        if !l.measures.contains(b.measure_id.as_str()) {
            dangling(
                &mut out,
                format!("{path}.measure_id"),
                "措施",
                "measure",
                &b.measure_id,
            );
        }
        if let Some(f) = &b.fund_id {
            if !l.funds.contains(f.as_str()) {
                dangling(&mut out, format!("{path}.fund_id"), "资金", "fund", f);
            }
        }
    }
    out
}
