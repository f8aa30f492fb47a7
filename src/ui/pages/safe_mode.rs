//! Safe mode (安全模式): what the app shows when the stored data cannot be opened — records the
//! current rules refuse, or a database written by a newer version. Never a dead end: the reason
//! in words, every stored record exported as it is, the backups to restore, and a reload.
//! And what it shows when the browser deleted the store: that it was lost, not an empty registry.

use crate::ui::lazy::LazyBackupsCard;
use crate::ui::platform::files::download;
use crate::ui::platform::time::now;
use crate::ui::prelude::*;

#[component]
pub fn SafeMode(why: Msg) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let export = Action::new_local(move |_: &()| async move {
        match state.salvage().await {
            Ok((text, left_out)) => {
                let name = format!("jingzhun-原样导出-{}.json", now().get(..10).unwrap_or("0"));
                download(&name, "application/json", &text);
                if left_out == 0 {
                    state.say(msg!(safe_mode_exported, name = name));
                } else {
                    state.warn(msg!(safe_mode_left_out, name = name, n = left_out));
                }
            }
            Err(e) => state.warn(e.message()),
        }
    });
    view! {
        <section class="card safe-mode" data-state="safe-mode">
            <h1>{t!(safe_mode_title)}</h1>
            <p class="error" data-state="failed">
                {move || why.render(lang.get())}
            </p>
            <p>{t!(safe_mode_explain)}</p>
            <button
                class="primary"
                data-control="safe-export"
                on:click=move |_| {
                    export.dispatch(());
                }
            >
                {t!(safe_mode_export)}
            </button>
            " "
            <button data-control="safe-reload" on:click=move |_| state.reload()>
                {t!(safe_mode_reload)}
            </button>
        </section>
        <LazyBackupsCard />
    }
}

/// The store the browser deleted (数据已被浏览器删除): what it held when last saved, where the
/// records come back from, and a way on — an empty registry, taken on purpose, with the import
/// open.
#[component]
pub fn StoreLost(why: Msg) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let navigate = leptos_router::hooks::use_navigate();
    let start_again = move |_| {
        crate::store::idb::IdbStore::accept_loss();
        state.reload();
        navigate("/exchange", Default::default());
    };
    view! {
        <section class="card safe-mode" data-state="store-lost">
            <h1>{t!(store_lost_title)}</h1>
            <p class="error" data-state="lost">
                {move || why.render(lang.get())}
            </p>
            <p>{t!(store_lost_explain)}</p>
            <button class="primary" data-control="lost-start-again" on:click=start_again>
                {t!(store_lost_start_again)}
            </button>
        </section>
    }
}
