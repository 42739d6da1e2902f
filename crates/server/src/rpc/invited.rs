//! `/invited/{org}`: the claimer side of invitations (wire.md §1.5). The handshake is
//! complete; the invited commands themselves arrive with the invitation issue, so only
//! `ping` (debug servers) is served and the others answer 501.

use super::{ping, respond};
use crate::http::auth::{authenticate_invited, parse_invitation_token};
use crate::http::error::RpcError;
use crate::http::headers::{
    authorization, check_api_version, check_content_type, organization_id, read_body,
};
use crate::state::AppState;
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use parsec_protocol::cmds::invited::AnyCmdReq;

/// `POST /invited/{org}`.
pub async fn post(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    respond(post_inner(&state, path, &headers, body).await)
}

async fn post_inner(
    state: &AppState,
    path: Result<Path<String>, PathRejection>,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, RpcError> {
    check_api_version(headers)?;
    let org_id = organization_id(path)?;
    check_content_type(headers)?;
    let token = parse_invitation_token(authorization(headers))?;
    let (_org, _invitation) = authenticate_invited(state, &org_id, &token).await?;
    let body = read_body(headers, body).await?;
    match AnyCmdReq::load(&body).map_err(|_| RpcError::BadRequestBody)? {
        AnyCmdReq::Ping(req) => ping(state, req),
        _ => Err(RpcError::NotImplemented),
    }
}
