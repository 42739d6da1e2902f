//! What every handler shares: the storage, the server settings, the event bus, the held
//! greeting requests and the shutdown signal.

use crate::admin::AdminThrottle;
use crate::config::EventLimits;
use crate::credential_cache::CredentialCache;
use crate::email::EmailConfig;
use crate::events::EventBus;
use crate::metrics::Metrics;
use crate::rate_limit::{Publisher, RateLimiter};
use crate::services::invite::long_poll::GreetingWaiters;
use crate::storage::{OrganizationConfig, Storage, TermsOfService};
use parsec_protocol::addr::ServerAddr;
use parsec_protocol::DateTime;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// Settings given to organizations created by the administration API or by a
/// spontaneous bootstrap (`--organization-initial-*`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrganizationDefaults {
    /// `--organization-initial-user-profile-outsider-allowed` and the rest, TOS excluded.
    pub config: OrganizationConfig,
    /// `--organization-initial-tos`, stamped with the creation time.
    pub tos: Option<Vec<(String, String)>>,
}

impl OrganizationDefaults {
    /// The configuration of an organization created at `now`.
    pub fn to_config(&self, now: DateTime) -> OrganizationConfig {
        OrganizationConfig {
            tos: self.tos.clone().map(|per_locale_urls| TermsOfService {
                per_locale_urls,
                updated_on: now,
            }),
            ..self.config.clone()
        }
    }
}

/// The server's runtime settings.
#[derive(Clone)]
pub struct ServerConfig {
    /// Bearer token of the administration API.
    pub administration_token: String,
    /// Enables `ping` (HTTP 500 otherwise, like the official server).
    pub debug: bool,
    /// Lets `organization_bootstrap` create unknown organizations (nil token).
    pub spontaneous_organization_bootstrap: bool,
    /// Settings of new organizations.
    pub organization_defaults: OrganizationDefaults,
    /// SSE keepalive period; `None` disables keepalives.
    pub sse_keepalive: Option<Duration>,
    /// The public address (`--server-addr`), used by `/redirect`.
    pub server_addr: Option<ServerAddr>,
    /// How long a greeting step request waits for the peer before answering
    /// `not_ready` (our long-poll, see [`crate::services::invite::long_poll`]); zero
    /// answers at once like the official server.
    pub greeting_long_poll: Duration,
    /// This process serves HTTPS itself (`--ssl-certfile`): every request came over TLS,
    /// so the URLs it answers with are `https` / `parsec3://` without `no_ssl`.
    pub https: bool,
    /// `--body-read-timeout` (see [`crate::http::deadline`]).
    pub body_read_timeout: Option<Duration>,
    /// `--admin-max-failures` (see [`AdminThrottle`]).
    pub admin_max_failures: Option<u32>,
    /// `--admin-failure-window`.
    pub admin_failure_window: Duration,
    /// Limits on events and greetings (`--events-*`, `--greeting-*`).
    pub event_limits: EventLimits,
    /// How invitation emails are sent (`--email-*`); `None`: they are not, and a request
    /// for one is answered `SERVER_UNAVAILABLE`.
    pub email: Option<EmailConfig>,
    /// `--auth-cache-entries` (see [`crate::credential_cache`]; 0 disables the cache).
    pub auth_cache_entries: usize,
}

/// Default of [`ServerConfig::greeting_long_poll`]: short enough for any HTTP client or
/// proxy timeout, long enough to make the official 1 s polling answer at once.
pub const DEFAULT_GREETING_LONG_POLL: Duration = Duration::from_secs(5);

impl ServerConfig {
    /// Defaults of `parsec-server run`, with the given administration token.
    pub fn new(administration_token: impl Into<String>) -> Self {
        let limits = crate::config::Limits::default();
        Self {
            administration_token: administration_token.into(),
            debug: false,
            spontaneous_organization_bootstrap: false,
            organization_defaults: OrganizationDefaults::default(),
            sse_keepalive: Some(Duration::from_secs(30)),
            server_addr: None,
            greeting_long_poll: DEFAULT_GREETING_LONG_POLL,
            https: false,
            body_read_timeout: limits.body_read_timeout,
            admin_max_failures: limits.admin_max_failures,
            admin_failure_window: limits.admin_failure_window,
            event_limits: EventLimits::default(),
            email: None,
            auth_cache_entries: limits.auth_cache_entries,
        }
    }
}

impl fmt::Debug for ServerConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerConfig")
            .field("administration_token", &"<redacted>")
            .field("debug", &self.debug)
            .field(
                "spontaneous_organization_bootstrap",
                &self.spontaneous_organization_bootstrap,
            )
            .field("organization_defaults", &self.organization_defaults)
            .field("sse_keepalive", &self.sse_keepalive)
            .field(
                "server_addr",
                &self.server_addr.as_ref().map(ServerAddr::to_url),
            )
            .field("greeting_long_poll", &self.greeting_long_poll)
            .field("https", &self.https)
            .field("body_read_timeout", &self.body_read_timeout)
            .field("admin_max_failures", &self.admin_max_failures)
            .field("admin_failure_window", &self.admin_failure_window)
            .field("event_limits", &self.event_limits)
            .field("email", &self.email)
            .field("auth_cache_entries", &self.auth_cache_entries)
            .finish()
    }
}

/// Shared state of the HTTP handlers.
#[derive(Clone)]
pub struct AppState {
    /// Where everything is stored.
    pub store: Arc<dyn Storage>,
    /// Settings.
    pub config: Arc<ServerConfig>,
    /// Events for the SSE streams.
    pub events: Arc<EventBus>,
    /// Greeting step requests waiting for their peer.
    pub greetings: Arc<GreetingWaiters>,
    /// The credentials of the devices that authenticated lately.
    pub credentials: Arc<CredentialCache>,
    /// Wrong administration tokens per peer.
    pub admin_throttle: Arc<AdminThrottle>,
    /// How often each device or invitation may make the server publish events.
    pub publish_limiter: Arc<RateLimiter<Publisher>>,
    /// Counters served on `--metrics-addr`.
    pub metrics: Arc<Metrics>,
    shutdown: Arc<watch::Sender<bool>>,
}

impl AppState {
    /// Bundles a store and settings.
    pub fn new(store: Arc<dyn Storage>, config: ServerConfig) -> Self {
        let limits = &config.event_limits;
        Self {
            store,
            admin_throttle: Arc::new(AdminThrottle::new(
                config.admin_max_failures,
                config.admin_failure_window,
            )),
            events: Arc::new(EventBus::new(limits)),
            greetings: Arc::new(GreetingWaiters::new(limits.greeting_max_held_steps)),
            credentials: Arc::new(CredentialCache::new(config.auth_cache_entries)),
            publish_limiter: Arc::new(RateLimiter::new(
                limits.events_publish_rate,
                limits.events_publish_burst,
            )),
            config: Arc::new(config),
            metrics: Arc::new(Metrics::new()),
            shutdown: Arc::new(watch::channel(false).0),
        }
    }

    /// An empty outbox for the notifications of a change ([`crate::cluster::Outbox`]):
    /// given to a write transaction, or, for a change made without one, delivered with
    /// `committed(false)` (sent after the change).
    pub fn outbox(&self) -> crate::cluster::Outbox {
        crate::cluster::Outbox::new(self.local())
    }

    /// What the cluster messages act on in this process.
    pub fn local(&self) -> crate::cluster::Local {
        crate::cluster::Local {
            events: self.events.clone(),
            greetings: self.greetings.clone(),
            credentials: self.credentials.clone(),
        }
    }

    /// Asks long-lived responses (SSE streams) to end, so that a graceful shutdown
    /// does not wait for them.
    pub fn begin_shutdown(&self) {
        self.shutdown.send_replace(true);
    }

    /// Whether [`AppState::begin_shutdown`] has been called.
    pub fn is_shutting_down(&self) -> bool {
        *self.shutdown.borrow()
    }

    /// Resolves once [`AppState::begin_shutdown`] has been called.
    pub fn shutdown_signal(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut rx = self.shutdown.subscribe();
        async move {
            // An error means the sender is gone: shut down as well.
            let _ = rx.wait_for(|stop| *stop).await;
        }
    }
}
