//! Native benchmark of the core (prints numbers; not a test): demo generation, export, import,
//! and recomputing every figure for every region on a generated county.

use std::time::Instant;

use jingzhun::domain::calc;
use jingzhun::domain::date::Date;
use jingzhun::domain::demo;
use jingzhun::domain::index::Index;
use jingzhun::exchange;

fn main() {
    let t = Instant::now();
    let demo_county = demo::county();
    println!(
        "generate demo county: {:.1} ms ({} households)",
        t.elapsed().as_secs_f64() * 1e3,
        demo_county.households.len()
    );
    let reg = demo::large_county(20_000);
    let t = Instant::now();
    let text = exchange::to_json(&reg, "2017-10-23T00:00:00Z", "bench", None);
    println!(
        "export: {:.1} ms, {:.1} MB",
        t.elapsed().as_secs_f64() * 1e3,
        text.len() as f64 / 1e6
    );
    let t = Instant::now();
    serde_json::from_slice::<serde::de::IgnoredAny>(text.as_bytes()).expect("JSON");
    let skim = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let tree = serde_json::from_slice::<serde_json::Value>(text.as_bytes()).expect("JSON");
    let tree_ms = t.elapsed().as_secs_f64() * 1e3;
    drop(tree);
    println!("serde_json alone: the text skimmed {skim:.1} ms, parsed into a tree {tree_ms:.1} ms");
    for (name, readers) in [
        ("typed", exchange::Readers::Typed),
        ("by paths", exchange::Readers::Paths),
    ] {
        let t = Instant::now();
        let read = exchange::read_alone_by(
            text.as_bytes(),
            exchange::DEFAULT_MAX_FILE_MB,
            exchange::Progress::none(),
            readers,
        );
        let ms = t.elapsed().as_secs_f64() * 1e3;
        assert!(read.is_ok(), "the {name} reader takes the file");
        println!("read {name} (with the content rules): {ms:.1} ms");
    }
    let t = Instant::now();
    let file = exchange::parse(text.as_bytes(), None).expect("valid");
    println!(
        "parse + validate: {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    let problems = exchange::rules::check_contents(&file.registry);
    println!(
        "the content rules alone: {:.1} ms ({} problems)",
        t.elapsed().as_secs_f64() * 1e3,
        problems.len()
    );
    snapshot(&file.registry, text.len());
    let t = Instant::now();
    let ix = Index::new(&file.registry);
    let tallies = calc::tallies(&ix, Date::parse(demo::AS_OF).unwrap(), 2017);
    println!(
        "index + tallies of every region: {:.2} ms ({} regions)",
        t.elapsed().as_secs_f64() * 1e3,
        tallies.by_region.len()
    );
    let t = Instant::now();
    let o = jingzhun::domain::report::overview(
        &file.registry,
        None,
        Date::parse(demo::AS_OF).unwrap(),
        2017,
    );
    println!(
        "the whole overview with its breakdown: {:.2} ms ({} rows)",
        t.elapsed().as_secs_f64() * 1e3,
        o.breakdown.len()
    );
    overview_parts(&file.registry);
}

/// Where the overview's time goes: each figure it is made of, timed alone on the same county.
fn overview_parts(reg: &jingzhun::domain::model::Registry) {
    use jingzhun::domain::facts::FactsTable;
    use jingzhun::domain::index::{Indexed, Scope};
    use jingzhun::domain::{exits, helping, rules::Rules};
    use std::sync::Arc;
    let d = Date::parse(demo::AS_OF).unwrap();
    let mut parts: Vec<(&str, f64)> = Vec::new();
    // The fastest of five runs: the part's own cost, not the machine's noise.
    let mut time = |name, f: &mut dyn FnMut()| {
        let fastest = (0..5)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64() * 1e3
            })
            .fold(f64::INFINITY, f64::min);
        parts.push((name, fastest));
    };
    time("whole overview", &mut || {
        jingzhun::domain::report::overview(reg, None, d, 2017);
    });
    // The person's path: one household saved, the screen's lookups follow the edit.
    let before = Indexed::new(Arc::new(reg.clone()));
    // The screen showed the overview before the edit: its facts are there to follow the edit.
    jingzhun::domain::report::overview_in(&before.ix(), None, d, 2017);
    let mut next = reg.clone();
    if let Some(h) = next.households.get_mut(3) {
        Arc::make_mut(h).body.as_mut().unwrap().phone = Some("13900000000".into());
    }
    let next = Arc::new(next);
    time("lookups after one household saved", &mut || {
        Indexed::after(&before, next.clone());
    });
    time("overview after one household saved", &mut || {
        let edited = Indexed::after(&before, next.clone());
        jingzhun::domain::report::overview_in(&edited.ix(), None, d, 2017);
    });
    let mut ix = None;
    time("index", &mut || ix = Some(Index::new(reg)));
    let ix = ix.unwrap();
    let rules = Rules::new(&reg.settings);
    time("household facts", &mut || {
        FactsTable::new(&reg.households, d, 2017);
    });
    let facts = ix.household_facts(d, 2017);
    let mut t = None;
    time("tallies over the facts", &mut || {
        t = Some(calc::tallies_over(&ix, &facts))
    });
    let t = t.unwrap();
    let poor = t.get(Scope::All).poor_people;
    time("incidence", &mut || {
        calc::incidence(&ix, Scope::All, d, poor);
    });
    time("disposable income ×2", &mut || {
        calc::disposable_income(&ix, Scope::All, 2017);
        calc::disposable_income(&ix, Scope::All, 2016);
    });
    time("overdue tasks", &mut || {
        calc::overdue_tasks(&ix, Scope::All, d);
    });
    time("pairing coverage", &mut || {
        helping::pairing_coverage(&ix, Scope::All, d);
    });
    time("loan book", &mut || {
        helping::loan_book(&ix, Scope::All, d);
    });
    time("helper count", &mut || {
        helping::helper_count(&ix, Scope::All, d);
    });
    time("orders by status", &mut || {
        helping::orders_by_status(&ix, Scope::All, d);
    });
    time("funds by source", &mut || {
        calc::funds_by_source(&ix, Scope::All, 2017, d);
    });
    time("delivered quantities", &mut || {
        calc::delivered_quantities(&ix, Scope::All, d);
    });
    let regions = ix.subtree(Scope::All);
    time("incidence of every region", &mut || {
        for &r in &regions {
            let p = t.get(Scope::Region(r)).poor_people;
            calc::incidence(&ix, Scope::Region(r), d, p);
        }
    });
    time("path of every region", &mut || {
        for &r in &regions {
            ix.region_path(r);
        }
    });
    time("exit check of every poor village", &mut || {
        for &r in &regions {
            let Some(region) = ix.region(r) else { continue };
            if calc::is_poor_village_at(region, d) {
                let p = t.get(Scope::Region(r)).poor_people;
                calc::village_exit_check(&ix, r, d, p, &rules);
            }
        }
    });
    time("county exit", &mut || {
        exits::county_exit(&ix, Scope::All, d, poor, &rules);
    });
    let line: Vec<String> = parts.iter().map(|(n, ms)| format!("{n} {ms:.2}")).collect();
    println!("the overview's parts (ms): {}", line.join(", "));
}

/// The store's snapshot of the county: written, and read back, in the binary format and in the
/// JSON chunks of the earlier version.
fn snapshot(reg: &jingzhun::domain::model::Registry, file_bytes: usize) {
    use jingzhun::domain::model::Collection;
    use jingzhun::store::{codec, journal};
    let t = Instant::now();
    let chunks = journal::snapshot_chunks(reg);
    let write = t.elapsed().as_secs_f64() * 1e3;
    let bytes: usize = chunks.iter().map(Vec::len).sum();
    let t = Instant::now();
    let back = journal::reopen(&chunks, &[]).expect("reads back");
    let read = t.elapsed().as_secs_f64() * 1e3;
    assert_eq!(back.len(), reg.len());
    // The earlier version's chunks: each record's exchange JSON, many to a chunk.
    let mut json_chunks = Vec::new();
    for &c in Collection::ALL {
        let mut records = Vec::new();
        for i in 0..codec::count(c, reg) {
            let mut b = Vec::new();
            codec::put_nth(c, reg, i, &mut b);
            let r = codec::read_any(c, &mut codec::Input::new(&b)).expect("reads");
            records.push(jingzhun::exchange::wire::write_any(&r));
            if records.len() == 200 {
                let list = std::mem::take(&mut records);
                json_chunks.push(
                    serde_json::json!({"c": c.code(), "r": list})
                        .to_string()
                        .into_bytes(),
                );
            }
        }
        if !records.is_empty() {
            json_chunks.push(
                serde_json::json!({"c": c.code(), "r": records})
                    .to_string()
                    .into_bytes(),
            );
        }
    }
    let json_bytes: usize = json_chunks.iter().map(Vec::len).sum();
    let t = Instant::now();
    let json_back = journal::reopen(&json_chunks, &[]).expect("reads back");
    let json_read = t.elapsed().as_secs_f64() * 1e3;
    assert_eq!(json_back.len(), reg.len());
    println!(
        "snapshot, binary: {} chunks, {:.1} MB ({:.2}× the file), written {write:.1} ms, read {read:.1} ms; \
         the earlier JSON chunks: {:.1} MB, read {json_read:.1} ms",
        chunks.len(),
        bytes as f64 / 1e6,
        bytes as f64 / file_bytes as f64,
        json_bytes as f64 / 1e6,
    );
}
