//! Authentication of the authenticated, TOS, SSE and invited routes (wire.md §1.4, §1.5),
//! with the official check order (wire.md §1.8, step 6).

use super::error::RpcError;
use crate::ballpark::timestamps_in_the_ballpark;
use crate::credential_cache::Cached;
use crate::services::{AuthenticatedUser, InvitedClaimer};
use crate::state::AppState;
use crate::storage::{DeviceCredentials, DeviceLookup, Organization};
use parsec_protocol::auth::{parse_bearer, SignedToken};
use parsec_protocol::ids::{AccessToken, DeviceID, OrganizationID};
use parsec_protocol::DateTime;

/// Parses `Bearer PARSEC-SIGN-ED25519.<device>.<secs>.<sig>` (401 when malformed).
pub fn parse_signed_token(header: Option<&str>) -> Result<SignedToken, RpcError> {
    header
        .and_then(parse_bearer)
        .and_then(SignedToken::parse)
        .ok_or(RpcError::BadAuthorizationHeader)
}

/// Parses `Bearer <token hex>` (401 when malformed; hex is case-insensitive).
pub fn parse_invitation_token(header: Option<&str>) -> Result<AccessToken, RpcError> {
    header
        .and_then(parse_bearer)
        .and_then(|t| t.parse().ok())
        .ok_or(RpcError::BadAuthorizationHeader)
}

/// Which authenticated route is being served: the TOS route skips the TOS check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthenticatedRoute {
    /// `/authenticated/{org}` and its `/events`.
    Regular,
    /// `/authenticated/{org}/tos`.
    Tos,
}

/// A device that proved who it is.
#[derive(Debug, Clone)]
pub struct AuthenticatedDevice {
    /// Its organization.
    pub organization: Organization,
    /// The device.
    pub device_id: DeviceID,
    /// What was checked of the device and its user.
    pub credentials: DeviceCredentials,
}

impl AuthenticatedDevice {
    /// Who sent the request, as the services see it.
    pub fn into_identity(self) -> AuthenticatedUser {
        AuthenticatedUser {
            organization_id: self.organization.id.clone(),
            user_id: self.credentials.user_id,
            device_id: self.device_id,
            profile: self.credentials.profile,
            verify_key: self.credentials.verify_key,
            organization: self.organization,
        }
    }
}

/// Fetches the organization, refusing unknown (404) and expired (460) ones.
pub async fn active_organization(
    state: &AppState,
    id: &OrganizationID,
) -> Result<Organization, RpcError> {
    let org = state
        .store
        .get_organization(id)
        .await?
        .ok_or(RpcError::OrganizationNotFound)?;
    if org.is_expired {
        return Err(RpcError::OrganizationExpired);
    }
    Ok(org)
}

/// Whether a user who last accepted the organization's TOS at `accepted_on` must
/// (re)accept them.
pub fn tos_acceptance_required(org: &Organization, accepted_on: Option<DateTime>) -> bool {
    org.config
        .tos
        .as_ref()
        .is_some_and(|tos| accepted_on.is_none_or(|accepted| accepted < tos.updated_on))
}

/// Checks a signed token: organization (404, 460), device (403), user revoked (461),
/// frozen (462), TOS (463, not on the TOS route), signature (403), time window (498).
/// The look-up of a device that passed every check is kept in memory
/// ([`crate::credential_cache`]): its next requests only check the signature and the
/// time window again.
pub async fn authenticate(
    state: &AppState,
    org_id: &OrganizationID,
    token: &SignedToken,
    route: AuthenticatedRoute,
    now: DateTime,
) -> Result<AuthenticatedDevice, RpcError> {
    let (checked, ticket) = match state.credentials.get(org_id, token.device_id) {
        // Passed every check below when kept, and nothing changed since.
        Cached::Hit(checked) => (*checked, None),
        // The ticket was taken before the look-up: a change made meanwhile prevents
        // keeping it.
        Cached::Miss(ticket) => {
            // One look-up for the organization, the device and its user.
            let lookup = state
                .store
                .lookup_device(org_id, token.device_id)
                .await?
                .ok_or(RpcError::OrganizationNotFound)?;
            (checked(lookup, route)?, Some(ticket))
        }
    };
    if !token.verify(&checked.1.verify_key) {
        return Err(RpcError::BadAuthentication);
    }
    let in_window = token
        .timestamp_secs
        .checked_mul(1_000_000)
        .is_some_and(|us| timestamps_in_the_ballpark(DateTime::from_micros(us), now));
    if !in_window {
        return Err(RpcError::TimestampOutOfBallpark);
    }
    // Kept once the device proved who it is. The TOS route does not check the TOS
    // acceptance: its look-ups are not kept.
    if let (Some(ticket), AuthenticatedRoute::Regular) = (ticket, route) {
        state
            .credentials
            .keep(ticket, org_id, token.device_id, &checked);
    }
    let (organization, credentials) = checked;
    Ok(AuthenticatedDevice {
        organization,
        device_id: token.device_id,
        credentials,
    })
}

/// The checks of a look-up, signature and time window excepted: organization (404, 460),
/// device (403), user revoked (461), frozen (462), TOS (463, not on the TOS route).
fn checked(
    lookup: DeviceLookup,
    route: AuthenticatedRoute,
) -> Result<(Organization, DeviceCredentials), RpcError> {
    let DeviceLookup {
        organization,
        credentials,
    } = lookup;
    if organization.is_expired {
        return Err(RpcError::OrganizationExpired);
    }
    let credentials = credentials.ok_or(RpcError::BadAuthentication)?;
    if credentials.revoked {
        return Err(RpcError::UserRevoked);
    }
    if credentials.frozen {
        return Err(RpcError::UserFrozen);
    }
    if route == AuthenticatedRoute::Regular
        && tos_acceptance_required(&organization, credentials.tos_accepted_on)
    {
        return Err(RpcError::TosNotAccepted);
    }
    Ok((organization, credentials))
}

/// Checks an invitation token: organization (404, 460), unknown token (403), deleted
/// invitation (410).
pub async fn authenticate_invited(
    state: &AppState,
    org_id: &OrganizationID,
    token: &AccessToken,
) -> Result<InvitedClaimer, RpcError> {
    active_organization(state, org_id).await?;
    let invitation = state
        .store
        .get_invitation(org_id, token)
        .await?
        .ok_or(RpcError::BadAuthentication)?;
    if invitation.deleted_on.is_some() {
        return Err(RpcError::InvitationDeleted);
    }
    Ok(InvitedClaimer {
        organization_id: org_id.clone(),
        token: invitation.token,
    })
}
