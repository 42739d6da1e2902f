//! `invite cancel`: cancel an invitation (invite.md §2.2), as one of its greeters or its
//! claimer.

use super::parse_token;
use crate::commands::common::{open_session, DeviceArgs};
use crate::error::CliResult;
use crate::output::InvitationCancelled;
use crate::printer::Printer;
use parsec_client::invite::manage;
use parsec_protocol::ids::AccessToken;

/// Cancel an invitation
///
/// The invitation URL stops working at once; a greeting in progress fails on both sides.
/// Prints `Invitation canceled`, the official CLI's wording.
///
/// With `--format json`: `{"token", "status": "CANCELLED"}`.
#[derive(Debug, clap::Args)]
pub struct InviteCancelArgs {
    /// Invitation token, as printed by `invite user`, `invite device` or `invite list`
    #[arg(value_parser = parse_token)]
    pub token: AccessToken,

    #[command(flatten)]
    /// Which device to act as, and how to unlock it.
    pub device: DeviceArgs,
}

/// Runs `invite cancel`.
pub async fn cmd_invite_cancel(args: InviteCancelArgs, printer: &Printer) -> CliResult {
    let json = printer.is_json()?;
    let session = open_session(&args.device, printer).await?;
    printer
        .step(
            "Deleting invitation",
            manage::cancel_invitation(session.cmds(), args.token),
        )
        .await?;
    if json {
        printer.json(&InvitationCancelled {
            status: "CANCELLED",
            token: args.token.hex(),
        });
    } else {
        printer.line("Invitation canceled");
    }
    Ok(())
}
