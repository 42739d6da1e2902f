//! `/invited/{org}`: the claimer side of invitations (wire.md §1.5, invite.md §2.3, §3):
//! `invite_info`, starting, stepping and cancelling greeting attempts, and `ping` on
//! debug servers.

use super::{ping, respond};
use crate::http::auth::{authenticate_invited, parse_invitation_token};
use crate::http::error::RpcError;
use crate::http::headers::{
    authorization, check_api_version, check_content_type, organization_id, read_body,
};
use crate::http::msgpack;
use crate::invite::{greeting, manage, step};
use crate::state::AppState;
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use parsec_protocol::cmds::invited::AnyCmdReq;
use parsec_protocol::DateTime;

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
    let api_version = check_api_version(headers)?;
    let org_id = organization_id(path)?;
    check_content_type(headers)?;
    let token = parse_invitation_token(authorization(headers))?;
    let (_org, invitation) = authenticate_invited(state, &org_id, &token).await?;
    let token = invitation.token;
    let body = read_body(headers, body).await?;
    let now = DateTime::now();
    let rep = match AnyCmdReq::load(&body).map_err(|_| RpcError::BadRequestBody)? {
        AnyCmdReq::InviteInfo(_) => manage::invite_info(state, &org_id, &token).await?.dump(),
        AnyCmdReq::InviteClaimerStartGreetingAttempt(req) => {
            greeting::claimer_start(state, &org_id, token, req, now)
                .await?
                .dump()
        }
        AnyCmdReq::InviteClaimerStep(req) => {
            step::claimer_step(state, &org_id, token, req, api_version)
                .await?
                .dump()
        }
        AnyCmdReq::InviteClaimerCancelGreetingAttempt(req) => {
            greeting::claimer_cancel(state, &org_id, token, req, now)
                .await?
                .dump()
        }
        AnyCmdReq::Ping(req) => return ping(state, req),
        _ => return Err(RpcError::NotImplemented),
    };
    Ok(msgpack(rep))
}
