//! Wake-ups for held greeting step requests.
//!
//! The official server answers `not_ready` at once and lets clients poll (invite.md
//! §7). Ours holds a step request whose peer has not stored that step yet, for at most
//! [`crate::ServerConfig::greeting_long_poll`], and answers as soon as the peer stores
//! it or the attempt is cancelled. This registry is how the storing request tells the
//! held ones: a `watch` channel per (organization, attempt) with waiters, bumped after
//! each commit that may change their answer. It only lives in this process, which is
//! fine: the state itself is in the storage, a wake-up only shortens the wait.

use parsec_protocol::ids::{GreetingAttemptID, OrganizationID};
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::watch;

type Key = (OrganizationID, GreetingAttemptID);

/// The attempts some request is waiting on.
#[derive(Debug, Default)]
pub struct GreetingWaiters {
    channels: Mutex<HashMap<Key, watch::Sender<u64>>>,
}

/// Why [`Waiter::wait`] returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// Something changed: look again.
    Notified,
    /// The hold is over.
    TimedOut,
}

/// A registration, made before reading the state so that no change is missed.
pub struct Waiter<'a> {
    registry: &'a GreetingWaiters,
    key: Key,
    receiver: Option<watch::Receiver<u64>>,
}

impl GreetingWaiters {
    fn channels(&self) -> MutexGuard<'_, HashMap<Key, watch::Sender<u64>>> {
        // A map of channels cannot be left half-updated by a panic.
        self.channels.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Registers interest in an attempt.
    pub fn register(&self, org: &OrganizationID, attempt: GreetingAttemptID) -> Waiter<'_> {
        let key = (org.clone(), attempt);
        let mut receiver = self
            .channels()
            .entry(key.clone())
            .or_insert_with(|| watch::channel(0).0)
            .subscribe();
        receiver.mark_unchanged();
        Waiter {
            registry: self,
            key,
            receiver: Some(receiver),
        }
    }

    /// Wakes the requests held on `attempt` (a step was stored, or it was cancelled).
    pub fn notify(&self, org: &OrganizationID, attempt: GreetingAttemptID) {
        if let Some(sender) = self.channels().get(&(org.clone(), attempt)) {
            sender.send_modify(|v| *v = v.wrapping_add(1));
        }
    }

    /// Wakes every request held in `org` (an invitation was deleted, a user revoked or
    /// its profile changed: they re-check everything).
    pub fn notify_organization(&self, org: &OrganizationID) {
        for ((o, _), sender) in self.channels().iter() {
            if o == org {
                sender.send_modify(|v| *v = v.wrapping_add(1));
            }
        }
    }

    /// How many requests are held on `attempt` (for tests and diagnostics).
    pub fn waiting(&self, org: &OrganizationID, attempt: GreetingAttemptID) -> usize {
        self.channels()
            .get(&(org.clone(), attempt))
            .map_or(0, watch::Sender::receiver_count)
    }
}

impl Waiter<'_> {
    /// Waits for a notification (one sent since the registration or the previous wake
    /// counts) or until `remaining` has elapsed.
    pub async fn wait(&mut self, remaining: Duration) -> Wake {
        let Some(receiver) = self.receiver.as_mut() else {
            return Wake::TimedOut;
        };
        match tokio::time::timeout(remaining, receiver.changed()).await {
            Ok(Ok(())) => Wake::Notified,
            // The sender lives in the map as long as we hold a receiver.
            Ok(Err(_)) | Err(_) => Wake::TimedOut,
        }
    }
}

impl Drop for Waiter<'_> {
    fn drop(&mut self) {
        drop(self.receiver.take());
        let mut channels = self.registry.channels();
        if channels
            .get(&self.key)
            .is_some_and(|s| s.receiver_count() == 0)
        {
            channels.remove(&self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn notified_then_cleaned_up() {
        let registry = GreetingWaiters::default();
        let org: OrganizationID = "Org".parse().expect("valid");
        let attempt = GreetingAttemptID::from_bytes([1; 16]);
        let mut waiter = registry.register(&org, attempt);
        assert_eq!(registry.waiting(&org, attempt), 1);
        // A notification sent before the wait is not lost.
        registry.notify(&org, attempt);
        assert_eq!(waiter.wait(Duration::from_secs(60)).await, Wake::Notified);
        assert_eq!(waiter.wait(Duration::from_millis(1)).await, Wake::TimedOut);
        registry.notify_organization(&org);
        assert_eq!(waiter.wait(Duration::from_secs(60)).await, Wake::Notified);
        drop(waiter);
        assert_eq!(registry.waiting(&org, attempt), 0);
        assert!(registry.channels().is_empty());
    }
}
