//! Invitation emails (`invite_new_user` / `invite_new_device` with `send_email`), as the
//! official server sends them (`server/parsec/components/email.py` and `invite.py` of
//! 3.9.3): through SMTP ([`smtp`]), or logged instead when `--email-host MOCKED`.
//!
//! [`message`] composes the mail (subject, plain text and HTML bodies, invitation URL);
//! [`send`] delivers it and tells what became of it, which the invitation commands answer
//! as `email_sent`. Sending happens after the invitation is stored, outside any storage
//! transaction, on the async runtime, bounded by `--email-timeout`.

pub mod message;
pub mod smtp;

use lettre::transport::smtp::client::TlsParameters;
use parsec_protocol::ids::EmailAddress;
use parsec_protocol::invite::InvitationEmailSentStatus;
use parsec_protocol::DateTime;
use std::fmt;
use std::time::Duration;
use zeroize::Zeroizing;

pub use message::InvitationEmail;

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
    /// No `--email-host`, or no server address to build the invitation URL with.
    #[error("invitation emails are not configured: {0}")]
    NotConfigured(&'static str),
}

impl SendEmailError {
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
pub async fn send(config: &EmailConfig, email: &InvitationEmail) -> Result<(), SendEmailError> {
    match config {
        EmailConfig::Mocked { sender } => {
            log_mocked(sender, email);
            Ok(())
        }
        EmailConfig::Smtp(smtp) => {
            let raw = email
                .to_message(&smtp.sender)
                .map_err(|e| SendEmailError::ServerUnavailable(e.to_string()))?
                .formatted();
            let outcome = smtp::send(smtp, email.to(), &raw).await;
            match &outcome {
                Ok(()) => tracing::info!(subject = %email.subject(), "invitation email sent"),
                Err(SendEmailError::RecipientRefused) => {}
                Err(e) => tracing::warn!(subject = %email.subject(), "{e}"),
            }
            outcome
        }
    }
}

/// What the official server prints for a mocked email: who, when, and the text body.
fn log_mocked(sender: &EmailAddress, email: &InvitationEmail) {
    tracing::info!(
        "A request to send an e-mail has been triggered and mocked:\nFROM: {}\nTO: {}\nAT: {}\n\
         ================== EMAIL BODY ===================\n{}\n\
         =============== END OF EMAIL BODY ===============",
        sender.as_str(),
        email.to().as_str(),
        DateTime::now().to_rfc3339(),
        email.text()
    );
}
