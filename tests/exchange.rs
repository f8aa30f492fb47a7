//! The exchange contract: the example and base files import, every export validates against
//! schema.json, the bad-input corpus is refused at the expected path with nothing changed, and
//! the laws of export, import and merge hold (property tests).

mod support;

use jingzhun::text::Locale;
use std::path::PathBuf;
use std::sync::Arc;

use jingzhun::domain::demo;
use jingzhun::domain::merge::{self, Choice, Decisions, Outcome};
use jingzhun::domain::model::*;
use jingzhun::exchange::{self, Problem};
use proptest::prelude::*;
use serde_json::Value;
use support::gen;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The version-2 schema the project keeps: every export validates against it.
fn schema() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(root().join("docs/exchange/schema.json")).unwrap(),
    )
    .unwrap()
}

/// The project keeps a copy of the contract's version-1 schema; when ../shared is here, the copy
/// must still equal it, and version-1 files (the corpus) are what it describes.
#[test]
fn the_version_1_schema_is_the_contracts_and_version_2_only_adds() {
    let ours: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("docs/exchange/schema-v1.json")).unwrap(),
    )
    .unwrap();
    let shared = root().join("../shared/exchange/schema.json");
    if shared.exists() {
        let theirs: Value =
            serde_json::from_str(&std::fs::read_to_string(shared).unwrap()).unwrap();
        assert_eq!(
            ours, theirs,
            "docs/exchange/schema-v1.json differs from ../shared/exchange/schema.json"
        );
    }
    // Additive: every property of every version-1 definition is still there in version 2.
    let v2 = schema();
    for (name, def) in ours["$defs"].as_object().unwrap() {
        for prop in def["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| k)
        {
            assert!(
                v2["$defs"][name]["properties"].get(prop).is_some(),
                "version 2 dropped {name}.{prop}"
            );
        }
    }
    for prop in ours["properties"].as_object().unwrap().keys() {
        assert!(
            v2["properties"].get(prop).is_some(),
            "version 2 dropped {prop}"
        );
    }
}

fn assert_valid(doc: &Value) {
    let schema = schema();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .take(10)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "export does not validate: {errors:#?}");
}

fn export(reg: &Registry, scope: Option<&str>) -> String {
    exchange::to_json(reg, "2017-10-23T08:00:00Z", "tester", scope)
}

#[test]
fn example_and_base_files_import() {
    for path in [
        root().join("tests/corpus/valid-example.json"),
        root().join("tests/corpus/valid-base.json"),
        root().join("../shared/exchange/example.json"),
    ] {
        if !path.exists() {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let file = exchange::parse(&bytes, None)
            .unwrap_or_else(|p| panic!("{}: {:#?}", path.display(), p));
        assert!(!file.registry.households.is_empty());
        // Export of what was read validates and reads back the same.
        let text = export(&file.registry, None);
        assert_valid(&serde_json::from_str(&text).unwrap());
        assert_eq!(
            exchange::parse(text.as_bytes(), None).unwrap().registry,
            file.registry
        );
    }
}

#[test]
fn a_file_with_a_byte_order_mark_imports() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(std::fs::read(root().join("tests/corpus/valid-base.json")).unwrap());
    assert!(exchange::parse(&bytes, None).is_ok());
}

#[test]
fn demo_county_and_each_region_export_validate_and_stand_alone() {
    let reg = demo::county();
    assert_valid(&serde_json::from_str(&export(&reg, None)).unwrap());
    for id in ["r-t0", "r-v3-2"] {
        let part = exchange::subset(&reg, id);
        let text = export(&part, Some(id));
        assert_valid(&serde_json::from_str(&text).unwrap());
        // It imports into an empty registry on its own.
        let file = exchange::parse(text.as_bytes(), None)
            .unwrap_or_else(|p| panic!("{id}: {:?}", &p[..p.len().min(3)]));
        assert_eq!(file.scope.as_deref(), Some(id));
        assert!(
            file.registry.regions.iter().any(|r| r.id == "r-620725"),
            "ancestors travel"
        );
        let ix = jingzhun::domain::index::Index::new(&reg);
        let scope = ix.scope_of(Some(id));
        let want = ix.households_in(scope).count();
        assert_eq!(
            file.registry
                .households
                .iter()
                .filter(|h| h.body.is_some())
                .count(),
            want
        );
    }
}

fn expected_corpus() -> Vec<(String, String, String)> {
    std::fs::read_to_string(root().join("tests/corpus/expected.tsv"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.split('\t').map(str::to_string);
            (
                parts.next().unwrap(),
                parts.next().unwrap_or_default(),
                parts.next().unwrap_or_default(),
            )
        })
        .collect()
}

fn refuse(bytes: &[u8], local: &Registry) -> Vec<Problem> {
    let before = local.clone();
    let result = exchange::prepare_import(local, bytes);
    assert_eq!(*local, before, "a refused file changed the registry");
    match result {
        Ok(_) => Vec::new(),
        Err(p) => p,
    }
}

#[test]
fn the_bad_input_corpus_is_refused_at_the_expected_path() {
    let cases = expected_corpus();
    assert!(
        cases.len() >= 25,
        "the corpus should hold at least 25 files, has {}",
        cases.len()
    );
    let local = exchange::parse(
        &std::fs::read(root().join("tests/corpus/valid-example.json")).unwrap(),
        None,
    )
    .unwrap()
    .registry;
    for (file, path, fragment) in cases {
        let bytes = std::fs::read(root().join("tests/corpus").join(&file)).unwrap();
        for registry in [&Registry::default(), &local] {
            let problems = refuse(&bytes, registry);
            assert!(!problems.is_empty(), "{file} was accepted");
            assert!(
                problems.iter().any(|p| p.path.to_string() == path
                    && p.text(Locale::En)
                        .to_lowercase()
                        .contains(&fragment.to_lowercase())),
                "{file}: expected a problem at `{path}` saying `{fragment}`, got {problems:#?}"
            );
            assert!(problems
                .iter()
                .all(|p| !p.text(Locale::Zh).is_empty() && !p.text(Locale::En).is_empty()));
        }
    }
}

#[test]
fn every_problem_is_listed_not_just_the_first() {
    let mut doc: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/corpus/valid-base.json")).unwrap(),
    )
    .unwrap();
    doc["households"][0]["attribute"] = "rich".into();
    doc["households"][1]["members"][0]["sex"] = "x".into();
    doc["tasks"][0]["due_date"] = "2017-13-01".into();
    let problems = refuse(doc.to_string().as_bytes(), &Registry::default());
    let paths: Vec<String> = problems.iter().map(|p| p.path.to_string()).collect();
    assert_eq!(
        paths,
        [
            "households[0].attribute",
            "households[1].members[0].sex",
            "tasks[0].due_date"
        ]
    );
}

#[test]
fn a_hundred_megabyte_file_is_refused_quickly_and_changes_nothing() {
    let path = std::env::temp_dir().join(format!("jingzhun-100mb-{}.json", std::process::id()));
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        f.write_all(b"{\"format\":\"jingzhun-exchange\",\"version\":1,\"padding\":\"")
            .unwrap();
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..100 {
            f.write_all(&chunk).unwrap();
        }
        f.write_all(b"\"}").unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert!(bytes.len() > 100 << 20);
    // Set to 80 MiB, the device refuses it before reading a byte of it.
    let problems = exchange::parse_within(&bytes, None, 80).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].text(Locale::En).contains("too large"),
        "{problems:?}"
    );
    assert!(exchange::too_large(bytes.len() as u64, 80).is_some());
    assert!(exchange::too_large(bytes.len() as u64, exchange::DEFAULT_MAX_FILE_MB).is_none());
    // Within the default limit it is read, and refused for what it is (an unknown field).
    let problems = refuse(&bytes, &Registry::default());
    assert!(
        problems.iter().any(|p| p.path.to_string() == "padding"),
        "{problems:?}"
    );
}

#[test]
fn references_resolve_in_the_registry_a_file_merges_into() {
    // A village's file that names a helper the township already holds imports into the township.
    let base = exchange::parse(
        &std::fs::read(root().join("tests/corpus/valid-base.json")).unwrap(),
        None,
    )
    .unwrap()
    .registry;
    let mut part = base.clone();
    part.helpers.clear();
    let text = export(&part, None);
    assert!(
        exchange::parse(text.as_bytes(), None).is_err(),
        "alone, the pairing's helper is missing"
    );
    assert!(exchange::prepare_import(&base, text.as_bytes()).is_ok());
}

#[test]
fn migrations_are_in_order_and_newer_versions_are_refused() {
    exchange::check_migrations().unwrap();
    let mut doc: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/corpus/valid-base.json")).unwrap(),
    )
    .unwrap();
    doc["version"] = 7.into();
    let p = refuse(doc.to_string().as_bytes(), &Registry::default());
    assert_eq!(p[0].path.to_string(), "version");
    assert!(p[0].text(Locale::En).contains("version 7"));
}

fn merged(local: &Registry, file: &Registry, decisions: &Decisions) -> Registry {
    let text = export(file, None);
    let prepared = exchange::prepare_import(local, text.as_bytes())
        .unwrap_or_else(|p| panic!("{:?}", &p[..p.len().min(3)]));
    exchange::finish_import(
        local,
        &prepared,
        decisions,
        "local-replica",
        "2017-11-01T00:00:00Z",
    )
    .unwrap()
}

fn sorted(mut reg: Registry) -> Registry {
    jingzhun::store::sort_by_id(&mut reg);
    reg
}

#[test]
fn conflicts_are_found_and_resolved_so_the_result_dominates_both() {
    let base = exchange::parse(
        &std::fs::read(root().join("tests/corpus/valid-base.json")).unwrap(),
        None,
    )
    .unwrap()
    .registry;
    let mut mine = base.clone();
    let mut theirs = base.clone();
    std::sync::Arc::make_mut(&mut mine.households[0])
        .body
        .as_mut()
        .unwrap()
        .group = Some("2社".into());
    *std::sync::Arc::make_mut(&mut mine.households[0])
        .rev
        .entry("mine".into())
        .or_default() += 1;
    std::sync::Arc::make_mut(&mut theirs.households[0])
        .body
        .as_mut()
        .unwrap()
        .group = Some("5社".into());
    *std::sync::Arc::make_mut(&mut theirs.households[0])
        .rev
        .entry("theirs".into())
        .or_default() += 1;
    let plan = merge::plan(&mine, &theirs);
    assert_eq!(plan.count(Collection::Households, Outcome::Conflict), 1);
    let take_theirs = Decisions {
        default: Choice::Incoming,
        ..Default::default()
    };
    let result = merged(&mine, &theirs, &take_theirs);
    assert_eq!(
        result.households[0].body.as_ref().unwrap().group.as_deref(),
        Some("5社")
    );
    // The resolution dominates both sides: importing either again changes nothing.
    assert!(merge::plan(&result, &theirs).is_noop());
    assert!(merge::plan(&result, &mine).is_noop());
    let keep_mine = merged(&mine, &theirs, &Decisions::default());
    assert_eq!(
        keep_mine.households[0]
            .body
            .as_ref()
            .unwrap()
            .group
            .as_deref(),
        Some("2社")
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// Export → import is the identity.
    #[test]
    fn export_then_import_is_the_identity(seed in any::<u64>()) {
        let reg = gen::registry(seed, "");
        let text = export(&reg, None);
        let back = exchange::parse(text.as_bytes(), None).map_err(|p| TestCaseError::fail(format!("{:?}", &p[..p.len().min(3)])))?;
        prop_assert_eq!(back.registry, reg);
    }

    /// Merging a file twice equals merging it once.
    #[test]
    fn merging_twice_equals_merging_once(seed in any::<u64>(), other in any::<u64>()) {
        let local = gen::registry(seed, "a-");
        let file = gen::registry(other, "b-");
        let once = merged(&local, &file, &Decisions::default());
        let twice = merged(&once, &file, &Decisions::default());
        prop_assert_eq!(&once, &twice);
        prop_assert!(merge::plan(&once, &file).is_noop());
    }

    /// A then B equals B then A when neither conflicts with the registry or the other.
    #[test]
    fn merge_order_does_not_matter_without_conflicts(seed in any::<u64>(), a in any::<u64>(), b in any::<u64>()) {
        let local = gen::registry(seed, "l-");
        let fa = gen::registry(a, "a-");
        let fb = gen::registry(b, "b-");
        let ab = merged(&merged(&local, &fa, &Decisions::default()), &fb, &Decisions::default());
        let ba = merged(&merged(&local, &fb, &Decisions::default()), &fa, &Decisions::default());
        prop_assert_eq!(sorted(ab), sorted(ba));
    }

    /// Two copies that each edited different records of a shared registry meet in either order
    /// with the same result, and no edit is lost.
    #[test]
    fn divergent_copies_converge(seed in any::<u64>()) {
        let shared = gen::registry(seed, "");
        let mut x = shared.clone();
        let mut y = shared.clone();
        if let Some(h) = x.households.iter_mut().map(std::sync::Arc::make_mut).find(|h| h.body.is_some()) {
            h.body.as_mut().unwrap().group = Some("x社".into());
            *h.rev.entry("x".into()).or_default() += 1;
        }
        if let Some(t) = y.tasks.iter_mut().map(std::sync::Arc::make_mut).find(|t| t.body.is_some()) {
            t.body.as_mut().unwrap().title = "y任务".into();
            *t.rev.entry("y".into()).or_default() += 1;
        }
        let xy = merged(&x, &y, &Decisions::default());
        let yx = merged(&y, &x, &Decisions::default());
        prop_assert_eq!(sorted(xy.clone()), sorted(yx));
        prop_assert!(xy.tasks.iter().all(|t| t.body.as_ref().is_none_or(|b| t.id != y.tasks.iter().find(|t| t.body.is_some()).unwrap().id || b.title == "y任务")));
    }

    /// Every export of a random registry validates against the schema.
    #[test]
    fn every_export_validates(seed in any::<u64>()) {
        let reg = gen::registry(seed, "");
        assert_valid(&serde_json::from_str(&export(&reg, None)).unwrap());
    }
}

/// The same file with its collections before `format` and `version`: then no record can be
/// read in passing, and the whole-tree reader reads them.
fn collections_first(bytes: &[u8]) -> Option<Vec<u8>> {
    let v: Value = serde_json::from_slice(bytes).ok()?;
    let top = v.as_object()?;
    let mut out = serde_json::Map::new();
    for (k, x) in top
        .iter()
        .filter(|(k, _)| Collection::from_code(k).is_some())
    {
        out.insert(k.clone(), x.clone());
    }
    for (k, x) in top
        .iter()
        .filter(|(k, _)| Collection::from_code(k).is_none())
    {
        out.insert(k.clone(), x.clone());
    }
    serde_json::to_vec(&Value::Object(out)).ok()
}

/// What a read gave, comparable across the two readers: the registry, or the problems as a
/// sorted list of (path, English message).
fn outcome(bytes: &[u8]) -> Result<Registry, Vec<(String, String)>> {
    exchange::parse(bytes, None)
        .map(|f| f.registry)
        .map_err(|p| {
            let mut v: Vec<(String, String)> = p
                .iter()
                .map(|p| (p.path.to_string(), p.text(Locale::En)))
                .collect();
            v.sort();
            v
        })
}

/// A small random change to a file: a field of some record dropped, or given a value of another
/// type, a wrong code, an out-of-range number, a long text.
fn mutate(doc: &mut Value, r: &gen::Rng) {
    let cols: Vec<String> = doc
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, v)| {
            Collection::from_code(k).is_some() && v.as_array().is_some_and(|a| !a.is_empty())
        })
        .map(|(k, _)| k.clone())
        .collect();
    if cols.is_empty() {
        return;
    }
    let c = &cols[r.below(cols.len() as u64) as usize];
    let list = doc[c].as_array_mut().unwrap();
    let k = r.below(list.len() as u64) as usize;
    let Some(obj) = list[k].as_object_mut() else {
        return;
    };
    let keys: Vec<String> = obj.keys().cloned().collect();
    let key = keys[r.below(keys.len() as u64) as usize].clone();
    let replacement = match r.below(7) {
        0 => None,
        1 => Some(Value::Null),
        2 => Some(Value::from("x".repeat(3000))),
        3 => Some(Value::from(-1)),
        4 => Some(Value::from(1e300)),
        5 => Some(serde_json::json!(["a", 1])),
        _ => Some(Value::from("not_a_code")),
    };
    match replacement {
        None => {
            obj.remove(&key);
        }
        Some(v) => {
            obj.insert(key, v);
        }
    }
}

/// Every JSON file of the corpus, as bytes.
fn corpus_json_files() -> Vec<Vec<u8>> {
    std::fs::read_dir(root().join("tests/corpus"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| std::fs::read(e.path()).unwrap())
        .collect()
}

#[test]
fn the_streamed_and_whole_tree_readers_agree_on_every_file() {
    let mut files = corpus_json_files();
    let r = gen::Rng::new(7);
    for seed in 0..400u64 {
        let reg = gen::registry(seed, "m");
        let text = export(&reg, None);
        files.push(text.clone().into_bytes());
        let mut doc: Value = serde_json::from_str(&text).unwrap();
        for _ in 0..1 + r.below(3) {
            mutate(&mut doc, &r);
        }
        files.push(serde_json::to_vec(&doc).unwrap());
    }
    let mut compared = 0;
    let (mut accepted, mut refused) = (0, 0);
    for bytes in &files {
        let Some(other) = collections_first(bytes) else {
            continue;
        };
        let a = outcome(bytes);
        // Reordering goes through a JSON tree, which keeps one of two equal keys.
        if a.as_ref()
            .is_err_and(|p| p.iter().any(|(_, m)| m.contains("given twice")))
        {
            continue;
        }
        let b = outcome(&other);
        match &a {
            Ok(_) => accepted += 1,
            Err(_) => refused += 1,
        }
        assert_eq!(
            a,
            b,
            "the two readers disagree on {}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(200)])
        );
        compared += 1;
    }
    assert!(
        compared > 800 && accepted > 400 && refused > 300,
        "{compared} {accepted} {refused}"
    );
}

#[test]
fn the_file_text_is_the_file_and_says_what_it_is_first() {
    for seed in 0..50 {
        let reg = gen::registry(seed, "w");
        let text = exchange::to_json(&reg, "2017-10-23T08:00:00Z", "w", None);
        assert!(
            text.starts_with("{\"format\":\"jingzhun-exchange\",\"version\":2,"),
            "{}",
            &text[..60]
        );
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            v,
            exchange::write::file(&reg, "2017-10-23T08:00:00Z", "w", None)
        );
    }
}

/// A key given twice inside a record (or inside the settings) is refused where it is — the
/// reader does not silently keep the last — and quoting stays short.
#[test]
fn a_key_given_twice_anywhere_is_refused_with_its_path() {
    let reg = jingzhun::domain::demo::county();
    let text = export(&reg, None);
    let at = text.find("\"members\":[{").unwrap() + "\"members\":[{".len();
    let twice = format!(
        "{}\"name\":\"{}\",{}",
        &text[..at],
        "重".repeat(5000),
        &text[at..]
    );
    let problems = exchange::parse(twice.as_bytes(), None).unwrap_err();
    let dup: Vec<_> = problems
        .iter()
        .filter(|p| p.text(Locale::En).contains("given twice"))
        .collect();
    assert_eq!(dup.len(), 1, "{problems:?}");
    let path = dup[0].path.to_string();
    assert!(
        path.starts_with("households[") && path.ends_with(".members[0].name"),
        "{path}"
    );
    assert!(problems
        .iter()
        .all(|p| p.text(Locale::Zh).chars().count() < 400));
    // The same inside the settings, a part of the file that is no record.
    let twice = text.replacen(
        "\"format\":",
        "\"settings\":{\"a\":1,\"a\":2},\"format\":",
        1,
    );
    let problems = exchange::parse(twice.as_bytes(), None).unwrap_err();
    assert!(
        problems.iter().any(|p| p.path.to_string() == "settings.a"),
        "{problems:?}"
    );
}

/// A sealed envelope as the app writes it is what `docs/exchange/sealed.schema.json` describes.
#[test]
fn a_sealed_envelope_validates_against_its_schema() {
    use jingzhun::exchange::sealed::{self, SealedFile};
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("docs/exchange/sealed.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options()
        .build(&schema)
        .expect("schema compiles");
    for n in [16, 17, 18, 1000] {
        let text = sealed::write(&SealedFile {
            iterations: sealed::ITERATIONS,
            salt: vec![1; sealed::SALT_BYTES],
            iv: vec![2; sealed::IV_BYTES],
            data: vec![3; n],
        });
        let doc: Value = serde_json::from_str(&text).unwrap();
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
}

/// The worker's path — read alone, handed over as a head and chunks, put back together, then
/// resolved against the registry it merges into — gives exactly what the page's own parse gives:
/// the same registry, or the same problems at the same paths, for the corpus and for mutated
/// files, into an empty and into a populated registry.
#[test]
fn a_file_read_in_the_worker_and_handed_over_is_the_file_parsed_in_the_page() {
    use exchange::handoff;
    let mut files = corpus_json_files();
    let r = gen::Rng::new(11);
    for seed in 0..200u64 {
        let text = export(&gen::registry(seed, "w"), None);
        files.push(text.clone().into_bytes());
        let mut doc: Value = serde_json::from_str(&text).unwrap();
        for _ in 0..1 + r.below(3) {
            mutate(&mut doc, &r);
        }
        files.push(serde_json::to_vec(&doc).unwrap());
    }
    let populated = demo::county();
    let (mut accepted, mut refused) = (0, 0);
    for outside in [None, Some(&populated)] {
        for bytes in &files {
            let page = exchange::parse_within(bytes, outside, exchange::DEFAULT_MAX_FILE_MB);
            let worker = match exchange::read_alone(
                bytes,
                exchange::DEFAULT_MAX_FILE_MB,
                exchange::Progress::none(),
            ) {
                Err(p) => {
                    let text = handoff::problems_to_text(&p);
                    Err(handoff::problems_from_text(&text).unwrap())
                }
                Ok(alone) => {
                    let (head, chunks) = handoff::to_parts(&alone);
                    assert!(chunks.iter().all(|c| c.len() <= 60 * 1024));
                    let back = handoff::from_parts(&head, &chunks).unwrap();
                    assert_eq!(back, alone, "the hand-over changed the file");
                    back.resolve(outside)
                }
            };
            match &page {
                Ok(_) => accepted += 1,
                Err(_) => refused += 1,
            }
            assert_eq!(
                page,
                worker,
                "the worker's path disagrees on {}",
                String::from_utf8_lossy(&bytes[..bytes.len().min(200)])
            );
        }
    }
    assert!(accepted > 300 && refused > 200, "{accepted} {refused}");
}

/// The reading tells how far it is, in growing percentages, up to the end of the file.
#[test]
fn reading_a_file_tells_its_progress_in_growing_percentages() {
    use std::cell::RefCell;
    use std::rc::Rc;
    let text = export(&gen::registry(3, "p"), None);
    let county = demo::county();
    let bytes = exchange::to_json(&county, "2026-12-02T00:00:00Z", "test", None).into_bytes();
    let told = Rc::new(RefCell::new(Vec::new()));
    let sink = told.clone();
    let progress = exchange::Progress::to(Some(Box::new(move |p| sink.borrow_mut().push(p))));
    exchange::read_alone(&bytes, exchange::DEFAULT_MAX_FILE_MB, progress).unwrap();
    let mut told = told.borrow().clone();
    assert_eq!(told.pop(), Some(exchange::ImportPhase::Checking));
    let told: Vec<u8> = told
        .into_iter()
        .map(|p| match p {
            exchange::ImportPhase::Reading(p) => p,
            other => panic!("{other:?} while reading"),
        })
        .collect();
    assert!(told.len() >= 5, "told {told:?}");
    assert!(told.windows(2).all(|w| w[0] < w[1]), "told {told:?}");
    assert!(
        *told.last().unwrap() <= 100 && *told.last().unwrap() >= 80,
        "told {told:?}"
    );
    // A small file may tell nothing, but never fails for it.
    exchange::read_alone(
        text.as_bytes(),
        exchange::DEFAULT_MAX_FILE_MB,
        exchange::Progress::to(Some(Box::new(|_| {}))),
    )
    .unwrap();
}

/// Every place in a file below its top level, as a JSON pointer: each record, each field,
/// each item of a list, at any depth.
fn places(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let here = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(here.clone());
                places(x, here, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let here = format!("{at}/{i}");
                out.push(here.clone());
                places(x, here, out);
            }
        }
        _ => {}
    }
}

/// A small change anywhere in a file (a field of a member, a counter of a version vector, an
/// item of a list): dropped, or given a value of another type, a wrong code, an edge of its
/// range, a date that is no date, text with escapes, an unknown field beside it, a tombstone
/// flag. What the path reader finds wrong with it, the typed reader must not take.
fn mutate_anywhere(doc: &mut Value, r: &gen::Rng, fields: &[String]) {
    let mut all = Vec::new();
    places(doc, String::new(), &mut all);
    if all.is_empty() {
        return;
    }
    let at = all[r.below(all.len() as u64) as usize].clone();
    let (parent, last) = at.rsplit_once('/').unwrap();
    let sibling = doc
        .pointer(parent)
        .and_then(Value::as_object)
        .and_then(|m| m.values().nth(r.below(m.len() as u64) as usize).cloned());
    let value = match r.below(22) {
        0 | 1 => None,
        2 => Some(Value::Null),
        3 => Some(Value::from("")),
        4 => Some(Value::from(" ")),
        // Either side of every length limit of the contract.
        5 => {
            Some(Value::from("字".repeat(r.pick(&[
                20, 21, 40, 41, 50, 51, 100, 101, 200, 201, 2000, 2001,
            ]))))
        }
        6 => Some(Value::from(-1)),
        7 => Some(Value::from(0)),
        8 => Some(Value::from(2017.0)),
        9 => Some(Value::from(12.345)),
        10 => Some(Value::from(1e300)),
        11 => Some(serde_json::json!([])),
        12 => Some(serde_json::json!({})),
        13 => Some(Value::from(true)),
        14 => Some(Value::from("2017-02-30")),
        15 => Some(Value::from("2017-02-28")),
        16 => Some(Value::from("a\"b\\c\u{1}")),
        17 => Some(Value::from("not_a_code")),
        18 => sibling,
        19 => Some(Value::from(u64::MAX)),
        20 => Some(Value::from(9_007_199_254_740_992u64)),
        _ => Some(Value::from(1)),
    };
    let Some(container) = doc.pointer_mut(parent) else {
        return;
    };
    match (container, value) {
        (Value::Object(m), None) if r.coin() => {
            m.remove(last);
        }
        (Value::Object(m), None) => {
            m.insert("unknown_field".into(), Value::from(1));
        }
        (Value::Object(m), Some(v)) => {
            if r.below(8) == 0 {
                m.insert("deleted".into(), Value::from(r.coin()));
            } else if r.below(3) == 0 {
                // A field of the contract, where it may or may not belong.
                m.insert(fields[r.below(fields.len() as u64) as usize].clone(), v);
            } else {
                m.insert(last.replace("~1", "/").replace("~0", "~"), v);
            }
        }
        (Value::Array(a), v) => {
            let i: usize = last.parse().unwrap();
            match v {
                None => {
                    a.remove(i);
                }
                Some(v) if r.coin() => a[i] = v,
                Some(_) => {
                    let copy = a[i].clone();
                    a.push(copy);
                }
            }
        }
        _ => {}
    }
}

/// The file with one key of its text given twice (JSON trees cannot hold that).
fn with_a_key_twice(text: &str, r: &gen::Rng) -> Option<String> {
    let starts: Vec<usize> = text.match_indices("{\"").map(|(i, _)| i + 1).collect();
    let at = *starts.get(r.below(starts.len() as u64) as usize)?;
    let end = text[at..].find([',', '}'])? + at;
    let pair = &text[at..end];
    Some(format!("{}{pair},{}", &text[..at], &text[at..]))
}

/// The top-level keys of a file in the order written (`None` if it is no JSON object).
fn top_keys(bytes: &[u8]) -> Option<Vec<String>> {
    struct Keys;
    impl<'de> serde::de::Visitor<'de> for Keys {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut m: A,
        ) -> Result<Vec<String>, A::Error> {
            let mut keys = Vec::new();
            while let Some(k) = m.next_key::<String>()? {
                m.next_value::<serde::de::IgnoredAny>()?;
                keys.push(k);
            }
            Ok(keys)
        }
    }
    use serde::Deserializer as _;
    serde_json::Deserializer::from_slice(bytes)
        .deserialize_map(Keys)
        .ok()
}

/// A file as an export writes it: the header (`format`, `version`, …) first, then the
/// collections. (`serde_json` writes an object's keys sorted, which puts `assistance` first.)
fn header_first(doc: &Value) -> Vec<u8> {
    let Some(top) = doc.as_object() else {
        return serde_json::to_vec(doc).unwrap();
    };
    let (records, header): (Vec<_>, Vec<_>) = top
        .iter()
        .partition(|(k, _)| Collection::from_code(k).is_some());
    let parts: Vec<String> = header
        .into_iter()
        .chain(records)
        .map(|(k, v)| format!("{}:{}", Value::from(k.as_str()), v))
        .collect();
    format!("{{{}}}", parts.join(",")).into_bytes()
}

/// The field names of every kind of object the version-2 schema describes (records, and the
/// objects inside them), each kind's set.
fn fields_by_object() -> Vec<Vec<String>> {
    fn walk(v: &Value, out: &mut Vec<Vec<String>>) {
        match v {
            Value::Object(m) => {
                if let Some(p) = m.get("properties").and_then(Value::as_object) {
                    out.push(p.keys().cloned().collect());
                }
                m.values().for_each(|x| walk(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&schema(), &mut out);
    out
}

/// Files with one field of one object set to a value at an edge of what the contract takes
/// (either side of every length limit, empty, blank, null, a fraction, the wrong type): for
/// every kind of object in a rich file, and every field its kind has, given or not.
fn edge_sweep(kinds: &[Vec<String>]) -> Vec<Vec<u8>> {
    let mut reg = gen::registry(3, "e");
    for h in reg
        .households
        .iter_mut()
        .filter_map(|h| Arc::make_mut(h).body.as_mut())
    {
        for m in &mut h.members {
            m.national_code = Some("6207".into());
        }
    }
    let doc: Value = serde_json::from_str(&export(&reg, None)).unwrap();
    let mut edges: Vec<Value> = [20, 21, 40, 41, 50, 51, 100, 101, 200, 201, 2000, 2001]
        .iter()
        .map(|&n| Value::from("字".repeat(n)))
        .collect();
    edges.extend(
        serde_json::from_str::<Vec<Value>>(
            r#"["", " ", null, -1, 0, 1, 4, 5, 600, 601, 1979, 2100, 2101, 2017.0, 1.5, 0.001,
            1000000000001, true, [], {}, "2017-02-29", "2016-02-29", "x y"]"#,
        )
        .unwrap(),
    );
    let mut all = Vec::new();
    places(&doc, String::new(), &mut all);
    // One object of each kind: the first place with its pattern of list positions.
    let mut patterns = Vec::new();
    let mut out = Vec::new();
    for at in all {
        let Some(obj) = doc.pointer(&at).and_then(Value::as_object) else {
            continue;
        };
        let pattern: String = at
            .split('/')
            .map(|s| if s.parse::<usize>().is_ok() { "*" } else { s })
            .collect::<Vec<_>>()
            .join("/");
        if patterns.contains(&pattern) {
            continue;
        }
        patterns.push(pattern);
        let Some(kind) = kinds
            .iter()
            .filter(|k| obj.keys().all(|f| k.contains(f)))
            .min_by_key(|k| k.len())
        else {
            continue;
        };
        for field in kind {
            for v in &edges {
                let mut changed = doc.clone();
                changed
                    .pointer_mut(&at)
                    .and_then(Value::as_object_mut)
                    .unwrap()
                    .insert(field.clone(), v.clone());
                out.push(header_first(&changed));
            }
        }
    }
    out
}

#[test]
fn the_typed_and_path_readers_agree_on_every_file_and_thousands_of_mutated_ones() {
    let read = |bytes: &[u8], readers| {
        exchange::read_alone_by(
            bytes,
            exchange::DEFAULT_MAX_FILE_MB,
            exchange::Progress::none(),
            readers,
        )
    };
    let mut files: Vec<Vec<u8>> = Vec::new();
    // The corpus, as it is (mostly version 1) and as version 2: the typed reader reads the
    // current version only, and must then agree with the path reader on each.
    for bytes in corpus_json_files() {
        let text = String::from_utf8_lossy(&bytes).replace("\"version\": 1", "\"version\": 2");
        files.push(text.into_bytes());
        files.push(bytes);
    }
    // Every field name of the version-2 contract.
    let mut fields: Vec<String> = schema()["$defs"]
        .as_object()
        .unwrap()
        .values()
        .filter_map(|d| d["properties"].as_object())
        .flat_map(|p| p.keys().cloned())
        .collect();
    fields.sort();
    fields.dedup();
    let r = gen::Rng::new(11);
    for seed in 0..500u64 {
        let reg = gen::registry(seed, "t");
        let text = export(&reg, None);
        files.push(text.clone().into_bytes());
        let doc: Value = serde_json::from_str(&text).unwrap();
        for _ in 0..6 {
            let mut changed = doc.clone();
            for _ in 0..1 + r.below(2) {
                mutate_anywhere(&mut changed, &r, &fields);
            }
            files.push(header_first(&changed));
        }
        files.extend(with_a_key_twice(&text, &r).map(String::into_bytes));
    }
    files.extend(edge_sweep(&fields_by_object()));
    let (mut taken, mut refused, mut older) = (0, 0, 0);
    for bytes in &files {
        let typed = read(bytes, exchange::Readers::Typed);
        let paths = read(bytes, exchange::Readers::Paths);
        let what = || String::from_utf8_lossy(&bytes[..bytes.len().min(300)]).into_owned();
        // A file the typed reader is for: of the current version, which it says before its
        // records, as every export does.
        let current = serde_json::from_slice::<Value>(bytes)
            .is_ok_and(|v| v["version"] == exchange::VERSION)
            && top_keys(bytes).is_some_and(|keys| {
                let first_records = keys.iter().position(|k| Collection::from_code(k).is_some());
                let header = |h: &str| keys.iter().position(|k| k == h);
                let before = |h| matches!((header(h), first_records), (Some(a), Some(b)) if a < b);
                before("format") && before("version")
            });
        match (&typed, &paths) {
            (Ok(t), Ok(p)) => {
                assert_eq!(t, p, "the readers read this file differently: {}", what());
                taken += 1;
            }
            (Ok(_), Err(problems)) => {
                panic!(
                    "the typed reader took a file the path reader refuses ({problems:?}): {}",
                    what()
                )
            }
            (Err(_), Ok(_)) if current => {
                panic!(
                    "the typed reader refused a file the path reader takes: {}",
                    what()
                )
            }
            (Err(_), Ok(_)) => older += 1,
            (Err(none), Err(_)) => {
                assert!(
                    none.is_empty() || none.len() == 1,
                    "the typed reader lists no problems"
                );
                refused += 1;
            }
        }
        // What the app does: the typed reader, else the path reader's every problem.
        assert_eq!(read(bytes, exchange::Readers::Both), paths);
    }
    eprintln!("{taken} taken, {refused} refused, {older} older files read by paths");
    assert!(
        taken > 1000 && refused > 5000 && older > 0,
        "{taken} taken, {refused} refused, {older} older files read by paths"
    );
}
