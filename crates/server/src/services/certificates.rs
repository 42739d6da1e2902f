//! `certificate_get` (certificates.md §10): the certificates a client syncs.

use super::{AuthenticatedUser, ServiceError};
use crate::state::AppState;
use parsec_protocol::cmds::authenticated::certificate_get;
use parsec_protocol::ids::UserProfile;
use serde_bytes::ByteBuf;

/// `certificate_get`: the common topic (redacted for a requester currently OUTSIDER) and
/// the sequester topic; shamir and realm topics are empty until those features exist.
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
    Ok(certificate_get::Rep::Ok(certificate_get::Certificates {
        common_certificates: common.into_iter().map(ByteBuf::from).collect(),
        sequester_certificates: sequester.into_iter().collect(),
        shamir_recovery_certificates: Vec::new(),
        realm_certificates: Default::default(),
    }))
}
