//! PostgreSQL: what each instance keeps in memory of the organizations used lately, with
//! the version of the database it was read at, so that a request whose statement shows
//! the same version skips reading it again. Two kinds, each with its own version and
//! bound:
//!
//! - **The users of an organization** (`--db-users-cache`): most write transactions read
//!   every user of their organization (to check the author, an email already enrolled,
//!   who may greet), and so does `invite_list`. The version is
//!   `organization.users_version`, which a trigger of the database sets to a new value
//!   from a sequence whenever a row of `parsec_user` is inserted, updated or deleted (or
//!   the table truncated), in the same transaction (schema version 6): whatever writes the
//!   users, this process or another one sharing the database, the version changes with
//!   them and no two states of any organization's users share a version.
//! - **The common certificate topic of an organization** (`--db-certificates-cache`),
//!   full or redacted, for `certificate_get`. The version is
//!   `organization.common_topic_last_timestamp`: every certificate of that topic (user,
//!   device, user update, revocation) is stored with it moved to its own timestamp, which
//!   must be later than the last one (certificates.md), in the same transaction.
//!
//! How a version is read decides what may be kept with it:
//!
//! - **Write transactions** read the versions while locking the organization row. Every
//!   change to the users or to the common topic also updates that row, so none can
//!   commit between the lock and the end of the transaction: what is read then is
//!   exactly that version.
//! - **Reads** without a transaction read the version in the statement that reads the
//!   data, or before it: what is kept for a version is never older than the version, at
//!   worst newer, which a read in `READ COMMITTED` could have seen anyway.
//! - A transaction that changed users itself neither uses nor fills the users cache: its
//!   own changes are not in the version it read.
//!
//! Bounded: at most `capacity` items (users, certificates) in all, an organization
//! without any counting as 1; once full, a cache is emptied and fills again. An
//! organization with more items than that is not kept, only the fact that it has too
//! many at that version (so that `certificate_get` then reads only what the client
//! lacks).

use crate::storage::{CacheCounters, User};
use parsec_protocol::ids::OrganizationID;
use parsec_protocol::DateTime;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Default of `--db-users-cache`.
pub const DEFAULT_USERS_CACHE: usize = 100_000;

/// Default of `--db-certificates-cache`.
pub const DEFAULT_CERTIFICATES_CACHE: usize = 100_000;

/// The users of each organization.
pub type UsersCache = Versioned<OrganizationID, User>;

/// The common certificate topic of each organization, full (`false`) or redacted
/// (`true`).
pub type CertificatesCache = Versioned<(OrganizationID, bool), KeptCertificate>;

/// A certificate of the common topic, in topic order.
#[derive(Debug, Clone)]
pub struct KeptCertificate {
    /// Its timestamp (`certificate_get` answers those after the client's).
    pub timestamp: DateTime,
    /// As uploaded.
    pub certificate: Vec<u8>,
}

/// Lists of `T` kept by key (an organization) with the version they were read at. See
/// the module documentation.
#[derive(Debug)]
pub struct Versioned<K, T> {
    capacity: usize,
    inner: Mutex<Inner<K, T>>,
    hits: AtomicU64,
    misses: AtomicU64,
}

#[derive(Debug)]
struct Inner<K, T> {
    kept: HashMap<K, Kept<T>>,
    /// Items kept in all ([`weight`]).
    items: usize,
}

#[derive(Debug)]
struct Kept<T> {
    version: i64,
    /// `None`: more items than the cache may keep were read at this version.
    items: Option<Arc<[T]>>,
}

/// What [`Versioned::lookup`] found.
#[derive(Debug)]
pub enum Lookup<T> {
    /// Kept for that version.
    Kept(Arc<[T]>),
    /// Read at that version, but more than the cache may keep: read what is needed.
    TooMany,
    /// Not kept for that version.
    Missing,
}

impl<K: Eq + Hash + Clone, T: Clone> Versioned<K, T> {
    /// A cache of at most `capacity` items (0: nothing is kept).
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            inner: Mutex::new(Inner {
                kept: HashMap::new(),
                items: 0,
            }),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    fn inner(&self) -> MutexGuard<'_, Inner<K, T>> {
        // Every update leaves the map and its count consistent.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// What is kept for `key` at `version`.
    pub fn get(&self, key: &K, version: i64) -> Option<Arc<[T]>> {
        match self.lookup(key, version) {
            Lookup::Kept(items) => Some(items),
            Lookup::TooMany | Lookup::Missing => None,
        }
    }

    /// [`Versioned::get`], telling apart what was too large to keep.
    pub fn lookup(&self, key: &K, version: i64) -> Lookup<T> {
        let found = match self.inner().kept.get(key) {
            Some(kept) if kept.version == version => match &kept.items {
                Some(items) => Lookup::Kept(items.clone()),
                None => Lookup::TooMany,
            },
            _ => Lookup::Missing,
        };
        let counter = if matches!(found, Lookup::Kept(_)) {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// Keeps a copy of `items`, read at `version` for `key`, unless a later version is
    /// kept already (versions only grow); when they are more than it may keep, only
    /// that they were.
    pub fn put(&self, key: &K, version: i64, items: &[T]) {
        if self.capacity == 0 {
            return;
        }
        let items: Option<Arc<[T]>> = (weight(items) <= self.capacity).then(|| items.into());
        let added = items.as_deref().map_or(1, weight);
        let mut inner = self.inner();
        let replaced = match inner.kept.get(key) {
            Some(kept) if kept.version >= version => return,
            Some(kept) => kept.items.as_deref().map_or(1, weight),
            None => 0,
        };
        if inner.items - replaced + added > self.capacity {
            inner.kept.clear();
            inner.items = 0;
        } else {
            inner.items -= replaced;
        }
        inner.items += added;
        inner.kept.insert(key.clone(), Kept { version, items });
    }

    /// Look-ups answered from the cache, and not.
    pub fn stats(&self) -> CacheCounters {
        CacheCounters {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
        }
    }
}

/// What an entry counts for: its items, or 1 for an empty list (so that the number of
/// entries is bounded too).
fn weight<T>(items: &[T]) -> usize {
    items.len().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use parsec_protocol::ids::{UserID, UserProfile};

    fn users(n: u8) -> Vec<User> {
        (0..n)
            .map(|i| User {
                user_id: UserID::from_bytes([i; 16]),
                human_handle: None,
                initial_profile: UserProfile::Standard,
                current_profile: UserProfile::Standard,
                user_certificate: vec![i],
                redacted_user_certificate: vec![i],
                created_on: DateTime::from_micros(i64::from(i)),
                created_by: None,
                revoked_on: None,
                revoked_user_certificate: None,
                frozen: false,
                tos_accepted_on: None,
            })
            .collect()
    }

    fn org(name: &str) -> OrganizationID {
        name.parse().expect("valid organization ID")
    }

    #[test]
    fn a_version_gets_only_what_was_kept_for_it() {
        let cache = Versioned::new(10);
        let a = org("A");
        assert!(cache.get(&a, 1).is_none());
        cache.put(&a, 1, &users(2));
        assert_eq!(cache.get(&a, 1).map(|u| u.len()), Some(2));
        assert!(cache.get(&a, 2).is_none(), "another version");
        assert!(cache.get(&org("B"), 1).is_none(), "another organization");
        assert_eq!(cache.stats(), CacheCounters { hits: 1, misses: 3 });
    }

    #[test]
    fn an_older_version_never_replaces_a_newer_one() {
        let cache = Versioned::new(10);
        let a = org("A");
        cache.put(&a, 5, &users(3));
        cache.put(&a, 4, &users(1));
        assert!(cache.get(&a, 4).is_none());
        assert_eq!(cache.get(&a, 5).map(|u| u.len()), Some(3));
        cache.put(&a, 6, &users(1));
        assert_eq!(cache.get(&a, 6).map(|u| u.len()), Some(1));
        assert_eq!(
            cache.inner().items,
            1,
            "the replaced users are no longer counted"
        );
    }

    #[test]
    fn the_users_kept_stay_under_the_capacity() {
        let cache = Versioned::new(4);
        cache.put(&org("A"), 1, &users(3));
        cache.put(&org("B"), 1, &users(5));
        assert!(cache.get(&org("B"), 1).is_none(), "more than the capacity");
        assert!(matches!(cache.lookup(&org("B"), 1), Lookup::TooMany));
        assert!(matches!(cache.lookup(&org("B"), 2), Lookup::Missing));
        cache.put(&org("C"), 1, &users(2));
        assert!(cache.inner().items <= 4);
        assert!(cache.get(&org("C"), 1).is_some(), "the newest is kept");
        assert!(cache.get(&org("A"), 1).is_none(), "emptied to make room");
        let none = Versioned::new(0);
        none.put(&org("A"), 1, &users(1));
        assert!(
            none.get(&org("A"), 1).is_none(),
            "a capacity of 0 keeps nothing"
        );
    }
}
