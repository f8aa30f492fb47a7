//! 设置 → 同步: the county's CouchDB server, the databases (by the login's roles unless listed),
//! the user and password (used once to log in, never kept), sync now and by itself, the status
//! line and the changes waiting; conflicts a sync found, on the import's conflict screen.

use std::collections::HashMap;

use crate::domain::merge::{Choice, Decisions};
use crate::ui::pages::exchange::plan::{Conflicts, PlanTable};
use crate::ui::prelude::*;
use crate::ui::sync::{Phase, SyncService};

#[component]
pub fn SyncCard() -> impl IntoView {
    let sync = SyncService::expect();
    let form = RwSignal::new(sync.settings.get_untracked());
    let password = RwSignal::new(String::new());
    let run = Action::new_local(move |_: &()| {
        let s = form.get_untracked();
        if !s.keep() {
            AppState::expect().warn(msg!(store_full));
        }
        sync.settings.set(s);
        let pw = password.get_untracked();
        password.set(String::new());
        async move { sync.sync_now(Some(pw)).await }
    });
    let logout = Action::new_local(move |_: &()| async move { sync.logout().await });
    let field = move |control: &'static str,
                      label: K,
                      get: fn(&crate::ui::sync::SyncSettings) -> String,
                      set: fn(&mut crate::ui::sync::SyncSettings, String),
                      placeholder: K| {
        let lang = use_lang();
        view! {
            <label class="field">
                <span>{move || label.get(lang.get())}</span>
                <input
                    type="text"
                    data-control=control
                    autocomplete="off"
                    placeholder=move || placeholder.get(lang.get())
                    prop:value=move || form.with(get)
                    on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))
                />
            </label>
        }
    };
    let status = move || {
        let phase = sync.phase.get();
        let lang = use_lang().get();
        let said = sync.said.get().map(|m| m.render(lang)).unwrap_or_default();
        let last = sync
            .checkpoint
            .get()
            .and_then(|c| c.last_sync.clone())
            .map(|t| {
                tr!(
                    lang,
                    sync_last,
                    at = t.replace('T', " ").trim_end_matches('Z')
                )
            })
            .unwrap_or_else(|| tr!(lang, sync_never).to_string());
        let head = match phase {
            Phase::Idle => tr!(lang, sync_phase_idle),
            Phase::Syncing => tr!(lang, sync_phase_syncing),
            Phase::Done => tr!(lang, sync_phase_done),
            Phase::Error => tr!(lang, sync_phase_error),
        };
        view! {
            <p
                data-metric="sync_state"
                data-value=phase.code()
                data-runs=sync.ended.get().to_string()
                class=if phase == Phase::Error { "notice error" } else { "muted" }
            >
                <b>{head}</b>
                " "
                {said}
                " · "
                {last}
            </p>
        }
    };
    view! {
        <section class="card" data-card="sync">
            <h2>{t!(sync_title)}</h2>
            <p class="muted small">{t!(sync_note)}</p>
            <div class="form-grid">
                {field(
                    "sync-url",
                    K::sync_url,
                    |s| s.url.clone(),
                    |s, v| s.url = v,
                    K::sync_url_placeholder,
                )}
                {field(
                    "sync-db",
                    K::sync_db,
                    |s| s.databases.clone(),
                    |s, v| s.databases = v,
                    K::sync_db_placeholder,
                )}
                {field(
                    "sync-user",
                    K::sync_user,
                    |s| s.user.clone(),
                    |s, v| s.user = v,
                    K::sync_user_placeholder,
                )} <label class="field">
                    <span>{t!(sync_password)}</span>
                    <input
                        type="password"
                        data-control="sync-password"
                        autocomplete="current-password"
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))
                    />
                </label>
            </div>
            <label>
                <input
                    type="checkbox"
                    data-control="sync-auto"
                    prop:checked=move || form.with(|f| f.auto)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        form.update(|f| f.auto = on);
                        let mut s = sync.settings.get_untracked();
                        s.auto = on;
                        s.keep();
                        sync.settings.set(s);
                    }
                />
                {t!(sync_auto)}
            </label>
            <div class="actions">
                <button
                    data-control="sync-now"
                    class="primary"
                    prop:disabled=move || sync.phase.get() == Phase::Syncing
                    on:click=move |_| {
                        run.dispatch(());
                    }
                >
                    {t!(sync_now)}
                </button>
                <button
                    data-control="sync-logout"
                    prop:disabled=move || sync.phase.get() == Phase::Syncing
                    on:click=move |_| {
                        logout.dispatch(());
                    }
                >
                    {t!(sync_logout)}
                </button>
            </div>
            {status}
            <p>
                {t!(sync_pending)}": "
                <b data-metric="sync_pending" data-value=move || sync.pending.get().to_string()>
                    {move || sync.pending.get()}
                </b>
                <span class="muted small">
                    " · " {t!(sync_databases)}": " {move || sync.databases.get().join(", ")}
                </span>
            </p>
            <Waiting />
        </section>
    }
}

/// The conflicts a sync found: both versions side by side, decided as an import's are.
#[component]
fn Waiting() -> impl IntoView {
    let sync = SyncService::expect();
    move || {
        sync.waiting.get().map(|w| {
            let choices = RwSignal::new(HashMap::new());
            let default_choice = RwSignal::new(Choice::Local);
            let apply = Action::new_local(move |_: &()| {
                let decisions = Decisions {
                    default: default_choice.get_untracked(),
                    per_record: choices.get_untracked(),
                    take_settings: Vec::new(),
                };
                async move { sync.decide(decisions).await }
            });
            view! {
                <div class="sync-conflicts" data-sync="conflicts">
                    <PlanTable plan=w.prepared.plan.clone() />
                    <Conflicts
                        prepared=w.prepared.clone()
                        choices=choices
                        default_choice=default_choice
                        from_server=true
                    />
                    <div class="actions">
                        <button
                            class="primary"
                            data-control="sync-apply"
                            on:click=move |_| {
                                apply.dispatch(());
                            }
                        >
                            {t!(sync_apply)}
                        </button>
                        <button data-control="sync-cancel" on:click=move |_| sync.cancel()>
                            {t!(cancel)}
                        </button>
                    </div>
                </div>
            }
        })
    }
}
