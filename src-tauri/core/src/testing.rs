//! A real PostgreSQL server for the tests of shared projects: the one `make test` started
//! (its address in `MEDSKAPA_TEST_PG`), or else a private one started here with
//! `scripts/pg-cluster`, which stops by itself when the test process ends (its standard
//! input, held here, closes). Each test gets a database of its own.
//!
//! Test support only: no part of the app calls it.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};

/// The server the tests of this process use.
pub struct TestServer {
    /// The socket folder (`host=`) and port of the server.
    host: String,
    port: String,
}

static SERVER: OnceLock<std::result::Result<TestServer, String>> = OnceLock::new();
/// The private cluster's process, kept so that its standard input stays open.
static CLUSTER: Mutex<Option<Child>> = Mutex::new(None);
static NEXT: AtomicU32 = AtomicU32::new(0);

/// The test server, started on first use. An error says why there is none (no PostgreSQL
/// installed: `make test` installs it).
pub fn server() -> std::result::Result<&'static TestServer, String> {
    SERVER
        .get_or_init(|| {
            let url = match std::env::var("MEDSKAPA_TEST_PG") {
                Ok(url) if !url.is_empty() => url,
                _ => start_cluster()?,
            };
            TestServer::from_url(&url)
        })
        .as_ref()
        .map_err(Clone::clone)
}

fn start_cluster() -> std::result::Result<String, String> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/pg-cluster");
    let mut child = Command::new("bash")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start {script}: {e}"))?;
    let stdout = child.stdout.take().ok_or("no output from pg-cluster")?;
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .map_err(|e| format!("pg-cluster: {e}"))?;
    if line.trim().is_empty() {
        let _ = child.wait();
        return Err("pg-cluster started no PostgreSQL server (install Debian's `postgresql` package, as `make test` does)".into());
    }
    if let Ok(mut slot) = CLUSTER.lock() {
        *slot = Some(child);
    }
    Ok(line.trim().to_string())
}

impl TestServer {
    fn from_url(url: &str) -> std::result::Result<TestServer, String> {
        let query = url.split_once('?').map(|(_, q)| q).unwrap_or("");
        let param = |k: &str| {
            query
                .split('&')
                .find_map(|kv| kv.strip_prefix(k).and_then(|v| v.strip_prefix('=')))
                .map(str::to_string)
        };
        match (param("host"), param("port")) {
            (Some(host), Some(port)) => Ok(TestServer { host, port }),
            _ => Err(format!(
                "MEDSKAPA_TEST_PG is not a socket address with host= and port=: {url}"
            )),
        }
    }

    /// The address of database `db` as user `user`.
    pub fn url(&self, db: &str, user: &str) -> String {
        format!(
            "postgresql://{user}@/{db}?host={}&port={}",
            self.host, self.port
        )
    }

    /// A new, empty database owned by the superuser; its address (as the superuser).
    pub fn database(&self, prefix: &str) -> std::result::Result<String, String> {
        let name = format!(
            "{prefix}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        self.psql("postgres", &format!("CREATE DATABASE \"{name}\""))?;
        Ok(self.url(&name, "postgres"))
    }

    /// Run `sql` in database `db` as the superuser with `psql`, stopping at the first error.
    pub fn psql(&self, db: &str, sql: &str) -> std::result::Result<String, String> {
        let mut child = Command::new("psql")
            .args(["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1"])
            .arg(self.url(db, "postgres"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run psql: {e}"))?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(sql.as_bytes())
                .map_err(|e| format!("psql: {e}"))?;
        }
        let out = child.wait_with_output().map_err(|e| format!("psql: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).to_string())
        } else {
            Err(format!(
                "psql failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    }
}

/// The database name in one of [`TestServer::url`]'s addresses.
pub fn database_of(url: &str) -> &str {
    url.split_once("@/")
        .and_then(|(_, rest)| rest.split('?').next())
        .unwrap_or("")
}
