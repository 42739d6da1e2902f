//! Crash consistency: the server is killed (`abort`, the equivalent of `kill -9`) at a
//! named point of a bootstrap, a greeting step and a `user_create`, before and after the
//! commit (the test crash points of `parsec-server`, `_PARSEC_TEST_ABORT_AT`), then
//! restarted on the same database. The database must pass the integrity checks (no
//! half-created user or device, no step without its attempt; SQLite's own
//! `integrity_check`), and the CLI must either complete on retry or fail with one clear
//! line.
//!
//! Runs on SQLite, and on PostgreSQL when `PARSEC_TEST_POSTGRES_URL` is set (each test
//! creates and drops its own database).

use crate::block_on;
use crate::invite::json_driver::JsonSide;
use crate::test_env;
use parsec_testkit::{
    assert_success, run_with_stdin, stderr_text, Db, Identity, OurServer, TestEnv, ALICE, BOB,
};
use std::process::Output;
use std::time::Duration;

const ABORT_AT: &str = "_PARSEC_TEST_ABORT_AT";

/// How long a server may take to reach its crash point once the request is sent.
const CRASH_TIMEOUT: Duration = Duration::from_secs(60);

/// A database of its own: a SQLite file in a temporary folder, or a fresh PostgreSQL
/// database (dropped at the end).
struct Database {
    db: Db,
    /// What the checks connect to (sqlx `Any` URL).
    url: String,
    sqlite: bool,
    _dir: Option<tempfile::TempDir>,
    /// PostgreSQL: the server URL to drop the database from, and its name.
    drop: Option<(String, String)>,
}

impl Database {
    fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("parsec.sqlite");
        Self {
            url: format!("sqlite://{}", path.display()),
            db: Db::Sqlite(path),
            sqlite: true,
            _dir: Some(dir),
            drop: None,
        }
    }

    /// `None` when `PARSEC_TEST_POSTGRES_URL` is not set.
    fn postgres(prefix: &str) -> Option<Self> {
        let admin = std::env::var("PARSEC_TEST_POSTGRES_URL").ok()?;
        let name = format!("{prefix}_{}", std::process::id());
        let (base, _) = admin.rsplit_once('/').expect("a database in the URL");
        let url = format!("{base}/{name}");
        block_on(async {
            sqlx::any::install_default_drivers();
            let pool = sqlx::AnyPool::connect(&admin).await.expect("connect");
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
                .execute(&pool)
                .await
                .expect("drop database");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&pool)
                .await
                .expect("create database");
        });
        Some(Self {
            db: Db::Url(url.clone()),
            url,
            sqlite: false,
            _dir: None,
            drop: Some((admin, name)),
        })
    }

    /// Every check; panics with the first that fails.
    fn check(&self) {
        const ZERO: &[(&str, &str)] = &[
            (
                "users without a device",
                "SELECT COUNT(*) FROM parsec_user u WHERE NOT EXISTS (SELECT 1 FROM device d \
                 WHERE d.organization_id = u.organization_id AND d.user_id = u.user_id)",
            ),
            (
                "devices without their user",
                "SELECT COUNT(*) FROM device d WHERE NOT EXISTS (SELECT 1 FROM parsec_user u \
                 WHERE u.organization_id = d.organization_id AND u.user_id = d.user_id)",
            ),
            (
                "bootstrapped organizations without root key or first user",
                "SELECT COUNT(*) FROM organization o WHERE o.is_bootstrapped = 1 AND \
                 (o.root_verify_key IS NULL OR o.bootstrapped_on IS NULL OR NOT EXISTS \
                 (SELECT 1 FROM parsec_user u WHERE u.organization_id = o.organization_id))",
            ),
            (
                "users of organizations not bootstrapped",
                "SELECT COUNT(*) FROM parsec_user u JOIN organization o ON \
                 o.organization_id = u.organization_id WHERE o.is_bootstrapped = 0",
            ),
            (
                "users newer than their organization's common topic",
                "SELECT COUNT(*) FROM parsec_user u JOIN organization o ON \
                 o.organization_id = u.organization_id WHERE o.common_topic_last_timestamp \
                 IS NULL OR u.created_on > o.common_topic_last_timestamp",
            ),
            (
                "empty certificates",
                "SELECT (SELECT COUNT(*) FROM parsec_user WHERE length(user_certificate) = 0 \
                 OR length(redacted_user_certificate) = 0) + (SELECT COUNT(*) FROM device \
                 WHERE length(device_certificate) = 0 OR length(redacted_device_certificate) = 0)",
            ),
            (
                "greeting steps without their attempt",
                "SELECT COUNT(*) FROM greeting_step s WHERE NOT EXISTS (SELECT 1 FROM \
                 greeting_attempt a WHERE a.organization_id = s.organization_id AND \
                 a.greeting_attempt_id = s.greeting_attempt_id)",
            ),
        ];
        block_on(async {
            use sqlx::Row;
            sqlx::any::install_default_drivers();
            let pool = sqlx::AnyPool::connect(&self.url).await.expect("connect");
            if self.sqlite {
                let ok: String = sqlx::query("PRAGMA integrity_check")
                    .fetch_one(&pool)
                    .await
                    .expect("integrity_check")
                    .try_get(0)
                    .expect("text");
                assert_eq!(ok, "ok", "PRAGMA integrity_check");
                let broken = sqlx::query("PRAGMA foreign_key_check")
                    .fetch_all(&pool)
                    .await
                    .expect("foreign_key_check");
                assert!(broken.is_empty(), "PRAGMA foreign_key_check");
            }
            for (what, sql) in ZERO {
                let n: i64 = sqlx::query(sql)
                    .fetch_one(&pool)
                    .await
                    .unwrap_or_else(|e| panic!("{what}: {e}"))
                    .try_get(0)
                    .expect("count");
                assert_eq!(n, 0, "{what}");
            }
            pool.close().await;
        });
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.drop.take() {
            block_on(async {
                if let Ok(pool) = sqlx::AnyPool::connect(&admin).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&pool)
                        .await;
                }
            });
        }
    }
}

/// A server on `db` at `port` (0: any), aborting at `point` if given.
fn server(db: &Database, port: u16, point: Option<&str>) -> OurServer {
    let mut builder = OurServer::builder(db.db.clone()).port(port);
    if let Some(point) = point {
        builder = builder.env(ABORT_AT, point);
    }
    builder.start()
}

/// Waits for the server to have crashed at its point, checks the database and restarts
/// the server on it, at the same address, crashing at `next` if given. `meanwhile` runs
/// while the server is down (the clients find it gone).
fn crashed_then_restart(
    mut crashed: OurServer,
    db: &Database,
    next: Option<&str>,
    meanwhile: impl FnOnce(),
) -> OurServer {
    let status = crashed
        .wait_exit(CRASH_TIMEOUT)
        .unwrap_or_else(|| panic!("the server did not reach its crash point"));
    assert!(!status.success(), "aborted: {status}");
    let port = crashed.port();
    drop(crashed);
    meanwhile();
    db.check();
    server(db, port, next)
}

/// One clear error: a single `error:` line, maybe a `hint:` line.
fn one_clear_line(out: &Output) -> String {
    let stderr = stderr_text(out);
    let errors: Vec<_> = stderr.lines().filter(|l| l.contains("error:")).collect();
    assert_eq!(errors.len(), 1, "one error line: {stderr}");
    errors[0].to_owned()
}

fn bootstrap(env: &TestEnv, url: &str, who: &Identity<'_>) -> Output {
    run_with_stdin(&mut env.bootstrap_organization_cmd(url, who), &who.stdin())
}

fn bootstrap_crashes(db: &Database) {
    // Before the commit: nothing is stored, the retry bootstraps with new keys.
    let s = server(db, 0, Some("bootstrap:before-commit"));
    let early = test_env();
    let url = early.create_organization(&s, "CrashBefore");
    let out = bootstrap(&early, &url, &ALICE);
    assert_eq!(out.status.code(), Some(12), "{}", stderr_text(&out));
    one_clear_line(&out);
    assert_eq!(
        early.device_files().len(),
        1,
        "kept while the outcome is unknown"
    );
    let s = crashed_then_restart(s, db, None, || {});
    let out = bootstrap(&early, &url, &ALICE);
    assert_success(&out);
    assert!(
        stderr_text(&out).contains("its file can be deleted"),
        "{}",
        stderr_text(&out)
    );
    // The kept file of the first attempt stays, as does the new one.
    assert_eq!(early.device_files().len(), 2);
    db.check();

    // After the commit: the retry finds out that the kept device bootstrapped it.
    let port = s.port();
    s.stop();
    let s = server(db, port, Some("bootstrap:after-commit"));
    let late = test_env();
    let url = late.create_organization(&s, "CrashAfter");
    let out = bootstrap(&late, &url, &ALICE);
    assert_eq!(out.status.code(), Some(12), "{}", stderr_text(&out));
    one_clear_line(&out);
    let s = crashed_then_restart(s, db, None, || {});
    let again = bootstrap(&late, &url, &ALICE);
    assert_success(&again);
    assert!(
        stderr_text(&again).contains("already bootstrapped by the device kept"),
        "{}",
        stderr_text(&again)
    );
    assert_eq!(late.device_files().len(), 1);
    let mut users = late.cli(["user", "list", "--password-stdin"]);
    assert_success(&run_with_stdin(&mut users, &ALICE.stdin()));
    db.check();
    drop(s);
}

/// Starts `invite greet` (Alice) and `invite claim` (`who`, in `claimer_env`) in JSON
/// mode and plays the exchange up to the greeter's choice of profile; returns both sides.
fn greet_until_profile(
    alice: &TestEnv,
    token: &str,
    claimer_env: &TestEnv,
    url: &str,
    who: &Identity<'_>,
) -> (JsonSide, JsonSide) {
    let (mut g, mut c) = spawn_pair(alice, token, claimer_env, url);
    g.expect_event("invitation");
    c.expect_event("invitation");
    c.expect_event("greeter");
    let code = g.expect_event("greeter_code")["code"]
        .as_str()
        .expect("code")
        .to_owned();
    c.expect_event("choose_greeter_code");
    c.send_line(&code);
    let code = c.expect_event("claimer_code")["code"]
        .as_str()
        .expect("code")
        .to_owned();
    g.expect_event("choose_claimer_code");
    g.send_line(&code);
    c.expect_event("request_identity");
    c.send_line(
        &serde_json::json!({"device_label": who.device_label, "email": who.email, "name": who.label})
            .to_string(),
    );
    c.send_line(who.password);
    g.expect_event("claim_request");
    g.expect_event("choose_profile");
    g.send_line("");
    (g, c)
}

/// `invite greet TOKEN` (Alice, password sent) and `invite claim URL`, JSON mode.
fn spawn_pair(
    alice: &TestEnv,
    token: &str,
    claimer_env: &TestEnv,
    url: &str,
) -> (JsonSide, JsonSide) {
    let flags = ["--format", "json", "--password-stdin"];
    let mut greet = alice.cli(["invite", "greet", token]);
    greet.args(flags);
    let mut claim = claimer_env.cli(["invite", "claim", url]);
    claim.args(flags);
    let mut g = JsonSide::spawn("greeter", greet);
    let c = JsonSide::spawn("claimer", claim);
    g.send_line(ALICE.password);
    (g, c)
}

/// Both sides of an exchange the crash broke fail, each with one clear line; returns the
/// greeter's exit code.
fn both_fail(g: JsonSide, c: JsonSide) -> Option<i32> {
    let mut codes = Vec::new();
    for (side, name) in [(g, "greeter"), (c, "claimer")] {
        let (status, stderr) = side.finish();
        assert!(!status.success(), "{name}: {stderr}");
        assert_eq!(
            stderr.lines().filter(|l| l.contains("error:")).count(),
            1,
            "{name}: {stderr}"
        );
        codes.push(status.code());
    }
    codes[0]
}

/// The exchange completes, and `who`'s new device works.
fn greeting_completes(alice: &TestEnv, token: &str, url: &str, who: &Identity<'_>) {
    let claimer_env = test_env();
    let (mut g, mut c) = greet_until_profile(alice, token, &claimer_env, url, who);
    g.expect_event("done");
    c.expect_event("done");
    let (gs, gerr) = g.finish();
    assert!(gs.success(), "{gerr}");
    let (cs, cerr) = c.finish();
    assert!(cs.success(), "{cerr}");
    let mut users = claimer_env.cli(["user", "list", "--password-stdin"]);
    let users = assert_success(&run_with_stdin(&mut users, &who.stdin()));
    assert!(users.contains(who.email), "{users}");
}

fn invite(alice: &TestEnv, who: &Identity<'_>) -> (String, String) {
    let mut cmd = alice.cli([
        "invite",
        "user",
        who.email,
        "--format",
        "json",
        "--password-stdin",
    ]);
    let created: serde_json::Value =
        serde_json::from_str(assert_success(&run_with_stdin(&mut cmd, &ALICE.stdin())).trim())
            .expect("JSON output");
    (
        created["token"].as_str().expect("token").to_owned(),
        created["url"].as_str().expect("url").to_owned(),
    )
}

const CAROL: Identity<'static> = Identity {
    label: "Carol",
    email: "carol@example.com",
    device_label: "carol-pc",
    password: "carol-P@ssw0rd",
};

fn greeting_crashes(db: &Database) {
    // In the middle of the greeting: after the commit of the 5th stored step (phase A,
    // before any question), both sides fail on the lost server.
    let s = server(db, 0, Some("greeting_step:after-commit#5"));
    let alice = test_env();
    let url = alice.create_organization(&s, "CrashGreeting");
    alice.bootstrap_organization(&url, &ALICE);
    let (token, invitation) = invite(&alice, &BOB);
    let (g, c) = spawn_pair(&alice, &token, &test_env(), &invitation);
    let s = crashed_then_restart(s, db, Some("user_create:before-commit"), || {
        both_fail(g, c);
    });

    // `user_create` killed before its commit: nothing stored, the retry completes.
    let (g, c) = greet_until_profile(&alice, &token, &test_env(), &invitation, &BOB);
    let s = crashed_then_restart(s, db, None, || {
        both_fail(g, c);
    });
    greeting_completes(&alice, &token, &invitation, &BOB);

    // `user_create` killed after its commit: Carol exists with her device; the retry is
    // refused with one clear line (her email is taken), the database stays consistent.
    let (token, invitation) = invite(&alice, &CAROL);
    let port = s.port();
    s.stop();
    let s = server(db, port, Some("user_create:after-commit"));
    let (g, c) = greet_until_profile(&alice, &token, &test_env(), &invitation, &CAROL);
    let s = crashed_then_restart(s, db, None, || {
        both_fail(g, c);
    });
    let (g, c) = greet_until_profile(&alice, &token, &test_env(), &invitation, &CAROL);
    assert_eq!(both_fail(g, c), Some(7), "the greeter: conflict");
    let mut users = alice.cli(["user", "list", "--password-stdin"]);
    let users = assert_success(&run_with_stdin(&mut users, &ALICE.stdin()));
    assert!(users.contains("Carol <carol@example.com>"), "{users}");
    db.check();
    drop(s);
}

#[test]
fn sqlite_survives_crashes_in_a_bootstrap() {
    bootstrap_crashes(&Database::sqlite());
}

#[test]
fn sqlite_survives_crashes_in_a_greeting_and_user_create() {
    greeting_crashes(&Database::sqlite());
}

#[test]
fn postgres_survives_crashes_in_a_bootstrap() {
    if let Some(db) = Database::postgres("parsec_crash_bootstrap") {
        bootstrap_crashes(&db);
    }
}

#[test]
fn postgres_survives_crashes_in_a_greeting_and_user_create() {
    if let Some(db) = Database::postgres("parsec_crash_greeting") {
        greeting_crashes(&db);
    }
}
