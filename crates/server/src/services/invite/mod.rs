//! Invitations (invite.md §2) and greeting attempts (invite.md §3). Every command runs
//! in one storage transaction, with the checks in the order of the official memory
//! backend (`server/parsec/components/memory/invite.py` of 3.9.3), so that a refused
//! request changes nothing.
//!
//! - [`manage`]: `invite_new_user`, `invite_new_device`, `invite_list`, `invite_cancel`,
//!   `invite_complete`, `invite_info`;
//! - [`greeting`]: starting and cancelling greeting attempts, both sides;
//! - [`step`]: the step commands, held until the peer answers ([`long_poll`]);
//! - [`purge`]: deleting ended greeting attempts after `--greeting-attempt-retention`;
//! - [`shamir`]: `invite_new_shamir_recovery` and `invite_shamir_recovery_reveal`.

pub mod greeting;
pub mod long_poll;
pub mod manage;
pub mod purge;
pub mod shamir;
pub mod step;

use super::{AuthenticatedUser, ServiceError};
use crate::state::AppState;
use crate::storage::{Invitation, OrgTransaction, TxMode, User};
use parsec_protocol::addr::InvitationType;
use parsec_protocol::ids::{HumanHandle, OrganizationID, UserID, UserProfile};
use parsec_protocol::invite::{InvitationCreatedBy, InvitationStatus};

/// Opens a transaction on `org` (it may have vanished), its outbox acting on this
/// process's streams and held requests.
pub(crate) async fn begin<'a>(
    state: &'a AppState,
    org: &OrganizationID,
    mode: TxMode,
) -> Result<Box<dyn OrgTransaction + 'a>, ServiceError> {
    state
        .store
        .transaction_with(org, mode, state.outbox())
        .await?
        .ok_or(ServiceError::OrganizationNotFound)
}

/// The requesting user, read again inside the transaction: it may have been revoked
/// since the request was authenticated.
pub(crate) async fn author_in_tx(
    tx: &mut (dyn OrgTransaction + '_),
    auth: &AuthenticatedUser,
) -> Result<User, ServiceError> {
    author_checked(tx.get_user(auth.user_id).await?)
}

/// [`author_in_tx`] for a caller that read every user of the organization anyway.
pub(crate) fn author_among(users: &[User], auth: &AuthenticatedUser) -> Result<User, ServiceError> {
    author_checked(users.iter().find(|u| u.user_id == auth.user_id).cloned())
}

fn author_checked(user: Option<User>) -> Result<User, ServiceError> {
    let user = user.ok_or(ServiceError::AuthorNotFound)?;
    if user.revoked_on.is_some() {
        return Err(ServiceError::AuthorRevoked);
    }
    Ok(user)
}

/// A user's handle, or the official placeholder if it has none (redacted certificates
/// only; every full certificate this server accepted from a client carries one).
pub(crate) fn handle_of(user: &User) -> HumanHandle {
    user.human_handle
        .clone()
        .unwrap_or_else(|| HumanHandle::redacted_placeholder(user.user_id))
}

/// Whether `user` may greet `invitation` (evaluated with its current profile): any ADMIN
/// for a USER invitation, the claimer's own user for a DEVICE one (invite.md §2.1), a
/// recipient of the setup for a SHAMIR_RECOVERY one. Revocation is checked separately.
pub(crate) fn is_greeter_allowed(invitation: &Invitation, user: &User) -> bool {
    match invitation.kind {
        InvitationType::User => user.current_profile == UserProfile::Admin,
        InvitationType::Device => invitation.claimer_user_id == Some(user.user_id),
        InvitationType::ShamirRecovery => invitation.shamir_recipients.contains(&user.user_id),
    }
}

/// Whether `user` is the invitation's claimer: same email for USER, same user for
/// DEVICE (invite.md §2.2, who may cancel or complete).
pub(crate) fn is_claimer(invitation: &Invitation, user: &User) -> bool {
    match invitation.kind {
        InvitationType::User => {
            invitation.claimer_email.is_some()
                && invitation.claimer_email.as_ref()
                    == user.human_handle.as_ref().map(|h| h.email())
        }
        InvitationType::Device | InvitationType::ShamirRecovery => {
            invitation.claimer_user_id == Some(user.user_id)
        }
    }
}

/// The invitation an `invite_new_*` returns: a pending invitation of `kind` for the same
/// claimer (`same_claimer`) is reused, with its `INVITATION` event to `greeters` sent again
/// like the official server, outside any transaction (`tx` ends unwritten, before any
/// email is sent); otherwise `create()` is stored and its event committed with it.
pub(crate) async fn reuse_or_insert(
    state: &AppState,
    mut tx: Box<dyn OrgTransaction + '_>,
    kind: InvitationType,
    same_claimer: impl Fn(&Invitation) -> bool,
    create: impl FnOnce() -> Invitation,
    greeters: impl Fn(&Invitation) -> Vec<UserID>,
) -> Result<Invitation, ServiceError> {
    let org = tx.organization().id.clone();
    let event = |invitation: &Invitation| {
        state.events.invitation(
            &org,
            greeters(invitation),
            invitation.token,
            InvitationStatus::Pending,
        )
    };
    let existing = tx.pending_invitations(kind).await?;
    if let Some(invitation) = existing.into_iter().find(|i| same_claimer(i)) {
        drop(tx);
        if let Some(event) = event(&invitation) {
            state.events.send(event);
        }
        return Ok(invitation);
    }
    let invitation = create();
    tx.insert_invitation(&invitation).await?;
    tx.outbox().extend(event(&invitation));
    tx.commit().await?;
    let what = match kind {
        InvitationType::User => "user",
        InvitationType::Device => "device",
        InvitationType::ShamirRecovery => "shamir recovery",
    };
    tracing::info!(organization = %org, "{what} invitation created");
    Ok(invitation)
}

/// Every non-revoked user allowed to greet `invitation`: who gets its `INVITATION`
/// events.
pub(crate) fn possible_greeters(invitation: &Invitation, users: &[User]) -> Vec<UserID> {
    users
        .iter()
        .filter(|u| u.revoked_on.is_none() && is_greeter_allowed(invitation, u))
        .map(|u| u.user_id)
        .collect()
}

/// The `created_by` field of listings: the author user and its handle.
pub(crate) fn created_by(invitation: &Invitation, users: &[User]) -> InvitationCreatedBy {
    let user_id = invitation.created_by_user_id;
    let human_handle = users
        .iter()
        .find(|u| u.user_id == user_id)
        .map_or_else(|| HumanHandle::redacted_placeholder(user_id), handle_of);
    InvitationCreatedBy::User {
        user_id,
        human_handle,
    }
}
