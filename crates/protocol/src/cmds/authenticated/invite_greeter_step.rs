//! Submits (or polls) one greeter step (invite.md §3.2).

use crate::ids::GreetingAttemptID;
use crate::invite::{ClaimerStep, GreeterStep, GreetingAttemptCancelled};
use serde::{Deserialize, Serialize};

/// Request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Req {
    /// The attempt.
    pub greeting_attempt: GreetingAttemptID,
    /// Our step.
    pub greeter_step: GreeterStep,
}

command! {
    /// The `invite_greeter_step` command.
    InviteGreeterStep = "invite_greeter_step" for [AuthenticatedCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The claimer's step of the same number.
        "ok" => Ok {
            /// The peer's step.
            claimer_step: ClaimerStep,
        },
        /// The claimer has not submitted this step yet: ask again.
        "not_ready" => NotReady,
        /// The invitation is finished.
        "invitation_completed" => InvitationCompleted,
        /// The invitation is cancelled.
        "invitation_cancelled" => InvitationCancelled,
        /// The greeter is no longer allowed (e.g. no longer ADMIN).
        "author_not_allowed" => AuthorNotAllowed,
        /// Unknown attempt, or one of another greeter.
        "greeting_attempt_not_found" => GreetingAttemptNotFound,
        /// The greeter has not joined this attempt.
        "greeting_attempt_not_joined" => GreetingAttemptNotJoined,
        /// The attempt was cancelled.
        "greeting_attempt_cancelled" => GreetingAttemptCancelled(GreetingAttemptCancelled),
        /// A previous step is missing on one side.
        "step_too_advanced" => StepTooAdvanced,
        /// This step was already submitted with other content.
        "step_mismatch" => StepMismatch,
    }
}
