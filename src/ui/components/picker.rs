//! Pickers that search as one types: a helper by name, work unit or phone (pairing, transfer),
//! a household by a member's name or ID number (pairing from a helper's page, a mutual-aid
//! society's members). The results are buttons carrying the record's id; the one picked is
//! shown under the box.

use crate::domain::household_list;
use crate::domain::pairing::find_helpers;
use crate::ui::platform::time::today;
use crate::ui::prelude::*;

const SHOWN: usize = 8;

#[component]
pub fn HelperPicker(
    /// The helper picked, by id.
    chosen: RwSignal<Option<String>>,
    /// The search box's `data-control`.
    control: &'static str,
) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let query = RwSignal::new(String::new());
    let results = Memo::new(move |_| {
        let reg = state.registry().get();
        query.with(|q| {
            find_helpers(&reg, q, today(), SHOWN)
                .into_iter()
                .map(|(id, h)| {
                    let unit = [h.work_unit.clone(), h.position.clone()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" ");
                    (id.to_string(), h.name.clone(), unit)
                })
                .collect::<Vec<_>>()
        })
    });
    let picked_name = move || {
        let id = chosen.get()?;
        state.registry().with(|r| {
            r.live::<crate::domain::model::Helper>(&id)
                .map(|h| h.name.clone())
        })
    };
    view! {
        <div class="picker">
            <input
                type="search"
                data-control=control
                autocomplete="off"
                placeholder=move || tr!(lang.get(), picker_helper_placeholder)
                prop:value=move || query.get()
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    chosen.set(None);
                }
            />
            <div class="picker-results">
                {move || {
                    results
                        .get()
                        .into_iter()
                        .map(|(id, name, unit)| {
                            let pick = id.clone();
                            view! {
                                <button
                                    type="button"
                                    data-helper-id=id
                                    on:click=move |_| {
                                        chosen.set(Some(pick.clone()));
                                        query.set(String::new());
                                    }
                                >
                                    {name}
                                    " "
                                    <span class="muted small">{unit}</span>
                                </button>
                            }
                        })
                        .collect_view()
                }}
            </div>
            {move || {
                picked_name()
                    .map(|n| {
                        view! {
                            <p class="picked" data-picked="helper">
                                "✓ "
                                {n}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

#[component]
pub fn HouseholdPicker(
    /// The household picked, by id.
    chosen: RwSignal<Option<String>>,
    /// The search box's `data-control`.
    control: &'static str,
) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let query = RwSignal::new(String::new());
    let results = Memo::new(move |_| {
        let ixd = state.indexed.get();
        query.with(|q| household_list::find(&ixd.ix(), q, SHOWN))
    });
    let picked = move || {
        let id = chosen.get()?;
        let ixd = state.indexed.get();
        let ix = ixd.ix();
        let &h = ix.household_pos(id.as_str())?;
        let line = ix.household_line(h);
        Some(format!("{} · {}", line.head, line.village))
    };
    view! {
        <div class="picker">
            <input
                type="search"
                data-control=control
                autocomplete="off"
                placeholder=move || tr!(lang.get(), picker_household_placeholder)
                prop:value=move || query.get()
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    chosen.set(None);
                }
            />
            <div class="picker-results">
                {move || {
                    results
                        .get()
                        .into_iter()
                        .map(|line| {
                            let pick = line.id.clone();
                            view! {
                                <button
                                    type="button"
                                    data-household-id=line.id.clone()
                                    on:click=move |_| {
                                        chosen.set(Some(pick.clone()));
                                        query.set(String::new());
                                    }
                                >
                                    {line.head}
                                    " "
                                    <span class="muted small">{line.village}</span>
                                </button>
                            }
                        })
                        .collect_view()
                }}
            </div>
            {move || {
                picked()
                    .map(|n| {
                        view! {
                            <p class="picked" data-picked="household">
                                "✓ "
                                {n}
                            </p>
                        }
                    })
            }}
        </div>
    }
}
