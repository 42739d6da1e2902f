//! `invite user`: invite a new user by email (invite.md §2.1; the author must be ADMIN).

use super::print_created;
use crate::commands::common::{open_session, DeviceArgs};
use crate::error::CliResult;
use crate::printer::Printer;
use parsec_protocol::ids::EmailAddress;

/// Invite a new user (administrators only) and print the URL to give them
///
/// Prints `Invitation token: <token>` (what `invite greet` takes) and `Invitation URL:
/// <url>` (what the invitee passes to `invite claim`), in its `http(s)://…/redirect/…`
/// form as the official CLI does. Inviting the same email again while the invitation is
/// pending gives the same token.
///
/// With `--format json`: `{"token", "url", "url_parsec3", "email_sent"}`, where
/// `email_sent` is `null` without `--send-email`, else the server's answer: `SUCCESS`,
/// `SERVER_UNAVAILABLE` or `RECIPIENT_REFUSED` (the invitation exists in every case).
#[derive(Debug, clap::Args)]
pub struct InviteUserArgs {
    /// Email of the person to invite
    #[arg(value_parser = parse_email)]
    pub email: EmailAddress,

    /// Have the server email the invitation URL to the invitee
    #[arg(short, long)]
    pub send_email: bool,

    /// Also draw the invitation URL as a QR code, for a claimer holding a phone
    #[arg(long)]
    pub qr: bool,

    #[command(flatten)]
    /// Which device to act as, and how to unlock it.
    pub device: DeviceArgs,
}

fn parse_email(s: &str) -> Result<EmailAddress, String> {
    s.parse()
        .map_err(|e: parsec_protocol::ids::InvalidId| e.to_string())
}

/// Runs `invite user`.
pub async fn cmd_invite_user(args: InviteUserArgs, printer: &Printer) -> CliResult {
    let json = printer.is_json()?;
    let session = open_session(&args.device, printer).await?;
    let created = printer
        .step(
            "Creating user invitation",
            session.new_user_invitation(args.email, args.send_email),
        )
        .await?;
    let url = created.addr.to_http_redirection_url();
    print_created(printer, json, &created, &url, args.send_email, args.qr);
    Ok(())
}
