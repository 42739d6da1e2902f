//! `certificate_get` (certificates.md §10): the certificates a client syncs.

use super::invite::begin;
use super::{AuthenticatedUser, ServiceError};
use crate::state::AppState;
use crate::storage::{ShamirRecoverySetup, TxMode};
use parsec_protocol::cmds::authenticated::certificate_get;
use parsec_protocol::ids::{UserID, UserProfile};
use parsec_protocol::DateTime;
use serde_bytes::ByteBuf;

/// `certificate_get`: the common topic (redacted for a requester currently OUTSIDER), the
/// sequester topic and the shamir recovery certificates the requester may see
/// (`visible_shamir_certificates`); the realm topics are empty (no realms are stored).
pub async fn certificate_get(
    state: &AppState,
    auth: &AuthenticatedUser,
    req: certificate_get::Req,
) -> Result<certificate_get::Rep, ServiceError> {
    let org = &auth.organization_id;
    let redacted = auth.profile == UserProfile::Outsider;
    let common = state
        .store
        .get_common_certificates(org, req.common_after, redacted)
        .await?;
    // The sequester authority is set at bootstrap and never changes: the organization
    // read by the authentication has it.
    let sequester = auth
        .organization
        .sequester_authority
        .as_ref()
        .filter(|a| req.sequester_after.is_none_or(|after| a.timestamp > after))
        .map(|a| ByteBuf::from(a.certificate.clone()));
    let setups = {
        let mut tx = begin(state, org, TxMode::Read).await?;
        tx.list_shamir_recoveries().await?
    };
    let shamir = visible_shamir_certificates(&setups, auth.user_id, req.shamir_recovery_after);
    Ok(certificate_get::Rep::Ok(certificate_get::Certificates {
        common_certificates: common.into_iter().map(ByteBuf::from).collect(),
        sequester_certificates: sequester.into_iter().collect(),
        shamir_recovery_certificates: shamir.into_iter().map(ByteBuf::from).collect(),
        realm_certificates: Default::default(),
    }))
}

/// The shamir recovery topic as `user` sees it, as the official server filters it: the
/// user's own setups (brief, then deletion once deleted) and those it is a recipient of
/// (brief, its own share right after, then the deletion); ordered by timestamp, strictly
/// after `after`. Other recipients' shares are never returned.
pub(crate) fn visible_shamir_certificates(
    setups: &[ShamirRecoverySetup],
    user: UserID,
    after: Option<DateTime>,
) -> Vec<Vec<u8>> {
    let mut found: Vec<(DateTime, u8, &[u8])> = Vec::new();
    for setup in setups {
        let share = setup.shares.iter().find(|s| s.recipient == user);
        if setup.user_id != user && share.is_none() {
            continue;
        }
        found.push((setup.created_on, 0, &setup.brief_certificate));
        if setup.user_id != user {
            if let Some(share) = share {
                // The brief comes first at equal timestamps.
                found.push((setup.created_on, 1, &share.certificate));
            }
        }
        if let (Some(deleted_on), Some(certificate)) =
            (setup.deleted_on, setup.deletion_certificate.as_deref())
        {
            found.push((deleted_on, 0, certificate));
        }
    }
    found.sort_by_key(|(ts, rank, _)| (*ts, *rank));
    found
        .into_iter()
        .filter(|(ts, _, _)| after.is_none_or(|a| *ts > a))
        .map(|(_, _, c)| c.to_vec())
        .collect()
}
