//! Verdicts and yes/no facts in words.

use crate::domain::calc::Verdict;
use crate::ui::prelude::*;

/// 达标 / 未达标 / 未知.
pub fn verdict_text(v: Verdict, l: Locale) -> &'static str {
    match v {
        Verdict::Met => tr!(l, verdict_met),
        Verdict::Failed => tr!(l, verdict_failed),
        Verdict::Unknown => tr!(l, unknown),
    }
}

/// The verdict's code for `data-verdict`.
pub fn verdict_code(v: Verdict) -> &'static str {
    match v {
        Verdict::Met => "met",
        Verdict::Failed => "failed",
        Verdict::Unknown => "unknown",
    }
}

/// 是 / 否 / — for a fact that may be unrecorded.
pub fn yes_no_text(b: Option<bool>, l: Locale) -> &'static str {
    match b {
        Some(true) => tr!(l, yes),
        Some(false) => tr!(l, no),
        None => "—",
    }
}
