//! Ends the authenticated user's TOTP setup with a valid code.

use serde::{Deserialize, Serialize};

/// Request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Req {
    /// The current 6-digit code of the secret.
    pub one_time_password: String,
}

command! {
    /// The authenticated `totp_setup_confirm` command.
    TotpSetupConfirm = "totp_setup_confirm" for [AuthenticatedCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The setup is complete.
        "ok" => Ok,
        /// Wrong code, or no secret fetched yet.
        "invalid_one_time_password" => InvalidOneTimePassword,
        /// The setup was confirmed before.
        "already_setup" => AlreadySetup,
    }
}
