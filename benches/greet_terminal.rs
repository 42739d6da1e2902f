//! Wall time of a user greet + claim through terminals, as people run it: `invite greet`
//! and `invite claim` each in a pseudo-terminal, every code read on one screen and typed
//! into the other, passwords typed at the prompts. Our CLI against our server (in memory)
//! and against the official 3.9.3 server; with `PARSEC_REFERENCE_CLI` set to an official
//! `parsec-cli` 3.9.3 binary, the official CLI against the official server too, in the
//! same run.
//!
//! Run with `cargo build --release --workspace --bins && cargo bench --bench
//! greet_terminal`. The timed part starts when the greeter is started with its device
//! unlocked by its password, and ends when both processes have exited: both Argon2id
//! derivations (the greeter's unlock, the claimer's new file) are inside.
//! `GREET_BENCH_TRACE=1` prints the `-v` timing lines of the first round of each row
//! (each step, question and request with its duration).
#![allow(clippy::print_stdout, clippy::unwrap_used)]

#[path = "../tests/it/invite/pty.rs"]
mod pty;

use parsec_testkit::{
    assert_success, run_with_stdin, Db, OurServer, ReferenceServer, Server, TestEnv, ALICE,
};
use pty::Pty;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const ROUNDS: usize = 5;

/// The CLI under test, and whether it asks the claimer's password before the codes are
/// exchanged (ours: its key is derived meanwhile) or after the greeter created the user
/// (the official one).
#[derive(Clone)]
struct Cli {
    bin: PathBuf,
    password_first: bool,
}

fn ours() -> Cli {
    Cli {
        bin: PathBuf::from(env!("CARGO_BIN_EXE_parsec-cli")),
        password_first: true,
    }
}

/// One round: a fresh organization and invitation (with our CLI, not timed), then the
/// greeting in terminals (timed).
fn round(server: &impl Server, org: &str, cli: &Cli) -> Duration {
    let alice = TestEnv::with_cli(&cli.bin);
    let setup = TestEnv::with_cli(env!("CARGO_BIN_EXE_parsec-cli"));
    let url = setup.create_organization(server, org);
    // The device file goes to Alice's config dir through the setup CLI.
    let mut bootstrap = setup.bootstrap_organization_cmd(&url, &ALICE);
    bootstrap.env("PARSEC_CONFIG_DIR", alice.config_dir());
    assert_success(&run_with_stdin(&mut bootstrap, &ALICE.stdin()));
    let mut invite = setup.cli(["invite", "user", "bob@example.com", "--password-stdin"]);
    invite.env("PARSEC_CONFIG_DIR", alice.config_dir());
    let out = assert_success(&run_with_stdin(&mut invite, &ALICE.stdin()));
    let field = |name: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_owned())
            .unwrap()
    };
    let (token, url) = (field("Invitation token:"), field("Invitation URL:"));
    let bob = TestEnv::with_cli(&cli.bin);

    // `GREET_BENCH_TRACE=1`: in the first round, both sides run with `-v` and their
    // timing lines are printed.
    let trace = std::env::var_os("GREET_BENCH_TRACE").is_some() && org.ends_with('0');
    let verbose = |mut cmd: std::process::Command| {
        if trace {
            cmd.arg("-v");
        }
        cmd
    };
    let start = Instant::now();
    let mut g = Pty::spawn("greeter", verbose(alice.cli(["invite", "greet", &token])));
    g.expect("Enter password for the device:");
    g.send_line(ALICE.password);
    let mut c = Pty::spawn("claimer", verbose(bob.cli(["invite", "claim", &url])));
    let password = |c: &mut Pty| {
        c.expect("Enter password for the new device:");
        c.send_line("bob-P@ssw0rd");
        c.expect("Confirm password:");
        c.send_line("bob-P@ssw0rd");
    };
    if cli.password_first {
        password(&mut c);
    }
    let code = g.expect_capture(r"Code to provide to claimer: ([A-Z2-9]{4})");
    c.expect_code_menu("greeter");
    c.send_line(&code);
    let code = c.expect_capture(r"Code to provide to greeter: ([A-Z2-9]{4})");
    g.expect_code_menu("claimer");
    g.send_line(&code);
    c.expect("Enter device label");
    c.send_line("desktop");
    c.expect("Enter email");
    c.send_line("");
    c.expect("Enter name");
    c.send_line("Bob");
    g.expect("Which profile?");
    g.send_line("");
    if !cli.password_first {
        password(&mut c);
    }
    let (code, claimer) = c.exit();
    assert_eq!(code, 0, "{claimer}");
    let (code, greeter) = g.exit();
    assert_eq!(code, 0, "{greeter}");
    let elapsed = start.elapsed();
    if trace {
        for (side, screen) in [("greeter", greeter), ("claimer", claimer)] {
            for line in screen.lines().filter(|l| l.contains(" ms=")) {
                println!("{side}: {}", line.trim());
            }
        }
    }
    elapsed
}

fn measure(server: &impl Server, tag: &str, cli: &Cli) -> Vec<Duration> {
    (0..ROUNDS)
        .map(|i| round(server, &format!("BenchTty{tag}{i}"), cli))
        .collect()
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else to parse.
    let official = ReferenceServer::start();
    let ours_mem = OurServer::start(Db::Mocked);
    let mut rows = vec![
        ("ours × ours (memory)", measure(&ours_mem, "Ours", &ours())),
        ("ours × official 3.9.3", measure(&official, "Ref", &ours())),
    ];
    if let Some(bin) = std::env::var_os("PARSEC_REFERENCE_CLI") {
        let official_cli = Cli {
            bin: bin.into(),
            password_first: false,
        };
        rows.push((
            "official × official 3.9.3",
            measure(&official, "RefRef", &official_cli),
        ));
    }
    println!("user greet + claim through terminals (CLI × server), median of {ROUNDS} runs");
    println!(
        "{:<28} {:>10} {:>10} {:>10}",
        "CLI × server", "median", "min", "max"
    );
    for (name, times) in rows.iter_mut() {
        let m = median(times);
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!(
            "{name:<28} {:>8.0}ms {:>8.0}ms {:>8.0}ms",
            ms(m),
            ms(times[0]),
            ms(times[times.len() - 1]),
        );
    }
}
