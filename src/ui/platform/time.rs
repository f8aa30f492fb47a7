//! Today's date, the time, milliseconds for benchmarks, and random hex for ids.

use crate::domain::date::Date;

/// Today in the device's local calendar.
pub fn today() -> Date {
    let d = js_sys::Date::new_0();
    Date::from_ymd(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .unwrap_or_else(|| Date::from_days(0))
}

/// Now as RFC 3339 (UTC).
pub fn now() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

/// Milliseconds since page start, for timings shown to benchmarks.
pub fn perf_now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
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

/// A fresh record id: `prefix-` and 80 random bits.
pub fn new_id(prefix: &str) -> String {
    format!("{prefix}-{}", &random_hex()[..20])
}

/// Yields to the browser once (a zero timeout), so that what was just set on screen is painted
/// before a long synchronous step.
pub async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
