//! Adds a device to the author's own user (certificates.md §7).

use crate::cmds::{RequireGreaterTimestamp, TimestampOutOfBallpark};
use serde::{Deserialize, Serialize};

/// Request: the device certificate and its redacted twin, signed by the author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Req {
    /// The device certificate.
    #[serde(with = "serde_bytes")]
    pub device_certificate: Vec<u8>,
    /// The same without its label.
    #[serde(with = "serde_bytes")]
    pub redacted_device_certificate: Vec<u8>,
}

command! {
    /// The `device_create` command.
    DeviceCreate = "device_create" for [AuthenticatedCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Rep {
        /// Created.
        "ok" => Ok,
        /// A certificate failed a check.
        "invalid_certificate" => InvalidCertificate,
        /// The device ID exists.
        "device_already_exists" => DeviceAlreadyExists,
        /// The certificate's timestamp is too far from the server's clock.
        "timestamp_out_of_ballpark" => TimestampOutOfBallpark(TimestampOutOfBallpark),
        /// Another certificate is newer: retry with a greater timestamp.
        "require_greater_timestamp" => RequireGreaterTimestamp(RequireGreaterTimestamp),
    }
}
