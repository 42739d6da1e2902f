//! `organization stats`: an organization's users and storage, from the administration API.

use crate::commands::common::{transport, AdminServerArgs};
use crate::commands::organization::status::{print_admin_json, OrganizationArg};
use crate::error::CliResult;
use crate::printer::{OutputFormat, Printer};
use parsec_client::admin::AdminClient;

/// Print an organization's statistics (users per profile, storage) as JSON
///
/// Prints the administration API's answer, pretty-printed as the official CLI does
/// (`--format json`: on one line): `{"users", "active_users", "realms", "data_size",
/// "metadata_size", "users_per_profile_detail": {"ADMIN"|"STANDARD"|"OUTSIDER":
/// {"active", "revoked"}}}`. `--format text` prints a readable summary instead.
#[derive(Debug, clap::Args)]
pub struct OrganizationStatsArgs {
    #[command(flatten)]
    /// The organization.
    pub organization: OrganizationArg,

    #[command(flatten)]
    /// The server and its administration token.
    pub server: AdminServerArgs,
}

/// Runs `organization stats`.
pub async fn cmd_organization_stats(args: OrganizationStatsArgs, printer: &Printer) -> CliResult {
    let org = args.organization.id()?;
    let client = AdminClient::new(transport()?, &args.server.addr, &args.server.token);
    let text = printer.format() == Some(OutputFormat::Text);
    printer.is_json()?;
    let stats = client.organization_stats(&org).await?;
    if !text {
        print_admin_json(printer, &stats);
        return Ok(());
    }
    let n =
        |v: &serde_json::Value, k: &str| v.get(k).and_then(serde_json::Value::as_u64).unwrap_or(0);
    printer.line(format!(
        "Users: {} ({} active)",
        n(&stats, "users"),
        n(&stats, "active_users")
    ));
    let detail = &stats["users_per_profile_detail"];
    for profile in ["ADMIN", "STANDARD", "OUTSIDER"] {
        let p = &detail[profile];
        printer.line(format!(
            "  {profile}: {} active, {} revoked",
            n(p, "active"),
            n(p, "revoked")
        ));
    }
    printer.line(format!("Workspaces: {}", n(&stats, "realms")));
    printer.line(format!(
        "Storage: {} bytes of data, {} bytes of metadata",
        n(&stats, "data_size"),
        n(&stats, "metadata_size")
    ));
    Ok(())
}
