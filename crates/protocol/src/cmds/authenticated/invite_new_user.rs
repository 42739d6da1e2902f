//! Invites a new user by email (invite.md §2.1); the author must be ADMIN.

use crate::ids::{AccessToken, EmailAddress};
use crate::invite::InvitationEmailSentStatus;
use serde::{Deserialize, Serialize};

/// Request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Req {
    /// Who is invited.
    pub claimer_email: EmailAddress,
    /// Whether the server emails the invitation link.
    pub send_email: bool,
}

/// Fields of `ok`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Created {
    /// The invitation (an existing pending one for the same email is reused).
    pub token: AccessToken,
    /// What became of the email.
    pub email_sent: InvitationEmailSentStatus,
}

command! {
    /// The `invite_new_user` command.
    InviteNewUser = "invite_new_user" for [AuthenticatedCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The invitation exists.
        "ok" => Ok(Created),
        /// The author is not currently ADMIN.
        "author_not_allowed" => AuthorNotAllowed,
        /// A non-revoked user already has this email.
        "claimer_email_already_enrolled" => ClaimerEmailAlreadyEnrolled,
    }
}
