//! 应用锁: the lock screen a locked app opens on, and Settings → 应用锁 (set the passphrase and the
//! idle time, lock now, change the passphrase, take the lock off), with what the lock does and
//! does not protect said plainly.

use crate::store::at_rest;
use crate::ui::lock::LockService;
use crate::ui::prelude::*;

/// A passphrase box: typed text is never echoed, never kept, never filled in by the browser.
fn secret(control: &'static str, label: K, value: RwSignal<String>) -> impl IntoView {
    view! {
        <label class="field">
            <span>{t_of(label)}</span>
            <input
                type="password"
                data-control=control
                autocomplete="new-password"
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </label>
    }
}

fn t_of(k: K) -> impl Fn() -> &'static str + Send + Sync + Copy {
    let lang = use_lang();
    move || k.get(lang.get())
}

/// What the last lock operation said, under its form.
fn said_line(said: RwSignal<Option<(bool, Msg)>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        said.get().map(|(error, m)| {
            view! {
                <p
                    class=if error { "notice error" } else { "notice ok" }
                    data-lock-said=if error { "error" } else { "ok" }
                >
                    {m.render(lang.get())}
                </p>
            }
        })
    }
}

/// The screen of a locked app: the passphrase, and for a forgotten one, erasing this device.
#[component]
pub fn LockScreen() -> impl IntoView {
    let lock = LockService::expect();
    let passphrase = RwSignal::new(String::new());
    let said = RwSignal::new(None::<(bool, Msg)>);
    let unlock = Action::new_local(move |_: &()| {
        let p = passphrase.get_untracked();
        passphrase.set(String::new());
        async move {
            if let Err(m) = lock.unlock(p).await {
                said.set(Some((true, m)));
            }
        }
    });
    let erase = Action::new_local(move |_: &()| async move {
        if let Err(m) = lock.erase().await {
            said.set(Some((true, m)));
        }
    });
    let lang = use_lang();
    let ask_erase = move |_| {
        let q = tr!(lang.get_untracked(), lock_erase_confirm);
        let sure = web_sys::window()
            .and_then(|w| w.confirm_with_message(q).ok())
            .unwrap_or(false);
        if sure {
            erase.dispatch(());
        }
    };
    view! {
        <section class="card lock-screen" data-state="locked">
            <h1>{t!(lock_screen_title)}</h1>
            <p>{t!(lock_screen_explain)}</p>
            <form on:submit=move |ev| {
                ev.prevent_default();
                unlock.dispatch(());
            }>
                {secret("unlock-passphrase", K::lock_passphrase, passphrase)}
                <button
                    class="primary"
                    type="submit"
                    data-control="unlock-apply"
                    disabled=move || lock.working.get()
                >
                    {move || {
                        if lock.working.get() {
                            tr!(lang.get(), lock_opening)
                        } else {
                            tr!(lang.get(), lock_unlock)
                        }
                    }}
                </button>
            </form>
            {said_line(said)}
            <details class="lock-forgot">
                <summary>{t!(lock_forgot)}</summary>
                <p>{t!(lock_forgot_explain)}</p>
                <button class="danger" data-control="lock-erase" on:click=ask_erase>
                    {t!(lock_erase)}
                </button>
            </details>
        </section>
    }
}

fn idle_choices() -> Vec<u32> {
    vec![1, 2, 5, 10, 15, 30, 60, 120]
}

fn idle_select(
    control: &'static str,
    value: RwSignal<u32>,
    on_change: impl Fn(u32) + 'static,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <label class="field">
            <span>{t!(lock_idle)}</span>
            <select
                data-control=control
                prop:value=move || value.get().to_string()
                on:change=move |ev| {
                    if let Ok(m) = event_target_value(&ev).parse::<u32>() {
                        value.set(m);
                        on_change(m);
                    }
                }
            >
                {idle_choices()
                    .into_iter()
                    .map(|m| {
                        view! {
                            <option value=m
                                .to_string()>
                                {move || tr!(lang.get(), lock_idle_minutes, n = m)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// Settings → 应用锁.
#[component]
pub fn AppLockCard() -> impl IntoView {
    let lock = LockService::expect();
    let said = RwSignal::new(None::<(bool, Msg)>);
    let first = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let old = RwSignal::new(String::new());
    let idle = RwSignal::new(at_rest::DEFAULT_IDLE_MINUTES);
    let clear = move || {
        first.set(String::new());
        again.set(String::new());
        old.set(String::new());
    };
    let report = move |r: Result<(), Msg>, ok: Msg| {
        said.set(Some(match r {
            Ok(()) => (false, ok),
            Err(m) => (true, m),
        }))
    };
    let set = Action::new_local(move |_: &()| {
        let (p, a, m) = (
            first.get_untracked(),
            again.get_untracked(),
            idle.get_untracked(),
        );
        clear();
        async move { report(lock.set(p, a, m).await, msg!(lock_set_done)) }
    });
    let change = Action::new_local(move |_: &()| {
        let (o, p, a) = (
            old.get_untracked(),
            first.get_untracked(),
            again.get_untracked(),
        );
        clear();
        async move { report(lock.change(o, p, a).await, msg!(lock_changed)) }
    });
    let remove = Action::new_local(move |_: &()| {
        let o = old.get_untracked();
        clear();
        async move { report(lock.remove(o).await, msg!(lock_removed)) }
    });
    let set_idle = Action::new_local(move |m: &u32| {
        let m = *m;
        async move { report(lock.set_idle(m).await, msg!(lock_idle_saved, n = m)) }
    });
    Effect::new(move |_| {
        if let Some(l) = lock.lock.get() {
            idle.set(l.idle_minutes);
        }
    });
    let working = move || lock.working.get();
    let off = move || {
        view! {
            <p>{t!(lock_off_explain)}</p>
            {secret("lock-passphrase", K::lock_new_passphrase, first)}
            {secret("lock-passphrase-again", K::lock_passphrase_again, again)}
            {idle_select("lock-idle", idle, |_| {})}
            <button
                class="primary"
                data-control="lock-set"
                disabled=working
                on:click=move |_| {
                    set.dispatch(());
                }
            >
                {t!(lock_set)}
            </button>
        }
    };
    let on = move || {
        view! {
            <p data-metric="app_lock" data-value="on">
                <b>{t!(lock_on)}</b>
            </p>
            {idle_select(
                "lock-idle",
                idle,
                move |m| {
                    set_idle.dispatch(m);
                },
            )}
            <button data-control="lock-now" on:click=move |_| lock.lock_now()>
                {t!(lock_now)}
            </button>
            <h3>{t!(lock_change_title)}</h3>
            {secret("lock-old-passphrase", K::lock_old_passphrase, old)}
            {secret("lock-passphrase", K::lock_new_passphrase, first)}
            {secret("lock-passphrase-again", K::lock_passphrase_again, again)}
            <div class="actions">
                <button
                    data-control="lock-change"
                    disabled=working
                    on:click=move |_| {
                        change.dispatch(());
                    }
                >
                    {t!(lock_change)}
                </button>
                <button
                    class="danger"
                    data-control="lock-remove"
                    disabled=working
                    on:click=move |_| {
                        remove.dispatch(());
                    }
                >
                    {t!(lock_remove)}
                </button>
            </div>
        }
    };
    view! {
        <section class="card app-lock">
            <h2>{t!(lock_title)}</h2>
            {move || {
                if lock.lock.with(Option::is_some) { on().into_any() } else { off().into_any() }
            }}
            {move || working().then(|| view! { <p class="muted">{t!(lock_working)}</p> })}
            {said_line(said)}
            <details>
                <summary>{t!(lock_what_title)}</summary>
                <p>{t!(lock_what_protected)}</p>
                <p>{t!(lock_what_not)}</p>
            </details>
        </section>
    }
}
