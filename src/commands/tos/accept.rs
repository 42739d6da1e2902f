//! `tos accept`: accept the organization's terms of service.

use crate::commands::common::{open_session, DeviceArgs};
use crate::commands::tos::{display_tos, tos_info};
use crate::error::{CliError, CliResult};
use crate::output::TosAccepted;
use crate::printer::Printer;
use parsec_client::tos::{accept_tos, get_tos};

/// Accept Terms of Service of an organization
///
/// Shows the terms (their URL per locale) and asks whether you accept them; `--yes`
/// accepts without asking (scripts). Until the current terms are accepted, the server
/// refuses every other request of the user. When the organization has none it prints `No
/// Terms of Service available` and changes nothing.
///
/// With `--format json`: `{"accepted", "per_locale_urls", "updated_on"}` (`accepted`
/// false and the others `null` when there are no terms).
#[derive(Debug, clap::Args)]
pub struct TosAcceptArgs {
    /// Accept without showing the terms nor asking
    #[arg(short = 'y', long)]
    pub yes: bool,

    #[command(flatten)]
    /// Which device to act as, and how to unlock it.
    pub device: DeviceArgs,
}

/// Runs `tos accept`.
pub async fn cmd_tos_accept(args: TosAcceptArgs, printer: &Printer) -> CliResult {
    let json = printer.is_json()?;
    let session = open_session(&args.device, printer).await?;
    let tos = printer
        .step("Fetching the terms of service", get_tos(session.cmds()))
        .await?;
    let Some(tos) = tos else {
        if json {
            printer.json(&TosAccepted {
                accepted: false,
                info: tos_info(None),
            });
        } else {
            printer.line("No Terms of Service available");
        }
        return Ok(());
    };
    if !args.yes {
        if json {
            // stdout carries only the final object: the terms go with the question.
            printer.status(format!(
                "Terms of Service updated on {}:",
                tos.updated_on.to_rfc3339()
            ));
            for (locale, url) in &tos.per_locale_urls {
                printer.status(format!("• {locale}: {url}"));
            }
        } else {
            display_tos(printer, &tos);
        }
        if !crate::prompt::confirm("Do you accept these terms of service?")? {
            return Err(CliError::bad_input("Operation cancelled"));
        }
    }
    printer
        .step(
            "Accepting the terms of service",
            accept_tos(session.cmds(), tos.updated_on),
        )
        .await?;
    if json {
        printer.json(&TosAccepted {
            accepted: true,
            info: tos_info(Some(&tos)),
        });
    }
    Ok(())
}
