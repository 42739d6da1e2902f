//! The only place that writes to the terminal: data on stdout, everything else (status
//! lines, spinners) on stderr. Colours only on terminals and never with `NO_COLOR`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use console::Style;
use indicatif::{ProgressBar, ProgressStyle};
use std::future::Future;
use std::io::{IsTerminal, Write};
use std::time::Duration;

/// What commands print on stdout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Lines for people (the official CLI's wording)
    Text,
    /// One JSON object per result, for scripts
    Json,
    /// Comma-separated values (`server stats` only)
    Csv,
}

/// When to use colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// On terminals, unless NO_COLOR is set
    #[default]
    Auto,
    /// Always (even when piped)
    Always,
    /// Never
    Never,
}

/// Writes command output.
#[derive(Clone, Debug)]
pub struct Printer {
    quiet: bool,
    format: Option<OutputFormat>,
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
        Self::with_options(quiet, None, ColorChoice::Auto)
    }

    /// A printer with an explicit output format (`None`: each command's default) and
    /// colour choice.
    pub fn with_options(quiet: bool, format: Option<OutputFormat>, color: ColorChoice) -> Self {
        let stdout_tty = std::io::stdout().is_terminal();
        let stderr_tty = std::io::stderr().is_terminal();
        let (out, err) = match color {
            ColorChoice::Always => (true, true),
            ColorChoice::Never => (false, false),
            ColorChoice::Auto => {
                let allowed = !no_color_env();
                (allowed && stdout_tty, allowed && stderr_tty)
            }
        };
        Self {
            quiet,
            format,
            // JSON is for programs: never colour it.
            stdout_color: out && format.is_none_or(|f| f == OutputFormat::Text),
            stderr_color: err,
            stderr_tty,
        }
    }

    /// The format asked with `--format`, if any.
    pub fn format(&self) -> Option<OutputFormat> {
        self.format
    }

    /// Whether stdout carries JSON; refuses CSV, which only `server stats` offers.
    pub fn is_json(&self) -> Result<bool, crate::error::CliError> {
        match self.format {
            Some(OutputFormat::Csv) => Err(crate::error::CliError::new(
                crate::error::ErrorKind::Usage,
                "--format csv is only available for `server stats`",
            )
            .hint("use --format text or --format json")),
            f => Ok(f == Some(OutputFormat::Json)),
        }
    }

    /// One JSON value on one line of stdout (a typed result of [`crate::output`], or an
    /// answer of the administration API passed through).
    pub fn json(&self, value: &impl serde::Serialize) {
        self.line(
            serde_json::to_string(value).expect("output types and JSON values always serialize"),
        );
    }

    /// One line of data on stdout. A closed pipe ends the process quietly (exit 0),
    /// as `head` users expect.
    pub fn line(&self, text: impl AsRef<str>) {
        let mut out = std::io::stdout().lock();
        if let Err(e) = writeln!(out, "{}", text.as_ref()) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                #[allow(clippy::exit, reason = "a closed stdout ends the process at once")]
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

    /// A line for the person reading: on stdout in text mode (where the official CLI
    /// prints it), as a status on stderr in JSON mode, where stdout carries only JSON.
    pub fn say(&self, text: impl AsRef<str>) {
        if self.format == Some(OutputFormat::Json) {
            self.status(text);
        } else {
            self.line(text);
        }
    }

    /// A status line on stderr (hidden with `--quiet`).
    pub fn status(&self, text: impl AsRef<str>) {
        if !self.quiet {
            eprintln!("{}", text.as_ref());
        }
    }

    /// Ends the line of an abandoned question on a terminal, so that what follows starts
    /// on a line of its own.
    pub fn end_line(&self) {
        if self.stderr_tty {
            eprintln!();
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

    /// Runs `work` under a spinner showing `message`, then leaves a check mark and
    /// `message` if it succeeded, a cross if it failed (the caller reports the error).
    pub async fn step<T, E>(
        &self,
        message: &str,
        work: impl Future<Output = Result<T, E>>,
    ) -> Result<T, E> {
        self.step_as(message, message, work).await
    }

    /// [`Printer::step`] that leaves `done` beside the check mark on success.
    pub async fn step_as<T, E>(
        &self,
        message: &str,
        done: &str,
        work: impl Future<Output = Result<T, E>>,
    ) -> Result<T, E> {
        let spinner = self.spinner(message);
        let start = std::time::Instant::now();
        let result = work.await;
        tracing::debug!(
            target: "parsec_cli::timing",
            step = message,
            ok = result.is_ok(),
            ms = start.elapsed().as_secs_f64() * 1000.0,
            "step done"
        );
        match &result {
            Ok(_) => spinner.done_with(done),
            Err(_) => spinner.fail(),
        }
        result
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
