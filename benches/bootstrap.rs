//! Wall time of `organization create` and `organization bootstrap` (our CLI) against our
//! server (in memory and SQLite) and the official 3.9.3 server, measured in the same run.
//!
//! Run with `cargo build --release --workspace --bins && cargo bench --bench bootstrap`. Prints the
//! median of each step per server and the ratio to the official server.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use parsec_testkit::{
    assert_success, run, run_with_stdin, Db, OurServer, ReferenceServer, Server, TestEnv, ALICE,
};
use std::time::{Duration, Instant};

const ROUNDS: usize = 7;

struct Timings {
    create: Vec<Duration>,
    bootstrap: Vec<Duration>,
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn measure(server: &impl Server, tag: &str) -> Timings {
    let mut t = Timings {
        create: Vec::new(),
        bootstrap: Vec::new(),
    };
    for round in 0..ROUNDS {
        let env = TestEnv::with_cli(env!("CARGO_BIN_EXE_parsec-cli"));
        let org = format!("Bench{tag}{round}");
        let start = Instant::now();
        let out = assert_success(&run(&mut env.create_organization_cmd(server, &org)));
        t.create.push(start.elapsed());
        let url = out
            .trim()
            .rsplit(' ')
            .next()
            .expect("the URL ends the line")
            .to_owned();
        let start = Instant::now();
        assert_success(&run_with_stdin(
            &mut env.bootstrap_organization_cmd(&url, &ALICE),
            &ALICE.stdin(),
        ));
        t.bootstrap.push(start.elapsed());
    }
    t
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
    let base_create = median(&mut rows[0].1.create);
    let base_boot = median(&mut rows[0].1.bootstrap);
    println!("organization create / bootstrap, median of {ROUNDS} runs (our CLI as client)");
    println!(
        "{:<26} {:>12} {:>8} {:>14} {:>8}",
        "server", "create", "ratio", "bootstrap", "ratio"
    );
    for (name, t) in rows.iter_mut() {
        let c = median(&mut t.create);
        let b = median(&mut t.bootstrap);
        println!(
            "{name:<26} {:>10.1}ms {:>7.2}x {:>12.1}ms {:>7.2}x",
            c.as_secs_f64() * 1e3,
            c.as_secs_f64() / base_create.as_secs_f64(),
            b.as_secs_f64() * 1e3,
            b.as_secs_f64() / base_boot.as_secs_f64(),
        );
    }
}
