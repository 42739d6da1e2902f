//! `GET /authenticated/{org}/events`: the Server-Sent Events stream (wire.md §1.9).
//!
//! The first message is always an `ORGANIZATION_CONFIG` event without `id:`; then the
//! events of [`crate::events`] meant for the user, and a keepalive after
//! `--sse-keepalive` seconds without any message. A `Last-Event-ID` still in the
//! organization's event cache replays what followed it; an unknown one, or one followed
//! by more than a stream's buffer of events, gets `missed_events`; an unparsable one is
//! ignored, as the official server does. The stream ends when the user is revoked
//! or frozen, when it lags too far behind, and at shutdown.

use crate::events::{parse_event_id, EventReceiver};
use crate::http::auth::{authenticate, parse_signed_token, AuthenticatedRoute};
use crate::http::error::RpcError;
use crate::http::headers::{
    authorization, check_accept_event_stream, check_api_version, organization_id,
};
use crate::state::AppState;
use crate::storage::Organization;
use axum::body::{Body, Bytes};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use parsec_protocol::data::write_value;
use parsec_protocol::DateTime;
use rmpv::Value;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;
use tokio::time::Instant;

const KEEPALIVE: &str = "event:keepalive\ndata:\n\n";
const MISSED_EVENTS: &str = "event:missed_events\ndata:\n\n";

/// The msgpack `events_listen` reply of the `ORGANIZATION_CONFIG` event, fields in the
/// order the live server sends them.
pub fn organization_config_event(org: &Organization, keepalive: Option<Duration>) -> Vec<u8> {
    let opt_u64 = |v: Option<u64>| v.map_or(Value::Nil, Value::from);
    let map = vec![
        (Value::from("status"), Value::from("ok")),
        (Value::from("event"), Value::from("ORGANIZATION_CONFIG")),
        (
            Value::from("active_users_limit"),
            opt_u64(org.config.active_users_limit),
        ),
        (
            Value::from("realm_minimum_archiving_period_before_deletion"),
            Value::from(org.config.minimum_archiving_period),
        ),
        (
            Value::from("sse_keepalive_seconds"),
            opt_u64(keepalive.map(|d| d.as_secs()).filter(|s| *s > 0)),
        ),
        (
            Value::from("user_profile_outsider_allowed"),
            Value::from(org.config.user_profile_outsider_allowed),
        ),
    ];
    write_value(&Value::Map(map))
}

/// Frames an event without id: `data:<standard base64>` and a blank line.
fn data_frame(msgpack: &[u8]) -> String {
    format!("data:{}\n\n", data_encoding::BASE64.encode(msgpack))
}

/// The handler.
pub async fn get(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, RpcError> {
    let (state, headers) = (&state, &headers);
    check_api_version(headers)?;
    let org_id = organization_id(path)?;
    check_accept_event_stream(headers)?;
    let token = parse_signed_token(authorization(headers))?;
    let auth = authenticate(
        state,
        &org_id,
        &token,
        AuthenticatedRoute::Regular,
        DateTime::now(),
    )
    .await?;

    let keepalive = state.config.sse_keepalive.filter(|d| !d.is_zero());
    let last_event_id = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(parse_event_id);
    let user = auth.credentials.user_id;
    let subscription = state.events.subscribe(&org_id, user, last_event_id);
    let mut pending = VecDeque::from([data_frame(&organization_config_event(
        &auth.organization,
        state.config.sse_keepalive,
    ))]);
    match subscription.replay {
        Some(events) => pending.extend(events.iter().map(|e| e.frame.clone())),
        None => pending.push_back(MISSED_EVENTS.to_owned()),
    }
    let stream = EventStream {
        pending,
        receiver: subscription.receiver,
        keepalive,
        next_keepalive: keepalive.map(|k| Instant::now() + k),
        shutdown: Box::pin(state.shutdown_signal()),
        _open: state.metrics.open_stream(),
    };
    let body = stream::unfold(stream, |mut s| async move {
        let frame = s.next_frame().await?;
        Some((Ok::<_, Infallible>(Bytes::from(frame)), s))
    });
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/event-stream; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        Body::from_stream(body),
    )
        .into_response())
}

/// The state of one open stream.
struct EventStream {
    /// Frames to send before waiting.
    pending: VecDeque<String>,
    /// Only the events meant for this stream (see [`crate::events::hub`]).
    receiver: EventReceiver,
    keepalive: Option<Duration>,
    /// When to send a keepalive if nothing else was sent.
    next_keepalive: Option<Instant>,
    shutdown: Pin<Box<dyn Future<Output = ()> + Send>>,
    /// Counts the stream in `/metrics` while it is open.
    _open: crate::metrics::GaugeGuard,
}

impl EventStream {
    /// The next frame to write, `None` to end the stream.
    async fn next_frame(&mut self) -> Option<String> {
        let frame = match self.pending.pop_front() {
            Some(frame) => frame,
            None => self.wait_frame().await?,
        };
        self.next_keepalive = self.keepalive.map(|k| Instant::now() + k);
        Some(frame)
    }

    async fn wait_frame(&mut self) -> Option<String> {
        let received = match self.next_keepalive {
            Some(at) => tokio::select! {
                r = tokio::time::timeout_at(at, self.receiver.recv()) => r,
                () = &mut self.shutdown => return None,
            },
            None => tokio::select! {
                r = self.receiver.recv() => Ok(r),
                () = &mut self.shutdown => return None,
            },
        };
        match received {
            Err(_elapsed) => Some(KEEPALIVE.to_owned()),
            Ok(Some(event)) => Some(event.frame.clone()),
            // Too far behind (the official server drops such a client too, which
            // reconnects with its last event ID), or the user was revoked or frozen.
            Ok(None) => None,
        }
    }
}
