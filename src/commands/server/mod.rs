//! `server`: server-wide administration.

pub mod stats;

use crate::error::CliResult;
use crate::printer::Printer;

/// Server commands.
#[derive(Debug, clap::Subcommand)]
// A doc comment on a variant would replace the help clap takes from its arguments struct.
#[allow(missing_docs)]
pub enum ServerCommand {
    Stats(stats::ServerStatsArgs),
}

/// Runs a server command.
pub async fn dispatch(command: ServerCommand, printer: &Printer) -> CliResult {
    match command {
        ServerCommand::Stats(args) => stats::cmd_server_stats(args, printer).await,
    }
}
