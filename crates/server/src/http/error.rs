//! Handshake-level failures of the RPC routes and their HTTP statuses (wire.md §1.8).
//!
//! Business errors are not here: they are 200 responses with a non-`ok` status.
//! Bodies, and which answers carry `Api-Version`, copy the live 3.9.3 server: 413 and
//! 500 come without it (its HTTP layer answers them), 422 lists the supported versions
//! instead.

use crate::services::ServiceError;
use crate::storage::StorageError;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use parsec_protocol::cmds::API_VERSION;

/// Header listing the API versions we speak, sent with 422.
pub const SUPPORTED_API_VERSIONS: &str = "Supported-Api-Versions";

/// Why an RPC request was refused before running its command.
#[derive(Debug, thiserror::Error)]
pub enum RpcError {
    /// Missing, unparsable or other-major `Api-Version` (422).
    #[error("Unprocessable Entity")]
    UnsupportedApiVersion,
    /// Unknown organization or invalid organization ID in the path (404).
    #[error("Organization not found")]
    OrganizationNotFound,
    /// `Content-Type` is not exactly `application/msgpack` (415).
    #[error("Bad content type or invalid body or unknown command")]
    BadContentType,
    /// SSE route without `Accept: text/event-stream` (406).
    #[error("Bad accept type")]
    NotAcceptable,
    /// Missing or malformed `Authorization` (401).
    #[error("Missing authentication info")]
    BadAuthorizationHeader,
    /// Body over 1 MiB or unreadable (413).
    #[error("Request Entity Too Large")]
    PayloadTooLarge,
    /// Unknown device or invitation, bad signature (403).
    #[error("Bad authentication info")]
    BadAuthentication,
    /// Invitation completed or cancelled (410).
    #[error("Invitation already used or deleted")]
    InvitationDeleted,
    /// Expired organization (460).
    #[error("Organization expired")]
    OrganizationExpired,
    /// Revoked user (461).
    #[error("User revoked")]
    UserRevoked,
    /// Frozen user (462).
    #[error("User frozen")]
    UserFrozen,
    /// The user must accept the organization's TOS (463).
    #[error("User must accept tos")]
    TosNotAccepted,
    /// Token timestamp outside the window (498).
    #[error("Token expired")]
    TimestampOutOfBallpark,
    /// Undecodable body, unknown command, bad fields (415).
    #[error("Bad content type or invalid body or unknown command")]
    BadRequestBody,
    /// A command this server does not serve in this mode, e.g. `ping` without
    /// `--debug`: the official server fails with 500 (wire.md §1.10).
    #[error("Internal Server Error")]
    CommandNotAvailable,
    /// A limit on events or greetings was reached (429, with `Retry-After`).
    #[error("Too Many Requests")]
    TooManyRequests(std::time::Duration),
    /// A known command this server does not implement yet (501).
    #[error("Command not implemented by this server")]
    NotImplemented,
    /// Storage failure (500).
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl RpcError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        let code = match self {
            Self::UnsupportedApiVersion => 422,
            Self::OrganizationNotFound => 404,
            Self::BadContentType | Self::BadRequestBody => 415,
            Self::NotAcceptable => 406,
            Self::BadAuthorizationHeader => 401,
            Self::PayloadTooLarge => 413,
            Self::BadAuthentication => 403,
            Self::InvitationDeleted => 410,
            Self::OrganizationExpired => 460,
            Self::UserRevoked => 461,
            Self::UserFrozen => 462,
            Self::TosNotAccepted => 463,
            Self::TimestampOutOfBallpark => 498,
            Self::CommandNotAvailable | Self::Storage(_) => 500,
            Self::TooManyRequests(_) => 429,
            Self::NotImplemented => 501,
        };
        StatusCode::from_u16(code).expect("status codes above are in 100..=999")
    }
}

/// The status each refusal of a service is on the wire (wire.md §1.8).
impl From<ServiceError> for RpcError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::OrganizationNotFound => Self::OrganizationNotFound,
            ServiceError::AuthorNotFound | ServiceError::InvitationNotFound => {
                Self::BadAuthentication
            }
            ServiceError::AuthorRevoked => Self::UserRevoked,
            ServiceError::InvitationDeleted => Self::InvitationDeleted,
            ServiceError::ApiVersionTooOld => Self::UnsupportedApiVersion,
            ServiceError::CommandNotAvailable => Self::CommandNotAvailable,
            ServiceError::TooManyRequests(after) => Self::TooManyRequests(after),
            ServiceError::Storage(e) => Self::Storage(e),
        }
    }
}

impl IntoResponse for RpcError {
    fn into_response(self) -> Response {
        let status = self.status();
        match &self {
            Self::Storage(e) => {
                tracing::error!("storage failure: {e}");
                return internal_server_error();
            }
            Self::CommandNotAvailable => return internal_server_error(),
            _ => {}
        }
        let mut res = json_detail(status, &self.to_string());
        let headers = res.headers_mut();
        match self {
            Self::UnsupportedApiVersion => {
                headers.insert(SUPPORTED_API_VERSIONS, api_version_value());
            }
            Self::PayloadTooLarge => {}
            Self::TooManyRequests(after) => {
                headers.insert(API_VERSION_HEADER, api_version_value());
                let seconds = after.as_secs() + u64::from(after.subsec_nanos() > 0);
                headers.insert(
                    axum::http::header::RETRY_AFTER,
                    HeaderValue::from(seconds.max(1)),
                );
            }
            _ => {
                headers.insert(API_VERSION_HEADER, api_version_value());
            }
        }
        res
    }
}

/// The request and response header carrying the API version.
pub const API_VERSION_HEADER: &str = "Api-Version";

/// `5.5`.
pub fn api_version_value() -> HeaderValue {
    HeaderValue::from_str(&API_VERSION.to_string()).expect("a version is a valid header")
}

/// The plain-text 500 of the official server.
pub fn internal_server_error() -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; charset=utf-8",
        )],
        "Internal Server Error",
    )
        .into_response()
}

/// A JSON `{"detail": "..."}` answer (administration API, redirect).
pub fn json_detail(status: StatusCode, detail: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "detail": detail }))).into_response()
}
