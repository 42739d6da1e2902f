//! The global and per-IP caps on open connections (`--max-connections`,
//! `--max-connections-per-ip`).

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::{Arc, Mutex, MutexGuard};

/// Open connections, in total and per peer; [`ConnCaps::try_acquire`] counts one more.
#[derive(Debug)]
pub struct ConnCaps {
    max_total: Option<usize>,
    max_per_ip: Option<usize>,
    open: Mutex<Open>,
}

#[derive(Debug, Default)]
struct Open {
    total: usize,
    per_ip: HashMap<IpAddr, usize>,
}

/// Why a connection was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Refused {
    /// `--max-connections` reached.
    #[error("--max-connections ({0}) reached")]
    Total(usize),
    /// `--max-connections-per-ip` reached for this peer.
    #[error("--max-connections-per-ip ({0}) reached")]
    PerIp(usize),
}

impl Refused {
    /// A short name, to rate-limit log lines per kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Total(_) => "max-connections",
            Self::PerIp(_) => "max-connections-per-ip",
        }
    }
}

/// One counted connection; uncounted when dropped.
#[derive(Debug)]
pub struct ConnGuard {
    caps: Arc<ConnCaps>,
    key: IpAddr,
}

impl ConnCaps {
    /// Caps of `max_total` connections, `max_per_ip` per peer (`None`: no cap).
    pub fn new(max_total: Option<usize>, max_per_ip: Option<usize>) -> Self {
        Self {
            max_total,
            max_per_ip,
            open: Mutex::new(Open::default()),
        }
    }

    /// Counts a connection from `ip`, unless a cap is reached.
    pub fn try_acquire(self: &Arc<Self>, ip: IpAddr) -> Result<ConnGuard, Refused> {
        let key = peer_key(ip);
        let mut open = self.lock();
        if let Some(max) = self.max_total {
            if open.total >= max {
                return Err(Refused::Total(max));
            }
        }
        if let Some(max) = self.max_per_ip {
            if open.per_ip.get(&key).is_some_and(|n| *n >= max) {
                return Err(Refused::PerIp(max));
            }
        }
        *open.per_ip.entry(key).or_insert(0) += 1;
        open.total += 1;
        Ok(ConnGuard {
            caps: Arc::clone(self),
            key,
        })
    }

    /// Connections open now.
    pub fn open(&self) -> usize {
        self.lock().total
    }

    fn lock(&self) -> MutexGuard<'_, Open> {
        // The counts stay consistent even if a holder panicked: each update is one step.
        self.open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Drop for ConnGuard {
    fn drop(&mut self) {
        let mut open = self.caps.lock();
        open.total = open.total.saturating_sub(1);
        if let Some(n) = open.per_ip.get_mut(&self.key) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.per_ip.remove(&self.key);
            }
        }
    }
}

/// The unit of the per-IP cap: the address in IPv4 (IPv4-mapped IPv6 included), the /64
/// network in IPv6, the smallest block a host usually gets.
pub fn peer_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(Ipv6Addr::from(
                u128::from(v6) & 0xffff_ffff_ffff_ffff_0000_0000_0000_0000,
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("IP address")
    }

    #[test]
    fn per_ip_then_total() {
        let caps = Arc::new(ConnCaps::new(Some(3), Some(2)));
        let a1 = caps.try_acquire(ip("192.0.2.1")).expect("first");
        let _a2 = caps.try_acquire(ip("::ffff:192.0.2.1")).expect("second");
        assert_eq!(
            caps.try_acquire(ip("192.0.2.1")).err(),
            Some(Refused::PerIp(2))
        );
        let _b1 = caps.try_acquire(ip("2001:db8::1")).expect("other peer");
        assert_eq!(
            caps.try_acquire(ip("2001:db8::2")).err(),
            Some(Refused::Total(3))
        );
        drop(a1);
        assert_eq!(caps.open(), 2);
        let _b2 = caps.try_acquire(ip("2001:db8::2")).expect("room again");
        assert_eq!(
            caps.try_acquire(ip("2001:db8::3")).err(),
            Some(Refused::Total(3))
        );
    }

    #[test]
    fn no_caps() {
        let caps = Arc::new(ConnCaps::new(None, None));
        let guards: Vec<_> = (0..1000)
            .map(|_| caps.try_acquire(ip("127.0.0.1")).expect("no cap"))
            .collect();
        assert_eq!(caps.open(), 1000);
        drop(guards);
        assert_eq!(caps.open(), 0);
        assert!(caps.lock().per_ip.is_empty());
    }

    #[test]
    fn ipv6_is_counted_per_64() {
        assert_eq!(peer_key(ip("2001:db8:1:2:3::4")), ip("2001:db8:1:2::"));
        assert_eq!(peer_key(ip("::ffff:10.0.0.1")), ip("10.0.0.1"));
    }
}
