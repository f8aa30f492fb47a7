//! A household's exit check (退出标准) as a list, each criterion with its verdict, for the forms
//! that record an exit (a status change, 公告退出) when the check is not met in full.

use crate::domain::calc::ExitCheck;
use crate::ui::components::verdict::{verdict_code, verdict_text};
use crate::ui::prelude::*;

#[component]
pub fn ExitCheckList(check: ExitCheck) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let items = check
        .verdicts
        .iter()
        .map(|(cr, v)| {
            view! {
                <li data-criterion=cr.code() data-verdict=verdict_code(*v)>
                    {cr.label(l)}
                    ": "
                    <b>{verdict_text(*v, l)}</b>
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="plain" data-exit-check="fail">
            {items}
        </ul>
    }
}
