//! The sync tests' CouchDB: pouchdb-server (a pinned npm package, installed by
//! `scripts/dev.sh test`) in memory on 127.0.0.1, with an admin, set up for a registry by the
//! project's own `scripts/couchdb-setup` (databases, rules, logins) — the same script a county
//! runs against its CouchDB 3.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

pub const ADMIN: (&str, &str) = ("admin", "secret");
pub const COUNTY_PASSWORD: &str = "county-pass-1";

fn pouchdb_server() -> PathBuf {
    std::env::var("JINGZHUN_POUCHDB")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            let home = std::env::var("HOME").unwrap_or_default();
            PathBuf::from(home).join(".cache/jingzhun/pouchdb/node_modules/.bin/pouchdb-server")
        })
}

fn basic(user: &str, password: &str) -> String {
    format!(
        "Basic {}",
        jingzhun::exchange::sealed::base64_encode(format!("{user}:{password}").as_bytes())
    )
}

pub struct Couch {
    child: Child,
    pub port: u16,
    /// Login → password, as couchdb-setup made them (`county`, `v_<village>`).
    pub passwords: HashMap<String, String>,
    dir: PathBuf,
}

impl Couch {
    /// Starts the server and sets it up for the registry in `registry` (an exchange file).
    pub fn start(registry: &Path) -> Couch {
        let bin = pouchdb_server();
        assert!(
            bin.exists(),
            "no pouchdb-server at {}: scripts/dev.sh test installs it",
            bin.display()
        );
        let dir = std::env::temp_dir().join(format!(
            "jingzhun-couch-{}-{}",
            std::process::id(),
            super::counted_id("c")
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("config.json"),
            format!(
                r#"{{"admins":{{"{}":"{}"}},"log":{{"file":"{}/log.txt"}}}}"#,
                ADMIN.0,
                ADMIN.1,
                dir.display()
            ),
        )
        .unwrap();
        let port = super::free_port();
        let child = Command::new(&bin)
            .args(["-m", "-o", "127.0.0.1", "-p", &port.to_string(), "-n", "-c"])
            .arg(dir.join("config.json"))
            .current_dir(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("pouchdb-server starts");
        let mut couch = Couch {
            child,
            port,
            passwords: HashMap::new(),
            dir,
        };
        let start = Instant::now();
        while ureq::get(&couch.url("/")).call().is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "pouchdb-server did not answer"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let csv = couch.dir.join("passwords.csv");
        let setup = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/couchdb-setup");
        let out = Command::new("node")
            .arg(&setup)
            .args([
                "--url",
                &couch.url(""),
                "--admin",
                &format!("{}:{}", ADMIN.0, ADMIN.1),
            ])
            .arg("--registry")
            .arg(registry)
            .args(["--county-password", COUNTY_PASSWORD])
            .arg("--village-password-file")
            .arg(&csv)
            .output()
            .expect("node runs couchdb-setup");
        assert!(
            out.status.success(),
            "couchdb-setup failed: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        couch
            .passwords
            .insert("county".into(), COUNTY_PASSWORD.into());
        for line in std::fs::read_to_string(&csv).unwrap().lines().skip(1) {
            let cols: Vec<&str> = line.split(',').collect();
            if cols.len() >= 4 {
                couch
                    .passwords
                    .insert(cols[2].to_string(), cols[3].to_string());
            }
        }
        couch
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn password(&self, user: &str) -> String {
        self.passwords
            .get(user)
            .unwrap_or_else(|| panic!("no login {user} in {:?}", self.passwords.keys()))
            .clone()
    }

    /// A request as `user` (basic auth); the status and the JSON answer.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        user: (&str, &str),
    ) -> (u16, Value) {
        let req =
            ureq::request(method, &self.url(path)).set("Authorization", &basic(user.0, user.1));
        let res = match body {
            Some(b) => req.send_json(b),
            None => req.call(),
        };
        let r = match res {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("{method} {path}: {e}"),
        };
        let status = r.status();
        (status, r.into_json().unwrap_or(Value::Null))
    }

    pub fn admin(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        self.request(method, path, body, ADMIN)
    }

    /// A record's document as stored, read as the admin.
    pub fn doc(&self, db: &str, id: &str) -> Option<Value> {
        let (status, v) = self.admin("GET", &format!("/{db}/{id}"), None);
        (status == 200).then_some(v)
    }

    /// The records a database holds (design documents aside).
    pub fn records(&self, db: &str) -> usize {
        let (_, v) = self.admin("GET", &format!("/{db}/_all_docs"), None);
        v["rows"].as_array().map_or(0, |r| {
            r.iter()
                .filter(|x| !x["id"].as_str().unwrap_or("").starts_with("_design/"))
                .count()
        })
    }
}

impl Drop for Couch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
