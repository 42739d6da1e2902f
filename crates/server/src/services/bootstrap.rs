//! The `organization_bootstrap` service: every check of certificates.md §5.2, in order,
//! then one atomic store.

use crate::ballpark;
use crate::state::AppState;
use crate::storage::{
    bootstrap_token_matches, BootstrapData, BootstrapOrganizationError, Device, NewOrganization,
    Organization, SequesterAuthority, StorageError, User,
};
use parsec_protocol::certif::{
    verify_and_load, DeviceCertificate, SequesterAuthorityCertificate, UserCertificate,
};
use parsec_protocol::cmds::anonymous::organization_bootstrap::{Rep, Req};
use parsec_protocol::ids::{OrganizationID, UserProfile};
use parsec_protocol::DateTime;

/// Certificates that passed every check.
#[derive(Debug)]
pub struct ValidBootstrap {
    /// What to store.
    pub data: BootstrapData,
}

/// Step 4 of certificates.md §5.2: signatures, profile, timestamps, redacted variants,
/// sequester authority. `Err` is the reply to send.
pub fn validate(req: &Req, now: DateTime) -> Result<ValidBootstrap, Rep> {
    let root = &req.root_verify_key;
    let load_user = |bytes: &[u8]| {
        verify_and_load::<UserCertificate>(bytes, root).map_err(|_| Rep::InvalidCertificate)
    };
    let load_device = |bytes: &[u8]| {
        verify_and_load::<DeviceCertificate>(bytes, root).map_err(|_| Rep::InvalidCertificate)
    };
    let user = load_user(&req.user_certificate)?;
    let device = load_device(&req.device_certificate)?;
    let redacted_user = load_user(&req.redacted_user_certificate)?;
    let redacted_device = load_device(&req.redacted_device_certificate)?;

    if user.profile != UserProfile::Admin {
        return Err(Rep::InvalidCertificate);
    }
    if user.timestamp != device.timestamp || user.user_id != device.user_id {
        return Err(Rep::InvalidCertificate);
    }
    if let Some(out) = ballpark::check(user.timestamp, now) {
        return Err(Rep::TimestampOutOfBallpark(out));
    }
    // The redacted copies must have no handle / label and otherwise match exactly.
    if redacted_user.human_handle.is_some() || redacted_user != user.to_redacted() {
        return Err(Rep::InvalidCertificate);
    }
    if redacted_device.device_label.is_some() || redacted_device != device.to_redacted() {
        return Err(Rep::InvalidCertificate);
    }
    let sequester_authority = match &req.sequester_authority_certificate {
        None => None,
        Some(bytes) => {
            let authority = verify_and_load::<SequesterAuthorityCertificate>(bytes, root)
                .map_err(|_| Rep::InvalidCertificate)?;
            if let Some(out) = ballpark::check(authority.timestamp, now) {
                return Err(Rep::TimestampOutOfBallpark(out));
            }
            if authority.timestamp != user.timestamp {
                return Err(Rep::InvalidCertificate);
            }
            Some(SequesterAuthority {
                certificate: bytes.clone(),
                verify_key_der: authority.verify_key_der,
                timestamp: authority.timestamp,
            })
        }
    };

    let data = BootstrapData {
        root_verify_key: *root,
        user: User {
            user_id: user.user_id,
            human_handle: user.human_handle.clone(),
            initial_profile: user.profile,
            current_profile: user.profile,
            user_certificate: req.user_certificate.clone(),
            redacted_user_certificate: req.redacted_user_certificate.clone(),
            created_on: user.timestamp,
            created_by: user.author,
            revoked_on: None,
            revoked_user_certificate: None,
            frozen: false,
            tos_accepted_on: None,
        },
        device: Device {
            device_id: device.device_id,
            user_id: device.user_id,
            verify_key: device.verify_key,
            device_certificate: req.device_certificate.clone(),
            redacted_device_certificate: req.redacted_device_certificate.clone(),
            created_on: device.timestamp,
            created_by: device.author,
        },
        sequester_authority,
        bootstrapped_on: now,
    };
    Ok(ValidBootstrap { data })
}

/// Runs `organization_bootstrap` on `org_id`. `existing` is the organization as read by
/// the route (`None` only when spontaneous bootstrap let an unknown one through).
pub async fn organization_bootstrap(
    state: &AppState,
    org_id: &OrganizationID,
    existing: Option<Organization>,
    req: Req,
    now: DateTime,
) -> Result<Rep, StorageError> {
    let spontaneous = match &existing {
        Some(_) => None,
        None if state.config.spontaneous_organization_bootstrap => Some(NewOrganization {
            id: org_id.clone(),
            bootstrap_token: None,
            config: state.config.organization_defaults.to_config(now),
            created_on: now,
        }),
        // The route refuses unknown organizations when spontaneous bootstrap is off;
        // answer like a reused token if it raced with a deletion.
        None => return Ok(Rep::InvalidBootstrapToken),
    };
    let expected_token = existing.as_ref().and_then(|o| o.bootstrap_token);
    if !bootstrap_token_matches(expected_token.as_ref(), req.bootstrap_token.as_ref()) {
        return Ok(Rep::InvalidBootstrapToken);
    }
    if existing.as_ref().is_some_and(|o| o.is_bootstrapped) {
        return Ok(Rep::OrganizationAlreadyBootstrapped);
    }
    // Signatures and decoding on the blocking pool, before the store's transaction.
    let (req, valid) = super::off_async_workers(move || {
        let valid = validate(&req, now);
        (req, valid)
    })
    .await;
    let valid = match valid {
        Ok(v) => v,
        Err(rep) => return Ok(rep),
    };
    match state
        .store
        .bootstrap_organization(org_id, req.bootstrap_token, spontaneous, valid.data)
        .await
    {
        Ok(()) => {
            tracing::info!(organization = %org_id, "organization bootstrapped");
            Ok(Rep::Ok)
        }
        Err(
            BootstrapOrganizationError::InvalidBootstrapToken
            | BootstrapOrganizationError::NotFound,
        ) => Ok(Rep::InvalidBootstrapToken),
        Err(BootstrapOrganizationError::AlreadyBootstrapped) => {
            Ok(Rep::OrganizationAlreadyBootstrapped)
        }
        Err(BootstrapOrganizationError::Storage(e)) => Err(e),
    }
}
