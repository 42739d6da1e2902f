//! `organization status`: an organization's settings, from the administration API.

use crate::commands::common::{transport, AdminServerArgs};
use crate::error::{CliError, CliResult};
use crate::printer::{OutputFormat, Printer};
use parsec_client::admin::AdminClient;
use parsec_protocol::ids::OrganizationID;

/// Which organization an administration query is about.
#[derive(Debug, Clone, clap::Args)]
pub struct OrganizationArg {
    /// Organization name (or give it with --organization / PARSEC_ORGANIZATION_ID)
    #[arg(value_name = "ORGANIZATION")]
    pub name: Option<String>,

    /// Organization name, as the official CLI takes it
    #[arg(
        short,
        long,
        env = crate::env::ORGANIZATION_ID,
        required_unless_present = "name"
    )]
    pub organization: Option<String>,
}

impl OrganizationArg {
    /// The validated ID: the argument, else the flag (or its environment variable).
    pub fn id(&self) -> CliResult<OrganizationID> {
        let name = self
            .name
            .as_deref()
            .or(self.organization.as_deref())
            .ok_or_else(|| CliError::bad_input("missing organization name"))?;
        name.parse()
            .map_err(|e: parsec_protocol::ids::InvalidId| CliError::bad_input(e.to_string()))
    }
}

/// Print an organization's status (bootstrapped, expired, settings) as JSON
///
/// Prints the administration API's answer, pretty-printed as the official CLI does
/// (`--format json`: on one line): `{"is_bootstrapped", "is_expired",
/// "user_profile_outsider_allowed", "active_users_limit",
/// "realm_minimum_archiving_period_before_deletion", "tos"}`. `--format text` prints a
/// readable summary instead.
#[derive(Debug, clap::Args)]
pub struct OrganizationStatusArgs {
    #[command(flatten)]
    /// The organization.
    pub organization: OrganizationArg,

    #[command(flatten)]
    /// The server and its administration token.
    pub server: AdminServerArgs,
}

/// Runs `organization status`.
pub async fn cmd_organization_status(args: OrganizationStatusArgs, printer: &Printer) -> CliResult {
    let org = args.organization.id()?;
    let client = AdminClient::new(transport()?, &args.server.addr, &args.server.token);
    let text = printer.format() == Some(OutputFormat::Text);
    printer.is_json()?;
    let status = client.organization_status(&org).await?;
    if !text {
        print_admin_json(printer, &status);
        return Ok(());
    }
    let flag = |k: &str| {
        status
            .get(k)
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false)
    };
    printer.line(format!("Organization: {}", printer.highlight(org.as_str())));
    printer.line(format!("Bootstrapped: {}", yes_no(flag("is_bootstrapped"))));
    printer.line(format!("Expired: {}", yes_no(flag("is_expired"))));
    printer.line(format!(
        "Outsider profile allowed: {}",
        yes_no(flag("user_profile_outsider_allowed"))
    ));
    let limit = status
        .get("active_users_limit")
        .and_then(serde_json::Value::as_u64)
        .map_or_else(|| "none".to_owned(), |n| n.to_string());
    printer.line(format!("Active users limit: {limit}"));
    if let Some(p) = status
        .get("realm_minimum_archiving_period_before_deletion")
        .and_then(serde_json::Value::as_u64)
    {
        printer.line(format!(
            "Minimum archiving period: {p} s ({} days)",
            p / 86_400
        ));
    }
    match status
        .get("tos")
        .and_then(|t| t.get("per_locale_urls"))
        .and_then(|u| u.as_object())
    {
        Some(urls) => {
            for (locale, url) in urls {
                printer.line(format!(
                    "Terms of service ({locale}): {}",
                    url.as_str().unwrap_or_default()
                ));
            }
        }
        None => printer.line("Terms of service: none"),
    }
    Ok(())
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// Administration answers: pretty JSON by default (as the official CLI prints them),
/// one compact line with `--format json`.
pub fn print_admin_json(printer: &Printer, value: &serde_json::Value) {
    if printer.format() == Some(OutputFormat::Json) {
        printer.json(value);
    } else {
        printer.line(serde_json::to_string_pretty(value).expect("a JSON value always serializes"));
    }
}
