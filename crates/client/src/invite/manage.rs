//! Invitation management for an authenticated device (invite.md §2.1–2.2): create a
//! user or device invitation, list, cancel.

use crate::connection::{AuthenticatedCmds, ConnectionError};
use parsec_protocol::cmds::authenticated::{
    invite_cancel, invite_list, invite_new_device, invite_new_user,
};
use parsec_protocol::ids::{AccessToken, EmailAddress};

pub use invite_list::InviteListItem;
pub use invite_new_user::Created;

/// Why creating a user invitation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NewUserInvitationError {
    /// Transport or handshake failure.
    #[error(transparent)]
    Connection(#[from] ConnectionError),
    /// `author_not_allowed`.
    #[error("only administrators can invite users")]
    NotAllowed,
    /// `claimer_email_already_enrolled`.
    #[error("a user with this email is already a member of the organization")]
    AlreadyMember,
    /// Another status.
    #[error("unexpected answer from the server: {status}")]
    Unexpected {
        /// The status.
        status: String,
    },
}

/// Why creating a device invitation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NewDeviceInvitationError {
    /// Transport or handshake failure.
    #[error(transparent)]
    Connection(#[from] ConnectionError),
    /// Another status.
    #[error("unexpected answer from the server: {status}")]
    Unexpected {
        /// The status.
        status: String,
    },
}

/// Why listing invitations failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ListInvitationsError {
    /// Transport or handshake failure.
    #[error(transparent)]
    Connection(#[from] ConnectionError),
    /// Another status.
    #[error("unexpected answer from the server: {status}")]
    Unexpected {
        /// The status.
        status: String,
    },
}

/// Why cancelling an invitation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CancelInvitationError {
    /// Transport or handshake failure.
    #[error(transparent)]
    Connection(#[from] ConnectionError),
    /// `invitation_not_found`.
    #[error("invitation not found")]
    NotFound,
    /// `author_not_allowed`.
    #[error("not allowed to cancel this invitation")]
    NotAllowed,
    /// `invitation_completed`.
    #[error("invitation already completed")]
    Completed,
    /// `invitation_already_cancelled`.
    #[error("invitation already cancelled")]
    AlreadyCancelled,
    /// Another status.
    #[error("unexpected answer from the server: {status}")]
    Unexpected {
        /// The status.
        status: String,
    },
}

/// Invites `claimer_email` to join as a new user (the author must be ADMIN). A pending
/// invitation for the same email is returned again rather than duplicated.
pub async fn new_user_invitation(
    cmds: &AuthenticatedCmds,
    claimer_email: EmailAddress,
    send_email: bool,
) -> Result<Created, NewUserInvitationError> {
    use invite_new_user::{InviteNewUser, Rep, Req};
    let req = Req {
        claimer_email,
        send_email,
    };
    match cmds.send::<InviteNewUser>(&req).await? {
        Rep::Ok(created) => Ok(created),
        Rep::AuthorNotAllowed => Err(NewUserInvitationError::NotAllowed),
        Rep::ClaimerEmailAlreadyEnrolled => Err(NewUserInvitationError::AlreadyMember),
        Rep::UnknownStatus(u) => Err(NewUserInvitationError::Unexpected { status: u.status }),
    }
}

/// Invites a new device for our own user. A pending device invitation is returned again
/// rather than duplicated.
pub async fn new_device_invitation(
    cmds: &AuthenticatedCmds,
    send_email: bool,
) -> Result<Created, NewDeviceInvitationError> {
    use invite_new_device::{InviteNewDevice, Rep, Req};
    match cmds.send::<InviteNewDevice>(&Req { send_email }).await? {
        Rep::Ok(created) => Ok(created),
        Rep::UnknownStatus(u) => Err(NewDeviceInvitationError::Unexpected { status: u.status }),
    }
}

/// The invitations we may see, finished and cancelled ones included, oldest first.
pub async fn list_invitations(
    cmds: &AuthenticatedCmds,
) -> Result<Vec<InviteListItem>, ListInvitationsError> {
    use invite_list::{InviteList, Rep, Req};
    match cmds.send::<InviteList>(&Req).await? {
        Rep::Ok { invitations } => Ok(invitations),
        Rep::UnknownStatus(u) => Err(ListInvitationsError::Unexpected { status: u.status }),
    }
}

/// Cancels an invitation (as one of its greeters or its claimer).
pub async fn cancel_invitation(
    cmds: &AuthenticatedCmds,
    token: AccessToken,
) -> Result<(), CancelInvitationError> {
    use invite_cancel::{InviteCancel, Rep, Req};
    match cmds.send::<InviteCancel>(&Req { token }).await? {
        Rep::Ok => Ok(()),
        Rep::InvitationNotFound => Err(CancelInvitationError::NotFound),
        Rep::AuthorNotAllowed => Err(CancelInvitationError::NotAllowed),
        Rep::InvitationCompleted => Err(CancelInvitationError::Completed),
        Rep::InvitationAlreadyCancelled => Err(CancelInvitationError::AlreadyCancelled),
        Rep::UnknownStatus(u) => Err(CancelInvitationError::Unexpected { status: u.status }),
    }
}
