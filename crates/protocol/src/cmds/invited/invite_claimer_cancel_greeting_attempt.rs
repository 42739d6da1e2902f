//! Cancels a greeting attempt from the claimer side (§3.3).

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
    /// The `invite_claimer_cancel_greeting_attempt` command.
    InviteClaimerCancelGreetingAttempt = "invite_claimer_cancel_greeting_attempt" for [InvitedCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// Cancelled.
        "ok" => Ok,
        /// The greeter was revoked.
        "greeter_revoked" => GreeterRevoked,
        /// The greeter may no longer greet this invitation.
        "greeter_not_allowed" => GreeterNotAllowed,
        /// Unknown attempt, or one of another invitation.
        "greeting_attempt_not_found" => GreetingAttemptNotFound,
        /// The claimer has not joined this attempt.
        "greeting_attempt_not_joined" => GreetingAttemptNotJoined,
        /// Someone cancelled first: that cancellation stands.
        "greeting_attempt_already_cancelled" => GreetingAttemptAlreadyCancelled(GreetingAttemptCancelled),
    }
}
