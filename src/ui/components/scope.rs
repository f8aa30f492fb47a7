//! The scope and as-of date of the overview and its analyses, from the URL
//! (`?as_of=YYYY-MM-DD&scope=<region id>&income_year=YYYY`).

use leptos_router::hooks::use_query_map;

use crate::ui::platform::time::today;
use crate::ui::prelude::*;

/// The scope (a region id), the as-of date and the income year the URL names.
pub fn use_scope_and_date() -> (Memo<Option<String>>, Memo<Date>, Memo<i32>) {
    let query = use_query_map();
    let scope = Memo::new(move |_| query.with(|q| q.get("scope")).filter(|s| !s.is_empty()));
    let as_of = Memo::new(move |_| {
        query
            .with(|q| q.get("as_of"))
            .and_then(|s| Date::parse(&s))
            .unwrap_or_else(today)
    });
    let income_year = Memo::new(move |_| {
        query
            .with(|q| q.get("income_year"))
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| as_of.get().year())
    });
    (scope, as_of, income_year)
}

/// The overview's address for a scope, a date and an income year.
pub fn overview_url(scope: Option<&str>, as_of: Date, income_year: Option<i32>) -> String {
    let mut q = format!("/?as_of={as_of}");
    if let Some(s) = scope {
        q.push_str(&format!("&scope={s}"));
    }
    if let Some(y) = income_year {
        q.push_str(&format!("&income_year={y}"));
    }
    q
}

/// Every live region, indented by depth, for a scope select.
pub fn use_region_choices() -> Memo<Vec<(String, String)>> {
    let state = AppState::expect();
    Memo::new(move |_| state.indexed.get().ix().region_choices())
}

/// Every live village with its path, for a village select.
pub fn use_village_choices() -> Memo<Vec<(String, String)>> {
    let state = AppState::expect();
    Memo::new(move |_| state.indexed.get().ix().village_choices())
}
