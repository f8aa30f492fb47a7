//! Personal data in headless Chromium: an exchange file sealed with a passphrase says nothing of
//! what it holds and opens only with that passphrase (a wrong one changes nothing); a whole
//! session — demo, pages, exports, imports — sends no request to any host but the app's own.

mod support;

use serde_json::json;
use support::{app, blob_bytes, import_base, wait_ready, write_temp, Browser, CAPTURE_BLOBS};

fn household_count(b: &Browser, s: &support::Server) -> String {
    b.goto(&s.url("/households"));
    wait_ready(b);
    b.wait("[data-metric=household_count]", 30);
    b.attr("[data-metric=household_count]", "data-value")
        .unwrap()
}

/// The sealed file chosen on the exchange page, which asks for its passphrase; `passphrase` typed
/// and unlock pressed.
fn unlock(b: &Browser, s: &support::Server, path: &std::path::Path, passphrase: &str) {
    b.goto(&s.url("/exchange"));
    wait_ready(b);
    b.type_into("[data-control=import-file]", path.to_str().unwrap());
    b.wait("[data-stage=locked]", 30);
    b.type_into("[data-control=import-passphrase]", passphrase);
    b.click("[data-control=import-unlock]");
}

#[test]
fn a_sealed_file_reveals_nothing_and_opens_only_with_its_passphrase() {
    let Some((s, b)) = app() else { return };
    import_base(&b, &s);
    b.goto(&s.url("/exchange"));
    wait_ready(&b);
    b.js(CAPTURE_BLOBS, json!([]));
    // Too short a passphrase is refused before anything is written.
    b.type_into("[data-control=export-passphrase]", "short");
    b.click("[data-control=export]");
    b.wait("[data-notice=error]", 10);
    assert_eq!(b.js("return window.__blobs.length", json!([])), json!(0));
    b.clear("[data-control=export-passphrase]");
    b.type_into("[data-control=export-passphrase]", "山丹县 2017 扶贫");
    b.click("[data-control=export]");
    b.wait_until("return window.__blobs.length === 1", 30, "the sealed file");
    let sealed = blob_bytes(&b, 0);
    let text = String::from_utf8(sealed.clone()).unwrap();
    assert!(
        text.starts_with("{\"format\":\"jingzhun-exchange-sealed\""),
        "{}",
        &text[..80]
    );
    let base = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/valid-base.json"),
    )
    .unwrap();
    let base: serde_json::Value = serde_json::from_str(&base).unwrap();
    for h in base["households"].as_array().unwrap() {
        for m in h["members"].as_array().unwrap() {
            for field in ["name", "id_number"] {
                if let Some(v) = m[field].as_str() {
                    assert!(!text.contains(v), "{field} {v} readable in the sealed file");
                }
            }
        }
    }
    assert!(!text.contains("households") && !text.contains("山岭县"));
    let path = write_temp("sealed.json", &sealed);
    drop(b);

    // A browser that has never seen the county: the file asks for its passphrase.
    let b = Browser::start();
    unlock(&b, &s, &path, "山丹县 2017 扶贫?");
    b.wait("[data-error=passphrase]", 30);
    assert!(b.text("[data-error=passphrase]").contains("密码不对"));
    assert_eq!(
        household_count(&b, &s),
        "0",
        "a wrong passphrase imports nothing"
    );

    unlock(&b, &s, &path, "山丹县 2017 扶贫");
    b.wait("[data-stage=planned]", 30);
    assert_eq!(
        b.attr("[data-plan='households.added']", "data-value")
            .unwrap(),
        "2"
    );
    b.click("[data-control=import-apply]");
    b.wait("[data-notice=ok]", 30);
    assert_eq!(household_count(&b, &s), "2");
}

#[test]
fn a_whole_session_requests_nothing_from_any_other_host() {
    if !support::enabled() {
        return;
    }
    let s = support::Server::start(support::dist_dir());
    let b = Browser::start_logging_network();
    let origin = s.url("/");
    let origin = origin.trim_end_matches('/');
    support::load_demo(&b, &s);
    for page in [
        "/households",
        "/regions",
        "/helpers",
        "/measures",
        "/funds",
        "/tasks",
        "/battle-map",
        "/report",
        "/quality",
        "/settings",
        "/exchange",
    ] {
        b.goto(&s.url(page));
        wait_ready(&b);
    }
    // An export through the spreadsheet worker, and the exchange file.
    b.js(CAPTURE_BLOBS, json!([]));
    b.click("[data-control=export]");
    b.click("[data-control=roster-xlsx]");
    b.wait_until("return window.__blobs.length === 2", 120, "both exports");
    let urls = b.requested_urls();
    assert!(
        urls.iter().any(|u| u.contains("_bg.wasm")),
        "the log holds the app's own requests: {urls:?}"
    );
    // Network requests only (the browser's own chrome:// start page is no request).
    let network = |u: &&String| {
        ["http:", "https:", "ws:", "wss:"]
            .iter()
            .any(|s| u.starts_with(s))
    };
    let elsewhere: Vec<&String> = urls
        .iter()
        .filter(network)
        .filter(|u| !u.starts_with(origin))
        .collect();
    assert!(
        elsewhere.is_empty(),
        "requests to other hosts: {elsewhere:?}"
    );
}
