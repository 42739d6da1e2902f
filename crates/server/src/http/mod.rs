//! HTTP transport (wire.md §1, §6.3): request header checks, authentication of the RPC
//! routes, error statuses and bodies, the layers every answer goes through, and
//! `/redirect`. Nothing here knows the commands: [`crate::router`] puts the routes of
//! [`crate::rpc`] and [`crate::admin`] together over these pieces.

pub mod auth;
pub mod deadline;
pub mod error;
pub mod headers;
pub mod redirect;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Value of the `Server` header of every answer (the official non-debug server's).
pub const SERVER_HEADER: &str = "parsec/3";

/// Header of every RPC answer of this server announcing that greeting step requests are
/// held until the peer answers (see [`crate::services::invite::long_poll`]): a client
/// seeing it may send its next step request right after `not_ready` instead of
/// throttling. The official server never sends it.
pub const LONG_POLL_HEADER: &str = "X-Parsec-Long-Poll";

/// axum's own 405 has an empty body; the official server answers JSON.
pub async fn json_method_not_allowed(res: Response) -> Response {
    if res.status() != StatusCode::METHOD_NOT_ALLOWED
        || res.headers().contains_key(header::CONTENT_TYPE)
    {
        return res;
    }
    let allow = res.headers().get(header::ALLOW).cloned();
    let mut json = error::json_detail(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed");
    if let Some(allow) = allow {
        json.headers_mut().insert(header::ALLOW, allow);
    }
    json
}

/// One log line per request, with the method, path (never the query, which may carry
/// tokens), status, time to the answer's headers and client address (the one a trusted
/// proxy names, see [`crate::forwarded`]) as fields (`--log-format json` keeps them
/// apart); the same request is counted in [`crate::metrics`]. Answers `429 Too Many
/// Requests` are what a flood gets, so they are logged at most once every
/// [`crate::log_limit::LOG_EVERY`] with how many they stand for (each one still at DEBUG).
pub async fn log_request(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    static THROTTLED: std::sync::Mutex<crate::log_limit::RateLimitedLog> =
        std::sync::Mutex::new(crate::log_limit::RateLimitedLog::new());
    let start = std::time::Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let client = req
        .extensions()
        .get::<crate::forwarded::Client>()
        .map(|c| c.ip.to_string());
    let client = client.as_deref();
    let res = next.run(req).await;
    let elapsed = start.elapsed();
    let status = res.status().as_u16();
    let family = crate::metrics::family(&path);
    state.metrics.observe(family, status, elapsed);
    // Microsecond precision is plenty for a log line.
    let ms = (elapsed.as_secs_f64() * 1_000_000.0).round() / 1000.0;
    if res.status() == StatusCode::TOO_MANY_REQUESTS {
        let logged = THROTTLED
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .note("429", |since| {
                tracing::info!(%method, path, status, ms, family, client, since, "request (throttled: {since} answered {status} since the last such line)");
            });
        if !logged {
            tracing::debug!(%method, path, status, ms, family, client, "request");
        }
    } else if res.status().is_server_error() {
        tracing::warn!(%method, path, status, ms, family, client, "request");
    } else {
        tracing::info!(%method, path, status, ms, family, client, "request");
    }
    res
}

/// Adds [`LONG_POLL_HEADER`] (RPC routes).
pub async fn add_long_poll_header(mut res: Response) -> Response {
    res.headers_mut()
        .insert(LONG_POLL_HEADER, HeaderValue::from_static("1"));
    res
}

/// Adds the `Server` header.
pub async fn add_server_header(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::SERVER, HeaderValue::from_static(SERVER_HEADER));
    res
}

/// The official HTML 404 of unknown paths.
pub async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        "<!DOCTYPE html><html><head><title>404 Not Found</title></head>\
         <body><h1>404 Not Found</h1></body></html>",
    )
        .into_response()
}

/// A 200 answer with a msgpack body and our `Api-Version`.
pub fn msgpack(body: Vec<u8>) -> Response {
    let mut res = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, headers::MSGPACK)],
        body,
    )
        .into_response();
    res.headers_mut()
        .insert(error::API_VERSION_HEADER, error::api_version_value());
    res
}

/// Reads an RPC request's whole body before the handler runs.
///
/// Handlers answer handshake errors (422, 404, 415, 401…) before they read the body, in
/// the official order of checks; hyper then closes the connection without draining the
/// unread body and the client may see a reset instead of the answer. Buffering here (the
/// bodies are at most 1 MiB) lets every answer arrive. A larger body is replaced by one
/// just over the limit, so the handler still answers 413 at its own point in the order.
pub async fn buffer_request_body(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let limit = headers::MAX_BODY_SIZE;
    let (parts, body) = request.into_parts();
    let body = match axum::body::to_bytes(body, limit + 1).await {
        Ok(bytes) => axum::body::Body::from(bytes),
        Err(_) => axum::body::Body::from(vec![0u8; limit + 1]),
    };
    next.run(axum::extract::Request::from_parts(parts, body))
        .await
}
