//! Hands out a TOTP-protected key (created with `totp_create_opaque_key`) for a valid
//! code; wrong codes are throttled per key, `2^(n-1)` seconds after the n-th failure.

use crate::crypto::SecretKey;
use crate::ids::{TOTPOpaqueKeyID, UserID};
use crate::time::DateTime;
use serde::{Deserialize, Serialize};

/// Request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Req {
    /// The key's owner.
    pub user_id: UserID,
    /// The key.
    pub opaque_key_id: TOTPOpaqueKeyID,
    /// The current 6-digit code of the user's TOTP secret.
    pub one_time_password: String,
}

command! {
    /// The `totp_fetch_opaque_key` command.
    TotpFetchOpaqueKey = "totp_fetch_opaque_key" for [AnonymousCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The key.
        "ok" => Ok {
            /// The opaque key.
            opaque_key: SecretKey,
        },
        /// Wrong code, unknown key, or a user that is unknown, revoked, frozen or
        /// without TOTP setup.
        "invalid_one_time_password" => InvalidOneTimePassword,
        /// Too many wrong codes lately: no code is checked before `wait_until`.
        "throttled" => Throttled {
            /// When the next attempt is allowed.
            wait_until: DateTime,
        },
    }
}
