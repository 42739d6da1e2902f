//! The command tree: one folder per group, one file per leaf command.

pub mod common;
pub mod device;
pub mod organization;

use crate::error::CliResult;
use crate::printer::Printer;

/// Top-level commands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Create, bootstrap and inspect organizations
    #[command(subcommand)]
    Organization(organization::OrganizationCommand),
    /// Devices stored on this machine
    #[command(subcommand)]
    Device(device::DeviceCommand),
}

/// Runs one command.
pub async fn dispatch(command: Command, printer: &Printer) -> CliResult {
    match command {
        Command::Organization(c) => organization::dispatch(c, printer).await,
        Command::Device(c) => device::dispatch(c, printer).await,
    }
}
