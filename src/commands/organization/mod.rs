//! `organization`: create (administration API) and bootstrap organizations.

pub mod bootstrap;
pub mod create;
pub mod stats;
pub mod status;

use crate::error::CliResult;
use crate::printer::Printer;

/// Organization commands.
#[derive(Debug, clap::Subcommand)]
// A doc comment on a variant would replace the help clap takes from its arguments struct.
#[allow(missing_docs)]
pub enum OrganizationCommand {
    Create(create::OrganizationCreateArgs),
    Bootstrap(bootstrap::OrganizationBootstrapArgs),
    Status(status::OrganizationStatusArgs),
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
