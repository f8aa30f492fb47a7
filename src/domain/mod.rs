//! The registry and every calculation on it: plain Rust, no browser, tested natively.

pub mod analysis;
pub mod calc;
pub mod codes;
pub mod date;
pub mod demo;
pub mod edit;
pub mod form;
pub mod funds;
pub mod helper_list;
pub mod helping;
pub mod household_list;
pub mod household_sheet;
pub mod id_number;
pub mod index;
pub mod merge;
pub mod model;
pub mod money;
pub mod notice;
pub mod orders;
pub mod pairing;
pub mod quality;
pub mod regions;
pub mod report;
pub mod roster;
pub mod rules;
pub mod table;
