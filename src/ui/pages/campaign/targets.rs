//! 责任清单 and 目标责任书: a year's targets by region with who answers for each, the state of
//! the responsibility letter, and each target's progress from the registry with the gap in words;
//! the target form (`/targets/new`, `/targets/:id/edit`).

use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::domain::codes::{InfrastructureItem, LetterState, TargetKind};
use crate::domain::model::{Collection, Target};
use crate::domain::targets::{self, target_progress, TargetDraft};
use crate::intents;
use crate::store::Subject;
use crate::ui::components::form::{code_choices, edit_page, FormState, Input};
use crate::ui::components::history::History;
use crate::ui::components::scope::use_region_choices;
use crate::ui::components::subnav::CampaignNav;
use crate::ui::platform::time::{new_id, today};
use crate::ui::prelude::*;

#[component]
pub fn TargetsPage() -> impl IntoView {
    let lang = use_lang();
    let state = AppState::expect();
    let year = RwSignal::new(today().year());
    let rows = Memo::new(move |_| {
        let ixd = state.indexed.get();
        let ix = ixd.ix();
        let y = year.get();
        let mut out: Vec<_> = ix
            .reg
            .targets
            .iter()
            .filter_map(|r| Some((r.id.clone(), r.live()?.clone())))
            .filter(|(_, t)| t.year == y)
            .map(|(id, t)| {
                let path = ix
                    .region_pos(t.region_id.as_str())
                    .map(|&r| ix.region_path(r))
                    .unwrap_or_default();
                let p = target_progress(&ix, &t, today());
                (id, path, t, p)
            })
            .collect();
        out.sort_by(|a, b| a.1.cmp(&b.1));
        out
    });
    let lines = move || {
        let l = lang.get();
        rows.get()
            .into_iter()
            .map(|(id, path, t, p)| {
                let letter = match (t.letter, t.signed_date) {
                    (LetterState::Signed, Some(d)) => format!(
                        "{} {d} {}",
                        t.letter.label(l),
                        t.signed_by.clone().unwrap_or_default()
                    ),
                    _ => t.letter.label(l).to_string(),
                };
                let kind = match t.item {
                    Some(i) => format!("{}: {}", t.kind.label(l), i.label(l)),
                    None => t.kind.label(l).to_string(),
                };
                view! {
                    <tr
                        data-target-id=id.clone()
                        data-done=p.done.to_string()
                        data-planned=p.planned.to_string()
                    >
                        <td>{path}</td>
                        <td>
                            <A href=format!("/targets/{id}/edit")>{kind}</A>
                        </td>
                        <td class="num">{p.planned}</td>
                        <td class="num">{p.done}</td>
                        <td>{p.words.render(l)}</td>
                        <td>{t.responsible.clone().unwrap_or_default()}</td>
                        <td data-letter=t.letter.code()>{letter}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <CampaignNav />
        <h1>{t!(targets_title)}</h1>
        <section class="controls">
            <label>
                {t!(year)}" "
                <input
                    type="number"
                    data-control="targets-year"
                    prop:value=move || year.get().to_string()
                    on:change=move |ev| {
                        if let Ok(y) = event_target_value(&ev).trim().parse() {
                            year.set(y);
                        }
                    }
                />
            </label>
            <A href="/targets/new" attr:class="button" attr:data-control="new-target">
                {t!(target_new)}
            </A>
        </section>
        <div class="scroll-x">
            <table class="table">
                <thead>
                    <tr>
                        <th>{t!(region)}</th>
                        <th>{t!(label_target_kind)}</th>
                        <th class="num">{t!(label_planned)}</th>
                        <th class="num">{t!(target_done)}</th>
                        <th>{t!(target_progress)}</th>
                        <th>{t!(label_responsible)}</th>
                        <th>{t!(label_letter)}</th>
                    </tr>
                </thead>
                <tbody>{lines}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn NewTargetPage() -> impl IntoView {
    view! { <TargetForm id=new_id("tg") opened=None /> }
}

#[component]
pub fn TargetEditPage() -> impl IntoView {
    edit_page::<Target>(|id, opened| view! { <TargetForm id=id opened=opened /> }.into_any())
}

#[component]
fn TargetForm(id: String, opened: Option<Target>) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let l = lang.get_untracked();
    let navigate = use_navigate();
    let is_new = opened.is_none();
    let regions = use_region_choices().get_untracked();
    let initial = opened
        .as_ref()
        .map(TargetDraft::from_target)
        .unwrap_or_else(|| TargetDraft {
            year: today().year().to_string(),
            region_id: regions.first().map(|r| r.0.clone()).unwrap_or_default(),
            kind: TargetKind::ExitHouseholds.code().to_string(),
            letter: LetterState::Drafted.code().to_string(),
            ..Default::default()
        });
    let form = FormState::new(initial, move |d: &TargetDraft| {
        state
            .registry()
            .with(|reg| targets::target_from_draft(reg, d).err().unwrap_or_default())
    })
    .kept("target");
    let history_id = id.clone();
    let (id, opened) = (StoredValue::new(id), StoredValue::new(opened));
    let save = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let (id, opened) = (id.get_value(), opened.get_value());
            let saved = form
                .submit(async |store, actor, reg, d: &TargetDraft, overwrite| {
                    intents::campaign::save_target(
                        store,
                        actor,
                        reg,
                        &id,
                        d,
                        opened.as_ref(),
                        overwrite,
                    )
                    .await
                })
                .await;
            if saved {
                navigate("/targets", NavigateOptions::default());
            }
        });
    };
    view! {
        <p>
            <A href="/targets">{t!(back)}</A>
        </p>
        <h1>{if is_new { tr!(l, target_new) } else { tr!(l, target_edit) }}</h1>
        <form class="card form" data-form="target" on:submit=|ev| ev.prevent_default()>
            <div class="grid2">
                {form
                    .field(
                        "year",
                        K::year,
                        "target-year",
                        Input::Number,
                        |d| d.year.clone(),
                        |d, v| d.year = v,
                    )}
                {form
                    .field(
                        "region_id",
                        K::label_region,
                        "target-region",
                        Input::Choice(regions),
                        |d| d.region_id.clone(),
                        |d, v| d.region_id = v,
                    )}
                {form
                    .field(
                        "kind",
                        K::label_target_kind,
                        "target-kind",
                        Input::Choice(code_choices::<TargetKind>(l, false)),
                        |d| d.kind.clone(),
                        |d, v| d.kind = v,
                    )}
                {form
                    .field(
                        "item",
                        K::label_delivers_infrastructure,
                        "target-item",
                        Input::Choice(code_choices::<InfrastructureItem>(l, true)),
                        |d| d.item.clone(),
                        |d, v| d.item = v,
                    )}
                {form
                    .field(
                        "planned",
                        K::label_planned,
                        "target-planned",
                        Input::Number,
                        |d| d.planned.clone(),
                        |d, v| d.planned = v,
                    )}
                {form
                    .field(
                        "responsible",
                        K::label_responsible,
                        "target-responsible",
                        Input::Text,
                        |d| d.responsible.clone(),
                        |d, v| d.responsible = v,
                    )}
                {form
                    .field(
                        "letter",
                        K::label_letter,
                        "target-letter",
                        Input::Choice(code_choices::<LetterState>(l, false)),
                        |d| d.letter.clone(),
                        |d, v| d.letter = v,
                    )}
                {form
                    .field(
                        "signed_date",
                        K::label_signed_date,
                        "target-signed-date",
                        Input::Date,
                        |d| d.signed_date.clone(),
                        |d, v| d.signed_date = v,
                    )}
                {form
                    .field(
                        "signed_by",
                        K::label_signed_by,
                        "target-signed-by",
                        Input::Text,
                        |d| d.signed_by.clone(),
                        |d, v| d.signed_by = v,
                    )}
            </div>
            <p class="actions">
                <button type="button" class="primary" data-control="target-save" on:click=save>
                    {t!(save)}
                </button>
            </p>
        </form>
        {(!is_new)
            .then(|| {
                view! { <History subject=Subject::Record(Collection::Targets, history_id) /> }
            })}
    }
}
