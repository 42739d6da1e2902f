//! Wall time of the whole story through terminals, phase by phase, as a person runs it:
//! every command in its own pseudo-terminal, passwords typed at the prompts, codes read on
//! one screen and typed into the other, the revocation confirmed with `y`.
//!
//! The story: `organization create`, `organization bootstrap` (Alice), `invite user` (Bob),
//! the user greet + claim, `invite device`, the device greet + claim (Alice's second
//! machine), `user list`, `user revoke` (Bob). Our CLI against our server (in memory and
//! SQLite) and against the official 3.9.3 server; with `PARSEC_REFERENCE_CLI` set to an
//! official `parsec-cli` 3.9.3 binary, the official CLI against the official server too,
//! in the same run. The median of [`ROUNDS`] rounds of each phase and of the whole, which
//! is timed from the first command's start to the last one's exit (the typing of the
//! driver included; no think time: each answer is typed as soon as its prompt shows).
//!
//! Run with `cargo build --release --workspace --bins && cargo bench --bench
//! story_terminal`. `STORY_BENCH_TRACE=1` prints, for the first round of each row, what
//! the two terminals of each greeting showed and when (milliseconds from the greeter's
//! start; `>` lines are what was typed).
#![allow(clippy::print_stdout, clippy::unwrap_used)]

#[path = "../tests/it/invite/pty.rs"]
mod pty;

use parsec_testkit::{Db, Identity, OurServer, ReferenceServer, Server, TestEnv, ALICE, BOB};
use pty::Pty;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

const ROUNDS: usize = 5;

/// The phases, in story order.
const PHASES: [&str; 8] = [
    "organization create",
    "organization bootstrap",
    "invite user",
    "user greet + claim",
    "invite device",
    "device greet + claim",
    "user list",
    "user revoke",
];

/// Alice's second machine.
const ALICE_PC: Identity<'static> = Identity {
    device_label: "pc",
    ..ALICE
};

/// The CLI under test, and whether it asks the claimer's password before the codes are
/// exchanged (ours: its key is derived meanwhile) or after the greeter created the user
/// or device (the official one).
#[derive(Clone)]
struct Cli {
    bin: PathBuf,
    password_first: bool,
}

/// Runs one command on a terminal: `drive` answers its prompts, then it must exit 0.
/// Returns its wall time and its screen.
fn phase(name: &'static str, cmd: Command, drive: impl FnOnce(&mut Pty)) -> (Duration, String) {
    let start = Instant::now();
    let mut p = Pty::spawn(name, cmd);
    drive(&mut p);
    let (code, screen) = p.exit();
    assert_eq!(code, 0, "{name}:\n{screen}");
    (start.elapsed(), screen)
}

/// The value after `name` on its line of `screen`.
fn field(screen: &str, name: &str) -> String {
    screen
        .lines()
        .find_map(|l| l.split_once(name).map(|(_, v)| v.trim().to_owned()))
        .unwrap_or_else(|| panic!("no `{name}` in:\n{screen}"))
}

fn unlock(password: &'static str) -> impl FnOnce(&mut Pty) {
    move |p: &mut Pty| {
        p.expect("Enter password for the device:");
        p.send_line(password);
    }
}

fn new_password(p: &mut Pty, password: &str) {
    p.expect("Enter password for the new device:");
    p.send_line(password);
    p.expect("Confirm password:");
    p.send_line(password);
}

/// One greet + claim in two terminals; `who` is `Some` for a user invitation. Returns
/// its wall time (greeter's start to both exits) and, if `trace`, the merged timelines.
fn greeting(
    cli: &Cli,
    greeter: (&TestEnv, &Identity<'static>, &str),
    claimer: (&TestEnv, &Identity<'static>, &str),
    user: bool,
) -> (Duration, Vec<String>) {
    let (genv, gwho, token) = greeter;
    let (cenv, cwho, url) = claimer;
    let start = Instant::now();
    let mut g = Pty::spawn("greeter", genv.cli(["invite", "greet", token]));
    g.expect("Enter password for the device:");
    g.send_line(gwho.password);
    let mut c = Pty::spawn("claimer", cenv.cli(["invite", "claim", url]));
    if cli.password_first {
        new_password(&mut c, cwho.password);
    }
    let code = g.expect_capture(r"Code to provide to claimer: ([A-Z2-9]{4})");
    c.expect_code_menu("greeter");
    c.send_line(&code);
    let code = c.expect_capture(r"Code to provide to greeter: ([A-Z2-9]{4})");
    g.expect_code_menu("claimer");
    g.send_line(&code);
    c.expect("Enter device label");
    c.send_line(cwho.device_label);
    if user {
        c.expect("Enter email");
        c.send_line("");
        c.expect("Enter name");
        c.send_line(cwho.label);
    }
    if user {
        g.expect("Which profile?");
        g.send_line("");
    }
    if !cli.password_first {
        new_password(&mut c, cwho.password);
    }
    let (code, claimer_screen, claimer_lines) = c.exit_with_timeline();
    assert_eq!(code, 0, "claimer:\n{claimer_screen}");
    let (code, greeter_screen, greeter_lines) = g.exit_with_timeline();
    assert_eq!(code, 0, "greeter:\n{greeter_screen}");
    let elapsed = start.elapsed();
    let mut lines: Vec<(Instant, String)> = greeter_lines
        .into_iter()
        .map(|(at, l)| (at, format!("greeter  {l}")))
        .chain(
            claimer_lines
                .into_iter()
                .map(|(at, l)| (at, format!("claimer  {l}"))),
        )
        .collect();
    lines.sort_by_key(|(at, _)| *at);
    let trace = lines
        .into_iter()
        .map(|(at, l)| format!("{:>6.0} ms  {l}", (at - start).as_secs_f64() * 1e3))
        .collect();
    (elapsed, trace)
}

/// One whole story on a fresh organization: the time of each phase and of the whole.
fn story(server: &impl Server, org: &str, cli: &Cli, trace: bool) -> ([Duration; 8], Duration) {
    let alice = TestEnv::with_cli(&cli.bin);
    let alice_pc = TestEnv::with_cli(&cli.bin);
    let bob = TestEnv::with_cli(&cli.bin);
    let mut t = [Duration::ZERO; 8];
    let start = Instant::now();

    let addr = server.addr();
    let create = alice.cli([
        "organization",
        "create",
        org,
        "--addr",
        &addr,
        "--token",
        server.admin_token(),
    ]);
    let (d, screen) = phase("create", create, |_| {});
    t[0] = d;
    let bootstrap_url = field(&screen, "Organization bootstrap URL:");

    let bootstrap = alice.cli([
        "organization",
        "bootstrap",
        "--addr",
        &bootstrap_url,
        "--label",
        ALICE.label,
        "--email",
        ALICE.email,
        "--device-label",
        ALICE.device_label,
    ]);
    t[1] = phase("bootstrap", bootstrap, |p| new_password(p, ALICE.password)).0;

    let invite = alice.cli(["invite", "user", BOB.email]);
    let (d, screen) = phase("invite user", invite, unlock(ALICE.password));
    t[2] = d;
    let (token, url) = (
        field(&screen, "Invitation token:"),
        field(&screen, "Invitation URL:"),
    );
    let (d, user_trace) = greeting(cli, (&alice, &ALICE, &token), (&bob, &BOB, &url), true);
    t[3] = d;

    let invite = alice.cli(["invite", "device"]);
    let (d, screen) = phase("invite device", invite, unlock(ALICE.password));
    t[4] = d;
    let (token, url) = (
        field(&screen, "Invitation token:"),
        field(&screen, "Invitation URL:"),
    );
    let (d, device_trace) = greeting(
        cli,
        (&alice, &ALICE, &token),
        (&alice_pc, &ALICE_PC, &url),
        false,
    );
    t[5] = d;

    let list = alice.cli(["user", "list"]);
    let (d, screen) = phase("user list", list, unlock(ALICE.password));
    t[6] = d;
    assert!(screen.contains(BOB.email), "{screen}");

    let revoke = alice.cli(["user", "revoke", BOB.email]);
    t[7] = phase("user revoke", revoke, |p| {
        unlock(ALICE.password)(p);
        p.expect("This cannot be undone");
        p.send("y");
    })
    .0;
    let total = start.elapsed();

    if trace {
        for (what, lines) in [("user", user_trace), ("device", device_trace)] {
            println!("--- {org}: {what} greet + claim, as the terminals showed it ---");
            for line in lines {
                println!("{line}");
            }
        }
    }
    (t, total)
}

/// The medians of [`ROUNDS`] stories: each phase, then the whole.
fn measure(server: &impl Server, tag: &str, cli: &Cli) -> Vec<Duration> {
    let trace = std::env::var_os("STORY_BENCH_TRACE").is_some();
    let runs: Vec<_> = (0..ROUNDS)
        .map(|i| story(server, &format!("BenchStory{tag}{i}"), cli, trace && i == 0))
        .collect();
    let mut medians: Vec<Duration> = (0..PHASES.len())
        .map(|p| median(runs.iter().map(|(t, _)| t[p]).collect()))
        .collect();
    medians.push(median(runs.iter().map(|(_, total)| *total).collect()));
    medians
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else to parse.
    let ours = Cli {
        bin: PathBuf::from(env!("CARGO_BIN_EXE_parsec-cli")),
        password_first: true,
    };
    let sqlite_dir = tempfile::tempdir().unwrap();
    let official = ReferenceServer::start();
    let ours_mem = OurServer::start(Db::Mocked);
    let ours_sqlite = OurServer::start(Db::Sqlite(sqlite_dir.path().join("bench.sqlite")));
    let mut columns = vec![
        ("ours×ours mem", measure(&ours_mem, "Mem", &ours)),
        ("ours×ours sqlite", measure(&ours_sqlite, "Sql", &ours)),
        ("ours×official", measure(&official, "Ref", &ours)),
    ];
    if let Some(bin) = std::env::var_os("PARSEC_REFERENCE_CLI") {
        let official_cli = Cli {
            bin: bin.into(),
            password_first: false,
        };
        columns.push((
            "official×official",
            measure(&official, "RefRef", &official_cli),
        ));
    }
    println!("the whole story through terminals (CLI × server), median of {ROUNDS} rounds, ms");
    print!("{:<24}", "phase");
    for (name, _) in &columns {
        print!(" {name:>18}");
    }
    println!();
    for (i, phase) in PHASES.iter().chain(&["whole story"]).enumerate() {
        print!("{phase:<24}");
        for (_, medians) in &columns {
            print!(" {:>18.0}", medians[i].as_secs_f64() * 1e3);
        }
        println!();
    }
}
