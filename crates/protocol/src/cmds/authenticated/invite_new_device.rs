//! Invites a new device for the author's own user (invite.md §2.1).

use serde::{Deserialize, Serialize};

pub use super::invite_new_user::Created;

/// Request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Req {
    /// Whether the server emails the link to the author.
    pub send_email: bool,
}

command! {
    /// The `invite_new_device` command.
    InviteNewDevice = "invite_new_device" for [AuthenticatedCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The invitation exists.
        "ok" => Ok(Created),
    }
}
