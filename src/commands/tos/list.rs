//! `tos list`: the organization's terms of service.

use crate::commands::common::{open_session, DeviceArgs};
use crate::commands::tos::{display_tos, tos_info};
use crate::error::CliResult;
use crate::printer::Printer;
use parsec_client::tos::get_tos;

/// List available Terms of Service of an organization
///
/// Prints when the terms were last set and their URL per locale, or `No Terms of Service
/// available`. Works also while the terms are not accepted yet.
///
/// With `--format json`: `{"per_locale_urls": {locale: url}, "updated_on"}`, both `null`
/// when there are no terms.
#[derive(Debug, clap::Args)]
pub struct TosListArgs {
    #[command(flatten)]
    /// Which device to act as, and how to unlock it.
    pub device: DeviceArgs,
}

/// Runs `tos list`.
pub async fn cmd_tos_list(args: TosListArgs, printer: &Printer) -> CliResult {
    let json = printer.is_json()?;
    let session = open_session(&args.device, printer).await?;
    let tos = printer
        .step("Fetching the terms of service", get_tos(session.cmds()))
        .await?;
    if json {
        printer.json(&tos_info(tos.as_ref()));
        return Ok(());
    }
    match &tos {
        Some(tos) => display_tos(printer, tos),
        None => printer.line("No Terms of Service available"),
    }
    Ok(())
}
