//! Invites a user who lost its devices to recover through its shared recovery setup
//! (invite.md §2.1); the author must be a recipient of that setup.

use crate::ids::UserID;
use serde::{Deserialize, Serialize};

pub use super::invite_new_user::Created;

/// Request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Req {
    /// The user to recover.
    pub claimer_user_id: UserID,
    /// Whether the server emails the invitation link.
    pub send_email: bool,
}

command! {
    /// The `invite_new_shamir_recovery` command.
    InviteNewShamirRecovery = "invite_new_shamir_recovery" for [AuthenticatedCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The invitation exists (an existing pending one is reused).
        "ok" => Ok(Created),
        /// The author is not a recipient of the user's current setup (or there is none).
        "author_not_allowed" => AuthorNotAllowed,
        /// No such user.
        "user_not_found" => UserNotFound,
    }
}
