//! Joins (or restarts) the greeting attempt of the greeter's session (invite.md §3.1).

use crate::ids::{AccessToken, GreetingAttemptID};
use serde::{Deserialize, Serialize};

/// Request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Req {
    /// The invitation.
    pub token: AccessToken,
}

command! {
    /// The `invite_greeter_start_greeting_attempt` command.
    InviteGreeterStartGreetingAttempt = "invite_greeter_start_greeting_attempt" for [AuthenticatedCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The attempt the greeter joined.
        "ok" => Ok {
            /// Its ID.
            greeting_attempt: GreetingAttemptID,
        },
        /// Unknown token.
        "invitation_not_found" => InvitationNotFound,
        /// Already finished.
        "invitation_completed" => InvitationCompleted,
        /// Cancelled.
        "invitation_cancelled" => InvitationCancelled,
        /// Not an allowed greeter of this invitation.
        "author_not_allowed" => AuthorNotAllowed,
    }
}
