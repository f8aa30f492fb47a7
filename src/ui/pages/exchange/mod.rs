//! 数据交换: import a file (check → preview the merge → decide conflicts → apply, or cancel and
//! nothing changes) and export the whole registry or one township's or village's reach.
//!
//! Long (about 520 lines) because the import's stages (reading, locked, refused, mapping, planned) share one stage signal and its decisions; the stages' pieces live in the sibling files.

mod export;
pub mod plan;
mod roster;
mod sealed;

use std::collections::HashMap;
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
use crate::ui::platform::files::{decode_text, file_bytes};
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
    Reading(String),
    /// A sealed file, waiting for its passphrase.
    Locked(String, Arc<exchange::sealed::SealedFile>),
    Refused(String, Vec<Problem>),
    /// A sheet read, waiting for the person to map its columns (as a roster or a pairing list).
    Mapping(String, Arc<Sheet>),
    Planned(String, Arc<PreparedImport>, Option<SheetSummary>),
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
    let start = move |file: web_sys::File| {
        if let Some(refused) = over_limit(&file) {
            stage.set(refused);
            return;
        }
        let name = file.name();
        stage.set(Stage::Reading(name.clone()));
        choices.set(HashMap::new());
        take_settings.set(Vec::new());
        spawn_local(async move {
            // Let the progress bar paint before the (synchronous) check runs.
            yield_to_browser().await;
            let bytes = match file_bytes(file).await {
                Ok(b) => b,
                Err(e) => {
                    stage.set(refusal(name, msg!(exchange_cannot_read_file, why = e)));
                    return;
                }
            };
            yield_to_browser().await;
            check(name, bytes);
        });
    };
    let unlocked = Callback::new(move |(name, bytes): (String, Vec<u8>)| {
        stage.set(Stage::Reading(name.clone()));
        spawn_local(async move {
            yield_to_browser().await;
            check(name, bytes);
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
        stage.set(Stage::Reading(name.clone()));
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
        stage.set(Stage::Reading(name.clone()));
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
        stage.set(Stage::Reading(name.clone()));
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
            Stage::Reading(name) => {
                view! {
                    <section class="card" data-stage="reading">
                        <p>{name}" — "{t!(reading_file)}</p>
                        <progress></progress>
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
