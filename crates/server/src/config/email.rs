//! `--email-*`: the official `parsec run` flags and variables for invitation emails, and
//! our `--email-timeout`.
//!
//! Note on TLS: the official server opens an implicit TLS connection (SMTPS) for
//! `--email-use-ssl` and uses `STARTTLS` for `--email-use-tls`
//! (`server/parsec/components/email.py` of 3.9.3), the reverse of what its `--help` says.
//! We do what it does, so that a working configuration keeps working.

use super::ConfigError;
use crate::email::{self, EmailConfig, SmtpConfig, SmtpSecurity};
use clap::builder::BoolishValueParser;
use clap::{ArgAction, Args};
use lettre::transport::smtp::client::TlsParameters;
use parsec_protocol::ids::EmailAddress;
use std::time::Duration;
use zeroize::Zeroizing;

const EMAIL: &str = "Email";

/// Invitation emails (`Email` section of `--help`).
#[derive(Debug, Clone, Args, Default)]
pub struct EmailArgs {
    /// SMTP server sending invitation emails, or `MOCKED` to log them instead
    ///
    /// Without it, invitations asking for an email are answered `SERVER_UNAVAILABLE`
    /// (with --dev: MOCKED).
    #[arg(long, env = "PARSEC_EMAIL_HOST", value_name = "HOST", help_heading = EMAIL)]
    pub email_host: Option<String>,

    /// Port of the SMTP server
    #[arg(long, env = "PARSEC_EMAIL_PORT", value_name = "INTEGER", default_value_t = 25, help_heading = EMAIL)]
    pub email_port: u16,

    /// User name to log in to the SMTP server (with --email-host-password)
    #[arg(long, env = "PARSEC_EMAIL_HOST_USER", value_name = "TEXT", help_heading = EMAIL)]
    pub email_host_user: Option<String>,

    /// Password to log in to the SMTP server (with --email-host-user); prefer the
    /// environment variable, which other users of the machine cannot see
    #[arg(long, env = "PARSEC_EMAIL_HOST_PASSWORD", value_name = "TEXT", hide_env_values = true, help_heading = EMAIL)]
    pub email_host_password: Option<String>,

    /// Connect to the SMTP server over TLS from the start (SMTPS, usually port 465)
    #[arg(long, env = "PARSEC_EMAIL_USE_SSL", value_parser = BoolishValueParser::new(), action = ArgAction::SetTrue, help_heading = EMAIL)]
    pub email_use_ssl: bool,

    /// Upgrade the SMTP connection with STARTTLS (usually port 587); not with
    /// --email-use-ssl
    #[arg(long, env = "PARSEC_EMAIL_USE_TLS", value_parser = BoolishValueParser::new(), action = ArgAction::SetTrue, help_heading = EMAIL)]
    pub email_use_tls: bool,

    /// Sender address of the emails (required with an SMTP server; MOCKED:
    /// no-reply@parsec.com)
    #[arg(long, env = "PARSEC_EMAIL_SENDER", value_name = "EMAIL", help_heading = EMAIL)]
    pub email_sender: Option<String>,

    /// Seconds allowed for sending one email (connection included); past it, the
    /// invitation is answered `SERVER_UNAVAILABLE`
    #[arg(long, env = "PARSEC_EMAIL_TIMEOUT", value_name = "SECONDS", default_value_t = email::DEFAULT_TIMEOUT_SECS as f64, value_parser = parse_timeout, help_heading = EMAIL)]
    pub email_timeout: f64,
}

/// More than 0 and at most 10 minutes.
fn parse_timeout(raw: &str) -> Result<f64, String> {
    let secs: f64 = raw
        .trim()
        .parse()
        .map_err(|_| format!("`{raw}` is not a number of seconds"))?;
    if !(secs > 0.0 && secs <= 600.0) {
        return Err(format!(
            "`{raw}`: expected more than 0 and at most 600 seconds"
        ));
    }
    Ok(secs)
}

impl EmailArgs {
    /// The email settings; `None` when emails cannot be sent (no `--email-host`).
    pub fn resolve(&self, dev: bool) -> Result<Option<EmailConfig>, ConfigError> {
        let sender = self
            .email_sender
            .as_deref()
            .map(|raw| {
                raw.parse::<EmailAddress>()
                    .map_err(|_| ConfigError::InvalidEmailSender(raw.to_owned()))
            })
            .transpose()?;
        let mocked = || {
            let sender = sender.clone().unwrap_or_else(|| {
                email::DEFAULT_SENDER
                    .parse()
                    .expect("the default sender is a valid address")
            });
            Ok(Some(EmailConfig::Mocked { sender }))
        };
        let host = match self.email_host.as_deref() {
            None if dev => return mocked(),
            None => return Ok(None),
            Some(h) if h.eq_ignore_ascii_case("MOCKED") => return mocked(),
            Some(h) => h,
        };
        let sender = sender.ok_or(ConfigError::MissingEmailSender)?;
        let security = match (self.email_use_ssl, self.email_use_tls) {
            (false, false) => SmtpSecurity::None,
            (true, false) => SmtpSecurity::ImplicitTls,
            (false, true) => SmtpSecurity::StartTls,
            (true, true) => return Err(ConfigError::EmailTlsConflict),
        };
        let credentials = match (&self.email_host_user, &self.email_host_password) {
            (Some(user), Some(password)) => Some((user.clone(), Zeroizing::new(password.clone()))),
            (None, None) => None,
            _ => return Err(ConfigError::IncompleteEmailCredentials),
        };
        let tls = match security {
            SmtpSecurity::None => None,
            SmtpSecurity::ImplicitTls | SmtpSecurity::StartTls => Some(
                TlsParameters::new(host.to_owned())
                    .map_err(|e| ConfigError::EmailTls(e.to_string()))?,
            ),
        };
        Ok(Some(EmailConfig::Smtp(SmtpConfig {
            host: host.to_owned(),
            port: self.email_port,
            credentials,
            security,
            sender,
            timeout: Duration::from_secs_f64(self.email_timeout),
            tls,
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        email: EmailArgs,
    }

    fn resolve(args: &[&str], dev: bool) -> Result<Option<EmailConfig>, ConfigError> {
        let mut argv = vec!["x"];
        argv.extend_from_slice(args);
        Cli::try_parse_from(argv)
            .expect("valid arguments")
            .email
            .resolve(dev)
    }

    #[test]
    fn absent_mocked_and_dev() {
        assert!(resolve(&[], false).expect("valid").is_none());
        for (args, dev) in [(&[][..], true), (&["--email-host", "MOCKED"][..], false)] {
            match resolve(args, dev).expect("valid") {
                Some(EmailConfig::Mocked { sender }) => {
                    assert_eq!(sender.as_str(), "no-reply@parsec.com")
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        match resolve(
            &["--email-host", "MOCKED", "--email-sender", "a@example.com"],
            false,
        ) {
            Ok(Some(EmailConfig::Mocked { sender })) => {
                assert_eq!(sender.as_str(), "a@example.com")
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn smtp_settings() {
        let config = resolve(
            &[
                "--email-host",
                "smtp.example.com",
                "--email-port",
                "587",
                "--email-use-tls",
                "--email-sender",
                "parsec@example.com",
                "--email-host-user",
                "parsec",
                "--email-host-password",
                "hunter2",
                "--email-timeout",
                "2.5",
            ],
            false,
        );
        let Ok(Some(EmailConfig::Smtp(smtp))) = config else {
            panic!("unexpected {config:?}");
        };
        assert_eq!(smtp.host, "smtp.example.com");
        assert_eq!(smtp.port, 587);
        assert_eq!(smtp.security, SmtpSecurity::StartTls);
        assert_eq!(smtp.timeout, Duration::from_millis(2500));
        assert!(smtp.tls.is_some());
        let debug = format!("{smtp:?}");
        assert!(!debug.contains("hunter2"), "{debug}");
        assert!(debug.contains("<redacted>"), "{debug}");
    }

    #[test]
    fn refusals() {
        let smtp = ["--email-host", "smtp.example.com"];
        assert!(matches!(
            resolve(&smtp, false),
            Err(ConfigError::MissingEmailSender)
        ));
        let with = |extra: &[&'static str]| {
            let mut args = vec![
                "--email-host",
                "smtp.example.com",
                "--email-sender",
                "p@example.com",
            ];
            args.extend_from_slice(extra);
            resolve(&args, false)
        };
        assert!(matches!(
            with(&["--email-use-ssl", "--email-use-tls"]),
            Err(ConfigError::EmailTlsConflict)
        ));
        assert!(matches!(
            with(&["--email-host-user", "u"]),
            Err(ConfigError::IncompleteEmailCredentials)
        ));
        assert!(matches!(
            resolve(&["--email-host", "MOCKED", "--email-sender", "nope"], false),
            Err(ConfigError::InvalidEmailSender(_))
        ));
        for bad in ["0", "-1", "601", "soon"] {
            assert!(
                Cli::try_parse_from(["x", "--email-timeout", bad]).is_err(),
                "{bad}"
            );
        }
    }
}
