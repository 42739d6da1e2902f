//! `organization create` and `organization bootstrap` against our server, then
//! `device list` to see the result.

use parsec_testkit::{
    assert_cli_error, assert_success, free_port, parse_device_list, run, run_with_stdin, Db,
    Identity, OurServer, Server, TestEnv, ALICE, BOB,
};
use std::process::Output;

use crate::test_env;

/// Creates `org` on `server`, bootstraps it as Alice and checks the device file and the
/// `device list` output; returns the environment holding Alice's device.
///
/// Shared with `interop`: the same flow must work against the official server.
pub(crate) fn create_bootstrap_and_list(server: &impl Server, org: &str) -> TestEnv {
    let env = test_env();
    let url = env.create_organization(server, org);
    assert!(url.contains(org), "bootstrap URL {url:?} names {org}");

    let device = env.bootstrap_organization(&url, &ALICE);
    let device_id = device
        .file_stem()
        .and_then(|stem| stem.to_str())
        .expect("device file name is UTF-8")
        .to_owned();
    assert!(
        device_id.len() == 32
            && device_id
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)),
        "device file {} is named <32 lowercase hex>.keys",
        device.display()
    );
    assert_eq!(device.parent(), Some(env.devices_dir().as_path()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&device)
            .expect("device file metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{} mode {mode:o}", device.display());
    }

    let stdout = assert_success(&run(&mut env.cli(["device", "list"])));
    assert_eq!(
        stdout.lines().next(),
        Some(format!("Found 1 device(s) in {}:", env.config_dir().display()).as_str()),
        "{stdout}"
    );
    let list = parse_device_list(&stdout);
    let [listed] = list.devices.as_slice() else {
        panic!("one device listed:\n{stdout}");
    };
    assert_eq!(listed.short_id.len(), 3, "{stdout}");
    assert!(device_id.starts_with(&listed.short_id), "{stdout}");
    assert_eq!(
        (
            listed.organization.as_str(),
            listed.label.as_str(),
            listed.email.as_str(),
            listed.device_label.as_str(),
            listed.server.as_str(),
        ),
        (
            org,
            ALICE.label,
            ALICE.email,
            ALICE.device_label,
            server.addr().as_str(),
        )
    );
    env
}

#[test]
fn create_bootstrap_and_list_with_mocked_db() {
    let server = OurServer::start(Db::Mocked);
    create_bootstrap_and_list(&server, "MockedOrg");
}

#[test]
fn create_bootstrap_and_list_with_sqlite_db() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let db = dir.path().join("db.sqlite");
    let server = OurServer::start(Db::Sqlite(db.clone()));
    create_bootstrap_and_list(&server, "SqliteOrg");
    assert!(db.is_file(), "{} was created", db.display());
}

#[test]
fn sqlite_db_survives_a_restart() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let db = dir.path().join("db.sqlite");
    let server = OurServer::start(Db::Sqlite(db.clone()));
    let env = create_bootstrap_and_list(&server, "DurableOrg");
    server.stop();

    // The bootstrapped organization is still there: its name is taken.
    let server = OurServer::start(Db::Sqlite(db));
    assert_cli_error(&run(&mut env.create_organization_cmd(&server, "DurableOrg")));
}

#[test]
fn device_list_without_devices() {
    let env = test_env();
    let stdout = assert_success(&run(&mut env.cli(["device", "list"])));
    assert_eq!(
        stdout.trim_end(),
        format!("No devices found in {}", env.config_dir().display())
    );
}

#[test]
fn create_reads_address_and_token_from_env() {
    let server = OurServer::start(Db::Mocked);
    let env = test_env();
    let mut cmd = env.cli(["organization", "create", "EnvOrg"]);
    cmd.env("PARSEC_SERVER_ADDR", server.addr())
        .env("PARSEC_ADMINISTRATION_TOKEN", server.admin_token());
    let stdout = assert_success(&run(&mut cmd));
    assert!(
        stdout
            .lines()
            .any(|line| line.starts_with("Organization bootstrap URL: ")),
        "{stdout}"
    );
}

#[test]
fn create_fails_once_the_name_is_bootstrapped() {
    let server = OurServer::start(Db::Mocked);
    let env = create_bootstrap_and_list(&server, "TakenOrg");
    assert_cli_error(&run(&mut env.create_organization_cmd(&server, "TakenOrg")));
}

#[test]
fn create_again_before_bootstrap_replaces_the_url() {
    let server = OurServer::start(Db::Mocked);
    let env = test_env();
    let first = env.create_organization(&server, "TwiceOrg");
    let second = env.create_organization(&server, "TwiceOrg");
    assert_ne!(first, second);
    assert_cli_error(&bootstrap(&env, &first, &ALICE));
    env.bootstrap_organization(&second, &ALICE);
}

#[test]
fn bootstrap_url_works_once() {
    let server = OurServer::start(Db::Mocked);
    let env = test_env();
    let url = env.create_organization(&server, "OnceOrg");
    env.bootstrap_organization(&url, &ALICE);

    let late = test_env();
    assert_cli_error(&bootstrap(&late, &url, &BOB));
    assert!(late.device_files().is_empty());
}

#[test]
fn create_fails_with_a_bad_token() {
    let server = OurServer::start(Db::Mocked);
    let env = test_env();
    let output = run(&mut env.cli([
        "organization",
        "create",
        "TokenOrg",
        "--addr",
        &server.addr(),
        "--token",
        "not-the-token",
    ]));
    assert_cli_error(&output);
}

#[test]
fn create_fails_when_the_server_is_unreachable() {
    let env = test_env();
    let addr = format!("parsec3://127.0.0.1:{}?no_ssl=true", free_port());
    let output = run(&mut env.cli([
        "organization",
        "create",
        "NobodyOrg",
        "--addr",
        &addr,
        "--token",
        "s3cr3t",
    ]));
    assert_cli_error(&output);
}

#[test]
fn create_rejects_invalid_names() {
    let server = OurServer::start(Db::Mocked);
    let env = test_env();
    // Organization IDs are 1 to 32 word characters or dashes.
    for name in ["bad name", "bad/name", &"x".repeat(33)] {
        assert_cli_error(&run(&mut env.create_organization_cmd(&server, name)));
    }
}

/// Runs `organization bootstrap` as `who` on `url`, whatever the outcome.
fn bootstrap(env: &TestEnv, url: &str, who: &Identity<'_>) -> Output {
    run_with_stdin(&mut env.bootstrap_organization_cmd(url, who), &who.stdin())
}

#[test]
fn spontaneous_bootstrap_without_token() {
    let server = OurServer::builder(Db::Mocked)
        .arg("--spontaneous-organization-bootstrap")
        .start();
    let env = test_env();
    // A bootstrap URL whose payload is "no token" (msgpack nil, `wA`), for an
    // organization nobody created.
    let url = format!(
        "parsec3://127.0.0.1:{}/Spontaneous?no_ssl=true&a=bootstrap_organization&p=wA",
        server.port()
    );
    env.bootstrap_organization(&url, &ALICE);
    let stdout = assert_success(&run(&mut env.cli(["device", "list"])));
    assert!(
        stdout.contains(" - Spontaneous: Alice <alice@example.com> @ laptop"),
        "{stdout}"
    );

    // Without the flag, the same URL finds no organization.
    let strict = OurServer::start(Db::Mocked);
    let url = format!(
        "parsec3://127.0.0.1:{}/Spontaneous?no_ssl=true&a=bootstrap_organization&p=wA",
        strict.port()
    );
    let out = bootstrap(&test_env(), &url, &ALICE);
    let line = assert_cli_error(&out);
    assert!(line.contains("organization not found"), "{line}");
    assert_eq!(out.status.code(), Some(5));
}
