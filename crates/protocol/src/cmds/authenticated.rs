//! Authenticated commands (`POST /authenticated/<org>`, signed `Authorization` header).

use super::{dump_rep, dump_req, dump_status, RawRep, RawReq, UnknownStatus};
use crate::data::DataError;

/// Any request of the authenticated family, as the server decodes it.
#[derive(Debug)]
#[non_exhaustive]
pub enum AnyCmdReq {
    /// `certificate_get`.
    CertificateGet(certificate_get::Req),
    /// `organization_info`.
    OrganizationInfo(organization_info::Req),
    /// `ping` (debug servers only).
    Ping(super::anonymous::ping::Req),
}

impl AnyCmdReq {
    /// Decodes a request body; an error means HTTP 415.
    pub fn load(bytes: &[u8]) -> Result<Self, DataError> {
        let raw = RawReq::parse(bytes)?;
        match raw.cmd.as_str() {
            certificate_get::CMD => Ok(Self::CertificateGet(raw.fields()?)),
            organization_info::CMD => {
                raw.no_fields()?;
                Ok(Self::OrganizationInfo(organization_info::Req))
            }
            super::anonymous::ping::CMD => Ok(Self::Ping(raw.fields()?)),
            other => Err(DataError::Deserialization(format!(
                "unknown command `{other}`"
            ))),
        }
    }
}

/// Fetches certificates newer than what the client has (certificates.md §10).
pub mod certificate_get {
    use super::*;
    use crate::ids::VlobID;
    use crate::time::DateTime;
    use serde::{Deserialize, Serialize};
    use serde_bytes::ByteBuf;
    use std::collections::BTreeMap;

    /// Command name.
    pub const CMD: &str = "certificate_get";

    /// Request: for each topic, only certificates strictly after the given time.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Req {
        /// Users, devices, updates and revocations.
        pub common_after: Option<DateTime>,
        /// Sequester authority and services.
        pub sequester_after: Option<DateTime>,
        /// Shamir recovery.
        pub shamir_recovery_after: Option<DateTime>,
        /// Per-realm topics.
        pub realm_after: BTreeMap<VlobID, DateTime>,
    }

    impl Req {
        /// Encodes the request body.
        pub fn dump(&self) -> Vec<u8> {
            dump_req(CMD, self)
        }
    }

    /// Fields of `ok`: signed certificates as uploaded, in timestamp order.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Certificates {
        /// Common topic.
        pub common_certificates: Vec<ByteBuf>,
        /// Sequester topic.
        pub sequester_certificates: Vec<ByteBuf>,
        /// Shamir topic.
        pub shamir_recovery_certificates: Vec<ByteBuf>,
        /// Realm topics.
        pub realm_certificates: BTreeMap<VlobID, Vec<ByteBuf>>,
    }

    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The certificates.
        Ok(Certificates),
        /// Any other status.
        UnknownStatus(UnknownStatus),
    }

    impl Rep {
        /// Encodes the response body.
        pub fn dump(&self) -> Vec<u8> {
            match self {
                Self::Ok(c) => dump_rep("ok", c),
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

/// Storage used by the organization.
pub mod organization_info {
    use super::*;
    use serde::{Deserialize, Serialize};

    /// Command name.
    pub const CMD: &str = "organization_info";

    /// Request (no fields).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Req;

    impl Req {
        /// Encodes the request body.
        pub fn dump(&self) -> Vec<u8> {
            dump_req(CMD, &())
        }
    }

    /// Fields of `ok`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Info {
        /// Bytes of metadata (vlobs).
        pub total_metadata_bytes: u64,
        /// Bytes of data blocks.
        pub total_block_bytes: u64,
    }

    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The sizes.
        Ok(Info),
        /// Any other status.
        UnknownStatus(UnknownStatus),
    }

    impl Rep {
        /// Encodes the response body.
        pub fn dump(&self) -> Vec<u8> {
            match self {
                Self::Ok(i) => dump_rep("ok", i),
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
