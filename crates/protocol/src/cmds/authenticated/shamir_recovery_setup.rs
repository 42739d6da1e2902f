//! Sets up the author's shared recovery: the brief certificate, one share certificate
//! per recipient, and the ciphered recovery device the shares unlock.

use crate::cmds::{RequireGreaterTimestamp, TimestampOutOfBallpark};
use crate::ids::AccessToken;
use crate::time::DateTime;
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

/// Request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Req {
    /// The recovery device, encrypted with the secret's `data_key`.
    #[serde(with = "serde_bytes")]
    pub ciphered_data: Vec<u8>,
    /// The secret's `reveal_token`, for `invite_shamir_recovery_reveal`.
    pub reveal_token: AccessToken,
    /// The signed brief certificate.
    #[serde(with = "serde_bytes")]
    pub shamir_recovery_brief_certificate: Vec<u8>,
    /// One signed share certificate per recipient.
    pub shamir_recovery_share_certificates: Vec<ByteBuf>,
}

/// Fields of `revoked_recipient`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevokedRecipient {
    /// The server's last common certificate.
    pub last_common_certificate_timestamp: DateTime,
}

/// Fields of `shamir_recovery_already_exists` (and of the deletion's
/// `shamir_recovery_already_deleted`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastShamirCertificate {
    /// The server's last shamir certificate.
    pub last_shamir_certificate_timestamp: DateTime,
}

command! {
    /// The `shamir_recovery_setup` command.
    ShamirRecoverySetup = "shamir_recovery_setup" for [AuthenticatedCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Rep {
        /// The setup is in place.
        "ok" => Ok,
        /// The brief certificate cannot be verified or decoded.
        "invalid_certificate_brief_corrupted" => InvalidCertificateBriefCorrupted,
        /// A share certificate cannot be verified or decoded.
        "invalid_certificate_share_corrupted" => InvalidCertificateShareCorrupted,
        /// A share certificate is for someone the brief does not name.
        "invalid_certificate_share_recipient_not_in_brief" => InvalidCertificateShareRecipientNotInBrief,
        /// Two share certificates for one recipient.
        "invalid_certificate_duplicate_share_for_recipient" => InvalidCertificateDuplicateShareForRecipient,
        /// The user to recover is among the recipients.
        "invalid_certificate_author_included_as_recipient" => InvalidCertificateAuthorIncludedAsRecipient,
        /// A recipient of the brief has no share certificate.
        "invalid_certificate_missing_share_for_recipient" => InvalidCertificateMissingShareForRecipient,
        /// A share certificate's timestamp is not the brief's.
        "invalid_certificate_share_inconsistent_timestamp" => InvalidCertificateShareInconsistentTimestamp,
        /// The certificates are not about the author's own user.
        "invalid_certificate_user_id_must_be_self" => InvalidCertificateUserIdMustBeSelf,
        /// A recipient does not exist.
        "recipient_not_found" => RecipientNotFound,
        /// A recipient is revoked.
        "revoked_recipient" => RevokedRecipient(RevokedRecipient),
        /// The author already has a setup (delete it first).
        "shamir_recovery_already_exists" => ShamirRecoveryAlreadyExists(LastShamirCertificate),
        /// The certificate's timestamp is too far from the server's clock.
        "timestamp_out_of_ballpark" => TimestampOutOfBallpark(TimestampOutOfBallpark),
        /// Another certificate is newer: retry with a greater timestamp.
        "require_greater_timestamp" => RequireGreaterTimestamp(RequireGreaterTimestamp),
    }
}
