//! Invitation emails (`invite_new_user` / `invite_new_device` with `send_email`) and TOTP
//! reset emails (`…/users/reset_totp` with `send_email`), as the official server sends
//! them (`server/parsec/components/email.py`, `invite.py` and `totp.py` of 3.9.3): through
//! SMTP ([`smtp`]), or logged instead when `--email-host MOCKED`.
//!
//! [`message`] composes the invitation mail (subject, plain text and HTML bodies,
//! invitation URL), [`totp_reset`] the TOTP reset one; [`send`] delivers either and tells
//! what became of it, which the invitation commands answer as `email_sent` and the reset
//! as `email_sent_status`. Sending happens after the invitation is stored, outside any storage
//! transaction, on the async runtime, bounded by `--email-timeout`.

pub mod message;
pub mod smtp;
pub mod totp_reset;

use lettre::transport::smtp::client::TlsParameters;
use parsec_protocol::ids::EmailAddress;
use parsec_protocol::invite::InvitationEmailSentStatus;
use parsec_protocol::DateTime;
use std::fmt;
use std::time::Duration;
use zeroize::Zeroizing;

pub use message::InvitationEmail;
pub use totp_reset::TotpResetEmail;

/// A mail [`send`] can deliver.
pub trait OutgoingEmail {
    /// What it is about, for the logs (`invitation`, `TOTP reset`).
    const KIND: &'static str;
    /// The recipient.
    fn recipient(&self) -> &EmailAddress;
    /// The subject.
    fn subject_line(&self) -> String;
    /// The plain text body (what MOCKED logs).
    fn text_body(&self) -> String;
    /// The whole message from `sender`.
    fn message(&self, sender: &EmailAddress) -> Result<lettre::Message, lettre::error::Error>;
}

impl OutgoingEmail for InvitationEmail {
    const KIND: &'static str = "invitation";
    fn recipient(&self) -> &EmailAddress {
        self.to()
    }
    fn subject_line(&self) -> String {
        self.subject()
    }
    fn text_body(&self) -> String {
        self.text()
    }
    fn message(&self, sender: &EmailAddress) -> Result<lettre::Message, lettre::error::Error> {
        self.to_message(sender)
    }
}

impl OutgoingEmail for TotpResetEmail {
    const KIND: &'static str = "TOTP reset";
    fn recipient(&self) -> &EmailAddress {
        self.to()
    }
    fn subject_line(&self) -> String {
        self.subject()
    }
    fn text_body(&self) -> String {
        self.text()
    }
    fn message(&self, sender: &EmailAddress) -> Result<lettre::Message, lettre::error::Error> {
        self.to_message(sender)
    }
}

/// The sender of the official server when `--email-sender` is not given (MOCKED only).
pub const DEFAULT_SENDER: &str = "no-reply@parsec.com";

/// Default of `--email-timeout`, in seconds: well under the client's 60 s request timeout.
pub const DEFAULT_TIMEOUT_SECS: u64 = 15;

/// Where invitation emails go.
#[derive(Clone, Debug)]
pub enum EmailConfig {
    /// `--email-host MOCKED`: logged (INFO), never sent; always a success.
    Mocked {
        /// `From:` of the logged mail.
        sender: EmailAddress,
    },
    /// A real SMTP server.
    Smtp(SmtpConfig),
}

/// How the SMTP connection is secured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// Plain SMTP.
    None,
    /// `--email-use-tls`: plain connection upgraded with `STARTTLS`.
    StartTls,
    /// `--email-use-ssl`: TLS from the first byte (SMTPS).
    ImplicitTls,
}

/// `--email-host` and the rest of the SMTP settings.
#[derive(Clone)]
pub struct SmtpConfig {
    /// `--email-host`.
    pub host: String,
    /// `--email-port`.
    pub port: u16,
    /// `--email-host-user` and `--email-host-password`, both or neither.
    pub credentials: Option<(String, Zeroizing<String>)>,
    /// `--email-use-ssl` / `--email-use-tls`.
    pub security: SmtpSecurity,
    /// `--email-sender`.
    pub sender: EmailAddress,
    /// `--email-timeout`: the whole exchange with the SMTP server, connection included.
    pub timeout: Duration,
    /// Certificate checks for TLS (the system's CA certificates, or `SSL_CERT_FILE` /
    /// `SSL_CERT_DIR`), built once at startup; `None` without TLS.
    pub tls: Option<TlsParameters>,
}

impl fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field(
                "user",
                &self.credentials.as_ref().map(|(user, _)| user.as_str()),
            )
            .field("password", &self.credentials.as_ref().map(|_| "<redacted>"))
            .field("security", &self.security)
            .field("sender", &self.sender.as_str())
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// Why an email was not sent; answered `SERVER_UNAVAILABLE` or `RECIPIENT_REFUSED`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SendEmailError {
    /// The SMTP server refused the recipient (`RCPT TO` answered 4xx or 5xx).
    #[error("the SMTP server refused the recipient")]
    RecipientRefused,
    /// No connection, TLS or authentication failure, any other refusal, or the timeout.
    #[error("the SMTP server is unavailable: {0}")]
    ServerUnavailable(String),
    /// No `--email-host`, or no server address to build the URL of the email with.
    #[error("emails are not configured: {0}")]
    NotConfigured(&'static str),
}

impl SendEmailError {
    /// The `email_sent_status` answer of a TOTP reset (official `SendEmailBadOutcome`
    /// names; an email that cannot be sent for want of configuration is
    /// `BAD_SMTP_CONFIG`, as officially).
    pub fn totp_reset_status(&self) -> &'static str {
        match self {
            Self::RecipientRefused => "RECIPIENT_REFUSED",
            Self::ServerUnavailable(_) => "SERVER_UNAVAILABLE",
            Self::NotConfigured(_) => "BAD_SMTP_CONFIG",
        }
    }

    /// The `email_sent` answer of the invitation commands.
    pub fn status(&self) -> InvitationEmailSentStatus {
        match self {
            Self::RecipientRefused => InvitationEmailSentStatus::RecipientRefused,
            Self::ServerUnavailable(_) | Self::NotConfigured(_) => {
                InvitationEmailSentStatus::ServerUnavailable
            }
        }
    }
}

/// Sends (or logs, when MOCKED) `email`. Errors are logged here at WARN, except a refused
/// recipient, whose address the user controls (as the official server does).
pub async fn send<E: OutgoingEmail>(config: &EmailConfig, email: &E) -> Result<(), SendEmailError> {
    match config {
        EmailConfig::Mocked { sender } => {
            log_mocked(sender, email);
            Ok(())
        }
        EmailConfig::Smtp(smtp) => {
            let raw = email
                .message(&smtp.sender)
                .map_err(|e| SendEmailError::ServerUnavailable(e.to_string()))?
                .formatted();
            let outcome = smtp::send(smtp, email.recipient(), &raw).await;
            match &outcome {
                Ok(()) => tracing::info!(subject = %email.subject_line(), "{} email sent", E::KIND),
                Err(SendEmailError::RecipientRefused) => {}
                Err(e) => tracing::warn!(subject = %email.subject_line(), "{e}"),
            }
            outcome
        }
    }
}

/// What the official server prints for a mocked email: who, when, and the text body.
fn log_mocked(sender: &EmailAddress, email: &impl OutgoingEmail) {
    tracing::info!(
        "A request to send an e-mail has been triggered and mocked:\nFROM: {}\nTO: {}\nAT: {}\n\
         ================== EMAIL BODY ===================\n{}\n\
         =============== END OF EMAIL BODY ===============",
        sender.as_str(),
        email.recipient().as_str(),
        DateTime::now().to_rfc3339(),
        email.text_body()
    );
}
