//! `invite list`: the invitations this device may see (invite.md §2.2), pending, finished
//! and cancelled.

use crate::commands::common::{open_session, sync_certificates, DeviceArgs};
use crate::error::CliResult;
use crate::output::{CreatedBy, Invitation, InvitationList};
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
    /// Which device to act as, and how to unlock it.
    pub device: DeviceArgs,
}

/// Runs `invite list`.
pub async fn cmd_invite_list(args: InviteListArgs, printer: &Printer) -> CliResult {
    let json = printer.is_json()?;
    let session = open_session(&args.device, printer).await?;
    // As the official CLI: the certificates name the claimers of shamir invitations.
    let local = sync_certificates(&session, printer).await?;
    let store = local.store();
    let invitations = printer
        .step(
            "Listing invitations",
            manage::list_invitations(session.cmds()),
        )
        .await?;
    if json {
        printer.json(&InvitationList {
            invitations: invitations.iter().map(invitation_output).collect(),
        });
        return Ok(());
    }
    if invitations.is_empty() {
        printer.line("No invitation.");
        return Ok(());
    }
    printer.line(format!("{} invitations found.", invitations.len()));
    for i in &invitations {
        // Columns aligned with spaces (the official tabs do not line up); tokens all have
        // 32 characters, statuses are padded to the longest.
        printer.line(format!(
            "{}  {:<9}  {}",
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

fn invitation_output(item: &InviteListItem) -> Invitation {
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
        } => CreatedBy::User {
            human_handle: human_handle.into(),
            kind: "USER",
            user_id: user_id.hex(),
        },
        InvitationCreatedBy::ExternalService { service_label } => CreatedBy::ExternalService {
            service_label: service_label.clone(),
            kind: "EXTERNAL_SERVICE",
        },
    };
    Invitation {
        claimer_email,
        claimer_user_id,
        created_by,
        created_on: item.created_on().to_rfc3339(),
        status: item.status().as_str(),
        token: item.token().hex(),
        kind: item.invitation_type().as_str(),
    }
}
