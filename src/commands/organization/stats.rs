//! `organization stats`: an organization's users and storage, from the administration API.

use crate::commands::common::{transport, AdminServerArgs};
use crate::commands::organization::status::{pretty, OrganizationArg};
use crate::error::CliResult;
use crate::printer::Printer;
use parsec_client::admin::AdminClient;

/// Print an organization's statistics (users per profile, storage) as JSON
#[derive(Debug, clap::Args)]
pub struct OrganizationStatsArgs {
    #[command(flatten)]
    pub organization: OrganizationArg,

    #[command(flatten)]
    pub server: AdminServerArgs,
}

/// Runs `organization stats`.
pub async fn cmd_organization_stats(args: OrganizationStatsArgs, printer: &Printer) -> CliResult {
    let org = args.organization.id()?;
    let client = AdminClient::new(transport()?, &args.server.addr, &args.server.token);
    let stats = client.organization_stats(&org).await?;
    printer.line(pretty(&stats));
    Ok(())
}
