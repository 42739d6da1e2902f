//! In-memory storage (`--db MOCKED`): everything behind one mutex, lost at exit.
//!
//! Each operation validates first and mutates last inside a single critical section,
//! which makes it atomic. Transactions ([`Storage::transaction`]) work on a copy of the
//! organization and put it back on commit; writers (transactions and the direct write
//! operations) are serialized by an async lock so that no copy overwrites another
//! writer's changes.

mod tx;

use super::{
    bootstrap_token_matches, link_shamir_setup, sort_common, visible_shamir_certificates,
    BootstrapData, BootstrapOrganizationError, CertificateQuery, CertificateTopics,
    CommonCertificate, CreateOrganizationError, Device, DeviceCredentials, DeviceLookup,
    FreezeUserError, GreetingAttempt, Invitation, NewOrganization, OrgTransaction, Organization,
    ShamirRecoverySetup, Storage, StorageError, TotpOpaqueKey, TxMode, UpdateOrganizationError,
    User, UserTotp, UserUpdate, RANK_DEVICE, RANK_REVOKED_USER, RANK_USER, RANK_USER_UPDATE,
};
use crate::cluster::Outbox;
use async_trait::async_trait;
use parsec_protocol::ids::{AccessToken, DeviceID, OrganizationID, UserID};
use parsec_protocol::DateTime;
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

#[derive(Debug, Clone)]
struct OrgData {
    org: Organization,
    users: Vec<User>,
    devices: Vec<Device>,
    user_updates: Vec<UserUpdate>,
    /// By creation time.
    invitations: Vec<Invitation>,
    /// By creation time.
    attempts: Vec<GreetingAttempt>,
    /// Users who have a TOTP state.
    totp: BTreeMap<UserID, UserTotp>,
    /// By creation time.
    totp_keys: Vec<TotpOpaqueKey>,
    /// Shamir recovery setups, by creation time.
    shamir: Vec<ShamirRecoverySetup>,
}

impl OrgData {
    /// An invitation as read: linked to its shamir recovery setup.
    fn read_invitation(&self, invitation: &Invitation) -> Invitation {
        let mut invitation = invitation.clone();
        if let (Some(user_id), Some(created_on)) = (
            invitation.claimer_user_id,
            invitation.shamir_recovery_created_on,
        ) {
            let setup = self
                .shamir
                .iter()
                .find(|s| s.user_id == user_id && s.created_on == created_on);
            link_shamir_setup(&mut invitation, setup);
        }
        invitation
    }
}

/// Storage kept in process memory.
#[derive(Debug, Default)]
pub struct MemoryStorage {
    orgs: Mutex<BTreeMap<OrganizationID, OrgData>>,
    /// Held by every writer for the whole write.
    writer: tokio::sync::Mutex<()>,
}

impl MemoryStorage {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<OrganizationID, OrgData>> {
        // A panic while holding the lock cannot leave a half-applied operation (we
        // mutate last), so the data is still consistent.
        self.orgs.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn new_org_data(new: NewOrganization) -> OrgData {
    OrgData {
        org: new.into_organization(),
        users: Vec::new(),
        devices: Vec::new(),
        user_updates: Vec::new(),
        invitations: Vec::new(),
        attempts: Vec::new(),
        totp: BTreeMap::new(),
        totp_keys: Vec::new(),
        shamir: Vec::new(),
    }
}

fn after(ts: DateTime, after: Option<DateTime>) -> bool {
    after.is_none_or(|a| ts > a)
}

#[async_trait]
impl Storage for MemoryStorage {
    async fn create_organization(
        &self,
        new: NewOrganization,
    ) -> Result<(), CreateOrganizationError> {
        let _writer = self.writer.lock().await;
        let mut orgs = self.lock();
        if orgs.get(&new.id).is_some_and(|d| d.org.is_bootstrapped) {
            return Err(CreateOrganizationError::AlreadyExists);
        }
        orgs.insert(new.id.clone(), new_org_data(new));
        Ok(())
    }

    async fn get_organization(
        &self,
        id: &OrganizationID,
    ) -> Result<Option<Organization>, StorageError> {
        Ok(self.lock().get(id).map(|d| d.org.clone()))
    }

    async fn list_organizations(&self) -> Result<Vec<Organization>, StorageError> {
        let mut orgs: Vec<Organization> = self.lock().values().map(|d| d.org.clone()).collect();
        orgs.sort_by(|a, b| (a.created_on, &a.id).cmp(&(b.created_on, &b.id)));
        Ok(orgs)
    }

    async fn update_organization(
        &self,
        id: &OrganizationID,
        change: &(dyn Fn(Organization) -> Organization + Send + Sync),
        outbox: Outbox,
    ) -> Result<(), UpdateOrganizationError> {
        let _writer = self.writer.lock().await;
        {
            let mut orgs = self.lock();
            let org = &mut orgs
                .get_mut(id)
                .ok_or(UpdateOrganizationError::NotFound)?
                .org;
            let changed = change(org.clone());
            org.is_expired = changed.is_expired;
            org.config = changed.config;
        }
        outbox.committed(false);
        Ok(())
    }

    async fn bootstrap_organization(
        &self,
        id: &OrganizationID,
        bootstrap_token: Option<AccessToken>,
        spontaneous: Option<NewOrganization>,
        data: BootstrapData,
    ) -> Result<(), BootstrapOrganizationError> {
        let _writer = self.writer.lock().await;
        let mut orgs = self.lock();
        let mut entry = match (orgs.get(id), spontaneous) {
            (Some(existing), _) => existing.clone(),
            (None, Some(new)) => new_org_data(new),
            (None, None) => return Err(BootstrapOrganizationError::NotFound),
        };
        if !bootstrap_token_matches(entry.org.bootstrap_token.as_ref(), bootstrap_token.as_ref()) {
            return Err(BootstrapOrganizationError::InvalidBootstrapToken);
        }
        if entry.org.is_bootstrapped {
            return Err(BootstrapOrganizationError::AlreadyBootstrapped);
        }
        entry.org.is_bootstrapped = true;
        entry.org.bootstrapped_on = Some(data.bootstrapped_on);
        entry.org.root_verify_key = Some(data.root_verify_key);
        entry.org.common_topic_last_timestamp = Some(data.user.created_on);
        entry.org.sequester_authority = data.sequester_authority;
        entry.users.push(data.user);
        entry.devices.push(data.device);
        orgs.insert(id.clone(), entry);
        Ok(())
    }

    async fn get_user(
        &self,
        org: &OrganizationID,
        user_id: UserID,
    ) -> Result<Option<User>, StorageError> {
        Ok(self
            .lock()
            .get(org)
            .and_then(|d| d.users.iter().find(|u| u.user_id == user_id).cloned()))
    }

    async fn list_users(&self, org: &OrganizationID) -> Result<Vec<User>, StorageError> {
        Ok(self
            .lock()
            .get(org)
            .map(|d| d.users.clone())
            .unwrap_or_default())
    }

    async fn get_device(
        &self,
        org: &OrganizationID,
        device_id: DeviceID,
    ) -> Result<Option<Device>, StorageError> {
        Ok(self
            .lock()
            .get(org)
            .and_then(|d| d.devices.iter().find(|x| x.device_id == device_id).cloned()))
    }

    async fn lookup_device(
        &self,
        org: &OrganizationID,
        device_id: DeviceID,
    ) -> Result<Option<DeviceLookup>, StorageError> {
        let orgs = self.lock();
        Ok(orgs.get(org).map(|d| DeviceLookup {
            organization: d.org.clone(),
            credentials: d
                .devices
                .iter()
                .find(|x| x.device_id == device_id)
                .and_then(|device| {
                    d.users
                        .iter()
                        .find(|u| u.user_id == device.user_id)
                        .map(|user| DeviceCredentials::new(device, user))
                }),
        }))
    }

    async fn set_user_frozen(
        &self,
        org: &OrganizationID,
        user_id: UserID,
        frozen: bool,
        outbox: Outbox,
    ) -> Result<User, FreezeUserError> {
        let _writer = self.writer.lock().await;
        let user = {
            let mut orgs = self.lock();
            let data = orgs
                .get_mut(org)
                .ok_or(FreezeUserError::OrganizationNotFound)?;
            let user = data
                .users
                .iter_mut()
                .find(|u| u.user_id == user_id)
                .ok_or(FreezeUserError::UserNotFound)?;
            if user.revoked_on.is_some() {
                return Err(FreezeUserError::UserRevoked);
            }
            user.frozen = frozen;
            user.clone()
        };
        outbox.committed(false);
        Ok(user)
    }

    async fn get_certificates(
        &self,
        query: &CertificateQuery<'_>,
    ) -> Result<CertificateTopics, StorageError> {
        let orgs = self.lock();
        let Some(data) = orgs.get(query.organization) else {
            return Ok(CertificateTopics::default());
        };
        let (after_ts, redacted) = (query.common_after, query.redacted);
        let mut out = Vec::new();
        for u in &data.users {
            if after(u.created_on, after_ts) {
                let certificate = if redacted {
                    &u.redacted_user_certificate
                } else {
                    &u.user_certificate
                };
                out.push(CommonCertificate {
                    timestamp: u.created_on,
                    rank: RANK_USER,
                    certificate: certificate.clone(),
                });
            }
            if let (Some(ts), Some(c)) = (u.revoked_on, &u.revoked_user_certificate) {
                if after(ts, after_ts) {
                    out.push(CommonCertificate {
                        timestamp: ts,
                        rank: RANK_REVOKED_USER,
                        certificate: c.clone(),
                    });
                }
            }
        }
        for up in &data.user_updates {
            if after(up.updated_on, after_ts) {
                out.push(CommonCertificate {
                    timestamp: up.updated_on,
                    rank: RANK_USER_UPDATE,
                    certificate: up.certificate.clone(),
                });
            }
        }
        for d in &data.devices {
            if after(d.created_on, after_ts) {
                let certificate = if redacted {
                    &d.redacted_device_certificate
                } else {
                    &d.device_certificate
                };
                out.push(CommonCertificate {
                    timestamp: d.created_on,
                    rank: RANK_DEVICE,
                    certificate: certificate.clone(),
                });
            }
        }
        Ok(CertificateTopics {
            common: sort_common(out),
            shamir: visible_shamir_certificates(&data.shamir, query.user, query.shamir_after),
        })
    }

    async fn get_invitation(
        &self,
        org: &OrganizationID,
        token: &AccessToken,
    ) -> Result<Option<Invitation>, StorageError> {
        Ok(self.lock().get(org).and_then(|d| {
            d.invitations
                .iter()
                .find(|i| i.token == *token)
                .map(|i| d.read_invitation(i))
        }))
    }

    async fn purge_greeting_attempts(
        &self,
        before: DateTime,
        only: Option<&OrganizationID>,
    ) -> Result<u64, StorageError> {
        let _writer = self.writer.lock().await;
        let mut orgs = self.lock();
        let mut purged = 0;
        for (id, data) in orgs.iter_mut() {
            if only.is_some_and(|o| o != id) {
                continue;
            }
            let ended: Vec<AccessToken> = data
                .invitations
                .iter()
                .filter(|i| i.deleted_on.is_some_and(|d| d < before))
                .map(|i| i.token)
                .collect();
            let count = data.attempts.len();
            data.attempts.retain(|a| {
                !(a.cancelled.is_some_and(|c| c.timestamp < before) || ended.contains(&a.token))
            });
            purged += (count - data.attempts.len()) as u64;
        }
        Ok(purged)
    }

    async fn transaction_with(
        &self,
        org: &OrganizationID,
        mode: TxMode,
        outbox: Outbox,
    ) -> Result<Option<Box<dyn OrgTransaction + '_>>, StorageError> {
        let writer = match mode {
            TxMode::Write => Some(self.writer.lock().await),
            TxMode::Read => None,
        };
        let Some(data) = self.lock().get(org).cloned() else {
            return Ok(None);
        };
        Ok(Some(Box::new(tx::MemoryTx::new(
            self, writer, data, outbox,
        ))))
    }
}
