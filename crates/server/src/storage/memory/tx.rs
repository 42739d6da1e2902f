//! The in-memory [`OrgTransaction`]: a private copy of the organization, written back on
//! commit while the writer lock is still held.

use super::{MemoryStorage, OrgData};
use crate::cluster::Outbox;
use crate::storage::{
    Device, GreetingAttempt, Invitation, InvitationDeletedReason, OrgTransaction, Organization,
    ShamirRecoverySetup, StorageError, TotpOpaqueKey, User, UserRevocation, UserTotp, UserUpdate,
};
use async_trait::async_trait;
use parsec_protocol::addr::InvitationType;
use parsec_protocol::ids::{AccessToken, DeviceID, GreetingAttemptID, TOTPOpaqueKeyID, UserID};
use parsec_protocol::invite::GreeterOrClaimer;
use parsec_protocol::DateTime;
use std::collections::BTreeMap;

/// A transaction on a copy of one organization.
pub(super) struct MemoryTx<'a> {
    store: &'a MemoryStorage,
    /// `Some` for write transactions.
    writer: Option<tokio::sync::MutexGuard<'a, ()>>,
    data: OrgData,
    outbox: Outbox,
}

impl<'a> MemoryTx<'a> {
    pub(super) fn new(
        store: &'a MemoryStorage,
        writer: Option<tokio::sync::MutexGuard<'a, ()>>,
        data: OrgData,
        outbox: Outbox,
    ) -> Self {
        Self {
            store,
            writer,
            data,
            outbox,
        }
    }

    fn missing(what: &str) -> StorageError {
        StorageError::Corrupted(format!("{what} not found in the transaction"))
    }

    fn attempt_mut(&mut self, id: GreetingAttemptID) -> Result<&mut GreetingAttempt, StorageError> {
        self.data
            .attempts
            .iter_mut()
            .find(|a| a.id == id)
            .ok_or_else(|| Self::missing("greeting attempt"))
    }

    fn user_mut(&mut self, user_id: UserID) -> Result<&mut User, StorageError> {
        self.data
            .users
            .iter_mut()
            .find(|u| u.user_id == user_id)
            .ok_or_else(|| Self::missing("user"))
    }
}

#[async_trait]
impl OrgTransaction for MemoryTx<'_> {
    fn organization(&self) -> &Organization {
        &self.data.org
    }

    fn outbox(&mut self) -> &mut Outbox {
        &mut self.outbox
    }

    async fn get_user(&mut self, user_id: UserID) -> Result<Option<User>, StorageError> {
        Ok(self
            .data
            .users
            .iter()
            .find(|u| u.user_id == user_id)
            .cloned())
    }

    async fn list_users(&mut self) -> Result<Vec<User>, StorageError> {
        Ok(self.data.users.clone())
    }

    async fn get_device(&mut self, device_id: DeviceID) -> Result<Option<Device>, StorageError> {
        Ok(self
            .data
            .devices
            .iter()
            .find(|d| d.device_id == device_id)
            .cloned())
    }

    async fn get_invitation(
        &mut self,
        token: &AccessToken,
    ) -> Result<Option<Invitation>, StorageError> {
        Ok(self
            .data
            .invitations
            .iter()
            .find(|i| i.token == *token)
            .map(|i| self.data.read_invitation(i)))
    }

    async fn list_invitations(&mut self) -> Result<Vec<Invitation>, StorageError> {
        Ok(self
            .data
            .invitations
            .iter()
            .map(|i| self.data.read_invitation(i))
            .collect())
    }

    async fn pending_invitations(
        &mut self,
        kind: InvitationType,
    ) -> Result<Vec<Invitation>, StorageError> {
        Ok(self
            .data
            .invitations
            .iter()
            .filter(|i| i.deleted_on.is_none() && i.kind == kind)
            .map(|i| self.data.read_invitation(i))
            .collect())
    }

    async fn get_greeting_attempt(
        &mut self,
        id: GreetingAttemptID,
    ) -> Result<Option<GreetingAttempt>, StorageError> {
        Ok(self.data.attempts.iter().find(|a| a.id == id).cloned())
    }

    async fn active_greeting_attempt(
        &mut self,
        token: &AccessToken,
        greeter: UserID,
    ) -> Result<Option<GreetingAttempt>, StorageError> {
        Ok(self
            .data
            .attempts
            .iter()
            .find(|a| a.token == *token && a.greeter == greeter && a.cancelled.is_none())
            .cloned())
    }

    async fn last_greeter_joins(
        &mut self,
        token: &AccessToken,
    ) -> Result<Vec<(UserID, DateTime)>, StorageError> {
        let mut last: BTreeMap<UserID, DateTime> = BTreeMap::new();
        for a in self.data.attempts.iter().filter(|a| a.token == *token) {
            if let Some(joined) = a.greeter_joined {
                let entry = last.entry(a.greeter).or_insert(joined);
                *entry = (*entry).max(joined);
            }
        }
        Ok(last.into_iter().collect())
    }

    async fn count_greeting_attempts(&mut self, token: &AccessToken) -> Result<u64, StorageError> {
        Ok(self
            .data
            .attempts
            .iter()
            .filter(|a| a.token == *token)
            .count() as u64)
    }

    async fn insert_invitation(&mut self, invitation: &Invitation) -> Result<(), StorageError> {
        self.data.invitations.push(Invitation {
            shamir_recipients: Vec::new(),
            ..invitation.clone()
        });
        Ok(())
    }

    async fn delete_invitation(
        &mut self,
        token: &AccessToken,
        on: DateTime,
        reason: InvitationDeletedReason,
    ) -> Result<(), StorageError> {
        let invitation = self
            .data
            .invitations
            .iter_mut()
            .find(|i| i.token == *token)
            .ok_or_else(|| Self::missing("invitation"))?;
        invitation.deleted_on = Some(on);
        invitation.deleted_reason = Some(reason);
        Ok(())
    }

    async fn insert_greeting_attempt(
        &mut self,
        attempt: &GreetingAttempt,
    ) -> Result<(), StorageError> {
        self.data.attempts.push(GreetingAttempt {
            greeter_steps: Vec::new(),
            claimer_steps: Vec::new(),
            ..attempt.clone()
        });
        Ok(())
    }

    async fn update_greeting_attempt(
        &mut self,
        attempt: &GreetingAttempt,
    ) -> Result<(), StorageError> {
        let stored = self.attempt_mut(attempt.id)?;
        stored.greeter_joined = attempt.greeter_joined;
        stored.claimer_joined = attempt.claimer_joined;
        stored.cancelled = attempt.cancelled;
        Ok(())
    }

    async fn insert_greeting_step(
        &mut self,
        id: GreetingAttemptID,
        side: GreeterOrClaimer,
        index: u8,
        data: &[u8],
    ) -> Result<(), StorageError> {
        let attempt = self.attempt_mut(id)?;
        let steps = match side {
            GreeterOrClaimer::Greeter => &mut attempt.greeter_steps,
            GreeterOrClaimer::Claimer => &mut attempt.claimer_steps,
        };
        if usize::from(index) != steps.len() {
            return Err(StorageError::Corrupted(format!(
                "step {index} stored out of order"
            )));
        }
        steps.push(data.to_vec());
        Ok(())
    }

    async fn insert_user(&mut self, user: &User, device: &Device) -> Result<(), StorageError> {
        self.data.users.push(user.clone());
        self.data.devices.push(device.clone());
        Ok(())
    }

    async fn insert_device(&mut self, device: &Device) -> Result<(), StorageError> {
        self.data.devices.push(device.clone());
        Ok(())
    }

    async fn revoke_user(&mut self, revocation: &UserRevocation) -> Result<(), StorageError> {
        let user = self.user_mut(revocation.user_id)?;
        user.revoked_on = Some(revocation.revoked_on);
        user.revoked_user_certificate = Some(revocation.certificate.clone());
        Ok(())
    }

    async fn update_user_profile(&mut self, update: &UserUpdate) -> Result<(), StorageError> {
        self.user_mut(update.user_id)?.current_profile = update.new_profile;
        self.data.user_updates.push(update.clone());
        Ok(())
    }

    async fn set_user_tos_accepted_on(
        &mut self,
        user_id: UserID,
        on: DateTime,
    ) -> Result<(), StorageError> {
        self.user_mut(user_id)?.tos_accepted_on = Some(on);
        Ok(())
    }

    async fn get_user_totp(&mut self, user_id: UserID) -> Result<UserTotp, StorageError> {
        Ok(self.data.totp.get(&user_id).cloned().unwrap_or_default())
    }

    async fn set_user_totp(
        &mut self,
        user_id: UserID,
        totp: &UserTotp,
    ) -> Result<(), StorageError> {
        self.data.totp.insert(user_id, totp.clone());
        Ok(())
    }

    async fn insert_totp_opaque_key(&mut self, key: &TotpOpaqueKey) -> Result<(), StorageError> {
        self.data.totp_keys.push(key.clone());
        Ok(())
    }

    async fn get_totp_opaque_key(
        &mut self,
        user_id: UserID,
        id: TOTPOpaqueKeyID,
    ) -> Result<Option<TotpOpaqueKey>, StorageError> {
        Ok(self
            .data
            .totp_keys
            .iter()
            .find(|k| k.id == id && k.user_id == user_id)
            .cloned())
    }

    async fn set_totp_opaque_key_throttle(
        &mut self,
        id: TOTPOpaqueKeyID,
        failed_attempts: u32,
        last_failed_attempt: Option<DateTime>,
    ) -> Result<(), StorageError> {
        let key = self
            .data
            .totp_keys
            .iter_mut()
            .find(|k| k.id == id)
            .ok_or_else(|| Self::missing("TOTP opaque key"))?;
        key.failed_attempts = failed_attempts;
        key.last_failed_attempt = last_failed_attempt;
        Ok(())
    }

    async fn reset_totp_opaque_key_throttles(
        &mut self,
        user_id: UserID,
    ) -> Result<(), StorageError> {
        for key in self
            .data
            .totp_keys
            .iter_mut()
            .filter(|k| k.user_id == user_id)
        {
            key.failed_attempts = 0;
            key.last_failed_attempt = None;
        }
        Ok(())
    }

    async fn list_shamir_recoveries(&mut self) -> Result<Vec<ShamirRecoverySetup>, StorageError> {
        Ok(self.data.shamir.clone())
    }

    async fn last_shamir_recovery(
        &mut self,
        user_id: UserID,
    ) -> Result<Option<ShamirRecoverySetup>, StorageError> {
        Ok(self
            .data
            .shamir
            .iter()
            .filter(|s| s.user_id == user_id)
            .max_by_key(|s| s.created_on)
            .cloned())
    }

    async fn get_shamir_recovery(
        &mut self,
        user_id: UserID,
        created_on: DateTime,
    ) -> Result<Option<ShamirRecoverySetup>, StorageError> {
        Ok(self
            .data
            .shamir
            .iter()
            .find(|s| s.user_id == user_id && s.created_on == created_on)
            .cloned())
    }

    async fn shamir_topic_last_timestamp(&mut self) -> Result<Option<DateTime>, StorageError> {
        Ok(self
            .data
            .shamir
            .iter()
            .flat_map(|s| [Some(s.created_on), s.deleted_on])
            .flatten()
            .max())
    }

    async fn insert_shamir_recovery(
        &mut self,
        setup: &ShamirRecoverySetup,
    ) -> Result<(), StorageError> {
        if self
            .data
            .shamir
            .iter()
            .any(|s| s.user_id == setup.user_id && s.deleted_on.is_none())
        {
            return Err(StorageError::Corrupted(
                "a second active shamir recovery setup".into(),
            ));
        }
        self.data.shamir.push(setup.clone());
        Ok(())
    }

    async fn delete_shamir_recovery(
        &mut self,
        user_id: UserID,
        created_on: DateTime,
        deleted_on: DateTime,
        certificate: &[u8],
    ) -> Result<(), StorageError> {
        let setup = self
            .data
            .shamir
            .iter_mut()
            .find(|s| s.user_id == user_id && s.created_on == created_on)
            .ok_or_else(|| Self::missing("shamir recovery setup"))?;
        setup.deleted_on = Some(deleted_on);
        setup.deletion_certificate = Some(certificate.to_vec());
        Ok(())
    }

    async fn set_common_topic_last_timestamp(&mut self, ts: DateTime) -> Result<(), StorageError> {
        self.data.org.common_topic_last_timestamp = Some(ts);
        Ok(())
    }

    async fn commit(self: Box<Self>) -> Result<(), StorageError> {
        let this = *self;
        if this.writer.is_none() {
            return Err(StorageError::Corrupted(
                "commit of a read-only transaction".into(),
            ));
        }
        let id = this.data.org.id.clone();
        this.store.lock().insert(id, this.data);
        // The writer lock is released only now, after the copy is back.
        drop(this.writer);
        this.outbox.committed(false);
        Ok(())
    }
}
