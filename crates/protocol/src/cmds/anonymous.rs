//! Anonymous commands (`POST /anonymous/<org>`): `organization_bootstrap`, `ping`.

use super::{
    dump_rep, dump_req, dump_status, RawRep, RawReq, TimestampOutOfBallpark, UnknownStatus,
};
use crate::data::DataError;

/// Any request of the anonymous family, as the server decodes it.
#[derive(Debug)]
#[non_exhaustive]
pub enum AnyCmdReq {
    /// `organization_bootstrap`.
    OrganizationBootstrap(organization_bootstrap::Req),
    /// `ping` (debug servers only).
    Ping(ping::Req),
}

impl AnyCmdReq {
    /// Decodes a request body; an error means HTTP 415.
    pub fn load(bytes: &[u8]) -> Result<Self, DataError> {
        let raw = RawReq::parse(bytes)?;
        match raw.cmd.as_str() {
            organization_bootstrap::CMD => Ok(Self::OrganizationBootstrap(raw.fields()?)),
            ping::CMD => Ok(Self::Ping(raw.fields()?)),
            other => Err(DataError::Deserialization(format!(
                "unknown command `{other}`"
            ))),
        }
    }
}

/// Creates the first user and device of an organization (certificates.md §5).
pub mod organization_bootstrap {
    use super::*;
    use crate::crypto::VerifyKey;
    use crate::ids::AccessToken;
    use serde::{Deserialize, Serialize};

    /// Command name.
    pub const CMD: &str = "organization_bootstrap";

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

    impl Req {
        /// Encodes the request body.
        pub fn dump(&self) -> Vec<u8> {
            dump_req(CMD, self)
        }
    }

    /// Response.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Rep {
        /// Bootstrapped.
        Ok,
        /// A certificate failed a check.
        InvalidCertificate,
        /// Someone already bootstrapped it.
        OrganizationAlreadyBootstrapped,
        /// The token does not match.
        InvalidBootstrapToken,
        /// The certificates' timestamp is too far from the server's clock.
        TimestampOutOfBallpark(TimestampOutOfBallpark),
        /// Any other status.
        UnknownStatus(UnknownStatus),
    }

    impl Rep {
        /// Encodes the response body.
        pub fn dump(&self) -> Vec<u8> {
            match self {
                Self::Ok => dump_status("ok"),
                Self::InvalidCertificate => dump_status("invalid_certificate"),
                Self::OrganizationAlreadyBootstrapped => {
                    dump_status("organization_already_bootstrapped")
                }
                Self::InvalidBootstrapToken => dump_status("invalid_bootstrap_token"),
                Self::TimestampOutOfBallpark(f) => dump_rep("timestamp_out_of_ballpark", f),
                Self::UnknownStatus(u) => dump_status(&u.status),
            }
        }

        /// Decodes a response body.
        pub fn load(bytes: &[u8]) -> Result<Self, DataError> {
            let raw = RawRep::parse(bytes)?;
            Ok(match raw.status.as_str() {
                "ok" => Self::Ok,
                "invalid_certificate" => Self::InvalidCertificate,
                "organization_already_bootstrapped" => Self::OrganizationAlreadyBootstrapped,
                "invalid_bootstrap_token" => Self::InvalidBootstrapToken,
                "timestamp_out_of_ballpark" => Self::TimestampOutOfBallpark(raw.fields()?),
                _ => Self::UnknownStatus(raw.unknown()),
            })
        }
    }
}

/// Echo command, served only by debug servers (wire.md §1.10).
pub mod ping {
    use super::*;
    use serde::{Deserialize, Serialize};

    /// Command name.
    pub const CMD: &str = "ping";

    /// Request.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Req {
        /// Echoed back.
        pub ping: String,
    }

    impl Req {
        /// Encodes the request body.
        pub fn dump(&self) -> Vec<u8> {
            dump_req(CMD, self)
        }
    }

    /// Fields of `ok`.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Pong {
        /// The echoed string.
        pub pong: String,
    }

    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// Echo.
        Ok(Pong),
        /// Any other status.
        UnknownStatus(UnknownStatus),
    }

    impl Rep {
        /// Encodes the response body.
        pub fn dump(&self) -> Vec<u8> {
            match self {
                Self::Ok(p) => dump_rep("ok", p),
                Self::UnknownStatus(u) => dump_status(&u.status),
            }
        }

        /// Decodes a response body.
        pub fn load(bytes: &[u8]) -> Result<Self, DataError> {
            let raw = RawRep::parse(bytes)?;
            Ok(match raw.status.as_str() {
                "ok" => Self::Ok(raw.fields()?),
                _ => Self::UnknownStatus(raw.unknown()),
            })
        }
    }
}
