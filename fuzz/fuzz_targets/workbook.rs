//! Any bytes given as a spreadsheet file end in a sheet of text or a message, never a panic.
#![no_main]

use jingzhun::exchange::workbook::read_first_sheet;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read_first_sheet(data.to_vec());
});
