//! `--header-read-timeout` and the other limits a front end such as nginx or uvicorn
//! puts on connections: timeouts, connection caps, and the throttle on wrong
//! administration tokens. None of them is an official `parsec run` flag; all have
//! defaults fit for a server facing the internet directly.

use crate::credential_cache::DEFAULT_AUTH_CACHE_ENTRIES;
use clap::Args;
use std::time::Duration;

const LIMITS: &str = "Limits";

/// Timeouts and caps (`Limits` section of `--help`).
#[derive(Debug, Clone, Args)]
pub struct LimitArgs {
    /// Seconds a client has to send a request's headers (from the connection's start, or
    /// from the first byte of a later request); the connection is then closed (0 disables)
    #[arg(long, env = "PARSEC_HEADER_READ_TIMEOUT", value_name = "SECONDS", default_value_t = 10.0, value_parser = parse_seconds, help_heading = LIMITS)]
    pub header_read_timeout: f64,

    /// Seconds a client has to send a request's whole body once its headers arrived;
    /// answered 408 and closed after that (0 disables)
    #[arg(long, env = "PARSEC_BODY_READ_TIMEOUT", value_name = "SECONDS", default_value_t = 30.0, value_parser = parse_seconds, help_heading = LIMITS)]
    pub body_read_timeout: f64,

    /// Seconds a connection may stay idle between two requests before it is closed
    /// (never during a response: event streams and held requests are not cut; 0 disables)
    #[arg(long, env = "PARSEC_KEEP_ALIVE_TIMEOUT", value_name = "SECONDS", default_value_t = 30.0, value_parser = parse_seconds, help_heading = LIMITS)]
    pub keep_alive_timeout: f64,

    /// Seconds a client has to complete its TLS handshake (HTTPS only; 0 disables)
    #[arg(long, env = "PARSEC_TLS_HANDSHAKE_TIMEOUT", value_name = "SECONDS", default_value_t = 10.0, value_parser = parse_seconds, help_heading = LIMITS)]
    pub tls_handshake_timeout: f64,

    /// Open connections at most; more are answered 503 and closed (0: no cap). The
    /// soft open-files limit is raised to fit; a warning says when the hard one is too low
    #[arg(long, env = "PARSEC_MAX_CONNECTIONS", value_name = "N", default_value_t = 1000, help_heading = LIMITS)]
    pub max_connections: usize,

    /// Open connections at most from one IP address (one /64 in IPv6); more are answered
    /// 503 and closed (0: no cap; use 0 behind a reverse proxy: this counts the
    /// connection's peer, so every connection comes from the proxy)
    #[arg(long, env = "PARSEC_MAX_CONNECTIONS_PER_IP", value_name = "N", default_value_t = 100, help_heading = LIMITS)]
    pub max_connections_per_ip: usize,

    /// Wrong administration tokens accepted from one client address per window (behind a
    /// trusted proxy, the address it forwards: --proxy-trusted-addresses); later
    /// administration requests from it are answered 429 until the window ends (0: no
    /// throttle)
    #[arg(long, env = "PARSEC_ADMIN_MAX_FAILURES", value_name = "N", default_value_t = 10, help_heading = LIMITS)]
    pub admin_max_failures: u32,

    /// Length in seconds of the window of --admin-max-failures
    #[arg(long, env = "PARSEC_ADMIN_FAILURE_WINDOW", value_name = "SECONDS", default_value_t = 60.0, value_parser = parse_positive_seconds, help_heading = LIMITS)]
    pub admin_failure_window: f64,

    /// Devices whose checked credentials are kept in memory, so that their next requests
    /// skip the database look-up (0 disables). Forgotten on revocation, freeze, profile
    /// change or organization update, by every instance sharing the database
    #[arg(long, env = "PARSEC_AUTH_CACHE_ENTRIES", value_name = "N", default_value_t = DEFAULT_AUTH_CACHE_ENTRIES, help_heading = LIMITS)]
    pub auth_cache_entries: usize,
}

/// The limits, validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// `--header-read-timeout` (`None`: disabled).
    pub header_read_timeout: Option<Duration>,
    /// `--body-read-timeout` (`None`: disabled).
    pub body_read_timeout: Option<Duration>,
    /// `--keep-alive-timeout` (`None`: disabled).
    pub keep_alive_timeout: Option<Duration>,
    /// `--tls-handshake-timeout` (`None`: disabled).
    pub tls_handshake_timeout: Option<Duration>,
    /// `--max-connections` (`None`: no cap).
    pub max_connections: Option<usize>,
    /// `--max-connections-per-ip` (`None`: no cap).
    pub max_connections_per_ip: Option<usize>,
    /// `--admin-max-failures` (`None`: no throttle).
    pub admin_max_failures: Option<u32>,
    /// `--admin-failure-window`.
    pub admin_failure_window: Duration,
    /// `--auth-cache-entries` (0: no cache).
    pub auth_cache_entries: usize,
}

impl Default for Limits {
    /// The defaults of the command line.
    fn default() -> Self {
        Self {
            header_read_timeout: Some(Duration::from_secs(10)),
            body_read_timeout: Some(Duration::from_secs(30)),
            keep_alive_timeout: Some(Duration::from_secs(30)),
            tls_handshake_timeout: Some(Duration::from_secs(10)),
            max_connections: Some(1000),
            max_connections_per_ip: Some(100),
            admin_max_failures: Some(10),
            admin_failure_window: Duration::from_secs(60),
            auth_cache_entries: DEFAULT_AUTH_CACHE_ENTRIES,
        }
    }
}

impl LimitArgs {
    /// Zero means disabled (timeouts) or no cap.
    pub fn resolve(&self) -> Limits {
        let secs = |s: f64| (s > 0.0).then(|| Duration::from_secs_f64(s));
        let cap = |n: usize| (n > 0).then_some(n);
        Limits {
            header_read_timeout: secs(self.header_read_timeout),
            body_read_timeout: secs(self.body_read_timeout),
            keep_alive_timeout: secs(self.keep_alive_timeout),
            tls_handshake_timeout: secs(self.tls_handshake_timeout),
            max_connections: cap(self.max_connections),
            max_connections_per_ip: cap(self.max_connections_per_ip),
            admin_max_failures: (self.admin_max_failures > 0).then_some(self.admin_max_failures),
            admin_failure_window: Duration::from_secs_f64(self.admin_failure_window),
            auth_cache_entries: self.auth_cache_entries,
        }
    }
}

/// A number of seconds, fractions allowed, at least 0 and at most a day.
pub(super) fn parse_seconds(raw: &str) -> Result<f64, String> {
    let secs: f64 = raw
        .trim()
        .parse()
        .map_err(|_| format!("`{raw}` is not a number of seconds"))?;
    if !(0.0..=86_400.0).contains(&secs) {
        return Err(format!("`{raw}`: expected 0 to 86400 seconds"));
    }
    Ok(secs)
}

/// Like [`parse_seconds`], but 0 is refused.
fn parse_positive_seconds(raw: &str) -> Result<f64, String> {
    match parse_seconds(raw)? {
        s if s > 0.0 => Ok(s),
        _ => Err(format!("`{raw}`: expected more than 0 seconds")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        limits: LimitArgs,
    }

    fn limits(args: &[&str]) -> Limits {
        let mut argv = vec!["x"];
        argv.extend_from_slice(args);
        Cli::try_parse_from(argv)
            .expect("valid arguments")
            .limits
            .resolve()
    }

    #[test]
    fn defaults_match_the_command_line() {
        assert_eq!(limits(&[]), Limits::default());
    }

    #[test]
    fn zero_disables_and_fractions_are_allowed() {
        let l = limits(&[
            "--header-read-timeout",
            "0",
            "--keep-alive-timeout",
            "0.5",
            "--max-connections",
            "0",
            "--admin-max-failures",
            "0",
        ]);
        assert_eq!(l.header_read_timeout, None);
        assert_eq!(l.keep_alive_timeout, Some(Duration::from_millis(500)));
        assert_eq!(l.max_connections, None);
        assert_eq!(l.admin_max_failures, None);
        for bad in [
            ["--body-read-timeout", "-1"],
            ["--body-read-timeout", "soon"],
            ["--admin-failure-window", "0"],
        ] {
            let mut argv = vec!["x"];
            argv.extend_from_slice(&bad);
            assert!(Cli::try_parse_from(argv).is_err(), "{bad:?}");
        }
    }
}
