//! Wall time of a whole scripted user invitation: `invite greet` and `invite claim` (our
//! CLI, both in `--format json` mode, passwords on stdin, each code read from one side's
//! events and answered on the other's stdin) against our server (in memory and SQLite)
//! and the official 3.9.3 server, measured in the same run.
//!
//! Run with `cargo build --release --workspace --bins && cargo bench --bench invite`.
//! Prints the median of each server's rounds and the ratio to the official server. Both
//! processes unlock or encrypt a device file (Argon2id, official cost): that part is the
//! same for every server.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

#[path = "../tests/it/invite/json_driver.rs"]
#[allow(dead_code)]
mod json_driver;

use parsec_testkit::{
    assert_success, run_with_stdin, Db, Identity, OurServer, ReferenceServer, Server, TestEnv,
    ALICE,
};
use std::process::Command;
use std::time::{Duration, Instant};

const ROUNDS: usize = 5;

fn cli_env() -> TestEnv {
    TestEnv::with_cli(env!("CARGO_BIN_EXE_parsec-cli"))
}

/// One round: a fresh organization and invitation (not timed), then the greeting (timed).
fn round(server: &impl Server, org: &str) -> Duration {
    let alice = cli_env();
    let url = alice.create_organization(server, org);
    alice.bootstrap_organization(&url, &ALICE);
    let mut invite = alice.cli(["invite", "user", "bob@example.com", "--password-stdin"]);
    let out = assert_success(&run_with_stdin(&mut invite, &ALICE.stdin()));
    let field = |name: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_owned())
            .unwrap()
    };
    let (token, url) = (field("Invitation token:"), field("Invitation URL:"));

    let bob_env = cli_env();
    let bob = Identity {
        label: "Bob",
        email: "bob@example.com",
        device_label: "desktop",
        password: "bob-P@ssw0rd",
    };
    let json = |mut cmd: Command| {
        cmd.args(["--format", "json", "--password-stdin"]);
        cmd
    };
    let start = Instant::now();
    json_driver::greet_and_claim(
        json(alice.cli(["invite", "greet", &token])),
        &ALICE,
        json(bob_env.cli(["invite", "claim", &url])),
        &bob,
        "STANDARD",
    );
    start.elapsed()
}

fn measure(server: &impl Server, tag: &str) -> Vec<Duration> {
    (0..ROUNDS)
        .map(|i| round(server, &format!("BenchInvite{tag}{i}")))
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
    let dir = tempfile::tempdir().unwrap();
    let ours_sqlite = OurServer::start(Db::Sqlite(dir.path().join("bench.sqlite")));

    let mut rows = [
        ("official 3.9.3 (memory)", measure(&official, "Ref")),
        ("ours (memory)", measure(&ours_mem, "Mem")),
        ("ours (SQLite)", measure(&ours_sqlite, "Sql")),
    ];
    let base = median(&mut rows[0].1);
    println!(
        "invite greet + invite claim of a user (our CLI on both sides, JSON mode), median of \
         {ROUNDS} runs"
    );
    println!(
        "{:<26} {:>10} {:>10} {:>10} {:>8}",
        "server", "median", "min", "max", "ratio"
    );
    for (name, times) in rows.iter_mut() {
        let m = median(times);
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!(
            "{name:<26} {:>8.0}ms {:>8.0}ms {:>8.0}ms {:>7.2}x",
            ms(m),
            ms(times[0]),
            ms(times[times.len() - 1]),
            m.as_secs_f64() / base.as_secs_f64(),
        );
    }
}
