//! Transactions on one organization ([`OrgTransaction`]): the invitation and user
//! management services read the current state and write through them, so that each
//! request is atomic.

use super::{
    Device, GreetingAttempt, Invitation, InvitationDeletedReason, Organization,
    ShamirRecoverySetup, StorageError, TotpOpaqueKey, User, UserRevocation, UserTotp, UserUpdate,
};
use crate::cluster::Outbox;
use async_trait::async_trait;
use parsec_protocol::addr::InvitationType;
use parsec_protocol::ids::{AccessToken, DeviceID, GreetingAttemptID, TOTPOpaqueKeyID, UserID};
use parsec_protocol::invite::GreeterOrClaimer;
use parsec_protocol::DateTime;

/// Whether a transaction may write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TxMode {
    /// Reads only, no lock taken. Each read sees the committed state of its moment
    /// (as PostgreSQL's `READ COMMITTED`; SQLite reads share one snapshot).
    Read,
    /// Reads and writes, serialized with the organization's other writers.
    Write,
}

/// The operations of one organization inside a transaction: the services of
/// invitations and user management check the current state and write through it, so
/// that each request is atomic (a refused request changes nothing).
#[async_trait]
pub trait OrgTransaction: Send {
    /// The organization, as read when the transaction began.
    fn organization(&self) -> &Organization;

    /// Where the notifications of this transaction's changes are queued: sent with its
    /// commit, dropped with a rollback ([`crate::cluster`]).
    fn outbox(&mut self) -> &mut Outbox;

    /// Reads a user.
    async fn get_user(&mut self, user_id: UserID) -> Result<Option<User>, StorageError>;

    /// Every user, revoked included, by creation time.
    async fn list_users(&mut self) -> Result<Vec<User>, StorageError>;

    /// Reads a device.
    async fn get_device(&mut self, device_id: DeviceID) -> Result<Option<Device>, StorageError>;

    /// Reads an invitation.
    async fn get_invitation(
        &mut self,
        token: &AccessToken,
    ) -> Result<Option<Invitation>, StorageError>;

    /// Every invitation, deleted included, by creation time.
    async fn list_invitations(&mut self) -> Result<Vec<Invitation>, StorageError>;

    /// The pending (not deleted) invitations of one kind, by creation time: where
    /// `invite_new_*` looks for one to reuse, without reading the organization's history.
    async fn pending_invitations(
        &mut self,
        kind: InvitationType,
    ) -> Result<Vec<Invitation>, StorageError>;

    /// Reads a greeting attempt with its steps.
    async fn get_greeting_attempt(
        &mut self,
        id: GreetingAttemptID,
    ) -> Result<Option<GreetingAttempt>, StorageError>;

    /// The not-cancelled attempt of the session `(token, greeter)`, if any.
    async fn active_greeting_attempt(
        &mut self,
        token: &AccessToken,
        greeter: UserID,
    ) -> Result<Option<GreetingAttempt>, StorageError>;

    /// For each greeter of the invitation, the last time it joined one of its attempts.
    async fn last_greeter_joins(
        &mut self,
        token: &AccessToken,
    ) -> Result<Vec<(UserID, DateTime)>, StorageError>;

    /// How many attempts of the invitation are stored (cancelled ones included, until
    /// they are purged).
    async fn count_greeting_attempts(&mut self, token: &AccessToken) -> Result<u64, StorageError>;

    /// Stores a new invitation.
    async fn insert_invitation(&mut self, invitation: &Invitation) -> Result<(), StorageError>;

    /// Marks an invitation finished or cancelled.
    async fn delete_invitation(
        &mut self,
        token: &AccessToken,
        on: DateTime,
        reason: InvitationDeletedReason,
    ) -> Result<(), StorageError>;

    /// Stores a new greeting attempt (its steps are stored with
    /// [`OrgTransaction::insert_greeting_step`]).
    async fn insert_greeting_attempt(
        &mut self,
        attempt: &GreetingAttempt,
    ) -> Result<(), StorageError>;

    /// Saves the join times and cancellation of an existing attempt.
    async fn update_greeting_attempt(
        &mut self,
        attempt: &GreetingAttempt,
    ) -> Result<(), StorageError>;

    /// Stores the next step of one side.
    async fn insert_greeting_step(
        &mut self,
        id: GreetingAttemptID,
        side: GreeterOrClaimer,
        index: u8,
        data: &[u8],
    ) -> Result<(), StorageError>;

    /// Stores a new user and its first device.
    async fn insert_user(&mut self, user: &User, device: &Device) -> Result<(), StorageError>;

    /// Stores a new device of an existing user.
    async fn insert_device(&mut self, device: &Device) -> Result<(), StorageError>;

    /// Records a revocation.
    async fn revoke_user(&mut self, revocation: &UserRevocation) -> Result<(), StorageError>;

    /// Records a profile change and makes it the user's current profile.
    async fn update_user_profile(&mut self, update: &UserUpdate) -> Result<(), StorageError>;

    /// Records that the user accepted the organization's terms of service at `on`.
    async fn set_user_tos_accepted_on(
        &mut self,
        user_id: UserID,
        on: DateTime,
    ) -> Result<(), StorageError>;

    /// The user's TOTP state (the default when it never had one).
    async fn get_user_totp(&mut self, user_id: UserID) -> Result<UserTotp, StorageError>;

    /// Replaces the user's TOTP state.
    async fn set_user_totp(&mut self, user_id: UserID, totp: &UserTotp)
        -> Result<(), StorageError>;

    /// Stores a new TOTP opaque key.
    async fn insert_totp_opaque_key(&mut self, key: &TotpOpaqueKey) -> Result<(), StorageError>;

    /// Reads a TOTP opaque key of `user_id`.
    async fn get_totp_opaque_key(
        &mut self,
        user_id: UserID,
        id: TOTPOpaqueKeyID,
    ) -> Result<Option<TotpOpaqueKey>, StorageError>;

    /// Saves the wrong-code throttle of a TOTP opaque key.
    async fn set_totp_opaque_key_throttle(
        &mut self,
        id: TOTPOpaqueKeyID,
        failed_attempts: u32,
        last_failed_attempt: Option<DateTime>,
    ) -> Result<(), StorageError>;

    /// Clears the throttle of every TOTP opaque key of `user_id` (administrator reset).
    async fn reset_totp_opaque_key_throttles(
        &mut self,
        user_id: UserID,
    ) -> Result<(), StorageError>;

    /// Every shamir recovery setup of the organization (deleted ones included), by
    /// creation time.
    async fn list_shamir_recoveries(&mut self) -> Result<Vec<ShamirRecoverySetup>, StorageError>;

    /// The most recent setup of `user_id`, deleted or not.
    async fn last_shamir_recovery(
        &mut self,
        user_id: UserID,
    ) -> Result<Option<ShamirRecoverySetup>, StorageError>;

    /// The setup of `user_id` created at `created_on`.
    async fn get_shamir_recovery(
        &mut self,
        user_id: UserID,
        created_on: DateTime,
    ) -> Result<Option<ShamirRecoverySetup>, StorageError>;

    /// The last timestamp of the shamir recovery topic: the latest creation or deletion
    /// of any setup of the organization (certificates.md §4.2).
    async fn shamir_topic_last_timestamp(&mut self) -> Result<Option<DateTime>, StorageError>;

    /// Stores a new setup with its shares (the user has no active one).
    async fn insert_shamir_recovery(
        &mut self,
        setup: &ShamirRecoverySetup,
    ) -> Result<(), StorageError>;

    /// Marks a setup deleted.
    async fn delete_shamir_recovery(
        &mut self,
        user_id: UserID,
        created_on: DateTime,
        deleted_on: DateTime,
        certificate: &[u8],
    ) -> Result<(), StorageError>;

    /// Moves the common topic's last timestamp (certificates.md §4.2).
    async fn set_common_topic_last_timestamp(&mut self, ts: DateTime) -> Result<(), StorageError>;

    /// Makes every write visible at once.
    async fn commit(self: Box<Self>) -> Result<(), StorageError>;
}
