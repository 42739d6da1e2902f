//! `user_create` (certificates.md §6) and `device_create` (§7).

use super::{check_causality, in_ballpark, verify, Invalid};
use crate::services::invite::{author_in_tx, begin};
use crate::services::{off_async_workers, AuthenticatedUser, ServiceError};
use crate::state::AppState;
use crate::storage::{Device, TxMode, User};
use parsec_protocol::certif::{DeviceCertificate, UserCertificate};
use parsec_protocol::cmds::authenticated::{device_create, user_create};
use parsec_protocol::ids::UserProfile;
use parsec_protocol::DateTime;

/// Certificates of `user_create` that passed the validation.
struct NewUser {
    user: UserCertificate,
    device: DeviceCertificate,
}

/// Signatures and author of the four certificates, same timestamp, ballpark, same user,
/// redacted variants (certificates.md §3, §6 step 3), in the official order.
fn validate_user(
    auth: &AuthenticatedUser,
    req: &user_create::Req,
    now: DateTime,
) -> Result<NewUser, Invalid> {
    let author = Some(auth.device_id);
    let device: DeviceCertificate = verify(auth, &req.device_certificate)?;
    let user: UserCertificate = verify(auth, &req.user_certificate)?;
    let redacted_user: UserCertificate = verify(auth, &req.redacted_user_certificate)?;
    let redacted_device: DeviceCertificate = verify(auth, &req.redacted_device_certificate)?;
    if [
        user.author,
        redacted_user.author,
        device.author,
        redacted_device.author,
    ]
    .iter()
    .any(|a| *a != author)
    {
        return Err(Invalid::Certificate);
    }
    if user.timestamp != device.timestamp {
        return Err(Invalid::Certificate);
    }
    in_ballpark(user.timestamp, now)?;
    if user.user_id != device.user_id {
        return Err(Invalid::Certificate);
    }
    if redacted_user.human_handle.is_some() || redacted_device.device_label.is_some() {
        return Err(Invalid::Certificate);
    }
    if user.to_redacted() != redacted_user || device.to_redacted() != redacted_device {
        return Err(Invalid::Certificate);
    }
    Ok(NewUser { user, device })
}

/// Signatures and author of both certificates, ballpark, the author's own user, redacted
/// variant (certificates.md §7 step 3), in the official order.
fn validate_device(
    auth: &AuthenticatedUser,
    req: &device_create::Req,
    now: DateTime,
) -> Result<DeviceCertificate, Invalid> {
    let device: DeviceCertificate = verify(auth, &req.device_certificate)?;
    let redacted: DeviceCertificate = verify(auth, &req.redacted_device_certificate)?;
    let expected = Some(auth.device_id);
    if device.author != expected || redacted.author != expected {
        return Err(Invalid::Certificate);
    }
    in_ballpark(device.timestamp, now)?;
    // Another user's device, even by an ADMIN (certificates.md §7 [live]).
    if device.user_id != auth.user_id {
        return Err(Invalid::Certificate);
    }
    if redacted.device_label.is_some() || device.to_redacted() != redacted {
        return Err(Invalid::Certificate);
    }
    Ok(device)
}

fn device_record(c: &DeviceCertificate, full: &[u8], redacted: &[u8]) -> Device {
    Device {
        device_id: c.device_id,
        user_id: c.user_id,
        verify_key: c.verify_key,
        device_certificate: full.to_vec(),
        redacted_device_certificate: redacted.to_vec(),
        created_on: c.timestamp,
        created_by: c.author,
    }
}

/// `user_create`: author ADMIN, valid certificates, active users limit, new IDs, email
/// free among non-revoked users, newer than the common topic.
pub async fn user_create(
    state: &AppState,
    auth: &AuthenticatedUser,
    req: user_create::Req,
    now: DateTime,
) -> Result<user_create::Rep, ServiceError> {
    use user_create::Rep;
    let org = &auth.organization_id;
    // Checked before the transaction, answered in the official order inside it.
    let (req, validated) = {
        let auth = auth.clone();
        off_async_workers(move || {
            let validated = validate_user(&auth, &req, now);
            (req, validated)
        })
        .await
    };
    let mut tx = begin(state, org, TxMode::Write).await?;
    let author = author_in_tx(&mut *tx, auth).await?;
    if author.current_profile != UserProfile::Admin {
        return Ok(Rep::AuthorNotAllowed);
    }
    let NewUser { user, device } = match validated {
        Ok(v) => v,
        Err(Invalid::Certificate) => return Ok(Rep::InvalidCertificate),
        Err(Invalid::OutOfBallpark(out)) => return Ok(Rep::TimestampOutOfBallpark(out)),
    };
    let users = tx.list_users().await?;
    let active = users.iter().filter(|u| u.revoked_on.is_none()).count();
    let limit = tx.organization().config.active_users_limit;
    if limit.is_some_and(|limit| u64::try_from(active).unwrap_or(u64::MAX) >= limit) {
        return Ok(Rep::ActiveUsersLimitReached);
    }
    if users.iter().any(|u| u.user_id == user.user_id)
        || tx.get_device(device.device_id).await?.is_some()
    {
        return Ok(Rep::UserAlreadyExists);
    }
    // The email alone decides, exact string (certificates.md §6 step 6).
    if let Some(handle) = &user.human_handle {
        let taken = users.iter().any(|u| {
            u.revoked_on.is_none()
                && u.human_handle.as_ref().map(|h| h.email()) == Some(handle.email())
        });
        if taken {
            return Ok(Rep::HumanHandleAlreadyTaken);
        }
    }
    if let Err(rgt) = check_causality(
        tx.organization().common_topic_last_timestamp,
        user.timestamp,
    ) {
        return Ok(Rep::RequireGreaterTimestamp(rgt));
    }
    let record = User {
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
    };
    let device_record = device_record(
        &device,
        &req.device_certificate,
        &req.redacted_device_certificate,
    );
    tx.insert_user(&record, &device_record).await?;
    tx.set_common_topic_last_timestamp(user.timestamp).await?;
    let event = state.events.common_certificate(org, user.timestamp);
    tx.outbox().extend(event);
    crate::failpoint::hit("user_create:before-commit");
    tx.commit().await?;
    crate::failpoint::hit("user_create:after-commit");
    tracing::info!(organization = %org, user = %user.user_id, profile = %user.profile, "user created");
    Ok(Rep::Ok)
}

/// `device_create`: a new device for the author's own user (any profile).
pub async fn device_create(
    state: &AppState,
    auth: &AuthenticatedUser,
    req: device_create::Req,
    now: DateTime,
) -> Result<device_create::Rep, ServiceError> {
    use device_create::Rep;
    let org = &auth.organization_id;
    // Checked before the transaction, answered in the official order inside it. The
    // author read in the transaction is `auth.user_id`'s user.
    let (req, validated) = {
        let auth = auth.clone();
        off_async_workers(move || {
            let validated = validate_device(&auth, &req, now);
            (req, validated)
        })
        .await
    };
    let mut tx = begin(state, org, TxMode::Write).await?;
    let author = author_in_tx(&mut *tx, auth).await?;
    let device = match validated {
        Ok(d) => d,
        Err(Invalid::Certificate) => return Ok(Rep::InvalidCertificate),
        Err(Invalid::OutOfBallpark(out)) => return Ok(Rep::TimestampOutOfBallpark(out)),
    };
    if tx.get_device(device.device_id).await?.is_some() {
        return Ok(Rep::DeviceAlreadyExists);
    }
    if let Err(rgt) = check_causality(
        tx.organization().common_topic_last_timestamp,
        device.timestamp,
    ) {
        return Ok(Rep::RequireGreaterTimestamp(rgt));
    }
    let record = device_record(
        &device,
        &req.device_certificate,
        &req.redacted_device_certificate,
    );
    tx.insert_device(&record).await?;
    tx.set_common_topic_last_timestamp(device.timestamp).await?;
    let event = state.events.common_certificate(org, device.timestamp);
    tx.outbox().extend(event);
    tx.commit().await?;
    tracing::info!(organization = %org, user = %author.user_id, "device created");
    Ok(Rep::Ok)
}
