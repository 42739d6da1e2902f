//! Environment variables the CLI reads (all documented in `--help` and the man pages),
//! and the [`ClientConfig`] built from them: the client library reads none itself.

use parsec_client::config::{ClientConfig, TransportConfig};
use parsec_client::invite::PollPolicy;
use std::path::PathBuf;
use std::time::Duration;

/// Server address for administration commands (`parsec3://…`).
pub const SERVER_ADDR: &str = "PARSEC_SERVER_ADDR";
/// Administration token of the server.
pub const ADMINISTRATION_TOKEN: &str = "PARSEC_ADMINISTRATION_TOKEN";
/// Config directory (device files live in its `devices/` folder), used as is.
pub const CONFIG_DIR: &str = "PARSEC_CONFIG_DIR";
/// Base config directory (`parsec3/libparsec` is appended).
pub const BASE_CONFIG_DIR: &str = "PARSEC_BASE_CONFIG_DIR";
/// Data directory, used as is.
pub const DATA_DIR: &str = "PARSEC_DATA_DIR";
/// Base data directory (`parsec3` is appended).
pub const BASE_DATA_DIR: &str = "PARSEC_BASE_DATA_DIR";
/// Device to use (ID prefix).
pub const DEVICE_ID: &str = "PARSEC_DEVICE_ID";
/// Organization for administration commands.
pub const ORGANIZATION_ID: &str = "PARSEC_ORGANIZATION_ID";
/// Extra CA bundle (PEM) to trust, for self-hosted servers with their own certificate.
pub const SSL_CAFILE: &str = "SSL_CAFILE";
/// How long one request may wait for its answer (seconds, or `90s`, `2m`…), default 60 s.
pub const REQUEST_TIMEOUT: &str = "PARSEC_REQUEST_TIMEOUT";
/// Undocumented variable of the official CLI (invite.md §7): the base interval, in
/// milliseconds, of its step polling. Honoured for compatibility with its test setups.
pub const POLLING_THROTTLE: &str = "_PARSEC_INVITE_POLLING_THROTTLE_MS";

/// A non-empty variable as a path.
fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

fn home_fallback(rel: &str) -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
        .join(rel)
}

/// The default config dir (device-file.md §1): `<base>/parsec3/libparsec` with `<base>`
/// = `$PARSEC_BASE_CONFIG_DIR` or the platform config dir; `PARSEC_CONFIG_DIR` is read
/// by clap.
pub fn default_config_dir() -> PathBuf {
    let base = env_path(BASE_CONFIG_DIR).unwrap_or_else(|| {
        directories::BaseDirs::new()
            .map(|d| d.config_dir().to_path_buf())
            .unwrap_or_else(|| home_fallback(".config"))
    });
    base.join("parsec3").join("libparsec")
}

/// The data dir: `$PARSEC_DATA_DIR`, else [`default_data_dir`].
pub fn data_dir() -> PathBuf {
    env_path(DATA_DIR).unwrap_or_else(default_data_dir)
}

/// The default data dir, `<$PARSEC_BASE_DATA_DIR or platform data dir>/parsec3`, whatever
/// `--data-dir` says: where the official client keeps `keyring_user.txt` (device-file.md
/// §1.3), so both share one keyring entry.
pub fn default_data_dir() -> PathBuf {
    env_path(BASE_DATA_DIR)
        .unwrap_or_else(|| {
            directories::BaseDirs::new()
                .map(|d| d.data_dir().to_path_buf())
                .unwrap_or_else(|| home_fallback(".local/share"))
        })
        .join("parsec3")
}

/// How to connect: trusts `$SSL_CAFILE` besides the bundled roots, and gives up on a
/// request after `$PARSEC_REQUEST_TIMEOUT` (an unreadable value keeps the default).
pub fn transport_config() -> TransportConfig {
    let defaults = TransportConfig::default();
    let request_timeout = std::env::var(REQUEST_TIMEOUT)
        .ok()
        .and_then(|v| {
            let v = v.trim();
            v.parse::<u64>()
                .map(Duration::from_secs)
                .ok()
                .or_else(|| humantime::parse_duration(v).ok())
        })
        .filter(|d| !d.is_zero())
        .unwrap_or(defaults.request_timeout);
    TransportConfig {
        extra_ca_file: env_path(SSL_CAFILE),
        request_timeout,
        ..defaults
    }
}

/// How to wait for the peer of a greeting: [`PollPolicy::Auto`] (immediate re-sends
/// against a long-polling server, the official 1 s cadence otherwise), unless
/// [`POLLING_THROTTLE`] sets the official cadence's base.
pub fn poll_policy() -> PollPolicy {
    std::env::var(POLLING_THROTTLE)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(PollPolicy::Auto, |ms| PollPolicy::Throttled {
            base: Duration::from_millis(ms),
        })
}

/// The library's configuration: `config_dir` (from `--config-dir` or
/// `PARSEC_CONFIG_DIR`, else the default) and everything else from the environment.
pub fn client_config(config_dir: Option<PathBuf>) -> ClientConfig {
    ClientConfig {
        config_dir: config_dir.unwrap_or_else(default_config_dir),
        data_dir: data_dir(),
        transport: transport_config(),
        poll_policy: poll_policy(),
    }
}
