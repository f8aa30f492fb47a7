//! 防返贫监测 of one household: its monitoring periods, with starting one (category, date, note)
//! and ending the open one (risk removed).

use crate::domain::codes::MonitoringCategory;
use crate::domain::model::Household;
use crate::intents::{self, IntentError};
use crate::ui::platform::time::today;
use crate::ui::prelude::*;

#[component]
pub fn MonitoringPanel(id: String, household: Household) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let l = lang.get_untracked();
    let category = RwSignal::new(MonitoringCategory::Marginal);
    let date = RwSignal::new(today().to_string());
    let note = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Msg>);
    let open = household.monitoring.iter().any(|m| m.end_date.is_none());
    let apply = Action::new_local(move |_: &()| {
        let id = id.clone();
        async move {
            let Some(d) = Date::parse_typed(&date.get_untracked()) else {
                problem.set(Some(msg!(page_write_date_2017_10_23)));
                return;
            };
            let (c, n) = (category.get_untracked(), note.get_untracked());
            let done = state
                .run(async |store, actor, reg| {
                    if open {
                        intents::households::end_monitoring(store, actor, reg, &id, d).await
                    } else {
                        intents::households::start_monitoring(store, actor, reg, &id, c, d, &n)
                            .await
                    }
                })
                .await;
            problem.set(match done {
                Err(IntentError::Refused(m)) => Some(m),
                _ => None,
            });
        }
    });
    let periods = if household.monitoring.is_empty() {
        view! { <p class="muted">{tr!(l, form_never_monitored)}</p> }.into_any()
    } else {
        let items = household
            .monitoring
            .iter()
            .map(|m| {
                let end = m
                    .end_date
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| tr!(l, form_ongoing).to_string());
                view! {
                    <li
                        data-monitoring=m.category.code()
                        data-open=m.end_date.is_none().to_string()
                    >
                        <b>{m.category.label(l)}</b>
                        " "
                        {m.start_date.to_string()}
                        " — "
                        {end}
                        " "
                        <span class="muted">{m.note.clone().unwrap_or_default()}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="plain">{items}</ul> }.into_any()
    };
    let on_category = move |ev| {
        if let Some(c) = MonitoringCategory::from_code(&event_target_value(&ev)) {
            category.set(c);
        }
    };
    let categories = MonitoringCategory::ALL
        .iter()
        .map(|&c| {
            view! {
                <option value=c.code() selected=c == MonitoringCategory::Marginal>
                    {c.label(l)}
                </option>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-panel="monitoring">
            <h2>{t!(form_relapse_monitoring)}</h2>
            {periods}
            <div class="inline-form">
                {(!open)
                    .then(|| {
                        view! {
                            <select data-control="monitoring-category" on:change=on_category>
                                {categories}
                            </select>
                        }
                    })}
                <input
                    type="text"
                    data-control="monitoring-date"
                    prop:value=move || date.get()
                    on:input=move |ev| date.set(event_target_value(&ev))
                />
                {(!open)
                    .then(|| {
                        view! {
                            <input
                                type="text"
                                data-control="monitoring-note"
                                placeholder=tr!(l, form_risk_noted)
                                prop:value=move || note.get()
                                on:input=move |ev| note.set(event_target_value(&ev))
                            />
                        }
                    })}
                <button
                    data-control="monitoring-apply"
                    on:click=move |_| {
                        apply.dispatch(());
                    }
                >
                    {if open {
                        tr!(l, form_end_monitoring_risk_removed)
                    } else {
                        tr!(l, form_start_monitoring)
                    }}
                </button>
            </div>
            {move || {
                problem
                    .get()
                    .map(|p| {
                        view! {
                            <p class="error" data-state="monitoring-problem">
                                {p.render(lang.get())}
                            </p>
                        }
                    })
            }}
        </section>
    }
}
