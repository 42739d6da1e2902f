//! `invite device`: invite a new device of one's own user (invite.md §2.1; any profile).

use super::{invitation_addr, print_created};
use crate::commands::common::{open_device, DeviceArgs};
use crate::error::{CliError, CliResult};
use crate::printer::Printer;
use parsec_client::invite::manage;
use parsec_protocol::addr::InvitationType;

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
    pub device: DeviceArgs,
}

/// Runs `invite device`.
pub async fn cmd_invite_device(args: InviteDeviceArgs, printer: &Printer) -> CliResult {
    let json = printer.is_json()?;
    let open = open_device(&args.device, printer)?;
    let spinner = printer.spinner("Creating device invitation");
    let created = match manage::new_device_invitation(&open.cmds, args.send_email).await {
        Ok(c) => {
            spinner.done();
            c
        }
        Err(e) => {
            spinner.fail();
            return Err(CliError::from(e));
        }
    };
    let addr = invitation_addr(&open.device, InvitationType::Device, created.token)?;
    let url = addr.to_url();
    let email_sent = args.send_email.then_some(created.email_sent);
    print_created(printer, json, &addr, &url, email_sent, args.qr);
    Ok(())
}
