//! The SHAMIR_RECOVERY invitations: `invite_new_shamir_recovery` (a recipient of a
//! user's setup invites that user to recover) and `invite_shamir_recovery_reveal` (the
//! claimer, having rebuilt the secret from enough shares, gets the ciphered device).
//! Greeting them works as for the other invitations, with the setup's recipients as the
//! possible greeters (`is_greeter_allowed`).

use super::manage::{check_publish_rate, new_invitation, send_email};
use super::{author_in_tx, begin, possible_greeters, reuse_or_insert};
use crate::services::{AuthenticatedUser, InvitedClaimer, ServiceError};
use crate::state::AppState;
use crate::storage::{Invitation, TxMode};
use parsec_protocol::addr::InvitationType;
use parsec_protocol::cmds::authenticated::invite_new_shamir_recovery;
use parsec_protocol::cmds::invited::invite_shamir_recovery_reveal;
use parsec_protocol::invite::InvitationEmailSentStatus;
use parsec_protocol::DateTime;

/// `invite_new_shamir_recovery`, in the official order: unknown user (a revoked one may
/// be invited), then `author_not_allowed` when the user has no current setup or the
/// author is not one of its recipients (the same status for both: only recipients know
/// a setup exists). A pending invitation for that setup is returned as is; the
/// `INVITATION` event goes to the setup's non-revoked recipients, the email to the user
/// to recover.
pub async fn invite_new_shamir_recovery(
    state: &AppState,
    auth: &AuthenticatedUser,
    req: invite_new_shamir_recovery::Req,
    now: DateTime,
) -> Result<invite_new_shamir_recovery::Rep, ServiceError> {
    use invite_new_shamir_recovery::{Created, Rep};
    let org = &auth.organization_id;
    check_publish_rate(state, auth)?;
    let mut tx = begin(state, org, TxMode::Write).await?;
    let author = author_in_tx(&mut *tx, auth).await?;
    let Some(claimer) = tx.get_user(req.claimer_user_id).await? else {
        return Ok(Rep::UserNotFound);
    };
    let setup = match tx.last_shamir_recovery(claimer.user_id).await? {
        Some(setup) if setup.deleted_on.is_none() => setup,
        _ => return Ok(Rep::AuthorNotAllowed),
    };
    if !setup.is_recipient(author.user_id) {
        return Ok(Rep::AuthorNotAllowed);
    }
    let users = tx.list_users().await?;
    let invitation = reuse_or_insert(
        state,
        tx,
        InvitationType::ShamirRecovery,
        |i| {
            i.claimer_user_id == Some(claimer.user_id)
                && i.shamir_recovery_created_on == Some(setup.created_on)
        },
        || Invitation {
            claimer_email: claimer.human_handle.as_ref().map(|h| h.email().clone()),
            claimer_user_id: Some(claimer.user_id),
            shamir_recovery_created_on: Some(setup.created_on),
            shamir_recipients: setup.recipients(),
            ..new_invitation(InvitationType::ShamirRecovery, &author, auth, now)
        },
        |i| possible_greeters(i, &users),
    )
    .await?;
    let email_sent = if req.send_email {
        send_email(state, org, &invitation, &author).await
    } else {
        InvitationEmailSentStatus::Success
    };
    Ok(Rep::Ok(Created {
        token: invitation.token,
        email_sent,
    }))
}

/// `invite_shamir_recovery_reveal`: the invitation must still be usable (410 once
/// completed or cancelled, or once its setup is deleted), be a SHAMIR_RECOVERY one
/// (`bad_invitation_type`), and the token must be its setup's (`bad_reveal_token`).
pub async fn invite_shamir_recovery_reveal(
    state: &AppState,
    claimer: &InvitedClaimer,
    req: invite_shamir_recovery_reveal::Req,
) -> Result<invite_shamir_recovery_reveal::Rep, ServiceError> {
    use invite_shamir_recovery_reveal::{Rep, Revealed};
    let mut tx = begin(state, &claimer.organization_id, TxMode::Read).await?;
    let invitation = tx
        .get_invitation(&claimer.token)
        .await?
        .ok_or(ServiceError::InvitationNotFound)?;
    if invitation.deleted_on.is_some() {
        return Err(ServiceError::InvitationDeleted);
    }
    if invitation.kind != InvitationType::ShamirRecovery {
        return Ok(Rep::BadInvitationType);
    }
    let corrupted = || ServiceError::corrupted("SHAMIR_RECOVERY invitation without setup");
    let setup = tx
        .get_shamir_recovery(
            invitation.claimer_user_id.ok_or_else(corrupted)?,
            invitation
                .shamir_recovery_created_on
                .ok_or_else(corrupted)?,
        )
        .await?
        .ok_or_else(corrupted)?;
    drop(tx);
    if setup.deleted_on.is_some() || !setup.reveal_token.ct_eq(&req.reveal_token) {
        return Ok(Rep::BadRevealToken);
    }
    Ok(Rep::Ok(Revealed {
        ciphered_data: setup.ciphered_data,
    }))
}
