//! `user`: the organization's users.

pub mod list;

use crate::error::CliResult;
use crate::printer::Printer;

/// User commands.
#[derive(Debug, clap::Subcommand)]
pub enum UserCommand {
    /// List the organization's users
    List(list::UserListArgs),
}

/// Runs a user command.
pub async fn dispatch(command: UserCommand, printer: &Printer) -> CliResult {
    match command {
        UserCommand::List(args) => list::cmd_user_list(args, printer).await,
    }
}
