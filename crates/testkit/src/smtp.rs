//! [`SmtpSink`]: a real SMTP server on loopback (Python's `aiosmtpd`, installed in the
//! reference venv by `scripts/install-reference-server`), which records the mails it
//! receives, for the invitation email tests.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use serde::Deserialize;

use crate::reference::ReferenceServer;

/// The server's script: its port, then one JSON line per mail, on stdout.
const SCRIPT: &str = include_str!("smtp_sink.py");

/// How long [`SmtpSink::start`] waits for the port.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// Environment variable naming the Python with `aiosmtpd` (default: the reference venv's).
const PYTHON_VAR: &str = "PARSEC_REFERENCE_PYTHON";

/// A mail as the SMTP server received it, parsed by Python's `email` package.
#[derive(Debug, Clone, Deserialize)]
pub struct ReceivedMail {
    /// `MAIL FROM`.
    pub mail_from: String,
    /// The accepted `RCPT TO` addresses.
    pub rcpt_tos: Vec<String>,
    /// The user the client logged in as, if it did.
    pub login: Option<String>,
    /// The `Subject` header, decoded.
    pub subject: String,
    /// The `From` header.
    pub from: String,
    /// The `To` header.
    pub to: String,
    /// The `Reply-To` header, decoded, if any.
    pub reply_to: Option<String>,
    /// The message's content type (`multipart/alternative`).
    pub content_type: String,
    /// The `text/plain` part, decoded.
    pub text: Option<String>,
    /// The `text/html` part, decoded.
    pub html: Option<String>,
}

#[derive(Deserialize)]
struct Ready {
    port: u16,
}

/// The SMTP server, stopped when dropped. Recipients whose local part starts with
/// `refused` are refused with `550`.
#[derive(Debug)]
pub struct SmtpSink {
    child: Child,
    stdin: Option<ChildStdin>,
    port: u16,
    lines: Receiver<String>,
}

impl SmtpSink {
    /// Starts it on a port chosen by the OS.
    ///
    /// # Panics
    ///
    /// If Python or `aiosmtpd` is missing (see `scripts/install-reference-server`) or the
    /// server does not start.
    pub fn start() -> Self {
        Self::spawn(Vec::new())
    }

    /// Starts it requiring `AUTH` as `user` with `password` (over plain SMTP).
    pub fn start_with_login(user: &str, password: &str) -> Self {
        Self::spawn(vec![(
            "SMTP_SINK_AUTH".to_owned(),
            format!("{user}:{password}").into(),
        )])
    }

    /// Starts it requiring TLS with this certificate chain and key (PEM): from the first
    /// byte (`implicit`, SMTPS) or through `STARTTLS`.
    pub fn start_tls(implicit: bool, certfile: &Path, keyfile: &Path) -> Self {
        let mode = if implicit { "implicit" } else { "starttls" };
        Self::spawn(vec![
            ("SMTP_SINK_TLS".to_owned(), mode.into()),
            ("SMTP_SINK_CERT".to_owned(), certfile.as_os_str().to_owned()),
            ("SMTP_SINK_KEY".to_owned(), keyfile.as_os_str().to_owned()),
        ])
    }

    fn spawn(envs: Vec<(String, OsString)>) -> Self {
        let python = python();
        let mut cmd = Command::new(&python);
        cmd.arg("-c")
            .arg(SCRIPT)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        cmd.envs(envs);
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", python.display()));
        let stdout = child.stdout.take().expect("piped stdout");
        let stdin = child.stdin.take();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let first = match lines.recv_timeout(START_TIMEOUT) {
            Ok(line) => line,
            Err(e) => {
                let _ = child.kill();
                panic!(
                    "the SMTP test server did not start ({e:?}); is aiosmtpd installed in the \
                     reference venv? Run scripts/install-reference-server"
                )
            }
        };
        let ready: Ready = serde_json::from_str(&first)
            .unwrap_or_else(|e| panic!("unexpected first line `{first}`: {e}"));
        Self {
            child,
            stdin,
            port: ready.port,
            lines,
        }
    }

    /// Its port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The next mail received, waiting at most `timeout`.
    ///
    /// # Panics
    ///
    /// If none arrives in time.
    pub fn next_mail(&self, timeout: Duration) -> ReceivedMail {
        match self.lines.recv_timeout(timeout) {
            Ok(line) => serde_json::from_str(&line)
                .unwrap_or_else(|e| panic!("unexpected line `{line}`: {e}")),
            Err(RecvTimeoutError::Timeout) => panic!("no mail received within {timeout:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the SMTP test server stopped"),
        }
    }

    /// The mails received so far and not yet taken (none waited for).
    pub fn pending_mails(&self) -> Vec<ReceivedMail> {
        self.lines
            .try_iter()
            .map(|line| serde_json::from_str(&line).expect("a mail line"))
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        // Closing stdin stops it; kill in case it is stuck.
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `$PARSEC_REFERENCE_PYTHON`; else the `python` beside the official server
/// ([`ReferenceServer::bin`]), that is the reference venv's.
fn python() -> PathBuf {
    let path = std::env::var_os(PYTHON_VAR).map_or_else(
        || {
            ReferenceServer::bin()
                .parent()
                .map(|dir| dir.join("python"))
                .unwrap_or_default()
        },
        PathBuf::from,
    );
    assert!(
        path.is_file(),
        "no Python at {}: run scripts/install-reference-server (it installs aiosmtpd in the \
         reference venv) or set {PYTHON_VAR}",
        path.display()
    );
    path
}
