//! Prometheus metrics, served on their own listen address (`--metrics-addr`), never on
//! the public one: requests by family and status, latency histograms by family, held
//! greeting steps, open event streams and the database connection pools.
//!
//! The counters are always kept (a few atomic additions per request); the text is only
//! rendered when `/metrics` is scraped.

use crate::credential_cache::CacheStats;
use crate::storage::{GroupCommitStats, PoolStats, StorageCaches};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use std::time::Duration;

/// Labels of the request counter.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    family: String,
    status: String,
}

/// Label of the latency histogram.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct FamilyLabel {
    family: String,
}

/// Label of the pool gauges.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabel {
    pool: String,
}

/// Latency buckets, in seconds: 0.25 ms to ~8 s, doubling.
fn latency_histogram() -> Histogram {
    Histogram::new(prometheus_client::metrics::histogram::exponential_buckets(
        0.000_25, 2.0, 16,
    ))
}

/// The server's metrics.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<FamilyLabel, Histogram, fn() -> Histogram>,
    held_steps: Gauge,
    open_streams: Gauge,
    pool_connections: Family<PoolLabel, Gauge>,
    pool_idle: Family<PoolLabel, Gauge>,
    pool_max: Family<PoolLabel, Gauge>,
    group_commits: Counter,
    group_committed: Counter,
    auth_cache_hits: Counter,
    auth_cache_misses: Counter,
    auth_cache_entries: Gauge,
    users_cache_hits: Counter,
    users_cache_misses: Counter,
    certificates_cache_hits: Counter,
    certificates_cache_misses: Counter,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Empty metrics.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("parsec");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "Answered HTTP requests, by family of route and status",
            requests.clone(),
        );
        let latency = Family::<FamilyLabel, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        registry.register(
            "http_request_duration_seconds",
            "Time until the answer's headers, by family of route (a held greeting step \
             counts its hold; an event stream only its opening)",
            latency.clone(),
        );
        let held_steps = Gauge::default();
        registry.register(
            "held_greeting_steps",
            "Greeting step requests held until the peer moves (long polls)",
            held_steps.clone(),
        );
        let open_streams = Gauge::default();
        registry.register(
            "open_event_streams",
            "Open server-sent event streams",
            open_streams.clone(),
        );
        let pool_connections = Family::<PoolLabel, Gauge>::default();
        registry.register(
            "db_pool_connections",
            "Open database connections, by pool",
            pool_connections.clone(),
        );
        let pool_idle = Family::<PoolLabel, Gauge>::default();
        registry.register(
            "db_pool_idle_connections",
            "Open database connections waiting for work, by pool",
            pool_idle.clone(),
        );
        let pool_max = Family::<PoolLabel, Gauge>::default();
        registry.register(
            "db_pool_max_connections",
            "The most connections a pool opens",
            pool_max.clone(),
        );
        let group_commits = Counter::default();
        registry.register(
            "db_commits",
            "SQLite: commits of write transactions (each syncs the log once; 0 on PostgreSQL)",
            group_commits.clone(),
        );
        let group_committed = Counter::default();
        registry.register(
            "db_committed_transactions",
            "SQLite: write transactions committed (several may share one commit; 0 on \
             PostgreSQL)",
            group_committed.clone(),
        );
        let auth_cache_hits = Counter::default();
        registry.register(
            "auth_cache_hits",
            "Authenticated requests whose device look-up was kept in memory",
            auth_cache_hits.clone(),
        );
        let auth_cache_misses = Counter::default();
        registry.register(
            "auth_cache_misses",
            "Authenticated requests whose device was looked up in the database",
            auth_cache_misses.clone(),
        );
        let auth_cache_entries = Gauge::default();
        registry.register(
            "auth_cache_entries",
            "Device look-ups kept in memory (--auth-cache-entries)",
            auth_cache_entries.clone(),
        );
        let users_cache_hits = Counter::default();
        registry.register(
            "users_cache_hits",
            "PostgreSQL: reads of an organization's users answered from memory \
             (--db-users-cache)",
            users_cache_hits.clone(),
        );
        let users_cache_misses = Counter::default();
        registry.register(
            "users_cache_misses",
            "PostgreSQL: reads of an organization's users that went to the database",
            users_cache_misses.clone(),
        );
        let certificates_cache_hits = Counter::default();
        registry.register(
            "certificates_cache_hits",
            "PostgreSQL: certificate_get answered from the certificates kept in memory \
             (--db-certificates-cache)",
            certificates_cache_hits.clone(),
        );
        let certificates_cache_misses = Counter::default();
        registry.register(
            "certificates_cache_misses",
            "PostgreSQL: certificate_get that read the common topic from the database",
            certificates_cache_misses.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            held_steps,
            open_streams,
            pool_connections,
            pool_idle,
            pool_max,
            group_commits,
            group_committed,
            auth_cache_hits,
            auth_cache_misses,
            auth_cache_entries,
            users_cache_hits,
            users_cache_misses,
            certificates_cache_hits,
            certificates_cache_misses,
        }
    }

    /// Counts one answered request.
    pub fn observe(&self, family: &'static str, status: u16, elapsed: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                family: family.to_owned(),
                status: status.to_string(),
            })
            .inc();
        self.latency
            .get_or_create(&FamilyLabel {
                family: family.to_owned(),
            })
            .observe(elapsed.as_secs_f64());
    }

    /// Counts a held greeting step until the guard is dropped.
    pub fn held_step(&self) -> GaugeGuard {
        GaugeGuard::new(self.held_steps.clone())
    }

    /// Counts an open event stream until the guard is dropped.
    pub fn open_stream(&self) -> GaugeGuard {
        GaugeGuard::new(self.open_streams.clone())
    }

    /// The Prometheus text exposition, with the pools, the commit counts and the
    /// caches as they are now.
    pub fn render(
        &self,
        pools: &[PoolStats],
        commits: Option<GroupCommitStats>,
        auth_cache: CacheStats,
        caches: Option<StorageCaches>,
    ) -> String {
        // The storage and the caches keep the totals; the counters catch up with them.
        let mut totals = vec![
            (&self.auth_cache_hits, auth_cache.hits),
            (&self.auth_cache_misses, auth_cache.misses),
        ];
        let caches = caches.unwrap_or_default();
        if let Some(users) = caches.users {
            totals.push((&self.users_cache_hits, users.hits));
            totals.push((&self.users_cache_misses, users.misses));
        }
        if let Some(certificates) = caches.certificates {
            totals.push((&self.certificates_cache_hits, certificates.hits));
            totals.push((&self.certificates_cache_misses, certificates.misses));
        }
        if let Some(commits) = commits {
            totals.push((&self.group_commits, commits.commits));
            totals.push((&self.group_committed, commits.transactions));
        }
        for (counter, total) in totals {
            counter.inc_by(total.saturating_sub(counter.get()));
        }
        self.auth_cache_entries
            .set(i64::try_from(auth_cache.entries).unwrap_or(i64::MAX));
        for pool in pools {
            let label = PoolLabel {
                pool: pool.role.to_owned(),
            };
            self.pool_connections
                .get_or_create(&label)
                .set(i64::from(pool.size));
            self.pool_idle
                .get_or_create(&label)
                .set(i64::from(pool.idle));
            self.pool_max.get_or_create(&label).set(i64::from(pool.max));
        }
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)
            .expect("writing to a String does not fail");
        out
    }
}

/// Adds one to a gauge while alive.
#[derive(Debug)]
pub struct GaugeGuard(Gauge);

impl GaugeGuard {
    fn new(gauge: Gauge) -> Self {
        gauge.inc();
        Self(gauge)
    }
}

impl Drop for GaugeGuard {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// The family of a request path, as counted: the RPC families, `events` (the SSE
/// route), `tos`, `administration`, `redirect`, `health`, or `other`.
pub fn family(path: &str) -> &'static str {
    let mut parts = path.trim_start_matches('/').split('/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("authenticated"), Some(_), Some("events")) => "events",
        (Some("authenticated"), Some(_), Some("tos")) => "tos",
        (Some("authenticated"), ..) => "authenticated",
        (Some("anonymous" | "anonymous_server"), ..) => "anonymous",
        (Some("invited"), ..) => "invited",
        (Some("authenticated_account"), ..) => "authenticated_account",
        (Some("administration"), ..) => "administration",
        (Some("redirect"), ..) => "redirect",
        (Some("health"), None, _) => "health",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::CacheCounters;

    #[test]
    fn families() {
        assert_eq!(family("/authenticated/Org/events"), "events");
        assert_eq!(family("/authenticated/Org/tos"), "tos");
        assert_eq!(family("/authenticated/Org"), "authenticated");
        assert_eq!(family("/anonymous/Org"), "anonymous");
        assert_eq!(family("/invited/Org"), "invited");
        assert_eq!(
            family("/administration/organizations/Org"),
            "administration"
        );
        assert_eq!(family("/health"), "health");
        assert_eq!(family("/nowhere/at/all"), "other");
    }

    #[test]
    fn rendered_text() {
        let metrics = Metrics::new();
        metrics.observe("authenticated", 200, Duration::from_millis(3));
        metrics.observe("authenticated", 200, Duration::from_millis(5));
        metrics.observe("administration", 404, Duration::from_millis(1));
        let held = metrics.held_step();
        let stream = metrics.open_stream();
        let _other = metrics.open_stream();
        drop(stream);
        let text = metrics.render(
            &[PoolStats {
                role: "reader",
                size: 3,
                idle: 2,
                max: 4,
            }],
            Some(GroupCommitStats {
                commits: 2,
                transactions: 9,
            }),
            CacheStats {
                hits: 7,
                misses: 2,
                entries: 1,
            },
            Some(StorageCaches {
                users: Some(CacheCounters { hits: 5, misses: 1 }),
                certificates: Some(CacheCounters { hits: 8, misses: 2 }),
            }),
        );
        for line in [
            r#"parsec_http_requests_total{family="authenticated",status="200"} 2"#,
            r#"parsec_http_requests_total{family="administration",status="404"} 1"#,
            r#"parsec_http_request_duration_seconds_count{family="authenticated"} 2"#,
            "parsec_held_greeting_steps 1",
            "parsec_open_event_streams 1",
            r#"parsec_db_pool_connections{pool="reader"} 3"#,
            r#"parsec_db_pool_idle_connections{pool="reader"} 2"#,
            r#"parsec_db_pool_max_connections{pool="reader"} 4"#,
            "parsec_db_commits_total 2",
            "parsec_db_committed_transactions_total 9",
            "parsec_auth_cache_hits_total 7",
            "parsec_auth_cache_misses_total 2",
            "parsec_auth_cache_entries 1",
            "parsec_users_cache_hits_total 5",
            "parsec_users_cache_misses_total 1",
            "parsec_certificates_cache_hits_total 8",
            "parsec_certificates_cache_misses_total 2",
        ] {
            assert!(text.contains(line), "missing {line:?} in:\n{text}");
        }
        drop(held);
        let text = metrics.render(
            &[],
            Some(GroupCommitStats {
                commits: 3,
                transactions: 11,
            }),
            CacheStats::default(),
            None,
        );
        assert!(text.contains("parsec_held_greeting_steps 0"), "{text}");
        assert!(text.contains("parsec_db_commits_total 3"), "{text}");
        assert!(
            text.contains("parsec_db_committed_transactions_total 11"),
            "{text}"
        );
    }
}
