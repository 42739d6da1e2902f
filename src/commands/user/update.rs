//! `user update`: change another user's profile.

use crate::commands::common::{open_session, sync_certificates, DeviceArgs};
use crate::commands::user::{find_user_by_email, require_admin};
use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::UserUpdated;
use crate::printer::Printer;
use parsec_client::user_admin::{update_user_profile, UpdateOutcome};
use parsec_protocol::ids::{EmailAddress, UserProfile};

/// A profile, as the command line names it.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ProfileArg {
    /// Administrator: invites, revokes, manages users
    Admin,
    /// Standard member
    Standard,
    /// External: sees other users' names and emails redacted
    Outsider,
}

impl From<ProfileArg> for UserProfile {
    fn from(p: ProfileArg) -> Self {
        match p {
            ProfileArg::Admin => UserProfile::Admin,
            ProfileArg::Standard => UserProfile::Standard,
            ProfileArg::Outsider => UserProfile::Outsider,
        }
    }
}

/// Change a user's profile (administrators only, not their own)
///
/// With `--format json`: `{"user_id", "email", "profile", "changed"}`.
#[derive(Debug, clap::Args)]
pub struct UserUpdateArgs {
    /// Email of the user to change
    #[arg(value_hint = clap::ValueHint::EmailAddress)]
    pub email: String,

    /// The new profile
    #[arg(long, value_enum, ignore_case = true)]
    pub profile: ProfileArg,

    #[command(flatten)]
    /// Which device to act as, and how to unlock it.
    pub device: DeviceArgs,
}

/// Runs `user update`.
pub async fn cmd_user_update(args: UserUpdateArgs, printer: &Printer) -> CliResult {
    let json = printer.is_json()?;
    let email: EmailAddress = args
        .email
        .parse()
        .map_err(|e: parsec_protocol::ids::InvalidId| CliError::bad_input(e.to_string()))?;
    let profile = UserProfile::from(args.profile);
    let session = open_session(&args.device, printer).await?;
    let local = sync_certificates(&session, printer).await?;
    let store = local.store();
    require_admin(store, session.device(), "change profiles")?;
    let target = find_user_by_email(store, &email)?;
    let target_id = target.certificate.user_id;
    if target_id == session.device().user_id {
        return Err(CliError::bad_input("you cannot change your own profile")
            .hint("ask another administrator to do it"));
    }
    if target.revoked.is_some() {
        return Err(CliError::new(
            ErrorKind::Conflict,
            format!("user {email} is revoked"),
        ));
    }
    let outcome = printer
        .step(
            "Updating the user's profile",
            update_user_profile(session.cmds(), session.device(), target_id, profile),
        )
        .await?;
    let changed = matches!(outcome, UpdateOutcome::Updated(_));
    if json {
        printer.json(&UserUpdated {
            changed,
            email: email.as_str().to_owned(),
            profile: profile.as_str(),
            user_id: target_id.hex(),
        });
    } else if changed {
        printer.line(format!("User {email} is now {profile}"));
    } else {
        printer.line(format!("User {email} already is {profile}"));
    }
    Ok(())
}
