//! `user revoke`: revoke users (all their devices), irreversibly; one or many with a
//! single unlock and a single confirmation.

use crate::commands::common::{open_session, sync_certificates, DeviceArgs};
use crate::commands::invite::user::read_email_list;
use crate::commands::user::{find_user_by_email, require_admin};
use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::{BulkFailure, UserRevoked};
use crate::printer::Printer;
use parsec_client::certificates::CertificateStore;
use parsec_client::user_admin::{revoke_user, RevokeOutcome};
use parsec_protocol::device_file::LocalDevice;
use parsec_protocol::ids::{EmailAddress, UserID};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Revoke users: all their devices lose access to the organization, for good
///
/// Only administrators may revoke, and not themselves. On a terminal the users to revoke
/// are shown and one confirmation asked (`--yes` skips it); without a terminal it
/// proceeds at once, as the official CLI does.
///
/// Several emails (as arguments, or one per line of `--emails-from FILE`, `-` for
/// stdin) are revoked with one unlock and one confirmation: one line per user, one
/// `error: EMAIL: …` line per failure (unknown, already revoked, yourself…), which does
/// not stop the others. The exit code is 0 when every user was revoked, 13 when some
/// failed.
///
/// With `--format json`: `{"user_id", "email", "revoked_on"}`; several emails: one such
/// object per line (JSON Lines), or `{"email", "error", "exit_code"}` for a failure.
#[derive(Debug, clap::Args)]
pub struct UserRevokeArgs {
    /// Email of the user to revoke (several: each of them)
    #[arg(
        value_hint = clap::ValueHint::EmailAddress,
        value_name = "EMAIL",
        required_unless_present = "emails_from"
    )]
    pub emails: Vec<String>,

    /// Also revoke the users whose emails are in this file, one per line (`-`: stdin)
    #[arg(long, value_name = "FILE")]
    pub emails_from: Option<PathBuf>,

    /// Do not ask for confirmation
    #[arg(short = 'y', long)]
    pub yes: bool,

    #[command(flatten)]
    /// Which device to act as, and how to unlock it.
    pub device: DeviceArgs,
}

/// A user about to be revoked.
struct Target {
    email: EmailAddress,
    user_id: UserID,
    description: String,
}

/// Checks that `email` names a user we may revoke.
fn target(store: &CertificateStore, me: &LocalDevice, email: EmailAddress) -> CliResult<Target> {
    let user = find_user_by_email(store, &email)?;
    let user_id = user.certificate.user_id;
    if user_id == me.user_id {
        return Err(CliError::bad_input("you cannot revoke yourself")
            .hint("ask another administrator to do it"));
    }
    if let Some(r) = &user.revoked {
        return Err(CliError::new(
            ErrorKind::Conflict,
            format!("user {email} is already revoked (since {})", r.timestamp),
        ));
    }
    let devices = store.devices_of(user_id).len();
    let description = format!(
        "{} ({}, {}, {devices} device(s))",
        user.certificate.human_handle_or_placeholder(),
        user_id.hyphenated(),
        user.current_profile()
    );
    Ok(Target {
        email,
        user_id,
        description,
    })
}

/// Runs `user revoke`.
pub async fn cmd_user_revoke(args: UserRevokeArgs, printer: &Printer) -> CliResult {
    let json = printer.is_json()?;
    let mut emails: Vec<Result<EmailAddress, (String, String)>> = args
        .emails
        .iter()
        .map(|e| {
            e.parse()
                .map_err(|err: parsec_protocol::ids::InvalidId| (e.clone(), err.to_string()))
        })
        .collect();
    if let Some(path) = &args.emails_from {
        emails.extend(read_email_list(path, args.device.password.password_stdin)?);
    }
    let bulk = emails.len() != 1 || args.emails_from.is_some();
    if emails.is_empty() {
        return Err(CliError::bad_input("no user to revoke: the list is empty"));
    }
    if !bulk {
        if let Some(Err((_, e))) = emails.first() {
            return Err(CliError::bad_input(e.clone()));
        }
    }
    let session = open_session(&args.device, printer).await?;
    let local = sync_certificates(&session, printer).await?;
    let store = local.store();
    require_admin(store, session.device(), "revoke users")?;

    let mut failures: Vec<(String, CliError)> = Vec::new();
    let mut targets = Vec::new();
    for email in emails {
        match email {
            Ok(email) => match target(store, session.device(), email.clone()) {
                Ok(t) => targets.push(t),
                Err(e) => failures.push((email.as_str().to_owned(), e)),
            },
            Err((line, e)) => {
                failures.push((line, CliError::bad_input(format!("invalid email: {e}"))));
            }
        }
    }
    if !bulk {
        if let Some((_, e)) = failures.pop() {
            return Err(e);
        }
    }
    let total = failures.len() + targets.len();
    let report = |what: &str, e: &CliError| {
        if json {
            printer.json(&BulkFailure {
                email: what.to_owned(),
                error: e.message.clone(),
                exit_code: e.kind.exit_code(),
            });
        }
        printer.error(&format!("{what}: {}", e.message), e.hint.as_deref());
    };
    for (what, e) in &failures {
        report(what, e);
    }
    if !targets.is_empty()
        && !args.yes
        && std::io::stdin().is_terminal()
        && std::io::stderr().is_terminal()
    {
        let question = match targets.as_slice() {
            [only] => format!("Revoke {}? This cannot be undone", only.description),
            many => {
                for t in many {
                    printer.status(format!("  {}", t.description));
                }
                format!("Revoke these {} users? This cannot be undone", many.len())
            }
        };
        if !crate::prompt::confirm(&question)? {
            return Err(CliError::bad_input(
                "revocation cancelled, nothing was changed",
            ));
        }
    }
    let mut failed = failures.len();
    for t in targets {
        let outcome = printer
            .step(
                &format!("Revoking {}", t.email),
                revoke_user(session.cmds(), session.device(), t.user_id),
            )
            .await;
        let revoked_on = match outcome {
            Ok(RevokeOutcome::Revoked(t) | RevokeOutcome::AlreadyRevoked(t)) => t,
            Err(e) if !bulk => return Err(e.into()),
            Err(e) => {
                failed += 1;
                report(t.email.as_str(), &CliError::from(e));
                continue;
            }
        };
        if json {
            printer.json(&UserRevoked {
                email: t.email.as_str().to_owned(),
                revoked_on: revoked_on.to_rfc3339(),
                user_id: t.user_id.hex(),
            });
        } else {
            printer.line(format!("User {} has been revoked", t.email));
        }
    }
    if failed > 0 {
        return Err(CliError::new(
            ErrorKind::Partial,
            format!("{failed} of {total} revocations failed (each one is reported above)"),
        ));
    }
    Ok(())
}
