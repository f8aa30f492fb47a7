//! 帮扶: helpers and pairing, the menu and plans (一户一法, 一村一策), funds and payments, loans.
//! The household page's own helping panels are in `households/` (support, plan, loans).

pub mod funds;
pub mod helper;
pub mod helpers;
pub mod loans;
pub mod measures;
pub mod plans;
