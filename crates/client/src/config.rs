//! What the library needs to know about its surroundings (device-file.md §1): where the
//! config and data dirs are, which extra certificate authorities to trust, how long to
//! wait. The caller fills a [`ClientConfig`] (the CLI from its flags and environment);
//! the library itself reads no environment variable.

use crate::invite::PollPolicy;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where the client keeps its files and how it talks to servers.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// The config dir; device files live in its `devices/`, locks in `in_use_devices/`.
    pub config_dir: PathBuf,
    /// The data dir; the verified certificates of each device live under it.
    pub data_dir: PathBuf,
    /// How HTTP connections are made.
    pub transport: TransportConfig,
    /// How greeting steps wait for the peer.
    pub poll_policy: PollPolicy,
}

impl ClientConfig {
    /// A configuration with these dirs and default transport and polling.
    pub fn new(config_dir: PathBuf, data_dir: PathBuf) -> Self {
        Self {
            config_dir,
            data_dir,
            transport: TransportConfig::default(),
            poll_policy: PollPolicy::Auto,
        }
    }

    /// `<config dir>/devices`.
    pub fn devices_dir(&self) -> PathBuf {
        devices_dir(&self.config_dir)
    }
}

/// How the HTTP client connects.
#[derive(Debug, Clone)]
pub struct TransportConfig {
    /// A PEM bundle of certificate authorities to trust besides the bundled roots, for
    /// self-hosted servers with their own certificate.
    pub extra_ca_file: Option<PathBuf>,
    /// How long to wait for a TCP/TLS connection.
    pub connect_timeout: Duration,
    /// How long a whole request may take, from connecting to the last byte of the answer.
    /// It also bounds greeting steps held by a long-polling server, which answers them
    /// within a few seconds (5 s for ours).
    pub request_timeout: Duration,
    /// The largest answer body read, in bytes; a larger one is refused before it is
    /// read whole, so a hostile server cannot exhaust the client's memory.
    pub max_response_size: usize,
}

/// Default of [`TransportConfig::request_timeout`].
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// Default of [`TransportConfig::max_response_size`]: room for the certificates of an
/// organization of several thousand users.
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 32 * 1024 * 1024;

impl Default for TransportConfig {
    fn default() -> Self {
        Self {
            extra_ca_file: None,
            connect_timeout: Duration::from_secs(15),
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
        }
    }
}

/// `<config dir>/devices`.
pub fn devices_dir(config_dir: &Path) -> PathBuf {
    config_dir.join("devices")
}
