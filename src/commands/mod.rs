//! The command tree: one folder per group, one file per leaf command.

pub mod certificate;
pub mod common;
pub mod device;
pub mod invite;
pub mod organization;
pub mod server;
pub mod shared_recovery;
pub mod tos;
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
    /// Invite users, devices or a user to recover, and greet or claim invitations
    #[command(subcommand)]
    Invite(invite::InviteCommand),
    /// Users of an organization
    #[command(subcommand)]
    User(user::UserCommand),
    /// Server-wide administration
    #[command(subcommand)]
    Server(server::ServerCommand),
    /// Certificates kept for a device: poll for new ones, or forget them
    #[command(subcommand)]
    Certificate(certificate::CertificateCommand),
    /// Terms of service of an organization: list, accept, configure
    #[command(subcommand)]
    Tos(tos::TosCommand),
    /// Shared recovery (shamir): recipients who together can give you a new device
    #[command(subcommand)]
    SharedRecovery(shared_recovery::SharedRecoveryCommand),
}

/// Runs one command.
pub async fn dispatch(command: Command, printer: &Printer) -> CliResult {
    match command {
        Command::Organization(c) => organization::dispatch(c, printer).await,
        Command::Device(c) => device::dispatch(c, printer).await,
        Command::Invite(c) => invite::dispatch(c, printer).await,
        Command::User(c) => user::dispatch(c, printer).await,
        Command::Server(c) => server::dispatch(c, printer).await,
        Command::Certificate(c) => certificate::dispatch(c, printer).await,
        Command::Tos(c) => tos::dispatch(c, printer).await,
        Command::SharedRecovery(c) => shared_recovery::dispatch(c, printer).await,
    }
}
