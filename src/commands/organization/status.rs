//! `organization status`: an organization's settings, from the administration API.

use crate::commands::common::{transport, AdminServerArgs};
use crate::error::{CliError, CliResult};
use crate::printer::Printer;
use parsec_client::admin::AdminClient;
use parsec_protocol::ids::OrganizationID;

/// Which organization an administration query is about.
#[derive(Debug, Clone, clap::Args)]
pub struct OrganizationArg {
    /// Organization name
    #[arg(short, long, env = crate::env::ORGANIZATION_ID)]
    pub organization: String,
}

impl OrganizationArg {
    /// The validated ID.
    pub fn id(&self) -> CliResult<OrganizationID> {
        self.organization
            .parse()
            .map_err(|e: parsec_protocol::ids::InvalidId| CliError::bad_input(e.to_string()))
    }
}

/// Print an organization's status (bootstrapped, expired, settings) as JSON
#[derive(Debug, clap::Args)]
pub struct OrganizationStatusArgs {
    #[command(flatten)]
    pub organization: OrganizationArg,

    #[command(flatten)]
    pub server: AdminServerArgs,
}

/// Runs `organization status`.
pub async fn cmd_organization_status(args: OrganizationStatusArgs, printer: &Printer) -> CliResult {
    let org = args.organization.id()?;
    let client = AdminClient::new(transport()?, &args.server.addr, &args.server.token);
    let status = client.organization_status(&org).await?;
    printer.line(pretty(&status));
    Ok(())
}

/// Pretty JSON, as the official CLI prints administration answers.
pub fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).expect("a JSON value always serializes")
}
