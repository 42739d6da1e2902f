//! Cancels an invitation (§2.2).

use crate::ids::AccessToken;
use serde::{Deserialize, Serialize};

/// Request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Req {
    /// The invitation.
    pub token: AccessToken,
}

command! {
    /// The `invite_cancel` command.
    InviteCancel = "invite_cancel" for [AuthenticatedCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// Cancelled.
        "ok" => Ok,
        /// Unknown token.
        "invitation_not_found" => InvitationNotFound,
        /// Neither an allowed greeter nor the claimer.
        "author_not_allowed" => AuthorNotAllowed,
        /// Already finished.
        "invitation_completed" => InvitationCompleted,
        /// Already cancelled.
        "invitation_already_cancelled" => InvitationAlreadyCancelled,
    }
}
