//! 扶贫资金: every fund with amount, allocated (orders charged to it from approval on), spent
//! (its payments by the date) and balance; a fund's page with its payments (拨付) and orders,
//! a payment — beyond what is left it asks for a reason — a mutual-aid society's members, the
//! history; the fund form (`/funds/new`, `/funds/:id/edit`).

use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;

use crate::domain::codes::FundSource;
use crate::domain::funds::{self, DisbursementDraft, FundDraft};
use crate::domain::helping::{fund_ledger, fund_lines, FundLine};
use crate::domain::helping_tables;
use crate::domain::model::{Collection, Fund};
use crate::domain::money::Fen;
use crate::domain::report::Value;
use crate::intents;
use crate::store::Subject;
use crate::ui::components::export_buttons::offer_workbook;
use crate::ui::components::figure::NumCell;
use crate::ui::components::form::{code_choices, edit_page, FormState, Input};
use crate::ui::components::history::History;
use crate::ui::components::not_found::NotFound;
use crate::ui::components::picker::HouseholdPicker;
use crate::ui::components::scope::use_region_choices;
use crate::ui::components::subnav::HelpingNav;
use crate::ui::platform::time::{new_id, today};
use crate::ui::prelude::*;

fn money(f: Fen) -> String {
    Value::Money(f).display().unwrap_or_default()
}

#[component]
pub fn FundsPage() -> impl IntoView {
    let lang = use_lang();
    let state = AppState::expect();
    let source = RwSignal::new(None::<FundSource>);
    let year = RwSignal::new(String::new());
    let lines = Memo::new(move |_| {
        let ixd = state.indexed.get();
        let y: Option<i32> = year.with(|y| y.trim().parse().ok());
        fund_lines(&ixd.ix(), today())
            .into_iter()
            .filter(|f| source.get().is_none_or(|s| f.fund.source == s))
            .filter(|f| y.is_none_or(|y| f.fund.year == y))
            .collect::<Vec<_>>()
    });
    let rows = move || {
        let l = lang.get();
        lines
            .get()
            .into_iter()
            .map(|f| view! { <FundRow line=f l=l /> })
            .collect_view()
    };
    let total = move || lines.with(Vec::len);
    view! {
        <HelpingNav />
        <h1>{t!(funds_page_title)}</h1>
        <section class="controls">
            <select
                data-control="fund-source-filter"
                on:change=move |ev| source.set(FundSource::from_code(&event_target_value(&ev)))
            >
                <option value="">{t!(fund_any_source)}</option>
                {FundSource::all()
                    .iter()
                    .map(|&s| {
                        view! { <option value=s.code()>{move || s.label(lang.get())}</option> }
                    })
                    .collect_view()}
            </select>
            <label>
                {t!(year)}" "
                <input
                    type="number"
                    data-control="fund-year-filter"
                    prop:value=move || year.get()
                    on:change=move |ev| year.set(event_target_value(&ev))
                />
            </label>
            <span>{t!(count)}" "<b data-value=move || total().to_string()>{total}</b></span>
            <button
                data-control="funds-xlsx"
                on:click=move |_| {
                    let ixd = state.indexed.get_untracked();
                    let (ix, d, l) = (ixd.ix(), today(), lang.get_untracked());
                    let tables = vec![
                        helping_tables::funds_table(&ix, d, l),
                        helping_tables::payments_table(&ix, l),
                        helping_tables::loans_table(&ix, d, l),
                    ];
                    offer_workbook(format!("jingzhun-资金台账-{d}.xlsx"), tables);
                }
            >
                {t!(export_funds_excel)}
            </button>
            <A href="/funds/new" attr:class="button" attr:data-control="new-fund">
                {t!(fund_new)}
            </A>
        </section>
        <div class="scroll-x">
            <table class="table">
                <thead>
                    <tr>
                        <th>{t!(label_fund_name)}</th>
                        <th>{t!(fund_source)}</th>
                        <th>{t!(year)}</th>
                        <th class="num">{t!(fund_amount)}</th>
                        <th class="num">{t!(fund_allocated)}</th>
                        <th class="num">{t!(fund_spent)}</th>
                        <th class="num">{t!(fund_balance)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn FundRow(line: FundLine, l: Locale) -> impl IntoView {
    let f = &line.fund;
    let name = f.name.clone();
    view! {
        <tr data-fund-id=line.fund_id.clone()>
            <td>
                <A href=format!("/funds/{}", line.fund_id)>{name}</A>
                <span class="muted small">{format!(" {}", line.region)}</span>
            </td>
            <td>{f.source.label(l)}</td>
            <td>{f.year}</td>
            <td class="num">{money(f.amount_yuan)}</td>
            <td class="num">{money(line.allocated)}</td>
            <td class="num">{money(line.spent)}</td>
            <td class="num" class:negative=line.balance().0 < 0>
                {money(line.balance())}
            </td>
        </tr>
    }
}

#[component]
pub fn FundPage() -> impl IntoView {
    let state = AppState::expect();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let exists = Memo::new(move |_| {
        let id = id.get();
        state.registry().with(|r| r.live::<Fund>(&id).is_some())
    });
    move || {
        if !exists.get() {
            return view! { <NotFound /> }.into_any();
        }
        let id = id.get();
        let mutual = state.registry().with_untracked(|r| {
            r.live::<Fund>(&id)
                .is_some_and(|f| f.source == FundSource::MutualAid)
        });
        view! {
            <FundFigures id=id.clone() />
            <DisburseForm fund_id=id.clone() />
            <FundLedgerPanel id=id.clone() />
            {mutual.then(|| view! { <Members fund_id=id.clone() /> })}
            <History subject=Subject::Record(Collection::Funds, id) />
        }
        .into_any()
    }
}

#[component]
fn FundFigures(id: String) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let id = StoredValue::new(id);
    move || {
        let ixd = state.indexed.get();
        let line = fund_lines(&ixd.ix(), today())
            .into_iter()
            .find(|f| f.fund_id == id.get_value())?;
        let l = lang.get();
        let fid = id.get_value();
        Some(view! {
            <p>
                <A href="/funds">{tr!(l, back)}</A>
                " · "
                <A href=format!("/funds/{fid}/edit") attr:data-control="edit-fund">
                    {tr!(l, page_edit)}
                </A>
            </p>
            <h1 data-fund=fid>{line.fund.name.clone()}</h1>
            <p class="muted">
                {format!("{} · {} · {}", line.fund.source.label(l), line.fund.year, line.region)}
            </p>
            <table class="table kv" data-panel="fund-figures">
                <tbody>
                    <tr>
                        <th>{tr!(l, fund_amount)}</th>
                        <NumCell
                            metric="fund.amount".into()
                            value=Value::Money(line.fund.amount_yuan)
                        />
                    </tr>
                    <tr>
                        <th>{tr!(l, fund_allocated)}</th>
                        <NumCell
                            metric="fund.allocated".into()
                            value=Value::Money(line.allocated)
                        />
                    </tr>
                    <tr>
                        <th>{tr!(l, fund_spent)}</th>
                        <NumCell metric="fund.spent".into() value=Value::Money(line.spent) />
                    </tr>
                    <tr>
                        <th>{tr!(l, fund_balance)}</th>
                        <NumCell metric="fund.balance".into() value=Value::Money(line.balance()) />
                    </tr>
                </tbody>
            </table>
        })
    }
}

#[component]
fn FundLedgerPanel(id: String) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let id = StoredValue::new(id);
    let ledger = Memo::new(move |_| {
        let ixd = state.indexed.get();
        fund_ledger(&ixd.ix(), &id.get_value())
    });
    let payments = move || {
        ledger
            .get()
            .payments
            .into_iter()
            .map(|(pid, x)| {
                view! {
                    <tr data-disbursement-id=pid>
                        <td>{x.date.to_string()}</td>
                        <td class="num">{money(x.amount_yuan)}</td>
                        <td>{x.payee.clone()}</td>
                        <td>{x.voucher.clone().unwrap_or_default()}</td>
                        <td class="small">{x.overspend_reason.clone().unwrap_or_default()}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let orders = move || {
        let l = lang.get();
        ledger
            .get()
            .orders
            .into_iter()
            .take(500)
            .map(|e| {
                let (who, href) = match &e.household {
                    Some(h) => (
                        format!("{} · {}", h.head, h.village),
                        format!("/households/{}", h.id),
                    ),
                    None => (tr!(l, plan_village_project).to_string(), String::new()),
                };
                view! {
                    <tr data-assistance-id=e.assistance_id.clone()>
                        <td>
                            {if href.is_empty() {
                                view! { <span>{who}</span> }.into_any()
                            } else {
                                view! { <A href=href>{who}</A> }.into_any()
                            }}
                        </td>
                        <td>{e.measure.clone()}</td>
                        <td class="num">{e.amount.map(money)}</td>
                        <td>{e.status.label(l)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card" data-panel="payments">
            <h2>{t!(fund_payments)}</h2>
            <div class="scroll-x">
                <table class="table">
                    <thead>
                        <tr>
                            <th>{t!(label_date)}</th>
                            <th class="num">{t!(label_amount)}</th>
                            <th>{t!(label_payee)}</th>
                            <th>{t!(label_voucher)}</th>
                            <th>{t!(label_override_reason)}</th>
                        </tr>
                    </thead>
                    <tbody>{payments}</tbody>
                </table>
            </div>
        </section>
        <section class="card" data-panel="fund-orders">
            <h2>{t!(fund_orders)}</h2>
            <div class="scroll-x">
                <table class="table">
                    <tbody>{orders}</tbody>
                </table>
            </div>
        </section>
    }
}

/// 拨付: date, amount, payee, voucher number, the order it pays for; beyond what the fund has
/// left, the figures and a reason to go over.
#[component]
fn DisburseForm(fund_id: String) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let l = lang.get_untracked();
    let fund_id = StoredValue::new(fund_id);
    let mut orders: Vec<(String, String)> = state.indexed.with_untracked(|ixd| {
        fund_ledger(&ixd.ix(), &fund_id.get_value())
            .orders
            .into_iter()
            .map(|e| {
                let who = e
                    .household
                    .map(|h| h.head)
                    .unwrap_or_else(|| tr!(l, plan_village_project).to_string());
                (e.assistance_id, format!("{who} · {}", e.measure))
            })
            .collect()
    });
    orders.insert(0, (String::new(), tr!(l, fund_no_order).to_string()));
    let fresh = || DisbursementDraft {
        date: today().to_string(),
        ..Default::default()
    };
    let form = FormState::new(fresh(), move |d: &DisbursementDraft| {
        // The fields alone: the question of going over comes back from the save, with the
        // figures as they stand then.
        let fid = fund_id.get_value();
        state.registry().with(|reg| {
            funds::read_disbursement(reg, &fid, d)
                .err()
                .unwrap_or_default()
        })
    })
    .kept("disbursement");
    let save = move |_| {
        spawn_local(async move {
            let fid = fund_id.get_value();
            let saved = form
                .submit(async |store, actor, reg, d: &DisbursementDraft, _| {
                    intents::funds::disburse(store, actor, reg, &fid, d).await
                })
                .await;
            if saved {
                form.clear_if_saved(fresh());
            }
        });
    };
    view! {
        <form class="card form" data-form="disburse" on:submit=|ev| ev.prevent_default()>
            <h2>{t!(fund_disburse)}</h2>
            <div class="grid2">
                {form
                    .field(
                        "date",
                        K::label_date,
                        "disburse-date",
                        Input::Date,
                        |d| d.date.clone(),
                        |d, v| d.date = v,
                    )}
                {form
                    .field(
                        "amount",
                        K::label_amount,
                        "disburse-amount",
                        Input::Number,
                        |d| d.amount.clone(),
                        |d, v| d.amount = v,
                    )}
                {form
                    .field(
                        "payee",
                        K::label_payee,
                        "disburse-payee",
                        Input::Text,
                        |d| d.payee.clone(),
                        |d, v| d.payee = v,
                    )}
                {form
                    .field(
                        "voucher",
                        K::label_voucher,
                        "disburse-voucher",
                        Input::Text,
                        |d| d.voucher.clone(),
                        |d, v| d.voucher = v,
                    )}
                {form
                    .field(
                        "assistance_id",
                        K::label_pays_for,
                        "disburse-order",
                        Input::Choice(orders),
                        |d| d.assistance_id.clone(),
                        |d, v| d.assistance_id = v,
                    )}
            </div>
            {move || {
                form.asked
                    .get()
                    .map(|m| {
                        view! {
                            <div class="notice warn" data-panel="overspend">
                                <p data-question="overspend">{m.render(lang.get())}</p>
                                {form
                                    .field(
                                        "override_reason",
                                        K::label_override_reason,
                                        "disburse-reason",
                                        Input::Text,
                                        |d| d.override_reason.clone(),
                                        |d, v| d.override_reason = v,
                                    )}
                            </div>
                        }
                    })
            }}
            <p class="actions">
                <button type="button" class="primary" data-control="disburse-save" on:click=save>
                    {t!(fund_disburse)}
                </button>
            </p>
        </form>
    }
}

/// 互助社社员: the households a mutual-aid fund lends to.
#[component]
fn Members(fund_id: String) -> impl IntoView {
    let state = AppState::expect();
    let fund_id = StoredValue::new(fund_id);
    let members = Memo::new(move |_| {
        let ixd = state.indexed.get();
        fund_ledger(&ixd.ix(), &fund_id.get_value()).members
    });
    let chosen = RwSignal::new(None::<String>);
    let change = move |add: Option<String>, remove: Option<String>| {
        let mut ids: Vec<String> = members.get_untracked().into_iter().map(|m| m.id).collect();
        ids.extend(add);
        ids.retain(|m| Some(m) != remove.as_ref());
        spawn_local(async move {
            let fid = fund_id.get_value();
            let done = state
                .run(async |store, actor, reg| {
                    intents::funds::set_members(store, actor, reg, &fid, ids).await
                })
                .await;
            if done.is_ok() {
                chosen.set(None);
            }
        });
    };
    let list = move || {
        members
            .get()
            .into_iter()
            .map(|m| {
                let gone = m.id.clone();
                view! {
                    <li data-member=m.id.clone()>
                        <A href=format!("/households/{}", m.id)>{m.head}</A>
                        <span class="muted small">{format!(" {}", m.village)}</span>
                        " "
                        <button
                            type="button"
                            class="link"
                            on:click=move |_| change(None, Some(gone.clone()))
                        >
                            {t!(fund_remove_member)}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card" data-panel="members">
            <h2>{t!(fund_members)}" "{move || members.with(Vec::len)}</h2>
            <ul class="plain">{list}</ul>
            <HouseholdPicker chosen=chosen control="member-search" />
            <button
                type="button"
                data-control="member-add"
                on:click=move |_| {
                    if let Some(h) = chosen.get_untracked() {
                        change(Some(h), None);
                    }
                }
            >
                {t!(fund_add_member)}
            </button>
        </section>
    }
}

#[component]
pub fn NewFundPage() -> impl IntoView {
    view! { <FundForm id=new_id("f") opened=None /> }
}

#[component]
pub fn FundEditPage() -> impl IntoView {
    edit_page::<Fund>(|id, opened| view! { <FundForm id=id opened=opened /> }.into_any())
}

#[component]
fn FundForm(id: String, opened: Option<Fund>) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let navigate = use_navigate();
    let is_new = opened.is_none();
    let initial = opened
        .as_ref()
        .map(FundDraft::from_fund)
        .unwrap_or_else(|| FundDraft {
            source: FundSource::Integrated.code().to_string(),
            year: today().year().to_string(),
            ..Default::default()
        });
    let form = FormState::new(initial, |d: &FundDraft| {
        funds::fund_from_draft(d, Vec::new())
            .err()
            .unwrap_or_default()
    })
    .kept("fund");
    let mut regions = use_region_choices().get_untracked();
    regions.insert(0, (String::new(), tr!(l, fund_whole_county).to_string()));
    let back = if is_new {
        "/funds".to_string()
    } else {
        format!("/funds/{id}")
    };
    let (id, opened) = (StoredValue::new(id), StoredValue::new(opened));
    let save = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let (id, opened) = (id.get_value(), opened.get_value());
            let saved = form
                .submit(async |store, actor, reg, d: &FundDraft, overwrite| {
                    intents::funds::save_fund(store, actor, reg, &id, d, opened.as_ref(), overwrite)
                        .await
                })
                .await;
            if saved {
                navigate(&format!("/funds/{id}"), NavigateOptions::default());
            }
        });
    };
    view! {
        <p>
            <A href=back>{t!(back)}</A>
        </p>
        <h1>{if is_new { tr!(l, fund_new) } else { tr!(l, fund_edit) }}</h1>
        <form class="card form" data-form="fund" on:submit=|ev| ev.prevent_default()>
            <div class="grid2">
                {form
                    .field(
                        "name",
                        K::label_fund_name,
                        "fund-name",
                        Input::Text,
                        |d| d.name.clone(),
                        |d, v| d.name = v,
                    )}
                {form
                    .field(
                        "source",
                        K::label_fund_source,
                        "fund-source",
                        Input::Choice(code_choices::<FundSource>(l, false)),
                        |d| d.source.clone(),
                        |d, v| d.source = v,
                    )}
                {form
                    .field(
                        "year",
                        K::label_fund_year,
                        "fund-year",
                        Input::Number,
                        |d| d.year.clone(),
                        |d, v| d.year = v,
                    )}
                {form
                    .field(
                        "amount",
                        K::label_fund_amount,
                        "fund-amount",
                        Input::Number,
                        |d| d.amount.clone(),
                        |d, v| d.amount = v,
                    )}
                {form
                    .field(
                        "region_id",
                        K::label_fund_region,
                        "fund-region",
                        Input::Choice(regions),
                        |d| d.region_id.clone(),
                        |d, v| d.region_id = v,
                    )}
            </div>
            <p class="actions">
                <button type="button" class="primary" data-control="fund-save" on:click=save>
                    {t!(save)}
                </button>
            </p>
        </form>
    }
}
