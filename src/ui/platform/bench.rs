//! Hooks for the browser benchmark (`examples/browser_bench.rs`) and the crash test: each runs one step of the app's
//! own code on data the benchmark hands in, and reports milliseconds. Not used by the interface.
//! The page exports them (`src/main.rs`), not the library: the file worker links the library
//! too, and must not carry a split point's import. The import and the edit run in a module of their own (`bench_hooks`), as the interface's own
//! import and forms do, so that the first screen carries neither.

use std::future::Future;
use std::pin::Pin;

use leptos::wasm_split::wasm_split;
use wasm_bindgen::prelude::*;

use super::time::perf_now;
use crate::domain::date::Date;
use crate::domain::index::{Index, Indexed};
use crate::domain::merge::Decisions;
use crate::exchange;
use crate::store::{idb::IdbStore, RecordStore};
use crate::ui::lazy::NotLoaded;

fn js_err(e: crate::intents::IntentError) -> JsValue {
    JsValue::from_str(&e.message().render(crate::text::Locale::En))
}

/// A hook under way, as its module hands it back.
type Run<T> = Pin<Box<dyn Future<Output = Result<T, JsValue>>>>;

fn not_loaded(_: NotLoaded) -> JsValue {
    JsValue::from_str("the benchmark's module could not be fetched")
}

/// Imports `text` as the exchange page does — parse and validate, plan (the preview), then the
/// intent the person's "apply" runs: a backup of a non-empty registry, the merge checked against
/// every rule, the write in one transaction — into what is stored now (empty, or the county
/// already there). Returns the timings as JSON; the registry stays imported.
pub async fn bench_import(text: String) -> Result<String, JsValue> {
    import_run(text).await.map_err(not_loaded)?.await
}

#[wasm_split(bench_hooks, wasm_split_path = ::leptos::wasm_split, fallible)]
fn import_run(text: String) -> Result<Run<String>, NotLoaded> {
    Ok(Box::pin(import(text)))
}

async fn import(text: String) -> Result<String, JsValue> {
    let local = IdbStore
        .load()
        .await
        .map_err(|e| JsValue::from_str(&e.message().render(crate::text::Locale::En)))?;
    let t0 = perf_now();
    let prepared = exchange::prepare_import(&local, text.as_bytes())
        .map_err(|p| JsValue::from_str(&p[0].to_string()))?;
    drop(text);
    let t1 = perf_now();
    let actor = crate::ui::state::AppState::actor_of_device();
    let done = crate::intents::registry::import(
        &IdbStore,
        &actor,
        &local,
        &prepared,
        &Decisions::default(),
        "bench.json",
    )
    .await
    .map_err(js_err)?;
    let t2 = perf_now();
    Ok(format!(
        "{{\"parse_validate_plan_ms\":{:.1},\"apply_ms\":{:.1},\"total_ms\":{:.1},\"households\":{},\"into_empty\":{}}}",
        t1 - t0,
        t2 - t1,
        t2 - t0,
        done.registry.households.len(),
        local.is_empty()
    ))
}

/// One household edit as the form saves it: its phone changed, written with its history.
/// Returns the milliseconds from the save to the change stored.
pub async fn bench_edit(k: u32) -> Result<f64, JsValue> {
    edit_run(k).await.map_err(not_loaded)?.await
}

#[wasm_split(bench_hooks, wasm_split_path = ::leptos::wasm_split, fallible)]
fn edit_run(k: u32) -> Result<Run<f64>, NotLoaded> {
    Ok(Box::pin(edit(k)))
}

async fn edit(k: u32) -> Result<f64, JsValue> {
    let reg = IdbStore
        .load()
        .await
        .map_err(|e| JsValue::from_str(&e.message().render(crate::text::Locale::En)))?;
    let (id, mut h) = reg
        .households
        .iter()
        .filter_map(|r| Some((r.id.clone(), r.live()?.clone())))
        .nth(k as usize)
        .ok_or_else(|| JsValue::from_str("no household"))?;
    h.phone = Some(format!("1390000{k:04}"));
    let actor = crate::ui::state::AppState::actor_of_device();
    let t0 = perf_now();
    crate::intents::households::save(&IdbStore, &actor, &reg, &id, h, crate::msg!(saved))
        .await
        .map_err(js_err)?;
    Ok(perf_now() - t0)
}

/// Recomputes every figure of every region from what is stored (the overview with its full
/// breakdown), `rounds` times; returns the mean and the fastest round in milliseconds.
pub async fn bench_recompute(rounds: u32) -> Result<String, JsValue> {
    // The store's own part of a reopen: the snapshot and the log read, decoded and indexed.
    let t0 = perf_now();
    let reg = IdbStore
        .load()
        .await
        .map_err(|e| JsValue::from_str(&e.message().render(crate::text::Locale::En)))?;
    let load_ms = perf_now() - t0;
    let d = Date::parse(crate::domain::demo::AS_OF).unwrap();
    let mut times = Vec::new();
    let mut regions = 0;
    for _ in 0..rounds.max(1) {
        let t0 = perf_now();
        let o = crate::domain::report::overview(&reg, None, d, 2017);
        times.push(perf_now() - t0);
        regions = o.breakdown.len();
    }
    let t0 = perf_now();
    let ix = Index::new(&reg);
    let index_ms = perf_now() - t0;
    let t0 = perf_now();
    let _ = crate::domain::calc::tallies(&ix, d, 2017);
    let tallies_ms = perf_now() - t0;
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    let min = times.iter().cloned().fold(f64::INFINITY, f64::min);
    // The person's path: one household saved, then the screen's lookups follow the edit
    // (kept where it left them alone) and every figure is worked out again.
    let households = reg.households.len();
    let mut version = std::sync::Arc::new(Indexed::new(std::sync::Arc::new(reg)));
    // The screen showed the overview before the save: its figures' facts are there to follow.
    let _ = crate::domain::report::overview_in(&version.ix(), None, d, 2017);
    let mut after_edit = Vec::new();
    for round in 0..rounds.max(1) {
        let mut next = (*version.reg).clone();
        let h = round as usize * 7 % households.max(1);
        if let Some(body) = next
            .households
            .get_mut(h)
            .and_then(|r| std::sync::Arc::make_mut(r).body.as_mut())
        {
            body.phone = Some(format!("139{round:08}"));
        }
        let t0 = perf_now();
        let edited = Indexed::after(&version, std::sync::Arc::new(next));
        let _ = crate::domain::report::overview_in(&edited.ix(), None, d, 2017);
        after_edit.push(perf_now() - t0);
        version = std::sync::Arc::new(edited);
    }
    let edit_mean = after_edit.iter().sum::<f64>() / after_edit.len() as f64;
    Ok(format!("{{\"overview_mean_ms\":{mean:.2},\"overview_min_ms\":{min:.2},\"after_edit_mean_ms\":{edit_mean:.2},\"index_ms\":{index_ms:.2},\"tallies_ms\":{tallies_ms:.2},\"load_ms\":{load_ms:.1},\"regions\":{regions},\"households\":{households}}}"))
}

/// Bytes of WebAssembly memory in use by the app now.
pub fn bench_memory() -> f64 {
    let mem: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let buf: js_sys::ArrayBuffer = mem.buffer().unchecked_into();
    buf.byte_length() as f64
}

/// For the crash test: fails as a bug would (a panic inside the app's code), so that the test
/// sees what a person would see then. Reachable only from the browser's console.
pub fn test_crash() {
    let cut = "测试用的程序错误 / a test failure";
    panic!("{}", cut);
}
