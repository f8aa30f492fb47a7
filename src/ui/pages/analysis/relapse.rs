//! 防返贫监测: the relapse watch, riskiest first, with the reason for each household.

use super::{in_scope, scope_title};
use crate::domain::analysis;
use crate::domain::rules::Rules;
use crate::ui::components::export_buttons::ExportButtons;
use crate::ui::components::scope::use_scope_and_date;
use crate::ui::components::subnav::AnalysisNav;
use crate::ui::prelude::*;

#[component]
pub fn RelapsePage() -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let (scope, as_of, _) = use_scope_and_date();
    let watch = Memo::new(move |_| {
        in_scope(state, scope.get().as_deref(), |ix, s| {
            let rules = Rules::new(&ix.reg.settings);
            std::sync::Arc::new(analysis::relapse_watch(ix, s, as_of.get(), &rules))
        })
    });
    let make = Callback::new(move |_: ()| {
        let rows = watch.get_untracked();
        let t = in_scope(state, None, |ix, _| {
            analysis::relapse_table(ix, &rows, lang.get_untracked())
        });
        (
            t,
            format!("jingzhun-relapse-watch-{}", as_of.get_untracked()),
        )
    });
    let body = move || {
        let rows = watch.get();
        let l = lang.get();
        let at_risk = rows.iter().filter(|r| r.at_risk()).count();
        let lines = in_scope(state, None, |ix, _| {
            rows.iter()
                .take(500)
                .map(|r| (ix.household_line(r.household), r.at_risk(), r.reason(l)))
                .collect::<Vec<_>>()
        })
        .into_iter()
        .map(|(h, risky, reason)| {
            view! {
                <tr data-household-id=h.id.clone() class:flagged=risky>
                    <td>
                        <A href=format!("/households/{}", h.id)>{h.head}</A>
                    </td>
                    <td>{h.village}</td>
                    <td>{reason}</td>
                </tr>
            }
        })
        .collect_view();
        view! {
            <p>
                {tr!(l, analysis_risk)}
                <b data-metric="relapse_at_risk" data-value=at_risk.to_string()>
                    {at_risk}
                </b> {tr!(l, relapse_summary_rest, missing = rows.len() - at_risk)}
            </p>
            <table class="table" data-table="relapse">
                <tbody>{lines}</tbody>
            </table>
        }
    };
    view! {
        <AnalysisNav />
        <h1>
            {t!(analysis_relapse_watch)}
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
            <ExportButtons
                control="export"
                csv_label=K::analysis_export_csv
                xlsx_label=K::analysis_export_excel
                make=make
            />
        </section>
        {body}
    }
}
