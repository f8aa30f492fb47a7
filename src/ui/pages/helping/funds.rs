//! 资金: funds with allocation and balance.

use crate::domain::calc;
use crate::domain::index::{Index, Scope};
use crate::domain::report::Value;
use crate::ui::prelude::*;

#[component]
pub fn Funds() -> impl IntoView {
    let lang = use_lang();
    let state = AppState::expect();
    let rows = Memo::new(move |_| {
        let reg = state.registry().get();
        let ix = Index::new(&reg);
        calc::fund_uses(&ix, Scope::All, crate::ui::platform::time::today())
            .into_iter()
            .filter_map(|u| {
                let f = reg.funds[u.fund].live()?;
                Some((
                    reg.funds[u.fund].id.clone(),
                    f.name.clone(),
                    f.source,
                    f.year,
                    u.amount,
                    u.allocated,
                    u.balance(),
                ))
            })
            .collect::<Vec<_>>()
    });
    view! {
        <h1>{t!(funds_page_title)}</h1>
        <div class="scroll-y">
            <table class="table">
                <thead>
                    <tr>
                        <th>{move || tr!(lang.get(), page_name)}</th>
                        <th>{t!(fund_source)}</th>
                        <th>{t!(year)}</th>
                        <th class="num">{t!(fund_amount)}</th>
                        <th class="num">{t!(fund_allocated)}</th>
                        <th class="num">{t!(fund_balance)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        rows.get()
                            .into_iter()
                            .map(|(id, name, source, year, amount, allocated, balance)| {
                                let l = lang.get();
                                view! {
                                    <tr data-fund-id=id class:flagged=balance.0 < 0>
                                        <td>{name}</td>
                                        <td>{source.label(l)}</td>
                                        <td>{year}</td>
                                        <td class="num">{Value::Money(amount).display()}</td>
                                        <td class="num">{Value::Money(allocated).display()}</td>
                                        <td class="num" class:negative=balance.0 < 0>
                                            {Value::Money(balance).display()}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}
