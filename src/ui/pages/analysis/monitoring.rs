//! 进退监测: moves per year and month, the households behind each count, the trend.

use super::{in_scope, move_label, scope_title};
use crate::domain::analysis::{self, MOVE_STATUSES};
use crate::ui::components::charts::LineChart;
use crate::ui::components::scope::use_scope_and_date;
use crate::ui::components::subnav::AnalysisNav;
use crate::ui::prelude::*;

#[component]
pub fn MonitoringPage() -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let (scope, as_of, _) = use_scope_and_date();
    let month_year = RwSignal::new(None::<i32>);
    let selected = RwSignal::new(None::<(usize, Date, Date, String)>);
    let data = Memo::new(move |_| {
        let d = as_of.get();
        let year = month_year.get().unwrap_or(d.year());
        in_scope(state, scope.get().as_deref(), |ix, s| {
            (
                analysis::moves_by_year(ix, s, d),
                analysis::moves_by_month(ix, s, year),
                analysis::trend(ix, s, d),
                year,
            )
        })
    });
    let list = Memo::new(move |_| {
        let (k, from, to, _) = selected.get()?;
        Some(in_scope(state, scope.get().as_deref(), |ix, s| {
            analysis::moves_list(ix, s, MOVE_STATUSES[k], from, to)
                .into_iter()
                .map(|(h, m)| (ix.household_line(h), m.date, m.people))
                .collect::<Vec<_>>()
        }))
    });
    let table = move |rows: Vec<analysis::PeriodMoves>, kind: &'static str| {
        let l = lang.get();
        view! {
            <div class="scroll-x">
                <table class="table" data-table=kind>
                    <thead>
                        <tr>
                            <th>{tr!(l, analysis_period)}</th>
                            {(0..5)
                                .map(|k| {
                                    view! {
                                        <th class="num" colspan="2">
                                            {move_label(k, l)}
                                        </th>
                                    }
                                })
                                .collect_view()}
                        </tr>
                        <tr>
                            <th></th>
                            {(0..5)
                                .map(|_| {
                                    view! {
                                        <th class="num">{tr!(l, analysis_hh)}</th>
                                        <th class="num">{tr!(l, people_unit)}</th>
                                    }
                                })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|p| {
                                let (from, to) = (
                                    p.from.unwrap_or(Date::from_days(0)),
                                    p.to.unwrap_or(Date::from_days(0)),
                                );
                                let label = p.label.clone();
                                view! {
                                    <tr data-period=p.label.clone()>
                                        <td>{p.label.clone()}</td>
                                        {p
                                            .counts
                                            .iter()
                                            .enumerate()
                                            .map(|(k, (hh, ppl))| {
                                                let label = label.clone();
                                                let code = MOVE_STATUSES[k].code();
                                                view! {
                                                    <td class="num">
                                                        <button
                                                            class="link"
                                                            data-metric=format!("moves.{code}.households")
                                                            data-value=hh.to_string()
                                                            on:click=move |_| {
                                                                selected.set(Some((k, from, to, label.clone())))
                                                            }
                                                        >
                                                            {*hh}
                                                        </button>
                                                    </td>
                                                    <td
                                                        class="num"
                                                        data-metric=format!("moves.{code}.people")
                                                        data-value=ppl.to_string()
                                                    >
                                                        {*ppl}
                                                    </td>
                                                }
                                            })
                                            .collect_view()}
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
    };
    view! {
        <AnalysisNav />
        <h1>
            {move || tr!(lang.get(), analysis_dynamic_monitoring_entries_exits)}
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
            <h2>{move || tr!(lang.get(), analysis_year)}</h2>
            {move || table(data.get().0, "moves-by-year")}
        </section>
        <section class="card">
            <h2>
                {move || tr!(lang.get(), analysis_month)}" "
                <input
                    type="number"
                    min="1980"
                    max="2100"
                    data-control="month-year"
                    prop:value=move || data.get().3.to_string()
                    on:change=move |ev| month_year.set(event_target_value(&ev).parse().ok())
                />
            </h2>
            {move || table(data.get().1, "moves-by-month")}
        </section>
        {move || {
            list.get()
                .zip(selected.get())
                .map(|(rows, (k, _, _, label))| {
                    let l = lang.get();
                    view! {
                        <section class="card" data-list="moves">
                            <h2>{format!("{label} {} · {}", move_label(k, l), rows.len())}</h2>
                            <table class="table">
                                <tbody>
                                    {rows
                                        .into_iter()
                                        .take(500)
                                        .map(|(h, date, people)| {
                                            view! {
                                                <tr data-household-id=h.id.clone()>
                                                    <td>
                                                        <A href=format!("/households/{}", h.id)>{h.head}</A>
                                                    </td>
                                                    <td>{h.village}</td>
                                                    <td>{date.to_string()}</td>
                                                    <td class="num">{people}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </section>
                    }
                })
        }}
        <section class="card">
            <h2>{move || tr!(lang.get(), analysis_poor_people_incidence_each_years)}</h2>
            {move || {
                let trend = data.get().2;
                let l = lang.get();
                let points = trend
                    .iter()
                    .map(|t| (
                        t.year.to_string(),
                        t.poor_people as f64,
                        crate::domain::money::group_digits(t.poor_people as i128),
                    ))
                    .collect();
                view! {
                    <LineChart points=points name="trend" />
                    <table class="table" data-table="trend">
                        <thead>
                            <tr>
                                <th>{tr!(l, year)}</th>
                                <th class="num">{tr!(l, poor_households)}</th>
                                <th class="num">{tr!(l, poor_people)}</th>
                                <th class="num">{tr!(l, analysis_incidence)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {trend
                                .into_iter()
                                .map(|t| {
                                    view! {
                                        <tr data-year=t.year.to_string()>
                                            <td>{t.year}</td>
                                            <td class="num">{t.poor_households}</td>
                                            <td class="num">{t.poor_people}</td>
                                            <td
                                                class="num"
                                                data-metric="trend_incidence_percent"
                                                data-value=t
                                                    .incidence
                                                    .map(|r| r.percent_text())
                                                    .unwrap_or_default()
                                            >
                                                {t
                                                    .incidence
                                                    .map(|r| format!("{}%", r.percent_text()))
                                                    .unwrap_or_else(|| tr!(l, unknown).to_string())}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
            }}
        </section>
    }
}
