//! Personal data in headless Chromium: an exchange file sealed with a passphrase says nothing of
//! what it holds and opens only with that passphrase (a wrong one changes nothing); the app lock
//! seals every stored record, backup, history entry and draft, and opens only with its
//! passphrase; a whole session — demo, pages, exports, imports — sends no request to any host
//! but the app's own.

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

/// Every value of the sealed stores, and of the drafts, as stored: whether each is sealed, and
/// whether any holds one of `needles` (names, ID numbers) in clear.
const DUMP_STORE: &str = r#"
const [needles, done] = [arguments[0], arguments[arguments.length - 1]];
const open = indexedDB.open('jingzhun');
open.onsuccess = () => {
  const db = open.result;
  const names = ['chunks', 'log', 'history', 'backups'].filter(n => db.objectStoreNames.contains(n));
  const tx = db.transaction(names);
  const out = {values: 0, sealed: 0, clear: []};
  const look = (where, v) => {
    const bytes = typeof v === 'string' ? new TextEncoder().encode(v) : new Uint8Array(v);
    const text = new TextDecoder().decode(bytes);
    out.values += 1;
    if (text.startsWith('JZs1')) out.sealed += 1;
    for (const n of needles) if (text.includes(n)) out.clear.push(where + ': ' + n);
  };
  let left = names.length;
  for (const n of names) {
    const req = tx.objectStore(n).getAll();
    req.onsuccess = () => {
      req.result.forEach(v => look(n, v));
      if (--left === 0) {
        for (const k of Object.keys(localStorage).filter(k => k.startsWith('jingzhun.draft:'))) {
          let v = localStorage.getItem(k);
          try { v = JSON.parse(v); } catch (e) {}
          out.values += 1;
          if (v.startsWith('jzs1:')) out.sealed += 1;
          for (const x of needles) if (v.includes(x)) out.clear.push('draft: ' + x);
        }
        db.close();
        done(out);
      }
    };
  }
};
open.onerror = () => done({error: String(open.error)});
"#;

const PASSPHRASE: &str = "村口老槐树2017";

/// Opens `path`, which starts on the lock screen, and unlocks it with `passphrase`.
fn open_locked(b: &Browser, s: &support::Server, path: &str, passphrase: &str) {
    b.goto(&s.url(path));
    b.wait("[data-state=locked]", 30);
    b.type_into("[data-control=unlock-passphrase]", passphrase);
    b.click("[data-control=unlock-apply]");
    b.wait_until(
        "return !document.querySelector('[data-state=locked]') && !document.querySelector('[data-state=loading]')",
        30,
        "unlocked",
    );
}

fn dump(b: &Browser, needles: &[String]) -> serde_json::Value {
    b.js_async(DUMP_STORE, json!([needles]))
}

#[test]
fn the_app_lock_seals_every_stored_record_and_draft_and_opens_only_with_its_passphrase() {
    let Some((s, b)) = app() else { return };
    import_base(&b, &s);
    let base: serde_json::Value = serde_json::from_slice(&support::read(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/valid-base.json"),
    ))
    .unwrap();
    let mut needles: Vec<String> = Vec::new();
    for h in base["households"].as_array().unwrap() {
        for m in h["members"].as_array().unwrap() {
            for field in ["name", "id_number"] {
                if let Some(v) = m[field].as_str() {
                    needles.push(v.to_string());
                }
            }
        }
    }
    let households = base["households"].as_array().unwrap().len().to_string();
    // An edit saved (a log entry and a history entry) and a draft left unsaved.
    b.goto(&s.url("/households/h-1/edit"));
    b.wait("[data-field=phone]", 30);
    b.clear("[data-field=phone]");
    b.type_into("[data-field=phone]", "13800001111");
    b.click("[data-control=save-household]");
    b.wait("[data-household='h-1']", 30);
    b.goto(&s.url("/households/h-2/edit"));
    b.wait("[data-field=address]", 30);
    b.type_into("[data-field=address]", "草稿里的地址");
    b.wait_until(
        "return Object.keys(localStorage).some(k => k.startsWith('jingzhun.draft:/households/h-2/edit'))",
        10,
        "draft kept",
    );
    needles.push("草稿里的地址".into());
    needles.push("13800001111".into());
    // Without the lock, names, ID numbers and the draft are there to read.
    let plain = dump(&b, &needles);
    assert!(
        plain["clear"].as_array().unwrap().len() >= needles.len(),
        "{plain}"
    );

    b.goto(&s.url("/settings"));
    wait_ready(&b);
    // Too short, then typed differently twice: refused, nothing sealed.
    b.type_into("[data-control=lock-passphrase]", "abc");
    b.type_into("[data-control=lock-passphrase-again]", "abc");
    b.click("[data-control=lock-set]");
    b.wait("[data-lock-said=error]", 10);
    assert!(b.text("[data-lock-said=error]").contains('6'));
    b.type_into("[data-control=lock-passphrase]", PASSPHRASE);
    b.type_into("[data-control=lock-passphrase-again]", "村口老槐树2018");
    b.click("[data-control=lock-set]");
    b.wait_until(
        "return document.querySelector('[data-lock-said=error]').textContent.includes('不一致')",
        10,
        "mismatch said",
    );
    assert!(b.find("[data-metric=app_lock]").is_none());
    b.type_into("[data-control=lock-passphrase]", PASSPHRASE);
    b.type_into("[data-control=lock-passphrase-again]", PASSPHRASE);
    b.click("[data-control=lock-set]");
    b.wait("[data-lock-said=ok]", 60);
    assert_eq!(
        b.attr("[data-metric=app_lock]", "data-value").as_deref(),
        Some("on")
    );
    let sealed = dump(&b, &needles);
    assert_eq!(sealed["clear"], json!([]), "{sealed}");
    assert!(sealed["values"].as_u64().unwrap() >= 4, "{sealed}");
    assert_eq!(sealed["sealed"], sealed["values"], "{sealed}");

    // An edit under the lock is sealed as it is written. (Every page load starts locked: the key
    // lives in the page's memory only.)
    open_locked(&b, &s, "/households/h-1/edit", PASSPHRASE);
    b.wait("[data-field=phone]", 30);
    b.clear("[data-field=phone]");
    b.type_into("[data-field=phone]", "13900002222");
    b.click("[data-control=save-household]");
    b.wait("[data-household='h-1']", 30);
    needles.push("13900002222".into());
    let after_edit = dump(&b, &needles);
    assert_eq!(after_edit["clear"], json!([]), "{after_edit}");
    assert_eq!(after_edit["sealed"], after_edit["values"], "{after_edit}");

    // A reload opens on the lock screen: no figure, no page, until the passphrase is given.
    b.refresh();
    b.wait("[data-state=locked]", 30);
    b.goto(&s.url("/households"));
    b.wait("[data-state=locked]", 30);
    assert!(b.find("[data-metric=household_count]").is_none());
    b.type_into("[data-control=unlock-passphrase]", "村口老槐树2018");
    b.click("[data-control=unlock-apply]");
    b.wait("[data-lock-said=error]", 30);
    assert!(b.find("[data-state=locked]").is_some());
    b.type_into("[data-control=unlock-passphrase]", PASSPHRASE);
    b.click("[data-control=unlock-apply]");
    b.wait("[data-metric=household_count]", 30);
    assert_eq!(
        b.attr("[data-metric=household_count]", "data-value")
            .as_deref(),
        Some(households.as_str())
    );
    open_locked(&b, &s, "/households/h-1", PASSPHRASE);
    b.wait("[data-household='h-1']", 30);
    assert_eq!(b.text("[data-fact=phone]"), "13900002222");
    // The draft comes back, opened with the key.
    open_locked(&b, &s, "/households/h-2/edit", PASSPHRASE);
    b.wait_until(
        "const a = document.querySelector('[data-field=address]'); return a && a.value === '草稿里的地址'",
        30,
        "the sealed draft restored",
    );

    // Locked by hand from the top bar; then the lock taken off: every value plain again.
    b.click("[data-control=lock-now]");
    b.wait("[data-state=locked]", 30);
    open_locked(&b, &s, "/settings", PASSPHRASE);
    b.wait("[data-control=lock-remove]", 30);
    b.type_into("[data-control=lock-old-passphrase]", "wrong passphrase");
    b.click("[data-control=lock-remove]");
    b.wait("[data-lock-said=error]", 30);
    assert!(b.find("[data-metric=app_lock]").is_some());
    b.type_into("[data-control=lock-old-passphrase]", PASSPHRASE);
    b.click("[data-control=lock-remove]");
    b.wait("[data-lock-said=ok]", 60);
    assert!(b.find("[data-metric=app_lock]").is_none());
    let open = dump(&b, &needles);
    assert_eq!(open["sealed"], json!(0), "{open}");
    b.refresh();
    assert_eq!(household_count(&b, &s), households);

    // A forgotten passphrase: the device is erased whole (after asking), and starts empty.
    b.goto(&s.url("/settings"));
    wait_ready(&b);
    b.type_into("[data-control=lock-passphrase]", PASSPHRASE);
    b.type_into("[data-control=lock-passphrase-again]", PASSPHRASE);
    b.click("[data-control=lock-set]");
    b.wait("[data-metric=app_lock]", 60);
    b.refresh();
    b.wait("[data-state=locked]", 30);
    b.click(".lock-forgot summary");
    b.js("window.confirm = () => false; return true;", json!([]));
    b.click("[data-control=lock-erase]");
    assert!(
        b.find("[data-state=locked]").is_some(),
        "not erased unasked"
    );
    b.js("window.confirm = () => true; return true;", json!([]));
    b.click("[data-control=lock-erase]");
    b.wait_until(
        "return !document.querySelector('[data-state=locked]') && !!document.querySelector('[data-control=load-demo]')",
        30,
        "an empty app",
    );
    let erased = dump(&b, &needles);
    assert_eq!(erased["clear"], json!([]), "{erased}");
    assert_eq!(erased["sealed"], json!(0), "{erased}");
    assert_eq!(household_count(&b, &s), "0");
}

/// A database of a newer app under the app lock: the lock screen comes first, then the safe
/// mode, whose export opens every sealed record with the key.
#[test]
fn a_newer_database_under_the_app_lock_is_unlocked_before_the_safe_mode_exports_it() {
    let Some((s, b)) = app() else { return };
    import_base(&b, &s);
    b.goto(&s.url("/settings"));
    wait_ready(&b);
    b.type_into("[data-control=lock-passphrase]", PASSPHRASE);
    b.type_into("[data-control=lock-passphrase-again]", PASSPHRASE);
    b.click("[data-control=lock-set]");
    b.wait("[data-metric=app_lock]", 60);
    // A newer app raised the database's version (its records stay as they were).
    b.goto(&s.url("/sw.js"));
    let raised = b.js_async(
        r#"const done = arguments[arguments.length - 1];
        const req = indexedDB.open('jingzhun', 99999);
        req.onsuccess = () => { req.result.close(); done('ok'); };
        req.onerror = () => done('error: ' + req.error);"#,
        json!([]),
    );
    assert_eq!(raised, json!("ok"));
    open_locked(&b, &s, "/", PASSPHRASE);
    b.wait("[data-state=safe-mode]", 30);
    b.js(CAPTURE_BLOBS, json!([]));
    b.click("[data-control=safe-export]");
    b.wait_until("return window.__blobs.length === 1", 30, "the salvage file");
    let file: serde_json::Value = serde_json::from_slice(&blob_bytes(&b, 0)).unwrap();
    let ids: Vec<&str> = file["households"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["id"].as_str())
        .collect();
    assert_eq!(ids, ["h-1", "h-2"]);
}
