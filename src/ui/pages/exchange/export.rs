//! Export: the whole registry or one township's or village's reach as an exchange file, and the
//! roster of the same scope. With a passphrase the file is sealed (AES-256-GCM, WebCrypto) and
//! says only that it is sealed and how.

use crate::domain::codes::RegionKind;
use crate::domain::model::Region;
use crate::exchange;
use crate::ui::components::export_buttons::RosterExport;
use crate::ui::components::scope::use_region_choices;
use crate::ui::platform::crypto;
use crate::ui::platform::files::download;
use crate::ui::platform::time::today;
use crate::ui::prelude::*;

#[component]
pub fn Export() -> impl IntoView {
    let state = AppState::expect();
    let chosen = RwSignal::new(String::new());
    let all = use_region_choices();
    // A county is the whole registry: townships and villages are offered.
    let options = Memo::new(move |_| {
        let reg = state.registry().get();
        all.get()
            .into_iter()
            .filter(|(id, _)| {
                reg.live::<Region>(id)
                    .is_some_and(|r| r.kind != RegionKind::County)
            })
            .collect::<Vec<_>>()
    });
    let scope = move || {
        let id = chosen.get_untracked();
        (!id.is_empty()).then_some(id)
    };
    let passphrase = RwSignal::new(String::new());
    let sealing = RwSignal::new(false);
    let export = move |_| {
        let secret = passphrase.get_untracked();
        if !secret.is_empty() && secret.chars().count() < 8 {
            state.warn(msg!(export_passphrase_short));
            return;
        }
        let reg = state.registry().get_untracked();
        let actor = state.actor();
        let file = exchange::export(
            &reg,
            scope().as_deref(),
            &actor.now,
            &actor.replica,
            actor.today,
        );
        if secret.is_empty() {
            download(
                &format!("{}.json", file.file_stem),
                "application/json",
                &file.json,
            );
            return;
        }
        sealing.set(true);
        spawn_local(async move {
            match crypto::seal(file.json.as_bytes(), &secret).await {
                Ok(text) => download(
                    &format!(
                        "{}-{}.json",
                        file.file_stem,
                        tr!(Locale::Zh, export_sealed_suffix)
                    ),
                    "application/json",
                    &text,
                ),
                Err(why) => state.warn(msg!(sealed_failed, why = why)),
            }
            sealing.set(false);
        });
    };
    let roster = Callback::new(move |ids| {
        let ixd = state.indexed.get_untracked();
        crate::domain::roster::table_of_scope(&ixd.ix(), scope().as_deref(), today(), ids)
    });
    view! {
        <section class="card">
            <h2>{t!(export_title)}</h2>
            <label>
                {t!(export_scope)}
                <select
                    data-control="export-scope"
                    on:change=move |ev| chosen.set(event_target_value(&ev))
                >
                    <option value="">{t!(whole_registry)}</option>
                    {move || {
                        options
                            .get()
                            .into_iter()
                            .map(|(id, label)| view! { <option value=id>{label}</option> })
                            .collect_view()
                    }}
                </select>
            </label>
            <label title=t!(
                export_passphrase_note
            )>
                {t!(export_passphrase)}
                <input
                    type="password"
                    autocomplete="new-password"
                    data-control="export-passphrase"
                    prop:value=passphrase
                    on:input=move |ev| passphrase.set(event_target_value(&ev))
                />
            </label>
            <button class="primary" data-control="export" prop:disabled=sealing on:click=export>
                {t!(export_button)}
            </button>
            <p class="muted">{t!(export_passphrase_note)}</p>
            <RosterExport table=roster />
        </section>
    }
}
