//! What the first screen does not carry (docs/first-screen.md): every page but the overview, the
//! demo county's generator and the sync engine. Each is a split point (`wasm_split`, on which
//! Leptos's lazy routes are built); `scripts/post_build.py` splits the build so that each becomes
//! a module of its own that the browser fetches the first time it is needed (the service worker
//! keeps them for offline use). In a native build these are plain calls.
//!
//! Every load is fallible: on a phone whose first visit ended before the service worker kept the
//! modules, a page opened without network cannot be fetched. Leptos's own `#[lazy]` and
//! `#[lazy_route]` panic then, which ends the whole app; here the page says so in words and offers
//! to load again, the demo and a sync are refused in words, and nothing is lost.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};

use super::pages::{analysis, campaign, exchange, helping, households, regions, settings};
use super::platform::couch_http::Fetch;
use crate::domain::merge::Decisions;
use crate::domain::model::Registry;
use crate::intents::sync::{self as intent, Pulled, SyncStep};
use crate::intents::{Actor, IntentError, Outcome};
use crate::msg;
use crate::store::idb::{earlier, IdbStore};
use crate::store::StoreError;
use crate::sync::SyncError;
use crate::t;

/// A module of the app that could not be fetched.
#[derive(Debug)]
pub struct NotLoaded;

impl From<SplitLoaderError> for NotLoaded {
    fn from(_: SplitLoaderError) -> NotLoaded {
        NotLoaded
    }
}

impl From<NotLoaded> for IntentError {
    fn from(_: NotLoaded) -> IntentError {
        IntentError::Refused(msg!(module_not_loaded))
    }
}

/// The module of a store's reader of earlier versions not fetched.
impl From<SplitLoaderError> for StoreError {
    fn from(_: SplitLoaderError) -> StoreError {
        StoreError::NotLoaded
    }
}

/// Reads what an earlier version stored (JSON, with the exchange file's reader), in a module of
/// its own: see `store::idb::earlier`.
#[wasm_split(store_earlier, wasm_split_path = ::leptos::wasm_split, fallible)]
fn read_earlier(ask: earlier::Ask) -> Result<earlier::Answer, StoreError> {
    earlier::answer(ask)
}

fn earlier_reader(
    ask: earlier::Ask,
) -> Pin<Box<dyn Future<Output = Result<earlier::Answer, StoreError>>>> {
    Box::pin(read_earlier(ask))
}

/// Hands the store its reader of earlier versions (at start).
pub fn install_earlier_reader() {
    earlier::install(earlier_reader);
}

/// The sync engine's module not fetched: the network is not there.
impl From<SplitLoaderError> for SyncError {
    fn from(_: SplitLoaderError) -> SyncError {
        SyncError::Offline
    }
}

/// An intent under way, as a module hands it back.
pub type IntentRun = Pin<Box<dyn Future<Output = Outcome>>>;

/// Loads the demo county (载入演示县): generated, and written over `reg` after a backup of it. The
/// generator and the replacing intent (with the check of every record it writes) are the module's.
#[wasm_split(demo_county, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn load_demo(actor: Actor, reg: Registry) -> Result<IntentRun, NotLoaded> {
    Ok(Box::pin(async move {
        let demo = crate::domain::demo::county();
        crate::intents::registry::load_demo(&IdbStore, &actor, &reg, demo).await
    }))
}

/// A sync under way, as the sync engine's module hands it back.
pub type SyncRun = Pin<Box<dyn Future<Output = Result<SyncStep, SyncError>>>>;

/// One sync with the server at `base` (an address `sync::server_address` checked), of the
/// databases the person listed.
#[wasm_split(sync_engine, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn sync(
    actor: Actor,
    reg: Arc<Registry>,
    base: String,
    databases: String,
) -> Result<SyncRun, SyncError> {
    Ok(Box::pin(async move {
        let http = Fetch { base: base.clone() };
        intent::sync(&IdbStore, &actor, &reg, &http, &base, &databases).await
    }))
}

/// Goes on with a pull that waited for the person's decisions on conflicts.
#[wasm_split(sync_engine, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn resume_sync(
    actor: Actor,
    reg: Arc<Registry>,
    base: String,
    pulled: Pulled,
    decisions: Decisions,
) -> Result<SyncRun, SyncError> {
    Ok(Box::pin(async move {
        let http = Fetch { base };
        intent::resume(&IdbStore, &actor, &reg, &http, pulled, Some(&decisions)).await
    }))
}

/// The backups card (备份), for the safe mode: its restore, and the check of every record a restore
/// writes, are a module of their own (the settings page's card, fetched when the safe mode opens).
#[wasm_split(backups_card, wasm_split_path = ::leptos::wasm_split, fallible)]
fn backups_card() -> Result<fn() -> AnyView, NotLoaded> {
    Ok(|| settings::BackupsCard().into_any())
}

/// [`settings::BackupsCard`] where the first screen's module shows it: nothing until its module
/// is fetched, and in words if it cannot be.
#[component]
pub fn LazyBackupsCard() -> impl IntoView {
    let card = RwSignal::new(None::<Result<fn() -> AnyView, ()>>);
    leptos::task::spawn_local(async move {
        card.set(Some(backups_card().await.map_err(|NotLoaded| ())));
    });
    move || match card.get() {
        None => ().into_any(),
        Some(Ok(show)) => show(),
        Some(Err(())) => not_loaded(),
    }
}

/// What a page whose module could not be fetched shows instead: why, and a way to try again
/// (the address stays, so loading again opens the same page).
fn not_loaded() -> AnyView {
    view! {
        <section class="card" data-state="not-loaded">
            <h1>{t!(module_not_loaded_title)}</h1>
            <p>{t!(module_not_loaded)}</p>
            <button
                class="primary"
                data-control="reload-page"
                on:click=|_| {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().reload();
                    }
                }
            >
                {t!(reload_page)}
            </button>
        </section>
    }
    .into_any()
}

/// A page as a lazy route: its view is a module of its own, named `$module`.
macro_rules! lazy_page {
    ($name:ident, $module:ident, $comp:path) => {
        pub struct $name;
        impl leptos_router::LazyRoute for $name {
            fn data() -> Self {
                $name
            }
            async fn view(_this: Self) -> AnyView {
                #[wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)]
                fn $module() -> Result<AnyView, NotLoaded> {
                    Ok($comp().into_any())
                }
                $module().await.unwrap_or_else(|NotLoaded| not_loaded())
            }
        }
    };
}

lazy_page!(
    MonitoringPage,
    monitoring_page,
    analysis::monitoring::MonitoringPage
);
lazy_page!(
    ExitChecksPage,
    exit_checks_page,
    analysis::exit_checks::ExitChecksPage
);
lazy_page!(RelapsePage, relapse_page, analysis::relapse::RelapsePage);
lazy_page!(
    StructurePage,
    structure_page,
    analysis::structure::StructurePage
);
lazy_page!(
    MultidimensionalPage,
    multidimensional_page,
    analysis::multidimensional::MultidimensionalPage
);
lazy_page!(ReportPage, report_page, analysis::report::ReportPage);
lazy_page!(
    HouseholdList,
    household_list,
    households::list::HouseholdList
);
lazy_page!(
    HouseholdPage,
    household_page,
    households::page::HouseholdPage
);
lazy_page!(
    HouseholdEditPage,
    household_edit_page,
    households::form::HouseholdEditPage
);
lazy_page!(
    HouseholdCard,
    household_card,
    households::card::HouseholdCard
);
lazy_page!(
    NewHouseholdPage,
    new_household_page,
    households::form::NewHouseholdPage
);
lazy_page!(
    IdentificationPage,
    identification_page,
    households::identification::IdentificationPage
);
lazy_page!(QualityPage, quality_page, households::quality::QualityPage);
lazy_page!(Regions, regions, regions::Regions);
lazy_page!(HelperList, helper_list, helping::helpers::HelperList);
lazy_page!(
    NewHelperPage,
    new_helper_page,
    helping::helper::NewHelperPage
);
lazy_page!(HelperPage, helper_page, helping::helper::HelperPage);
lazy_page!(
    HelperEditPage,
    helper_edit_page,
    helping::helper::HelperEditPage
);
lazy_page!(MenuPage, menu_page, helping::measures::MenuPage);
lazy_page!(
    NewMeasurePage,
    new_measure_page,
    helping::measures::NewMeasurePage
);
lazy_page!(
    MeasureEditPage,
    measure_edit_page,
    helping::measures::MeasureEditPage
);
lazy_page!(
    VillagePlansPage,
    village_plans_page,
    helping::plans::VillagePlansPage
);
lazy_page!(FundsPage, funds_page, helping::funds::FundsPage);
lazy_page!(NewFundPage, new_fund_page, helping::funds::NewFundPage);
lazy_page!(FundPage, fund_page, helping::funds::FundPage);
lazy_page!(FundEditPage, fund_edit_page, helping::funds::FundEditPage);
lazy_page!(LoansPage, loans_page, helping::loans::LoansPage);
lazy_page!(TasksPage, tasks_page, campaign::tasks::TasksPage);
lazy_page!(NewTaskPage, new_task_page, campaign::task_form::NewTaskPage);
lazy_page!(
    TaskEditPage,
    task_edit_page,
    campaign::task_form::TaskEditPage
);
lazy_page!(TargetsPage, targets_page, campaign::targets::TargetsPage);
lazy_page!(
    NewTargetPage,
    new_target_page,
    campaign::targets::NewTargetPage
);
lazy_page!(
    TargetEditPage,
    target_edit_page,
    campaign::targets::TargetEditPage
);
lazy_page!(
    BattleMapPage,
    battle_map_page,
    campaign::battle_map::BattleMapPage
);
lazy_page!(
    CountyExitPage,
    county_exit_page,
    campaign::county::CountyExitPage
);
lazy_page!(ExchangePage, exchange_page, exchange::ExchangePage);
lazy_page!(SettingsPage, settings_page, settings::SettingsPage);
