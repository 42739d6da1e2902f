//! `shared-recovery list`: the shared recoveries the device's user is a recipient of.

use crate::commands::common::{open_session, DeviceArgs};
use crate::error::CliResult;
use crate::output::SharedRecoveryList;
use crate::printer::Printer;
use parsec_client::shamir;

/// List the shared recoveries you are a recipient of
///
/// One entry per user whose shared recovery names you as a recipient (its last setup,
/// deleted or not): its threshold and every recipient's shares, or which recipients were
/// revoked since. As a recipient you may invite such a user to recover (`invite
/// shared-recovery EMAIL`) and give it your shares (`invite greet TOKEN`).
///
/// With `--format json`: `{"shared_recoveries": [...]}`, each entry as in
/// `shared-recovery info --format json`.
#[derive(Debug, clap::Args)]
pub struct SharedRecoveryListArgs {
    #[command(flatten)]
    /// Which device to act as, and how to unlock it.
    pub device: DeviceArgs,
}

/// Runs `shared-recovery list`.
pub async fn cmd_shared_recovery_list(
    args: SharedRecoveryListArgs,
    printer: &Printer,
) -> CliResult {
    let json = printer.is_json()?;
    let session = open_session(&args.device, printer).await?;
    let (store, topic) = printer
        .step("Poll server for new certificates", shamir::load(&session))
        .await?;
    let others = shamir::others_info(&topic, &store, session.device().user_id);
    if json {
        printer.json(&SharedRecoveryList {
            shared_recoveries: others.iter().map(|i| super::to_json(&store, i)).collect(),
        });
        return Ok(());
    }
    if others.is_empty() {
        printer.line("No shared recovery found");
        return Ok(());
    }
    printer.line(format!(
        "Found {} user(s):",
        printer.highlight(others.len().to_string())
    ));
    for info in &others {
        printer.line(format!(
            "• {}",
            super::describe(printer, &store, info, false)
        ));
    }
    Ok(())
}
