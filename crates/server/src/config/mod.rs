//! Command line of `parsec-server` (clap): `run` accepts the official `parsec run` flags
//! and environment variables (`reference/server-run-help.txt`), so an administrator's
//! scripts keep working. Flags that make no sense here are accepted and ignored with a
//! warning. [`RunArgs::resolve`] turns them into validated [`Settings`].

mod cmd_args;
mod email;
mod event_limits;
mod ignored;
mod limits;
mod ops;

pub use cmd_args::with_cmd_args_env;
pub use email::EmailArgs;
pub use event_limits::{EventLimitArgs, EventLimits};
pub use ignored::IgnoredArgs;
pub use limits::{LimitArgs, Limits};
pub use ops::{Ops, OpsArgs};

use crate::email::EmailConfig;
use crate::forwarded::{InvalidEntry, TrustedProxies};
use crate::state::OrganizationDefaults;
use crate::storage::{OrganizationConfig, DEFAULT_MINIMUM_ARCHIVING_PERIOD};
use clap::builder::BoolishValueParser;
use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use parsec_protocol::addr::ServerAddr;
use parsec_protocol::crypto::{OsRandom, RandomSource};
use std::path::PathBuf;
use std::time::Duration;

/// Administration token used by `--dev`.
pub const DEV_ADMINISTRATION_TOKEN: &str = "s3cr3t";

/// A Parsec 3.9.3-compatible server.
#[derive(Debug, Parser)]
#[command(name = "parsec-server", version, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server
    Run(Box<RunArgs>),
    /// Update the database schema (`run` also does it at startup)
    Migrate(MigrateArgs),
}

/// `parsec-server migrate`: the official `parsec migrate`, for PostgreSQL and SQLite.
#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// Database: `postgresql://…`, `postgres://…` or `sqlite:PATH`
    #[arg(long, env = "PARSEC_DB", value_name = "URL")]
    pub db: String,

    /// Only tell what would be done
    #[arg(long)]
    pub dry_run: bool,
}

/// `--log-level` values (the official names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "lowercase")]
pub enum LogLevel {
    /// Everything.
    Debug,
    /// Normal operation.
    Info,
    /// Problems.
    Warning,
    /// Failures.
    Error,
    /// Same as error.
    Critical,
}

/// `--log-format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum LogFormat {
    /// Human-readable lines with timestamps.
    Console,
    /// Human-readable lines without timestamps.
    ConsoleNoTimestamp,
    /// One JSON object per line: `timestamp`, `level`, `message` and the event's
    /// fields (a request's `method`, `path`, `status`, `ms`).
    Json,
}

/// `parsec-server run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Host to listen on
    #[arg(short = 'H', long, env = "PARSEC_HOST", default_value = "127.0.0.1")]
    pub host: String,

    /// Port to listen on (0 picks a free port)
    #[arg(short = 'P', long, env = "PARSEC_PORT", default_value_t = 6777)]
    pub port: u16,

    /// Database: `MOCKED` (in memory), `sqlite:PATH`, `postgresql://…`
    ///
    /// Defaults to an SQLite file in the user's data folder (for example
    /// `~/.local/share/parsec-server/parsec.sqlite`), with or without `--dev` (the
    /// official server's `--dev` uses `MOCKED`: pass `--db MOCKED` for that).
    #[arg(long, env = "PARSEC_DB", value_name = "URL")]
    pub db: Option<String>,

    /// Maximum number of PostgreSQL connections
    #[arg(long, env = "PARSEC_DB_MAX_CONNECTIONS", default_value_t = 7, value_parser = clap::value_parser!(u32).range(2..))]
    pub db_max_connections: u32,

    /// Minimum number of PostgreSQL connections
    #[arg(long, env = "PARSEC_DB_MIN_CONNECTIONS", default_value_t = 1)]
    pub db_min_connections: u32,

    /// PostgreSQL: bytes of memory for the users of the organizations used lately, so
    /// that most requests skip reading them (0, or under 256, disables); checked at each
    /// use against a version the database changes with them, so a change made through
    /// any instance is seen at once
    #[arg(long, env = "PARSEC_DB_USERS_CACHE", value_name = "BYTES", default_value_t = crate::storage::sql::kept::DEFAULT_USERS_CACHE, help_heading = "Limits")]
    pub db_users_cache: usize,

    /// PostgreSQL: bytes of memory for the common-topic certificates of the
    /// organizations used lately, for `certificate_get` (0, or under 256, disables);
    /// checked at each use against the organization's last certificate timestamp, so a
    /// certificate added through any instance is served at once
    #[arg(long, env = "PARSEC_DB_CERTIFICATES_CACHE", value_name = "BYTES", default_value_t = crate::storage::sql::kept::DEFAULT_CERTIFICATES_CACHE, help_heading = "Limits")]
    pub db_certificates_cache: usize,

    /// Skip the database schema check (the schema is always created or checked at startup)
    #[arg(long, env = "PARSEC_SKIP_DATABASE_MIGRATIONS_CHECK", value_parser = BoolishValueParser::new(), action = ArgAction::SetTrue)]
    pub skip_database_migrations_check: bool,

    /// Attempts at connecting to PostgreSQL (0 means never retry)
    #[arg(
        long,
        env = "PARSEC_MAXIMUM_DATABASE_CONNECTION_ATTEMPTS",
        default_value_t = 10
    )]
    pub maximum_database_connection_attempts: u32,

    /// Seconds to wait before retrying to connect to PostgreSQL
    #[arg(
        long,
        env = "PARSEC_PAUSE_BEFORE_RETRY_DATABASE_CONNECTION",
        default_value_t = 1.0
    )]
    pub pause_before_retry_database_connection: f64,

    /// Blockstore: `MOCKED` or `POSTGRESQL` (no blocks are stored yet)
    #[arg(short = 'b', long, env = "PARSEC_BLOCKSTORE", value_name = "CONFIG")]
    pub blockstore: Vec<String>,

    /// Secret token of the administration API (required unless --dev)
    ///
    /// A typical way to generate a good value is `openssl rand -hex 32`.
    #[arg(
        long,
        env = "PARSEC_ADMINISTRATION_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub administration_token: Option<String>,

    /// Allow bootstrapping organizations that were not created by an administrator
    #[arg(long, env = "PARSEC_SPONTANEOUS_ORGANIZATION_BOOTSTRAP", value_parser = BoolishValueParser::new(), action = ArgAction::SetTrue)]
    pub spontaneous_organization_bootstrap: bool,

    /// Non-revoked users limit of new organizations (default: no limit)
    #[arg(
        long,
        env = "PARSEC_ORGANIZATION_INITIAL_ACTIVE_USERS_LIMIT",
        value_name = "INTEGER"
    )]
    pub organization_initial_active_users_limit: Option<u64>,

    /// Whether new organizations allow the OUTSIDER profile
    #[arg(long, env = "PARSEC_ORGANIZATION_INITIAL_USER_PROFILE_OUTSIDER_ALLOWED", value_name = "BOOLEAN", value_parser = BoolishValueParser::new(), default_value = "true")]
    pub organization_initial_user_profile_outsider_allowed: bool,

    /// Minimum archiving period before realm deletion for new organizations, in seconds
    #[arg(long, env = "PARSEC_ORGANIZATION_INITIAL_REALM_DELETION_MIN_ARCHIVING_PERIOD", value_name = "INTEGER", default_value_t = DEFAULT_MINIMUM_ARCHIVING_PERIOD)]
    pub organization_initial_realm_deletion_min_archiving_period: u64,

    /// Terms of service of new organizations: `<locale>:<url>,…` (escape commas with `\`)
    #[arg(long, env = "PARSEC_ORGANIZATION_INITIAL_TOS", value_name = "TEXT")]
    pub organization_initial_tos: Option<String>,

    /// URL to reach this server (default: `parsec3://HOST:PORT`, with `?no_ssl=true`
    /// unless serving over TLS)
    #[arg(long, env = "PARSEC_SERVER_ADDR", value_name = "URL")]
    pub server_addr: Option<String>,

    /// SSE keepalive period in seconds (<= 0 disables keepalives)
    #[arg(
        long,
        env = "PARSEC_SSE_KEEPALIVE",
        default_value_t = 30,
        allow_negative_numbers = true
    )]
    pub sse_keepalive: i64,

    /// Log level
    #[arg(
        short = 'l',
        long,
        env = "PARSEC_LOG_LEVEL",
        value_enum,
        ignore_case = true,
        default_value = "info"
    )]
    pub log_level: LogLevel,

    /// Log format
    #[arg(
        short = 'f',
        long,
        env = "PARSEC_LOG_FORMAT",
        value_enum,
        ignore_case = true,
        default_value = "console"
    )]
    pub log_format: LogFormat,

    /// Log file (default: stderr)
    #[arg(short = 'o', long, env = "PARSEC_LOG_FILE")]
    pub log_file: Option<PathBuf>,

    /// IP addresses, IP networks and literals trusted with proxy headers, comma-separated
    /// (`*` trusts every peer; default: `FORWARDED_ALLOW_IPS`, else `127.0.0.1`)
    ///
    /// A request whose connection comes from a trusted address takes its client's address
    /// from `X-Forwarded-For` (the first untrusted entry from the right; the leftmost when
    /// all are trusted) and its scheme from `X-Forwarded-Proto`, as the official server
    /// (uvicorn's `forwarded_allow_ips`). The client's address is what
    /// --admin-max-failures counts; --max-connections-per-ip counts the connection's peer
    /// (the proxy). Literals, such as `unix:/run/parsec.sock`, never match a TCP peer.
    #[arg(long, env = "PARSEC_PROXY_TRUSTED_ADDRESSES", value_name = "ADDRESSES")]
    pub proxy_trusted_addresses: Option<String>,

    /// SSL key file (PEM: PKCS#8, PKCS#1 or SEC1); with --ssl-certfile, serves HTTPS
    #[arg(long, env = "PARSEC_SSL_KEYFILE", value_name = "FILE")]
    pub ssl_keyfile: Option<PathBuf>,

    /// SSL certificate file (PEM, the server's certificate first, then intermediates);
    /// with --ssl-keyfile, serves HTTPS
    #[arg(long, env = "PARSEC_SSL_CERTFILE", value_name = "FILE")]
    pub ssl_certfile: Option<PathBuf>,

    /// Development mode: --debug, token `s3cr3t` (a random one printed at startup when
    /// --host is not a loopback address), derived address, the default SQLite database
    /// (not in memory: add --db MOCKED for that); prints the `export` lines for the CLI
    #[arg(long)]
    pub dev: bool,

    /// Enable debug commands (`ping`)
    #[arg(long, env = "DEBUG", value_parser = BoolishValueParser::new(), action = ArgAction::SetTrue)]
    pub debug: bool,

    /// Timeouts and caps.
    #[command(flatten)]
    pub limits: LimitArgs,

    /// Official options without effect here.
    #[command(flatten)]
    pub ignored: IgnoredArgs,

    /// Limits on events and greetings.
    #[command(flatten)]
    pub event_limits: EventLimitArgs,

    /// Invitation emails.
    #[command(flatten)]
    pub email: EmailArgs,

    /// Metrics and shutdown.
    #[command(flatten)]
    pub ops: OpsArgs,
}

/// Where data is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbConfig {
    /// In memory (`MOCKED`).
    Memory,
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL URL.
    Postgres {
        /// `postgresql://…`.
        url: String,
        /// Pool maximum.
        max_connections: u32,
        /// Pool minimum.
        min_connections: u32,
        /// `--db-users-cache`.
        users_cache: usize,
        /// `--db-certificates-cache`.
        certificates_cache: usize,
        /// Connection attempts before giving up (0 = no retry).
        attempts: u32,
        /// Pause between attempts.
        pause: Duration,
    },
}

/// Logging settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogSettings {
    /// Level.
    pub level: LogLevel,
    /// Without timestamps.
    pub without_time: bool,
    /// One JSON object per line (`--log-format json`).
    pub json: bool,
    /// File instead of stderr.
    pub file: Option<PathBuf>,
}

/// `--ssl-certfile` and `--ssl-keyfile`: serve HTTPS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    /// Certificate chain, PEM.
    pub certfile: PathBuf,
    /// Private key, PEM.
    pub keyfile: PathBuf,
}

/// Validated settings of `parsec-server run`.
#[derive(Clone)]
pub struct Settings {
    /// Listening host.
    pub host: String,
    /// Listening port (0 = any free port).
    pub port: u16,
    /// Database.
    pub db: DbConfig,
    /// Administration token.
    pub administration_token: String,
    /// `--server-addr`, or `None` to derive it from the bound address.
    pub server_addr: Option<ServerAddr>,
    /// `--ssl-certfile` / `--ssl-keyfile`, `None` for plain HTTP.
    pub tls: Option<TlsFiles>,
    /// `--spontaneous-organization-bootstrap`.
    pub spontaneous_organization_bootstrap: bool,
    /// `--organization-initial-*`.
    pub organization_defaults: OrganizationDefaults,
    /// `--sse-keepalive` (`None` when disabled).
    pub sse_keepalive: Option<Duration>,
    /// `--debug` (or `--dev`).
    pub debug: bool,
    /// `--dev`: print ready-to-paste `export` lines.
    pub dev: bool,
    /// Logging.
    pub log: LogSettings,
    /// Timeouts and caps.
    pub limits: Limits,
    /// `--proxy-trusted-addresses` (or `FORWARDED_ALLOW_IPS`, or the default).
    pub trusted_proxies: TrustedProxies,
    /// Warnings to log once logging is set up (ignored options…).
    pub warnings: Vec<String>,
    /// Limits on events and greetings.
    pub event_limits: EventLimits,
    /// Invitation emails (`None`: not configured).
    pub email: Option<EmailConfig>,
    /// `--metrics-addr`, `--shutdown-timeout`.
    pub ops: Ops,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("db", &self.db)
            .field("administration_token", &"<redacted>")
            .field(
                "server_addr",
                &self.server_addr.as_ref().map(ServerAddr::to_url),
            )
            .field("tls", &self.tls)
            .field("debug", &self.debug)
            .field("email", &self.email)
            .finish_non_exhaustive()
    }
}

/// Invalid command-line settings.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// No token and no `--dev`.
    #[error("missing administration token: pass --administration-token or set PARSEC_ADMINISTRATION_TOKEN (or use --dev)")]
    MissingAdministrationToken,
    /// Unknown `--db` form.
    #[error("invalid --db `{0}`: expected MOCKED, sqlite:PATH or postgresql://…")]
    InvalidDb(String),
    /// No data folder for the default database.
    #[error("cannot find a data folder for the default database: pass --db")]
    NoDataDir,
    /// `--server-addr` is not a `parsec3://` server address.
    #[error("invalid --server-addr `{0}`: {1}")]
    InvalidServerAddr(String, String),
    /// `--organization-initial-tos` is malformed.
    #[error("invalid --organization-initial-tos: `{0}` is not `<locale>:<url>`")]
    InvalidTos(String),
    /// Only one of `--ssl-certfile` and `--ssl-keyfile`.
    #[error("--ssl-certfile and --ssl-keyfile go together: pass both to serve HTTPS, or neither")]
    IncompleteTls,
    /// `--email-host` names an SMTP server but no `--email-sender` is given.
    #[error("--email-sender is required when --email-host is an SMTP server")]
    MissingEmailSender,
    /// `--email-sender` is not an email address.
    #[error("invalid --email-sender `{0}`: not an email address")]
    InvalidEmailSender(String),
    /// Both `--email-use-ssl` and `--email-use-tls`.
    #[error("--email-use-ssl and --email-use-tls are mutually exclusive: pass one of them")]
    EmailTlsConflict,
    /// Only one of `--email-host-user` and `--email-host-password`.
    #[error("--email-host-user and --email-host-password go together: pass both to log in to the SMTP server, or neither")]
    IncompleteEmailCredentials,
    /// An entry of `--proxy-trusted-addresses` (or `FORWARDED_ALLOW_IPS`) is invalid.
    #[error("invalid {0}: {1}")]
    InvalidTrustedProxies(&'static str, InvalidEntry),
    /// The TLS settings of the SMTP connection could not be built.
    #[error("cannot set up TLS for the SMTP server: {0}")]
    EmailTls(String),
}

/// Parses `--organization-initial-tos`: `<locale>:<url>` items separated by commas, a
/// backslash escaping the next character.
pub fn parse_tos(raw: &str) -> Result<Vec<(String, String)>, ConfigError> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => current.extend(chars.next()),
            ',' => items.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    items.push(current);
    items
        .into_iter()
        .filter(|i| !i.trim().is_empty())
        .map(|item| match item.split_once(':') {
            Some((locale, url)) if !locale.trim().is_empty() && !url.trim().is_empty() => {
                Ok((locale.trim().to_owned(), url.trim().to_owned()))
            }
            _ => Err(ConfigError::InvalidTos(item)),
        })
        .collect()
}

fn parse_db(raw: &str, args: &RunArgs) -> Result<DbConfig, ConfigError> {
    if raw.eq_ignore_ascii_case("MOCKED") {
        return Ok(DbConfig::Memory);
    }
    if let Some(path) = raw
        .strip_prefix("sqlite://")
        .or_else(|| raw.strip_prefix("sqlite:"))
    {
        if path.is_empty() {
            return Err(ConfigError::InvalidDb(raw.to_owned()));
        }
        return Ok(DbConfig::Sqlite(PathBuf::from(path)));
    }
    if raw.starts_with("postgresql://") || raw.starts_with("postgres://") {
        return Ok(DbConfig::Postgres {
            url: raw.to_owned(),
            max_connections: args.db_max_connections,
            min_connections: args.db_min_connections.min(args.db_max_connections),
            users_cache: args.db_users_cache,
            certificates_cache: args.db_certificates_cache,
            attempts: args.maximum_database_connection_attempts,
            pause: Duration::from_secs_f64(args.pause_before_retry_database_connection.max(0.0)),
        });
    }
    Err(ConfigError::InvalidDb(raw.to_owned()))
}

/// The proxies trusted with proxy headers: `option` (`--proxy-trusted-addresses`), else
/// `env` (`FORWARDED_ALLOW_IPS`), else [`crate::forwarded::DEFAULT_TRUSTED`]; a warning
/// for each literal, which never matches a TCP peer.
pub fn trusted_proxies(
    option: Option<&str>,
    env: Option<&str>,
    warnings: &mut Vec<String>,
) -> Result<TrustedProxies, ConfigError> {
    let (name, raw) = match (option, env) {
        (Some(raw), _) => ("--proxy-trusted-addresses", raw),
        (None, Some(raw)) => ("FORWARDED_ALLOW_IPS", raw),
        (None, None) => return Ok(TrustedProxies::default()),
    };
    let trusted =
        TrustedProxies::parse(raw).map_err(|e| ConfigError::InvalidTrustedProxies(name, e))?;
    for literal in trusted.literals() {
        warnings.push(format!(
            "{name}: `{literal}` is not an IP address or network: it never matches a \
             client connecting over TCP"
        ));
    }
    Ok(trusted)
}

/// `localhost` or a loopback IP address: only this machine can connect.
fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// 32 random bytes in hex, like `openssl rand -hex 32`.
fn random_token() -> String {
    let mut bytes = [0u8; 32];
    RandomSource::fill(&OsRandom::new(), &mut bytes);
    hex::encode(bytes)
}

/// The default database file: `<data dir>/parsec-server/parsec.sqlite`.
pub fn default_sqlite_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "parsec-server")
        .map(|d| d.data_dir().join("parsec.sqlite"))
}

impl RunArgs {
    /// Validates the arguments; `default_db_path` gives the default SQLite file.
    pub fn resolve(
        self,
        default_db_path: impl FnOnce() -> Option<PathBuf>,
    ) -> Result<Settings, ConfigError> {
        let tls = match (&self.ssl_certfile, &self.ssl_keyfile) {
            (Some(certfile), Some(keyfile)) => Some(TlsFiles {
                certfile: certfile.clone(),
                keyfile: keyfile.clone(),
            }),
            (None, None) => None,
            _ => return Err(ConfigError::IncompleteTls),
        };
        // Unlike the official `--dev`, ours keeps the embedded default database: a
        // development server then survives restarts, and `--db MOCKED` gives the official
        // throw-away behaviour.
        let db = match &self.db {
            Some(raw) => parse_db(raw, &self)?,
            None => DbConfig::Sqlite(default_db_path().ok_or(ConfigError::NoDataDir)?),
        };
        let email = self.email.resolve(self.dev)?;
        let mut warnings = Vec::new();
        let administration_token = match (&self.administration_token, self.dev) {
            (Some(t), _) => t.clone(),
            (None, true) if is_loopback(&self.host) => DEV_ADMINISTRATION_TOKEN.to_owned(),
            // Anyone who can reach the port could otherwise use the well-known token.
            (None, true) => {
                warnings.push(format!(
                    "--dev on the non-loopback host `{}`: the fixed development token is \
                     not used, a random one was generated (see the export line on stdout)",
                    self.host
                ));
                random_token()
            }
            (None, false) => return Err(ConfigError::MissingAdministrationToken),
        };
        let server_addr = self
            .server_addr
            .as_deref()
            .map(|raw| {
                raw.parse::<ServerAddr>()
                    .map_err(|e| ConfigError::InvalidServerAddr(raw.to_owned(), e.to_string()))
            })
            .transpose()?;
        let tos = self
            .organization_initial_tos
            .as_deref()
            .map(parse_tos)
            .transpose()?;
        warnings.extend(
            self.ignored
                .given()
                .into_iter()
                .map(|name| format!("{name} is not supported by this server and is ignored")),
        );
        for b in &self.blockstore {
            if !b.eq_ignore_ascii_case("MOCKED") && !b.eq_ignore_ascii_case("POSTGRESQL") {
                warnings.push(format!(
                    "--blockstore `{}` is not supported: blocks are not stored by this server yet",
                    b.split(':').next().unwrap_or_default()
                ));
            }
        }
        let trusted_proxies = trusted_proxies(
            self.proxy_trusted_addresses.as_deref(),
            std::env::var("FORWARDED_ALLOW_IPS").ok().as_deref(),
            &mut warnings,
        )?;
        if self.ignored.ssl_ciphers.is_some() {
            warnings.push(
                "--ssl-ciphers is ignored: rustls negotiates its own modern cipher suites \
                 (TLS 1.3, and TLS 1.2 with forward secrecy)"
                    .to_owned(),
            );
        }
        Ok(Settings {
            host: self.host,
            port: self.port,
            db,
            administration_token,
            server_addr,
            tls,
            spontaneous_organization_bootstrap: self.spontaneous_organization_bootstrap,
            organization_defaults: OrganizationDefaults {
                config: OrganizationConfig {
                    user_profile_outsider_allowed: self
                        .organization_initial_user_profile_outsider_allowed,
                    active_users_limit: self.organization_initial_active_users_limit,
                    minimum_archiving_period: self
                        .organization_initial_realm_deletion_min_archiving_period,
                    tos: None,
                },
                tos,
            },
            sse_keepalive: u64::try_from(self.sse_keepalive)
                .ok()
                .filter(|s| *s > 0)
                .map(Duration::from_secs),
            debug: self.debug || self.dev,
            dev: self.dev,
            log: LogSettings {
                level: self.log_level,
                without_time: self.log_format == LogFormat::ConsoleNoTimestamp,
                json: self.log_format == LogFormat::Json,
                file: self.log_file,
            },
            limits: self.limits.resolve(),
            trusted_proxies,
            warnings,
            event_limits: self.event_limits.resolve(),
            email,
            ops: self.ops.resolve(),
        })
    }
}

#[cfg(test)]
mod tests;
