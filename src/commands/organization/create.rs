//! `organization create`: ask the server (administration API) for a new organization and
//! print the URL its first user will bootstrap it with.

use crate::commands::common::{transport, AdminServerArgs};
use crate::error::{CliError, CliResult};
use crate::output::OrganizationCreated;
use crate::printer::Printer;
use parsec_client::admin::AdminClient;
use parsec_protocol::addr::BootstrapAddr;
use parsec_protocol::cmds::admin::CreateOrganizationReq;
use parsec_protocol::ids::OrganizationID;
use std::collections::BTreeMap;

/// Create a new organization on a server and print its bootstrap URL
///
/// Needs the server's administration token. Creating an organization that exists but is
/// not bootstrapped yet gives a new bootstrap URL (the previous one stops working).
///
/// With `--format json`: `{"organization_id", "bootstrap_url" (parsec3://),
/// "bootstrap_url_as_http_redirection"}`.
#[derive(Debug, clap::Args)]
pub struct OrganizationCreateArgs {
    /// The organization name (1 to 32 letters, digits, `_` or `-`)
    #[arg(value_name = "ORGANIZATION")]
    pub organization: String,

    #[command(flatten)]
    /// The server and its administration token.
    pub server: AdminServerArgs,

    /// Whether users may have the OUTSIDER (external) profile [default: the server's]
    #[arg(long, value_name = "BOOL")]
    pub user_profile_outsider_allowed: Option<bool>,

    /// Maximum number of active users [default: the server's]
    #[arg(long, value_name = "N", conflicts_with = "no_active_users_limit")]
    pub active_users_limit: Option<u64>,

    /// No limit on the number of active users
    #[arg(long)]
    pub no_active_users_limit: bool,

    /// Seconds before a deleted workspace is really deleted [default: the server's]
    #[arg(
        long,
        value_name = "SECONDS",
        alias = "realm-minimum-archiving-period-before-deletion"
    )]
    pub minimum_archiving_period: Option<u64>,

    /// Terms of service users must accept, as LOCALE=URL (repeat for each locale)
    #[arg(long, value_name = "LOCALE=URL", value_parser = parse_tos)]
    pub tos: Vec<(String, String)>,
}

fn parse_tos(s: &str) -> Result<(String, String), String> {
    let (locale, url) = s
        .split_once('=')
        .ok_or_else(|| format!("expected LOCALE=URL, got `{s}`"))?;
    if locale.is_empty() || url.is_empty() {
        return Err(format!("expected LOCALE=URL, got `{s}`"));
    }
    Ok((locale.to_owned(), url.to_owned()))
}

/// Runs `organization create`.
pub async fn cmd_organization_create(args: OrganizationCreateArgs, printer: &Printer) -> CliResult {
    let json = printer.is_json()?;
    let org: OrganizationID = args
        .organization
        .parse()
        .map_err(|e: parsec_protocol::ids::InvalidId| CliError::bad_input(e.to_string()))?;
    let req = CreateOrganizationReq {
        organization_id: org.as_str().to_owned(),
        user_profile_outsider_allowed: args.user_profile_outsider_allowed,
        active_users_limit: if args.no_active_users_limit {
            Some(None)
        } else {
            args.active_users_limit.map(Some)
        },
        realm_minimum_archiving_period_before_deletion: args.minimum_archiving_period,
        tos: (!args.tos.is_empty()).then(|| Some(args.tos.into_iter().collect::<BTreeMap<_, _>>())),
    };
    let client = AdminClient::new(transport()?, &args.server.addr, &args.server.token);
    let rep = printer
        .step("Creating organization", client.create_organization(&req))
        .await?;
    let addr = BootstrapAddr::from_any(&rep.bootstrap_url).map_err(|e| {
        CliError::new(
            crate::error::ErrorKind::Server,
            format!(
                "the server sent an invalid bootstrap URL `{}`: {e}",
                rep.bootstrap_url
            ),
        )
    })?;
    if json {
        printer.json(&OrganizationCreated {
            bootstrap_url: addr.to_url(),
            bootstrap_url_as_http_redirection: addr.to_http_redirection_url(),
            organization_id: org.as_str().to_owned(),
        });
        return Ok(());
    }
    printer.line(format!(
        "Organization bootstrap URL: {}",
        printer.highlight(addr.to_http_redirection_url())
    ));
    Ok(())
}
