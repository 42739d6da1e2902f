//! `tos`: the organization's terms of service: list them, accept them, or (administration
//! API) set or remove them.

pub mod accept;
pub mod config;
pub mod list;

use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::TosInfo;
use crate::printer::Printer;
use parsec_client::connection::AuthenticatedCmds;
use parsec_client::tos::{accept_tos, pending_tos, Tos, TosError};

/// Terms of service commands.
#[derive(Debug, clap::Subcommand)]
// A doc comment on a variant would replace the help clap takes from its arguments struct.
#[allow(missing_docs)]
pub enum TosCommand {
    List(list::TosListArgs),
    Config(config::TosConfigArgs),
    Accept(accept::TosAcceptArgs),
}

/// Runs a terms of service command.
pub async fn dispatch(command: TosCommand, printer: &Printer) -> CliResult {
    match command {
        TosCommand::List(args) => list::cmd_tos_list(args, printer).await,
        TosCommand::Config(args) => config::cmd_tos_config(args, printer).await,
        TosCommand::Accept(args) => accept::cmd_tos_accept(args, printer).await,
    }
}

/// The official CLI's listing: `Terms of Service updated on <date>:` then `• <locale>:
/// <url>` per locale, sorted by locale.
pub fn display_tos(printer: &Printer, tos: &Tos) {
    printer.line(format!(
        "Terms of Service updated on {}:",
        tos.updated_on.to_rfc3339()
    ));
    for (locale, url) in &tos.per_locale_urls {
        printer.line(format!("• {locale}: {}", printer.highlight(url)));
    }
}

/// The JSON form of `tos` (both fields `null` when there are no terms).
pub fn tos_info(tos: Option<&Tos>) -> TosInfo {
    TosInfo {
        per_locale_urls: tos.map(|t| t.per_locale_urls.clone()),
        updated_on: tos.map(|t| t.updated_on.to_rfc3339()),
    }
}

impl From<TosError> for CliError {
    fn from(e: TosError) -> Self {
        match e {
            TosError::Connection(c) => c.into(),
            TosError::NoTos => CliError::new(ErrorKind::Conflict, e.to_string())
                .hint("the terms were removed meanwhile: there is nothing to accept"),
            TosError::Mismatch => CliError::new(ErrorKind::Conflict, e.to_string())
                .hint("run the command again to read and accept the new terms"),
            other => CliError::new(ErrorKind::Server, other.to_string()),
        }
    }
}

/// [`offer_pending_tos`] for a device just enrolled (its keys in memory).
pub async fn offer_for_new_device(
    device: &parsec_protocol::device_file::LocalDevice,
    printer: &Printer,
    accept: bool,
    may_ask: bool,
) -> bool {
    let Ok(transport) = crate::commands::common::transport() else {
        return false;
    };
    let Ok(cmds) = AuthenticatedCmds::for_device(transport, device) else {
        return false;
    };
    let hint = device.device_id.hex()[..8].to_owned();
    offer_pending_tos(&cmds, printer, accept, may_ask, &hint).await
}

/// After a device was enrolled (bootstrap, claim): if its user must accept the
/// organization's terms of service before using it, says so, shows them and, when
/// `accept` is set or (`may_ask`) the user agrees on a terminal, accepts them. Returns
/// whether terms are still pending. Failures are only reported: the device is saved
/// already, and `tos accept` can be run later.
pub async fn offer_pending_tos(
    cmds: &AuthenticatedCmds,
    printer: &Printer,
    accept: bool,
    may_ask: bool,
    device_hint: &str,
) -> bool {
    let tos = match pending_tos(cmds).await {
        Ok(Some(tos)) => tos,
        Ok(None) => return false,
        Err(e) => {
            printer.status(format!(
                "note: could not check whether the organization has terms of service to \
                 accept: {}",
                crate::error::chain(&e)
            ));
            return false;
        }
    };
    let later = format!("read and accept them with `parsec-cli tos accept --device {device_hint}`");
    printer.status("The organization has terms of service, to accept before using this device:");
    printer.status(format!(
        "Terms of Service updated on {}:",
        tos.updated_on.to_rfc3339()
    ));
    for (locale, url) in &tos.per_locale_urls {
        printer.status(format!("• {locale}: {url}"));
    }
    let agreed = if accept {
        true
    } else if may_ask && crate::prompt::is_interactive() {
        crate::prompt::confirm("Do you accept these terms of service?").unwrap_or_default()
    } else {
        false
    };
    if !agreed {
        printer.status(format!("Terms of service not accepted: {later}"));
        return true;
    }
    match accept_tos(cmds, tos.updated_on).await {
        Ok(()) => {
            printer.status("Terms of service accepted");
            false
        }
        Err(e) => {
            printer.error(
                &format!("cannot accept the terms of service: {e}"),
                Some(&later),
            );
            true
        }
    }
}
