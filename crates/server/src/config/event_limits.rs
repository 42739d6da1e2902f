//! Limits on events and greetings (`Limits` section of `parsec-server run --help`): what
//! one device or one invitation-token holder may make the server publish and hold.

use clap::Args;
use std::time::Duration;

/// The flags, flattened into [`super::RunArgs`].
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Limits")]
pub struct EventLimitArgs {
    /// Events kept per organization for SSE reconnections (`Last-Event-ID`)
    #[arg(long, env = "PARSEC_EVENTS_CACHE_SIZE", value_name = "INTEGER", default_value_t = DEFAULT_EVENTS_CACHE_SIZE,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub events_cache_size: u32,

    /// Events kept for reconnections across all organizations; beyond it, the events of the organizations without open streams that were idle the longest are dropped first
    #[arg(long, env = "PARSEC_EVENTS_CACHE_TOTAL", value_name = "INTEGER", default_value_t = DEFAULT_EVENTS_CACHE_TOTAL,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub events_cache_total: u32,

    /// Seconds during which an event identical to one just published is not sent again (0 disables)
    #[arg(
        long,
        env = "PARSEC_EVENTS_COALESCE_WINDOW",
        value_name = "SECONDS",
        default_value_t = 1.0
    )]
    pub events_coalesce_window: f64,

    /// Calls publishing events (`invite_new_*`, claimer `not_ready`) allowed per second and per device or invitation, on average (0 disables)
    #[arg(
        long,
        env = "PARSEC_EVENTS_PUBLISH_RATE",
        value_name = "PER_SECOND",
        default_value_t = 20.0
    )]
    pub events_publish_rate: f64,

    /// Such calls allowed in a burst, before the average rate applies
    #[arg(long, env = "PARSEC_EVENTS_PUBLISH_BURST", value_name = "INTEGER", default_value_t = 200,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub events_publish_burst: u32,

    /// Step requests held per greeting attempt and side; a newer one releases the oldest (`not_ready`)
    #[arg(long, env = "PARSEC_GREETING_MAX_HELD_STEPS", value_name = "INTEGER", default_value_t = 2,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub greeting_max_held_steps: u32,

    /// Greeting attempts kept per invitation; starting one more is refused (HTTP 429)
    #[arg(long, env = "PARSEC_GREETING_MAX_ATTEMPTS", value_name = "INTEGER", default_value_t = 100,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub greeting_max_attempts: u32,

    /// Seconds after which cancelled greeting attempts, and those of finished or cancelled invitations, are deleted
    #[arg(long, env = "PARSEC_GREETING_ATTEMPT_RETENTION", value_name = "SECONDS", default_value_t = 3600,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub greeting_attempt_retention: u64,
}

/// Default of `--events-cache-size` (the official server's cache, which it shares
/// between all organizations).
pub const DEFAULT_EVENTS_CACHE_SIZE: u32 = 1024;

/// Default of `--events-cache-total`: at a few hundred bytes per event, tens of MB.
pub const DEFAULT_EVENTS_CACHE_TOTAL: u32 = 100_000;

/// The validated limits, part of [`crate::ServerConfig`].
#[derive(Debug, Clone, PartialEq)]
pub struct EventLimits {
    /// `--events-cache-size`.
    pub events_cache_size: usize,
    /// `--events-cache-total`.
    pub events_cache_total: usize,
    /// `--events-coalesce-window` (zero disables coalescing).
    pub events_coalesce_window: Duration,
    /// `--events-publish-rate`, per second (zero disables the limit).
    pub events_publish_rate: f64,
    /// `--events-publish-burst`.
    pub events_publish_burst: u32,
    /// `--greeting-max-held-steps`.
    pub greeting_max_held_steps: usize,
    /// `--greeting-max-attempts`.
    pub greeting_max_attempts: u64,
    /// `--greeting-attempt-retention`.
    pub greeting_attempt_retention: Duration,
}

impl Default for EventLimits {
    fn default() -> Self {
        Self {
            events_cache_size: DEFAULT_EVENTS_CACHE_SIZE as usize,
            events_cache_total: DEFAULT_EVENTS_CACHE_TOTAL as usize,
            events_coalesce_window: Duration::from_secs(1),
            events_publish_rate: 20.0,
            events_publish_burst: 200,
            greeting_max_held_steps: 2,
            greeting_max_attempts: 100,
            greeting_attempt_retention: Duration::from_secs(3600),
        }
    }
}

/// A number of seconds from the command line: negative, NaN or huge values are clamped.
fn seconds(value: f64) -> Duration {
    Duration::try_from_secs_f64(value.max(0.0)).unwrap_or(Duration::MAX)
}

impl EventLimitArgs {
    /// The limits these flags give.
    pub fn resolve(&self) -> EventLimits {
        let rate = self.events_publish_rate;
        EventLimits {
            events_cache_size: self.events_cache_size as usize,
            events_cache_total: self.events_cache_total as usize,
            events_coalesce_window: seconds(self.events_coalesce_window),
            events_publish_rate: if rate.is_finite() && rate > 0.0 {
                rate
            } else {
                0.0
            },
            events_publish_burst: self.events_publish_burst,
            greeting_max_held_steps: self.greeting_max_held_steps as usize,
            greeting_max_attempts: u64::from(self.greeting_max_attempts),
            greeting_attempt_retention: Duration::from_secs(self.greeting_attempt_retention),
        }
    }
}
