//! Running commands with a deadline, and reading what they printed.

use std::io::{Read, Write};
use std::process::{Command, ExitStatus, Output, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long one CLI command may run before [`run`] kills it and fails the test.
///
/// Generous: debug builds, two cores shared by parallel tests, Argon2 key derivation.
pub const CLI_TIMEOUT: Duration = Duration::from_secs(60);

/// Runs `cmd` with an empty stdin and returns its output; fails the test if it runs longer
/// than [`CLI_TIMEOUT`].
pub fn run(cmd: &mut Command) -> Output {
    run_inner(cmd, None, CLI_TIMEOUT)
}

/// Runs `cmd` with `stdin` written to its standard input (then closed) and returns its
/// output; fails the test if it runs longer than [`CLI_TIMEOUT`].
pub fn run_with_stdin(cmd: &mut Command, stdin: &str) -> Output {
    run_inner(cmd, Some(stdin.as_bytes()), CLI_TIMEOUT)
}

/// [`run_with_stdin`] with another deadline.
pub fn run_with_stdin_timeout(cmd: &mut Command, stdin: &str, timeout: Duration) -> Output {
    run_inner(cmd, Some(stdin.as_bytes()), timeout)
}

fn run_inner(cmd: &mut Command, stdin: Option<&[u8]>, timeout: Duration) -> Output {
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let writer = stdin.map(|bytes| {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        let bytes = bytes.to_vec();
        std::thread::spawn(move || {
            // The command may exit without reading everything: a broken pipe is its answer,
            // judged by the test from its output and status.
            let _ = pipe.write_all(&bytes);
        })
    });
    let stdout = drain(child.stdout.take().expect("stdout is piped"));
    let stderr = drain(child.stderr.take().expect("stderr is piped"));

    let deadline = Instant::now() + timeout;
    let (status, timed_out) = loop {
        match child.try_wait().expect("poll the child process") {
            Some(status) => break (status, false),
            None if Instant::now() >= deadline => {
                // Killing an already exited child is harmless; `wait` reaps it.
                let _ = child.kill();
                break (child.wait().expect("reap the killed child"), true);
            }
            // Polling interval of a deadline-based wait.
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    };
    if let Some(writer) = writer {
        writer.join().expect("the stdin writer does not panic");
    }
    let output = Output {
        status,
        stdout: stdout.join().expect("the stdout reader does not panic"),
        stderr: stderr.join().expect("the stderr reader does not panic"),
    };
    assert!(
        !timed_out,
        "{cmd:?} was killed after running for {timeout:?}\n{}",
        describe(&output)
    );
    output
}

fn drain(mut pipe: impl Read + Send + 'static) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        // A read error ends the capture; what was read so far is still reported.
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}

/// Stdout as text, invalid UTF-8 replaced and ANSI escapes removed.
pub fn stdout_text(output: &Output) -> String {
    strip_ansi(&String::from_utf8_lossy(&output.stdout))
}

/// Stderr as text, invalid UTF-8 replaced and ANSI escapes removed.
pub fn stderr_text(output: &Output) -> String {
    strip_ansi(&String::from_utf8_lossy(&output.stderr))
}

/// Exit status, stdout and stderr, for failure messages.
pub fn describe(output: &Output) -> String {
    format!(
        "exit status: {}\n--- stdout ---\n{}\n--- stderr ---\n{}\n--- end ---",
        describe_status(output.status),
        String::from_utf8_lossy(&output.stdout).trim_end(),
        String::from_utf8_lossy(&output.stderr).trim_end(),
    )
}

fn describe_status(status: ExitStatus) -> String {
    match status.code() {
        Some(code) => code.to_string(),
        None => format!("{status} (no exit code)"),
    }
}

/// Fails the test unless the command exited 0; returns its stdout (see [`stdout_text`]).
pub fn assert_success(output: &Output) -> String {
    assert!(
        output.status.success(),
        "the command failed\n{}",
        describe(output)
    );
    stdout_text(output)
}

/// Fails the test unless the command failed the way the CLI reports errors: a non-zero exit
/// code (not a signal, not a panic) and exactly one stderr line starting with `error:`.
/// Returns that line.
pub fn assert_cli_error(output: &Output) -> String {
    let code = output.status.code();
    assert!(
        matches!(code, Some(c) if c != 0),
        "the command should fail with a non-zero exit code\n{}",
        describe(output)
    );
    let stderr = stderr_text(output);
    assert!(
        !stderr.contains("panicked at"),
        "the command panicked\n{}",
        describe(output)
    );
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|line| line.starts_with("error:"))
        .collect();
    match errors.as_slice() {
        [line] => (*line).to_owned(),
        _ => panic!(
            "stderr should have exactly one line starting with `error:`, found {}\n{}",
            errors.len(),
            describe(output)
        ),
    }
}

/// Removes ANSI escape sequences (CSI such as colours, and OSC such as hyperlinks).
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        match chars.next() {
            // CSI: parameters and intermediates, then one final byte in @..=~.
            Some('[') => {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            // OSC: ends with BEL or ST (ESC \).
            Some(']') => {
                while let Some(c) = chars.next() {
                    if c == '\u{7}' {
                        break;
                    }
                    if c == '\u{1b}' && chars.peek() == Some(&'\\') {
                        chars.next();
                        break;
                    }
                }
            }
            // Two-character escapes: drop both.
            _ => {}
        }
    }
    out
}

/// The output of `device list`, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceList {
    /// The directory named in the header line (the config dir).
    pub dir: String,
    /// The count in `Found <n> device(s)`, 0 for `No devices found`.
    pub count: usize,
    /// One entry per device line, in order.
    pub devices: Vec<ListedDevice>,
}

/// One `device list` line:
/// `<short id> - <organization>: <label> <<email>> @ <device label> (<server address>)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedDevice {
    /// The shortest unambiguous prefix of the device ID (at least 3 hex digits).
    pub short_id: String,
    /// The organization ID.
    pub organization: String,
    /// The user's full name.
    pub label: String,
    /// The user's email.
    pub email: String,
    /// The device label.
    pub device_label: String,
    /// The server address, as a `parsec3://` URL.
    pub server: String,
}

/// Parses `device list` output (ANSI escapes removed first); panics, quoting the output, on
/// any line that is neither the header nor a device line.
pub fn parse_device_list(stdout: &str) -> DeviceList {
    let stdout = strip_ansi(stdout);
    let fail = |why: &str| -> ! { panic!("unexpected `device list` output ({why}):\n{stdout}") };
    let mut lines = stdout.lines().filter(|line| !line.trim().is_empty());
    let header = lines.next().unwrap_or_else(|| fail("empty"));
    let (dir, count) = if let Some(dir) = header.strip_prefix("No devices found in ") {
        (dir.trim_end().to_owned(), 0)
    } else if let Some(rest) = header.strip_prefix("Found ") {
        let (count, dir) = rest
            .split_once(" device(s) in ")
            .unwrap_or_else(|| fail("bad header"));
        let dir = dir
            .trim_end()
            .strip_suffix(':')
            .unwrap_or_else(|| fail("header without a final colon"));
        let count = count.parse().unwrap_or_else(|_| fail("bad count"));
        (dir.to_owned(), count)
    } else {
        fail("bad header")
    };
    let devices = lines
        .map(|line| parse_device_line(line.trim()).unwrap_or_else(|| fail(line)))
        .collect();
    DeviceList {
        dir,
        count,
        devices,
    }
}

fn parse_device_line(line: &str) -> Option<ListedDevice> {
    let (short_id, rest) = line.split_once(" - ")?;
    let (organization, rest) = rest.split_once(": ")?;
    let (rest, server) = rest.strip_suffix(')')?.rsplit_once(" (")?;
    let (user, device_label) = rest.rsplit_once(" @ ")?;
    let (label, email) = user.strip_suffix('>')?.rsplit_once(" <")?;
    let is_short_id = (3..=32).contains(&short_id.len())
        && short_id
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c));
    is_short_id.then(|| ListedDevice {
        short_id: short_id.to_owned(),
        organization: organization.to_owned(),
        label: label.to_owned(),
        email: email.to_owned(),
        device_label: device_label.to_owned(),
        server: server.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_colours_and_hyperlinks() {
        assert_eq!(strip_ansi("\u{1b}[1;32mad8\u{1b}[0m - Org"), "ad8 - Org");
        assert_eq!(
            strip_ansi("\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{7}!"),
            "link!"
        );
    }

    #[test]
    fn parses_device_list() {
        let list = parse_device_list(
            "Found 1 device(s) in /tmp/c:\n\u{1b}[33mad8\u{1b}[39m - WireDocCli1: Wire Doc \
             <wiredoc@example.com> @ wiredoc-laptop (parsec3://127.0.0.1:6770?no_ssl=true)\n",
        );
        assert_eq!(list.dir, "/tmp/c");
        assert_eq!(list.count, 1);
        assert_eq!(
            list.devices,
            [ListedDevice {
                short_id: "ad8".into(),
                organization: "WireDocCli1".into(),
                label: "Wire Doc".into(),
                email: "wiredoc@example.com".into(),
                device_label: "wiredoc-laptop".into(),
                server: "parsec3://127.0.0.1:6770?no_ssl=true".into(),
            }]
        );
        let empty = parse_device_list("No devices found in /tmp/c\n");
        assert_eq!((empty.dir.as_str(), empty.count), ("/tmp/c", 0));
        assert!(empty.devices.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn run_feeds_stdin_and_captures_output() {
        let output = run_with_stdin(
            Command::new("sh").args(["-c", "read x; echo \"got $x\"; echo oops >&2; exit 3"]),
            "hello\n",
        );
        assert_eq!(stdout_text(&output), "got hello\n");
        assert_eq!(stderr_text(&output), "oops\n");
        assert_eq!(output.status.code(), Some(3));
    }

    #[cfg(unix)]
    #[test]
    fn cli_errors_need_one_error_line() {
        let output = run(Command::new("sh").args(["-c", "echo 'error: boom' >&2; exit 1"]));
        assert_eq!(assert_cli_error(&output), "error: boom");
    }
}
