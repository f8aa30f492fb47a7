//! The import preview: what would be added, replaced and kept per collection, the conflicts with
//! both versions side by side, and the settings that differ.

use std::collections::HashMap;
use std::sync::Arc;

use crate::domain::merge::{Choice, MergePlan, Outcome};
use crate::domain::model::{AnyRecord, Collection, Registry};
use crate::exchange::wire::write_any;
use crate::exchange::PreparedImport;
use crate::ui::prelude::*;

/// Both versions of a conflicting record, as pretty JSON (mine, the file's).
fn record_text(local: &Registry, incoming: &Registry, c: Collection, id: &str) -> (String, String) {
    let pretty = |r: Option<AnyRecord>| {
        r.map(|r| serde_json::to_string_pretty(&write_any(&r)).unwrap_or_default())
            .unwrap_or_default()
    };
    (pretty(local.any(c, id)), pretty(incoming.any(c, id)))
}

#[component]
pub fn PlanTable(plan: MergePlan) -> impl IntoView {
    let lang = use_lang();
    let outcomes = [
        (Outcome::Added, "added"),
        (Outcome::Replaced, "replaced"),
        (Outcome::Kept, "kept"),
        (Outcome::Unchanged, "unchanged"),
        (Outcome::Conflict, "conflicts"),
    ];
    view! {
        <table class="table plan">
            <thead>
                <tr>
                    <th>{t!(collection)}</th>
                    <th class="num">{t!(added)}</th>
                    <th class="num">{t!(replaced)}</th>
                    <th class="num">{t!(kept)}</th>
                    <th class="num">{t!(unchanged)}</th>
                    <th class="num">{t!(conflicts)}</th>
                </tr>
            </thead>
            <tbody>
                {Collection::ALL
                    .iter()
                    .map(|&c| {
                        let counts: Vec<(String, usize)> = outcomes
                            .iter()
                            .map(|(o, name)| {
                                let n = plan.count(c, *o)
                                    + if *o == Outcome::Unchanged {
                                        plan.count(c, Outcome::Joined)
                                    } else {
                                        0
                                    };
                                (format!("{}.{name}", c.code()), n)
                            })
                            .collect();
                        view! {
                            <tr>
                                <td>{move || c.label(lang.get())}</td>
                                {counts
                                    .into_iter()
                                    .map(|(key, n)| {
                                        view! {
                                            <td class="num" data-plan=key data-value=n.to_string()>
                                                {n}
                                            </td>
                                        }
                                    })
                                    .collect_view()}
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn Conflicts(
    prepared: Arc<PreparedImport>,
    choices: RwSignal<HashMap<(Collection, String), Choice>>,
    default_choice: RwSignal<Choice>,
    /// The other side is the sync server's version, not a file's (the labels say so).
    #[prop(optional)]
    from_server: bool,
) -> impl IntoView {
    let state = AppState::expect();
    let (all_theirs, take_theirs) = if from_server {
        (K::all_server, K::take_server)
    } else {
        (K::all_file, K::take_file)
    };
    let lang = use_lang();
    let conflicts: Vec<_> = prepared.plan.conflicts().cloned().collect();
    if conflicts.is_empty() {
        return ().into_any();
    }
    let local = state.registry().get_untracked();
    let set_all = move |c: Choice| {
        default_choice.set(c);
        choices.set(HashMap::new());
    };
    view! {
        <h3>{t!(conflict_title)}</h3>
        <div class="actions">
            <button data-control="conflicts-mine" on:click=move |_| set_all(Choice::Local)>
                {t!(all_mine)}
            </button>
            <button data-control="conflicts-file" on:click=move |_| set_all(Choice::Incoming)>
                {move || all_theirs.get(lang.get())}
            </button>
        </div>
        {conflicts
            .into_iter()
            .map(|item| {
                let (mine, theirs) = record_text(
                    &local,
                    &prepared.file.registry,
                    item.collection,
                    &item.id,
                );
                let key = (item.collection, item.id.clone());
                let key2 = key.clone();
                let key3 = key.clone();
                let chosen = move || {
                    choices.with(|m| m.get(&key).copied()).unwrap_or_else(|| default_choice.get())
                };
                let chosen2 = chosen.clone();
                view! {
                    <div
                        class="conflict"
                        data-conflict=format!("{}/{}", item.collection.code(), item.id)
                    >
                        <div class="side">
                            <label>
                                <input
                                    type="radio"
                                    name=format!("c-{}-{}", item.collection.code(), item.id)
                                    prop:checked=move || chosen() == Choice::Local
                                    on:change=move |_| {
                                        choices
                                            .update(|m| {
                                                m.insert(key2.clone(), Choice::Local);
                                            })
                                    }
                                />
                                {t!(keep_mine)}
                            </label>
                            <pre>{mine}</pre>
                        </div>
                        <div class="side">
                            <label>
                                <input
                                    type="radio"
                                    name=format!("c-{}-{}", item.collection.code(), item.id)
                                    prop:checked=move || chosen2() == Choice::Incoming
                                    on:change=move |_| {
                                        choices
                                            .update(|m| {
                                                m.insert(key3.clone(), Choice::Incoming);
                                            })
                                    }
                                />
                                {move || take_theirs.get(lang.get())}
                            </label>
                            <pre>{theirs}</pre>
                        </div>
                    </div>
                }
            })
            .collect_view()}
    }
    .into_any()
}

#[component]
pub fn SettingsDiff(plan: MergePlan, take: RwSignal<Vec<String>>) -> impl IntoView {
    (!plan.settings_differ.is_empty()).then(|| {
        view! {
            <h3>{t!(settings_diff)}</h3>
            <ul class="plain">
                {plan
                    .settings_differ
                    .into_iter()
                    .map(|d| {
                        let key = d.key.clone();
                        view! {
                            <li>
                                <label>
                                    <input
                                        type="checkbox"
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            take.update(|v| {
                                                v.retain(|k| k != &key);
                                                if on {
                                                    v.push(key.clone());
                                                }
                                            });
                                        }
                                    />
                                    {format!(
                                        "{}: {} → {}",
                                        d.key,
                                        d.local.unwrap_or_default(),
                                        d.incoming,
                                    )}
                                </label>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}
