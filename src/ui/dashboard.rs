//! 概览: the headline figures, funds, quantities delivered, "four ones", exit checks and the
//! breakdown by township and village, for the scope and as-of date in the URL query.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::state::AppState;
use super::{t, use_i18n, use_lang, verdict_text, Lang};
use crate::domain::calc::Verdict;
use crate::domain::codes::INFRASTRUCTURE;
use crate::domain::date::Date;
use crate::domain::index::Index;
use crate::domain::report::{self, Value};
use crate::domain::rules::LineSource;

pub fn metric_label(name: &str) -> (&'static str, &'static str) {
    match name {
        "poor_households" => ("贫困户", "Poor households"),
        "poor_people" => ("贫困人口", "Poor people"),
        "exited_households" => ("已脱贫户", "Exited households"),
        "exited_people" => ("已脱贫人口", "Exited people"),
        "rural_population" => ("农村人口", "Rural population"),
        "incidence_percent" => ("贫困发生率", "Poverty incidence"),
        "poor_per_capita_net_income" => {
            ("贫困户人均纯收入(元)", "Poor per-capita net income (yuan)")
        }
        "rural_per_capita_disposable_income" => (
            "农村居民人均可支配收入(元)",
            "Rural per-capita disposable income (yuan)",
        ),
        "paired_helpers" => ("结对帮扶人", "Paired helpers"),
        "paired_households" => ("结对户数", "Paired households"),
        "paired_people" => ("结对人口", "Paired people"),
        "poor_villages" => ("贫困村", "Poor villages"),
        "overdue_tasks" => ("逾期任务", "Overdue tasks"),
        _ => ("", ""),
    }
}

/// A figure with its `data-metric` name and plain `data-value`.
#[component]
pub fn Figure(
    name: &'static str,
    value: Value,
    #[prop(optional)] note: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let (zh, en) = metric_label(name);
    let shown = value.display();
    view! {
        <div class="figure">
            <div class="figure-label">{move || lang.get().pick(zh, en)}</div>
            <div class="figure-value" data-metric=name data-value=value.plain()>
                {move || shown.clone().unwrap_or_else(|| lang.get().pick("未知", "unknown"))}
            </div>
            {note.map(|n| view! { <div class="figure-note">{n}</div> })}
        </div>
    }
}

/// The scope and as-of date from the URL (`?as_of=YYYY-MM-DD&scope=<region id>`).
pub fn use_scope_and_date() -> (Memo<Option<String>>, Memo<Date>, Memo<i32>) {
    let query = use_query_map();
    let scope = Memo::new(move |_| query.with(|q| q.get("scope")).filter(|s| !s.is_empty()));
    let as_of = Memo::new(move |_| {
        query
            .with(|q| q.get("as_of"))
            .and_then(|s| Date::parse(&s))
            .unwrap_or_else(super::util::today)
    });
    let income_year = Memo::new(move |_| {
        query
            .with(|q| q.get("income_year"))
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| as_of.get().year())
    });
    (scope, as_of, income_year)
}

/// Scope select options: every live region in tree order, indented.
pub fn region_options(reg: &crate::domain::model::Registry) -> Vec<(String, String)> {
    let ix = Index::new(reg);
    ix.subtree(crate::domain::index::Scope::All)
        .into_iter()
        .filter_map(|r| {
            let region = ix.region(r)?;
            let mut depth = 0;
            let mut at = ix.parent[r];
            while let Some(p) = at {
                depth += 1;
                at = ix.parent[p];
            }
            Some((
                reg.regions[r].id.clone(),
                format!("{}{}", "\u{3000}".repeat(depth), region.name),
            ))
        })
        .collect()
}

/// Every live village with its path ("县 / 乡 / 村"), in tree order.
pub fn village_options(reg: &crate::domain::model::Registry) -> Vec<(String, String)> {
    let ix = Index::new(reg);
    ix.subtree(crate::domain::index::Scope::All)
        .into_iter()
        .filter(|&r| {
            ix.region(r)
                .is_some_and(|x| x.kind == crate::domain::codes::RegionKind::Village)
        })
        .map(|r| (reg.regions[r].id.clone(), ix.region_path(r)))
        .collect()
}

fn query_string(scope: Option<&str>, as_of: Date, income_year: Option<i32>) -> String {
    let mut q = format!("/?as_of={as_of}");
    if let Some(s) = scope {
        q.push_str(&format!("&scope={s}"));
    }
    if let Some(y) = income_year {
        q.push_str(&format!("&income_year={y}"));
    }
    q
}

#[component]
pub fn Dashboard() -> impl IntoView {
    let state = AppState::expect();
    let i18n = use_i18n();
    let lang = use_lang();
    let (scope, as_of, income_year) = use_scope_and_date();
    Effect::new(move |_| {
        let d = as_of.get();
        state.as_of.set((d != super::util::today()).then_some(d));
    });
    let navigate = use_navigate();
    let overview = Memo::new(move |_| {
        let reg = state.registry.get();
        report::overview(&reg, scope.get().as_deref(), as_of.get(), income_year.get())
    });
    let options = Memo::new(move |_| region_options(&state.registry.get()));
    let go = {
        let navigate = navigate.clone();
        move |scope: Option<String>, date: Date, year: Option<i32>| {
            navigate(
                &query_string(scope.as_deref(), date, year),
                NavigateOptions::default(),
            )
        }
    };
    let go1 = go.clone();
    let go2 = go.clone();
    let go3 = go.clone();
    let empty = move || state.registry.with(|r| r.is_empty());
    view! {
        <super::analysis::AnalysisNav/>
        <section class="controls">
            <label>{t!(i18n, scope)}
                <select data-control="scope" prop:value=move || scope.get().unwrap_or_default()
                    on:change=move |ev| { let v = event_target_value(&ev); go1((!v.is_empty()).then_some(v), as_of.get_untracked(), None) }>
                    <option value="">{t!(i18n, whole_registry)}</option>
                    {move || options.get().into_iter().map(|(id, label)| view! { <option value=id.clone()>{label}</option> }).collect_view()}
                </select>
            </label>
            <label>{t!(i18n, as_of)}
                <input type="date" data-control="as-of" prop:value=move || as_of.get().to_string()
                    on:change=move |ev| { if let Some(d) = Date::parse(&event_target_value(&ev)) { go2(scope.get_untracked(), d, None) } }/>
            </label>
            <label>{t!(i18n, income_year)}
                <input type="number" min="1980" max="2100" data-control="income-year" prop:value=move || income_year.get().to_string()
                    on:change=move |ev| { if let Ok(y) = event_target_value(&ev).parse::<i32>() { go3(scope.get_untracked(), as_of.get_untracked(), Some(y)) } }/>
            </label>
        </section>
        <Show when=empty fallback=move || view! { <OverviewBody overview=overview go=go.clone()/> }>
            <EmptyRegistry/>
        </Show>
        {move || (!empty()).then(|| view! { <p class="muted small">{move || lang.get().pick("以上数字均由本机数据按交换格式说明中的规则计算。", "Every figure above is computed on this device from the data, by the rules of the exchange format.")}</p> })}
    }
}

#[component]
fn EmptyRegistry() -> impl IntoView {
    let i18n = use_i18n();
    let state = AppState::expect();
    let navigate = use_navigate();
    let load = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            if super::settings::load_demo(state).await {
                navigate(
                    &format!("/?as_of={}", crate::domain::demo::AS_OF),
                    NavigateOptions::default(),
                );
            }
        });
    };
    view! {
        <section class="card empty">
            <h2>{t!(i18n, empty_title)}</h2>
            <p>{t!(i18n, empty_text)}</p>
            <button class="primary" data-control="load-demo" disabled=move || state.busy.get() on:click=load>{t!(i18n, load_demo)}</button>
        </section>
    }
}

#[component]
fn OverviewBody<F>(overview: Memo<report::Overview>, go: F) -> impl IntoView
where
    F: Fn(Option<String>, Date, Option<i32>) + Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let lang = use_lang();
    let sort = RwSignal::new(None::<(&'static str, bool)>);
    view! {
        {move || {
            let o = overview.get();
            let l = lang.get();
            let pop_note = o.population_year.map(|y| l.pick(&format!("{y} 年人口"), &format!("population of {y}")));
            let line_note = o.poverty_line.map(|line| {
                let src = match line.source { LineSource::Registry => l.pick("本台账设置", "registry"), _ => l.pick("国家标准", "national") };
                l.pick(&format!("{} 年, 贫困线 {} 元 ({src})", o.income_year, line.yuan), &format!("{}, poverty line {} yuan ({src})", o.income_year, line.yuan))
            });
            let growth_note = o.disposable_growth.map(|g| l.pick(&format!("上年 {} 元, 增长 {}%", o.disposable_previous.unwrap_or_default(), g.percent_text()), &format!("previous year {} yuan, +{}%", o.disposable_previous.unwrap_or_default(), g.percent_text())));
            let title = o.scope_name.clone().unwrap_or_else(|| l.pick("全部", "Whole registry"));
            view! {
                <h1 class="scope-title">{title}<span class="muted">{format!(" · {}", o.as_of)}</span></h1>
                <section class="figures" data-panel="headline">
                    {o.headline.iter().map(|(name, value)| {
                        let note = match *name {
                            "rural_population" | "incidence_percent" => pop_note.clone(),
                            "poor_per_capita_net_income" => line_note.clone(),
                            "rural_per_capita_disposable_income" => growth_note.clone(),
                            _ => None,
                        };
                        view! { <Figure name=*name value=*value note=note.unwrap_or_default()/> }
                    }).collect_view()}
                    {o.growth_value().map(|g| view! { <span hidden data-metric="rural_disposable_income_growth_percent" data-value=g></span> })}
                </section>
                {o.county_exit.map(|v| view! { <p class="exit-line" data-metric="county_exit">{county_exit_text(v, l)}</p> })}
                <div class="columns">
                    <section class="card">
                        <h2>{t!(i18n, funds_title)}</h2>
                        <table class="table">
                            <thead><tr><th>{t!(i18n, fund_source)}</th><th class="num">{t!(i18n, fund_count)}</th><th class="num">{t!(i18n, fund_amount)}</th><th class="num">{t!(i18n, fund_allocated)}</th><th class="num">{t!(i18n, fund_balance)}</th></tr></thead>
                            <tbody>
                                {o.funds.iter().map(|f| {
                                    let balance = f.amount - f.allocated;
                                    view! {
                                        <tr data-fund-source=f.source.code()>
                                            <td>{l.pick(f.source.zh(), f.source.en())}</td>
                                            <td class="num" data-metric=format!("fund_count.{}", f.source.code()) data-value=f.count.to_string()>{f.count}</td>
                                            <td class="num" data-metric=format!("fund_amount.{}", f.source.code()) data-value=f.amount.to_string()>{Value::Money(f.amount).display()}</td>
                                            <td class="num">{Value::Money(f.allocated).display()}</td>
                                            <td class="num" class:negative=balance.0 < 0>{Value::Money(balance).display()}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </section>
                    <section class="card">
                        <h2>{t!(i18n, delivered_title)}</h2>
                        <table class="table">
                            <thead><tr><th>{t!(i18n, measure)}</th><th class="num">{t!(i18n, quantity)}</th><th class="num">{t!(i18n, records)}</th></tr></thead>
                            <tbody>
                                {o.delivered.iter().map(|d| view! {
                                    <tr>
                                        <td>{d.measure.clone()}</td>
                                        <td class="num" data-metric=format!("delivered.{}", d.measure_id) data-value=report::quantity_text(d.quantity).replace(',', "")>{if d.unit.is_empty() { "—".to_string() } else { format!("{} {}", report::quantity_text(d.quantity), d.unit) }}</td>
                                        <td class="num">{d.records}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </section>
                    <section class="card">
                        <h2>{t!(i18n, four_ones)}</h2>
                        <ul class="plain">
                            {[("four_ones.industry", "村有特色产业", "Poor villages with a specialty industry"), ("four_ones.shed", "户有种养棚圈", "Households with a shed"), ("four_ones.skill", "劳动力有技能", "Labourers trained"), ("four_ones.migrant", "户有务工人员", "Households with a migrant worker")]
                                .into_iter().zip(o.four_ones).map(|((name, zh, en), r)| {
                                    let shown = report::share_text(r).unwrap_or_else(|| l.pick("未知", "unknown"));
                                    view! { <li>{l.pick(zh, en)}": "<b data-metric=name data-value=r.map(|r| r.percent_text()).unwrap_or_default()>{shown}</b></li> }
                                }).collect_view()}
                        </ul>
                    </section>
                </div>
                <IncidenceChart rows=o.breakdown.clone() threshold=o.village_exit_incidence lang=l/>
                <VillageExits rows=o.village_exits.clone() lang=l/>
                <Breakdown rows=o.breakdown.clone() sort=sort go=go.clone() as_of=o.as_of/>
            }
        }}
    }
}

impl report::Overview {
    fn growth_value(&self) -> Option<String> {
        self.disposable_growth.map(|g| g.percent_text())
    }
}

/// Incidence of every village as bars, with the village exit threshold drawn in.
#[component]
fn IncidenceChart(
    rows: Vec<report::BreakdownRow>,
    threshold: crate::domain::money::Ratio,
    lang: Lang,
) -> impl IntoView {
    let bars: Vec<super::charts::Bar> = rows
        .iter()
        .filter(|r| r.kind == crate::domain::codes::RegionKind::Village)
        .filter_map(|r| {
            let v = r.metrics.iter().find(|(n, _)| *n == "incidence_percent")?.1;
            let Value::Percent(p) = v else { return None };
            Some(super::charts::Bar {
                label: r.name.clone(),
                value: p.as_f64() * 100.0,
                text: format!("{}%", p.percent_text()),
            })
        })
        .collect();
    (!bars.is_empty()).then(|| {
        let t = threshold.as_f64() * 100.0;
        let label = lang.pick(&format!("退出标准 {}%", threshold.percent_text()), &format!("exit threshold {}%", threshold.percent_text()));
        view! {
            <section class="card">
                <h2>{lang.pick("各村贫困发生率", "Incidence by village")}</h2>
                <div class="scroll-y"><super::charts::BarChart bars=bars threshold=(t, label) name="incidence-by-village"/></div>
            </section>
        }
    })
}

fn county_exit_text(v: Verdict, l: Lang) -> String {
    match v {
        Verdict::Met => l.pick("贫困县摘帽: 发生率低于标准 (部分检查: 另需抽查错退、漏评和群众认可度)", "County exit: incidence below the threshold (partial: the official check also samples wrong exits, missed households and public approval)"),
        Verdict::Failed => l.pick("贫困县摘帽: 发生率未低于标准 (部分检查)", "County exit: incidence not below the threshold (partial check)"),
        Verdict::Unknown => l.pick("贫困县摘帽: 缺少人口数据, 无法判断", "County exit: unknown, the population is missing"),
    }
}

/// A poor village's exit check as the five cells of its line (village, incidence,
/// infrastructure, collective income, result), shared by the table and the exports.
fn village_exit_cells(r: &report::VillageExitRow, l: Lang) -> [String; 5] {
    let c = &r.check;
    let failing: Vec<String> = INFRASTRUCTURE
        .iter()
        .zip(c.infrastructure)
        .filter(|(_, v)| *v != Verdict::Met)
        .map(|((_, zh, en), v)| format!("{} ({})", l.pick(zh, en), verdict_text(v, l)))
        .collect();
    let inc = c
        .incidence
        .map(|i| format!("{}% ", i.rate.percent_text()))
        .unwrap_or_default();
    [
        r.name.clone(),
        format!("{inc}{}", verdict_text(c.incidence_verdict, l)),
        if failing.is_empty() {
            verdict_text(Verdict::Met, l)
        } else {
            failing.join(", ")
        },
        format!(
            "{} {}",
            c.collective_income
                .map(|f| f.to_string())
                .unwrap_or_default(),
            verdict_text(c.collective_verdict, l)
        ),
        if c.passes() {
            l.pick("可退出", "may exit")
        } else {
            l.pick("暂不能退出", "cannot exit yet")
        },
    ]
}

#[component]
fn VillageExits(rows: Vec<report::VillageExitRow>, lang: Lang) -> impl IntoView {
    let i18n = use_i18n();
    let l = lang;
    let header = [
        l.pick("村", "Village"),
        l.pick("贫困发生率", "Incidence"),
        l.pick("基础设施", "Infrastructure"),
        l.pick("集体经济收入", "Collective income"),
        l.pick("结论", "Result"),
    ];
    let lines: Vec<(String, bool, [String; 5])> = rows
        .iter()
        .map(|r| {
            (
                r.region_id.clone(),
                r.check.passes(),
                village_exit_cells(r, l),
            )
        })
        .collect();
    let for_csv = lines.clone();
    let for_xlsx = lines.clone();
    let (h1, h2) = (header.clone(), header.clone());
    let csv = move |_| {
        let body: Vec<Vec<String>> = for_csv.iter().map(|(_, _, cells)| cells.to_vec()).collect();
        super::util::download(
            "jingzhun-village-exit-checks.csv",
            "text/csv;charset=utf-8",
            &crate::exchange::csv::write(&h1, &body),
        );
    };
    let xlsx = move |_| {
        let rows = for_xlsx
            .iter()
            .map(|(_, _, cells)| {
                cells
                    .iter()
                    .map(|c| serde_json::Value::from(c.as_str()))
                    .collect()
            })
            .collect();
        let header = h2.to_vec();
        super::analysis::spawn_xlsx(move || {
            (
                "jingzhun-village-exit-checks.xlsx".to_string(),
                vec![super::xlsx::Sheet {
                    name: l.pick("贫困村退出", "Village exits"),
                    header,
                    rows,
                }],
            )
        });
    };
    (!lines.is_empty()).then(|| view! {
        <section class="card">
            <h2>{t!(i18n, village_exit_checks)}</h2>
            <div class="actions">
                <button data-control="village-exits-csv" on:click=csv>{l.pick("导出 CSV", "Export CSV")}</button>
                <button data-control="village-exits-xlsx" on:click=xlsx>{l.pick("导出 Excel", "Export Excel")}</button>
            </div>
            <table class="table">
                <thead><tr>{header.iter().map(|h| view! { <th>{h.clone()}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {lines.into_iter().map(|(id, pass, cells)| view! {
                        <tr data-region-id=id data-exit=if pass { "pass" } else { "fail" }>
                            {cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    })
}

#[component]
fn Breakdown<F>(
    rows: Vec<report::BreakdownRow>,
    sort: RwSignal<Option<(&'static str, bool)>>,
    go: F,
    as_of: Date,
) -> impl IntoView
where
    F: Fn(Option<String>, Date, Option<i32>) + Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let lang = use_lang();
    let columns: Vec<&'static str> = rows
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
                    .map(|(_, v)| match v {
                        Value::Count(n) => *n as f64,
                        Value::Percent(p) => p.as_f64(),
                        Value::Money(f) => f.0 as f64,
                        Value::Unknown => f64::NEG_INFINITY,
                    })
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
    (!columns.is_empty()).then(move || view! {
        <section class="card">
            <h2>{t!(i18n, breakdown)}</h2>
            <div class="scroll-x">
            <table class="table breakdown" data-table="breakdown">
                <thead><tr>
                    <th>{t!(i18n, region)}</th>
                    {columns.iter().map(|&c| {
                        let (zh, en) = metric_label(c);
                        view! { <th class="num sortable" data-sort=c on:click=move |_| sort.update(|s| *s = Some((c, !matches!(*s, Some((x, true)) if x == c))))>{move || lang.get().pick(zh, en)}</th> }
                    }).collect_view()}
                </tr></thead>
                <tbody>
                    {move || sorted().into_iter().map(|r| {
                        let go = go.clone();
                        let id = r.region_id.clone();
                        view! {
                            <tr data-region-id=r.region_id.clone() class=format!("depth-{}", r.depth) on:click=move |_| go(Some(id.clone()), as_of, None)>
                                <td class="name">{r.name.clone()}</td>
                                {r.metrics.iter().map(|(n, v)| view! {
                                    <td class="num" data-metric=*n data-value=v.plain()>{v.display().unwrap_or_else(|| "—".into())}</td>
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </section>
    })
}
