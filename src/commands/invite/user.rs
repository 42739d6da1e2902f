//! `invite user`: invite new users by email (invite.md §2.1; the author must be ADMIN),
//! one or many with a single unlock.

use super::{email_status, print_created};
use crate::commands::common::{open_session, DeviceArgs};
use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::{BulkFailure, InvitationCreated};
use crate::printer::Printer;
use parsec_protocol::ids::EmailAddress;
use std::path::PathBuf;

/// Invite new users (administrators only) and print the URLs to give them
///
/// Prints `Invitation token: <token>` (what `invite greet` takes) and `Invitation URL:
/// <url>` (what the invitee passes to `invite claim`), in its `http(s)://…/redirect/…`
/// form as the official CLI does. Inviting the same email again while the invitation is
/// pending gives the same token.
///
/// Several emails (as arguments, or one per line of `--emails-from FILE`, `-` for stdin;
/// empty lines and lines starting with `#` are skipped) are invited with one unlock: one
/// line `EMAIL TOKEN URL` per invitation on stdout, in order, and one `error: EMAIL: …`
/// line on stderr per failure, which does not stop the others. The exit code is 0 when
/// every invitation was created, 13 when some failed.
///
/// With `--format json`: `{"token", "url", "url_parsec3", "email_sent"}`, where
/// `email_sent` is `null` without `--send-email`, else the server's answer: `SUCCESS`,
/// `SERVER_UNAVAILABLE` or `RECIPIENT_REFUSED` (the invitation exists in every case).
/// Several emails: one such object per line (JSON Lines) with an `"email"` field, or
/// `{"email", "error", "exit_code"}` for a failure.
#[derive(Debug, clap::Args)]
pub struct InviteUserArgs {
    /// Email of the person to invite (several: one invitation each)
    #[arg(value_parser = parse_email, value_name = "EMAIL", required_unless_present = "emails_from")]
    pub emails: Vec<EmailAddress>,

    /// Also invite the emails of this file, one per line (`-`: stdin)
    #[arg(long, value_name = "FILE")]
    pub emails_from: Option<PathBuf>,

    /// Have the server email the invitation URL to the invitee
    #[arg(short, long)]
    pub send_email: bool,

    /// Also draw the invitation URL as a QR code, for a claimer holding a phone (a single
    /// email only)
    #[arg(long)]
    pub qr: bool,

    #[command(flatten)]
    /// Which device to act as, and how to unlock it.
    pub device: DeviceArgs,
}

fn parse_email(s: &str) -> Result<EmailAddress, String> {
    s.parse()
        .map_err(|e: parsec_protocol::ids::InvalidId| e.to_string())
}

/// The emails of `--emails-from`: one per line, blank lines and `#` comments skipped;
/// a line that is not an email is kept as its error.
pub(crate) fn read_email_list(
    path: &std::path::Path,
    password_stdin: bool,
) -> CliResult<Vec<Result<EmailAddress, (String, String)>>> {
    let text = if path == std::path::Path::new("-") {
        if password_stdin {
            return Err(CliError::bad_input(
                "--emails-from - and --password-stdin both read stdin",
            )
            .hint("pass the password with --password-file, or the emails in a file"));
        }
        std::io::read_to_string(std::io::stdin())
            .map_err(|e| CliError::bad_input(format!("cannot read the emails from stdin: {e}")))?
    } else {
        std::fs::read_to_string(path).map_err(|e| {
            CliError::bad_input(format!(
                "cannot read the emails from {}: {e}",
                path.display()
            ))
        })?
    };
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| parse_email(l).map_err(|e| (l.to_owned(), e)))
        .collect())
}

/// Runs `invite user`.
pub async fn cmd_invite_user(args: InviteUserArgs, printer: &Printer) -> CliResult {
    let json = printer.is_json()?;
    let mut emails: Vec<Result<EmailAddress, (String, String)>> =
        args.emails.iter().cloned().map(Ok).collect();
    if let Some(path) = &args.emails_from {
        emails.extend(read_email_list(path, args.device.password.password_stdin)?);
    }
    let bulk = emails.len() != 1 || args.emails_from.is_some();
    if bulk && args.qr {
        return Err(CliError::bad_input("--qr draws a single invitation")
            .hint("invite one email at a time to draw its QR code"));
    }
    if emails.is_empty() {
        return Err(CliError::bad_input("no email to invite: the list is empty"));
    }
    let session = open_session(&args.device, printer).await?;
    if !bulk {
        let Some(Ok(email)) = emails.pop() else {
            unreachable!("one email, parsed by clap")
        };
        let created = printer
            .step(
                "Creating user invitation",
                session.new_user_invitation(email, args.send_email),
            )
            .await?;
        let url = created.addr.to_http_redirection_url();
        print_created(printer, json, &created, &url, args.send_email, args.qr);
        return Ok(());
    }
    let total = emails.len();
    let mut failed = 0;
    // No spinner: the lines of the invitations go to the same terminal as they come.
    for email in emails {
        let result = match email {
            Ok(email) => session
                .new_user_invitation(email.clone(), args.send_email)
                .await
                .map(|created| (email.clone(), created))
                .map_err(|e| (email.as_str().to_owned(), CliError::from(e))),
            Err((line, e)) => Err((line, CliError::bad_input(format!("invalid email: {e}")))),
        };
        match result {
            Ok((email, created)) => {
                let url = created.addr.to_http_redirection_url();
                let status = args.send_email.then(|| email_status(created.email_sent));
                if json {
                    printer.json(&InvitationCreated {
                        email: Some(email.as_str().to_owned()),
                        email_sent: status,
                        token: created.addr.token.hex(),
                        url,
                        url_parsec3: created.addr.to_url(),
                    });
                } else {
                    printer.line(format!("{email} {} {url}", created.addr.token.hex()));
                    if let Some(s @ ("SERVER_UNAVAILABLE" | "RECIPIENT_REFUSED")) = status {
                        printer.status(format!(
                            "warning: {email}: the invitation email was not sent ({s}): give \
                             the URL to the invitee yourself"
                        ));
                    }
                }
            }
            Err((what, e)) => {
                failed += 1;
                if json {
                    printer.json(&BulkFailure {
                        email: what.clone(),
                        error: e.message.clone(),
                        exit_code: e.kind.exit_code(),
                    });
                }
                printer.error(&format!("{what}: {}", e.message), e.hint.as_deref());
            }
        }
    }
    printer.status(format!(
        "{} of {total} user invitations created",
        total - failed
    ));
    if failed > 0 {
        return Err(CliError::new(
            ErrorKind::Partial,
            format!("{failed} of {total} invitations failed (each one is reported above)"),
        ));
    }
    Ok(())
}
