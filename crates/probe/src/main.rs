//! `parsec-probe`: runs one attack (or the soak load) against `parsec-server` binaries,
//! each started fresh, and prints one JSON line of figures per binary: the server's peak
//! resident memory, the files it holds open, and the latency of a normal request while
//! the attack runs. Give an old and a new binary to compare them in one run:
//!
//! ```text
//! parsec-probe bomb --server-bin old=/path/to/old/parsec-server --server-bin new=target/release/parsec-server
//! ```
//!
//! `bench` and `greet-claim` are different: they measure an already running server, ours
//! or the official one, one instance or several on one database: throughput (see
//! [`mod@bench`]) and the wall time of a user greet+claim (see [`mod@greet_claim`]):
//!
//! ```text
//! parsec-probe bench --url http://127.0.0.1:6777 --admin-token s3cr3t --connections 50 --seconds 10
//! parsec-probe greet-claim --greeter-url http://127.0.0.1:6777 --claimer-url http://127.0.0.1:6778 --admin-token s3cr3t
//! ```

#![allow(clippy::print_stdout, clippy::print_stderr)]

/// The same allocator as the server's: the load it generates costs less of the CPU it
/// shares with the server it measures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod attacks;
mod bench;
mod greet_claim;
mod org;
mod target;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(name = "parsec-probe", version, about)]
struct Cli {
    #[command(subcommand)]
    attack: Attack,
}

#[derive(Subcommand, Debug)]
enum Attack {
    /// A compressed certificate that expands to megabytes (issue: decompression bomb).
    Bomb(target::Args),
    /// Many sockets that never finish their request headers (slowloris).
    Slowloris(target::Args),
    /// One organization floods events while another organization's stream is watched.
    EventsFlood(target::Args),
    /// Repeated wrong administration tokens.
    AdminGuess(target::Args),
    /// Many concurrent clients doing the whole story (bootstrap, invite, greet, claim).
    Soak(target::Args),
    /// Requests per second and latency of a running server (reads, or an administrator's
    /// invitation cycle).
    Bench(bench::BenchArgs),
    /// Wall time of a whole user greet+claim on a running server, greeter and claimer on
    /// the same instance or on two.
    GreetClaim(greet_claim::GreetClaimArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.attack {
        Attack::Bomb(args) => target::each(&args, attacks::bomb::run),
        Attack::Slowloris(args) => target::each(&args, attacks::slowloris::run),
        Attack::EventsFlood(args) => target::each(&args, attacks::events_flood::run),
        Attack::AdminGuess(args) => target::each(&args, attacks::admin_guess::run),
        Attack::Soak(args) => target::each(&args, attacks::soak::run),
        Attack::Bench(args) => bench::run(&args),
        Attack::GreetClaim(args) => greet_claim::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
