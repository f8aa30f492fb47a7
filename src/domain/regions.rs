//! 村组 management: adding, renaming, moving and deleting regions (as tombstones, only when
//! nothing lives under them), and a village's own facts. Every change keeps the region tree valid.

use super::codes::RegionKind;
use super::model::*;

pub type Refusal = (String, String);

fn bump(rec: &mut Record<Region>, replica: &str, now: &str) {
    *rec.rev.entry(replica.to_string()).or_insert(0) += 1;
    rec.updated_at = now.to_string();
}

fn parent_kind(kind: RegionKind) -> Option<RegionKind> {
    match kind {
        RegionKind::County => None,
        RegionKind::Township => Some(RegionKind::County),
        RegionKind::Village => Some(RegionKind::Township),
    }
}

fn check_parent(reg: &Registry, kind: RegionKind, parent: Option<&str>) -> Result<(), Refusal> {
    match (parent_kind(kind), parent) {
        (None, None) => Ok(()),
        (None, Some(_)) => Err(("县级区划不能有上级".into(), "a county has no parent".into())),
        (Some(k), None) => Err((
            format!("请选择上级{}", k.zh()),
            format!("choose the parent {}", k.en().to_lowercase()),
        )),
        (Some(k), Some(p)) => match reg
            .regions
            .iter()
            .find(|r| r.id == p)
            .and_then(|r| r.live())
        {
            Some(pr) if pr.kind == k => Ok(()),
            Some(_) => Err((
                format!("{}的上级应为{}", kind.zh(), k.zh()),
                format!("a {}'s parent must be a {}", kind.code(), k.code()),
            )),
            None => Err((
                "上级区划不存在或已删除".into(),
                "the parent region does not exist or is deleted".into(),
            )),
        },
    }
}

fn check_name(name: &str) -> Result<String, Refusal> {
    let n = name.trim();
    if n.is_empty() {
        return Err(("请填写名称".into(), "enter a name".into()));
    }
    if n.chars().count() > 100 {
        return Err((
            "名称最多 100 个字".into(),
            "a name has at most 100 characters".into(),
        ));
    }
    Ok(n.to_string())
}

/// Adds a region under `parent` (none for a county).
pub fn add(
    reg: &Registry,
    id: &str,
    kind: RegionKind,
    name: &str,
    parent: Option<&str>,
    replica: &str,
    now: &str,
) -> Result<Registry, Refusal> {
    let name = check_name(name)?;
    check_parent(reg, kind, parent)?;
    let mut out = reg.clone();
    out.regions.push(Record {
        id: id.into(),
        rev: [(replica.to_string(), 1)].into_iter().collect(),
        updated_at: now.into(),
        body: Some(Region::new(kind, &name, parent)),
    });
    Ok(out)
}

/// Replaces a region's facts (name, parent, village attributes); the kind cannot change.
pub fn update(
    reg: &Registry,
    id: &str,
    body: Region,
    replica: &str,
    now: &str,
) -> Result<Registry, Refusal> {
    let current = reg
        .regions
        .iter()
        .find(|r| r.id == id)
        .and_then(|r| r.live())
        .ok_or_else(|| ("区划不存在".to_string(), "no such region".to_string()))?;
    if current.kind != body.kind {
        return Err((
            "不能改变区划级别".into(),
            "the kind of a region cannot change".into(),
        ));
    }
    let mut body = body;
    body.name = check_name(&body.name)?;
    check_parent(reg, body.kind, body.parent_id.as_deref())?;
    let mut years: Vec<i32> = body.rural_population.iter().map(|p| p.year).collect();
    years.sort();
    if years.windows(2).any(|w| w[0] == w[1]) {
        return Err((
            "同一年的人口只能填一次".into(),
            "one population figure per year".into(),
        ));
    }
    let mut out = reg.clone();
    let rec = out
        .regions
        .iter_mut()
        .find(|r| r.id == id)
        .expect("found above");
    rec.body = Some(body);
    bump(rec, replica, now);
    Ok(out)
}

/// Deletes a region as a tombstone, refused while live records still stand under it.
pub fn delete(reg: &Registry, id: &str, replica: &str, now: &str) -> Result<Registry, Refusal> {
    let children = reg
        .regions
        .iter()
        .filter(|r| r.live().is_some_and(|b| b.parent_id.as_deref() == Some(id)))
        .count();
    let households = reg
        .households
        .iter()
        .filter(|h| h.live().is_some_and(|b| b.village_id == id))
        .count();
    let others = reg
        .tasks
        .iter()
        .filter(|t| t.live().is_some_and(|b| b.region_id == id))
        .count()
        + reg
            .funds
            .iter()
            .filter(|f| f.live().is_some_and(|b| b.region_id.as_deref() == Some(id)))
            .count()
        + reg
            .helpers
            .iter()
            .filter(|h| h.live().is_some_and(|b| b.region_id.as_deref() == Some(id)))
            .count();
    if children + households + others > 0 {
        return Err((
            format!("该区划下还有 {children} 个下级区划、{households} 户和 {others} 条其他记录, 不能删除"),
            format!("{children} regions, {households} households and {others} other records still stand under it; it cannot be deleted"),
        ));
    }
    let mut out = reg.clone();
    let rec = out
        .regions
        .iter_mut()
        .find(|r| r.id == id)
        .ok_or_else(|| ("区划不存在".to_string(), "no such region".to_string()))?;
    rec.body = None;
    bump(rec, replica, now);
    Ok(out)
}
