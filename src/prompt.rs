//! Questions to the user: passwords (hidden, twice when creating one) and text answers.
//! Without a terminal nothing waits for input that cannot come: the command fails and
//! names the flag to use instead.
#![allow(clippy::print_stderr)]

use crate::error::{CliError, CliResult};
use std::io::{BufRead, IsTerminal};
use zeroize::Zeroizing;

/// A password held in memory that is wiped on drop.
pub type Password = Zeroizing<String>;

fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Whether questions can be asked: stdin and stderr are terminals.
pub fn is_interactive() -> bool {
    interactive()
}

/// The settings of the terminal on stdin, to put back after a question abandoned
/// half-way (its thread may have left the terminal raw or without echo).
#[derive(Clone)]
pub struct TerminalState {
    #[cfg(unix)]
    termios: rustix::termios::Termios,
}

impl TerminalState {
    /// The current settings, when stdin is a terminal.
    pub fn save() -> Option<Self> {
        if !interactive() {
            return None;
        }
        #[cfg(unix)]
        {
            rustix::termios::tcgetattr(std::io::stdin())
                .ok()
                .map(|termios| Self { termios })
        }
        #[cfg(not(unix))]
        {
            Some(Self {})
        }
    }

    /// The saved settings without the echo of control keys: a Ctrl-C pressed while a
    /// spinner turns would print `^C` past its line, which then stays on screen twice.
    pub fn hide_control_keys(&self) {
        #[cfg(unix)]
        {
            let mut quiet = self.termios.clone();
            quiet
                .local_modes
                .remove(rustix::termios::LocalModes::ECHOCTL);
            let _ = rustix::termios::tcsetattr(
                std::io::stdin(),
                rustix::termios::OptionalActions::Now,
                &quiet,
            );
        }
    }

    /// Puts the saved settings back.
    pub fn restore(&self) {
        #[cfg(unix)]
        {
            let _ = rustix::termios::tcsetattr(
                std::io::stdin(),
                rustix::termios::OptionalActions::Now,
                &self.termios,
            );
        }
    }
}

/// Drops what was typed on the terminal but not read yet (keys pressed while a spinner
/// turned would otherwise answer the next question).
pub fn discard_typeahead() {
    #[cfg(unix)]
    if interactive() {
        let _ = rustix::termios::tcflush(std::io::stdin(), rustix::termios::QueueSelector::IFlush);
    }
}

/// A failed read of an answer: Ctrl-C (the terminal is in raw mode, so it arrives as a
/// key) is an interruption, anything else bad input.
fn answer_error(e: dialoguer::Error) -> CliError {
    let dialoguer::Error::IO(io) = &e;
    if io.kind() == std::io::ErrorKind::Interrupted {
        return CliError::new(crate::error::ErrorKind::Interrupted, "interrupted");
    }
    CliError::bad_input(format!("cannot read the answer: {e}"))
}

/// Reads one line from stdin, removing only the trailing newline (as the official CLI).
pub fn read_password_stdin() -> CliResult<Password> {
    let mut line = Zeroizing::new(String::new());
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::bad_input(format!("cannot read the password from stdin: {e}")))?;
    if line.ends_with('\n') {
        line.pop();
        if line.ends_with('\r') {
            line.pop();
        }
    }
    Ok(line)
}

fn ask_hidden(prompt: &str, flag_hint: &str) -> CliResult<Password> {
    if !interactive() {
        return Err(
            CliError::bad_input("cannot ask for a password: no terminal")
                .hint(flag_hint.to_owned()),
        );
    }
    rpassword::prompt_password(format!("{prompt} "))
        .map(Zeroizing::new)
        .map_err(|e| {
            // Ctrl-C while the password is typed interrupts the read.
            if e.kind() == std::io::ErrorKind::Interrupted {
                return CliError::new(crate::error::ErrorKind::Interrupted, "interrupted");
            }
            CliError::bad_input(format!("cannot read the password: {e}"))
        })
}

/// Where a password comes from, besides the terminal.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PasswordArgs {
    /// Read the password from stdin (one line) instead of asking on the terminal
    #[arg(long, conflicts_with = "password_file")]
    pub password_stdin: bool,

    /// Read the password from a file (its first line); the file must not be readable by
    /// group or others
    #[arg(long, value_name = "PATH", env = "PARSEC_PASSWORD_FILE")]
    pub password_file: Option<std::path::PathBuf>,
}

/// Reads the first line of a password file, refusing files other users could read
/// (as ssh does for private keys).
pub fn read_password_file(path: &std::path::Path) -> CliResult<Password> {
    let unreadable = |e: std::io::Error| {
        CliError::bad_input(format!("cannot read password file {}: {e}", path.display()))
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode();
        if mode & 0o077 != 0 {
            return Err(CliError::new(
                crate::error::ErrorKind::Authentication,
                format!(
                    "password file {} is readable by others (mode {:o})",
                    path.display(),
                    mode & 0o777
                ),
            )
            .hint(format!("run `chmod 600 {}`", path.display())));
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    let content = Zeroizing::new(std::fs::read_to_string(path).map_err(unreadable)?);
    let first = content.lines().next().unwrap_or_default();
    Ok(Zeroizing::new(first.to_owned()))
}

impl PasswordArgs {
    fn non_interactive(&self) -> Option<CliResult<Password>> {
        if self.password_stdin {
            Some(read_password_stdin())
        } else {
            self.password_file.as_deref().map(read_password_file)
        }
    }
}

const PASSWORD_FLAGS_HINT: &str = "pass the password with --password-stdin or --password-file";

/// The password of an existing device.
pub fn device_password(source: &PasswordArgs) -> CliResult<Password> {
    device_password_as(source, "Enter password for the device:")
}

/// The password of an existing device, asked on the terminal with `prompt`.
pub fn device_password_as(source: &PasswordArgs, prompt: &str) -> CliResult<Password> {
    if let Some(p) = source.non_interactive() {
        return p;
    }
    ask_hidden(prompt, PASSWORD_FLAGS_HINT)
}

/// A secret that is not a password (a recovery passphrase): one line of stdin with
/// `from_stdin`, else asked once, hidden, on the terminal.
pub fn secret(from_stdin: bool, prompt: &str, flag_hint: &str) -> CliResult<Password> {
    if from_stdin {
        return read_password_stdin();
    }
    ask_hidden(prompt, flag_hint)
}

/// A new password: from stdin or a file, or asked twice on the terminal.
pub fn new_password(source: &PasswordArgs, prompt: &str) -> CliResult<Password> {
    let password = if let Some(p) = source.non_interactive() {
        p?
    } else {
        let hint = PASSWORD_FLAGS_HINT;
        loop {
            let first = ask_hidden(prompt, hint)?;
            if first.is_empty() {
                eprintln!("The password cannot be empty, try again.");
                continue;
            }
            let second = ask_hidden("Confirm password:", hint)?;
            if *first == *second {
                break first;
            }
            eprintln!("Passwords do not match, try again.");
        }
    };
    if password.is_empty() {
        return Err(CliError::bad_input("the password cannot be empty"));
    }
    Ok(password)
}

/// Asks for a line of text, with an optional default, validated by `parse`.
pub fn input<T>(
    prompt: &str,
    default: Option<&str>,
    flag: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> CliResult<T> {
    if !interactive() {
        return Err(
            CliError::bad_input(format!("missing {flag}: no terminal to ask for it"))
                .hint(format!("pass {flag} on the command line")),
        );
    }
    loop {
        let mut q = dialoguer::Input::<String>::new().with_prompt(prompt);
        if let Some(d) = default {
            q = q.default(d.to_owned());
        }
        let answer = q.interact_text().map_err(answer_error)?;
        match parse(answer.trim()) {
            Ok(v) => return Ok(v),
            Err(msg) => eprintln!("{msg}"),
        }
    }
}

/// Asks a yes/no question on the terminal (default: no).
pub fn confirm(question: &str) -> CliResult<bool> {
    if !interactive() {
        return Err(
            CliError::bad_input("cannot ask for confirmation: no terminal")
                .hint("pass --yes to confirm"),
        );
    }
    dialoguer::Confirm::new()
        .with_prompt(question)
        .default(false)
        .interact()
        .map_err(|e| CliError::bad_input(format!("cannot read the answer: {e}")))
}

/// Asks to pick one of `items` (type to filter, arrows, Enter); returns its index.
/// Without a terminal it fails with `hint`.
pub fn select(prompt: &str, items: &[String], default: usize, hint: &str) -> CliResult<usize> {
    if !interactive() {
        return Err(
            CliError::bad_input(format!("cannot ask \"{prompt}\": no terminal"))
                .hint(hint.to_owned()),
        );
    }
    dialoguer::FuzzySelect::new()
        .with_prompt(prompt)
        .items(items)
        .default(default)
        .interact()
        .map_err(answer_error)
}
