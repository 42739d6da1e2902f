//! User and device management from certificates (certificates.md §6–9): `user_create`,
//! `device_create` ([`create`]), `user_revoke`, `user_update` ([`change`]).
//!
//! Each command verifies its certificates against the requesting device, then checks
//! and writes in one storage transaction, in the order of the official memory backend
//! (`server/parsec/components/memory/user.py` and `components/user.py` of 3.9.3). A new
//! certificate of the common topic must be strictly newer than the topic's last one;
//! after a commit a `COMMON_CERTIFICATE` event goes to the whole organization.

pub mod change;
pub mod create;

use super::AuthenticatedUser;
use crate::ballpark;
use parsec_protocol::certif::verify_and_load;
use parsec_protocol::cmds::{RequireGreaterTimestamp, TimestampOutOfBallpark};
use parsec_protocol::data::Typed;
use parsec_protocol::DateTime;

/// Why certificates are refused before any state is looked at.
#[derive(Debug)]
pub(crate) enum Invalid {
    /// `invalid_certificate`.
    Certificate,
    /// `timestamp_out_of_ballpark`.
    OutOfBallpark(TimestampOutOfBallpark),
}

/// Verifies a certificate with the requesting device's key.
pub(crate) fn verify<T: Typed>(auth: &AuthenticatedUser, signed: &[u8]) -> Result<T, Invalid> {
    verify_and_load(signed, &auth.verify_key).map_err(|_| Invalid::Certificate)
}

/// The ballpark check of certificates.md §4.1.
pub(crate) fn in_ballpark(timestamp: DateTime, now: DateTime) -> Result<(), Invalid> {
    match ballpark::check(timestamp, now) {
        None => Ok(()),
        Some(out) => Err(Invalid::OutOfBallpark(out)),
    }
}

/// The causality check of certificates.md §4.2 against the common topic.
pub(crate) fn check_causality(
    last: Option<DateTime>,
    timestamp: DateTime,
) -> Result<(), RequireGreaterTimestamp> {
    match last {
        Some(last) if last >= timestamp => Err(RequireGreaterTimestamp {
            strictly_greater_than: last,
        }),
        _ => Ok(()),
    }
}
