//! The command tree: one folder per group, one file per leaf command.

pub mod common;
pub mod device;
pub mod organization;
pub mod server;
pub mod user;

use crate::error::CliResult;
use crate::printer::Printer;

/// Top-level commands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Create, bootstrap and inspect organizations
    #[command(subcommand)]
    Organization(organization::OrganizationCommand),
    /// Devices stored on this machine
    #[command(subcommand)]
    Device(device::DeviceCommand),
    /// Users of an organization
    #[command(subcommand)]
    User(user::UserCommand),
    /// Server-wide administration
    #[command(subcommand)]
    Server(server::ServerCommand),
}

/// Runs one command.
pub async fn dispatch(command: Command, printer: &Printer) -> CliResult {
    match command {
        Command::Organization(c) => organization::dispatch(c, printer).await,
        Command::Device(c) => device::dispatch(c, printer).await,
        Command::User(c) => user::dispatch(c, printer).await,
        Command::Server(c) => server::dispatch(c, printer).await,
    }
}

/// Fetches the organization's certificates and verifies them (a spinner while waiting).
pub async fn poll_certificates(
    open: &common::OpenDevice,
    printer: &Printer,
) -> crate::error::CliResult<parsec_client::certificates::CertificateStore> {
    use parsec_client::certificates::{poll, CertificateStore, PollError};
    let mut store = CertificateStore::new(open.device.root_verify_key);
    let spinner = printer.spinner("Poll server for new certificates");
    match poll(&open.cmds, &mut store).await {
        Ok(_) => {
            spinner.done();
            Ok(store)
        }
        Err(e) => {
            spinner.fail();
            Err(match e {
                PollError::Connection(c) => c.into(),
                PollError::Invalid(i) => crate::error::CliError::new(
                    crate::error::ErrorKind::Server,
                    format!("the organization's certificates do not verify: {i}"),
                )
                .hint("the server may be compromised or corrupted; nothing was changed"),
                other => {
                    crate::error::CliError::new(crate::error::ErrorKind::Server, other.to_string())
                }
            })
        }
    }
}
