//! Shared (shamir) recovery for an authenticated device: set up, inspect and delete the
//! user's own setup, see the setups it is a recipient of, invite a user to recover, and
//! open the shares a recipient holds to greet such an invitation.
//!
//! A setup is a recovery device of the user (purpose `SHAMIR_RECOVERY`), kept by the
//! server encrypted with a random key; that key and a reveal token form the secret split
//! into shares, each recipient getting as many as its weight, sealed for it in its share
//! certificate. The claimer side of a recovery is in [`crate::invite`].
//!
//! The shamir certificates (brief, share, deletion) are fetched with `certificate_get`
//! and verified against the verified common topic of the local store on each call; they
//! are not kept on disk.

use crate::certificates::{CertificateStore, InvalidCertificate, PollError};
use crate::connection::{AuthenticatedCmds, ConnectionError};
use crate::invite::manage::Created;
use crate::recovery::{register_device, RegisterDeviceError};
use crate::session::{CreatedInvitation, Session};
use parsec_protocol::addr::{InvitationAddr, InvitationType};
use parsec_protocol::certif::{
    self, AnyCertificate, DevicePurpose, ShamirRecoveryBriefCertificate,
    ShamirRecoveryDeletionCertificate, ShamirRecoveryShareCertificate,
};
use parsec_protocol::cmds::authenticated::{
    certificate_get, invite_new_shamir_recovery, shamir_recovery_delete, shamir_recovery_setup,
};
use parsec_protocol::crypto::{OsRandom, SecretKey};
use parsec_protocol::device_file::LocalDevice;
use parsec_protocol::ids::{AccessToken, DeviceID, DeviceLabel, UserID};
use parsec_protocol::shamir::{ShamirRecoverySecret, ShamirRecoveryShareData};
use parsec_protocol::DateTime;
use serde_bytes::ByteBuf;
use std::collections::BTreeMap;
use std::num::NonZeroU8;

/// How far after the server's last certificate a retried timestamp goes (the official
/// client's user offset).
const STAMP_AHEAD_US: i64 = 500_000;
/// `require_greater_timestamp` retries before giving up.
const MAX_TIMESTAMP_RETRIES: usize = 10;

/// One setup as the shamir topic shows it to us.
#[derive(Debug, Clone)]
pub struct ShamirSetup {
    /// The brief certificate.
    pub brief: ShamirRecoveryBriefCertificate,
    /// Our share certificate, when we are a recipient.
    pub share: Option<ShamirRecoveryShareCertificate>,
    /// The deletion, if the setup was deleted.
    pub deletion: Option<ShamirRecoveryDeletionCertificate>,
}

/// The verified shamir topic: every setup we may see, oldest first.
#[derive(Debug, Clone, Default)]
pub struct ShamirTopic {
    /// The setups.
    pub setups: Vec<ShamirSetup>,
}

impl ShamirTopic {
    /// The last setup of `user`, deleted or not.
    pub fn last_setup_of(&self, user: UserID) -> Option<&ShamirSetup> {
        self.setups.iter().rev().find(|s| s.brief.user_id == user)
    }
}

fn invalid(index: usize, kind: &str, when: String, reason: impl Into<String>) -> PollError {
    PollError::Invalid(InvalidCertificate {
        topic: "shamir recovery",
        index,
        kind: kind.to_owned(),
        when,
        reason: reason.into(),
    })
}

/// Verifies the shamir certificates of a `certificate_get` answer against `store`
/// (which must already hold the common topic up to them).
pub fn verify_shamir_topic(
    store: &CertificateStore,
    certificates: &[ByteBuf],
) -> Result<ShamirTopic, PollError> {
    let mut topic = ShamirTopic::default();
    let mut shares = Vec::new();
    let mut deletions = Vec::new();
    let mut last: Option<DateTime> = None;
    for (i, signed) in certificates.iter().enumerate() {
        let index = i + 1;
        let any = AnyCertificate::unsecure_load(signed)
            .map_err(|e| invalid(index, "shamir", String::new(), e.to_string()))?;
        let kind = match &any {
            AnyCertificate::ShamirRecoveryBrief(_) => "shamir recovery brief",
            AnyCertificate::ShamirRecoveryShare(_) => "shamir recovery share",
            AnyCertificate::ShamirRecoveryDeletion(_) => "shamir recovery deletion",
            _ => {
                return Err(invalid(
                    index,
                    "shamir",
                    String::new(),
                    format!("unexpected certificate in the shamir topic: {any:?}"),
                ))
            }
        };
        let when = any
            .timestamp()
            .map(|t| format!(" at {t}"))
            .unwrap_or_default();
        let err = |reason: &str| invalid(index, kind, when.clone(), reason);
        let timestamp = any.timestamp().expect("shamir certificates have one");
        if last.is_some_and(|l| timestamp < l) {
            return Err(err("timestamps go backwards"));
        }
        last = Some(timestamp);
        let author = any.author().ok_or_else(|| err("signed by the root key"))?;
        let device = store
            .device(author)
            .ok_or_else(|| err("the author device does not exist"))?;
        if device.timestamp > timestamp {
            return Err(err("the author device did not exist yet"));
        }
        let key = &device.verify_key;
        let bad_signature = |_| err("the signature does not verify");
        match any {
            AnyCertificate::ShamirRecoveryBrief(_) => {
                let c: ShamirRecoveryBriefCertificate =
                    certif::verify_and_load(signed, key).map_err(bad_signature)?;
                if c.user_id != device.user_id {
                    return Err(err("a user may only set up its own recovery"));
                }
                if c.author_is_recipient() {
                    return Err(err("the user is among its own recipients"));
                }
                topic.setups.push(ShamirSetup {
                    brief: c,
                    share: None,
                    deletion: None,
                });
            }
            AnyCertificate::ShamirRecoveryShare(_) => {
                let c: ShamirRecoveryShareCertificate =
                    certif::verify_and_load(signed, key).map_err(bad_signature)?;
                if c.user_id != device.user_id {
                    return Err(err("a user may only set up its own recovery"));
                }
                shares.push((index, c));
            }
            _ => {
                let c: ShamirRecoveryDeletionCertificate =
                    certif::verify_and_load(signed, key).map_err(bad_signature)?;
                if c.setup_to_delete_user_id != device.user_id {
                    return Err(err("a user may only delete its own recovery"));
                }
                deletions.push((index, c));
            }
        }
    }
    for (index, share) in shares {
        let setup = topic
            .setups
            .iter_mut()
            .find(|s| s.brief.user_id == share.user_id && s.brief.timestamp == share.timestamp)
            .ok_or_else(|| {
                invalid(
                    index,
                    "shamir recovery share",
                    format!(" at {}", share.timestamp),
                    "no brief certificate for this share",
                )
            })?;
        if !setup
            .brief
            .per_recipient_shares
            .contains_key(&share.recipient)
        {
            return Err(invalid(
                index,
                "shamir recovery share",
                format!(" at {}", share.timestamp),
                "the recipient is not in the brief certificate",
            ));
        }
        setup.share = Some(share);
    }
    for (index, deletion) in deletions {
        let setup = topic
            .setups
            .iter_mut()
            .find(|s| {
                s.brief.user_id == deletion.setup_to_delete_user_id
                    && s.brief.timestamp == deletion.setup_to_delete_timestamp
            })
            .ok_or_else(|| {
                invalid(
                    index,
                    "shamir recovery deletion",
                    format!(" at {}", deletion.timestamp),
                    "no such setup",
                )
            })?;
        setup.deletion = Some(deletion);
    }
    Ok(topic)
}

/// Fetches the shamir topic (and whatever the common topic got meanwhile, into `store`)
/// and verifies it.
pub async fn fetch_shamir_topic(
    cmds: &AuthenticatedCmds,
    store: &mut CertificateStore,
) -> Result<ShamirTopic, PollError> {
    let req = certificate_get::Req {
        shamir_recovery_after: None,
        ..store.next_request()
    };
    match cmds.send::<certificate_get::CertificateGet>(&req).await? {
        certificate_get::Rep::Ok(batch) => {
            store.ingest(&certificate_get::Certificates {
                common_certificates: batch.common_certificates,
                sequester_certificates: batch.sequester_certificates,
                ..Default::default()
            })?;
            verify_shamir_topic(store, &batch.shamir_recovery_certificates)
        }
        certificate_get::Rep::UnknownStatus(u) => Err(PollError::UnexpectedStatus(u.status)),
    }
}

/// Why the shamir certificates could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ShamirFetchError {
    /// Fetching or verifying the certificates failed.
    #[error(transparent)]
    Poll(#[from] PollError),
    /// Keeping the common topic failed.
    #[error(transparent)]
    Sync(#[from] crate::local_certificates::SyncError),
}

/// The synced common store and the shamir topic of a session.
pub async fn load(session: &Session) -> Result<(CertificateStore, ShamirTopic), ShamirFetchError> {
    let local = session.sync_certificates().await?;
    let mut store = local.store().clone();
    let topic = fetch_shamir_topic(session.cmds(), &mut store).await?;
    Ok((store, topic))
}

/// The state of a setup, seen by its user or by a recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShamirRecoveryInfo {
    /// The user never set one up.
    NeverSetup,
    /// The last setup was deleted.
    Deleted {
        /// The user.
        user_id: UserID,
        /// The setup's time.
        created_on: DateTime,
        /// The deletion's time.
        deleted_on: DateTime,
        /// Who deleted it (a device of the user).
        deleted_by: DeviceID,
    },
    /// A setup in force.
    Setup {
        /// The user.
        user_id: UserID,
        /// The setup's time.
        created_on: DateTime,
        /// Shares needed.
        threshold: NonZeroU8,
        /// Shares per recipient.
        per_recipient_shares: BTreeMap<UserID, NonZeroU8>,
        /// The recipients revoked since.
        revoked_recipients: Vec<UserID>,
    },
}

impl ShamirRecoveryInfo {
    /// For a setup with revoked recipients: whether the others still reach the threshold.
    pub fn is_usable(&self) -> bool {
        match self {
            Self::Setup {
                threshold,
                per_recipient_shares,
                revoked_recipients,
                ..
            } => {
                let left: usize = per_recipient_shares
                    .iter()
                    .filter(|(u, _)| !revoked_recipients.contains(u))
                    .map(|(_, n)| usize::from(n.get()))
                    .sum();
                left >= usize::from(threshold.get())
            }
            _ => false,
        }
    }

    fn of(setup: Option<&ShamirSetup>, store: &CertificateStore) -> Self {
        let Some(setup) = setup else {
            return Self::NeverSetup;
        };
        let brief = &setup.brief;
        if let Some(d) = &setup.deletion {
            return Self::Deleted {
                user_id: brief.user_id,
                created_on: brief.timestamp,
                deleted_on: d.timestamp,
                deleted_by: d.author,
            };
        }
        let revoked_recipients = brief
            .per_recipient_shares
            .keys()
            .filter(|u| store.user(**u).is_some_and(|i| i.revoked.is_some()))
            .copied()
            .collect();
        Self::Setup {
            user_id: brief.user_id,
            created_on: brief.timestamp,
            threshold: brief.threshold,
            per_recipient_shares: brief.per_recipient_shares.clone(),
            revoked_recipients,
        }
    }
}

/// Our own user's last setup.
pub fn self_info(topic: &ShamirTopic, store: &CertificateStore, me: UserID) -> ShamirRecoveryInfo {
    ShamirRecoveryInfo::of(topic.last_setup_of(me), store)
}

/// The last setup of every other user we are (or were) a recipient of, oldest first.
pub fn others_info(
    topic: &ShamirTopic,
    store: &CertificateStore,
    me: UserID,
) -> Vec<ShamirRecoveryInfo> {
    let mut users: Vec<UserID> = Vec::new();
    for s in &topic.setups {
        if s.brief.user_id != me && !users.contains(&s.brief.user_id) {
            users.push(s.brief.user_id);
        }
    }
    users
        .into_iter()
        .map(|u| ShamirRecoveryInfo::of(topic.last_setup_of(u), store))
        .collect()
}

/// Why setting up a shared recovery failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ShamirSetupError {
    /// Reading the certificates failed.
    #[error(transparent)]
    Fetch(#[from] ShamirFetchError),
    /// Transport or handshake failure.
    #[error(transparent)]
    Connection(#[from] ConnectionError),
    /// The threshold is above the total of the weights.
    #[error("the threshold ({threshold}) is above the total number of shares ({total})")]
    ThresholdAboveTotal {
        /// Shares needed.
        threshold: u8,
        /// Shares distributed.
        total: usize,
    },
    /// More than 255 shares.
    #[error("there can be at most 255 shares, not {0}")]
    TooManyShares(usize),
    /// No recipient.
    #[error("a shared recovery needs at least one recipient")]
    NoRecipient,
    /// The user among its own recipients.
    #[error("you cannot be a recipient of your own shared recovery")]
    AuthorAmongRecipients,
    /// `recipient_not_found`, or not in our certificates.
    #[error("recipient {0} not found")]
    RecipientNotFound(UserID),
    /// `revoked_recipient`, or revoked in our certificates.
    #[error("recipient {0} is revoked")]
    RecipientRevoked(UserID),
    /// `shamir_recovery_already_exists`, or in our certificates.
    #[error("a shared recovery is already set up: delete it first")]
    AlreadyExists,
    /// Creating the recovery device failed.
    #[error("cannot create the recovery device: {0}")]
    RecoveryDevice(#[source] RegisterDeviceError),
    /// `timestamp_out_of_ballpark`.
    #[error("our clock ({client}) and the server's ({server}) are too far apart")]
    ClockDrift {
        /// Our timestamp.
        client: DateTime,
        /// The server's.
        server: DateTime,
    },
    /// An `invalid_certificate_*` status, or another one.
    #[error("the server refused the shared recovery setup: {0}")]
    Refused(String),
}

/// Checks the numbers of a setup as the official client does, before any request.
pub fn check_setup(
    me: UserID,
    per_recipient_shares: &BTreeMap<UserID, NonZeroU8>,
    threshold: NonZeroU8,
) -> Result<NonZeroU8, ShamirSetupError> {
    if per_recipient_shares.is_empty() {
        return Err(ShamirSetupError::NoRecipient);
    }
    if per_recipient_shares.contains_key(&me) {
        return Err(ShamirSetupError::AuthorAmongRecipients);
    }
    let total: usize = per_recipient_shares
        .values()
        .map(|n| usize::from(n.get()))
        .sum();
    if total < usize::from(threshold.get()) {
        return Err(ShamirSetupError::ThresholdAboveTotal {
            threshold: threshold.get(),
            total,
        });
    }
    u8::try_from(total)
        .ok()
        .and_then(NonZeroU8::new)
        .ok_or(ShamirSetupError::TooManyShares(total))
}

/// The label of a shamir recovery device: `shamir-recovery-<RFC 3339>`, as the official
/// client.
pub fn shamir_recovery_device_label(now: DateTime) -> DeviceLabel {
    format!("shamir-recovery-{}", now.to_rfc3339())
        .parse()
        .expect("a timestamp makes a valid device label")
}

/// The `shamir_recovery_setup` request: `recovery` encrypted with a fresh key, the
/// secret split among the recipients (in `recipients` order), certificates signed by
/// `author` at `timestamp`.
pub fn setup_request(
    author: &LocalDevice,
    recovery: &LocalDevice,
    recipients: &[(UserID, NonZeroU8, parsec_protocol::crypto::PublicKey)],
    threshold: NonZeroU8,
    timestamp: DateTime,
) -> shamir_recovery_setup::Req {
    let rng = OsRandom::new();
    let total: u8 = recipients.iter().map(|(_, n, _)| n.get()).sum();
    let total = NonZeroU8::new(total).expect("checked by check_setup");
    let brief = ShamirRecoveryBriefCertificate {
        author: author.device_id,
        timestamp,
        user_id: author.user_id,
        threshold,
        per_recipient_shares: recipients.iter().map(|(u, n, _)| (*u, *n)).collect(),
    };
    let secret = ShamirRecoverySecret {
        data_key: SecretKey::generate(&rng),
        reveal_token: AccessToken::generate(&rng),
    };
    let ciphered_data = secret.data_key.encrypt(&rng, &recovery.dump());
    let mut shares = secret.dump_and_split(threshold, total, &rng).into_iter();
    let share_certificates = recipients
        .iter()
        .map(|(recipient, n, public_key)| {
            let data = ShamirRecoveryShareData {
                author: author.device_id,
                timestamp,
                weighted_share: shares.by_ref().take(usize::from(n.get())).collect(),
            };
            let certificate = ShamirRecoveryShareCertificate {
                author: author.device_id,
                timestamp,
                user_id: author.user_id,
                recipient: *recipient,
                ciphered_share: data.dump_sign_and_encrypt_for(
                    &author.signing_key,
                    public_key,
                    &rng,
                ),
            };
            ByteBuf::from(certif::dump_and_sign(&certificate, &author.signing_key))
        })
        .collect();
    shamir_recovery_setup::Req {
        ciphered_data,
        reveal_token: secret.reveal_token,
        shamir_recovery_brief_certificate: certif::dump_and_sign(&brief, &author.signing_key),
        shamir_recovery_share_certificates: share_certificates,
    }
}

/// Sets up the session user's shared recovery: checks the numbers and the recipients
/// against the certificates, registers a recovery device, then uploads the setup.
/// Returns the setup's timestamp.
pub async fn setup_shamir_recovery(
    session: &Session,
    per_recipient_shares: BTreeMap<UserID, NonZeroU8>,
    threshold: NonZeroU8,
) -> Result<DateTime, ShamirSetupError> {
    let device = session.device();
    check_setup(device.user_id, &per_recipient_shares, threshold)?;
    let (store, topic) = load(session).await?;
    if matches!(
        self_info(&topic, &store, device.user_id),
        ShamirRecoveryInfo::Setup { .. }
    ) {
        return Err(ShamirSetupError::AlreadyExists);
    }
    let mut recipients = Vec::with_capacity(per_recipient_shares.len());
    for (&user, &n) in &per_recipient_shares {
        let info = store
            .user(user)
            .ok_or(ShamirSetupError::RecipientNotFound(user))?;
        if info.revoked.is_some() {
            return Err(ShamirSetupError::RecipientRevoked(user));
        }
        recipients.push((user, n, info.certificate.public_key));
    }

    let rng = OsRandom::new();
    let recovery =
        device.new_device_for_same_user(shamir_recovery_device_label(DateTime::now()), &rng);
    register_device(
        session.cmds(),
        device,
        &recovery,
        DevicePurpose::ShamirRecovery,
    )
    .await
    .map_err(ShamirSetupError::RecoveryDevice)?;

    use shamir_recovery_setup::{Rep, ShamirRecoverySetup};
    let mut timestamp = DateTime::now();
    for _ in 0..MAX_TIMESTAMP_RETRIES {
        let req = setup_request(device, &recovery, &recipients, threshold, timestamp);
        let refused = |status: &str| Err(ShamirSetupError::Refused(status.to_owned()));
        match session.cmds().send::<ShamirRecoverySetup>(&req).await? {
            Rep::Ok => return Ok(timestamp),
            Rep::RequireGreaterTimestamp(r) => {
                timestamp = DateTime::now().max(r.strictly_greater_than.add_micros(STAMP_AHEAD_US))
            }
            Rep::TimestampOutOfBallpark(t) => {
                return Err(ShamirSetupError::ClockDrift {
                    client: t.client_timestamp,
                    server: t.server_timestamp,
                })
            }
            Rep::ShamirRecoveryAlreadyExists(_) => return Err(ShamirSetupError::AlreadyExists),
            Rep::RevokedRecipient(_) => {
                // The server does not say which one; our certificates may be behind.
                return Err(ShamirSetupError::Refused(
                    "a recipient has been revoked".into(),
                ));
            }
            Rep::RecipientNotFound => return refused("a recipient does not exist"),
            Rep::InvalidCertificateAuthorIncludedAsRecipient => {
                return Err(ShamirSetupError::AuthorAmongRecipients)
            }
            Rep::InvalidCertificateBriefCorrupted => {
                return refused("invalid_certificate_brief_corrupted")
            }
            Rep::InvalidCertificateShareCorrupted => {
                return refused("invalid_certificate_share_corrupted")
            }
            Rep::InvalidCertificateShareRecipientNotInBrief => {
                return refused("invalid_certificate_share_recipient_not_in_brief")
            }
            Rep::InvalidCertificateDuplicateShareForRecipient => {
                return refused("invalid_certificate_duplicate_share_for_recipient")
            }
            Rep::InvalidCertificateMissingShareForRecipient => {
                return refused("invalid_certificate_missing_share_for_recipient")
            }
            Rep::InvalidCertificateShareInconsistentTimestamp => {
                return refused("invalid_certificate_share_inconsistent_timestamp")
            }
            Rep::InvalidCertificateUserIdMustBeSelf => {
                return refused("invalid_certificate_user_id_must_be_self")
            }
            Rep::UnknownStatus(u) => return refused(&u.status),
        }
    }
    Err(ShamirSetupError::Refused(
        "the server kept asking for a later timestamp".into(),
    ))
}

/// What a deletion did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeleteOutcome {
    /// Deleted now, at this time.
    Deleted(DateTime),
    /// There was no setup in force (never set up, or deleted before): nothing to do, as
    /// the official client.
    NothingToDelete,
}

/// Why deleting the shared recovery failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ShamirDeleteError {
    /// Reading the certificates failed.
    #[error(transparent)]
    Fetch(#[from] ShamirFetchError),
    /// Transport or handshake failure.
    #[error(transparent)]
    Connection(#[from] ConnectionError),
    /// `timestamp_out_of_ballpark`.
    #[error("our clock ({client}) and the server's ({server}) are too far apart")]
    ClockDrift {
        /// Our timestamp.
        client: DateTime,
        /// The server's.
        server: DateTime,
    },
    /// Another refusal.
    #[error("the server refused the deletion: {0}")]
    Refused(String),
}

/// Deletes the session user's shared recovery setup, if it has one.
pub async fn delete_shamir_recovery(session: &Session) -> Result<DeleteOutcome, ShamirDeleteError> {
    let device = session.device();
    let (_, topic) = load(session).await?;
    let Some(setup) = topic.last_setup_of(device.user_id) else {
        return Ok(DeleteOutcome::NothingToDelete);
    };
    if setup.deletion.is_some() {
        return Ok(DeleteOutcome::NothingToDelete);
    }
    use shamir_recovery_delete::{Rep, Req, ShamirRecoveryDelete};
    let mut timestamp = DateTime::now();
    for _ in 0..MAX_TIMESTAMP_RETRIES {
        let certificate = ShamirRecoveryDeletionCertificate {
            author: device.device_id,
            timestamp,
            setup_to_delete_timestamp: setup.brief.timestamp,
            setup_to_delete_user_id: device.user_id,
            share_recipients: setup.brief.per_recipient_shares.keys().copied().collect(),
        };
        let req = Req {
            shamir_recovery_deletion_certificate: certif::dump_and_sign(
                &certificate,
                &device.signing_key,
            ),
        };
        match session.cmds().send::<ShamirRecoveryDelete>(&req).await? {
            Rep::Ok => return Ok(DeleteOutcome::Deleted(timestamp)),
            Rep::ShamirRecoveryAlreadyDeleted(_) => return Ok(DeleteOutcome::NothingToDelete),
            Rep::RequireGreaterTimestamp(r) => {
                timestamp = DateTime::now().max(r.strictly_greater_than.add_micros(STAMP_AHEAD_US))
            }
            Rep::TimestampOutOfBallpark(t) => {
                return Err(ShamirDeleteError::ClockDrift {
                    client: t.client_timestamp,
                    server: t.server_timestamp,
                })
            }
            Rep::ShamirRecoveryNotFound => {
                return Err(ShamirDeleteError::Refused(
                    "shamir_recovery_not_found".into(),
                ))
            }
            Rep::RecipientsMismatch => {
                return Err(ShamirDeleteError::Refused("recipients_mismatch".into()))
            }
            Rep::InvalidCertificateCorrupted => {
                return Err(ShamirDeleteError::Refused(
                    "invalid_certificate_corrupted".into(),
                ))
            }
            Rep::InvalidCertificateUserIdMustBeSelf => {
                return Err(ShamirDeleteError::Refused(
                    "invalid_certificate_user_id_must_be_self".into(),
                ))
            }
            Rep::UnknownStatus(u) => return Err(ShamirDeleteError::Refused(u.status)),
        }
    }
    Err(ShamirDeleteError::Refused(
        "the server kept asking for a later timestamp".into(),
    ))
}

/// Why creating a shamir recovery invitation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NewShamirRecoveryInvitationError {
    /// Transport or handshake failure.
    #[error(transparent)]
    Connection(#[from] ConnectionError),
    /// `author_not_allowed`: we are not a recipient of the user's current setup (or it
    /// has none).
    #[error("not allowed: only a recipient of the user's current shared recovery can invite it")]
    NotAllowed,
    /// `user_not_found`.
    #[error("user not found")]
    UserNotFound,
    /// Another status.
    #[error("unexpected answer from the server: {status}")]
    Unexpected {
        /// The status.
        status: String,
    },
}

/// Invites `claimer` to recover through its shared recovery (we must be one of its
/// recipients). A pending invitation for the same user is given again.
pub async fn new_shamir_recovery_invitation(
    session: &Session,
    claimer: UserID,
    send_email: bool,
) -> Result<CreatedInvitation, NewShamirRecoveryInvitationError> {
    use invite_new_shamir_recovery::{InviteNewShamirRecovery, Rep, Req};
    let req = Req {
        claimer_user_id: claimer,
        send_email,
    };
    let created: Created = match session.cmds().send::<InviteNewShamirRecovery>(&req).await? {
        Rep::Ok(created) => created,
        Rep::AuthorNotAllowed => return Err(NewShamirRecoveryInvitationError::NotAllowed),
        Rep::UserNotFound => return Err(NewShamirRecoveryInvitationError::UserNotFound),
        Rep::UnknownStatus(u) => {
            return Err(NewShamirRecoveryInvitationError::Unexpected { status: u.status })
        }
    };
    Ok(CreatedInvitation {
        addr: InvitationAddr::new(
            session.server_addr().clone(),
            session.device().organization_id.clone(),
            InvitationType::ShamirRecovery,
            created.token,
        ),
        email_sent: created.email_sent,
    })
}

/// Why our shares of a user's setup cannot be opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ShareDataError {
    /// Reading the certificates failed.
    #[error(transparent)]
    Fetch(#[from] ShamirFetchError),
    /// No such setup among those we see.
    #[error("shared recovery not found")]
    SetupNotFound,
    /// The setup was deleted.
    #[error("this shared recovery has been deleted")]
    SetupDeleted,
    /// We are not a recipient of this setup.
    #[error("you are not a recipient of this shared recovery")]
    NotRecipient,
    /// Our share certificate does not open.
    #[error("your share of this shared recovery is corrupted: {0}")]
    Corrupted(String),
}

/// Opens our shares of `claimer`'s setup made at `created_on`.
pub async fn share_data(
    session: &Session,
    claimer: UserID,
    created_on: DateTime,
) -> Result<ShamirRecoveryShareData, ShareDataError> {
    let (store, topic) = load(session).await?;
    open_share(&store, &topic, session.device(), claimer, created_on)
}

/// [`share_data`] on an already fetched topic.
pub fn open_share(
    store: &CertificateStore,
    topic: &ShamirTopic,
    device: &LocalDevice,
    claimer: UserID,
    created_on: DateTime,
) -> Result<ShamirRecoveryShareData, ShareDataError> {
    let setup = topic
        .setups
        .iter()
        .find(|s| s.brief.user_id == claimer && s.brief.timestamp == created_on)
        .ok_or(ShareDataError::SetupNotFound)?;
    if setup.deletion.is_some() {
        return Err(ShareDataError::SetupDeleted);
    }
    let share = setup
        .share
        .as_ref()
        .filter(|s| s.recipient == device.user_id)
        .ok_or(ShareDataError::NotRecipient)?;
    let author = store
        .device(share.author)
        .ok_or_else(|| ShareDataError::Corrupted("unknown author".into()))?;
    let data = ShamirRecoveryShareData::decrypt_verify_and_load_for(
        &share.ciphered_share,
        &device.private_key,
        &author.verify_key,
        share.author,
        share.timestamp,
    )
    .map_err(|e| ShareDataError::Corrupted(e.to_string()))?;
    let expected = setup
        .brief
        .per_recipient_shares
        .get(&device.user_id)
        .map(|n| usize::from(n.get()));
    if Some(data.weighted_share.len()) != expected {
        return Err(ShareDataError::Corrupted(
            "the number of shares is not the weight of the brief certificate".into(),
        ));
    }
    Ok(data)
}

#[cfg(test)]
mod tests;
