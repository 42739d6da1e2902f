//! Deleting greeting attempts nobody can use any more: cancelled ones and those of
//! finished or cancelled invitations, once older than `--greeting-attempt-retention`.
//! Until then they still answer `greeting_attempt_cancelled` (or the invitation's
//! state) to a late peer, as the official server does; after, `greeting_attempt_not_found`.
//! `invite_info` then no longer counts their join times.

use crate::state::AppState;
use crate::storage::StorageError;
use parsec_protocol::ids::OrganizationID;
use parsec_protocol::DateTime;
use std::time::Duration;

/// Purges what ended before `now` minus the retention, in `only` or in every
/// organization. Returns how many attempts went.
pub async fn purge_stale_attempts(
    state: &AppState,
    now: DateTime,
    only: Option<&OrganizationID>,
) -> Result<u64, StorageError> {
    let retention = state.config.event_limits.greeting_attempt_retention;
    let micros = i64::try_from(retention.as_micros()).unwrap_or(i64::MAX);
    let before = DateTime::from_micros(now.as_micros().saturating_sub(micros));
    let purged = state.store.purge_greeting_attempts(before, only).await?;
    if purged > 0 {
        tracing::info!(purged, "stale greeting attempts deleted");
    }
    Ok(purged)
}

/// How often the maintenance runs: a quarter of the retention, between 10 ms and a minute.
fn period(retention: Duration) -> Duration {
    (retention / 4).clamp(Duration::from_millis(10), Duration::from_secs(60))
}

/// Aborts the maintenance task when dropped.
#[derive(Debug)]
pub struct Maintenance(tokio::task::JoinHandle<()>);

impl Drop for Maintenance {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Starts purging stale attempts and idle event topics now and then, until the server
/// shuts down or the returned guard is dropped.
pub fn spawn_maintenance(state: AppState) -> Maintenance {
    let every = period(state.config.event_limits.greeting_attempt_retention);
    Maintenance(tokio::spawn(async move {
        let mut shutdown = std::pin::pin!(state.shutdown_signal());
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = ticks.tick() => {}
                () = &mut shutdown => return,
            }
            if let Err(e) = purge_stale_attempts(&state, DateTime::now(), None).await {
                tracing::warn!("cannot purge stale greeting attempts: {e}");
            }
            state.events.sweep();
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        assert_eq!(period(Duration::from_secs(3600)), Duration::from_secs(60));
        assert_eq!(period(Duration::from_secs(1)), Duration::from_millis(250));
        assert_eq!(period(Duration::ZERO), Duration::from_millis(10));
    }
}
