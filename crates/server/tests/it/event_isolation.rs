//! Events per organization and the limits on what one device or invitation-token holder
//! can make the server publish or hold: a flood in one organization leaves the others'
//! streams open, identical events are coalesced, publishing calls are rate-limited, held
//! step requests and greeting attempts are capped, ended attempts are purged.

use crate::common::{org_id, org_name, reply, Backend, TestDevice, TestOrg, TestServer};
use crate::greeting::{
    c_step, claimer_attempt, claimer_start, g_cancel, g_step, greeter_attempt, pk,
};
use crate::invite::{complete, new_device_token, new_user_token};
use crate::on_every_backend;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use futures_util::stream::FuturesUnordered;
use futures_util::StreamExt;
use parsec_protocol::cmds::authenticated::{invite_greeter_step as gstep, invite_new_device};
use parsec_protocol::cmds::invited::{
    invite_claimer_start_greeting_attempt as cstart, invite_claimer_step as cstep,
};
use parsec_protocol::ids::{AccessToken, UserProfile};
use parsec_protocol::invite::{
    CancelledGreetingAttemptReason as Reason, ClaimerStep, GreeterOrClaimer, GreeterStep,
};
use parsec_protocol::DateTime;
use parsec_server::services::invite::purge::{purge_stale_attempts, spawn_maintenance};
use parsec_server::ServerConfig;
use std::time::Duration;

/// An open event stream.
struct Sse {
    body: axum::body::BodyDataStream,
}

/// One frame: the event name (`missed_events` included), its token if any, its `id:`.
#[derive(Debug)]
struct Frame {
    name: String,
    token: Option<Vec<u8>>,
    id: Option<String>,
}

impl Sse {
    async fn open(server: &TestServer, org: &str, device: &TestDevice, last: Option<&str>) -> Self {
        let mut req = Request::get(format!("/authenticated/{org}/events"))
            .header("api-version", "5.5")
            .header(header::ACCEPT, "text/event-stream")
            .header(header::AUTHORIZATION, device.auth_header(DateTime::now()));
        if let Some(id) = last {
            req = req.header("last-event-id", id);
        }
        let res = server.send(req.body(Body::empty()).expect("request")).await;
        assert_eq!(res.status(), StatusCode::OK);
        let mut s = Self {
            body: res.into_body().into_data_stream(),
        };
        let first = s.next().await.expect("first event");
        assert_eq!(first.name, "ORGANIZATION_CONFIG");
        s
    }

    /// The next frame, `None` once the stream ended.
    async fn next(&mut self) -> Option<Frame> {
        let chunk = tokio::time::timeout(Duration::from_secs(10), self.body.next())
            .await
            .expect("a frame in time")?
            .expect("readable");
        let text = String::from_utf8(chunk.to_vec()).expect("utf-8");
        let (mut data, mut id) = (None, None);
        for line in text.trim_end().lines() {
            if let Some(e) = line.strip_prefix("event:") {
                return Some(Frame {
                    name: e.to_owned(),
                    token: None,
                    id: None,
                });
            } else if let Some(d) = line.strip_prefix("data:") {
                data = Some(d.to_owned());
            } else if let Some(i) = line.strip_prefix("id:") {
                id = Some(i.to_owned());
            }
        }
        let msgpack = data_encoding::BASE64
            .decode(data.expect("a data line").as_bytes())
            .expect("base64");
        let value = parsec_protocol::data::read_value(&msgpack).expect("msgpack");
        let field = |k: &str| {
            value
                .as_map()
                .and_then(|m| m.iter().find(|(key, _)| key.as_str() == Some(k)))
                .map(|(_, v)| v.clone())
        };
        Some(Frame {
            name: field("event")
                .and_then(|v| v.as_str().map(str::to_owned))
                .expect("an event name"),
            token: field("token").and_then(|v| match v {
                rmpv::Value::Binary(b) => Some(b),
                _ => None,
            }),
            id,
        })
    }
}

/// A bootstrapped organization on `server`: its name and first (ADMIN) device.
async fn second_org(server: &TestServer, prefix: &str) -> (String, TestDevice) {
    let org = org_name(prefix);
    let token = server.create_org(&org).await;
    let device = server.bootstrap(&org, Some(token)).await.device;
    (org, device)
}

/// `invite_new_device` by `device` of `org`: the HTTP status and the token when 200.
async fn invite_device(
    server: &TestServer,
    org: &str,
    device: &TestDevice,
) -> (StatusCode, Option<AccessToken>) {
    let req = invite_new_device::Req { send_email: false };
    let res = server.authenticated(org, device, req.dump()).await;
    let status = res.status();
    if status != StatusCode::OK {
        return (status, None);
    }
    match reply(res, invite_new_device::Rep::load).await {
        invite_new_device::Rep::Ok(c) => (status, Some(c.token)),
        other => panic!("unexpected {other:?}"),
    }
}

/// No coalescing, no rate limit: every call publishes.
fn unlimited(c: &mut ServerConfig) {
    c.sse_keepalive = None;
    c.event_limits.events_coalesce_window = Duration::ZERO;
    c.event_limits.events_publish_rate = 0.0;
}

#[tokio::test]
async fn a_flood_in_one_organization_leaves_other_streams_open() {
    let server = TestServer::with_config(Backend::Memory, unlimited).await;
    let (org_a, a) = second_org(&server, "FloodA").await;
    let (org_b, b) = second_org(&server, "FloodB").await;
    // Neither stream is read during the flood.
    let mut slow_a = Sse::open(&server, &org_a, &a, None).await;
    let mut slow_b = Sse::open(&server, &org_b, &b, None).await;
    for _ in 0..2_100 {
        assert_eq!(invite_device(&server, &org_a, &a).await.0, StatusCode::OK);
    }
    let (_, token_b) = invite_device(&server, &org_b, &b).await;
    let got = slow_b.next().await.expect("B's stream is still open");
    assert_eq!(got.name, "INVITATION");
    assert_eq!(got.token, token_b.map(|t| t.as_bytes().to_vec()));
    // A's own stream lagged past its buffer of 100: closed, as the official server does.
    assert!(
        slow_a.next().await.is_none(),
        "A's lagging stream is closed"
    );
    // Nothing of A's flood is kept for B.
    assert_eq!(server.state.events.cached(&org_id(&org_b)).len(), 1);
}

async fn last_event_id_replay_is_per_organization(backend: Backend) {
    let server = TestServer::with_config(backend, unlimited).await;
    let (org_a, a) = second_org(&server, "ReplayA").await;
    let (org_b, b) = second_org(&server, "ReplayB").await;
    let mut stream_a = Sse::open(&server, &org_a, &a, None).await;
    invite_device(&server, &org_a, &a).await;
    let first = stream_a.next().await.expect("an event");
    let first_id = first.id.expect("an id");
    invite_device(&server, &org_b, &b).await;
    let (_, second) = invite_device(&server, &org_a, &a).await;
    drop(stream_a);
    let mut again = Sse::open(&server, &org_a, &a, Some(&first_id)).await;
    let replayed = again.next().await.expect("a replayed event");
    assert_eq!(replayed.name, "INVITATION");
    assert_eq!(replayed.token, second.map(|t| t.as_bytes().to_vec()));
    // An ID of organization A means nothing in B.
    let mut in_b = Sse::open(&server, &org_b, &b, Some(&first_id)).await;
    assert_eq!(in_b.next().await.expect("a frame").name, "missed_events");
}

on_every_backend!(last_event_id_replay_is_per_organization);

#[tokio::test]
async fn publishing_calls_are_coalesced_and_rate_limited() {
    let o = TestOrg::with_config(Backend::Memory, |c| {
        c.sse_keepalive = None;
        c.event_limits.events_publish_burst = 5;
        // No refill during the test.
        c.event_limits.events_publish_rate = 0.001;
    })
    .await;
    let alice = &o.alice;
    let bob = o
        .create_user(alice, "bob@example.com", "Bob", UserProfile::Standard)
        .await;
    let mut stream = Sse::open(&o.server, &o.org, alice, None).await;
    let mut token = None;
    for _ in 0..5 {
        let (status, t) = invite_device(&o.server, &o.org, alice).await;
        assert_eq!(status, StatusCode::OK);
        token = t;
    }
    let res = o
        .auth(alice, invite_new_device::Req { send_email: false }.dump())
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key(header::RETRY_AFTER));
    // Another device has its own budget.
    assert_eq!(
        invite_device(&o.server, &o.org, &bob).await.0,
        StatusCode::OK
    );
    // Five identical republications reached the stream once.
    let first = stream.next().await.expect("an event");
    assert_eq!(first.name, "INVITATION");
    assert_eq!(first.token, token.map(|t| t.as_bytes().to_vec()));
    o.create_user(alice, "carl@example.com", "Carl", UserProfile::Standard)
        .await;
    assert_eq!(
        stream.next().await.expect("an event").name,
        "COMMON_CERTIFICATE",
        "no second INVITATION before it"
    );
}

async fn held_steps_beyond_the_cap_are_released(backend: Backend) {
    let o = TestOrg::with_config(backend, |c| {
        c.greeting_long_poll = Duration::from_secs(60);
        c.event_limits.greeting_max_held_steps = 2;
    })
    .await;
    let alice = &o.alice;
    let token = new_device_token(&o, alice).await;
    let attempt = greeter_attempt(&o, alice, token).await;
    claimer_attempt(&o, token, alice.user_id).await;
    let c0 = ClaimerStep::Number0WaitPeer { public_key: pk(2) };
    let mut held: FuturesUnordered<_> = (0..10)
        .map(|_| c_step(&o, token, attempt, c0.clone()))
        .collect();
    // The hold is a minute: answers well before come from the cap.
    let released = tokio::time::timeout(Duration::from_secs(20), async {
        let mut released = Vec::new();
        while released.len() < 8 {
            released.push(held.next().await.expect("a reply"));
        }
        released
    })
    .await
    .expect("requests beyond the cap are answered at once");
    assert!(
        released.iter().all(|r| *r == cstep::Rep::NotReady),
        "{released:?}"
    );
    let org = o.org_id();
    assert_eq!(
        o.server
            .state
            .greetings
            .held(&org, attempt, GreeterOrClaimer::Claimer),
        2
    );
    // The other side is not starved: the greeter's step 0 gets the claimer's, and wakes
    // the two held requests (still polled meanwhile: one may be in a transaction).
    let g0 = GreeterStep::Number0WaitPeer { public_key: pk(1) };
    let drain = async {
        let mut rest = Vec::new();
        while let Some(r) = held.next().await {
            rest.push(r);
        }
        rest
    };
    let (greeter, rest) = tokio::time::timeout(Duration::from_secs(20), async {
        tokio::join!(g_step(&o, alice, attempt, g0.clone()), drain)
    })
    .await
    .expect("the two held requests are woken by the greeter's step");
    assert_eq!(greeter, gstep::Rep::Ok { claimer_step: c0 });
    assert_eq!(
        rest,
        vec![
            cstep::Rep::Ok {
                greeter_step: g0.clone()
            };
            2
        ]
    );
}

on_every_backend!(held_steps_beyond_the_cap_are_released);

async fn attempts_beyond_the_cap_are_refused_until_purged(backend: Backend) {
    let o = TestOrg::with_config(backend, |c| {
        c.greeting_long_poll = Duration::ZERO;
        c.event_limits.greeting_max_attempts = 5;
    })
    .await;
    let alice = &o.alice;
    let token = new_device_token(&o, alice).await;
    // Each restart cancels the previous attempt and creates one.
    for _ in 0..5 {
        assert!(matches!(
            claimer_start(&o, token, alice.user_id).await,
            cstart::Rep::Ok { .. }
        ));
    }
    let req = cstart::Req {
        greeter: alice.user_id,
    };
    let res = o.invited(&token, req.dump()).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key(header::RETRY_AFTER));
    // The greeter joining the active attempt creates nothing: allowed.
    greeter_attempt(&o, alice, token).await;
    // Once the cancelled ones are purged, restarts work again.
    let later = DateTime::now().add_micros(2 * 3_600_000_000);
    assert_eq!(
        purge_stale_attempts(&o.server.state, later, Some(&o.org_id()))
            .await
            .expect("purged"),
        4
    );
    assert!(matches!(
        claimer_start(&o, token, alice.user_id).await,
        cstart::Rep::Ok { .. }
    ));
}

on_every_backend!(attempts_beyond_the_cap_are_refused_until_purged);

async fn ended_attempts_are_purged_after_the_retention(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let alice = &o.alice;
    // A cancelled attempt, and the active one that replaced it.
    let token = new_user_token(&o, alice, "bob@example.com").await;
    let cancelled = greeter_attempt(&o, alice, token).await;
    g_cancel(&o, alice, cancelled, Reason::ManuallyCancelled).await;
    let active = greeter_attempt(&o, alice, token).await;
    // An attempt of a finished invitation.
    let finished_token = new_device_token(&o, alice).await;
    let finished = greeter_attempt(&o, alice, finished_token).await;
    complete(&o, alice, finished_token).await;
    let step = || GreeterStep::Number0WaitPeer { public_key: pk(1) };

    // Within the retention: kept, with their official answers.
    let state = &o.server.state;
    assert_eq!(
        purge_stale_attempts(state, DateTime::now(), Some(&o.org_id()))
            .await
            .expect("purge"),
        0
    );
    assert!(matches!(
        g_step(&o, alice, cancelled, step()).await,
        gstep::Rep::GreetingAttemptCancelled(_)
    ));
    assert_eq!(
        g_step(&o, alice, finished, step()).await,
        gstep::Rep::InvitationCompleted
    );
    // Past it (a clock two hours ahead): gone; the active attempt stays.
    let later = DateTime::now().add_micros(2 * 3_600_000_000);
    assert_eq!(
        purge_stale_attempts(state, later, Some(&o.org_id()))
            .await
            .expect("purge"),
        2
    );
    for id in [cancelled, finished] {
        assert_eq!(
            g_step(&o, alice, id, step()).await,
            gstep::Rep::GreetingAttemptNotFound
        );
    }
    assert_eq!(
        g_step(&o, alice, active, step()).await,
        gstep::Rep::NotReady
    );
}

on_every_backend!(ended_attempts_are_purged_after_the_retention);

async fn the_maintenance_task_purges(backend: Backend) {
    let o = TestOrg::with_config(backend, |c| {
        c.greeting_long_poll = Duration::ZERO;
        c.event_limits.greeting_attempt_retention = Duration::from_millis(50);
    })
    .await;
    let alice = &o.alice;
    let token = new_device_token(&o, alice).await;
    let attempt = greeter_attempt(&o, alice, token).await;
    g_cancel(&o, alice, attempt, Reason::ManuallyCancelled).await;
    let _maintenance = spawn_maintenance(o.server.state.clone());
    let step = || GreeterStep::Number0WaitPeer { public_key: pk(1) };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        match g_step(&o, alice, attempt, step()).await {
            gstep::Rep::GreetingAttemptNotFound => break,
            gstep::Rep::GreetingAttemptCancelled(_) => {}
            other => panic!("unexpected {other:?}"),
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "purged within the deadline"
        );
        // Poll interval, not a wait for a peer.
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

// Not on the shared PostgreSQL database: it purges every organization's attempts, which
// other tests running at the same time rely on.
#[tokio::test]
async fn the_maintenance_task_purges_in_memory() {
    the_maintenance_task_purges(Backend::Memory).await
}

#[tokio::test]
async fn the_maintenance_task_purges_on_sqlite() {
    the_maintenance_task_purges(Backend::Sqlite).await
}
