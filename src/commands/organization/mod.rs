//! `organization`: create (administration API) and bootstrap organizations.

pub mod bootstrap;
pub mod create;
pub mod stats;
pub mod status;

use crate::error::CliResult;
use crate::printer::Printer;

/// Organization commands.
#[derive(Debug, clap::Subcommand)]
pub enum OrganizationCommand {
    /// Create a new organization on a server and print its bootstrap URL
    Create(create::OrganizationCreateArgs),
    /// Bootstrap an organization: create its first user (an administrator) and device
    Bootstrap(bootstrap::OrganizationBootstrapArgs),
    /// Print an organization's status (bootstrapped, expired, settings) as JSON
    Status(status::OrganizationStatusArgs),
    /// Print an organization's statistics (users per profile, storage) as JSON
    Stats(stats::OrganizationStatsArgs),
}

/// Runs an organization command.
pub async fn dispatch(command: OrganizationCommand, printer: &Printer) -> CliResult {
    match command {
        OrganizationCommand::Create(args) => create::cmd_organization_create(args, printer).await,
        OrganizationCommand::Bootstrap(args) => {
            bootstrap::cmd_organization_bootstrap(args, printer).await
        }
        OrganizationCommand::Status(args) => status::cmd_organization_status(args, printer).await,
        OrganizationCommand::Stats(args) => stats::cmd_organization_stats(args, printer).await,
    }
}
