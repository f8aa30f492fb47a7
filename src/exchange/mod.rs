//! The exchange file (version 1): parse → validate with paths → migrate → typed registry;
//! export of the whole registry or one region's reach; the import pipeline of plan and apply.
//! Every loaded file is untrusted: a cheap envelope check comes first, then a full walk.
//!
//! Long (about 550 lines) because the whole import pipeline — envelope, parse, migrate, plan, apply — reads best in one place.

pub mod csv;
pub mod handoff;
pub mod problem;
pub(crate) mod read;
pub mod roster;
pub mod rules;
pub mod sealed;
mod stream;
mod typed;
pub mod wire;
pub mod workbook;
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
pub use stream::{ImportPhase, Progress};

pub const FORMAT: &str = "jingzhun-exchange";
/// The version this app writes; older files are migrated, newer ones refused.
pub const VERSION: u64 = 2;
/// Files larger than this many MiB are refused before they are read, unless the device's
/// setting says otherwise: a county of 20,000 households is about 47 MB, a prefecture of
/// 100,000 about 230 MB.
pub const DEFAULT_MAX_FILE_MB: u64 = 320;

/// The largest file a person may set the limit to (the browser's own limits come first).
pub const MAX_FILE_MB_CEILING: u64 = 2048;

/// The refusal of a file of `bytes` over `limit_mb`.
pub fn too_large(bytes: u64, limit_mb: u64) -> Option<Problem> {
    (bytes > limit_mb << 20)
        .then(|| Problem::new("", msg!(file_too_large, mb = bytes >> 20, limit = limit_mb)))
}

/// One numbered, pure transformation of a file's records from version `from` to `from + 1`,
/// one record at a time (the file is read record by record).
pub struct Migration {
    pub from: u64,
    pub record: fn(Collection, &mut Value),
}

/// Every migration, oldest first.
pub const MIGRATIONS: &[Migration] = &[Migration {
    from: 1,
    record: v1_to_v2,
}];

/// Version 1 → 2: the helping half's new fields and collections are all optional, so a
/// version-1 file is a version-2 file but for one code: an order `planned` in version 1 was
/// approved (it counted against its fund), and version 2 calls that `approved`.
fn v1_to_v2(c: Collection, record: &mut Value) {
    // Untrusted: only what has the expected shape is touched (indexing a non-object panics).
    if c == Collection::Assistance {
        if let Some(a) = record.as_object_mut() {
            if a.get("status").and_then(Value::as_str) == Some("planned") {
                a.insert("status".into(), Value::from("approved"));
            }
        }
    }
}

/// Checked when the app is compiled: migrations are numbered 1, 2, … and lead to [`VERSION`]
/// (at run time the first screen would carry every migration for it).
const _: () = {
    let mut i = 0;
    while i < MIGRATIONS.len() {
        assert!(
            MIGRATIONS[i].from == i as u64 + 1,
            "migrations are numbered 1, 2, …"
        );
        i += 1;
    }
    assert!(
        MIGRATIONS.len() as u64 + 1 == VERSION,
        "migrations lead to VERSION"
    );
};

/// The same check as the compiler's, with its reason in words, for tests.
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
    /// The content and link rules found no problem in `registry` on its own ([`parse`] and
    /// [`FileAlone::resolve`] say so); false for records that arrived otherwise (a sync's pull).
    pub checked: bool,
}

fn one(path: &str, msg: Msg) -> Vec<Problem> {
    vec![Problem::new(path, msg)]
}

/// Parses and validates a file on its own (references are checked against the file alone plus
/// `outside`, the registry it will merge into). Every problem is listed; none changes anything.
/// Files over [`DEFAULT_MAX_FILE_MB`] are refused; see [`parse_within`].
pub fn parse(bytes: &[u8], outside: Option<&Registry>) -> Result<ExchangeFile, Vec<Problem>> {
    parse_within(bytes, outside, DEFAULT_MAX_FILE_MB)
}

/// [`parse`] with the size limit the device is set to.
pub fn parse_within(
    bytes: &[u8],
    outside: Option<&Registry>,
    limit_mb: u64,
) -> Result<ExchangeFile, Vec<Problem>> {
    read_alone(bytes, limit_mb, Progress::none())?.resolve(outside)
}

/// A file read and checked on its own, its references not yet resolved against the registry it
/// will merge into: what the file worker hands the page ([`handoff`]). [`read_alone`] then
/// [`FileAlone::resolve`] is [`parse_within`], problem for problem.
#[derive(Clone, Debug, PartialEq)]
pub struct FileAlone {
    pub exported_at: String,
    pub exported_by: String,
    pub scope: Option<String>,
    pub registry: Registry,
    /// What the content rules refuse (the file was read without a problem).
    pub problems: Vec<Problem>,
}

impl FileAlone {
    /// The references and the scope checked against the file and `outside`; every problem found
    /// (with the content rules' own) refuses the file.
    pub fn resolve(self, outside: Option<&Registry>) -> Result<ExchangeFile, Vec<Problem>> {
        let FileAlone {
            exported_at,
            exported_by,
            scope,
            registry,
            mut problems,
        } = self;
        problems.extend(rules::check_links(&registry, outside));
        if let Some(s) = &scope {
            if !registry.regions.iter().any(|x| &x.id == s) {
                problems.push(Problem::new(
                    "scope",
                    msg!(file_scope_names_region_s_which, s = s),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(ExchangeFile {
            exported_at,
            exported_by,
            scope,
            registry,
            checked: true,
        })
    }
}

/// Reads a file and checks every record's fields and the content rules, telling `progress` how
/// far the reading is. A problem of reading refuses the file here; the content rules' problems
/// travel in [`FileAlone::problems`].
pub fn read_alone(
    bytes: &[u8],
    limit_mb: u64,
    progress: Progress,
) -> Result<FileAlone, Vec<Problem>> {
    read_alone_by(bytes, limit_mb, progress, Readers::Both)
}

/// Which reader [`read_alone_by`] reads with.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Readers {
    /// The typed reader, and the path reader when it does not take the file (what the app does).
    Both,
    /// The typed reader alone (serde straight into the records); a file it does not take is
    /// refused with no problem listed. For the test that both readers agree.
    Typed,
    /// The path reader alone: every problem, with its path.
    Paths,
}

/// [`read_alone`] with the reader chosen.
pub fn read_alone_by(
    bytes: &[u8],
    limit_mb: u64,
    mut progress: Progress,
    readers: Readers,
) -> Result<FileAlone, Vec<Problem>> {
    if let Some(p) = too_large(bytes.len() as u64, limit_mb) {
        return Err(vec![p]);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(one("", msg!(file_empty)));
    }
    if readers != Readers::Paths {
        progress.over(bytes);
        if let Some(t) = typed::read(bytes, &mut progress) {
            progress.checking();
            return Ok(FileAlone {
                exported_at: t.exported_at,
                exported_by: t.exported_by,
                scope: t.scope,
                problems: rules::check_contents(&t.registry),
                registry: t.registry,
            });
        }
        if readers == Readers::Typed {
            return Err(Vec::new());
        }
    }
    read_by_paths(bytes, progress)
}

/// The path reader: the file read record by record, every problem listed with its path.
fn read_by_paths(bytes: &[u8], progress: Progress) -> Result<FileAlone, Vec<Problem>> {
    let streamed = stream::stream(bytes, progress).map_err(|e| {
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
    if streamed.not_object {
        return Err(one("", msg!(file_top_not_object)));
    }
    let stream::Streamed {
        mut top,
        reader: mut r,
        mut registry,
        streamed: read_in_passing,
        duplicate_keys,
        mut progress,
        ..
    } = streamed;
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
    // Collections met before the file said what it was, kept as JSON: migrated here.
    for c in Collection::ALL {
        if let Some(list) = top.get_mut(c.code()).and_then(Value::as_array_mut) {
            for rec in list.iter_mut() {
                stream::migrate_record(*c, rec, version);
            }
        }
    }
    let root = Path::Root;
    for at in duplicate_keys {
        r.err_at(at, msg!(file_duplicate_key));
    }
    let top = &top;
    let mut allowed = vec![
        "format",
        "version",
        "exported_at",
        "exported_by",
        "scope",
        "settings",
    ];
    allowed.extend(Collection::ALL.iter().map(|c| c.code()));
    r.only(top, &root, &allowed);
    let exported_at = r.timestamp(top, &root, "exported_at", true);
    let exported_by = r.id(top, &root, "exported_by", true);
    let scope = r.id(top, &root, "scope", false);
    let settings = top
        .get("settings")
        .map(|v| read::settings(&mut r, v, &root.key("settings")))
        .unwrap_or_default();
    registry.settings = settings;
    struct Lists<'a> {
        r: &'a mut read::Reader,
        top: &'a serde_json::Map<String, Value>,
        reg: &'a mut Registry,
        done: &'a [Collection],
    }
    impl wire::WireVisitor for Lists<'_> {
        fn visit<T: wire::Wire>(&mut self) {
            let root = Path::Root;
            // Regions and households are required; every other list may be left out.
            let c = T::COLLECTION;
            if self.done.contains(&c) {
                return;
            }
            let required = matches!(c, Collection::Regions | Collection::Households);
            *T::records_mut(self.reg) = self
                .r
                .list(self.top, &root, c.code(), required, 0, T::read)
                .into_iter()
                .map(std::sync::Arc::new)
                .collect();
        }
    }
    wire::for_each_wire(&mut Lists {
        r: &mut r,
        top,
        reg: &mut registry,
        done: &read_in_passing,
    });
    if !r.problems.is_empty() {
        return Err(r.problems);
    }
    progress.checking();
    Ok(FileAlone {
        exported_at: exported_at.unwrap_or_default(),
        exported_by: exported_by.unwrap_or_default(),
        scope,
        problems: rules::check_contents(&registry),
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
    write::file_text(reg, exported_at, exported_by, scope)
}

/// The part of the registry an export of `region` carries: the region, its ancestors, its
/// descendants and their households (and the household tombstones that were there), the
/// pairings and their visits, the orders of those households and the villages' own projects,
/// the loans of those households, the tasks, the helpers, measures and funds those reach (with
/// the funds' disbursements), and the regions those helpers and funds name.
pub fn subset(reg: &Registry, region_id: &str) -> Registry {
    let ix = Index::new(reg);
    let Some(&r) = ix.region_pos(region_id) else {
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
    let in_subtree = |id: &str| {
        ix.region_pos(id)
            .is_some_and(|&x| ix.region_in_scope(x, Scope::Region(r)))
    };
    // A tombstone says where it was (version 2) and travels with its village; one of version
    // 1 says nothing, carries no personal data, and travels everywhere.
    let households: Records<Household> = reg
        .households
        .iter()
        .filter(|h| match (h.live(), &h.village_id) {
            (Some(b), _) => region_ids.contains(b.village_id.as_str()),
            (None, Some(v)) => in_subtree(v),
            (None, None) => true,
        })
        .cloned()
        .collect();
    let household_ids: HashSet<&str> = households.iter().map(|h| h.id.as_str()).collect();
    let keep = |id: &str| household_ids.contains(id);
    let pairings: Vec<_> = reg
        .pairings
        .iter()
        .filter(|p| p.live().is_none_or(|b| keep(&b.household_id)))
        .cloned()
        .collect();
    let pairing_ids: HashSet<&str> = pairings.iter().map(|p| p.id.as_str()).collect();
    let visits: Vec<_> = reg
        .visits
        .iter()
        .filter(|v| {
            v.live()
                .is_none_or(|b| pairing_ids.contains(b.pairing_id.as_str()))
        })
        .cloned()
        .collect();
    let assistance: Vec<_> = reg
        .assistance
        .iter()
        .filter(|a| {
            a.live()
                .is_none_or(|b| match (&b.household_id, &b.village_id) {
                    (Some(h), _) => keep(h),
                    (None, Some(v)) => in_subtree(v),
                    (None, None) => false,
                })
        })
        .cloned()
        .collect();
    let loans: Vec<_> = reg
        .loans
        .iter()
        .filter(|l| l.live().is_none_or(|b| keep(&b.household_id)))
        .cloned()
        .collect();
    let tasks: Vec<_> = reg
        .tasks
        .iter()
        .filter(|t| t.live().is_none_or(|b| in_subtree(&b.region_id)))
        .cloned()
        .collect();
    // Targets, sample checks and surveys of the regions in reach.
    fn of_regions<T: Clone>(recs: &Records<T>, keep: impl Fn(&T) -> bool) -> Records<T> {
        recs.iter()
            .filter(|x| x.live().is_none_or(&keep))
            .cloned()
            .collect()
    }
    let targets = of_regions(&reg.targets, |t| in_subtree(&t.region_id));
    let sample_checks = of_regions(&reg.sample_checks, |t| in_subtree(&t.region_id));
    let surveys = of_regions(&reg.surveys, |t| in_subtree(&t.region_id));
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
    let mut fund_ids: HashSet<&str> = assistance
        .iter()
        .filter_map(|a| a.live())
        .filter_map(|a| a.fund_id.as_deref())
        .collect();
    fund_ids.extend(loans.iter().filter_map(|l| l.live()?.fund_id.as_deref()));
    fn pick<T: Clone>(recs: &Records<T>, ids: &HashSet<&str>) -> Records<T> {
        recs.iter()
            .filter(|x| ids.contains(x.id.as_str()))
            .cloned()
            .collect()
    }
    let helpers: Records<Helper> = pick(&reg.helpers, &helper_ids);
    let measures: Records<Measure> = pick(&reg.measures, &measure_ids);
    let funds: Records<Fund> = reg
        .funds
        .iter()
        .filter(|f| {
            fund_ids.contains(f.id.as_str())
                || f.live()
                    .and_then(|b| b.region_id.as_deref())
                    .is_some_and(in_subtree)
        })
        .cloned()
        .collect();
    let kept_funds: HashSet<&str> = funds.iter().map(|f| f.id.as_str()).collect();
    let kept_orders: HashSet<&str> = assistance.iter().map(|a| a.id.as_str()).collect();
    // A payment travels with its fund, and only when what it paid for travels too.
    let disbursements: Vec<_> = reg
        .disbursements
        .iter()
        .filter(|d| {
            d.live().is_none_or(|b| {
                kept_funds.contains(b.fund_id.as_str())
                    && b.assistance_id
                        .as_deref()
                        .is_none_or(|a| kept_orders.contains(a))
            })
        })
        .cloned()
        .collect();
    // Helpers and funds carried along may name regions outside the reach: those regions travel
    // too (as context), so that the file stands on its own.
    let mut extra: Vec<&str> = Vec::new();
    extra.extend(
        helpers
            .iter()
            .filter_map(|h| h.live()?.region_id.as_deref()),
    );
    extra.extend(funds.iter().filter_map(|f| f.live()?.region_id.as_deref()));
    for id in extra {
        let mut at = ix.region_pos(id).copied();
        while let Some(x) = at {
            if !regions.insert(x) {
                break;
            }
            at = ix.parent[x];
        }
    }
    // A fund's members outside the reach do not travel: the members list names only households
    // the file carries.
    let funds = funds
        .into_iter()
        .map(|mut f| {
            if f.live().is_some_and(|b| b.members.iter().any(|m| !keep(m))) {
                if let Some(b) = std::sync::Arc::make_mut(&mut f).body.as_mut() {
                    b.members.retain(|m| keep(m));
                }
            }
            f
        })
        .collect();
    Registry {
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
        visits,
        disbursements,
        loans,
        targets,
        sample_checks,
        surveys,
    }
}

/// A file read and planned against the registry, waiting for the person's decision.
pub struct PreparedImport {
    pub file: ExchangeFile,
    pub plan: MergePlan,
}

/// Step 1 of an import: parse, validate against the registry, and plan. Changes nothing.
pub fn prepare_import(local: &Registry, bytes: &[u8]) -> Result<PreparedImport, Vec<Problem>> {
    prepare_import_within(local, bytes, DEFAULT_MAX_FILE_MB)
}

/// [`prepare_import`] with the size limit the device is set to.
pub fn prepare_import_within(
    local: &Registry,
    bytes: &[u8],
    limit_mb: u64,
) -> Result<PreparedImport, Vec<Problem>> {
    prepare_read(local, read_alone(bytes, limit_mb, Progress::none())?)
}

/// Step 1 for a file already read on its own (in the file worker): its references resolved
/// against the registry, and the merge planned.
pub fn prepare_read(local: &Registry, file: FileAlone) -> Result<PreparedImport, Vec<Problem>> {
    let file = file.resolve(Some(local))?;
    let plan = merge::plan(local, &file.registry);
    Ok(PreparedImport { file, plan })
}

/// Step 2: the merged registry, checked against every rule before anything is written
/// ([`merge_import`], then [`check_merged`] with each [`MergedCheck`]).
pub fn finish_import(
    local: &Registry,
    prepared: &PreparedImport,
    decisions: &Decisions,
    replica: &str,
    now: &str,
) -> Result<Registry, Vec<Problem>> {
    let merged = merge_import(local, prepared, decisions, replica, now);
    let mut problems = check_merged(&merged, MergedCheck::Contents);
    problems.extend(check_merged(&merged, MergedCheck::Links));
    merged_unless(merged, problems)
}

/// The registry the import makes, not yet checked.
pub fn merge_import(
    local: &Registry,
    prepared: &PreparedImport,
    decisions: &Decisions,
    replica: &str,
    now: &str,
) -> Registry {
    merge::apply(
        local,
        &prepared.file.registry,
        &prepared.plan,
        decisions,
        replica,
        now,
    )
}

/// The checks of a merged registry, run one at a time so that the page can paint between them
/// (each is tens of milliseconds at a county's size).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MergedCheck {
    /// Every record's own rules.
    Contents,
    /// Every reference between records.
    Links,
}

pub fn check_merged(merged: &Registry, check: MergedCheck) -> Vec<Problem> {
    match check {
        MergedCheck::Contents => rules::check_contents(merged),
        MergedCheck::Links => rules::check_links(merged, None),
    }
}

/// Whether the merged registry holds exactly the file's records, each the very record the rules
/// accepted when the file was read: the registry merged into had no record in any collection,
/// and every one of the file's records was added. The rules look at records alone (never at
/// the settings), so they would find in the merged registry what they found in the file:
/// nothing. An import into an empty registry then skips checking the county a second time.
pub fn merged_is_the_file(local: &Registry, prepared: &PreparedImport, merged: &Registry) -> bool {
    struct Same<'a> {
        local: &'a Registry,
        file: &'a Registry,
        merged: &'a Registry,
        same: bool,
    }
    impl CollectionVisitor for Same<'_> {
        fn visit<T: Body>(&mut self) {
            let (file, merged) = (T::records(self.file), T::records(self.merged));
            self.same &= T::records(self.local).is_empty()
                && file.len() == merged.len()
                && file
                    .iter()
                    .zip(merged)
                    .all(|(f, m)| std::sync::Arc::ptr_eq(f, m));
        }
    }
    let mut same = Same {
        local,
        file: &prepared.file.registry,
        merged,
        same: prepared.file.checked,
    };
    for_each_collection(&mut same);
    same.same
}

/// The merged registry, or its problems, each said to be what the merge would break.
pub fn merged_unless(
    merged: Registry,
    mut problems: Vec<Problem>,
) -> Result<Registry, Vec<Problem>> {
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
                    .find(|r| r.live().is_some_and(|b| b.parent_id.is_none()))
                    .map(|r| &**r),
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
