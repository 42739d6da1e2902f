//! Throttle of wrong administration tokens (`--admin-max-failures`,
//! `--admin-failure-window`): after that many wrong tokens from one IP address within a
//! window, its administration requests are answered 429 with `Retry-After` until the
//! window ends, without the token even being compared. Unthrottled, a client could try
//! thousands of tokens a second.
//!
//! Peers are counted like the per-IP connection cap ([`crate::serve::peer_key`]). Behind
//! a reverse proxy every request comes from the proxy, so one client's failures throttle
//! everyone's administration requests for a window: the administration token holder is
//! then locked out for at most `--admin-failure-window`.

use crate::serve::peer_key;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Above this many tracked peers, expired entries are dropped on the next failure.
const PRUNE_ABOVE: usize = 4096;

/// Wrong tokens per peer in the current window.
#[derive(Debug)]
pub struct AdminThrottle {
    max_failures: Option<u32>,
    window: Duration,
    peers: Mutex<HashMap<Option<IpAddr>, Failures>>,
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    since: Instant,
    count: u32,
}

impl AdminThrottle {
    /// Blocks a peer after `max_failures` wrong tokens within `window` (`None`: never).
    pub fn new(max_failures: Option<u32>, window: Duration) -> Self {
        Self {
            max_failures,
            window,
            peers: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<Option<IpAddr>, Failures>> {
        // Entries are replaced whole: a poisoned map is still consistent.
        self.peers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// How long `peer` must still wait, if it is blocked now. `None` is a request
    /// without a known peer (tests driving the router directly).
    pub fn blocked(&self, peer: Option<IpAddr>) -> Option<Duration> {
        self.blocked_at(peer, Instant::now())
    }

    fn blocked_at(&self, peer: Option<IpAddr>, now: Instant) -> Option<Duration> {
        let max = self.max_failures?;
        let f = *self.lock().get(&peer.map(peer_key))?;
        let ends = f.since + self.window;
        (f.count >= max && now < ends).then(|| ends - now)
    }

    /// Counts a wrong token from `peer`; returns the failures of its current window.
    pub fn failed(&self, peer: Option<IpAddr>) -> u32 {
        self.failed_at(peer, Instant::now())
    }

    fn failed_at(&self, peer: Option<IpAddr>, now: Instant) -> u32 {
        let window = self.window;
        let mut peers = self.lock();
        if peers.len() > PRUNE_ABOVE {
            peers.retain(|_, f| now < f.since + window);
        }
        let f = peers.entry(peer.map(peer_key)).or_insert(Failures {
            since: now,
            count: 0,
        });
        if now >= f.since + window {
            *f = Failures {
                since: now,
                count: 0,
            };
        }
        f.count = f.count.saturating_add(1);
        f.count
    }

    /// Forgets `peer`'s failures (it just gave the right token).
    pub fn succeeded(&self, peer: Option<IpAddr>) {
        let mut peers = self.lock();
        if !peers.is_empty() {
            peers.remove(&peer.map(peer_key));
        }
    }

    /// `--admin-max-failures`.
    pub fn max_failures(&self) -> Option<u32> {
        self.max_failures
    }

    /// `--admin-failure-window`.
    pub fn window(&self) -> Duration {
        self.window
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_max_failures_until_the_window_ends() {
        let throttle = AdminThrottle::new(Some(3), Duration::from_secs(60));
        let a = Some(IpAddr::from([192, 0, 2, 1]));
        let b = Some(IpAddr::from([192, 0, 2, 2]));
        for expected in 1..=3 {
            assert_eq!(throttle.blocked(a), None);
            assert_eq!(throttle.failed(a), expected);
        }
        let wait = throttle.blocked(a).expect("blocked");
        assert!(wait > Duration::from_secs(59) && wait <= Duration::from_secs(60));
        assert_eq!(throttle.blocked(b), None);
        throttle.succeeded(a);
        assert_eq!(throttle.blocked(a), None);
    }

    #[test]
    fn a_new_window_starts_afresh() {
        let throttle = AdminThrottle::new(Some(2), Duration::from_secs(60));
        let start = Instant::now();
        assert_eq!(throttle.failed_at(None, start), 1);
        assert_eq!(throttle.failed_at(None, start), 2);
        assert!(throttle.blocked_at(None, start).is_some());
        let later = start + Duration::from_secs(60);
        assert_eq!(throttle.blocked_at(None, later), None);
        assert_eq!(throttle.failed_at(None, later), 1);
        assert_eq!(throttle.blocked_at(None, later), None);
        let off = AdminThrottle::new(None, Duration::from_secs(60));
        for _ in 0..100 {
            off.failed(None);
        }
        assert_eq!(off.blocked(None), None);
    }
}
