//! Persistence behind one async trait, [`Storage`], with two implementations: in memory
//! ([`memory::MemoryStorage`], `--db MOCKED`) and SQL ([`sql::SqlStorage`], SQLite or
//! PostgreSQL through sqlx).
//!
//! Each method is one atomic operation: it either fully succeeds or changes nothing (SQL
//! transactions, a single critical section in memory). Certificates are kept byte-for-byte
//! as uploaded (certificates.md §1), next to the few decoded fields the server needs for
//! lookups. The records already carry what later issues need (revocation, profile updates,
//! invitations, TOS acceptance) so those only add operations, not schema changes.

pub mod memory;
pub mod schema;
pub mod sql;
mod transaction;

pub use transaction::{OrgTransaction, TxMode};

pub use crate::cluster::Outbox;
use async_trait::async_trait;
use parsec_protocol::addr::InvitationType;
use parsec_protocol::crypto::{SecretKey, VerifyKey};
use parsec_protocol::ids::{
    AccessToken, DeviceID, EmailAddress, GreetingAttemptID, HumanHandle, OrganizationID,
    TOTPOpaqueKeyID, UserID, UserProfile,
};
use parsec_protocol::invite::{GreeterOrClaimer, GreetingAttemptCancelled, InvitationStatus};
use parsec_protocol::DateTime;

/// Default `realm_minimum_archiving_period_before_deletion`: 30 days, in seconds.
pub const DEFAULT_MINIMUM_ARCHIVING_PERIOD: u64 = 2_592_000;

/// Terms of service: a URL per locale, in the order the administrator gave them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermsOfService {
    /// `(locale, url)` pairs.
    pub per_locale_urls: Vec<(String, String)>,
    /// When they were last set; users who accepted before must accept again.
    pub updated_on: DateTime,
}

/// The settings an administrator can change (wire.md §8.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationConfig {
    /// Whether OUTSIDER users may be created (advisory, certificates.md §11).
    pub user_profile_outsider_allowed: bool,
    /// Maximum number of non-revoked users; `None` is no limit.
    pub active_users_limit: Option<u64>,
    /// Minimum archiving period before a realm can be deleted, in seconds.
    pub minimum_archiving_period: u64,
    /// Terms of service users must accept, if any.
    pub tos: Option<TermsOfService>,
}

impl Default for OrganizationConfig {
    fn default() -> Self {
        Self {
            user_profile_outsider_allowed: true,
            active_users_limit: None,
            minimum_archiving_period: DEFAULT_MINIMUM_ARCHIVING_PERIOD,
            tos: None,
        }
    }
}

/// The sequester authority set at bootstrap (certificates.md §2.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SequesterAuthority {
    /// The root-signed certificate, as uploaded.
    pub certificate: Vec<u8>,
    /// DER SubjectPublicKeyInfo of the authority's RSA key.
    pub verify_key_der: Vec<u8>,
    /// Its timestamp (the bootstrap timestamp).
    pub timestamp: DateTime,
}

/// An organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    /// Its name.
    pub id: OrganizationID,
    /// Token expected by `organization_bootstrap`; `None` for spontaneous bootstrap.
    pub bootstrap_token: Option<AccessToken>,
    /// Set by `organization_bootstrap`.
    pub is_bootstrapped: bool,
    /// Set by the administration API: RPC routes answer 460.
    pub is_expired: bool,
    /// Creation time.
    pub created_on: DateTime,
    /// Bootstrap time (server clock).
    pub bootstrapped_on: Option<DateTime>,
    /// The root verify key, known once bootstrapped.
    pub root_verify_key: Option<VerifyKey>,
    /// Administrator settings.
    pub config: OrganizationConfig,
    /// Sequester authority, if the organization is sequestered.
    pub sequester_authority: Option<SequesterAuthority>,
    /// Timestamp of the latest certificate of the common topic (certificates.md §4.2).
    pub common_topic_last_timestamp: Option<DateTime>,
}

/// What the administration API asks to create.
#[derive(Debug, Clone)]
pub struct NewOrganization {
    /// Its name.
    pub id: OrganizationID,
    /// Bootstrap token (`None` for spontaneous bootstrap).
    pub bootstrap_token: Option<AccessToken>,
    /// Initial settings.
    pub config: OrganizationConfig,
    /// Creation time.
    pub created_on: DateTime,
}

impl NewOrganization {
    /// The organization as stored before its bootstrap.
    pub fn into_organization(self) -> Organization {
        Organization {
            id: self.id,
            bootstrap_token: self.bootstrap_token,
            is_bootstrapped: false,
            is_expired: false,
            created_on: self.created_on,
            bootstrapped_on: None,
            root_verify_key: None,
            config: self.config,
            sequester_authority: None,
            common_topic_last_timestamp: None,
        }
    }
}

/// A user of an organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Its ID.
    pub user_id: UserID,
    /// Email and name, from the full user certificate.
    pub human_handle: Option<HumanHandle>,
    /// Profile in the user certificate.
    pub initial_profile: UserProfile,
    /// Profile after the latest user update.
    pub current_profile: UserProfile,
    /// The full user certificate, as uploaded.
    pub user_certificate: Vec<u8>,
    /// The redacted user certificate, as uploaded.
    pub redacted_user_certificate: Vec<u8>,
    /// Certificate timestamp.
    pub created_on: DateTime,
    /// Author of the user certificate (`None` = root key).
    pub created_by: Option<DeviceID>,
    /// Revocation timestamp.
    pub revoked_on: Option<DateTime>,
    /// Revocation certificate, as uploaded.
    pub revoked_user_certificate: Option<Vec<u8>>,
    /// Frozen by an administrator: requests get 462.
    pub frozen: bool,
    /// When the user last accepted the organization's TOS.
    pub tos_accepted_on: Option<DateTime>,
}

impl User {
    /// Whether the user is revoked at `at` (now when `None`).
    pub fn is_revoked_at(&self, at: Option<DateTime>) -> bool {
        match (self.revoked_on, at) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(revoked_on), Some(at)) => revoked_on <= at,
        }
    }
}

/// A device of a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// Its ID.
    pub device_id: DeviceID,
    /// Its owner.
    pub user_id: UserID,
    /// Key checking its request signatures.
    pub verify_key: VerifyKey,
    /// The full device certificate, as uploaded.
    pub device_certificate: Vec<u8>,
    /// The redacted device certificate, as uploaded.
    pub redacted_device_certificate: Vec<u8>,
    /// Certificate timestamp.
    pub created_on: DateTime,
    /// Author of the device certificate (`None` = root key).
    pub created_by: Option<DeviceID>,
}

/// What authenticating a device's request needs to know of the device and its user
/// (wire.md §1.8, step 6), without their certificates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceCredentials {
    /// The device's owner.
    pub user_id: UserID,
    /// Key checking the device's request signatures.
    pub verify_key: VerifyKey,
    /// The user's current profile.
    pub profile: UserProfile,
    /// Whether the user is revoked.
    pub revoked: bool,
    /// Whether an administrator froze the user.
    pub frozen: bool,
    /// When the user last accepted the organization's TOS.
    pub tos_accepted_on: Option<DateTime>,
}

impl DeviceCredentials {
    /// The credentials of `device`, owned by `user`.
    pub fn new(device: &Device, user: &User) -> Self {
        Self {
            user_id: user.user_id,
            verify_key: device.verify_key,
            profile: user.current_profile,
            revoked: user.revoked_on.is_some(),
            frozen: user.frozen,
            tos_accepted_on: user.tos_accepted_on,
        }
    }
}

/// An organization and, when it has that device (and its user), the device's
/// credentials: what authentication reads, in one look-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceLookup {
    /// The organization.
    pub organization: Organization,
    /// The device's credentials (`None`: no such device, or its user is missing).
    pub credentials: Option<DeviceCredentials>,
}

/// Why an invitation was deleted (invite.md §2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationDeletedReason {
    /// Completed with `invite_complete`.
    Finished,
    /// Cancelled with `invite_cancel`.
    Cancelled,
}

impl InvitationDeletedReason {
    /// The stored string.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Finished => "FINISHED",
            Self::Cancelled => "CANCELLED",
        }
    }
}

/// An invitation (invite.md §2). Only USER and DEVICE invitations are created by this
/// server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    /// Its token.
    pub token: AccessToken,
    /// USER or DEVICE.
    pub kind: InvitationType,
    /// The author's user.
    pub created_by_user_id: UserID,
    /// The author's device.
    pub created_by_device_id: DeviceID,
    /// Who is invited (USER invitations).
    pub claimer_email: Option<EmailAddress>,
    /// The user getting a new device (DEVICE invitations).
    pub claimer_user_id: Option<UserID>,
    /// Creation time.
    pub created_on: DateTime,
    /// Set once completed or cancelled: the invited route answers 410. Read back as
    /// cancelled when the shamir recovery setup it relies on was deleted (the official
    /// server treats such an invitation as cancelled, at the deletion time).
    pub deleted_on: Option<DateTime>,
    /// Why it was deleted.
    pub deleted_reason: Option<InvitationDeletedReason>,
    /// SHAMIR_RECOVERY invitations: the claimer's setup it relies on, by its creation
    /// timestamp (with `claimer_user_id`).
    pub shamir_recovery_created_on: Option<DateTime>,
    /// Filled when read: the recipients of that setup, who alone may greet it (revoked
    /// ones included, as the official server lists them).
    pub shamir_recipients: Vec<UserID>,
}

impl Invitation {
    /// `PENDING`, `FINISHED` or `CANCELLED`.
    pub fn status(&self) -> InvitationStatus {
        match self.deleted_reason {
            None => InvitationStatus::Pending,
            Some(InvitationDeletedReason::Finished) => InvitationStatus::Finished,
            Some(InvitationDeletedReason::Cancelled) => InvitationStatus::Cancelled,
        }
    }

    /// Completed by `invite_complete`.
    pub fn is_completed(&self) -> bool {
        self.deleted_reason == Some(InvitationDeletedReason::Finished)
    }

    /// Cancelled by `invite_cancel`.
    pub fn is_cancelled(&self) -> bool {
        self.deleted_reason == Some(InvitationDeletedReason::Cancelled)
    }
}

/// The share of one recipient of a shamir recovery setup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShamirRecoveryShare {
    /// The recipient.
    pub recipient: UserID,
    /// How many shares it holds (its weight in the brief).
    pub shares: u64,
    /// The share certificate, as uploaded.
    pub certificate: Vec<u8>,
}

/// A shamir recovery setup of a user (official `shamir_recovery_setup` table): the
/// brief certificate, one share certificate per recipient, and what a claimer gets back
/// with the right reveal token.
#[derive(Clone, PartialEq, Eq)]
pub struct ShamirRecoverySetup {
    /// The user it recovers (the author of every certificate of the setup).
    pub user_id: UserID,
    /// The brief certificate's timestamp: identifies the setup among the user's ones.
    pub created_on: DateTime,
    /// The brief certificate, as uploaded.
    pub brief_certificate: Vec<u8>,
    /// Shares needed to recover.
    pub threshold: u64,
    /// Per recipient, in the order they were uploaded.
    pub shares: Vec<ShamirRecoveryShare>,
    /// The token a claimer must present to get `ciphered_data`.
    pub reveal_token: AccessToken,
    /// The encrypted device the claimer recovers.
    pub ciphered_data: Vec<u8>,
    /// The deletion certificate's timestamp, once deleted.
    pub deleted_on: Option<DateTime>,
    /// The deletion certificate, as uploaded.
    pub deletion_certificate: Option<Vec<u8>>,
}

impl ShamirRecoverySetup {
    /// Whether `user_id` holds a share.
    pub fn is_recipient(&self, user_id: UserID) -> bool {
        self.shares.iter().any(|s| s.recipient == user_id)
    }

    /// The recipients, in upload order.
    pub fn recipients(&self) -> Vec<UserID> {
        self.shares.iter().map(|s| s.recipient).collect()
    }
}

impl std::fmt::Debug for ShamirRecoverySetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShamirRecoverySetup")
            .field("user_id", &self.user_id)
            .field("created_on", &self.created_on)
            .field("threshold", &self.threshold)
            .field("shares", &self.shares.len())
            .field("reveal_token", &"<redacted>")
            .field("ciphered_data", &self.ciphered_data.len())
            .field("deleted_on", &self.deleted_on)
            .finish()
    }
}

/// Applies to a SHAMIR_RECOVERY invitation what its setup says: the recipients, and a
/// cancellation at the setup's deletion if it is deleted while the invitation is not.
pub(crate) fn link_shamir_setup(invitation: &mut Invitation, setup: Option<&ShamirRecoverySetup>) {
    let Some(setup) = setup else { return };
    invitation.shamir_recipients = setup.recipients();
    if let (None, Some(deleted_on)) = (invitation.deleted_on, setup.deleted_on) {
        invitation.deleted_on = Some(deleted_on);
        invitation.deleted_reason = Some(InvitationDeletedReason::Cancelled);
    }
}

/// One run of the greeting exchange between the greeter user of a session and the
/// claimer (invite.md §3). Steps are the bytes each side stored, by index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GreetingAttempt {
    /// Its ID.
    pub id: GreetingAttemptID,
    /// The invitation.
    pub token: AccessToken,
    /// The greeter user of the session.
    pub greeter: UserID,
    /// Creation time (orders the attempts of a session).
    pub created_on: DateTime,
    /// When the greeter joined.
    pub greeter_joined: Option<DateTime>,
    /// When the claimer joined.
    pub claimer_joined: Option<DateTime>,
    /// The first cancellation, frozen.
    pub cancelled: Option<GreetingAttemptCancelled>,
    /// Steps stored by the greeter, from index 0.
    pub greeter_steps: Vec<Vec<u8>>,
    /// Steps stored by the claimer, from index 0.
    pub claimer_steps: Vec<Vec<u8>>,
}

impl GreetingAttempt {
    /// A fresh attempt nobody joined yet.
    pub fn new(
        id: GreetingAttemptID,
        token: AccessToken,
        greeter: UserID,
        created_on: DateTime,
    ) -> Self {
        Self {
            id,
            token,
            greeter,
            created_on,
            greeter_joined: None,
            claimer_joined: None,
            cancelled: None,
            greeter_steps: Vec::new(),
            claimer_steps: Vec::new(),
        }
    }

    /// The steps stored by `side`.
    pub fn steps(&self, side: GreeterOrClaimer) -> &[Vec<u8>] {
        match side {
            GreeterOrClaimer::Greeter => &self.greeter_steps,
            GreeterOrClaimer::Claimer => &self.claimer_steps,
        }
    }

    /// When `side` joined.
    pub fn joined(&self, side: GreeterOrClaimer) -> Option<DateTime> {
        match side {
            GreeterOrClaimer::Greeter => self.greeter_joined,
            GreeterOrClaimer::Claimer => self.claimer_joined,
        }
    }
}

/// A profile change, as stored (certificates.md §2.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserUpdate {
    /// The target.
    pub user_id: UserID,
    /// The new profile.
    pub new_profile: UserProfile,
    /// Certificate timestamp.
    pub updated_on: DateTime,
    /// The author.
    pub updated_by: DeviceID,
    /// The certificate, as uploaded.
    pub certificate: Vec<u8>,
}

/// A revocation, as stored (certificates.md §2.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRevocation {
    /// The target.
    pub user_id: UserID,
    /// Certificate timestamp.
    pub revoked_on: DateTime,
    /// The author.
    pub revoked_by: DeviceID,
    /// The certificate, as uploaded.
    pub certificate: Vec<u8>,
}

/// Everything `organization_bootstrap` stores, already validated.
#[derive(Debug, Clone)]
pub struct BootstrapData {
    /// The organization's root verify key.
    pub root_verify_key: VerifyKey,
    /// The first user (ADMIN).
    pub user: User,
    /// Its first device.
    pub device: Device,
    /// Optional sequester authority.
    pub sequester_authority: Option<SequesterAuthority>,
    /// Server time of the bootstrap.
    pub bootstrapped_on: DateTime,
}

/// A user's TOTP state (official `0021_totp.sql`): the default (no stored row) is a user
/// who never set TOTP up.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct UserTotp {
    /// Confirmed with a valid code: the secret no longer changes and no reset token
    /// remains.
    pub setup_completed: bool,
    /// The HMAC-SHA-1 secret, drawn by the first `totp_setup_get_secret`.
    pub secret: Option<Vec<u8>>,
    /// The token of the latest administrator reset, until the setup is confirmed.
    pub reset_token: Option<AccessToken>,
}

impl std::fmt::Debug for UserTotp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserTotp")
            .field("setup_completed", &self.setup_completed)
            .field("secret", &self.secret.as_ref().map(|_| "<redacted>"))
            .field(
                "reset_token",
                &self.reset_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// Longest wait imposed after wrong codes: 2^30 s (34 years), where the official
/// server's doubling would go on until its date arithmetic overflows.
const TOTP_MAX_THROTTLE_EXPONENT: u32 = 30;

/// A key kept for a user and handed back only for a valid TOTP code, with the throttle
/// of wrong codes (`totp_fetch_opaque_key`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotpOpaqueKey {
    /// Its ID.
    pub id: TOTPOpaqueKeyID,
    /// Its owner.
    pub user_id: UserID,
    /// The key.
    pub key: SecretKey,
    /// Wrong codes since the last right one (or the last reset).
    pub failed_attempts: u32,
    /// When the latest wrong code came.
    pub last_failed_attempt: Option<DateTime>,
}

impl TotpOpaqueKey {
    /// No code is checked until this instant: `2^(n-1)` seconds after the n-th wrong code
    /// in a row (official `compute_wait_until`).
    pub fn wait_until(&self) -> Option<DateTime> {
        let last = self.last_failed_attempt?;
        let exponent = self
            .failed_attempts
            .checked_sub(1)?
            .min(TOTP_MAX_THROTTLE_EXPONENT);
        Some(last.add_micros((1i64 << exponent) * 1_000_000))
    }
}

/// A failure of the storage backend itself.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StorageError {
    /// The database refused or failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A SQLite read on the calling thread failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The SQLite commit this write shared with others failed: none of them was written.
    #[error("database error: commit failed: {0}")]
    GroupCommit(String),
    /// A stored value cannot be decoded.
    #[error("corrupted database: {0}")]
    Corrupted(String),
    /// The database URL or file cannot be used.
    #[error("invalid database configuration: {0}")]
    Config(String),
}

/// Why an organization cannot be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateOrganizationError {
    /// It exists and is bootstrapped.
    #[error("organization already exists")]
    AlreadyExists,
    /// Backend failure.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Why an organization cannot be updated.
#[derive(Debug, thiserror::Error)]
pub enum UpdateOrganizationError {
    /// Unknown organization.
    #[error("organization not found")]
    NotFound,
    /// Backend failure.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Why the bootstrap data was not stored (re-checked inside the transaction).
#[derive(Debug, thiserror::Error)]
pub enum BootstrapOrganizationError {
    /// Unknown organization and no spontaneous bootstrap.
    #[error("organization not found")]
    NotFound,
    /// The token does not match.
    #[error("invalid bootstrap token")]
    InvalidBootstrapToken,
    /// Bootstrapped already.
    #[error("organization already bootstrapped")]
    AlreadyBootstrapped,
    /// Backend failure.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Why a user cannot be frozen or unfrozen.
#[derive(Debug, thiserror::Error)]
pub enum FreezeUserError {
    /// Unknown organization.
    #[error("organization not found")]
    OrganizationNotFound,
    /// Unknown user.
    #[error("user not found")]
    UserNotFound,
    /// Revoked user.
    #[error("user has been revoked")]
    UserRevoked,
    /// Backend failure.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Whether a given bootstrap token is the organization's one (nil matches only nil).
pub fn bootstrap_token_matches(
    expected: Option<&AccessToken>,
    given: Option<&AccessToken>,
) -> bool {
    match (expected, given) {
        (None, None) => true,
        (Some(a), Some(b)) => a.ct_eq(b),
        _ => false,
    }
}

/// A certificate of the common topic with what orders it: timestamp, then kind rank
/// (user before device at equal timestamp, certificates.md §10.1).
#[derive(Debug, Clone)]
pub(crate) struct CommonCertificate {
    pub timestamp: DateTime,
    pub rank: u8,
    pub certificate: Vec<u8>,
}

/// Sorts common-topic certificates as `certificate_get` returns them.
/// What [`Storage::get_certificates`] reads.
#[derive(Debug, Clone, Copy)]
pub struct CertificateQuery<'a> {
    /// The organization.
    pub organization: &'a OrganizationID,
    /// The requesting user: the shamir recovery topic is filtered for it.
    pub user: UserID,
    /// Common-topic certificates strictly after this (all when `None`).
    pub common_after: Option<DateTime>,
    /// Redacted user and device certificates (for an OUTSIDER).
    pub redacted: bool,
    /// Shamir recovery certificates strictly after this (all when `None`).
    pub shamir_after: Option<DateTime>,
}

/// What [`Storage::get_certificates`] found, each topic ordered by timestamp.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CertificateTopics {
    /// The common topic.
    pub common: Vec<Vec<u8>>,
    /// The shamir recovery topic as the requester may see it: its own setups and those it
    /// is a recipient of, with its own shares only.
    pub shamir: Vec<Vec<u8>>,
}

/// The shamir recovery topic as `user` sees it, as the official server filters it: the
/// user's own setups (brief, then deletion once deleted) and those it is a recipient of
/// (brief, its own share right after, then the deletion); ordered by timestamp, strictly
/// after `after`. Other recipients' shares are never returned. `setups` are ordered by
/// creation time, then user: that order breaks timestamp ties.
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

pub(crate) fn sort_common(mut certificates: Vec<CommonCertificate>) -> Vec<Vec<u8>> {
    certificates.sort_by_key(|c| (c.timestamp, c.rank));
    certificates.into_iter().map(|c| c.certificate).collect()
}

/// Rank of a user certificate in the common topic.
pub(crate) const RANK_USER: u8 = 0;
/// Rank of a device certificate.
pub(crate) const RANK_DEVICE: u8 = 1;
/// Rank of a user update certificate.
pub(crate) const RANK_USER_UPDATE: u8 = 2;
/// Rank of a revoked user certificate.
pub(crate) const RANK_REVOKED_USER: u8 = 3;

/// The persistence interface of the server. Every method is atomic.
#[async_trait]
pub trait Storage: Send + Sync {
    /// Creates an organization, or replaces one that exists but is not bootstrapped (new
    /// token and settings, the old token stops working: wire.md §8.1).
    async fn create_organization(
        &self,
        new: NewOrganization,
    ) -> Result<(), CreateOrganizationError>;

    /// Reads an organization.
    async fn get_organization(
        &self,
        id: &OrganizationID,
    ) -> Result<Option<Organization>, StorageError>;

    /// Every organization, oldest first (the order the official server lists them).
    async fn list_organizations(&self) -> Result<Vec<Organization>, StorageError>;

    /// Replaces an organization's expiration state and settings by those of what
    /// `change` makes of the stored organization, atomically: concurrent updates do not
    /// lose each other's changes. Whatever `change` does to its other fields is not
    /// stored. `outbox` is notified with the change, as by a write transaction.
    async fn update_organization(
        &self,
        id: &OrganizationID,
        change: &(dyn Fn(Organization) -> Organization + Send + Sync),
        outbox: Outbox,
    ) -> Result<(), UpdateOrganizationError>;

    /// Stores a validated bootstrap. Token and bootstrap state are checked again here so
    /// that concurrent bootstraps cannot both succeed. When `spontaneous` is given and the
    /// organization does not exist, it is created from it (with no token) in the same
    /// transaction.
    async fn bootstrap_organization(
        &self,
        id: &OrganizationID,
        bootstrap_token: Option<AccessToken>,
        spontaneous: Option<NewOrganization>,
        data: BootstrapData,
    ) -> Result<(), BootstrapOrganizationError>;

    /// Reads a user.
    async fn get_user(
        &self,
        org: &OrganizationID,
        user_id: UserID,
    ) -> Result<Option<User>, StorageError>;

    /// Every user of an organization (revoked included), by creation time.
    async fn list_users(&self, org: &OrganizationID) -> Result<Vec<User>, StorageError>;

    /// Reads a device.
    async fn get_device(
        &self,
        org: &OrganizationID,
        device_id: DeviceID,
    ) -> Result<Option<Device>, StorageError>;

    /// The organization (`None` when it does not exist) with the credentials of one of
    /// its devices, read together: the look-up of every authenticated request. Always
    /// reads the committed state: a revocation or a freeze counts from the next request.
    async fn lookup_device(
        &self,
        org: &OrganizationID,
        device_id: DeviceID,
    ) -> Result<Option<DeviceLookup>, StorageError> {
        let Some(organization) = self.get_organization(org).await? else {
            return Ok(None);
        };
        let credentials = match self.get_device(org, device_id).await? {
            Some(device) => self
                .get_user(org, device.user_id)
                .await?
                .map(|user| DeviceCredentials::new(&device, &user)),
            None => None,
        };
        Ok(Some(DeviceLookup {
            organization,
            credentials,
        }))
    }

    /// Freezes or unfreezes a non-revoked user and returns it updated. `outbox` is
    /// notified with the change, as by a write transaction.
    async fn set_user_frozen(
        &self,
        org: &OrganizationID,
        user_id: UserID,
        frozen: bool,
        outbox: Outbox,
    ) -> Result<User, FreezeUserError>;

    /// The certificates `certificate_get` returns, read together (one statement on SQL
    /// databases, or from memory for a common topic kept by PostgreSQL, see
    /// [`sql::kept`]): the common topic and the shamir recovery topic as `query.user`
    /// sees it.
    async fn get_certificates(
        &self,
        query: &CertificateQuery<'_>,
    ) -> Result<CertificateTopics, StorageError>;

    /// Reads an invitation by token.
    async fn get_invitation(
        &self,
        org: &OrganizationID,
        token: &AccessToken,
    ) -> Result<Option<Invitation>, StorageError>;

    /// Deletes, in `only` or in every organization, the greeting attempts (and their
    /// steps) cancelled before `before` and those of invitations finished or cancelled
    /// before `before`. Returns how many attempts went.
    async fn purge_greeting_attempts(
        &self,
        before: DateTime,
        only: Option<&OrganizationID>,
    ) -> Result<u64, StorageError>;

    /// Opens a transaction on one organization (`None` when it does not exist). A
    /// [`TxMode::Write`] transaction excludes every other writer of the organization until
    /// it is committed or dropped (dropping rolls back); a [`TxMode::Read`] one sees a
    /// consistent snapshot and must not write.
    ///
    /// While a write transaction is open, its holder must read through it: other reads
    /// would not see its changes (and on SQLite, other writes would wait for it: there
    /// is one writer connection).
    ///
    /// What the transaction queues in its [`Outbox`] ([`OrgTransaction::outbox`]) is
    /// sent with its commit (on PostgreSQL with a cluster relay, inside it) and acts in
    /// this process after it; nothing if it is rolled back.
    async fn transaction_with(
        &self,
        org: &OrganizationID,
        mode: TxMode,
        outbox: Outbox,
    ) -> Result<Option<Box<dyn OrgTransaction + '_>>, StorageError>;

    /// [`Storage::transaction_with`] an outbox acting nowhere (reads, tests).
    async fn transaction(
        &self,
        org: &OrganizationID,
        mode: TxMode,
    ) -> Result<Option<Box<dyn OrgTransaction + '_>>, StorageError> {
        self.transaction_with(org, mode, Outbox::default()).await
    }

    /// Every user and every invitation of an organization, read together as by a read
    /// transaction (`None`: no such organization): what `invite_list` reads.
    async fn users_and_invitations(
        &self,
        org: &OrganizationID,
    ) -> Result<Option<(Vec<User>, Vec<Invitation>)>, StorageError> {
        users_and_invitations_in(self.transaction(org, TxMode::Read).await?).await
    }

    /// Checks that the database answers (`GET /health`).
    async fn ping(&self) -> Result<(), StorageError> {
        Ok(())
    }

    /// The connection pools, for `/metrics` (none in memory).
    fn pool_stats(&self) -> Vec<PoolStats> {
        Vec::new()
    }

    /// SQLite: how many commits wrote how many write transactions so far, for
    /// `/metrics` (`None` elsewhere).
    fn group_commit_stats(&self) -> Option<GroupCommitStats> {
        None
    }

    /// PostgreSQL: how often the caches of [`sql::kept`] answered, for `/metrics`
    /// (`None` elsewhere).
    fn cache_stats(&self) -> Option<StorageCaches> {
        None
    }
}

/// How often the caches of PostgreSQL answered ([`sql::kept`]); a disabled one is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StorageCaches {
    /// The users of organizations (`--db-users-cache`).
    pub users: Option<CacheCounters>,
    /// The common certificate topics (`--db-certificates-cache`).
    pub certificates: Option<CacheCounters>,
}

/// Look-ups of one cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheCounters {
    /// Answered from memory.
    pub hits: u64,
    /// Read from the database.
    pub misses: u64,
}

/// How many commits wrote how many write transactions (SQLite's group commit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupCommitStats {
    /// Commits of the write-ahead log.
    pub commits: u64,
    /// Write transactions committed.
    pub transactions: u64,
}

/// The state of one connection pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    /// `writer` or `reader` (SQLite), `main` (PostgreSQL).
    pub role: &'static str,
    /// Open connections.
    pub size: u32,
    /// Open connections waiting for work.
    pub idle: u32,
    /// The most the pool opens.
    pub max: u32,
}

/// [`Storage::users_and_invitations`] through a read transaction (`None`: no such
/// organization).
pub(crate) async fn users_and_invitations_in(
    tx: Option<Box<dyn OrgTransaction + '_>>,
) -> Result<Option<(Vec<User>, Vec<Invitation>)>, StorageError> {
    let Some(mut tx) = tx else {
        return Ok(None);
    };
    let users = tx.list_users().await?;
    let invitations = tx.list_invitations().await?;
    Ok(Some((users, invitations)))
}
