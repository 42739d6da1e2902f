//! The only place that writes to the terminal: data on stdout, everything else (status
//! lines, spinners) on stderr. Colours only on terminals and never with `NO_COLOR`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use console::Style;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::time::Duration;

/// Writes command output.
#[derive(Clone, Debug)]
pub struct Printer {
    quiet: bool,
    stdout_color: bool,
    stderr_color: bool,
    stderr_tty: bool,
}

fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

impl Printer {
    /// A printer for this process; `quiet` hides status lines and spinners.
    pub fn new(quiet: bool) -> Self {
        let stdout_tty = std::io::stdout().is_terminal();
        let stderr_tty = std::io::stderr().is_terminal();
        let color = !no_color_env();
        Self {
            quiet,
            stdout_color: color && stdout_tty,
            stderr_color: color && stderr_tty,
            stderr_tty,
        }
    }

    /// One line of data on stdout. A closed pipe ends the process quietly (exit 0),
    /// as `head` users expect.
    pub fn line(&self, text: impl AsRef<str>) {
        let mut out = std::io::stdout().lock();
        if let Err(e) = writeln!(out, "{}", text.as_ref()) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    }

    /// Yellow on a colour terminal (identifiers, URLs), plain otherwise.
    pub fn highlight(&self, text: impl AsRef<str>) -> String {
        Style::new()
            .yellow()
            .force_styling(self.stdout_color)
            .apply_to(text.as_ref())
            .to_string()
    }

    /// A status line on stderr (hidden with `--quiet`).
    pub fn status(&self, text: impl AsRef<str>) {
        if !self.quiet {
            eprintln!("{}", text.as_ref());
        }
    }

    /// Prints an error and its hint on stderr.
    pub fn error(&self, message: &str, hint: Option<&str>) {
        let red = Style::new().red().bold().force_styling(self.stderr_color);
        let cyan = Style::new().cyan().force_styling(self.stderr_color);
        eprintln!("{} {message}", red.apply_to("error:"));
        if let Some(h) = hint {
            eprintln!("{} {h}", cyan.apply_to("hint:"));
        }
    }

    /// Starts a spinner on stderr (only on a terminal and without `--quiet`).
    pub fn spinner(&self, message: &str) -> Spinner {
        let bar = if self.quiet || !self.stderr_tty {
            ProgressBar::hidden()
        } else {
            let bar = ProgressBar::new_spinner();
            let style = ProgressStyle::with_template("{spinner} {msg}")
                .expect("static template")
                .tick_chars("◐◓◑◒●");
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(100));
            bar
        };
        bar.set_message(message.to_owned());
        Spinner {
            bar,
            color: self.stderr_color,
            visible: !self.quiet && self.stderr_tty,
            message: message.to_owned(),
        }
    }
}

/// A wait in progress; becomes a check mark when it ends.
pub struct Spinner {
    bar: ProgressBar,
    color: bool,
    visible: bool,
    message: String,
}

impl Spinner {
    /// Ends the wait with a check mark and the spinner's message.
    pub fn done(self) {
        let message = self.message.clone();
        self.done_with(&message);
    }

    /// Ends the wait with a check mark and `message`.
    pub fn done_with(self, message: &str) {
        self.bar.finish_and_clear();
        if self.visible {
            let green = Style::new().green().force_styling(self.color);
            eprintln!("{} {message}", green.apply_to("✔"));
        }
    }

    /// Ends the wait after a failure (the error is printed by the caller).
    pub fn fail(self) {
        self.bar.finish_and_clear();
        if self.visible {
            let red = Style::new().red().force_styling(self.color);
            eprintln!("{} {}", red.apply_to("✘"), self.message);
        }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        if !self.bar.is_finished() {
            self.bar.finish_and_clear();
        }
    }
}
