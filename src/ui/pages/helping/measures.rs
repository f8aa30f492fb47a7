//! 措施: the assistance menu and what was delivered.

use crate::domain::money::Fen;
use crate::domain::report::Value;
use crate::ui::prelude::*;

#[component]
pub fn AssistancePage() -> impl IntoView {
    let lang = use_lang();
    let state = AppState::expect();
    let rows = Memo::new(move |_| {
        let reg = state.registry().get();
        reg.measures
            .iter()
            .filter_map(|m| {
                let b = m.live()?;
                let items: Vec<_> = reg
                    .assistance
                    .iter()
                    .filter_map(|a| a.live())
                    .filter(|a| a.measure_id == m.id)
                    .collect();
                let done = items
                    .iter()
                    .filter(|a| a.status == crate::domain::codes::AssistanceStatus::Done)
                    .count();
                let amount: Fen = items
                    .iter()
                    .filter(|a| a.status != crate::domain::codes::AssistanceStatus::Cancelled)
                    .map(|a| a.amount_yuan.unwrap_or_default())
                    .sum();
                Some((
                    m.id.clone(),
                    b.name.clone(),
                    b.category,
                    items.len(),
                    done,
                    amount,
                ))
            })
            .collect::<Vec<_>>()
    });
    view! {
        <h1>{t!(assistance_title)}</h1>
        <table class="table">
            <thead>
                <tr>
                    <th>{t!(measure)}</th>
                    <th>{t!(kind)}</th>
                    <th class="num">{t!(records)}</th>
                    <th class="num">{t!(done)}</th>
                    <th class="num">{t!(fund_amount)}</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    rows.get()
                        .into_iter()
                        .map(|(id, name, cat, n, done, amount)| {
                            let l = lang.get();
                            view! {
                                <tr data-measure-id=id>
                                    <td>{name}</td>
                                    <td>{cat.label(l)}</td>
                                    <td class="num">{n}</td>
                                    <td class="num">{done}</td>
                                    <td class="num">{Value::Money(amount).display()}</td>
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table>
    }
}
