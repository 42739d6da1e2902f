//! `invite`: create, list and cancel invitations, and the two sides of the greeting
//! (invite.md): `greet` for the existing user, `claim` for the newcomer.
//!
//! `greet` and `claim` share `exchange`: Ctrl-C handling that cancels the greeting
//! attempt on the server, prompts that run beside the async waits, and the JSON Lines
//! mode (`--format json`) for scripts.

pub mod cancel;
pub mod claim;
pub mod device;
mod exchange;
pub mod greet;
pub mod list;
pub mod user;

use crate::error::{CliError, CliResult};
use crate::printer::Printer;
use parsec_client::invite::PollPolicy;
use parsec_protocol::addr::{InvitationAddr, InvitationType, ServerAddr};
use parsec_protocol::device_file::LocalDevice;
use parsec_protocol::ids::AccessToken;
use std::time::Duration;

/// Invitation commands (same names, arguments and order as the official CLI).
#[derive(Debug, clap::Subcommand)]
pub enum InviteCommand {
    // The help of each command is the doc comment of its arguments struct (its first line
    // is the summary, the rest the long help with the JSON output).
    Cancel(cancel::InviteCancelArgs),
    Claim(claim::InviteClaimArgs),
    Greet(greet::InviteGreetArgs),
    List(list::InviteListArgs),
    User(user::InviteUserArgs),
    Device(device::InviteDeviceArgs),
}

/// Runs an invitation command.
pub async fn dispatch(command: InviteCommand, printer: &Printer) -> CliResult {
    match command {
        InviteCommand::Cancel(args) => cancel::cmd_invite_cancel(args, printer).await,
        InviteCommand::Claim(args) => claim::cmd_invite_claim(args, printer).await,
        InviteCommand::Greet(args) => greet::cmd_invite_greet(args, printer).await,
        InviteCommand::List(args) => list::cmd_invite_list(args, printer).await,
        InviteCommand::User(args) => user::cmd_invite_user(args, printer).await,
        InviteCommand::Device(args) => device::cmd_invite_device(args, printer).await,
    }
}

/// Undocumented variable of the official CLI (invite.md §7): the base interval, in
/// milliseconds, of its step polling. Honoured for compatibility with its test setups.
pub const POLLING_THROTTLE_ENV: &str = "_PARSEC_INVITE_POLLING_THROTTLE_MS";

/// How to wait for the peer: [`PollPolicy::Auto`] (immediate re-sends against a
/// long-polling server, the official 1 s cadence otherwise), unless
/// [`POLLING_THROTTLE_ENV`] sets the official cadence's base.
fn poll_policy() -> PollPolicy {
    std::env::var(POLLING_THROTTLE_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(PollPolicy::Auto, |ms| PollPolicy::Throttled {
            base: Duration::from_millis(ms),
        })
}

/// Parses an invitation token (32 hex characters) for clap.
fn parse_token(s: &str) -> Result<AccessToken, String> {
    s.trim()
        .to_ascii_lowercase()
        .parse()
        .map_err(|_| "expected an invitation token: 32 hexadecimal characters".to_owned())
}

/// The URL of an invitation of `device`'s organization.
fn invitation_addr(
    device: &LocalDevice,
    kind: InvitationType,
    token: AccessToken,
) -> CliResult<InvitationAddr> {
    let server = ServerAddr::from_http_url(&device.server_url).map_err(|e| {
        CliError::bad_input(format!(
            "the device's server URL {} is invalid: {e}",
            device.server_url
        ))
    })?;
    Ok(InvitationAddr::new(
        server,
        device.organization_id.clone(),
        kind,
        token,
    ))
}

/// What `invite user` and `invite device` print: the token and the URL, or their JSON.
fn print_created(
    printer: &Printer,
    json: bool,
    addr: &InvitationAddr,
    url: &str,
    email_sent: Option<parsec_protocol::invite::InvitationEmailSentStatus>,
    qr: bool,
) {
    use parsec_protocol::invite::InvitationEmailSentStatus as S;
    let token = addr.token.hex();
    let email = email_sent.map(|s| match s {
        S::Success => "SUCCESS",
        S::ServerUnavailable => "SERVER_UNAVAILABLE",
        S::RecipientRefused => "RECIPIENT_REFUSED",
    });
    if json {
        printer.json(&serde_json::json!({
            "token": token,
            "url": url,
            "url_parsec3": addr.to_url(),
            "email_sent": email,
        }));
        if qr {
            // stdout carries JSON only: the picture goes to stderr.
            printer.status(qr_code(url));
        }
        return;
    }
    match email_sent {
        Some(S::ServerUnavailable) => printer.status(
            "warning: the invitation email was not sent (the server cannot send emails): \
             give the URL to the invitee yourself",
        ),
        Some(S::RecipientRefused) => printer.status(
            "warning: the invitation email was refused by the recipient's mail server: give \
             the URL to the invitee yourself",
        ),
        _ => {}
    }
    printer.line(format!("Invitation token: {}", printer.highlight(token)));
    printer.line(format!("Invitation URL: {}", printer.highlight(url)));
    if qr {
        printer.line(qr_code(url));
    }
}

/// The URL as a QR code drawn with Unicode half blocks (two modules per character
/// cell), dark on light with a quiet zone, readable by phone cameras on dark and light
/// terminals alike.
fn qr_code(url: &str) -> String {
    match qrcode::QrCode::new(url.as_bytes()) {
        Ok(code) => code
            .render::<qrcode::render::unicode::Dense1x2>()
            .dark_color(qrcode::render::unicode::Dense1x2::Light)
            .light_color(qrcode::render::unicode::Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
        // A URL always fits a QR code (at most a few hundred bytes); say so rather than
        // fail the invitation, which exists already.
        Err(e) => format!("(cannot draw the QR code: {e})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_32_hex_characters() {
        let t = parse_token("D57C6A64B5BD6ECA760C3C41DE3B0F61").expect("valid");
        assert_eq!(t.hex(), "d57c6a64b5bd6eca760c3c41de3b0f61");
        assert!(parse_token("d57c6a64").is_err());
        assert!(parse_token("zz7c6a64b5bd6eca760c3c41de3b0f61").is_err());
    }
}
