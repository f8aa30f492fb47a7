//! 设置: storage on this device (usage, quota, persistence), the demo county, backups (listed with
//! date and size, restorable and deletable), the poverty lines in force, and the operator's name.

use crate::domain::rules::{LineSource, Rules};
use crate::intents;
use crate::store::{pref, Prefs};
use crate::ui::platform::files::confirm;
use crate::ui::platform::prefs::LocalPrefs;
use crate::ui::platform::storage;
use crate::ui::prelude::*;

fn mb(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1_048_576.0)
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <h1>{t!(settings_title)}</h1>
        <StorageCard />
        <crate::ui::pages::sync::SyncCard />
        <crate::ui::pages::lock::AppLockCard />
        <DemoCard />
        <BackupsCard />
        <PovertyLines />
        <EditorName />
        <FileLimit />
    }
}

#[component]
fn StorageCard() -> impl IntoView {
    let estimate = LocalResource::new(storage::estimate);
    let persist = Action::new_local(move |_: &()| async move {
        storage::request_persistence().await;
        estimate.refetch();
    });
    let shown = move || match estimate.get() {
        // Safari's engine (WebKitGTK 2.50 at least) has no `navigator.storage`.
        Some(None) => view! {
            <p class="muted" data-storage="unknown">
                {t!(storage_unknown)}
            </p>
        }
        .into_any(),
        Some(Some(e)) => view! {
            <p data-storage="estimate">
                {t!(storage_usage)}": "
                <b data-metric="storage_usage" data-value=e.usage.to_string()>
                    {mb(e.usage)}
                </b>" / " <b data-metric="storage_quota" data-value=e.quota.to_string()>
                    {mb(e.quota)}
                </b>
            </p>
            <p>
                {if e.persisted {
                    view! { <span data-persisted="yes">{t!(persisted)}</span> }.into_any()
                } else {
                    view! {
                        <span data-persisted="no">
                            {t!(not_persisted)}" "
                            <button on:click=move |_| {
                                persist.dispatch(());
                            }>{t!(request_persist)}</button>
                        </span>
                    }
                        .into_any()
                }}
            </p>
        }
        .into_any(),
        None => view! { <p class="muted">"…"</p> }.into_any(),
    };
    view! {
        <section class="card">
            <h2>{t!(storage)}</h2>
            {shown}
        </section>
    }
}

#[component]
fn DemoCard() -> impl IntoView {
    let state = AppState::expect();
    let demo = Action::new_local(move |_: &()| async move {
        let _ = state
            .run(async |_, actor, reg| {
                crate::ui::lazy::load_demo(actor.clone(), reg.clone())
                    .await?
                    .await
            })
            .await;
    });
    view! {
        <section class="card">
            <h2>{t!(demo_section)}</h2>
            <p class="muted">{t!(demo_replace_warning)}</p>
            <button
                class="primary"
                data-control="load-demo"
                disabled=move || state.busy().get()
                on:click=move |_| {
                    demo.dispatch(());
                }
            >
                {t!(load_demo)}
            </button>
        </section>
    }
}

/// The backups with their date and size, each restorable and deletable (also the safe mode's).
#[component]
pub fn BackupsCard() -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let backups = LocalResource::new(move || {
        state.registry().track();
        async move { state.backups().await.unwrap_or_default() }
    });
    let restore = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            if !confirm(tr!(lang.get_untracked(), backup_restore_question)) {
                return;
            }
            // A restored copy must not reuse its replica id: edits made since the backup would
            // otherwise be counted twice. Renewed before the restore is written, so that no
            // moment (a crash, a closed tab) leaves the restored records under the old id; a
            // restore that fails leaves only an unused new id, which costs nothing.
            state.renew_replica();
            let done = state
                .run(async |store, actor, reg| {
                    intents::registry::restore_backup(store, actor, reg, &id).await
                })
                .await;
            if done.is_ok() {
                // Restored from the safe mode: open the registry again.
                if matches!(
                    state.load_state().get_untracked(),
                    crate::ui::state::Load::Failed(_)
                ) {
                    state.reload();
                }
            }
        }
    });
    let delete = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            if !confirm(tr!(lang.get_untracked(), backup_delete_question)) {
                return;
            }
            match state.delete_backup(&id).await {
                Ok(said) => state.say(said),
                Err(e) => state.warn(e.message()),
            }
            backups.refetch();
        }
    });
    let list = move || {
        let list = backups.get().unwrap_or_default();
        if list.is_empty() {
            return view! { <p class="muted">{t!(no_backups)}</p> }.into_any();
        }
        let l = lang.get();
        let items = list
            .into_iter()
            .rev()
            .map(|b| {
                let (r, d) = (b.id.clone(), b.id.clone());
                let when: String = b.taken_at.replace('T', " ").chars().take(16).collect();
                let size = if b.bytes > 0 {
                    tr!(l, backup_size, records = b.records, mb = mb(b.bytes as f64))
                } else {
                    String::new()
                };
                view! {
                    <li data-backup=b.id.clone()>
                        <b>{when}</b>
                        " "
                        {b.label.render(l)}
                        " "
                        <span class="muted">{size}</span>
                        " "
                        <button
                            data-control="restore-backup"
                            on:click=move |_| {
                                restore.dispatch(r.clone());
                            }
                        >
                            {tr!(l, restore)}
                        </button>
                        <button
                            data-control="delete-backup"
                            on:click=move |_| {
                                delete.dispatch(d.clone());
                            }
                        >
                            {tr!(l, page_delete)}
                        </button>
                    </li>
                }
            })
            .collect_view();
        view! {
            <ul class="plain" data-list="backups">
                {items}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="card">
            <h2>{t!(backups)}</h2>
            {list}
        </section>
    }
}

#[component]
fn PovertyLines() -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let lines = Memo::new(move |_| {
        let reg = state.registry().get();
        let rules = Rules::new(&reg.settings);
        let mut years: Vec<i32> = (2011..=2020)
            .chain(reg.settings.poverty_lines.keys().copied())
            .collect();
        years.sort();
        years.dedup();
        years
            .into_iter()
            .filter_map(|y| rules.poverty_line(y))
            .collect::<Vec<_>>()
    });
    let new_year = RwSignal::new(String::new());
    let new_yuan = RwSignal::new(String::new());
    let add = Action::new_local(move |_: &()| async move {
        let (year, yuan) = (new_year.get_untracked(), new_yuan.get_untracked());
        let done = state
            .run(async |store, _, reg| {
                intents::registry::set_poverty_line(store, reg, &year, &yuan).await
            })
            .await;
        if done.is_ok() {
            new_year.set(String::new());
            new_yuan.set(String::new());
        }
    });
    let rows = move || {
        lines
            .get()
            .into_iter()
            .map(|line| {
                let source = match line.source {
                    LineSource::Registry => K::overview_registry,
                    _ => K::overview_national,
                };
                view! {
                    <tr data-line-year=line.year.to_string()>
                        <td>{line.year}</td>
                        <td class="num" data-value=line.yuan.to_string()>
                            {line.yuan.to_string()}
                        </td>
                        <td>{move || source.get(lang.get())}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card">
            <h2>{t!(poverty_lines)}</h2>
            <table class="table">
                <thead>
                    <tr>
                        <th>{t!(year)}</th>
                        <th class="num">{t!(yuan_unit)}</th>
                        <th>{t!(source)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <div class="inline-form">
                <input
                    type="number"
                    placeholder="2021"
                    data-control="line-year"
                    prop:value=move || new_year.get()
                    on:input=move |ev| new_year.set(event_target_value(&ev))
                />
                <input
                    type="text"
                    inputmode="decimal"
                    placeholder="4100"
                    data-control="line-yuan"
                    prop:value=move || new_yuan.get()
                    on:input=move |ev| new_yuan.set(event_target_value(&ev))
                />
                <button
                    data-control="line-save"
                    on:click=move |_| {
                        add.dispatch(());
                    }
                >
                    {t!(save)}
                </button>
            </div>
        </section>
    }
}

/// The largest file this device reads: larger ones are refused from their size, before reading.
#[component]
fn FileLimit() -> impl IntoView {
    let state = AppState::expect();
    let limit = RwSignal::new(crate::ui::pages::exchange::max_file_mb().to_string());
    let save = move |_| {
        let text = limit.get_untracked();
        match text.trim().parse::<u64>() {
            Ok(n) if (1..=crate::exchange::MAX_FILE_MB_CEILING).contains(&n) => {
                if LocalPrefs.set(pref::MAX_FILE_MB, &n.to_string()) {
                    state.say(msg!(saved));
                } else {
                    state.warn(msg!(store_full));
                }
            }
            _ => state.warn(msg!(
                settings_file_limit_range,
                max = crate::exchange::MAX_FILE_MB_CEILING
            )),
        }
    };
    view! {
        <section class="card">
            <h2>{t!(settings_file_limit)}</h2>
            <p class="muted small">{t!(settings_file_limit_note)}</p>
            <div class="inline-form">
                <input
                    type="text"
                    inputmode="numeric"
                    data-control="max-file-mb"
                    prop:value=move || limit.get()
                    on:input=move |ev| limit.set(event_target_value(&ev))
                />
                " MB "
                <button data-control="max-file-save" on:click=save>
                    {t!(save)}
                </button>
            </div>
        </section>
    }
}

#[component]
fn EditorName() -> impl IntoView {
    let state = AppState::expect();
    let editor = RwSignal::new(LocalPrefs.get(pref::EDITOR).unwrap_or_default());
    let save = move |_| {
        let name = editor.get_untracked();
        if name.chars().count() > 100 {
            state.warn(msg!(region_name_has_most_100_characters));
        } else if LocalPrefs.set(pref::EDITOR, name.trim()) {
            state.say(msg!(saved));
        } else {
            state.warn(msg!(store_full));
        }
    };
    view! {
        <section class="card">
            <h2>{t!(editor_name)}</h2>
            <div class="inline-form">
                <input
                    type="text"
                    maxlength="100"
                    data-control="editor-name"
                    prop:value=move || editor.get()
                    on:input=move |ev| editor.set(event_target_value(&ev))
                />
                <button on:click=save>{t!(save)}</button>
            </div>
        </section>
    }
}
