//! The file worker (spreadsheets and exchange files), built by trunk as a separate web worker so
//! that the first screen never carries the spreadsheet libraries and a long read never holds the
//! page. Three requests:
//! - a workbook described as JSON text
//!   (`{"sheets":[{"name":..,"header":[..],"rows":[[text or number, ..], ..]}]}`): answers with
//!   the XLSX file's bytes (or an error message as text);
//! - a file's bytes (XLSX, XLS, XLSB or ODS): answers with JSON text, `{"header":[..],"rows":
//!   [[..]]}` of its first sheet with data, every cell as text (dates as `YYYY-MM-DD`), or
//!   `{"error":".."}`;
//! - `{import: ArrayBuffer, limit_mb}`, an exchange file to read and check on its own: answers
//!   `{kind: "progress", percent}` as it reads, `{kind: "checking"}`, then either
//!   `{kind: "file", head, chunks: [Uint8Array…]}` (the hand-off of `jingzhun::exchange::handoff`,
//!   the chunks transferred) or `{kind: "refused", problems}`. The page ends this worker after
//!   it, so its memory is returned.

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    console_error_panic_hook::set_once();
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let data = e.data();
            if let Ok(buffer) = js_sys::Reflect::get(&data, &JsValue::from_str("import")) {
                if buffer.is_instance_of::<js_sys::ArrayBuffer>() {
                    let limit = js_sys::Reflect::get(&data, &JsValue::from_str("limit_mb"))
                        .ok()
                        .and_then(|l| l.as_f64())
                        .unwrap_or(0.0) as u64;
                    import(&reply, &buffer, limit);
                    return;
                }
            }
            let answer = match data.as_string() {
                Some(spec) => match workbook(&spec) {
                    Ok(bytes) => JsValue::from(js_sys::Uint8Array::from(&bytes[..])),
                    Err(message) => JsValue::from_str(&message),
                },
                None => {
                    let bytes = js_sys::Uint8Array::new(&data).to_vec();
                    let answer = match jingzhun::exchange::workbook::read_first_sheet(bytes) {
                        Ok((header, rows)) => serde_json::json!({"header": header, "rows": rows}),
                        Err(message) => serde_json::json!({ "error": message }),
                    };
                    JsValue::from_str(&answer.to_string())
                }
            };
            let _ = reply.post_message(&answer);
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages sent before this point would be lost: tell the page the worker is listening.
    let _ = scope.post_message(&JsValue::from_str("ready"));
}

/// A plain object of `fields`.
#[cfg(target_arch = "wasm32")]
fn object(fields: &[(&str, wasm_bindgen::JsValue)]) -> wasm_bindgen::JsValue {
    let o = js_sys::Object::new();
    for (k, v) in fields {
        let _ = js_sys::Reflect::set(&o, &(*k).into(), v);
    }
    o.into()
}

#[cfg(target_arch = "wasm32")]
fn import(scope: &web_sys::DedicatedWorkerGlobalScope, buffer: &wasm_bindgen::JsValue, limit: u64) {
    use jingzhun::exchange::{self, handoff, ImportPhase, Progress};
    use wasm_bindgen::JsValue;
    let bytes = js_sys::Uint8Array::new(buffer).to_vec();
    let teller = scope.clone();
    let progress = Progress::to(Some(Box::new(move |phase| {
        let message = match phase {
            ImportPhase::Reading(p) => {
                object(&[("kind", "progress".into()), ("percent", p.into())])
            }
            _ => object(&[("kind", "checking".into())]),
        };
        let _ = teller.post_message(&message);
    })));
    let read = exchange::read_alone(&bytes, limit, progress);
    drop(bytes);
    match read {
        Err(problems) => {
            let text = handoff::problems_to_text(&problems);
            let _ = scope.post_message(&object(&[
                ("kind", "refused".into()),
                ("problems", text.into()),
            ]));
        }
        Ok(file) => {
            let (head, chunks) = handoff::to_parts(&file);
            drop(file);
            let list = js_sys::Array::new();
            let transfer = js_sys::Array::new();
            for c in &chunks {
                let a = js_sys::Uint8Array::from(&c[..]);
                transfer.push(&a.buffer());
                list.push(&a);
            }
            drop(chunks);
            let message = object(&[
                ("kind", "file".into()),
                ("head", head.into()),
                ("chunks", JsValue::from(list)),
            ]);
            let _ = scope.post_message_with_transfer(&message, &transfer);
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn workbook(spec: &str) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let spec: serde_json::Value = serde_json::from_str(spec).map_err(|e| e.to_string())?;
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for sheet in spec["sheets"].as_array().ok_or("no sheets")? {
        let ws = book.add_worksheet();
        // Sheet names: at most 31 characters, none of []:*?/\ .
        let name: String = sheet["name"]
            .as_str()
            .unwrap_or("Sheet")
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        ws.set_name(&name).map_err(|e| e.to_string())?;
        for (c, h) in sheet["header"].as_array().into_iter().flatten().enumerate() {
            ws.write_string_with_format(0, c as u16, h.as_str().unwrap_or_default(), &bold)
                .map_err(|e| e.to_string())?;
        }
        for (r, row) in sheet["rows"].as_array().into_iter().flatten().enumerate() {
            for (c, cell) in row.as_array().into_iter().flatten().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                // Text is written as text (never as a formula), numbers as numbers.
                match cell {
                    serde_json::Value::Number(n) => {
                        ws.write_number(r, c, n.as_f64().unwrap_or(0.0)).map(|_| ())
                    }
                    serde_json::Value::String(s) => ws.write_string(r, c, s).map(|_| ()),
                    _ => Ok(()),
                }
                .map_err(|e| e.to_string())?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
        ws.autofit();
    }
    book.save_to_buffer().map_err(|e| e.to_string())
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the spreadsheet worker runs in the browser only");
}
