//! What `invite greet` and `invite claim` share: the waits on the peer, raced against
//! Ctrl-C; the questions, asked beside those waits; and the JSON Lines mode, where events
//! go to stdout and answers come from stdin.
//!
//! Ctrl-C: once the exchange starts, SIGINT (and SIGTERM or SIGHUP, see
//! [`crate::signal`]) no longer kills the process. A watcher task records it; every wait and every question gives up as soon as it is recorded, and the
//! command then cancels the greeting attempt on the server (`MANUALLY_CANCELLED`) so that
//! the peer stops at once instead of polling forever (the official CLI sends nothing). A
//! second Ctrl-C exits at once.
//!
//! While a question waits for our human, the attempt is watched (see
//! [`CancelHandle::watch`]): a cancellation by the peer ends the question with `The other
//! side cancelled: …` (at once for a greeter on our server, which hears it through the
//! server's event stream; within a second otherwise), and the terminal is put back as it
//! was.

use crate::error::{CliError, CliResult, ErrorKind};
use crate::printer::Printer;
use crate::prompt;
use parsec_client::invite::CancelHandle;
use parsec_protocol::invite::{CancelledGreetingAttemptReason, SASCode};
use std::future::Future;
use std::time::Duration;
use tokio::sync::{oneshot, watch};

/// How long a cancellation request may take when we are leaving anyway.
const CANCEL_TIMEOUT: Duration = Duration::from_secs(5);

/// The last entry of the code choices.
const NONE_OF_THESE: &str = "None of these";

/// The hint of every question that cannot be asked without a terminal.
pub(super) const NO_TERMINAL_HINT: &str =
    "run it in a terminal, or use --format json to exchange codes and answers over \
     stdout/stdin";

/// The state of one greeting or claim: output mode, Ctrl-C and the optional deadline.
pub(super) struct Exchange<'p> {
    printer: &'p Printer,
    json: bool,
    interrupted: watch::Receiver<bool>,
    watcher: tokio::task::JoinHandle<()>,
    deadline: Option<(tokio::time::Instant, Duration)>,
    /// The attempt watched during questions.
    watching: Option<CancelHandle>,
    /// The terminal's settings before the first question, restored when a question is
    /// abandoned half-way (a select menu or a hidden password leaves it raw otherwise).
    terminal: Option<prompt::TerminalState>,
}

/// The error of an exchange that ran out of time.
fn timed_out(after: Duration) -> CliError {
    CliError::new(
        ErrorKind::Timeout,
        format!(
            "timed out after {}: the greeting was cancelled",
            humantime::format_duration(after)
        ),
    )
    .hint("start again on both sides at the same time, or raise --timeout")
}

impl Drop for Exchange<'_> {
    fn drop(&mut self) {
        self.watcher.abort();
        if let Some(t) = &self.terminal {
            t.restore();
        }
    }
}

/// The error of an interrupted wait or question.
fn interrupted() -> CliError {
    CliError::new(ErrorKind::Interrupted, "interrupted")
}

impl<'p> Exchange<'p> {
    /// Starts handling Ctrl-C. Call it after the last question asked outside the
    /// exchange (the device password), which a Ctrl-C must still be able to stop.
    pub(super) fn start(printer: &'p Printer, json: bool, timeout: Option<Duration>) -> Self {
        let (tx, rx) = watch::channel(false);
        let terminal = if json {
            None
        } else {
            prompt::TerminalState::save()
        };
        if let Some(t) = &terminal {
            t.hide_control_keys();
        }
        let saved = terminal.clone();
        let watcher = tokio::spawn(async move {
            let mut count = 0;
            loop {
                crate::signal::interrupted().await;
                count += 1;
                if count > 1 {
                    if let Some(t) = &saved {
                        t.restore();
                    }
                    // The user insists: no more waiting for the cancellation request.
                    #[allow(clippy::exit, reason = "a second Ctrl-C ends the process at once")]
                    std::process::exit(i32::from(ErrorKind::Interrupted.exit_code()));
                }
                let _ = tx.send(true);
            }
        });
        Self {
            printer,
            json,
            interrupted: rx,
            watcher,
            deadline: timeout.map(|t| (tokio::time::Instant::now() + t, t)),
            watching: None,
            terminal,
        }
    }

    /// Watches the attempt of `handle` during every later question: the peer's
    /// cancellation ends the question (see the module documentation).
    pub(super) fn watch(&mut self, handle: &CancelHandle) {
        self.watching = Some(handle.clone());
    }

    /// Resolves when the watched attempt ends without us (never without one).
    async fn attempt_ended(watching: Option<&CancelHandle>) -> CliError {
        match watching {
            Some(handle) => handle.watch().await.into(),
            None => std::future::pending().await,
        }
    }

    /// Resolves when the `--timeout` deadline passes (never without one).
    async fn expired(deadline: Option<(tokio::time::Instant, Duration)>) -> Duration {
        match deadline {
            Some((at, after)) => {
                tokio::time::sleep_until(at).await;
                after
            }
            None => std::future::pending().await,
        }
    }

    /// Suspends the `--timeout` deadline (see [`Exchange::resume_deadline`]): once the
    /// server holds the new device, the questions and the saving of its keys must not be
    /// cut short by the deadline.
    pub(super) fn suspend_deadline(&mut self) -> Option<(tokio::time::Instant, Duration)> {
        self.deadline.take()
    }

    /// Restores a deadline taken by [`Exchange::suspend_deadline`].
    pub(super) fn resume_deadline(&mut self, deadline: Option<(tokio::time::Instant, Duration)>) {
        self.deadline = deadline;
    }

    /// Whether events go to stdout as JSON Lines (and answers come from stdin).
    pub(super) fn json(&self) -> bool {
        self.json
    }

    /// The printer.
    pub(super) fn printer(&self) -> &'p Printer {
        self.printer
    }

    /// One JSON Lines event (JSON mode only).
    pub(super) fn event(&self, value: impl serde::Serialize) {
        if self.json {
            self.printer.json(&value);
        }
    }

    /// One line for people on stdout (text mode only).
    pub(super) fn line(&self, text: impl AsRef<str>) {
        if !self.json {
            self.printer.line(text);
        }
    }

    /// Resolves when Ctrl-C has been pressed.
    async fn ctrl_c(rx: &mut watch::Receiver<bool>) {
        // An error means the watcher is gone: then no Ctrl-C will ever be recorded.
        if rx.wait_for(|pressed| *pressed).await.is_err() {
            std::future::pending::<()>().await;
        }
    }

    /// Runs `fut` unless Ctrl-C comes first.
    pub(super) async fn race<T>(&mut self, fut: impl Future<Output = T>) -> CliResult<T> {
        tokio::select! {
            biased;
            () = Self::ctrl_c(&mut self.interrupted) => Err(interrupted()),
            after = Self::expired(self.deadline) => Err(timed_out(after)),
            r = fut => Ok(r),
        }
    }

    /// Runs `fut` under a spinner showing `message`, unless Ctrl-C comes first.
    pub(super) async fn wait<T, E>(
        &mut self,
        message: &str,
        fut: impl Future<Output = Result<T, E>>,
    ) -> CliResult<T>
    where
        CliError: From<E>,
    {
        let printer = self.printer;
        printer
            .step(message, async {
                self.race(fut).await.and_then(|r| r.map_err(CliError::from))
            })
            .await
    }

    /// Runs the blocking question `ask` on its own thread, unless Ctrl-C, the deadline or
    /// the end of the watched attempt comes first (the thread is then left blocked on its
    /// read: the process is about to exit).
    pub(super) async fn ask<T: Send + 'static>(
        &mut self,
        ask: impl FnOnce() -> CliResult<T> + Send + 'static,
    ) -> CliResult<T> {
        if self.terminal.is_some() {
            // Keys typed while a spinner turned are not answers to this question.
            prompt::discard_typeahead();
        }
        let (tx, rx) = oneshot::channel();
        let start = std::time::Instant::now();
        std::thread::spawn(move || {
            let _ = tx.send(ask());
        });
        let abandoned = |e: CliError| Err((e, true));
        let result = tokio::select! {
            biased;
            () = Self::ctrl_c(&mut self.interrupted) => abandoned(interrupted()),
            after = Self::expired(self.deadline) => abandoned(timed_out(after)),
            e = Self::attempt_ended(self.watching.as_ref()) => abandoned(e),
            r = rx => r
                .unwrap_or_else(|_| Err(CliError::new(ErrorKind::Internal, "a question's thread panicked")))
                .map_err(|e| (e, false)),
        };
        tracing::debug!(
            target: "parsec_cli::timing",
            ok = result.is_ok(),
            ms = start.elapsed().as_secs_f64() * 1000.0,
            "question answered"
        );
        result.map_err(|(e, abandoned)| {
            if abandoned {
                // The question's thread may have left the terminal raw or without echo,
                // and a select menu hides the cursor.
                if let Some(terminal) = &self.terminal {
                    terminal.restore();
                }
                let _ = console::Term::stderr().show_cursor();
                self.printer.end_line();
            } else if matches!(e.kind, ErrorKind::Interrupted) {
                let _ = console::Term::stderr().show_cursor();
            }
            e
        })
    }

    /// One answer line from stdin (JSON mode), without its line ending.
    pub(super) async fn read_answer(&mut self, what: &'static str) -> CliResult<String> {
        self.ask(move || {
            use std::io::BufRead;
            let mut line = String::new();
            let n = std::io::stdin()
                .lock()
                .read_line(&mut line)
                .map_err(|e| CliError::bad_input(format!("cannot read {what} from stdin: {e}")))?;
            if n == 0 {
                return Err(CliError::bad_input(format!(
                    "stdin closed while waiting for {what}"
                )));
            }
            Ok(line.trim_end_matches(['\n', '\r']).to_owned())
        })
        .await
    }

    /// Asks which of `candidates` the peer shows (`provided_by` is `"claimer"` or
    /// `"greeter"`). `None` means none of them.
    ///
    /// Text mode: a select menu with a last `None of these` entry. JSON mode: event
    /// `{"event": "choose_<provided_by>_code", "candidates": […]}`, then one answer line:
    /// a code (`WXYZ` or `{"code": "WXYZ"}`), or `none`, an empty line or `{"code":
    /// null}`.
    pub(super) async fn choose_code(
        &mut self,
        provided_by: &'static str,
        candidates: &[SASCode],
    ) -> CliResult<Option<SASCode>> {
        if self.json {
            self.event(crate::output::event::ChooseCode {
                candidates: candidates.iter().map(|c| c.as_str().to_owned()).collect(),
                event: format!("choose_{provided_by}_code"),
            });
            let answer = self.read_answer("the code").await?;
            return parse_code_answer(&answer);
        }
        let mut items: Vec<String> = candidates.iter().map(ToString::to_string).collect();
        items.push(NONE_OF_THESE.to_owned());
        let prompt_text = format!("Select code provided by {provided_by}");
        let picked = self
            .ask(move || prompt::select(&prompt_text, &items, 0, NO_TERMINAL_HINT))
            .await?;
        Ok(candidates.get(picked).copied())
    }
}

/// A code answer of the JSON mode (see [`Exchange::choose_code`]).
fn parse_code_answer(answer: &str) -> CliResult<Option<SASCode>> {
    let answer = answer.trim();
    let text = if answer.starts_with('{') {
        let v: serde_json::Value = serde_json::from_str(answer)
            .map_err(|e| CliError::bad_input(format!("invalid JSON answer {answer:?}: {e}")))?;
        match v.get("code") {
            None | Some(serde_json::Value::Null) => return Ok(None),
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(other) => {
                return Err(CliError::bad_input(format!(
                    "invalid code {other} in the answer: expected a string or null"
                )))
            }
        }
    } else {
        answer.to_owned()
    };
    let text = text.trim();
    if text.is_empty()
        || text.eq_ignore_ascii_case("none")
        || text.eq_ignore_ascii_case(NONE_OF_THESE)
    {
        return Ok(None);
    }
    text.to_ascii_uppercase()
        .parse::<SASCode>()
        .map(Some)
        .map_err(|_| {
            CliError::bad_input(format!(
                "invalid answer {text:?}: expected the 4-character code shown by the other \
                 side, or `none`"
            ))
        })
}

/// A field of a JSON object answer, or the whole line when it is not JSON.
pub(super) fn answer_field(answer: &str, field: &str) -> CliResult<Option<String>> {
    let answer = answer.trim();
    if !answer.starts_with('{') {
        return Ok(Some(answer.to_owned()).filter(|a| !a.is_empty()));
    }
    let v: serde_json::Value = serde_json::from_str(answer)
        .map_err(|e| CliError::bad_input(format!("invalid JSON answer {answer:?}: {e}")))?;
    match v.get(field) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) => Ok(Some(s.trim().to_owned())),
        Some(other) => Err(CliError::bad_input(format!(
            "invalid `{field}` {other} in the answer: expected a string"
        ))),
    }
}

/// Cancels the attempt in progress, if any, without failing: we are leaving anyway.
/// Returns whether an attempt was cancelled.
async fn cancel_quietly(handle: &CancelHandle, reason: CancelledGreetingAttemptReason) -> bool {
    match tokio::time::timeout(CANCEL_TIMEOUT, handle.cancel(reason)).await {
        Ok(Ok(cancelled)) => {
            tracing::debug!(%reason, cancelled, "greeting attempt cancellation");
            cancelled
        }
        Ok(Err(error)) => {
            tracing::debug!(%error, "cannot cancel the greeting attempt");
            false
        }
        Err(_) => {
            tracing::debug!("no answer to the cancellation of the greeting attempt");
            false
        }
    }
}

/// Sends a refusal of the peer's code (`do_deny_trust`), without failing: the command
/// reports the wrong code itself.
pub(super) async fn deny_quietly(
    deny: impl Future<Output = Result<(), parsec_client::invite::CancelGreetingAttemptError>>,
) {
    match tokio::time::timeout(CANCEL_TIMEOUT, deny).await {
        Ok(Ok(())) => tracing::debug!("greeting attempt cancelled: invalid SAS code"),
        Ok(Err(error)) => tracing::debug!(%error, "cannot cancel the greeting attempt"),
        Err(_) => tracing::debug!("no answer to the cancellation of the greeting attempt"),
    }
}

/// What ends an exchange: on failure, the attempt still open is cancelled so that the
/// peer stops waiting (`MANUALLY_CANCELLED`: Ctrl-C, a failed question, an error here).
pub(super) async fn finish<T>(result: CliResult<T>, handle: &CancelHandle) -> CliResult<T> {
    match result {
        Ok(v) => Ok(v),
        Err(mut e) => {
            let cancelled =
                cancel_quietly(handle, CancelledGreetingAttemptReason::ManuallyCancelled).await;
            if cancelled && e.kind == ErrorKind::Interrupted && e.message == "interrupted" {
                e.message = "interrupted: the greeting attempt was cancelled".to_owned();
            }
            Err(e)
        }
    }
}

/// The error after our human picked another code than the peer's (the attempt has been
/// cancelled with `INVALID_SAS_CODE`).
pub(super) fn wrong_code(peer: &str) -> CliError {
    CliError::new(
        ErrorKind::Authentication,
        format!(
            "Invalid SAS code: the {peer}'s code was not recognised, the greeting was cancelled"
        ),
    )
    .hint(format!(
        "start again on both sides and compare the codes; if the {peer} really shows none of \
         them, someone may be intercepting the exchange"
    ))
}

/// Refuses early, in text mode, when no question can be asked.
pub(super) fn require_terminal(command: &str) -> CliResult {
    if prompt::is_interactive() {
        return Ok(());
    }
    Err(CliError::bad_input(format!(
        "`invite {command}` asks questions (the codes to compare) but there is no terminal"
    ))
    .hint(NO_TERMINAL_HINT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_answers() {
        let code = |s: &str| parse_code_answer(s).expect("valid answer");
        assert_eq!(code("abcd").map(|c| c.to_string()).as_deref(), Some("ABCD"));
        assert_eq!(
            code(r#"{"code": "WXYZ"}"#)
                .map(|c| c.to_string())
                .as_deref(),
            Some("WXYZ")
        );
        assert_eq!(code(""), None);
        assert_eq!(code("none"), None);
        assert_eq!(code("None of these"), None);
        assert_eq!(code(r#"{"code": null}"#), None);
        assert!(parse_code_answer("ABC").is_err());
        assert!(
            parse_code_answer("AB1D").is_err(),
            "1 is not in the alphabet"
        );
        assert!(parse_code_answer("{not json").is_err());
    }

    #[test]
    fn field_answers() {
        let f = |a: &str, k: &str| answer_field(a, k).expect("valid answer");
        assert_eq!(f("laptop", "device_label").as_deref(), Some("laptop"));
        assert_eq!(f("", "device_label"), None);
        assert_eq!(
            f(r#"{"device_label": "pc", "name": "Bob"}"#, "name").as_deref(),
            Some("Bob")
        );
        assert_eq!(f(r#"{"device_label": "pc"}"#, "email"), None);
        assert!(answer_field(r#"{"name": 3}"#, "name").is_err());
    }
}
