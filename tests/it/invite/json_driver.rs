//! Drives `invite greet` and `invite claim` in `--format json` mode: two child processes
//! whose JSON Lines events are read on stdout and answered on stdin, the codes read from
//! one side's events and typed into the other's. Every read has a deadline; nothing
//! sleeps.
//!
//! Shared by the tests (`tests/it/invite`) and the bench (`benches/invite.rs`).

use parsec_testkit::Identity;
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long one side may take to reach its next event (debug builds, Argon2, 2 cores,
/// the official 1 s polling cadence).
pub const EVENT_TIMEOUT: Duration = Duration::from_secs(60);

/// One `invite greet` or `invite claim --format json` child.
pub struct JsonSide {
    name: &'static str,
    child: Child,
    stdin: Option<ChildStdin>,
    events: Receiver<Value>,
    stdout_log: Arc<Mutex<String>>,
    stderr_log: Arc<Mutex<String>>,
    stderr_reader: Option<JoinHandle<()>>,
}

impl JsonSide {
    /// Starts `cmd` with piped stdin, stdout and stderr; `name` labels failures.
    pub fn spawn(name: &'static str, mut cmd: Command) -> Self {
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name} ({cmd:?}): {e}"));
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr = child.stderr.take().expect("stderr is piped");
        let (tx, events) = mpsc::channel();
        let stdout_log = Arc::new(Mutex::new(String::new()));
        let out_log = Arc::clone(&stdout_log);
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                if let Ok(mut log) = out_log.lock() {
                    log.push_str(&line);
                    log.push('\n');
                }
                // Lines that are not JSON end up in the log only, for the failure message.
                if let Ok(v) = serde_json::from_str::<Value>(&line) {
                    if tx.send(v).is_err() {
                        return;
                    }
                }
            }
        });
        let stderr_log = Arc::new(Mutex::new(String::new()));
        let err_log = Arc::clone(&stderr_log);
        let stderr_reader = std::thread::spawn(move || {
            let mut reader = BufReader::new(stderr);
            let mut buf = Vec::new();
            while matches!(reader.read_until(b'\n', &mut buf), Ok(n) if n > 0) {
                if let Ok(mut log) = err_log.lock() {
                    log.push_str(&String::from_utf8_lossy(&buf));
                }
                buf.clear();
            }
        });
        Self {
            name,
            child,
            stdin,
            events,
            stdout_log,
            stderr_log,
            stderr_reader: Some(stderr_reader),
        }
    }

    /// The child's process ID (to signal it).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What it printed so far.
    pub fn describe(&self) -> String {
        let out = self
            .stdout_log
            .lock()
            .map(|l| l.clone())
            .unwrap_or_default();
        let err = self
            .stderr_log
            .lock()
            .map(|l| l.clone())
            .unwrap_or_default();
        format!(
            "--- {name} stdout ---\n{out}--- {name} stderr ---\n{err}--- end of {name} ---",
            name = self.name
        )
    }

    /// Writes one answer line.
    pub fn send_line(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin still open");
        writeln!(stdin, "{line}")
            .and_then(|()| stdin.flush())
            .unwrap_or_else(|e| panic!("cannot write to {}: {e}\n{}", self.name, self.describe()));
    }

    /// The next event, which must be `event`.
    pub fn expect_event(&mut self, event: &str) -> Value {
        let v = self.next_event(event);
        assert_eq!(
            v["event"].as_str(),
            Some(event),
            "{}: unexpected event {v}\n{}",
            self.name,
            self.describe()
        );
        v
    }

    /// The next event, whatever it is (`waiting_for` names it in failure messages).
    pub fn next_event(&mut self, waiting_for: &str) -> Value {
        let event = waiting_for;
        match self.events.recv_timeout(EVENT_TIMEOUT) {
            Ok(v) => v,
            Err(RecvTimeoutError::Timeout) => panic!(
                "{} did not send `{event}` within {EVENT_TIMEOUT:?}\n{}",
                self.name,
                self.describe()
            ),
            Err(RecvTimeoutError::Disconnected) => {
                self.wait_for_exit();
                panic!(
                    "{} ended before sending `{event}`\n{}",
                    self.name,
                    self.describe()
                )
            }
        }
    }

    /// Waits (bounded) for the process to end; returns its status and stderr.
    pub fn finish(mut self) -> (ExitStatus, String) {
        self.stdin = None;
        self.wait_with_stdin_open()
    }

    /// Waits (bounded) for the process to end by itself, its stdin left open (a side
    /// that must give up on its own, e.g. on `--timeout`); returns its status and stderr.
    pub fn wait_with_stdin_open(mut self) -> (ExitStatus, String) {
        let status = self.wait_for_exit();
        // The process is gone: its stderr is at EOF.
        if let Some(reader) = self.stderr_reader.take() {
            reader.join().expect("the stderr reader does not panic");
        }
        let err = self
            .stderr_log
            .lock()
            .map(|l| l.clone())
            .unwrap_or_default();
        (status, err)
    }

    /// Waits for the exit, killing the process after [`EVENT_TIMEOUT`].
    fn wait_for_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + EVENT_TIMEOUT;
        loop {
            match self.child.try_wait().expect("poll the child") {
                Some(status) => return status,
                None if Instant::now() >= deadline => {
                    let _ = self.child.kill();
                    let status = self.child.wait().expect("reap the child");
                    panic!(
                        "{} did not exit within {EVENT_TIMEOUT:?} ({status})\n{}",
                        self.name,
                        self.describe()
                    );
                }
                // Polling interval of a deadline-bounded wait for the exit.
                None => std::thread::sleep(Duration::from_millis(5)),
            }
        }
    }
}

impl Drop for JsonSide {
    fn drop(&mut self) {
        // Never leave a child behind a failed test.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `done` events of both sides.
pub struct Outcome {
    /// The greeter's `done` event.
    pub greeter: Value,
    /// The claimer's `done` event.
    pub claimer: Value,
}

/// Runs a whole greet + claim with both sides in JSON mode: `greeter` is `invite greet
/// TOKEN --format json --password-stdin` run by `greeter_id`, `claimer` is `invite claim
/// URL --format json --password-stdin`; the claimer picks `greeter_id` if asked to choose
/// an administrator, and answers as `who` (only the device label is used for a device
/// invitation); for a user invitation the greeter grants `profile`. Panics unless both
/// succeed.
pub fn greet_and_claim(
    greeter: Command,
    greeter_id: &Identity<'_>,
    claimer: Command,
    who: &Identity<'_>,
    profile: &str,
) -> Outcome {
    greet_and_claim_with(
        greeter,
        greeter_id,
        claimer,
        who,
        profile,
        Passwords {
            greeter: true,
            claimer: true,
        },
    )
}

/// Which side reads a password line from stdin (none does for a device protected by the
/// OS keyring, or a claim with `--use-keyring`).
#[derive(Debug, Clone, Copy)]
pub struct Passwords {
    /// The greeter's device password, first thing on its stdin.
    pub greeter: bool,
    /// The claimer's new password, after its identity.
    pub claimer: bool,
}

/// [`greet_and_claim`], with `passwords` telling which side reads a password.
pub fn greet_and_claim_with(
    greeter: Command,
    greeter_id: &Identity<'_>,
    claimer: Command,
    who: &Identity<'_>,
    profile: &str,
    passwords: Passwords,
) -> Outcome {
    let mut g = JsonSide::spawn("greeter", greeter);
    let mut c = JsonSide::spawn("claimer", claimer);
    if passwords.greeter {
        g.send_line(greeter_id.password);
    }

    let invitation = g.expect_event("invitation");
    let user = invitation["type"] == "USER";
    c.expect_event("invitation");
    let mut next = c.next_event("greeter");
    if next["event"] == "choose_greeter" {
        c.send_line(greeter_id.email);
        next = c.expect_event("greeter");
    }
    assert_eq!(next["event"], "greeter", "{next}");
    assert_eq!(next["human_handle"]["email"], greeter_id.email, "{next}");

    let greeter_code = g.expect_event("greeter_code")["code"]
        .as_str()
        .expect("greeter code")
        .to_owned();
    let choices = c.expect_event("choose_greeter_code");
    assert!(
        choices["candidates"]
            .as_array()
            .is_some_and(|a| a.len() == 3 && a.iter().any(|x| x == greeter_code.as_str())),
        "the greeter's code {greeter_code} is among the claimer's 3 candidates: {choices}"
    );
    c.send_line(&greeter_code);

    let claimer_code = c.expect_event("claimer_code")["code"]
        .as_str()
        .expect("claimer code")
        .to_owned();
    g.expect_event("choose_claimer_code");
    g.send_line(&format!(r#"{{"code": "{claimer_code}"}}"#));

    c.expect_event("request_identity");
    if user {
        c.send_line(
            &serde_json::json!({
                "device_label": who.device_label,
                "email": who.email,
                "name": who.label,
            })
            .to_string(),
        );
    } else {
        c.send_line(who.device_label);
    }
    if passwords.claimer {
        c.send_line(who.password);
    }

    g.expect_event("claim_request");
    if user {
        g.expect_event("choose_profile");
        g.send_line(profile);
    }
    let greeter_done = g.expect_event("done");
    let claimer_done = c.expect_event("done");
    let (gs, gerr) = g.finish();
    assert!(gs.success(), "greeter failed ({gs}): {gerr}");
    let (cs, cerr) = c.finish();
    assert!(cs.success(), "claimer failed ({cs}): {cerr}");
    Outcome {
        greeter: greeter_done,
        claimer: claimer_done,
    }
}
