//! Requests to stop the command: Ctrl-C (SIGINT) and, on Unix, SIGTERM (`kill`, a
//! service manager, a CI runner's timeout) and SIGHUP (the terminal was closed).
//!
//! A command that holds keys nobody else has yet (a device file waiting for the server's
//! answer) races its work against [`interrupted`], so that any of the three signals ends
//! it the way Ctrl-C does: the file is kept or removed depending on what the server may
//! have recorded, and the command exits with the "interrupted" code. Outside such a
//! section, SIGTERM and SIGHUP end the process at once with that code, as they would
//! without a handler ([`install`] must run first).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use tokio::sync::watch;

/// How many [`interrupted`] futures are waiting right now.
static WAITING: AtomicUsize = AtomicUsize::new(0);

/// How many times SIGTERM or SIGHUP has been received.
static TERMINATION: OnceLock<watch::Receiver<u64>> = OnceLock::new();

/// Starts listening to SIGTERM and SIGHUP. A signal received while no [`interrupted`]
/// future waits ends the process with `exit_code`, the terminal put back as it is now;
/// otherwise the waiting futures resolve.
pub fn install(exit_code: u8) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let (Ok(mut term), Ok(mut hup)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        ) else {
            // Without handlers the default action (ending the process) stays.
            return;
        };
        let (tx, rx) = watch::channel(0_u64);
        if TERMINATION.set(rx).is_err() {
            return;
        }
        let terminal = crate::prompt::TerminalState::save();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    Some(()) = term.recv() => {}
                    Some(()) = hup.recv() => {}
                    else => return,
                }
                if WAITING.load(Ordering::SeqCst) == 0 {
                    if let Some(t) = &terminal {
                        t.restore();
                    }
                    let _ = console::Term::stderr().show_cursor();
                    #[allow(clippy::exit, reason = "the default action of the signal")]
                    std::process::exit(i32::from(exit_code));
                }
                tx.send_modify(|n| *n += 1);
            }
        });
    }
    #[cfg(not(unix))]
    let _ = exit_code;
}

/// Counts a waiting [`interrupted`] future while it lives.
struct Waiting;

impl Waiting {
    fn new() -> Self {
        WAITING.fetch_add(1, Ordering::SeqCst);
        Self
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        WAITING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Which signal ended an [`interrupted`] wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interruption {
    /// Ctrl-C.
    CtrlC,
    /// SIGTERM or SIGHUP.
    Termination,
}

/// Resolves at the next Ctrl-C, SIGTERM or SIGHUP.
pub async fn interrupted() -> Interruption {
    // Marked as seen before counting as waiting: a signal in between ends the process.
    let mut termination = TERMINATION.get().map(|rx| {
        let mut rx = rx.clone();
        rx.borrow_and_update();
        rx
    });
    let _waiting = Waiting::new();
    let terminated = async {
        let changed = match termination.as_mut() {
            Some(rx) => rx.changed().await.is_ok(),
            None => false,
        };
        if !changed {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        Ok(()) = tokio::signal::ctrl_c() => Interruption::CtrlC,
        () = terminated => Interruption::Termination,
    }
}
