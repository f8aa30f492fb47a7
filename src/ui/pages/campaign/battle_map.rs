//! 作战图 (`/battle-map?as_of=YYYY-MM-DD`): the county's townships as blocks and villages as tiles,
//! each in its state at the date (ready, failing — conditions named in its tooltip — unknown,
//! exited, not a poor village) with its incidence and a badge of overdue tasks; a click opens the
//! village's 施工图 below (`&village=<id>`): its tasks on a timeline, its failing conditions, its
//! households still to exit. Prints on one landscape sheet.

use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::domain::battle_map::{self, Board, Tile, TileState, VillageSheet};
use crate::domain::index::Scope;
use crate::domain::rules::Rules;
use crate::ui::components::subnav::CampaignNav;
use crate::ui::platform::files::print;
use crate::ui::platform::time::today;
use crate::ui::prelude::*;

const TILE_W: f64 = 118.0;
const TILE_H: f64 = 58.0;
const GAP: f64 = 6.0;
const PER_ROW: usize = 8;
const BLOCK_HEAD: f64 = 26.0;
const WIDTH: f64 = PER_ROW as f64 * (TILE_W + GAP) + GAP;

fn fill(s: TileState) -> &'static str {
    match s {
        TileState::Ready => "#2e7d32",
        TileState::Failing => "#c62828",
        TileState::Unknown => "#f9a825",
        TileState::Exited => "#1565c0",
        TileState::NotPoor => "#cfd8dc",
    }
}

#[component]
pub fn BattleMapPage() -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let query = use_query_map();
    let navigate = use_navigate();
    let as_of = Memo::new(move |_| {
        query
            .with(|q| q.get("as_of"))
            .and_then(|s| Date::parse(&s))
            .unwrap_or_else(today)
    });
    let village = Memo::new(move |_| query.with(|q| q.get("village")).filter(|v| !v.is_empty()));
    let board = Memo::new(move |_| {
        let ixd = state.indexed.get();
        let ix = ixd.ix();
        battle_map::board(&ix, Scope::All, as_of.get(), &Rules::new(&ix.reg.settings))
    });
    let go = {
        let navigate = navigate.clone();
        move |date: Date, village: Option<String>| {
            let v = village.map(|v| format!("&village={v}")).unwrap_or_default();
            navigate(
                &format!("/battle-map?as_of={date}{v}"),
                NavigateOptions::default(),
            );
        }
    };
    let go2 = go.clone();
    let open = Callback::new(move |id: String| go2(as_of.get_untracked(), Some(id)));
    let legend = move || {
        let l = lang.get();
        board
            .get()
            .counts()
            .into_iter()
            .map(|(s, n)| {
                view! {
                    <span class="legend" data-state=s.code()>
                        <span class="swatch" style=format!("background:{}", fill(s))></span>
                        {format!("{} {n}", s.label(l))}
                    </span>
                }
            })
            .collect_view()
    };
    view! {
        <CampaignNav />
        <div class="battle-map">
            <h1>
                {t!(battle_map_title)}" "
                <span class="muted">{move || as_of.get().to_string()}</span>
            </h1>
            <section class="controls">
                <label>
                    {t!(page_status)}" "
                    <input
                        type="date"
                        data-control="battle-map-date"
                        prop:value=move || as_of.get().to_string()
                        on:change=move |ev| {
                            if let Some(d) = Date::parse(&event_target_value(&ev)) {
                                go(d, village.get_untracked());
                            }
                        }
                    />
                </label>
                <button type="button" class="print" on:click=|_| print()>
                    {t!(print)}
                </button>
                <span class="legends">{legend}</span>
            </section>
            {move || view! { <BoardSvg board=board.get() open=open l=lang.get() /> }}
            {move || { village.get().map(|id| view! { <VillagePanel id=id as_of=as_of /> }) }}
        </div>
    }
}

#[component]
fn BoardSvg(board: Board, open: Callback<String>, l: Locale) -> impl IntoView {
    let mut y = GAP;
    let mut blocks = Vec::new();
    for b in board.blocks {
        let rows = b.tiles.len().div_ceil(PER_ROW).max(1);
        let height = BLOCK_HEAD + rows as f64 * (TILE_H + GAP);
        let top = y;
        let tiles = b
            .tiles
            .into_iter()
            .enumerate()
            .map(|(k, t)| {
                let x = GAP + (k % PER_ROW) as f64 * (TILE_W + GAP);
                let ty = top + BLOCK_HEAD + (k / PER_ROW) as f64 * (TILE_H + GAP);
                view! { <TileSvg tile=t x=x y=ty open=open l=l /> }
            })
            .collect_view();
        blocks.push(view! {
            <g data-township-id=b.id>
                <rect class="block" x="1" y=top width=WIDTH - 2.0 height=height rx="6"></rect>
                <text class="block-name" x=GAP * 2.0 y=top + 18.0>
                    {b.name}
                </text>
                {tiles}
            </g>
        });
        y += height + GAP;
    }
    view! {
        <svg
            class="board"
            viewBox=format!("0 0 {WIDTH} {}", y.max(40.0))
            role="img"
            aria-label=tr!(l, battle_map_title)
        >
            {blocks}
        </svg>
    }
}

#[component]
fn TileSvg(tile: Tile, x: f64, y: f64, open: Callback<String>, l: Locale) -> impl IntoView {
    let Tile {
        id,
        name,
        state,
        incidence,
        failing,
        overdue_tasks,
        ..
    } = tile;
    let failing_text: Vec<&str> = failing.iter().map(|k| k.get(l)).collect();
    let tip = format!(
        "{name} · {}{}{}",
        state.label(l),
        if failing_text.is_empty() {
            String::new()
        } else {
            format!(" · {}", failing_text.join("、"))
        },
        if overdue_tasks > 0 {
            format!(" · {}", tr!(l, battle_map_overdue, n = overdue_tasks))
        } else {
            String::new()
        }
    );
    let incidence = incidence
        .map(|r| format!("{}%", r.percent_text()))
        .unwrap_or_default();
    let click = id.clone();
    let failing_codes = failing
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(" ");
    let dark = !matches!(state, TileState::NotPoor | TileState::Unknown);
    view! {
        <g
            class="tile"
            data-village-id=id
            data-exit=state.code()
            data-failing=failing_codes
            data-overdue=overdue_tasks.to_string()
            on:click=move |_| open.run(click.clone())
        >
            <title>{tip}</title>
            <rect x=x y=y width=TILE_W height=TILE_H rx="4" fill=fill(state)></rect>
            <text x=x + 6.0 y=y + 20.0 class:light=dark>
                {name}
            </text>
            <text x=x + 6.0 y=y + 40.0 class="small" class:light=dark>
                {incidence}
            </text>
            {(overdue_tasks > 0)
                .then(|| {
                    view! {
                        <circle cx=x + TILE_W - 12.0 cy=y + 12.0 r="10" class="badge"></circle>
                        <text
                            x=x + TILE_W - 12.0
                            y=y + 16.0
                            class="badge-text"
                            text-anchor="middle"
                        >
                            {overdue_tasks}
                        </text>
                    }
                })}
        </g>
    }
}

/// 施工图 of one village.
#[component]
fn VillagePanel(id: String, as_of: Memo<Date>) -> impl IntoView {
    let state = AppState::expect();
    let lang = use_lang();
    let sheet = Memo::new(move |_| {
        let ixd = state.indexed.get();
        let ix = ixd.ix();
        let v = *ix.region_pos(id.as_str())?;
        battle_map::village_sheet(&ix, v, as_of.get(), &Rules::new(&ix.reg.settings))
    });
    move || {
        let s: VillageSheet = sheet.get()?;
        let l = lang.get();
        let failing = if s.tile.failing.is_empty() {
            tr!(l, battle_map_no_failing).to_string()
        } else {
            s.tile
                .failing
                .iter()
                .map(|k| k.get(l))
                .collect::<Vec<_>>()
                .join("、")
        };
        let timeline = s.span.map(|(start, end)| {
            let days = (end.days() - start.days()).max(1) as f64;
            let w = 600.0;
            let bars = s
                .tasks
                .iter()
                .enumerate()
                .map(|(k, t)| {
                    let from = t.task.start_date.unwrap_or(t.task.due_date);
                    let x0 = (from.days() - start.days()) as f64 / days * w;
                    let x1 = (t.task.due_date.days() - start.days()) as f64 / days * w;
                    let y = 8.0 + k as f64 * 22.0;
                    view! {
                        <g data-task-id=t.id.clone() class:overdue=t.overdue class:done=t.done>
                            <rect
                                class="bar"
                                x=160.0 + x0
                                y=y
                                width=(x1 - x0).max(4.0)
                                height="14"
                            ></rect>
                            <text x="0" y=y + 12.0 class="small">
                                {t.task.title.clone()}
                            </text>
                        </g>
                    }
                })
                .collect_view();
            let h = 16.0 + s.tasks.len() as f64 * 22.0;
            view! {
                <svg class="timeline-chart" viewBox=format!("0 0 {} {h}", 160.0 + w + 10.0)>
                    {bars}
                </svg>
                <p class="muted small">{format!("{start} — {end}")}</p>
            }
        });
        let due_count = s.due.len();
        let due = s
            .due
            .clone()
            .into_iter()
            .map(|d| {
                view! {
                    <li data-household-id=d.household.id.clone()>
                        <A href=format!(
                            "/households/{}",
                            d.household.id,
                        )>{d.household.head.clone()}</A>
                        {format!(
                            " · {} {}/5 · {}",
                            tr!(l, battle_map_exit_steps),
                            d.stage,
                            if d.check_passes {
                                tr!(l, verdict_met)
                            } else {
                                tr!(l, battle_map_check_not_met)
                            },
                        )}
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <section class="card" data-panel="village-sheet" data-village-id=s.tile.id.clone()>
                <h2>{tr!(l, battle_map_sheet, name = &s.tile.name)}</h2>
                <p data-exit=s.tile.state.code()>
                    <b>{s.tile.state.label(l)}</b>
                    " · "
                    {tr!(l, battle_map_failing)}
                    ": "
                    {failing}
                </p>
                <h3>{tr!(l, tasks_title)}</h3>
                {timeline}
                <h3>{tr!(l, battle_map_due_households, n = due_count)}</h3>
                <ul class="plain">{due}</ul>
            </section>
        })
    }
}
