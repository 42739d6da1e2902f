//! Administrators' changes to other users (certificates.md §8–9): revocation and profile
//! update, each a certificate signed by the administrator's device.

use crate::connection::{AuthenticatedCmds, ConnectionError};
use parsec_protocol::certif::{self, RevokedUserCertificate, UserUpdateCertificate};
use parsec_protocol::cmds::authenticated::{user_revoke, user_update};
use parsec_protocol::cmds::{RequireGreaterTimestamp, TimestampOutOfBallpark};
use parsec_protocol::device_file::LocalDevice;
use parsec_protocol::ids::{UserID, UserProfile};
use parsec_protocol::DateTime;

/// How far after the server's last certificate a retried timestamp goes (the official
/// client's `USER_CERTIFICATE_STAMP_AHEAD_US`).
const STAMP_AHEAD_US: i64 = 500_000;
/// `require_greater_timestamp` retries before giving up.
const MAX_TIMESTAMP_RETRIES: usize = 10;

/// Why a revocation or a profile update failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UserAdminError {
    /// Transport or handshake failure (a revoked author gets `UserRevoked` here).
    #[error(transparent)]
    Connection(#[from] ConnectionError),
    /// `author_not_allowed`: the author is not an administrator.
    #[error("only administrators can change other users")]
    NotAllowed,
    /// `user_not_found`.
    #[error("user not found")]
    UserNotFound,
    /// `user_revoked` (update of a revoked user).
    #[error("this user is revoked")]
    UserRevoked,
    /// `invalid_certificate` (e.g. targeting oneself).
    #[error("the server refused the certificate")]
    InvalidCertificate,
    /// `timestamp_out_of_ballpark`.
    #[error("our clock ({client}) and the server's ({server}) are too far apart")]
    ClockDrift {
        /// Our timestamp.
        client: DateTime,
        /// The server's.
        server: DateTime,
    },
    /// `require_greater_timestamp` kept coming back.
    #[error("the server kept asking for a later timestamp")]
    TimestampRetriesExhausted,
    /// Another status.
    #[error("unexpected answer from the server: {0}")]
    UnexpectedStatus(String),
}

fn drift(t: TimestampOutOfBallpark) -> UserAdminError {
    UserAdminError::ClockDrift {
        client: t.client_timestamp,
        server: t.server_timestamp,
    }
}

fn next_timestamp(r: &RequireGreaterTimestamp) -> DateTime {
    DateTime::now().max(r.strictly_greater_than.add_micros(STAMP_AHEAD_US))
}

/// What a revocation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevokeOutcome {
    /// Revoked now, at this time.
    Revoked(DateTime),
    /// Someone had revoked the user already (the official client treats this as success).
    AlreadyRevoked(DateTime),
}

/// Revokes `user` with `author`'s device.
pub async fn revoke_user(
    cmds: &AuthenticatedCmds,
    author: &LocalDevice,
    user: UserID,
) -> Result<RevokeOutcome, UserAdminError> {
    let mut timestamp = DateTime::now();
    for _ in 0..MAX_TIMESTAMP_RETRIES {
        let certificate = RevokedUserCertificate {
            author: author.device_id,
            timestamp,
            user_id: user,
        };
        let req = user_revoke::Req {
            revoked_user_certificate: certif::dump_and_sign(&certificate, &author.signing_key),
        };
        match cmds.send::<user_revoke::UserRevoke>(&req).await? {
            user_revoke::Rep::Ok => return Ok(RevokeOutcome::Revoked(timestamp)),
            user_revoke::Rep::UserAlreadyRevoked(r) => {
                return Ok(RevokeOutcome::AlreadyRevoked(
                    r.last_common_certificate_timestamp,
                ))
            }
            user_revoke::Rep::RequireGreaterTimestamp(r) => timestamp = next_timestamp(&r),
            user_revoke::Rep::AuthorNotAllowed => return Err(UserAdminError::NotAllowed),
            user_revoke::Rep::UserNotFound => return Err(UserAdminError::UserNotFound),
            user_revoke::Rep::InvalidCertificate => return Err(UserAdminError::InvalidCertificate),
            user_revoke::Rep::TimestampOutOfBallpark(t) => return Err(drift(t)),
            user_revoke::Rep::UnknownStatus(u) => {
                return Err(UserAdminError::UnexpectedStatus(u.status))
            }
        }
    }
    Err(UserAdminError::TimestampRetriesExhausted)
}

/// What a profile update did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateOutcome {
    /// Changed now, at this time.
    Updated(DateTime),
    /// The user already had that profile (the official client treats this as success).
    NoChanges,
}

/// Gives `user` the profile `new_profile`, signed by `author`'s device.
pub async fn update_user_profile(
    cmds: &AuthenticatedCmds,
    author: &LocalDevice,
    user: UserID,
    new_profile: UserProfile,
) -> Result<UpdateOutcome, UserAdminError> {
    let mut timestamp = DateTime::now();
    for _ in 0..MAX_TIMESTAMP_RETRIES {
        let certificate = UserUpdateCertificate {
            author: author.device_id,
            timestamp,
            user_id: user,
            new_profile,
        };
        let req = user_update::Req {
            user_update_certificate: certif::dump_and_sign(&certificate, &author.signing_key),
        };
        match cmds.send::<user_update::UserUpdate>(&req).await? {
            user_update::Rep::Ok => return Ok(UpdateOutcome::Updated(timestamp)),
            user_update::Rep::UserNoChanges => return Ok(UpdateOutcome::NoChanges),
            user_update::Rep::RequireGreaterTimestamp(r) => timestamp = next_timestamp(&r),
            user_update::Rep::AuthorNotAllowed => return Err(UserAdminError::NotAllowed),
            user_update::Rep::UserNotFound => return Err(UserAdminError::UserNotFound),
            user_update::Rep::UserRevoked => return Err(UserAdminError::UserRevoked),
            user_update::Rep::InvalidCertificate => return Err(UserAdminError::InvalidCertificate),
            user_update::Rep::TimestampOutOfBallpark(t) => return Err(drift(t)),
            user_update::Rep::UnknownStatus(u) => {
                return Err(UserAdminError::UnexpectedStatus(u.status))
            }
        }
    }
    Err(UserAdminError::TimestampRetriesExhausted)
}
