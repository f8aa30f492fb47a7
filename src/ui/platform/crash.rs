//! When the app itself fails (a panic: a bug, never bad input, which is refused in words), the
//! page is replaced by a plain message instead of freezing without a word: the saved records are
//! safe in the browser's database, what was being typed is kept as a draft, and a reload goes on.
//! The error text is there to copy for a report. Built with the DOM alone: after a panic the
//! reactive system cannot be trusted, and with `panic = "abort"` nothing runs after the hook.

use wasm_bindgen::JsCast;

use crate::store::{pref, Prefs};
use crate::text::{Locale, K};
use crate::ui::platform::prefs::LocalPrefs;

/// Installs the hook: the error in the console as before, then the message on the page.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show(&info.to_string());
    }));
}

fn show(error: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = doc.body() else { return };
    // Shown once: a second panic while showing it would only repeat it.
    if doc
        .query_selector("[data-state=crashed]")
        .ok()
        .flatten()
        .is_some()
    {
        return;
    }
    let l = LocalPrefs
        .get(pref::LANG)
        .and_then(|c| Locale::from_code(&c))
        .unwrap_or(Locale::Zh);
    let el = |tag: &str, text: Option<&str>| {
        let e = doc.create_element(tag).ok()?;
        if let Some(t) = text {
            e.set_text_content(Some(t));
        }
        Some(e)
    };
    let Some(page) = el("section", None) else {
        return;
    };
    let _ = page.set_attribute("class", "crashed");
    let _ = page.set_attribute("role", "alertdialog");
    let _ = page.set_attribute("data-state", "crashed");
    let parts = [
        el("h1", Some(K::crash_title.get(l))),
        el("p", Some(K::crash_data_safe.get(l))),
        el("p", Some(K::crash_draft_kept.get(l))),
    ];
    for p in parts.into_iter().flatten() {
        let _ = page.append_child(&p);
    }
    // A link to this very address reloads it without any code of ours (the module has stopped,
    // and the page's policy allows no inline script).
    if let Some(reload) = el("a", Some(K::crash_reload.get(l))) {
        let here = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_else(|| "/".into());
        let _ = reload.set_attribute("href", &here);
        let _ = reload.set_attribute("class", "button");
        // Not the router's to follow: a full load of the page.
        let _ = reload.set_attribute("rel", "external");
        let _ = reload.set_attribute("target", "_self");
        let _ = reload.set_attribute("data-control", "crash-reload");
        let _ = page.append_child(&reload);
    }
    if let Some(label) = el("p", Some(K::crash_details.get(l))) {
        let _ = page.append_child(&label);
    }
    if let Some(text) = el("textarea", None) {
        let _ = text.set_attribute("readonly", "");
        let _ = text.set_attribute("rows", "6");
        let _ = text.set_attribute("data-metric", "crash_error");
        if let Some(t) = text.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            t.set_value(error);
        }
        let _ = page.append_child(&text);
    }
    // The app's page stays in the document, hidden: nothing the person typed is thrown away.
    if let Ok(children) = doc.query_selector_all("body > *") {
        for i in 0..children.length() {
            if let Some(e) = children
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = e.style().set_property("display", "none");
            }
        }
    }
    let _ = body.append_child(&page);
    // Drafts are kept as typed: leaving must not ask (the question could not be answered now).
    super::unload_guard::disarm();
}
