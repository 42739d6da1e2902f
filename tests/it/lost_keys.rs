//! No lost keys: `organization bootstrap` and `invite claim` keep the new device file
//! when the outcome is unknown (the server committed but the answer was lost), and only
//! remove it when the server clearly refused. A [`FaultyProxy`] between the CLI and our
//! server cuts the connection, answers 502 or holds the answer once the server answered.

use crate::invite::json_driver::{JsonSide, EVENT_TIMEOUT};
use crate::test_env;
use parsec_testkit::{
    assert_success, parse_device_list, run, run_with_stdin, stderr_text, Db, Fault, FaultyProxy,
    Identity, OurServer, TestEnv, ALICE, BOB,
};
use std::path::Path;
use std::process::Output;

/// `url` with the server's port replaced by the proxy's.
fn through(url: &str, server: &OurServer, proxy: &FaultyProxy) -> String {
    let from = format!("127.0.0.1:{}", server.port());
    assert!(url.contains(&from), "{url} names {from}");
    url.replace(&from, &format!("127.0.0.1:{}", proxy.port()))
}

fn bootstrap(env: &TestEnv, url: &str, who: &Identity<'_>) -> Output {
    run_with_stdin(&mut env.bootstrap_organization_cmd(url, who), &who.stdin())
}

/// The only device of `env` opens with `who`'s password and works (`user list`).
fn device_works(env: &TestEnv, who: &Identity<'_>) -> String {
    let list = parse_device_list(&assert_success(&run(&mut env.cli(["device", "list"]))));
    assert_eq!(list.devices.len(), 1, "{:?}", list.devices);
    let mut cmd = env.cli([
        "user",
        "list",
        "--device",
        &list.devices[0].short_id,
        "--password-stdin",
    ]);
    assert_success(&run_with_stdin(&mut cmd, &who.stdin()))
}

/// Nothing but `*.keys` files in the devices folder (no pending temporary file left).
fn no_pending_files(env: &TestEnv) {
    let Ok(entries) = std::fs::read_dir(env.devices_dir()) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("entry").path();
        assert!(
            path.extension().is_some_and(|e| e == "keys"),
            "left over: {}",
            path.display()
        );
    }
}

#[cfg(unix)]
fn assert_private(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).expect("stat").permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "{}", path.display());
}

#[cfg(not(unix))]
fn assert_private(_: &Path) {}

fn bootstrap_answer_lost(fault: Fault, org: &str) {
    let server = OurServer::start(Db::Mocked);
    let env = test_env();
    let url = env.create_organization(&server, org);
    let proxy = FaultyProxy::start(server.port(), b"organization_bootstrap", fault);
    let proxied = through(&url, &server, &proxy);

    let out = bootstrap(&env, &proxied, &ALICE);
    let stderr = stderr_text(&out);
    assert_eq!(out.status.code(), Some(12), "{stderr}");
    assert!(
        stderr.contains("may or may not have bootstrapped") && stderr.contains("was kept"),
        "{stderr}"
    );
    let files = env.device_files();
    assert_eq!(files.len(), 1, "the new device file is kept: {stderr}");
    assert!(stderr.contains(&files[0].display().to_string()), "{stderr}");
    assert_private(&files[0]);
    no_pending_files(&env);
    // The server did bootstrap the organization: the kept device is its administrator.
    let users = device_works(&env, &ALICE);
    assert!(
        users.contains("Alice <alice@example.com>: ADMIN"),
        "{users}"
    );

    // Running the same bootstrap again finds out that this device bootstrapped it.
    let again = bootstrap(&env, &proxied, &ALICE);
    let stdout = assert_success(&again);
    assert!(
        stderr_text(&again).contains("already bootstrapped by the device kept"),
        "{}",
        stderr_text(&again)
    );
    assert!(
        stdout.contains("Alice <alice@example.com> @ laptop"),
        "{stdout}"
    );
    assert_eq!(env.device_files(), files, "no second device file");
    no_pending_files(&env);
}

#[test]
fn bootstrap_keeps_the_device_when_the_connection_is_cut_after_the_commit() {
    bootstrap_answer_lost(Fault::Cut, "LostKeysCut");
}

#[test]
fn bootstrap_keeps_the_device_on_a_proxy_502_after_the_commit() {
    bootstrap_answer_lost(Fault::BadGateway, "LostKeys502");
}

#[test]
fn bootstrap_removes_the_device_when_the_server_refuses() {
    let server = OurServer::start(Db::Mocked);
    let env = test_env();
    let url = env.create_organization(&server, "LostKeysRefused");

    // Unknown organization: HTTP 404, nothing committed.
    let unknown = url.replace("/LostKeysRefused", "/NoSuchOrg");
    let out = bootstrap(&env, &unknown, &ALICE);
    assert_eq!(out.status.code(), Some(5), "{}", stderr_text(&out));
    assert!(env.device_files().is_empty());
    no_pending_files(&env);

    // No server at that address: the request never left.
    let closed = url.replace(
        &format!("127.0.0.1:{}", server.port()),
        &format!("127.0.0.1:{}", parsec_testkit::free_port()),
    );
    let out = bootstrap(&env, &closed, &ALICE);
    assert_eq!(out.status.code(), Some(10), "{}", stderr_text(&out));
    assert!(env.device_files().is_empty());
    no_pending_files(&env);

    // Bootstrapped by someone else: a retry with no kept device of ours is a conflict.
    let other = test_env();
    other.bootstrap_organization(&url, &ALICE);
    let out = bootstrap(&env, &url, &BOB);
    assert_eq!(out.status.code(), Some(7), "{}", stderr_text(&out));
    assert!(
        stderr_text(&out).contains("already bootstrapped"),
        "{}",
        stderr_text(&out)
    );
    assert!(env.device_files().is_empty());
    no_pending_files(&env);
}

/// How the claimer's final acknowledgment goes wrong.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AckFailure {
    /// The proxy holds the answer; the claimer is interrupted (SIGINT) meanwhile.
    Interrupted,
    /// The same with SIGTERM.
    Terminated,
    /// The proxy holds the answer until the claimer's `--timeout` runs out.
    TimedOut,
    /// The proxy cuts the connection once the server answered.
    Cut,
    /// The proxy cuts the connection of the claimer's step 7 (which gets the greeter's
    /// confirmation, sent once the new user exists) once the server answered.
    CutConfirmation,
}

/// Greets `BOB` into Alice's organization, the claimer's final acknowledgment going
/// through a faulty proxy; returns the claimer's exit code, its stderr, its environment,
/// and the server and proxy (still running).
fn claim_with_failed_ack(
    failure: AckFailure,
    org: &str,
) -> (Option<i32>, String, TestEnv, (OurServer, FaultyProxy)) {
    let server = OurServer::start(Db::Mocked);
    let alice = test_env();
    let url = alice.create_organization(&server, org);
    alice.bootstrap_organization(&url, &ALICE);
    let mut cmd = alice.cli([
        "invite",
        "user",
        BOB.email,
        "--format",
        "json",
        "--password-stdin",
    ]);
    let created: serde_json::Value =
        serde_json::from_str(assert_success(&run_with_stdin(&mut cmd, &ALICE.stdin())).trim())
            .expect("JSON output");
    let token = created["token"].as_str().expect("token").to_owned();
    let invitation = created["url"].as_str().expect("url").to_owned();
    let (needle, fault): (&[u8], _) = match failure {
        AckFailure::Cut => (b"NUMBER_8_ACKNOWLEDGE", Fault::Cut),
        AckFailure::CutConfirmation => (b"NUMBER_7_GET_PAYLOAD", Fault::Cut),
        AckFailure::Interrupted | AckFailure::Terminated | AckFailure::TimedOut => {
            (b"NUMBER_8_ACKNOWLEDGE", Fault::Hold)
        }
    };
    let proxy = FaultyProxy::start(server.port(), needle, fault);
    let invitation = through(&invitation, &server, &proxy);

    let bob = test_env();
    let flags = ["--format", "json", "--password-stdin"];
    let mut greet = alice.cli(["invite", "greet", &token]);
    greet.args(flags);
    let mut claim = bob.cli(["invite", "claim", &invitation]);
    claim.args(flags);
    if failure == AckFailure::TimedOut {
        // Long enough for the exchange itself on a slow machine; it then runs out while
        // the acknowledgment is held.
        claim.args(["--timeout", "30s"]);
    }
    let mut g = JsonSide::spawn("greeter", greet);
    let mut c = JsonSide::spawn("claimer", claim);
    g.send_line(ALICE.password);
    g.expect_event("invitation");
    c.expect_event("invitation");
    c.expect_event("greeter");
    let greeter_code = g.expect_event("greeter_code")["code"]
        .as_str()
        .expect("code")
        .to_owned();
    c.expect_event("choose_greeter_code");
    c.send_line(&greeter_code);
    let claimer_code = c.expect_event("claimer_code")["code"]
        .as_str()
        .expect("code")
        .to_owned();
    g.expect_event("choose_claimer_code");
    g.send_line(&claimer_code);
    c.expect_event("request_identity");
    c.send_line(
        &serde_json::json!({"device_label": BOB.device_label, "email": BOB.email, "name": BOB.label})
            .to_string(),
    );
    c.send_line(BOB.password);
    g.expect_event("claim_request");
    g.expect_event("choose_profile");
    g.send_line("");

    // The server has the acknowledgment; its answer is cut or held back.
    proxy.wait_fired(EVENT_TIMEOUT);
    let signal = match failure {
        AckFailure::Interrupted => Some("-INT"),
        AckFailure::Terminated => Some("-TERM"),
        _ => None,
    };
    if let Some(signal) = signal {
        let killed = std::process::Command::new("kill")
            .args([signal, &c.pid().to_string()])
            .status()
            .expect("run kill");
        assert!(killed.success());
    }
    let (status, stderr) = c.wait_with_stdin_open();
    drop(g);
    (status.code(), stderr, bob, (server, proxy))
}

/// The claimer's device file is kept, private, named in `stderr`, and works.
fn claimed_device_kept(bob: &TestEnv, stderr: &str) {
    let files = bob.device_files();
    assert_eq!(files.len(), 1, "{stderr}");
    assert_private(&files[0]);
    no_pending_files(bob);
    let users = device_works(bob, &BOB);
    assert!(users.contains("Bob <bob@example.com>"), "{users}");
}

#[test]
fn claim_keeps_the_device_when_interrupted_during_the_acknowledgment() {
    let (code, stderr, bob, _running) =
        claim_with_failed_ack(AckFailure::Interrupted, "LostKeysClaimInt");
    assert_eq!(code, Some(130), "{stderr}");
    assert!(
        stderr.contains("the device is valid and its file was kept"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&bob.device_files()[0].display().to_string()),
        "{stderr}"
    );
    claimed_device_kept(&bob, &stderr);
}

#[test]
fn claim_keeps_the_device_when_terminated_during_the_acknowledgment() {
    let (code, stderr, bob, _running) =
        claim_with_failed_ack(AckFailure::Terminated, "LostKeysClaimTerm");
    assert_eq!(code, Some(130), "{stderr}");
    assert!(
        stderr.contains("the device is valid and its file was kept"),
        "{stderr}"
    );
    claimed_device_kept(&bob, &stderr);
}

#[test]
fn claim_keeps_the_device_when_the_timeout_runs_out_during_the_acknowledgment() {
    let (code, stderr, bob, _running) =
        claim_with_failed_ack(AckFailure::TimedOut, "LostKeysClaimTime");
    assert_eq!(code, Some(9), "{stderr}");
    assert!(
        stderr.contains("the device is valid and its file was kept"),
        "{stderr}"
    );
    claimed_device_kept(&bob, &stderr);
}

#[test]
fn claim_keeps_the_device_when_the_acknowledgment_is_cut() {
    let (code, stderr, bob, _running) = claim_with_failed_ack(AckFailure::Cut, "LostKeysClaimCut");
    // The device exists and is saved: a warning, not a failure.
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("the device is valid and saved"), "{stderr}");
    claimed_device_kept(&bob, &stderr);
}

/// Bootstraps through a proxy that holds the answer, and sends `signal` to the CLI once the
/// server has committed: the device file is kept.
fn bootstrap_interrupted_while_waiting(signal: &str, org: &str) {
    let server = OurServer::start(Db::Mocked);
    let env = test_env();
    let url = env.create_organization(&server, org);
    let proxy = FaultyProxy::start(server.port(), b"organization_bootstrap", Fault::Hold);
    let proxied = through(&url, &server, &proxy);
    let mut cmd = env.bootstrap_organization_cmd(&proxied, &ALICE);
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("start the bootstrap");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(ALICE.stdin().as_bytes())
            .expect("write the password");
    }
    // The server committed; its answer is held back.
    proxy.wait_fired(crate::invite::json_driver::EVENT_TIMEOUT);
    let killed = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(killed.success());
    let out = child.wait_with_output().expect("wait");
    let stderr = stderr_text(&out);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted: the server may or may not have bootstrapped"),
        "{stderr}"
    );
    assert_eq!(env.device_files().len(), 1, "{stderr}");
    no_pending_files(&env);
    device_works(&env, &ALICE);
}

#[test]
fn bootstrap_keeps_the_device_when_interrupted_while_waiting() {
    bootstrap_interrupted_while_waiting("-INT", "LostKeysCtrlC");
}

#[test]
fn bootstrap_keeps_the_device_when_terminated_while_waiting() {
    bootstrap_interrupted_while_waiting("-TERM", "LostKeysTerm");
}

#[test]
fn bootstrap_keeps_the_device_when_the_terminal_closes_while_waiting() {
    bootstrap_interrupted_while_waiting("-HUP", "LostKeysHup");
}

/// Outside the sections that hold new keys, SIGTERM still ends a command at once.
#[test]
fn sigterm_ends_a_command_waiting_for_its_password() {
    let server = OurServer::start(Db::Mocked);
    let env = test_env();
    let url = env.create_organization(&server, "SigtermPrompt");
    env.bootstrap_organization(&url, &ALICE);
    // Blocks reading the password from stdin, which stays open and empty.
    let mut cmd = env.cli(["user", "list", "--password-stdin"]);
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("start the command");
    let _stdin = child.stdin.take();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(killed.success());
    let deadline = std::time::Instant::now() + crate::invite::json_driver::EVENT_TIMEOUT;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            // Killed by the signal before the handler was installed, or exit code 130.
            assert!(status.code().is_none_or(|c| c == 130), "{status:?}");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "SIGTERM was ignored");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn claim_asks_again_when_the_confirmation_is_lost() {
    let (code, stderr, bob, _running) =
        claim_with_failed_ack(AckFailure::CutConfirmation, "LostKeysClaimConfirm");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    claimed_device_kept(&bob, &stderr);
}
