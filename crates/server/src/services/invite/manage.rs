//! Invitation management (invite.md §2): creation (idempotent per target), listing,
//! cancellation, completion, and `invite_info` for the claimer. Invitation emails are
//! sent once the transaction has ended ([`crate::email`]).

use super::{
    author_among, author_in_tx, begin, created_by, handle_of, is_claimer, is_greeter_allowed,
    possible_greeters, reuse_or_insert,
};
use crate::email::{self, EmailConfig, InvitationEmail, SendEmailError};
use crate::rate_limit::Publisher;
use crate::services::{AuthenticatedUser, InvitedClaimer, ServiceError};
use crate::state::AppState;
use crate::storage::{Invitation, InvitationDeletedReason, TxMode, User};
use parsec_protocol::addr::{InvitationAddr, InvitationType};
use parsec_protocol::cmds::authenticated::{
    invite_cancel, invite_complete, invite_list, invite_new_device, invite_new_user,
};
use parsec_protocol::cmds::invited::invite_info;
use parsec_protocol::crypto::OsRandom;
use parsec_protocol::ids::{AccessToken, OrganizationID, UserProfile};
use parsec_protocol::invite::{InvitationEmailSentStatus, InvitationStatus};
use parsec_protocol::DateTime;
use std::collections::HashMap;

/// What became of the requested email (invite.md §2.1): `SUCCESS` once the SMTP server
/// accepted it (or MOCKED logged it), `RECIPIENT_REFUSED`, or `SERVER_UNAVAILABLE` for
/// any other failure and when emails are not configured, as the official server answers.
/// Called after the storage transaction ended.
pub(super) async fn send_email(
    state: &AppState,
    org: &OrganizationID,
    invitation: &Invitation,
    author: &User,
) -> InvitationEmailSentStatus {
    let outcome = match invitation_email(state, org, invitation, author) {
        Ok((config, email)) => email::send(config, &email).await,
        Err(e) => {
            tracing::warn!(organization = %org, "invitation email not sent: {e}");
            Err(e)
        }
    };
    match outcome {
        Ok(()) => InvitationEmailSentStatus::Success,
        Err(e) => e.status(),
    }
}

/// The email of `invitation`, created by `author`: to the claimer for a USER or
/// SHAMIR_RECOVERY invitation (from the author, its greeter), to the author for a DEVICE
/// one; with the invitation's
/// `http(s)://…/redirect/…` URL on `--server-addr`.
fn invitation_email<'a>(
    state: &'a AppState,
    org: &OrganizationID,
    invitation: &Invitation,
    author: &User,
) -> Result<(&'a EmailConfig, InvitationEmail), SendEmailError> {
    let config = state
        .config
        .email
        .as_ref()
        .ok_or(SendEmailError::NotConfigured("no --email-host"))?;
    let server = state
        .config
        .server_addr
        .clone()
        .ok_or(SendEmailError::NotConfigured("no --server-addr"))?;
    let url = InvitationAddr::new(server, org.clone(), invitation.kind, invitation.token)
        .to_http_redirection_url();
    let greeter = handle_of(author);
    let email = match (invitation.kind, &invitation.claimer_email) {
        (InvitationType::User, Some(to)) => {
            InvitationEmail::user(to.clone(), greeter, org.clone(), url)
        }
        (InvitationType::Device, _) => {
            InvitationEmail::device(greeter.email().clone(), org.clone(), url)
        }
        (InvitationType::ShamirRecovery, Some(to)) => {
            InvitationEmail::shamir_recovery(to.clone(), greeter, org.clone(), url)
        }
        _ => return Err(SendEmailError::NotConfigured("no recipient")),
    };
    Ok((config, email))
}

pub(super) fn new_invitation(
    kind: InvitationType,
    author: &User,
    auth: &AuthenticatedUser,
    now: DateTime,
) -> Invitation {
    Invitation {
        token: AccessToken::generate(&OsRandom::new()),
        kind,
        created_by_user_id: author.user_id,
        created_by_device_id: auth.device_id,
        claimer_email: None,
        claimer_user_id: None,
        created_on: now,
        deleted_on: None,
        deleted_reason: None,
        shamir_recovery_created_on: None,
        shamir_recipients: Vec::new(),
    }
}

/// The invitation commands publish an event on every call (a reused invitation too, as
/// the official server does): each device may make `--events-publish-burst` such calls at
/// once, then `--events-publish-rate` per second (HTTP 429 beyond).
pub(super) fn check_publish_rate(
    state: &AppState,
    auth: &AuthenticatedUser,
) -> Result<(), ServiceError> {
    let publisher = Publisher::Device(auth.organization_id.clone(), auth.device_id);
    state
        .publish_limiter
        .check(&publisher)
        .map_err(ServiceError::TooManyRequests)
}

/// `invite_new_user`: ADMIN only; refused when a non-revoked user has the email; an
/// existing pending USER invitation for the same email is returned as is.
pub async fn invite_new_user(
    state: &AppState,
    auth: &AuthenticatedUser,
    req: invite_new_user::Req,
    now: DateTime,
) -> Result<invite_new_user::Rep, ServiceError> {
    let org = &auth.organization_id;
    check_publish_rate(state, auth)?;
    let mut tx = begin(state, org, TxMode::Write).await?;
    let users = tx.list_users().await?;
    let author = author_among(&users, auth)?;
    if author.current_profile != UserProfile::Admin {
        return Ok(invite_new_user::Rep::AuthorNotAllowed);
    }
    let enrolled = users.iter().any(|u| {
        u.revoked_on.is_none()
            && u.human_handle.as_ref().map(|h| h.email()) == Some(&req.claimer_email)
    });
    if enrolled {
        return Ok(invite_new_user::Rep::ClaimerEmailAlreadyEnrolled);
    }
    let invitation = reuse_or_insert(
        state,
        tx,
        InvitationType::User,
        |i| i.claimer_email.as_ref() == Some(&req.claimer_email),
        || Invitation {
            claimer_email: Some(req.claimer_email.clone()),
            ..new_invitation(InvitationType::User, &author, auth, now)
        },
        |i| possible_greeters(i, &users),
    )
    .await?;
    let email_sent = if req.send_email {
        send_email(state, org, &invitation, &author).await
    } else {
        InvitationEmailSentStatus::Success
    };
    Ok(invite_new_user::Rep::Ok(invite_new_user::Created {
        token: invitation.token,
        email_sent,
    }))
}

/// `invite_new_device`: any non-revoked user, for itself; idempotent like
/// [`invite_new_user()`].
pub async fn invite_new_device(
    state: &AppState,
    auth: &AuthenticatedUser,
    req: invite_new_device::Req,
    now: DateTime,
) -> Result<invite_new_device::Rep, ServiceError> {
    let org = &auth.organization_id;
    check_publish_rate(state, auth)?;
    let mut tx = begin(state, org, TxMode::Write).await?;
    let author = author_in_tx(&mut *tx, auth).await?;
    let invitation = reuse_or_insert(
        state,
        tx,
        InvitationType::Device,
        |i| i.claimer_user_id == Some(author.user_id),
        || Invitation {
            claimer_user_id: Some(author.user_id),
            ..new_invitation(InvitationType::Device, &author, auth, now)
        },
        |_| vec![author.user_id],
    )
    .await?;
    let email_sent = if req.send_email {
        send_email(state, org, &invitation, &author).await
    } else {
        InvitationEmailSentStatus::Success
    };
    Ok(invite_new_device::Rep::Ok(invite_new_device::Created {
        token: invitation.token,
        email_sent,
    }))
}

/// `invite_list`: USER invitations for a current ADMIN, the requester's own DEVICE ones,
/// the SHAMIR_RECOVERY ones whose setup it is a recipient of; finished and cancelled
/// included (a shamir one whose setup was deleted shows cancelled), by creation time.
pub async fn invite_list(
    state: &AppState,
    auth: &AuthenticatedUser,
) -> Result<invite_list::Rep, ServiceError> {
    let (users, mut invitations) = state
        .store
        .users_and_invitations(&auth.organization_id)
        .await?
        .ok_or(ServiceError::OrganizationNotFound)?;
    let me = author_among(&users, auth)?;
    invitations.sort_by_key(|i| i.created_on);
    let items = invitations
        .iter()
        .filter_map(|i| match i.kind {
            InvitationType::User if me.current_profile == UserProfile::Admin => {
                Some(invite_list::InviteListItem::User {
                    token: i.token,
                    created_on: i.created_on,
                    created_by: created_by(i, &users),
                    claimer_email: i.claimer_email.clone()?,
                    status: i.status(),
                })
            }
            InvitationType::Device if i.claimer_user_id == Some(me.user_id) => {
                Some(invite_list::InviteListItem::Device {
                    token: i.token,
                    created_on: i.created_on,
                    created_by: created_by(i, &users),
                    status: i.status(),
                })
            }
            InvitationType::ShamirRecovery if i.shamir_recipients.contains(&me.user_id) => {
                Some(invite_list::InviteListItem::ShamirRecovery {
                    token: i.token,
                    created_on: i.created_on,
                    created_by: created_by(i, &users),
                    claimer_user_id: i.claimer_user_id?,
                    shamir_recovery_created_on: i.shamir_recovery_created_on?,
                    status: i.status(),
                })
            }
            _ => None,
        })
        .collect();
    Ok(invite_list::Rep::Ok { invitations: items })
}

/// How [`delete`] refuses, mapped by each command to its own statuses.
enum DeleteRefusal {
    NotFound,
    Cancelled,
    Completed,
    NotAllowed,
}

/// Cancels or completes an invitation: not found, cancelled, completed, then the
/// permission (an allowed greeter or the claimer).
async fn delete(
    state: &AppState,
    auth: &AuthenticatedUser,
    token: AccessToken,
    reason: InvitationDeletedReason,
    now: DateTime,
) -> Result<Result<(), DeleteRefusal>, ServiceError> {
    let org = &auth.organization_id;
    let mut tx = begin(state, org, TxMode::Write).await?;
    let users = tx.list_users().await?;
    let author = author_among(&users, auth)?;
    let Some(invitation) = tx.get_invitation(&token).await? else {
        return Ok(Err(DeleteRefusal::NotFound));
    };
    // Both commands check "cancelled" before "completed" (invite.md §2.2).
    if invitation.is_cancelled() {
        return Ok(Err(DeleteRefusal::Cancelled));
    }
    if invitation.is_completed() {
        return Ok(Err(DeleteRefusal::Completed));
    }
    if !is_greeter_allowed(&invitation, &author) && !is_claimer(&invitation, &author) {
        return Ok(Err(DeleteRefusal::NotAllowed));
    }
    tx.delete_invitation(&token, now, reason).await?;
    let status = match reason {
        InvitationDeletedReason::Finished => InvitationStatus::Finished,
        InvitationDeletedReason::Cancelled => InvitationStatus::Cancelled,
    };
    let event = state
        .events
        .invitation(org, possible_greeters(&invitation, &users), token, status);
    tx.outbox().extend(event);
    // Held greeting requests of this invitation must now see it deleted.
    tx.outbox()
        .push(crate::cluster::ClusterMessage::greeting_organization(org));
    tx.commit().await?;
    tracing::info!(organization = %org, reason = reason.as_str(), "invitation deleted");
    Ok(Ok(()))
}

/// `invite_cancel`.
pub async fn invite_cancel(
    state: &AppState,
    auth: &AuthenticatedUser,
    req: invite_cancel::Req,
    now: DateTime,
) -> Result<invite_cancel::Rep, ServiceError> {
    use invite_cancel::Rep;
    let outcome = delete(
        state,
        auth,
        req.token,
        InvitationDeletedReason::Cancelled,
        now,
    )
    .await?;
    Ok(match outcome {
        Ok(()) => Rep::Ok,
        Err(DeleteRefusal::NotFound) => Rep::InvitationNotFound,
        Err(DeleteRefusal::Cancelled) => Rep::InvitationAlreadyCancelled,
        Err(DeleteRefusal::Completed) => Rep::InvitationCompleted,
        Err(DeleteRefusal::NotAllowed) => Rep::AuthorNotAllowed,
    })
}

/// `invite_complete`.
pub async fn invite_complete(
    state: &AppState,
    auth: &AuthenticatedUser,
    req: invite_complete::Req,
    now: DateTime,
) -> Result<invite_complete::Rep, ServiceError> {
    use invite_complete::Rep;
    let outcome = delete(
        state,
        auth,
        req.token,
        InvitationDeletedReason::Finished,
        now,
    )
    .await?;
    Ok(match outcome {
        Ok(()) => Rep::Ok,
        Err(DeleteRefusal::NotFound) => Rep::InvitationNotFound,
        Err(DeleteRefusal::Cancelled) => Rep::InvitationCancelled,
        Err(DeleteRefusal::Completed) => Rep::InvitationAlreadyCompleted,
        Err(DeleteRefusal::NotAllowed) => Rep::AuthorNotAllowed,
    })
}

/// `invite_info` (invited): who may greet, sorted by name for a USER invitation, with
/// the last time each administrator joined an attempt of this invitation.
pub async fn invite_info(
    state: &AppState,
    claimer: &InvitedClaimer,
) -> Result<invite_info::Rep, ServiceError> {
    use invite_info::{
        InvitationInfo, ShamirRecoveryRecipient, UserGreetingAdministrator, UserOnlineStatus,
    };
    let token = &claimer.token;
    let mut tx = begin(state, &claimer.organization_id, TxMode::Read).await?;
    let invitation = tx
        .get_invitation(token)
        .await?
        .ok_or(ServiceError::InvitationNotFound)?;
    if invitation.deleted_on.is_some() {
        return Err(ServiceError::InvitationDeleted);
    }
    let users = tx.list_users().await?;
    let info = match invitation.kind {
        InvitationType::User => {
            let joins: HashMap<_, _> = tx.last_greeter_joins(token).await?.into_iter().collect();
            let mut administrators: Vec<UserGreetingAdministrator> = users
                .iter()
                .filter(|u| u.revoked_on.is_none() && u.current_profile == UserProfile::Admin)
                .map(|u| UserGreetingAdministrator {
                    user_id: u.user_id,
                    human_handle: handle_of(u),
                    online_status: UserOnlineStatus::Unknown,
                    last_greeting_attempt_joined_on: joins.get(&u.user_id).copied(),
                })
                .collect();
            administrators.sort_by(|a, b| a.human_handle.label().cmp(b.human_handle.label()));
            InvitationInfo::User {
                claimer_email: invitation
                    .claimer_email
                    .clone()
                    .ok_or_else(|| ServiceError::corrupted("USER invitation without email"))?,
                created_by: created_by(&invitation, &users),
                administrators,
            }
        }
        InvitationType::Device => {
            let claimer = invitation
                .claimer_user_id
                .and_then(|id| users.iter().find(|u| u.user_id == id))
                .ok_or_else(|| ServiceError::corrupted("DEVICE invitation of an unknown user"))?;
            InvitationInfo::Device {
                claimer_user_id: claimer.user_id,
                claimer_human_handle: handle_of(claimer),
                created_by: created_by(&invitation, &users),
            }
        }
        InvitationType::ShamirRecovery => {
            let corrupted = || ServiceError::corrupted("SHAMIR_RECOVERY invitation without setup");
            let claimer_id = invitation.claimer_user_id.ok_or_else(corrupted)?;
            let created_on = invitation
                .shamir_recovery_created_on
                .ok_or_else(corrupted)?;
            let setup = tx
                .get_shamir_recovery(claimer_id, created_on)
                .await?
                .ok_or_else(corrupted)?;
            let find = |id| {
                users
                    .iter()
                    .find(|u| u.user_id == id)
                    .ok_or_else(|| ServiceError::corrupted("shamir recovery of an unknown user"))
            };
            let claimer = find(claimer_id)?;
            let mut recipients = setup
                .shares
                .iter()
                .map(|share| {
                    let user = find(share.recipient)?;
                    Ok(ShamirRecoveryRecipient {
                        user_id: user.user_id,
                        human_handle: handle_of(user),
                        shares: weight(share.shares)?,
                        revoked_on: user.revoked_on,
                        online_status: UserOnlineStatus::Unknown,
                    })
                })
                .collect::<Result<Vec<_>, ServiceError>>()?;
            recipients.sort_by(|a, b| a.human_handle.label().cmp(b.human_handle.label()));
            InvitationInfo::ShamirRecovery {
                claimer_user_id: claimer.user_id,
                claimer_human_handle: handle_of(claimer),
                created_by: created_by(&invitation, &users),
                shamir_recovery_created_on: setup.created_on,
                threshold: weight(setup.threshold)?,
                recipients,
            }
        }
    };
    Ok(invite_info::Rep::Ok(info))
}

/// A stored share count or threshold, as the protocol carries it (1 to 255: the
/// certificates were checked when stored).
fn weight(n: u64) -> Result<std::num::NonZeroU8, ServiceError> {
    u8::try_from(n)
        .ok()
        .and_then(std::num::NonZeroU8::new)
        .ok_or_else(|| ServiceError::corrupted("shamir share count out of range"))
}
