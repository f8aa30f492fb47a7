//! Browser-test support: a static file server for the built app (with the single-page fallback
//! and a stop switch, to prove offline start), chromedriver, and a small WebDriver client.

#![allow(dead_code)]

pub mod couch;
pub mod engines;
pub mod gen;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// Whether the browser layer is asked for (the README's test command sets JINGZHUN_E2E=1).
pub fn enabled() -> bool {
    if std::env::var("JINGZHUN_E2E").as_deref() == Ok("1") {
        true
    } else {
        eprintln!("browser tests need the release build and chromedriver: run scripts/dev.sh test");
        false
    }
}

pub fn dist_dir() -> PathBuf {
    std::env::var("JINGZHUN_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist"))
}

/// Serves `dist/` on 127.0.0.1 until dropped or stopped, and forwards `/couchdb/…` to the sync
/// tests' CouchDB stand-in when one is set ([`Proxy`]), as the recommended deployment's reverse
/// proxy does.
pub struct Server {
    pub port: u16,
    pub proxy: Proxy,
    stop: Arc<AtomicBool>,
    handle: Option<thread::JoinHandle<()>>,
}

/// Where `/couchdb/` goes (port 0: nowhere), and a switch that cuts the line: after `budget`
/// more requests (negative: never) each one is answered by closing the connection, as a
/// dropped network would.
#[derive(Clone)]
pub struct Proxy {
    pub port: Arc<std::sync::atomic::AtomicU16>,
    pub budget: Arc<std::sync::atomic::AtomicI64>,
}

impl Proxy {
    pub fn cut_after(&self, requests: i64) {
        self.budget.store(requests, Ordering::SeqCst);
    }
    pub fn restore(&self) {
        self.budget.store(-1, Ordering::SeqCst);
    }
}

fn forward(
    mut client: TcpStream,
    reader: &mut BufReader<TcpStream>,
    line: &str,
    headers: &[String],
    proxy: &Proxy,
) {
    let port = proxy.port.load(Ordering::SeqCst);
    let budget = proxy.budget.load(Ordering::SeqCst);
    if port == 0 || budget == 0 {
        return; // the connection closes unanswered
    }
    if budget > 0 {
        proxy.budget.fetch_sub(1, Ordering::SeqCst);
    }
    let len = headers
        .iter()
        .find_map(|h| {
            let (k, v) = h.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    let mut body = vec![0; len];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or("GET"), parts.next().unwrap_or("/"));
    let target = match target.strip_prefix("/couchdb") {
        Some("") => "/",
        Some(t) => t,
        None => target,
    };
    let Ok(mut up) = TcpStream::connect(("127.0.0.1", port)) else {
        return;
    };
    let mut head =
        format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for h in headers {
        let name = h
            .split(':')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if !matches!(
            name.as_str(),
            "host" | "connection" | "keep-alive" | "accept-encoding"
        ) {
            head.push_str(h.trim_end());
            head.push_str("\r\n");
        }
    }
    head.push_str("\r\n");
    if up
        .write_all(head.as_bytes())
        .and_then(|_| up.write_all(&body))
        .is_err()
    {
        return;
    }
    let _ = std::io::copy(&mut up, &mut client);
}

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

fn answer(mut stream: TcpStream, root: &Path, proxy: &Proxy) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).is_err() || h == "\r\n" || h.is_empty() {
            break;
        }
        headers.push(h);
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    if target == "/couchdb" || target.starts_with("/couchdb/") {
        let _ = stream.set_read_timeout(Some(Duration::from_secs(120)));
        return forward(stream, &mut reader, &line, &headers, proxy);
    }
    let path = line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .split('?')
        .next()
        .unwrap_or("/")
        .to_string();
    let rel = path.trim_start_matches('/');
    let mut file = root.join(if rel.is_empty() { "index.html" } else { rel });
    // Single-page fallback: a route such as /settings is the app's index page.
    if !file.is_file() && Path::new(rel).extension().is_none() {
        file = root.join("index.html");
    }
    let (status, body, kind) = match std::fs::read(&file) {
        Ok(b) => ("200 OK", b, mime(&file)),
        Err(_) => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    let head = format!("HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n", body.len());
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

impl Server {
    pub fn start(root: PathBuf) -> Server {
        assert!(
            root.join("index.html").is_file(),
            "no release build in {}: run scripts/dev.sh test",
            root.display()
        );
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let proxy = Proxy {
            port: Arc::new(std::sync::atomic::AtomicU16::new(0)),
            budget: Arc::new(std::sync::atomic::AtomicI64::new(-1)),
        };
        let forwarding = proxy.clone();
        let handle = thread::spawn(move || {
            while !flag.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((s, _)) => {
                        let _ = s.set_nonblocking(false);
                        let root = root.clone();
                        let proxy = forwarding.clone();
                        thread::spawn(move || answer(s, &root, &proxy));
                    }
                    Err(_) => thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Server {
            port,
            proxy,
            stop,
            handle: Some(handle),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Stops serving and closes the port: the browser's requests are refused from now on.
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A chromedriver process and one headless Chromium session with a fresh profile.
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    profile: PathBuf,
    /// The Xvfb server of a WebKitGTK browser ([`engines`]); stopped after the driver.
    display: Option<engines::Display>,
}

impl Browser {
    pub fn start() -> Browser {
        Browser::start_with(false)
    }

    /// A browser whose every network request (of pages and workers) is logged, for
    /// [`Browser::requested_urls`].
    pub fn start_logging_network() -> Browser {
        Browser::start_with(true)
    }

    /// A browser whose profile (and so its IndexedDB) lives in `profile`, e.g. on a small disk.
    pub fn start_in(profile: PathBuf) -> Browser {
        Browser::start_at(false, Some(profile))
    }

    fn start_with(log_network: bool) -> Browser {
        Browser::start_at(log_network, None)
    }

    fn start_at(log_network: bool, profile: Option<PathBuf>) -> Browser {
        let port = free_port();
        let driver =
            Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver on PATH (scripts/dev.sh installs it)");
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while ureq::get(&format!("{base}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            thread::sleep(Duration::from_millis(100));
        }
        let profile = profile.unwrap_or_else(|| {
            std::env::temp_dir().join(format!("jingzhun-profile-{}-{port}", std::process::id()))
        });
        let _ = std::fs::remove_dir_all(&profile);
        let chrome = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let logging = if log_network {
            json!({"performance": "ALL"})
        } else {
            json!({})
        };
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:loggingPrefs": logging,
            "goog:chromeOptions": {
                "binary": chrome,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,900",
                         format!("--user-data-dir={}", profile.display())]
            }
        }}});
        let resp: Value = ureq::post(&format!("{base}/session"))
            .send_json(caps)
            .expect("new session")
            .into_json()
            .unwrap();
        let session = resp["value"]["sessionId"]
            .as_str()
            .expect("session id")
            .to_string();
        let b = Browser {
            driver,
            base,
            session,
            profile,
            display: None,
        };
        b.cmd(
            "POST",
            "timeouts",
            json!({"script": 120000, "pageLoad": 60000}),
        );
        b
    }

    fn cmd(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}/{path}", self.base, self.session);
        let resp = match method {
            "GET" => ureq::get(&url).call(),
            "DELETE" => ureq::delete(&url).call(),
            _ => ureq::post(&url).send_json(body),
        };
        match resp {
            Ok(r) => r.into_json::<Value>().unwrap()["value"].clone(),
            Err(ureq::Error::Status(_, r)) => {
                let v: Value = r.into_json().unwrap_or(Value::Null);
                json!({"error": v["value"]["error"], "message": v["value"]["message"]})
            }
            Err(e) => json!({"error": "transport", "message": e.to_string()}),
        }
    }

    /// The URL of every request logged since the last call (a browser of
    /// [`Browser::start_logging_network`]).
    pub fn requested_urls(&self) -> Vec<String> {
        let log = self.cmd("POST", "se/log", json!({"type": "performance"}));
        log.as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| serde_json::from_str::<Value>(e["message"].as_str()?).ok())
            .filter(|m| m["message"]["method"] == "Network.requestWillBeSent")
            .filter_map(|m| {
                Some(
                    m["message"]["params"]["request"]["url"]
                        .as_str()?
                        .to_string(),
                )
            })
            .collect()
    }

    /// A DevTools command, passed through by chromedriver.
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.cmd(
            "POST",
            "goog/cdp/execute",
            json!({"cmd": cmd, "params": params}),
        )
    }

    pub fn goto(&self, url: &str) {
        let v = self.cmd("POST", "url", json!({ "url": url }));
        assert!(
            v.get("error").is_none() || v["error"].is_null(),
            "goto {url}: {v}"
        );
    }

    pub fn refresh(&self) {
        self.cmd("POST", "refresh", json!({}));
    }

    pub fn current_url(&self) -> String {
        self.cmd("GET", "url", Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Runs a script in the page; `arguments` are available to it.
    pub fn js(&self, script: &str, args: Value) -> Value {
        self.cmd(
            "POST",
            "execute/sync",
            json!({ "script": script, "args": args }),
        )
    }

    /// Runs an async script: it calls `arguments[arguments.length - 1](result)` when done.
    pub fn js_async(&self, script: &str, args: Value) -> Value {
        self.cmd(
            "POST",
            "execute/async",
            json!({ "script": script, "args": args }),
        )
    }

    pub fn find(&self, css: &str) -> Option<String> {
        let v = self.cmd(
            "POST",
            "element",
            json!({"using": "css selector", "value": css}),
        );
        v.as_object()?
            .iter()
            .find(|(k, _)| k.starts_with("element-"))?
            .1
            .as_str()
            .map(str::to_string)
    }

    pub fn find_all(&self, css: &str) -> Vec<String> {
        let v = self.cmd(
            "POST",
            "elements",
            json!({"using": "css selector", "value": css}),
        );
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| {
                        e.as_object()?
                            .iter()
                            .find(|(k, _)| k.starts_with("element-"))?
                            .1
                            .as_str()
                            .map(str::to_string)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits up to `secs` for an element to appear.
    pub fn wait(&self, css: &str, secs: u64) -> String {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if let Some(e) = self.find(css) {
                return e;
            }
            if Instant::now() > deadline {
                let body = self.js(
                    "return document.body ? document.body.innerText.slice(0, 2000) : ''",
                    json!([]),
                );
                panic!("timed out waiting for {css}; page says: {body}");
            }
            thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until `script` returns a truthy value.
    pub fn wait_until(&self, script: &str, secs: u64, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let v = self.js(script, json!([]));
            if v.as_bool() == Some(true) {
                return;
            }
            if Instant::now() > deadline {
                let body = self.js(
                    "return document.body ? document.body.innerText.slice(0, 2000) : ''",
                    json!([]),
                );
                panic!("timed out waiting for {what}: {v}; page says: {body}");
            }
            thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn click(&self, css: &str) {
        let e = self.wait(css, 20);
        let v = self.cmd("POST", &format!("element/{e}/click"), json!({}));
        assert!(
            v.is_null() || v.get("error").is_none_or(|e| e.is_null()),
            "click {css}: {v}"
        );
    }

    pub fn type_into(&self, css: &str, text: &str) {
        let e = self.wait(css, 20);
        let v = self.cmd(
            "POST",
            &format!("element/{e}/value"),
            json!({ "text": text }),
        );
        assert!(
            v.is_null() || v.get("error").is_none_or(|e| e.is_null()),
            "type into {css}: {v}"
        );
    }

    pub fn clear(&self, css: &str) {
        let e = self.wait(css, 20);
        self.cmd("POST", &format!("element/{e}/clear"), json!({}));
    }

    pub fn text(&self, css: &str) -> String {
        let e = self.wait(css, 20);
        self.cmd("GET", &format!("element/{e}/text"), Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn attr(&self, css: &str, name: &str) -> Option<String> {
        let e = self.wait(css, 20);
        self.cmd("GET", &format!("element/{e}/attribute/{name}"), Value::Null)
            .as_str()
            .map(str::to_string)
    }

    /// The plain number behind a figure: `data-value` of `[data-metric=NAME]`.
    pub fn metric(&self, name: &str) -> String {
        self.attr(&format!("[data-metric=\"{name}\"]"), "data-value")
            .unwrap_or_default()
    }

    pub fn select(&self, css: &str, value: &str) {
        let script = "const s = document.querySelector(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change', {bubbles: true})); return s.value;";
        let v = self.js(script, json!([css, value]));
        assert_eq!(v.as_str(), Some(value), "select {css} = {value}");
    }

    /// Dismisses an open confirm box (answers "cancel"); returns its text.
    pub fn dismiss_alert(&self) -> Option<String> {
        let text = self
            .cmd("GET", "alert/text", Value::Null)
            .as_str()
            .map(str::to_string);
        self.cmd("POST", "alert/dismiss", json!({}));
        text
    }

    /// The current tab's handle.
    pub fn tab(&self) -> String {
        self.cmd("GET", "window", Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Opens a second tab of the same browser (same storage) and switches to it.
    pub fn open_tab(&self) -> String {
        let v = self.cmd("POST", "window/new", json!({ "type": "tab" }));
        let handle = v["handle"].as_str().expect("a new tab").to_string();
        self.switch_tab(&handle);
        handle
    }

    pub fn switch_tab(&self, handle: &str) {
        self.cmd("POST", "window", json!({ "handle": handle }));
    }

    /// Closes the current tab at once, whatever it is doing (then switch to another).
    pub fn close_tab(&self) {
        self.cmd("DELETE", "window", Value::Null);
    }

    /// Resizes the browser window (a phone is 360 px wide).
    pub fn set_window(&self, width: u32, height: u32) {
        self.cmd(
            "POST",
            "window/rect",
            json!({ "width": width, "height": height }),
        );
    }

    pub fn screenshot(&self, path: &Path) {
        use base64_decode as b64;
        let v = self.cmd("GET", "screenshot", Value::Null);
        if let Some(s) = v.as_str() {
            let _ = std::fs::write(path, b64(s));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = ureq::delete(&format!("{}/session/{}", self.base, self.session)).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Minimal base64 decoding for screenshots (no extra dependency).
fn base64_decode(s: &str) -> Vec<u8> {
    let table = |c: u8| -> Option<u8> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        })
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for &c in s.as_bytes() {
        let Some(v) = table(c) else { continue };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// Reads all of a file (helper for fixtures).
pub fn read(path: &Path) -> Vec<u8> {
    let mut v = Vec::new();
    std::fs::File::open(path)
        .unwrap()
        .read_to_end(&mut v)
        .unwrap();
    v
}

/// Runs a future of the memory store (they finish at once) to its end.
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

/// Record ids for intents run in tests: `prefix-1`, `prefix-2`, … counted over the test run.
pub fn counted_id(prefix: &str) -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(1);
    format!("{prefix}-t{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

// What the browser tests share: the app served and a browser on it, waiting, importing the base
// file or the demo, typing into a control, capturing downloads.

pub fn app() -> Option<(Server, Browser)> {
    if !enabled() {
        return None;
    }
    let server = Server::start(dist_dir());
    let browser = Browser::start();
    Some((server, browser))
}

/// Waits for the app to have read its storage and painted the page of its address.
pub fn wait_ready(b: &Browser) {
    b.wait("header.top nav a", 60);
    b.wait_until(
        "return !document.querySelector('[data-state=loading]')",
        60,
        "storage read",
    );
    // A page is a module of its own: it renders once its module is fetched (docs/first-screen.md).
    b.wait_until(
        "const m = document.querySelector('main'); return !!m && m.textContent.trim().length > 0",
        30,
        "route content",
    );
}

/// Waits for the service worker to control the page: it has kept this build, every page's
/// module with it, so the app opens from here on without the network.
pub fn wait_service_worker(b: &Browser) {
    b.wait_until(
        "return !!navigator.serviceWorker && !!navigator.serviceWorker.controller",
        60,
        "service worker in control",
    );
}

/// Today's date by the machine's clock (the browser runs on the same machine).
pub fn today_utc() -> jingzhun::domain::date::Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    jingzhun::domain::date::Date::from_days((secs / 86_400) as i32)
}

/// A small registry with a county, a township and two villages (tests/corpus/valid-base.json).
/// Watches the page from before the file is chosen: every phase and percent shown, every main-
/// thread task over 50 ms (the Long Tasks API), and every worker started and ended.
pub const WATCH_IMPORT: &str = r#"
window.__seen = { phases: [], phase_at: [], percents: [], long: [], workers: 0, ended: 0, planned_at: null, t0: performance.now() };
const seen = window.__seen;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) seen.long.push({ at: e.startTime - seen.t0, ms: e.duration });
}).observe({ type: 'longtask' });
const RealWorker = window.Worker;
window.Worker = function (...args) {
  const w = new RealWorker(...args);
  seen.workers += 1;
  const end = w.terminate.bind(w);
  w.terminate = () => { seen.ended += 1; end(); };
  return w;
};
new MutationObserver(() => {
  const r = document.querySelector('[data-stage=reading]');
  if (r) {
    const p = r.getAttribute('data-phase');
    if (seen.phases[seen.phases.length - 1] !== p) { seen.phases.push(p); seen.phase_at.push(Math.round(performance.now() - seen.t0)); }
    const bar = r.querySelector('[data-metric=import_progress]');
    if (bar) seen.percents.push({ phase: p, value: Number(bar.getAttribute('value')) });
  }
  if (seen.planned_at === null && document.querySelector('[data-stage=planned]')) {
    seen.planned_at = performance.now() - seen.t0;
  }
}).observe(document.body, { subtree: true, childList: true, attributes: true });
"#;

pub fn import_base(b: &Browser, s: &Server) {
    let base = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/valid-base.json");
    b.goto(&s.url("/exchange"));
    wait_ready(b);
    b.type_into("[data-control=import-file]", base.to_str().unwrap());
    b.click("[data-control=import-apply]");
    b.wait("[data-notice=ok]", 60);
}

pub fn load_demo(b: &Browser, s: &Server) {
    b.goto(&s.url("/"));
    wait_ready(b);
    b.click("[data-control=load-demo]");
    b.wait_until(
        "return location.search.includes('as_of=2017-10-23')",
        120,
        "demo loaded",
    );
    b.wait("[data-metric=poor_households]", 60);
}

pub fn write_temp(name: &str, bytes: &[u8]) -> PathBuf {
    let p = std::env::temp_dir().join(format!("jingzhun-{}-{name}", std::process::id()));
    std::fs::write(&p, bytes).unwrap();
    p
}

pub fn set_field_control(b: &Browser, control: &str, value: &str) {
    let css = format!("[data-control='{control}']");
    b.clear(&css);
    b.type_into(&css, value);
}

/// The bytes of the k-th captured download.
pub fn blob_bytes(b: &Browser, k: usize) -> Vec<u8> {
    let v = b.js_async(
        "const done = arguments[arguments.length - 1]; window.__blobs[arguments[0]].arrayBuffer().then(a => done(Array.from(new Uint8Array(a))));",
        json!([k]),
    );
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap() as u8)
        .collect()
}

pub const CAPTURE_BLOBS: &str = "window.__blobs = []; const orig = URL.createObjectURL; URL.createObjectURL = function(b) { window.__blobs.push(b); return orig.call(URL, b); }; HTMLAnchorElement.prototype.click = function() { window.__names = (window.__names || []).concat([this.download]); }; return true;";

/// The demo's household with the sheep-raising order (小尾寒羊养殖): its page shows that plan and as
/// many helpers as pair with it today, counted from `reg`.
pub fn the_sheep_household_shows_its_plan_and_helpers(
    b: &Browser,
    s: &Server,
    reg: &jingzhun::domain::model::Registry,
) {
    let today = today_utc();
    let sheep = reg
        .assistance
        .iter()
        .filter_map(|a| a.body.as_ref())
        .find(|a| a.measure_id == "me-sheep")
        .unwrap();
    let helpers = reg
        .pairings
        .iter()
        .filter_map(|p| p.body.as_ref())
        .filter(|p| {
            Some(&p.household_id) == sheep.household_id.as_ref()
                && jingzhun::domain::calc::pairing_active(p, today)
        })
        .count();
    let sheep_household = sheep.household_id.clone().unwrap();
    b.goto(&s.url(&format!("/households/{sheep_household}")));
    wait_ready(b);
    b.wait("[data-panel=plan]", 20);
    assert!(b.text("[data-panel=plan]").contains("小尾寒羊养殖"));
    assert_eq!(
        b.attr("[data-panel=support] [data-helpers]", "data-helpers")
            .unwrap(),
        helpers.to_string()
    );
}
