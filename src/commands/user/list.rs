//! `user list`: the users of the device's organization, from verified certificates.

use crate::commands::common::{open_device, DeviceArgs};
use crate::commands::poll_certificates;
use crate::error::CliResult;
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
    pub device: DeviceArgs,

    /// Skip revoked users
    #[arg(short, long)]
    pub skip_revoked: bool,
}

/// Runs `user list`.
pub async fn cmd_user_list(args: UserListArgs, printer: &Printer) -> CliResult {
    let json = printer.is_json()?;
    let open = open_device(&args.device, printer)?;
    let local = poll_certificates(&open, printer).await?;
    let store = local.store();
    let users: Vec<_> = store
        .users()
        .filter(|u| !(args.skip_revoked && u.revoked.is_some()))
        .collect();
    if json {
        let list: Vec<_> = users
            .iter()
            .map(|u| {
                serde_json::json!({
                    "user_id": u.certificate.user_id.hex(),
                    "human_handle": crate::commands::device::human_json(&u.certificate.human_handle_or_placeholder()),
                    "profile": u.current_profile().as_str(),
                    "initial_profile": u.certificate.profile.as_str(),
                    "created_on": u.certificate.timestamp.to_rfc3339(),
                    "revoked_on": u.revoked.as_ref().map(|r| r.timestamp.to_rfc3339()),
                    "revoked_by": u.revoked.as_ref().map(|r| r.author.hex()),
                })
            })
            .collect();
        printer.json(&serde_json::json!({ "users": list }));
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
