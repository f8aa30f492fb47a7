//! 扶贫小额信贷、互助资金: the loan book as of a date — outstanding and overdue, counted and
//! summed — and every overdue loan with its household.

use crate::domain::helping::{loan_book, loan_outstanding, loan_overdue};
use crate::domain::index::Scope;
use crate::domain::report::Value;
use crate::ui::components::figure::NumCell;
use crate::ui::components::subnav::HelpingNav;
use crate::ui::platform::time::today;
use crate::ui::prelude::*;

#[component]
pub fn LoansPage() -> impl IntoView {
    let lang = use_lang();
    let state = AppState::expect();
    let as_of = RwSignal::new(today().to_string());
    let d = Memo::new(move |_| as_of.with(|s| Date::parse(s.trim())).unwrap_or_else(today));
    let book = Memo::new(move |_| {
        let ixd = state.indexed.get();
        loan_book(&ixd.ix(), Scope::All, d.get())
    });
    let overdue = Memo::new(move |_| {
        let ixd = state.indexed.get();
        let ix = ixd.ix();
        let d = d.get();
        ix.reg
            .loans
            .iter()
            .filter_map(|r| Some((r.id.clone(), r.live()?)))
            .filter(|(_, l)| loan_overdue(l, d))
            .filter_map(|(id, l)| {
                let &h = ix.household_pos(l.household_id.as_str())?;
                Some((
                    id,
                    ix.household_line(h),
                    l.lender,
                    l.due_date(),
                    loan_outstanding(l, d),
                ))
            })
            .collect::<Vec<_>>()
    });
    let rows = move || {
        let l = lang.get();
        overdue
            .get()
            .into_iter()
            .map(|(id, h, lender, due, owed)| {
                view! {
                    <tr data-loan-id=id>
                        <td>
                            <A href=format!("/households/{}", h.id)>{h.head}</A>
                        </td>
                        <td>{h.village}</td>
                        <td>{lender.label(l)}</td>
                        <td>{due.to_string()}</td>
                        <td class="num">{Value::Money(owed).display()}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <HelpingNav />
        <h1>{t!(loans_title)}</h1>
        <section class="controls">
            <label>
                {t!(page_status)}" "
                <input
                    type="date"
                    data-control="loans-date"
                    prop:value=move || as_of.get()
                    on:change=move |ev| as_of.set(event_target_value(&ev))
                />
            </label>
        </section>
        <table class="table kv">
            <tbody>
                {move || {
                    let b = book.get();
                    view! {
                        <tr>
                            <th>{t!(metric_loans_outstanding_count)}</th>
                            <NumCell
                                metric="loans_outstanding_count".into()
                                value=Value::Count(b.outstanding_count)
                            />
                        </tr>
                        <tr>
                            <th>{t!(metric_loans_outstanding)}</th>
                            <NumCell
                                metric="loans_outstanding".into()
                                value=Value::Money(b.outstanding)
                            />
                        </tr>
                        <tr>
                            <th>{t!(metric_loans_overdue_count)}</th>
                            <NumCell
                                metric="loans_overdue_count".into()
                                value=Value::Count(b.overdue_count)
                            />
                        </tr>
                        <tr>
                            <th>{t!(metric_loans_overdue)}</th>
                            <NumCell metric="loans_overdue".into() value=Value::Money(b.overdue) />
                        </tr>
                    }
                }}
            </tbody>
        </table>
        <h2>{t!(loans_overdue_list)}</h2>
        <div class="scroll-x">
            <table class="table">
                <thead>
                    <tr>
                        <th>{t!(head)}</th>
                        <th>{t!(village)}</th>
                        <th>{t!(label_lender)}</th>
                        <th>{t!(loan_due)}</th>
                        <th class="num">{t!(loan_outstanding)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
