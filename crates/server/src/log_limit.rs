//! Log lines that an attacker can multiply (refused connections, refused requests) are
//! rate limited: at most one line per kind every [`LOG_EVERY`], saying how many events it
//! covers, so a flood costs a few lines instead of one per event.

use std::time::{Duration, Instant};

/// How often at most a line is logged per kind.
pub const LOG_EVERY: Duration = Duration::from_secs(10);

/// Counts events per kind and says when a line is due.
#[derive(Debug, Default)]
pub struct RateLimitedLog {
    /// Kind, when its last line was logged, events since.
    kinds: Vec<(&'static str, Option<Instant>, u64)>,
}

impl RateLimitedLog {
    /// An empty log (usable in a `static`).
    pub const fn new() -> Self {
        Self { kinds: Vec::new() }
    }

    /// Counts one event of `kind`; calls `log` with the number of events since the last
    /// line (this one included) when a line is due. Returns whether it was called.
    pub fn note(&mut self, kind: &'static str, log: impl FnOnce(u64)) -> bool {
        let now = Instant::now();
        let i = match self.kinds.iter().position(|(k, ..)| *k == kind) {
            Some(i) => i,
            None => {
                self.kinds.push((kind, None, 0));
                self.kinds.len() - 1
            }
        };
        let (_, last, count) = &mut self.kinds[i];
        *count += 1;
        if last.is_none_or(|t| now.duration_since(t) >= LOG_EVERY) {
            log(*count);
            *last = Some(now);
            *count = 0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_rate_limited_per_kind() {
        let mut log = RateLimitedLog::new();
        let mut lines = 0;
        for _ in 0..1000 {
            log.note("cap", |_| lines += 1);
        }
        assert_eq!(lines, 1);
        log.note("other", |_| lines += 1);
        assert_eq!(lines, 2);
    }
}
