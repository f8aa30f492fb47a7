//! 农户: the household list, a household's page and card, its form and panels, the
//! identification board and the quality page.

pub mod card;
pub mod exit_procedure;
pub mod facts;
pub mod form;
pub mod identification;
pub mod list;
pub mod loans;
pub mod monitoring;
pub mod page;
pub mod plan;
pub mod quality;
pub mod status;
pub mod support;

use leptos_router::hooks::use_params_map;

use crate::domain::household_sheet::{self, HouseholdSheet};
use crate::ui::platform::time::today;
use crate::ui::prelude::*;

/// The sheet of the household the address names (`/households/:id…`), following the registry.
fn use_sheet() -> Memo<Option<HouseholdSheet>> {
    let state = AppState::expect();
    let params = use_params_map();
    Memo::new(move |_| {
        let id = params.with(|p| p.get("id")).unwrap_or_default();
        let ixd = state.indexed.get();
        household_sheet::sheet(&ixd.ix(), &id, today())
    })
}
