//! Small bridges to the browser: today's date, the time, random replica ids, downloads.

use wasm_bindgen::JsCast;

use crate::domain::date::Date;

/// Today in the device's local calendar.
pub fn today() -> Date {
    let d = js_sys::Date::new_0();
    Date::from_ymd(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .expect("the browser's date is real")
}

/// Now as RFC 3339 (UTC).
pub fn now() -> String {
    let s: String = js_sys::Date::new_0().to_iso_string().into();
    s
}

/// 128 random bits as 32 hex characters (crypto.getRandomValues).
pub fn random_hex() -> String {
    let mut bytes = [0u8; 16];
    let crypto = web_sys::window().and_then(|w| w.crypto().ok());
    match crypto {
        Some(c) if c.get_random_values_with_u8_array(&mut bytes).is_ok() => {}
        _ => {
            for b in bytes.iter_mut() {
                *b = (js_sys::Math::random() * 256.0) as u8;
            }
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

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
    let doc = web_sys::window().unwrap().document().unwrap();
    let a: web_sys::HtmlAnchorElement = doc.create_element("a").unwrap().unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.set_attribute("data-download", name).ok();
    doc.body().unwrap().append_child(&a).ok();
    a.click();
    a.remove();
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Milliseconds since page start, for timings shown to benchmarks.
pub fn perf_now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
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
