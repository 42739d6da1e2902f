//! `parsec-server migrate` (the official `parsec migrate`) and the schema check of
//! `parsec-server run`: an empty or older database is brought to our version, a newer one
//! is refused by both.

use crate::common::FreshPgDatabase;
use parsec_server::storage::schema::SCHEMA_VERSION;
use sqlx::any::AnyPoolOptions;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn server(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_parsec-server"))
        .args(args)
        .env_remove("PARSEC_DB")
        .env_remove("PARSEC_CMD_ARGS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start parsec-server");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("parsec-server {args:?} did not end");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs SQL statements on the database `url` (`sqlite:…` or `postgres…`).
async fn sql(url: &str, statements: &[&str]) {
    sqlx::any::install_default_drivers();
    let url = match url.strip_prefix("sqlite:") {
        Some(path) => format!("sqlite://{path}"),
        None => url.to_owned(),
    };
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect(&url)
        .await
        .expect("connect");
    for s in statements {
        sqlx::query(s).execute(&pool).await.expect(s);
    }
    pool.close().await;
}

async fn has_table(url: &str, table: &str) -> bool {
    sqlx::any::install_default_drivers();
    let (url, query) = match url.strip_prefix("sqlite:") {
        Some(path) => (
            format!("sqlite://{path}"),
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1",
        ),
        None => (
            url.to_owned(),
            "SELECT 1 FROM information_schema.tables WHERE table_name = $1",
        ),
    };
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect(&url)
        .await
        .expect("connect");
    let found = sqlx::query(query)
        .bind(table)
        .fetch_optional(&pool)
        .await
        .expect("query")
        .is_some();
    pool.close().await;
    found
}

async fn migrate_then_refuse_newer(db: &str) {
    let v = SCHEMA_VERSION;
    let dry = server(&["migrate", "--db", db, "--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert_eq!(
        stdout(&dry),
        format!(
            "schema version {v}: to apply (now none (empty database); dry run, nothing changed)\n"
        )
    );
    match db.strip_prefix("sqlite:") {
        Some(path) => assert!(!std::path::Path::new(path).exists(), "no file created"),
        None => assert!(!has_table(db, "organization").await, "no table created"),
    }

    let first = server(&["migrate", "--db", db]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(
        stdout(&first),
        format!("schema version {v}: applied (was none (empty database))\n")
    );
    assert!(has_table(db, "greeting_step").await);
    let again = server(&["migrate", "--db", db]);
    assert_eq!(stdout(&again), format!("schema version {v}: up to date\n"));

    assert!(has_table(db, "shamir_recovery_setup").await);

    // A database of version 1 lacks the greeting tables (and those of later versions).
    sql(
        db,
        &[
            "DROP TABLE greeting_step",
            "DROP TABLE greeting_attempt",
            "DROP TABLE shamir_recovery_invitation",
            "DROP TABLE shamir_recovery_share",
            "DROP TABLE shamir_recovery_setup",
            "DELETE FROM parsec_schema_version",
            "INSERT INTO parsec_schema_version (version) VALUES (1)",
        ],
    )
    .await;
    let older = server(&["migrate", "--db", db]);
    assert_eq!(
        stdout(&older),
        format!("schema version {v}: applied (was 1)\n")
    );
    assert!(has_table(db, "greeting_step").await);
    assert!(has_table(db, "shamir_recovery_share").await);
    assert!(has_table(db, "shamir_recovery_invitation").await);

    // Written by a newer server: refused by `migrate` and by `run`.
    let newer = v + 1;
    sql(
        db,
        &[&format!(
            "INSERT INTO parsec_schema_version (version) VALUES ({newer})"
        )],
    )
    .await;
    let refused = server(&["migrate", "--db", db]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains(&format!("schema version {newer}, ours is {v}")),
        "{}",
        stderr(&refused)
    );
    let run = server(&[
        "run",
        "--db",
        db,
        "--port",
        "0",
        "--administration-token",
        "x",
    ]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains(&format!("schema version {newer}, ours is {v}")),
        "{}",
        stderr(&run)
    );
}

#[tokio::test]
async fn migrate_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = format!("sqlite:{}", dir.path().join("parsec.sqlite").display());
    migrate_then_refuse_newer(&db).await;
}

#[tokio::test]
async fn migrate_postgres() {
    let Some(db) = FreshPgDatabase::new("parsec_migrate").await else {
        return;
    };
    migrate_then_refuse_newer(&db.url).await;
}

#[test]
fn migrate_rejects_other_databases() {
    let out = server(&["migrate", "--db", "MOCKED"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--db must be"), "{}", stderr(&out));
}

/// The first value of a query.
async fn scalars(url: &str, query: &str) -> Vec<i64> {
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await
        .expect("connect");
    let values = sqlx::query_scalar(query)
        .fetch_all(&pool)
        .await
        .expect(query);
    pool.close().await;
    values
}

/// Version 6 (PostgreSQL): the organizations of an older database each get their own
/// users' version, which then changes with their users only.
#[tokio::test]
async fn migrate_postgres_gives_existing_organizations_a_users_version() {
    let Some(db) = FreshPgDatabase::new("parsec_migrate6").await else {
        return;
    };
    let url = db.url.as_str();
    let first = server(&["migrate", "--db", url]);
    assert!(first.status.success(), "{}", stderr(&first));
    let org = |id: &str| {
        format!(
            "INSERT INTO organization (organization_id, is_bootstrapped, is_expired, created_on, \
                user_profile_outsider_allowed, minimum_archiving_period) \
             VALUES ('{id}', 0, 0, 1, 1, 0)"
        )
    };
    sql(
        url,
        &[
            "DROP TRIGGER parsec_users_changed ON parsec_user",
            "DROP TRIGGER parsec_users_truncated ON parsec_user",
            "DROP FUNCTION parsec_users_changed()",
            "ALTER TABLE organization DROP COLUMN users_version",
            "DROP SEQUENCE parsec_users_version",
            &org("A"),
            &org("B"),
            "DELETE FROM parsec_schema_version",
            "INSERT INTO parsec_schema_version (version) VALUES (5)",
        ],
    )
    .await;
    let migrated = server(&["migrate", "--db", url]);
    assert_eq!(
        stdout(&migrated),
        format!("schema version {SCHEMA_VERSION}: applied (was 5)\n"),
        "{}",
        stderr(&migrated)
    );
    let versions = "SELECT users_version FROM organization ORDER BY organization_id";
    let before = scalars(url, versions).await;
    assert_eq!(before.len(), 2);
    assert_ne!(before[0], before[1], "each organization has its own");
    sql(
        url,
        &[
            "INSERT INTO parsec_user (organization_id, user_id, initial_profile, \
            current_profile, user_certificate, redacted_user_certificate, created_on) \
           VALUES ('A', 'u', 'ADMIN', 'ADMIN', '\\x00', '\\x00', 1)",
        ],
    )
    .await;
    let inserted = scalars(url, versions).await;
    assert_ne!(inserted[0], before[0], "A's users changed");
    assert_eq!(inserted[1], before[1], "B's did not");
    sql(
        url,
        &["UPDATE parsec_user SET frozen = 1 WHERE organization_id = 'A'"],
    )
    .await;
    let updated = scalars(url, versions).await;
    assert!(updated[0] != inserted[0] && updated[0] != before[0]);
    sql(
        url,
        &["DELETE FROM parsec_user WHERE organization_id = 'A'"],
    )
    .await;
    let deleted = scalars(url, versions).await;
    assert!(!before.contains(&deleted[0]) && deleted[0] != updated[0]);
    assert_eq!(deleted[1], before[1]);
    sql(url, &["TRUNCATE parsec_user"]).await;
    let truncated = scalars(url, versions).await;
    assert!(
        truncated[0] != deleted[0] && truncated[1] != deleted[1],
        "all changed"
    );
}
