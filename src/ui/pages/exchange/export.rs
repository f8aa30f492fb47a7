//! Export: the whole registry or one township's or village's reach as an exchange file, and the
//! roster of the same scope.

use crate::domain::codes::RegionKind;
use crate::domain::model::Region;
use crate::exchange;
use crate::ui::components::export_buttons::RosterExport;
use crate::ui::components::scope::use_region_choices;
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
    let export = move |_| {
        let reg = state.registry().get_untracked();
        let actor = state.actor();
        let file = exchange::export(
            &reg,
            scope().as_deref(),
            &actor.now,
            &actor.replica,
            actor.today,
        );
        download(
            &format!("{}.json", file.file_stem),
            "application/json",
            &file.json,
        );
    };
    let roster = Callback::new(move |_: ()| {
        let ixd = state.indexed.get_untracked();
        crate::domain::roster::table_of_scope(&ixd.ix(), scope().as_deref(), today())
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
            <button class="primary" data-control="export" on:click=export>
                {t!(export_button)}
            </button>
            <RosterExport table=roster />
        </section>
    }
}
