//! Creates the first user and device of an organization (certificates.md §5).

use crate::cmds::TimestampOutOfBallpark;
use crate::crypto::VerifyKey;
use crate::ids::AccessToken;
use serde::{Deserialize, Serialize};

/// Request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Req {
    /// The token from the bootstrap URL, `None` for a spontaneous bootstrap.
    pub bootstrap_token: Option<AccessToken>,
    /// The organization's root verify key.
    pub root_verify_key: VerifyKey,
    /// Root-signed user certificate.
    #[serde(with = "serde_bytes")]
    pub user_certificate: Vec<u8>,
    /// Root-signed device certificate.
    #[serde(with = "serde_bytes")]
    pub device_certificate: Vec<u8>,
    /// Same without the human handle.
    #[serde(with = "serde_bytes")]
    pub redacted_user_certificate: Vec<u8>,
    /// Same without the device label.
    #[serde(with = "serde_bytes")]
    pub redacted_device_certificate: Vec<u8>,
    /// Optional root-signed sequester authority certificate.
    #[serde(with = "serde_bytes")]
    pub sequester_authority_certificate: Option<Vec<u8>>,
}

command! {
    /// The `organization_bootstrap` command.
    OrganizationBootstrap = "organization_bootstrap" for [AnonymousCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Rep {
        /// Bootstrapped.
        "ok" => Ok,
        /// A certificate failed a check.
        "invalid_certificate" => InvalidCertificate,
        /// Someone already bootstrapped it.
        "organization_already_bootstrapped" => OrganizationAlreadyBootstrapped,
        /// The token does not match.
        "invalid_bootstrap_token" => InvalidBootstrapToken,
        /// The certificates' timestamp is too far from the server's clock.
        "timestamp_out_of_ballpark" => TimestampOutOfBallpark(TimestampOutOfBallpark),
    }
}
