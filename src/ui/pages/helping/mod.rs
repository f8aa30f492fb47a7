//! The helping half: helpers and pairing, the assistance menu and plans, funds.

pub mod funds;
pub mod helpers;
pub mod measures;
