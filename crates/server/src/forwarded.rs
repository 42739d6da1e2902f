//! `--proxy-trusted-addresses`: the peers trusted to name the client of a request
//! (`X-Forwarded-For`) and its scheme (`X-Forwarded-Proto`), with the rules of uvicorn's
//! `ProxyHeadersMiddleware`, which the official server uses (`forwarded_allow_ips`).
//!
//! - The setting is a comma-separated list of IP addresses, IP networks (CIDR) and
//!   literals (such as `unix:/run/parsec.sock`, which never match a TCP peer); `*` trusts
//!   every peer. Without it, the `FORWARDED_ALLOW_IPS` environment variable is used, and
//!   without that, `127.0.0.1`.
//! - When the connection's peer is trusted, `X-Forwarded-For` is read from the right (each
//!   proxy appends the address it received the request from): trusted entries are
//!   skipped, the first untrusted one is the client; when all are trusted, the leftmost
//!   is. With `*`, the leftmost entry is the client.
//! - `X-Forwarded-Proto` from a trusted peer (`http`, `https`, `ws` or `wss`) gives the
//!   scheme of the client's request.
//!
//! Differences: an entry that looks like an address but is not a valid one (such as
//! `10.0.0.300` or `10.0.0.1/8`) is a startup error rather than a literal that never
//! matches; IPv4-mapped IPv6 addresses (`::ffff:127.0.0.1`) are compared as the IPv4
//! address; at most [`MAX_FORWARDED_ENTRIES`] entries of `X-Forwarded-For` are examined,
//! and a header that needs more, or whose examined entries include one that is neither an
//! address nor a trusted literal, leaves the client at the peer's address.

use axum::http::HeaderMap;
use std::net::IpAddr;

/// `X-Forwarded-For` entries examined at most, from the right: far more than any chain of
/// proxies, few enough that a header of thousands of entries costs nothing.
pub const MAX_FORWARDED_ENTRIES: usize = 32;

/// The default when neither the option nor `FORWARDED_ALLOW_IPS` is set (as uvicorn).
pub const DEFAULT_TRUSTED: &str = "127.0.0.1";

/// An entry of `--proxy-trusted-addresses` that is not an address, a network or a literal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{entry}` is {reason}")]
pub struct InvalidEntry {
    /// The entry, as given.
    pub entry: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

/// An IP network: the addresses whose first `prefix` bits are those of `addr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Network {
    addr: IpAddr,
    prefix: u8,
}

impl Network {
    fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// The peers trusted with proxy headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedProxies {
    /// `*`: every peer.
    all: bool,
    hosts: Vec<IpAddr>,
    networks: Vec<Network>,
    literals: Vec<String>,
}

impl Default for TrustedProxies {
    /// [`DEFAULT_TRUSTED`].
    fn default() -> Self {
        Self::parse(DEFAULT_TRUSTED).expect("the default is valid")
    }
}

/// Whether `entry` is made of the characters of IP addresses and networks only (so it
/// was meant as one), rather than being a literal such as `unix:/run/parsec.sock`.
fn looks_like_an_address(entry: &str) -> bool {
    entry
        .chars()
        .all(|c| c.is_ascii_hexdigit() || matches!(c, '.' | ':' | '/' | '[' | ']'))
}

/// `::ffff:1.2.3.4` as `1.2.3.4`; other addresses as they are.
fn canonical(ip: IpAddr) -> IpAddr {
    ip.to_canonical()
}

fn parse_ip(raw: &str) -> Option<IpAddr> {
    let raw = raw
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .unwrap_or(raw);
    raw.parse().ok()
}

fn parse_network(entry: &str) -> Result<Network, InvalidEntry> {
    let invalid = |reason| InvalidEntry {
        entry: entry.to_owned(),
        reason,
    };
    let (addr, prefix) = entry.split_once('/').expect("a network has a slash");
    let addr = parse_ip(addr).ok_or_else(|| invalid("not a valid IP network"))?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let prefix: u8 = prefix
        .parse()
        .ok()
        .filter(|p| *p <= max)
        .ok_or_else(|| invalid("not a valid IP network (bad prefix length)"))?;
    let network = Network { addr, prefix };
    // As Python's `ip_network`: `10.0.0.1/8` is refused (the official server would take
    // it for a literal, which never matches).
    if !network.has_no_host_bits() {
        return Err(invalid(
            "not a valid IP network (bits set after the prefix)",
        ));
    }
    Ok(network)
}

impl Network {
    fn has_no_host_bits(&self) -> bool {
        match self.addr {
            IpAddr::V4(a) => {
                let host = u32::MAX.checked_shr(u32::from(self.prefix)).unwrap_or(0);
                u32::from(a) & host == 0
            }
            IpAddr::V6(a) => {
                let host = u128::MAX.checked_shr(u32::from(self.prefix)).unwrap_or(0);
                u128::from(a) & host == 0
            }
        }
    }
}

impl TrustedProxies {
    /// Parses a comma-separated list of IP addresses, IP networks and literals, or `*`.
    /// Empty entries are skipped.
    pub fn parse(raw: &str) -> Result<Self, InvalidEntry> {
        let mut out = Self {
            all: false,
            hosts: Vec::new(),
            networks: Vec::new(),
            literals: Vec::new(),
        };
        for entry in raw.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            if entry == "*" {
                out.all = true;
            } else if !looks_like_an_address(entry) {
                out.literals.push(entry.to_owned());
            } else if entry.contains('/') {
                out.networks.push(parse_network(entry)?);
            } else {
                let ip = parse_ip(entry).ok_or_else(|| InvalidEntry {
                    entry: entry.to_owned(),
                    reason: "not a valid IP address",
                })?;
                out.hosts.push(canonical(ip));
            }
        }
        Ok(out)
    }

    /// Whether every peer is trusted (`*`).
    pub fn trusts_all(&self) -> bool {
        self.all
    }

    /// The literals (entries that are neither addresses nor networks): they never match a
    /// TCP peer, only `X-Forwarded-For` entries written the same way.
    pub fn literals(&self) -> &[String] {
        &self.literals
    }

    /// Whether `ip` is trusted.
    pub fn trusts(&self, ip: IpAddr) -> bool {
        if self.all {
            return true;
        }
        let ip = canonical(ip);
        self.hosts.contains(&ip) || self.networks.iter().any(|n| n.contains(ip))
    }

    /// The client of a request that arrived from `peer` with `headers`: the address and,
    /// when a trusted peer says so, the scheme.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> Client {
        if !self.trusts(peer) {
            return Client::direct(peer);
        }
        let values = headers.get_all("x-forwarded-for");
        let ip = if values.iter().next().is_none() {
            peer
        } else {
            // Not visible ASCII: malformed.
            let values: Option<Vec<&str>> = values.iter().map(|v| v.to_str().ok()).collect();
            values
                .and_then(|v| self.forwarded_client(&v))
                .unwrap_or(peer)
        };
        let https = headers
            .get_all("x-forwarded-proto")
            .iter()
            .next_back()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| match v.trim().to_ascii_lowercase().as_str() {
                "https" | "wss" => Some(true),
                "http" | "ws" => Some(false),
                _ => None,
            });
        Client {
            ip,
            peer,
            forwarded_https: https,
        }
    }

    /// The client named by the `X-Forwarded-For` header `values` (in the order of the
    /// request) of a trusted peer, or `None` when they do not name one: empty, malformed
    /// or longer than [`MAX_FORWARDED_ENTRIES`] untrusted-free entries.
    pub fn forwarded_client(&self, values: &[&str]) -> Option<IpAddr> {
        if self.all {
            let first = values.first()?.split(',').next()?;
            return forwarded_ip(first);
        }
        let mut entries = values.iter().rev().flat_map(|v| v.rsplit(','));
        let mut leftmost = None;
        for entry in entries.by_ref().take(MAX_FORWARDED_ENTRIES) {
            let entry = entry.trim();
            match forwarded_ip(entry) {
                Some(ip) if self.trusts(ip) => leftmost = Some(canonical(ip)),
                Some(ip) => return Some(canonical(ip)),
                None if self.literals.iter().any(|l| l == entry) => leftmost = None,
                None => return None,
            }
        }
        match entries.next() {
            // Every entry is trusted: the leftmost one is the client (a proxy talking for
            // itself).
            None => leftmost,
            // More entries than any real chain of proxies.
            Some(_) => None,
        }
    }
}

/// An `X-Forwarded-For` entry: an IP address, possibly with a port (`1.2.3.4:5678`,
/// `[2001:db8::1]:5678`) or in brackets.
fn forwarded_ip(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    if let Ok(ip) = entry.parse() {
        return Some(ip);
    }
    if let Some(rest) = entry.strip_prefix('[') {
        let (ip, after) = rest.split_once(']')?;
        if after.is_empty() || after.strip_prefix(':')?.parse::<u16>().is_ok() {
            return ip.parse().ok();
        }
        return None;
    }
    let (ip, port) = entry.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    ip.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

/// Who made a request, per request (in its extensions, next to the connection's
/// [`crate::serve::PeerAddr`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Client {
    /// The client's address: the peer's, or the one a trusted proxy named.
    pub ip: IpAddr,
    /// The connection's peer (the proxy, when there is one).
    pub peer: IpAddr,
    /// `X-Forwarded-Proto` of a trusted peer: `Some(true)` for `https`.
    pub forwarded_https: Option<bool>,
}

impl Client {
    /// A client connected directly (no trusted proxy).
    pub fn direct(peer: IpAddr) -> Self {
        Self {
            ip: peer,
            peer,
            forwarded_https: None,
        }
    }

    /// Whether the address comes from a proxy header.
    pub fn is_forwarded(&self) -> bool {
        self.ip != self.peer
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("an IP address")
    }

    fn trusted(raw: &str) -> TrustedProxies {
        TrustedProxies::parse(raw).expect("valid")
    }

    #[test]
    fn parses_addresses_networks_literals_and_star() {
        let t = trusted(" 10.0.0.1, 192.168.0.0/16 ,2001:db8::/32,[::1],unix:/run/p.sock,,");
        assert!(!t.trusts_all());
        assert!(t.trusts(ip("10.0.0.1")));
        assert!(!t.trusts(ip("10.0.0.2")));
        assert!(t.trusts(ip("192.168.44.3")));
        assert!(!t.trusts(ip("192.169.0.1")));
        assert!(t.trusts(ip("2001:db8:1::5")));
        assert!(!t.trusts(ip("2001:db9::5")));
        assert!(t.trusts(ip("::1")));
        assert!(!t.trusts(ip("127.0.0.1")));
        assert_eq!(t.literals(), ["unix:/run/p.sock"]);
        assert!(trusted("*").trusts(ip("203.0.113.9")));
        assert!(trusted("10.0.0.1, *").trusts_all());
        assert!(trusted("0.0.0.0/0").trusts(ip("203.0.113.9")));
        assert!(!trusted("").trusts(ip("127.0.0.1")));
    }

    #[test]
    fn the_default_trusts_ipv4_localhost_only() {
        let t = TrustedProxies::default();
        assert!(t.trusts(ip("127.0.0.1")));
        assert!(t.trusts(ip("::ffff:127.0.0.1")));
        assert!(!t.trusts(ip("127.0.0.2")));
        assert!(!t.trusts(ip("::1")));
    }

    #[test]
    fn invalid_entries_are_named() {
        for (raw, entry) in [
            ("10.0.0.1, 10.0.0.300", "10.0.0.300"),
            ("10.0.0.0/33", "10.0.0.0/33"),
            ("10.0.0.1/8", "10.0.0.1/8"),
            ("10.0.0.0/a8", "10.0.0.0/a8"),
            ("10.0.0.0/", "10.0.0.0/"),
            ("::1::2", "::1::2"),
            ("fe80::/129", "fe80::/129"),
            ("cafe", "cafe"),
        ] {
            let err = TrustedProxies::parse(raw).expect_err(raw);
            assert_eq!(err.entry, entry);
            assert!(err
                .to_string()
                .starts_with(&format!("`{entry}` is not a valid IP")));
        }
    }

    fn walk(t: &TrustedProxies, values: &[&str]) -> Option<IpAddr> {
        t.forwarded_client(values)
    }

    #[test]
    fn the_walk_goes_right_to_left_skipping_trusted_proxies() {
        let t = trusted("127.0.0.1, 10.0.0.0/8");
        // The first untrusted entry from the right is the client: entries further left
        // were written by the client itself.
        assert_eq!(
            walk(&t, &["198.51.100.7, 203.0.113.5, 10.1.2.3"]),
            Some(ip("203.0.113.5"))
        );
        // Several header lines read as one list, in order.
        assert_eq!(
            walk(&t, &["198.51.100.7", "203.0.113.5", "10.1.2.3, 127.0.0.1"]),
            Some(ip("203.0.113.5"))
        );
        // All trusted: the leftmost.
        assert_eq!(walk(&t, &["10.9.9.9, 10.1.2.3"]), Some(ip("10.9.9.9")));
        // Ports and brackets.
        assert_eq!(walk(&t, &["203.0.113.5:4711"]), Some(ip("203.0.113.5")));
        assert_eq!(walk(&t, &["[2001:db8::5]:4711"]), Some(ip("2001:db8::5")));
        assert_eq!(walk(&t, &["[2001:db8::5]"]), Some(ip("2001:db8::5")));
        assert_eq!(walk(&t, &["2001:db8::5"]), Some(ip("2001:db8::5")));
        // Garbage left of the client is never examined.
        assert_eq!(walk(&t, &["unknown, 203.0.113.5"]), Some(ip("203.0.113.5")));
        // Malformed or empty before an untrusted entry: no client (the peer stays).
        assert_eq!(walk(&t, &["203.0.113.5, unknown"]), None);
        assert_eq!(walk(&t, &["203.0.113.5, , 10.1.2.3"]), None);
        assert_eq!(walk(&t, &[""]), None);
        assert_eq!(walk(&t, &[]), None);
    }

    #[test]
    fn trusted_literals_are_skipped() {
        let t = trusted("127.0.0.1, unix:/run/p.sock");
        assert_eq!(
            walk(&t, &["203.0.113.5, unix:/run/p.sock"]),
            Some(ip("203.0.113.5"))
        );
        assert_eq!(walk(&t, &["unix:/run/p.sock"]), None);
    }

    #[test]
    fn star_takes_the_leftmost_entry() {
        let t = trusted("*");
        assert_eq!(
            walk(&t, &["198.51.100.7, 203.0.113.5", "10.1.2.3"]),
            Some(ip("198.51.100.7"))
        );
        assert_eq!(walk(&t, &["unknown, 203.0.113.5"]), None);
    }

    #[test]
    fn long_headers_are_bounded() {
        let t = trusted("10.0.0.0/8");
        let chain = |n: usize| vec!["10.0.0.1"; n].join(", ");
        // 32 trusted entries: the leftmost is the client.
        assert_eq!(walk(&t, &[&chain(32)]), Some(ip("10.0.0.1")));
        // Beyond, whatever the rest: no client.
        let long = format!("203.0.113.5, {}", chain(32));
        assert_eq!(walk(&t, &[&long]), None);
        let huge = format!("{}, 203.0.113.5", chain(100_000));
        let start = std::time::Instant::now();
        assert_eq!(walk(&t, &[&huge]), Some(ip("203.0.113.5")));
        let huge = format!("203.0.113.5, {}", chain(100_000));
        assert_eq!(walk(&t, &[&huge]), None);
        // Reading a few entries from the right, not the whole header.
        assert!(start.elapsed() < std::time::Duration::from_secs(1));
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.append(*name, HeaderValue::from_str(value).expect("value"));
        }
        h
    }

    #[test]
    fn only_trusted_peers_are_believed() {
        let t = trusted("127.0.0.1");
        let h = headers(&[
            ("x-forwarded-for", "203.0.113.5"),
            ("x-forwarded-proto", "https"),
        ]);
        let via_proxy = t.client(ip("127.0.0.1"), &h);
        assert_eq!(via_proxy.ip, ip("203.0.113.5"));
        assert_eq!(via_proxy.peer, ip("127.0.0.1"));
        assert_eq!(via_proxy.forwarded_https, Some(true));
        assert!(via_proxy.is_forwarded());
        assert_eq!(
            t.client(ip("198.51.100.1"), &h),
            Client::direct(ip("198.51.100.1"))
        );
        // No header, or a malformed one: the peer.
        assert_eq!(
            t.client(ip("127.0.0.1"), &HeaderMap::new()),
            Client::direct(ip("127.0.0.1"))
        );
        let bad = t.client(ip("127.0.0.1"), &headers(&[("x-forwarded-for", "nope")]));
        assert_eq!(bad.ip, ip("127.0.0.1"));
        // The last X-Forwarded-Proto; unknown schemes are ignored.
        let h = headers(&[
            ("x-forwarded-proto", "https"),
            ("x-forwarded-proto", "http"),
        ]);
        assert_eq!(t.client(ip("127.0.0.1"), &h).forwarded_https, Some(false));
        let h = headers(&[("x-forwarded-proto", "gopher")]);
        assert_eq!(t.client(ip("127.0.0.1"), &h).forwarded_https, None);
    }
}
