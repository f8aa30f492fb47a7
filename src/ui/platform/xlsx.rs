//! Excel export and reading through the spreadsheet worker, started on first use and kept for
//! the session. A worker that fails (its module stopped on an error of its own) is ended and
//! forgotten, so the next Excel action starts a fresh one.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::domain::table::{Cell, Table};

thread_local! {
    static WORKER: RefCell<Option<web_sys::Worker>> = const { RefCell::new(None) };
}

/// Listens for the worker's next message (or error) from now on.
fn listen(w: &web_sys::Worker) -> JsFuture {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let ok = Closure::once_into_js(move |e: web_sys::MessageEvent| {
            let _ = resolve.call1(&JsValue::NULL, &e.data());
        });
        let err = Closure::once_into_js(move |e: web_sys::ErrorEvent| {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&e.message()));
        });
        w.set_onmessage(Some(ok.unchecked_ref()));
        w.set_onerror(Some(err.unchecked_ref()));
    });
    JsFuture::from(promise)
}

async fn next_message(listening: JsFuture) -> Result<JsValue, String> {
    listening.await.map_err(|e| {
        forget_worker();
        e.as_string().unwrap_or_else(|| format!("{e:?}"))
    })
}

/// Ends the worker, if any, so that the next request starts a new one.
fn forget_worker() {
    if let Some(w) = WORKER.with(|w| w.borrow_mut().take()) {
        w.terminate();
    }
}

/// The worker, started on first use and kept.
async fn worker() -> Result<web_sys::Worker, String> {
    if let Some(w) = WORKER.with(|w| w.borrow().clone()) {
        return Ok(w);
    }
    let w = start_worker().await?;
    WORKER.with(|slot| *slot.borrow_mut() = Some(w.clone()));
    Ok(w)
}

/// A new file worker, once it says "ready" (it listens from then on).
pub(super) async fn start_worker() -> Result<web_sys::Worker, String> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let url = doc
        .query_selector("meta[name=xlsx-worker]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .ok_or("the file worker is not part of this build")?;
    let w = web_sys::Worker::new(&url).map_err(|e| format!("{e:?}"))?;
    let hello = listen(&w).await;
    match hello {
        Ok(h) if h.as_string().as_deref() == Some("ready") => Ok(w),
        other => {
            w.terminate();
            Err(match other {
                Err(e) => e.as_string().unwrap_or_else(|| format!("{e:?}")),
                Ok(_) => "the file worker did not start".into(),
            })
        }
    }
}

/// Builds a workbook of `tables` (one sheet each) in the worker and offers it as a download
/// named `file_name`.
pub async fn export(file_name: &str, tables: Vec<Table>) -> Result<(), String> {
    let cell = |c: &Cell| match c {
        Cell::Text(t) => serde_json::Value::from(t.as_str()),
        Cell::Number(x) => serde_json::Value::from(*x),
    };
    let sheets: Vec<serde_json::Value> = tables
        .iter()
        .map(|t| {
            let rows: Vec<Vec<serde_json::Value>> = t
                .rows
                .iter()
                .map(|r| r.iter().map(cell).collect())
                .collect();
            serde_json::json!({"name": t.sheet, "header": t.header, "rows": rows})
        })
        .collect();
    let spec = serde_json::json!({ "sheets": sheets }).to_string();
    let w = worker().await?;
    let answer = listen(&w);
    w.post_message(&JsValue::from_str(&spec))
        .map_err(|e| format!("{e:?}"))?;
    let answer = next_message(answer).await?;
    if let Some(message) = answer.as_string() {
        return Err(message);
    }
    let bytes: js_sys::Uint8Array = answer.unchecked_into();
    super::files::download_bytes(
        file_name,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &bytes,
    );
    Ok(())
}

/// Reads a workbook's first sheet with data in the worker (calamine), as text cells.
pub async fn read(bytes: &[u8]) -> Result<crate::domain::roster::Sheet, String> {
    let w = worker().await?;
    let answer = listen(&w);
    w.post_message(&js_sys::Uint8Array::from(bytes))
        .map_err(|e| format!("{e:?}"))?;
    let answer = next_message(answer).await?;
    let text = answer
        .as_string()
        .ok_or("the spreadsheet worker answered nothing readable")?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    if let Some(e) = v["error"].as_str() {
        return Err(e.to_string());
    }
    let cells = |row: &serde_json::Value| -> Vec<String> {
        row.as_array()
            .into_iter()
            .flatten()
            .map(|c| c.as_str().unwrap_or_default().to_string())
            .collect()
    };
    Ok(crate::domain::roster::Sheet {
        header: cells(&v["header"]),
        rows: v["rows"]
            .as_array()
            .into_iter()
            .flatten()
            .map(cells)
            .collect(),
    })
}
