//! `user`: the organization's users.

pub mod list;
pub mod revoke;
pub mod totp_reset;
pub mod update;

use crate::error::{CliError, CliResult, ErrorKind};
use crate::printer::Printer;
use parsec_client::certificates::{CertificateStore, UserInfo};
use parsec_protocol::device_file::LocalDevice;
use parsec_protocol::ids::{EmailAddress, UserProfile};

/// User commands.
#[derive(Debug, clap::Subcommand)]
// A doc comment on a variant would replace the help clap takes from its arguments struct.
#[allow(missing_docs)]
pub enum UserCommand {
    List(list::UserListArgs),
    Revoke(revoke::UserRevokeArgs),
    TotpReset(totp_reset::UserTotpResetArgs),
    Update(update::UserUpdateArgs),
}

/// Runs a user command.
pub async fn dispatch(command: UserCommand, printer: &Printer) -> CliResult {
    match command {
        UserCommand::List(args) => list::cmd_user_list(args, printer).await,
        UserCommand::Revoke(args) => revoke::cmd_user_revoke(args, printer).await,
        UserCommand::TotpReset(args) => totp_reset::cmd_user_totp_reset(args, printer).await,
        UserCommand::Update(args) => update::cmd_user_update(args, printer).await,
    }
}

/// The user with this email: the non-revoked one if any, else the most recent.
pub fn find_user_by_email<'a>(
    store: &'a CertificateStore,
    email: &EmailAddress,
) -> CliResult<&'a UserInfo> {
    let matching: Vec<&UserInfo> = store
        .users()
        .filter(|u| {
            u.certificate
                .human_handle
                .as_ref()
                .is_some_and(|h| h.email() == email)
        })
        .collect();
    matching
        .iter()
        .find(|u| u.revoked.is_none())
        .or(matching.last())
        .copied()
        .ok_or_else(|| {
            CliError::new(ErrorKind::NotFound, format!("no user with email {email}"))
                .hint("`user list` shows the organization's users")
        })
}

/// Refuses early, with a clear message, when the device's user is not an administrator.
pub fn require_admin(store: &CertificateStore, device: &LocalDevice, action: &str) -> CliResult {
    let profile = store
        .user(device.user_id)
        .map(UserInfo::current_profile)
        .unwrap_or(device.initial_profile);
    if profile != UserProfile::Admin {
        return Err(CliError::new(
            ErrorKind::Permission,
            format!("only administrators can {action} (your profile is {profile})"),
        )
        .hint("ask an administrator of the organization"));
    }
    Ok(())
}
