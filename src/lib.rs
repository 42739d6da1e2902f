//! `parsec-cli`: create and join Parsec organizations from a terminal, compatible with
//! the official `parsec-cli` 3.9.3 command line and servers.
//!
//! [`Cli`] is the whole command tree (also used by `xtask` to generate completions and
//! man pages); [`run`] executes a parsed command.

#![warn(missing_docs)]

pub mod commands;
pub mod env;
pub mod error;
pub mod output;
pub mod printer;
pub mod prompt;
pub mod signal;

use clap::Parser;
use error::CliResult;
use printer::Printer;

/// Create, bootstrap and join Parsec organizations.
///
/// A drop-in replacement for the official Parsec command-line client (3.9.3), with
/// faster invitations, scriptable output and documented exit codes.
#[derive(Debug, Parser)]
#[command(
    name = "parsec-cli",
    version,
    long_version = LONG_VERSION,
    propagate_version = true,
    max_term_width = 100,
    after_long_help = ENVIRONMENT_HELP
)]
pub struct Cli {
    /// Print only data and errors (no status lines, no spinners)
    #[arg(short, long, global = true, help_heading = "Global options")]
    pub quiet: bool,

    /// Show debug logs on stderr (repeat for more; `RUST_LOG` also works)
    #[arg(short, long, global = true, action = clap::ArgAction::Count, help_heading = "Global options")]
    pub verbose: u8,

    /// Output format on stdout [default: text; JSON for `organization status/stats`
    /// and `server stats`, as the official CLI]
    #[arg(
        short,
        long,
        global = true,
        value_enum,
        help_heading = "Global options"
    )]
    pub format: Option<printer::OutputFormat>,

    /// When to colour output (NO_COLOR is honoured with `auto`)
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        help_heading = "Global options"
    )]
    pub color: printer::ColorChoice,

    /// The command to run
    #[command(subcommand)]
    pub command: commands::Command,
}

/// `--version`: this crate's version (as `-V` prints it), and the official release it
/// follows.
const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (compatible with parsec-cli 3.9.3, API 5)"
);

/// The environment variables every command reads, for `--help` and the man page.
const ENVIRONMENT_HELP: &str = "\
Environment:
  PARSEC_CONFIG_DIR            config directory (device files in its devices/)
  PARSEC_DATA_DIR              data directory (verified certificates of each device)
  PARSEC_SERVER_ADDR           server address of administration commands
  PARSEC_ADMINISTRATION_TOKEN  the server's administration token
  PARSEC_ORGANIZATION_ID       organization of `organization status` and `stats`
  PARSEC_DEVICE_ID             device to use (ID prefix, full ID or label)
  PARSEC_PASSWORD_FILE         file holding the device password (mode 0600)
  SSL_CAFILE                   extra CA certificates (PEM) to trust
  PARSEC_REQUEST_TIMEOUT       give up on a request after this long (default 60s)
  NO_COLOR                     no colours
  RUST_LOG                     log filter for -v

Exit codes: 0 success, 1 internal error, 2 usage, 3 bad input, 4 authentication,
5 not found, 6 not allowed, 7 conflict, 8 the other side cancelled, 9 timed out,
10 server unreachable, 11 server error, 12 outcome unknown (new device file kept),
13 some items of a bulk command failed, 130 interrupted.";

/// Runs a parsed command line.
pub async fn run(cli: Cli) -> CliResult {
    let printer = Printer::with_options(cli.quiet, cli.format, cli.color);
    signal::install(error::ErrorKind::Interrupted.exit_code());
    let result = commands::dispatch(cli.command, &printer).await;
    if let Err(e) = &result {
        printer.error(&e.message, e.hint.as_deref());
    }
    result
}
