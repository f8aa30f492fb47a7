//! 村组: the region tree (county → township → village) with each village's figures; adding a
//! region, and the editor of one region (name, parent, a year's population and collective
//! income, a village's facts), deleting it only when empty.
//!
//! Long (about 570 lines) because the tree and the one-region editor share the chosen region and its draft.

use crate::domain::codes::{InfrastructureItem, RegionKind};
use crate::domain::model::Region;
use crate::domain::regions;
use crate::intents::{self, IntentError};
use crate::ui::platform::files::confirm;
use crate::ui::platform::time::{new_id, today};
use crate::ui::prelude::*;

#[component]
pub fn Regions() -> impl IntoView {
    let lang = use_lang();
    let state = AppState::expect();
    let selected = RwSignal::new(None::<String>);
    let rows = Memo::new(move |_| regions::rows(&state.indexed.get().ix(), today()));
    // Adding a region.
    let new_kind = RwSignal::new(RegionKind::Village);
    let new_name = RwSignal::new(String::new());
    let new_parent = RwSignal::new(String::new());
    let add = Action::new_local(move |_: &()| async move {
        let id = new_id("r");
        let (kind, name, parent) = (
            new_kind.get_untracked(),
            new_name.get_untracked(),
            new_parent.get_untracked(),
        );
        let parent = (!parent.is_empty()).then_some(parent);
        let done = state
            .run(async |store, actor, reg| {
                intents::regions::add(store, actor, reg, &id, kind, &name, parent.as_deref()).await
            })
            .await;
        if done.is_ok() {
            new_name.set(String::new());
            selected.set(Some(id));
        }
    });
    let parents = Memo::new(move |_| {
        let want = regions::parent_level(new_kind.get());
        rows.get()
            .into_iter()
            .filter(|r| Some(r.kind) == want)
            .map(|r| (r.id, r.name))
            .collect::<Vec<_>>()
    });
    let on_kind = move |ev| {
        if let Some(k) = RegionKind::from_code(&event_target_value(&ev)) {
            new_kind.set(k);
        }
        new_parent.set(String::new());
    };
    let kinds = RegionKind::ALL
        .iter()
        .map(|&k| {
            view! {
                <option value=k.code() selected=k == RegionKind::Village>
                    {move || k.label(lang.get())}
                </option>
            }
        })
        .collect_view();
    let table = move || {
        let l = lang.get();
        rows.get()
            .into_iter()
            .map(|r| {
                let pick = r.id.clone();
                let poor = r.poor_village.then(|| {
                    let target = r
                        .target_exit_year
                        .map(|y| format!(" ({y})"))
                        .unwrap_or_default();
                    format!("{}{target}", tr!(l, yes))
                });
                let population = r.population.map(|(y, p)| {
                    format!("{} ({y})", crate::domain::money::group_digits(p as i128))
                });
                view! {
                    <tr
                        data-region-id=r.id.clone()
                        class=format!("depth-{}", r.depth)
                        on:click=move |_| selected.set(Some(pick.clone()))
                    >
                        <td class="name">
                            <button class="link">{r.name}</button>
                        </td>
                        <td>{r.kind.label(l)}</td>
                        <td>{poor}</td>
                        <td class="num">{population}</td>
                        <td class="num" data-infra=r.infrastructure_met.map(|n| n.to_string())>
                            {r.infrastructure_met.map(|n| format!("{n}/8"))}
                        </td>
                        <td data-industry="">{r.specialty_industry}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <h1>{t!(regions_title)}</h1>
        <section class="card inline-form" data-panel="add-region">
            <select data-control="region-kind" on:change=on_kind>
                {kinds}
            </select>
            <select
                data-control="region-parent"
                prop:value=move || new_parent.get()
                on:change=move |ev| new_parent.set(event_target_value(&ev))
            >
                <option value="">{t!(page_parent)}</option>
                {move || {
                    parents
                        .get()
                        .into_iter()
                        .map(|(id, name)| view! { <option value=id>{name}</option> })
                        .collect_view()
                }}
            </select>
            <input
                type="text"
                data-control="region-name"
                placeholder=move || tr!(lang.get(), page_name)
                prop:value=move || new_name.get()
                on:input=move |ev| new_name.set(event_target_value(&ev))
            />
            <button
                data-control="region-add"
                on:click=move |_| {
                    add.dispatch(());
                }
            >
                {t!(page_add_region)}
            </button>
        </section>
        {move || {
            selected
                .get()
                .map(|id| {
                    view! {
                        <RegionEditor id=id.clone() selected=selected />
                        <VillageExit id=id />
                    }
                })
        }}
        <table class="table">
            <thead>
                <tr>
                    <th>{t!(region)}</th>
                    <th>{t!(kind)}</th>
                    <th>{t!(poor_villages)}</th>
                    <th class="num">{t!(rural_population)}</th>
                    <th class="num">{t!(page_infrastructure_met)}</th>
                    <th>{t!(page_specialty_industry)}</th>
                </tr>
            </thead>
            <tbody>{table}</tbody>
        </table>
    }
}

/// 贫困村退出: a poor village's exit recorded with its date and approval (before that date it
/// stays a poor village), or a recorded exit taken back.
#[component]
fn VillageExit(id: String) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let id = StoredValue::new(id);
    let region = Memo::new(move |_| {
        state
            .registry()
            .with(|r| r.live::<Region>(&id.get_value()).cloned())
    });
    let date = RwSignal::new(today().to_string());
    let approval = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Msg>);
    let record = move |_| {
        let Some(d) = Date::parse_typed(&date.get_untracked()) else {
            problem.set(Some(msg!(page_write_date_2017_10_23)));
            return;
        };
        let (rid, a) = (id.get_value(), approval.get_untracked());
        spawn_local(async move {
            let done = state
                .run(async |store, actor, reg| {
                    intents::campaign::record_village_exit(store, actor, reg, &rid, d, &a).await
                })
                .await;
            problem.set(match done {
                Err(intents::IntentError::Refused(m)) => Some(m),
                _ => None,
            });
        });
    };
    let undo = move |_| {
        let rid = id.get_value();
        if !confirm(tr!(lang.get_untracked(), region_exit_undo_confirm)) {
            return;
        }
        spawn_local(async move {
            let _ = state
                .run(async |store, actor, reg| {
                    intents::campaign::undo_village_exit(store, actor, reg, &rid).await
                })
                .await;
        });
    };
    move || {
        let r = region.get()?;
        if r.kind != RegionKind::Village || r.poor_village != Some(true) {
            return None;
        }
        let l = lang.get();
        Some(match r.exit_date {
            Some(d) => view! {
                <section class="card" data-panel="village-exit" data-exited=d.to_string()>
                    <h2>{tr!(l, region_exit_title)}</h2>
                    <p>
                        {tr!(
                            l, region_exited_on, date = d, approval = r.exit_approval.clone().unwrap_or_default()
                        )}
                    </p>
                    <button
                        type="button"
                        class="link"
                        data-control="village-exit-undo"
                        on:click=undo
                    >
                        {tr!(l, region_exit_undo)}
                    </button>
                </section>
            }
            .into_any(),
            None => view! {
                <section class="card inline-form" data-panel="village-exit">
                    <h2>{tr!(l, region_exit_title)}</h2>
                    <input
                        type="date"
                        data-control="village-exit-date"
                        prop:value=move || date.get()
                        on:input=move |ev| date.set(event_target_value(&ev))
                    />
                    <input
                        type="text"
                        data-control="village-exit-approval"
                        placeholder=tr!(l, region_exit_approval)
                        prop:value=move || approval.get()
                        on:input=move |ev| approval.set(event_target_value(&ev))
                    />
                    <button type="button" data-control="village-exit-save" on:click=record>
                        {tr!(l, region_exit_record)}
                    </button>
                    {move || {
                        problem.get().map(|p| view! { <p class="error">{p.render(lang.get())}</p> })
                    }}
                </section>
            }
            .into_any(),
        })
    }
}

/// "yes" / "no" / "" for a select bound to an optional flag.
fn flag_code(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "",
    }
}

/// Edits one region: name, parent and, for a village, its own facts; or deletes it when empty.
#[component]
fn RegionEditor(id: String, selected: RwSignal<Option<String>>) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let l = lang.get_untracked();
    let Some(region) = state
        .registry()
        .with_untracked(|r| r.live::<Region>(&id).cloned())
    else {
        return ().into_any();
    };
    let draft = RwSignal::new(region.clone());
    // The region as this editor last read or wrote it, to tell a change made elsewhere.
    let opened = StoredValue::new(region.clone());
    let year = today().year();
    let pop_year = RwSignal::new(year.to_string());
    let pop_people = RwSignal::new(
        region
            .rural_population
            .iter()
            .find(|p| p.year == year)
            .map(|p| p.people.to_string())
            .unwrap_or_default(),
    );
    let collective = RwSignal::new(
        region
            .collective_income
            .iter()
            .find(|c| c.year == year)
            .map(|c| c.yuan.to_string())
            .unwrap_or_default(),
    );
    let parents: Vec<(String, String)> = state.registry().with_untracked(|reg| {
        let want = regions::parent_level(region.kind);
        reg.regions
            .iter()
            .filter_map(|r| {
                r.live()
                    .filter(|b| Some(b.kind) == want)
                    .map(|b| (r.id.clone(), b.name.clone()))
            })
            .collect()
    });
    let id_save = id.clone();
    let save = Action::new_local(move |_: &()| {
        let id = id_save.clone();
        async move {
            // A figure typed wrong is refused with its reason; an empty box removes that
            // year's figure.
            let body = match regions::with_year_figures(
                &draft.get_untracked(),
                &pop_year.get_untracked(),
                &pop_people.get_untracked(),
                &collective.get_untracked(),
            ) {
                Ok(b) => b,
                Err(why) => return state.warn(why),
            };
            let was = opened.get_value();
            let mut overwrite = false;
            loop {
                let done = state
                    .run(async |store, actor, reg| {
                        intents::regions::update(
                            store,
                            actor,
                            reg,
                            &id,
                            body.clone(),
                            &was,
                            overwrite,
                        )
                        .await
                    })
                    .await;
                match done {
                    Ok(()) => {
                        opened.set_value(body);
                        return;
                    }
                    // Changed elsewhere since this editor opened: ask before writing over it.
                    Err(IntentError::WouldOverwrite)
                        if !overwrite
                            && confirm(tr!(
                                lang.get_untracked(),
                                page_region_was_changed_elsewhere_another
                            )) =>
                    {
                        overwrite = true;
                    }
                    Err(_) => return,
                }
            }
        }
    });
    let id_delete = id.clone();
    let delete = Action::new_local(move |_: &()| {
        let id = id_delete.clone();
        async move {
            let done = state
                .run(async |store, actor, reg| {
                    intents::regions::delete(store, actor, reg, &id).await
                })
                .await;
            if done.is_ok() {
                selected.set(None);
            }
        }
    });
    let is_village = region.kind == RegionKind::Village;
    let text =
        move |field: &'static str, get: fn(&Region) -> String, set: fn(&mut Region, String)| {
            view! {
                <input
                    type="text"
                    data-field=field
                    prop:value=move || draft.with(get)
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        draft.update(|d| set(d, v));
                    }
                />
            }
        };
    let checkbox =
        move |field: &'static str, get: fn(&Region) -> bool, set: fn(&mut Region, bool)| {
            view! {
                <input
                    type="checkbox"
                    data-field=field
                    prop:checked=move || draft.with(get)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        draft.update(|d| set(d, on));
                    }
                />
            }
        };
    let infrastructure = InfrastructureItem::ALL
        .iter()
        .enumerate()
        .map(|(k, item)| {
            let current = move || {
                draft.with(|d| flag_code(d.infrastructure.unwrap_or([None; 8])[k]).to_string())
            };
            let on_change = move |ev| {
                let v = event_target_value(&ev);
                draft.update(|d| {
                    let mut f = d.infrastructure.unwrap_or([None; 8]);
                    f[k] = match v.as_str() {
                        "yes" => Some(true),
                        "no" => Some(false),
                        _ => None,
                    };
                    d.infrastructure = Some(f);
                });
            };
            view! {
                <label>
                    {item.label(l)}
                    <select
                        data-field=format!("infrastructure-{}", item.code())
                        prop:value=current
                        on:change=on_change
                    >
                        <option value="">{tr!(l, page_unknown)}</option>
                        <option value="yes">{tr!(l, verdict_met)}</option>
                        <option value="no">{tr!(l, page_not_met)}</option>
                    </select>
                </label>
            }
        })
        .collect_view();
    let village_facts = is_village.then(|| {
        view! {
            <div class="grid2">
                <label>
                    <span>
                        {checkbox(
                            "poor-village",
                            |d| d.poor_village == Some(true),
                            |d, on| d.poor_village = Some(on),
                        )} {tr!(l, page_poor_village)}
                    </span>
                </label>
                <label>
                    {tr!(l, page_target_exit_year)}
                    {text(
                        "target-exit-year",
                        |d| d.target_exit_year.map(|y| y.to_string()).unwrap_or_default(),
                        |d, v| d.target_exit_year = v.trim().parse().ok(),
                    )}
                </label>
                <label>
                    {tr!(l, page_specialty_industry)}
                    {text(
                        "specialty-industry",
                        |d| d.specialty_industry.clone().unwrap_or_default(),
                        |d, v| d.specialty_industry = (!v.trim().is_empty()).then_some(v),
                    )}
                </label>
                <label>
                    <span>
                        {checkbox(
                            "ecommerce-station",
                            |d| d.ecommerce_station == Some(true),
                            |d, on| d.ecommerce_station = Some(on),
                        )} {tr!(l, page_e_commerce_station)}
                    </span>
                </label>
                <label>
                    {tr!(l, page_collective_income_year_yuan)}
                    <input
                        type="text"
                        inputmode="decimal"
                        data-field="collective-income"
                        prop:value=move || collective.get()
                        on:input=move |ev| collective.set(event_target_value(&ev))
                    />
                </label>
                {infrastructure}
            </div>
        }
    });
    let parent_select = (!parents.is_empty()).then(|| {
        let options = parents
            .iter()
            .map(|(pid, name)| view! { <option value=pid.clone()>{name.clone()}</option> })
            .collect_view();
        view! {
            <label>
                {tr!(l, page_parent_2)}
                <select
                    data-field="region-parent"
                    prop:value=move || draft.with(|d| d.parent_id.clone().unwrap_or_default())
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        draft.update(|d| d.parent_id = Some(v));
                    }
                >
                    {options}
                </select>
            </label>
        }
    });
    view! {
        <section class="card form" data-panel="region-editor" data-region=id.clone()>
            <h2>{move || draft.with(|d| d.name.clone())}" · "{region.kind.label(l)}</h2>
            <div class="grid2">
                <label>
                    {tr!(l, page_name)} {text("region-name", |d| d.name.clone(), |d, v| d.name = v)}
                </label>
                {parent_select}
                <label>
                    {tr!(l, page_rural_population_year)}
                    <input
                        type="number"
                        data-field="population-year"
                        prop:value=move || pop_year.get()
                        on:input=move |ev| pop_year.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    {tr!(l, page_people)}
                    <input
                        type="number"
                        min="0"
                        data-field="population-people"
                        prop:value=move || pop_people.get()
                        on:input=move |ev| pop_people.set(event_target_value(&ev))
                    />
                </label>
            </div>
            {village_facts}
            <div class="actions">
                <button
                    class="primary"
                    data-control="region-save"
                    on:click=move |_| {
                        save.dispatch(());
                    }
                >
                    {tr!(l, save)}
                </button>
                <button
                    data-control="region-delete"
                    on:click=move |_| {
                        delete.dispatch(());
                    }
                >
                    {tr!(l, page_delete)}
                </button>
                <button on:click=move |_| selected.set(None)>{tr!(l, dismiss)}</button>
            </div>
        </section>
    }
    .into_any()
}
