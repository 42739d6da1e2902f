//! `invite device`: invite a new device of one's own user (invite.md §2.1; any profile).

use super::print_created;
use crate::commands::common::{open_session, DeviceArgs};
use crate::error::CliResult;
use crate::printer::Printer;

/// Invite a new device of your own and print the URL to open on it
///
/// Prints `Invitation token: <token>` (what `invite greet` takes, on this device) and
/// `Invitation URL: <url>` (what `invite claim` takes, on the new machine), in its
/// `parsec3://` form as the official CLI does. While the invitation is pending, inviting
/// again gives the same token.
///
/// With `--format json`: `{"token", "url", "url_parsec3", "email_sent"}`, where
/// `email_sent` is `null` without `--send-email`, else `SUCCESS`, `SERVER_UNAVAILABLE` or
/// `RECIPIENT_REFUSED`.
#[derive(Debug, clap::Args)]
pub struct InviteDeviceArgs {
    /// Have the server email the invitation URL to your own address (the official CLI
    /// never does)
    #[arg(short, long)]
    pub send_email: bool,

    /// Also draw the invitation URL as a QR code, for a claimer holding a phone
    #[arg(long)]
    pub qr: bool,

    #[command(flatten)]
    /// Which device to act as, and how to unlock it.
    pub device: DeviceArgs,
}

/// Runs `invite device`.
pub async fn cmd_invite_device(args: InviteDeviceArgs, printer: &Printer) -> CliResult {
    let json = printer.is_json()?;
    let session = open_session(&args.device, printer).await?;
    let created = printer
        .step(
            "Creating device invitation",
            session.new_device_invitation(args.send_email),
        )
        .await?;
    let url = created.addr.to_url();
    print_created(printer, json, &created, &url, args.send_email, args.qr);
    Ok(())
}
