//! One CLI process in a pseudo-terminal, driven like a person would: wait for a text on
//! its screen (with a deadline, never a sleep), then type.

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;
use expectrl::{Eof, Expect, Regex, Session};
use parsec_testkit::strip_ansi;
use std::process::Command;
use std::time::Duration;

/// How long one screen may take to show what we wait for.
pub const PTY_TIMEOUT: Duration = Duration::from_secs(60);

/// A CLI process on its own terminal.
pub struct Pty {
    name: &'static str,
    session: OsSession,
    /// Everything read so far, ANSI escapes removed (for failure messages).
    screen: String,
}

impl Pty {
    /// Starts `cmd` on a new 120×40 terminal.
    pub fn spawn(name: &'static str, cmd: Command) -> Self {
        let mut session = Session::spawn(cmd).unwrap_or_else(|e| panic!("spawn {name}: {e}"));
        session
            .get_process_mut()
            .set_window_size(120, 40)
            .unwrap_or_else(|e| panic!("resize the terminal of {name}: {e}"));
        session.set_expect_timeout(Some(PTY_TIMEOUT));
        Self {
            name,
            session,
            screen: String::new(),
        }
    }

    fn record(&mut self, bytes: &[u8]) {
        self.screen
            .push_str(&strip_ansi(&String::from_utf8_lossy(bytes)));
    }

    fn fail(&mut self, what: &str, e: &expectrl::Error) -> ! {
        let mut rest = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n @ 1..) = self.session.try_read(&mut buf) {
            rest.extend_from_slice(&buf[..n]);
        }
        self.record(&rest);
        panic!(
            "{}: {what}: {e}\n--- {} screen ---\n{}\n--- end of {} screen ---",
            self.name, self.name, self.screen, self.name
        )
    }

    /// Waits for `text`; returns what was shown before it and itself (escapes removed).
    pub fn expect(&mut self, text: &str) -> String {
        match self.session.expect(text) {
            Ok(found) => {
                let shown = [found.before(), found.get(0).unwrap_or_default()].concat();
                self.record(&shown);
                strip_ansi(&String::from_utf8_lossy(&shown))
            }
            Err(e) => self.fail(&format!("waiting for {text:?}"), &e),
        }
    }

    /// Waits for the regex `re` and returns its first capture group.
    pub fn expect_capture(&mut self, re: &str) -> String {
        match self.session.expect(Regex(re)) {
            Ok(found) => {
                let shown = [found.before(), found.get(0).unwrap_or_default()].concat();
                self.record(&shown);
                let group = found.get(1).unwrap_or_else(|| panic!("{re} has a group"));
                String::from_utf8_lossy(group).into_owned()
            }
            Err(e) => self.fail(&format!("waiting for /{re}/"), &e),
        }
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
        if let Err(e) = self.session.send(text) {
            self.fail(&format!("typing {text:?}"), &e);
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

    /// Waits for the process to end and returns its exit code, with its whole screen.
    pub fn exit(mut self) -> (i32, String) {
        match self.session.expect(Eof) {
            Ok(found) => {
                let shown = [found.before(), found.get(0).unwrap_or_default()].concat();
                self.record(&shown);
            }
            Err(e) => self.fail("waiting for the end", &e),
        }
        match self.session.get_process().wait() {
            Ok(WaitStatus::Exited(_, code)) => (code, self.screen),
            other => panic!(
                "{} did not exit normally: {other:?}\n{}",
                self.name, self.screen
            ),
        }
    }
}
