//! "A new version is available": offered, never forced (it takes over only when the person
//! clicks, so never under an open form).

use crate::ui::platform::sw::accept_update;
use crate::ui::prelude::*;

#[component]
pub fn UpdateBanner() -> impl IntoView {
    let state = AppState::expect();
    move || {
        state.update_ready.get().then(|| {
            view! {
                <div class="notice update" data-notice="update">
                    <span>{t!(update_available)}</span>
                    <button data-control="update-now" on:click=move |_| accept_update()>
                        {t!(update_now)}
                    </button>
                    <button on:click=move |_| {
                        state.update_ready.set(false)
                    }>{t!(update_later)}</button>
                </div>
            }
        })
    }
}
