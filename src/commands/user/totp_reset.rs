//! `user totp-reset`: reset a user's TOTP (multi-factor authentication) through the
//! administration API (`POST …/users/reset_totp`, wire.md §8.8), as the official 3.9.3
//! CLI does (`cli/src/commands/user/totp_reset.rs`).

use crate::commands::common::{transport, AdminServerArgs};
use crate::error::{CliError, CliResult};
use crate::output::TotpResetDone;
use crate::printer::Printer;
use parsec_client::admin::AdminClient;
use parsec_protocol::cmds::admin::ResetTotpReq;
use parsec_protocol::ids::{EmailAddress, InvalidId, OrganizationID, UserID};

/// Reset TOTP (aka MFA, Multi-Factor Authentication) for a user (administration command)
///
/// The user's TOTP setup and secret are cleared and a reset URL is made: opening it in
/// the Parsec client sets TOTP up again (a previous reset URL stops working). With
/// `--send-email`, the server also mails the URL to the user.
///
/// With `--format json`: `{"user_id", "user_email", "totp_reset_url",
/// "totp_reset_url_as_http_redirection", "email_sent_status"}`, the status being
/// `NOT_SENT_AS_REQUESTED`, `SENT_AS_REQUESTED`, or why the email failed
/// (`SERVER_UNAVAILABLE`, `RECIPIENT_REFUSED`, `BAD_SMTP_CONFIG`).
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("user_ref").required(true)))]
pub struct UserTotpResetArgs {
    /// Organization ID
    #[arg(short, long, env = crate::env::ORGANIZATION_ID, value_parser = parse_organization)]
    pub organization: OrganizationID,

    #[command(flatten)]
    /// The server and its administration token.
    pub server: AdminServerArgs,

    /// User ID (hex) of the user to reset TOTP for (mutually exclusive with --user-email)
    #[arg(long, group = "user_ref", value_parser = parse_user_id)]
    pub user_id: Option<UserID>,

    /// Email of the user to reset TOTP for (mutually exclusive with --user-id)
    #[arg(long, group = "user_ref", value_parser = parse_email)]
    pub user_email: Option<EmailAddress>,

    /// Request the server to send an email informing the user of the reset
    #[arg(long)]
    pub send_email: bool,
}

fn parse_organization(s: &str) -> Result<OrganizationID, String> {
    s.parse().map_err(|e: InvalidId| e.to_string())
}

fn parse_user_id(s: &str) -> Result<UserID, String> {
    s.parse().map_err(|e: InvalidId| e.to_string())
}

fn parse_email(s: &str) -> Result<EmailAddress, String> {
    s.parse().map_err(|e: InvalidId| e.to_string())
}

/// Runs `user totp-reset`.
pub async fn cmd_user_totp_reset(args: UserTotpResetArgs, printer: &Printer) -> CliResult {
    let json = printer.is_json()?;
    let client = AdminClient::new(transport()?, &args.server.addr, &args.server.token);
    let req = ResetTotpReq {
        user_id: args.user_id.map(|id| id.hex()),
        user_email: args.user_email.map(|e| e.as_str().to_owned()),
        send_email: args.send_email,
    };
    let rep = printer
        .step(
            "Resetting TOTP",
            client.reset_totp(&args.organization, &req),
        )
        .await
        .map_err(CliError::from)?;
    if json {
        printer.json(&TotpResetDone {
            user_id: rep.user_id,
            user_email: rep.user_email,
            totp_reset_url: rep.totp_reset_url,
            totp_reset_url_as_http_redirection: rep.totp_reset_url_as_http_redirection,
            email_sent_status: rep.email_sent_status,
        });
        return Ok(());
    }
    // The official CLI's lines, word for word.
    printer.line(format!(
        "TOTP reset for user {}",
        printer.highlight(&rep.user_id)
    ));
    printer.line(format!(
        "Reset URL: {}",
        printer.highlight(&rep.totp_reset_url)
    ));
    match rep.email_sent_status.as_str() {
        "NOT_SENT_AS_REQUESTED" => {}
        "SENT_AS_REQUESTED" => printer.line(format!(
            "An email with the reset URL has been sent to {}",
            printer.highlight(&rep.user_email)
        )),
        failure => printer.line(format!(
            "Email sending to {} has failed (error: {failure})",
            printer.highlight(&rep.user_email)
        )),
    }
    Ok(())
}
