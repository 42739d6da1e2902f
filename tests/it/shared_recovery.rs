//! `shared-recovery create|info|list|delete`, `invite shared-recovery` and the shared
//! recovery itself (`invite claim` recipient after recipient, each recipient running
//! `invite greet`), as processes: Bob sets up his shared recovery, loses his device file,
//! and gets a new device through his recipients.
//!
//! Every flow is written once over the server kind. Against the official 3.9.3 server it
//! runs in the interoperability tier; against ours, the `_on_our_server` variants wait for
//! its shared recovery support (they are ignored until then).

use crate::invite::json_driver::JsonSide;
use crate::invite::pty::Pty;
use crate::test_env;
use crate::user::create_user_directly;
use parsec_protocol::ids::UserProfile;
use parsec_testkit::{
    assert_success, run_with_stdin, stderr_text, Identity, OurServer, ReferenceServer, Server,
    TestEnv, ALICE, BOB,
};
use serde_json::Value;
use std::process::{Command, Output};

const CAROL: Identity<'static> = Identity {
    label: "Carol",
    email: "carol@example.com",
    device_label: "carol-pc",
    password: "carol-P@ssw0rd",
};

const DAVE: Identity<'static> = Identity {
    label: "Dave",
    email: "dave@example.com",
    device_label: "dave-pc",
    password: "dave-P@ssw0rd",
};

/// Bob's new device, made by the recovery.
const BOB_RECOVERED: Identity<'static> = Identity {
    label: "Bob",
    email: "bob@example.com",
    device_label: "bob-new-laptop",
    password: "bob-new-P@ssw0rd",
};

/// The organization: Alice (ADMIN, bootstrap), Bob, Carol and Dave (STANDARD), each in
/// its own environment.
struct Org {
    alice: TestEnv,
    bob: TestEnv,
    carol: TestEnv,
    dave: TestEnv,
}

fn organization(server: &impl Server, org: &str) -> Org {
    let alice = test_env();
    let url = alice.create_organization(server, org);
    alice.bootstrap_organization(&url, &ALICE);
    let bob = create_user_directly(&alice, &BOB, UserProfile::Standard);
    let carol = create_user_directly(&alice, &CAROL, UserProfile::Standard);
    let dave = create_user_directly(&alice, &DAVE, UserProfile::Standard);
    Org {
        alice,
        bob,
        carol,
        dave,
    }
}

/// Runs our CLI in `env` as `who` (password on stdin).
fn cli_as(env: &TestEnv, who: &Identity<'_>, args: &[&str]) -> Output {
    let mut cmd = env.cli(args);
    cmd.arg("--password-stdin");
    run_with_stdin(&mut cmd, &who.stdin())
}

fn exit_code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn json_of(output: &Output) -> Value {
    let stdout = assert_success(output);
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

/// `shared-recovery info --format json` of `who`.
fn info(env: &TestEnv, who: &Identity<'_>) -> Value {
    json_of(&cli_as(
        env,
        who,
        &["shared-recovery", "info", "--format", "json"],
    ))
}

/// Sets up Bob's shared recovery; `extra` are the recipients, weights and threshold.
fn create(env: &TestEnv, who: &Identity<'_>, extra: &[&str]) -> Output {
    let mut args = vec!["shared-recovery", "create", "--no-confirmation"];
    args.extend_from_slice(extra);
    cli_as(env, who, &args)
}

/// `invite shared-recovery EMAIL` as `who`: (token, URL).
fn invite(env: &TestEnv, who: &Identity<'_>, email: &str) -> (String, String) {
    let out = json_of(&cli_as(
        env,
        who,
        &["invite", "shared-recovery", email, "--format", "json"],
    ));
    let token = out["token"].as_str().expect("token").to_owned();
    let url = out["url"].as_str().expect("url").to_owned();
    assert!(url.starts_with("parsec3://"), "{out}");
    assert!(url.contains("a=claim_shamir_recovery"), "{out}");
    (token, url)
}

/// Polls fast against the official server (its CLI's test knob; ours long-polls).
fn tune(mut cmd: Command) -> Command {
    cmd.env("_PARSEC_INVITE_POLLING_THROTTLE_MS", "100");
    cmd
}

/// Loses every device file of `env`.
fn lose_devices(env: &TestEnv) {
    let files = env.device_files();
    assert!(!files.is_empty());
    for f in files {
        std::fs::remove_file(&f).expect("delete the device file");
    }
    assert!(env.device_files().is_empty());
}

/// One greeting of the claimer with `recipient` (the claimer waits at `choose_recipient`);
/// returns the claimer's `shares_received` event.
fn meet(
    claimer: &mut JsonSide,
    recipient_env: &TestEnv,
    recipient: &Identity<'_>,
    token: &str,
) -> Value {
    let choose = claimer.expect_event("choose_recipient");
    assert!(
        choose["candidates"]
            .as_array()
            .expect("candidates")
            .iter()
            .any(|c| c["human_handle"]["email"] == recipient.email),
        "{choose}"
    );
    claimer.send_line(recipient.email);
    let greeter_event = claimer.expect_event("greeter");
    assert_eq!(greeter_event["human_handle"]["email"], recipient.email);

    let mut cmd = tune(recipient_env.cli(["invite", "greet", token, "--format", "json"]));
    cmd.arg("--password-stdin");
    let mut greeter = JsonSide::spawn("greeter", cmd);
    greeter.send_line(recipient.password);
    let invitation = greeter.expect_event("invitation");
    assert_eq!(invitation["type"], "SHAMIR_RECOVERY");
    assert_eq!(invitation["claimer_email"], BOB.email);
    let code = greeter.expect_event("greeter_code")["code"]
        .as_str()
        .expect("code")
        .to_owned();
    claimer.expect_event("choose_greeter_code");
    claimer.send_line(&code);
    let code = claimer.expect_event("claimer_code")["code"]
        .as_str()
        .expect("code")
        .to_owned();
    greeter.expect_event("choose_claimer_code");
    greeter.send_line(&code);
    greeter.expect_event("shares_sent");
    greeter.expect_event("done");
    let (status, stderr) = greeter.finish();
    assert!(status.success(), "greeter: {stderr}");
    let received = claimer.expect_event("shares_received");
    assert_eq!(received["recipient"].as_str().map(str::len), Some(32));
    received
}

/// Starts Bob's claim of `url` in a fresh environment; returns it and the `invitation`
/// event.
fn start_claim(url: &str) -> (TestEnv, JsonSide, Value) {
    let env = test_env();
    let mut cmd = tune(env.cli(["invite", "claim", url, "--format", "json"]));
    cmd.arg("--password-stdin");
    let mut claimer = JsonSide::spawn("claimer", cmd);
    let invitation = claimer.expect_event("invitation");
    assert_eq!(invitation["type"], "SHAMIR_RECOVERY", "{invitation}");
    assert_eq!(invitation["claimer_human_handle"]["email"], BOB.email);
    (env, claimer, invitation)
}

/// The claimer's last steps: device label, password, then the new device.
fn finish_claim(mut claimer: JsonSide, env: &TestEnv, org: &str) {
    let request = claimer.expect_event("request_identity");
    assert_eq!(request["type"], "SHAMIR_RECOVERY");
    claimer.send_line(BOB_RECOVERED.device_label);
    claimer.send_line(BOB_RECOVERED.password);
    let done = claimer.expect_event("done");
    assert_eq!(done["organization_id"], org, "{done}");
    assert_eq!(done["human_handle"]["email"], BOB.email, "{done}");
    let (status, stderr) = claimer.finish();
    assert!(status.success(), "claimer: {stderr}");
    assert_eq!(env.device_files().len(), 1);
    // The new device works, and its user is Bob with his shared recovery.
    let users = assert_success(&cli_as(env, &BOB_RECOVERED, &["user", "list"]));
    assert!(users.contains("bob@example.com"), "{users}");
}

fn recovery_through_two_recipients(server: &impl Server, org: &str) {
    let o = organization(server, org);
    // Two recipients, one share each: both are needed.
    assert_success(&create(
        &o.bob,
        &BOB,
        &["--recipients", ALICE.email, CAROL.email, "--threshold", "2"],
    ));
    let mine = info(&o.bob, &BOB);
    assert_eq!(mine["status"], "SETUP", "{mine}");
    assert_eq!(mine["threshold"], 2);
    assert_eq!(mine["recipients"].as_array().map(Vec::len), Some(2));
    let text = assert_success(&cli_as(&o.bob, &BOB, &["shared-recovery", "info"]));
    assert!(
        text.contains("Shared recovery set up with threshold 2"),
        "{text}"
    );
    assert!(
        text.contains("• User Carol <carol@example.com> has 1 share"),
        "{text}"
    );
    // The recipients see it, the others do not.
    let list = json_of(&cli_as(
        &o.carol,
        &CAROL,
        &["shared-recovery", "list", "--format", "json"],
    ));
    assert_eq!(
        list["shared_recoveries"][0]["human_handle"]["email"],
        BOB.email
    );
    let list = json_of(&cli_as(
        &o.dave,
        &DAVE,
        &["shared-recovery", "list", "--format", "json"],
    ));
    assert_eq!(list["shared_recoveries"], Value::Array(vec![]));

    lose_devices(&o.bob);
    let (token, url) = invite(&o.alice, &ALICE, BOB.email);
    let (env, mut claimer, invitation) = start_claim(&url);
    assert_eq!(invitation["threshold"], 2);
    let first = meet(&mut claimer, &o.carol, &CAROL, &token);
    assert_eq!(
        (first["shares"].as_u64(), first["retrieved_shares"].as_u64()),
        (Some(1), Some(1))
    );
    let second = meet(&mut claimer, &o.alice, &ALICE, &token);
    assert_eq!(second["retrieved_shares"], 2);
    finish_claim(claimer, &env, org);

    // The claimer completed the invitation; the setup stays in force.
    let listed = assert_success(&cli_as(&o.alice, &ALICE, &["invite", "list"]));
    assert!(listed.contains("finished"), "{listed}");
    assert_eq!(info(&env, &BOB_RECOVERED)["status"], "SETUP");
}

#[test]
fn recovery_through_two_recipients_on_the_reference_server() {
    let server = ReferenceServer::start();
    recovery_through_two_recipients(&server, "ShamirTwoRef");
}

#[test]
fn recovery_through_two_recipients_on_our_server() {
    let server = OurServer::start(parsec_testkit::Db::Mocked);
    recovery_through_two_recipients(&server, "ShamirTwoOurs");
}

fn recovery_after_a_revocation(server: &impl Server, org: &str) {
    let o = organization(server, org);
    // Alice holds 2 shares, Carol 1: Alice alone reaches the threshold.
    assert_success(&create(
        &o.bob,
        &BOB,
        &[
            "--recipients",
            ALICE.email,
            CAROL.email,
            "--weights",
            "2",
            "1",
            "--threshold",
            "2",
        ],
    ));
    assert_success(&cli_as(
        &o.alice,
        &ALICE,
        &["user", "revoke", CAROL.email, "--yes"],
    ));
    let mine = info(&o.bob, &BOB);
    assert_eq!(mine["status"], "SETUP_WITH_REVOKED_RECIPIENTS", "{mine}");

    lose_devices(&o.bob);
    let (token, url) = invite(&o.alice, &ALICE, BOB.email);
    let (env, mut claimer, invitation) = start_claim(&url);
    let carol = invitation["recipients"]
        .as_array()
        .expect("recipients")
        .iter()
        .find(|r| r["human_handle"]["email"] == CAROL.email)
        .expect("Carol listed")
        .clone();
    assert_eq!(carol["revoked"], true, "{invitation}");
    let received = meet(&mut claimer, &o.alice, &ALICE, &token);
    assert_eq!(received["shares"], 2);
    finish_claim(claimer, &env, org);
}

#[test]
fn recovery_after_a_revocation_on_the_reference_server() {
    let server = ReferenceServer::start();
    recovery_after_a_revocation(&server, "ShamirRevokedRef");
}

#[test]
fn recovery_after_a_revocation_on_our_server() {
    let server = OurServer::start(parsec_testkit::Db::Mocked);
    recovery_after_a_revocation(&server, "ShamirRevokedOurs");
}

fn refusals(server: &impl Server, org: &str) {
    let o = organization(server, org);

    // Threshold above the total weight: refused before anything is sent.
    let out = create(
        &o.bob,
        &BOB,
        &[
            "--recipients",
            ALICE.email,
            CAROL.email,
            "--weights",
            "2",
            "1",
            "--threshold",
            "4",
        ],
    );
    assert_eq!(exit_code(&out), 3, "{}", stderr_text(&out));
    assert!(
        stderr_text(&out).contains("threshold (4) is above the total number of shares (3)"),
        "{}",
        stderr_text(&out)
    );
    assert_eq!(info(&o.bob, &BOB)["status"], "NEVER_SETUP");
    // Oneself as a recipient.
    let out = create(
        &o.bob,
        &BOB,
        &["--recipients", BOB.email, "--threshold", "1"],
    );
    assert_eq!(exit_code(&out), 3, "{}", stderr_text(&out));

    // A revoked recipient.
    assert_success(&cli_as(
        &o.alice,
        &ALICE,
        &["user", "revoke", DAVE.email, "--yes"],
    ));
    let out = create(
        &o.bob,
        &BOB,
        &["--recipients", ALICE.email, DAVE.email, "--threshold", "1"],
    );
    assert_eq!(exit_code(&out), 6, "{}", stderr_text(&out));
    assert!(
        stderr_text(&out).contains("revoked"),
        "{}",
        stderr_text(&out)
    );

    // Set up twice.
    assert_success(&create(
        &o.bob,
        &BOB,
        &["--recipients", ALICE.email, "--threshold", "1"],
    ));
    let out = create(
        &o.bob,
        &BOB,
        &["--recipients", CAROL.email, "--threshold", "1"],
    );
    assert_eq!(exit_code(&out), 7, "{}", stderr_text(&out));
    assert!(
        stderr_text(&out).contains("already set up"),
        "{}",
        stderr_text(&out)
    );

    // A non-recipient may neither invite Bob nor greet his invitation.
    let out = cli_as(&o.carol, &CAROL, &["invite", "shared-recovery", BOB.email]);
    assert_eq!(exit_code(&out), 6, "{}", stderr_text(&out));
    let (token, url) = invite(&o.alice, &ALICE, BOB.email);
    let out = cli_as(
        &o.carol,
        &CAROL,
        &["invite", "greet", &token, "--format", "json"],
    );
    assert_eq!(exit_code(&out), 5, "{}", stderr_text(&out));

    // A deleted setup: no more invitation, and the pending one is cancelled.
    assert_success(&cli_as(&o.bob, &BOB, &["shared-recovery", "delete"]));
    assert_eq!(info(&o.bob, &BOB)["status"], "DELETED");
    let out = cli_as(&o.alice, &ALICE, &["invite", "shared-recovery", BOB.email]);
    assert_eq!(exit_code(&out), 6, "{}", stderr_text(&out));
    let out = cli_as(
        &o.alice,
        &ALICE,
        &["invite", "greet", &token, "--format", "json"],
    );
    assert_eq!(exit_code(&out), 7, "{}", stderr_text(&out));
    let claim = test_env();
    let out = run_with_stdin(
        &mut claim.cli([
            "invite",
            "claim",
            &url,
            "--format",
            "json",
            "--password-stdin",
        ]),
        "",
    );
    assert_eq!(exit_code(&out), 7, "{}", stderr_text(&out));
    // Deleting again is not an error (as the official CLI).
    assert_success(&cli_as(&o.bob, &BOB, &["shared-recovery", "delete"]));
    // And a new setup is possible once the old one is deleted.
    assert_success(&create(
        &o.bob,
        &BOB,
        &["--recipients", CAROL.email, "--threshold", "1"],
    ));
    assert_eq!(info(&o.bob, &BOB)["status"], "SETUP");
}

#[test]
fn refusals_on_the_reference_server() {
    let server = ReferenceServer::start();
    refusals(&server, "ShamirRefusalsRef");
}

#[test]
fn refusals_on_our_server() {
    let server = OurServer::start(parsec_testkit::Db::Mocked);
    refusals(&server, "ShamirRefusalsOurs");
}

/// Greets the claimer `c`, which shows its recipient menu, as `recipient` in terminals.
fn meet_in_terminals(c: &mut Pty, env: &TestEnv, recipient: &Identity<'_>, token: &str) {
    c.expect("Choose a person to contact now");
    c.send_line(recipient.label);
    c.expect(&format!(
        "Invitation greeter: {} <{}>",
        recipient.label, recipient.email
    ));
    let mut g = Pty::spawn("greeter", tune(env.cli(["invite", "greet", token])));
    g.expect("Enter password for the device:");
    g.send_line(recipient.password);
    g.expect("Shared recovery of Bob <bob@example.com>");
    let code = g.expect_capture(r"Code to provide to claimer: ([A-Z2-9]{4})");
    let menu = c.expect_code_menu("greeter");
    assert!(menu.contains(&code), "{code} in {menu:?}");
    c.send_line(&code);
    let code = c.expect_capture(r"Code to provide to greeter: ([A-Z2-9]{4})");
    let menu = g.expect_code_menu("claimer");
    assert!(menu.contains(&code), "{code} in {menu:?}");
    g.send_line(&code);
    g.expect("Sent your 1 share of the shared recovery");
    let (exit, screen) = g.exit();
    assert_eq!(exit, 0, "greeter:\n{screen}");
}

fn recovery_in_terminals(server: &impl Server, org: &str) {
    let o = organization(server, org);
    assert_success(&create(
        &o.bob,
        &BOB,
        &["--recipients", ALICE.email, CAROL.email, "--threshold", "2"],
    ));
    lose_devices(&o.bob);
    let (token, url) = invite(&o.alice, &ALICE, BOB.email);
    let env = test_env();
    let mut c = Pty::spawn("claimer", tune(env.cli(["invite", "claim", &url])));
    c.expect("2 shares needed for recovery");
    meet_in_terminals(&mut c, &o.carol, &CAROL, &token);
    c.expect("Out of 2 shares needed for recovery, 1 were retrieved.");
    c.expect("Carol <carol@example.com> - 1 share retrieved");
    meet_in_terminals(&mut c, &o.alice, &ALICE, &token);
    c.expect("Enough shares were retrieved to recover your account.");
    c.expect("Enter device label");
    c.send_line(BOB_RECOVERED.device_label);
    c.expect("Enter password for the new device:");
    c.send_line(BOB_RECOVERED.password);
    c.expect("Confirm password:");
    c.send_line(BOB_RECOVERED.password);
    c.expect("New device created:");
    let (exit, screen) = c.exit();
    assert_eq!(exit, 0, "claimer:\n{screen}");
    assert!(
        screen.contains(&format!(
            ": Bob <bob@example.com> @ {}",
            BOB_RECOVERED.device_label
        )),
        "{screen}"
    );
    let users = assert_success(&cli_as(&env, &BOB_RECOVERED, &["user", "list"]));
    assert!(users.contains("carol@example.com"), "{users}");
}

#[test]
fn recovery_in_terminals_on_the_reference_server() {
    let server = ReferenceServer::start();
    recovery_in_terminals(&server, "ShamirPtyRef");
}

#[test]
fn recovery_in_terminals_on_our_server() {
    let server = OurServer::start(parsec_testkit::Db::Mocked);
    recovery_in_terminals(&server, "ShamirPtyOurs");
}
