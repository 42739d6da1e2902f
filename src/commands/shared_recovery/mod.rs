//! `shared-recovery`: the user's shared (shamir) recovery: trusted recipients each hold
//! shares of a secret that, once enough of them are gathered, gives a user who lost all
//! its devices a new one (`invite shared-recovery`, then `invite claim`).

pub mod create;
pub mod delete;
pub mod info;
pub mod list;

use crate::error::CliResult;
use crate::output::{SharedRecovery, SharedRecoveryRecipient};
use crate::printer::Printer;
use parsec_client::certificates::CertificateStore;
use parsec_client::shamir::ShamirRecoveryInfo;
use parsec_protocol::ids::{HumanHandle, UserID};

/// Shared recovery commands (same names as the official CLI).
#[derive(Debug, clap::Subcommand)]
// A doc comment on a variant would replace the help clap takes from its arguments struct.
#[allow(missing_docs)]
pub enum SharedRecoveryCommand {
    Create(create::SharedRecoveryCreateArgs),
    List(list::SharedRecoveryListArgs),
    Delete(delete::SharedRecoveryDeleteArgs),
    Info(info::SharedRecoveryInfoArgs),
}

/// Runs a shared recovery command.
pub async fn dispatch(command: SharedRecoveryCommand, printer: &Printer) -> CliResult {
    match command {
        SharedRecoveryCommand::Create(args) => {
            create::cmd_shared_recovery_create(args, printer).await
        }
        SharedRecoveryCommand::List(args) => list::cmd_shared_recovery_list(args, printer).await,
        SharedRecoveryCommand::Delete(args) => {
            delete::cmd_shared_recovery_delete(args, printer).await
        }
        SharedRecoveryCommand::Info(args) => info::cmd_shared_recovery_info(args, printer).await,
    }
}

/// `share` or `shares`.
fn plural(n: u8) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A user's name and email, or a placeholder when the store does not know it.
fn handle_of(store: &CertificateStore, user: UserID) -> HumanHandle {
    match store.user(user) {
        Some(u) => u.certificate.human_handle_or_placeholder(),
        None => HumanHandle::redacted_placeholder(user),
    }
}

/// The device label of `device`, or its ID when unknown.
fn device_name(store: &CertificateStore, device: parsec_protocol::ids::DeviceID) -> String {
    store
        .device(device)
        .map_or_else(|| device.hex(), |d| d.device_label_or_placeholder())
}

/// The JSON form of a setup's state.
fn to_json(store: &CertificateStore, info: &ShamirRecoveryInfo) -> SharedRecovery {
    match info {
        ShamirRecoveryInfo::NeverSetup => SharedRecovery {
            status: "NEVER_SETUP",
            ..SharedRecovery::default()
        },
        ShamirRecoveryInfo::Deleted {
            user_id,
            created_on,
            deleted_on,
            deleted_by,
        } => SharedRecovery {
            status: "DELETED",
            user_id: Some(user_id.hex()),
            human_handle: Some((&handle_of(store, *user_id)).into()),
            created_on: Some(created_on.to_rfc3339()),
            deleted_on: Some(deleted_on.to_rfc3339()),
            deleted_by: Some(deleted_by.hex()),
            ..SharedRecovery::default()
        },
        ShamirRecoveryInfo::Setup {
            user_id,
            created_on,
            threshold,
            per_recipient_shares,
            revoked_recipients,
        } => SharedRecovery {
            status: if revoked_recipients.is_empty() {
                "SETUP"
            } else if info.is_usable() {
                "SETUP_WITH_REVOKED_RECIPIENTS"
            } else {
                "UNUSABLE"
            },
            user_id: Some(user_id.hex()),
            human_handle: Some((&handle_of(store, *user_id)).into()),
            created_on: Some(created_on.to_rfc3339()),
            threshold: Some(threshold.get()),
            recipients: Some(
                per_recipient_shares
                    .iter()
                    .map(|(u, n)| SharedRecoveryRecipient {
                        user_id: u.hex(),
                        human_handle: (&handle_of(store, *u)).into(),
                        shares: n.get(),
                        revoked: revoked_recipients.contains(u),
                    })
                    .collect(),
            ),
            ..SharedRecovery::default()
        },
    }
}

/// The text of a setup's state; `subject` is `None` for our own setup (`info`), the
/// user's handle for someone else's (`list`).
fn describe(
    printer: &Printer,
    store: &CertificateStore,
    info: &ShamirRecoveryInfo,
    own: bool,
) -> String {
    match info {
        ShamirRecoveryInfo::NeverSetup => "Shared recovery never setup".to_owned(),
        ShamirRecoveryInfo::Deleted {
            user_id,
            deleted_on,
            deleted_by,
            ..
        } => {
            let by = device_name(store, *deleted_by);
            if own {
                format!("Deleted shared recovery - deleted by {by} on {deleted_on}")
            } else {
                format!(
                    "Deleted shared recovery for {} - deleted by {by} on {deleted_on}",
                    printer.highlight(handle_of(store, *user_id).to_string())
                )
            }
        }
        ShamirRecoveryInfo::Setup {
            user_id,
            threshold,
            per_recipient_shares,
            revoked_recipients,
            ..
        } => {
            let who = printer.highlight(handle_of(store, *user_id).to_string());
            let indent = if own { "" } else { "\t" };
            let lines: Vec<String> = per_recipient_shares
                .iter()
                .map(|(u, n)| {
                    let revoked = if revoked_recipients.contains(u) {
                        " (revoked)"
                    } else {
                        ""
                    };
                    format!(
                        "{indent}• User {} has {n} share{}{revoked}",
                        handle_of(store, *u),
                        plural(n.get())
                    )
                })
                .collect();
            let head = if revoked_recipients.is_empty() {
                if own {
                    format!("Shared recovery set up with threshold {threshold}")
                } else {
                    format!("Shared recovery for {who} with threshold {threshold}")
                }
            } else {
                let revoked: Vec<String> = revoked_recipients
                    .iter()
                    .map(|u| handle_of(store, *u).to_string())
                    .collect();
                let state = match (info.is_usable(), own) {
                    (true, true) => "Shared recovery set up".to_owned(),
                    (true, false) => format!("Shared recovery for {who}"),
                    (false, true) => "Unusable shared recovery".to_owned(),
                    (false, false) => format!("Unusable shared recovery for {who}"),
                };
                format!(
                    "{state} - contains revoked recipient{}: {} ({} out of {} total recipients, \
                     with threshold {threshold})",
                    if revoked.len() == 1 { "" } else { "s" },
                    revoked.join(", "),
                    revoked.len(),
                    per_recipient_shares.len()
                )
            };
            std::iter::once(head)
                .chain(lines)
                .collect::<Vec<_>>()
                .join("\n")
        }
    }
}
