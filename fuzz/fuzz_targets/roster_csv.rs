//! Any text read as a roster CSV (header guessed as the interface guesses it) ends in a plan or
//! in problems named by row and column, into an empty and into a populated registry.
#![no_main]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use jingzhun::domain::date::Date;
use jingzhun::domain::demo;
use jingzhun::domain::model::Registry;
use jingzhun::domain::roster::{guess_mapping, ImportContext};
use jingzhun::exchange::{csv, roster};
use libfuzzer_sys::fuzz_target;

fn county() -> &'static Registry {
    static COUNTY: OnceLock<Registry> = OnceLock::new();
    COUNTY.get_or_init(demo::county)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(sheet) = csv::read(&text) else { return };
    let mapping = guess_mapping(&sheet.header, &BTreeMap::new());
    let ctx = ImportContext {
        replica: "fuzz",
        now: "2020-01-01T00:00:00Z",
        today: Date::from_ymd(2020, 1, 1).unwrap(),
        id_prefix: "f",
    };
    for local in [&Registry::default(), county()] {
        if let Err(problems) = roster::prepare_roster(local, &sheet, &mapping, &ctx) {
            assert!(!problems.is_empty());
        }
    }
});
