//! A sealed exchange file waiting for its passphrase: typed, unlocked by WebCrypto, then checked
//! and previewed like any file. A wrong passphrase is told as such and changes nothing.

use std::sync::Arc;

use crate::exchange::sealed::SealedFile;
use crate::ui::platform::crypto::{self, OpenError};
use crate::ui::prelude::*;

#[component]
pub fn Unlock(
    name: String,
    file: Arc<SealedFile>,
    /// The file's name and its opened bytes.
    unlocked: Callback<(String, Vec<u8>)>,
) -> impl IntoView {
    let passphrase = RwSignal::new(String::new());
    let working = RwSignal::new(false);
    let failed: RwSignal<Option<Msg>> = RwSignal::new(None);
    let lang = use_lang();
    let shown = name.clone();
    let unlock = move || {
        let (name, file, secret) = (name.clone(), file.clone(), passphrase.get_untracked());
        working.set(true);
        failed.set(None);
        spawn_local(async move {
            match crypto::open(&file, &secret).await {
                Ok(bytes) => unlocked.run((name, bytes)),
                Err(OpenError::Wrong) => failed.set(Some(msg!(sealed_wrong_passphrase))),
                Err(OpenError::Failed(why)) => failed.set(Some(msg!(sealed_failed, why = why))),
            }
            working.set(false);
        });
    };
    let on_key = {
        let unlock = unlock.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Enter" {
                unlock();
            }
        }
    };
    view! {
        <section class="card" data-stage="locked">
            <h2>{shown}</h2>
            <p>{t!(sealed_needs_passphrase)}</p>
            <input
                type="password"
                autocomplete="off"
                data-control="import-passphrase"
                prop:value=passphrase
                on:input=move |ev| passphrase.set(event_target_value(&ev))
                on:keydown=on_key
            />
            <button
                class="primary"
                data-control="import-unlock"
                prop:disabled=working
                on:click=move |_| unlock()
            >
                {move || {
                    if working.get() {
                        tr!(lang.get(), sealed_unlocking)
                    } else {
                        tr!(lang.get(), sealed_unlock)
                    }
                }}
            </button>
            {move || {
                failed
                    .get()
                    .map(|m| {
                        view! {
                            <p class="error" data-error="passphrase">
                                {m.render(lang.get())}
                            </p>
                        }
                    })
            }}
        </section>
    }
}
