//! `invite`: create (user, device, shared recovery), list and cancel invitations, and the two sides of the greeting
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
pub mod shared_recovery;
pub mod user;

use crate::error::CliResult;
use crate::output::InvitationCreated;
use crate::printer::Printer;
use parsec_client::session::CreatedInvitation;
use parsec_protocol::ids::AccessToken;

/// Invitation commands (same names, arguments and order as the official CLI).
#[derive(Debug, clap::Subcommand)]
// A doc comment on a variant would replace the help clap takes from its arguments struct.
#[allow(missing_docs)]
pub enum InviteCommand {
    // The help of each command is the doc comment of its arguments struct (its first line
    // is the summary, the rest the long help with the JSON output).
    Cancel(cancel::InviteCancelArgs),
    Claim(claim::InviteClaimArgs),
    Greet(greet::InviteGreetArgs),
    List(list::InviteListArgs),
    User(user::InviteUserArgs),
    Device(device::InviteDeviceArgs),
    SharedRecovery(shared_recovery::InviteSharedRecoveryArgs),
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
        InviteCommand::SharedRecovery(args) => {
            shared_recovery::cmd_invite_shared_recovery(args, printer).await
        }
    }
}

/// Parses an invitation token (32 hex characters) for clap.
fn parse_token(s: &str) -> Result<AccessToken, String> {
    s.trim()
        .to_ascii_lowercase()
        .parse()
        .map_err(|_| "expected an invitation token: 32 hexadecimal characters".to_owned())
}

/// What `invite user` and `invite device` print: the token and the URL, or their JSON.
/// `url` is the form to print, `send_email` whether an email was asked for.
fn print_created(
    printer: &Printer,
    json: bool,
    created: &CreatedInvitation,
    url: &str,
    send_email: bool,
    qr: bool,
) {
    use parsec_protocol::invite::InvitationEmailSentStatus as S;
    let addr = &created.addr;
    let email_sent = send_email.then_some(created.email_sent);
    let token = addr.token.hex();
    let email = email_sent.map(email_status);
    if json {
        printer.json(&InvitationCreated {
            email: None,
            email_sent: email,
            token,
            url: url.to_owned(),
            url_parsec3: addr.to_url(),
        });
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

/// The server's answer about the invitation email, as in the JSON output.
fn email_status(status: parsec_protocol::invite::InvitationEmailSentStatus) -> &'static str {
    use parsec_protocol::invite::InvitationEmailSentStatus as S;
    match status {
        S::Success => "SUCCESS",
        S::ServerUnavailable => "SERVER_UNAVAILABLE",
        S::RecipientRefused => "RECIPIENT_REFUSED",
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
