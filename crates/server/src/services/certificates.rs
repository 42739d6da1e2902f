//! `certificate_get` (certificates.md §10): the certificates a client syncs.

use super::{AuthenticatedUser, ServiceError};
use crate::state::AppState;
use crate::storage::CertificateQuery;
use parsec_protocol::cmds::authenticated::certificate_get;
use parsec_protocol::ids::UserProfile;
use serde_bytes::ByteBuf;

/// `certificate_get`: the common topic (redacted for a requester currently OUTSIDER), the
/// sequester topic and the shamir recovery certificates the requester may see
/// ([`crate::storage::CertificateTopics::shamir`]), read in one storage call; the realm topics are empty (no realms are stored).
pub async fn certificate_get(
    state: &AppState,
    auth: &AuthenticatedUser,
    req: certificate_get::Req,
) -> Result<certificate_get::Rep, ServiceError> {
    let topics = state
        .store
        .get_certificates(&CertificateQuery {
            organization: &auth.organization_id,
            user: auth.user_id,
            common_after: req.common_after,
            redacted: auth.profile == UserProfile::Outsider,
            shamir_after: req.shamir_recovery_after,
        })
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
        common_certificates: topics.common.into_iter().map(ByteBuf::from).collect(),
        sequester_certificates: sequester.into_iter().collect(),
        shamir_recovery_certificates: topics.shamir.into_iter().map(ByteBuf::from).collect(),
        realm_certificates: Default::default(),
    }))
}
