//! `organization`: create (administration API) and bootstrap organizations.

pub mod bootstrap;
pub mod create;

use crate::error::CliResult;
use crate::printer::Printer;

/// Organization commands.
#[derive(Debug, clap::Subcommand)]
pub enum OrganizationCommand {
    /// Create a new organization on a server and print its bootstrap URL
    Create(create::OrganizationCreateArgs),
    /// Bootstrap an organization: create its first user (an administrator) and device
    Bootstrap(bootstrap::OrganizationBootstrapArgs),
}

/// Runs an organization command.
pub async fn dispatch(command: OrganizationCommand, printer: &Printer) -> CliResult {
    match command {
        OrganizationCommand::Create(args) => create::cmd_organization_create(args, printer).await,
        OrganizationCommand::Bootstrap(args) => {
            bootstrap::cmd_organization_bootstrap(args, printer).await
        }
    }
}
