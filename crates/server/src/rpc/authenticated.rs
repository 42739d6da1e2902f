//! `/authenticated/{org}` and `/authenticated/{org}/tos` (wire.md §1.4, §1.8; commands:
//! certificates.md §6–10, invite.md §2–3, wire.md §7, shared recovery; terms of service: `services::tos`).

use super::Family;
use crate::http::auth::{authenticate, parse_signed_token, AuthenticatedRoute};
use crate::http::error::RpcError;
use crate::http::headers::authorization;
use crate::services::invite::{self, greeting, manage, step};
use crate::services::users::{change, create};
use crate::services::{self, certificates, organization, shamir, totp, AuthenticatedUser};
use crate::state::AppState;
use axum::http::HeaderMap;
use parsec_protocol::auth::SignedToken;
use parsec_protocol::cmds::authenticated::AnyCmdReq;
use parsec_protocol::cmds::{tos, ApiVersion};
use parsec_protocol::ids::OrganizationID;
use parsec_protocol::DateTime;

/// `/authenticated/{org}`: requests signed by a device; the body is read before the
/// credential lookup (wire.md §1.8).
#[derive(Debug)]
pub struct Authenticated;

async fn identify(
    state: &AppState,
    org: OrganizationID,
    token: SignedToken,
    route: AuthenticatedRoute,
) -> Result<AuthenticatedUser, RpcError> {
    let auth = authenticate(state, &org, &token, route, DateTime::now()).await?;
    Ok(auth.into_identity())
}

impl Family for Authenticated {
    type Credential = SignedToken;
    type Identity = AuthenticatedUser;
    type Req = AnyCmdReq;
    const READ_BODY_BEFORE_IDENTIFY: bool = true;

    fn credential(headers: &HeaderMap) -> Result<SignedToken, RpcError> {
        parse_signed_token(authorization(headers))
    }

    async fn identify(
        state: &AppState,
        org: OrganizationID,
        token: SignedToken,
    ) -> Result<AuthenticatedUser, RpcError> {
        identify(state, org, token, AuthenticatedRoute::Regular).await
    }

    fn decode(body: &[u8]) -> Result<AnyCmdReq, RpcError> {
        AnyCmdReq::load(body).map_err(|_| RpcError::BadRequestBody)
    }

    async fn dispatch(
        state: &AppState,
        auth: AuthenticatedUser,
        req: AnyCmdReq,
        api_version: ApiVersion,
    ) -> Result<Vec<u8>, RpcError> {
        let auth = &auth;
        let now = DateTime::now();
        Ok(match req {
            AnyCmdReq::CertificateGet(req) => certificates::certificate_get(state, auth, req)
                .await?
                .dump(),
            AnyCmdReq::OrganizationInfo(_) => organization::organization_info().dump(),
            AnyCmdReq::Ping(req) => services::ping(state, req)?.dump(),
            AnyCmdReq::InviteNewUser(req) => {
                manage::invite_new_user(state, auth, req, now).await?.dump()
            }
            AnyCmdReq::InviteNewDevice(req) => manage::invite_new_device(state, auth, req, now)
                .await?
                .dump(),
            AnyCmdReq::InviteNewShamirRecovery(req) => {
                invite::shamir::invite_new_shamir_recovery(state, auth, req, now)
                    .await?
                    .dump()
            }
            AnyCmdReq::InviteList(_) => manage::invite_list(state, auth).await?.dump(),
            AnyCmdReq::InviteCancel(req) => {
                manage::invite_cancel(state, auth, req, now).await?.dump()
            }
            AnyCmdReq::InviteComplete(req) => {
                manage::invite_complete(state, auth, req, now).await?.dump()
            }
            AnyCmdReq::InviteGreeterStartGreetingAttempt(req) => {
                greeting::greeter_start(state, auth, req, now).await?.dump()
            }
            AnyCmdReq::InviteGreeterStep(req) => step::greeter_step(state, auth, req, api_version)
                .await?
                .dump(),
            AnyCmdReq::InviteGreeterCancelGreetingAttempt(req) => {
                greeting::greeter_cancel(state, auth, req, now)
                    .await?
                    .dump()
            }
            AnyCmdReq::UserCreate(req) => create::user_create(state, auth, req, now).await?.dump(),
            AnyCmdReq::DeviceCreate(req) => {
                create::device_create(state, auth, req, now).await?.dump()
            }
            AnyCmdReq::UserRevoke(req) => change::user_revoke(state, auth, req, now).await?.dump(),
            AnyCmdReq::UserUpdate(req) => change::user_update(state, auth, req, now).await?.dump(),
            AnyCmdReq::TotpSetupGetSecret(_) => totp::setup_get_secret(state, auth).await?.dump(),
            AnyCmdReq::TotpSetupConfirm(req) => {
                totp::setup_confirm(state, auth, req, now).await?.dump()
            }
            AnyCmdReq::TotpCreateOpaqueKey(_) => totp::create_opaque_key(state, auth).await?.dump(),
            AnyCmdReq::ShamirRecoverySetup(req) => {
                shamir::shamir_recovery_setup(state, auth, req, now)
                    .await?
                    .dump()
            }
            AnyCmdReq::ShamirRecoveryDelete(req) => {
                shamir::shamir_recovery_delete(state, auth, req, now)
                    .await?
                    .dump()
            }
            // Known commands this server does not serve.
            _ => return Err(RpcError::NotImplemented),
        })
    }
}

/// `/authenticated/{org}/tos`: authenticated like the main route but never 463, so that
/// a user who must accept the terms of service can read and accept them.
#[derive(Debug)]
pub struct Tos;

impl Family for Tos {
    type Credential = SignedToken;
    type Identity = AuthenticatedUser;
    type Req = tos::AnyCmdReq;
    const READ_BODY_BEFORE_IDENTIFY: bool = true;

    fn credential(headers: &HeaderMap) -> Result<SignedToken, RpcError> {
        parse_signed_token(authorization(headers))
    }

    async fn identify(
        state: &AppState,
        org: OrganizationID,
        token: SignedToken,
    ) -> Result<AuthenticatedUser, RpcError> {
        identify(state, org, token, AuthenticatedRoute::Tos).await
    }

    fn decode(body: &[u8]) -> Result<tos::AnyCmdReq, RpcError> {
        tos::AnyCmdReq::load(body).map_err(|_| RpcError::BadRequestBody)
    }

    async fn dispatch(
        state: &AppState,
        auth: AuthenticatedUser,
        req: tos::AnyCmdReq,
        _: ApiVersion,
    ) -> Result<Vec<u8>, RpcError> {
        Ok(match req {
            tos::AnyCmdReq::TosGet(_) => services::tos::tos_get(state, &auth).await?.dump(),
            tos::AnyCmdReq::TosAccept(req) => {
                services::tos::tos_accept(state, &auth, req, DateTime::now())
                    .await?
                    .dump()
            }
            _ => return Err(RpcError::NotImplemented),
        })
    }
}
