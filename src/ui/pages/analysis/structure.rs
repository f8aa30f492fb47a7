//! 致贫原因与结构: causes and attributes.

use super::{in_scope, scope_title};
use crate::domain::analysis;
use crate::ui::components::charts::{Bar, BarChart};
use crate::ui::components::scope::use_scope_and_date;
use crate::ui::components::subnav::AnalysisNav;
use crate::ui::prelude::*;

#[component]
pub fn StructurePage() -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let (scope, as_of, _) = use_scope_and_date();
    let poor_only = RwSignal::new(true);
    let data = Memo::new(move |_| {
        in_scope(state, scope.get().as_deref(), |ix, s| {
            analysis::structure(ix, s, as_of.get(), poor_only.get())
        })
    });
    view! {
        <AnalysisNav />
        <h1>
            {move || tr!(lang.get(), analysis_causes_structure)}
            <span class="muted">
                {move || {
                    format!(
                        " · {}",
                        scope_title(state, scope.get().as_deref(), as_of.get(), lang.get()),
                    )
                }}
            </span>
        </h1>
        <label class="controls">
            <input
                type="checkbox"
                prop:checked=move || poor_only.get()
                on:change=move |ev| poor_only.set(event_target_checked(&ev))
            />
            {move || tr!(lang.get(), analysis_poor_households_only_else_every)}
        </label>
        {move || {
            let s = data.get();
            let l = lang.get();
            let causes: Vec<Bar> = s
                .by_cause
                .iter()
                .map(|(c, (hh, ppl))| Bar {
                    label: c.label(l).to_string(),
                    value: *hh as f64,
                    text: format!("{hh} / {ppl}"),
                })
                .collect();
            let attrs: Vec<Bar> = s
                .by_attribute
                .iter()
                .map(|(a, (hh, ppl))| Bar {
                    label: a.label(l).to_string(),
                    value: *hh as f64,
                    text: format!("{hh} / {ppl}"),
                })
                .collect();
            let labor: Vec<Bar> = s
                .by_labor
                .iter()
                .map(|(k, n)| Bar {
                    label: k
                        .map(|x| x.label(l))
                        .unwrap_or(tr!(l, analysis_not_recorded))
                        .to_string(),
                    value: *n as f64,
                    text: n.to_string(),
                })
                .collect();
            let health: Vec<Bar> = s
                .by_health
                .iter()
                .map(|(k, n)| Bar {
                    label: k
                        .map(|x| x.label(l))
                        .unwrap_or(tr!(l, analysis_not_recorded))
                        .to_string(),
                    value: *n as f64,
                    text: n.to_string(),
                })
                .collect();
            view! {
                <div class="columns">
                    <section class="card">
                        <h2>{tr!(l, analysis_main_cause_households_people)}</h2>
                        <BarChart bars=causes name="causes" />
                    </section>
                    <section class="card">
                        <h2>{tr!(l, analysis_attribute_households_people)}</h2>
                        <BarChart bars=attrs name="attributes" />
                    </section>
                    <section class="card">
                        <h2>{tr!(l, analysis_labour_capacity_people)}</h2>
                        <BarChart bars=labor name="labor" />
                    </section>
                    <section class="card">
                        <h2>{tr!(l, analysis_health_people)}</h2>
                        <BarChart bars=health name="health" />
                    </section>
                </div>
            }
        }}
    }
}
