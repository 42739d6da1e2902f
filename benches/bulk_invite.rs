//! Onboarding 100 people: one bulk `invite user --emails-from FILE` (one unlock) against
//! 100 `invite user EMAIL` commands (100 unlocks), our CLI against our server (in memory)
//! and the official 3.9.3 server, measured in the same run.
//!
//! Run with `cargo build --release --workspace --bins && cargo bench --bench bulk_invite`.
//! `BULK_BENCH_COUNT` sets the number of invitations (default 100).
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use parsec_testkit::{
    assert_success, run_with_stdin, Db, OurServer, ReferenceServer, Server, TestEnv, ALICE,
};
use std::time::{Duration, Instant};

fn cli_env() -> TestEnv {
    TestEnv::with_cli(env!("CARGO_BIN_EXE_parsec-cli"))
}

fn count() -> usize {
    std::env::var("BULK_BENCH_COUNT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100)
}

/// An organization bootstrapped by Alice (not timed).
fn organization(server: &impl Server, org: &str) -> TestEnv {
    let alice = cli_env();
    let url = alice.create_organization(server, org);
    alice.bootstrap_organization(&url, &ALICE);
    alice
}

fn emails(n: usize, tag: &str) -> Vec<String> {
    (0..n)
        .map(|i| format!("user{i}.{tag}@example.com"))
        .collect()
}

/// One command inviting every email of a file.
fn bulk(server: &impl Server, org: &str, n: usize) -> Duration {
    let alice = organization(server, org);
    let list = alice.root().join("emails.txt");
    std::fs::write(&list, emails(n, "bulk").join("\n")).unwrap();
    let mut cmd = alice.cli(["invite", "user", "--password-stdin", "--emails-from"]);
    cmd.arg(&list);
    let start = Instant::now();
    let out = assert_success(&run_with_stdin(&mut cmd, &ALICE.stdin()));
    let elapsed = start.elapsed();
    assert_eq!(out.lines().count(), n, "one line per invitation");
    elapsed
}

/// One command per email.
fn single(server: &impl Server, org: &str, n: usize) -> Duration {
    let alice = organization(server, org);
    let start = Instant::now();
    for email in emails(n, "single") {
        let mut cmd = alice.cli(["invite", "user", &email, "--password-stdin"]);
        assert_success(&run_with_stdin(&mut cmd, &ALICE.stdin()));
    }
    start.elapsed()
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else to parse.
    let n = count();
    let official = ReferenceServer::start();
    let ours = OurServer::start(Db::Mocked);
    // Our server's default limit on invitation events (a burst of 200 per device, then 20
    // per second, answered HTTP 429 with Retry-After, which the CLI honours) paces a bulk
    // invitation beyond the burst; the same server with the limit off shows the CLI's own
    // cost.
    let unlimited = OurServer::builder(Db::Mocked)
        .arg("--events-publish-rate")
        .arg("0")
        .start();
    let rows = [
        ("ours (memory)", "bulk", bulk(&ours, "BulkOurs", n)),
        (
            "ours (memory, rate 0)",
            "bulk",
            bulk(&unlimited, "BulkFree", n),
        ),
        ("ours (memory)", "single", single(&ours, "SingleOurs", n)),
        (
            "official 3.9.3 (memory)",
            "bulk",
            bulk(&official, "BulkRef", n),
        ),
        (
            "official 3.9.3 (memory)",
            "single",
            single(&official, "SingleRef", n),
        ),
    ];
    println!("{n} user invitations by our CLI: one bulk command against {n} commands");
    println!(
        "{:<26} {:<8} {:>10} {:>14}",
        "server", "mode", "total", "per invitation"
    );
    for (server, mode, d) in rows {
        println!(
            "{server:<26} {mode:<8} {:>8.0}ms {:>12.1}ms",
            d.as_secs_f64() * 1e3,
            d.as_secs_f64() * 1e3 / n as f64
        );
    }
}
