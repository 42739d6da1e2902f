//! The command tree: one folder per group, one file per leaf command.

pub mod common;
pub mod device;
pub mod invite;
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
    /// Invite users and devices, and greet or claim invitations
    #[command(subcommand)]
    Invite(invite::InviteCommand),
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
        Command::Invite(c) => invite::dispatch(c, printer).await,
        Command::User(c) => user::dispatch(c, printer).await,
        Command::Server(c) => server::dispatch(c, printer).await,
    }
}

/// Fetches the organization's new certificates, verifies them and keeps them under the
/// data dir (a spinner while waiting).
pub async fn poll_certificates(
    open: &common::OpenDevice,
    printer: &Printer,
) -> crate::error::CliResult<parsec_client::local_certificates::LocalCertificates> {
    use crate::error::{CliError, ErrorKind};
    use parsec_client::certificates::PollError;
    use parsec_client::local_certificates::{LocalCertificates, SyncError};
    let data_dir = parsec_client::config::data_dir();
    let mut local = LocalCertificates::open(&data_dir, &open.device);
    let spinner = printer.spinner("Poll server for new certificates");
    match local.sync(&open.cmds).await {
        Ok(_) => {
            spinner.done();
            Ok(local)
        }
        Err(e) => {
            spinner.fail();
            Err(match e {
                SyncError::Poll(PollError::Connection(c)) => c.into(),
                SyncError::Poll(PollError::Invalid(i)) => CliError::new(
                    ErrorKind::Server,
                    format!("the organization's certificates do not verify: {i}"),
                )
                .hint("the server may be compromised or corrupted; nothing was changed"),
                SyncError::Save(s) => CliError::bad_input(crate::error::chain(&s))
                    .hint("check that the data dir (PARSEC_DATA_DIR) is writable"),
                other => CliError::new(ErrorKind::Server, other.to_string()),
            })
        }
    }
}
