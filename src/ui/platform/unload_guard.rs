//! While a form holds unsaved changes, closing or reloading the tab asks first (the browser's
//! own prompt), and so does following a link inside the app (a confirm box).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

type UnloadHandler = Closure<dyn FnMut(web_sys::BeforeUnloadEvent)>;
type ClickHandler = Closure<dyn FnMut(web_sys::MouseEvent)>;

thread_local! {
    static UNLOAD_GUARD: std::cell::RefCell<Option<(UnloadHandler, ClickHandler)>> =
        const { std::cell::RefCell::new(None) };
    /// The forms on screen holding unsaved changes, by key.
    static UNSAVED: std::cell::RefCell<std::collections::BTreeSet<u64>> =
        const { std::cell::RefCell::new(std::collections::BTreeSet::new()) };
}

/// Form `key` holds unsaved changes (or not): the guard stands while any form on screen does,
/// so one form saved does not lift it for another still being typed in.
pub fn set_unsaved(key: u64, unsaved: bool, question: &str) {
    let any = UNSAVED.with(|u| {
        let mut u = u.borrow_mut();
        if unsaved {
            u.insert(key);
        } else {
            u.remove(&key);
        }
        !u.is_empty()
    });
    guard_unload(any, question);
}

/// While `on`, closing or reloading the tab asks first (the browser's own prompt), and so does
/// following a link inside the app (a confirm box), so typed input is never lost by a slip.
pub fn guard_unload(on: bool, question: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let question = question.to_string();
    UNLOAD_GUARD.with(|g| {
        let mut g = g.borrow_mut();
        if on && g.is_none() {
            let unload = Closure::<dyn FnMut(web_sys::BeforeUnloadEvent)>::new(
                |e: web_sys::BeforeUnloadEvent| {
                    e.prevent_default();
                    e.set_return_value("unsaved");
                },
            );
            window.set_onbeforeunload(Some(unload.as_ref().unchecked_ref()));
            let click =
                Closure::<dyn FnMut(web_sys::MouseEvent)>::new(move |e: web_sys::MouseEvent| {
                    let on_link = e
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .and_then(|el| el.closest("a[href]").ok().flatten())
                        .is_some();
                    if on_link {
                        let leave = web_sys::window()
                            .and_then(|w| w.confirm_with_message(&question).ok())
                            .unwrap_or(true);
                        if !leave {
                            e.prevent_default();
                            e.stop_immediate_propagation();
                        }
                    }
                });
            let _ = document.add_event_listener_with_callback_and_bool(
                "click",
                click.as_ref().unchecked_ref(),
                true,
            );
            *g = Some((unload, click));
        } else if !on {
            if let Some((_, click)) = g.take() {
                window.set_onbeforeunload(None);
                let _ = document.remove_event_listener_with_callback_and_bool(
                    "click",
                    click.as_ref().unchecked_ref(),
                    true,
                );
            }
        }
    });
}

/// Lifts the guard whatever the forms hold (the crash page: every draft is already kept, and
/// its reload link must not ask). Safe to call while the app is failing: it never panics.
pub fn disarm() {
    if let Some(window) = web_sys::window() {
        window.set_onbeforeunload(None);
        let taken = UNLOAD_GUARD
            .try_with(|g| g.try_borrow_mut().ok().and_then(|mut g| g.take()))
            .ok()
            .flatten();
        if let (Some((_, click)), Some(document)) = (taken, window.document()) {
            let _ = document.remove_event_listener_with_callback_and_bool(
                "click",
                click.as_ref().unchecked_ref(),
                true,
            );
            // Kept alive: the listener list may still hold a reference this turn.
            std::mem::forget(click);
        }
    }
}
