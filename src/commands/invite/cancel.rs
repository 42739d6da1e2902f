//! `invite cancel`: cancel an invitation (invite.md §2.2), as one of its greeters or its
//! claimer.

use super::parse_token;
use crate::commands::common::{open_device, DeviceArgs};
use crate::error::{CliError, CliResult};
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
    pub device: DeviceArgs,
}

/// Runs `invite cancel`.
pub async fn cmd_invite_cancel(args: InviteCancelArgs, printer: &Printer) -> CliResult {
    let json = printer.is_json()?;
    let open = open_device(&args.device, printer)?;
    let spinner = printer.spinner("Deleting invitation");
    if let Err(e) = manage::cancel_invitation(&open.cmds, args.token).await {
        spinner.fail();
        return Err(CliError::from(e));
    }
    spinner.done();
    if json {
        printer.json(&serde_json::json!({
            "token": args.token.hex(),
            "status": "CANCELLED",
        }));
    } else {
        printer.line("Invitation canceled");
    }
    Ok(())
}
