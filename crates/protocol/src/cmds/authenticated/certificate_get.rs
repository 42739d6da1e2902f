//! Fetches certificates newer than what the client has (certificates.md §10).

use crate::ids::VlobID;
use crate::time::DateTime;
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;
use std::collections::BTreeMap;

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

command! {
    /// The `certificate_get` command.
    CertificateGet = "certificate_get" for [AuthenticatedCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The certificates.
        "ok" => Ok(Certificates),
    }
}
