//! 一村一策: a village's plan for a year — its own projects and every order of its households,
//! with the amount of what is not cancelled — and a new village project from the menu.

use leptos_router::hooks::use_query_map;

use crate::domain::helping::village_plan;
use crate::domain::helping_tables;
use crate::domain::index::Scope;
use crate::domain::report::Value;
use crate::ui::components::export_buttons::ExportButtons;
use crate::ui::components::figure::NumCell;
use crate::ui::components::scope::use_village_choices;
use crate::ui::components::subnav::HelpingNav;
use crate::ui::pages::households::plan::OrderForm;
use crate::ui::platform::time::today;
use crate::ui::prelude::*;

#[component]
pub fn VillagePlansPage() -> impl IntoView {
    let lang = use_lang();
    let state = AppState::expect();
    let query = use_query_map();
    let villages = use_village_choices();
    let chosen = RwSignal::new(
        query
            .with_untracked(|q| q.get("village"))
            .unwrap_or_default(),
    );
    let village = Memo::new(move |_| {
        let c = chosen.get();
        let vs = villages.get();
        if vs.iter().any(|(id, _)| *id == c) {
            c
        } else {
            vs.first().map(|(id, _)| id.clone()).unwrap_or_default()
        }
    });
    let year = RwSignal::new(today().year());
    let plan = Memo::new(move |_| {
        let ixd = state.indexed.get();
        let ix = ixd.ix();
        let v = village.get();
        ix.region_pos(v.as_str())
            .map(|&r| village_plan(&ix, r, year.get()))
            .unwrap_or_default()
    });
    let rows = move || {
        let l = lang.get();
        plan.get()
            .entries
            .into_iter()
            .map(|e| {
                let who = match e.household.clone() {
                    Some(h) => {
                        view! { <A href=format!("/households/{}", h.id)>{h.head}</A> }.into_any()
                    }
                    None => view! { <b>{tr!(l, plan_village_project)}</b> }.into_any(),
                };
                let quantity = e
                    .quantity
                    .map(|q| format!("{} {}", crate::domain::report::quantity_text(q), e.unit))
                    .unwrap_or_default();
                view! {
                    <tr data-assistance-id=e.assistance_id.clone() data-status=e.status.code()>
                        <td>{who}</td>
                        <td>{e.measure.clone()}</td>
                        <td>{quantity}</td>
                        <td class="num">{e.amount.and_then(|a| Value::Money(a).display())}</td>
                        <td>{e.status.label(l)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <HelpingNav />
        <h1>{t!(plans_title)}</h1>
        <section class="controls">
            <select
                data-control="plan-village"
                prop:value=move || village.get()
                on:change=move |ev| chosen.set(event_target_value(&ev))
            >
                {move || {
                    villages
                        .get()
                        .into_iter()
                        .map(|(id, name)| view! { <option value=id>{name}</option> })
                        .collect_view()
                }}
            </select>
            <label>
                {t!(year)}" "
                <input
                    type="number"
                    data-control="plan-year"
                    prop:value=move || year.get().to_string()
                    on:change=move |ev| {
                        if let Ok(y) = event_target_value(&ev).trim().parse() {
                            year.set(y);
                        }
                    }
                />
            </label>
            <ExportButtons
                control="plan"
                csv_label=K::export_plan_csv
                xlsx_label=K::export_plan_excel
                make=Callback::new(move |_: ()| {
                    let ixd = state.indexed.get_untracked();
                    let y = year.get_untracked();
                    (
                        helping_tables::plan_table(&ixd.ix(), Scope::All, y, lang.get_untracked()),
                        format!("jingzhun-帮扶计划-{y}"),
                    )
                })
            />
        </section>
        <table class="table kv">
            <tbody>
                <tr>
                    <th>{t!(orders_count)}</th>
                    {move || {
                        view! {
                            <NumCell
                                metric="plan_entries".into()
                                value=Value::Count(plan.with(|p| p.entries.len() as u64))
                            />
                        }
                    }}
                </tr>
                <tr>
                    <th>{t!(plans_total)}</th>
                    {move || {
                        view! {
                            <NumCell
                                metric="plan_total".into()
                                value=Value::Money(plan.with(|p| p.total))
                            />
                        }
                    }}
                </tr>
            </tbody>
        </table>
        <div class="scroll-x">
            <table class="table">
                <thead>
                    <tr>
                        <th>{t!(head)}</th>
                        <th>{t!(measure)}</th>
                        <th>{t!(label_quantity)}</th>
                        <th class="num">{t!(fund_amount)}</th>
                        <th>{t!(status)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {move || {
            let v = village.get();
            (!v.is_empty()).then(|| view! { <OrderForm whose=v village=true /> })
        }}
    }
}
