//! The household's own facts: contact, causes, living conditions, national code.

use crate::domain::household_sheet::facts;
use crate::domain::model::Household;
use crate::ui::prelude::*;

#[component]
pub fn HouseholdFacts(household: Household) -> impl IntoView {
    let lang = use_lang();
    let rows = move || {
        let l = lang.get();
        facts(&household, l)
            .into_iter()
            .map(|f| {
                view! {
                    <dt>{f.label.get(l)}</dt>
                    <dd data-fact=f.key>{f.value}</dd>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card" data-panel="facts">
            <h2>{t!(page_facts)}</h2>
            <dl class="facts">{rows}</dl>
        </section>
    }
}
