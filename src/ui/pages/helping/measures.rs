//! 扶持菜单 (菜单式扶持): the county's menu of measures — category, unit, standard amount, the
//! fund source that normally pays — with the year's orders of each; adding, editing and taking a
//! measure off the menu (`/measures/new`, `/measures/:id/edit`).

use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::domain::codes::{FundSource, MeasureCategory};
use crate::domain::helping::menu_rows;
use crate::domain::model::{Collection, Measure};
use crate::domain::orders::{self, MeasureDraft};
use crate::domain::report::Value;
use crate::intents;
use crate::store::Subject;
use crate::ui::components::form::{code_choices, edit_page, FormState, Input};
use crate::ui::components::history::History;
use crate::ui::components::subnav::HelpingNav;
use crate::ui::platform::time::{new_id, today};
use crate::ui::prelude::*;

#[component]
pub fn MenuPage() -> impl IntoView {
    let lang = use_lang();
    let state = AppState::expect();
    let year = RwSignal::new(today().year());
    let rows = Memo::new(move |_| {
        let ixd = state.indexed.get();
        menu_rows(&ixd.ix(), year.get())
    });
    let lines = move || {
        let l = lang.get();
        rows.get()
            .into_iter()
            .map(|r| {
                let m = &r.measure;
                let name = m.name.clone();
                let off = m.retired == Some(true);
                view! {
                    <tr data-measure-id=r.measure_id.clone() class:muted=off>
                        <td>
                            <A href=format!("/measures/{}/edit", r.measure_id)>{name}</A>
                            {off.then(|| format!(" ({})", tr!(l, label_off_menu)))}
                        </td>
                        <td>{m.category.label(l)}</td>
                        <td>{m.unit.clone().unwrap_or_default()}</td>
                        <td class="num">
                            {m.standard_amount.and_then(|a| Value::Money(a).display())}
                        </td>
                        <td>{m.fund_source.map(|s| s.label(l)).unwrap_or_default()}</td>
                        <td class="num" data-orders=r.orders.to_string()>
                            {r.orders}
                        </td>
                        <td class="num">{r.done}</td>
                        <td class="num">{Value::Money(r.amount).display()}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <HelpingNav />
        <h1>{t!(assistance_title)}</h1>
        <section class="controls">
            <label>
                {t!(year)}" "
                <input
                    type="number"
                    data-control="menu-year"
                    prop:value=move || year.get().to_string()
                    on:change=move |ev| {
                        if let Ok(y) = event_target_value(&ev).trim().parse() {
                            year.set(y);
                        }
                    }
                />
            </label>
            <A href="/measures/new" attr:class="button" attr:data-control="new-measure">
                {t!(menu_new_measure)}
            </A>
        </section>
        <div class="scroll-x">
            <table class="table">
                <thead>
                    <tr>
                        <th>{t!(label_measure_name)}</th>
                        <th>{t!(label_measure_category)}</th>
                        <th>{t!(label_unit)}</th>
                        <th class="num">{t!(label_standard_amount)}</th>
                        <th>{t!(label_usual_fund_source)}</th>
                        <th class="num">{t!(orders_count)}</th>
                        <th class="num">{t!(assistance_status_done)}</th>
                        <th class="num">{t!(fund_amount)}</th>
                    </tr>
                </thead>
                <tbody>{lines}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn NewMeasurePage() -> impl IntoView {
    view! { <MeasureForm id=new_id("me") opened=None /> }
}

#[component]
pub fn MeasureEditPage() -> impl IntoView {
    edit_page::<Measure>(|id, opened| view! { <MeasureForm id=id opened=opened /> }.into_any())
}

#[component]
fn MeasureForm(id: String, opened: Option<Measure>) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let navigate = use_navigate();
    let is_new = opened.is_none();
    let initial = opened
        .as_ref()
        .map(MeasureDraft::from_measure)
        .unwrap_or_else(|| MeasureDraft {
            category: MeasureCategory::Industry.code().to_string(),
            ..Default::default()
        });
    let form = FormState::new(initial, |d: &MeasureDraft| {
        orders::measure_from_draft(d).err().unwrap_or_default()
    })
    .kept("measure");
    let history_id = id.clone();
    let (id, opened) = (StoredValue::new(id), StoredValue::new(opened));
    let save = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let (id, opened) = (id.get_value(), opened.get_value());
            let saved = form
                .submit(async |store, actor, reg, d: &MeasureDraft, overwrite| {
                    intents::orders::save_measure(
                        store,
                        actor,
                        reg,
                        &id,
                        d,
                        opened.as_ref(),
                        overwrite,
                    )
                    .await
                })
                .await;
            if saved {
                navigate("/measures", NavigateOptions::default());
            }
        });
    };
    view! {
        <p>
            <A href="/measures">{t!(back)}</A>
        </p>
        <h1>{if is_new { tr!(l, menu_new_measure) } else { tr!(l, menu_edit_measure) }}</h1>
        <form class="card form" data-form="measure" on:submit=|ev| ev.prevent_default()>
            <div class="grid2">
                {form
                    .field(
                        "name",
                        K::label_measure_name,
                        "measure-name",
                        Input::Text,
                        |d| d.name.clone(),
                        |d, v| d.name = v,
                    )}
                {form
                    .field(
                        "category",
                        K::label_measure_category,
                        "measure-category",
                        Input::Choice(code_choices::<MeasureCategory>(l, false)),
                        |d| d.category.clone(),
                        |d, v| d.category = v,
                    )}
                {form
                    .field(
                        "unit",
                        K::label_unit,
                        "measure-unit",
                        Input::Text,
                        |d| d.unit.clone(),
                        |d, v| d.unit = v,
                    )}
                {form
                    .field(
                        "standard_amount",
                        K::label_standard_amount,
                        "measure-standard",
                        Input::Number,
                        |d| d.standard_amount.clone(),
                        |d, v| d.standard_amount = v,
                    )}
                {form
                    .field(
                        "fund_source",
                        K::label_usual_fund_source,
                        "measure-fund-source",
                        Input::Choice(code_choices::<FundSource>(l, true)),
                        |d| d.fund_source.clone(),
                        |d, v| d.fund_source = v,
                    )}
                {form
                    .field(
                        "description",
                        K::label_description,
                        "measure-description",
                        Input::Area,
                        |d| d.description.clone(),
                        |d, v| d.description = v,
                    )}
                {form
                    .check(
                        "retired",
                        K::label_off_menu,
                        "measure-retired",
                        |d| d.retired,
                        |d, v| d.retired = v,
                    )}
            </div>
            <p class="actions">
                <button type="button" class="primary" data-control="measure-save" on:click=save>
                    {t!(save)}
                </button>
            </p>
        </form>
        {(!is_new)
            .then(|| {
                view! { <History subject=Subject::Record(Collection::Measures, history_id) /> }
            })}
    }
}
