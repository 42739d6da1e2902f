//! `GET /health`, for load balancers and orchestrators: `200 {"status": "ok"}` when the
//! database answers, `503` when it does not (or does not within [`PING_TIMEOUT`]) and
//! while the server is shutting down, so that a balancer stops sending it requests.
//!
//! The official server (3.9.3) has no such route; an unknown path answers its HTML 404,
//! so a balancer pointed at this route by mistake sees the difference at once. No
//! token is needed and nothing about the organizations is told.

use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use std::time::Duration;

/// How long the database may take to answer the check.
pub const PING_TIMEOUT: Duration = Duration::from_secs(5);

/// `GET /health`.
pub async fn health(State(state): State<AppState>) -> Response {
    if state.is_shutting_down() {
        return unavailable("shutting down");
    }
    match tokio::time::timeout(PING_TIMEOUT, state.store.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, Json(json!({"status": "ok"}))).into_response(),
        Ok(Err(e)) => {
            tracing::warn!("health check: the database does not answer: {e}");
            unavailable("database unreachable")
        }
        Err(_) => {
            tracing::warn!(
                "health check: the database did not answer within {} s",
                PING_TIMEOUT.as_secs()
            );
            unavailable("database unreachable")
        }
    }
}

fn unavailable(detail: &str) -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(json!({"status": "unavailable", "detail": detail})),
    )
        .into_response()
}
