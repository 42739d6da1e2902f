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
//! Bounded in bytes: what is kept weighs at most `capacity` bytes in all ([`Weigh`]:
//! each item by its size, certificates included, each organization by a fixed
//! [`ENTRY_BYTES`] besides), so that a client uploading large certificates fills the
//! cache sooner (not counted: the allocator's overhead, and lists still held by
//! requests in flight); once full, a cache is emptied and fills again. A capacity under
//! [`ENTRY_BYTES`] could keep nothing, not even the marker below: the cache is then not
//! made at all ([`cache_of`]). An organization weighing more than the whole bound is
//! not kept, only the fact that it does, at that version: users and certificates are never deleted, so it still does
//! at any later version (`certificate_get` then reads only what the client lacks).
//!
//! A common topic only grows, with strictly later timestamps: when its version moved,
//! `certificate_get` reads only the certificates after the last one kept and keeps the
//! whole at the new version ([`Lookup::Missing`] hands over what was kept), so that a new
//! certificate, which wakes every client of the organization, costs each of them a read
//! of what is new rather than of the whole topic.

use crate::storage::{CacheCounters, User};
use parsec_protocol::ids::OrganizationID;
use parsec_protocol::DateTime;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Default of `--db-users-cache`, in bytes (64 MiB).
pub const DEFAULT_USERS_CACHE: usize = 64 << 20;

/// Default of `--db-certificates-cache`, in bytes (64 MiB).
pub const DEFAULT_CERTIFICATES_CACHE: usize = 64 << 20;

/// What an organization's entry weighs besides its items: its key, version and slot in
/// the map, so that the number of entries is bounded too.
pub const ENTRY_BYTES: usize = 256;

/// What an item kept in memory weighs, in bytes.
pub trait Weigh {
    /// Its size in memory, what it points to included.
    fn bytes(&self) -> usize;
}

impl Weigh for User {
    fn bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + self.user_certificate.len()
            + self.redacted_user_certificate.len()
            + self.revoked_user_certificate.as_ref().map_or(0, Vec::len)
            + self
                .human_handle
                .as_ref()
                .map_or(0, |h| h.email().as_str().len() + h.label().len())
    }
}

impl Weigh for KeptCertificate {
    fn bytes(&self) -> usize {
        std::mem::size_of::<Self>() + self.certificate.len()
    }
}

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
    /// As uploaded; shared by the entries that keep it (a topic kept again at a later
    /// version reuses what it had).
    pub certificate: Arc<[u8]>,
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
    /// Bytes kept in all ([`weight`]).
    bytes: usize,
}

#[derive(Debug)]
struct Kept<T> {
    version: i64,
    /// `None`: more than the cache may keep was read at this version.
    items: Option<Arc<[T]>>,
}

/// What [`Versioned::lookup`] found.
#[derive(Debug)]
pub enum Lookup<T> {
    /// Kept for that version.
    Kept(Arc<[T]>),
    /// Read at that version or an earlier one, but more than the cache may keep: read
    /// what is needed.
    TooMany,
    /// Not kept for that version.
    Missing {
        /// What is kept for an earlier version, if anything.
        older: Option<Arc<[T]>>,
    },
}

impl<K: Eq + Hash + Clone, T: Clone + Weigh> Versioned<K, T> {
    /// A cache of at most `capacity` bytes (0: nothing is kept).
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            inner: Mutex::new(Inner {
                kept: HashMap::new(),
                bytes: 0,
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
            Lookup::TooMany | Lookup::Missing { .. } => None,
        }
    }

    /// [`Versioned::get`], telling apart what was too large to keep.
    pub fn lookup(&self, key: &K, version: i64) -> Lookup<T> {
        let found = match self.inner().kept.get(key) {
            Some(kept) => match &kept.items {
                Some(items) if kept.version == version => Lookup::Kept(items.clone()),
                // Lists only grow: too large then, too large now.
                None if kept.version <= version => Lookup::TooMany,
                Some(items) if kept.version < version => Lookup::Missing {
                    older: Some(items.clone()),
                },
                _ => Lookup::Missing { older: None },
            },
            None => Lookup::Missing { older: None },
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
    /// kept already (versions only grow); when they weigh more than it may keep, only
    /// that they do.
    pub fn put(&self, key: &K, version: i64, items: &[T]) {
        let weighed = weight(items);
        let (items, added): (Option<Arc<[T]>>, usize) = if weighed <= self.capacity {
            (Some(items.into()), weighed)
        } else {
            (None, ENTRY_BYTES)
        };
        if added > self.capacity {
            // Not even an entry fits (a capacity under `ENTRY_BYTES`, 0 included).
            return;
        }
        let mut inner = self.inner();
        let replaced = match inner.kept.get(key) {
            Some(kept) if kept.version >= version => return,
            Some(kept) => kept.items.as_deref().map_or(ENTRY_BYTES, weight),
            None => 0,
        };
        if inner.bytes - replaced + added > self.capacity {
            inner.kept.clear();
            inner.bytes = 0;
        } else {
            inner.bytes -= replaced;
        }
        inner.bytes += added;
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

/// A cache of `capacity` bytes, or none when that is too small to keep anything.
pub fn cache_of<K: Eq + Hash + Clone, T: Clone + Weigh>(
    capacity: usize,
) -> Option<Arc<Versioned<K, T>>> {
    (capacity >= ENTRY_BYTES).then(|| Arc::new(Versioned::new(capacity)))
}

/// What an entry weighs: its items and [`ENTRY_BYTES`].
fn weight<T: Weigh>(items: &[T]) -> usize {
    items
        .iter()
        .fold(ENTRY_BYTES, |sum, item| sum.saturating_add(item.bytes()))
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
                user_certificate: vec![i; 200],
                redacted_user_certificate: vec![i; 200],
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
        let cache = Versioned::new(1 << 20);
        let a = org("A");
        assert!(cache.get(&a, 1).is_none());
        cache.put(&a, 1, &users(2));
        assert_eq!(cache.get(&a, 1).map(|u| u.len()), Some(2));
        assert!(cache.get(&a, 2).is_none(), "another version");
        assert!(cache.get(&org("B"), 1).is_none(), "another organization");
        assert_eq!(cache.stats(), CacheCounters { hits: 1, misses: 3 });
    }

    #[test]
    fn a_later_version_is_handed_what_was_kept_before() {
        let cache = Versioned::new(1 << 20);
        let a = org("A");
        cache.put(&a, 5, &users(2));
        match cache.lookup(&a, 6) {
            Lookup::Missing { older: Some(older) } => assert_eq!(older.len(), 2),
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(cache.lookup(&a, 4), Lookup::Missing { older: None }),
            "nothing of a later version for an earlier one"
        );
    }

    #[test]
    fn an_older_version_never_replaces_a_newer_one() {
        let cache = Versioned::new(1 << 20);
        let a = org("A");
        cache.put(&a, 5, &users(3));
        cache.put(&a, 4, &users(1));
        assert!(cache.get(&a, 4).is_none());
        assert_eq!(cache.get(&a, 5).map(|u| u.len()), Some(3));
        cache.put(&a, 6, &users(1));
        assert_eq!(cache.get(&a, 6).map(|u| u.len()), Some(1));
        assert_eq!(
            cache.inner().bytes,
            weight(&users(1)),
            "the replaced users are no longer counted"
        );
    }

    #[test]
    fn what_is_kept_stays_under_the_capacity() {
        let capacity = weight(&users(3)) + ENTRY_BYTES;
        let cache = Versioned::new(capacity);
        cache.put(&org("A"), 1, &users(3));
        cache.put(&org("B"), 1, &users(5));
        assert!(cache.get(&org("B"), 1).is_none(), "more than the capacity");
        assert!(matches!(cache.lookup(&org("B"), 1), Lookup::TooMany));
        assert!(
            matches!(cache.lookup(&org("B"), 2), Lookup::TooMany),
            "lists only grow: still too large at a later version"
        );
        assert!(matches!(
            cache.lookup(&org("B"), 0),
            Lookup::Missing { older: None }
        ));
        assert_eq!(cache.inner().bytes, capacity, "A and the marker of B");
        cache.put(&org("C"), 1, &users(2));
        assert!(cache.inner().bytes <= capacity);
        assert!(cache.get(&org("C"), 1).is_some(), "the newest is kept");
        assert!(cache.get(&org("A"), 1).is_none(), "emptied to make room");
        let none = Versioned::new(0);
        none.put(&org("A"), 1, &users(1));
        assert!(
            none.get(&org("A"), 1).is_none(),
            "a capacity of 0 keeps nothing"
        );
        assert!(
            cache_of::<OrganizationID, User>(ENTRY_BYTES - 1).is_none(),
            "too small for any entry: no cache"
        );
        assert!(cache_of::<OrganizationID, User>(ENTRY_BYTES).is_some());
    }

    #[test]
    fn large_certificates_weigh_their_size() {
        let certificate = |size: usize| KeptCertificate {
            timestamp: DateTime::from_micros(1),
            certificate: vec![7; size].into(),
        };
        let cache = CertificatesCache::new(64 << 10);
        let key = (org("A"), false);
        cache.put(&key, 1, &[certificate(1000), certificate(1000)]);
        assert!(cache.get(&key, 1).is_some());
        cache.put(&key, 2, &[certificate(1000), certificate(64 << 10)]);
        assert!(
            matches!(cache.lookup(&key, 2), Lookup::TooMany),
            "two certificates, but more bytes than the capacity"
        );
        assert!(cache.inner().bytes <= 64 << 10);
    }
}
