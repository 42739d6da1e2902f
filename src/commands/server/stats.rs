//! `server stats`: usage of every organization, from the administration API.

use crate::commands::common::{transport, AdminServerArgs};
use crate::commands::organization::status::pretty;
use crate::error::{CliError, CliResult};
use crate::printer::Printer;
use parsec_client::admin::AdminClient;

/// Output format of the report.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum StatsFormat {
    /// JSON object with one entry per organization
    Json,
    /// CSV with a header line
    Csv,
}

/// Print a per-organization report of the server's usage
#[derive(Debug, clap::Args)]
pub struct ServerStatsArgs {
    #[command(flatten)]
    pub server: AdminServerArgs,

    /// Report format
    #[arg(short, long, value_enum, default_value = "json")]
    pub format: StatsFormat,

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
    let (format, is_json) = match args.format {
        StatsFormat::Json => ("json", true),
        StatsFormat::Csv => ("csv", false),
    };
    let body = client
        .server_stats(format, args.end_date.as_deref())
        .await?;
    if is_json {
        let value: serde_json::Value = serde_json::from_str(&body).map_err(|e| {
            CliError::new(
                crate::error::ErrorKind::Server,
                format!("the server sent invalid JSON: {e}"),
            )
        })?;
        printer.line(pretty(&value));
    } else {
        printer.line(body.trim_end());
    }
    Ok(())
}
