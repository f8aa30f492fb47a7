//! The other engines behind the same WebDriver client: Firefox ESR through geckodriver, and
//! WebKitGTK's MiniBrowser (Safari's engine) through WebKitWebDriver, on an Xvfb display of its
//! own when the machine has none. `scripts/dev.sh test` installs them all.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::{dist_dir, enabled, free_port, Browser, Server};

/// A browser engine other than Chromium's.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Engine {
    /// Firefox ESR (Gecko), headless, through geckodriver.
    Firefox,
    /// WebKitGTK's MiniBrowser (WebKit, Safari's engine), through WebKitWebDriver.
    WebKit,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Firefox => "firefox",
            Engine::WebKit => "webkit",
        }
    }
}

fn tool(var: &str, default: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| default.to_string())
}

/// Where a driver's output goes: nowhere, or appended to `$JINGZHUN_ENGINE_LOG` (the browser's
/// console lands there too, for looking into a failure).
fn driver_output() -> (Stdio, Stdio) {
    match std::env::var_os("JINGZHUN_ENGINE_LOG").and_then(|p| {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(p)
            .ok()
    }) {
        Some(f) => match f.try_clone() {
            Ok(g) => (Stdio::from(f), Stdio::from(g)),
            Err(_) => (Stdio::from(f), Stdio::null()),
        },
        None => (Stdio::null(), Stdio::null()),
    }
}

/// An Xvfb server of one browser, stopped with it (after the driver: it is a field of
/// [`Browser`], dropped after `Browser::drop` has ended the session).
pub struct Display {
    xvfb: Child,
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}

/// The machine's display, or a new Xvfb one (the display number it picked, and the server).
fn display() -> (String, Option<Display>) {
    if let Some(d) = std::env::var("DISPLAY").ok().filter(|d| !d.is_empty()) {
        return (d, None);
    }
    let mut xvfb = Command::new(tool("XVFB", "Xvfb"))
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x900x24",
            "-nolisten",
            "tcp",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb on PATH for WebKitGTK (scripts/dev.sh installs the xvfb package)");
    let mut line = String::new();
    let read = BufReader::new(xvfb.stdout.take().unwrap()).read_line(&mut line);
    let number = line.trim().to_string();
    if read.is_err() || number.is_empty() {
        let _ = xvfb.kill();
        panic!("Xvfb did not say which display it opened");
    }
    (format!(":{number}"), Some(Display { xvfb }))
}

impl Browser {
    /// A fresh session of `engine`, driven by the same methods as Chromium's. Panics when the
    /// engine or its driver is missing: the test command installs them.
    pub fn start_engine(engine: Engine) -> Browser {
        let port = free_port();
        let profile = std::env::temp_dir().join(format!(
            "jingzhun-{}-{}-{port}",
            engine.name(),
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&profile);
        std::fs::create_dir_all(&profile).unwrap();
        let (stdout, stderr) = driver_output();
        let (driver, caps, display) = match engine {
            Engine::Firefox => {
                let firefox = tool("FIREFOX", "/usr/bin/firefox-esr");
                assert!(
                    Path::new(&firefox).is_file(),
                    "no Firefox at {firefox} (scripts/dev.sh installs firefox-esr)"
                );
                let driver = Command::new(tool("GECKODRIVER", "geckodriver"))
                    .arg(format!("--port={port}"))
                    .stdout(stdout)
                    .stderr(stderr)
                    .spawn()
                    .expect("geckodriver on PATH (scripts/dev.sh installs it with cargo install)");
                let caps = json!({"capabilities": {"alwaysMatch": {
                    "browserName": "firefox",
                    "moz:firefoxOptions": {
                        "binary": firefox,
                        "args": ["-headless", "-profile", profile.to_str().unwrap()],
                        "prefs": {"devtools.console.stdout.content": true}
                    }
                }}});
                (driver, caps, None)
            }
            Engine::WebKit => {
                let minibrowser = tool(
                    "MINIBROWSER",
                    "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
                );
                assert!(
                    Path::new(&minibrowser).is_file(),
                    "no MiniBrowser at {minibrowser} (scripts/dev.sh installs webkit2gtk-driver)"
                );
                let (number, display) = display();
                // MiniBrowser in automation mode keeps its data in memory only; whatever it
                // writes all the same goes to the profile folder, removed with the browser.
                let driver = Command::new(tool("WEBKITWEBDRIVER", "WebKitWebDriver"))
                    .arg(format!("--port={port}"))
                    .env("DISPLAY", number)
                    .env("XDG_DATA_HOME", profile.join("data"))
                    .env("XDG_CACHE_HOME", profile.join("cache"))
                    .env("XDG_CONFIG_HOME", profile.join("config"))
                    .stdout(stdout)
                    .stderr(stderr)
                    .spawn()
                    .expect("WebKitWebDriver on PATH (scripts/dev.sh installs webkit2gtk-driver)");
                let caps = json!({"capabilities": {"alwaysMatch": {
                    "browserName": "MiniBrowser",
                    "webkitgtk:browserOptions": {
                        "binary": minibrowser,
                        "args": ["--automation", "--enable-write-console-messages-to-stdout=true"]
                    }
                }}});
                (driver, caps, display)
            }
        };
        let base = format!("http://127.0.0.1:{port}");
        let mut b = Browser {
            driver,
            base,
            session: String::new(),
            profile,
            display,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while ureq::get(&format!("{}/status", b.base)).call().is_err() {
            assert!(
                Instant::now() < deadline,
                "the {} driver did not start",
                engine.name()
            );
            thread::sleep(Duration::from_millis(100));
        }
        let resp: Value = match ureq::post(&format!("{}/session", b.base)).send_json(caps) {
            Ok(r) => r.into_json().unwrap(),
            Err(ureq::Error::Status(code, r)) => {
                panic!(
                    "new {} session: {code} {}",
                    engine.name(),
                    r.into_string().unwrap_or_default()
                )
            }
            Err(e) => panic!("new {} session: {e}", engine.name()),
        };
        b.session = resp["value"]["sessionId"]
            .as_str()
            .expect("session id")
            .to_string();
        b.cmd(
            "POST",
            "timeouts",
            json!({"script": 120000, "pageLoad": 60000}),
        );
        b.set_window(1280, 900);
        b
    }
}

/// The app served and a fresh `engine` browser on it (None: the browser layer is not asked for).
pub fn app_in(engine: Engine) -> Option<(Server, Browser)> {
    if !enabled() {
        return None;
    }
    let server = Server::start(dist_dir());
    let browser = Browser::start_engine(engine);
    Some((server, browser))
}

/// Every `data-metric` on the page with its `data-value`, the first of each name (as
/// [`Browser::metric`] reads it), in one round trip.
pub fn metrics(b: &Browser) -> std::collections::BTreeMap<String, String> {
    let v = b.js(
        "const m = {}; for (const e of document.querySelectorAll('[data-metric]')) { if (!(e.dataset.metric in m)) m[e.dataset.metric] = e.dataset.value ?? null; } return m;",
        json!([]),
    );
    v.as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
        .collect()
}

/// A screenshot in the build folder, named by the engine, to look at.
pub fn screenshot(b: &Browser, engine: Engine, name: &str) -> PathBuf {
    let shot = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join(format!("{name}-{}.png", engine.name()));
    let _ = std::fs::create_dir_all(shot.parent().unwrap());
    b.screenshot(&shot);
    shot
}

/// Reloads the page as a person does (F5): through the service worker. WebDriver's Refresh is a
/// forced reload in Firefox (Marionette's `navigate.refresh` passes `LOAD_FLAGS_BYPASS_CACHE`, as
/// Shift+F5 does), which goes past the service worker to the network by the spec.
pub fn reload(b: &Browser) {
    b.js(
        "window.__before_reload = true; location.reload(); return true",
        json!([]),
    );
    b.wait_until(
        "return !window.__before_reload && document.readyState === 'complete'",
        60,
        "the page reloaded",
    );
}
