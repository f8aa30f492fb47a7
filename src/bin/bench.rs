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
    let file = exchange::parse(text.as_bytes(), None).expect("valid");
    println!(
        "parse + validate: {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
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
}
