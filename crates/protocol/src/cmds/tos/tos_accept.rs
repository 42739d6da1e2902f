//! Accepts the organization's terms of service, named by their `updated_on`.

use crate::time::DateTime;
use serde::{Deserialize, Serialize};

/// Request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Req {
    /// The `updated_on` of the terms the user read (from `tos_get`).
    pub tos_updated_on: DateTime,
}

command! {
    /// The `tos_accept` command.
    TosAccept = "tos_accept" for [TosCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// Accepted.
        "ok" => Ok,
        /// The organization has no terms of service.
        "no_tos" => NoTos,
        /// The terms changed since they were read (`tos_updated_on` is not the server's).
        "tos_mismatch" => TosMismatch,
    }
}
