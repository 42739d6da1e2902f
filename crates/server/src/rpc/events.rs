//! `GET /authenticated/{org}/events`: the Server-Sent Events stream (wire.md §1.9).
//!
//! The first message is always an `ORGANIZATION_CONFIG` event without `id:`; then a
//! keepalive every `--sse-keepalive` seconds. No other event is produced yet, so a
//! `Last-Event-ID` can never be honoured: it gets `missed_events`, as the official
//! server answers for an unknown ID.

use super::respond;
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
use std::time::Duration;

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
) -> Response {
    respond(get_inner(&state, path, &headers).await)
}

async fn get_inner(
    state: &AppState,
    path: Result<Path<String>, PathRejection>,
    headers: &HeaderMap,
) -> Result<Response, RpcError> {
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

    let keepalive = state.config.sse_keepalive;
    let mut first = VecDeque::from([data_frame(&organization_config_event(
        &auth.organization,
        keepalive,
    ))]);
    if headers.contains_key("last-event-id") {
        first.push_back(MISSED_EVENTS.to_owned());
    }
    let ticker = keepalive.filter(|d| !d.is_zero()).map(|period| {
        let mut i = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
        i.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        i
    });
    let shutdown = Box::pin(state.shutdown_signal());
    let body = stream::unfold(
        (first, ticker, shutdown),
        |(mut first, mut ticker, mut shutdown)| async move {
            if let Some(frame) = first.pop_front() {
                return Some((
                    Ok::<_, Infallible>(Bytes::from(frame)),
                    (first, ticker, shutdown),
                ));
            }
            match ticker.as_mut() {
                Some(t) => tokio::select! {
                    _ = t.tick() => Some((Ok(Bytes::from_static(KEEPALIVE.as_bytes())), (first, ticker, shutdown))),
                    () = &mut shutdown => None,
                },
                None => {
                    (&mut shutdown).await;
                    None
                }
            }
        },
    );
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
