//! 质量检查: the quality rules over a scope and date, counted by rule and by village; a click on
//! either narrows the list of findings, each linked to its household.

use crate::domain::quality::{self, QualityRule};
use crate::ui::components::scope::use_region_choices;
use crate::ui::components::subnav::HouseholdsNav;
use crate::ui::platform::time::today;
use crate::ui::prelude::*;

#[component]
pub fn QualityPage() -> impl IntoView {
    let lang = use_lang();
    let state = AppState::expect();
    let rule_filter = RwSignal::new(None::<QualityRule>);
    let village_filter = RwSignal::new(None::<String>);
    let scope = RwSignal::new(String::new());
    // 检查日期: who counts as a current member, and which year's income is expected.
    let today = today();
    let date = RwSignal::new(state.as_of.get_untracked().unwrap_or(today).to_string());
    let on_date = Memo::new(move |_| date.with(|s| Date::parse(s.trim())).unwrap_or(today));
    let regions = use_region_choices();
    let data = Memo::new(move |_| {
        let ixd = state.indexed.get();
        let ix = ixd.ix();
        let sc = scope.with(|id| ix.scope_of((!id.is_empty()).then_some(id.as_str())));
        quality::summary(&ix, sc, on_date.get())
    });
    view! {
        <HouseholdsNav />
        <h1>{move || tr!(lang.get(), page_data_quality)}</h1>
        <p class="muted small">{move || tr!(lang.get(), page_these_are_warnings_do_not)}</p>
        <section class="controls">
            <label>
                {move || tr!(lang.get(), scope)}" "
                <select
                    data-control="quality-scope"
                    on:change=move |ev| {
                        scope.set(event_target_value(&ev));
                        village_filter.set(None);
                    }
                >
                    <option value="">{move || tr!(lang.get(), whole_registry)}</option>
                    {move || {
                        regions
                            .get()
                            .into_iter()
                            .map(|(id, label)| view! { <option value=id>{label}</option> })
                            .collect_view()
                    }}
                </select>
            </label>
            <label>
                {move || tr!(lang.get(), page_checked)}" "
                <input
                    type="date"
                    data-control="quality-date"
                    prop:value=move || date.get()
                    on:change=move |ev| {
                        date.set(event_target_value(&ev));
                        village_filter.set(None);
                    }
                />
            </label>
            <span class="muted small">
                {move || {
                    let y = on_date.get().year();
                    tr!(lang.get(), page_no_income_year_means_registered, y = y)
                }}
            </span>
        </section>
        {move || {
            let summary = data.get();
            let l = lang.get();
            let filter = rule_filter.get();
            let village = village_filter.get();
            let shown: Vec<_> = summary.shown(filter, village.as_deref()).cloned().collect();
            let (counts, by_village) = (summary.by_rule, summary.by_village);
            let total = shown.len();
            view! {
                <div class="columns">
                    <section class="card">
                        <h2>{tr!(l, page_rule)}</h2>
                        <table class="table" data-table="quality-rules">
                            <tbody>
                                {counts
                                    .into_iter()
                                    .map(|(r, n)| {
                                        view! {
                                            <tr class:flagged={n > 0} class:chosen={filter == Some(r)}>
                                                <td>
                                                    <button
                                                        class="link"
                                                        data-rule-filter=r.code()
                                                        on:click=move |_| {
                                                            rule_filter
                                                                .set(if filter == Some(r) { None } else { Some(r) })
                                                        }
                                                    >
                                                        {r.label(l)}
                                                    </button>
                                                </td>
                                                <td
                                                    class="num"
                                                    data-metric=format!("quality.{}", r.code())
                                                    data-value=n.to_string()
                                                >
                                                    {n}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </section>
                    <section class="card">
                        <h2>{tr!(l, page_village)}</h2>
                        <table class="table" data-table="quality-villages">
                            <tbody>
                                {by_village
                                    .into_iter()
                                    .map(|(v, n)| {
                                        let (v2, v3) = (v.clone(), v.clone());
                                        let chosen = village.as_ref() == Some(&v);
                                        view! {
                                            <tr class:chosen=chosen data-village=v.clone()>
                                                <td>
                                                    <button
                                                        class="link"
                                                        on:click=move |_| {
                                                            village_filter
                                                                .set(if chosen { None } else { Some(v2.clone()) })
                                                        }
                                                    >
                                                        {if v3.is_empty() {
                                                            tr!(l, page_no_village).to_string()
                                                        } else {
                                                            v3.clone()
                                                        }}
                                                    </button>
                                                </td>
                                                <td class="num" data-value=n.to_string()>
                                                    {n}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </section>
                </div>
                <section class="card">
                    <p data-findings-shown=total
                        .to_string()>
                        {tr!(l, page_total_findings, total = total)}
                        {(filter.is_some() || village.is_some())
                            .then(|| {
                                view! {
                                    " "
                                    <button
                                        class="link"
                                        data-control="quality-clear"
                                        on:click=move |_| {
                                            rule_filter.set(None);
                                            village_filter.set(None);
                                        }
                                    >
                                        {tr!(l, page_show_all)}
                                    </button>
                                }
                            })} {(total > 500).then(|| tr!(l, page_first_500_are_listed))}
                    </p>
                    <table class="table" data-table="findings">
                        <tbody>
                            {shown
                                .into_iter()
                                .take(500)
                                .map(|f| {
                                    view! {
                                        <tr data-rule=f.rule.code()>
                                            <td>
                                                {match f.household_id {
                                                    Some(id) => {
                                                        view! {
                                                            <A href=format!("/households/{id}")>{id.clone()}</A>
                                                        }
                                                            .into_any()
                                                    }
                                                    None => view! { <span>{f.path.clone()}</span> }.into_any(),
                                                }}
                                            </td>
                                            <td>{f.village}</td>
                                            <td>{f.msg.render(l)}</td>
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
