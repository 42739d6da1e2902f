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
        .map_err(|e| CliError::bad_input(format!("cannot read the password: {e}")))
}

/// The password of an existing device.
pub fn device_password(password_stdin: bool) -> CliResult<Password> {
    if password_stdin {
        return read_password_stdin();
    }
    ask_hidden(
        "Enter password for the device:",
        "pass the password with --password-stdin",
    )
}

/// A new password: from stdin, or asked twice on the terminal.
pub fn new_password(password_stdin: bool, prompt: &str) -> CliResult<Password> {
    let password = if password_stdin {
        read_password_stdin()?
    } else {
        let hint = "pass the new password with --password-stdin";
        loop {
            let first = ask_hidden(prompt, hint)?;
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
        let answer = q
            .interact_text()
            .map_err(|e| CliError::bad_input(format!("cannot read the answer: {e}")))?;
        match parse(answer.trim()) {
            Ok(v) => return Ok(v),
            Err(msg) => eprintln!("{msg}"),
        }
    }
}
