//! 数据交换: import a file (check → preview the merge → decide conflicts → apply, or cancel and
//! nothing changes) and export the whole registry or one township's or village's reach.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::state::{replica_id, AppState};
use super::{t, use_i18n, use_lang};
use crate::domain::merge::{Choice, Decisions, MergePlan, Outcome};
use crate::domain::model::Collection;
use crate::domain::roster::{self, Column, Mapping, Sheet};
use crate::exchange::roster::RosterSummary;
use crate::exchange::{self, PreparedImport, Problem};

#[derive(Clone)]
enum Stage {
    Idle,
    Reading(String),
    Refused(String, Vec<Problem>),
    /// A roster sheet read, waiting for the person to map its columns.
    Mapping(String, Arc<Sheet>),
    Planned(String, Arc<PreparedImport>, Option<RosterSummary>),
}

/// Where the column mapping of roster imports is remembered (header text → column key).
const MAPPING_KEY: &str = "jingzhun.roster-mapping";

fn remembered_mapping() -> std::collections::BTreeMap<String, String> {
    use gloo_storage::Storage;
    gloo_storage::LocalStorage::get(MAPPING_KEY).unwrap_or_default()
}

fn remember_mapping(sheet: &Sheet, mapping: &Mapping) {
    use gloo_storage::Storage;
    let mut all = remembered_mapping();
    all.extend(roster::mapping_to_remember(&sheet.header, mapping));
    let _ = gloo_storage::LocalStorage::set(MAPPING_KEY, &all);
}

fn refusal(name: String, zh: String, en: String) -> Stage {
    Stage::Refused(name, vec![Problem::new("", zh, en)])
}

/// Reads a roster file: a workbook through the spreadsheet worker, anything else as CSV text.
async fn read_roster(name: &str, bytes: &[u8]) -> Result<Sheet, (String, String)> {
    let lower = name.to_lowercase();
    if [".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"]
        .iter()
        .any(|x| lower.ends_with(x))
    {
        super::xlsx::read(bytes).await.map_err(|e| {
            (
                format!("无法读取 Excel 文件: {e}"),
                format!("cannot read the workbook: {e}"),
            )
        })
    } else {
        exchange::csv::read(&super::util::decode_text(bytes)).map_err(|p| (p.zh, p.en))
    }
}

async fn file_bytes(file: web_sys::File) -> Result<Vec<u8>, String> {
    let buf = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("{e:?}"))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

fn record_text(
    prepared: &PreparedImport,
    local: &crate::domain::model::Registry,
    c: Collection,
    local_pos: Option<usize>,
    incoming: usize,
) -> (String, String) {
    use crate::exchange::write;
    let pretty = |v: serde_json::Value| serde_json::to_string_pretty(&v).unwrap_or_default();
    let f = &prepared.file.registry;
    macro_rules! pair {
        ($field:ident, $w:path) => {
            (
                local_pos
                    .map(|l| pretty($w(&local.$field[l])))
                    .unwrap_or_default(),
                pretty($w(&f.$field[incoming])),
            )
        };
    }
    match c {
        Collection::Regions => pair!(regions, write::region),
        Collection::Households => pair!(households, write::household),
        Collection::Helpers => pair!(helpers, write::helper),
        Collection::Pairings => pair!(pairings, write::pairing),
        Collection::Measures => pair!(measures, write::measure),
        Collection::Assistance => pair!(assistance, write::assistance),
        Collection::Funds => pair!(funds, write::fund),
        Collection::Tasks => pair!(tasks, write::task),
    }
}

#[component]
pub fn ExchangePage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let state = AppState::expect();
    let stage = RwSignal::new(Stage::Idle);
    let choices: RwSignal<HashMap<(Collection, String), Choice>> = RwSignal::new(HashMap::new());
    let default_choice = RwSignal::new(Choice::Local);
    let take_settings: RwSignal<Vec<String>> = RwSignal::new(Vec::new());

    let start = move |file: web_sys::File| {
        let name = file.name();
        stage.set(Stage::Reading(name.clone()));
        choices.set(HashMap::new());
        take_settings.set(Vec::new());
        spawn_local(async move {
            // Let the progress bar paint before the (synchronous) check runs.
            gloo_timers_yield().await;
            let bytes = match file_bytes(file).await {
                Ok(b) => b,
                Err(e) => {
                    stage.set(Stage::Refused(
                        name,
                        vec![Problem::new(
                            "",
                            format!("无法读取文件: {e}"),
                            format!("cannot read the file: {e}"),
                        )],
                    ));
                    return;
                }
            };
            gloo_timers_yield().await;
            let local = state.registry.get_untracked();
            match exchange::prepare_import(&local, &bytes) {
                Ok(p) => stage.set(Stage::Planned(name, Arc::new(p), None)),
                Err(problems) => stage.set(Stage::Refused(name, problems)),
            }
        });
    };
    let mapping: RwSignal<Mapping> = RwSignal::new(Vec::new());
    let start_roster = move |file: web_sys::File| {
        let name = file.name();
        stage.set(Stage::Reading(name.clone()));
        spawn_local(async move {
            gloo_timers_yield().await;
            let sheet = match file_bytes(file).await {
                Ok(bytes) => read_roster(&name, &bytes).await,
                Err(e) => Err((
                    format!("无法读取文件: {e}"),
                    format!("cannot read the file: {e}"),
                )),
            };
            match sheet {
                Ok(sheet) => {
                    mapping.set(roster::guess_mapping(&sheet.header, &remembered_mapping()));
                    stage.set(Stage::Mapping(name, Arc::new(sheet)));
                }
                Err((zh, en)) => stage.set(refusal(name, zh, en)),
            }
        });
    };
    let on_roster_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = ev.target().unwrap().unchecked_into();
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            start_roster(file);
        }
        input.set_value("");
    };
    let preview_roster = move |name: String, sheet: Arc<Sheet>| {
        let chosen = mapping.get_untracked();
        remember_mapping(&sheet, &chosen);
        stage.set(Stage::Reading(name.clone()));
        spawn_local(async move {
            gloo_timers_yield().await;
            let local = state.registry.get_untracked();
            let (replica, now, prefix) = (
                replica_id(),
                super::util::now(),
                format!("x{}", &super::util::random_hex()[..16]),
            );
            let ctx = roster::ImportContext {
                replica: &replica,
                now: &now,
                today: super::util::today(),
                id_prefix: &prefix,
            };
            match exchange::roster::prepare_roster(&local, &sheet, &chosen, &ctx) {
                Ok((p, summary)) => stage.set(Stage::Planned(name, Arc::new(p), Some(summary))),
                Err(problems) => stage.set(Stage::Refused(name, problems)),
            }
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = ev.target().unwrap().unchecked_into();
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            start(file);
        }
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            start(file);
        }
    };
    let apply = move |_| {
        let Stage::Planned(name, prepared, _) = stage.get_untracked() else {
            return;
        };
        let decisions = Decisions {
            default: default_choice.get_untracked(),
            per_record: choices.get_untracked(),
            take_settings: take_settings.get_untracked(),
        };
        spawn_local(async move {
            if !state.backup(&format!("导入前 before import {name}")).await {
                return;
            }
            let local = state.registry.get_untracked();
            match exchange::finish_import(
                &local,
                &prepared,
                &decisions,
                &replica_id(),
                &super::util::now(),
            ) {
                Ok(merged) => {
                    if state.commit(merged).await {
                        stage.set(Stage::Idle);
                        state.say(
                            false,
                            format!("「{name}」导入完成。"),
                            format!("\"{name}\" imported."),
                        );
                    }
                }
                Err(problems) => stage.set(Stage::Refused(name, problems)),
            }
        });
    };

    view! {
        <h1>{t!(i18n, exchange_title)}</h1>
        <section class="card drop" on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
            <h2>{t!(i18n, import_title)}</h2>
            <p class="muted">{t!(i18n, import_hint)}</p>
            <input type="file" accept=".json,application/json" data-control="import-file" on:change=on_file/>
        </section>
        <section class="card">
            <h2>{move || lang.get().pick("导入花名册 (Excel / CSV)", "Import a roster (Excel / CSV)")}</h2>
            <p class="muted">{move || lang.get().pick(
                "一行一名成员。先对应各列, 再预览: 与 JSON 文件相同的检查与合并, 全部成功才写入。已有户按户编号或成员身份证号找到, 表中没有的内容保持不变。",
                "One row per member. Map the columns, then preview: the same checks and merge as a JSON file, written only if all of it passes. Existing households are found by household id or a member's ID number; what the sheet does not carry stays as it is.")}</p>
            <input type="file" accept=".csv,.txt,.xlsx,.xlsm,.xls,.xlsb,.ods" data-control="roster-file" on:change=on_roster_file/>
        </section>
        {move || match stage.get() {
            Stage::Idle => ().into_any(),
            Stage::Reading(name) => view! {
                <section class="card" data-stage="reading">
                    <p>{name}" — "{t!(i18n, reading_file)}</p>
                    <progress></progress>
                </section>
            }.into_any(),
            Stage::Refused(name, problems) => view! {
                <section class="card refused" data-stage="refused">
                    <h2>{name}</h2>
                    <p class="error">{t!(i18n, file_refused)}</p>
                    <ul class="problems" data-problem-count=problems.len().to_string()>
                        {problems.iter().take(MAX_SHOWN).map(|p| {
                            let (zh, en) = (p.zh.clone(), p.en.clone());
                            view! { <li data-path=p.path.clone()><code>{if p.path.is_empty() { "(文件)".to_string() } else { p.path.clone() }}</code>" "{move || lang.get().pick(&zh, &en)}</li> }
                        }).collect_view()}
                    </ul>
                    {(problems.len() > MAX_SHOWN).then(|| {
                        let more = problems.len() - MAX_SHOWN;
                        view! { <p class="muted">{move || lang.get().pick(&format!("另有 {more} 个问题未列出。"), &format!("{more} more problems not listed."))}</p> }
                    })}
                    <button on:click=move |_| stage.set(Stage::Idle)>{t!(i18n, dismiss)}</button>
                </section>
            }.into_any(),
            Stage::Mapping(name, sheet) => {
                let (n2, s2) = (name.clone(), sheet.clone());
                view! {
                    <section class="card" data-stage="mapping">
                        <h2>{move || lang.get().pick("列对应", "Map the columns")}": "{name.clone()}</h2>
                        <MappingTable sheet=sheet.clone() mapping=mapping/>
                        <div class="actions">
                            <button class="primary" data-control="roster-preview" on:click=move |_| preview_roster(n2.clone(), s2.clone())>{move || lang.get().pick("检查并预览", "Check and preview")}</button>
                            <button data-control="import-cancel" on:click=move |_| stage.set(Stage::Idle)>{t!(i18n, cancel)}</button>
                        </div>
                    </section>
                }.into_any()
            }
            Stage::Planned(name, prepared, summary) => {
                let plan = prepared.plan.clone();
                view! {
                    <section class="card" data-stage="planned">
                        <h2>{t!(i18n, plan_title)}": "{name}</h2>
                        {summary.map(|s| view! { <RosterSummaryLine summary=s/> })}
                        <PlanTable plan=plan.clone()/>
                        <Conflicts prepared=prepared.clone() choices=choices default_choice=default_choice/>
                        <SettingsDiff plan=plan.clone() take=take_settings/>
                        <div class="actions">
                            <button class="primary" data-control="import-apply" disabled=move || state.busy.get() on:click=apply>{t!(i18n, apply_import)}</button>
                            <button data-control="import-cancel" on:click=move |_| stage.set(Stage::Idle)>{t!(i18n, cancel)}</button>
                        </div>
                    </section>
                }.into_any()
            }
        }}
        <Export/>
    }
}

/// At most this many problems are listed on screen (the count says how many there are).
const MAX_SHOWN: usize = 300;

#[component]
fn RosterSummaryLine(summary: RosterSummary) -> impl IntoView {
    let lang = use_lang();
    let RosterSummary {
        rows_read,
        households_read,
        unchanged,
        regions_created,
    } = summary;
    let created = regions_created.join("、");
    let n_created = regions_created.len();
    view! {
        <p data-roster-rows=rows_read.to_string() data-roster-households=households_read.to_string() data-roster-unchanged=unchanged.to_string()>
            {move || lang.get().pick(
                &format!("读取 {rows_read} 行、{households_read} 户; 其中 {unchanged} 户与登记相同。"),
                &format!("Read {rows_read} rows, {households_read} households; {unchanged} are the same as in the registry."))}
            {(n_created > 0).then(|| view! { " " {move || lang.get().pick(&format!("将新建村组 {n_created} 个: {created}", ), &format!("{n_created} regions will be created: {created}"))} })}
        </p>
    }
}

/// One line per column of the sheet: its header, a few values, and what it is imported as.
#[component]
fn MappingTable(sheet: Arc<Sheet>, mapping: RwSignal<Mapping>) -> impl IntoView {
    let lang = use_lang();
    // Offer every fixed column and the income columns of the years the sheet names, plus the
    // last two years.
    let this_year = super::util::today().year();
    let mut years: std::collections::BTreeSet<i32> = [this_year - 1, this_year].into();
    years.extend(
        sheet
            .header
            .iter()
            .filter_map(|h| match Column::from_header(h) {
                Some(Column::Income(y, _)) => Some(y),
                _ => None,
            }),
    );
    let mut options: Vec<Column> = Column::FIXED.to_vec();
    for y in years {
        options.extend(roster::IncomePart::ALL.map(|p| Column::Income(y, p)));
    }
    let options = Arc::new(options);
    let rows = sheet.rows.len();
    let headers = sheet.header.clone();
    let samples = move |k: usize| -> String {
        sheet
            .rows
            .iter()
            .filter_map(|r| r.get(k))
            .filter(|c| !c.trim().is_empty())
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join(" · ")
    };
    view! {
        <p class="muted">{move || lang.get().pick(
            &format!("共 {rows} 行数据。请确认每一列导入为什么; 选择会被记住, 下次同样的表头自动对应。"),
            &format!("{rows} data rows. Choose what each column is imported as; the choice is remembered for the same headers next time."))}</p>
        <table class="table mapping">
            <thead><tr>
                <th>{move || lang.get().pick("表格中的列", "Column in the sheet")}</th>
                <th>{move || lang.get().pick("示例", "Examples")}</th>
                <th>{move || lang.get().pick("导入为", "Import as")}</th>
            </tr></thead>
            <tbody>
                {headers.into_iter().enumerate().map(|(k, h)| {
                    let options = options.clone();
                    let current = move || mapping.with(|m| m.get(k).copied().flatten().map(|c| c.key()).unwrap_or_default());
                    view! {
                        <tr>
                            <td>{h}</td>
                            <td class="muted">{samples(k)}</td>
                            <td>
                                <select data-column=k.to_string() prop:value=current on:change=move |ev| {
                                    let chosen = Column::from_key(&event_target_value(&ev));
                                    mapping.update(|m| {
                                        if m.len() <= k { m.resize(k + 1, None); }
                                        // A column is imported from one place only.
                                        if chosen.is_some() {
                                            for c in m.iter_mut() { if *c == chosen { *c = None; } }
                                        }
                                        m[k] = chosen;
                                    });
                                }>
                                    <option value="">{move || lang.get().pick("(不导入)", "(not imported)")}</option>
                                    {options.iter().map(|c| {
                                        let (key, zh, en) = (c.key(), c.zh(), c.en());
                                        let key2 = key.clone();
                                        view! { <option value=key selected=move || current() == key2>{move || lang.get().pick(&zh, &en)}</option> }
                                    }).collect_view()}
                                </select>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Yields to the browser once, so that what was just set on screen is painted.
async fn gloo_timers_yield() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = JsFuture::from(promise).await;
}

#[component]
fn PlanTable(plan: MergePlan) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let outcomes = [
        (Outcome::Added, "added"),
        (Outcome::Replaced, "replaced"),
        (Outcome::Kept, "kept"),
        (Outcome::Unchanged, "unchanged"),
        (Outcome::Conflict, "conflicts"),
    ];
    view! {
        <table class="table plan">
            <thead><tr><th>{t!(i18n, collection)}</th><th class="num">{t!(i18n, added)}</th><th class="num">{t!(i18n, replaced)}</th><th class="num">{t!(i18n, kept)}</th><th class="num">{t!(i18n, unchanged)}</th><th class="num">{t!(i18n, conflicts)}</th></tr></thead>
            <tbody>
                {Collection::ALL.into_iter().map(|c| {
                    let counts: Vec<(String, usize)> = outcomes.iter().map(|(o, name)| {
                        let n = plan.count(c, *o) + if *o == Outcome::Unchanged { plan.count(c, Outcome::Joined) } else { 0 };
                        (format!("{}.{name}", c.key()), n)
                    }).collect();
                    view! {
                        <tr>
                            <td>{move || lang.get().pick(c.zh(), c.key())}</td>
                            {counts.into_iter().map(|(key, n)| view! { <td class="num" data-plan=key data-value=n.to_string()>{n}</td> }).collect_view()}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Conflicts(
    prepared: Arc<PreparedImport>,
    choices: RwSignal<HashMap<(Collection, String), Choice>>,
    default_choice: RwSignal<Choice>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = AppState::expect();
    let conflicts: Vec<_> = prepared.plan.conflicts().cloned().collect();
    if conflicts.is_empty() {
        return ().into_any();
    }
    let local = state.registry.get_untracked();
    let set_all = move |c: Choice| {
        default_choice.set(c);
        choices.set(HashMap::new());
    };
    view! {
        <h3>{t!(i18n, conflict_title)}</h3>
        <div class="actions">
            <button data-control="conflicts-mine" on:click=move |_| set_all(Choice::Local)>{t!(i18n, all_mine)}</button>
            <button data-control="conflicts-file" on:click=move |_| set_all(Choice::Incoming)>{t!(i18n, all_file)}</button>
        </div>
        {conflicts.into_iter().map(|item| {
            let (mine, theirs) = record_text(&prepared, &local, item.collection, item.local, item.incoming);
            let key = (item.collection, item.id.clone());
            let key2 = key.clone();
            let key3 = key.clone();
            let chosen = move || choices.with(|m| m.get(&key).copied()).unwrap_or_else(|| default_choice.get());
            let chosen2 = chosen.clone();
            view! {
                <div class="conflict" data-conflict=format!("{}/{}", item.collection.key(), item.id)>
                    <div class="side"><label><input type="radio" name=format!("c-{}-{}", item.collection.key(), item.id) prop:checked=move || chosen() == Choice::Local on:change=move |_| choices.update(|m| { m.insert(key2.clone(), Choice::Local); })/>{t!(i18n, keep_mine)}</label><pre>{mine}</pre></div>
                    <div class="side"><label><input type="radio" name=format!("c-{}-{}", item.collection.key(), item.id) prop:checked=move || chosen2() == Choice::Incoming on:change=move |_| choices.update(|m| { m.insert(key3.clone(), Choice::Incoming); })/>{t!(i18n, take_file)}</label><pre>{theirs}</pre></div>
                </div>
            }
        }).collect_view()}
    }.into_any()
}

#[component]
fn SettingsDiff(plan: MergePlan, take: RwSignal<Vec<String>>) -> impl IntoView {
    let i18n = use_i18n();
    (!plan.settings_differ.is_empty()).then(|| view! {
        <h3>{t!(i18n, settings_diff)}</h3>
        <ul class="plain">
            {plan.settings_differ.into_iter().map(|d| {
                let key = d.key.clone();
                view! {
                    <li><label><input type="checkbox" on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        take.update(|v| { v.retain(|k| k != &key); if on { v.push(key.clone()); } });
                    }/>{format!("{}: {} → {}", d.key, d.local.unwrap_or_default(), d.incoming)}</label></li>
                }
            }).collect_view()}
        </ul>
    })
}

#[component]
fn Export() -> impl IntoView {
    let i18n = use_i18n();
    let state = AppState::expect();
    let chosen = RwSignal::new(String::new());
    let options = Memo::new(move |_| {
        let reg = state.registry.get();
        super::dashboard::region_options(&reg)
            .into_iter()
            .filter(|(id, _)| {
                reg.regions
                    .iter()
                    .find(|r| &r.id == id)
                    .and_then(|r| r.live())
                    .is_some_and(|r| r.kind != crate::domain::codes::RegionKind::County)
            })
            .collect::<Vec<_>>()
    });
    let export = move |_| {
        let reg = state.registry.get_untracked();
        let id = chosen.get_untracked();
        let today = super::util::today();
        let (part, scope_name) = if id.is_empty() {
            let top = reg
                .regions
                .iter()
                .find(|r| r.live().is_some_and(|b| b.parent_id.is_none()))
                .and_then(|r| r.live())
                .map(|r| r.name.clone())
                .unwrap_or_else(|| "全部".into());
            ((*reg).clone(), top)
        } else {
            let name = reg
                .regions
                .iter()
                .find(|r| r.id == id)
                .and_then(|r| r.live())
                .map(|r| r.name.clone())
                .unwrap_or_default();
            (exchange::subset(&reg, &id), name)
        };
        let json = exchange::to_json(
            &part,
            &super::util::now(),
            &replica_id(),
            (!id.is_empty()).then_some(id.as_str()),
        );
        super::util::download(
            &format!("jingzhun-{scope_name}-{today}.json"),
            "application/json",
            &json,
        );
    };
    view! {
        <section class="card">
            <h2>{t!(i18n, export_title)}</h2>
            <label>{t!(i18n, export_scope)}
                <select data-control="export-scope" on:change=move |ev| chosen.set(event_target_value(&ev))>
                    <option value="">{t!(i18n, whole_registry)}</option>
                    {move || options.get().into_iter().map(|(id, label)| view! { <option value=id>{label}</option> }).collect_view()}
                </select>
            </label>
            <button class="primary" data-control="export" on:click=export>{t!(i18n, export_button)}</button>
            <super::pages::RosterExport table=Callback::new(move |_: ()| super::pages::roster_of_scope(&state.registry.get_untracked(), &chosen.get_untracked(), super::util::today()))/>
        </section>
    }
}
