//! Registers the service worker and offers a new version with a prompt; it is never swapped in
//! under an open form: the page reloads only when the person says so.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::ServiceWorkerRegistration;

use leptos::prelude::Set;

use crate::ui::state::AppState;

thread_local! {
    static REGISTRATION: std::cell::RefCell<Option<ServiceWorkerRegistration>> = const { std::cell::RefCell::new(None) };
}

pub fn register(state: AppState) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    if !js_sys::Reflect::has(&window.navigator(), &JsValue::from_str("serviceWorker"))
        .unwrap_or(false)
    {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(reg) = JsFuture::from(container.register("/sw.js")).await else {
            return;
        };
        let reg: ServiceWorkerRegistration = reg.unchecked_into();
        REGISTRATION.with(|r| *r.borrow_mut() = Some(reg.clone()));
        let has_controller = window.navigator().service_worker().controller().is_some();
        if reg.waiting().is_some() && has_controller {
            state.update_ready.set(true);
        }
        let reg2 = reg.clone();
        let on_found = Closure::<dyn FnMut()>::new(move || {
            let Some(installing) = reg2.installing() else {
                return;
            };
            let inst = installing.clone();
            let on_state = Closure::<dyn FnMut()>::new(move || {
                let installed = inst.state() == web_sys::ServiceWorkerState::Installed;
                let controlled = web_sys::window()
                    .unwrap()
                    .navigator()
                    .service_worker()
                    .controller()
                    .is_some();
                if installed && controlled {
                    state.update_ready.set(true);
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        reg.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
        on_found.forget();
        // Once the person accepted an update and the new worker took over, load it.
        let on_controller = Closure::<dyn FnMut()>::new(move || {
            if ACCEPTED.with(|a| a.get()) {
                let _ = web_sys::window().unwrap().location().reload();
            }
        });
        window
            .navigator()
            .service_worker()
            .set_oncontrollerchange(Some(on_controller.as_ref().unchecked_ref()));
        on_controller.forget();
    });
}

thread_local! {
    static ACCEPTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

pub fn accept_update() {
    ACCEPTED.with(|a| a.set(true));
    REGISTRATION.with(|r| {
        if let Some(waiting) = r.borrow().as_ref().and_then(|r| r.waiting()) {
            let msg = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&msg, &"type".into(), &"SKIP_WAITING".into());
            let _ = waiting.post_message(&msg);
        }
    });
}
