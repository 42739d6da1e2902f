//! Two server instances on one PostgreSQL database (`parsec_server::cluster`): greeting
//! wake-ups, events and stream closings cross from one to the other; concurrent writes
//! through both end with exactly one winner and the official status for the other. Each
//! test has its own fresh database and is skipped without `PARSEC_TEST_POSTGRES_URL`.

use crate::common::{
    body_bytes, fresh_timestamp, reply, FreshPgDatabase, NewUserCertificates, TestBootstrap,
    TestDevice, TestOrg, TestServer,
};
use crate::greeting::{c_step, claimer_attempt, g_step, greeter_attempt, steps};
use crate::invite::new_user_token;
use crate::sse::Stream;
use axum::http::{Method, StatusCode};
use parsec_protocol::cmds::anonymous::organization_bootstrap;
use parsec_protocol::cmds::authenticated::{
    certificate_get, invite_greeter_step as gstep, invite_new_user, organization_info, user_create,
    user_revoke, user_update,
};
use parsec_protocol::cmds::invited::invite_claimer_step as cstep;
use parsec_protocol::ids::{AccessToken, UserProfile};
use parsec_protocol::DateTime;
use parsec_server::cluster::LISTENER_APPLICATION_NAME;
use parsec_server::events::Audience;
use parsec_server::ServerConfig;
use std::time::{Duration, Instant};

/// Instances A and B on the fresh database `url`, and an organization bootstrapped on A
/// (`o`), seen through B as `ob`.
struct Pair {
    a: TestOrg,
    b: TestOrg,
    /// Last: dropped once both servers are.
    db: FreshPgDatabase,
}

fn same_device(d: &TestDevice) -> TestDevice {
    TestDevice {
        device_id: d.device_id,
        user_id: d.user_id,
        key: d.key.clone(),
    }
}

impl Pair {
    /// `None` without `PARSEC_TEST_POSTGRES_URL`.
    async fn new(cluster: bool, tweak: impl Fn(&mut ServerConfig)) -> Option<Self> {
        let db = FreshPgDatabase::new("parsec_cluster").await?;
        let a_server = TestServer::postgres_at(&db.url, cluster, &tweak).await;
        let b_server = TestServer::postgres_at(&db.url, cluster, &tweak).await;
        let org = crate::common::org_name("Multi");
        let token = a_server.create_org(&org).await;
        let alice = a_server.bootstrap(&org, Some(token)).await.device;
        let b = TestOrg {
            server: b_server,
            org: org.clone(),
            alice: same_device(&alice),
        };
        let a = TestOrg {
            server: a_server,
            org,
            alice,
        };
        Some(Self { a, b, db })
    }
}

/// A whole greeting, both sides concurrently, each retrying `not_ready` like a client
/// does: the greeter on `g`, the claimer on `c`. Returns how long it took.
async fn greet_and_claim(g: &TestOrg, c: &TestOrg) -> Duration {
    let alice = &g.alice;
    let token: AccessToken = new_user_token(g, alice, "bob@example.com").await;
    let started = Instant::now();
    let attempt = greeter_attempt(g, alice, token).await;
    assert_eq!(claimer_attempt(c, token, alice.user_id).await, attempt);
    let greeter = async {
        for (gs, cs) in steps() {
            loop {
                match g_step(g, alice, attempt, gs.clone()).await {
                    gstep::Rep::Ok { claimer_step } => {
                        assert_eq!(claimer_step, cs);
                        break;
                    }
                    gstep::Rep::NotReady => {}
                    other => panic!("greeter step: {other:?}"),
                }
            }
        }
    };
    let claimer = async {
        for (gs, cs) in steps() {
            loop {
                match c_step(c, token, attempt, cs.clone()).await {
                    cstep::Rep::Ok { greeter_step } => {
                        assert_eq!(greeter_step, gs);
                        break;
                    }
                    cstep::Rep::NotReady => {}
                    other => panic!("claimer step: {other:?}"),
                }
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(120), async {
        tokio::join!(greeter, claimer)
    })
    .await
    .expect("the greeting ends");
    started.elapsed()
}

/// The default 5 s hold: without wake-ups from A, B's held requests would wait it out
/// at each step.
#[tokio::test]
#[allow(
    clippy::print_stderr,
    reason = "the timings are the point of this test"
)]
async fn greet_on_one_instance_and_claim_on_the_other() {
    let Some(p) = Pair::new(true, |_| {}).await else {
        return;
    };
    let one = greet_and_claim(&p.a, &p.a).await;
    let two = greet_and_claim(&p.a, &p.b).await;
    let reverse = greet_and_claim(&p.b, &p.a).await;
    eprintln!(
        "greet+claim (9 steps, 5 s hold): one instance {one:?}, greeter on A and claimer \
         on B {two:?}, greeter on B and claimer on A {reverse:?}"
    );
    assert!(two < Duration::from_secs(4), "{two:?}");
    assert!(reverse < Duration::from_secs(4), "{reverse:?}");
}

/// What the issue measured: the same without the relay (each step waits out the hold).
/// Slow (about 45 s), so run on demand: `--run-ignored only`.
#[tokio::test]
#[ignore = "takes about 45 s: measures the behaviour without cross-instance wake-ups"]
#[allow(clippy::print_stderr, reason = "the timing is the point of this test")]
async fn greet_across_instances_without_the_relay() {
    let Some(p) = Pair::new(false, |_| {}).await else {
        return;
    };
    let two = greet_and_claim(&p.a, &p.b).await;
    eprintln!("greet+claim across two instances without the relay: {two:?}");
    assert!(two > Duration::from_secs(4), "{two:?}");
}

fn no_keepalive(c: &mut ServerConfig) {
    c.sse_keepalive = None;
    c.greeting_long_poll = Duration::ZERO;
}

#[tokio::test]
async fn events_published_on_one_instance_reach_the_other() {
    let Some(p) = Pair::new(true, no_keepalive).await else {
        return;
    };
    let mut on_b = Stream::open(&p.b, &p.b.alice, None).await;
    let bob =
        p.a.create_user(&p.a.alice, "bob@example.com", "Bob", UserProfile::Standard)
            .await;
    let first = on_b.next().await.expect("an event");
    assert_eq!(first.name, "COMMON_CERTIFICATE");
    let first_id = first.id.expect("an id");
    // Events reach A's own streams through the database too: wait for this one there
    // before opening them, so that it is not their first.
    let org = p.a.org_id();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !p
        .a
        .server
        .state
        .events
        .cached(&org)
        .iter()
        .any(|e| hex::encode(e.id) == first_id)
    {
        assert!(Instant::now() < deadline, "the event reaches A");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // An invitation made on B, to A's stream (only the admins get it).
    let mut on_a = Stream::open(&p.a, &p.a.alice, None).await;
    let mut bob_on_a = Stream::open(&p.a, &bob, None).await;
    new_user_token(&p.b, &p.b.alice, "carl@example.com").await;
    let invitation = on_a.next().await.expect("an event");
    assert_eq!(invitation.name, "INVITATION");
    assert_eq!(on_b.next().await.expect("an event").name, "INVITATION");
    // Bob is no greeter: his next event is the certificate below, not the invitation.
    p.b.create_device(&same_device(&bob)).await;
    assert_eq!(
        bob_on_a.next().await.expect("an event").name,
        "COMMON_CERTIFICATE"
    );

    // The IDs are the same everywhere: reconnecting to A with the last ID seen on B
    // replays what followed.
    let mut replayed = Stream::open(&p.a, &p.a.alice, Some(&first_id)).await;
    let again = replayed.next().await.expect("replayed");
    assert_eq!(again.name, "INVITATION");
    assert_eq!(again.id, invitation.id);
    assert_eq!(
        replayed.next().await.expect("replayed").name,
        "COMMON_CERTIFICATE"
    );
}

/// Both instances publish at once: each caches every event, in the same order (the one
/// PostgreSQL delivers them in), so a `Last-Event-ID` replay is the same anywhere.
#[tokio::test]
async fn every_instance_caches_the_events_in_the_same_order() {
    let Some(p) = Pair::new(true, no_keepalive).await else {
        return;
    };
    let org = p.a.org_id();
    let (a, b) = (&p.a.server.state.events, &p.b.server.state.events);
    let before = a.cached(&org).len();
    for i in 0..100u8 {
        a.publish(&org, Audience::Organization, &[b'a', i]);
        b.publish(&org, Audience::Organization, &[b'b', i]);
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while a.cached(&org).len() < before + 200 || b.cached(&org).len() < before + 200 {
        assert!(Instant::now() < deadline, "every event arrives");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let ids = |bus: &parsec_server::events::EventBus| -> Vec<_> {
        bus.cached(&org).iter().map(|e| e.id).collect()
    };
    assert_eq!(ids(a), ids(b));
}

/// Reads `stream` until it ends (bounded by the stream's own per-frame timeout).
async fn until_closed(stream: &mut Stream) -> Vec<String> {
    let mut names = Vec::new();
    while let Some(event) = stream.next().await {
        names.push(event.name);
    }
    names
}

#[tokio::test]
async fn a_revocation_on_one_instance_closes_the_streams_on_the_other() {
    let Some(p) = Pair::new(true, no_keepalive).await else {
        return;
    };
    let bob =
        p.a.create_user(&p.a.alice, "bob@example.com", "Bob", UserProfile::Standard)
            .await;
    let mut bob_on_b = Stream::open(&p.b, &bob, None).await;
    let mut alice_on_b = Stream::open(&p.b, &p.b.alice, None).await;
    assert!(matches!(
        p.a.revoke(&p.a.alice, bob.user_id).await,
        user_revoke::Rep::Ok
    ));
    // Bob's stream ends (after the revocation certificate if it was queued first).
    let names = until_closed(&mut bob_on_b).await;
    assert!(names.iter().all(|n| n == "COMMON_CERTIFICATE"), "{names:?}");
    // Alice's stays open and gets the certificate.
    assert_eq!(
        alice_on_b.next().await.expect("an event").name,
        "COMMON_CERTIFICATE"
    );
}

/// Polls B with `device` until it answers `status` (B forgets its kept look-up when A's
/// notification arrives).
async fn until_refused(on: &TestOrg, device: &TestDevice, status: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let res = on.auth(device, organization_info::Req.dump()).await;
        if res.status().as_u16() == status {
            return;
        }
        assert_eq!(res.status(), StatusCode::OK, "accepted until refused");
        assert!(Instant::now() < deadline, "refused with {status} in time");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn a_change_on_one_instance_is_seen_by_the_authentication_of_the_other() {
    let Some(p) = Pair::new(true, |_| {}).await else {
        return;
    };
    let bob =
        p.a.create_user(&p.a.alice, "bob@example.com", "Bob", UserProfile::Standard)
            .await;
    for device in [&bob, &p.b.alice] {
        let res = p.b.auth(device, organization_info::Req.dump()).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(p
            .b
            .server
            .state
            .credentials
            .contains(&p.b.org_id(), device.device_id));
    }
    // Revoked through A: B refuses Bob (461).
    assert!(matches!(
        p.a.revoke(&p.a.alice, bob.user_id).await,
        user_revoke::Rep::Ok
    ));
    until_refused(&p.b, &bob, 461).await;
    // Frozen through A's administration API: B refuses Carl (462).
    let carl =
        p.a.create_user(
            &p.a.alice,
            "carl@example.com",
            "Carl",
            UserProfile::Standard,
        )
        .await;
    let res = p.b.auth(&carl, organization_info::Req.dump()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (status, _) =
        p.a.server
            .admin(
                Method::POST,
                &format!("/organizations/{}/users/freeze", p.a.org),
                Some(serde_json::json!({ "frozen": true, "user_email": "carl@example.com" })),
            )
            .await;
    assert_eq!(status, StatusCode::OK);
    until_refused(&p.b, &carl, 462).await;
    // Expired through A's administration API: B refuses Alice (460).
    let (status, _) =
        p.a.server
            .admin(
                Method::PATCH,
                &format!("/organizations/{}", p.a.org),
                Some(serde_json::json!({ "is_expired": true })),
            )
            .await;
    assert_eq!(status, StatusCode::OK);
    until_refused(&p.b, &p.b.alice, 460).await;
}

/// B keeps the users of the organization between requests (the users cache of
/// PostgreSQL); changes made through A are seen by B's next request at once, without any
/// message between the instances (none is relayed here): the cache is checked against
/// the users' version in the organization row.
#[tokio::test]
async fn users_changed_on_one_instance_are_read_by_the_other_at_once() {
    let Some(p) = Pair::new(false, |_| {}).await else {
        return;
    };
    let new_user = async |on: &TestOrg, author: &TestDevice, email: &str| {
        crate::invite::new_user(on, author, email, false).await
    };
    let hits = || {
        p.b.server
            .state
            .store
            .cache_stats()
            .and_then(|caches| caches.users)
            .expect("a users cache on PostgreSQL")
            .hits
    };
    // B reads and keeps the users (Alice alone).
    assert!(matches!(
        new_user(&p.b, &p.b.alice, "bob@example.com").await,
        invite_new_user::Rep::Ok(_)
    ));
    let bob =
        p.a.create_user(&p.a.alice, "bob@example.com", "Bob", UserProfile::Standard)
            .await;
    // Created through A: B knows Bob's email is taken.
    assert_eq!(
        new_user(&p.b, &p.b.alice, "bob@example.com").await,
        invite_new_user::Rep::ClaimerEmailAlreadyEnrolled
    );
    // Bob cannot invite: not an administrator. Made one through A: B lets him.
    assert_eq!(
        new_user(&p.b, &bob, "carl@example.com").await,
        invite_new_user::Rep::AuthorNotAllowed
    );
    assert_eq!(
        p.a.update(&p.a.alice, bob.user_id, UserProfile::Admin)
            .await,
        user_update::Rep::Ok
    );
    assert!(matches!(
        new_user(&p.b, &bob, "carl@example.com").await,
        invite_new_user::Rep::Ok(_)
    ));
    // Revoked through A: B lets his email be invited again.
    assert!(matches!(
        p.a.revoke(&p.a.alice, bob.user_id).await,
        user_revoke::Rep::Ok
    ));
    assert!(matches!(
        new_user(&p.b, &p.b.alice, "bob@example.com").await,
        invite_new_user::Rep::Ok(_)
    ));
    // Unchanged users are read from memory.
    let before = hits();
    assert!(matches!(
        new_user(&p.b, &p.b.alice, "dan@example.com").await,
        invite_new_user::Rep::Ok(_)
    ));
    assert!(hits() > before, "the users were kept");
}

/// B keeps the organization's common certificates (PostgreSQL); certificates added
/// through A are served by B's next `certificate_get` at once, without any message
/// between the instances (none is relayed here): the kept topic is checked against the
/// organization's last certificate timestamp.
#[tokio::test]
async fn certificates_added_on_one_instance_are_served_by_the_other_at_once() {
    let Some(p) = Pair::new(false, |_| {}).await else {
        return;
    };
    let get = async |after: Option<DateTime>| {
        let req = certificate_get::Req {
            common_after: after,
            ..Default::default()
        };
        crate::certificates::certificate_get(&p.b.server, &p.b.org, &p.b.alice, req)
            .await
            .common_certificates
    };
    let hits = || {
        p.b.server
            .state
            .store
            .cache_stats()
            .and_then(|caches| caches.certificates)
            .expect("a certificates cache on PostgreSQL")
            .hits
    };
    let bootstrap = get(None).await;
    assert_eq!(bootstrap.len(), 2, "Alice's user and device");
    let before = hits();
    assert_eq!(get(None).await, bootstrap);
    assert!(hits() > before, "the topic was kept");
    let last = DateTime::now();
    let bob =
        p.a.create_user(&p.a.alice, "bob@example.com", "Bob", UserProfile::Standard)
            .await;
    let all = get(None).await;
    assert_eq!(all.len(), 4, "Bob's user and device, created through A");
    assert_eq!(all[..2], bootstrap[..]);
    assert_eq!(get(Some(last)).await, all[2..]);
    let before = hits();
    assert_eq!(get(None).await, all);
    assert!(
        hits() > before,
        "what was kept and what followed it, kept whole again"
    );
    assert!(matches!(
        p.a.revoke(&p.a.alice, bob.user_id).await,
        user_revoke::Rep::Ok
    ));
    assert_eq!(get(None).await.len(), 5, "Bob's revocation");
}

/// An organization whose certificates weigh more than the cache may keep is read from
/// the client's cursor, as without the cache, and still answered right.
#[tokio::test]
async fn certificates_beyond_the_cache_are_read_from_the_cursor() {
    let Some(db) = FreshPgDatabase::new("parsec_certs_big").await else {
        return;
    };
    let store = parsec_server::storage::sql::SqlStorage::open_postgres(&db.url, 2, 1)
        .await
        .expect("open")
        // Room for the marker of a topic too large, not for two certificates.
        .with_caches(
            1 << 20,
            parsec_server::storage::sql::kept::ENTRY_BYTES + 100,
        );
    let server = TestServer::postgres_with(&db.url, store, false, |_| {}).await;
    let org = crate::common::org_name("Big");
    let token = server.create_org(&org).await;
    let alice = server.bootstrap(&org, Some(token)).await;
    let bootstrapped = alice.user_certificate.timestamp;
    let t = crate::common::TestOrg {
        server,
        org,
        alice: alice.device,
    };
    let get = async |after: Option<DateTime>| {
        let req = certificate_get::Req {
            common_after: after,
            ..Default::default()
        };
        crate::certificates::certificate_get(&t.server, &t.org, &t.alice, req)
            .await
            .common_certificates
    };
    for _ in 0..2 {
        assert_eq!(get(None).await.len(), 2, "Alice's user and device");
        assert!(get(Some(bootstrapped)).await.is_empty());
    }
    // A later version: still too large, still read from the cursor.
    let last = DateTime::now();
    t.create_user(&t.alice, "bob@example.com", "Bob", UserProfile::Standard)
        .await;
    assert_eq!(get(None).await.len(), 4, "Bob's user and device too");
    assert_eq!(get(Some(last)).await.len(), 2, "only Bob's");
    let caches = t.server.state.store.cache_stats().expect("caches");
    assert_eq!(
        caches.certificates.expect("a certificates cache").hits,
        0,
        "two certificates weigh more than the cache may keep"
    );
}

/// Terminates the listening connections of the servers on `url`; returns how many.
async fn terminate_listeners(url: &str) -> u64 {
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await
        .expect("connect");
    let killed = sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND application_name = $1",
    )
    .bind(LISTENER_APPLICATION_NAME)
    .fetch_all(&pool)
    .await
    .expect("terminate")
    .len() as u64;
    pool.close().await;
    killed
}

#[tokio::test]
async fn the_listener_reconnects_after_its_connection_is_killed() {
    let Some(p) = Pair::new(true, no_keepalive).await else {
        return;
    };
    let mut on_b = Stream::open(&p.b, &p.b.alice, None).await;
    p.a.create_user(&p.a.alice, "bob@example.com", "Bob", UserProfile::Standard)
        .await;
    let seen = on_b.next().await.expect("an event").id.expect("an id");
    let credentials = &p.b.server.state.credentials;
    assert!(credentials.contains(&p.b.org_id(), p.b.alice.device_id));
    assert_eq!(terminate_listeners(&p.db.url).await, 2, "one per instance");
    // Events sent while B was not listening are lost: once listening again, B closes
    // its streams and forgets its replay cache, so that clients reconnect and, their
    // last event being unknown, resynchronize.
    let names = until_closed(&mut on_b).await;
    assert!(names.is_empty(), "{names:?}");
    // Its kept look-ups were dropped, and none is kept until B hears its own ping back
    // through the database.
    assert!(credentials.suspensions() >= 1);
    let deadline = Instant::now() + Duration::from_secs(20);
    while credentials.is_suspended() {
        assert!(Instant::now() < deadline, "resumed in time");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(!credentials.contains(&p.b.org_id(), p.b.alice.device_id));
    let mut reopened = Stream::open(&p.b, &p.b.alice, Some(&seen)).await;
    assert_eq!(
        reopened.next().await.expect("an event").name,
        "missed_events"
    );
    p.a.create_user(
        &p.a.alice,
        "carl@example.com",
        "Carl",
        UserProfile::Standard,
    )
    .await;
    assert_eq!(
        reopened.next().await.expect("an event").name,
        "COMMON_CERTIFICATE"
    );
    // And the wake-ups cross again: a greeting A to B without waiting out the hold.
    let hold = Pair::new(true, |_| {}).await.expect("same database server");
    terminate_listeners(&hold.db.url).await;
    // Wait until both listen again (a fresh LISTEN shows in pg_stat_activity).
    wait_listening(&hold.db.url, 2).await;
    let took = greet_and_claim(&hold.a, &hold.b).await;
    assert!(took < Duration::from_secs(4), "{took:?}");
}

/// Waits until `count` listening connections are open on `url`.
async fn wait_listening(url: &str, count: i64) {
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await
        .expect("connect");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_stat_activity \
             WHERE datname = current_database() AND application_name = $1",
        )
        .bind(LISTENER_APPLICATION_NAME)
        .fetch_one(&pool)
        .await
        .expect("count");
        if n >= count {
            break;
        }
        assert!(Instant::now() < deadline, "listeners back in time");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    pool.close().await;
}

/// Bootstraps `org` through A and B at once with two identities; asserts one wins.
async fn bootstrap_race(p: &Pair, org: &str, token: Option<AccessToken>, round: usize) {
    let (x, y) = (
        TestBootstrap::new(fresh_timestamp()),
        TestBootstrap::new(fresh_timestamp()),
    );
    let (rx, ry) = tokio::join!(
        p.a.server.anonymous(org, x.req(token).dump()),
        p.b.server.anonymous(org, y.req(token).dump()),
    );
    let rx = organization_bootstrap::Rep::load(&body_bytes(rx).await).expect("reply");
    let ry = organization_bootstrap::Rep::load(&body_bytes(ry).await).expect("reply");
    let mut outcomes = [rx, ry];
    outcomes.sort_by_key(|r| !matches!(r, organization_bootstrap::Rep::Ok));
    assert_eq!(
        outcomes,
        [
            organization_bootstrap::Rep::Ok,
            organization_bootstrap::Rep::OrganizationAlreadyBootstrapped
        ],
        "round {round}"
    );
}

#[tokio::test]
async fn concurrent_bootstraps_on_two_instances() {
    let Some(p) = Pair::new(true, |c| c.spontaneous_organization_bootstrap = true).await else {
        return;
    };
    for round in 0..5 {
        // Created by the administration API, with its bootstrap token.
        let org = crate::common::org_name("Race");
        let token = p.a.server.create_org(&org).await;
        bootstrap_race(&p, &org, Some(token), round).await;
        // Unknown until bootstrapped (spontaneous bootstrap).
        let org = crate::common::org_name("Spontaneous");
        bootstrap_race(&p, &org, None, round).await;
    }
}

#[tokio::test]
async fn concurrent_user_creations_of_one_email() {
    let Some(p) = Pair::new(true, |_| {}).await else {
        return;
    };
    for round in 0..5 {
        let email = format!("same{round}@example.com");
        let x = NewUserCertificates::new(
            &p.a.alice,
            &email,
            "X",
            UserProfile::Standard,
            fresh_timestamp(),
        );
        let y = NewUserCertificates::new(
            &p.a.alice,
            &email,
            "Y",
            UserProfile::Standard,
            fresh_timestamp(),
        );
        let (rx, ry) = tokio::join!(
            p.a.auth(&p.a.alice, x.req(&p.a.alice.key).dump()),
            p.b.auth(&p.b.alice, y.req(&p.b.alice.key).dump()),
        );
        let rx = reply(rx, user_create::Rep::load).await;
        let ry = reply(ry, user_create::Rep::load).await;
        // As in the official memory backend, the email is checked before the timestamp:
        // the loser is refused for the email whichever certificate is older.
        let mut outcomes = [rx, ry];
        outcomes.sort_by_key(|r| !matches!(r, user_create::Rep::Ok));
        assert_eq!(
            outcomes,
            [
                user_create::Rep::Ok,
                user_create::Rep::HumanHandleAlreadyTaken
            ],
            "round {round}"
        );
    }
}

#[tokio::test]
async fn concurrent_revocations_of_one_user() {
    let Some(p) = Pair::new(true, |_| {}).await else {
        return;
    };
    for round in 0..5 {
        let bob =
            p.a.create_user(
                &p.a.alice,
                &format!("bob{round}@example.com"),
                "Bob",
                UserProfile::Standard,
            )
            .await;
        let (rx, ry) = tokio::join!(
            p.a.revoke(&p.a.alice, bob.user_id),
            p.b.revoke(&p.b.alice, bob.user_id),
        );
        let mut outcomes = [rx, ry];
        outcomes.sort_by_key(|r| !matches!(r, user_revoke::Rep::Ok));
        assert_eq!(outcomes[0], user_revoke::Rep::Ok, "round {round}");
        assert!(
            matches!(outcomes[1], user_revoke::Rep::UserAlreadyRevoked(_)),
            "round {round}: {:?}",
            outcomes[1]
        );
    }
}

/// `--db-max-connections` and `--db-min-connections` reach the pool.
#[tokio::test]
async fn connection_limits_apply() {
    let Some(db) = FreshPgDatabase::new("parsec_pool").await else {
        return;
    };
    let url = &db.url;
    use parsec_server::storage::{Storage, TxMode};
    let store = parsec_server::storage::sql::SqlStorage::open_postgres(url, 3, 2)
        .await
        .expect("open");
    let watcher = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await
        .expect("connect");
    // Our connections, besides the watcher's own.
    let count = async || -> i64 {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .fetch_one(&watcher)
        .await
        .expect("count")
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while count().await < 2 {
        assert!(Instant::now() < deadline, "the minimum is kept open");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let org = create_empty_organization(&store, "PoolOrg").await;
    // Three transactions hold the three connections: a fourth waits for one.
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(
            store
                .transaction(&org, TxMode::Read)
                .await
                .expect("transaction")
                .expect("organization"),
        );
    }
    assert_eq!(count().await, 3);
    let fourth = tokio::time::timeout(
        Duration::from_millis(300),
        store.transaction(&org, TxMode::Read),
    )
    .await;
    assert!(fourth.is_err(), "no fourth connection");
    drop(held.pop());
    let fourth = tokio::time::timeout(
        Duration::from_secs(20),
        store.transaction(&org, TxMode::Read),
    )
    .await
    .expect("a connection was freed")
    .expect("transaction");
    assert!(fourth.is_some());
    assert_eq!(count().await, 3);
}

/// A write transaction's notifications are sent inside it: one rolled back sends
/// nothing, one committed sends its messages with its commit.
#[tokio::test]
async fn notifications_are_sent_with_their_transaction() {
    let Some(db) = FreshPgDatabase::new("parsec_outbox").await else {
        return;
    };
    use parsec_server::cluster::{Local, Outbox, PgCluster, CHANNEL};
    use parsec_server::credential_cache::CredentialCache;
    use parsec_server::events::EventBus;
    use parsec_server::storage::{Storage, TxMode};
    use std::sync::Arc;
    let store = parsec_server::storage::sql::SqlStorage::open_postgres(&db.url, 2, 1)
        .await
        .expect("open");
    let org = create_empty_organization(&store, "OutboxOrg").await;
    let local = Local {
        events: Arc::new(EventBus::default()),
        greetings: Arc::default(),
        credentials: Arc::new(CredentialCache::new(10)),
    };
    let events = local.events.clone();
    PgCluster::start(&db.url, local.clone())
        .await
        .expect("cluster");
    let mut listener = sqlx::postgres::PgListener::connect(&db.url)
        .await
        .expect("listener");
    listener.listen(CHANNEL).await.expect("listen");
    let write = || store.transaction_with(&org, TxMode::Write, Outbox::new(local.clone()));
    let mut tx = write().await.expect("begin").expect("organization");
    tx.outbox()
        .extend(events.prepare(&org, Audience::Organization, b"rolled back"));
    drop(tx);
    // Several messages (more than one statement sends), delivered in their order.
    let bodies: Vec<String> = (0..6).map(|i| format!("marker{i}")).collect();
    let mut tx = write().await.expect("begin").expect("organization");
    for body in &bodies {
        tx.outbox()
            .extend(events.prepare(&org, Audience::Organization, body.as_bytes()));
    }
    tx.commit().await.expect("commit");
    let mut received = Vec::new();
    for _ in &bodies {
        received.push(
            tokio::time::timeout(Duration::from_secs(30), listener.recv())
                .await
                .expect("a notification")
                .expect("received"),
        );
    }
    for (body, notification) in bodies.iter().zip(&received) {
        let encoded = data_encoding::BASE64.encode(body.as_bytes());
        assert!(
            notification.payload().contains(&encoded),
            "{body} expected, got {}",
            notification.payload()
        );
    }
    let first = &received[0];
    let marker = data_encoding::BASE64.encode(bodies[0].as_bytes());
    // Sent by the transaction's connection, not by the connection sending after commits.
    let sender: Option<String> =
        sqlx::query_scalar("SELECT application_name FROM pg_stat_activity WHERE pid = $1")
            .bind(i32::try_from(first.process_id()).expect("a pid"))
            .fetch_optional(&mut listener)
            .await
            .expect("pg_stat_activity");
    assert_ne!(sender.as_deref(), Some("parsec-server-notify"));
    assert!(
        sender.is_some(),
        "the pool keeps the transaction's connection"
    );
    // Back through this process's own listener, the event reaches its streams.
    let deadline = Instant::now() + Duration::from_secs(30);
    while events.cached(&org).is_empty() {
        assert!(Instant::now() < deadline, "the event comes back");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while events.cached(&org).len() < bodies.len() {
        assert!(Instant::now() < deadline, "every event comes back");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let cached = events.cached(&org);
    assert_eq!(cached.len(), bodies.len());
    assert!(cached[0].frame.contains(&marker));
}

/// Instance A crashes right after committing a claimer step: the wake-up committed with
/// it still reaches the greeter step held on B.
#[tokio::test]
async fn a_step_committed_by_a_crashing_instance_wakes_the_other() {
    let Some(db) = FreshPgDatabase::new("parsec_outbox_crash").await else {
        return;
    };
    // Without the wake-up, B would hold its greeter step for 120 s.
    let b_server = TestServer::postgres_at(&db.url, true, |c| {
        c.greeting_long_poll = Duration::from_secs(120);
    })
    .await;
    let org = crate::common::org_name("Crash");
    let token = b_server.create_org(&org).await;
    let alice = b_server.bootstrap(&org, Some(token)).await.device;
    let b = TestOrg {
        server: b_server,
        org: org.clone(),
        alice,
    };
    let a = parsec_testkit::OurServer::builder(parsec_testkit::Db::Url(db.url.clone()))
        .env(
            parsec_server::failpoint::ENV_VAR,
            "greeting_step:after-commit",
        )
        .start();
    let token = new_user_token(&b, &b.alice, "bob@example.com").await;
    let attempt = greeter_attempt(&b, &b.alice, token).await;
    assert_eq!(claimer_attempt(&b, token, b.alice.user_id).await, attempt);
    let (g0, c0) = steps().swap_remove(0);
    let org_id: parsec_protocol::ids::OrganizationID = org.parse().expect("valid");
    let greeter = async {
        tokio::time::timeout(Duration::from_secs(60), g_step(&b, &b.alice, attempt, g0))
            .await
            .expect("woken before its hold ends")
    };
    let claimer = async {
        let deadline = Instant::now() + Duration::from_secs(30);
        while b.server.state.greetings.held(
            &org_id,
            attempt,
            parsec_protocol::invite::GreeterOrClaimer::Greeter,
        ) == 0
        {
            assert!(Instant::now() < deadline, "the greeter step is held on B");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let body = cstep::Req {
            greeting_attempt: attempt,
            claimer_step: c0.clone(),
        }
        .dump();
        let sent = reqwest::Client::new()
            .post(format!("http://127.0.0.1:{}/invited/{org}", a.port()))
            .header("api-version", "5.5")
            .header("content-type", "application/msgpack")
            .header("authorization", format!("Bearer {}", token.hex()))
            .body(body)
            .send()
            .await;
        assert!(sent.is_err(), "A aborts before answering: {sent:?}");
    };
    let (rep, ()) = tokio::join!(greeter, claimer);
    assert_eq!(rep, gstep::Rep::Ok { claimer_step: c0 });
}

/// Creates the organization `name` (not bootstrapped) in `store`.
async fn create_empty_organization(
    store: &dyn parsec_server::storage::Storage,
    name: &str,
) -> parsec_protocol::ids::OrganizationID {
    let org: parsec_protocol::ids::OrganizationID = name.parse().expect("valid");
    store
        .create_organization(parsec_server::storage::NewOrganization {
            id: org.clone(),
            bootstrap_token: None,
            config: Default::default(),
            created_on: DateTime::now(),
        })
        .await
        .expect("create");
    org
}
