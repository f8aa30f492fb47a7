//! The browser's storage estimate and its persistence grant.

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// Space used and available to this site, and whether its data is kept under pressure.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Estimate {
    pub usage: f64,
    pub quota: f64,
    pub persisted: bool,
}

fn reflect_f64(v: &JsValue, key: &str) -> Option<f64> {
    js_sys::Reflect::get(v, &JsValue::from_str(key))
        .ok()?
        .as_f64()
}

pub async fn estimate() -> Option<Estimate> {
    let storage = web_sys::window()?.navigator().storage();
    let est = JsFuture::from(storage.estimate().ok()?).await.ok()?;
    let persisted = JsFuture::from(storage.persisted().ok()?)
        .await
        .ok()?
        .as_bool()
        .unwrap_or(false);
    Some(Estimate {
        usage: reflect_f64(&est, "usage")?,
        quota: reflect_f64(&est, "quota")?,
        persisted,
    })
}

/// Asks the browser to keep this site's data even when space runs low.
pub async fn request_persistence() -> bool {
    let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) else {
        return false;
    };
    let Ok(p) = storage.persist() else {
        return false;
    };
    JsFuture::from(p)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}
