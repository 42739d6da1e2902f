//! One SMTP exchange per email, as the official server's `_smtp_send_email`: connect
//! (TLS from the start with `--email-use-ssl`), `STARTTLS` with `--email-use-tls`, log in
//! when a user and password are set, then `MAIL FROM`, `RCPT TO`, `DATA`.
//!
//! A refused `RCPT TO` is the recipient's fault (`RECIPIENT_REFUSED`); anything else,
//! including `--email-timeout` running out, means the server is unavailable
//! (`SERVER_UNAVAILABLE`), as the official server answers.

use super::{SendEmailError, SmtpConfig, SmtpSecurity};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::AsyncSmtpConnection;
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::ClientId;
use lettre::Address;
use parsec_protocol::ids::EmailAddress;

/// Sends the formatted message `raw` to `to`, within `config.timeout`.
pub async fn send(
    config: &SmtpConfig,
    to: &EmailAddress,
    raw: &[u8],
) -> Result<(), SendEmailError> {
    match tokio::time::timeout(config.timeout, exchange(config, to, raw)).await {
        Ok(outcome) => outcome,
        Err(_) => Err(SendEmailError::ServerUnavailable(format!(
            "no answer from {}:{} within {} s (--email-timeout)",
            config.host,
            config.port,
            config.timeout.as_secs_f64()
        ))),
    }
}

fn unavailable(what: &str) -> impl FnOnce(lettre::transport::smtp::Error) -> SendEmailError + '_ {
    move |e| SendEmailError::ServerUnavailable(format!("{what}: {e}"))
}

fn address(email: &EmailAddress) -> Result<Address, SendEmailError> {
    email
        .as_str()
        .parse()
        .map_err(|e| SendEmailError::ServerUnavailable(format!("address {email}: {e}")))
}

async fn exchange(
    config: &SmtpConfig,
    to: &EmailAddress,
    raw: &[u8],
) -> Result<(), SendEmailError> {
    let from = address(&config.sender)?;
    let recipient = address(to)?;
    let hello = ClientId::default();
    let tls = || {
        config
            .tls
            .clone()
            .ok_or(SendEmailError::NotConfigured("TLS parameters missing"))
    };
    let implicit_tls = match config.security {
        SmtpSecurity::ImplicitTls => Some(tls()?),
        SmtpSecurity::None | SmtpSecurity::StartTls => None,
    };
    let mut conn = AsyncSmtpConnection::connect_tokio1(
        (config.host.as_str(), config.port),
        Some(config.timeout),
        &hello,
        implicit_tls,
        None,
    )
    .await
    .map_err(unavailable("cannot connect to the SMTP server"))?;
    let mut usable = true;
    let outcome = dialogue(&mut conn, config, &hello, from, recipient, raw, &mut usable).await;
    match (&outcome, usable) {
        // The message is accepted: a failed goodbye changes nothing.
        (Ok(()), _) => {
            let _ = conn.quit().await;
        }
        (Err(_), true) => conn.abort().await,
        // After a failed STARTTLS handshake lettre 0.11 has no stream left and panics on
        // any write (`abort` sends QUIT): just drop the connection.
        (Err(_), false) => {}
    }
    outcome
}

async fn dialogue(
    conn: &mut AsyncSmtpConnection,
    config: &SmtpConfig,
    hello: &ClientId,
    from: Address,
    recipient: Address,
    raw: &[u8],
    usable: &mut bool,
) -> Result<(), SendEmailError> {
    if config.security == SmtpSecurity::StartTls {
        let tls = config
            .tls
            .clone()
            .ok_or(SendEmailError::NotConfigured("TLS parameters missing"))?;
        if let Err(e) = conn.starttls(tls, hello).await {
            *usable = false;
            return Err(unavailable("STARTTLS failed")(e));
        }
    }
    if let Some((user, password)) = &config.credentials {
        let credentials = Credentials::new(user.clone(), password.to_string());
        conn.auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
            .await
            .map_err(unavailable("SMTP authentication failed"))?;
    }
    conn.command(Mail::new(Some(from), vec![]))
        .await
        .map_err(unavailable("sender refused"))?;
    match conn.command(Rcpt::new(recipient, vec![])).await {
        Ok(_) => {}
        // A 4xx or 5xx answer: the server refused this address. Like the official server,
        // not logged: the address is the user's input.
        Err(e) if e.is_transient() || e.is_permanent() => {
            return Err(SendEmailError::RecipientRefused)
        }
        Err(e) => return Err(unavailable("recipient")(e)),
    }
    conn.command(Data)
        .await
        .map_err(unavailable("DATA refused"))?;
    conn.message(raw)
        .await
        .map_err(unavailable("message refused"))?;
    Ok(())
}
