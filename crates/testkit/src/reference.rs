//! [`ReferenceServer`]: the official Parsec 3.9.3 server, for the interoperability tier.
//!
//! It comes from the Python package `parsec-cloud==3.9.3`, installed by `scripts/test` in
//! `~/.cache/parsec-ref/venv` when missing. Started as the protocol reference's README
//! shows: `parsec run --db MOCKED --blockstore MOCKED --administration-token s3cr3t
//! --port P --server-addr parsec3://127.0.0.1:P?no_ssl=true --email-host MOCKED
//! --fake-account-password-algorithm-seed seed`.

use std::fs::File;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::net::{free_port, wait_for_port};
use crate::server::{isolate, print_log, Server, ADMIN_TOKEN, START_TIMEOUT};

/// Environment variable naming the official `parsec` executable.
const BIN_VAR: &str = "PARSEC_REFERENCE_BIN";
/// Environment variable naming an official `parsec-cli` executable.
const CLI_VAR: &str = "PARSEC_REFERENCE_CLI";
/// Where `scripts/test` installs the official server, relative to `HOME`.
const DEFAULT_VENV: &str = ".cache/parsec-ref/venv";

/// How many ports to try: [`free_port`] can race with other processes.
const ATTEMPTS: usize = 3;

/// The official server, killed when dropped; its output goes to a log file in its own
/// temporary directory and is printed if the test panics.
#[derive(Debug)]
pub struct ReferenceServer {
    child: Child,
    port: u16,
    log_path: PathBuf,
    _dir: TempDir,
}

impl ReferenceServer {
    /// Starts the official server on a free port with an in-memory database and token
    /// [`ADMIN_TOKEN`], and waits (at most 30 s) until the port accepts connections.
    ///
    /// # Panics
    ///
    /// If the executable is missing (see [`Self::bin`]) or the server does not start:
    /// interoperability tests must fail, never skip.
    pub fn start() -> Self {
        let bin = Self::bin();
        let dir = tempfile::Builder::new()
            .prefix("parsec-reference-")
            .tempdir()
            .expect("create a temporary directory");
        let mut failures = Vec::new();
        for attempt in 1..=ATTEMPTS {
            match start_once(&bin, &dir, attempt) {
                Ok((child, port, log_path)) => {
                    return Self {
                        child,
                        port,
                        log_path,
                        _dir: dir,
                    }
                }
                Err(StartFailure { why, retry }) => {
                    failures.push(format!("attempt {attempt}: {why}"));
                    if !retry {
                        break;
                    }
                }
            }
        }
        panic!(
            "the official Parsec server ({}) did not start:\n{}",
            bin.display(),
            failures.join("\n")
        )
    }

    /// The official `parsec` executable: `$PARSEC_REFERENCE_BIN`, else
    /// `~/.cache/parsec-ref/venv/bin/parsec`.
    ///
    /// # Panics
    ///
    /// If it does not exist, explaining how to install it.
    pub fn bin() -> PathBuf {
        let path = match std::env::var_os(BIN_VAR) {
            Some(path) => PathBuf::from(path),
            None => default_venv().join("bin").join("parsec"),
        };
        assert!(
            path.is_file(),
            "the official Parsec server was not found at {}: run `scripts/test`, which \
             installs parsec-cloud==3.9.3 in ~/.cache/parsec-ref/venv, or set {BIN_VAR} to \
             its `parsec` executable",
            path.display()
        );
        path
    }

    /// An official `parsec-cli` executable, if one is available: `$PARSEC_REFERENCE_CLI`,
    /// else `parsec-cli` beside [`Self::bin`].
    ///
    /// The Python package `parsec-cloud` ships the server only (3.9.3 has no `parsec-cli`
    /// entry point), so this is usually `None`; callers must say so rather than skip
    /// silently.
    pub fn cli() -> Option<PathBuf> {
        if let Some(path) = std::env::var_os(CLI_VAR) {
            let path = PathBuf::from(path);
            assert!(
                path.is_file(),
                "{CLI_VAR} is set to {}, which is not a file",
                path.display()
            );
            return Some(path);
        }
        let beside = Self::bin().parent()?.join("parsec-cli");
        beside.is_file().then_some(beside)
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `parsec3://127.0.0.1:PORT?no_ssl=true`, also its `--server-addr`.
    pub fn addr(&self) -> String {
        Server::addr(self)
    }

    /// `http://127.0.0.1:PORT`.
    pub fn http_url(&self) -> String {
        Server::http_url(self)
    }

    /// Its administration token, [`ADMIN_TOKEN`].
    pub fn admin_token(&self) -> &str {
        ADMIN_TOKEN
    }

    /// Everything it printed so far.
    pub fn log(&self) -> String {
        read_log(&self.log_path)
    }

    fn kill(&mut self) {
        // Already exited is fine: we only want it gone.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server for ReferenceServer {
    fn port(&self) -> u16 {
        self.port
    }

    fn admin_token(&self) -> &str {
        ADMIN_TOKEN
    }

    fn log(&self) -> String {
        ReferenceServer::log(self)
    }
}

impl Drop for ReferenceServer {
    fn drop(&mut self) {
        self.kill();
        if std::thread::panicking() {
            print_log("reference server", &self.log());
        }
    }
}

/// Why one start attempt failed, and whether another port may help.
struct StartFailure {
    why: String,
    retry: bool,
}

/// Spawns the server once on a fresh port and waits for it; on failure the process is
/// killed and its log quoted.
fn start_once(
    bin: &Path,
    dir: &TempDir,
    attempt: usize,
) -> Result<(Child, u16, PathBuf), StartFailure> {
    let port = free_port();
    let log_path = dir.path().join(format!("server-{attempt}.log"));
    let log =
        File::create(&log_path).unwrap_or_else(|e| panic!("create {}: {e}", log_path.display()));
    let addr = format!("parsec3://127.0.0.1:{port}?no_ssl=true");
    let mut cmd = Command::new(bin);
    cmd.args(["run", "--db", "MOCKED", "--blockstore", "MOCKED"])
        .args(["--administration-token", ADMIN_TOKEN])
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .args(["--server-addr", &addr, "--email-host", "MOCKED"])
        .args(["--fake-account-password-algorithm-seed", "seed"]);
    isolate(&mut cmd, dir);
    cmd.env("PYTHONUNBUFFERED", "1")
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("duplicate the log file handle"))
        .stderr(log);
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start the official Parsec server {cmd:?}: {e}"));
    match wait_until_listening(&mut child, port) {
        Ok(()) => Ok((child, port, log_path)),
        Err(why) => {
            // Already exited is fine: we only want it gone.
            let _ = child.kill();
            let _ = child.wait();
            let log = read_log(&log_path);
            // free_port() can race with other processes: only then is another port worth it.
            let retry = log.to_ascii_lowercase().contains("address already in use");
            Err(StartFailure {
                why: format!("{cmd:?} on port {port}: {why}; output:\n{log}"),
                retry,
            })
        }
    }
}

/// Waits (at most [`START_TIMEOUT`]) for `port` to accept connections, noticing early if
/// the process exits.
fn wait_until_listening(child: &mut Child, port: u16) -> Result<(), String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + START_TIMEOUT;
    let exited = |child: &mut Child| -> Result<Option<String>, String> {
        match child.try_wait() {
            Ok(status) => Ok(status.map(|s| format!("exited with {s}"))),
            Err(e) => Err(format!("cannot poll the process: {e}")),
        }
    };
    while Instant::now() < deadline {
        if let Some(why) = exited(child)? {
            return Err(format!("{why} before listening"));
        }
        let step = (Instant::now() + Duration::from_millis(250)).min(deadline);
        if wait_for_port(addr, step) {
            // Something else may hold the port if our server failed to bind it.
            return match exited(child)? {
                Some(why) => Err(format!("{why}; the port belongs to another process")),
                None => Ok(()),
            };
        }
    }
    Err(format!("port {port} not open after {START_TIMEOUT:?}"))
}

fn default_venv() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default()
        .join(DEFAULT_VENV)
}

fn read_log(path: &Path) -> String {
    std::fs::read(path)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_else(|e| format!("(cannot read {}: {e})", path.display()))
}
