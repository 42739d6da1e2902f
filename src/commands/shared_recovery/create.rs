//! `shared-recovery create`: sets up the device user's shared recovery.

use crate::commands::common::{open_session, sync_certificates, DeviceArgs};
use crate::commands::user::find_user_by_email;
use crate::error::{CliError, CliResult};
use crate::output::{SharedRecoveryCreated, SharedRecoveryRecipient};
use crate::printer::Printer;
use parsec_client::shamir;
use parsec_protocol::ids::{EmailAddress, UserID, UserProfile};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::num::NonZeroU8;

/// Set up your shared recovery: recipients who, together, can give you a new device
///
/// Each recipient gets as many shares as its weight (`--weights`, one per recipient, in
/// the same order; 1 each by default) of a secret that unlocks a recovery device of
/// yours; `--threshold` shares are needed to recover. Without `--recipients`, the
/// organization's other administrators are the recipients. Without `--threshold`, it is
/// asked.
///
/// The setup is shown and, on a terminal, confirmed (`--no-confirmation` skips it;
/// without a terminal it proceeds at once). A user has one setup at a time:
/// `shared-recovery delete` removes it.
///
/// When you lose all your devices, a recipient runs `invite shared-recovery YOUR_EMAIL`
/// and gives you the URL; you run `invite claim URL` once per recipient you meet, each
/// of them running `invite greet TOKEN` at the same time, until the threshold is reached
/// and your new device is created.
///
/// With `--format json`: `{"created_on", "threshold", "recipients": [{"user_id",
/// "human_handle", "shares", "revoked"}]}`.
#[derive(Debug, clap::Args)]
pub struct SharedRecoveryCreateArgs {
    /// Emails of the recipients (not yourself) [default: the other administrators]
    #[arg(short, long, num_args = 1..=255, value_parser = parse_email, value_name = "RECIPIENTS")]
    pub recipients: Option<Vec<EmailAddress>>,

    /// Shares of each recipient, in the order of --recipients [default: 1 each]
    #[arg(short, long, requires = "recipients", num_args = 1..=255, value_name = "WEIGHTS")]
    pub weights: Option<Vec<NonZeroU8>>,

    /// Number of shares needed to recover
    #[arg(short, long, requires = "recipients", value_name = "THRESHOLD")]
    pub threshold: Option<NonZeroU8>,

    /// Do not ask for confirmation
    #[arg(long)]
    pub no_confirmation: bool,

    #[command(flatten)]
    /// Which device to act as, and how to unlock it.
    pub device: DeviceArgs,
}

fn parse_email(s: &str) -> Result<EmailAddress, String> {
    s.parse()
        .map_err(|e: parsec_protocol::ids::InvalidId| e.to_string())
}

/// Runs `shared-recovery create`.
pub async fn cmd_shared_recovery_create(
    args: SharedRecoveryCreateArgs,
    printer: &Printer,
) -> CliResult {
    let json = printer.is_json()?;
    if let (Some(r), Some(w)) = (&args.recipients, &args.weights) {
        if r.len() != w.len() {
            return Err(CliError::bad_input(format!(
                "{} weights for {} recipients: give one weight per recipient, in the same order",
                w.len(),
                r.len()
            )));
        }
    }
    let session = open_session(&args.device, printer).await?;
    let me = session.device().user_id;
    let local = sync_certificates(&session, printer).await?;
    let store = local.store();
    let recipients: Vec<UserID> = match &args.recipients {
        Some(emails) => {
            let mut ids = Vec::with_capacity(emails.len());
            for email in emails {
                let user = find_user_by_email(store, email)?;
                let id = user.certificate.user_id;
                if ids.contains(&id) {
                    return Err(CliError::bad_input(format!(
                        "{email} is given twice: give each recipient once, with its weight"
                    )));
                }
                ids.push(id);
            }
            ids
        }
        None => {
            let admins: Vec<UserID> = store
                .users()
                .filter(|u| {
                    u.revoked.is_none()
                        && u.current_profile() == UserProfile::Admin
                        && u.certificate.user_id != me
                })
                .map(|u| u.certificate.user_id)
                .collect();
            if admins.is_empty() {
                return Err(CliError::bad_input("No default recipient available")
                    .hint("name the recipients with --recipients EMAIL…"));
            }
            admins
        }
    };
    let one = NonZeroU8::MIN;
    let weights = args
        .weights
        .clone()
        .unwrap_or_else(|| vec![one; recipients.len()]);
    let per_recipient_shares: BTreeMap<UserID, NonZeroU8> = recipients
        .iter()
        .copied()
        .zip(weights.iter().copied())
        .collect();
    let threshold = match args.threshold {
        Some(t) => t,
        None => {
            let max = per_recipient_shares.len();
            printer.line(
                "The threshold is the minimum number of recipients that one must gather to \
                 recover the account",
            );
            crate::prompt::input(
                &format!("Choose a threshold between 1 and {max}"),
                None,
                "--threshold",
                |s| {
                    s.parse::<NonZeroU8>()
                        .map_err(|_| format!("expected a number between 1 and {max}"))
                },
            )?
        }
    };
    shamir::check_setup(me, &per_recipient_shares, threshold)?;
    let lines: Vec<String> = recipients
        .iter()
        .zip(&weights)
        .map(|(u, n)| {
            format!(
                "• User {} will have {n} share{}",
                super::handle_of(store, *u),
                super::plural(n.get())
            )
        })
        .collect();
    if !json {
        printer.line(format!(
            "The following shared recovery setup will be created:\n• Threshold: {threshold}\n{}",
            lines.join("\n")
        ));
    }
    let ask = !args.no_confirmation
        && !json
        && std::io::stdin().is_terminal()
        && std::io::stderr().is_terminal();
    if ask && !crate::prompt::confirm("Do you want to proceed?")? {
        printer.line("Shared recovery creation aborted.");
        return Ok(());
    }
    let created_on = printer
        .step_as(
            "Creating shared recovery setup",
            "Shared recovery setup has been created",
            shamir::setup_shamir_recovery(&session, per_recipient_shares.clone(), threshold),
        )
        .await?;
    if json {
        printer.json(&SharedRecoveryCreated {
            created_on: created_on.to_rfc3339(),
            threshold: threshold.get(),
            recipients: per_recipient_shares
                .iter()
                .map(|(u, n)| SharedRecoveryRecipient {
                    user_id: u.hex(),
                    human_handle: (&super::handle_of(store, *u)).into(),
                    shares: n.get(),
                    revoked: false,
                })
                .collect(),
        });
    }
    Ok(())
}
