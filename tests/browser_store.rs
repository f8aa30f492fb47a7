//! The store in headless Chromium: a database written by an earlier version of the app (one
//! object store per collection) opens in this one with every record, and is rewritten as a
//! snapshot; many small edits fold into a snapshot and survive a reload.

mod support;

use serde_json::{json, Value};
use support::{app, wait_ready};

#[test]
fn a_database_of_the_earlier_layout_opens_with_every_record() {
    let Some((s, b)) = app() else { return };
    let base: Value = serde_json::from_slice(
        &std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/valid-base.json"),
        )
        .unwrap(),
    )
    .unwrap();
    // A page of the origin that does not run the app, so nothing holds the database open.
    b.goto(&s.url("/sw.js"));
    let collections = [
        "regions",
        "households",
        "helpers",
        "pairings",
        "measures",
        "assistance",
        "funds",
        "tasks",
    ];
    let wrote = b.js_async(
        r#"const [base, collections, done] = arguments;
        const del = indexedDB.deleteDatabase('jingzhun');
        del.onsuccess = del.onerror = () => {
          const req = indexedDB.open('jingzhun', 3);
          req.onupgradeneeded = () => {
            for (const n of [...collections, 'meta', 'backups', 'backup_info', 'history']) req.result.createObjectStore(n);
          };
          req.onsuccess = () => {
            const db = req.result;
            const tx = db.transaction(collections, 'readwrite');
            let n = 0;
            for (const c of collections) for (const r of (base[c] || [])) { tx.objectStore(c).put(JSON.stringify(r), r.id); n++; }
            tx.oncomplete = () => { db.close(); done(n); };
            tx.onerror = () => done('error: ' + tx.error);
          };
          req.onerror = () => done('error: ' + req.error);
        };"#,
        json!([base, collections]),
    );
    let records: u64 = collections
        .iter()
        .map(|c| base[c].as_array().map_or(0, |a| a.len() as u64))
        .sum();
    assert_eq!(wrote, json!(records));
    b.goto(&s.url("/households"));
    wait_ready(&b);
    b.wait("[data-metric=household_count]", 30);
    assert_eq!(
        b.attr("[data-metric=household_count]", "data-value")
            .unwrap(),
        "2"
    );
    // Rewritten as a snapshot: the old stores are empty, the records are in chunks.
    let layout = b.js_async(
        r#"const done = arguments[arguments.length - 1];
        const req = indexedDB.open('jingzhun');
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction(['households', 'chunks', 'meta'], 'readonly');
          const old = tx.objectStore('households').count();
          const chunks = tx.objectStore('chunks').count();
          const meta = tx.objectStore('meta').get('snapshot');
          tx.oncomplete = () => { db.close(); done([old.result, chunks.result, !!meta.result]); };
        };"#,
        json!([]),
    );
    let l = layout.as_array().unwrap();
    assert_eq!(l[0], json!(0), "the old per-collection store is cleared");
    assert!(
        l[1].as_u64().unwrap() >= 1,
        "the records are in snapshot chunks"
    );
    assert_eq!(l[2], json!(true));
    // And they are still there after a reload.
    b.refresh();
    wait_ready(&b);
    b.wait("[data-metric=household_count]", 30);
    assert_eq!(
        b.attr("[data-metric=household_count]", "data-value")
            .unwrap(),
        "2"
    );
}

#[test]
fn a_file_over_the_devices_limit_is_refused_from_its_size() {
    let Some((s, b)) = app() else { return };
    b.goto(&s.url("/settings"));
    wait_ready(&b);
    b.wait("[data-control=max-file-mb]", 20);
    support::set_field_control(&b, "max-file-mb", "1");
    b.click("[data-control=max-file-save]");
    b.wait("[data-notice=ok]", 20);
    let text = jingzhun::exchange::to_json(
        &jingzhun::domain::demo::county(),
        "2017-10-23T08:00:00Z",
        "t",
        None,
    );
    assert!(text.len() > 2 << 20);
    let path = support::write_temp("too-large.json", text.as_bytes());
    b.goto(&s.url("/exchange"));
    wait_ready(&b);
    b.type_into("[data-control=import-file]", path.to_str().unwrap());
    b.wait("[data-stage=refused]", 20);
    let said = b.text("[data-stage=refused]");
    assert!(said.contains("MB"), "{said}");
    let _ = std::fs::remove_file(path);
}
