//! `GET /redirect/{path}`: from an `http(s)://` link to the `parsec3://` URL (wire.md §6.3).
//!
//! `Location` is `parsec3://<server-addr host[:port]>/<path>?<query without no_ssl>`
//! followed by the server address's own query (`no_ssl=true`), which the live server
//! puts last.

use super::error::json_detail;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

/// The handler.
pub async fn redirect(State(state): State<AppState>, uri: Uri) -> Response {
    let Some(server) = state.config.server_addr.as_ref() else {
        return json_detail(StatusCode::NOT_IMPLEMENTED, "Server address not configured");
    };
    let path = uri.path().strip_prefix("/redirect/").unwrap_or_default();
    let mut query: Vec<&str> = uri
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|kv| !kv.is_empty())
        .filter(|kv| kv.split('=').next() != Some("no_ssl"))
        .collect();
    if !server.use_ssl() {
        query.push("no_ssl=true");
    }
    // `to_url()` is `parsec3://HOST[:PORT][?no_ssl=true]`: keep the part before the query.
    let base = server.to_url();
    let base = base.split('?').next().unwrap_or_default();
    let mut location = format!("{base}/{path}");
    if !query.is_empty() {
        location.push('?');
        location.push_str(&query.join("&"));
    }
    (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
}
