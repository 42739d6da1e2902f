//! The timestamp window ("ballpark", certificates.md §4.1, wire.md §1.4).
//!
//! With `delta = server_now − client_timestamp` in seconds, a timestamp is accepted iff
//! `−300 < delta < 320`: the client may be up to 300 s ahead and 320 s behind.

use parsec_protocol::cmds::TimestampOutOfBallpark;
use parsec_protocol::DateTime;

/// How far ahead of the server a client may be, in seconds.
pub const BALLPARK_CLIENT_EARLY_OFFSET: f64 = 300.0;
/// How far behind the server a client may be, in seconds.
pub const BALLPARK_CLIENT_LATE_OFFSET: f64 = 320.0;

/// Whether `client` is inside the window around `server_now` (bounds excluded).
pub fn timestamps_in_the_ballpark(client: DateTime, server_now: DateTime) -> bool {
    let delta = server_now.seconds_since(client);
    -BALLPARK_CLIENT_EARLY_OFFSET < delta && delta < BALLPARK_CLIENT_LATE_OFFSET
}

/// `None` when `client` is acceptable, else the fields of `timestamp_out_of_ballpark`.
pub fn check(client: DateTime, server_now: DateTime) -> Option<TimestampOutOfBallpark> {
    (!timestamps_in_the_ballpark(client, server_now)).then_some(TimestampOutOfBallpark {
        ballpark_client_early_offset: BALLPARK_CLIENT_EARLY_OFFSET,
        ballpark_client_late_offset: BALLPARK_CLIENT_LATE_OFFSET,
        server_timestamp: server_now,
        client_timestamp: client,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = 1_000_000;

    #[test]
    fn window_bounds() {
        let now = DateTime::from_micros(1_700_000_000 * S);
        // Live observations: 310 s behind ok, 330 s behind refused, 290 s ahead ok,
        // 310 s ahead refused.
        assert!(timestamps_in_the_ballpark(now.add_micros(-310 * S), now));
        assert!(!timestamps_in_the_ballpark(now.add_micros(-330 * S), now));
        assert!(timestamps_in_the_ballpark(now.add_micros(290 * S), now));
        assert!(!timestamps_in_the_ballpark(now.add_micros(310 * S), now));
        // Strict bounds.
        assert!(!timestamps_in_the_ballpark(now.add_micros(-320 * S), now));
        assert!(!timestamps_in_the_ballpark(now.add_micros(300 * S), now));
        assert!(timestamps_in_the_ballpark(now.add_micros(300 * S - 1), now));
        let rep = check(now.add_micros(-330 * S), now).expect("out of the window");
        assert_eq!(rep.server_timestamp, now);
        assert_eq!(rep.ballpark_client_late_offset, 320.0);
    }
}
