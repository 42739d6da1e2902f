//! First TOTP setup of the authenticated user: the secret to enrol in its authenticator.

pub use crate::cmds::anonymous::totp_setup_get_secret::TotpSecret;

/// Request (no fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Req;

command! {
    /// The authenticated `totp_setup_get_secret` command.
    TotpSetupGetSecret = "totp_setup_get_secret" for [AuthenticatedCommand], no fields;
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The secret (the same one until the setup is confirmed).
        "ok" => Ok(TotpSecret),
        /// The setup is already confirmed (an administrator must reset it first).
        "already_setup" => AlreadySetup,
    }
}
