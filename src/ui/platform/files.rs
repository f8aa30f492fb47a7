//! Files in and out: offering text or bytes as a download, reading a chosen file, decoding text
//! files the way Excel writes them, and the browser's confirm box.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, mime: &str, text: &str) {
    offer(
        name,
        mime,
        &js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text)),
    );
}

/// Offers bytes as a file download named `name`.
pub fn download_bytes(name: &str, mime: &str, bytes: &js_sys::Uint8Array) {
    offer(name, mime, &js_sys::Array::of1(bytes));
}

fn offer(name: &str, mime: &str, parts: &js_sys::Array) {
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(a) = doc
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return;
    };
    a.set_href(&url);
    a.set_download(name);
    a.set_attribute("data-download", name).ok();
    if let Some(body) = doc.body() {
        body.append_child(&a).ok();
        a.click();
        a.remove();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The bytes of a file the person chose.
pub async fn file_bytes(file: web_sys::File) -> Result<Vec<u8>, String> {
    let buf = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("{e:?}"))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

/// A text file's bytes as text: UTF-8 (with or without a byte-order mark), UTF-16 with its mark
/// (Excel's "Unicode text"), else GB18030, which is what Excel on a Chinese Windows PC writes as
/// CSV. The browser's own decoder does the work, so no encoding tables ship with the app.
pub fn decode_text(bytes: &[u8]) -> String {
    let by_label = |label: &str| {
        web_sys::TextDecoder::new_with_label(label)
            .and_then(|d| d.decode_with_u8_array(bytes))
            .ok()
    };
    if bytes.starts_with(&[0xFF, 0xFE]) {
        if let Some(t) = by_label("utf-16le") {
            return t;
        }
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        if let Some(t) = by_label("utf-16be") {
            return t;
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => by_label("gb18030").unwrap_or_else(|| String::from_utf8_lossy(bytes).into()),
    }
}

/// Asks the person a yes/no question in a confirm box; no answer (no window) is "no".
pub fn confirm(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}

/// Opens the browser's print dialog.
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// A file's bytes as the browser holds them (not copied into the app's memory).
pub async fn file_buffer(file: web_sys::File) -> Result<js_sys::ArrayBuffer, String> {
    JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| "the file could not be read as bytes".to_string())
}
