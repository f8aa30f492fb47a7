//! What a page shows for an address or record that does not exist.

use crate::ui::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <p class="muted" data-state="not-found">
            {t!(not_found)}
        </p>
    }
}
