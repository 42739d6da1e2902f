//! `GET /authenticated/{org}/events` (wire.md §1.9).

use crate::common::{org_name, Backend, TestServer};
use crate::on_every_backend;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use futures_util::StreamExt;
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
