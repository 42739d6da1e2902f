//! `user list`: the users of the device's organization, from verified certificates.

use crate::commands::common::{open_device, DeviceArgs};
use crate::commands::poll_certificates;
use crate::error::CliResult;
use crate::printer::Printer;

/// List the organization's users
///
/// Certificates are fetched from the server and verified before anything is shown.
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
    let open = open_device(&args.device, printer)?;
    let store = poll_certificates(&open, printer).await?;
    let users: Vec<_> = store
        .users()
        .filter(|u| !(args.skip_revoked && u.revoked.is_some()))
        .collect();
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
