//! Storage used by the organization.

use serde::{Deserialize, Serialize};

/// Request (no fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Req;

/// Fields of `ok`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Info {
    /// Bytes of metadata (vlobs).
    pub total_metadata_bytes: u64,
    /// Bytes of data blocks.
    pub total_block_bytes: u64,
}

command! {
    /// The `organization_info` command.
    OrganizationInfo = "organization_info" for [AuthenticatedCommand], no fields;
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The sizes.
        "ok" => Ok(Info),
    }
}
