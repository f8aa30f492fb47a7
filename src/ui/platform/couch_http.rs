//! The sync client's [`Http`]: the browser's `fetch` to the CouchDB server the person set (by
//! default `/couchdb` on the app's own origin, behind the same reverse proxy: the page's
//! Content-Security-Policy allows no other). The session cookie travels with each request; a
//! request that gets no answer within [`TIMEOUT_MS`] counts as no network.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::sync::couch::{Http, Request, Response};
use crate::sync::SyncError;

/// A village phone on a weak signal: long enough for a page of 500 documents, short enough not
/// to hang the status line forever.
pub const TIMEOUT_MS: i32 = 60_000;

/// The server at `base` (`/couchdb`, `https://county.example/couchdb`).
pub struct Fetch {
    pub base: String,
}

impl Http for Fetch {
    async fn send(&self, req: Request) -> Result<Response, SyncError> {
        let window = web_sys::window().ok_or(SyncError::Offline)?;
        let url = format!("{}{}", self.base.trim_end_matches('/'), req.path);
        let init = web_sys::RequestInit::new();
        init.set_method(req.method);
        init.set_credentials(web_sys::RequestCredentials::Include);
        let headers = web_sys::Headers::new().map_err(|_| SyncError::Offline)?;
        let _ = headers.set("Accept", "application/json");
        if let Some(body) = &req.body {
            let _ = headers.set("Content-Type", "application/json");
            init.set_body(&JsValue::from_str(body));
        }
        init.set_headers(&headers);
        let abort = web_sys::AbortController::new().ok();
        if let Some(a) = &abort {
            init.set_signal(Some(&a.signal()));
            let a = a.clone();
            let cb = Closure::once_into_js(move || a.abort());
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                cb.unchecked_ref(),
                TIMEOUT_MS,
            );
        }
        let request = web_sys::Request::new_with_str_and_init(&url, &init).map_err(|e| {
            SyncError::Server {
                status: 0,
                reason: format!("{e:?}").chars().take(120).collect(),
            }
        })?;
        let resp: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(|_| SyncError::Offline)?
            .unchecked_into();
        let status = resp.status();
        let text = match resp.text() {
            Ok(p) => JsFuture::from(p)
                .await
                .map_err(|_| SyncError::Offline)?
                .as_string()
                .unwrap_or_default(),
            Err(_) => String::new(),
        };
        Ok(Response { status, body: text })
    }
}
