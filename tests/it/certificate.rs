//! `certificate poll` and `certificate forget-all-certificates`: the device's local store
//! of verified certificates, against our server and the official 3.9.3 server.

use crate::test_env;
use parsec_testkit::{
    assert_cli_error, assert_success, run_with_stdin, Db, Identity, OurServer, ReferenceServer,
    Server, TestEnv, ALICE,
};
use std::path::PathBuf;
use std::process::Output;

fn as_user(env: &TestEnv, who: &Identity<'_>, args: &[&str]) -> Output {
    let mut cmd = env.cli(args);
    cmd.arg("--password-stdin");
    run_with_stdin(&mut cmd, &who.stdin())
}

/// The certificate stores under the data dir (one per device).
fn stores(env: &TestEnv) -> Vec<PathBuf> {
    let Ok(dirs) = std::fs::read_dir(env.data_dir()) else {
        return Vec::new();
    };
    dirs.map(|d| d.expect("entry").path().join("certificates-v1.msgpack"))
        .filter(|p| p.exists())
        .collect()
}

fn poll_then_forget(server: &impl Server, org: &str) {
    let env = test_env();
    let url = env.create_organization(server, org);
    env.bootstrap_organization(&url, &ALICE);

    // The bootstrap made 2 certificates (Alice's user and device).
    let first = assert_success(&as_user(&env, &ALICE, &["certificate", "poll"]));
    assert_eq!(first, "Added 2 new certificates\n");
    assert_eq!(stores(&env).len(), 1);
    let again = assert_success(&as_user(
        &env,
        &ALICE,
        &["certificate", "poll", "--format", "json"],
    ));
    assert_eq!(again.trim(), r#"{"added":0,"total":2}"#);

    // Without a terminal, forgetting needs --yes; nothing is removed meanwhile.
    let refused = as_user(&env, &ALICE, &["certificate", "forget-all-certificates"]);
    assert_eq!(
        refused.status.code(),
        Some(3),
        "{}",
        assert_cli_error(&refused)
    );
    assert_eq!(stores(&env).len(), 1);

    let forgot = assert_success(&as_user(
        &env,
        &ALICE,
        &["certificate", "forget-all-certificates", "--yes"],
    ));
    let lines: Vec<_> = forgot.lines().collect();
    assert_eq!(
        lines[0],
        "You are about to clear the local certificates database for device:"
    );
    assert!(
        lines[1].ends_with(&format!(" - {org}: Alice <alice@example.com> @ laptop")),
        "{forgot}"
    );
    assert_eq!(lines[2], "The local certificates database has been cleared");
    assert!(stores(&env).is_empty());

    // Everything is fetched and verified again.
    let refetched = assert_success(&as_user(&env, &ALICE, &["certificate", "poll"]));
    assert_eq!(refetched, "Added 2 new certificates\n");
    let json = assert_success(&as_user(
        &env,
        &ALICE,
        &[
            "certificate",
            "forget-all-certificates",
            "--yes",
            "--format",
            "json",
        ],
    ));
    let v: serde_json::Value = serde_json::from_str(json.trim()).expect("one JSON object");
    assert_eq!(v["removed"], true, "{json}");
    assert_eq!(v["device_id"].as_str().map(str::len), Some(32), "{json}");
}

#[test]
fn poll_and_forget_on_our_server() {
    poll_then_forget(&OurServer::start(Db::Mocked), "CertCmds");
}

#[test]
fn poll_and_forget_on_the_reference_server() {
    poll_then_forget(&ReferenceServer::start(), "CertCmdsRef");
}
