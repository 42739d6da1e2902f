//! Revokes another user (certificates.md §9); the author must be ADMIN.

use crate::cmds::{RequireGreaterTimestamp, TimestampOutOfBallpark};
use crate::time::DateTime;
use serde::{Deserialize, Serialize};

/// Request: the revocation certificate, signed by the author's device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Req {
    /// The revoked user certificate.
    #[serde(with = "serde_bytes")]
    pub revoked_user_certificate: Vec<u8>,
}

/// Fields of `user_already_revoked`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserAlreadyRevoked {
    /// Timestamp of the existing revocation certificate.
    pub last_common_certificate_timestamp: DateTime,
}

command! {
    /// The `user_revoke` command.
    UserRevoke = "user_revoke" for [AuthenticatedCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Rep {
        /// Revoked.
        "ok" => Ok,
        /// The author is not currently ADMIN.
        "author_not_allowed" => AuthorNotAllowed,
        /// The target user does not exist.
        "user_not_found" => UserNotFound,
        /// The target was revoked before (the official client treats it as success).
        "user_already_revoked" => UserAlreadyRevoked(UserAlreadyRevoked),
        /// The certificate failed a check (including self-revocation).
        "invalid_certificate" => InvalidCertificate,
        /// The certificate's timestamp is too far from the server's clock.
        "timestamp_out_of_ballpark" => TimestampOutOfBallpark(TimestampOutOfBallpark),
        /// Another certificate is newer: retry with a greater timestamp.
        "require_greater_timestamp" => RequireGreaterTimestamp(RequireGreaterTimestamp),
    }
}
