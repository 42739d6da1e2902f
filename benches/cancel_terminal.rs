//! How soon a greeter sitting at a menu hears that the claimer gave up: the greeter
//! shows `Select code provided by claimer`, the claimer (waiting for the greeter) gets
//! Ctrl-C, cancels the greeting attempt and exits; we time from the Ctrl-C, and from the
//! claimer's exit, to the greeter's exit. Both in terminals, our server (in memory) and
//! the official 3.9.3 server, in the same run.
//!
//! `CANCEL_BENCH_CLI=name=PATH[,name=PATH…]` names the CLI binaries to compare (default:
//! this build's `parsec-cli`); `CANCEL_BENCH_ROUNDS` (10) the rounds, of which the
//! median, min and max are printed.
//!
//! Run with `cargo build --release --workspace --bins && cargo bench --bench
//! cancel_terminal`.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

#[path = "../tests/it/invite/pty.rs"]
mod pty;

use parsec_testkit::{
    assert_success, run_with_stdin, Db, OurServer, ReferenceServer, Server, TestEnv, ALICE, BOB,
};
use pty::Pty;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// One round of a server: (Ctrl-C → greeter's exit, claimer's exit → greeter's exit).
type Round<'a> = &'a dyn Fn(&str) -> (Duration, Duration);

/// One round: (Ctrl-C → greeter's exit, claimer's exit → greeter's exit).
fn round(server: &impl Server, org: &str, bin: &Path) -> (Duration, Duration) {
    let alice = TestEnv::with_cli(bin);
    let setup = TestEnv::with_cli(env!("CARGO_BIN_EXE_parsec-cli"));
    let url = setup.create_organization(server, org);
    let mut bootstrap = setup.bootstrap_organization_cmd(&url, &ALICE);
    bootstrap.env("PARSEC_CONFIG_DIR", alice.config_dir());
    assert_success(&run_with_stdin(&mut bootstrap, &ALICE.stdin()));
    let mut invite = setup.cli(["invite", "user", BOB.email, "--password-stdin"]);
    invite.env("PARSEC_CONFIG_DIR", alice.config_dir());
    let out = assert_success(&run_with_stdin(&mut invite, &ALICE.stdin()));
    let field = |name: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_owned())
            .unwrap()
    };
    let (token, url) = (field("Invitation token:"), field("Invitation URL:"));
    let bob = TestEnv::with_cli(bin);

    let mut g = Pty::spawn("greeter", alice.cli(["invite", "greet", &token]));
    g.expect("Enter password for the device:");
    g.send_line(ALICE.password);
    let mut c = Pty::spawn("claimer", bob.cli(["invite", "claim", &url]));
    new_password_if_asked_first(&mut g, &mut c);
    let code = g.expect_capture(r"Code to provide to claimer: ([A-Z2-9]{4})");
    c.expect_code_menu("greeter");
    c.send_line(&code);
    c.expect_capture(r"Code to provide to greeter: ([A-Z2-9]{4})");
    c.expect("Waiting for greeter");
    g.expect_code_menu("claimer");
    // The greeter sits at its menu, the claimer waits for it: the claimer gives up.
    let pressed = Instant::now();
    c.ctrl_c();
    let claimer_closed = c.wait_closed();
    let greeter_closed = g.wait_closed();
    let (code, screen) = c.exit();
    assert_ne!(code, 0, "claimer:\n{screen}");
    let (code, screen) = g.exit();
    assert_ne!(code, 0, "greeter:\n{screen}");
    assert!(screen.contains("cancelled"), "greeter:\n{screen}");
    (greeter_closed - pressed, greeter_closed - claimer_closed)
}

/// Types the claimer's new password if the build asks it before the codes (this one
/// does; older ones ask it at the end): whichever comes first, that prompt or the
/// greeter's code.
fn new_password_if_asked_first(g: &mut Pty, c: &mut Pty) {
    let prompt = regex::bytes::Regex::new("Enter password for the new device:").unwrap();
    let deadline = Instant::now() + pty::PTY_TIMEOUT;
    loop {
        let seen = pty::activity();
        if c.try_match(std::slice::from_ref(&prompt)).is_some() {
            c.send_line(BOB.password);
            c.expect("Confirm password:");
            c.send_line(BOB.password);
            return;
        }
        if g.screen().contains("Code to provide to claimer") {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "neither a password prompt nor a code:\n{}",
            c.screen()
        );
        pty::wait_activity(seen, deadline);
    }
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else to parse.
    let clis: Vec<(String, PathBuf)> = match std::env::var("CANCEL_BENCH_CLI") {
        Ok(list) => list
            .split(',')
            .map(|item| {
                let (name, path) = item
                    .split_once('=')
                    .expect("CANCEL_BENCH_CLI items are name=PATH");
                (name.to_owned(), PathBuf::from(path))
            })
            .collect(),
        Err(_) => vec![(
            "this build".to_owned(),
            PathBuf::from(env!("CARGO_BIN_EXE_parsec-cli")),
        )],
    };
    let rounds: usize = std::env::var("CANCEL_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(10);
    let ours = OurServer::start(Db::Mocked);
    let official = ReferenceServer::start();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!("claimer's Ctrl-C → greeter's exit (greeter at its code menu), {rounds} rounds, ms");
    println!(
        "{:<34} {:>22} {:>22}",
        "CLI × server", "from Ctrl-C med (min–max)", "from claimer exit med"
    );
    for (n, (name, bin)) in clis.iter().enumerate() {
        let servers: [(&str, Round<'_>); 2] = [
            ("ours", &|org: &str| round(&ours, org, bin)),
            ("official 3.9.3", &|org: &str| round(&official, org, bin)),
        ];
        for (s, (server_name, run)) in servers.iter().enumerate() {
            let mut runs: Vec<_> = (0..rounds)
                .map(|i| run(&format!("Cancel{n}x{s}x{i}")))
                .collect();
            let mut from_exit: Vec<Duration> = runs.iter().map(|r| r.1).collect();
            runs.sort();
            from_exit.sort();
            println!(
                "{:<34} {:>8.0} ({:.0}–{:.0}) {:>22.0}",
                format!("{name} × {server_name}"),
                ms(runs[rounds / 2].0),
                ms(runs[0].0),
                ms(runs[rounds - 1].0),
                ms(from_exit[rounds / 2]),
            );
        }
    }
}
