//! An exchange file read and checked in the file worker (`src/bin/xlsx_worker.rs`), so that the
//! page stays responsive while a county's file is read: the bytes are transferred to a worker of
//! its own, its progress is told as it reads, the checked records come back as snapshot chunks
//! (transferred, not copied) that the page puts together a few at a time between frames, and the
//! worker is ended, so the memory it took is returned to the system.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::exchange::handoff::{self, Assembly};
use crate::exchange::{FileAlone, ImportPhase, Problem};

/// What the worker made of a file.
pub enum WorkerRead {
    Read(Box<FileAlone>),
    Refused(Vec<Problem>),
}

/// How long the page works at putting records together before it lets the browser paint.
const SLICE_MS: f64 = 25.0;

fn field(v: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Reads `buffer` (transferred: it is empty here afterwards) in a new file worker, telling `on`
/// each phase. An error is the worker's failure (not the file's), for the caller to fall back on.
pub async fn read(
    buffer: js_sys::ArrayBuffer,
    limit_mb: u64,
    on: Rc<dyn Fn(ImportPhase)>,
) -> Result<WorkerRead, String> {
    let w = super::xlsx::start_worker().await?;
    let answer = ask(&w, buffer, limit_mb, on.clone()).await;
    w.terminate();
    let answer = answer?;
    match field(&answer, "kind").as_string().as_deref() {
        Some("refused") => {
            let text = field(&answer, "problems").as_string().unwrap_or_default();
            handoff::problems_from_text(&text).map(WorkerRead::Refused)
        }
        Some("file") => {
            let head = field(&answer, "head").as_string().unwrap_or_default();
            let chunks: js_sys::Array = field(&answer, "chunks")
                .dyn_into()
                .map_err(|_| "no chunks")?;
            let mut file = Assembly::new(&head)?;
            let total = chunks.length().max(1);
            let mut since = now_ms();
            for (k, chunk) in chunks.iter().enumerate() {
                let bytes = js_sys::Uint8Array::new(&chunk).to_vec();
                file.add(&bytes)?;
                if now_ms() - since > SLICE_MS {
                    on(ImportPhase::Receiving((k as u32 * 100 / total) as u8));
                    // The store's pause, not a timer: a tab in the background would wait a
                    // second at every timer, and an import there would take minutes.
                    crate::store::idb::pause().await;
                    since = now_ms();
                }
            }
            drop(chunks);
            file.finish().map(|f| WorkerRead::Read(Box::new(f)))
        }
        _ => Err("the file worker answered nothing readable".into()),
    }
}

/// Sends the file and waits for the worker's last answer, telling `on` its progress meanwhile.
async fn ask(
    w: &web_sys::Worker,
    buffer: js_sys::ArrayBuffer,
    limit_mb: u64,
    on: Rc<dyn Fn(ImportPhase)>,
) -> Result<JsValue, String> {
    type Settle = Rc<RefCell<Option<(js_sys::Function, js_sys::Function)>>>;
    let settle: Settle = Rc::new(RefCell::new(None));
    let slot = settle.clone();
    let done = js_sys::Promise::new(&mut |resolve, reject| {
        *slot.borrow_mut() = Some((resolve, reject));
    });
    let answered = settle.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let data = e.data();
            match field(&data, "kind").as_string().as_deref() {
                Some("progress") => {
                    let p = field(&data, "percent").as_f64().unwrap_or(0.0) as u8;
                    on(ImportPhase::Reading(p));
                }
                Some("checking") => on(ImportPhase::Checking),
                _ => {
                    if let Some((resolve, _)) = answered.borrow_mut().take() {
                        let _ = resolve.call1(&JsValue::NULL, &data);
                    }
                }
            }
        });
    let failed = settle.clone();
    let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
        if let Some((_, reject)) = failed.borrow_mut().take() {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&e.message()));
        }
    });
    w.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    w.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let request = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&request, &"import".into(), &buffer);
    let _ = js_sys::Reflect::set(&request, &"limit_mb".into(), &(limit_mb as f64).into());
    let transfer = js_sys::Array::of1(&buffer);
    w.post_message_with_transfer(&request, &transfer)
        .map_err(|e| format!("{e:?}"))?;
    let answer = JsFuture::from(done)
        .await
        .map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}")));
    w.set_onmessage(None);
    w.set_onerror(None);
    drop((on_message, on_error));
    answer
}
