//! `/authenticated/{org}` and `/authenticated/{org}/tos` (wire.md §1.4, §1.8; commands:
//! certificates.md §6–10, invite.md §2–3, wire.md §7).

use super::{ping, respond};
use crate::http::auth::{authenticate, parse_signed_token, Authenticated, AuthenticatedRoute};
use crate::http::error::RpcError;
use crate::http::headers::{
    authorization, check_api_version, check_content_type, organization_id, read_body,
};
use crate::http::msgpack;
use crate::invite::{greeting, manage, step};
use crate::state::AppState;
use crate::users::{change, create};
use axum::body::{Body, Bytes};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use parsec_protocol::cmds::authenticated::{certificate_get, organization_info, AnyCmdReq};
use parsec_protocol::cmds::{ApiVersion, RawReq};
use parsec_protocol::ids::UserProfile;
use parsec_protocol::DateTime;
use serde_bytes::ByteBuf;

/// Steps 1–6 of wire.md §1.8 for the authenticated routes; the body is read before the
/// credential lookup there.
async fn handshake(
    state: &AppState,
    path: Result<Path<String>, PathRejection>,
    headers: &HeaderMap,
    body: Body,
    route: AuthenticatedRoute,
) -> Result<(Authenticated, Bytes, ApiVersion), RpcError> {
    let api_version = check_api_version(headers)?;
    let org_id = organization_id(path)?;
    check_content_type(headers)?;
    let token = parse_signed_token(authorization(headers))?;
    let body = read_body(headers, body).await?;
    let auth = authenticate(state, &org_id, &token, route, DateTime::now()).await?;
    Ok((auth, body, api_version))
}

/// `POST /authenticated/{org}`.
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
    let (auth, body, api_version) =
        handshake(state, path, headers, body, AuthenticatedRoute::Regular).await?;
    let req = AnyCmdReq::load(&body).map_err(|_| RpcError::BadRequestBody)?;
    let now = DateTime::now();
    let rep = match req {
        AnyCmdReq::CertificateGet(req) => certificate_get(state, &auth, req).await?.dump(),
        AnyCmdReq::OrganizationInfo(_) => organization_info().dump(),
        AnyCmdReq::Ping(req) => return ping(state, req),
        AnyCmdReq::InviteNewUser(req) => manage::invite_new_user(state, &auth, req, now)
            .await?
            .dump(),
        AnyCmdReq::InviteNewDevice(req) => manage::invite_new_device(state, &auth, req, now)
            .await?
            .dump(),
        AnyCmdReq::InviteList(_) => manage::invite_list(state, &auth).await?.dump(),
        AnyCmdReq::InviteCancel(req) => manage::invite_cancel(state, &auth, req, now).await?.dump(),
        AnyCmdReq::InviteComplete(req) => manage::invite_complete(state, &auth, req, now)
            .await?
            .dump(),
        AnyCmdReq::InviteGreeterStartGreetingAttempt(req) => {
            greeting::greeter_start(state, &auth, req, now)
                .await?
                .dump()
        }
        AnyCmdReq::InviteGreeterStep(req) => step::greeter_step(state, &auth, req, api_version)
            .await?
            .dump(),
        AnyCmdReq::InviteGreeterCancelGreetingAttempt(req) => {
            greeting::greeter_cancel(state, &auth, req, now)
                .await?
                .dump()
        }
        AnyCmdReq::UserCreate(req) => create::user_create(state, &auth, req, now).await?.dump(),
        AnyCmdReq::DeviceCreate(req) => create::device_create(state, &auth, req, now).await?.dump(),
        AnyCmdReq::UserRevoke(req) => change::user_revoke(state, &auth, req, now).await?.dump(),
        AnyCmdReq::UserUpdate(req) => change::user_update(state, &auth, req, now).await?.dump(),
        // Known commands this server does not serve.
        _ => return Err(RpcError::NotImplemented),
    };
    Ok(msgpack(rep))
}

/// `certificate_get`: the common topic (redacted for a requester currently OUTSIDER) and
/// the sequester topic; shamir and realm topics are empty until those features exist.
pub async fn certificate_get(
    state: &AppState,
    auth: &Authenticated,
    req: certificate_get::Req,
) -> Result<certificate_get::Rep, RpcError> {
    let org = &auth.organization.id;
    let redacted = auth.user.current_profile == UserProfile::Outsider;
    let common = state
        .store
        .get_common_certificates(org, req.common_after, redacted)
        .await?;
    let sequester = state
        .store
        .get_sequester_certificates(org, req.sequester_after)
        .await?;
    Ok(certificate_get::Rep::Ok(certificate_get::Certificates {
        common_certificates: common.into_iter().map(ByteBuf::from).collect(),
        sequester_certificates: sequester.into_iter().map(ByteBuf::from).collect(),
        shamir_recovery_certificates: Vec::new(),
        realm_certificates: Default::default(),
    }))
}

/// `organization_info`: no blocks nor vlobs are stored yet.
pub fn organization_info() -> organization_info::Rep {
    organization_info::Rep::Ok(organization_info::Info {
        total_metadata_bytes: 0,
        total_block_bytes: 0,
    })
}

/// `POST /authenticated/{org}/tos`: authenticated like the main route but never 463.
/// Its commands (`tos_get`, `tos_accept`) are not modelled yet, so any well-formed
/// request gets 415 like an unknown command.
pub async fn tos_post(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    respond(tos_post_inner(&state, path, &headers, body).await)
}

async fn tos_post_inner(
    state: &AppState,
    path: Result<Path<String>, PathRejection>,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, RpcError> {
    let (_auth, body, _) = handshake(state, path, headers, body, AuthenticatedRoute::Tos).await?;
    let raw = RawReq::parse(&body).map_err(|_| RpcError::BadRequestBody)?;
    tracing::debug!(cmd = %raw.cmd, "unsupported tos command");
    Err(RpcError::BadRequestBody)
}
