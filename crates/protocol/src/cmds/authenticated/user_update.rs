//! Changes another user's profile (certificates.md §8); the author must be ADMIN.

use crate::cmds::{RequireGreaterTimestamp, TimestampOutOfBallpark};
use serde::{Deserialize, Serialize};

/// Request: the user update certificate, signed by the author's device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Req {
    /// The user update certificate.
    #[serde(with = "serde_bytes")]
    pub user_update_certificate: Vec<u8>,
}

command! {
    /// The `user_update` command.
    UserUpdate = "user_update" for [AuthenticatedCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Rep {
        /// Updated.
        "ok" => Ok,
        /// The author is not currently ADMIN.
        "author_not_allowed" => AuthorNotAllowed,
        /// The target user does not exist.
        "user_not_found" => UserNotFound,
        /// The target user is revoked.
        "user_revoked" => UserRevoked,
        /// The target already has this profile (the official client treats it as success).
        "user_no_changes" => UserNoChanges,
        /// The certificate failed a check (including targeting oneself).
        "invalid_certificate" => InvalidCertificate,
        /// The certificate's timestamp is too far from the server's clock.
        "timestamp_out_of_ballpark" => TimestampOutOfBallpark(TimestampOutOfBallpark),
        /// Another certificate is newer: retry with a greater timestamp.
        "require_greater_timestamp" => RequireGreaterTimestamp(RequireGreaterTimestamp),
    }
}
