//! Creates a random key the server keeps for the authenticated user and hands back only
//! for a valid TOTP code (`totp_fetch_opaque_key`): the second factor of TOTP-protected
//! device files.

use crate::crypto::SecretKey;
use crate::ids::TOTPOpaqueKeyID;

/// Request (no fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Req;

command! {
    /// The `totp_create_opaque_key` command.
    TotpCreateOpaqueKey = "totp_create_opaque_key" for [AuthenticatedCommand], no fields;
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The new key and its ID.
        "ok" => Ok {
            /// Its ID.
            opaque_key_id: TOTPOpaqueKeyID,
            /// The key.
            opaque_key: SecretKey,
        },
    }
}
