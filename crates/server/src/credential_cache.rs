//! The credentials of the devices that authenticated lately, kept in memory so that their
//! next requests skip the database look-up (`--auth-cache-entries`).
//!
//! Only the look-up of a request that passed every check is kept (organization found and
//! not expired, device and user found, user neither revoked nor frozen, terms of service
//! accepted, signature and time window): the signature and the time window are checked
//! again on every request, with the device key kept. An entry
//! is forgotten as soon as what it was checked against may have changed:
//!
//! - its user revoked, frozen, or given another profile: that user's entries;
//! - its organization updated by the administration API (expiry, settings, terms of
//!   service): the organization's entries.
//!
//! These go through the cluster messages ([`crate::cluster::ClusterMessage::forget_credentials`]):
//! in the process that made the change before it answers, so its next request reads the
//! new state; in the others when the message arrives, a few milliseconds after the commit
//! (the official server caches the same way, per process, cleared by the same events).
//! While a process cannot hear the others (its listening connection was lost), its cache
//! is suspended: emptied, not filled, until the connection is proven to work again.
//!
//! A look-up started before a change and finished after it must not be kept: every
//! forgetting bumps an epoch, and a look-up is kept only if the epoch did not move while
//! it ran. An entry older than [`MAX_AGE`] is looked up again, which bounds how long a
//! forgetting lost on its way (a notification that could not be sent) goes unnoticed.
//! The entries are bounded: once full, the cache is emptied and fills again; the entries
//! of one organization share one copy of it.

use crate::storage::{DeviceCredentials, Organization};
use parsec_protocol::ids::{DeviceID, OrganizationID, UserID};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

/// Default of `--auth-cache-entries`.
pub const DEFAULT_AUTH_CACHE_ENTRIES: usize = 100_000;

/// How long a look-up is kept at most.
pub const MAX_AGE: Duration = Duration::from_secs(60);

/// See the module documentation.
#[derive(Debug)]
pub struct CredentialCache {
    capacity: usize,
    max_age: Duration,
    inner: RwLock<Inner>,
    hits: AtomicU64,
    misses: AtomicU64,
}

/// What `/metrics` shows of the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheStats {
    /// Look-ups found kept.
    pub hits: u64,
    /// Look-ups not found (made in the database).
    pub misses: u64,
    /// Look-ups kept now.
    pub entries: u64,
}

#[derive(Debug, Default)]
struct Inner {
    /// Bumped by every forgetting.
    epoch: u64,
    /// Set while the changes made by the other processes may be missed.
    suspended: bool,
    /// How many times it was set.
    suspensions: u64,
    /// The kept look-ups, by organization (found without building a key).
    organizations: HashMap<OrganizationID, Kept>,
    /// How many devices they hold in all.
    len: usize,
}

impl Inner {
    fn clear(&mut self) {
        self.organizations.clear();
        self.len = 0;
    }
}

/// An organization and the kept devices of it.
#[derive(Debug)]
struct Kept {
    /// As read by the latest kept look-up, shared by the entries.
    organization: Arc<Organization>,
    devices: HashMap<DeviceID, Entry>,
}

#[derive(Debug)]
struct Entry {
    credentials: DeviceCredentials,
    kept_on: Instant,
}

/// A look-up that passed the checks: the organization and the device's credentials.
pub type Checked = (Organization, DeviceCredentials);

/// What [`CredentialCache::get`] found.
#[derive(Debug)]
pub enum Cached {
    /// A look-up that passed the checks, still valid.
    Hit(Box<Checked>),
    /// Nothing: look it up, then give the result to [`CredentialCache::keep`] with this
    /// ticket.
    Miss(Ticket),
}

/// The state of the cache when a look-up started.
#[derive(Debug, Clone, Copy)]
pub struct Ticket(u64);

impl CredentialCache {
    /// A cache of `capacity` entries at most; 0 disables it.
    pub fn new(capacity: usize) -> Self {
        Self::with_max_age(capacity, MAX_AGE)
    }

    /// A cache of `capacity` entries kept `max_age` at most.
    pub fn with_max_age(capacity: usize, max_age: Duration) -> Self {
        Self {
            capacity,
            max_age,
            inner: RwLock::new(Inner::default()),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    fn read(&self) -> RwLockReadGuard<'_, Inner> {
        self.inner.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, Inner> {
        self.inner.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// The kept look-up of `device`, or a ticket to keep the one about to be made.
    pub fn get(&self, org: &OrganizationID, device: DeviceID) -> Cached {
        let inner = self.read();
        let kept = inner
            .organizations
            .get(org)
            .and_then(|kept| Some((kept, kept.devices.get(&device)?)));
        match kept {
            Some((kept, entry)) if entry.kept_on.elapsed() < self.max_age => {
                self.hits.fetch_add(1, Ordering::Relaxed);
                Cached::Hit(Box::new((
                    Organization::clone(&kept.organization),
                    entry.credentials.clone(),
                )))
            }
            _ => {
                self.misses.fetch_add(1, Ordering::Relaxed);
                Cached::Miss(Ticket(inner.epoch))
            }
        }
    }

    /// Keeps a look-up that passed the checks, unless something was forgotten since
    /// `ticket` was taken.
    pub fn keep(&self, ticket: Ticket, org: &OrganizationID, device: DeviceID, checked: &Checked) {
        if self.capacity == 0 {
            return;
        }
        let mut inner = self.write();
        if inner.suspended || inner.epoch != ticket.0 {
            return;
        }
        if inner.len >= self.capacity {
            inner.clear();
        }
        let (organization, credentials) = checked;
        let kept = inner
            .organizations
            .entry(org.clone())
            .or_insert_with(|| Kept {
                organization: Arc::new(organization.clone()),
                devices: HashMap::new(),
            });
        if *kept.organization != *organization {
            kept.organization = Arc::new(organization.clone());
        }
        let entry = Entry {
            credentials: credentials.clone(),
            kept_on: Instant::now(),
        };
        if kept.devices.insert(device, entry).is_none() {
            inner.len += 1;
        }
    }

    /// Forgets the devices of `user` in `org`, or every device of `org` when `user` is
    /// `None`.
    pub fn forget(&self, org: &OrganizationID, user: Option<UserID>) {
        let mut inner = self.write();
        inner.epoch += 1;
        let forgotten = match (user, inner.organizations.get_mut(org)) {
            (_, None) => 0,
            (None, Some(_)) => inner
                .organizations
                .remove(org)
                .map_or(0, |k| k.devices.len()),
            (Some(user), Some(kept)) => {
                let before = kept.devices.len();
                kept.devices
                    .retain(|_, entry| entry.credentials.user_id != user);
                before - kept.devices.len()
            }
        };
        inner.len -= forgotten;
    }

    /// Empties the cache and keeps it empty until [`CredentialCache::resume`]: the
    /// changes of the other processes may be missed.
    pub fn suspend(&self) {
        let mut inner = self.write();
        inner.epoch += 1;
        inner.suspended = true;
        inner.suspensions += 1;
        inner.clear();
    }

    /// Whether [`CredentialCache::suspend`] is in effect.
    pub fn is_suspended(&self) -> bool {
        self.read().suspended
    }

    /// How many times [`CredentialCache::suspend`] was called.
    pub fn suspensions(&self) -> u64 {
        self.read().suspensions
    }

    /// Whether the look-up of `device` is kept.
    pub fn contains(&self, org: &OrganizationID, device: DeviceID) -> bool {
        self.read()
            .organizations
            .get(org)
            .is_some_and(|kept| kept.devices.contains_key(&device))
    }

    /// Fills the cache again, from empty.
    pub fn resume(&self) {
        let mut inner = self.write();
        inner.epoch += 1;
        inner.suspended = false;
        inner.clear();
    }

    /// Hits, misses and entries so far.
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            entries: self.len() as u64,
        }
    }

    /// How many look-ups are kept.
    pub fn len(&self) -> usize {
        self.read().len
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{NewOrganization, OrganizationConfig};
    use parsec_protocol::crypto::VerifyKey;
    use parsec_protocol::ids::UserProfile;
    use parsec_protocol::DateTime;

    fn lookup(org: &OrganizationID, user: UserID) -> Checked {
        (
            NewOrganization {
                id: org.clone(),
                bootstrap_token: None,
                config: OrganizationConfig::default(),
                created_on: DateTime::from_micros(0),
            }
            .into_organization(),
            DeviceCredentials {
                user_id: user,
                verify_key: VerifyKey::from_bytes([7; 32]),
                profile: UserProfile::Standard,
                revoked: false,
                frozen: false,
                tos_accepted_on: None,
            },
        )
    }

    fn ticket(cache: &CredentialCache, org: &OrganizationID, device: DeviceID) -> Ticket {
        match cache.get(org, device) {
            Cached::Miss(ticket) => ticket,
            Cached::Hit(_) => panic!("unexpected hit"),
        }
    }

    fn ids() -> (OrganizationID, OrganizationID, UserID, UserID) {
        (
            "Org1".parse().expect("valid"),
            "Org2".parse().expect("valid"),
            UserID::from_bytes([1; 16]),
            UserID::from_bytes([2; 16]),
        )
    }

    #[test]
    fn forgets_a_user_or_an_organization() {
        let (org1, org2, alice, bob) = ids();
        let cache = CredentialCache::new(10);
        let (d1, d2, d3) = (
            DeviceID::from_bytes([1; 16]),
            DeviceID::from_bytes([2; 16]),
            DeviceID::from_bytes([3; 16]),
        );
        for (org, device, user) in [(&org1, d1, alice), (&org1, d2, bob), (&org2, d3, alice)] {
            let t = ticket(&cache, org, device);
            cache.keep(t, org, device, &lookup(org, user));
        }
        assert!(matches!(cache.get(&org1, d1), Cached::Hit(_)));
        cache.forget(&org1, Some(alice));
        assert!(matches!(cache.get(&org1, d1), Cached::Miss(_)));
        assert!(matches!(cache.get(&org1, d2), Cached::Hit(_)));
        // Same user ID, other organization: kept.
        assert!(matches!(cache.get(&org2, d3), Cached::Hit(_)));
        cache.forget(&org1, None);
        assert!(matches!(cache.get(&org1, d2), Cached::Miss(_)));
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn a_lookup_overtaken_by_a_change_is_not_kept() {
        let (org, _, alice, _) = ids();
        let cache = CredentialCache::new(10);
        let device = DeviceID::from_bytes([1; 16]);
        let before = ticket(&cache, &org, device);
        // Revoked while the look-up ran: what it read may be the state before.
        cache.forget(&org, Some(alice));
        cache.keep(before, &org, device, &lookup(&org, alice));
        assert!(cache.is_empty());
    }

    #[test]
    fn suspended_keeps_nothing_until_resumed() {
        let (org, _, alice, _) = ids();
        let cache = CredentialCache::new(10);
        let device = DeviceID::from_bytes([1; 16]);
        let t = ticket(&cache, &org, device);
        cache.keep(t, &org, device, &lookup(&org, alice));
        cache.suspend();
        assert!(cache.is_empty());
        let t = ticket(&cache, &org, device);
        cache.keep(t, &org, device, &lookup(&org, alice));
        assert!(cache.is_empty());
        cache.resume();
        let t = ticket(&cache, &org, device);
        cache.keep(t, &org, device, &lookup(&org, alice));
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn an_old_entry_is_looked_up_again() {
        let (org, _, alice, _) = ids();
        let cache = CredentialCache::with_max_age(10, Duration::ZERO);
        let device = DeviceID::from_bytes([1; 16]);
        let t = ticket(&cache, &org, device);
        cache.keep(t, &org, device, &lookup(&org, alice));
        assert_eq!(cache.len(), 1);
        assert!(matches!(cache.get(&org, device), Cached::Miss(_)));
    }

    #[test]
    fn entries_of_one_organization_share_it() {
        let (org, _, alice, bob) = ids();
        let cache = CredentialCache::new(10);
        for (i, user) in [(1, alice), (2, bob)] {
            let device = DeviceID::from_bytes([i; 16]);
            let t = ticket(&cache, &org, device);
            cache.keep(t, &org, device, &lookup(&org, user));
        }
        let inner = cache.read();
        assert_eq!(inner.organizations.len(), 1);
        assert_eq!(inner.organizations[&org].devices.len(), 2);
        assert_eq!(inner.len, 2);
    }

    #[test]
    fn bounded_and_disabled_by_zero() {
        let (org, _, alice, _) = ids();
        let cache = CredentialCache::new(3);
        for i in 0..10u8 {
            let device = DeviceID::from_bytes([i; 16]);
            let t = ticket(&cache, &org, device);
            cache.keep(t, &org, device, &lookup(&org, alice));
            assert!(cache.len() <= 3);
        }
        let off = CredentialCache::new(0);
        let device = DeviceID::from_bytes([1; 16]);
        let t = ticket(&off, &org, device);
        off.keep(t, &org, device, &lookup(&org, alice));
        assert!(off.is_empty());
    }
}
