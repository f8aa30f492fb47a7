//! The printable report of a scope and date (headline, breakdown, entries and exits, exit
//! checks, the helping half: pairing, orders, funds, loans) and its workbook, both from the same
//! domain tables.

use super::in_scope;
use crate::domain::analysis::{self, MOVE_STATUSES};
use crate::domain::calc::Criterion;
use crate::domain::helping_tables;
use crate::domain::report::{self, Metric};
use crate::domain::rules::Rules;
use crate::ui::components::export_buttons::offer_workbook;
use crate::ui::components::scope::use_scope_and_date;
use crate::ui::components::subnav::AnalysisNav;
use crate::ui::components::table_view::TableView;
use crate::ui::prelude::*;

/// A printable A4 report of the scope and date: headline, breakdown, monitoring, exit checks.
#[component]
pub fn ReportPage() -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let (scope, as_of, income_year) = use_scope_and_date();
    let data = Memo::new(move |_| {
        let ixd = state.indexed.get();
        let o = report::overview_in(
            &ixd.ix(),
            scope.get().as_deref(),
            as_of.get(),
            income_year.get(),
        );
        let (years, checks) = in_scope(state, scope.get().as_deref(), |ix, s| {
            let rules = Rules::new(&ix.reg.settings);
            let c = analysis::exit_checks(ix, s, income_year.get(), &rules);
            (
                analysis::moves_by_year(ix, s, as_of.get()),
                (c.rows.len(), c.passing(), c.per_criterion),
            )
        });
        (o, years, checks)
    });
    let workbook = move |_| {
        let (o, years, (_, _, per)) = data.get_untracked();
        let l = lang.get_untracked();
        let mut tables = report::workbook(&o, &years, &per, l);
        tables.extend(helping_tables::report_tables(&o, l));
        offer_workbook(format!("jingzhun-report-{}.xlsx", o.as_of), tables);
    };
    view! {
        <AnalysisNav />
        <section class="controls">
            <button data-control="export-xlsx" on:click=workbook>
                {move || tr!(lang.get(), analysis_export_excel_workbook)}
            </button>
        </section>
        {move || {
            let (o, years, (checked, passing, per)) = data.get();
            let l = lang.get();
            let title = o.scope_name.clone().unwrap_or_else(|| tr!(l, whole_registry).to_string());
            view! {
                <article class="report" data-report="">
                    <h1>
                        {tr!(l, analysis_title_targeted_poverty_alleviation_report, title = title)}
                    </h1>
                    <p class="muted">
                        {tr!(l, report_subtitle, as_of = o.as_of, year = o.income_year)}
                    </p>
                    <h2>{tr!(l, analysis_1_headline_figures)}</h2>
                    <table class="table">
                        <tbody>
                            {o
                                .headline
                                .iter()
                                .map(|(m, v)| {
                                    view! {
                                        <tr>
                                            <td>{m.label(l)}</td>
                                            <td class="num" data-metric=m.code() data-value=v.plain()>
                                                {v.display().unwrap_or_else(|| tr!(l, unknown).to_string())}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                    <h2>{tr!(l, analysis_2_township_village)}</h2>
                    <table class="table">
                        <thead>
                            <tr>
                                <th>{tr!(l, region)}</th>
                                <th class="num">{tr!(l, analysis_poor_hh)}</th>
                                <th class="num">{tr!(l, poor_people)}</th>
                                <th class="num">{tr!(l, analysis_incidence)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {o
                                .breakdown
                                .iter()
                                .map(|r| {
                                    let get = |n: Metric| {
                                        r.metrics
                                            .iter()
                                            .find(|(m, _)| *m == n)
                                            .map(|(_, v)| v.display().unwrap_or_else(|| "—".into()))
                                            .unwrap_or_default()
                                    };
                                    view! {
                                        <tr class=format!("depth-{}", r.depth)>
                                            <td class="name">{r.name.clone()}</td>
                                            <td class="num">{get(Metric::PoorHouseholds)}</td>
                                            <td class="num">{get(Metric::PoorPeople)}</td>
                                            <td class="num">{get(Metric::IncidencePercent)}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                    <h2>{tr!(l, analysis_3_entries_exits)}</h2>
                    <table class="table">
                        <thead>
                            <tr>
                                <th>{tr!(l, year)}</th>
                                {MOVE_STATUSES
                                    .iter()
                                    .map(|&s| {
                                        view! { <th class="num">{report::move_label(s, l)}</th> }
                                    })
                                    .collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {years
                                .into_iter()
                                .map(|p| {
                                    view! {
                                        <tr>
                                            <td>{p.label.clone()}</td>
                                            {p
                                                .counts
                                                .iter()
                                                .map(|(h, ppl)| {
                                                    view! { <td class="num">{format!("{h} / {ppl}")}</td> }
                                                })
                                                .collect_view()}
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                    <h2>{tr!(l, analysis_4_household_exit_checks)}</h2>
                    <p>
                        {tr!(
                            l, report_checks_summary, year = o.income_year, checked = checked, passing = passing
                        )}
                    </p>
                    <table class="table">
                        <tbody>
                            {Criterion::ALL
                                .iter()
                                .zip(per)
                                .map(|(c, (m, f, u))| {
                                    view! {
                                        <tr>
                                            <td>{c.label(l)}</td>
                                            <td class="num">{format!("{m} / {f} / {u}")}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                    <p class="muted small">{tr!(l, analysis_met_failed_unknown_conditions_are)}</p>
                    <h2>{tr!(l, report_5_helping)}</h2>
                    {helping_tables::report_tables(&o, l)
                        .into_iter()
                        .map(|t| {
                            view! {
                                <h3>{t.sheet.clone()}</h3>
                                <TableView table=t />
                            }
                        })
                        .collect_view()}
                </article>
            }
        }}
    }
}
