//! TOTP setup after an administrator's reset (`user totp-reset`): the user proves it
//! holds the reset URL's token and gets the TOTP secret to enrol in its authenticator.

use crate::ids::{AccessToken, UserID};
use serde::{Deserialize, Serialize};

/// Request: the user and token of the reset URL (`a=totp_reset`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Req {
    /// The user whose TOTP was reset.
    pub user_id: UserID,
    /// The reset token.
    pub token: AccessToken,
}

/// Fields of `ok`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpSecret {
    /// Raw HMAC-SHA-1 key (20 bytes).
    #[serde(with = "serde_bytes")]
    pub totp_secret: Vec<u8>,
}

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(<redacted>)")
    }
}

command! {
    /// The anonymous `totp_setup_get_secret` command.
    TotpSetupGetSecret = "totp_setup_get_secret" for [AnonymousCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The secret (the same one until the setup is confirmed).
        "ok" => Ok(TotpSecret),
        /// Unknown, revoked or frozen user, wrong or used token, setup already done.
        "bad_token" => BadToken,
    }
}
