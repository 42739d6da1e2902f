//! Request header checks shared by the RPC routes (wire.md §1.3, §1.7).

use super::error::RpcError;
use axum::body::{Body, Bytes};
use axum::extract::rejection::PathRejection;
use axum::extract::Path;
use axum::http::{header, HeaderMap};
use parsec_protocol::cmds::{ApiVersion, API_VERSION};
use parsec_protocol::ids::OrganizationID;

/// Largest request body accepted: 1 MiB.
pub const MAX_BODY_SIZE: usize = 1024 * 1024;

/// The only accepted request content type (exact string comparison).
pub const MSGPACK: &str = "application/msgpack";

/// `Api-Version` must be `X.Y` with our major (422 otherwise).
pub fn check_api_version(headers: &HeaderMap) -> Result<ApiVersion, RpcError> {
    headers
        .get("api-version")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<ApiVersion>().ok())
        .filter(|v| v.major == API_VERSION.major)
        .ok_or(RpcError::UnsupportedApiVersion)
}

/// The organization ID of the path (404 when it is not a valid one).
pub fn organization_id(
    path: Result<Path<String>, PathRejection>,
) -> Result<OrganizationID, RpcError> {
    let Path(raw) = path.map_err(|_| RpcError::OrganizationNotFound)?;
    raw.parse().map_err(|_| RpcError::OrganizationNotFound)
}

/// `Content-Type` must be exactly `application/msgpack` (415 otherwise).
pub fn check_content_type(headers: &HeaderMap) -> Result<(), RpcError> {
    match headers.get(header::CONTENT_TYPE) {
        Some(v) if v.as_bytes() == MSGPACK.as_bytes() => Ok(()),
        _ => Err(RpcError::BadContentType),
    }
}

/// `Accept` must be exactly `text/event-stream` on the SSE route (406 otherwise).
pub fn check_accept_event_stream(headers: &HeaderMap) -> Result<(), RpcError> {
    match headers.get(header::ACCEPT) {
        Some(v) if v.as_bytes() == b"text/event-stream" => Ok(()),
        _ => Err(RpcError::NotAcceptable),
    }
}

/// Reads the whole body, refusing more than [`MAX_BODY_SIZE`] or a body that does not
/// match its `Content-Length` (413).
pub async fn read_body(headers: &HeaderMap, body: Body) -> Result<Bytes, RpcError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .map(|v| v.to_str().ok().and_then(|s| s.parse::<u64>().ok()));
    match declared {
        Some(None) => return Err(RpcError::PayloadTooLarge),
        Some(Some(n)) if n > MAX_BODY_SIZE as u64 => return Err(RpcError::PayloadTooLarge),
        _ => {}
    }
    axum::body::to_bytes(body, MAX_BODY_SIZE)
        .await
        .map_err(|_| RpcError::PayloadTooLarge)
}

/// The `Authorization` header as text, if present and ASCII.
pub fn authorization(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with(name: &'static str, value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_str(value).expect("valid header"));
        h
    }

    #[test]
    fn api_versions() {
        for ok in ["5.5", "5.0", "5.99"] {
            assert!(check_api_version(&with("api-version", ok)).is_ok(), "{ok}");
        }
        for bad in ["5", "abc", "4.1", "6.0", ""] {
            assert!(
                check_api_version(&with("api-version", bad)).is_err(),
                "{bad}"
            );
        }
        assert!(check_api_version(&HeaderMap::new()).is_err());
    }

    #[test]
    fn content_types() {
        assert!(check_content_type(&with("content-type", "application/msgpack")).is_ok());
        assert!(
            check_content_type(&with("content-type", "application/msgpack; charset=binary"))
                .is_err()
        );
        assert!(check_content_type(&HeaderMap::new()).is_err());
    }
}
