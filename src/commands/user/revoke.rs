//! `user revoke`: revoke a user (all their devices), irreversibly.

use crate::commands::common::{open_session, sync_certificates, DeviceArgs};
use crate::commands::user::{find_user_by_email, require_admin};
use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::UserRevoked;
use crate::printer::Printer;
use parsec_client::user_admin::{revoke_user, RevokeOutcome};
use parsec_protocol::ids::EmailAddress;
use std::io::IsTerminal;

/// Revoke a user: all their devices lose access to the organization, for good
///
/// Only administrators may revoke, and not themselves. On a terminal the user to revoke is
/// shown and a confirmation asked (`--yes` skips it); without a terminal it proceeds at
/// once, as the official CLI does.
///
/// With `--format json`: `{"user_id", "email", "revoked_on"}`.
#[derive(Debug, clap::Args)]
pub struct UserRevokeArgs {
    /// Email of the user to revoke
    #[arg(value_hint = clap::ValueHint::EmailAddress)]
    pub email: String,

    /// Do not ask for confirmation
    #[arg(short = 'y', long)]
    pub yes: bool,

    #[command(flatten)]
    /// Which device to act as, and how to unlock it.
    pub device: DeviceArgs,
}

/// Runs `user revoke`.
pub async fn cmd_user_revoke(args: UserRevokeArgs, printer: &Printer) -> CliResult {
    let json = printer.is_json()?;
    let email: EmailAddress = args
        .email
        .parse()
        .map_err(|e: parsec_protocol::ids::InvalidId| CliError::bad_input(e.to_string()))?;
    let session = open_session(&args.device, printer).await?;
    let local = sync_certificates(&session, printer).await?;
    let store = local.store();
    require_admin(store, session.device(), "revoke users")?;
    let target = find_user_by_email(store, &email)?;
    let target_id = target.certificate.user_id;
    if target_id == session.device().user_id {
        return Err(CliError::bad_input("you cannot revoke yourself")
            .hint("ask another administrator to do it"));
    }
    if let Some(r) = &target.revoked {
        return Err(CliError::new(
            ErrorKind::Conflict,
            format!("user {email} is already revoked (since {})", r.timestamp),
        ));
    }
    if !args.yes && std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        let devices = store.devices_of(target_id).len();
        let question = format!(
            "Revoke {} ({}, {}, {devices} device(s))? This cannot be undone",
            target.certificate.human_handle_or_placeholder(),
            target_id.hyphenated(),
            target.current_profile()
        );
        if !crate::prompt::confirm(&question)? {
            return Err(CliError::bad_input(
                "revocation cancelled, nothing was changed",
            ));
        }
    }
    let outcome = printer
        .step(
            "Revoking the user",
            revoke_user(session.cmds(), session.device(), target_id),
        )
        .await?;
    let revoked_on = match outcome {
        RevokeOutcome::Revoked(t) | RevokeOutcome::AlreadyRevoked(t) => t,
    };
    if json {
        printer.json(&UserRevoked {
            email: email.as_str().to_owned(),
            revoked_on: revoked_on.to_rfc3339(),
            user_id: target_id.hex(),
        });
    } else {
        printer.line(format!("User {email} has been revoked"));
    }
    Ok(())
}
