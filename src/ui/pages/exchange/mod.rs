//! 数据交换: import a file (check → preview the merge → decide conflicts → apply, or cancel and
//! nothing changes) and export the whole registry or one township's or village's reach.
//!
//! Long (about 520 lines) because the import's stages (reading, locked, refused, mapping, planned) share one stage signal and its decisions; the stages' pieces live in the sibling files.

mod export;
pub mod plan;
mod roster;
mod sealed;

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use wasm_bindgen::JsCast;

use crate::domain::merge::{Choice, Decisions};
use crate::domain::model::Collection;
use crate::domain::pairing_sheet::{self, PairingMapping};
use crate::domain::roster::{Mapping, Sheet};
use crate::exchange::roster::{PairingSummary, RosterSummary};
use crate::exchange::{self, PreparedImport, Problem};
use crate::intents::{self, IntentError};
use crate::store::{pref, Prefs};
use crate::ui::platform::file_worker::{self, WorkerRead};
use crate::ui::platform::files::{decode_text, file_buffer, file_bytes};
use crate::ui::platform::prefs::LocalPrefs;
use crate::ui::platform::time::{random_hex, today, yield_to_browser};
use crate::ui::platform::xlsx;
use crate::ui::prelude::*;
use export::Export;
use plan::{Conflicts, PlanTable, SettingsDiff};
use roster::{roster_options, MappingTable, PairingSummaryLine, RosterSummaryLine};

#[derive(Clone)]
enum Stage {
    Idle,
    /// A file being read; where its import is, when that is known.
    Reading(String, Option<exchange::ImportPhase>),
    /// A sealed file, waiting for its passphrase.
    Locked(String, Arc<exchange::sealed::SealedFile>),
    Refused(String, Vec<Problem>),
    /// A sheet read, waiting for the person to map its columns (as a roster or a pairing list).
    Mapping(String, Arc<Sheet>),
    Planned(String, Arc<PreparedImport>, Option<SheetSummary>),
}

/// Where a file's bytes come from: the file the person chose (read again should the worker
/// fail, as its bytes went to the worker), or the bytes opened from a sealed file.
enum Source {
    File(web_sys::File),
    Bytes(Rc<Vec<u8>>),
}

impl Source {
    async fn buffer(&self) -> Result<js_sys::ArrayBuffer, String> {
        match self {
            Source::File(f) => file_buffer(f.clone()).await,
            Source::Bytes(b) => Ok(js_sys::Uint8Array::from(&b[..]).buffer()),
        }
    }
}

/// What a sheet holds: households (花名册) or helpers and their households (帮扶责任人名单).
#[derive(Clone, Copy, PartialEq)]
enum SheetKind {
    Roster,
    Pairings,
}

/// What a sheet import read, beside the merge plan.
#[derive(Clone)]
enum SheetSummary {
    Roster(RosterSummary),
    Pairings(PairingSummary),
}

/// The column mapping remembered from earlier roster imports (header text → column key).
fn remembered_mapping() -> std::collections::BTreeMap<String, String> {
    LocalPrefs
        .get(pref::ROSTER_MAPPING)
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

fn remember_mapping(sheet: &Sheet, mapping: &Mapping) {
    let mut all = remembered_mapping();
    all.extend(crate::domain::roster::mapping_to_remember(
        &sheet.header,
        mapping,
    ));
    if let Ok(text) = serde_json::to_string(&all) {
        LocalPrefs.set(pref::ROSTER_MAPPING, &text);
    }
}

/// The largest file this device reads, in MiB (Settings).
pub fn max_file_mb() -> u64 {
    LocalPrefs
        .get(pref::MAX_FILE_MB)
        .and_then(|t| t.parse::<u64>().ok())
        .filter(|n| (1..=exchange::MAX_FILE_MB_CEILING).contains(n))
        .unwrap_or(exchange::DEFAULT_MAX_FILE_MB)
}

/// A file over the limit, refused from its size before a byte of it is read.
fn over_limit(file: &web_sys::File) -> Option<Stage> {
    exchange::too_large(file.size() as u64, max_file_mb())
        .map(|p| Stage::Refused(file.name(), vec![p]))
}

/// The phase of an import as `data-phase` names it.
fn phase_code(p: exchange::ImportPhase) -> &'static str {
    use exchange::ImportPhase::*;
    match p {
        Reading(_) => "reading",
        Checking => "checking",
        Receiving(_) => "receiving",
        Planning => "planning",
    }
}

/// How far the phase is, where it says.
fn phase_percent(p: exchange::ImportPhase) -> Option<u8> {
    use exchange::ImportPhase::*;
    match p {
        Reading(n) | Receiving(n) => Some(n.min(100)),
        Checking | Planning => None,
    }
}

/// The phase in words: 读取文件 45%, 检查规则, 接收记录 80%, 与台账比对.
fn phase_text(p: exchange::ImportPhase) -> Msg {
    use exchange::ImportPhase::*;
    match p {
        Reading(n) => msg!(import_phase_reading, percent = n.min(100)),
        Checking => msg!(import_phase_checking),
        Receiving(n) => msg!(import_phase_receiving, percent = n.min(100)),
        Planning => msg!(import_phase_planning),
    }
}

fn refusal(name: String, why: Msg) -> Stage {
    Stage::Refused(name, vec![Problem::file(why)])
}

/// Reads a roster file: a workbook through the spreadsheet worker, anything else as CSV text.
async fn read_roster(name: &str, bytes: &[u8]) -> Result<Sheet, Msg> {
    let lower = name.to_lowercase();
    if [".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"]
        .iter()
        .any(|x| lower.ends_with(x))
    {
        xlsx::read(bytes)
            .await
            .map_err(|e| msg!(exchange_cannot_read_workbook, why = e))
    } else {
        exchange::csv::read(&decode_text(bytes)).map_err(|p| p.msg)
    }
}

#[component]
pub fn ExchangePage() -> impl IntoView {
    let lang = use_lang();
    let state = AppState::expect();
    let stage = RwSignal::new(Stage::Idle);
    let choices: RwSignal<HashMap<(Collection, String), Choice>> = RwSignal::new(HashMap::new());
    let default_choice = RwSignal::new(Choice::Local);
    let take_settings: RwSignal<Vec<String>> = RwSignal::new(Vec::new());

    // The file's bytes checked and planned (a sealed one first asks for its passphrase).
    let check = move |name: String, bytes: Vec<u8>| {
        if exchange::sealed::looks_sealed(&bytes) {
            match exchange::sealed::read(&bytes) {
                Ok(f) => stage.set(Stage::Locked(name, Arc::new(f))),
                Err(p) => stage.set(Stage::Refused(name, vec![p])),
            }
            return;
        }
        let local = state.registry().get_untracked();
        match exchange::prepare_import_within(&local, &bytes, max_file_mb()) {
            Ok(p) => stage.set(Stage::Planned(name, Arc::new(p), None)),
            Err(problems) => stage.set(Stage::Refused(name, problems)),
        }
    };
    // Read in the file worker, so the page stays responsive and shows how far it is; planned
    // here against the registry as it is now. Should the worker fail, the page reads it itself.
    let read_and_plan = move |name: String, source: Source| async move {
        let phase_name = name.clone();
        let tell: Rc<dyn Fn(exchange::ImportPhase)> = Rc::new(move |phase| {
            stage.set(Stage::Reading(phase_name.clone(), Some(phase)));
        });
        let buffer = match source.buffer().await {
            Ok(b) => b,
            Err(e) => {
                stage.set(refusal(name, msg!(exchange_cannot_read_file, why = e)));
                return;
            }
        };
        let head_len = buffer.byte_length().min(200);
        let head = js_sys::Uint8Array::new_with_byte_offset_and_length(&buffer, 0, head_len);
        if exchange::sealed::looks_sealed(&head.to_vec()) {
            check(name, js_sys::Uint8Array::new(&buffer).to_vec());
            return;
        }
        match file_worker::read(buffer, max_file_mb(), tell.clone()).await {
            Ok(read) => {
                tell(exchange::ImportPhase::Planning);
                yield_to_browser().await;
                // Resolved, then planned, each a task of its own (each is tens of ms at
                // 20,000 households).
                let resolved = match read {
                    WorkerRead::Read(file) => file.resolve(Some(&state.registry().get_untracked())),
                    WorkerRead::Refused(problems) => Err(problems),
                };
                if resolved.is_ok() {
                    yield_to_browser().await;
                }
                let local = state.registry().get_untracked();
                let planned = resolved.map(|file| PreparedImport {
                    plan: crate::domain::merge::plan(&local, &file.registry),
                    file,
                });
                match planned {
                    Ok(p) => stage.set(Stage::Planned(name, Arc::new(p), None)),
                    Err(problems) => stage.set(Stage::Refused(name, problems)),
                }
            }
            Err(why) => {
                web_sys::console::warn_1(&format!("file worker: {why}").into());
                match source.buffer().await {
                    Ok(b) => {
                        yield_to_browser().await;
                        check(name, js_sys::Uint8Array::new(&b).to_vec());
                    }
                    Err(e) => stage.set(refusal(name, msg!(exchange_cannot_read_file, why = e))),
                }
            }
        }
    };
    let start = move |file: web_sys::File| {
        if let Some(refused) = over_limit(&file) {
            stage.set(refused);
            return;
        }
        let name = file.name();
        stage.set(Stage::Reading(name.clone(), None));
        choices.set(HashMap::new());
        take_settings.set(Vec::new());
        spawn_local(async move {
            // Let the progress bar paint first.
            yield_to_browser().await;
            read_and_plan(name, Source::File(file)).await;
        });
    };
    let unlocked = Callback::new(move |(name, bytes): (String, Vec<u8>)| {
        stage.set(Stage::Reading(name.clone(), None));
        spawn_local(async move {
            yield_to_browser().await;
            read_and_plan(name, Source::Bytes(Rc::new(bytes))).await;
        });
    });
    let mapping: RwSignal<Mapping> = RwSignal::new(Vec::new());
    let pairing_mapping: RwSignal<PairingMapping> = RwSignal::new(Vec::new());
    let kind = RwSignal::new(SheetKind::Roster);
    let start_roster = move |file: web_sys::File| {
        if let Some(refused) = over_limit(&file) {
            stage.set(refused);
            return;
        }
        let name = file.name();
        stage.set(Stage::Reading(name.clone(), None));
        spawn_local(async move {
            yield_to_browser().await;
            let sheet = match file_bytes(file).await {
                Ok(bytes) => read_roster(&name, &bytes).await,
                Err(e) => Err(msg!(exchange_cannot_read_file, why = e)),
            };
            match sheet {
                Ok(sheet) => {
                    mapping.set(crate::domain::roster::guess_mapping(
                        &sheet.header,
                        &remembered_mapping(),
                    ));
                    pairing_mapping.set(pairing_sheet::guess_mapping(&sheet.header));
                    kind.set(if pairing_sheet::looks_like_pairings(&sheet.header) {
                        SheetKind::Pairings
                    } else {
                        SheetKind::Roster
                    });
                    stage.set(Stage::Mapping(name, Arc::new(sheet)));
                }
                Err(why) => stage.set(refusal(name, why)),
            }
        });
    };
    let on_roster_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            start_roster(file);
        }
        input.set_value("");
    };
    let preview_roster = move |name: String, sheet: Arc<Sheet>| {
        let chosen = mapping.get_untracked();
        remember_mapping(&sheet, &chosen);
        stage.set(Stage::Reading(name.clone(), None));
        spawn_local(async move {
            yield_to_browser().await;
            let local = state.registry().get_untracked();
            let actor = state.actor();
            let prefix = format!("x{}", &random_hex()[..16]);
            let ctx = crate::domain::roster::ImportContext {
                replica: &actor.replica,
                now: &actor.now,
                today: today(),
                id_prefix: &prefix,
            };
            match exchange::roster::prepare_roster(&local, &sheet, &chosen, &ctx) {
                Ok((p, summary)) => stage.set(Stage::Planned(
                    name,
                    Arc::new(p),
                    Some(SheetSummary::Roster(summary)),
                )),
                Err(problems) => stage.set(Stage::Refused(name, problems)),
            }
        });
    };
    let preview_pairings = move |name: String, sheet: Arc<Sheet>| {
        let chosen = pairing_mapping.get_untracked();
        stage.set(Stage::Reading(name.clone(), None));
        spawn_local(async move {
            yield_to_browser().await;
            let local = state.registry().get_untracked();
            let actor = state.actor();
            let prefix = format!("x{}", &random_hex()[..16]);
            let ctx = pairing_sheet::PairingContext {
                replica: &actor.replica,
                now: &actor.now,
                today: today(),
                id_prefix: &prefix,
            };
            match exchange::roster::prepare_pairings(&local, &sheet, &chosen, &ctx) {
                Ok((p, summary)) => stage.set(Stage::Planned(
                    name,
                    Arc::new(p),
                    Some(SheetSummary::Pairings(summary)),
                )),
                Err(problems) => stage.set(Stage::Refused(name, problems)),
            }
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
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
    let apply = Action::new_local(move |_: &()| async move {
        let Stage::Planned(name, prepared, summary) = stage.get_untracked() else {
            return;
        };
        let decisions = Decisions {
            default: default_choice.get_untracked(),
            per_record: choices.get_untracked(),
            take_settings: take_settings.get_untracked(),
        };
        let done = state
            .run(async |store, actor, reg| {
                intents::registry::import(store, actor, reg, &prepared, &decisions, &name).await
            })
            .await;
        match done {
            Ok(()) => stage.set(Stage::Idle),
            // Another tab saved since the preview: show the plan made again, to be confirmed.
            Err(IntentError::Replanned(plan)) => {
                state.warn(msg!(intent_replanned));
                let again = PreparedImport {
                    file: prepared.file.clone(),
                    plan: *plan,
                };
                stage.set(Stage::Planned(name, Arc::new(again), summary));
            }
            Err(IntentError::Problems(problems)) => stage.set(Stage::Refused(name, problems)),
            Err(_) => {}
        }
    });

    view! {
        <h1>{t!(exchange_title)}</h1>
        <section
            class="card drop"
            on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default()
            on:drop=on_drop
        >
            <h2>{t!(import_title)}</h2>
            <p class="muted">{t!(import_hint)}</p>
            <input
                type="file"
                accept=".json,application/json"
                data-control="import-file"
                on:change=on_file
            />
        </section>
        <section class="card">
            <h2>{move || tr!(lang.get(), exchange_import_roster_excel_csv)}</h2>
            <p class="muted">{move || tr!(lang.get(), exchange_one_row_per_member_map)}</p>
            <input
                type="file"
                accept=".csv,.txt,.xlsx,.xlsm,.xls,.xlsb,.ods"
                data-control="roster-file"
                on:change=on_roster_file
            />
        </section>
        {move || match stage.get() {
            Stage::Idle => ().into_any(),
            Stage::Reading(name, phase) => {
                let percent = phase.and_then(phase_percent);
                let phase_code = phase.map_or("reading", phase_code);
                let said = move || match phase {
                    None => tr!(lang.get(), reading_file).to_string(),
                    Some(p) => phase_text(p).render(lang.get()),
                };
                view! {
                    <section class="card" data-stage="reading" data-phase=phase_code>
                        <p>{name}" — "{said}</p>
                        {match percent {
                            Some(p) => {
                                view! {
                                    <progress
                                        max="100"
                                        value=p.to_string()
                                        data-metric="import_progress"
                                    ></progress>
                                }
                                    .into_any()
                            }
                            None => view! { <progress></progress> }.into_any(),
                        }}
                    </section>
                }
                    .into_any()
            }
            Stage::Locked(name, file) => {
                view! { <sealed::Unlock name=name file=file unlocked=unlocked /> }.into_any()
            }
            Stage::Refused(name, problems) => {
                view! {
                    <section class="card refused" data-stage="refused">
                        <h2>{name}</h2>
                        <p class="error">{t!(file_refused)}</p>
                        <ul class="problems" data-problem-count=problems.len().to_string()>
                            {problems
                                .iter()
                                .take(MAX_SHOWN)
                                .map(|p| {
                                    let path = p.path.to_string();
                                    let shown = if path.is_empty() {
                                        tr!(lang.get_untracked(), exchange_whole_file).to_string()
                                    } else {
                                        path.clone()
                                    };
                                    let msg = p.msg.clone();
                                    view! {
                                        <li data-path=path>
                                            <code>{shown}</code>
                                            " "
                                            {move || msg.render(lang.get())}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                        {(problems.len() > MAX_SHOWN)
                            .then(|| {
                                let more = problems.len() - MAX_SHOWN;
                                view! {
                                    <p class="muted">
                                        {move || {
                                            tr!(
                                                lang.get(), exchange_more_more_problems_not_listed, more = more
                                            )
                                        }}
                                    </p>
                                }
                            })}
                        <button on:click=move |_| stage.set(Stage::Idle)>{t!(dismiss)}</button>
                    </section>
                }
                    .into_any()
            }
            Stage::Mapping(name, sheet) => {
                let (n2, s2) = (name.clone(), sheet.clone());
                view! {
                    <section class="card" data-stage="mapping">
                        <h2>{move || tr!(lang.get(), exchange_map_columns)}": " {name.clone()}</h2>
                        <label>
                            {t!(exchange_sheet_kind)}" "
                            <select
                                data-control="sheet-kind"
                                prop:value=move || match kind.get() {
                                    SheetKind::Roster => "roster",
                                    SheetKind::Pairings => "pairings",
                                }
                                on:change=move |ev| {
                                    kind.set(
                                        if event_target_value(&ev) == "pairings" {
                                            SheetKind::Pairings
                                        } else {
                                            SheetKind::Roster
                                        },
                                    )
                                }
                            >
                                <option value="roster">{t!(exchange_sheet_roster)}</option>
                                <option value="pairings">{t!(exchange_sheet_pairings)}</option>
                            </select>
                        </label>
                        {
                            let sheet = sheet.clone();
                            move || match kind.get() {
                                SheetKind::Roster => {
                                    let options = roster_options(&sheet);
                                    view! {
                                        <MappingTable
                                            sheet=sheet.clone()
                                            mapping=mapping
                                            options=options
                                        />
                                    }
                                        .into_any()
                                }
                                SheetKind::Pairings => {
                                    view! {
                                        <MappingTable
                                            sheet=sheet.clone()
                                            mapping=pairing_mapping
                                            options=pairing_sheet::PairingColumn::ALL.to_vec()
                                        />
                                    }
                                        .into_any()
                                }
                            }
                        }
                        <div class="actions">
                            <button
                                class="primary"
                                data-control="roster-preview"
                                on:click=move |_| match kind.get_untracked() {
                                    SheetKind::Roster => preview_roster(n2.clone(), s2.clone()),
                                    SheetKind::Pairings => preview_pairings(n2.clone(), s2.clone()),
                                }
                            >
                                {move || tr!(lang.get(), exchange_check_preview)}
                            </button>
                            <button
                                data-control="import-cancel"
                                on:click=move |_| stage.set(Stage::Idle)
                            >
                                {t!(cancel)}
                            </button>
                        </div>
                    </section>
                }
                    .into_any()
            }
            Stage::Planned(name, prepared, summary) => {
                let plan = prepared.plan.clone();
                view! {
                    <section class="card" data-stage="planned">
                        <h2>{t!(plan_title)}": "{name}</h2>
                        {summary
                            .map(|s| match s {
                                SheetSummary::Roster(s) => {
                                    view! { <RosterSummaryLine summary=s /> }.into_any()
                                }
                                SheetSummary::Pairings(s) => {
                                    view! { <PairingSummaryLine summary=s /> }.into_any()
                                }
                            })}
                        <PlanTable plan=plan.clone() />
                        <Conflicts
                            prepared=prepared.clone()
                            choices=choices
                            default_choice=default_choice
                        />
                        <SettingsDiff plan=plan.clone() take=take_settings />
                        <div class="actions">
                            <button
                                class="primary"
                                data-control="import-apply"
                                disabled=move || state.busy().get()
                                on:click=move |_| {
                                    apply.dispatch(());
                                }
                            >
                                {t!(apply_import)}
                            </button>
                            <button
                                data-control="import-cancel"
                                on:click=move |_| stage.set(Stage::Idle)
                            >
                                {t!(cancel)}
                            </button>
                        </div>
                    </section>
                }
                    .into_any()
            }
        }}
        <Export />
    }
}

/// At most this many problems are listed on screen (the count says how many there are).
const MAX_SHOWN: usize = 300;
