//! Any bytes given to the importer are refused with problems or accepted; it never panics, and a
//! refused file leaves the registry as it was. Accepted files export and read back the same.
#![no_main]

use jingzhun::domain::model::Registry;
use jingzhun::exchange;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let local = Registry::default();
    match exchange::prepare_import(&local, data) {
        Err(problems) => assert!(!problems.is_empty()),
        Ok(prepared) => {
            let text = exchange::to_json(&prepared.file.registry, "2017-01-01T00:00:00Z", "fuzz", prepared.file.scope.as_deref());
            let again = exchange::parse(text.as_bytes(), None).expect("an accepted file exports to an accepted file");
            assert_eq!(again.registry, prepared.file.registry);
        }
    }
});
