//! `invite user|device|list|cancel|greet|claim` against our server and the official 3.9.3
//! server: the greeter and the claimer are two real processes, each in its own
//! environment, driven in pseudo-terminals (the code shown on one screen is typed into the
//! other) or in `--format json` mode; then the new device is used.
//!
//! Against the official server, most flows set `_PARSEC_INVITE_POLLING_THROTTLE_MS` (the
//! official CLI's test knob) to poll faster than its 1 s cadence; the first user flow keeps
//! the default, [`parsec_client::invite::PollPolicy::Auto`].

mod behind_nginx;
pub(crate) mod json_driver;
pub(crate) mod pty;
mod traps;
mod two_instances;

use crate::test_env;
use json_driver::{greet_and_claim, JsonSide};
use parsec_testkit::{
    assert_cli_error, assert_success, parse_device_list, run, run_with_stdin, stderr_text, Db,
    Identity, OurServer, ReferenceServer, Server, TestEnv, ALICE, BOB,
};
use pty::Pty;
use std::process::Command;

/// Alice again, claiming a second device on another machine.
const ALICE_DESKTOP: Identity<'static> = Identity {
    label: "Alice",
    email: "alice@example.com",
    device_label: "alice-desktop",
    password: "alice-desktop-P@ss",
};

/// A third user.
const CAROL: Identity<'static> = Identity {
    label: "Carol",
    email: "carol@example.com",
    device_label: "carol-pc",
    password: "carol-P@ssw0rd",
};

/// A fourth user.
const DAVE: Identity<'static> = Identity {
    label: "Dave",
    email: "dave@example.com",
    device_label: "dave-pc",
    password: "dave-P@ssw0rd",
};

/// How the CLI polls: the default, or the official cadence with a short base.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Polling {
    Default,
    Fast,
}

/// A server with an organization bootstrapped by Alice.
fn organization(server: &impl Server, org: &str) -> TestEnv {
    let env = test_env();
    let url = env.create_organization(server, org);
    env.bootstrap_organization(&url, &ALICE);
    env
}

/// Runs our CLI in `env` with `args`, the password of `who` on stdin.
fn cli_as(env: &TestEnv, who: &Identity<'_>, args: &[&str]) -> std::process::Output {
    let mut cmd = env.cli(args);
    cmd.arg("--password-stdin");
    run_with_stdin(&mut cmd, &who.stdin())
}

/// `invite user EMAIL` or `invite device` (`args`), as `who`; returns (token, URL).
fn invite(env: &TestEnv, who: &Identity<'_>, args: &[&str]) -> (String, String) {
    let stdout = assert_success(&cli_as(env, who, args));
    let field = |name: &str| {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_owned())
            .unwrap_or_else(|| panic!("no `{name}` line:\n{stdout}"))
    };
    (field("Invitation token:"), field("Invitation URL:"))
}

fn tune(mut cmd: Command, polling: Polling) -> Command {
    if polling == Polling::Fast {
        cmd.env("_PARSEC_INVITE_POLLING_THROTTLE_MS", "100");
    }
    cmd
}

fn greet_cmd(env: &TestEnv, token: &str, polling: Polling) -> Command {
    tune(env.cli(["invite", "greet", token]), polling)
}

fn claim_cmd(env: &TestEnv, url: &str, polling: Polling) -> Command {
    tune(env.cli(["invite", "claim", url]), polling)
}

/// Starts the greeter (unlocked with `greeter.password`) and the claimer in terminals,
/// types the claimer's new password (`claimer_password`, asked as soon as the greeter is
/// known) and waits until the greeter shows its code; returns both and that code. With
/// `several_admins`, the claimer picks the greeter in its menu of administrators.
#[allow(clippy::too_many_arguments)]
fn start_pair(
    greeter_env: &TestEnv,
    greeter: &Identity<'_>,
    token: &str,
    claimer_env: &TestEnv,
    url: &str,
    claimer_password: &str,
    polling: Polling,
    several_admins: bool,
) -> (Pty, Pty, String) {
    let mut g = Pty::spawn("greeter", greet_cmd(greeter_env, token, polling));
    g.expect("Enter password for the device:");
    g.send_line(greeter.password);
    let mut c = Pty::spawn("claimer", claim_cmd(claimer_env, url, polling));
    if several_admins {
        c.expect("Choose an administrator to contact now");
        c.send_line(greeter.label);
    }
    c.expect(&format!(
        "Invitation greeter: {} <{}>",
        greeter.label, greeter.email
    ));
    new_password(&mut c, claimer_password);
    let code = g.expect_capture(r"Code to provide to claimer: ([A-Z2-9]{4})");
    (g, c, code)
}

/// The claimer's new password, asked twice before the codes are exchanged.
fn new_password(c: &mut Pty, password: &str) {
    c.expect("Enter password for the new device:");
    c.send_line(password);
    c.expect("Confirm password:");
    c.send_line(password);
}

/// The greeting side of a flow in terminals.
struct Greeter<'a> {
    env: &'a TestEnv,
    who: &'a Identity<'a>,
    token: &'a str,
    /// Whether the claimer has several administrators to choose from.
    several_admins: bool,
}

/// A whole greet + claim in terminals; `profile` is typed in the greeter's profile menu
/// (user invitations; empty: the preselected STANDARD).
fn greet_and_claim_in_terminals(
    greeter: &Greeter<'_>,
    claimer_env: &TestEnv,
    url: &str,
    who: &Identity<'_>,
    profile: Option<&str>,
    polling: Polling,
) {
    let (mut g, mut c, greeter_code) = start_pair(
        greeter.env,
        greeter.who,
        greeter.token,
        claimer_env,
        url,
        who.password,
        polling,
        greeter.several_admins,
    );
    let menu = c.expect_code_menu("greeter");
    assert_eq!(menu.len(), 3, "three candidates: {menu:?}");
    assert!(menu.contains(&greeter_code), "{greeter_code} in {menu:?}");
    c.send_line(&greeter_code);

    let claimer_code = c.expect_capture(r"Code to provide to greeter: ([A-Z2-9]{4})");
    let menu = g.expect_code_menu("claimer");
    assert!(menu.contains(&claimer_code), "{claimer_code} in {menu:?}");
    g.send_line(&claimer_code);

    c.expect("Enter device label");
    c.send_line(who.device_label);
    if profile.is_some() {
        c.expect("Enter email");
        // The invited email is the default.
        c.send_line("");
        c.expect("Enter name");
        c.send_line(who.label);
    }
    // Everything the claimer decides comes before the greeter can create anything.
    g.expect(&format!("New device label: [{}]", who.device_label));
    if let Some(profile) = profile {
        g.expect(&format!("New user: [{} <{}>]", who.label, who.email));
        g.expect("Which profile?");
        g.send_line(profile);
    }

    c.expect("New device created:");
    let (code, screen) = c.exit();
    assert_eq!(code, 0, "claimer:\n{screen}");
    assert!(
        screen.contains(&format!(
            ": {} <{}> @ {}",
            who.label, who.email, who.device_label
        )),
        "{screen}"
    );
    let (code, screen) = g.exit();
    assert_eq!(code, 0, "greeter:\n{screen}");
    let created = if profile.is_some() {
        "Creating the user in the server"
    } else {
        "Creating the device in the server"
    };
    assert!(screen.contains(created), "{screen}");
}

/// The new device is listed in its environment and works (`user list`); returns the
/// `user list` output.
fn check_new_device(env: &TestEnv, who: &Identity<'_>, org: &str) -> String {
    let list = parse_device_list(&assert_success(&run(&mut env.cli(["device", "list"]))));
    assert!(
        list.devices.iter().any(|d| d.organization == org
            && d.label == who.label
            && d.email == who.email
            && d.device_label == who.device_label),
        "{} @ {} is listed: {:?}",
        who.email,
        who.device_label,
        list.devices
            .iter()
            .map(|d| format!("{}:{}@{}", d.organization, d.email, d.device_label))
            .collect::<Vec<_>>()
    );
    let device = list
        .devices
        .iter()
        .find(|d| d.device_label == who.device_label)
        .expect("listed");
    assert_success(&cli_as(
        env,
        who,
        &["user", "list", "--device", &device.short_id],
    ))
}

fn user_and_device_in_terminals(server: &impl Server, org: &str, polling: Polling) {
    let alice = organization(server, org);

    // A new user, Bob, made ADMIN.
    let (token, url) = invite(&alice, &ALICE, &["invite", "user", BOB.email]);
    assert!(
        url.contains("/redirect/"),
        "user URLs use the HTTP form: {url}"
    );
    let bob = test_env();
    let greeter = Greeter {
        env: &alice,
        who: &ALICE,
        token: &token,
        several_admins: false,
    };
    greet_and_claim_in_terminals(&greeter, &bob, &url, &BOB, Some("ADMIN"), polling);
    let users = check_new_device(&bob, &BOB, org);
    assert!(users.contains(" - Bob <bob@example.com>: ADMIN"), "{users}");
    assert!(
        users.contains(" - Alice <alice@example.com>: ADMIN"),
        "{users}"
    );

    // A second device for Alice, on another machine.
    let (token, url) = invite(&alice, &ALICE, &["invite", "device"]);
    assert!(
        url.starts_with("parsec3://"),
        "device URLs use parsec3://: {url}"
    );
    let desktop = test_env();
    let greeter = Greeter {
        env: &alice,
        who: &ALICE,
        token: &token,
        several_admins: false,
    };
    greet_and_claim_in_terminals(
        &greeter,
        &desktop,
        &url,
        &ALICE_DESKTOP,
        None,
        Polling::Fast,
    );
    check_new_device(&desktop, &ALICE_DESKTOP, org);

    // Two administrators now: Carol, invited by Alice, picks Bob, who greets her.
    let (token, url) = invite(&alice, &ALICE, &["invite", "user", CAROL.email]);
    let carol = test_env();
    let greeter = Greeter {
        env: &bob,
        who: &BOB,
        token: &token,
        several_admins: true,
    };
    greet_and_claim_in_terminals(&greeter, &carol, &url, &CAROL, Some(""), Polling::Fast);
    let users = check_new_device(&carol, &CAROL, org);
    assert!(
        users.contains(" - Carol <carol@example.com>: STANDARD"),
        "{users}"
    );
}

#[test]
fn user_and_device_greeted_in_terminals_on_our_server() {
    let server = OurServer::start(Db::Mocked);
    user_and_device_in_terminals(&server, "InviteTtyOurs", Polling::Default);
}

#[test]
fn user_and_device_greeted_in_terminals_on_the_reference_server() {
    let server = ReferenceServer::start();
    user_and_device_in_terminals(&server, "InviteTtyRef", Polling::Default);
}

fn json_cmd(cmd: Command, args: &[&str]) -> Command {
    let mut cmd = cmd;
    cmd.args(args);
    cmd
}

fn user_and_device_in_json(server: &impl Server, org: &str, polling: Polling) {
    let alice = organization(server, org);
    let out = cli_as(
        &alice,
        &ALICE,
        &["invite", "user", CAROL.email, "--format", "json"],
    );
    let created: serde_json::Value =
        serde_json::from_str(assert_success(&out).trim()).expect("JSON output");
    let token = created["token"].as_str().expect("token").to_owned();
    let url = created["url"].as_str().expect("url").to_owned();
    assert!(url.contains("/redirect/"), "{created}");
    assert!(
        created["url_parsec3"]
            .as_str()
            .is_some_and(|u| u.starts_with("parsec3://")),
        "{created}"
    );
    assert_eq!(created["email_sent"], serde_json::Value::Null, "{created}");

    // Carol, made ADMIN.
    let carol = test_env();
    let flags = ["--format", "json", "--password-stdin"];
    let outcome = greet_and_claim(
        json_cmd(greet_cmd(&alice, &token, polling), &flags),
        &ALICE,
        json_cmd(claim_cmd(&carol, &url, polling), &flags),
        &CAROL,
        "ADMIN",
    );
    assert_eq!(outcome.greeter["profile"], "ADMIN");
    assert_eq!(outcome.greeter["human_handle"]["email"], CAROL.email);
    assert_eq!(outcome.claimer["device_label"], CAROL.device_label);
    assert_eq!(
        outcome.claimer["device_id"], outcome.greeter["device_id"],
        "both sides agree on the new device"
    );
    let path = outcome.claimer["path"].as_str().expect("path");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .expect("device file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{path}");
    }
    let users = check_new_device(&carol, &CAROL, org);
    assert!(
        users.contains("Carol <carol@example.com>: ADMIN"),
        "{users}"
    );

    // Dave, invited by Alice, chooses Carol among the two administrators; STANDARD.
    let (token, url) = invite(&alice, &ALICE, &["invite", "user", DAVE.email]);
    let dave = test_env();
    greet_and_claim(
        json_cmd(greet_cmd(&carol, &token, polling), &flags),
        &CAROL,
        json_cmd(claim_cmd(&dave, &url, polling), &flags),
        &DAVE,
        "",
    );
    let users = check_new_device(&dave, &DAVE, org);
    assert!(
        users.contains("Dave <dave@example.com>: STANDARD"),
        "{users}"
    );

    // Dave, STANDARD, may not invite users, but may invite and greet his own device.
    let refused = cli_as(&dave, &DAVE, &["invite", "user", "eve@example.com"]);
    assert_eq!(refused.status.code(), Some(6), "{}", stderr_text(&refused));
    let (device_token, device_url) = invite(&dave, &DAVE, &["invite", "device"]);
    let dave_laptop = test_env();
    let laptop = Identity {
        device_label: "dave-laptop",
        password: "dave-laptop-P@ss",
        ..DAVE
    };
    let outcome = greet_and_claim(
        json_cmd(greet_cmd(&dave, &device_token, polling), &flags),
        &DAVE,
        json_cmd(claim_cmd(&dave_laptop, &device_url, polling), &flags),
        &laptop,
        "",
    );
    assert_eq!(outcome.claimer["human_handle"]["email"], DAVE.email);
    check_new_device(&dave_laptop, &laptop, org);

    // Finished invitations can be neither claimed nor greeted again.
    let again = run(&mut json_cmd(
        claim_cmd(&test_env(), &device_url, polling),
        &["--format", "json", "--password-stdin"],
    ));
    assert_eq!(again.status.code(), Some(7), "{}", stderr_text(&again));
    assert!(
        assert_cli_error(&again).contains("already used"),
        "{}",
        stderr_text(&again)
    );
    let mut greet_again = json_cmd(greet_cmd(&dave, &device_token, polling), &flags);
    let again = run_with_stdin(&mut greet_again, &DAVE.stdin());
    assert_eq!(again.status.code(), Some(7), "{}", stderr_text(&again));
    let list = assert_success(&cli_as(&alice, &ALICE, &["invite", "list"]));
    assert!(
        list.lines()
            .any(|l| l.contains("  finished   user (email=dave@example.com)")),
        "{list}"
    );
}

#[test]
fn user_and_device_greeted_in_json_mode_on_our_server() {
    let server = OurServer::start(Db::Mocked);
    user_and_device_in_json(&server, "InviteJsonOurs", Polling::Default);
}

#[test]
fn user_and_device_greeted_in_json_mode_on_the_reference_server() {
    let server = ReferenceServer::start();
    user_and_device_in_json(&server, "InviteJsonRef", Polling::Fast);
}

/// Waits for both ends: `loser` refused a code (or was interrupted) and exits with
/// `loser_code`; the peer stops with `The other side cancelled: <reason>` (exit 8).
fn assert_cancelled(loser: Pty, loser_code: i32, loser_says: &str, peer: Pty, reason: &str) {
    let (code, screen) = loser.exit();
    assert_eq!(code, loser_code, "{screen}");
    assert!(screen.contains(loser_says), "{screen}");
    let (code, screen) = peer.exit();
    assert_eq!(code, 8, "{screen}");
    assert!(
        screen.contains(&format!("The other side cancelled: {reason}")),
        "{screen}"
    );
}

fn wrong_codes_and_interruptions(server: &impl Server, org: &str) {
    let alice = organization(server, org);
    let (token, url) = invite(&alice, &ALICE, &["invite", "user", BOB.email]);
    let bob = test_env();
    let pair = || {
        start_pair(
            &alice,
            &ALICE,
            &token,
            &bob,
            &url,
            BOB.password,
            Polling::Fast,
            false,
        )
    };

    // The claimer picks another code than the greeter's.
    let (g, mut c, code) = pair();
    let menu = c.expect_code_menu("greeter");
    let wrong = menu
        .iter()
        .find(|m| **m != code)
        .expect("a wrong candidate");
    c.send_line(wrong);
    assert_cancelled(c, 4, "Invalid SAS code", g, "invalid SAS code");

    // The claimer sees none of the codes.
    let (g, mut c, _) = pair();
    c.expect_code_menu("greeter");
    c.send_line("None");
    assert_cancelled(c, 4, "Invalid SAS code", g, "invalid SAS code");

    // The greeter picks another code than the claimer's.
    let (mut g, mut c, code) = pair();
    c.expect_code_menu("greeter");
    c.send_line(&code);
    let claimer_code = c.expect_capture(r"Code to provide to greeter: ([A-Z2-9]{4})");
    let menu = g.expect_code_menu("claimer");
    let wrong = menu
        .iter()
        .find(|m| **m != claimer_code)
        .expect("a wrong candidate");
    g.send_line(wrong);
    assert_cancelled(g, 4, "Invalid SAS code", c, "invalid SAS code");

    // Ctrl-C on the claimer's menu.
    let (g, mut c, _) = pair();
    c.expect_code_menu("greeter");
    c.ctrl_c();
    assert_cancelled(c, 130, "interrupted", g, "manually cancelled");

    // Ctrl-C on the greeter while it waits: the claimer, still at its menu, hears it
    // without pressing anything.
    let (mut g, mut c, _) = pair();
    c.expect_code_menu("greeter");
    g.ctrl_c();
    let (exit, screen) = g.exit();
    assert_eq!(exit, 130, "{screen}");
    let (exit, screen) = c.exit();
    assert_eq!(exit, 8, "{screen}");
    assert!(
        screen.contains("The other side cancelled: manually cancelled"),
        "{screen}"
    );

    // The invitation itself is still valid.
    let greeter = Greeter {
        env: &alice,
        who: &ALICE,
        token: &token,
        several_admins: false,
    };
    greet_and_claim_in_terminals(&greeter, &bob, &url, &BOB, Some(""), Polling::Fast);
    check_new_device(&bob, &BOB, org);
}

#[test]
fn wrong_codes_and_interruptions_cancel_the_peer_on_our_server() {
    let server = OurServer::start(Db::Mocked);
    wrong_codes_and_interruptions(&server, "InviteCancelOurs");
}

#[test]
fn wrong_codes_and_interruptions_cancel_the_peer_on_the_reference_server() {
    let server = ReferenceServer::start();
    wrong_codes_and_interruptions(&server, "InviteCancelRef");
}

fn list_and_cancel(server: &impl Server, org: &str) {
    let alice = organization(server, org);
    let empty = assert_success(&cli_as(&alice, &ALICE, &["invite", "list"]));
    assert_eq!(empty.trim(), "No invitation.");

    let (user_token, url) = invite(&alice, &ALICE, &["invite", "user", BOB.email]);
    let (again, _) = invite(&alice, &ALICE, &["invite", "user", BOB.email]);
    assert_eq!(again, user_token, "a pending invitation is reused");
    let (device_token, _) = invite(&alice, &ALICE, &["invite", "device"]);
    let list = assert_success(&cli_as(&alice, &ALICE, &["invite", "list"]));
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(
        lines,
        [
            "2 invitations found.",
            &format!("{user_token}  pending    user (email=bob@example.com)"),
            &format!("{device_token}  pending    device"),
        ],
        "{list}"
    );

    let out = assert_success(&cli_as(&alice, &ALICE, &["invite", "cancel", &user_token]));
    assert_eq!(out.trim(), "Invitation canceled");
    let json = assert_success(&cli_as(
        &alice,
        &ALICE,
        &["invite", "list", "--format", "json"],
    ));
    let json: serde_json::Value = serde_json::from_str(json.trim()).expect("JSON");
    let items = json["invitations"].as_array().expect("invitations");
    assert_eq!(items.len(), 2, "{json}");
    assert_eq!(items[0]["token"], user_token.as_str());
    assert_eq!(items[0]["type"], "USER");
    assert_eq!(items[0]["status"], "CANCELLED");
    assert_eq!(items[0]["claimer_email"], BOB.email);
    assert_eq!(items[0]["created_by"]["human_handle"]["email"], ALICE.email);
    assert_eq!(items[1]["type"], "DEVICE");
    assert_eq!(items[1]["status"], "PENDING");

    // Cancelled: refused on both sides and by a second cancel, with clear messages.
    let twice = cli_as(&alice, &ALICE, &["invite", "cancel", &user_token]);
    assert_eq!(twice.status.code(), Some(7), "{}", stderr_text(&twice));
    assert!(assert_cli_error(&twice).contains("already cancelled"));
    let claim = run(&mut json_cmd(
        claim_cmd(&test_env(), &url, Polling::Fast),
        &["--format", "json", "--password-stdin"],
    ));
    assert_eq!(claim.status.code(), Some(7), "{}", stderr_text(&claim));
    assert!(
        assert_cli_error(&claim).contains("invitation already used or deleted"),
        "{}",
        stderr_text(&claim)
    );
    let greet = cli_as(
        &alice,
        &ALICE,
        &["invite", "greet", &user_token, "--format", "json"],
    );
    assert_eq!(greet.status.code(), Some(7), "{}", stderr_text(&greet));
    assert!(
        assert_cli_error(&greet).contains("invitation cancelled"),
        "{}",
        stderr_text(&greet)
    );
    let unknown = cli_as(
        &alice,
        &ALICE,
        &["invite", "cancel", "00000000000000000000000000000000"],
    );
    assert_eq!(unknown.status.code(), Some(5), "{}", stderr_text(&unknown));
}

#[test]
fn list_and_cancel_on_our_server() {
    let server = OurServer::start(Db::Mocked);
    list_and_cancel(&server, "InviteListOurs");
}

#[test]
fn list_and_cancel_on_the_reference_server() {
    let server = ReferenceServer::start();
    list_and_cancel(&server, "InviteListRef");
}

#[test]
fn claim_without_a_terminal_names_the_json_mode() {
    let env = test_env();
    let url = "parsec3://127.0.0.1:1/Org?no_ssl=true&a=claim_user&p=xBAAAAAAAAAAAAAAAAAAAAAA";
    let out = run(&mut env.cli(["invite", "claim", url]));
    assert_eq!(out.status.code(), Some(3), "{}", stderr_text(&out));
    assert!(
        stderr_text(&out).contains("--format json"),
        "{}",
        stderr_text(&out)
    );

    let out = run(&mut env.cli(["invite", "claim", "https://example.com/nothing"]));
    assert_eq!(out.status.code(), Some(3), "{}", stderr_text(&out));
    assert!(assert_cli_error(&out).contains("invalid invitation URL"));

    // In JSON mode the password must come from somewhere before anything starts.
    let out = run(&mut env.cli(["invite", "claim", url, "--format", "json"]));
    assert_eq!(out.status.code(), Some(3), "{}", stderr_text(&out));
    assert!(
        stderr_text(&out).contains("--password-stdin"),
        "{}",
        stderr_text(&out)
    );
}

#[test]
fn invitation_url_as_a_qr_code() {
    let server = OurServer::start(Db::Mocked);
    let env = organization(&server, "QrOrg");
    // Text: the URL lines, then the code (half-block characters) on stdout.
    let text = assert_success(&cli_as(&env, &ALICE, &["invite", "device", "--qr"]));
    let qr_lines = text.lines().filter(|l| l.contains('█')).count();
    assert!(qr_lines >= 15, "a QR code of at least 15 lines:\n{text}");
    assert!(text.starts_with("Invitation token: "), "{text}");
    // JSON: stdout stays one JSON object, the code goes to stderr.
    let out = cli_as(
        &env,
        &ALICE,
        &[
            "invite",
            "user",
            "bob@example.com",
            "--qr",
            "--format",
            "json",
        ],
    );
    let stdout = assert_success(&out);
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("stdout is JSON only");
    assert!(json["url"]
        .as_str()
        .is_some_and(|u| u.contains("a=claim_user")));
    assert!(
        stderr_text(&out).contains('█'),
        "QR code on stderr in JSON mode"
    );
}

#[test]
fn timeout_cancels_the_greeting_and_the_peer_sees_it() {
    let server = OurServer::start(Db::Mocked);
    let alice = organization(&server, "TimeoutOrg");
    let (token, url) = invite(&alice, &ALICE, &["invite", "user", BOB.email]);
    let bob = test_env();
    let flags = ["--format", "json", "--password-stdin"];
    let mut greeter = JsonSide::spawn(
        "greeter",
        json_cmd(
            greet_cmd(&alice, &token, Polling::Default),
            &[&flags[..], &["--timeout", "3s"]].concat(),
        ),
    );
    let mut claimer = JsonSide::spawn(
        "claimer",
        json_cmd(claim_cmd(&bob, &url, Polling::Default), &flags),
    );
    greeter.send_line(ALICE.password);
    greeter.expect_event("invitation");
    let greeter_code = greeter.expect_event("greeter_code")["code"]
        .as_str()
        .expect("code")
        .to_owned();
    claimer.expect_event("invitation");
    claimer.expect_event("greeter");
    claimer.expect_event("choose_greeter_code");
    claimer.send_line(&greeter_code);
    claimer.expect_event("claimer_code");
    // The greeter's human never answers: its --timeout expires while it asks for the code.
    greeter.expect_event("choose_claimer_code");
    let (status, stderr) = greeter.wait_with_stdin_open();
    assert_eq!(status.code(), Some(9), "timeout exit code: {stderr}");
    assert!(stderr.contains("timed out after 3s"), "{stderr}");
    // The claimer, waiting for the greeter's trust, learns it at once.
    let (status, stderr) = claimer.wait_with_stdin_open();
    assert_eq!(status.code(), Some(8), "peer cancelled exit code: {stderr}");
    assert!(stderr.contains("The other side cancelled"), "{stderr}");
}

#[test]
fn greeter_corrects_the_requested_identity() {
    let server = OurServer::start(Db::Mocked);
    let alice = organization(&server, "CorrectedOrg");
    let (token, url) = invite(&alice, &ALICE, &["invite", "user", BOB.email]);
    let bob = test_env();
    let flags = ["--format", "json", "--password-stdin"];
    // The profile answer also corrects Bob's name and device label.
    let outcome = greet_and_claim(
        json_cmd(greet_cmd(&alice, &token, Polling::Default), &flags),
        &ALICE,
        json_cmd(claim_cmd(&bob, &url, Polling::Default), &flags),
        &BOB,
        r#"{"profile": "STANDARD", "name": "Robert Bob", "device_label": "bob-workstation"}"#,
    );
    assert_eq!(outcome.greeter["human_handle"]["label"], "Robert Bob");
    assert_eq!(outcome.greeter["human_handle"]["email"], BOB.email);
    assert_eq!(outcome.claimer["device_label"], "bob-workstation");
    let stdout = assert_success(&run(&mut bob.cli(["device", "list"])));
    assert!(
        stdout.contains("Robert Bob <bob@example.com> @ bob-workstation"),
        "the claimer saved the corrected identity: {stdout}"
    );
}

#[test]
fn bulk_invitations_with_one_unlock() {
    let server = OurServer::start(Db::Mocked);
    let alice = organization(&server, "BulkInvite");
    let list = alice.root().join("emails.txt");
    std::fs::write(
        &list,
        "bob@example.com\n# the team\n\nnot-an-email\ncarol@example.com\n",
    )
    .expect("write the list");

    // Arguments and a file; one bad line does not stop the others.
    let mut cmd = alice.cli(["invite", "user", DAVE.email, "--emails-from"]);
    cmd.arg(&list).arg("--password-stdin");
    let out = run_with_stdin(&mut cmd, &ALICE.stdin());
    assert_eq!(out.status.code(), Some(13), "{}", stderr_text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<Vec<&str>> = stdout.lines().map(|l| l.split(' ').collect()).collect();
    let emails: Vec<&str> = lines.iter().map(|l| l[0]).collect();
    assert_eq!(
        emails,
        [DAVE.email, BOB.email, CAROL.email],
        "one line per invitation, in order: {stdout}"
    );
    for l in &lines {
        assert_eq!(l.len(), 3, "EMAIL TOKEN URL: {l:?}");
        assert_eq!(l[1].len(), 32, "token: {l:?}");
        assert!(l[2].contains("a=claim_user"), "URL: {l:?}");
    }
    let stderr = stderr_text(&out);
    assert!(
        stderr.contains("error: not-an-email: invalid email"),
        "{stderr}"
    );
    assert!(stderr.contains("1 of 4 invitations failed"), "{stderr}");

    // JSON Lines, emails from stdin, the password from a file; all succeed.
    let pw = alice.root().join("pw");
    std::fs::write(&pw, ALICE.password).expect("write the password");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&pw, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
    let mut cmd = alice.cli(["invite", "user", "--emails-from", "-", "--format", "json"]);
    cmd.arg("--password-file").arg(&pw);
    let out = run_with_stdin(&mut cmd, "erin@example.com\nbob@example.com\n");
    let stdout = assert_success(&out);
    let objects: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(objects.len(), 2, "{stdout}");
    assert_eq!(objects[0]["email"], "erin@example.com");
    // Bob's pending invitation is given again.
    assert_eq!(objects[1]["email"], BOB.email);
    assert_eq!(objects[1]["token"].as_str(), Some(lines[1][1]));

    let out = cli_as(&alice, &ALICE, &["invite", "list"]);
    assert!(
        assert_success(&out).starts_with("4 invitations found."),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
