//! `user list`: the users of the device's organization, from verified certificates.

use crate::commands::common::{open_session, sync_certificates, DeviceArgs};
use crate::error::CliResult;
use crate::output::{User, UserList};
use crate::printer::Printer;

/// List the organization's users
///
/// Certificates are fetched from the server and verified before anything is shown.
///
/// With `--format json`: `{"users": [{"user_id", "human_handle": {"email", "label"},
/// "profile", "initial_profile", "created_on", "revoked_on", "revoked_by"}]}` (dates in
/// RFC 3339, `null` when not revoked).
#[derive(Debug, clap::Args)]
pub struct UserListArgs {
    #[command(flatten)]
    /// Which device to act as, and how to unlock it.
    pub device: DeviceArgs,

    /// Skip revoked users
    #[arg(short, long)]
    pub skip_revoked: bool,
}

/// Runs `user list`.
pub async fn cmd_user_list(args: UserListArgs, printer: &Printer) -> CliResult {
    let json = printer.is_json()?;
    let session = open_session(&args.device, printer).await?;
    let local = sync_certificates(&session, printer).await?;
    let store = local.store();
    let users: Vec<_> = store
        .users()
        .filter(|u| !(args.skip_revoked && u.revoked.is_some()))
        .collect();
    if json {
        printer.json(&UserList {
            users: users
                .iter()
                .map(|u| User {
                    created_on: u.certificate.timestamp.to_rfc3339(),
                    human_handle: (&u.certificate.human_handle_or_placeholder()).into(),
                    initial_profile: u.certificate.profile.as_str(),
                    profile: u.current_profile().as_str(),
                    revoked_by: u.revoked.as_ref().map(|r| r.author.hex()),
                    revoked_on: u.revoked.as_ref().map(|r| r.timestamp.to_rfc3339()),
                    user_id: u.certificate.user_id.hex(),
                })
                .collect(),
        });
        return Ok(());
    }
    if users.is_empty() {
        printer.line("No users found");
        return Ok(());
    }
    printer.line(format!(
        "Found {} user(s):",
        printer.highlight(users.len().to_string())
    ));
    for u in users {
        let id = printer.highlight(u.certificate.user_id.hyphenated());
        let handle = u.certificate.human_handle_or_placeholder();
        let profile = u.current_profile();
        match &u.revoked {
            Some(r) => printer.line(format!(
                "{id} - {handle}: {profile} | revoked on {} by {}",
                r.timestamp,
                r.author.hyphenated()
            )),
            None => printer.line(format!("{id} - {handle}: {profile}")),
        }
    }
    Ok(())
}
