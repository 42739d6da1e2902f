//! `shared-recovery info`: the state of the device user's own shared recovery.

use crate::commands::common::{open_session, DeviceArgs};
use crate::error::CliResult;
use crate::printer::Printer;
use parsec_client::shamir;

/// Show your own shared recovery setup: its threshold and recipients
///
/// Prints `Shared recovery never setup`, `Shared recovery set up with threshold N` and
/// one line per recipient with its shares, `Deleted shared recovery…`, or, when some
/// recipients were revoked since, whether the others still reach the threshold.
///
/// With `--format json`: `{"status": "NEVER_SETUP"|"SETUP"|"SETUP_WITH_REVOKED_RECIPIENTS"|
/// "UNUSABLE"|"DELETED", "user_id", "human_handle", "created_on", "threshold",
/// "recipients": [{"user_id", "human_handle", "shares", "revoked"}], "deleted_on",
/// "deleted_by"}` (fields that do not apply are left out).
#[derive(Debug, clap::Args)]
pub struct SharedRecoveryInfoArgs {
    #[command(flatten)]
    /// Which device to act as, and how to unlock it.
    pub device: DeviceArgs,
}

/// Runs `shared-recovery info`.
pub async fn cmd_shared_recovery_info(
    args: SharedRecoveryInfoArgs,
    printer: &Printer,
) -> CliResult {
    let json = printer.is_json()?;
    let session = open_session(&args.device, printer).await?;
    let (store, topic) = printer
        .step("Poll server for new certificates", shamir::load(&session))
        .await?;
    let info = shamir::self_info(&topic, &store, session.device().user_id);
    if json {
        printer.json(&super::to_json(&store, &info));
    } else {
        printer.line(super::describe(printer, &store, &info, true));
    }
    Ok(())
}
