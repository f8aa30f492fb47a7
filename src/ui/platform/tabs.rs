//! Other open tabs of the app: each tells the others when it wrote to the store, and each reads
//! the store again when told (BroadcastChannel).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    static CHANNEL: Option<web_sys::BroadcastChannel> = web_sys::BroadcastChannel::new("jingzhun").ok();
}

/// Tells other open tabs that the registry changed, so they read it again.
pub fn announce_change() {
    CHANNEL.with(|c| {
        if let Some(c) = c {
            let _ = c.post_message(&JsValue::from_str("changed"));
        }
    });
}

/// Calls `on_change` whenever another tab announces a change.
pub fn on_other_tab_change(on_change: impl Fn() + 'static) {
    CHANNEL.with(|c| {
        if let Some(c) = c {
            let f = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| on_change());
            c.set_onmessage(Some(f.as_ref().unchecked_ref()));
            f.forget();
        }
    });
}
