//! 帮扶责任人名册: every helper (no cap, a virtualised list), search as you type, filters by
//! kind, region and whether helping anyone, and the way to a new helper. Rows and filters come
//! from `domain::helper_list`.

use std::sync::Arc;

use crate::domain::codes::HelperKind;
use crate::domain::helper_list::{self, HelperFilters, HelperRow};
use crate::domain::{helping_tables, pairing_sheet};
use crate::ui::components::export_buttons::{id_numbers, ExportButtons, FullIdNumbers};
use crate::ui::components::scope::use_region_choices;
use crate::ui::components::subnav::HelpingNav;
use crate::ui::components::vlist::Window;
use crate::ui::platform::time::today;
use crate::ui::prelude::*;

#[component]
pub fn HelperList() -> impl IntoView {
    let lang = use_lang();
    let state = AppState::expect();
    let full_ids = RwSignal::new(false);
    let rows = Memo::new(move |_| {
        let ixd = state.indexed.get();
        Arc::new(helper_list::rows(&ixd.ix(), today()))
    });
    let query = RwSignal::new(String::new());
    let filters = RwSignal::new(HelperFilters::default());
    let matches = Memo::new(move |_| {
        let (ixd, rows) = (state.indexed.get(), rows.get());
        Arc::new(query.with(|q| filters.with(|f| helper_list::matches(&ixd.ix(), &rows, q, f))))
    });
    let window = Window::default();
    let regions = use_region_choices();
    let visible = move || {
        let (m, rows) = (matches.get(), rows.get());
        window
            .range(m.len())
            .map(|k| (k, rows[m[k]].clone()))
            .collect::<Vec<_>>()
    };
    let set = move |f: &dyn Fn(&mut HelperFilters)| {
        filters.update(|x| f(x));
        window.to_top();
    };
    view! {
        <HelpingNav />
        <h1>{t!(helpers_title)}</h1>
        <section class="controls">
            <input
                type="search"
                class="grow"
                data-control="helper-search"
                placeholder=move || tr!(lang.get(), picker_helper_placeholder)
                prop:value=move || query.get()
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    window.to_top();
                }
            />
            <span>
                {t!(count)}" "
                <b data-metric="helper_count" data-value=move || matches.get().len().to_string()>
                    {move || matches.get().len()}
                </b>
            </span>
            <ExportButtons
                control="helpers"
                csv_label=K::export_helpers_csv
                xlsx_label=K::export_helpers_excel
                make=Callback::new(move |_: ()| {
                    let ixd = state.indexed.get_untracked();
                    let d = today();
                    (
                        helping_tables::helpers_table(&ixd.ix(), d, lang.get_untracked()),
                        format!("jingzhun-帮扶责任人-{d}"),
                    )
                })
            />
            <ExportButtons
                control="pairings"
                csv_label=K::export_pairings_csv
                xlsx_label=K::export_pairings_excel
                make=Callback::new(move |_: ()| {
                    let ixd = state.indexed.get_untracked();
                    let d = today();
                    (
                        pairing_sheet::pairings_table(&ixd.ix(), d, false, id_numbers(full_ids)),
                        format!("jingzhun-结对表-{d}"),
                    )
                })
            />
            <FullIdNumbers control="pairings-full-ids" full=full_ids />
            <A href="/helpers/new" attr:class="button" attr:data-control="new-helper">
                {t!(helper_new)}
            </A>
        </section>
        <section class="controls" data-panel="helper-filters">
            <select
                data-control="helper-kind-filter"
                on:change=move |ev| {
                    let v = HelperKind::from_code(&event_target_value(&ev));
                    set(&|f| f.kind = v);
                }
            >
                <option value="">{t!(helper_any_kind)}</option>
                {HelperKind::all()
                    .iter()
                    .map(|&k| {
                        view! { <option value=k.code()>{move || k.label(lang.get())}</option> }
                    })
                    .collect_view()}
            </select>
            <select
                data-control="helper-region-filter"
                on:change=move |ev| {
                    let id = event_target_value(&ev);
                    let pos = state.indexed.get_untracked().ix().region_pos(id.as_str()).copied();
                    set(&|f| f.region = pos);
                }
            >
                <option value="">{t!(helper_any_region)}</option>
                {move || {
                    regions
                        .get()
                        .into_iter()
                        .map(|(id, name)| view! { <option value=id>{name}</option> })
                        .collect_view()
                }}
            </select>
            <select
                data-control="helper-helping-filter"
                on:change=move |ev| {
                    let v = match event_target_value(&ev).as_str() {
                        "yes" => Some(true),
                        "no" => Some(false),
                        _ => None,
                    };
                    set(&|f| f.helping = v);
                }
            >
                <option value="">{t!(page_paired_any)}</option>
                <option value="yes">{t!(helper_helping)}</option>
                <option value="no">{t!(helper_helping_none)}</option>
            </select>
            <label class="small">
                <input
                    type="checkbox"
                    data-control="helper-retired-filter"
                    on:change=move |ev| {
                        let v = event_target_checked(&ev);
                        set(&|f| f.with_retired = v);
                    }
                />
                {t!(helper_show_retired)}
            </label>
        </section>
        <div class="vlist-head helpers">
            <span>{t!(label_helper_name)}</span>
            <span>{t!(label_work_unit)}</span>
            <span>{t!(label_helper_kind)}</span>
            <span>{t!(households_count)}</span>
        </div>
        <div class="vlist" on:scroll=window.on_scroll()>
            <div class="vlist-inner" style=move || Window::height(matches.get().len())>
                <For
                    each=visible
                    key=|(k, r)| (*k, r.id.clone(), r.households)
                    children=move |(k, r)| view! { <HelperLine row=r top=k /> }
                />
            </div>
        </div>
    }
}

#[component]
fn HelperLine(row: HelperRow, top: usize) -> impl IntoView {
    let lang = use_lang();
    let r = row;
    view! {
        <A
            href=format!("/helpers/{}", r.id)
            attr:class="vrow helpers"
            attr:style=Window::top(top)
            attr:data-helper-id=r.id.clone()
        >
            <span>
                {r.name.clone()}
                {r.retired.then(|| view! { <span class="muted">{t!(helper_retired_mark)}</span> })}
            </span>
            <span class="muted">{format!("{} {}", r.work_unit, r.position)}</span>
            <span>{move || r.kind.label(lang.get())}</span>
            <span data-households=r.households.to_string()>{r.households}</span>
        </A>
    }
}
