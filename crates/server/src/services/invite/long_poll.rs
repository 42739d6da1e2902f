//! Wake-ups for held greeting step requests.
//!
//! The official server answers `not_ready` at once and lets clients poll (invite.md
//! §7). Ours holds a step request whose peer has not stored that step yet, for at most
//! [`crate::ServerConfig::greeting_long_poll`], and answers as soon as the peer stores
//! it or the attempt is cancelled. This registry is how the storing request tells the
//! held ones: a `watch` channel per (organization, attempt) with waiters, bumped after
//! each commit that may change their answer (queued in the writing transaction's
//! [`crate::cluster::Outbox`]). The state itself is in the storage, a wake-up only
//! shortens the wait; with several processes on one PostgreSQL database, wake-ups also
//! go to the others, committed with the change ([`crate::cluster`]), so that a
//! greeter on one and a claimer on another do not wait out the hold at each step.
//!
//! At most `--greeting-max-held-steps` requests are held per attempt and side (the
//! protocol has one of each side at a time): a newer one releases the oldest, which
//! answers `not_ready` at once, as the official server would have.

use crate::cluster::{ClusterMessage, Relay};
use parsec_protocol::ids::{GreetingAttemptID, OrganizationID};
use parsec_protocol::invite::GreeterOrClaimer;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;
use tokio::sync::{watch, Notify};

type Key = (OrganizationID, GreetingAttemptID);

/// One attempt's wake-up channel and the requests held on it, oldest first per side.
#[derive(Debug)]
struct Entry {
    sender: watch::Sender<u64>,
    holds: [VecDeque<Hold>; 2],
}

#[derive(Debug)]
struct Hold {
    id: u64,
    release: Arc<Notify>,
}

fn side_index(side: GreeterOrClaimer) -> usize {
    match side {
        GreeterOrClaimer::Greeter => 0,
        GreeterOrClaimer::Claimer => 1,
    }
}

/// The attempts some request is waiting on.
#[derive(Debug)]
pub struct GreetingWaiters {
    channels: Mutex<HashMap<Key, Entry>>,
    max_held: usize,
    next_hold: std::sync::atomic::AtomicU64,
    /// Where the other processes learn about this one's wake-ups, if any.
    relay: OnceLock<Arc<dyn Relay>>,
}

impl Default for GreetingWaiters {
    fn default() -> Self {
        Self::new(crate::config::EventLimits::default().greeting_max_held_steps)
    }
}

/// Why [`Waiter::wait`] returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// Something changed: look again.
    Notified,
    /// The hold is over.
    TimedOut,
    /// A newer request of the same side took this one's place.
    Released,
}

/// A registration, made before reading the state so that no change is missed.
pub struct Waiter<'a> {
    registry: &'a GreetingWaiters,
    key: Key,
    receiver: Option<watch::Receiver<u64>>,
    /// Once holding: its side, ID and release signal.
    hold: Option<(usize, u64, Arc<Notify>)>,
}

impl GreetingWaiters {
    /// A registry holding at most `max_held` requests per attempt and side.
    pub fn new(max_held: usize) -> Self {
        Self {
            channels: Mutex::new(HashMap::new()),
            max_held: max_held.max(1),
            next_hold: std::sync::atomic::AtomicU64::new(0),
            relay: OnceLock::new(),
        }
    }

    fn channels(&self) -> MutexGuard<'_, HashMap<Key, Entry>> {
        // A map of channels cannot be left half-updated by a panic.
        self.channels.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Registers interest in an attempt.
    pub fn register(&self, org: &OrganizationID, attempt: GreetingAttemptID) -> Waiter<'_> {
        let key = (org.clone(), attempt);
        let mut receiver = self
            .channels()
            .entry(key.clone())
            .or_insert_with(|| Entry {
                sender: watch::channel(0).0,
                holds: Default::default(),
            })
            .sender
            .subscribe();
        receiver.mark_unchanged();
        Waiter {
            registry: self,
            key,
            receiver: Some(receiver),
            hold: None,
        }
    }

    /// Hands every wake-up from now on to `relay` as well (once; a second relay is
    /// ignored).
    pub fn set_relay(&self, relay: Arc<dyn Relay>) {
        let _ = self.relay.set(relay);
    }

    /// Wakes the requests held on `attempt` (a step was stored, or it was cancelled), in
    /// every process.
    pub fn notify(&self, org: &OrganizationID, attempt: GreetingAttemptID) {
        if let Some(relay) = self.relay.get() {
            relay.send(ClusterMessage::Greeting {
                org: org.as_str().to_owned(),
                attempt: attempt.hex(),
            });
        }
        self.notify_here(org, attempt);
    }

    /// Wakes the requests held on `attempt` in this process.
    pub fn notify_here(&self, org: &OrganizationID, attempt: GreetingAttemptID) {
        if let Some(entry) = self.channels().get(&(org.clone(), attempt)) {
            entry.sender.send_modify(|v| *v = v.wrapping_add(1));
        }
    }

    /// Wakes every request held in `org` (an invitation was deleted, a user revoked or
    /// its profile changed: they re-check everything), in every process.
    pub fn notify_organization(&self, org: &OrganizationID) {
        if let Some(relay) = self.relay.get() {
            relay.send(ClusterMessage::GreetingOrganization {
                org: org.as_str().to_owned(),
            });
        }
        self.notify_organization_here(org);
    }

    /// Wakes every request held in `org` in this process.
    pub fn notify_organization_here(&self, org: &OrganizationID) {
        for ((o, _), entry) in self.channels().iter() {
            if o == org {
                entry.sender.send_modify(|v| *v = v.wrapping_add(1));
            }
        }
    }

    /// Wakes every request held in this process (wake-ups from the others may have been
    /// lost).
    pub fn notify_all_here(&self) {
        for entry in self.channels().values() {
            entry.sender.send_modify(|v| *v = v.wrapping_add(1));
        }
    }

    /// How many requests are registered on `attempt` (for tests and diagnostics).
    pub fn waiting(&self, org: &OrganizationID, attempt: GreetingAttemptID) -> usize {
        self.channels()
            .get(&(org.clone(), attempt))
            .map_or(0, |e| e.sender.receiver_count())
    }

    /// How many requests are held on `attempt` by `side` (for tests and diagnostics).
    pub fn held(
        &self,
        org: &OrganizationID,
        attempt: GreetingAttemptID,
        side: GreeterOrClaimer,
    ) -> usize {
        self.channels()
            .get(&(org.clone(), attempt))
            .map_or(0, |e| e.holds[side_index(side)].len())
    }
}

impl Waiter<'_> {
    /// Takes a hold slot of `side` (once), releasing the oldest hold of that side when
    /// all are taken.
    pub fn hold(&mut self, side: GreeterOrClaimer) {
        if self.hold.is_some() {
            return;
        }
        let side = side_index(side);
        let id = self
            .registry
            .next_hold
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let release = Arc::new(Notify::new());
        let mut channels = self.registry.channels();
        let Some(entry) = channels.get_mut(&self.key) else {
            return;
        };
        let holds = &mut entry.holds[side];
        while holds.len() >= self.registry.max_held {
            if let Some(oldest) = holds.pop_front() {
                // Stored as a permit if that request is not waiting right now.
                oldest.release.notify_one();
            }
        }
        holds.push_back(Hold {
            id,
            release: release.clone(),
        });
        self.hold = Some((side, id, release));
    }

    /// Waits for a notification (one sent since the registration or the previous wake
    /// counts), a release, or until `remaining` has elapsed.
    pub async fn wait(&mut self, remaining: Duration) -> Wake {
        let release = self.hold.as_ref().map(|(_, _, r)| r.clone());
        let Some(receiver) = self.receiver.as_mut() else {
            return Wake::TimedOut;
        };
        let released = async {
            match &release {
                Some(release) => release.notified().await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = released => Wake::Released,
            r = tokio::time::timeout(remaining, receiver.changed()) => match r {
                Ok(Ok(())) => Wake::Notified,
                // The sender lives in the map as long as we hold a receiver.
                Ok(Err(_)) | Err(_) => Wake::TimedOut,
            },
        }
    }
}

impl Drop for Waiter<'_> {
    fn drop(&mut self) {
        drop(self.receiver.take());
        let mut channels = self.registry.channels();
        let Some(entry) = channels.get_mut(&self.key) else {
            return;
        };
        if let Some((side, id, _)) = self.hold.take() {
            entry.holds[side].retain(|h| h.id != id);
        }
        if entry.sender.receiver_count() == 0 {
            channels.remove(&self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn notified_then_cleaned_up() {
        let registry = GreetingWaiters::new(2);
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

    #[tokio::test]
    async fn a_newer_hold_releases_the_oldest_of_its_side() {
        let registry = GreetingWaiters::new(2);
        let org: OrganizationID = "Org".parse().expect("valid");
        let attempt = GreetingAttemptID::from_bytes([1; 16]);
        let claimer = GreeterOrClaimer::Claimer;
        let mut waiters: Vec<_> = (0..5).map(|_| registry.register(&org, attempt)).collect();
        for w in &mut waiters {
            w.hold(claimer);
        }
        let mut greeter = registry.register(&org, attempt);
        greeter.hold(GreeterOrClaimer::Greeter);
        assert_eq!(registry.held(&org, attempt, claimer), 2);
        assert_eq!(registry.held(&org, attempt, GreeterOrClaimer::Greeter), 1);
        for w in &mut waiters[..3] {
            assert_eq!(w.wait(Duration::from_secs(60)).await, Wake::Released);
        }
        for w in &mut waiters[3..] {
            assert_eq!(w.wait(Duration::from_millis(1)).await, Wake::TimedOut);
        }
        assert_eq!(greeter.wait(Duration::from_millis(1)).await, Wake::TimedOut);
        drop(waiters);
        assert_eq!(registry.held(&org, attempt, claimer), 0);
        drop(greeter);
        assert!(registry.channels().is_empty());
    }
}
