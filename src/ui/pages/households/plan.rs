//! 一户一法 on a household's page: its orders from the menu (点菜) by year, each moved one step at
//! a time (approve, start, done) or cancelled, dated, with who did it; approving beyond the
//! fund asks for a reason. Below, a new order: measure, fund, amount (the measure's standard
//! when left empty), quantity, year.

use crate::domain::codes::AssistanceStatus;
use crate::domain::household_sheet::{HouseholdSheet, PlanLine};
use crate::domain::model::Measure;
use crate::domain::orders::{self, OrderDraft, OrderFor};
use crate::domain::report::Value;
use crate::intents::{self, IntentError};
use crate::ui::components::form::{FormState, Input};
use crate::ui::platform::time::today;
use crate::ui::prelude::*;

#[component]
pub fn PlanPanel(id: String, sheet: Memo<Option<HouseholdSheet>>) -> impl IntoView {
    let lang = use_lang();
    let plan =
        Memo::new(move |_| sheet.with(|s| s.as_ref().map(|s| s.plan.clone()).unwrap_or_default()));
    // The date steps are recorded on: today, unless changed.
    let step_date = RwSignal::new(today().to_string());
    // The order whose approval asked for a reason, with the question.
    let asked = RwSignal::new(None::<(String, Msg)>);
    let rows = move || {
        plan.get()
            .into_iter()
            .map(|p| view! { <PlanRow line=p step_date=step_date asked=asked /> })
            .collect_view()
    };
    view! {
        <section class="card" data-panel="plan">
            <h2>{t!(plan_household_title)}</h2>
            <div class="scroll-x">
                <table class="table">
                    <thead>
                        <tr>
                            <th>{t!(year)}</th>
                            <th>{t!(measure)}</th>
                            <th>{t!(label_quantity)}</th>
                            <th class="num">{t!(fund_amount)}</th>
                            <th>{t!(label_fund)}</th>
                            <th>{t!(status)}</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <Show when=move || !plan.with(Vec::is_empty)>
                <label class="field inline">
                    <span class="field-label">{t!(plan_step_date)}</span>
                    <input
                        type="date"
                        data-control="assistance-step-date"
                        prop:value=move || step_date.get()
                        on:input=move |ev| step_date.set(event_target_value(&ev))
                    />
                </label>
            </Show>
            {move || {
                asked
                    .get()
                    .map(|(aid, m)| {
                        view! {
                            <OverspendReason
                                assistance_id=aid
                                question=m
                                step_date=step_date
                                asked=asked
                            />
                        }
                    })
            }}
            <OrderForm whose=id.clone() village=false />
            <p class="muted small">{move || tr!(lang.get(), plan_allocated_note)}</p>
        </section>
    }
}

fn step_label(next: AssistanceStatus) -> K {
    match next {
        AssistanceStatus::Approved => K::plan_approve,
        AssistanceStatus::InProgress => K::plan_start,
        _ => K::plan_finish,
    }
}

#[component]
fn PlanRow(
    line: PlanLine,
    step_date: RwSignal<String>,
    asked: RwSignal<Option<(String, Msg)>>,
) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let l = lang.get_untracked();
    let aid = line.assistance_id.clone();
    let steps = line
        .steps
        .iter()
        .map(|s| {
            format!(
                "{} {}{}",
                s.date,
                s.status.label(l),
                s.by.as_ref().map(|b| format!(" ({b})")).unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let run = move |aid: String, to: Option<AssistanceStatus>| {
        let Some(d) = Date::parse_typed(&step_date.get_untracked()) else {
            state.warn(msg!(page_write_date_2017_10_23));
            return;
        };
        spawn_local(async move {
            let result = state
                .run(async |store, actor, reg| {
                    intents::orders::advance(store, actor, reg, &aid, to, d, None).await
                })
                .await;
            if let Err(IntentError::NeedsReason(m)) = result {
                asked.set(Some((aid, m)));
            }
        });
    };
    let open = !matches!(
        line.status,
        AssistanceStatus::Done | AssistanceStatus::Cancelled
    );
    let (a1, a2) = (aid.clone(), aid.clone());
    view! {
        <tr data-assistance-id=aid.clone() data-status=line.status.code()>
            <td>{line.year}</td>
            <td>{line.measure.clone()}</td>
            <td>{line.quantity.clone()}</td>
            <td class="num">{line.amount.and_then(|f| Value::Money(f).display())}</td>
            <td>{line.fund.clone()}</td>
            <td title=steps>{line.status.label(l)}</td>
            <td class="actions">
                {line
                    .next
                    .map(|next| {
                        view! {
                            <button
                                type="button"
                                data-control="assistance-advance"
                                data-next=next.code()
                                on:click=move |_| run(a1.clone(), None)
                            >
                                {move || step_label(next).get(lang.get())}
                            </button>
                        }
                    })}
                {open
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="link"
                                data-control="assistance-cancel"
                                on:click=move |_| run(a2.clone(), Some(AssistanceStatus::Cancelled))
                            >
                                {t!(plan_cancel_order)}
                            </button>
                        }
                    })}
            </td>
        </tr>
    }
}

/// Approving beyond the fund: the figures, and a reason to go over anyway.
#[component]
fn OverspendReason(
    assistance_id: String,
    question: Msg,
    step_date: RwSignal<String>,
    asked: RwSignal<Option<(String, Msg)>>,
) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let reason = RwSignal::new(String::new());
    let aid = StoredValue::new(assistance_id);
    let go = move |_| {
        let why = reason.get_untracked();
        if why.trim().is_empty() {
            state.warn(msg!(plan_reason_required));
            return;
        }
        let Some(d) = Date::parse_typed(&step_date.get_untracked()) else {
            return;
        };
        let aid = aid.get_value();
        spawn_local(async move {
            let result = state
                .run(async |store, actor, reg| {
                    intents::orders::advance(store, actor, reg, &aid, None, d, Some(&why)).await
                })
                .await;
            if result.is_ok() {
                asked.set(None);
            }
        });
    };
    view! {
        <div class="notice warn" data-panel="overspend">
            <p data-question="overspend">{move || question.render(lang.get())}</p>
            <input
                type="text"
                data-control="assistance-override-reason"
                prop:value=move || reason.get()
                on:input=move |ev| reason.set(event_target_value(&ev))
            />
            <button type="button" data-control="assistance-override" on:click=go>
                {t!(plan_go_over)}
            </button>
            <button type="button" class="link" on:click=move |_| asked.set(None)>
                {t!(cancel)}
            </button>
        </div>
    }
}

/// 点菜: a new order for household `whose` (or, with `village`, a village's own project).
#[component]
pub fn OrderForm(whose: String, village: bool) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let l = lang.get_untracked();
    let reg = state.registry().get_untracked();
    let mut measures: Vec<(String, String)> = reg
        .measures
        .iter()
        .filter_map(|r| {
            let m = r.live().filter(|m| m.retired != Some(true))?;
            let price = m
                .standard_amount
                .map(|a| format!(" · {}", Value::Money(a).display().unwrap_or_default()))
                .unwrap_or_default();
            Some((r.id.clone(), format!("{}{price}", m.name)))
        })
        .collect();
    measures.sort_by(|a, b| a.1.cmp(&b.1));
    measures.insert(0, (String::new(), tr!(l, plan_choose_measure).to_string()));
    let year = today().year();
    let mut funds: Vec<(String, String)> = reg
        .funds
        .iter()
        .filter_map(|r| {
            let f = r.live().filter(|f| f.year >= year - 1)?;
            Some((r.id.clone(), f.name.clone()))
        })
        .collect();
    funds.sort_by(|a, b| a.1.cmp(&b.1));
    funds.insert(0, (String::new(), tr!(l, plan_no_fund).to_string()));
    let whose = StoredValue::new(whose);
    let fresh = move || OrderDraft {
        year: year.to_string(),
        ..Default::default()
    };
    let form = FormState::new(fresh(), move |d: &OrderDraft| {
        let w = whose.get_value();
        let for_ = if village {
            OrderFor::Village(&w)
        } else {
            OrderFor::Household(&w)
        };
        state.registry().with(|reg| {
            orders::order(reg, for_, d, today(), "")
                .err()
                .unwrap_or_default()
        })
    })
    .kept("order");
    let standard = move || {
        let m = form.draft.with(|d| d.measure_id.clone());
        state.registry().with(|reg| {
            let m = reg.live::<Measure>(&m)?;
            Some(format!(
                "{}{}",
                m.standard_amount.map(|a| a.to_string()).unwrap_or_default(),
                m.unit
                    .as_ref()
                    .map(|u| format!(" / {u}"))
                    .unwrap_or_default()
            ))
        })
    };
    let save = move |_| {
        spawn_local(async move {
            let w = whose.get_value();
            let saved = form
                .submit(async |store, actor, reg, d: &OrderDraft, _| {
                    let for_ = if village {
                        OrderFor::Village(&w)
                    } else {
                        OrderFor::Household(&w)
                    };
                    intents::orders::order(store, actor, reg, for_, d, actor.today).await
                })
                .await;
            if saved {
                form.clear_if_saved(fresh());
            }
        });
    };
    view! {
        <form class="form compact" data-form="order" on:submit=|ev| ev.prevent_default()>
            <h3>{if village { tr!(l, plan_new_project) } else { tr!(l, plan_new_order) }}</h3>
            <div class="grid2">
                {form
                    .field(
                        "measure_id",
                        K::measure,
                        "assistance-measure",
                        Input::Choice(measures),
                        |d| d.measure_id.clone(),
                        |d, v| d.measure_id = v,
                    )}
                {form
                    .field(
                        "fund_id",
                        K::label_fund,
                        "assistance-fund",
                        Input::Choice(funds),
                        |d| d.fund_id.clone(),
                        |d, v| d.fund_id = v,
                    )}
                {form
                    .field(
                        "amount",
                        K::label_amount,
                        "assistance-amount",
                        Input::Number,
                        |d| d.amount.clone(),
                        |d, v| d.amount = v,
                    )}
                {form
                    .field(
                        "quantity",
                        K::label_quantity,
                        "assistance-quantity",
                        Input::Number,
                        |d| d.quantity.clone(),
                        |d, v| d.quantity = v,
                    )}
                {form
                    .field(
                        "year",
                        K::year,
                        "assistance-year",
                        Input::Number,
                        |d| d.year.clone(),
                        |d, v| d.year = v,
                    )}
                {form
                    .field(
                        "note",
                        K::label_note,
                        "assistance-note",
                        Input::Text,
                        |d| d.note.clone(),
                        |d, v| d.note = v,
                    )}
            </div>
            {move || {
                standard()
                    .map(|s| {
                        view! {
                            <p class="muted small">{tr!(lang.get(), plan_standard, amount = s)}</p>
                        }
                    })
            }}
            <button type="button" class="primary" data-control="assistance-save" on:click=save>
                {t!(plan_order)}
            </button>
        </form>
    }
}
