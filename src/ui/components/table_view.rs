//! A domain [`Table`] drawn as it is exported: its header, then its rows (numbers to the right).

use crate::domain::table::{Cell, Table};
use crate::ui::prelude::*;

#[component]
pub fn TableView(table: Table) -> impl IntoView {
    let head = table
        .header
        .into_iter()
        .map(|h| view! { <th>{h}</th> })
        .collect_view();
    let rows = table
        .rows
        .into_iter()
        .map(|r| {
            let cells = r
                .into_iter()
                .map(|c| match c {
                    Cell::Number(_) => view! { <td class="num">{c.text()}</td> }.into_any(),
                    Cell::Text(t) => view! { <td>{t}</td> }.into_any(),
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    view! {
        <table class="table">
            <thead>
                <tr>{head}</tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
