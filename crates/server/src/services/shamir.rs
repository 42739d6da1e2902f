//! Shared recovery (shamir) setups: `shamir_recovery_setup` and `shamir_recovery_delete`.
//!
//! The certificates are verified with the requesting device's key before the storage
//! transaction; the answers come in the order of the official memory backend
//! (`server/parsec/components/shamir.py` and `memory/shamir.py` of 3.9.3):
//!
//! - setup: brief corrupted (signature, decoding, author, at most 255 shares, threshold
//!   reachable), ballpark, `user_id` of the brief not the author's, share count differing
//!   from the brief's recipient count, then per share in upload order: corrupted,
//!   timestamp differing from the brief's, recipient not in the brief, duplicate
//!   recipient, recipient being the author; then per recipient: unknown, revoked; then an
//!   active setup of the author; then causality against the common and shamir topics;
//! - delete: corrupted, ballpark, setup of another user, causality, no setup of the
//!   author at that timestamp, recipients differing, already deleted.
//!
//! The shamir topic is organization-wide: its last timestamp is the latest creation or
//! deletion of any setup, and a new certificate must be strictly newer than it and than
//! the common topic. The number of share certificates decoded is bounded by the brief
//! (at most 255 recipients, checked before any share is decoded); the request body limit
//! bounds `ciphered_data`.

use super::invite::{author_in_tx, begin};
use super::users::{check_causality, in_ballpark, verify, Invalid};
use super::{off_async_workers, AuthenticatedUser, ServiceError};
use crate::state::AppState;
use crate::storage::{ShamirRecoverySetup, ShamirRecoveryShare, TxMode};
use parsec_protocol::certif::{
    ShamirRecoveryBriefCertificate, ShamirRecoveryDeletionCertificate,
    ShamirRecoveryShareCertificate,
};
use parsec_protocol::cmds::authenticated::{shamir_recovery_delete, shamir_recovery_setup};
use parsec_protocol::cmds::TimestampOutOfBallpark;
use parsec_protocol::ids::UserID;
use parsec_protocol::DateTime;

/// Why the setup's certificates are refused before any state is read.
#[derive(Debug)]
enum SetupInvalid {
    BriefCorrupted,
    OutOfBallpark(TimestampOutOfBallpark),
    UserIdMustBeSelf,
    MissingShareForRecipient,
    ShareCorrupted,
    ShareInconsistentTimestamp,
    ShareRecipientNotInBrief,
    DuplicateShareForRecipient,
    AuthorIncludedAsRecipient,
}

/// The brief and, per recipient in upload order, its share certificate as uploaded.
type ValidSetup = (ShamirRecoveryBriefCertificate, Vec<(UserID, Vec<u8>)>);

/// The checks of the official `shamir_setup_validate`, in its order.
fn validate_setup(
    auth: &AuthenticatedUser,
    brief: &[u8],
    shares: &[serde_bytes::ByteBuf],
    now: DateTime,
) -> Result<ValidSetup, SetupInvalid> {
    let brief: ShamirRecoveryBriefCertificate =
        verify(auth, brief).map_err(|_| SetupInvalid::BriefCorrupted)?;
    if brief.author != auth.device_id {
        return Err(SetupInvalid::BriefCorrupted);
    }
    in_ballpark(brief.timestamp, now).map_err(|e| match e {
        Invalid::OutOfBallpark(out) => SetupInvalid::OutOfBallpark(out),
        Invalid::Certificate => SetupInvalid::BriefCorrupted,
    })?;
    if brief.user_id != auth.user_id {
        return Err(SetupInvalid::UserIdMustBeSelf);
    }
    // Too many shares as well: the count is checked before any share is decoded.
    if brief.per_recipient_shares.len() != shares.len() {
        return Err(SetupInvalid::MissingShareForRecipient);
    }
    let mut valid: Vec<(UserID, Vec<u8>)> = Vec::with_capacity(shares.len());
    for raw in shares {
        let share: ShamirRecoveryShareCertificate =
            verify(auth, raw).map_err(|_| SetupInvalid::ShareCorrupted)?;
        if share.author != auth.device_id {
            return Err(SetupInvalid::ShareCorrupted);
        }
        if share.timestamp != brief.timestamp {
            return Err(SetupInvalid::ShareInconsistentTimestamp);
        }
        if !brief.per_recipient_shares.contains_key(&share.recipient) {
            return Err(SetupInvalid::ShareRecipientNotInBrief);
        }
        if valid.iter().any(|(r, _)| *r == share.recipient) {
            return Err(SetupInvalid::DuplicateShareForRecipient);
        }
        if share.recipient == auth.user_id {
            return Err(SetupInvalid::AuthorIncludedAsRecipient);
        }
        valid.push((share.recipient, raw.to_vec()));
    }
    Ok((brief, valid))
}

/// `shamir_recovery_setup`: stores the author's setup; `SHAMIR_RECOVERY_CERTIFICATE`
/// then goes to the author and the recipients.
pub async fn shamir_recovery_setup(
    state: &AppState,
    auth: &AuthenticatedUser,
    req: shamir_recovery_setup::Req,
    now: DateTime,
) -> Result<shamir_recovery_setup::Rep, ServiceError> {
    use shamir_recovery_setup::{LastShamirCertificate, Rep, RevokedRecipient};
    let org = &auth.organization_id;
    let (req, validated) = {
        let auth = auth.clone();
        off_async_workers(move || {
            let validated = validate_setup(
                &auth,
                &req.shamir_recovery_brief_certificate,
                &req.shamir_recovery_share_certificates,
                now,
            );
            (req, validated)
        })
        .await
    };
    let mut tx = begin(state, org, TxMode::Write).await?;
    author_in_tx(&mut *tx, auth).await?;
    let (brief, shares) = match validated {
        Ok(v) => v,
        Err(e) => {
            return Ok(match e {
                SetupInvalid::BriefCorrupted => Rep::InvalidCertificateBriefCorrupted,
                SetupInvalid::OutOfBallpark(out) => Rep::TimestampOutOfBallpark(out),
                SetupInvalid::UserIdMustBeSelf => Rep::InvalidCertificateUserIdMustBeSelf,
                SetupInvalid::MissingShareForRecipient => {
                    Rep::InvalidCertificateMissingShareForRecipient
                }
                SetupInvalid::ShareCorrupted => Rep::InvalidCertificateShareCorrupted,
                SetupInvalid::ShareInconsistentTimestamp => {
                    Rep::InvalidCertificateShareInconsistentTimestamp
                }
                SetupInvalid::ShareRecipientNotInBrief => {
                    Rep::InvalidCertificateShareRecipientNotInBrief
                }
                SetupInvalid::DuplicateShareForRecipient => {
                    Rep::InvalidCertificateDuplicateShareForRecipient
                }
                SetupInvalid::AuthorIncludedAsRecipient => {
                    Rep::InvalidCertificateAuthorIncludedAsRecipient
                }
            })
        }
    };
    let common_last = tx.organization().common_topic_last_timestamp;
    for (recipient, _) in &shares {
        let Some(user) = tx.get_user(*recipient).await? else {
            return Ok(Rep::RecipientNotFound);
        };
        if user.revoked_on.is_some() {
            let last = common_last
                .ok_or_else(|| ServiceError::corrupted("users without common certificates"))?;
            return Ok(Rep::RevokedRecipient(RevokedRecipient {
                last_common_certificate_timestamp: last,
            }));
        }
    }
    let shamir_last = tx.shamir_topic_last_timestamp().await?;
    if let Some(previous) = tx.last_shamir_recovery(auth.user_id).await? {
        if previous.deleted_on.is_none() {
            let last = shamir_last
                .ok_or_else(|| ServiceError::corrupted("a setup but no shamir timestamp"))?;
            return Ok(Rep::ShamirRecoveryAlreadyExists(LastShamirCertificate {
                last_shamir_certificate_timestamp: last,
            }));
        }
    }
    if let Err(rgt) = check_causality(common_last.max(shamir_last), brief.timestamp) {
        return Ok(Rep::RequireGreaterTimestamp(rgt));
    }
    let setup = ShamirRecoverySetup {
        user_id: auth.user_id,
        created_on: brief.timestamp,
        brief_certificate: req.shamir_recovery_brief_certificate,
        threshold: u64::from(brief.threshold.get()),
        shares: shares
            .into_iter()
            .map(|(recipient, certificate)| ShamirRecoveryShare {
                recipient,
                shares: brief
                    .per_recipient_shares
                    .get(&recipient)
                    .map_or(0, |n| u64::from(n.get())),
                certificate,
            })
            .collect(),
        reveal_token: req.reveal_token,
        ciphered_data: req.ciphered_data,
        deleted_on: None,
        deletion_certificate: None,
    };
    tx.insert_shamir_recovery(&setup).await?;
    let event =
        state
            .events
            .shamir_recovery_certificate(org, participants(&setup), setup.created_on);
    tx.outbox().extend(event);
    tx.commit().await?;
    tracing::info!(organization = %org, recipients = setup.shares.len(), "shamir recovery set up");
    Ok(Rep::Ok)
}

/// The user of a setup and its recipients.
fn participants(setup: &ShamirRecoverySetup) -> Vec<UserID> {
    let mut users = vec![setup.user_id];
    users.extend(setup.recipients());
    users
}

/// Why a deletion certificate is refused before any state is read.
#[derive(Debug)]
enum DeleteInvalid {
    Corrupted,
    OutOfBallpark(TimestampOutOfBallpark),
    UserIdMustBeSelf,
}

/// The checks of the official `shamir_delete_validate`, in its order.
fn validate_delete(
    auth: &AuthenticatedUser,
    signed: &[u8],
    now: DateTime,
) -> Result<ShamirRecoveryDeletionCertificate, DeleteInvalid> {
    let deletion: ShamirRecoveryDeletionCertificate =
        verify(auth, signed).map_err(|_| DeleteInvalid::Corrupted)?;
    if deletion.author != auth.device_id {
        return Err(DeleteInvalid::Corrupted);
    }
    in_ballpark(deletion.timestamp, now).map_err(|e| match e {
        Invalid::OutOfBallpark(out) => DeleteInvalid::OutOfBallpark(out),
        Invalid::Certificate => DeleteInvalid::Corrupted,
    })?;
    if deletion.setup_to_delete_user_id != auth.user_id {
        return Err(DeleteInvalid::UserIdMustBeSelf);
    }
    Ok(deletion)
}

/// `shamir_recovery_delete`: marks the author's setup deleted (its pending invitation
/// becomes cancelled); `SHAMIR_RECOVERY_CERTIFICATE` then goes to the participants.
pub async fn shamir_recovery_delete(
    state: &AppState,
    auth: &AuthenticatedUser,
    req: shamir_recovery_delete::Req,
    now: DateTime,
) -> Result<shamir_recovery_delete::Rep, ServiceError> {
    use shamir_recovery_delete::{LastShamirCertificate, Rep};
    let org = &auth.organization_id;
    let (req, validated) = {
        let auth = auth.clone();
        off_async_workers(move || {
            let validated = validate_delete(&auth, &req.shamir_recovery_deletion_certificate, now);
            (req, validated)
        })
        .await
    };
    let mut tx = begin(state, org, TxMode::Write).await?;
    author_in_tx(&mut *tx, auth).await?;
    let deletion = match validated {
        Ok(d) => d,
        Err(DeleteInvalid::Corrupted) => return Ok(Rep::InvalidCertificateCorrupted),
        Err(DeleteInvalid::OutOfBallpark(out)) => return Ok(Rep::TimestampOutOfBallpark(out)),
        Err(DeleteInvalid::UserIdMustBeSelf) => return Ok(Rep::InvalidCertificateUserIdMustBeSelf),
    };
    let common_last = tx.organization().common_topic_last_timestamp;
    let shamir_last = tx.shamir_topic_last_timestamp().await?;
    if let Err(rgt) = check_causality(common_last.max(shamir_last), deletion.timestamp) {
        return Ok(Rep::RequireGreaterTimestamp(rgt));
    }
    let Some(setup) = tx
        .get_shamir_recovery(auth.user_id, deletion.setup_to_delete_timestamp)
        .await?
    else {
        return Ok(Rep::ShamirRecoveryNotFound);
    };
    let mut recipients = setup.recipients();
    recipients.sort();
    let mut claimed: Vec<UserID> = deletion.share_recipients.iter().copied().collect();
    claimed.sort();
    if recipients != claimed {
        return Ok(Rep::RecipientsMismatch);
    }
    if setup.deleted_on.is_some() {
        let last = shamir_last
            .ok_or_else(|| ServiceError::corrupted("a setup but no shamir timestamp"))?;
        return Ok(Rep::ShamirRecoveryAlreadyDeleted(LastShamirCertificate {
            last_shamir_certificate_timestamp: last,
        }));
    }
    // Its pending invitation is read as cancelled from now on.
    let cancelled: Vec<_> = tx
        .list_invitations()
        .await?
        .into_iter()
        .filter(|i| {
            i.deleted_on.is_none()
                && i.claimer_user_id == Some(auth.user_id)
                && i.shamir_recovery_created_on == Some(setup.created_on)
        })
        .collect();
    let users = if cancelled.is_empty() {
        Vec::new()
    } else {
        tx.list_users().await?
    };
    tx.delete_shamir_recovery(
        auth.user_id,
        setup.created_on,
        deletion.timestamp,
        &req.shamir_recovery_deletion_certificate,
    )
    .await?;
    let event =
        state
            .events
            .shamir_recovery_certificate(org, participants(&setup), deletion.timestamp);
    tx.outbox().extend(event);
    for invitation in &cancelled {
        let event = state.events.invitation(
            org,
            super::invite::possible_greeters(invitation, &users),
            invitation.token,
            parsec_protocol::invite::InvitationStatus::Cancelled,
        );
        tx.outbox().extend(event);
    }
    if !cancelled.is_empty() {
        // Held greeting requests of that invitation must now see it cancelled.
        tx.outbox()
            .push(crate::cluster::ClusterMessage::greeting_organization(org));
    }
    tx.commit().await?;
    tracing::info!(organization = %org, "shamir recovery deleted");
    Ok(Rep::Ok)
}
