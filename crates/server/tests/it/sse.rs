//! `GET /authenticated/{org}/events` (wire.md §1.9) and the events it carries (invite.md
//! §3.4, certificates.md §9).

use crate::common::{org_name, Backend, TestDevice, TestOrg, TestServer};
use crate::greeting::{c_step, claimer_attempt, g_step, greeter_attempt};
use crate::invite::new_user_token;
use crate::on_every_backend;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use futures_util::StreamExt;
use parsec_protocol::cmds::authenticated::invite_greeter_step as gstep;
use parsec_protocol::cmds::invited::{
    invite_claimer_cancel_greeting_attempt, invite_claimer_step as cstep,
};
use parsec_protocol::crypto::PublicKey;
use parsec_protocol::ids::UserProfile;
use parsec_protocol::invite::{CancelledGreetingAttemptReason, ClaimerStep, GreeterStep};
use parsec_protocol::DateTime;
use std::time::Duration;

async fn first_event_and_keepalive(backend: Backend) {
    let server = TestServer::with_config(backend, |c| {
        c.sse_keepalive = Some(Duration::from_millis(50))
    })
    .await;
    let org = org_name("Sse");
    let token = server.create_org(&org).await;
    let b = server.bootstrap(&org, Some(token)).await;
    let request = |accept: &str, last_event_id: bool| {
        let mut req = Request::get(format!("/authenticated/{org}/events"))
            .header("api-version", "5.5")
            .header(header::ACCEPT, accept)
            .header(
                header::AUTHORIZATION,
                b.device.auth_header(parsec_protocol::DateTime::now()),
            );
        if last_event_id {
            req = req.header("last-event-id", "a0000000000000000000000000000001");
        }
        req.body(Body::empty()).expect("request")
    };
    assert_eq!(
        server.send(request("text/plain", false)).await.status(),
        StatusCode::NOT_ACCEPTABLE
    );

    let res = server.send(request("text/event-stream", true)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[header::CONTENT_TYPE],
        "text/event-stream; charset=utf-8"
    );
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-cache");
    // The live server sends no `Api-Version` with the stream.
    assert!(!res.headers().contains_key("api-version"));
    let mut stream = res.into_body().into_data_stream();
    let mut next = async || {
        let chunk = tokio::time::timeout(Duration::from_secs(5), stream.next())
            .await
            .expect("a chunk in time")
            .expect("stream open")
            .expect("readable");
        String::from_utf8(chunk.to_vec()).expect("utf-8")
    };
    let first = next().await;
    let b64 = first
        .strip_prefix("data:")
        .and_then(|s| s.strip_suffix("\n\n"))
        .expect("data frame");
    let msgpack = data_encoding::BASE64
        .decode(b64.as_bytes())
        .expect("standard base64");
    let value = parsec_protocol::data::read_value(&msgpack).expect("msgpack");
    let get = |k: &str| {
        value
            .as_map()
            .and_then(|m| m.iter().find(|(key, _)| key.as_str() == Some(k)))
            .map(|(_, v)| v.clone())
    };
    assert_eq!(
        get("status")
            .and_then(|v| v.as_str().map(str::to_owned))
            .as_deref(),
        Some("ok")
    );
    assert_eq!(
        get("event")
            .and_then(|v| v.as_str().map(str::to_owned))
            .as_deref(),
        Some("ORGANIZATION_CONFIG")
    );
    assert_eq!(get("active_users_limit"), Some(rmpv::Value::Nil));
    assert_eq!(
        get("realm_minimum_archiving_period_before_deletion").and_then(|v| v.as_u64()),
        Some(2_592_000)
    );
    assert_eq!(
        get("user_profile_outsider_allowed").and_then(|v| v.as_bool()),
        Some(true)
    );
    assert_eq!(next().await, "event:missed_events\ndata:\n\n");
    assert_eq!(next().await, "event:keepalive\ndata:\n\n");
}

on_every_backend!(first_event_and_keepalive);

/// An open event stream and what it sent.
pub(crate) struct Stream {
    body: axum::body::BodyDataStream,
}

/// One decoded event: its name, fields and `id:`.
#[derive(Debug)]
pub(crate) struct Event {
    pub(crate) name: String,
    fields: rmpv::Value,
    pub(crate) id: Option<String>,
}

impl Event {
    fn field(&self, k: &str) -> Option<&rmpv::Value> {
        self.fields
            .as_map()
            .and_then(|m| m.iter().find(|(key, _)| key.as_str() == Some(k)))
            .map(|(_, v)| v)
    }
}

impl Stream {
    pub(crate) async fn open(
        o: &TestOrg,
        device: &TestDevice,
        last_event_id: Option<&str>,
    ) -> Self {
        let mut req = Request::get(format!("/authenticated/{}/events", o.org))
            .header("api-version", "5.5")
            .header(header::ACCEPT, "text/event-stream")
            .header(header::AUTHORIZATION, device.auth_header(DateTime::now()));
        if let Some(id) = last_event_id {
            req = req.header("last-event-id", id);
        }
        let res = o
            .server
            .send(req.body(Body::empty()).expect("request"))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let mut s = Self {
            body: res.into_body().into_data_stream(),
        };
        assert_eq!(
            s.next().await.expect("first event").name,
            "ORGANIZATION_CONFIG"
        );
        s
    }

    /// The next frame, `None` when the stream ended.
    pub(crate) async fn next(&mut self) -> Option<Event> {
        let chunk = tokio::time::timeout(Duration::from_secs(10), self.body.next())
            .await
            .expect("a frame in time")?
            .expect("readable");
        let text = String::from_utf8(chunk.to_vec()).expect("utf-8");
        let mut data = None;
        let mut id = None;
        for line in text.trim_end().lines() {
            if let Some(d) = line.strip_prefix("data:") {
                data = Some(d.to_owned());
            } else if let Some(i) = line.strip_prefix("id:") {
                id = Some(i.to_owned());
            } else if let Some(e) = line.strip_prefix("event:") {
                return Some(Event {
                    name: e.to_owned(),
                    fields: rmpv::Value::Nil,
                    id: None,
                });
            }
        }
        let msgpack = data_encoding::BASE64
            .decode(data.expect("a data line").as_bytes())
            .expect("base64");
        let fields = parsec_protocol::data::read_value(&msgpack).expect("msgpack");
        let name = fields
            .as_map()
            .and_then(|m| m.iter().find(|(k, _)| k.as_str() == Some("event")))
            .and_then(|(_, v)| v.as_str())
            .expect("an event name")
            .to_owned();
        Some(Event { name, fields, id })
    }
}

fn token_of(e: &Event) -> Vec<u8> {
    match e.field("token") {
        Some(rmpv::Value::Binary(b)) => b.clone(),
        other => panic!("token {other:?}"),
    }
}

async fn invitation_greeting_and_certificate_events(backend: Backend) {
    let o = TestOrg::with_config(backend, |c| {
        c.sse_keepalive = None;
        c.greeting_long_poll = Duration::ZERO;
    })
    .await;
    let alice = &o.alice;
    let bob = o
        .create_user(alice, "bob@example.com", "Bob", UserProfile::Standard)
        .await;
    let mut a = Stream::open(&o, alice, None).await;
    let mut b = Stream::open(&o, &bob, None).await;

    let token = new_user_token(&o, alice, "claimer@example.com").await;
    let invitation = a.next().await.expect("an event");
    assert_eq!(invitation.name, "INVITATION");
    assert_eq!(token_of(&invitation), token.as_bytes().to_vec());
    assert_eq!(
        invitation
            .field("invitation_status")
            .and_then(|v| v.as_str()),
        Some("PENDING")
    );
    let first_id = invitation.id.clone().expect("an id");
    assert_eq!(first_id.len(), 32);

    let attempt = claimer_attempt(&o, token, alice.user_id).await;
    let c0 = ClaimerStep::Number0WaitPeer {
        public_key: PublicKey::from_bytes([2; 32]),
    };
    assert_eq!(
        c_step(&o, token, attempt, c0.clone()).await,
        cstep::Rep::NotReady
    );
    assert_eq!(
        a.next().await.expect("an event").name,
        "GREETING_ATTEMPT_READY"
    );
    assert_eq!(greeter_attempt(&o, alice, token).await, attempt);
    let g0 = GreeterStep::Number0WaitPeer {
        public_key: PublicKey::from_bytes([1; 32]),
    };
    assert_eq!(
        g_step(&o, alice, attempt, g0).await,
        gstep::Rep::Ok { claimer_step: c0 }
    );
    let joined = a.next().await.expect("an event");
    assert_eq!(joined.name, "GREETING_ATTEMPT_JOINED");
    assert_eq!(token_of(&joined), token.as_bytes().to_vec());
    let cancel = invite_claimer_cancel_greeting_attempt::Req {
        greeting_attempt: attempt,
        reason: CancelledGreetingAttemptReason::ManuallyCancelled,
    };
    o.invited(&token, cancel.dump()).await;
    assert_eq!(
        a.next().await.expect("an event").name,
        "GREETING_ATTEMPT_CANCELLED"
    );

    // Certificates: everybody; Bob saw none of the invitation events.
    o.create_user(alice, "carl@example.com", "Carl", UserProfile::Standard)
        .await;
    assert_eq!(a.next().await.expect("an event").name, "COMMON_CERTIFICATE");
    let for_bob = b.next().await.expect("an event");
    assert_eq!(for_bob.name, "COMMON_CERTIFICATE");
    assert!(matches!(
        for_bob.field("timestamp"),
        Some(rmpv::Value::Ext(1, _))
    ));

    // Reconnecting after the first event replays the rest, in order.
    let mut again = Stream::open(&o, alice, Some(&first_id)).await;
    for name in [
        "GREETING_ATTEMPT_READY",
        "GREETING_ATTEMPT_JOINED",
        "GREETING_ATTEMPT_CANCELLED",
        "COMMON_CERTIFICATE",
    ] {
        assert_eq!(again.next().await.expect("a replayed event").name, name);
    }

    // Revoking Bob ends his stream (after the certificate event).
    o.revoke(alice, bob.user_id).await;
    assert_eq!(b.next().await.expect("an event").name, "COMMON_CERTIFICATE");
    assert!(b.next().await.is_none(), "stream closed");
}

on_every_backend!(invitation_greeting_and_certificate_events);
