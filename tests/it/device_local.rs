//! `device forget-local` and `device overwrite-server-url`: changes to the device files of
//! this machine, confirmed on a terminal or with `--yes`, never leaving a half-written
//! file.

use crate::invite::pty::Pty;
use crate::test_env;
use parsec_testkit::{
    assert_cli_error, assert_success, parse_device_list, run, run_with_stdin, Db, Identity,
    OurServer, ReferenceServer, Server, TestEnv, ALICE,
};
use std::process::Output;

fn as_user(env: &TestEnv, who: &Identity<'_>, args: &[&str]) -> Output {
    let mut cmd = env.cli(args);
    cmd.arg("--password-stdin");
    run_with_stdin(&mut cmd, &who.stdin())
}

fn forget_local(server: &impl Server, org: &str) {
    let env = test_env();
    let url = env.create_organization(server, org);
    let path = env.bootstrap_organization(&url, &ALICE);
    // Some local data: the verified certificates.
    assert_success(&as_user(&env, &ALICE, &["certificate", "poll"]));
    let data: Vec<_> = std::fs::read_dir(env.data_dir())
        .expect("data dir")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(data.len(), 1, "{data:?}");

    let refused = run(&mut env.cli(["device", "forget-local"]));
    assert_eq!(
        refused.status.code(),
        Some(3),
        "{}",
        assert_cli_error(&refused)
    );
    assert!(path.exists());

    let out = assert_success(&run(&mut env.cli(["device", "forget-local", "--yes"])));
    let lines: Vec<_> = out.lines().collect();
    assert_eq!(
        lines[0],
        "You are about to forget the following local device:"
    );
    assert!(
        lines[1].ends_with(&format!(" - {org}: Alice <alice@example.com> @ laptop")),
        "{out}"
    );
    assert_eq!(lines[2], "The local device has been forgotten");
    assert!(!path.exists());
    assert!(!data[0].exists(), "local data removed");
    let listed = assert_success(&run(&mut env.cli(["device", "list"])));
    assert_eq!(parse_device_list(&listed).count, 0, "{listed}");
}

#[test]
fn forget_local_on_our_server() {
    forget_local(&OurServer::start(Db::Mocked), "ForgetOrg");
}

#[test]
fn forget_local_on_the_reference_server() {
    forget_local(&ReferenceServer::start(), "ForgetOrgRef");
}

/// The server moved: the device follows it and keeps working; the old file is replaced
/// whole, with the same password.
fn overwrite_server_url(old: &impl Server, new: &impl Server, org: &str) {
    let env = test_env();
    let url = env.create_organization(old, org);
    let path = env.bootstrap_organization(&url, &ALICE);
    let before = std::fs::read(&path).expect("device file");
    let new_url = new.http_url();

    // A wrong password changes nothing.
    let wrong = run_with_stdin(
        &mut env.cli([
            "device",
            "overwrite-server-url",
            "--server-url",
            &new_url,
            "--yes",
            "--password-stdin",
        ]),
        "not-the-password\n",
    );
    assert_eq!(wrong.status.code(), Some(4), "{}", assert_cli_error(&wrong));
    assert_eq!(std::fs::read(&path).expect("device file"), before);

    let out = assert_success(&as_user(
        &env,
        &ALICE,
        &[
            "device",
            "overwrite-server-url",
            "--server-url",
            &new_url,
            "--yes",
        ],
    ));
    let lines: Vec<_> = out.lines().collect();
    assert_eq!(lines[0], "You are about to update the following device:");
    assert_eq!(lines[2], format!("Current server URL: {}", old.addr()));
    assert_eq!(lines[3], format!("New server URL: {}", new.addr()));
    assert_eq!(lines[4], "Device updated successfully");
    let listed = parse_device_list(&assert_success(&run(&mut env.cli(["device", "list"]))));
    assert_eq!(listed.devices[0].server, new.addr());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert_eq!(
        env.device_files(),
        vec![path.clone()],
        "no file left beside it"
    );
    // The same password still unlocks it, and it now talks to the new address.
    let err = as_user(&env, &ALICE, &["user", "list"]);
    let line = assert_cli_error(&err);
    assert!(!line.contains("wrong password"), "{line}");

    // Back to the real server: works again.
    let json = assert_success(&as_user(
        &env,
        &ALICE,
        &[
            "device",
            "overwrite-server-url",
            "-s",
            &old.http_url(),
            "--yes",
            "--format",
            "json",
        ],
    ));
    let v: serde_json::Value = serde_json::from_str(json.trim()).expect("one JSON object");
    assert_eq!(v["old_server_url"], new.addr(), "{json}");
    assert_eq!(v["new_server_url"], old.addr(), "{json}");
    assert_success(&as_user(&env, &ALICE, &["user", "list"]));
}

#[test]
fn overwrite_server_url_on_our_server() {
    let server = OurServer::start(Db::Mocked);
    let other = OurServer::start(Db::Mocked);
    overwrite_server_url(&server, &other, "MovedOrg");
}

#[test]
fn overwrite_server_url_on_the_reference_server() {
    let server = ReferenceServer::start();
    let other = OurServer::start(Db::Mocked);
    overwrite_server_url(&server, &other, "MovedOrgRef");
}

#[test]
fn overwrite_server_url_refuses_a_bad_url() {
    let env = test_env();
    let out = run(&mut env.cli(["device", "overwrite-server-url", "--server-url", "ftp://x"]));
    assert_eq!(out.status.code(), Some(2), "{}", assert_cli_error(&out));
}

/// On a terminal both ask `Are you sure?`; answering no changes nothing.
#[test]
fn confirmation_on_a_terminal() {
    let server = OurServer::start(Db::Mocked);
    let env = test_env();
    let url = env.create_organization(&server, "ConfirmOrg");
    let path = env.bootstrap_organization(&url, &ALICE);

    let mut forget = Pty::spawn("forget-local", env.cli(["device", "forget-local"]));
    forget.expect("You are about to forget the following local device:");
    forget.expect("Are you sure?");
    forget.send("n");
    forget.expect("Operation cancelled");
    let (code, screen) = forget.exit();
    assert_eq!(code, 0, "{screen}");
    assert!(path.exists());

    let before = std::fs::read(&path).expect("device file");
    let mut moved = Pty::spawn(
        "overwrite-server-url",
        env.cli([
            "device",
            "overwrite-server-url",
            "--server-url",
            "https://parsec.example.com",
        ]),
    );
    moved.expect("Enter password for the device:");
    moved.send_line(ALICE.password);
    moved.expect("New server URL: parsec3://parsec.example.com");
    moved.expect("Are you sure?");
    moved.send("n");
    moved.expect("Operation cancelled");
    let (code, screen) = moved.exit();
    assert_eq!(code, 0, "{screen}");
    assert_eq!(std::fs::read(&path).expect("device file"), before);

    let mut forget = Pty::spawn("forget-local", env.cli(["device", "forget-local"]));
    forget.expect("Are you sure?");
    forget.send("y");
    forget.expect("The local device has been forgotten");
    let (code, screen) = forget.exit();
    assert_eq!(code, 0, "{screen}");
    assert!(!path.exists());
}
