//! `tos list | accept | config`, the server's 463 gate and the offer made to a new user
//! (bootstrap, claim), against our server and the official 3.9.3 server.

use crate::invite::json_driver::greet_and_claim;
use crate::invite::pty::Pty;
use crate::test_env;
use parsec_testkit::{
    assert_cli_error, assert_success, run, run_with_stdin, stderr_text, Db, Identity, OurServer,
    ReferenceServer, Server, TestEnv, ALICE, BOB,
};
use std::process::Output;

const EN: &str = "https://example.com/tos_en.html";
const FR: &str = "https://example.com/tos_fr.html";

fn exit_code(output: &Output) -> i32 {
    output.status.code().expect("exited normally")
}

/// Runs our CLI in `env` with `args` and `--password-stdin`, the password of `who` on
/// stdin.
fn as_user(env: &TestEnv, who: &Identity<'_>, args: &[&str]) -> Output {
    let mut cmd = env.cli(args);
    cmd.arg("--password-stdin");
    run_with_stdin(&mut cmd, &who.stdin())
}

/// `tos config` for `org` on `server` with `args`.
fn config(env: &TestEnv, server: &impl Server, org: &str, args: &[&str]) -> Output {
    let addr = server.addr();
    let mut cmd = env.cli([
        "tos",
        "config",
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

/// `user list` is refused with 463 (exit 6), naming `tos accept`.
fn assert_gated(env: &TestEnv, who: &Identity<'_>) {
    let out = as_user(env, who, &["user", "list"]);
    let line = assert_cli_error(&out);
    assert_eq!(exit_code(&out), 6, "{line}");
    assert!(line.contains("terms of service"), "{line}");
    assert!(
        stderr_text(&out).contains("tos accept"),
        "{}",
        stderr_text(&out)
    );
}

fn assert_open(env: &TestEnv, who: &Identity<'_>) {
    assert_success(&as_user(env, who, &["user", "list"]));
}

fn updated_on(stdout: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(stdout.trim()).expect("JSON");
    v["updated_on"].as_str().expect("updated_on").to_owned()
}

/// The whole story on one server: set, list, gate, accept, set again (gate again),
/// remove; a bootstrapper and a claimer who must accept the terms accept them in the
/// same run.
fn terms_of_service(server: &impl Server, org: &str) {
    let env = test_env();
    let url = env.create_organization(server, org);
    env.bootstrap_organization(&url, &ALICE);

    let none = assert_success(&as_user(&env, &ALICE, &["tos", "list"]));
    assert_eq!(none, "No Terms of Service available\n");
    let none = assert_success(&as_user(&env, &ALICE, &["tos", "accept", "--yes"]));
    assert_eq!(none, "No Terms of Service available\n");

    // Set: Alice is gated, but still reads the terms.
    assert_eq!(
        assert_success(&config(
            &env,
            server,
            org,
            &[&format!("fr_FR={FR}"), &format!("en_US={EN}")]
        )),
        ""
    );
    assert_gated(&env, &ALICE);
    let listed = assert_success(&as_user(&env, &ALICE, &["tos", "list"]));
    let lines: Vec<_> = listed.lines().collect();
    assert_eq!(lines.len(), 3, "{listed}");
    assert!(
        lines[0].starts_with("Terms of Service updated on ") && lines[0].ends_with(':'),
        "{listed}"
    );
    assert_eq!(lines[1], format!("• en_US: {EN}"));
    assert_eq!(lines[2], format!("• fr_FR: {FR}"));
    let json = assert_success(&as_user(&env, &ALICE, &["tos", "list", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(json.trim()).expect("JSON");
    assert_eq!(v["per_locale_urls"]["en_US"], EN, "{json}");
    let first = updated_on(&json);
    assert_eq!(lines[0], format!("Terms of Service updated on {first}:"));

    // Without a terminal, accepting needs --yes.
    let refused = as_user(&env, &ALICE, &["tos", "accept"]);
    assert_eq!(exit_code(&refused), 3, "{}", assert_cli_error(&refused));
    assert!(stderr_text(&refused).contains("--yes"));
    assert_gated(&env, &ALICE);

    let accepted = assert_success(&as_user(&env, &ALICE, &["tos", "accept", "--yes"]));
    assert_eq!(accepted, "", "the official CLI prints nothing");
    assert_open(&env, &ALICE);

    // Set again (same URLs): a new version, everyone must accept again.
    assert_success(&config(&env, server, org, &[&format!("en_US={EN}")]));
    assert_gated(&env, &ALICE);
    let json = assert_success(&as_user(
        &env,
        &ALICE,
        &["tos", "accept", "--yes", "--format", "json"],
    ));
    let v: serde_json::Value = serde_json::from_str(json.trim()).expect("JSON");
    assert_eq!(v["accepted"], true, "{json}");
    assert_ne!(updated_on(&json), first, "a new version");
    assert_eq!(
        v["per_locale_urls"],
        serde_json::json!({ "en_US": EN }),
        "{json}"
    );
    assert_open(&env, &ALICE);

    // Bob is invited while terms are set; his claim accepts them in the same run.
    let invited = assert_success(&as_user(&env, &ALICE, &["invite", "user", BOB.email]));
    let token = field(&invited, "Invitation token:");
    let url = field(&invited, "Invitation URL:");
    let bob = test_env();
    let mut greeter = env.cli([
        "invite",
        "greet",
        &token,
        "--format",
        "json",
        "--password-stdin",
    ]);
    greeter.env("_PARSEC_INVITE_POLLING_THROTTLE_MS", "100");
    let mut claimer = bob.cli([
        "invite",
        "claim",
        &url,
        "--format",
        "json",
        "--password-stdin",
        "--accept-tos",
    ]);
    claimer.env("_PARSEC_INVITE_POLLING_THROTTLE_MS", "100");
    greet_and_claim(greeter, &ALICE, claimer, &BOB, "STANDARD");
    assert_open(&bob, &BOB);

    // From a file, then removed: nobody is gated any more.
    let file = env.root().join("tos.json");
    std::fs::write(
        &file,
        format!(r#"{{"en_US": "{EN}", "de_DE": "https://example.com/de"}}"#),
    )
    .expect("write");
    assert_success(&config(
        &env,
        server,
        org,
        &["--from-json", file.to_str().expect("utf-8")],
    ));
    assert_gated(&env, &ALICE);
    assert_gated(&bob, &BOB);
    let removed = assert_success(&run(&mut env.cli([
        "tos",
        "config",
        "--addr",
        &server.addr(),
        "--token",
        server.admin_token(),
        "--organization",
        org,
        "--remove",
        "--format",
        "json",
    ])));
    let v: serde_json::Value = serde_json::from_str(removed.trim()).expect("JSON");
    assert_eq!(
        v,
        serde_json::json!({ "organization_id": org, "tos": null })
    );
    assert_open(&env, &ALICE);
    assert_open(&bob, &BOB);
    let none = assert_success(&as_user(&env, &ALICE, &["tos", "list", "--format", "json"]));
    assert_eq!(none.trim(), r#"{"per_locale_urls":null,"updated_on":null}"#);
}

fn field(stdout: &str, name: &str) -> String {
    stdout
        .lines()
        .find_map(|l| l.strip_prefix(name))
        .map(|v| v.trim().to_owned())
        .unwrap_or_else(|| panic!("no `{name}` line:\n{stdout}"))
}

/// Terms set before the bootstrap: the bootstrapper is told, and accepts with
/// `--accept-tos` (or later with `tos accept`).
fn bootstrap_with_terms(server: &impl Server, org: &str) {
    let env = test_env();
    let url = env.create_organization(server, org);
    assert_success(&config(&env, server, org, &[&format!("en_US={EN}")]));
    let out = run_with_stdin(
        &mut env.bootstrap_organization_cmd(&url, &ALICE),
        &ALICE.stdin(),
    );
    assert_success(&out);
    let err = stderr_text(&out);
    assert!(
        err.contains("terms of service") && err.contains(EN),
        "{err}"
    );
    assert!(err.contains("tos accept --device"), "{err}");
    assert_gated(&env, &ALICE);
    assert_success(&as_user(&env, &ALICE, &["tos", "accept", "--yes"]));
    assert_open(&env, &ALICE);

    let other = format!("{org}2");
    let env = test_env();
    let url = env.create_organization(server, &other);
    assert_success(&config(&env, server, &other, &[&format!("en_US={EN}")]));
    let mut cmd = env.bootstrap_organization_cmd(&url, &ALICE);
    cmd.arg("--accept-tos");
    let out = run_with_stdin(&mut cmd, &ALICE.stdin());
    assert_success(&out);
    assert!(
        stderr_text(&out).contains("Terms of service accepted"),
        "{}",
        stderr_text(&out)
    );
    assert_open(&env, &ALICE);
}

/// Bad `tos config` input: clear errors, nothing sent.
#[test]
fn tos_config_refuses_bad_input() {
    let server = OurServer::start(Db::Mocked);
    let env = test_env();
    env.create_organization(&server, "TosBadInput");
    let none = config(&env, &server, "TosBadInput", &[]);
    assert_eq!(exit_code(&none), 2, "{}", assert_cli_error(&none));
    let no_eq = config(&env, &server, "TosBadInput", &["en_US"]);
    let line = assert_cli_error(&no_eq);
    assert!(
        line.contains("Missing '=<URL>' in argument ('en_US')"),
        "{line}"
    );
    let file = env.root().join("bad.json");
    std::fs::write(&file, "[1, 2]").expect("write");
    let bad = config(
        &env,
        &server,
        "TosBadInput",
        &["--from-json", file.to_str().expect("utf-8")],
    );
    assert_eq!(exit_code(&bad), 3, "{}", assert_cli_error(&bad));
    let unknown = config(&env, &server, "NoSuchOrg", &["en=https://e"]);
    assert_eq!(exit_code(&unknown), 5, "{}", assert_cli_error(&unknown));
    let both = config(&env, &server, "TosBadInput", &["--remove", "en=https://e"]);
    assert_eq!(exit_code(&both), 2);
}

#[test]
fn terms_of_service_on_our_server() {
    terms_of_service(&OurServer::start(Db::Mocked), "TosOurs");
}

#[test]
fn terms_of_service_on_our_server_with_sqlite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = OurServer::start(Db::Sqlite(dir.path().join("parsec.sqlite")));
    terms_of_service(&server, "TosSqlite");
}

#[test]
fn terms_of_service_on_the_reference_server() {
    terms_of_service(&ReferenceServer::start(), "TosRef");
}

#[test]
fn bootstrap_with_terms_on_our_server() {
    bootstrap_with_terms(&OurServer::start(Db::Mocked), "TosBoot");
}

#[test]
fn bootstrap_with_terms_on_the_reference_server() {
    bootstrap_with_terms(&ReferenceServer::start(), "TosBootRef");
}

/// On a terminal, `tos accept` shows the terms and asks; the same for a bootstrapper.
#[test]
fn accept_asks_on_a_terminal() {
    let server = OurServer::start(Db::Mocked);
    let env = test_env();
    let url = env.create_organization(&server, "TosPty");
    assert_success(&config(&env, &server, "TosPty", &[&format!("en_US={EN}")]));
    let mut boot = Pty::spawn(
        "bootstrap",
        env.cli([
            "organization",
            "bootstrap",
            "--addr",
            &url,
            "--label",
            ALICE.label,
            "--email",
            ALICE.email,
            "--device-label",
            ALICE.device_label,
        ]),
    );
    boot.expect("password");
    boot.send_line(ALICE.password);
    boot.expect("Confirm password");
    boot.send_line(ALICE.password);
    boot.expect(EN);
    boot.expect("Do you accept these terms of service?");
    boot.send("n");
    boot.expect("tos accept --device");
    let (code, screen) = boot.exit();
    assert_eq!(code, 0, "{screen}");
    assert_gated(&env, &ALICE);

    let mut accept = Pty::spawn("accept", env.cli(["tos", "accept"]));
    accept.expect("Enter password for the device:");
    accept.send_line(ALICE.password);
    accept.expect(&format!("• en_US: {EN}"));
    accept.expect("Do you accept these terms of service?");
    accept.send("y");
    let (code, screen) = accept.exit();
    assert_eq!(code, 0, "{screen}");
    assert_open(&env, &ALICE);
}
