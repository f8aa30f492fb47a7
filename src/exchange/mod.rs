//! The exchange file (version 1): parse → validate with paths → migrate → typed registry;
//! export of the whole registry or one region's reach; the import pipeline of plan and apply.
//! Every loaded file is untrusted: a cheap envelope check comes first, then a full walk.

pub mod csv;
pub mod problem;
pub(crate) mod read;
pub mod roster;
pub mod rules;
pub mod wire;
pub mod write;

use std::collections::HashSet;

use serde_json::Value;

use crate::domain::index::{Index, Scope};
use crate::domain::merge::{self, Decisions, MergePlan};
use crate::domain::model::*;
use crate::msg;
use crate::text::{Msg, K};
use problem::Path;
pub use problem::Problem;

pub const FORMAT: &str = "jingzhun-exchange";
/// The version this app writes; older files are migrated, newer ones refused.
pub const VERSION: u64 = 1;
/// Larger files are refused before parsing (a county of 20,000 households is about 34 MB).
pub const MAX_FILE_BYTES: usize = 80 * 1024 * 1024;

/// One numbered, pure transformation of a file's JSON from version `from` to `from + 1`.
pub struct Migration {
    pub from: u64,
    pub apply: fn(&mut Value),
}

/// Every migration, oldest first. Version 1 is the first version, so the list is empty today;
/// a version-2 format adds `Migration { from: 1, apply: v1_to_v2 }` here.
pub const MIGRATIONS: &[Migration] = &[];

/// Checked at start-up and in tests: migrations are numbered 1, 2, … and lead to [`VERSION`].
pub fn check_migrations() -> Result<(), String> {
    for (i, m) in MIGRATIONS.iter().enumerate() {
        if m.from != i as u64 + 1 {
            return Err(format!(
                "migration {i} starts at version {}, expected {}",
                m.from,
                i + 1
            ));
        }
    }
    if MIGRATIONS.len() as u64 + 1 != VERSION {
        return Err(format!(
            "{} migrations do not lead to version {VERSION}",
            MIGRATIONS.len()
        ));
    }
    Ok(())
}

/// A parsed, validated file.
#[derive(Clone, Debug, PartialEq)]
pub struct ExchangeFile {
    pub exported_at: String,
    pub exported_by: String,
    pub scope: Option<String>,
    pub registry: Registry,
}

fn one(path: &str, msg: Msg) -> Vec<Problem> {
    vec![Problem::new(path, msg)]
}

/// Parses and validates a file on its own (references are checked against the file alone plus
/// `outside`, the registry it will merge into). Every problem is listed; none changes anything.
pub fn parse(bytes: &[u8], outside: Option<&Registry>) -> Result<ExchangeFile, Vec<Problem>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(one(
            "",
            msg!(
                file_too_large,
                mb = bytes.len() >> 20,
                limit = MAX_FILE_BYTES >> 20
            ),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(one("", msg!(file_empty)));
    }
    let mut value: Value = serde_json::from_slice(bytes).map_err(|e| {
        let what = if e.is_eof() {
            K::file_file_ends_too_early_truncated
        } else if e.to_string().contains("recursion limit") {
            K::file_nested_too_deeply
        } else {
            K::file_not_valid_json
        };
        one(
            "",
            msg!(
                file_json_error_at,
                what = what,
                line = e.line(),
                column = e.column()
            ),
        )
    })?;
    let Some(top) = value.as_object() else {
        return Err(one("", msg!(file_top_not_object)));
    };
    if top.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(one("format", msg!(file_wrong_format, format = FORMAT)));
    }
    let version = match top.get("version").and_then(Value::as_u64) {
        Some(v) if v >= 1 => v,
        _ => return Err(one("version", msg!(file_bad_version))),
    };
    if version > VERSION {
        return Err(one(
            "version",
            msg!(file_newer_version, version = version, ours = VERSION),
        ));
    }
    for m in MIGRATIONS.iter().filter(|m| m.from >= version) {
        (m.apply)(&mut value);
    }
    let top = value.as_object().expect("migrations keep the top object");
    let mut r = read::Reader::new();
    let root = Path::Root;
    r.only(
        top,
        &root,
        &[
            "format",
            "version",
            "exported_at",
            "exported_by",
            "scope",
            "settings",
            "regions",
            "households",
            "helpers",
            "pairings",
            "measures",
            "assistance",
            "funds",
            "tasks",
        ],
    );
    let exported_at = r.timestamp(top, &root, "exported_at", true);
    let exported_by = r.id(top, &root, "exported_by", true);
    let scope = r.id(top, &root, "scope", false);
    let settings = top
        .get("settings")
        .map(|v| read::settings(&mut r, v, &root.key("settings")))
        .unwrap_or_default();
    let registry = Registry {
        settings,
        regions: r.list(top, &root, "regions", true, 0, read::region),
        households: r.list(top, &root, "households", true, 0, read::household),
        helpers: r.list(top, &root, "helpers", false, 0, read::helper),
        pairings: r.list(top, &root, "pairings", false, 0, read::pairing),
        measures: r.list(top, &root, "measures", false, 0, read::measure),
        assistance: r.list(top, &root, "assistance", false, 0, read::assistance),
        funds: r.list(top, &root, "funds", false, 0, read::fund),
        tasks: r.list(top, &root, "tasks", false, 0, read::task),
    };
    let mut problems = r.problems;
    if problems.is_empty() {
        problems.extend(rules::check_contents(&registry));
        problems.extend(rules::check_links(&registry, outside));
        if let Some(s) = &scope {
            if !registry.regions.iter().any(|x| &x.id == s) {
                problems.push(Problem::new(
                    "scope",
                    msg!(file_scope_names_region_s_which, s = s),
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(ExchangeFile {
        exported_at: exported_at.unwrap_or_default(),
        exported_by: exported_by.unwrap_or_default(),
        scope,
        registry,
    })
}

/// Serialises a registry (or a part of it) as compact JSON text.
pub fn to_json(
    reg: &Registry,
    exported_at: &str,
    exported_by: &str,
    scope: Option<&str>,
) -> String {
    write::file(reg, exported_at, exported_by, scope).to_string()
}

/// The part of the registry an export of `region` carries: the region, its ancestors, its
/// descendants and their households, the pairings, assistance and tasks that refer to them, the
/// helpers, measures and funds those reach, and tombstones within that reach.
pub fn subset(reg: &Registry, region_id: &str) -> Registry {
    let ix = Index::new(reg);
    let Some(&r) = ix.region_pos.get(region_id) else {
        return Registry {
            settings: reg.settings.clone(),
            ..Default::default()
        };
    };
    let mut regions: HashSet<usize> = HashSet::new();
    let mut stack = vec![r];
    while let Some(x) = stack.pop() {
        if regions.insert(x) {
            stack.extend(&ix.children[x]);
        }
    }
    let mut at = ix.parent[r];
    while let Some(p) = at {
        regions.insert(p);
        at = ix.parent[p];
    }
    let region_ids: HashSet<&str> = regions
        .iter()
        .map(|&i| reg.regions[i].id.as_str())
        .collect();
    let households: Vec<Record<Household>> = reg
        .households
        .iter()
        // A tombstone no longer says where it was; it carries no personal data, so all travel.
        .filter(|h| {
            h.live()
                .is_none_or(|b| region_ids.contains(b.village_id.as_str()))
        })
        .cloned()
        .collect();
    let in_subtree = |id: &str| {
        ix.region_pos
            .get(id)
            .is_some_and(|&x| ix.region_in_scope(x, Scope::Region(r)))
    };
    let household_ids: HashSet<&str> = households.iter().map(|h| h.id.as_str()).collect();
    let pairings: Vec<_> = reg
        .pairings
        .iter()
        .filter(|p| {
            p.live()
                .is_none_or(|b| household_ids.contains(b.household_id.as_str()))
        })
        .cloned()
        .collect();
    let assistance: Vec<_> = reg
        .assistance
        .iter()
        .filter(|a| {
            a.live()
                .is_none_or(|b| household_ids.contains(b.household_id.as_str()))
        })
        .cloned()
        .collect();
    let tasks: Vec<_> = reg
        .tasks
        .iter()
        .filter(|t| t.live().is_none_or(|b| in_subtree(&b.region_id)))
        .cloned()
        .collect();
    let helper_ids: HashSet<&str> = pairings
        .iter()
        .filter_map(|p| p.live())
        .map(|p| p.helper_id.as_str())
        .collect();
    let measure_ids: HashSet<&str> = assistance
        .iter()
        .filter_map(|a| a.live())
        .map(|a| a.measure_id.as_str())
        .collect();
    let fund_ids: HashSet<&str> = assistance
        .iter()
        .filter_map(|a| a.live())
        .filter_map(|a| a.fund_id.as_deref())
        .collect();
    let (helpers, measures, funds) = (
        reg.helpers
            .iter()
            .filter(|h| helper_ids.contains(h.id.as_str()))
            .cloned()
            .collect(),
        reg.measures
            .iter()
            .filter(|m| measure_ids.contains(m.id.as_str()))
            .cloned()
            .collect(),
        reg.funds
            .iter()
            .filter(|f| {
                fund_ids.contains(f.id.as_str())
                    || f.live()
                        .and_then(|b| b.region_id.as_deref())
                        .is_some_and(in_subtree)
            })
            .cloned()
            .collect(),
    );
    let mut out = Registry {
        settings: reg.settings.clone(),
        regions: reg
            .regions
            .iter()
            .enumerate()
            .filter(|(i, _)| regions.contains(i))
            .map(|(_, x)| x.clone())
            .collect(),
        households,
        helpers,
        pairings,
        measures,
        assistance,
        funds,
        tasks,
    };
    // Helpers and funds carried along may name regions outside the reach: those regions travel too
    // (as context), so that the file stands on its own.
    let mut extra: Vec<&str> = Vec::new();
    extra.extend(
        out.helpers
            .iter()
            .filter_map(|h| h.live()?.region_id.as_deref()),
    );
    extra.extend(
        out.funds
            .iter()
            .filter_map(|f| f.live()?.region_id.as_deref()),
    );
    let mut add: HashSet<usize> = HashSet::new();
    for id in extra {
        let mut at = ix.region_pos.get(id).copied();
        while let Some(x) = at {
            if regions.contains(&x) || !add.insert(x) {
                break;
            }
            at = ix.parent[x];
        }
    }
    if !add.is_empty() {
        out.regions = reg
            .regions
            .iter()
            .enumerate()
            .filter(|(i, _)| regions.contains(i) || add.contains(i))
            .map(|(_, x)| x.clone())
            .collect();
    }
    out
}

/// A file read and planned against the registry, waiting for the person's decision.
pub struct PreparedImport {
    pub file: ExchangeFile,
    pub plan: MergePlan,
}

/// Step 1 of an import: parse, validate against the registry, and plan. Changes nothing.
pub fn prepare_import(local: &Registry, bytes: &[u8]) -> Result<PreparedImport, Vec<Problem>> {
    let file = parse(bytes, Some(local))?;
    let plan = merge::plan(local, &file.registry);
    Ok(PreparedImport { file, plan })
}

/// Step 2: the merged registry, checked against every rule before anything is written.
pub fn finish_import(
    local: &Registry,
    prepared: &PreparedImport,
    decisions: &Decisions,
    replica: &str,
    now: &str,
) -> Result<Registry, Vec<Problem>> {
    let merged = merge::apply(
        local,
        &prepared.file.registry,
        &prepared.plan,
        decisions,
        replica,
        now,
    );
    let mut problems = rules::check_contents(&merged);
    problems.extend(rules::check_links(&merged, None));
    if problems.is_empty() {
        Ok(merged)
    } else {
        for p in &mut problems {
            p.msg = msg!(file_merge_would_break, rule = p.msg.clone());
        }
        Err(problems)
    }
}

/// An export ready to download: the file's text and a name for it (`jingzhun-<scope>-<date>`).
pub struct Export {
    pub json: String,
    pub file_stem: String,
}

/// The whole registry (`region_id` None) or one region's reach as an exchange file.
pub fn export(
    reg: &Registry,
    region_id: Option<&str>,
    exported_at: &str,
    exported_by: &str,
    today: crate::domain::date::Date,
) -> Export {
    let name = |r: Option<&Record<Region>>| r.and_then(|r| r.live()).map(|r| r.name.clone());
    let (json, scope_name) = match region_id {
        None => {
            let top = name(
                reg.regions
                    .iter()
                    .find(|r| r.live().is_some_and(|b| b.parent_id.is_none())),
            );
            (
                to_json(reg, exported_at, exported_by, None),
                top.unwrap_or_else(|| "全部".into()),
            )
        }
        Some(id) => (
            to_json(&subset(reg, id), exported_at, exported_by, Some(id)),
            name(reg.record::<Region>(id)).unwrap_or_default(),
        ),
    };
    Export {
        json,
        file_stem: format!("jingzhun-{scope_name}-{today}"),
    }
}
