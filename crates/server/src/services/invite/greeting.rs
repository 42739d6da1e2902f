//! Starting and cancelling greeting attempts (invite.md §3.1, §3.3).
//!
//! A session is the pair (invitation, greeter user); it has at most one active attempt.
//! A side starting joins the active attempt (creating it if needed); a side that had
//! already joined it cancels it instead (`AUTOMATICALLY_CANCELLED`, origin = that side)
//! and joins a fresh one. The first cancellation of an attempt is frozen.

use super::{author_in_tx, begin, is_greeter_allowed};
use crate::cluster::ClusterMessage;
use crate::events::GreetingEvent;
use crate::services::{AuthenticatedUser, InvitedClaimer, ServiceError};
use crate::state::AppState;
use crate::storage::{GreetingAttempt, Invitation, OrgTransaction, TxMode, User};
use parsec_protocol::cmds::authenticated::{
    invite_greeter_cancel_greeting_attempt, invite_greeter_start_greeting_attempt,
};
use parsec_protocol::cmds::invited::{
    invite_claimer_cancel_greeting_attempt, invite_claimer_start_greeting_attempt,
};
use parsec_protocol::crypto::OsRandom;
use parsec_protocol::ids::{AccessToken, GreetingAttemptID, OrganizationID, UserID};
use parsec_protocol::invite::{
    CancelledGreetingAttemptReason, GreeterOrClaimer, GreetingAttemptCancelled,
};
use parsec_protocol::DateTime;

fn set_joined(attempt: &mut GreetingAttempt, side: GreeterOrClaimer, now: DateTime) {
    match side {
        GreeterOrClaimer::Greeter => attempt.greeter_joined = Some(now),
        GreeterOrClaimer::Claimer => attempt.claimer_joined = Some(now),
    }
}

/// Refuses a new attempt when the invitation already has `max` stored (ended ones count
/// until purged, see [`super::purge`]).
async fn check_attempt_count(
    tx: &mut (dyn OrgTransaction + '_),
    token: &AccessToken,
    max: u64,
) -> Result<(), ServiceError> {
    if tx.count_greeting_attempts(token).await? >= max {
        return Err(ServiceError::TooManyRequests(ATTEMPTS_RETRY_AFTER));
    }
    Ok(())
}

/// The `Retry-After` of a refused attempt: attempts go only when purged.
const ATTEMPTS_RETRY_AFTER: std::time::Duration = std::time::Duration::from_secs(60);

/// Joins the session's active attempt for `side`, restarting it when `side` had joined
/// it already (as the official server does: the previous attempt is cancelled). Returns
/// the joined attempt and the one auto-cancelled, if any. Creating an attempt beyond
/// `max_attempts` for the invitation is refused.
async fn join_session(
    tx: &mut (dyn OrgTransaction + '_),
    token: AccessToken,
    greeter: UserID,
    side: GreeterOrClaimer,
    now: DateTime,
    max_attempts: u64,
) -> Result<(GreetingAttemptID, Option<GreetingAttemptID>), ServiceError> {
    let new_attempt = || {
        GreetingAttempt::new(
            GreetingAttemptID::generate(&OsRandom::new()),
            token,
            greeter,
            now,
        )
    };
    let (mut attempt, is_new) = match tx.active_greeting_attempt(&token, greeter).await? {
        Some(a) => (a, false),
        None => (new_attempt(), true),
    };
    if attempt.joined(side).is_none() {
        set_joined(&mut attempt, side, now);
        if is_new {
            check_attempt_count(tx, &token, max_attempts).await?;
            tx.insert_greeting_attempt(&attempt).await?;
        } else {
            tx.update_greeting_attempt(&attempt).await?;
        }
        return Ok((attempt.id, None));
    }
    check_attempt_count(tx, &token, max_attempts).await?;
    attempt.cancelled = Some(GreetingAttemptCancelled {
        origin: side,
        timestamp: now,
        reason: CancelledGreetingAttemptReason::AutomaticallyCancelled,
    });
    tx.update_greeting_attempt(&attempt).await?;
    let mut fresh = new_attempt();
    set_joined(&mut fresh, side, now);
    tx.insert_greeting_attempt(&fresh).await?;
    Ok((fresh.id, Some(attempt.id)))
}

/// `invite_greeter_start_greeting_attempt`.
pub async fn greeter_start(
    state: &AppState,
    auth: &AuthenticatedUser,
    req: invite_greeter_start_greeting_attempt::Req,
    now: DateTime,
) -> Result<invite_greeter_start_greeting_attempt::Rep, ServiceError> {
    use invite_greeter_start_greeting_attempt::Rep;
    let org = &auth.organization_id;
    let mut tx = begin(state, org, TxMode::Write).await?;
    let greeter = author_in_tx(&mut *tx, auth).await?;
    let Some(invitation) = tx.get_invitation(&req.token).await? else {
        return Ok(Rep::InvitationNotFound);
    };
    if invitation.is_completed() {
        return Ok(Rep::InvitationCompleted);
    }
    if invitation.is_cancelled() {
        return Ok(Rep::InvitationCancelled);
    }
    if !is_greeter_allowed(&invitation, &greeter) {
        return Ok(Rep::AuthorNotAllowed);
    }
    let (id, cancelled) = join_session(
        &mut *tx,
        req.token,
        greeter.user_id,
        GreeterOrClaimer::Greeter,
        now,
        state.config.event_limits.greeting_max_attempts,
    )
    .await?;
    if let Some(old) = cancelled {
        tx.outbox().push(ClusterMessage::greeting(org, old));
    }
    tx.commit().await?;
    Ok(Rep::Ok {
        greeting_attempt: id,
    })
}

/// `invite_claimer_start_greeting_attempt` with the greeter the claimer chose.
pub async fn claimer_start(
    state: &AppState,
    claimer: &InvitedClaimer,
    req: invite_claimer_start_greeting_attempt::Req,
    now: DateTime,
) -> Result<invite_claimer_start_greeting_attempt::Rep, ServiceError> {
    use invite_claimer_start_greeting_attempt::Rep;
    let (org, token) = (&claimer.organization_id, claimer.token);
    let mut tx = begin(state, org, TxMode::Write).await?;
    let Some(greeter) = tx.get_user(req.greeter).await? else {
        return Ok(Rep::GreeterNotFound);
    };
    if greeter.revoked_on.is_some() {
        return Ok(Rep::GreeterRevoked);
    }
    let invitation = claimer_invitation(&mut *tx, &token).await?;
    if !is_greeter_allowed(&invitation, &greeter) {
        return Ok(Rep::GreeterNotAllowed);
    }
    let (id, cancelled) = join_session(
        &mut *tx,
        token,
        greeter.user_id,
        GreeterOrClaimer::Claimer,
        now,
        state.config.event_limits.greeting_max_attempts,
    )
    .await?;
    if let Some(old) = cancelled {
        tx.outbox().push(ClusterMessage::greeting(org, old));
    }
    tx.commit().await?;
    Ok(Rep::Ok {
        greeting_attempt: id,
    })
}

/// The claimer's invitation, re-read in the transaction: unknown is 403, deleted 410
/// (invite.md §2.2; the handshake already checked, this closes the race).
pub(crate) async fn claimer_invitation(
    tx: &mut (dyn OrgTransaction + '_),
    token: &AccessToken,
) -> Result<Invitation, ServiceError> {
    let invitation = tx
        .get_invitation(token)
        .await?
        .ok_or(ServiceError::InvitationNotFound)?;
    if invitation.deleted_on.is_some() {
        return Err(ServiceError::InvitationDeleted);
    }
    Ok(invitation)
}

/// What a cancel or step request found before its own logic (invite.md §3.2 order).
pub(crate) enum AttemptCheck {
    /// Everything is fine: the attempt.
    Usable(GreetingAttempt),
    /// `greeting_attempt_not_found`.
    NotFound,
    /// Greeter side: `invitation_completed`.
    InvitationCompleted,
    /// Greeter side: `invitation_cancelled`.
    InvitationCancelled,
    /// Claimer side: `greeter_revoked`.
    GreeterRevoked,
    /// `author_not_allowed` (greeter side) / `greeter_not_allowed` (claimer side).
    NotAllowed,
    /// `greeting_attempt_cancelled` / `greeting_attempt_already_cancelled`.
    Cancelled(GreetingAttemptCancelled),
    /// `greeting_attempt_not_joined`.
    NotJoined,
}

/// Who is asking about an attempt.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Requester<'a> {
    /// An authenticated greeter.
    Greeter(&'a AuthenticatedUser),
    /// The claimer of this invitation.
    Claimer(AccessToken),
}

impl Requester<'_> {
    pub(crate) fn side(&self) -> GreeterOrClaimer {
        match self {
            Self::Greeter(_) => GreeterOrClaimer::Greeter,
            Self::Claimer(_) => GreeterOrClaimer::Claimer,
        }
    }
}

/// The checks shared by the cancel and step commands, in the official order.
/// Greeter: author revoked (461), attempt of this greeter, invitation completed, then
/// cancelled, greeter allowed, attempt cancelled, joined. Claimer: attempt of this
/// invitation, greeter revoked, invitation deleted (410), greeter allowed, attempt
/// cancelled, joined.
pub(crate) async fn check_attempt(
    tx: &mut (dyn OrgTransaction + '_),
    requester: Requester<'_>,
    id: GreetingAttemptID,
) -> Result<AttemptCheck, ServiceError> {
    let me = match requester {
        Requester::Greeter(auth) => Some(author_in_tx(tx, auth).await?),
        Requester::Claimer(_) => None,
    };
    let Some(attempt) = tx.get_greeting_attempt(id).await? else {
        return Ok(AttemptCheck::NotFound);
    };
    let Some(invitation) = tx.get_invitation(&attempt.token).await? else {
        return Ok(AttemptCheck::NotFound);
    };
    let greeter: User = match (&requester, me) {
        (Requester::Greeter(_), Some(me)) => {
            if attempt.greeter != me.user_id {
                return Ok(AttemptCheck::NotFound);
            }
            if invitation.is_completed() {
                return Ok(AttemptCheck::InvitationCompleted);
            }
            if invitation.is_cancelled() {
                return Ok(AttemptCheck::InvitationCancelled);
            }
            me
        }
        (Requester::Claimer(token), _) => {
            if attempt.token != *token {
                return Ok(AttemptCheck::NotFound);
            }
            let Some(greeter) = tx.get_user(attempt.greeter).await? else {
                return Ok(AttemptCheck::NotFound);
            };
            if greeter.revoked_on.is_some() {
                return Ok(AttemptCheck::GreeterRevoked);
            }
            if invitation.deleted_on.is_some() {
                return Err(ServiceError::InvitationDeleted);
            }
            greeter
        }
        (Requester::Greeter(_), None) => return Err(ServiceError::AuthorNotFound),
    };
    if !is_greeter_allowed(&invitation, &greeter) {
        return Ok(AttemptCheck::NotAllowed);
    }
    if let Some(cancelled) = attempt.cancelled {
        return Ok(AttemptCheck::Cancelled(cancelled));
    }
    if attempt.joined(requester.side()).is_none() {
        return Ok(AttemptCheck::NotJoined);
    }
    Ok(AttemptCheck::Usable(attempt))
}

/// Cancels an attempt for `requester`; `Err` carries the refusal.
async fn cancel(
    state: &AppState,
    org: &OrganizationID,
    requester: Requester<'_>,
    id: GreetingAttemptID,
    reason: CancelledGreetingAttemptReason,
    now: DateTime,
) -> Result<Result<(), AttemptCheck>, ServiceError> {
    let mut tx = begin(state, org, TxMode::Write).await?;
    let mut attempt = match check_attempt(&mut *tx, requester, id).await? {
        AttemptCheck::Usable(attempt) => attempt,
        refused => return Ok(Err(refused)),
    };
    attempt.cancelled = Some(GreetingAttemptCancelled {
        origin: requester.side(),
        timestamp: now,
        reason,
    });
    tx.update_greeting_attempt(&attempt).await?;
    let event = state.events.greeting(
        org,
        attempt.greeter,
        GreetingEvent::Cancelled,
        attempt.token,
        attempt.id,
    );
    tx.outbox().extend(event);
    // Release the peer's held step request at once.
    tx.outbox().push(ClusterMessage::greeting(org, attempt.id));
    tx.commit().await?;
    tracing::info!(organization = %org, side = %requester.side(), %reason, "greeting attempt cancelled");
    Ok(Ok(()))
}

/// `invite_greeter_cancel_greeting_attempt`.
pub async fn greeter_cancel(
    state: &AppState,
    auth: &AuthenticatedUser,
    req: invite_greeter_cancel_greeting_attempt::Req,
    now: DateTime,
) -> Result<invite_greeter_cancel_greeting_attempt::Rep, ServiceError> {
    use invite_greeter_cancel_greeting_attempt::Rep;
    let org = &auth.organization_id;
    let requester = Requester::Greeter(auth);
    Ok(
        match cancel(state, org, requester, req.greeting_attempt, req.reason, now).await? {
            Ok(()) => Rep::Ok,
            Err(AttemptCheck::InvitationCompleted) => Rep::InvitationCompleted,
            Err(AttemptCheck::InvitationCancelled) => Rep::InvitationCancelled,
            Err(AttemptCheck::NotAllowed) => Rep::AuthorNotAllowed,
            Err(AttemptCheck::Cancelled(c)) => Rep::GreetingAttemptAlreadyCancelled(c),
            Err(AttemptCheck::NotJoined) => Rep::GreetingAttemptNotJoined,
            // `GreeterRevoked` is claimer-side only.
            Err(
                AttemptCheck::NotFound | AttemptCheck::GreeterRevoked | AttemptCheck::Usable(_),
            ) => Rep::GreetingAttemptNotFound,
        },
    )
}

/// `invite_claimer_cancel_greeting_attempt`.
pub async fn claimer_cancel(
    state: &AppState,
    claimer: &InvitedClaimer,
    req: invite_claimer_cancel_greeting_attempt::Req,
    now: DateTime,
) -> Result<invite_claimer_cancel_greeting_attempt::Rep, ServiceError> {
    use invite_claimer_cancel_greeting_attempt::Rep;
    let (org, token) = (&claimer.organization_id, claimer.token);
    let requester = Requester::Claimer(token);
    Ok(
        match cancel(state, org, requester, req.greeting_attempt, req.reason, now).await? {
            Ok(()) => Rep::Ok,
            Err(AttemptCheck::GreeterRevoked) => Rep::GreeterRevoked,
            Err(AttemptCheck::NotAllowed) => Rep::GreeterNotAllowed,
            Err(AttemptCheck::Cancelled(c)) => Rep::GreetingAttemptAlreadyCancelled(c),
            Err(AttemptCheck::NotJoined) => Rep::GreetingAttemptNotJoined,
            // The invitation states are greeter-side only (the claimer gets 410).
            Err(
                AttemptCheck::NotFound
                | AttemptCheck::InvitationCompleted
                | AttemptCheck::InvitationCancelled
                | AttemptCheck::Usable(_),
            ) => Rep::GreetingAttemptNotFound,
        },
    )
}
