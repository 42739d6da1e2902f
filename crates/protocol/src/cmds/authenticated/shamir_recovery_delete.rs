//! Deletes the author's shared recovery setup.

use crate::cmds::{RequireGreaterTimestamp, TimestampOutOfBallpark};
use serde::{Deserialize, Serialize};

pub use super::shamir_recovery_setup::LastShamirCertificate;

/// Request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Req {
    /// The signed deletion certificate.
    #[serde(with = "serde_bytes")]
    pub shamir_recovery_deletion_certificate: Vec<u8>,
}

command! {
    /// The `shamir_recovery_delete` command.
    ShamirRecoveryDelete = "shamir_recovery_delete" for [AuthenticatedCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Rep {
        /// The setup is deleted.
        "ok" => Ok,
        /// The certificate cannot be verified or decoded.
        "invalid_certificate_corrupted" => InvalidCertificateCorrupted,
        /// The setup is not the author's own.
        "invalid_certificate_user_id_must_be_self" => InvalidCertificateUserIdMustBeSelf,
        /// No setup of that user at that timestamp.
        "shamir_recovery_not_found" => ShamirRecoveryNotFound,
        /// `share_recipients` is not the setup's recipients.
        "recipients_mismatch" => RecipientsMismatch,
        /// The setup was deleted before.
        "shamir_recovery_already_deleted" => ShamirRecoveryAlreadyDeleted(LastShamirCertificate),
        /// The certificate's timestamp is too far from the server's clock.
        "timestamp_out_of_ballpark" => TimestampOutOfBallpark(TimestampOutOfBallpark),
        /// Another certificate is newer: retry with a greater timestamp.
        "require_greater_timestamp" => RequireGreaterTimestamp(RequireGreaterTimestamp),
    }
}
