//! `--metrics-addr` and `--shutdown-timeout`: running the server behind a load balancer
//! and under a supervisor (systemd, Kubernetes). Neither is an official `parsec run`
//! flag.

use clap::Args;
use std::time::Duration;

const OPERATIONS: &str = "Operations";

/// Metrics and shutdown (`Operations` section of `--help`).
#[derive(Debug, Clone, Args)]
pub struct OpsArgs {
    /// Serve Prometheus metrics at `http://HOST:PORT/metrics`, a listen address of their
    /// own (not served when not given): requests by family and status, latency
    /// histograms, held greeting steps, open event streams, database pools
    #[arg(long, env = "PARSEC_METRICS_ADDR", value_name = "HOST:PORT", help_heading = OPERATIONS)]
    pub metrics_addr: Option<String>,

    /// Seconds a graceful shutdown (SIGTERM, Ctrl-C) waits for running requests before
    /// the server exits anyway; held greeting steps are answered and event streams closed
    /// at once (0: wait as long as it takes)
    #[arg(long, env = "PARSEC_SHUTDOWN_TIMEOUT", value_name = "SECONDS", default_value_t = 30.0, value_parser = super::limits::parse_seconds, help_heading = OPERATIONS)]
    pub shutdown_timeout: f64,
}

/// The operations settings, validated.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ops {
    /// `--metrics-addr`.
    pub metrics_addr: Option<String>,
    /// `--shutdown-timeout` (`None`: no limit).
    pub shutdown_timeout: Option<Duration>,
}

impl OpsArgs {
    /// Validated settings.
    pub fn resolve(&self) -> Ops {
        Ops {
            metrics_addr: self.metrics_addr.clone(),
            shutdown_timeout: Some(Duration::from_secs_f64(self.shutdown_timeout))
                .filter(|d| !d.is_zero()),
        }
    }
}
