//! `certificate poll`: fetch the organization's new certificates and verify them.

use crate::commands::common::{open_session, DeviceArgs};
use crate::error::{CliError, CliResult};
use crate::output::CertificatesPolled;
use crate::printer::Printer;
use parsec_client::local_certificates::LocalCertificates;

/// Poll the server for new certificates
///
/// Fetches the certificates issued since the last poll, verifies them (signatures,
/// authors, timestamps) and adds them to the device's local store, then prints `Added N
/// new certificates`. Other commands do this by themselves; this one is for checking.
///
/// With `--format json`: `{"added", "total"}` (certificates added, certificates now kept).
#[derive(Debug, clap::Args)]
pub struct CertificatePollArgs {
    #[command(flatten)]
    /// Which device to act as, and how to unlock it.
    pub device: DeviceArgs,
}

/// Runs `certificate poll`.
pub async fn cmd_certificate_poll(args: CertificatePollArgs, printer: &Printer) -> CliResult {
    let json = printer.is_json()?;
    let session = open_session(&args.device, printer).await?;
    let mut local = LocalCertificates::open(&session.config().data_dir, session.device());
    let added = printer
        .step(
            "Poll server for new certificates",
            local.sync(session.cmds()),
        )
        .await
        .map_err(CliError::from)?;
    if json {
        let (common, sequester) = local.store().raw_certificates();
        printer.json(&CertificatesPolled {
            added,
            total: common.len() + sequester.len(),
        });
    } else {
        printer.line(format!("Added {added} new certificates"));
    }
    Ok(())
}
