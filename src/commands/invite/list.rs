//! `invite list`: the invitations this device may see (invite.md §2.2), pending, finished
//! and cancelled.

use crate::commands::common::{open_device, DeviceArgs};
use crate::commands::device::human_json;
use crate::commands::poll_certificates;
use crate::error::{CliError, CliResult};
use crate::printer::Printer;
use parsec_client::certificates::CertificateStore;
use parsec_client::invite::manage::{self, InviteListItem};
use parsec_protocol::invite::{InvitationCreatedBy, InvitationStatus};

/// List the invitations you can greet, pending, finished and cancelled
///
/// Administrators see every user invitation; everyone sees their own device invitations.
/// Prints `N invitations found.` then one line per invitation, oldest first, as the
/// official CLI: `<token>\t<status>\t<kind>`, the kind being `user (email=<email>)`,
/// `device` or `shamir recovery (<name> <email>)`.
///
/// With `--format json`: `{"invitations": [{"token", "type", "status", "created_on",
/// "created_by", "claimer_email", "claimer_user_id"}]}` where `type` is `USER`, `DEVICE`
/// or `SHAMIR_RECOVERY`, `status` is `PENDING`, `FINISHED` or `CANCELLED`, `created_on`
/// is RFC 3339, `created_by` is `{"type": "USER", "user_id", "human_handle": {"email",
/// "label"}}` or `{"type": "EXTERNAL_SERVICE", "service_label"}`, `claimer_email` is set
/// for user invitations and `claimer_user_id` for shamir recovery ones (`null`
/// otherwise).
#[derive(Debug, clap::Args)]
pub struct InviteListArgs {
    #[command(flatten)]
    pub device: DeviceArgs,
}

/// Runs `invite list`.
pub async fn cmd_invite_list(args: InviteListArgs, printer: &Printer) -> CliResult {
    let json = printer.is_json()?;
    let open = open_device(&args.device, printer)?;
    // As the official CLI: the certificates name the claimers of shamir invitations.
    let local = poll_certificates(&open, printer).await?;
    let store = local.store();
    let spinner = printer.spinner("Listing invitations");
    let invitations = match manage::list_invitations(&open.cmds).await {
        Ok(list) => {
            spinner.done();
            list
        }
        Err(e) => {
            spinner.fail();
            return Err(CliError::from(e));
        }
    };
    if json {
        let list: Vec<_> = invitations.iter().map(invitation_json).collect();
        printer.json(&serde_json::json!({ "invitations": list }));
        return Ok(());
    }
    if invitations.is_empty() {
        printer.line("No invitation.");
        return Ok(());
    }
    printer.line(format!("{} invitations found.", invitations.len()));
    for i in &invitations {
        printer.line(format!(
            "{}\t{}\t{}",
            printer.highlight(i.token().hex()),
            status_text(i.status()),
            kind_text(i, store)
        ));
    }
    Ok(())
}

fn status_text(status: InvitationStatus) -> &'static str {
    match status {
        InvitationStatus::Pending => "pending",
        InvitationStatus::Finished => "finished",
        InvitationStatus::Cancelled => "cancelled",
    }
}

fn kind_text(item: &InviteListItem, store: &CertificateStore) -> String {
    match item {
        InviteListItem::User { claimer_email, .. } => format!("user (email={claimer_email})"),
        InviteListItem::Device { .. } => "device".to_owned(),
        InviteListItem::ShamirRecovery {
            claimer_user_id, ..
        } => {
            let who = store.user(*claimer_user_id).map_or_else(
                || "N/A".to_owned(),
                |u| u.certificate.human_handle_or_placeholder().to_string(),
            );
            format!("shamir recovery ({who})")
        }
    }
}

fn invitation_json(item: &InviteListItem) -> serde_json::Value {
    let (created_by, claimer_email, claimer_user_id) = match item {
        InviteListItem::User {
            created_by,
            claimer_email,
            ..
        } => (created_by, Some(claimer_email.to_string()), None),
        InviteListItem::Device { created_by, .. } => (created_by, None, None),
        InviteListItem::ShamirRecovery {
            created_by,
            claimer_user_id,
            ..
        } => (created_by, None, Some(claimer_user_id.hex())),
    };
    let created_by = match created_by {
        InvitationCreatedBy::User {
            user_id,
            human_handle,
        } => serde_json::json!({
            "type": "USER",
            "user_id": user_id.hex(),
            "human_handle": human_json(human_handle),
        }),
        InvitationCreatedBy::ExternalService { service_label } => serde_json::json!({
            "type": "EXTERNAL_SERVICE",
            "service_label": service_label,
        }),
    };
    serde_json::json!({
        "token": item.token().hex(),
        "type": item.invitation_type().as_str(),
        "status": item.status().as_str(),
        "created_on": item.created_on().to_rfc3339(),
        "created_by": created_by,
        "claimer_email": claimer_email,
        "claimer_user_id": claimer_user_id,
    })
}
