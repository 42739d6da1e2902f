//! Gets the ciphered recovery device of a shamir recovery invitation, against the reveal
//! token rebuilt from the shares.

use crate::ids::AccessToken;
use serde::{Deserialize, Serialize};

/// Request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Req {
    /// The recovery secret's `reveal_token`.
    pub reveal_token: AccessToken,
}

/// Fields of `ok`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revealed {
    /// The recovery device, encrypted with the secret's `data_key`.
    #[serde(with = "serde_bytes")]
    pub ciphered_data: Vec<u8>,
}

command! {
    /// The `invite_shamir_recovery_reveal` command.
    InviteShamirRecoveryReveal = "invite_shamir_recovery_reveal" for [InvitedCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The ciphered recovery device.
        "ok" => Ok(Revealed),
        /// The invitation is not a shamir recovery one.
        "bad_invitation_type" => BadInvitationType,
        /// Not the setup's reveal token.
        "bad_reveal_token" => BadRevealToken,
    }
}
