//! `server stats`: usage of every organization, from the administration API.

use crate::commands::common::{transport, AdminServerArgs};
use crate::commands::organization::status::print_admin_json;
use crate::error::{CliError, CliResult};
use crate::printer::{OutputFormat, Printer};
use parsec_client::admin::AdminClient;

/// Print a per-organization report of the server's usage
///
/// `--format json` (the default, pretty-printed unless `--format json` is explicit):
/// the administration API's `{"stats": [{"organization_id", "data_size",
/// "metadata_size", "realms", "users", "active_users", "users_per_profile_detail"}]}`;
/// `--format csv`: its CSV report; `--format text`: one line per organization.
#[derive(Debug, clap::Args)]
pub struct ServerStatsArgs {
    #[command(flatten)]
    /// The server and its administration token.
    pub server: AdminServerArgs,

    /// Ignore everything after this date (RFC 3339, e.g. 2024-01-01T00:00:00Z)
    #[arg(short, long)]
    pub end_date: Option<String>,
}

/// Runs `server stats`.
pub async fn cmd_server_stats(args: ServerStatsArgs, printer: &Printer) -> CliResult {
    if let Some(d) = &args.end_date {
        if parsec_protocol::DateTime::parse_rfc3339(d).is_none() {
            return Err(CliError::bad_input(format!(
                "invalid --end-date `{d}`: expected an RFC 3339 date such as 2024-01-01T00:00:00Z"
            )));
        }
    }
    let client = AdminClient::new(transport()?, &args.server.addr, &args.server.token);
    let format = printer.format();
    let wire_format = if format == Some(OutputFormat::Csv) {
        "csv"
    } else {
        "json"
    };
    let body = client
        .server_stats(wire_format, args.end_date.as_deref())
        .await?;
    if wire_format == "csv" {
        printer.line(body.trim_end());
        return Ok(());
    }
    let value: serde_json::Value = serde_json::from_str(&body).map_err(|e| {
        CliError::new(
            crate::error::ErrorKind::Server,
            format!("the server sent invalid JSON: {e}"),
        )
    })?;
    if format != Some(OutputFormat::Text) {
        print_admin_json(printer, &value);
        return Ok(());
    }
    let empty = Vec::new();
    let orgs = value["stats"].as_array().unwrap_or(&empty);
    printer.line(format!("{} organization(s):", orgs.len()));
    for o in orgs {
        let n = |k: &str| o.get(k).and_then(serde_json::Value::as_u64).unwrap_or(0);
        printer.line(format!(
            "{}: {} users ({} active), {} workspaces, {} bytes",
            printer.highlight(o["organization_id"].as_str().unwrap_or("?")),
            n("users"),
            n("active_users"),
            n("realms"),
            n("data_size") + n("metadata_size")
        ));
    }
    Ok(())
}
