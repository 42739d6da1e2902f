//! The administration REST API (wire.md §8): JSON in and out, bearer-token protected.
//!
//! Errors mimic the official FastAPI server: `{"detail": "..."}` with 403/404/400, and
//! 422 with a list of `{type, loc, msg, input}` for validation failures. The token check
//! runs before anything else, then body validation, then the organization ID.

mod organizations;
mod stats;
mod throttle;
mod users;

pub use throttle::AdminThrottle;

use crate::forwarded::Client;
use crate::http::error::json_detail;
use crate::state::AppState;
use crate::storage::StorageError;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use parsec_protocol::auth::parse_bearer;
use parsec_protocol::ids::OrganizationID;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use subtle::ConstantTimeEq;

/// Routes under `/administration`.
pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/organizations", post(organizations::create))
        .route(
            "/organizations/{org}",
            get(organizations::get).patch(organizations::patch),
        )
        .route("/organizations/{org}/stats", get(stats::organization_stats))
        .route("/stats", get(stats::server_stats))
        .route("/organizations/{org}/users", get(users::list))
        .route("/organizations/{org}/users/freeze", post(users::freeze))
        .route(
            "/organizations/{org}/users/reset_totp",
            post(users::reset_totp),
        )
        .route(
            "/organizations/{org}/sequester/services",
            get(organizations::sequester).post(organizations::sequester),
        )
        .route(
            "/organizations/{org}/sequester/services/revoke",
            post(organizations::sequester),
        )
        .route(
            "/organizations/{org}/sequester/services/config",
            axum::routing::put(organizations::sequester),
        )
        .route_layer(from_fn_with_state(state, check_token))
}

/// Checks the token, unless the client gave too many wrong ones lately
/// ([`AdminThrottle`]): then 429 without comparing it. The client is the connection's
/// peer, or the address a trusted proxy names ([`crate::forwarded`]).
async fn check_token(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let client = req.extensions().get::<Client>().copied();
    let ip = client.map(|c| c.ip);
    let throttle = &state.admin_throttle;
    if let Some(wait) = throttle.blocked(ip) {
        return too_many_failures(wait);
    }
    match authorized(req.headers(), &state.config.administration_token) {
        Ok(()) => {
            throttle.succeeded(ip);
            next.run(req).await
        }
        Err(AdminError::BadToken) => {
            let failures = throttle.failed(ip);
            let who = match client {
                None => "an unknown peer".to_owned(),
                Some(c) if c.is_forwarded() => format!("{} (via {})", c.ip, c.peer),
                Some(c) => c.ip.to_string(),
            };
            tracing::warn!("wrong administration token from {who} ({failures} in this window)");
            if throttle.max_failures() == Some(failures) {
                tracing::warn!(
                    "administration requests from {who} are refused for {:?} after \
                     {failures} wrong tokens",
                    throttle.window()
                );
            }
            AdminError::BadToken.into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// 429 with `Retry-After` in whole seconds (rounded up).
fn too_many_failures(wait: std::time::Duration) -> Response {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let mut res = json_detail(
        StatusCode::TOO_MANY_REQUESTS,
        "Too many wrong administration tokens, retry later",
    );
    res.headers_mut().insert(
        header::RETRY_AFTER,
        axum::http::HeaderValue::from(secs.max(1)),
    );
    res
}

/// A FastAPI-style validation failure (422).
#[derive(Debug)]
pub struct ValidationDetail {
    loc: Vec<Value>,
    kind: &'static str,
    msg: String,
    input: Value,
}

/// Why an administration request failed.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// No bearer token (403).
    #[error("Not authenticated")]
    NotAuthenticated,
    /// Wrong token (403).
    #[error("Bad authorization token")]
    BadToken,
    /// Invalid organization ID in the path (404).
    #[error("Invalid organization ID")]
    InvalidOrganizationId,
    /// Unknown organization (404).
    #[error("Organization not found")]
    OrganizationNotFound,
    /// Invalid body or query (422).
    #[error("{}", .0.msg)]
    Validation(Box<ValidationDetail>),
    /// 400 with this detail.
    #[error("{0}")]
    BadRequest(&'static str),
    /// 404 with this detail.
    #[error("{0}")]
    NotFound(&'static str),
    /// 501 with this detail.
    #[error("{0}")]
    NotImplemented(&'static str),
    /// Storage failure (500).
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl AdminError {
    fn validation(
        loc: Vec<Value>,
        kind: &'static str,
        msg: impl Into<String>,
        input: Value,
    ) -> Self {
        Self::Validation(Box::new(ValidationDetail {
            loc,
            kind,
            msg: msg.into(),
            input,
        }))
    }
}

impl IntoResponse for AdminError {
    fn into_response(self) -> Response {
        let status = match &self {
            Self::NotAuthenticated | Self::BadToken => StatusCode::FORBIDDEN,
            Self::InvalidOrganizationId | Self::OrganizationNotFound | Self::NotFound(_) => {
                StatusCode::NOT_FOUND
            }
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::NotImplemented(_) => StatusCode::NOT_IMPLEMENTED,
            Self::Storage(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        match self {
            Self::Validation(d) => (
                status,
                axum::Json(json!({ "detail": [{ "type": d.kind, "loc": d.loc, "msg": d.msg, "input": d.input }] })),
            )
                .into_response(),
            Self::Storage(e) => {
                tracing::error!("storage failure: {e}");
                json_detail(status, "Internal Server Error")
            }
            other => json_detail(status, &other.to_string()),
        }
    }
}

/// `Authorization: Bearer <administration token>`, compared in constant time.
fn authorized(headers: &HeaderMap, token: &str) -> Result<(), AdminError> {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_bearer)
        .ok_or(AdminError::NotAuthenticated)?;
    if bool::from(given.as_bytes().ct_eq(token.as_bytes())) {
        Ok(())
    } else {
        Err(AdminError::BadToken)
    }
}

/// Decodes a JSON body strictly (types must match); needs `Content-Type: application/json`.
fn json_body<T: DeserializeOwned>(headers: &HeaderMap, body: &Bytes) -> Result<T, AdminError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .is_some_and(|m| {
            m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
        });
    if body.is_empty() {
        return Err(AdminError::validation(
            vec![json!("body")],
            "missing",
            "Field required",
            Value::Null,
        ));
    }
    // Without a JSON content type FastAPI keeps the body as a string.
    let value: Value = if is_json {
        serde_json::from_slice(body).map_err(|e| {
            AdminError::validation(
                vec![json!("body"), json!(e.column().saturating_sub(1))],
                "json_invalid",
                "JSON decode error",
                json!({}),
            )
        })?
    } else {
        Value::String(String::from_utf8_lossy(body).into_owned())
    };
    if !value.is_object() {
        return Err(AdminError::validation(
            vec![json!("body")],
            "model_attributes_type",
            "Input should be a valid dictionary or object to extract fields from",
            value,
        ));
    }
    serde_json::from_value(value.clone()).map_err(|e| {
        let msg = e.to_string();
        // serde says "missing field `x`": report it where FastAPI does.
        match msg
            .strip_prefix("missing field `")
            .and_then(|m| m.split('`').next())
        {
            Some(field) => AdminError::validation(
                vec![json!("body"), json!(field)],
                "missing",
                "Field required",
                value,
            ),
            None => AdminError::validation(vec![json!("body")], "value_error", msg, value),
        }
    })
}

/// The organization ID of the path (404 `Invalid organization ID`).
fn organization_id(raw: &str) -> Result<OrganizationID, AdminError> {
    raw.parse().map_err(|_| AdminError::InvalidOrganizationId)
}
