//! The county office's analyses, for the scope and date of the URL: 进退 monitoring, exit checks,
//! the relapse watch, causes and structure, and multidimensional poverty. Lists export to CSV.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use super::charts::{Bar, BarChart, LineChart};
use super::dashboard::use_scope_and_date;
use super::state::AppState;
use super::{use_lang, verdict_text, Lang};
use crate::domain::analysis::{self, AfOptions, Indicator, MOVE_STATUSES};
use crate::domain::calc::{Criterion, Verdict};
use crate::domain::date::Date;
use crate::domain::index::{Index, Scope};
use crate::domain::model::Registry;
use crate::domain::rules::Rules;
use crate::exchange::csv;

/// The sub-navigation of the overview; links keep the scope and date.
#[component]
pub fn AnalysisNav() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let search = move || location.search.get();
    let links: [(&'static str, &'static str, &'static str); 7] = [
        ("/", "概览", "Overview"),
        ("/monitoring", "进退监测", "Monitoring"),
        ("/exit-checks", "退出检查", "Exit checks"),
        ("/relapse", "防返贫监测", "Relapse watch"),
        ("/structure", "致贫原因与结构", "Causes & structure"),
        ("/multidimensional", "多维贫困", "Multidimensional"),
        ("/report", "报告", "Report"),
    ];
    view! {
        <nav class="subnav" aria-label="analysis">
            {links.into_iter().map(|(path, zh, en)| view! {
                <A href=move || { let s = search(); if s.is_empty() { path.to_string() } else { format!("{path}?{}", s.trim_start_matches('?')) } } exact=true>{move || lang.get().pick(zh, en)}</A>
            }).collect_view()}
            <button class="print" on:click=|_| { let _ = web_sys::window().unwrap().print(); }>{move || lang.get().pick("打印", "Print")}</button>
        </nav>
    }
}

/// Offers a workbook built by `make` (file name and sheets) through the spreadsheet worker.
pub(super) fn spawn_xlsx(make: impl FnOnce() -> (String, Vec<super::xlsx::Sheet>) + 'static) {
    let state = AppState::expect();
    leptos::task::spawn_local(async move {
        let (name, sheets) = make();
        if let Err(e) = super::xlsx::export(&name, sheets).await {
            state.say(
                true,
                format!("无法生成 Excel 文件: {e}"),
                format!("Cannot make the Excel file: {e}"),
            );
        }
    });
}

fn text_cells(cells: &[String]) -> Vec<serde_json::Value> {
    cells
        .iter()
        .map(|c| serde_json::Value::from(c.as_str()))
        .collect()
}

fn with_index<T>(reg: &Registry, scope: Option<&str>, f: impl FnOnce(&Index, Scope) -> T) -> T {
    let ix = Index::new(reg);
    let s = ix.scope_of(scope);
    f(&ix, s)
}

fn status_label(k: usize, l: Lang) -> String {
    let s = MOVE_STATUSES[k];
    match s {
        crate::domain::codes::Status::Poor => l.pick("新识别", "Entries"),
        crate::domain::codes::Status::Exited => l.pick("脱贫", "Exits"),
        crate::domain::codes::Status::Returned => l.pick("返贫", "Relapses"),
        crate::domain::codes::Status::StruckOff => l.pick("清退", "Struck off"),
        _ => l.pick("自然减少", "Ceased"),
    }
}

fn scope_title(reg: &Registry, scope: Option<&str>, d: Date, l: Lang) -> String {
    with_index(reg, scope, |ix, s| match s {
        Scope::Region(r) => format!("{} · {d}", ix.region_path(r)),
        Scope::All => format!("{} · {d}", l.pick("全部", "Whole registry")),
    })
}

fn household_label(reg: &Registry, ix: &Index, h: usize) -> (String, String, String) {
    let rec = &reg.households[h];
    let head = rec
        .live()
        .and_then(|b| b.head())
        .map(|m| m.name.clone())
        .unwrap_or_default();
    let village = ix.household_village[h]
        .map(|v| ix.region_path(v))
        .unwrap_or_default();
    (rec.id.clone(), head, village)
}

#[component]
pub fn MonitoringPage() -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let (scope, as_of, _) = use_scope_and_date();
    let month_year = RwSignal::new(None::<i32>);
    let selected = RwSignal::new(None::<(usize, Date, Date, String)>);
    let data = Memo::new(move |_| {
        let reg = state.registry.get();
        let d = as_of.get();
        let year = month_year.get().unwrap_or(d.year());
        with_index(&reg, scope.get().as_deref(), |ix, s| {
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
        let reg = state.registry.get();
        Some(with_index(&reg, scope.get().as_deref(), |ix, s| {
            analysis::moves_list(ix, s, MOVE_STATUSES[k], from, to)
                .into_iter()
                .map(|(h, m)| {
                    let (id, head, village) = household_label(&reg, ix, h);
                    (id, head, village, m.date, m.people)
                })
                .collect::<Vec<_>>()
        }))
    });
    let table = move |rows: Vec<analysis::PeriodMoves>, kind: &'static str| {
        let l = lang.get();
        view! {
            <div class="scroll-x"><table class="table" data-table=kind>
                <thead><tr><th>{l.pick("期间", "Period")}</th>
                    {(0..5).map(|k| view! { <th class="num" colspan="2">{status_label(k, l)}</th> }).collect_view()}
                </tr><tr><th></th>{(0..5).map(|_| view! { <th class="num">{l.pick("户", "hh")}</th><th class="num">{l.pick("人", "people")}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {rows.into_iter().map(|p| {
                        let (from, to) = (p.from.unwrap(), p.to.unwrap());
                        let label = p.label.clone();
                        view! {
                            <tr data-period=p.label.clone()>
                                <td>{p.label.clone()}</td>
                                {p.counts.iter().enumerate().map(|(k, (hh, ppl))| {
                                    let label = label.clone();
                                    let code = MOVE_STATUSES[k].code();
                                    view! {
                                        <td class="num"><button class="link" data-metric=format!("moves.{code}.households") data-value=hh.to_string() on:click=move |_| selected.set(Some((k, from, to, label.clone())))>{*hh}</button></td>
                                        <td class="num" data-metric=format!("moves.{code}.people") data-value=ppl.to_string()>{*ppl}</td>
                                    }
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
        }
    };
    view! {
        <AnalysisNav/>
        <h1>{move || lang.get().pick("进退动态监测", "Dynamic monitoring of entries and exits")}<span class="muted">{move || format!(" · {}", scope_title(&state.registry.get(), scope.get().as_deref(), as_of.get(), lang.get()))}</span></h1>
        <section class="card">
            <h2>{move || lang.get().pick("按年度", "By year")}</h2>
            {move || table(data.get().0, "moves-by-year")}
        </section>
        <section class="card">
            <h2>{move || lang.get().pick("按月份", "By month")}" "
                <input type="number" min="1980" max="2100" data-control="month-year" prop:value=move || data.get().3.to_string() on:change=move |ev| month_year.set(event_target_value(&ev).parse().ok())/>
            </h2>
            {move || table(data.get().1, "moves-by-month")}
        </section>
        {move || list.get().map(|rows| {
            let (k, _, _, label) = selected.get().unwrap();
            let l = lang.get();
            view! {
                <section class="card" data-list="moves">
                    <h2>{format!("{label} {} · {}", status_label(k, l), rows.len())}</h2>
                    <table class="table"><tbody>
                        {rows.into_iter().take(500).map(|(id, head, village, date, people)| view! {
                            <tr data-household-id=id.clone()><td><A href=format!("/households/{id}")>{head}</A></td><td>{village}</td><td>{date.to_string()}</td><td class="num">{people}</td></tr>
                        }).collect_view()}
                    </tbody></table>
                </section>
            }
        })}
        <section class="card">
            <h2>{move || lang.get().pick("贫困人口与发生率走势 (年末)", "Poor people and incidence at each year's end")}</h2>
            {move || {
                let trend = data.get().2;
                let l = lang.get();
                let points = trend.iter().map(|t| (t.year.to_string(), t.poor_people as f64, crate::domain::money::group_digits(t.poor_people as i128))).collect();
                view! {
                    <LineChart points=points name="trend"/>
                    <table class="table" data-table="trend">
                        <thead><tr><th>{l.pick("年度", "Year")}</th><th class="num">{l.pick("贫困户", "Poor households")}</th><th class="num">{l.pick("贫困人口", "Poor people")}</th><th class="num">{l.pick("发生率", "Incidence")}</th></tr></thead>
                        <tbody>{trend.into_iter().map(|t| view! {
                            <tr data-year=t.year.to_string()><td>{t.year}</td><td class="num">{t.poor_households}</td><td class="num">{t.poor_people}</td>
                            <td class="num" data-metric="trend_incidence_percent" data-value=t.incidence.map(|r| r.percent_text()).unwrap_or_default()>{t.incidence.map(|r| format!("{}%", r.percent_text())).unwrap_or_else(|| l.pick("未知", "unknown"))}</td></tr>
                        }).collect_view()}</tbody>
                    </table>
                }
            }}
        </section>
    }
}

/// Household id, head, village, each criterion's verdict, and whether all are met.
type CheckRow = (String, String, String, Vec<(Criterion, Verdict)>, bool);

#[component]
pub fn ExitChecksPage() -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let (scope, as_of, income_year) = use_scope_and_date();
    let year = RwSignal::new(None::<i32>);
    let data = Memo::new(move |_| {
        let reg = state.registry.get();
        let y = year.get().unwrap_or(income_year.get());
        let rules = Rules::new(&reg.settings);
        with_index(&reg, scope.get().as_deref(), |ix, s| {
            let c = analysis::exit_checks(ix, s, y, &rules);
            let rows: Vec<CheckRow> = c
                .rows
                .iter()
                .map(|(h, check)| {
                    let (id, head, village) = household_label(&reg, ix, *h);
                    (id, head, village, check.verdicts.to_vec(), check.passes())
                })
                .collect();
            let villages: Vec<(String, String, u64, u64)> = c
                .per_village
                .iter()
                .map(|(&v, &(n, pass))| (reg.regions[v].id.clone(), ix.region_path(v), n, pass))
                .collect();
            (
                y,
                rows,
                c.per_criterion,
                villages,
                c.passing(),
                c.with_unknowns(),
            )
        })
    });
    let export = move |_| {
        let (y, rows, ..) = data.get_untracked();
        let l = lang.get_untracked();
        let mut header: Vec<String> = vec![
            l.pick("户编号", "Household id"),
            l.pick("户主", "Head"),
            l.pick("村", "Village"),
        ];
        header.extend(Criterion::ALL.iter().map(|c| l.pick(c.zh(), c.en())));
        header.push(l.pick("结论", "Result"));
        let body: Vec<Vec<String>> = rows
            .iter()
            .map(|(id, head, village, v, pass)| {
                let mut r = vec![id.clone(), head.clone(), village.clone()];
                r.extend(v.iter().map(|(_, x)| verdict_text(*x, l)));
                r.push(if *pass {
                    l.pick("达标", "pass")
                } else {
                    l.pick("未达标", "fail")
                });
                r
            })
            .collect();
        super::util::download(
            &format!("jingzhun-exit-checks-{y}.csv"),
            "text/csv;charset=utf-8",
            &csv::write(&header, &body),
        );
    };
    view! {
        <AnalysisNav/>
        <h1>{move || lang.get().pick("户脱贫标准检查", "Household exit checks")}<span class="muted">{move || format!(" · {}", scope_title(&state.registry.get(), scope.get().as_deref(), as_of.get(), lang.get()))}</span></h1>
        <section class="controls">
            <label>{move || lang.get().pick("年度", "Year")}<input type="number" data-control="exit-year" prop:value=move || data.get().0.to_string() on:change=move |ev| year.set(event_target_value(&ev).parse().ok())/></label>
            <button data-control="export-csv" on:click=export>{move || lang.get().pick("导出 CSV", "Export CSV")}</button>
            <button data-control="export-xlsx" on:click=move |_| {
                let (y, rows, ..) = data.get_untracked();
                let l = lang.get_untracked();
                spawn_xlsx(move || {
                    let mut header = vec![l.pick("户编号", "Household id"), l.pick("户主", "Head"), l.pick("村", "Village")];
                    header.extend(Criterion::ALL.iter().map(|c| l.pick(c.zh(), c.en())));
                    header.push(l.pick("结论", "Result"));
                    let rows = rows.iter().map(|(id, head, village, v, pass)| {
                        let mut r = vec![id.clone(), head.clone(), village.clone()];
                        r.extend(v.iter().map(|(_, x)| verdict_text(*x, l)));
                        r.push(if *pass { l.pick("达标", "pass") } else { l.pick("未达标", "fail") });
                        text_cells(&r)
                    }).collect();
                    (format!("jingzhun-exit-checks-{y}.xlsx"), vec![super::xlsx::Sheet { name: l.pick("户脱贫检查", "Exit checks"), header, rows }])
                });
            }>{move || lang.get().pick("导出 Excel", "Export Excel")}</button>
        </section>
        {move || {
            let (y, rows, per, villages, passing, unknowns) = data.get();
            let l = lang.get();
            view! {
                <p>{l.pick(&format!("{y} 年应检查 {} 户: 全部达标 ", rows.len()), &format!("{y}: {} households checked; all criteria met: ", rows.len()))}
                   <b data-metric="exit_checked" data-value=rows.len().to_string() hidden></b>
                   <b data-metric="exit_passing" data-value=passing.to_string()>{passing}</b>
                   {l.pick(&format!(", 有未知项 {unknowns}。 住房、饮水等条件按现状判断。"), &format!(", with unknowns {unknowns}. Conditions are judged as they are now."))}</p>
                <section class="card">
                    <table class="table" data-table="criteria">
                        <thead><tr><th>{l.pick("标准", "Criterion")}</th><th class="num">{l.pick("达标", "Met")}</th><th class="num">{l.pick("未达标", "Failed")}</th><th class="num">{l.pick("未知", "Unknown")}</th></tr></thead>
                        <tbody>{Criterion::ALL.iter().zip(per).map(|(c, (m, f, u))| view! {
                            <tr data-criterion=c.code()><td>{l.pick(c.zh(), c.en())}</td><td class="num">{m}</td><td class="num" data-metric=format!("exit_failed.{}", c.code()) data-value=f.to_string()>{f}</td><td class="num">{u}</td></tr>
                        }).collect_view()}</tbody>
                    </table>
                </section>
                <section class="card">
                    <h2>{l.pick("分村", "By village")}</h2>
                    <table class="table"><tbody>{villages.into_iter().map(|(id, name, n, pass)| view! {
                        <tr data-region-id=id><td>{name}</td><td class="num">{n}</td><td class="num">{pass}</td></tr>
                    }).collect_view()}</tbody></table>
                </section>
                <section class="card">
                    <h2>{l.pick("未全部达标的农户", "Households not meeting every criterion")}</h2>
                    <table class="table"><tbody>{rows.into_iter().filter(|r| !r.4).take(300).map(|(id, head, village, v, _)| {
                        let failing: Vec<String> = v.iter().filter(|(_, x)| *x != Verdict::Met).map(|(c, x)| format!("{} ({})", l.pick(c.zh(), c.en()), verdict_text(*x, l))).collect();
                        view! { <tr data-household-id=id.clone()><td><A href=format!("/households/{id}")>{head}</A></td><td>{village}</td><td>{failing.join(", ")}</td></tr> }
                    }).collect_view()}</tbody></table>
                </section>
            }
        }}
    }
}

#[component]
pub fn RelapsePage() -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let (scope, as_of, _) = use_scope_and_date();
    let data = Memo::new(move |_| {
        let reg = state.registry.get();
        let rules = Rules::new(&reg.settings);
        with_index(&reg, scope.get().as_deref(), |ix, s| {
            analysis::relapse_watch(ix, s, as_of.get(), &rules)
                .into_iter()
                .map(|r| {
                    let (id, head, village) = household_label(&reg, ix, r.household);
                    (id, head, village, r)
                })
                .collect::<Vec<_>>()
        })
    });
    let reason = move |r: &crate::domain::calc::RelapseRisk, l: Lang| -> String {
        let mut parts = Vec::new();
        if let (Some((y, inc)), Some(line)) = (r.income, r.line) {
            if r.below_line {
                parts.push(l.pick(
                    &format!(
                        "{y} 年人均 {inc} 元, 低于监测线 {} 元 ({}%)",
                        line.yuan,
                        r.ratio().map(|x| x.percent_text()).unwrap_or_default()
                    ),
                    &format!(
                        "{y} per capita {inc} yuan, below the monitoring line {} ({}%)",
                        line.yuan,
                        r.ratio().map(|x| x.percent_text()).unwrap_or_default()
                    ),
                ));
            }
        }
        for c in &r.failed {
            parts.push(format!(
                "{} {}",
                l.pick(c.zh(), c.en()),
                l.pick("未达标", "failed")
            ));
        }
        if !r.at_risk() {
            parts.push(format!(
                "{}: {}",
                l.pick("缺少信息", "facts missing"),
                r.missing
                    .iter()
                    .map(|c| l.pick(c.zh(), c.en()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        parts.join("; ")
    };
    let export = move |_| {
        let l = lang.get_untracked();
        let rows: Vec<Vec<String>> = data
            .get_untracked()
            .iter()
            .map(|(id, head, village, r)| {
                vec![id.clone(), head.clone(), village.clone(), reason(r, l)]
            })
            .collect();
        let header = [
            l.pick("户编号", "Household id"),
            l.pick("户主", "Head"),
            l.pick("村", "Village"),
            l.pick("原因", "Reason"),
        ];
        super::util::download(
            &format!("jingzhun-relapse-watch-{}.csv", as_of.get_untracked()),
            "text/csv;charset=utf-8",
            &csv::write(&header, &rows),
        );
    };
    view! {
        <AnalysisNav/>
        <h1>{move || lang.get().pick("防返贫监测", "Relapse watch")}<span class="muted">{move || format!(" · {}", scope_title(&state.registry.get(), scope.get().as_deref(), as_of.get(), lang.get()))}</span></h1>
        <section class="controls">
            <button data-control="export-csv" on:click=export>{move || lang.get().pick("导出 CSV", "Export CSV")}</button>
            <button data-control="export-xlsx" on:click=move |_| {
                let l = lang.get_untracked();
                let rows: Vec<Vec<serde_json::Value>> = data.get_untracked().iter().map(|(id, head, village, r)| text_cells(&[id.clone(), head.clone(), village.clone(), reason(r, l)])).collect();
                let date = as_of.get_untracked();
                spawn_xlsx(move || (format!("jingzhun-relapse-watch-{date}.xlsx"), vec![super::xlsx::Sheet { name: l.pick("防返贫监测", "Relapse watch"), header: vec![l.pick("户编号", "Household id"), l.pick("户主", "Head"), l.pick("村", "Village"), l.pick("原因", "Reason")], rows }]));
            }>{move || lang.get().pick("导出 Excel", "Export Excel")}</button>
        </section>
        {move || {
            let rows = data.get();
            let l = lang.get();
            let at_risk = rows.iter().filter(|r| r.3.at_risk()).count();
            view! {
                <p>{l.pick("有返贫风险: ", "At risk: ")}<b data-metric="relapse_at_risk" data-value=at_risk.to_string()>{at_risk}</b>
                   {l.pick(&format!(" 户; 信息不全: {} 户 (按风险从高到低排列)", rows.len() - at_risk), &format!(" households; facts missing: {} (riskiest first)", rows.len() - at_risk))}</p>
                <table class="table" data-table="relapse"><tbody>
                    {rows.into_iter().take(500).map(|(id, head, village, r)| view! {
                        <tr data-household-id=id.clone() class:flagged=r.at_risk()><td><A href=format!("/households/{id}")>{head}</A></td><td>{village}</td><td>{reason(&r, l)}</td></tr>
                    }).collect_view()}
                </tbody></table>
            }
        }}
    }
}

#[component]
pub fn StructurePage() -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let (scope, as_of, _) = use_scope_and_date();
    let poor_only = RwSignal::new(true);
    let data = Memo::new(move |_| {
        let reg = state.registry.get();
        with_index(&reg, scope.get().as_deref(), |ix, s| {
            analysis::structure(ix, s, as_of.get(), poor_only.get())
        })
    });
    view! {
        <AnalysisNav/>
        <h1>{move || lang.get().pick("致贫原因与结构", "Causes and structure")}<span class="muted">{move || format!(" · {}", scope_title(&state.registry.get(), scope.get().as_deref(), as_of.get(), lang.get()))}</span></h1>
        <label class="controls"><input type="checkbox" prop:checked=move || poor_only.get() on:change=move |ev| poor_only.set(event_target_checked(&ev))/>{move || lang.get().pick("只看贫困户 (否则为全部建档立卡户)", "Poor households only (else every registered household)")}</label>
        {move || {
            let s = data.get();
            let l = lang.get();
            let causes: Vec<Bar> = s.by_cause.iter().map(|(c, (hh, ppl))| Bar { label: l.pick(c.zh(), c.en()), value: *hh as f64, text: format!("{hh} / {ppl}") }).collect();
            let attrs: Vec<Bar> = s.by_attribute.iter().map(|(a, (hh, ppl))| Bar { label: l.pick(a.zh(), a.en()), value: *hh as f64, text: format!("{hh} / {ppl}") }).collect();
            let labor: Vec<Bar> = s.by_labor.iter().map(|(k, n)| Bar { label: k.map(|x| l.pick(x.zh(), x.en())).unwrap_or_else(|| l.pick("未填", "not recorded")), value: *n as f64, text: n.to_string() }).collect();
            let health: Vec<Bar> = s.by_health.iter().map(|(k, n)| Bar { label: k.map(|x| l.pick(x.zh(), x.en())).unwrap_or_else(|| l.pick("未填", "not recorded")), value: *n as f64, text: n.to_string() }).collect();
            view! {
                <div class="columns">
                    <section class="card"><h2>{l.pick("主要致贫原因 (户 / 人)", "Main cause (households / people)")}</h2><BarChart bars=causes name="causes"/></section>
                    <section class="card"><h2>{l.pick("贫困户属性 (户 / 人)", "Attribute (households / people)")}</h2><BarChart bars=attrs name="attributes"/></section>
                    <section class="card"><h2>{l.pick("劳动能力 (人)", "Labour capacity (people)")}</h2><BarChart bars=labor name="labor"/></section>
                    <section class="card"><h2>{l.pick("健康状况 (人)", "Health (people)")}</h2><BarChart bars=health name="health"/></section>
                </div>
            }
        }}
    }
}

#[component]
pub fn MultidimensionalPage() -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let (scope, as_of, _) = use_scope_and_date();
    let options = RwSignal::new(AfOptions::default());
    let result = Memo::new(move |_| {
        let reg = state.registry.get();
        let rules = Rules::new(&reg.settings);
        let opts = options.get();
        with_index(&reg, scope.get().as_deref(), |ix, s| {
            let all = analysis::alkire_foster(ix, s, as_of.get(), &rules, &opts);
            let villages: Vec<(String, String, f64, f64)> = ix
                .subtree(s)
                .into_iter()
                .filter(|&r| {
                    ix.region(r)
                        .is_some_and(|x| x.kind == crate::domain::codes::RegionKind::Village)
                })
                .map(|r| {
                    let v =
                        analysis::alkire_foster(ix, Scope::Region(r), as_of.get(), &rules, &opts);
                    (reg.regions[r].id.clone(), ix.region_path(r), v.m0, v.h)
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
        <AnalysisNav/>
        <h1>{move || lang.get().pick("多维贫困 (Alkire–Foster)", "Multidimensional poverty (Alkire–Foster)")}<span class="muted">{move || format!(" · {}", scope_title(&state.registry.get(), scope.get().as_deref(), as_of.get(), lang.get()))}</span></h1>
        <section class="card">
            <p class="muted small">{move || lang.get().pick("对象: 截至日期的建档立卡户全部成员, 每人取其户的剥夺得分; 缺少的信息按未剥夺计。权重按所选指标归一。", "Covers every counted member of the households registered at the date, each carrying the household's score; a missing fact counts as not deprived. Weights are normalised over the chosen indicators.")}</p>
            <table class="table">
                <thead><tr><th>{move || lang.get().pick("指标", "Indicator")}</th><th class="num">{move || lang.get().pick("权重", "Weight")}</th></tr></thead>
                <tbody>{Indicator::ALL.iter().map(|&i| {
                    let on = move || options.with(|o| o.indicators.iter().any(|(x, _)| *x == i));
                    let weight = move || options.with(|o| o.indicators.iter().find(|(x, _)| *x == i).map(|(_, w)| *w)).unwrap_or(0.0);
                    view! {
                        <tr data-indicator=i.code()>
                            <td><label><input type="checkbox" prop:checked=on on:change=move |ev| toggle(i, event_target_checked(&ev))/>{move || lang.get().pick(i.zh(), i.en())}</label></td>
                            <td class="num"><input type="number" min="0" step="0.1" class="narrow" prop:value=move || format!("{:.3}", weight()) disabled=move || !on()
                                on:change=move |ev| { if let Ok(w) = event_target_value(&ev).parse::<f64>() { if w >= 0.0 { options.update(|o| { if let Some(e) = o.indicators.iter_mut().find(|(x, _)| *x == i) { e.1 = w; } }); } } }/></td>
                        </tr>
                    }
                }).collect_view()}</tbody>
            </table>
            <label>{move || lang.get().pick("临界值 k (0–1)", "Cutoff k (0–1)")}" "
                <input type="number" min="0" max="1" step="0.05" data-control="af-k" prop:value=move || format!("{:.3}", options.with(|o| o.k))
                    on:change=move |ev| { if let Ok(k) = event_target_value(&ev).parse::<f64>() { if (0.0..=1.0).contains(&k) { options.update(|o| o.k = k); } } }/></label>
        </section>
        {move || {
            let (r, villages) = result.get();
            let l = lang.get();
            let bars: Vec<Bar> = villages.iter().map(|(_, name, m0, _)| Bar { label: name.rsplit(" / ").next().unwrap_or(name).to_string(), value: *m0, text: format!("{:.4}", m0) }).collect();
            view! {
                <section class="figures">
                    <div class="figure"><div class="figure-label">{l.pick("多维贫困发生率 H", "Headcount H")}</div><div class="figure-value" data-metric="af_h" data-value=pct(r.h)>{format!("{}%", pct(r.h))}</div><div class="figure-note">{format!("{} / {}", r.poor_people, r.people)}</div></div>
                    <div class="figure"><div class="figure-label">{l.pick("平均剥夺强度 A", "Intensity A")}</div><div class="figure-value" data-metric="af_a" data-value=pct(r.a)>{format!("{}%", pct(r.a))}</div></div>
                    <div class="figure"><div class="figure-label">{l.pick("调整后发生率 M0 = H×A", "M0 = H × A")}</div><div class="figure-value" data-metric="af_m0" data-value=format!("{:.4}", r.m0)>{format!("{:.4}", r.m0)}</div></div>
                </section>
                <section class="card">
                    <table class="table" data-table="af-indicators">
                        <thead><tr><th>{l.pick("指标", "Indicator")}</th><th class="num">{l.pick("删减后发生率", "Censored headcount")}</th><th class="num">{l.pick("贡献率", "Contribution")}</th></tr></thead>
                        <tbody>{r.indicators.iter().map(|(i, ch, c)| view! { <tr><td>{l.pick(i.zh(), i.en())}</td><td class="num">{format!("{}%", pct(*ch))}</td><td class="num">{format!("{}%", pct(*c))}</td></tr> }).collect_view()}</tbody>
                    </table>
                </section>
                <section class="card"><h2>{l.pick("各村 M0", "M0 by village")}</h2><BarChart bars=bars name="af-villages"/></section>
            }
        }}
    }
}

/// A printable A4 report of the scope and date: headline, breakdown, monitoring, exit checks.
#[component]
pub fn ReportPage() -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let (scope, as_of, income_year) = use_scope_and_date();
    let data = Memo::new(move |_| {
        let reg = state.registry.get();
        let rules = Rules::new(&reg.settings);
        let o = crate::domain::report::overview(
            &reg,
            scope.get().as_deref(),
            as_of.get(),
            income_year.get(),
        );
        let (years, checks) = with_index(&reg, scope.get().as_deref(), |ix, s| {
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
        spawn_xlsx(move || {
            let headline = o
                .headline
                .iter()
                .map(|(name, v)| {
                    let (zh, en) = super::dashboard::metric_label(name);
                    let value = v
                        .plain()
                        .parse::<f64>()
                        .map(serde_json::Value::from)
                        .unwrap_or_else(|_| l.pick("未知", "unknown").into());
                    vec![serde_json::Value::from(l.pick(zh, en)), value]
                })
                .collect();
            let metric_names: Vec<&str> = o
                .breakdown
                .first()
                .map(|r| r.metrics.iter().map(|(n, _)| *n).collect())
                .unwrap_or_default();
            let mut bheader = vec![l.pick("区划", "Region")];
            bheader.extend(metric_names.iter().map(|n| {
                let (zh, en) = super::dashboard::metric_label(n);
                l.pick(zh, en)
            }));
            let breakdown = o
                .breakdown
                .iter()
                .map(|r| {
                    let mut row = vec![serde_json::Value::from(r.path.clone())];
                    row.extend(r.metrics.iter().map(|(_, v)| {
                        v.plain()
                            .parse::<f64>()
                            .map(serde_json::Value::from)
                            .unwrap_or(serde_json::Value::Null)
                    }));
                    row
                })
                .collect();
            let mut mheader = vec![l.pick("年度", "Year")];
            for k in 0..5 {
                mheader.push(format!(
                    "{} {}",
                    status_label(k, l),
                    l.pick("户", "households")
                ));
                mheader.push(format!("{} {}", status_label(k, l), l.pick("人", "people")));
            }
            let monitoring = years
                .iter()
                .map(|p| {
                    let mut row = vec![serde_json::Value::from(p.label.clone())];
                    for (h, ppl) in p.counts {
                        row.push(h.into());
                        row.push(ppl.into());
                    }
                    row
                })
                .collect();
            let checks = Criterion::ALL
                .iter()
                .zip(per)
                .map(|(c, (m, f, u))| {
                    vec![
                        serde_json::Value::from(l.pick(c.zh(), c.en())),
                        m.into(),
                        f.into(),
                        u.into(),
                    ]
                })
                .collect();
            (
                format!("jingzhun-report-{}.xlsx", o.as_of),
                vec![
                    super::xlsx::Sheet {
                        name: l.pick("主要指标", "Headline"),
                        header: vec![l.pick("指标", "Figure"), l.pick("数值", "Value")],
                        rows: headline,
                    },
                    super::xlsx::Sheet {
                        name: l.pick("分乡镇分村", "Breakdown"),
                        header: bheader,
                        rows: breakdown,
                    },
                    super::xlsx::Sheet {
                        name: l.pick("进退动态", "Monitoring"),
                        header: mheader,
                        rows: monitoring,
                    },
                    super::xlsx::Sheet {
                        name: l.pick("脱贫标准检查", "Exit checks"),
                        header: vec![
                            l.pick("标准", "Criterion"),
                            l.pick("达标", "Met"),
                            l.pick("未达标", "Failed"),
                            l.pick("未知", "Unknown"),
                        ],
                        rows: checks,
                    },
                ],
            )
        });
    };
    view! {
        <AnalysisNav/>
        <section class="controls"><button data-control="export-xlsx" on:click=workbook>{move || lang.get().pick("导出 Excel 工作簿", "Export Excel workbook")}</button></section>
        {move || {
            let (o, years, (checked, passing, per)) = data.get();
            let l = lang.get();
            let title = o.scope_name.clone().unwrap_or_else(|| l.pick("全部", "Whole registry"));
            view! {
                <article class="report" data-report="">
                    <h1>{l.pick(&format!("{title} 精准扶贫工作报告"), &format!("{title}: targeted poverty alleviation report"))}</h1>
                    <p class="muted">{l.pick(&format!("截至 {} · 收入年度 {} · 由精准扶贫台账根据本机数据计算", o.as_of, o.income_year), &format!("As of {} · income year {} · computed by Jingzhun from this device's data", o.as_of, o.income_year))}</p>
                    <h2>{l.pick("一、主要指标", "1. Headline figures")}</h2>
                    <table class="table"><tbody>
                        {o.headline.iter().map(|(name, v)| {
                            let (zh, en) = super::dashboard::metric_label(name);
                            view! { <tr><td>{l.pick(zh, en)}</td><td class="num" data-metric=*name data-value=v.plain()>{v.display().unwrap_or_else(|| l.pick("未知", "unknown"))}</td></tr> }
                        }).collect_view()}
                    </tbody></table>
                    <h2>{l.pick("二、分乡镇、分村", "2. By township and village")}</h2>
                    <table class="table"><thead><tr><th>{l.pick("区划", "Region")}</th><th class="num">{l.pick("贫困户", "Poor hh")}</th><th class="num">{l.pick("贫困人口", "Poor people")}</th><th class="num">{l.pick("发生率", "Incidence")}</th></tr></thead><tbody>
                        {o.breakdown.iter().map(|r| {
                            let get = |n: &str| r.metrics.iter().find(|(m, _)| *m == n).map(|(_, v)| v.display().unwrap_or_else(|| "—".into())).unwrap_or_default();
                            view! { <tr class=format!("depth-{}", r.depth)><td class="name">{r.name.clone()}</td><td class="num">{get("poor_households")}</td><td class="num">{get("poor_people")}</td><td class="num">{get("incidence_percent")}</td></tr> }
                        }).collect_view()}
                    </tbody></table>
                    <h2>{l.pick("三、进退动态", "3. Entries and exits")}</h2>
                    <table class="table"><thead><tr><th>{l.pick("年度", "Year")}</th>{(0..5).map(|k| view! { <th class="num">{status_label(k, l)}</th> }).collect_view()}</tr></thead><tbody>
                        {years.into_iter().map(|p| view! { <tr><td>{p.label.clone()}</td>{p.counts.iter().map(|(h, ppl)| view! { <td class="num">{format!("{h} / {ppl}")}</td> }).collect_view()}</tr> }).collect_view()}
                    </tbody></table>
                    <h2>{l.pick("四、户脱贫标准检查", "4. Household exit checks")}</h2>
                    <p>{l.pick(&format!("{} 年检查 {checked} 户, 全部达标 {passing} 户。", o.income_year), &format!("{}: {checked} households checked, {passing} meet every criterion.", o.income_year))}</p>
                    <table class="table"><tbody>{Criterion::ALL.iter().zip(per).map(|(c, (m, f, u))| view! { <tr><td>{l.pick(c.zh(), c.en())}</td><td class="num">{format!("{m} / {f} / {u}")}</td></tr> }).collect_view()}</tbody></table>
                    <p class="muted small">{l.pick("达标 / 未达标 / 未知。住房、饮水等条件按现状判断。贫困县摘帽为部分检查。", "Met / failed / unknown. Conditions are judged as they are now. The county exit check is partial.")}</p>
                </article>
            }
        }}
    }
}
