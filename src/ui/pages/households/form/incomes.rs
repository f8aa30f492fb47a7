//! The incomes in the household form (家庭收入): a line per year of the draft, with its net and
//! per-capita figures beside it, and adding the next year.

use crate::domain::edit::{self, FieldError, HouseholdDraft, IncomeDraft};
use crate::ui::components::form::error_for;
use crate::ui::platform::time::today;
use crate::ui::prelude::*;

/// The income lines and the button that adds one, for the year after the latest (or `today`'s).
#[component]
pub(super) fn IncomeList(
    draft: RwSignal<HouseholdDraft>,
    errors: Memo<Vec<FieldError>>,
    today: Date,
) -> impl IntoView {
    let l = use_lang().get_untracked();
    view! {
        <h2>{tr!(l, form_incomes_yuan)}</h2>
        <div class="incomes">
            {move || {
                (0..draft.with(|d| d.incomes.len()))
                    .map(|k| view! { <IncomeRow draft=draft errors=errors k=k /> })
                    .collect_view()
            }}
        </div>
        <button
            type="button"
            data-control="add-income"
            on:click=move |_| {
                draft
                    .update(|d| {
                        let y = d
                            .incomes
                            .iter()
                            .filter_map(|i| i.year.parse::<i32>().ok())
                            .max()
                            .map_or(today.year(), |y| y + 1);
                        d.incomes
                            .push(IncomeDraft {
                                year: y.to_string(),
                                ..Default::default()
                            })
                    })
            }
        >
            {tr!(l, form_add_years_income)}
        </button>
    }
}

#[component]
fn IncomeRow(
    draft: RwSignal<HouseholdDraft>,
    errors: Memo<Vec<FieldError>>,
    k: usize,
) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let today = today();
    let input = move |name: &'static str,
                      f: fn(&IncomeDraft) -> String,
                      set: fn(&mut IncomeDraft, String)| {
        let key = format!("incomes.{k}.{name}");
        let key2 = key.clone();
        view! {
            <input
                type="text"
                inputmode="decimal"
                data-field=key.clone()
                prop:value=move || draft.with(|d| d.incomes.get(k).map(f).unwrap_or_default())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    draft
                        .update(|d| {
                            if let Some(i) = d.incomes.get_mut(k) {
                                set(i, v)
                            }
                        });
                }
            />
            {move || {
                error_for(&errors.get(), &key2, lang.get())
                    .map(|m| {
                        view! {
                            <span class="field-error" data-error=key.clone()>
                                {m}
                            </span>
                        }
                    })
            }}
        }
    };
    let preview = move || draft.with(|d| edit::income_preview(d, k, today));
    view! {
        <fieldset class="income" data-income=k.to_string()>
            <label>{tr!(l, year)}{input("year", |i| i.year.clone(), |i, v| i.year = v)}</label>
            <label>
                {tr!(l, form_wages)}{input("wage", |i| i.wage.clone(), |i, v| i.wage = v)}
            </label>
            <label>
                {tr!(l, form_business)}
                {input("business", |i| i.business.clone(), |i, v| i.business = v)}
            </label>
            <label>
                {tr!(l, form_property)}
                {input("property", |i| i.property.clone(), |i, v| i.property = v)}
            </label>
            <label>
                {tr!(l, form_transfers)}
                {input("transfer", |i| i.transfer.clone(), |i, v| i.transfer = v)}
            </label>
            <label>
                {tr!(l, form_business_costs)}
                {input("business_costs", |i| i.business_costs.clone(), |i, v| i.business_costs = v)}
            </label>
            <p class="income-preview" data-preview=k.to_string()>
                {move || match preview() {
                    Some((net, pc)) => {
                        let l = lang.get();
                        let pc = pc
                            .map(|p| p.to_string())
                            .unwrap_or_else(|| tr!(l, unknown).to_string());
                        tr!(l, form_income_preview, net = net.to_string(), pc = pc)
                    }
                    None => String::new(),
                }}
            </p>
        </fieldset>
    }
}
