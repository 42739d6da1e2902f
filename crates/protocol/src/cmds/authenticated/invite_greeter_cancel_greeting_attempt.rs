//! Cancels a greeting attempt from the greeter side (invite.md §3.3).

use crate::ids::GreetingAttemptID;
use crate::invite::{CancelledGreetingAttemptReason, GreetingAttemptCancelled};
use serde::{Deserialize, Serialize};

/// Request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Req {
    /// The attempt.
    pub greeting_attempt: GreetingAttemptID,
    /// Why.
    pub reason: CancelledGreetingAttemptReason,
}

command! {
    /// The `invite_greeter_cancel_greeting_attempt` command.
    InviteGreeterCancelGreetingAttempt = "invite_greeter_cancel_greeting_attempt" for [AuthenticatedCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// Cancelled.
        "ok" => Ok,
        /// The invitation is finished.
        "invitation_completed" => InvitationCompleted,
        /// The invitation is cancelled.
        "invitation_cancelled" => InvitationCancelled,
        /// The greeter is no longer allowed.
        "author_not_allowed" => AuthorNotAllowed,
        /// Unknown attempt, or one of another greeter.
        "greeting_attempt_not_found" => GreetingAttemptNotFound,
        /// The greeter has not joined this attempt.
        "greeting_attempt_not_joined" => GreetingAttemptNotJoined,
        /// Someone cancelled first: that cancellation stands.
        "greeting_attempt_already_cancelled" => GreetingAttemptAlreadyCancelled(GreetingAttemptCancelled),
    }
}
