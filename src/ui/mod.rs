//! The Leptos views. They render the state's signals and send intents through
//! [`state::AppState::run`]; every figure comes from a domain function, every sentence from the
//! catalog. `pages/` holds one area per folder, `components/` what pages share, `platform/` the
//! browser plumbing.

pub mod components;
pub mod lazy;
pub mod lock;
pub mod pages;
pub mod platform;
pub mod state;
pub mod sync;

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes, A};
use leptos_router::{path, Lazy};

pub use crate::text::Locale;
use state::{AppState, Load};

/// Mounts the app on the page.
pub fn start() {
    platform::crash::install();
    lazy::install_earlier_reader();
    leptos::mount::mount_to_body(App);
}

/// The language of the screen, as a signal.
pub fn use_lang() -> Signal<Locale> {
    AppState::expect().locale()
}

/// `t!(key)` in a view: the catalog's sentence, following the language.
#[macro_export]
macro_rules! t {
    ($key:ident) => {{
        let l = $crate::ui::use_lang();
        move || $crate::tr!(l.get(), $key)
    }};
}

#[component]
fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    state.set_locale(state.locale().get_untracked());
    state.reload();
    state.follow_other_tabs();
    let lock = lock::LockService::new(state);
    provide_context(lock);
    lock.refresh();
    lock.watch_idle();
    let sync = sync::SyncService::new(state);
    provide_context(sync);
    sync.refresh();
    sync.run_by_itself();
    platform::sw::register(state);
    view! {
        <Router>
            <Shell />
        </Router>
    }
}

/// In the top bar, once a sync server is set: where the sync stands and the changes waiting,
/// linking to Settings → 同步 (a cadre sees at a glance whether the village's edits have gone).
#[component]
fn SyncBadge() -> impl IntoView {
    let sync = sync::SyncService::expect();
    let lang = use_lang();
    move || {
        let set = sync.settings.with(|s| !s.url.trim().is_empty());
        set.then(|| {
            let phase = sync.phase.get();
            let pending = sync.pending.get();
            let waiting = sync.waiting.with(Option::is_some);
            let text = match (phase, waiting) {
                (_, true) => crate::tr!(lang.get(), sync_badge_conflicts).to_string(),
                (sync::Phase::Syncing, _) => crate::tr!(lang.get(), sync_phase_syncing).to_string(),
                (sync::Phase::Error, _) => crate::tr!(lang.get(), sync_badge_error).to_string(),
                _ => crate::tr!(lang.get(), sync_badge_pending, count = pending),
            };
            view! {
                <A href="/settings" attr:class="sync-badge" attr:data-sync-badge=phase.code()>
                    {text}
                </A>
            }
        })
    }
}

/// In the top bar, once the app lock is set and the app is open: lock it now (a shared phone
/// handed on).
#[component]
fn LockButton() -> impl IntoView {
    let lock = lock::LockService::expect();
    let state = AppState::expect();
    move || {
        (lock.lock.with(Option::is_some) && state.load_state().get() == Load::Ready).then(|| {
            view! {
                <button class="lock" data-control="lock-now" on:click=move |_| lock.lock_now()>
                    {t!(lock_now)}
                </button>
            }
        })
    }
}

#[component]
fn Shell() -> impl IntoView {
    let state = AppState::expect();
    let switch = move |_| state.set_locale(state.locale().get_untracked().next());
    view! {
        <header class="top">
            <A href="/" attr:class="brand">
                {t!(app_title)}
            </A>
            <nav class="nav" aria-label="main">
                <A href="/" exact=true>
                    {t!(nav_dashboard)}
                </A>
                <A href="/households">{t!(nav_households)}</A>
                <A href="/regions">{t!(nav_regions)}</A>
                <A href="/helpers">{t!(nav_pairing)}</A>
                <A href="/measures">{t!(nav_assistance)}</A>
                <A href="/funds">{t!(nav_funds)}</A>
                <A href="/tasks">{t!(nav_tasks)}</A>
                <A href="/exchange">{t!(nav_exchange)}</A>
                <A href="/settings">{t!(nav_settings)}</A>
            </nav>
            <SyncBadge />
            <LockButton />
            <button class="lang" data-control="language" on:click=switch>
                {t!(switch_language)}
            </button>
        </header>
        <components::update_banner::UpdateBanner />
        <NoticeBar />
        <main>
            {move || match state.load_state().get() {
                Load::Loading => {
                    view! {
                        <p class="muted" data-state="loading">
                            {t!(loading)}
                        </p>
                    }
                        .into_any()
                }
                Load::Locked => view! { <pages::lock::LockScreen /> }.into_any(),
                Load::Failed(why) => view! { <pages::safe_mode::SafeMode why=why /> }.into_any(),
                Load::Lost(why) => view! { <pages::safe_mode::StoreLost why=why /> }.into_any(),
                Load::Ready => view! { <AppRoutes /> }.into_any(),
            }}
        </main>
    }
}

#[component]
fn AppRoutes() -> impl IntoView {
    use pages::*;
    view! {
        <Routes fallback=|| view! { <components::not_found::NotFound /> }>
            <Route path=path!("/") view=overview::Overview />
            <Route path=path!("/monitoring") view={Lazy::<lazy::MonitoringPage>::new()} />
            <Route path=path!("/exit-checks") view={Lazy::<lazy::ExitChecksPage>::new()} />
            <Route path=path!("/relapse") view={Lazy::<lazy::RelapsePage>::new()} />
            <Route path=path!("/structure") view={Lazy::<lazy::StructurePage>::new()} />
            <Route
                path=path!("/multidimensional")
                view={Lazy::<lazy::MultidimensionalPage>::new()}
            />
            <Route path=path!("/report") view={Lazy::<lazy::ReportPage>::new()} />
            <Route path=path!("/households") view={Lazy::<lazy::HouseholdList>::new()} />
            <Route path=path!("/households/:id") view={Lazy::<lazy::HouseholdPage>::new()} />
            <Route
                path=path!("/households/:id/edit")
                view={Lazy::<lazy::HouseholdEditPage>::new()}
            />
            <Route path=path!("/households/:id/card") view={Lazy::<lazy::HouseholdCard>::new()} />
            <Route path=path!("/new-household") view={Lazy::<lazy::NewHouseholdPage>::new()} />
            <Route path=path!("/identification") view={Lazy::<lazy::IdentificationPage>::new()} />
            <Route path=path!("/quality") view={Lazy::<lazy::QualityPage>::new()} />
            <Route path=path!("/regions") view={Lazy::<lazy::Regions>::new()} />
            <Route path=path!("/helpers") view={Lazy::<lazy::HelperList>::new()} />
            <Route path=path!("/helpers/new") view={Lazy::<lazy::NewHelperPage>::new()} />
            <Route path=path!("/helpers/:id") view={Lazy::<lazy::HelperPage>::new()} />
            <Route path=path!("/helpers/:id/edit") view={Lazy::<lazy::HelperEditPage>::new()} />
            <Route path=path!("/measures") view={Lazy::<lazy::MenuPage>::new()} />
            <Route path=path!("/measures/new") view={Lazy::<lazy::NewMeasurePage>::new()} />
            <Route path=path!("/measures/:id/edit") view={Lazy::<lazy::MeasureEditPage>::new()} />
            <Route path=path!("/plans") view={Lazy::<lazy::VillagePlansPage>::new()} />
            <Route path=path!("/funds") view={Lazy::<lazy::FundsPage>::new()} />
            <Route path=path!("/funds/new") view={Lazy::<lazy::NewFundPage>::new()} />
            <Route path=path!("/funds/:id") view={Lazy::<lazy::FundPage>::new()} />
            <Route path=path!("/funds/:id/edit") view={Lazy::<lazy::FundEditPage>::new()} />
            <Route path=path!("/loans") view={Lazy::<lazy::LoansPage>::new()} />
            // Addresses of earlier versions, kept for bookmarks.
            <Route path=path!("/pairing") view=|| view! { <Redirect path="/helpers" /> } />
            <Route path=path!("/assistance") view=|| view! { <Redirect path="/measures" /> } />
            <Route path=path!("/tasks") view={Lazy::<lazy::TasksPage>::new()} />
            <Route path=path!("/tasks/new") view={Lazy::<lazy::NewTaskPage>::new()} />
            <Route path=path!("/tasks/:id/edit") view={Lazy::<lazy::TaskEditPage>::new()} />
            <Route path=path!("/targets") view={Lazy::<lazy::TargetsPage>::new()} />
            <Route path=path!("/targets/new") view={Lazy::<lazy::NewTargetPage>::new()} />
            <Route path=path!("/targets/:id/edit") view={Lazy::<lazy::TargetEditPage>::new()} />
            <Route path=path!("/battle-map") view={Lazy::<lazy::BattleMapPage>::new()} />
            <Route path=path!("/county-exit") view={Lazy::<lazy::CountyExitPage>::new()} />
            <Route path=path!("/exchange") view={Lazy::<lazy::ExchangePage>::new()} />
            <Route path=path!("/settings") view={Lazy::<lazy::SettingsPage>::new()} />
        </Routes>
    }
}

#[component]
fn NoticeBar() -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    move || {
        state.notice().get().map(|n| {
            let class = if n.error { "notice error" } else { "notice ok" };
            view! {
                <div class=class role="alert" data-notice=if n.error { "error" } else { "ok" }>
                    <span>{move || n.msg.render(lang.get())}</span>
                    <button on:click=move |_| state.dismiss()>{t!(dismiss)}</button>
                </div>
            }
        })
    }
}

/// What every view file needs.
pub mod prelude {
    pub use leptos::prelude::*;
    pub use leptos::task::spawn_local;
    pub use leptos_router::components::A;

    pub use super::state::AppState;
    pub use super::use_lang;
    pub use crate::domain::date::Date;
    pub use crate::text::{Coded, Locale, Msg, K};
    pub use crate::{msg, t, tr};
}
