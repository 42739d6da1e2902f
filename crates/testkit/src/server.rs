//! [`OurServer`]: the bundled `parsec-server`, on a port the OS picks.

use std::ffi::{OsStr, OsString};
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tempfile::TempDir;

use crate::output::strip_ansi;

/// The administration token every test server is started with.
pub const ADMIN_TOKEN: &str = "s3cr3t";

/// How long a server may take to start listening.
pub(crate) const START_TIMEOUT: Duration = Duration::from_secs(30);

/// What tests need from a running server, ours or the official one.
pub trait Server {
    /// The TCP port it listens on, on 127.0.0.1.
    fn port(&self) -> u16;

    /// Its administration token.
    fn admin_token(&self) -> &str;

    /// Everything it printed so far.
    fn log(&self) -> String;

    /// Its address as clients write it: `parsec3://127.0.0.1:PORT?no_ssl=true`.
    fn addr(&self) -> String {
        format!("parsec3://127.0.0.1:{}?no_ssl=true", self.port())
    }

    /// Its base HTTP URL: `http://127.0.0.1:PORT`.
    fn http_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port())
    }
}

/// The database given to `parsec-server run --db`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Db {
    /// `MOCKED`: in memory, gone when the server stops.
    Mocked,
    /// `sqlite:PATH`: a SQLite file, created if missing.
    Sqlite(PathBuf),
    /// Any other `--db` value, e.g. a `postgresql://…` URL.
    Url(String),
}

impl Db {
    fn to_arg(&self) -> OsString {
        match self {
            Db::Mocked => "MOCKED".into(),
            Db::Sqlite(path) => {
                let mut arg = OsString::from("sqlite:");
                arg.push(path);
                arg
            }
            Db::Url(url) => url.into(),
        }
    }
}

/// Options for [`OurServer`], from [`OurServer::builder`].
#[derive(Debug, Clone)]
pub struct OurServerBuilder {
    db: Db,
    port: u16,
    admin_token: String,
    args: Vec<OsString>,
    envs: Vec<(OsString, OsString)>,
    bin: Option<PathBuf>,
}

impl OurServerBuilder {
    /// Listen on `port` instead of a port picked by the OS (e.g. to restart a server on
    /// the same SQLite file and the same address).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Use another administration token than [`ADMIN_TOKEN`].
    pub fn admin_token(mut self, token: &str) -> Self {
        token.clone_into(&mut self.admin_token);
        self
    }

    /// Serves HTTPS with this certificate chain and private key (PEM files):
    /// `--ssl-certfile CERT --ssl-keyfile KEY`. The certificate must be valid for
    /// `127.0.0.1`, the address [`OurServer::addr`] gives clients.
    pub fn tls(self, certfile: impl AsRef<OsStr>, keyfile: impl AsRef<OsStr>) -> Self {
        self.arg("--ssl-certfile")
            .arg(certfile)
            .arg("--ssl-keyfile")
            .arg(keyfile)
    }

    /// Appends one argument to `parsec-server run …` (e.g.
    /// `--spontaneous-organization-bootstrap`).
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    /// Sets an environment variable of the server process (e.g. a test crash point,
    /// `_PARSEC_TEST_ABORT_AT`).
    pub fn env(mut self, name: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.envs
            .push((name.as_ref().to_owned(), value.as_ref().to_owned()));
        self
    }

    /// Run the `parsec-server` binary at `path` instead of the one found by
    /// [`crate::bin_path`].
    pub fn bin(mut self, path: impl Into<PathBuf>) -> Self {
        self.bin = Some(path.into());
        self
    }

    /// Starts the server and waits until it listens.
    ///
    /// # Panics
    ///
    /// If it cannot be started, exits, or does not print its `listening on` line within
    /// 30 s; the message includes everything it printed. Whether it serves HTTPS is read
    /// from that line's scheme.
    pub fn start(self) -> OurServer {
        let bin = self.bin.unwrap_or_else(|| crate::bin_path("parsec-server"));
        let dir = tempfile::Builder::new()
            .prefix("parsec-server-")
            .tempdir()
            .expect("create a temporary directory");
        let mut cmd = Command::new(&bin);
        cmd.arg("run")
            .arg("--host")
            .arg("127.0.0.1")
            .arg("--port")
            .arg(self.port.to_string())
            .arg("--db")
            .arg(self.db.to_arg())
            .arg("--administration-token")
            .arg(&self.admin_token)
            .args(&self.args);
        isolate(&mut cmd, &dir);
        cmd.envs(self.envs.iter().map(|(k, v)| (k, v)));
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));

        let log = Arc::new(Mutex::new(String::new()));
        let (listening_tx, listening_rx) = mpsc::channel();
        let stderr = child.stderr.take().expect("stderr is piped");
        let stderr_log = Arc::clone(&log);
        std::thread::spawn(move || {
            let mut listening_tx = Some(listening_tx);
            for_each_line(stderr, &stderr_log, |line| {
                if let Some(listening) = listening_tx.as_ref().and(listening_on(line)) {
                    // The receiver may have given up already: the panic says why.
                    let _ = listening_tx.take().map(|tx| tx.send(listening));
                }
            });
        });
        let stdout = child.stdout.take().expect("stdout is piped");
        let stdout_log = Arc::clone(&log);
        std::thread::spawn(move || for_each_line(stdout, &stdout_log, |_| {}));

        let mut server = OurServer {
            child,
            port: 0,
            tls: false,
            admin_token: self.admin_token,
            log,
            _dir: dir,
        };
        match listening_rx.recv_timeout(START_TIMEOUT) {
            Ok(Listening { tls, port }) => (server.tls, server.port) = (tls, port),
            // Dropping `server` while panicking prints its output.
            Err(mpsc::RecvTimeoutError::Timeout) => panic!(
                "{cmd:?} did not print `listening on http(s)://…` within {START_TIMEOUT:?} \
                 (its output follows)"
            ),
            Err(mpsc::RecvTimeoutError::Disconnected) => panic!(
                "{cmd:?} closed its stderr before printing `listening on http(s)://…` ({}; \
                 its output follows)",
                server
                    .child
                    .wait()
                    .map_or_else(|e| format!("cannot wait: {e}"), |s| s.to_string())
            ),
        }
        server
    }
}

/// The bundled `parsec-server`, killed when dropped.
///
/// Started as `parsec-server run --host 127.0.0.1 --port 0 --db … --administration-token
/// s3cr3t`, it is ready once it prints `parsec-server listening on http://HOST:PORT` on
/// stderr (`https://` with [`OurServerBuilder::tls`]), which gives the real port. Its
/// output is kept and printed if the test panics.
#[derive(Debug)]
pub struct OurServer {
    child: Child,
    port: u16,
    tls: bool,
    admin_token: String,
    log: Arc<Mutex<String>>,
    _dir: TempDir,
}

impl OurServer {
    /// Starts a server on `db`, on a port the OS picks, with token [`ADMIN_TOKEN`].
    ///
    /// # Panics
    ///
    /// See [`OurServerBuilder::start`].
    pub fn start(db: Db) -> Self {
        Self::builder(db).start()
    }

    /// Options beyond the database: port, extra arguments, binary.
    pub fn builder(db: Db) -> OurServerBuilder {
        OurServerBuilder {
            db,
            port: 0,
            admin_token: ADMIN_TOKEN.to_owned(),
            args: Vec::new(),
            envs: Vec::new(),
            bin: None,
        }
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `parsec3://127.0.0.1:PORT?no_ssl=true`, or `parsec3://127.0.0.1:PORT` over TLS.
    pub fn addr(&self) -> String {
        Server::addr(self)
    }

    /// `http://127.0.0.1:PORT`, or `https://127.0.0.1:PORT` over TLS.
    pub fn http_url(&self) -> String {
        Server::http_url(self)
    }

    /// Whether it serves HTTPS (started with [`OurServerBuilder::tls`]).
    pub fn is_tls(&self) -> bool {
        self.tls
    }

    /// Its administration token.
    pub fn admin_token(&self) -> &str {
        &self.admin_token
    }

    /// Its process ID (to read its memory and open files under `/proc`).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Everything it printed so far, stdout and stderr interleaved by line.
    pub fn log(&self) -> String {
        self.log.lock().map(|log| log.clone()).unwrap_or_default()
    }

    /// Waits up to `timeout` for the server to exit on its own (e.g. at a test crash
    /// point); returns its exit status, or `None` if it still runs.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<std::process::ExitStatus> {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return Some(status),
                Ok(None) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                _ => return None,
            }
        }
    }

    /// Stops the server now (it is also stopped when dropped).
    pub fn stop(mut self) {
        self.kill();
    }

    fn kill(&mut self) {
        // Already exited is fine: we only want it gone.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server for OurServer {
    fn port(&self) -> u16 {
        self.port
    }

    fn admin_token(&self) -> &str {
        &self.admin_token
    }

    fn log(&self) -> String {
        OurServer::log(self)
    }

    fn addr(&self) -> String {
        if self.tls {
            format!("parsec3://127.0.0.1:{}", self.port)
        } else {
            format!("parsec3://127.0.0.1:{}?no_ssl=true", self.port)
        }
    }

    fn http_url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://127.0.0.1:{}", self.port)
    }
}

impl Drop for OurServer {
    fn drop(&mut self) {
        self.kill();
        if std::thread::panicking() {
            print_log("parsec-server", &self.log());
        }
    }
}

/// Prints a server's output on stderr, where the test harness shows it for failed tests.
#[allow(
    clippy::print_stderr,
    reason = "test output, shown only for failing tests"
)]
pub(crate) fn print_log(name: &str, log: &str) {
    eprintln!(
        "----- {name} output -----\n{}\n----- end of {name} output -----",
        log.trim_end()
    );
}

/// Keeps a server away from the caller's home and `PARSEC_*` settings.
pub(crate) fn isolate(cmd: &mut Command, dir: &TempDir) {
    for (name, _) in std::env::vars_os() {
        if name.to_str().is_some_and(|n| n.starts_with("PARSEC_")) {
            cmd.env_remove(name);
        }
    }
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap_or_else(|e| panic!("create {}: {e}", home.display()));
    cmd.current_dir(dir.path())
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("NO_COLOR", "1");
}

/// Reads `pipe` line by line until EOF, appending each line to `log` and passing it
/// (without ANSI escapes) to `on_line`.
fn for_each_line(pipe: impl Read, log: &Mutex<String>, mut on_line: impl FnMut(&str)) {
    let mut reader = BufReader::new(pipe);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) | Err(_) => return,
            Ok(_) => {
                let line = strip_ansi(&String::from_utf8_lossy(&buf));
                if let Ok(mut log) = log.lock() {
                    log.push_str(&line);
                    if !line.ends_with('\n') {
                        log.push('\n');
                    }
                }
                on_line(line.trim_end());
            }
        }
    }
}

/// What the `listening on` line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Listening {
    /// `https://`.
    tls: bool,
    /// The bound port.
    port: u16,
}

/// The scheme and port in `… listening on http(s)://HOST:PORT`, the line `parsec-server`
/// prints on stderr once its socket is bound.
fn listening_on(line: &str) -> Option<Listening> {
    let (_, rest) = line.split_once("listening on ")?;
    let (tls, rest) = match rest.split_once("://")? {
        ("http", rest) => (false, rest),
        ("https", rest) => (true, rest),
        _ => return None,
    };
    let host_port = rest.split_whitespace().next()?.trim_end_matches('/');
    let (_, port) = host_port.rsplit_once(':')?;
    Some(Listening {
        tls,
        port: port.parse().ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_port_from_the_listening_line() {
        let plain = |port| Some(Listening { tls: false, port });
        assert_eq!(
            listening_on("parsec-server listening on http://127.0.0.1:43127"),
            plain(43127)
        );
        assert_eq!(listening_on("listening on http://[::1]:80/"), plain(80));
        assert_eq!(
            listening_on("parsec-server listening on https://127.0.0.1:443"),
            Some(Listening {
                tls: true,
                port: 443
            })
        );
        assert_eq!(listening_on("listening on ftp://127.0.0.1:21"), None);
        assert_eq!(listening_on("starting"), None);
    }

    #[test]
    fn db_arguments() {
        assert_eq!(Db::Mocked.to_arg(), "MOCKED");
        assert_eq!(
            Db::Sqlite("/t/db.sqlite".into()).to_arg(),
            "sqlite:/t/db.sqlite"
        );
    }
}
