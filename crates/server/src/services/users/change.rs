//! `user_revoke` (certificates.md §9) and `user_update` (§8): an ADMIN changes another
//! user; [`set_user_frozen`]: the administration API freezes one.

use super::{check_causality, in_ballpark, verify, Invalid};
use crate::cluster::ClusterMessage;
use crate::services::invite::{author_in_tx, begin};
use crate::services::{off_async_workers, AuthenticatedUser, ServiceError};
use crate::state::AppState;
use crate::storage::{FreezeUserError, StorageError, TxMode, User, UserRevocation, UserUpdate};
use parsec_protocol::certif::{RevokedUserCertificate, UserUpdateCertificate};
use parsec_protocol::cmds::authenticated::{user_revoke, user_update};
use parsec_protocol::ids::{DeviceID, OrganizationID, UserID, UserProfile};
use parsec_protocol::DateTime;

/// Signature, author, ballpark, then "not oneself" (the official validation order).
fn validate(
    auth: &AuthenticatedUser,
    author: DeviceID,
    timestamp: DateTime,
    target: UserID,
    now: DateTime,
) -> Result<(), Invalid> {
    if author != auth.device_id {
        return Err(Invalid::Certificate);
    }
    in_ballpark(timestamp, now)?;
    if target == auth.user_id {
        return Err(Invalid::Certificate);
    }
    Ok(())
}

/// `user_revoke`: author ADMIN, valid certificate not targeting oneself, known target
/// not revoked yet, newer than the common topic. The revoked user's streams are closed
/// and its requests get HTTP 461 from now on.
pub async fn user_revoke(
    state: &AppState,
    auth: &AuthenticatedUser,
    req: user_revoke::Req,
    now: DateTime,
) -> Result<user_revoke::Rep, ServiceError> {
    use user_revoke::Rep;
    let org = &auth.organization_id;
    // Checked before the transaction, answered in the official order inside it.
    let (req, validated) = {
        let auth = auth.clone();
        off_async_workers(move || {
            let validated = verify::<RevokedUserCertificate>(&auth, &req.revoked_user_certificate)
                .and_then(|c| validate(&auth, c.author, c.timestamp, c.user_id, now).map(|()| c));
            (req, validated)
        })
        .await
    };
    let mut tx = begin(state, org, TxMode::Write).await?;
    let author = author_in_tx(&mut *tx, auth).await?;
    if author.current_profile != UserProfile::Admin {
        return Ok(Rep::AuthorNotAllowed);
    }
    let certificate = match validated {
        Ok(c) => c,
        Err(Invalid::Certificate) => return Ok(Rep::InvalidCertificate),
        Err(Invalid::OutOfBallpark(out)) => return Ok(Rep::TimestampOutOfBallpark(out)),
    };
    let Some(target) = tx.get_user(certificate.user_id).await? else {
        return Ok(Rep::UserNotFound);
    };
    if let Some(revoked_on) = target.revoked_on {
        return Ok(Rep::UserAlreadyRevoked(user_revoke::UserAlreadyRevoked {
            last_common_certificate_timestamp: revoked_on,
        }));
    }
    // No realms are stored by this server: the common topic is the whole bound.
    if let Err(rgt) = check_causality(
        tx.organization().common_topic_last_timestamp,
        certificate.timestamp,
    ) {
        return Ok(Rep::RequireGreaterTimestamp(rgt));
    }
    tx.revoke_user(&UserRevocation {
        user_id: certificate.user_id,
        revoked_on: certificate.timestamp,
        revoked_by: certificate.author,
        certificate: req.revoked_user_certificate.clone(),
    })
    .await?;
    tx.set_common_topic_last_timestamp(certificate.timestamp)
        .await?;
    let event = state.events.common_certificate(org, certificate.timestamp);
    let outbox = tx.outbox();
    outbox.extend(event);
    outbox.push(ClusterMessage::close_user(org, certificate.user_id));
    outbox.push(ClusterMessage::forget_credentials(
        org,
        Some(certificate.user_id),
    ));
    // Claimers held on this user's greeting attempts now get `greeter_revoked`.
    outbox.push(ClusterMessage::greeting_organization(org));
    tx.commit().await?;
    tracing::info!(organization = %org, user = %certificate.user_id, "user revoked");
    Ok(Rep::Ok)
}

/// `user_update`: author ADMIN, valid certificate not targeting oneself, known target
/// not revoked, a different profile, newer than the common topic.
pub async fn user_update(
    state: &AppState,
    auth: &AuthenticatedUser,
    req: user_update::Req,
    now: DateTime,
) -> Result<user_update::Rep, ServiceError> {
    use user_update::Rep;
    let org = &auth.organization_id;
    // Checked before the transaction, answered in the official order inside it.
    let (req, validated) = {
        let auth = auth.clone();
        off_async_workers(move || {
            let validated = verify::<UserUpdateCertificate>(&auth, &req.user_update_certificate)
                .and_then(|c| validate(&auth, c.author, c.timestamp, c.user_id, now).map(|()| c));
            (req, validated)
        })
        .await
    };
    let mut tx = begin(state, org, TxMode::Write).await?;
    let author = author_in_tx(&mut *tx, auth).await?;
    if author.current_profile != UserProfile::Admin {
        return Ok(Rep::AuthorNotAllowed);
    }
    let certificate = match validated {
        Ok(c) => c,
        Err(Invalid::Certificate) => return Ok(Rep::InvalidCertificate),
        Err(Invalid::OutOfBallpark(out)) => return Ok(Rep::TimestampOutOfBallpark(out)),
    };
    let Some(target) = tx.get_user(certificate.user_id).await? else {
        return Ok(Rep::UserNotFound);
    };
    if target.revoked_on.is_some() {
        return Ok(Rep::UserRevoked);
    }
    if target.current_profile == certificate.new_profile {
        return Ok(Rep::UserNoChanges);
    }
    if let Err(rgt) = check_causality(
        tx.organization().common_topic_last_timestamp,
        certificate.timestamp,
    ) {
        return Ok(Rep::RequireGreaterTimestamp(rgt));
    }
    tx.update_user_profile(&UserUpdate {
        user_id: certificate.user_id,
        new_profile: certificate.new_profile,
        updated_on: certificate.timestamp,
        updated_by: certificate.author,
        certificate: req.user_update_certificate.clone(),
    })
    .await?;
    tx.set_common_topic_last_timestamp(certificate.timestamp)
        .await?;
    let event = state.events.common_certificate(org, certificate.timestamp);
    tx.outbox().extend(event);
    // A demoted greeter is no longer allowed: held claimers must see it.
    tx.outbox().push(ClusterMessage::greeting_organization(org));
    // Its requests carry its profile.
    tx.outbox().push(ClusterMessage::forget_credentials(
        org,
        Some(certificate.user_id),
    ));
    tx.commit().await?;
    tracing::info!(
        organization = %org,
        user = %certificate.user_id,
        profile = %certificate.new_profile,
        "user profile updated"
    );
    Ok(Rep::Ok)
}

/// Freezes or unfreezes a non-revoked user (administration API) and returns it updated.
/// Its kept authentication look-ups are forgotten and, when frozen, its event streams
/// end, in every process.
pub async fn set_user_frozen(
    state: &AppState,
    org: &OrganizationID,
    user_id: UserID,
    frozen: bool,
) -> Result<User, FreezeUserError> {
    let (state, org) = (state.clone(), org.clone());
    // In a task of its own: a request cancelled by its client must not stop between the
    // change and the forgetting.
    let change = async move {
        let mut outbox = state.outbox();
        outbox.push(ClusterMessage::forget_credentials(&org, Some(user_id)));
        if frozen {
            // Like a revocation, freezing ends the user's SSE streams.
            outbox.push(ClusterMessage::close_user(&org, user_id));
        }
        state
            .store
            .set_user_frozen(&org, user_id, frozen, outbox)
            .await
    };
    tokio::spawn(change).await.map_err(|e| {
        FreezeUserError::Storage(StorageError::Corrupted(format!(
            "the change did not finish: {e}"
        )))
    })?
}
