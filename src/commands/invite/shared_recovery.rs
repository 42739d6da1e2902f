//! `invite shared-recovery`: invite a user who lost its devices to recover through its
//! shared recovery (invite.md §2.1; the author must be one of its recipients).

use super::print_created;
use crate::commands::common::{open_session, sync_certificates, DeviceArgs};
use crate::error::{CliError, CliResult, ErrorKind};
use crate::printer::Printer;
use parsec_client::shamir;
use parsec_protocol::ids::EmailAddress;

/// Invite a user to recover its account through its shared recovery
///
/// Only a recipient of the user's current shared recovery may invite it (`shared-recovery
/// list` shows whose). Prints `Invitation token: <token>` (what each recipient passes to
/// `invite greet`) and `Invitation URL: <url>` (what the user passes to `invite claim`),
/// in its `parsec3://` form as the official CLI does. While the invitation is pending,
/// inviting again gives the same token.
///
/// With `--format json`: `{"token", "url", "url_parsec3", "email_sent"}`, where
/// `email_sent` is `null` without `--send-email`, else `SUCCESS`, `SERVER_UNAVAILABLE` or
/// `RECIPIENT_REFUSED`.
#[derive(Debug, clap::Args)]
pub struct InviteSharedRecoveryArgs {
    /// Email of the user to recover
    #[arg(value_parser = parse_email, value_name = "EMAIL")]
    pub email: EmailAddress,

    /// Have the server email the invitation URL to the user
    #[arg(long)]
    pub send_email: bool,

    /// Also draw the invitation URL as a QR code
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

/// Runs `invite shared-recovery`.
pub async fn cmd_invite_shared_recovery(
    args: InviteSharedRecoveryArgs,
    printer: &Printer,
) -> CliResult {
    let json = printer.is_json()?;
    let session = open_session(&args.device, printer).await?;
    let local = sync_certificates(&session, printer).await?;
    let user = local
        .store()
        .users()
        .find(|u| {
            u.revoked.is_none()
                && u.certificate
                    .human_handle
                    .as_ref()
                    .is_some_and(|h| h.email() == &args.email)
        })
        .map(|u| u.certificate.user_id)
        .ok_or_else(|| {
            CliError::new(
                ErrorKind::NotFound,
                format!("User with email {} not found", args.email),
            )
            .hint("`user list` shows the organization's users")
        })?;
    let created = printer
        .step(
            "Creating a shared recovery invitation",
            shamir::new_shamir_recovery_invitation(&session, user, args.send_email),
        )
        .await?;
    let url = created.addr.to_url();
    print_created(printer, json, &created, &url, args.send_email, args.qr);
    Ok(())
}
