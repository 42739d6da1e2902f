//! Creates a user and its first device (certificates.md §6).

use crate::cmds::{RequireGreaterTimestamp, TimestampOutOfBallpark};
use serde::{Deserialize, Serialize};

/// Request: four certificates signed by the author's device, same timestamp.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Req {
    /// The user certificate.
    #[serde(with = "serde_bytes")]
    pub user_certificate: Vec<u8>,
    /// The first device's certificate.
    #[serde(with = "serde_bytes")]
    pub device_certificate: Vec<u8>,
    /// The user certificate without its human handle.
    #[serde(with = "serde_bytes")]
    pub redacted_user_certificate: Vec<u8>,
    /// The device certificate without its label.
    #[serde(with = "serde_bytes")]
    pub redacted_device_certificate: Vec<u8>,
}

command! {
    /// The `user_create` command.
    UserCreate = "user_create" for [AuthenticatedCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Rep {
        /// Created.
        "ok" => Ok,
        /// The author is not currently ADMIN.
        "author_not_allowed" => AuthorNotAllowed,
        /// The organization's active users limit is reached.
        "active_users_limit_reached" => ActiveUsersLimitReached,
        /// The user or device ID exists.
        "user_already_exists" => UserAlreadyExists,
        /// A non-revoked user has this email.
        "human_handle_already_taken" => HumanHandleAlreadyTaken,
        /// A certificate failed a check.
        "invalid_certificate" => InvalidCertificate,
        /// The certificates' timestamp is too far from the server's clock.
        "timestamp_out_of_ballpark" => TimestampOutOfBallpark(TimestampOutOfBallpark),
        /// Another certificate is newer: retry with a greater timestamp.
        "require_greater_timestamp" => RequireGreaterTimestamp(RequireGreaterTimestamp),
    }
}
