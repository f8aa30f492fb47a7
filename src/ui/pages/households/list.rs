//! 农户名册: the household list with search as you type, filters (folded behind one button on a
//! phone), sortable columns, a status date, a virtualised body, and the roster export of exactly
//! what is listed. Rows, filters and order come from `domain::household_list`.

use std::sync::Arc;

use crate::domain::codes::{Attribute, Cause, Status};
use crate::domain::household_list::{self, Filters, HouseholdRow, SortKey};
use crate::ui::components::export_buttons::RosterExport;
use crate::ui::components::scope::use_village_choices;
use crate::ui::components::subnav::HouseholdsNav;
use crate::ui::components::vlist::Window;
use crate::ui::platform::time::today;
use crate::ui::prelude::*;

/// A filter select: "any" first, then each coded value.
fn code_filter<T: Coded>(
    control: &'static str,
    any: K,
    filters: RwSignal<Filters>,
    window: Window,
    set: fn(&mut Filters, Option<T>),
) -> impl IntoView {
    let lang = use_lang();
    let on_change = move |ev| {
        let v = T::from_code(&event_target_value(&ev));
        filters.update(|f| set(f, v));
        window.to_top();
    };
    view! {
        <select data-control=control on:change=on_change>
            <option value="">{move || any.get(lang.get())}</option>
            {T::all()
                .iter()
                .map(|&x| view! { <option value=x.code()>{move || x.label(lang.get())}</option> })
                .collect_view()}
        </select>
    }
}

/// A yes/no filter select: any, yes, no.
fn yes_no_filter(
    control: &'static str,
    labels: [K; 3],
    filters: RwSignal<Filters>,
    window: Window,
    set: fn(&mut Filters, Option<bool>),
) -> impl IntoView {
    let lang = use_lang();
    let on_change = move |ev| {
        let v = match event_target_value(&ev).as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        filters.update(|f| set(f, v));
        window.to_top();
    };
    let [any, yes, no] = labels;
    view! {
        <select data-control=control on:change=on_change>
            <option value="">{move || any.get(lang.get())}</option>
            <option value="yes">{move || yes.get(lang.get())}</option>
            <option value="no">{move || no.get(lang.get())}</option>
        </select>
    }
}

#[component]
pub fn HouseholdList() -> impl IntoView {
    let lang = use_lang();
    let state = AppState::expect();
    let today = today();
    // 状态时点: status, people and findings are as of this date: the overview's date if one was
    // chosen there, else today, unless the person picks another.
    let as_of = RwSignal::new(state.as_of.get_untracked().unwrap_or(today).to_string());
    let as_of_date = Memo::new(move |_| as_of.with(|s| Date::parse(s.trim())).unwrap_or(today));
    let rows = Memo::new(move |_| {
        let ixd = state.indexed.get();
        Arc::new(household_list::rows(&ixd.ix(), as_of_date.get()))
    });
    let villages = use_village_choices();
    let query = RwSignal::new(String::new());
    let filters = RwSignal::new(Filters::default());
    let sort = RwSignal::new(None::<(SortKey, bool)>);
    let matches = Memo::new(move |_| {
        let rows = rows.get();
        Arc::new(query.with(|q| filters.with(|f| household_list::matches(&rows, q, f, sort.get()))))
    });
    let window = Window::default();
    // On a phone the filters fold away behind one button that counts those in use, so the list
    // keeps the screen; on a wider screen they stand open.
    let wide = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_none_or(|w| w >= 700.0);
    let show_filters = RwSignal::new(wide);
    let filters_in_use =
        move || filters.with(Filters::in_use) + usize::from(as_of_date.get() != today);
    let filter_label = move || {
        let (n, l) = (filters_in_use(), lang.get());
        if n == 0 {
            tr!(l, page_filters).to_string()
        } else {
            format!("{} ({n})", tr!(l, page_filters))
        }
    };
    let on_village = move |ev| {
        let v = event_target_value(&ev);
        filters.update(|f| f.village = (!v.is_empty()).then_some(v));
        window.to_top();
    };
    let on_search = move |ev| {
        query.set(event_target_value(&ev));
        window.to_top();
    };
    let on_date = move |ev| {
        as_of.set(event_target_value(&ev));
        window.to_top();
    };
    // Exported as listed: the search, the filters, the order and the status date.
    let roster = Callback::new(move |ids| {
        let d = as_of_date.get_untracked();
        let (rows, listed) = (rows.get_untracked(), matches.get_untracked());
        let positions: Vec<usize> = listed.iter().map(|&k| rows[k].pos).collect();
        let ixd = state.indexed.get_untracked();
        let table = crate::domain::roster::table_of(&ixd.ix(), &positions, d, ids);
        (table, format!("jingzhun-花名册-{}户-{d}", positions.len()))
    });
    let sorter = move |key: SortKey| {
        move |_| sort.update(|s| *s = Some((key, matches!(*s, Some((k, false)) if k == key))))
    };
    let headers = [
        (SortKey::Head, K::head),
        (SortKey::Village, K::village),
        (SortKey::People, K::members),
        (SortKey::Status, K::status),
        (SortKey::Cause, K::main_cause),
    ]
    .into_iter()
    .map(|(key, label)| {
        view! {
            <button class="link" data-sort=key.code() on:click=sorter(key)>
                {move || label.get(lang.get())}
            </button>
        }
    })
    .collect_view();
    // The rows in view: (position in the list, row), keyed by both so that scrolling keeps the
    // rows already drawn and a new filter redraws.
    let visible = move || {
        let (m, rows) = (matches.get(), rows.get());
        window
            .range(m.len())
            .map(|k| (k, rows[m[k]].clone()))
            .collect::<Vec<_>>()
    };
    view! {
        <HouseholdsNav />
        <h1>{t!(households_title)}</h1>
        <section class="controls">
            <input
                type="search"
                class="grow"
                data-control="household-search"
                placeholder=move || tr!(lang.get(), search_placeholder)
                prop:value=move || query.get()
                on:input=on_search
            />
            <button
                type="button"
                data-control="filters-toggle"
                aria-expanded=move || show_filters.get().to_string()
                on:click=move |_| show_filters.update(|v| *v = !*v)
            >
                {filter_label}
            </button>
            <span>
                {t!(count)}" "
                <b data-metric="household_count" data-value=move || matches.get().len().to_string()>
                    {move || matches.get().len()}
                </b>
            </span>
        </section>
        <section class="controls" class:hidden=move || !show_filters.get() data-panel="filters">
            <select data-control="village-filter" on:change=on_village>
                <option value="">{t!(page_any_village)}</option>
                {move || {
                    villages
                        .get()
                        .into_iter()
                        .map(|(id, name)| view! { <option value=id>{name}</option> })
                        .collect_view()
                }}
            </select>
            {code_filter::<
                Status,
            >("status-filter", K::page_any_status, filters, window, |f, v| f.status = v)}
            <label>
                {t!(page_status)}" "
                <input
                    type="date"
                    data-control="status-date-filter"
                    prop:value=move || as_of.get()
                    on:change=on_date
                />
            </label>
            {code_filter::<
                Attribute,
            >("attribute-filter", K::page_any_attribute, filters, window, |f, v| f.attribute = v)}
            {code_filter::<
                Cause,
            >("cause-filter", K::page_any_cause, filters, window, |f, v| f.cause = v)}
            {yes_no_filter(
                "paired-filter",
                [K::page_paired_any, K::page_paired, K::page_not_paired],
                filters,
                window,
                |f, v| f.paired = v,
            )}
            {yes_no_filter(
                "findings-filter",
                [K::page_quality_any, K::page_with_findings, K::page_without_findings],
                filters,
                window,
                |f, v| f.with_findings = v,
            )}
        </section>
        <section class="controls">
            <RosterExport table=roster />
            <A href="/new-household" attr:class="button" attr:data-control="new-household">
                {t!(form_new_household)}
            </A>
        </section>
        <div class="vlist-head">{headers}</div>
        <div class="vlist" on:scroll=window.on_scroll()>
            <div class="vlist-inner" style=move || Window::height(matches.get().len())>
                <For
                    each=visible
                    key=|(k, r)| (*k, r.id.clone())
                    children=move |(k, r)| view! { <ListRow row=r top=k /> }
                />
            </div>
        </div>
    }
}

#[component]
fn ListRow(row: HouseholdRow, top: usize) -> impl IntoView {
    let lang = use_lang();
    let r = row;
    view! {
        <A
            href=format!("/households/{}", r.id)
            attr:class="vrow"
            attr:style=Window::top(top)
            attr:data-household-id=r.id.clone()
        >
            <span>{r.head.clone()}{(r.findings > 0).then_some(" ⚠")}</span>
            <span class="muted">{format!("{} {}", r.village, r.group)}</span>
            <span>{r.people}</span>
            <span>{move || r.status.map(|s| s.label(lang.get())).unwrap_or_default()}</span>
            <span>{move || r.main_cause.label(lang.get())}</span>
        </A>
    }
}
