/*!
A Parsec 3.9.3-compatible server (API 5.5), meant to replace the official `parsec run`
for the subset of the protocol the project covers.

- [`app`] builds the axum router from an [`AppState`]: RPC families (`/anonymous`,
  `/invited`, `/authenticated` with `/tos` and `/events`), `/redirect`, and the
  `/administration` REST API. Tests drive it with `tower::ServiceExt::oneshot`.
- [`storage::Storage`] is the persistence trait: [`storage::memory::MemoryStorage`]
  (`--db MOCKED`) and [`storage::sql::SqlStorage`] (SQLite, PostgreSQL).
- [`config`] is the `parsec-server run` command line; [`Server`] binds and serves it, over
  HTTPS when given a certificate and key ([`tls`]), with the timeouts and connection caps
  of [`serve`].

Layers, top down: [`router`] assembles the routes; [`rpc`] (the RPC families, one
generic request extractor running the shared checks) and [`admin`] handle them over the
transport pieces of [`http`]; [`services`] run the commands, free of HTTP; [`storage`]
persists. [`events`] feeds the SSE streams; [`cluster`] keeps the streams and held
greeting requests of several processes on one PostgreSQL database in step; [`email`] sends
invitation emails.

The reference is the project's `protocol` folder: `wire.md` (transport, §8 administration),
`certificates.md` (§4–10) and `invite.md`.
*/

#![warn(missing_docs)]

pub mod admin;
pub mod ballpark;
pub mod cluster;
pub mod config;
pub mod credential_cache;
pub mod email;
pub mod events;
pub mod failpoint;
pub mod forwarded;
pub mod health;
pub mod http;
pub mod log_limit;
pub mod metrics;
mod metrics_endpoint;
pub mod rate_limit;
pub mod router;
pub mod rpc;
pub mod serve;
pub mod services;
pub mod state;
pub mod storage;
pub mod tls;

pub use router::app;
pub use state::{AppState, ServerConfig};

use config::{DbConfig, Limits, Settings};
use parsec_protocol::addr::ServerAddr;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use storage::memory::MemoryStorage;
use storage::sql::SqlStorage;
use storage::{Storage, StorageError};

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// The database could not be opened.
    #[error("cannot open the database: {0}")]
    Storage(#[from] StorageError),
    /// The socket could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// `host:port`.
        addr: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The derived server address is invalid (odd `--host`).
    #[error("cannot derive the server address from `{0}`: pass --server-addr")]
    ServerAddr(String),
    /// `--ssl-certfile` / `--ssl-keyfile` cannot be used.
    #[error(transparent)]
    Tls(#[from] tls::TlsError),
    /// The connection listening to the other processes could not be opened.
    #[error(transparent)]
    Cluster(#[from] cluster::ClusterError),
}

/// Opens the configured storage, creating the SQL schema when needed. PostgreSQL
/// connections are retried as `--maximum-database-connection-attempts` says.
pub async fn open_storage(db: &DbConfig) -> Result<Arc<dyn Storage>, StorageError> {
    Ok(match db {
        DbConfig::Memory => Arc::new(MemoryStorage::new()),
        DbConfig::Sqlite(path) => Arc::new(SqlStorage::open_sqlite(path).await?),
        DbConfig::Postgres {
            url,
            max_connections,
            min_connections,
            users_cache,
            certificates_cache,
            attempts,
            pause,
        } => {
            let mut attempt = 0;
            loop {
                match SqlStorage::open_postgres(url, *max_connections, *min_connections).await {
                    Ok(s) => break Arc::new(s.with_caches(*users_cache, *certificates_cache)),
                    Err(StorageError::Database(e)) if attempt < *attempts => {
                        attempt += 1;
                        tracing::warn!(
                            "cannot connect to the database ({e}), retrying ({attempt}/{attempts})"
                        );
                        tokio::time::sleep(*pause).await;
                    }
                    Err(e) => return Err(e),
                }
            }
        }
    })
}

/// A bound, not yet serving server.
pub struct Server {
    listener: tokio::net::TcpListener,
    tls: Option<Arc<tokio_rustls::rustls::ServerConfig>>,
    state: AppState,
    local_addr: SocketAddr,
    limits: Limits,
    trusted_proxies: Arc<forwarded::TrustedProxies>,
    metrics: Option<tokio::net::TcpListener>,
    shutdown_timeout: Option<std::time::Duration>,
}

impl Server {
    /// Loads the TLS certificate and key if any, opens the storage, binds the socket and
    /// derives the server address from the bound port when `--server-addr` is not given.
    pub async fn bind(settings: Settings) -> Result<Self, StartError> {
        // Before anything else: a wrong path should not leave a new database behind.
        let tls = settings
            .tls
            .as_ref()
            .map(|files| tls::load_server_config(&files.certfile, &files.keyfile))
            .transpose()?;
        let store = open_storage(&settings.db).await?;
        let addr = format!("{}:{}", settings.host, settings.port);
        let bind_err = |source| StartError::Bind {
            addr: addr.clone(),
            source,
        };
        let listener = tokio::net::TcpListener::bind((settings.host.as_str(), settings.port))
            .await
            .map_err(bind_err)?;
        let local_addr = listener.local_addr().map_err(bind_err)?;
        let metrics = match &settings.ops.metrics_addr {
            Some(addr) => Some(tokio::net::TcpListener::bind(addr.as_str()).await.map_err(
                |source| StartError::Bind {
                    addr: addr.clone(),
                    source,
                },
            )?),
            None => None,
        };
        let server_addr = match settings.server_addr {
            Some(a) => a,
            None => derive_server_addr(local_addr, tls.is_some())?,
        };
        let config = ServerConfig {
            administration_token: settings.administration_token,
            debug: settings.debug,
            spontaneous_organization_bootstrap: settings.spontaneous_organization_bootstrap,
            organization_defaults: settings.organization_defaults,
            sse_keepalive: settings.sse_keepalive,
            server_addr: Some(server_addr),
            greeting_long_poll: state::DEFAULT_GREETING_LONG_POLL,
            https: tls.is_some(),
            body_read_timeout: settings.limits.body_read_timeout,
            admin_max_failures: settings.limits.admin_max_failures,
            admin_failure_window: settings.limits.admin_failure_window,
            event_limits: settings.event_limits,
            email: settings.email,
            auth_cache_entries: settings.limits.auth_cache_entries,
        };
        let state = AppState::new(store, config);
        if let DbConfig::Postgres { url, .. } = &settings.db {
            // Other processes may share the database: exchange events and wake-ups.
            cluster::PgCluster::start(url, state.local()).await?;
        }
        Ok(Self {
            listener,
            tls,
            state,
            local_addr,
            limits: settings.limits,
            trusted_proxies: Arc::new(settings.trusted_proxies),
            metrics,
            shutdown_timeout: settings.ops.shutdown_timeout,
        })
    }

    /// The address `/metrics` is served on (`--metrics-addr`), if any.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics.as_ref().and_then(|l| l.local_addr().ok())
    }

    /// `https` when serving over TLS, `http` otherwise.
    pub fn scheme(&self) -> &'static str {
        if self.tls.is_some() {
            "https"
        } else {
            "http"
        }
    }

    /// The address the socket is bound to (the real port when `--port 0`).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The public server address (`--server-addr` or derived).
    pub fn server_addr(&self) -> Option<&ServerAddr> {
        self.state.config.server_addr.as_ref()
    }

    /// The administration token in force.
    pub fn administration_token(&self) -> &str {
        &self.state.config.administration_token
    }

    /// Serves until `shutdown` resolves, then shuts down gracefully: stops accepting
    /// connections, answers held greeting steps (`not_ready`) and closes event streams,
    /// lets the other running requests finish, and returns once every connection is
    /// closed, or when `--shutdown-timeout` has passed (with a warning).
    pub async fn run(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let state = self.state.clone();
        // Purges stale greeting attempts and idle event topics until the server stops.
        let _maintenance = services::invite::purge::spawn_maintenance(state.clone());
        if let Some(listener) = self.metrics {
            metrics_endpoint::spawn(listener, state.clone());
        }
        let router = app(self.state);
        let stopping = state.clone();
        let shutdown = async move {
            shutdown.await;
            tracing::info!("shutting down");
            stopping.begin_shutdown();
        };
        let tls = self.tls.map(tokio_rustls::TlsAcceptor::from);
        let serving = serve::serve(
            self.listener,
            tls,
            router,
            self.limits,
            self.trusted_proxies,
            shutdown,
        );
        let Some(timeout) = self.shutdown_timeout else {
            return serving.await;
        };
        let expired = async {
            state.shutdown_signal().await;
            tokio::time::sleep(timeout).await;
        };
        tokio::select! {
            served = serving => served,
            () = expired => {
                tracing::warn!(
                    "requests still running {} s after the shutdown began \
                     (--shutdown-timeout): exiting without them",
                    timeout.as_secs_f64()
                );
                Ok(())
            }
        }
    }
}

/// `parsec3://HOST:PORT` (TLS) or `parsec3://HOST:PORT?no_ssl=true` for the bound
/// address; an unspecified address (`0.0.0.0`, `::`) becomes the loopback one.
pub fn derive_server_addr(local: SocketAddr, use_ssl: bool) -> Result<ServerAddr, StartError> {
    let ip = match local.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    let host = match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    };
    ServerAddr::new(&host, Some(local.port()), use_ssl).map_err(|_| StartError::ServerAddr(host))
}
