//! 挂图作战: the progress table of tasks and deadlines.

use crate::domain::calc;
use crate::domain::index::Index;
use crate::ui::platform::time::today;
use crate::ui::prelude::*;

#[component]
pub fn Tasks() -> impl IntoView {
    let lang = use_lang();
    let state = AppState::expect();
    let rows = Memo::new(move |_| {
        let reg = state.registry().get();
        let ix = Index::new(&reg);
        let today = today();
        let mut out: Vec<_> = reg
            .tasks
            .iter()
            .filter_map(|t| {
                let b = t.live()?;
                let region = ix
                    .region_pos
                    .get(b.region_id.as_str())
                    .map(|&r| ix.region_path(r))
                    .unwrap_or_default();
                Some((
                    t.id.clone(),
                    region,
                    b.title.clone(),
                    b.owner.clone().unwrap_or_default(),
                    b.due_date,
                    b.done_date,
                    calc::task_overdue(b, today),
                ))
            })
            .collect();
        out.sort_by_key(|r| r.4);
        out
    });
    view! {
        <h1>{t!(tasks_title)}</h1>
        <table class="table">
            <thead>
                <tr>
                    <th>{t!(region)}</th>
                    <th>{t!(task)}</th>
                    <th>{t!(owner)}</th>
                    <th>{t!(due_date)}</th>
                    <th>{t!(status)}</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    rows.get()
                        .into_iter()
                        .map(|(id, region, title, owner, due, done, overdue)| {
                            let l = lang.get();
                            let status = match (done, overdue) {
                                (Some(d), _) => format!("{} {d}", tr!(l, done)),
                                (None, true) => tr!(l, overdue).to_string(),
                                (None, false) => tr!(l, pending).to_string(),
                            };
                            view! {
                                <tr data-task-id=id class:overdue=overdue>
                                    <td>{region}</td>
                                    <td>{title}</td>
                                    <td>{owner}</td>
                                    <td>{due.to_string()}</td>
                                    <td>{status}</td>
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table>
    }
}
