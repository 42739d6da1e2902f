//! Marks an invitation finished, at the very end of a greeting (§2.2, §4 step 17).

use crate::ids::AccessToken;
use serde::{Deserialize, Serialize};

/// Request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Req {
    /// The invitation.
    pub token: AccessToken,
}

command! {
    /// The `invite_complete` command.
    InviteComplete = "invite_complete" for [AuthenticatedCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// Finished.
        "ok" => Ok,
        /// Unknown token.
        "invitation_not_found" => InvitationNotFound,
        /// Neither an allowed greeter nor the claimer.
        "author_not_allowed" => AuthorNotAllowed,
        /// Already finished.
        "invitation_already_completed" => InvitationAlreadyCompleted,
        /// Cancelled.
        "invitation_cancelled" => InvitationCancelled,
    }
}
