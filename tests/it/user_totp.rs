//! `user totp-reset` against our server and the official 3.9.3 server, then what the
//! reset URL opens: the anonymous TOTP setup with its token and the TOTP-protected
//! opaque keys, codes computed from the secret the server hands out. The same steps run
//! on both servers, so our protocol types are proven against the official ones.

use crate::test_env;
use crate::user::create_user_directly;
use parsec_client::connection::{AnonymousCmds, AuthenticatedCmds, Transport};
use parsec_client::device_store;
use parsec_protocol::addr::TotpResetAddr;
use parsec_protocol::cmds::anonymous::totp_setup_get_secret::TotpSecret;
use parsec_protocol::cmds::{anonymous, authenticated};
use parsec_protocol::crypto::totp_one_time_password;
use parsec_protocol::ids::UserProfile;
use parsec_protocol::DateTime;
use parsec_testkit::{
    assert_cli_error, assert_success, run, stderr_text, Db, Identity, OurServer, ReferenceServer,
    Server, SmtpSink, TestEnv, ALICE, BOB,
};
use serde_json::Value;
use std::process::Output;
use std::time::Duration;

/// `user totp-reset` for `org` on `server`, with `args`.
fn totp_reset(env: &TestEnv, server: &impl Server, org: &str, args: &[&str]) -> Output {
    let addr = server.addr();
    let mut cmd = env.cli([
        "user",
        "totp-reset",
        "--addr",
        &addr,
        "--token",
        server.admin_token(),
        "--organization",
        org,
    ]);
    cmd.args(args);
    run(&mut cmd)
}

fn reset_json(env: &TestEnv, server: &impl Server, org: &str, args: &[&str]) -> Value {
    let mut args = args.to_vec();
    args.extend(["--format", "json"]);
    let out = totp_reset(env, server, org, &args);
    serde_json::from_str(assert_success(&out).trim()).expect("JSON output")
}

fn code(secret: &[u8]) -> String {
    totp_one_time_password(secret, DateTime::now().as_secs(), 0)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// The whole story on one server: resets by email and by ID (text and JSON), refusals,
/// then the setup the reset URL allows and an opaque key fetched with a code.
fn totp_reset_and_setup(server: &impl Server, org: &str) {
    let env = test_env();
    let url = env.create_organization(server, org);
    env.bootstrap_organization(&url, &ALICE);
    let bob_env = create_user_directly(&env, &BOB, UserProfile::Standard);
    let bob = device_store::load_device(
        &device_store::list_devices(&bob_env.config_dir()).expect("list")[0],
        BOB.password,
    )
    .expect("unlock Bob");
    let devices = device_store::list_devices(&env.config_dir()).expect("list");
    let alice = device_store::load_device(&devices[0], ALICE.password).expect("unlock Alice");

    // By email, text: the official CLI's lines.
    let out = totp_reset(&env, server, org, &["--user-email", BOB.email]);
    let stdout = assert_success(&out);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert_eq!(
        lines[0],
        format!("TOTP reset for user {}", bob.user_id.hex())
    );
    let reset_url = lines[1].strip_prefix("Reset URL: ").expect("URL line");
    let addr = TotpResetAddr::from_any(reset_url).expect("a TOTP reset URL");
    assert_eq!(addr.user_id, bob.user_id);
    assert_eq!(addr.organization_id.as_str(), org);

    // By ID, JSON: the server's answer.
    let rep = reset_json(&env, server, org, &["--user-id", &bob.user_id.hex()]);
    assert_eq!(rep["user_id"], bob.user_id.hex());
    assert_eq!(rep["user_email"], BOB.email);
    assert_eq!(rep["email_sent_status"], "NOT_SENT_AS_REQUESTED");
    let addr = TotpResetAddr::from_any(rep["totp_reset_url"].as_str().expect("url"))
        .expect("a TOTP reset URL");
    assert_eq!(
        TotpResetAddr::from_any(
            rep["totp_reset_url_as_http_redirection"]
                .as_str()
                .expect("url")
        ),
        Ok(addr.clone())
    );

    // Refusals: unknown user (5), both or neither target (usage, 2).
    let out = totp_reset(
        &env,
        server,
        org,
        &["--user-id", "d51589e233c0451e9d2fa1c7b9a8b08b"],
    );
    let line = assert_cli_error(&out);
    assert_eq!(out.status.code(), Some(5), "{line}");
    assert!(line.contains("User not found"), "{line}");
    let out = totp_reset(&env, server, org, &["--user-email", "nobody@example.com"]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr_text(&out));
    let out = totp_reset(
        &env,
        server,
        org,
        &["--user-email", BOB.email, "--user-id", &bob.user_id.hex()],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr_text(&out));
    let out = totp_reset(&env, server, org, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr_text(&out));
    let out = totp_reset(&env, server, "NoSuchOrg", &["--user-email", BOB.email]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr_text(&out));

    // The reset URL: Bob sets TOTP up with its token (the first URL no longer works).
    let rt = runtime();
    let transport = Transport::new().expect("transport");
    let anonymous = AnonymousCmds::new(transport.clone(), &addr.server, &addr.organization_id);
    let get_secret = |token| {
        rt.block_on(anonymous.send::<anonymous::TotpSetupGetSecret>(
            &anonymous::totp_setup_get_secret::Req {
                user_id: addr.user_id,
                token,
            },
        ))
        .expect("totp_setup_get_secret sent")
    };
    let first = TotpResetAddr::from_any(reset_url).expect("URL");
    assert_eq!(
        get_secret(first.token),
        anonymous::totp_setup_get_secret::Rep::BadToken
    );
    let anonymous::totp_setup_get_secret::Rep::Ok(TotpSecret {
        totp_secret: secret,
    }) = get_secret(addr.token)
    else {
        panic!("no secret")
    };
    assert_eq!(secret.len(), 20);
    let confirm = |otp: String| {
        rt.block_on(anonymous.send::<anonymous::TotpSetupConfirm>(
            &anonymous::totp_setup_confirm::Req {
                user_id: addr.user_id,
                token: addr.token,
                one_time_password: otp,
            },
        ))
        .expect("totp_setup_confirm sent")
    };
    let wrong = totp_one_time_password(&secret, DateTime::now().as_secs(), 2);
    assert_eq!(
        confirm(wrong),
        anonymous::totp_setup_confirm::Rep::InvalidOneTimePassword
    );
    assert_eq!(
        confirm(code(&secret)),
        anonymous::totp_setup_confirm::Rep::Ok
    );
    assert_eq!(
        get_secret(addr.token),
        anonymous::totp_setup_get_secret::Rep::BadToken
    );

    // An opaque key of Bob's, handed back for a code of his secret.
    let bob_cmds = AuthenticatedCmds::for_device(transport.clone(), &bob).expect("address");
    assert_eq!(
        rt.block_on(
            bob_cmds.send::<authenticated::TotpSetupGetSecret>(
                &authenticated::totp_setup_get_secret::Req
            )
        )
        .expect("sent"),
        authenticated::totp_setup_get_secret::Rep::AlreadySetup
    );
    let authenticated::totp_create_opaque_key::Rep::Ok {
        opaque_key_id,
        opaque_key,
    } = rt
        .block_on(bob_cmds.send::<authenticated::TotpCreateOpaqueKey>(
            &authenticated::totp_create_opaque_key::Req,
        ))
        .expect("totp_create_opaque_key sent")
    else {
        panic!("no opaque key")
    };
    let fetch = |otp: String| {
        rt.block_on(anonymous.send::<anonymous::TotpFetchOpaqueKey>(
            &anonymous::totp_fetch_opaque_key::Req {
                user_id: bob.user_id,
                opaque_key_id,
                one_time_password: otp,
            },
        ))
        .expect("totp_fetch_opaque_key sent")
    };
    assert_eq!(
        fetch(code(&secret)),
        anonymous::totp_fetch_opaque_key::Rep::Ok {
            opaque_key: opaque_key.clone()
        }
    );
    // A wrong code, then at once the right one: throttled for a second.
    let wrong = totp_one_time_password(&secret, DateTime::now().as_secs(), 3);
    assert_eq!(
        fetch(wrong),
        anonymous::totp_fetch_opaque_key::Rep::InvalidOneTimePassword
    );
    assert!(matches!(
        fetch(code(&secret)),
        anonymous::totp_fetch_opaque_key::Rep::Throttled { .. }
    ));

    // Alice sets hers up without a reset, as the authenticated user.
    let alice_cmds = AuthenticatedCmds::for_device(transport, &alice).expect("address");
    let authenticated::totp_setup_get_secret::Rep::Ok(TotpSecret {
        totp_secret: alice_secret,
    }) = rt
        .block_on(
            alice_cmds.send::<authenticated::TotpSetupGetSecret>(
                &authenticated::totp_setup_get_secret::Req,
            ),
        )
        .expect("sent")
    else {
        panic!("no secret")
    };
    assert_ne!(alice_secret, secret);
    assert_eq!(
        rt.block_on(alice_cmds.send::<authenticated::TotpSetupConfirm>(
            &authenticated::totp_setup_confirm::Req {
                one_time_password: code(&alice_secret),
            }
        ))
        .expect("sent"),
        authenticated::totp_setup_confirm::Rep::Ok
    );
}

#[test]
fn totp_reset_and_setup_on_our_server() {
    totp_reset_and_setup(&OurServer::start(Db::Mocked), "TotpOurs");
}

#[test]
fn totp_reset_and_setup_on_our_server_with_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = OurServer::start(Db::Sqlite(dir.path().join("parsec.sqlite")));
    totp_reset_and_setup(&server, "TotpSqlite");
}

#[test]
fn totp_reset_and_setup_on_the_reference_server() {
    totp_reset_and_setup(&ReferenceServer::start(), "TotpRef");
}

/// `--send-email`: the reset URL goes to the user through a real SMTP server on
/// loopback, with the official subject and text.
#[test]
fn totp_reset_email_is_sent() {
    let smtp = SmtpSink::start();
    let server = OurServer::builder(Db::Mocked)
        .arg("--email-host")
        .arg("127.0.0.1")
        .arg("--email-port")
        .arg(smtp.port().to_string())
        .arg("--email-sender")
        .arg("parsec@example.com")
        .start();
    let env = test_env();
    let url = env.create_organization(&server, "TotpMail");
    env.bootstrap_organization(&url, &ALICE);

    let out = totp_reset(
        &env,
        &server,
        "TotpMail",
        &["--user-email", ALICE.email, "--send-email"],
    );
    let stdout = assert_success(&out);
    assert!(
        stdout.ends_with(&format!(
            "An email with the reset URL has been sent to {}\n",
            ALICE.email
        )),
        "{stdout}"
    );
    let mail = smtp.next_mail(Duration::from_secs(30));
    assert_eq!(mail.rcpt_tos, [ALICE.email]);
    assert_eq!(
        mail.subject,
        "[Parsec] Your MFA has been reset for TotpMail"
    );
    assert_eq!(mail.reply_to, None);
    let text = mail.text.as_deref().expect("a text/plain part");
    assert!(
        text.starts_with(
            "Your MFA (Multi-Factor Authentication) has been reset for the TotpMail \
             organization in Parsec."
        ),
        "{text}"
    );
    let mailed = text
        .lines()
        .find(|l| l.contains("a=totp_reset"))
        .expect("the reset URL");
    assert!(
        mailed.contains("/redirect/TotpMail?a=totp_reset&p="),
        "{mailed}"
    );
    let shown = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Reset URL: "))
        .expect("URL line");
    assert_eq!(
        TotpResetAddr::from_any(mailed),
        TotpResetAddr::from_any(shown)
    );

    // A refused recipient: the reset is done, the failure reported (exit 0, as the
    // official CLI).
    let refused = Identity {
        label: "Refused",
        email: "refused@example.com",
        device_label: "laptop",
        password: "P@ssw0rd.",
    };
    create_user_directly(&env, &refused, UserProfile::Standard);
    let out = totp_reset(
        &env,
        &server,
        "TotpMail",
        &["--user-email", refused.email, "--send-email"],
    );
    let stdout = assert_success(&out);
    assert!(
        stdout.ends_with(
            "Email sending to refused@example.com has failed (error: RECIPIENT_REFUSED)\n"
        ),
        "{stdout}"
    );
    let rep = reset_json(
        &env,
        &server,
        "TotpMail",
        &["--user-email", refused.email, "--send-email"],
    );
    assert_eq!(rep["email_sent_status"], "RECIPIENT_REFUSED");
    assert!(smtp.pending_mails().is_empty());
}

/// The official server (`--email-host MOCKED`) answers `--send-email` with
/// `SENT_AS_REQUESTED` and prints the email with the reset URL.
#[test]
fn totp_reset_email_on_the_reference_server() {
    let server = ReferenceServer::start();
    let env = test_env();
    let url = env.create_organization(&server, "TotpMailRef");
    env.bootstrap_organization(&url, &ALICE);
    let rep = reset_json(
        &env,
        &server,
        "TotpMailRef",
        &["--user-email", ALICE.email, "--send-email"],
    );
    assert_eq!(rep["email_sent_status"], "SENT_AS_REQUESTED", "{rep}");
    let redirect = rep["totp_reset_url_as_http_redirection"]
        .as_str()
        .expect("url");
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let log = server.log();
        if log.contains(redirect) {
            assert!(log.contains("TO: alice@example.com"), "{log}");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no email with {redirect} in:\n{log}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A device file doubly encrypted with a TOTP-protected key (made by the Parsec client)
/// is refused with one line naming the protection, before any password is asked.
#[test]
fn totp_protected_device_files_are_refused() {
    use parsec_protocol::data;
    use parsec_protocol::ids::TOTPOpaqueKeyID;

    let server = OurServer::start(Db::Mocked);
    let env = test_env();
    let url = env.create_organization(&server, "TotpDevice");
    let path = env.bootstrap_organization(&url, &ALICE);
    let bytes = std::fs::read(&path).expect("device file");
    let rmpv::Value::Map(mut pairs) = data::read_value(&bytes).expect("msgpack") else {
        panic!("a map")
    };
    let slot = pairs
        .iter_mut()
        .find(|(k, _)| k.as_str() == Some("totp_opaque_key_id"))
        .expect("totp_opaque_key_id key");
    slot.1 = data::to_value(&TOTPOpaqueKeyID::from_bytes([1; 16]));
    std::fs::write(&path, data::write_value(&rmpv::Value::Map(pairs))).expect("rewrite");

    let out = parsec_testkit::run_with_stdin(
        &mut env.cli(["user", "list", "--password-stdin"]),
        &ALICE.stdin(),
    );
    let line = assert_cli_error(&out);
    assert_eq!(out.status.code(), Some(3), "{line}");
    assert!(
        line.contains("unsupported device file authentication `TOTP`"),
        "{line}"
    );
}
