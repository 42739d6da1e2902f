//! PostgreSQL: the users of the organizations used lately, kept in memory with the
//! version of the organization's users they were read at, so that a transaction whose
//! organization row shows the same version skips reading them again (most write
//! transactions read every user of their organization: to check the author, an email
//! already enrolled, who may greet).
//!
//! The version is `organization.users_version`. A trigger of the database gives it a
//! new value from a sequence whenever a row of `parsec_user` is inserted, updated or
//! deleted, in the same transaction (schema version 6), so that whatever writes the
//! users, this process or another one sharing the database, the version changes when the
//! users do and no two states of any organization's users ever share a version.
//!
//! - **Write transactions** read the version while locking the organization row. Every
//!   change to the users also updates that row, so none can happen between the lock and
//!   the end of the transaction: the users read then are exactly those of the version.
//! - **Reads** without a transaction read the version in the statement that reads the
//!   users, or before it: users kept for a version are never older than the version,
//!   at worst newer, which a read in `READ COMMITTED` could have seen anyway.
//! - A transaction that changed users itself neither uses nor fills the cache: its own
//!   changes are not in the version it read.
//!
//! Bounded: at most `capacity` users in all (`--db-users-cache`); once full, the cache is
//! emptied and fills again. An organization with more users than that is not kept.

use crate::storage::{User, UsersCacheStats};
use parsec_protocol::ids::OrganizationID;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Default of `--db-users-cache`.
pub const DEFAULT_USERS_CACHE: usize = 100_000;

/// See the module documentation.
#[derive(Debug)]
pub struct UsersCache {
    capacity: usize,
    inner: Mutex<Inner>,
    hits: AtomicU64,
    misses: AtomicU64,
}

#[derive(Debug, Default)]
struct Inner {
    organizations: HashMap<OrganizationID, Kept>,
    /// Users kept in all ([`weight`]).
    users: usize,
}

#[derive(Debug)]
struct Kept {
    version: i64,
    users: Arc<[User]>,
}

impl UsersCache {
    /// A cache of at most `capacity` users (0: nothing is kept).
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            inner: Mutex::default(),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    fn inner(&self) -> MutexGuard<'_, Inner> {
        // Every update leaves the map and its count consistent.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The users of `org` kept for `version`.
    pub fn get(&self, org: &OrganizationID, version: i64) -> Option<Arc<[User]>> {
        let found = self
            .inner()
            .organizations
            .get(org)
            .filter(|kept| kept.version == version)
            .map(|kept| kept.users.clone());
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// Keeps a copy of `users`, read at `version` of `org`'s users, unless a later
    /// version is kept already (versions only grow) or they are more than it may keep.
    pub fn put(&self, org: &OrganizationID, version: i64, users: &[User]) {
        let added = weight(users);
        if self.capacity == 0 || added > self.capacity {
            return;
        }
        let users: Arc<[User]> = users.into();
        let mut inner = self.inner();
        let replaced = match inner.organizations.get(org) {
            Some(kept) if kept.version >= version => return,
            Some(kept) => weight(&kept.users),
            None => 0,
        };
        if inner.users - replaced + added > self.capacity {
            inner.organizations.clear();
            inner.users = 0;
        } else {
            inner.users -= replaced;
        }
        inner.users += added;
        inner
            .organizations
            .insert(org.clone(), Kept { version, users });
    }

    /// Look-ups answered from the cache, and not.
    pub fn stats(&self) -> UsersCacheStats {
        UsersCacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
        }
    }
}

/// What an organization's entry counts for: its users, or 1 for one without users (so
/// that the number of entries is bounded too).
fn weight(users: &[User]) -> usize {
    users.len().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use parsec_protocol::ids::{UserID, UserProfile};
    use parsec_protocol::DateTime;

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
        let cache = UsersCache::new(10);
        let a = org("A");
        assert!(cache.get(&a, 1).is_none());
        cache.put(&a, 1, &users(2));
        assert_eq!(cache.get(&a, 1).map(|u| u.len()), Some(2));
        assert!(cache.get(&a, 2).is_none(), "another version");
        assert!(cache.get(&org("B"), 1).is_none(), "another organization");
        assert_eq!(cache.stats(), UsersCacheStats { hits: 1, misses: 3 });
    }

    #[test]
    fn an_older_version_never_replaces_a_newer_one() {
        let cache = UsersCache::new(10);
        let a = org("A");
        cache.put(&a, 5, &users(3));
        cache.put(&a, 4, &users(1));
        assert!(cache.get(&a, 4).is_none());
        assert_eq!(cache.get(&a, 5).map(|u| u.len()), Some(3));
        cache.put(&a, 6, &users(1));
        assert_eq!(cache.get(&a, 6).map(|u| u.len()), Some(1));
        assert_eq!(
            cache.inner().users,
            1,
            "the replaced users are no longer counted"
        );
    }

    #[test]
    fn the_users_kept_stay_under_the_capacity() {
        let cache = UsersCache::new(4);
        cache.put(&org("A"), 1, &users(3));
        cache.put(&org("B"), 1, &users(5));
        assert!(cache.get(&org("B"), 1).is_none(), "more than the capacity");
        cache.put(&org("C"), 1, &users(2));
        assert!(cache.inner().users <= 4);
        assert!(cache.get(&org("C"), 1).is_some(), "the newest is kept");
        assert!(cache.get(&org("A"), 1).is_none(), "emptied to make room");
        let none = UsersCache::new(0);
        none.put(&org("A"), 1, &users(1));
        assert!(
            none.get(&org("A"), 1).is_none(),
            "a capacity of 0 keeps nothing"
        );
    }
}
