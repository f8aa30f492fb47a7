//! Other open tabs of the app: each tells the others when it wrote to the store, and each reads
//! the store again when told; locking the app in one tab locks the others (BroadcastChannel).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    static CHANNEL: Option<web_sys::BroadcastChannel> = web_sys::BroadcastChannel::new("jingzhun").ok();
}

const CHANGED: &str = "changed";
const LOCKED: &str = "locked";

fn announce(what: &str) {
    CHANNEL.with(|c| {
        if let Some(c) = c {
            let _ = c.post_message(&JsValue::from_str(what));
        }
    });
}

fn on(what: &'static str, f: impl Fn() + 'static) {
    CHANNEL.with(|c| {
        if let Some(c) = c {
            let f = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                move |e: web_sys::MessageEvent| {
                    if e.data().as_string().as_deref() == Some(what) {
                        f()
                    }
                },
            );
            let _ = c.add_event_listener_with_callback("message", f.as_ref().unchecked_ref());
            f.forget();
        }
    });
}

/// Tells other open tabs that the registry changed, so they read it again.
pub fn announce_change() {
    announce(CHANGED);
}

/// Tells other open tabs that the person locked the app.
pub fn announce_lock() {
    announce(LOCKED);
}

/// Calls `on_change` whenever another tab announces a change.
pub fn on_other_tab_change(on_change: impl Fn() + 'static) {
    on(CHANGED, on_change);
}

/// Calls `on_lock` when another tab was locked by the person.
pub fn on_other_tab_lock(on_lock: impl Fn() + 'static) {
    on(LOCKED, on_lock);
}
