//! Where the time of a user greet + claim goes, as the two terminals show it: each line
//! either terminal printed (prompt, spinner message, result) with the millisecond it
//! appeared, and each answer typed, for one or more CLI binaries against our server (in
//! memory). Meant to compare CLI builds, e.g. an older one without the `-v` timing trace.
//!
//! `GREET_TIMELINE_CLI=name=PATH[,name=PATH…]` names the binaries (default: this build's
//! `parsec-cli`). The organization and the invitation are set up by this build's CLI (not
//! timed). The driver reacts to whatever each screen shows (a prompt's text may differ
//! between builds, and the claimer may ask its password before or after the greeter's
//! profile question): it waits for output with a deadline, never sleeps. Of
//! `GREET_TIMELINE_ROUNDS` (5) rounds per binary, the median one is printed.
//!
//! Run with `cargo build --release --workspace --bins && cargo bench --bench
//! greet_timeline`.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

#[path = "../tests/it/invite/pty.rs"]
mod pty;

use parsec_testkit::{assert_success, run_with_stdin, Db, OurServer, Server, TestEnv, ALICE, BOB};
use pty::Pty;
use regex::bytes::Regex;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What a rule types when it fires.
#[derive(Clone, Copy)]
enum Answer {
    /// This text and Enter.
    Line(&'static str),
    /// The code the other terminal showed, and Enter.
    PeerCode,
    /// Nothing: the first group of the match is this side's code.
    OwnCode,
}

/// A prompt and its answer; each fires once (a prompt is redrawn with its answer after
/// it is answered, which must not answer the next one).
struct Rule {
    re: Regex,
    answer: Answer,
    fired: bool,
}

fn rule(re: &str, answer: Answer) -> Rule {
    Rule {
        re: Regex::new(re).unwrap(),
        answer,
        fired: false,
    }
}

/// One side of the greeting, with the rules answering its prompts.
struct Side {
    pty: Pty,
    rules: Vec<Rule>,
    code: Option<String>,
}

/// Runs both sides until both exit; returns the wall time from the greeter's start and
/// the merged timeline.
fn round(server: &impl Server, org: &str, bin: &PathBuf) -> (Duration, Vec<String>) {
    let current = env!("CARGO_BIN_EXE_parsec-cli");
    let setup = TestEnv::with_cli(current);
    let url = setup.create_organization(server, org);
    assert_success(&run_with_stdin(
        &mut setup.bootstrap_organization_cmd(&url, &ALICE),
        &ALICE.stdin(),
    ));
    let mut invite = setup.cli(["invite", "user", BOB.email, "--password-stdin"]);
    let out = assert_success(&run_with_stdin(&mut invite, &ALICE.stdin()));
    let field = |name: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_owned())
            .unwrap()
    };
    let (token, url) = (field("Invitation token:"), field("Invitation URL:"));
    // The greeter runs the binary under test on Alice's device file.
    let alice = TestEnv::with_cli(bin);
    std::fs::create_dir_all(alice.config_dir()).unwrap();
    copy_dir(&setup.devices_dir(), &alice.devices_dir());
    let bob = TestEnv::with_cli(bin);

    let start = Instant::now();
    let greeter = Side {
        pty: Pty::spawn("greeter", alice.cli(["invite", "greet", &token])),
        rules: vec![
            rule(
                "Enter password for the device:",
                Answer::Line(ALICE.password),
            ),
            rule(
                r"Code to provide to claimer: ([A-Z2-9]{4})",
                Answer::OwnCode,
            ),
            rule(
                r"(?s)Select code provided by claimer.*?None of these",
                Answer::PeerCode,
            ),
            rule(r"(?s)Which profile\?.*?OUTSIDER", Answer::Line("")),
        ],
        code: None,
    };
    let claimer = Side {
        pty: Pty::spawn("claimer", bob.cli(["invite", "claim", &url])),
        rules: vec![
            rule(
                r"(?s)Select code provided by greeter.*?None of these",
                Answer::PeerCode,
            ),
            rule(
                r"Code to provide to greeter: ([A-Z2-9]{4})",
                Answer::OwnCode,
            ),
            rule("Enter device label", Answer::Line(BOB.device_label)),
            rule("Enter email", Answer::Line("")),
            rule("Enter name", Answer::Line(BOB.label)),
            rule(
                "Enter password for the new device:",
                Answer::Line(BOB.password),
            ),
            rule("Confirm password:", Answer::Line(BOB.password)),
        ],
        code: None,
    };
    let mut sides = [greeter, claimer];
    let deadline = start + pty::PTY_TIMEOUT;
    loop {
        let seen = pty::activity();
        let mut fired = false;
        for i in 0..2 {
            let peer_code = sides[1 - i].code.clone();
            let side = &mut sides[i];
            // A rule needing the peer's code waits until that code is known.
            let ready: Vec<usize> = (0..side.rules.len())
                .filter(|&r| !side.rules[r].fired)
                .filter(|&r| {
                    !matches!(side.rules[r].answer, Answer::PeerCode) || peer_code.is_some()
                })
                .collect();
            let regexes: Vec<Regex> = ready.iter().map(|&r| side.rules[r].re.clone()).collect();
            if let Some((k, groups)) = side.pty.try_match(&regexes) {
                fired = true;
                side.rules[ready[k]].fired = true;
                match side.rules[ready[k]].answer {
                    Answer::Line(text) => side.pty.send_line(text),
                    Answer::PeerCode => side.pty.send_line(peer_code.as_deref().unwrap()),
                    Answer::OwnCode => side.code = groups.get(1).cloned(),
                }
            }
        }
        if fired {
            continue;
        }
        if sides.iter().all(|s| s.pty.closed()) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no progress within {:?}:\n--- greeter ---\n{}\n--- claimer ---\n{}",
            pty::PTY_TIMEOUT,
            sides[0].pty.screen(),
            sides[1].pty.screen()
        );
        pty::wait_activity(seen, deadline);
    }
    let [greeter, claimer] = sides;
    let (code, screen, greeter_lines) = greeter.pty.exit_with_timeline();
    assert_eq!(code, 0, "greeter:\n{screen}");
    let (code, screen, claimer_lines) = claimer.pty.exit_with_timeline();
    assert_eq!(code, 0, "claimer:\n{screen}");
    let elapsed = start.elapsed();
    let mut lines: Vec<(Instant, String)> = greeter_lines
        .into_iter()
        .map(|(at, l)| (at, format!("greeter  {l}")))
        .chain(
            claimer_lines
                .into_iter()
                .map(|(at, l)| (at, format!("                claimer  {l}"))),
        )
        .collect();
    lines.sort_by_key(|(at, _)| *at);
    let mut previous = start;
    let trace = lines
        .into_iter()
        .map(|(at, l)| {
            let line = format!(
                "{:>6.0} ms (+{:>4.0})  {l}",
                (at - start).as_secs_f64() * 1e3,
                (at - previous).as_secs_f64() * 1e3
            );
            previous = at;
            line
        })
        .collect();
    (elapsed, trace)
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else to parse.
    let clis: Vec<(String, PathBuf)> = match std::env::var("GREET_TIMELINE_CLI") {
        Ok(list) => list
            .split(',')
            .map(|item| {
                let (name, path) = item
                    .split_once('=')
                    .expect("GREET_TIMELINE_CLI items are name=PATH");
                (name.to_owned(), PathBuf::from(path))
            })
            .collect(),
        Err(_) => vec![(
            "this build".to_owned(),
            PathBuf::from(env!("CARGO_BIN_EXE_parsec-cli")),
        )],
    };
    let rounds: usize = std::env::var("GREET_TIMELINE_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let server = OurServer::start(Db::Mocked);
    let mut summary = Vec::new();
    for (n, (name, bin)) in clis.iter().enumerate() {
        let mut runs: Vec<_> = (0..rounds)
            .map(|i| round(&server, &format!("Timeline{n}x{i}"), bin))
            .collect();
        runs.sort_by_key(|(d, _)| *d);
        let times: Vec<String> = runs
            .iter()
            .map(|(d, _)| format!("{:.0}", d.as_secs_f64() * 1e3))
            .collect();
        let (median, trace) = &runs[runs.len() / 2];
        println!(
            "=== {name}: user greet + claim through terminals, median round {:.0} ms ===",
            median.as_secs_f64() * 1e3
        );
        for line in trace {
            println!("{line}");
        }
        summary.push(format!("{name}: rounds (ms, sorted) {}", times.join(" ")));
    }
    for line in summary {
        println!("{line}");
    }
}
