//! The sub-navigation of the overview's analyses and of the households section.

use leptos_router::hooks::use_location;

use crate::ui::platform::files::print;
use crate::ui::prelude::*;

#[component]
pub fn HouseholdsNav() -> impl IntoView {
    view! {
        <nav class="subnav" aria-label="households">
            <A href="/households" exact=true>
                {t!(subnav_roster)}
            </A>
            <A href="/identification">{t!(subnav_identification)}</A>
            <A href="/quality">{t!(subnav_quality)}</A>
        </nav>
    }
}

/// The analyses of the overview, each keeping the scope and date of the query.
#[component]
pub fn AnalysisNav() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let search = move || location.search.get();
    let links: [(&'static str, K); 7] = [
        ("/", K::subnav_overview),
        ("/monitoring", K::subnav_monitoring),
        ("/exit-checks", K::subnav_exit_checks),
        ("/relapse", K::subnav_relapse),
        ("/structure", K::subnav_structure),
        ("/multidimensional", K::subnav_multidimensional),
        ("/report", K::subnav_report),
    ];
    let links = links
        .into_iter()
        .map(|(path, label)| {
            let href = move || {
                let s = search();
                if s.is_empty() {
                    path.to_string()
                } else {
                    format!("{path}?{}", s.trim_start_matches('?'))
                }
            };
            view! {
                <A href=href exact=true>
                    {move || label.get(lang.get())}
                </A>
            }
        })
        .collect_view();
    view! {
        <nav class="subnav" aria-label="analysis">
            {links}
            <button class="print" on:click=|_| print()>
                {t!(print)}
            </button>
        </nav>
    }
}

/// The helping half: helpers, the menu and plans, funds, loans.
#[component]
pub fn HelpingNav() -> impl IntoView {
    view! {
        <nav class="subnav" aria-label="helping">
            <A href="/helpers">{t!(subnav_helpers)}</A>
            <A href="/measures">{t!(subnav_menu)}</A>
            <A href="/plans">{t!(subnav_plans)}</A>
            <A href="/funds">{t!(subnav_funds)}</A>
            <A href="/loans">{t!(subnav_loans)}</A>
        </nav>
    }
}

/// 挂图作战: the progress table, targets, the battle map, the county check.
#[component]
pub fn CampaignNav() -> impl IntoView {
    view! {
        <nav class="subnav" aria-label="campaign">
            <A href="/tasks">{t!(subnav_tasks)}</A>
            <A href="/targets">{t!(subnav_targets)}</A>
            <A href="/battle-map">{t!(subnav_battle_map)}</A>
            <A href="/county-exit">{t!(subnav_county_exit)}</A>
        </nav>
    }
}
