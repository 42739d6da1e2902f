//! Submits (or polls) one claimer step (§3.2).

use crate::ids::GreetingAttemptID;
use crate::invite::{ClaimerStep, GreeterStep, GreetingAttemptCancelled};
use serde::{Deserialize, Serialize};

/// Request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Req {
    /// The attempt.
    pub greeting_attempt: GreetingAttemptID,
    /// Our step.
    pub claimer_step: ClaimerStep,
}

command! {
    /// The `invite_claimer_step` command.
    InviteClaimerStep = "invite_claimer_step" for [InvitedCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The greeter's step of the same number.
        "ok" => Ok {
            /// The peer's step.
            greeter_step: GreeterStep,
        },
        /// The greeter has not submitted this step yet: ask again.
        "not_ready" => NotReady,
        /// The greeter was revoked.
        "greeter_revoked" => GreeterRevoked,
        /// The greeter may no longer greet this invitation.
        "greeter_not_allowed" => GreeterNotAllowed,
        /// Unknown attempt, or one of another invitation.
        "greeting_attempt_not_found" => GreetingAttemptNotFound,
        /// The claimer has not joined this attempt.
        "greeting_attempt_not_joined" => GreetingAttemptNotJoined,
        /// The attempt was cancelled.
        "greeting_attempt_cancelled" => GreetingAttemptCancelled(GreetingAttemptCancelled),
        /// A previous step is missing on one side.
        "step_too_advanced" => StepTooAdvanced,
        /// This step was already submitted with other content.
        "step_mismatch" => StepMismatch,
    }
}
