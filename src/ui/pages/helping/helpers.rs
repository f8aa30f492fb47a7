//! 帮扶: helpers and their households.

use crate::domain::calc;
use crate::ui::platform::time::today;
use crate::ui::prelude::*;

#[component]
pub fn Pairing() -> impl IntoView {
    let lang = use_lang();
    let state = AppState::expect();
    let rows = Memo::new(move |_| {
        let reg = state.registry().get();
        let today = today();
        let mut counts = std::collections::HashMap::<&str, u64>::new();
        for p in reg.pairings.iter().filter_map(|p| p.live()) {
            if calc::pairing_active(p, today) {
                *counts.entry(p.helper_id.as_str()).or_default() += 1;
            }
        }
        reg.helpers
            .iter()
            .filter_map(|h| {
                let b = h.live()?;
                Some((
                    h.id.clone(),
                    b.name.clone(),
                    b.kind,
                    b.speciality.clone().unwrap_or_default(),
                    counts.get(h.id.as_str()).copied().unwrap_or(0),
                ))
            })
            .collect::<Vec<_>>()
    });
    view! {
        <h1>{t!(helpers_title)}</h1>
        <p>
            {t!(count)}" "
            <b data-metric="helper_count" data-value=move || rows.get().len().to_string()>
                {move || rows.get().len()}
            </b>
        </p>
        <div class="scroll-y">
            <table class="table">
                <thead>
                    <tr>
                        <th>{t!(helper)}</th>
                        <th>{t!(kind)}</th>
                        <th>{move || tr!(lang.get(), page_speciality)}</th>
                        <th class="num">{t!(households_count)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        rows.get()
                            .into_iter()
                            .take(500)
                            .map(|(id, name, kind, spec, n)| {
                                let l = lang.get();
                                view! {
                                    <tr data-helper-id=id>
                                        <td>{name}</td>
                                        <td>{kind.label(l)}</td>
                                        <td>{spec}</td>
                                        <td class="num">{n}</td>
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
