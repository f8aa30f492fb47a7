//! 退出检查: the household exit checks of a year.

use super::{in_scope, scope_title};
use crate::domain::analysis;
use crate::domain::calc::{Criterion, Verdict};
use crate::domain::index::HouseholdLine;
use crate::domain::rules::Rules;
use crate::ui::components::export_buttons::ExportButtons;
use crate::ui::components::scope::use_scope_and_date;
use crate::ui::components::subnav::AnalysisNav;
use crate::ui::components::verdict::verdict_text;
use crate::ui::prelude::*;

type CheckRow = (HouseholdLine, Vec<(Criterion, Verdict)>, bool);

#[component]
pub fn ExitChecksPage() -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let (scope, as_of, income_year) = use_scope_and_date();
    let year = RwSignal::new(None::<i32>);
    let checks = Memo::new(move |_| {
        let y = year.get().unwrap_or(income_year.get());
        in_scope(state, scope.get().as_deref(), |ix, s| {
            let rules = Rules::new(&ix.reg.settings);
            std::sync::Arc::new(analysis::exit_checks(ix, s, y, &rules))
        })
    });
    let data = Memo::new(move |_| {
        let c = checks.get();
        in_scope(state, scope.get().as_deref(), |ix, _| {
            let rows: Vec<CheckRow> = c
                .rows
                .iter()
                .map(|(h, check)| {
                    (
                        ix.household_line(*h),
                        check.verdicts.to_vec(),
                        check.passes(),
                    )
                })
                .collect();
            let villages: Vec<(String, String, u64, u64)> = c
                .per_village
                .iter()
                .map(|(&v, &(n, pass))| (ix.reg.regions[v].id.clone(), ix.region_path(v), n, pass))
                .collect();
            (
                c.year,
                rows,
                c.per_criterion,
                villages,
                c.passing(),
                c.with_unknowns(),
            )
        })
    });
    let make = Callback::new(move |_: ()| {
        let c = checks.get_untracked();
        let t = in_scope(state, scope.get_untracked().as_deref(), |ix, _| {
            analysis::exit_check_table(ix, &c, lang.get_untracked())
        });
        (t, format!("jingzhun-exit-checks-{}", c.year))
    });
    view! {
        <AnalysisNav />
        <h1>
            {move || tr!(lang.get(), analysis_household_exit_checks)}
            <span class="muted">
                {move || {
                    format!(
                        " · {}",
                        scope_title(state, scope.get().as_deref(), as_of.get(), lang.get()),
                    )
                }}
            </span>
        </h1>
        <section class="controls">
            <label>
                {move || tr!(lang.get(), year)}
                <input
                    type="number"
                    data-control="exit-year"
                    prop:value=move || data.get().0.to_string()
                    on:change=move |ev| year.set(event_target_value(&ev).parse().ok())
                />
            </label>
            <ExportButtons
                control="export"
                csv_label=K::analysis_export_csv
                xlsx_label=K::analysis_export_excel
                make=make
            />
        </section>
        {move || {
            let (y, rows, per, villages, passing, unknowns) = data.get();
            let l = lang.get();
            view! {
                <p>
                    {tr!(l, exit_checks_summary, year = y, checked = rows.len())}
                    <b data-metric="exit_checked" data-value=rows.len().to_string() hidden></b>
                    <b data-metric="exit_passing" data-value=passing.to_string()>
                        {passing}
                    </b>
                    {tr!(l, analysis_with_unknowns_unknowns_conditions_are, unknowns = unknowns)}
                </p>
                <section class="card">
                    <table class="table" data-table="criteria">
                        <thead>
                            <tr>
                                <th>{tr!(l, analysis_criterion)}</th>
                                <th class="num">{tr!(l, analysis_met)}</th>
                                <th class="num">{tr!(l, analysis_failed)}</th>
                                <th class="num">{tr!(l, analysis_unknown)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {Criterion::ALL
                                .iter()
                                .zip(per)
                                .map(|(c, (m, f, u))| {
                                    view! {
                                        <tr data-criterion=c.code()>
                                            <td>{c.label(l)}</td>
                                            <td class="num">{m}</td>
                                            <td
                                                class="num"
                                                data-metric=format!("exit_failed.{}", c.code())
                                                data-value=f.to_string()
                                            >
                                                {f}
                                            </td>
                                            <td class="num">{u}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </section>
                <section class="card">
                    <h2>{tr!(l, analysis_village)}</h2>
                    <table class="table">
                        <tbody>
                            {villages
                                .into_iter()
                                .map(|(id, name, n, pass)| {
                                    view! {
                                        <tr data-region-id=id>
                                            <td>{name}</td>
                                            <td class="num">{n}</td>
                                            <td class="num">{pass}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </section>
                <section class="card">
                    <h2>{tr!(l, analysis_households_not_meeting_every_criterion)}</h2>
                    <table class="table">
                        <tbody>
                            {rows
                                .into_iter()
                                .filter(|r| !r.2)
                                .take(300)
                                .map(|(h, v, _)| {
                                    let failing: Vec<String> = v
                                        .iter()
                                        .filter(|(_, x)| *x != Verdict::Met)
                                        .map(|(c, x)| {
                                            format!("{} ({})", c.label(l), verdict_text(*x, l))
                                        })
                                        .collect();
                                    view! {
                                        <tr data-household-id=h.id.clone()>
                                            <td>
                                                <A href=format!("/households/{}", h.id)>{h.head}</A>
                                            </td>
                                            <td>{h.village}</td>
                                            <td>{failing.join(", ")}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </section>
            }
        }}
    }
}
