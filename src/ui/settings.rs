//! 设置: language, the demo county, storage (usage, quota, persistence), backups taken before
//! imports, the poverty lines in force, and the operator's name.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use super::state::{new_replica_id, AppState, EDITOR_KEY};
use super::{t, use_i18n, use_lang};
use crate::domain::money::Fen;
use crate::domain::rules::{LineSource, Rules};
use crate::store::idb;

/// Replaces the registry with the generated demo county (after a backup).
pub async fn load_demo(state: AppState) -> bool {
    state.busy.set(true);
    // Let "generating…" paint first.
    let _ = JsFuture::from(js_sys::Promise::resolve(&JsValue::NULL)).await;
    let reg = crate::domain::demo::county();
    state.busy.set(false);
    let ok = state.replace(reg, "载入演示县前 before demo").await;
    if ok {
        state.say(
            false,
            "已载入演示县 (截至 2017-10-23 的数据)。",
            "Demo county loaded (data as of 2017-10-23).",
        );
    }
    ok
}

fn reflect_f64(v: &JsValue, key: &str) -> Option<f64> {
    js_sys::Reflect::get(v, &JsValue::from_str(key))
        .ok()?
        .as_f64()
}

async fn storage_estimate() -> Option<(f64, f64, bool)> {
    let storage = web_sys::window()?.navigator().storage();
    let est = JsFuture::from(storage.estimate().ok()?).await.ok()?;
    let persisted = JsFuture::from(storage.persisted().ok()?)
        .await
        .ok()?
        .as_bool()
        .unwrap_or(false);
    Some((
        reflect_f64(&est, "usage")?,
        reflect_f64(&est, "quota")?,
        persisted,
    ))
}

/// Asks the browser to keep this site's data even when space runs low.
pub async fn request_persistence() -> bool {
    let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) else {
        return false;
    };
    let Ok(p) = storage.persist() else {
        return false;
    };
    JsFuture::from(p)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

fn mb(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1_048_576.0)
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let state = AppState::expect();
    let estimate = RwSignal::new(None::<(f64, f64, bool)>);
    let backups = RwSignal::new(Vec::<String>::new());
    let refresh = move || {
        spawn_local(async move {
            estimate.set(storage_estimate().await);
            backups.set(idb::backup_labels().await.unwrap_or_default());
        })
    };
    refresh();
    let persist = move |_| {
        spawn_local(async move {
            request_persistence().await;
            estimate.set(storage_estimate().await);
        })
    };
    let demo = move |_| {
        spawn_local(async move {
            load_demo(state).await;
            refresh();
        })
    };
    let restore = move |label: String| {
        spawn_local(async move {
            let Ok(Some(json)) = idb::load_backup(&label).await else {
                state.say(true, "无法读取该备份。", "Cannot read that backup.");
                return;
            };
            match crate::exchange::parse(json.as_bytes(), None) {
                Ok(file) => {
                    if state.replace(file.registry, "恢复前 before restore").await {
                        // A restored copy must not reuse its replica id: edits made since the backup
                        // would otherwise be counted twice.
                        new_replica_id();
                        state.say(false, "已恢复备份。", "Backup restored.");
                        refresh();
                    }
                }
                Err(p) => state.say(
                    true,
                    format!("备份已损坏: {}", p[0]),
                    format!("The backup is damaged: {}", p[0]),
                ),
            }
        })
    };
    let editor = RwSignal::new(LocalStorage::get::<String>(EDITOR_KEY).unwrap_or_default());
    let lines = Memo::new(move |_| {
        let reg = state.registry.get();
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
    let add_line = move |_| {
        let (Ok(year), Ok(yuan)) = (
            new_year.get_untracked().trim().parse::<i32>(),
            new_yuan.get_untracked().trim().parse::<f64>(),
        ) else {
            state.say(
                true,
                "请填写年度 (如 2021) 和金额 (元)。",
                "Enter a year (e.g. 2021) and an amount in yuan.",
            );
            return;
        };
        let Some(fen) =
            Fen::from_yuan_f64(yuan).filter(|f| f.0 >= 0 && (1980..=2100).contains(&year))
        else {
            state.say(true, "年度应在 1980–2100, 金额不能为负且最多两位小数。", "The year must be 1980–2100; the amount cannot be negative and has at most two decimals.");
            return;
        };
        let mut reg = (*state.registry.get_untracked()).clone();
        reg.settings.poverty_lines.insert(year, fen);
        spawn_local(async move {
            if state.commit(reg).await {
                new_year.set(String::new());
                new_yuan.set(String::new());
                state.say(false, "贫困线已保存。", "Poverty line saved.");
            }
        });
    };
    view! {
        <h1>{t!(i18n, settings_title)}</h1>
        <section class="card">
            <h2>{t!(i18n, storage)}</h2>
            {move || match estimate.get() {
                Some((usage, quota, persisted)) => view! {
                    <p data-storage="estimate">{t!(i18n, storage_usage)}": "<b data-metric="storage_usage" data-value=usage.to_string()>{mb(usage)}</b>" / "<b data-metric="storage_quota" data-value=quota.to_string()>{mb(quota)}</b></p>
                    <p>{if persisted { view! { <span data-persisted="yes">{t!(i18n, persisted)}</span> }.into_any() } else { view! { <span data-persisted="no">{t!(i18n, not_persisted)}" "<button on:click=persist>{t!(i18n, request_persist)}</button></span> }.into_any() }}</p>
                }.into_any(),
                None => view! { <p class="muted">"…"</p> }.into_any(),
            }}
        </section>
        <section class="card">
            <h2>{t!(i18n, demo_section)}</h2>
            <p class="muted">{t!(i18n, demo_replace_warning)}</p>
            <button class="primary" data-control="load-demo" disabled=move || state.busy.get() on:click=demo>{t!(i18n, load_demo)}</button>
        </section>
        <section class="card">
            <h2>{t!(i18n, backups)}</h2>
            {move || {
                let list = backups.get();
                if list.is_empty() {
                    view! { <p class="muted">{t!(i18n, no_backups)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain" data-list="backups">
                            {list.into_iter().rev().map(|label| {
                                let l2 = label.clone();
                                view! { <li>{label}" "<button data-control="restore-backup" on:click=move |_| restore(l2.clone())>{t!(i18n, restore)}</button></li> }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
        <section class="card">
            <h2>{t!(i18n, poverty_lines)}</h2>
            <table class="table">
                <thead><tr><th>{t!(i18n, year)}</th><th class="num">{t!(i18n, yuan_unit)}</th><th>{t!(i18n, source)}</th></tr></thead>
                <tbody>
                    {move || lines.get().into_iter().map(|l| view! {
                        <tr data-line-year=l.year.to_string()>
                            <td>{l.year}</td>
                            <td class="num" data-value=l.yuan.to_string()>{l.yuan.to_string()}</td>
                            <td>{move || match l.source { LineSource::Registry => lang.get().pick("本台账设置", "this registry"), _ => lang.get().pick("国家标准", "national table") }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <div class="inline-form">
                <input type="number" placeholder="2021" data-control="line-year" prop:value=move || new_year.get() on:input=move |ev| new_year.set(event_target_value(&ev))/>
                <input type="number" step="0.01" placeholder="4100" data-control="line-yuan" prop:value=move || new_yuan.get() on:input=move |ev| new_yuan.set(event_target_value(&ev))/>
                <button data-control="line-save" on:click=add_line>{t!(i18n, save)}</button>
            </div>
        </section>
        <section class="card">
            <h2>{t!(i18n, editor_name)}</h2>
            <div class="inline-form">
                <input type="text" maxlength="100" prop:value=move || editor.get() on:input=move |ev| editor.set(event_target_value(&ev))/>
                <button on:click=move |_| { let _ = LocalStorage::set(EDITOR_KEY, editor.get_untracked()); state.say(false, "已保存。", "Saved."); }>{t!(i18n, save)}</button>
            </div>
        </section>
    }
}
