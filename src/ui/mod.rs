//! The Leptos views. They render state and send intents; figures come from `domain::calc`.

mod analysis;
mod bench;
mod charts;
mod dashboard;
mod edit;
mod exchange_page;
mod pages;
mod settings;
pub mod state;
mod sw;
pub mod util;
mod xlsx;

#[allow(clippy::all, unused_imports, dead_code, unreachable_pub)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}

pub use generated::i18n::{t, use_i18n, I18nContextProvider, Locale};
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

use state::{AppState, Load, LANG_KEY};

/// Mounts the app on the page.
pub fn start() {
    console_error_panic_hook::set_once();
    crate::exchange::check_migrations().expect("exchange migrations are in order");
    leptos::mount::mount_to_body(App);
}

/// The language of the screen, for labels that come from the domain's code tables.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn pick(self, zh: &str, en: &str) -> String {
        match self {
            Lang::Zh => zh.to_string(),
            Lang::En => en.to_string(),
        }
    }
}

/// A criterion's verdict in words: 达标 / 未达标 / 未知.
pub fn verdict_text(v: crate::domain::calc::Verdict, l: Lang) -> String {
    use crate::domain::calc::Verdict;
    match v {
        Verdict::Met => l.pick("达标", "met"),
        Verdict::Failed => l.pick("未达标", "failed"),
        Verdict::Unknown => l.pick("未知", "unknown"),
    }
}

/// The current language as a reactive value.
pub fn use_lang() -> Signal<Lang> {
    let i18n = use_i18n();
    Signal::derive(move || {
        if i18n.get_locale() == Locale::en {
            Lang::En
        } else {
            Lang::Zh
        }
    })
}

#[component]
fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    state.reload();
    state::listen_for_other_tabs(state);
    sw::register(state);
    view! {
        <I18nContextProvider set_lang_attr_on_html=true>
            <RememberedLanguage/>
            <Router>
                <Shell/>
            </Router>
        </I18nContextProvider>
    }
}

/// Chinese unless the person chose English on an earlier visit (not the browser's language).
#[component]
fn RememberedLanguage() -> impl IntoView {
    let i18n = use_i18n();
    let saved = LocalStorage::get::<String>(LANG_KEY).unwrap_or_default();
    let locale = if saved == "en" {
        Locale::en
    } else {
        Locale::zh
    };
    i18n.set_locale(locale);
    // The library's own start-up effect sets the browser's language; this one runs after it.
    Effect::new(move |_| i18n.set_locale(locale));
}

#[component]
fn Shell() -> impl IntoView {
    let i18n = use_i18n();
    let state = AppState::expect();
    let switch = move |_| {
        let next = if i18n.get_locale_untracked() == Locale::zh {
            Locale::en
        } else {
            Locale::zh
        };
        let _ = LocalStorage::set(LANG_KEY, if next == Locale::en { "en" } else { "zh" });
        i18n.set_locale(next);
    };
    view! {
        <header class="top">
            <A href="/" attr:class="brand">{t!(i18n, app_title)}</A>
            <nav class="nav" aria-label="main">
                <A href="/" exact=true>{t!(i18n, nav_dashboard)}</A>
                <A href="/households">{t!(i18n, nav_households)}</A>
                <A href="/regions">{t!(i18n, nav_regions)}</A>
                <A href="/pairing">{t!(i18n, nav_pairing)}</A>
                <A href="/assistance">{t!(i18n, nav_assistance)}</A>
                <A href="/funds">{t!(i18n, nav_funds)}</A>
                <A href="/tasks">{t!(i18n, nav_tasks)}</A>
                <A href="/exchange">{t!(i18n, nav_exchange)}</A>
                <A href="/settings">{t!(i18n, nav_settings)}</A>
            </nav>
            <button class="lang" data-control="language" on:click=switch>{t!(i18n, switch_language)}</button>
        </header>
        <sw::UpdateBanner/>
        <NoticeBar/>
        <main>
            {move || match state.load.get() {
                Load::Loading => view! { <p class="muted" data-state="loading">{t!(i18n, loading)}</p> }.into_any(),
                Load::Failed(zh, en) => {
                    let lang = use_lang();
                    view! { <p class="error" data-state="failed">{move || lang.get().pick(&zh, &en)}</p> }.into_any()
                }
                Load::Ready => view! {
                    <Routes fallback=|| view! { <pages::NotFound/> }>
                        <Route path=path!("/") view=dashboard::Dashboard/>
                        <Route path=path!("/monitoring") view=analysis::MonitoringPage/>
                        <Route path=path!("/exit-checks") view=analysis::ExitChecksPage/>
                        <Route path=path!("/relapse") view=analysis::RelapsePage/>
                        <Route path=path!("/structure") view=analysis::StructurePage/>
                        <Route path=path!("/multidimensional") view=analysis::MultidimensionalPage/>
                        <Route path=path!("/report") view=analysis::ReportPage/>
                        <Route path=path!("/households") view=pages::Households/>
                        <Route path=path!("/households/:id") view=pages::HouseholdPage/>
                        <Route path=path!("/households/:id/edit") view=edit::HouseholdEditPage/>
                        <Route path=path!("/households/:id/card") view=pages::HouseholdCard/>
                        <Route path=path!("/new-household") view=edit::NewHouseholdPage/>
                        <Route path=path!("/identification") view=pages::IdentificationPage/>
                        <Route path=path!("/quality") view=pages::QualityPage/>
                        <Route path=path!("/regions") view=pages::Regions/>
                        <Route path=path!("/pairing") view=pages::Pairing/>
                        <Route path=path!("/assistance") view=pages::AssistancePage/>
                        <Route path=path!("/funds") view=pages::Funds/>
                        <Route path=path!("/tasks") view=pages::Tasks/>
                        <Route path=path!("/exchange") view=exchange_page::ExchangePage/>
                        <Route path=path!("/settings") view=settings::SettingsPage/>
                    </Routes>
                }.into_any(),
            }}
        </main>
    }
}

#[component]
fn NoticeBar() -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let i18n = use_i18n();
    move || {
        state.notice.get().map(|n| {
            let class = if n.error { "notice error" } else { "notice ok" };
            view! {
                <div class=class role="alert" data-notice=if n.error { "error" } else { "ok" }>
                    <span>{move || lang.get().pick(&n.zh, &n.en)}</span>
                    <button on:click=move |_| state.notice.set(None)>{t!(i18n, dismiss)}</button>
                </div>
            }
        })
    }
}
