//! Ends the TOTP setup started with the anonymous `totp_setup_get_secret`: a valid code
//! proves the authenticator holds the secret, and the reset token stops working.

use crate::ids::{AccessToken, UserID};
use serde::{Deserialize, Serialize};

/// Request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Req {
    /// The user whose TOTP was reset.
    pub user_id: UserID,
    /// The reset token.
    pub token: AccessToken,
    /// The current 6-digit code of the secret.
    pub one_time_password: String,
}

command! {
    /// The anonymous `totp_setup_confirm` command.
    TotpSetupConfirm = "totp_setup_confirm" for [AnonymousCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The setup is complete.
        "ok" => Ok,
        /// Wrong code, or no secret fetched yet.
        "invalid_one_time_password" => InvalidOneTimePassword,
        /// Unknown, revoked or frozen user, wrong or used token, setup already done.
        "bad_token" => BadToken,
    }
}
