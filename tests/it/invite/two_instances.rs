//! The README's deployment of two server instances on one PostgreSQL database, without
//! its reverse proxy: the greeter uses instance A, the claimer instance B, as a load
//! balancer may send them. Needs `PARSEC_TEST_POSTGRES_URL` (skipped otherwise); the
//! test has its own database, dropped at the end.

use super::{cli_as, greet_cmd, invite, organization, Polling, CAROL, DAVE};
use crate::block_on;
use crate::invite::json_driver::greet_and_claim;
use crate::test_env;
use parsec_testkit::{Db, OurServer, ALICE};
use std::process::Command;
use std::time::{Duration, Instant};

/// A fresh PostgreSQL database, dropped with this value.
pub(super) struct FreshDatabase {
    admin_url: String,
    name: String,
    /// Its URL.
    pub(super) url: String,
}

impl FreshDatabase {
    /// `None` without `PARSEC_TEST_POSTGRES_URL`.
    pub(super) fn new(prefix: &str) -> Option<Self> {
        let admin_url = std::env::var("PARSEC_TEST_POSTGRES_URL").ok()?;
        let name = format!("{prefix}_{}", std::process::id());
        let (base, _) = admin_url.rsplit_once('/').expect("a database in the URL");
        let url = format!("{base}/{name}");
        block_on(async {
            sqlx::any::install_default_drivers();
            let pool = sqlx::AnyPool::connect(&admin_url).await.expect("connect");
            for sql in [
                format!("DROP DATABASE IF EXISTS {name}"),
                format!("CREATE DATABASE {name}"),
            ] {
                sqlx::query(&sql).execute(&pool).await.expect(&sql);
            }
        });
        Some(Self {
            admin_url,
            name,
            url,
        })
    }
}

impl Drop for FreshDatabase {
    fn drop(&mut self) {
        block_on(async {
            if let Ok(pool) = sqlx::AnyPool::connect(&self.admin_url).await {
                let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
                let _ = sqlx::query(&sql).execute(&pool).await;
            }
        });
    }
}

pub(super) fn json(cmd: Command) -> Command {
    let mut cmd = cmd;
    cmd.args(["--format", "json", "--password-stdin"]);
    cmd
}

pub(super) fn claim_json(env: &parsec_testkit::TestEnv, url: &str) -> Command {
    json(env.cli(["invite", "claim", url]))
}

#[test]
#[allow(
    clippy::print_stderr,
    reason = "the timings are the point of this test"
)]
fn greet_on_one_instance_and_claim_on_the_other() {
    let Some(db) = FreshDatabase::new("parsec_two_instances") else {
        return;
    };
    let a = OurServer::start(Db::Url(db.url.clone()));
    let b = OurServer::start(Db::Url(db.url.clone()));
    let alice = organization(&a, "TwoInstances");
    let on_b = |url: &str| url.replace(&format!(":{}", a.port()), &format!(":{}", b.port()));

    // The same flow on one instance, for comparison.
    let (token, url) = invite(&alice, &ALICE, &["invite", "user", CAROL.email]);
    let carol = test_env();
    let started = Instant::now();
    greet_and_claim(
        json(greet_cmd(&alice, &token, Polling::Default)),
        &ALICE,
        claim_json(&carol, &url),
        &CAROL,
        "",
    );
    let one = started.elapsed();

    // Greeter on A, claimer on B.
    let (token, url) = invite(&alice, &ALICE, &["invite", "user", DAVE.email]);
    let url_b = on_b(&url);
    assert_ne!(url, url_b);
    let dave = test_env();
    let started = Instant::now();
    let outcome = greet_and_claim(
        json(greet_cmd(&alice, &token, Polling::Default)),
        &ALICE,
        claim_json(&dave, &url_b),
        &DAVE,
        "",
    );
    let two = started.elapsed();
    eprintln!(
        "greet+claim with our CLI: one instance {one:?}, greeter on A and claimer on B {two:?}"
    );
    assert_eq!(outcome.greeter["human_handle"]["email"], DAVE.email);
    // Without wake-ups across instances each of the steps would wait out the 5 s hold.
    assert!(
        two < one + Duration::from_secs(4),
        "one instance {one:?}, two {two:?}"
    );
    // Dave's new device works on either instance.
    let users = cli_as(&dave, &DAVE, &["user", "list"]);
    assert!(
        users.status.success(),
        "{}",
        String::from_utf8_lossy(&users.stderr)
    );
    assert!(
        String::from_utf8_lossy(&users.stdout).contains("dave@example.com"),
        "{}",
        String::from_utf8_lossy(&users.stdout)
    );
}
