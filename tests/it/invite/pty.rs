//! One CLI process in a pseudo-terminal, driven like a person would: wait for a text on
//! its screen (with a deadline, never a sleep), then type.
//!
//! A thread per terminal reads its output as soon as it is written and stamps each chunk
//! with the time it arrived. Waits block on one condition variable shared by every
//! terminal until new output comes (no busy loop: on a small machine a spinning reader
//! takes the CPU from the processes under test, and a driver can wait for whichever
//! terminal shows something first, see [`wait_activity`]). The stamps give the timeline of
//! a screen ([`Pty::timeline`]), printed by the terminal benchmarks.

#![allow(
    dead_code,
    reason = "the benchmarks share this module; some of it is theirs"
)]

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;
use expectrl::{Expect, Session};
use parsec_testkit::strip_ansi;
use regex::bytes::Regex;
use std::io::Read;
use std::os::fd::AsFd;
use std::process::Command;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long one screen may take to show what we wait for.
pub const PTY_TIMEOUT: Duration = Duration::from_secs(60);

/// Counts the chunks read by every terminal; bumped and notified after each one.
static ACTIVITY: Mutex<u64> = Mutex::new(0);
static ACTIVITY_CHANGED: Condvar = Condvar::new();

fn activity_lock() -> MutexGuard<'static, u64> {
    ACTIVITY
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The number of chunks read so far by all terminals (see [`wait_activity`]).
pub fn activity() -> u64 {
    *activity_lock()
}

/// Blocks until some terminal read something after `seen` (a value of [`activity`]) or
/// `deadline` passes; returns the new count.
pub fn wait_activity(seen: u64, deadline: Instant) -> u64 {
    let mut count = activity_lock();
    while *count == seen {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        count = ACTIVITY_CHANGED
            .wait_timeout(count, left)
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .0;
    }
    *count
}

/// What a terminal printed.
#[derive(Default)]
struct Received {
    bytes: Vec<u8>,
    /// Start offset in `bytes` and arrival time of each chunk.
    chunks: Vec<(usize, Instant)>,
    /// The process closed the terminal.
    eof: bool,
    /// When it did.
    closed_at: Option<Instant>,
}

/// A CLI process on its own terminal.
pub struct Pty {
    name: &'static str,
    session: OsSession,
    received: Arc<Mutex<Received>>,
    /// `received.bytes[..consumed]` was matched by earlier waits.
    consumed: usize,
    /// What was typed, and when.
    typed: Vec<(Instant, String)>,
}

impl Pty {
    /// Starts `cmd` on a new 120×40 terminal.
    pub fn spawn(name: &'static str, cmd: Command) -> Self {
        let mut session = Session::spawn(cmd).unwrap_or_else(|e| panic!("spawn {name}: {e}"));
        session
            .get_process_mut()
            .set_window_size(120, 40)
            .unwrap_or_else(|e| panic!("resize the terminal of {name}: {e}"));
        let mut reader = std::fs::File::from(
            session
                .get_stream()
                .as_fd()
                .try_clone_to_owned()
                .unwrap_or_else(|e| panic!("duplicate the terminal of {name}: {e}")),
        );
        let received = Arc::new(Mutex::new(Received::default()));
        let sink = Arc::clone(&received);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            loop {
                // Linux answers EIO once the process closed its side: that is the end too.
                let n = match reader.read(&mut buf) {
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(_) => 0,
                };
                {
                    let mut r = sink
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    if n == 0 {
                        r.eof = true;
                        r.closed_at = Some(Instant::now());
                    } else {
                        let at = r.bytes.len();
                        r.chunks.push((at, Instant::now()));
                        r.bytes.extend_from_slice(&buf[..n]);
                    }
                }
                *activity_lock() += 1;
                ACTIVITY_CHANGED.notify_all();
                if n == 0 {
                    break;
                }
            }
        });
        Self {
            name,
            session,
            received,
            consumed: 0,
            typed: Vec::new(),
        }
    }

    fn received(&self) -> MutexGuard<'_, Received> {
        self.received
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Everything shown so far, ANSI escapes removed.
    pub fn screen(&self) -> String {
        strip_ansi(&String::from_utf8_lossy(&self.received().bytes))
    }

    fn fail(&self, what: &str, why: &str) -> ! {
        panic!(
            "{}: {what}: {why}\n--- {} screen ---\n{}\n--- end of {} screen ---",
            self.name,
            self.name,
            self.screen(),
            self.name
        )
    }

    /// Waits until `check` finds something in the output not consumed yet: it gets that
    /// output and whether the process closed the terminal, and returns where the match
    /// ends (relative to what it got) with the value to return.
    fn wait_for<T>(
        &mut self,
        what: &str,
        mut check: impl FnMut(&[u8], bool) -> Option<(usize, T)>,
    ) -> (T, String) {
        let deadline = Instant::now() + PTY_TIMEOUT;
        loop {
            // Holding the activity lock while checking: a chunk read after the check
            // bumps the count after we read it, so the wait below cannot miss it.
            let seen = *activity_lock();
            let eof = {
                let r = self.received();
                let rest = &r.bytes[self.consumed..];
                if let Some((end, value)) = check(rest, r.eof) {
                    let shown = strip_ansi(&String::from_utf8_lossy(&rest[..end]));
                    drop(r);
                    self.consumed += end;
                    return (value, shown);
                }
                r.eof
            };
            if eof {
                self.fail(
                    &format!("waiting for {what}"),
                    "the process closed its terminal",
                );
            }
            if Instant::now() >= deadline {
                self.fail(
                    &format!("waiting for {what}"),
                    &format!("not shown within {PTY_TIMEOUT:?}"),
                );
            }
            wait_activity(seen, deadline);
        }
    }

    /// Waits for `text`; returns what was shown before it and itself (escapes removed).
    pub fn expect(&mut self, text: &str) -> String {
        let needle = text.as_bytes();
        self.wait_for(&format!("{text:?}"), |rest, _| {
            find(rest, needle).map(|at| (at + needle.len(), ()))
        })
        .1
    }

    /// Waits for the regex `re` and returns its first capture group.
    pub fn expect_capture(&mut self, re: &str) -> String {
        let regex = Regex::new(re).unwrap_or_else(|e| panic!("regex {re}: {e}"));
        self.wait_for(&format!("/{re}/"), |rest, _| {
            let caps = regex.captures(rest)?;
            let group = caps.get(1).unwrap_or_else(|| panic!("{re} has a group"));
            let end = caps.get(0).map_or(0, |m| m.end());
            Some((end, String::from_utf8_lossy(group.as_bytes()).into_owned()))
        })
        .0
    }

    /// Without waiting: the earliest match of any of `regexes` in the output not consumed
    /// yet, as (index in `regexes`, capture groups, the first one being the whole match).
    pub fn try_match(&mut self, regexes: &[Regex]) -> Option<(usize, Vec<String>)> {
        let (end, found) = {
            let r = self.received();
            let rest = &r.bytes[self.consumed..];
            let (i, caps) = regexes
                .iter()
                .enumerate()
                .filter_map(|(i, re)| re.captures(rest).map(|c| (i, c)))
                .min_by_key(|(_, c)| c.get(0).map_or(0, |m| m.start()))?;
            let groups = caps
                .iter()
                .map(|m| {
                    m.map_or_else(String::new, |m| {
                        String::from_utf8_lossy(m.as_bytes()).into_owned()
                    })
                })
                .collect();
            (caps.get(0).map_or(0, |m| m.end()), (i, groups))
        };
        self.consumed += end;
        Some(found)
    }

    /// Whether the process closed its terminal.
    pub fn closed(&self) -> bool {
        self.received().eof
    }

    /// Waits until the process closed its terminal (it exits then); returns when that
    /// happened.
    pub fn wait_closed(&mut self) -> Instant {
        self.wait_for("the end", |rest, eof| eof.then_some((rest.len(), ())));
        self.received()
            .closed_at
            .expect("a closed terminal has its closing time")
    }

    /// Waits for a select menu of codes (`Select code provided by …`) and returns its
    /// candidates, in screen order, without the `None of these` entry.
    pub fn expect_code_menu(&mut self, provided_by: &str) -> Vec<String> {
        self.expect(&format!("Select code provided by {provided_by}"));
        let menu = self.expect("None of these");
        menu.lines()
            .map(|l| l.trim_start_matches(['>', ' ']).trim_end())
            .filter(|l| {
                l.len() == 4
                    && l.chars()
                        .all(|c| c.is_ascii_uppercase() || ('2'..='9').contains(&c))
            })
            .map(str::to_owned)
            .collect()
    }

    /// Types `text` (no Enter).
    pub fn send(&mut self, text: &str) {
        self.typed.push((Instant::now(), text.to_owned()));
        if let Err(e) = self.session.send(text) {
            self.fail(&format!("typing {text:?}"), &e.to_string());
        }
    }

    /// Types `text` and Enter.
    pub fn send_line(&mut self, text: &str) {
        self.send(&format!("{text}\r"));
    }

    /// Presses Ctrl-C.
    pub fn ctrl_c(&mut self) {
        self.send("\u{3}");
    }

    /// The lines this terminal showed, each with the time its first character arrived
    /// (a spinner redrawing the same text counts once), and what was typed
    /// (`> TEXT`), in time order.
    pub fn timeline(&self) -> Vec<(Instant, String)> {
        let r = self.received();
        let mut lines = screen_lines(&r.bytes, &r.chunks);
        lines.extend(
            self.typed
                .iter()
                .map(|(at, text)| (*at, format!("> {:?}", text.trim_end_matches('\r')))),
        );
        lines.sort_by_key(|(at, _)| *at);
        lines
    }

    /// Waits for the process to end and returns its exit code, with its whole screen.
    pub fn exit(mut self) -> (i32, String) {
        self.wait_for("the end", |rest, eof| eof.then_some((rest.len(), ())));
        let screen = self.screen();
        match self.session.get_process().wait() {
            Ok(WaitStatus::Exited(_, code)) => (code, screen),
            other => panic!("{} did not exit normally: {other:?}\n{screen}", self.name),
        }
    }

    /// Like [`Pty::exit`], also returning the [`Pty::timeline`].
    pub fn exit_with_timeline(mut self) -> (i32, String, Vec<(Instant, String)>) {
        self.wait_for("the end", |rest, eof| eof.then_some((rest.len(), ())));
        let timeline = self.timeline();
        let (code, screen) = self.exit();
        (code, screen, timeline)
    }
}

/// The first position of `needle` in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Splits terminal output into lines at `\r` and `\n`, escape sequences removed, each
/// stamped with the arrival of the chunk holding its first character; a line equal to the
/// previous one but for its leading symbols (a spinner frame) is dropped.
fn screen_lines(bytes: &[u8], chunks: &[(usize, Instant)]) -> Vec<(Instant, String)> {
    #[derive(PartialEq)]
    enum State {
        Text,
        Escape,
        Csi,
        Osc,
    }
    let mut lines: Vec<(Instant, String)> = Vec::new();
    let mut current: Vec<u8> = Vec::new();
    let mut started: Option<Instant> = None;
    let mut state = State::Text;
    let mut chunk = 0;
    let key = |s: &str| {
        s.trim_start_matches(|c: char| !c.is_alphanumeric())
            .to_owned()
    };
    let mut flush = |current: &mut Vec<u8>, started: &mut Option<Instant>| {
        let text = String::from_utf8_lossy(current).trim().to_owned();
        current.clear();
        if let (Some(at), false) = (started.take(), text.is_empty()) {
            if lines.last().is_none_or(|(_, prev)| key(prev) != key(&text)) {
                lines.push((at, text));
            }
        }
    };
    for (i, &b) in bytes.iter().enumerate() {
        while chunk + 1 < chunks.len() && chunks[chunk + 1].0 <= i {
            chunk += 1;
        }
        state = match state {
            State::Escape if b == b'[' => State::Csi,
            State::Escape if b == b']' => State::Osc,
            State::Escape => State::Text,
            State::Csi if (0x40..=0x7e).contains(&b) => State::Text,
            State::Osc if b == 0x07 => State::Text,
            State::Csi | State::Osc => state,
            State::Text => match b {
                0x1b => State::Escape,
                b'\r' | b'\n' => {
                    flush(&mut current, &mut started);
                    State::Text
                }
                _ => {
                    if started.is_none() && !b.is_ascii_whitespace() {
                        started = chunks.get(chunk).map(|c| c.1);
                    }
                    current.push(b);
                    State::Text
                }
            },
        };
    }
    flush(&mut current, &mut started);
    lines
}
