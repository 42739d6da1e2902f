//! `shared-recovery delete`: removes the device user's shared recovery setup.

use crate::commands::common::{open_session, DeviceArgs};
use crate::error::CliResult;
use crate::output::SharedRecoveryDeleted;
use crate::printer::Printer;
use parsec_client::shamir::{self, DeleteOutcome};

/// Delete your shared recovery setup
///
/// The recipients' shares become useless and pending shared recovery invitations for you
/// are cancelled. Without a setup in force there is nothing to do, and it says the same
/// (as the official CLI).
///
/// With `--format json`: `{"deleted_on"}` (`null` when there was nothing to delete).
#[derive(Debug, clap::Args)]
pub struct SharedRecoveryDeleteArgs {
    #[command(flatten)]
    /// Which device to act as, and how to unlock it.
    pub device: DeviceArgs,
}

/// Runs `shared-recovery delete`.
pub async fn cmd_shared_recovery_delete(
    args: SharedRecoveryDeleteArgs,
    printer: &Printer,
) -> CliResult {
    let json = printer.is_json()?;
    let session = open_session(&args.device, printer).await?;
    let outcome = printer
        .step_as(
            "Deleting shared recovery setup",
            "Shared recovery setup has been deleted",
            shamir::delete_shamir_recovery(&session),
        )
        .await?;
    if json {
        printer.json(&SharedRecoveryDeleted {
            deleted_on: match outcome {
                DeleteOutcome::Deleted(t) => Some(t.to_rfc3339()),
                DeleteOutcome::NothingToDelete => None,
            },
        });
    } else if outcome == DeleteOutcome::NothingToDelete {
        printer.status("(there was no shared recovery set up)");
    }
    Ok(())
}
