//! Hooks for the browser benchmark (`examples/browser_bench.rs`): each runs one step of the app's
//! own code on data the benchmark hands in, and reports milliseconds. Not used by the interface.

use wasm_bindgen::prelude::*;

use super::time::perf_now;
use crate::domain::date::Date;
use crate::domain::index::Index;
use crate::domain::merge::Decisions;
use crate::domain::model::Registry;
use crate::exchange;
use crate::store::{self, idb::IdbStore, RecordStore};

/// Import `text` into an empty registry as the exchange page does: parse and validate, plan,
/// merge, and write to IndexedDB in one transaction. Returns the timings as JSON.
#[wasm_bindgen]
pub async fn bench_import(text: String) -> Result<String, JsValue> {
    let t0 = perf_now();
    let local = Registry::default();
    let prepared = exchange::prepare_import(&local, text.as_bytes())
        .map_err(|p| JsValue::from_str(&p[0].to_string()))?;
    let t1 = perf_now();
    let merged = exchange::finish_import(
        &local,
        &prepared,
        &Decisions::default(),
        "bench",
        "2017-10-23T00:00:00Z",
    )
    .map_err(|p| JsValue::from_str(&p[0].to_string()))?;
    let t2 = perf_now();
    IdbStore
        .commit(store::batch_replacing(&merged))
        .await
        .map_err(|e| JsValue::from_str(&e.message().render(crate::text::Locale::En)))?;
    let t3 = perf_now();
    Ok(format!("{{\"parse_validate_plan_ms\":{:.1},\"merge_check_ms\":{:.1},\"persist_ms\":{:.1},\"total_ms\":{:.1},\"households\":{}}}", t1 - t0, t2 - t1, t3 - t2, t3 - t0, merged.households.len()))
}

/// Recomputes every figure of every region from what is stored (the overview with its full
/// breakdown), `rounds` times; returns the mean and the fastest round in milliseconds.
#[wasm_bindgen]
pub async fn bench_recompute(rounds: u32) -> Result<String, JsValue> {
    let reg = IdbStore
        .load()
        .await
        .map_err(|e| JsValue::from_str(&e.message().render(crate::text::Locale::En)))?;
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
    Ok(format!("{{\"overview_mean_ms\":{mean:.2},\"overview_min_ms\":{min:.2},\"index_ms\":{index_ms:.2},\"tallies_ms\":{tallies_ms:.2},\"regions\":{regions},\"households\":{}}}", reg.households.len()))
}

/// Bytes of WebAssembly memory in use by the app now.
#[wasm_bindgen]
pub fn bench_memory() -> f64 {
    let mem: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let buf: js_sys::ArrayBuffer = mem.buffer().unchecked_into();
    buf.byte_length() as f64
}
