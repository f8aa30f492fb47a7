//! The overview's analyses: 进退监测, 退出检查, 防返贫监测, 致贫原因与结构, 多维贫困, and the report.
//! Each takes the scope and date from the URL and shows what `domain::analysis` computes.

pub mod exit_checks;
pub mod monitoring;
pub mod multidimensional;
pub mod relapse;
pub mod report;
pub mod structure;

use crate::domain::analysis::MOVE_STATUSES;
use crate::domain::codes::Status;
use crate::domain::index::{Index, Scope};
use crate::ui::prelude::*;

/// Runs `f` over the current registry's index and the scope the URL names.
fn in_scope<T>(state: AppState, scope: Option<&str>, f: impl FnOnce(&Index, Scope) -> T) -> T {
    let ixd = state.indexed.get();
    let ix = ixd.ix();
    let s = ix.scope_of(scope);
    f(&ix, s)
}

/// The heading of a kind of move in the monitoring tables.
fn move_label(k: usize, l: Locale) -> &'static str {
    match MOVE_STATUSES[k] {
        Status::Poor => tr!(l, analysis_entries),
        Status::Exited => tr!(l, analysis_exits),
        Status::Returned => tr!(l, analysis_relapses),
        s => s.label(l),
    }
}

/// "县 / 乡 · 2017-10-23", or the whole registry.
fn scope_title(state: AppState, scope: Option<&str>, d: Date, l: Locale) -> String {
    let path = in_scope(state, scope, |ix, s| ix.scope_path(s));
    format!(
        "{} · {d}",
        path.unwrap_or_else(|| tr!(l, whole_registry).to_string())
    )
}
