//! `certificate forget-all-certificates`: empty the device's local certificate store.

use crate::commands::common::{open_session, DeviceArgs};
use crate::commands::device::format_local_device;
use crate::error::{CliError, CliResult};
use crate::output::CertificatesForgotten;
use crate::printer::Printer;
use parsec_client::local_certificates::LocalCertificates;

/// Forget all certificates from the local database, this is not needed under normal
/// circumstances
///
/// Clearing the certificates might be useful in case the server database got rolled back
/// to a previous state, resulting in the local database containing certificates that are
/// no longer valid. Note that this scenario is technically similar to a server
/// compromise: make sure the rollback is legit before clearing the certificates! The next
/// command fetches and verifies the whole chain again.
///
/// Asks `Are you sure?` on a terminal; `--yes` skips the question (required without a
/// terminal).
///
/// With `--format json`: `{"device_id", "removed"}` (`removed`: whether a local store
/// existed).
#[derive(Debug, clap::Args)]
pub struct CertificateForgetAllCertificatesArgs {
    /// Do not ask for confirmation
    #[arg(short = 'y', long)]
    pub yes: bool,

    #[command(flatten)]
    /// Which device to act as, and how to unlock it.
    pub device: DeviceArgs,
}

/// Runs `certificate forget-all-certificates`.
pub async fn cmd_certificate_forget_all_certificates(
    args: CertificateForgetAllCertificatesArgs,
    printer: &Printer,
) -> CliResult {
    let json = printer.is_json()?;
    let session = open_session(&args.device, printer).await?;
    let device = session.device();
    printer.say("You are about to clear the local certificates database for device:");
    printer.say(format_local_device(printer, device));
    if !args.yes && !crate::prompt::confirm("Are you sure?")? {
        printer.say("Operation cancelled");
        return Ok(());
    }
    let removed = LocalCertificates::forget(&session.config().data_dir, device)
        .map_err(|e| CliError::bad_input(crate::error::chain(&e)))?;
    if json {
        printer.json(&CertificatesForgotten {
            device_id: device.device_id.hex(),
            removed,
        });
    } else {
        printer.line("The local certificates database has been cleared");
    }
    Ok(())
}
