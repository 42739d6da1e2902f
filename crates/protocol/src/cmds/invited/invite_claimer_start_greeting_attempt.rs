//! Joins (or restarts) the attempt of the session with the chosen greeter (§3.1).

use crate::ids::{GreetingAttemptID, UserID};
use serde::{Deserialize, Serialize};

/// Request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Req {
    /// The user the claimer wants to be greeted by.
    pub greeter: UserID,
}

command! {
    /// The `invite_claimer_start_greeting_attempt` command.
    InviteClaimerStartGreetingAttempt = "invite_claimer_start_greeting_attempt" for [InvitedCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The attempt the claimer joined.
        "ok" => Ok {
            /// Its ID.
            greeting_attempt: GreetingAttemptID,
        },
        /// No such user.
        "greeter_not_found" => GreeterNotFound,
        /// The greeter was revoked.
        "greeter_revoked" => GreeterRevoked,
        /// The greeter may not greet this invitation.
        "greeter_not_allowed" => GreeterNotAllowed,
    }
}
