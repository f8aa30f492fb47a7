//! 修改记录: who changed a record (a household, a helper, a fund…), what, and when (kept on
//! this device only).

use crate::store::Subject;
use crate::ui::prelude::*;

#[component]
pub fn History(subject: Subject) -> impl IntoView {
    let lang = use_lang();
    let state = AppState::expect();
    let entries = LocalResource::new(move || {
        // Read again after every change of the registry (this tab's or another's).
        state.registry().track();
        let subject = subject.clone();
        async move { state.history(&subject).await }
    });
    let items = move || {
        let l = lang.get();
        entries
            .get()
            .unwrap_or_default()
            .into_iter()
            .rev()
            .map(|e| {
                let what: Vec<String> = e.what.iter().map(|m| m.render(l)).collect();
                let who = if e.who.is_empty() {
                    tr!(l, page_no_name_set).to_string()
                } else {
                    e.who.clone()
                };
                let when: String = e.when.replace('T', " ").chars().take(19).collect();
                view! {
                    <li data-history="">
                        <b>{when}</b>
                        " "
                        {who}
                        ": "
                        {what.join("; ")}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card" data-panel="history">
            <h2>{t!(page_change_history_kept_device)}</h2>
            <ol class="timeline">{items}</ol>
        </section>
    }
}
