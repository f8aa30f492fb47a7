//! 概览: the headline figures, funds, quantities delivered, "four ones", exit checks and the
//! breakdown by township and village, for the scope and as-of date in the URL query. Every
//! figure comes from `domain::report::overview`.

use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::domain::calc::Verdict;
use crate::domain::codes::RegionKind;
use crate::domain::money::Ratio;
use crate::domain::report::{self, Metric, Value};
use crate::domain::rules::LineSource;
use crate::ui::components::charts::{Bar, BarChart};
use crate::ui::components::export_buttons::ExportButtons;
use crate::ui::components::figure::{Figure, NumCell};
use crate::ui::components::scope::{overview_url, use_region_choices, use_scope_and_date};
use crate::ui::components::subnav::AnalysisNav;
use crate::ui::components::verdict::verdict_code;
use crate::ui::platform::time::today;
use crate::ui::prelude::*;

/// Where the overview goes: a scope, a date, an income year.
type Go = std::sync::Arc<dyn Fn(Option<String>, Date, Option<i32>) + Send + Sync>;

#[component]
pub fn Overview() -> impl IntoView {
    let state = AppState::expect();
    let (scope, as_of, income_year) = use_scope_and_date();
    let navigate = use_navigate();
    // The lists open at the date the overview was looked at, so a figure and the households
    // behind it agree.
    let remember = move |d: Date| state.as_of.set((d != today()).then_some(d));
    remember(as_of.get_untracked());
    let go: Go = std::sync::Arc::new(
        move |scope: Option<String>, date: Date, year: Option<i32>| {
            remember(date);
            navigate(
                &overview_url(scope.as_deref(), date, year),
                NavigateOptions::default(),
            )
        },
    );
    let overview = Memo::new(move |_| {
        let ixd = state.indexed.get();
        report::overview_in(
            &ixd.ix(),
            scope.get().as_deref(),
            as_of.get(),
            income_year.get(),
        )
    });
    let options = use_region_choices();
    let empty = move || state.registry().with(|r| r.is_empty());
    let (go1, go2, go3, go4) = (go.clone(), go.clone(), go.clone(), go.clone());
    let on_scope = move |ev| {
        let v = event_target_value(&ev);
        go1((!v.is_empty()).then_some(v), as_of.get_untracked(), None)
    };
    let on_date = move |ev| {
        if let Some(d) = Date::parse(&event_target_value(&ev)) {
            go2(scope.get_untracked(), d, None)
        }
    };
    let on_year = move |ev| {
        if let Ok(y) = event_target_value(&ev).parse::<i32>() {
            go3(scope.get_untracked(), as_of.get_untracked(), Some(y))
        }
    };
    view! {
        <AnalysisNav />
        <section class="controls">
            <label>
                {t!(scope)}
                <select
                    data-control="scope"
                    prop:value=move || scope.get().unwrap_or_default()
                    on:change=on_scope
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
            <label>
                {t!(as_of)}
                <input
                    type="date"
                    data-control="as-of"
                    prop:value=move || as_of.get().to_string()
                    on:change=on_date
                />
            </label>
            <label>
                {t!(income_year)}
                <input
                    type="number"
                    min="1980"
                    max="2100"
                    data-control="income-year"
                    prop:value=move || income_year.get().to_string()
                    on:change=on_year
                />
            </label>
        </section>
        <Show
            when=empty
            fallback=move || view! { <OverviewBody overview=overview go=go4.clone() /> }
        >
            <EmptyRegistry />
        </Show>
        <Show when=move || !empty()>
            <p class="muted small">{t!(overview_every_figure_above_computed_device)}</p>
        </Show>
    }
}

/// The first screen of an empty browser: the demo county one click away.
#[component]
fn EmptyRegistry() -> impl IntoView {
    let state = AppState::expect();
    let navigate = use_navigate();
    let load = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            let done = state
                .run(async |_, actor, reg| {
                    crate::ui::lazy::load_demo(actor.clone(), reg.clone())
                        .await?
                        .await
                })
                .await;
            if done.is_ok() {
                // The overview now shows the demo's date, and the lists open at it.
                state.as_of.set(Date::parse(crate::domain::demo::AS_OF));
                navigate(
                    &format!("/?as_of={}", crate::domain::demo::AS_OF),
                    NavigateOptions::default(),
                );
            }
        }
    });
    view! {
        <section class="card empty">
            <h2>{t!(empty_title)}</h2>
            <p>{t!(empty_text)}</p>
            <button
                class="primary"
                data-control="load-demo"
                disabled=move || state.busy().get()
                on:click=move |_| {
                    load.dispatch(());
                }
            >
                {t!(load_demo)}
            </button>
        </section>
    }
}

#[component]
fn OverviewBody(overview: Memo<report::Overview>, go: Go) -> impl IntoView {
    let lang = use_lang();
    let sort = RwSignal::new(None::<(Metric, bool)>);
    move || {
        let o = overview.get();
        let l = lang.get();
        let pop_note = o
            .population_year
            .map(|y| tr!(l, overview_population_y, y = y));
        let line_note = o.poverty_line.map(|line| {
            let source = match line.source {
                LineSource::Registry => K::overview_registry,
                _ => K::overview_national,
            };
            tr!(
                l,
                overview_line_note,
                year = o.income_year,
                yuan = line.yuan.to_string(),
                source = source
            )
        });
        let growth_note = o.disposable_growth.map(|g| {
            tr!(
                l,
                overview_growth_note,
                previous = o.disposable_previous.unwrap_or_default().to_string(),
                growth = g.percent_text()
            )
        });
        let title = o
            .scope_name
            .clone()
            .unwrap_or_else(|| tr!(l, whole_registry).to_string());
        let figure = |&(metric, value): &(Metric, Value)| {
            let note = match metric {
                Metric::RuralPopulation | Metric::IncidencePercent => pop_note.clone(),
                Metric::PoorPerCapitaNetIncome => line_note.clone(),
                Metric::RuralPerCapitaDisposableIncome => growth_note.clone(),
                _ => None,
            };
            // The overdue figure opens the overdue list.
            let href = (metric == Metric::OverdueTasks).then(|| "/tasks?overdue=1".to_string());
            view! {
                <Figure
                    metric=metric
                    value=value
                    note=note.unwrap_or_default()
                    href=href.unwrap_or_default()
                />
            }
        };
        let (helping, registry): (Vec<_>, Vec<_>) =
            o.headline.iter().partition(|(m, _)| m.is_helping());
        let figures = registry.into_iter().map(figure).collect_view();
        let helping = helping.into_iter().map(figure).collect_view();
        let growth = o.disposable_growth.map(|g| g.percent_text());
        view! {
            <h1 class="scope-title">
                {title}<span class="muted">{format!(" · {}", o.as_of)}</span>
            </h1>
            <section class="figures" data-panel="headline">
                {figures}
                {growth
                    .map(|g| {
                        view! {
                            <span
                                hidden
                                data-metric="rural_disposable_income_growth_percent"
                                data-value=g
                            ></span>
                        }
                    })}
            </section>
            {o
                .county_exit
                .clone()
                .map(|c| {
                    let v = c.verdict();
                    let failed: Vec<&str> = c.failed().iter().map(|k| k.get(l)).collect();
                    view! {
                        <p class="exit-line" data-metric="county_exit" data-value=verdict_code(v)>
                            <A href="/county-exit">{county_exit_text(&c, &failed, l)}</A>
                        </p>
                    }
                })}
            <h2>{tr!(l, overview_helping)}</h2>
            <section class="figures" data-panel="helping">
                {helping}
            </section>
            <div class="columns">
                <FundsBySource rows=o.funds.clone() />
                <OrdersByState rows=o.orders.clone() />
                <Delivered rows=o.delivered.clone() />
                <FourOnes shares=o.four_ones />
            </div>
            <IncidenceChart rows=o.breakdown.clone() threshold=o.village_exit_incidence />
            <VillageExits rows=o.village_exits.clone() />
            <Breakdown rows=o.breakdown.clone() sort=sort go=go.clone() as_of=o.as_of />
        }
    }
}

#[component]
fn OrdersByState(rows: Vec<crate::domain::helping::OrdersInState>) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let lines = rows
        .into_iter()
        .map(|o| {
            let code = o.status.code();
            view! {
                <tr data-order-status=code>
                    <td>{o.status.label(l)}</td>
                    <NumCell metric=format!("orders.{code}") value=Value::Count(o.count) />
                    <NumCell metric=format!("orders_amount.{code}") value=Value::Money(o.amount) />
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>{t!(orders_title)}</h2>
            <table class="table">
                <thead>
                    <tr>
                        <th>{t!(status)}</th>
                        <th class="num">{t!(orders_count)}</th>
                        <th class="num">{t!(fund_amount)}</th>
                    </tr>
                </thead>
                <tbody>{lines}</tbody>
            </table>
        </section>
    }
}

#[component]
fn FundsBySource(rows: Vec<report::FundRow>) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let lines = rows
        .into_iter()
        .map(|f| {
            let code = f.source.code();
            let s = f.sum;
            view! {
                <tr data-fund-source=code>
                    <td>{f.source.label(l)}</td>
                    <NumCell metric=format!("fund_count.{code}") value=Value::Count(s.count) />
                    <NumCell metric=format!("fund_amount.{code}") value=Value::Money(s.amount) />
                    <NumCell
                        metric=format!("fund_allocated.{code}")
                        value=Value::Money(s.allocated)
                    />
                    <NumCell metric=format!("fund_spent.{code}") value=Value::Money(s.spent) />
                    <NumCell
                        metric=format!("fund_balance.{code}")
                        value=Value::Money(s.balance())
                    />
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>{t!(funds_title)}</h2>
            <table class="table">
                <thead>
                    <tr>
                        <th>{t!(fund_source)}</th>
                        <th class="num">{t!(fund_count)}</th>
                        <th class="num">{t!(fund_amount)}</th>
                        <th class="num">{t!(fund_allocated)}</th>
                        <th class="num">{t!(fund_spent)}</th>
                        <th class="num">{t!(fund_balance)}</th>
                    </tr>
                </thead>
                <tbody>{lines}</tbody>
            </table>
        </section>
    }
}

#[component]
fn Delivered(rows: Vec<report::DeliveredRow>) -> impl IntoView {
    let lines = rows
        .into_iter()
        .map(|d| {
            let quantity = report::quantity_text(d.quantity);
            let shown = if d.unit.is_empty() {
                "—".to_string()
            } else {
                format!("{quantity} {}", d.unit)
            };
            view! {
                <tr>
                    <td>{d.measure}</td>
                    <td
                        class="num"
                        data-metric=format!("delivered.{}", d.measure_id)
                        data-value=quantity.replace(',', "")
                    >
                        {shown}
                    </td>
                    <td class="num">{d.records}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>{t!(delivered_title)}</h2>
            <table class="table">
                <thead>
                    <tr>
                        <th>{t!(measure)}</th>
                        <th class="num">{t!(quantity)}</th>
                        <th class="num">{t!(records)}</th>
                    </tr>
                </thead>
                <tbody>{lines}</tbody>
            </table>
        </section>
    }
}

/// 四个一: the four shares, each with its `data-metric`.
#[component]
fn FourOnes(shares: [Option<Ratio>; 4]) -> impl IntoView {
    let lang = use_lang();
    let names = [
        ("four_ones.industry", K::four_industry),
        ("four_ones.shed", K::four_shed),
        ("four_ones.skill", K::four_skill),
        ("four_ones.migrant", K::four_migrant),
    ];
    let items = names
        .into_iter()
        .zip(shares)
        .map(|((name, label), r)| {
            let value = r.map(|r| r.percent_text()).unwrap_or_default();
            let shown = move || {
                report::share_text(r).unwrap_or_else(|| tr!(lang.get(), unknown).to_string())
            };
            view! {
                <li>
                    {move || label.get(lang.get())}": " <b data-metric=name data-value=value>
                        {shown}
                    </b>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>{t!(four_ones)}</h2>
            <ul class="plain">{items}</ul>
        </section>
    }
}

/// Incidence of every village as bars, with the village exit threshold drawn in.
#[component]
fn IncidenceChart(rows: Vec<report::BreakdownRow>, threshold: Ratio) -> impl IntoView {
    let lang = use_lang();
    let bars: Vec<Bar> = rows
        .iter()
        .filter(|r| r.kind == RegionKind::Village)
        .filter_map(|r| {
            let v = r
                .metrics
                .iter()
                .find(|(n, _)| *n == Metric::IncidencePercent)?
                .1;
            let Value::Percent(p) = v else { return None };
            Some(Bar {
                label: r.name.clone(),
                value: p.as_f64() * 100.0,
                text: format!("{}%", p.percent_text()),
            })
        })
        .collect();
    (!bars.is_empty()).then(|| {
        let line = threshold.as_f64() * 100.0;
        let label = tr!(
            lang.get_untracked(),
            overview_exit_threshold,
            percent = threshold.percent_text()
        );
        view! {
            <section class="card">
                <h2>{t!(overview_incidence_village)}</h2>
                <div class="scroll-y">
                    <BarChart bars=bars threshold=(line, label) name="incidence-by-village" />
                </div>
            </section>
        }
    })
}

/// The county's exit in one line: met, which criteria fail, or what is still unrecorded.
fn county_exit_text(c: &crate::domain::exits::CountyExit, failed: &[&str], l: Locale) -> String {
    match c.verdict() {
        Verdict::Met => tr!(l, county_exit_met).to_string(),
        Verdict::Failed => tr!(l, county_exit_failed, failed = failed.join("、")).to_string(),
        Verdict::Unknown if c.incidence_verdict == Verdict::Failed => {
            tr!(l, overview_county_exit_incidence_not_below).to_string()
        }
        Verdict::Unknown if c.incidence_verdict == Verdict::Unknown => {
            tr!(l, overview_county_exit_unknown_population_missing).to_string()
        }
        Verdict::Unknown => tr!(l, county_exit_partial).to_string(),
    }
}

#[component]
fn VillageExits(rows: Vec<report::VillageExitRow>) -> impl IntoView {
    let lang = use_lang();
    let rows = StoredValue::new(rows);
    let make = Callback::new(move |_: ()| {
        let t = rows.with_value(|r| report::village_exit_table(r, lang.get_untracked()));
        (t, "jingzhun-village-exit-checks".to_string())
    });
    move || {
        let l = lang.get();
        let table = rows.with_value(|r| report::village_exit_table(r, l));
        let lines = rows
            .with_value(|r| {
                r.iter()
                    .map(|x| (x.region_id.clone(), x.check.passes()))
                    .collect::<Vec<_>>()
            })
            .into_iter()
            .zip(table.text_rows())
            .map(|((id, pass), cells)| {
                view! {
                    <tr data-region-id=id data-exit=if pass { "pass" } else { "fail" }>
                        {cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
                    </tr>
                }
            })
            .collect_view();
        (!table.rows.is_empty()).then(|| {
            view! {
                <section class="card">
                    <h2>{t!(village_exit_checks)}</h2>
                    <div class="actions">
                        <ExportButtons
                            control="village-exits"
                            csv_label=K::analysis_export_csv
                            xlsx_label=K::analysis_export_excel
                            make=make
                        />
                    </div>
                    <table class="table">
                        <thead>
                            <tr>
                                {table
                                    .header
                                    .iter()
                                    .map(|h| view! { <th>{h.clone()}</th> })
                                    .collect_view()}
                            </tr>
                        </thead>
                        <tbody>{lines}</tbody>
                    </table>
                </section>
            }
        })
    }
}

/// The order of a figure for sorting the breakdown: unknown below every known value.
fn sort_key(v: &Value) -> f64 {
    match v {
        Value::Count(n) => *n as f64,
        Value::Percent(p) => p.as_f64(),
        Value::Money(f) => f.0 as f64,
        Value::Unknown => f64::NEG_INFINITY,
    }
}

#[component]
fn Breakdown(
    rows: Vec<report::BreakdownRow>,
    sort: RwSignal<Option<(Metric, bool)>>,
    go: Go,
    as_of: Date,
) -> impl IntoView {
    let lang = use_lang();
    let columns: Vec<Metric> = rows
        .first()
        .map(|r| r.metrics.iter().map(|(n, _)| *n).collect())
        .unwrap_or_default();
    let rows = StoredValue::new(rows);
    let sorted = move || {
        let mut rs = rows.get_value();
        if let Some((col, desc)) = sort.get() {
            let key = |r: &report::BreakdownRow| {
                r.metrics
                    .iter()
                    .find(|(n, _)| *n == col)
                    .map(|(_, v)| sort_key(v))
            };
            rs.sort_by(|a, b| {
                key(a)
                    .partial_cmp(&key(b))
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            if desc {
                rs.reverse();
            }
        }
        rs
    };
    let headers = columns
        .iter()
        .map(|&c| {
            let flip =
                move |_| sort.update(|s| *s = Some((c, !matches!(*s, Some((x, true)) if x == c))));
            view! {
                <th class="num sortable" data-sort=c.code() on:click=flip>
                    {move || c.label(lang.get())}
                </th>
            }
        })
        .collect_view();
    let body = move || {
        sorted()
            .into_iter()
            .map(|r| {
                let go = go.clone();
                let id = r.region_id.clone();
                let cells = r
                    .metrics
                    .iter()
                    .map(|(n, v)| {
                        view! {
                            <td class="num" data-metric=n.code() data-value=v.plain()>
                                {v.display().unwrap_or_else(|| "—".into())}
                            </td>
                        }
                    })
                    .collect_view();
                view! {
                    <tr
                        data-region-id=r.region_id.clone()
                        class=format!("depth-{}", r.depth)
                        on:click=move |_| go(Some(id.clone()), as_of, None)
                    >
                        <td class="name">{r.name.clone()}</td>
                        {cells}
                    </tr>
                }
            })
            .collect_view()
    };
    (!columns.is_empty()).then(move || {
        view! {
            <section class="card">
                <h2>{t!(breakdown)}</h2>
                <div class="scroll-x">
                    <table class="table breakdown" data-table="breakdown">
                        <thead>
                            <tr>
                                <th>{t!(region)}</th>
                                {headers}
                            </tr>
                        </thead>
                        <tbody>{body}</tbody>
                    </table>
                </div>
            </section>
        }
    })
}
