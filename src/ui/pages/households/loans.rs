//! 扶贫小额信贷、互助资金 on a household's page: its loans with what is still owed and whether
//! overdue, a repayment, and a new loan (a bank's, or the village mutual-aid society's).

use crate::domain::codes::{FundSource, LenderKind};
use crate::domain::funds::{self, LoanDraft};
use crate::domain::household_sheet::HouseholdSheet;
use crate::domain::report::Value;
use crate::intents::{self, IntentError};
use crate::ui::components::form::{code_choices, error_for, FormState, Input};
use crate::ui::platform::time::today;
use crate::ui::prelude::*;

fn money(f: crate::domain::money::Fen) -> String {
    Value::Money(f).display().unwrap_or_default()
}

#[component]
pub fn LoansPanel(id: String, sheet: Memo<Option<HouseholdSheet>>) -> impl IntoView {
    let lang = use_lang();
    let loans =
        Memo::new(move |_| sheet.with(|s| s.as_ref().map(|s| s.loans.clone()).unwrap_or_default()));
    let open = RwSignal::new(false);
    let rows = move || {
        let l = lang.get();
        loans
            .get()
            .into_iter()
            .map(|x| {
                let lender = match (&x.loan.lender_name, x.fund.is_empty()) {
                    (Some(n), _) => format!("{} · {n}", x.loan.lender.label(l)),
                    (None, false) => format!("{} · {}", x.loan.lender.label(l), x.fund),
                    (None, true) => x.loan.lender.label(l).to_string(),
                };
                view! {
                    <tr data-loan-id=x.loan_id.clone() class:overdue=x.overdue>
                        <td>{lender}</td>
                        <td class="num">{money(x.loan.amount_yuan)}</td>
                        <td>{x.loan.start_date.to_string()}</td>
                        <td>{x.loan.due_date().to_string()}</td>
                        <td class="num" data-outstanding=x.outstanding.to_string()>
                            {money(x.outstanding)}
                        </td>
                        <td>{x.overdue.then(|| tr!(l, loan_overdue))}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card" data-panel="loans">
            <h2>{t!(loans_title)}</h2>
            <Show
                when=move || !loans.with(Vec::is_empty)
                fallback=move || view! { <p class="muted">{t!(loans_none)}</p> }
            >
                <div class="scroll-x">
                    <table class="table">
                        <thead>
                            <tr>
                                <th>{t!(label_lender)}</th>
                                <th class="num">{t!(label_amount)}</th>
                                <th>{t!(label_start_date)}</th>
                                <th>{t!(loan_due)}</th>
                                <th class="num">{t!(loan_outstanding)}</th>
                                <th></th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <RepayForm sheet=sheet />
            </Show>
            <p>
                <button
                    type="button"
                    data-control="loan-open"
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    {t!(loan_new)}
                </button>
            </p>
            <Show when=move || open.get()>
                <LoanForm household_id=id.clone() done=open />
            </Show>
        </section>
    }
}

#[component]
fn RepayForm(sheet: Memo<Option<HouseholdSheet>>) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let owing = Memo::new(move |_| {
        sheet.with(|s| {
            s.as_ref()
                .map(|s| {
                    s.loans
                        .iter()
                        .filter(|l| l.outstanding.0 > 0)
                        .map(|l| (l.loan_id.clone(), l.loan.start_date, l.outstanding))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let chosen = RwSignal::new(String::new());
    let loan_id = Memo::new(move |_| {
        let c = chosen.get();
        let o = owing.get();
        if o.iter().any(|x| x.0 == c) {
            c
        } else {
            o.first().map(|x| x.0.clone()).unwrap_or_default()
        }
    });
    let date = RwSignal::new(today().to_string());
    let amount = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::new());
    let save = move |_| {
        let (lid, d, a) = (
            loan_id.get_untracked(),
            date.get_untracked(),
            amount.get_untracked(),
        );
        spawn_local(async move {
            let result = state
                .run(async |store, actor, reg| {
                    intents::funds::repay(store, actor, reg, &lid, &d, &a).await
                })
                .await;
            match result {
                Ok(()) => {
                    amount.set(String::new());
                    errors.set(Vec::new());
                }
                Err(IntentError::Invalid(e)) => errors.set(e),
                Err(_) => {}
            }
        });
    };
    view! {
        <Show when=move || !owing.with(Vec::is_empty)>
            <form class="form compact" data-form="repay" on:submit=|ev| ev.prevent_default()>
                <h3>{t!(loan_repay)}</h3>
                <div class="grid2">
                    <label class="field">
                        <span class="field-label">{t!(loans_title)}</span>
                        <select
                            data-control="repay-loan"
                            prop:value=move || loan_id.get()
                            on:change=move |ev| chosen.set(event_target_value(&ev))
                        >
                            {move || {
                                owing
                                    .get()
                                    .into_iter()
                                    .map(|(id, start, owed)| {
                                        view! {
                                            <option value=id>
                                                {format!("{start} · {}", money(owed))}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </label>
                    <label class="field">
                        <span class="field-label">{t!(label_date)}</span>
                        <input
                            type="date"
                            data-control="repay-date"
                            prop:value=move || date.get()
                            on:input=move |ev| date.set(event_target_value(&ev))
                        />
                        {move || {
                            error_for(&errors.get(), "repay_date", lang.get())
                                .map(|m| view! { <span class="field-error">{m}</span> })
                        }}
                    </label>
                    <label class="field">
                        <span class="field-label">{t!(label_amount)}</span>
                        <input
                            type="text"
                            inputmode="decimal"
                            data-control="repay-amount"
                            prop:value=move || amount.get()
                            on:input=move |ev| amount.set(event_target_value(&ev))
                        />
                        {move || {
                            error_for(&errors.get(), "repay_amount", lang.get())
                                .map(|m| {
                                    view! {
                                        <span class="field-error" data-error="repay_amount">
                                            {m}
                                        </span>
                                    }
                                })
                        }}
                    </label>
                </div>
                <button type="button" class="primary" data-control="repay-save" on:click=save>
                    {t!(loan_repay)}
                </button>
            </form>
        </Show>
    }
}

#[component]
fn LoanForm(household_id: String, done: RwSignal<bool>) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let l = lang.get_untracked();
    let household_id = StoredValue::new(household_id);
    let mut mutual: Vec<(String, String)> = state.registry().with_untracked(|reg| {
        reg.funds
            .iter()
            .filter_map(|r| {
                let f = r.live().filter(|f| f.source == FundSource::MutualAid)?;
                Some((r.id.clone(), f.name.clone()))
            })
            .collect()
    });
    mutual.sort_by(|a, b| a.1.cmp(&b.1));
    mutual.insert(0, (String::new(), tr!(l, plan_no_fund).to_string()));
    let fresh = || LoanDraft {
        lender: LenderKind::Bank.code().to_string(),
        start_date: today().to_string(),
        term_months: "36".into(),
        ..Default::default()
    };
    let form = FormState::new(fresh(), move |d: &LoanDraft| {
        let h = household_id.get_value();
        state
            .registry()
            .with(|reg| funds::loan_from_draft(reg, &h, d).err().unwrap_or_default())
    })
    .kept("loan");
    let save = move |_| {
        spawn_local(async move {
            let h = household_id.get_value();
            let saved = form
                .submit(async |store, actor, reg, d: &LoanDraft, _| {
                    intents::funds::open_loan(store, actor, reg, &h, d).await
                })
                .await;
            if saved {
                form.clear_if_saved(fresh());
                done.set(false);
            }
        });
    };
    view! {
        <form class="form compact" data-form="loan" on:submit=|ev| ev.prevent_default()>
            <div class="grid2">
                {form
                    .field(
                        "lender",
                        K::label_lender,
                        "loan-lender",
                        Input::Choice(code_choices::<LenderKind>(l, false)),
                        |d| d.lender.clone(),
                        |d, v| d.lender = v,
                    )}
                {form
                    .field(
                        "lender_name",
                        K::label_lender_name,
                        "loan-lender-name",
                        Input::Text,
                        |d| d.lender_name.clone(),
                        |d, v| d.lender_name = v,
                    )}
                {form
                    .field(
                        "fund_id",
                        K::label_mutual_aid_fund,
                        "loan-fund",
                        Input::Choice(mutual),
                        |d| d.fund_id.clone(),
                        |d, v| d.fund_id = v,
                    )}
                {form
                    .field(
                        "amount",
                        K::label_amount,
                        "loan-amount",
                        Input::Number,
                        |d| d.amount.clone(),
                        |d, v| d.amount = v,
                    )}
                {form
                    .field(
                        "start_date",
                        K::label_start_date,
                        "loan-start",
                        Input::Date,
                        |d| d.start_date.clone(),
                        |d, v| d.start_date = v,
                    )}
                {form
                    .field(
                        "term_months",
                        K::label_term_months,
                        "loan-term",
                        Input::Number,
                        |d| d.term_months.clone(),
                        |d, v| d.term_months = v,
                    )}
                {form
                    .field(
                        "interest_subsidy",
                        K::label_interest_subsidy,
                        "loan-subsidy",
                        Input::Number,
                        |d| d.interest_subsidy.clone(),
                        |d, v| d.interest_subsidy = v,
                    )}
            </div>
            <button type="button" class="primary" data-control="loan-save" on:click=save>
                {t!(loan_save)}
            </button>
        </form>
    }
}
