//! `invite user|device --send-email`: our server sends the invitation email to a real SMTP
//! server on loopback ([`SmtpSink`], aiosmtpd), which parses what it received; the URL in
//! the email is then claimed. Refused recipients, an SMTP server that is down or silent,
//! SMTP login, MOCKED, and the official server in MOCKED mode.

use crate::invite::json_driver::greet_and_claim;
use crate::test_env;
use crate::tls::Pki;
use parsec_testkit::{
    assert_success, free_port, run_with_stdin, Db, Identity, OurServer, ReceivedMail,
    ReferenceServer, Server, SmtpSink, TestEnv, ALICE, BOB,
};
use serde_json::Value;
use std::time::{Duration, Instant};

/// How long a mail may take to arrive.
const MAIL_TIMEOUT: Duration = Duration::from_secs(30);

const SENDER: &str = "parsec@example.com";

/// Our server sending through the SMTP server on `port`, with `extra` arguments.
fn server_with_smtp(port: u16, extra: &[&str]) -> OurServer {
    let mut builder = OurServer::builder(Db::Mocked)
        .arg("--email-host")
        .arg("127.0.0.1")
        .arg("--email-port")
        .arg(port.to_string())
        .arg("--email-sender")
        .arg(SENDER);
    for arg in extra {
        builder = builder.arg(arg);
    }
    builder.start()
}

/// An organization on `server`, bootstrapped by Alice.
fn organization(server: &impl Server, org: &str) -> TestEnv {
    let env = test_env();
    let url = env.create_organization(server, org);
    env.bootstrap_organization(&url, &ALICE);
    env
}

/// `invite …` as `who` with `--send-email --format json`; its JSON.
fn invite(env: &TestEnv, who: &Identity<'_>, args: &[&str]) -> Value {
    let mut cmd = env.cli(args);
    cmd.args(["--send-email", "--format", "json", "--password-stdin"]);
    let out = run_with_stdin(&mut cmd, &who.stdin());
    serde_json::from_str(assert_success(&out).trim()).expect("JSON output")
}

/// The invitation URL in the text of the email (step 2 of the official text).
fn url_in_text(mail: &ReceivedMail) -> String {
    let text = mail.text.as_deref().expect("a text/plain part");
    text.lines()
        .find_map(|l| {
            l.strip_prefix("2. Once installed, open the following link to proceed to Parsec: ")
        })
        .unwrap_or_else(|| panic!("no invitation URL in:\n{text}"))
        .to_owned()
}

/// The `a=…&p=…` end of an invitation URL, the same in both its forms.
fn action_and_token(url: &str) -> &str {
    &url[url
        .find("a=claim_")
        .unwrap_or_else(|| panic!("no action in {url}"))..]
}

/// Waits until `log()` contains `needle` (the server's output is read by a thread).
fn wait_for_log(log: impl Fn() -> String, needle: &str) -> String {
    let deadline = Instant::now() + MAIL_TIMEOUT;
    loop {
        let text = log();
        if text.contains(needle) {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "`{needle}` not in the server's output:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn invitation_emails_are_sent_and_their_url_claimed() {
    let smtp = SmtpSink::start();
    let server = server_with_smtp(smtp.port(), &[]);
    let org = "EmailSmtp";
    let alice = organization(&server, org);

    // A user invitation: to the invitee, from the sender, replying to Alice.
    let created = invite(&alice, &ALICE, &["invite", "user", BOB.email]);
    assert_eq!(created["email_sent"], "SUCCESS", "{created}");
    let mail = smtp.next_mail(MAIL_TIMEOUT);
    assert_eq!(mail.mail_from, SENDER);
    assert_eq!(mail.rcpt_tos, [BOB.email]);
    assert_eq!(mail.login, None);
    assert_eq!(mail.subject, format!("[Parsec] Alice invited you to {org}"));
    assert_eq!(mail.from, SENDER);
    assert_eq!(mail.to, BOB.email);
    assert_eq!(mail.reply_to.as_deref(), Some("Alice <alice@example.com>"));
    assert_eq!(mail.content_type, "multipart/alternative");
    let url = url_in_text(&mail);
    assert_eq!(url, created["url"].as_str().expect("url"), "{created}");
    assert!(url.contains("/redirect/EmailSmtp?a=claim_user&p="), "{url}");
    let text = mail.text.as_deref().expect("text");
    assert!(
        text.contains("You have received an invitation from Alice to join the EmailSmtp organization on Parsec."),
        "{text}"
    );
    let html = mail.html.as_deref().expect("a text/html part");
    assert!(
        html.contains(&format!("href=\"{}\"", url.replace('&', "&amp;"))),
        "{html}"
    );

    // The URL of the email is the invitation: Bob claims it.
    let bob = test_env();
    let flags = ["--format", "json", "--password-stdin"];
    let mut greet = alice.cli(["invite", "greet", created["token"].as_str().expect("token")]);
    greet.args(flags);
    let mut claim = bob.cli(["invite", "claim", &url]);
    claim.args(flags);
    let outcome = greet_and_claim(greet, &ALICE, claim, &BOB, "");
    assert_eq!(outcome.claimer["human_handle"]["email"], BOB.email);

    // A device invitation: to Alice herself, no greeter in the subject, no Reply-To.
    let created = invite(&alice, &ALICE, &["invite", "device"]);
    assert_eq!(created["email_sent"], "SUCCESS", "{created}");
    let mail = smtp.next_mail(MAIL_TIMEOUT);
    assert_eq!(mail.rcpt_tos, [ALICE.email]);
    assert_eq!(
        mail.subject,
        format!("[Parsec] New device invitation to {org}")
    );
    assert_eq!(mail.reply_to, None);
    let url = url_in_text(&mail);
    assert!(
        url.contains("/redirect/EmailSmtp?a=claim_device&p="),
        "{url}"
    );
    // (`invite device` shows the `parsec3://` form.)
    assert_eq!(
        action_and_token(&url),
        action_and_token(created["url"].as_str().expect("url"))
    );

    // Asking again for the same invitee sends the email again, for the same invitation.
    let again = invite(&alice, &ALICE, &["invite", "device"]);
    assert_eq!(again["token"], created["token"]);
    assert_eq!(url_in_text(&smtp.next_mail(MAIL_TIMEOUT)), url);
}

#[test]
fn refused_recipient_is_reported_and_the_invitation_kept() {
    let smtp = SmtpSink::start();
    let server = server_with_smtp(smtp.port(), &[]);
    let alice = organization(&server, "EmailRefused");
    let created = invite(&alice, &ALICE, &["invite", "user", "refused@example.com"]);
    assert_eq!(created["email_sent"], "RECIPIENT_REFUSED", "{created}");
    assert!(smtp.pending_mails().is_empty());
    // Without --format json: a warning, then the token and URL to hand over.
    let mut cmd = alice.cli(["invite", "user", "refused@example.com", "--send-email"]);
    cmd.arg("--password-stdin");
    let out = run_with_stdin(&mut cmd, &ALICE.stdin());
    let stdout = assert_success(&out);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("refused by the recipient's mail server"),
        "{out:?}"
    );
    assert!(stdout.contains("Invitation URL: "), "{stdout}");
    let mut list = alice.cli(["invite", "list", "--password-stdin"]);
    let list = assert_success(&run_with_stdin(&mut list, &ALICE.stdin()));
    assert!(list.contains("refused@example.com"), "{list}");
}

#[test]
fn smtp_server_down_or_silent_is_server_unavailable() {
    // Nothing listens on this port.
    let server = server_with_smtp(free_port(), &[]);
    let alice = organization(&server, "EmailDown");
    let created = invite(&alice, &ALICE, &["invite", "user", BOB.email]);
    assert_eq!(created["email_sent"], "SERVER_UNAVAILABLE", "{created}");
    wait_for_log(|| server.log(), "cannot connect to the SMTP server");

    // A server that accepts the connection and never says a word: --email-timeout.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = silent.local_addr().expect("address").port();
    let server = server_with_smtp(port, &["--email-timeout", "1"]);
    let alice = organization(&server, "EmailSilent");
    // (Without the bound, the CLI would give up on the request after 60 s and fail.)
    let created = invite(&alice, &ALICE, &["invite", "device"]);
    assert_eq!(created["email_sent"], "SERVER_UNAVAILABLE", "{created}");
    wait_for_log(|| server.log(), "--email-timeout");
    drop(silent);
}

#[test]
fn smtp_login_with_the_password_from_the_environment() {
    let password = "sm7p-S3cret";
    let smtp = SmtpSink::start_with_login("parsec", password);
    let server = OurServer::builder(Db::Mocked)
        .arg("--email-host")
        .arg("127.0.0.1")
        .arg("--email-port")
        .arg(smtp.port().to_string())
        .arg("--email-sender")
        .arg(SENDER)
        .arg("--email-host-user")
        .arg("parsec")
        .env("PARSEC_EMAIL_HOST_PASSWORD", password)
        .arg("--log-level")
        .arg("debug")
        .start();
    let alice = organization(&server, "EmailLogin");
    let created = invite(&alice, &ALICE, &["invite", "user", BOB.email]);
    assert_eq!(created["email_sent"], "SUCCESS", "{created}");
    assert_eq!(
        smtp.next_mail(MAIL_TIMEOUT).login.as_deref(),
        Some("parsec")
    );
    let log = wait_for_log(|| server.log(), "invitation email sent");
    assert!(
        !log.contains(password),
        "the password is never logged:\n{log}"
    );

    // A wrong password: the SMTP server refuses the login.
    let server = OurServer::builder(Db::Mocked)
        .arg("--email-host")
        .arg("127.0.0.1")
        .arg("--email-port")
        .arg(smtp.port().to_string())
        .arg("--email-sender")
        .arg(SENDER)
        .arg("--email-host-user")
        .arg("parsec")
        .env("PARSEC_EMAIL_HOST_PASSWORD", "wrong-Pa55")
        .start();
    let alice = organization(&server, "EmailBadLogin");
    let created = invite(&alice, &ALICE, &["invite", "user", BOB.email]);
    assert_eq!(created["email_sent"], "SERVER_UNAVAILABLE", "{created}");
    let log = wait_for_log(|| server.log(), "SMTP authentication failed");
    assert!(!log.contains("wrong-Pa55"), "{log}");
    assert!(smtp.pending_mails().is_empty());
}

/// SMTPS (`--email-use-ssl`) and STARTTLS (`--email-use-tls`), the server's certificate
/// checked against the CAs of `SSL_CERT_FILE`; refused when signed by another CA.
#[test]
fn smtp_over_tls_checks_the_certificate() {
    let pki = Pki::new();
    let (cert, key) = (pki.path("server.pem"), pki.path("server.key"));
    for (implicit, flag) in [(true, "--email-use-ssl"), (false, "--email-use-tls")] {
        let smtp = SmtpSink::start_tls(implicit, &cert, &key);
        let start = |ca: &std::path::Path| {
            OurServer::builder(Db::Mocked)
                .arg("--email-host")
                .arg("127.0.0.1")
                .arg("--email-port")
                .arg(smtp.port().to_string())
                .arg("--email-sender")
                .arg(SENDER)
                .arg(flag)
                .env("SSL_CERT_FILE", ca)
                .start()
        };
        let server = start(&pki.ca());
        let alice = organization(&server, "EmailTls");
        let created = invite(&alice, &ALICE, &["invite", "user", BOB.email]);
        assert_eq!(created["email_sent"], "SUCCESS", "{flag}: {created}");
        assert_eq!(smtp.next_mail(MAIL_TIMEOUT).rcpt_tos, [BOB.email], "{flag}");

        let server = start(&pki.path("other-ca.pem"));
        let alice = organization(&server, "EmailTlsBad");
        let created = invite(&alice, &ALICE, &["invite", "user", BOB.email]);
        assert_eq!(
            created["email_sent"], "SERVER_UNAVAILABLE",
            "{flag}: {created}"
        );
        assert!(smtp.pending_mails().is_empty(), "{flag}");
    }
}

#[test]
fn mocked_email_is_logged_with_its_url() {
    let server = OurServer::builder(Db::Mocked)
        .arg("--email-host")
        .arg("MOCKED")
        .start();
    let alice = organization(&server, "EmailMocked");
    let created = invite(&alice, &ALICE, &["invite", "user", BOB.email]);
    assert_eq!(created["email_sent"], "SUCCESS", "{created}");
    let url = created["url"].as_str().expect("url");
    let log = wait_for_log(|| server.log(), url);
    assert!(log.contains("FROM: no-reply@parsec.com"), "{log}");
    assert!(log.contains("TO: bob@example.com"), "{log}");

    // Without --email-host, nothing can be sent.
    let server = OurServer::start(Db::Mocked);
    let alice = organization(&server, "EmailNone");
    let created = invite(&alice, &ALICE, &["invite", "device"]);
    assert_eq!(created["email_sent"], "SERVER_UNAVAILABLE", "{created}");
}

/// The official server (started with `--email-host MOCKED`) answers our CLI's
/// `--send-email` and prints the email it would have sent, with the URL our CLI shows.
#[test]
fn send_email_on_the_reference_server() {
    let server = ReferenceServer::start();
    let alice = organization(&server, "EmailRef");
    let created = invite(&alice, &ALICE, &["invite", "user", BOB.email]);
    assert_eq!(created["email_sent"], "SUCCESS", "{created}");
    let url = created["url"].as_str().expect("url");
    let log = wait_for_log(|| server.log(), url);
    assert!(log.contains("TO: bob@example.com"), "{log}");
    let created = invite(&alice, &ALICE, &["invite", "device"]);
    assert_eq!(created["email_sent"], "SUCCESS", "{created}");
    wait_for_log(
        || server.log(),
        action_and_token(created["url"].as_str().expect("url")),
    );
}
