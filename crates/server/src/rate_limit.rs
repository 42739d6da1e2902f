//! Token buckets per key: how often one device or one invitation may make the server
//! publish events (`--events-publish-rate`, `--events-publish-burst`).

use parsec_protocol::ids::{AccessToken, DeviceID, OrganizationID};
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Who makes the server publish an event.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Publisher {
    /// An authenticated device (`invite_new_user`, `invite_new_device`).
    Device(OrganizationID, DeviceID),
    /// The holder of an invitation token (claimer step 0 answered `not_ready`).
    Invitation(OrganizationID, AccessToken),
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// A token bucket per key: `burst` calls at once, then `rate` per second.
#[derive(Debug)]
pub struct RateLimiter<K> {
    rate: f64,
    burst: f64,
    buckets: Mutex<Buckets<K>>,
}

#[derive(Debug)]
struct Buckets<K> {
    map: HashMap<K, Bucket>,
    /// Full buckets are forgotten when the map reaches this size.
    prune_at: usize,
}

const MIN_PRUNE_AT: usize = 1024;

impl<K: Hash + Eq + Clone> RateLimiter<K> {
    /// `rate` calls per second on average (zero or less: no limit), `burst` at once.
    pub fn new(rate: f64, burst: u32) -> Self {
        Self {
            rate: if rate.is_finite() { rate.max(0.0) } else { 0.0 },
            burst: f64::from(burst.max(1)),
            buckets: Mutex::new(Buckets {
                map: HashMap::new(),
                prune_at: MIN_PRUNE_AT,
            }),
        }
    }

    fn buckets(&self) -> MutexGuard<'_, Buckets<K>> {
        // A bucket update is a single assignment: nothing is left half-done.
        self.buckets.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes one token for `key`, or says how long to wait for the next one.
    pub fn check(&self, key: &K) -> Result<(), Duration> {
        self.check_at(key, Instant::now())
    }

    /// [`RateLimiter::check`] at `now`.
    pub fn check_at(&self, key: &K, now: Instant) -> Result<(), Duration> {
        if self.rate == 0.0 {
            return Ok(());
        }
        let (rate, burst) = (self.rate, self.burst);
        let refill = |b: &Bucket| {
            (b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * rate).min(burst)
        };
        let mut buckets = self.buckets();
        if buckets.map.len() >= buckets.prune_at {
            buckets.map.retain(|_, b| refill(b) < burst);
            buckets.prune_at = (buckets.map.len() * 2).max(MIN_PRUNE_AT);
        }
        let bucket = buckets.map.entry(key.clone()).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        let tokens = refill(bucket);
        if tokens >= 1.0 {
            *bucket = Bucket {
                tokens: tokens - 1.0,
                at: now,
            };
            Ok(())
        } else {
            *bucket = Bucket { tokens, at: now };
            Err(Duration::from_secs_f64((1.0 - tokens) / rate))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_rate() {
        let limiter = RateLimiter::new(2.0, 3);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check_at(&"a", t0).is_ok());
        }
        let wait = limiter.check_at(&"a", t0).expect_err("burst spent");
        assert!(wait <= Duration::from_millis(500), "{wait:?}");
        // Another key has its own bucket.
        assert!(limiter.check_at(&"b", t0).is_ok());
        // Half a second later: one token back.
        let t1 = t0 + Duration::from_millis(500);
        assert!(limiter.check_at(&"a", t1).is_ok());
        assert!(limiter.check_at(&"a", t1).is_err());
    }

    #[test]
    fn zero_rate_disables_and_full_buckets_are_forgotten() {
        let unlimited = RateLimiter::new(0.0, 1);
        for _ in 0..100 {
            assert!(unlimited.check(&1u32).is_ok());
        }
        let limiter = RateLimiter::new(1000.0, 1);
        let t0 = Instant::now();
        for k in 0..MIN_PRUNE_AT as u32 {
            assert!(limiter.check_at(&k, t0).is_ok());
        }
        // A second later every bucket is full again: they are dropped.
        assert!(limiter
            .check_at(&u32::MAX, t0 + Duration::from_secs(1))
            .is_ok());
        assert!(limiter.buckets().map.len() <= 1);
    }
}
