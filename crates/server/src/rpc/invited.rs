//! `/invited/{org}`: the claimer side of invitations (wire.md §1.5, invite.md §2.3, §3):
//! `invite_info`, starting, stepping and cancelling greeting attempts, and `ping` on
//! debug servers.

use super::Family;
use crate::http::auth::{authenticate_invited, parse_invitation_token};
use crate::http::error::RpcError;
use crate::http::headers::authorization;
use crate::services::invite::{self, greeting, manage, step};
use crate::services::{self, InvitedClaimer};
use crate::state::AppState;
use axum::http::HeaderMap;
use parsec_protocol::cmds::invited::AnyCmdReq;
use parsec_protocol::cmds::ApiVersion;
use parsec_protocol::ids::{AccessToken, OrganizationID};
use parsec_protocol::DateTime;

/// `/invited/{org}`: requests carrying an invitation token, looked up before the body
/// is read (wire.md §1.8).
#[derive(Debug)]
pub struct Invited;

impl Family for Invited {
    type Credential = AccessToken;
    type Identity = InvitedClaimer;
    type Req = AnyCmdReq;
    const READ_BODY_BEFORE_IDENTIFY: bool = false;

    fn credential(headers: &HeaderMap) -> Result<AccessToken, RpcError> {
        parse_invitation_token(authorization(headers))
    }

    async fn identify(
        state: &AppState,
        org: OrganizationID,
        token: AccessToken,
    ) -> Result<InvitedClaimer, RpcError> {
        authenticate_invited(state, &org, &token).await
    }

    fn decode(body: &[u8]) -> Result<AnyCmdReq, RpcError> {
        AnyCmdReq::load(body).map_err(|_| RpcError::BadRequestBody)
    }

    async fn dispatch(
        state: &AppState,
        claimer: InvitedClaimer,
        req: AnyCmdReq,
        api_version: ApiVersion,
    ) -> Result<Vec<u8>, RpcError> {
        let claimer = &claimer;
        let now = DateTime::now();
        Ok(match req {
            AnyCmdReq::InviteInfo(_) => manage::invite_info(state, claimer).await?.dump(),
            AnyCmdReq::InviteClaimerStartGreetingAttempt(req) => {
                greeting::claimer_start(state, claimer, req, now)
                    .await?
                    .dump()
            }
            AnyCmdReq::InviteClaimerStep(req) => {
                step::claimer_step(state, claimer, req, api_version)
                    .await?
                    .dump()
            }
            AnyCmdReq::InviteClaimerCancelGreetingAttempt(req) => {
                greeting::claimer_cancel(state, claimer, req, now)
                    .await?
                    .dump()
            }
            AnyCmdReq::InviteShamirRecoveryReveal(req) => {
                invite::shamir::invite_shamir_recovery_reveal(state, claimer, req)
                    .await?
                    .dump()
            }
            AnyCmdReq::Ping(req) => services::ping(state, req)?.dump(),
            _ => return Err(RpcError::NotImplemented),
        })
    }
}
