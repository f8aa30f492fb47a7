//! 多维贫困: Alkire–Foster with chosen indicators, weights and k.

use super::{in_scope, scope_title};
use crate::domain::analysis::{self, AfOptions, Indicator};
use crate::domain::codes::RegionKind;
use crate::domain::index::Scope;
use crate::domain::rules::Rules;
use crate::ui::components::charts::{Bar, BarChart};
use crate::ui::components::scope::use_scope_and_date;
use crate::ui::components::subnav::AnalysisNav;
use crate::ui::prelude::*;

#[component]
pub fn MultidimensionalPage() -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let (scope, as_of, _) = use_scope_and_date();
    let options = RwSignal::new(AfOptions::default());
    let result = Memo::new(move |_| {
        let opts = options.get();
        in_scope(state, scope.get().as_deref(), |ix, s| {
            let rules = Rules::new(&ix.reg.settings);
            let all = analysis::alkire_foster(ix, s, as_of.get(), &rules, &opts);
            let villages: Vec<(String, String, f64, f64)> = ix
                .subtree(s)
                .into_iter()
                .filter(|&r| ix.region(r).is_some_and(|x| x.kind == RegionKind::Village))
                .map(|r| {
                    let v =
                        analysis::alkire_foster(ix, Scope::Region(r), as_of.get(), &rules, &opts);
                    (ix.reg.regions[r].id.clone(), ix.region_path(r), v.m0, v.h)
                })
                .collect();
            (all, villages)
        })
    });
    let toggle = move |i: Indicator, on: bool| {
        options.update(|o| {
            o.indicators.retain(|(x, _)| *x != i);
            if on {
                o.indicators.push((i, 1.0));
                o.indicators.sort_by_key(|(x, _)| *x);
            }
        })
    };
    let pct = |x: f64| format!("{:.2}", x * 100.0);
    view! {
        <AnalysisNav />
        <h1>
            {move || tr!(lang.get(), analysis_multidimensional_poverty_alkire_foster)}
            <span class="muted">
                {move || {
                    format!(
                        " · {}",
                        scope_title(state, scope.get().as_deref(), as_of.get(), lang.get()),
                    )
                }}
            </span>
        </h1>
        <section class="card">
            <p class="muted small">
                {move || tr!(lang.get(), analysis_covers_every_counted_member_households)}
            </p>
            <table class="table">
                <thead>
                    <tr>
                        <th>{move || tr!(lang.get(), analysis_indicator)}</th>
                        <th class="num">{move || tr!(lang.get(), analysis_weight)}</th>
                    </tr>
                </thead>
                <tbody>
                    {Indicator::ALL
                        .iter()
                        .map(|&i| {
                            let on = move || {
                                options.with(|o| o.indicators.iter().any(|(x, _)| *x == i))
                            };
                            let weight = move || {
                                options
                                    .with(|o| {
                                        o.indicators.iter().find(|(x, _)| *x == i).map(|(_, w)| *w)
                                    })
                                    .unwrap_or(0.0)
                            };
                            view! {
                                <tr data-indicator=i.code()>
                                    <td>
                                        <label>
                                            <input
                                                type="checkbox"
                                                prop:checked=on
                                                on:change=move |ev| toggle(i, event_target_checked(&ev))
                                            />
                                            {move || i.label(lang.get())}
                                        </label>
                                    </td>
                                    <td class="num">
                                        <input
                                            type="number"
                                            min="0"
                                            step="0.1"
                                            class="narrow"
                                            prop:value=move || format!("{:.3}", weight())
                                            disabled=move || !on()
                                            on:change=move |ev| {
                                                if let Ok(w) = event_target_value(&ev).parse::<f64>() {
                                                    if w >= 0.0 {
                                                        options
                                                            .update(|o| {
                                                                if let Some(e) = o
                                                                    .indicators
                                                                    .iter_mut()
                                                                    .find(|(x, _)| *x == i)
                                                                {
                                                                    e.1 = w;
                                                                }
                                                            });
                                                    }
                                                }
                                            }
                                        />
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <label>
                {move || tr!(lang.get(), analysis_cutoff_k_0_1)}" "
                <input
                    type="number"
                    min="0"
                    max="1"
                    step="0.05"
                    data-control="af-k"
                    prop:value=move || format!("{:.3}", options.with(|o| o.k))
                    on:change=move |ev| {
                        if let Ok(k) = event_target_value(&ev).parse::<f64>() {
                            if (0.0..=1.0).contains(&k) {
                                options.update(|o| o.k = k);
                            }
                        }
                    }
                />
            </label>
        </section>
        {move || {
            let (r, villages) = result.get();
            let l = lang.get();
            let bars: Vec<Bar> = villages
                .iter()
                .map(|(_, name, m0, _)| Bar {
                    label: name.rsplit(" / ").next().unwrap_or(name).to_string(),
                    value: *m0,
                    text: format!("{:.4}", m0),
                })
                .collect();
            view! {
                <section class="figures">
                    <div class="figure">
                        <div class="figure-label">{tr!(l, analysis_headcount_h)}</div>
                        <div class="figure-value" data-metric="af_h" data-value=pct(r.h)>
                            {format!("{}%", pct(r.h))}
                        </div>
                        <div class="figure-note">{format!("{} / {}", r.poor_people, r.people)}</div>
                    </div>
                    <div class="figure">
                        <div class="figure-label">{tr!(l, analysis_intensity)}</div>
                        <div class="figure-value" data-metric="af_a" data-value=pct(r.a)>
                            {format!("{}%", pct(r.a))}
                        </div>
                    </div>
                    <div class="figure">
                        <div class="figure-label">{tr!(l, analysis_m0_h)}</div>
                        <div
                            class="figure-value"
                            data-metric="af_m0"
                            data-value=format!("{:.4}", r.m0)
                        >
                            {format!("{:.4}", r.m0)}
                        </div>
                    </div>
                </section>
                <section class="card">
                    <table class="table" data-table="af-indicators">
                        <thead>
                            <tr>
                                <th>{tr!(l, analysis_indicator)}</th>
                                <th class="num">{tr!(l, analysis_censored_headcount)}</th>
                                <th class="num">{tr!(l, analysis_contribution)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {r
                                .indicators
                                .iter()
                                .map(|(i, ch, c)| {
                                    view! {
                                        <tr>
                                            <td>{i.label(l)}</td>
                                            <td class="num">{format!("{}%", pct(*ch))}</td>
                                            <td class="num">{format!("{}%", pct(*c))}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </section>
                <section class="card">
                    <h2>{tr!(l, analysis_m0_village)}</h2>
                    <BarChart bars=bars name="af-villages" />
                </section>
            }
        }}
    }
}
