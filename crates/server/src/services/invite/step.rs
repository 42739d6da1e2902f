//! The step commands (invite.md §3.2) and their hold until the peer answers.
//!
//! Each side submits `(index, bytes)`; the server answers with the peer's bytes of the
//! same index once both stored it. The decision, per the official memory backend:
//! a different value for an index already stored is `step_mismatch`; an index past what
//! either side stored is `step_too_advanced`; otherwise the step is stored if new, and
//! the answer is `ok` with the peer's step, or `not_ready`.
//!
//! Where the official server answers `not_ready` at once, ours first holds the request
//! (see [`super::long_poll`]) and answers as soon as the peer stores the step (`ok`) or
//! the attempt is cancelled (`greeting_attempt_cancelled`). A wake-up only re-reads the
//! attempt: every other check ran when the step was stored, at most one hold earlier,
//! exactly as if the request had been answered then. Anything else (an invitation
//! deleted, a user revoked) makes the request run again in full.

use super::begin;
use super::greeting::{check_attempt, AttemptCheck, Requester};
use super::long_poll::Wake;
use crate::cluster::ClusterMessage;
use crate::events::GreetingEvent;
use crate::rate_limit::Publisher;
use crate::services::{AuthenticatedUser, InvitedClaimer, ServiceError};
use crate::state::AppState;
use crate::storage::{StorageError, TxMode};
use parsec_protocol::cmds::authenticated::invite_greeter_step;
use parsec_protocol::cmds::invited::invite_claimer_step;
use parsec_protocol::cmds::ApiVersion;
use parsec_protocol::ids::{AccessToken, GreetingAttemptID, OrganizationID, UserID};
use parsec_protocol::invite::{ClaimerStep, GreeterStep};
use parsec_protocol::invite::{GreeterOrClaimer, GreetingAttemptCancelled};
use std::pin::pin;
use tokio::time::Instant;

/// The outcome of a step request, before it is mapped to the side's reply.
#[derive(Debug)]
pub(crate) enum StepOutcome {
    /// `ok`, with the peer's bytes for this index.
    Peer(Vec<u8>),
    /// `not_ready`.
    NotReady,
    /// `step_mismatch`.
    Mismatch,
    /// `step_too_advanced`.
    TooAdvanced,
    /// A check before the step logic refused (not found, cancelled…).
    Refused(RefusedStep),
}

/// The refusals of [`AttemptCheck`], without the usable case.
#[derive(Debug)]
pub(crate) enum RefusedStep {
    /// `greeting_attempt_not_found`.
    NotFound,
    /// `invitation_completed` (greeter).
    InvitationCompleted,
    /// `invitation_cancelled` (greeter).
    InvitationCancelled,
    /// `greeter_revoked` (claimer).
    GreeterRevoked,
    /// `author_not_allowed` / `greeter_not_allowed`.
    NotAllowed,
    /// `greeting_attempt_cancelled`.
    Cancelled(GreetingAttemptCancelled),
    /// `greeting_attempt_not_joined`.
    NotJoined,
}

/// What the events need to know about the attempt.
struct AttemptInfo {
    token: AccessToken,
    greeter: UserID,
}

/// The pure step decision on the stored steps of both sides.
fn decide(mine: &[Vec<u8>], peer: &[Vec<u8>], index: usize, data: &[u8]) -> Decision {
    if mine
        .get(index)
        .is_some_and(|stored| stored.as_slice() != data)
    {
        return Decision::Mismatch;
    }
    if index > mine.len() || index > peer.len() {
        return Decision::TooAdvanced;
    }
    Decision::Accept {
        store: index == mine.len(),
        peer: peer.get(index).cloned(),
    }
}

enum Decision {
    Mismatch,
    TooAdvanced,
    Accept { store: bool, peer: Option<Vec<u8>> },
}

/// One full run: every check, then the step logic, in one transaction. Most runs store
/// nothing (a step sent again, a peer's step fetched after a wait): they run in a read
/// transaction, and only a run that has a new step to store runs again in a write one.
async fn run_once(
    state: &AppState,
    org: &OrganizationID,
    requester: Requester<'_>,
    id: GreetingAttemptID,
    index: u8,
    data: &[u8],
) -> Result<(StepOutcome, Option<AttemptInfo>), ServiceError> {
    if let Some(done) = run_in(state, org, requester, id, index, data, TxMode::Read).await? {
        return Ok(done);
    }
    let done = run_in(state, org, requester, id, index, data, TxMode::Write).await?;
    done.ok_or_else(|| ServiceError::corrupted("a write run of a greeting step stored nothing"))
}

/// [`run_once`] in a transaction of `mode`; `None` when a read transaction finds a step
/// to store.
async fn run_in(
    state: &AppState,
    org: &OrganizationID,
    requester: Requester<'_>,
    id: GreetingAttemptID,
    index: u8,
    data: &[u8],
    mode: TxMode,
) -> Result<Option<(StepOutcome, Option<AttemptInfo>)>, ServiceError> {
    let side = requester.side();
    let mut tx = begin(state, org, mode).await?;
    let attempt = match check_attempt(&mut *tx, requester, id).await? {
        AttemptCheck::Usable(attempt) => attempt,
        AttemptCheck::NotFound => {
            return Ok(Some((StepOutcome::Refused(RefusedStep::NotFound), None)))
        }
        other => {
            let refused = match other {
                AttemptCheck::InvitationCompleted => RefusedStep::InvitationCompleted,
                AttemptCheck::InvitationCancelled => RefusedStep::InvitationCancelled,
                AttemptCheck::GreeterRevoked => RefusedStep::GreeterRevoked,
                AttemptCheck::NotAllowed => RefusedStep::NotAllowed,
                AttemptCheck::Cancelled(c) => RefusedStep::Cancelled(c),
                _ => RefusedStep::NotJoined,
            };
            return Ok(Some((StepOutcome::Refused(refused), None)));
        }
    };
    let info = AttemptInfo {
        token: attempt.token,
        greeter: attempt.greeter,
    };
    let outcome = match decide(
        attempt.steps(side),
        attempt.steps(side.peer()),
        usize::from(index),
        data,
    ) {
        Decision::Mismatch => StepOutcome::Mismatch,
        Decision::TooAdvanced => StepOutcome::TooAdvanced,
        Decision::Accept { store: true, .. } if mode == TxMode::Read => return Ok(None),
        Decision::Accept { store, peer } => {
            if store {
                tx.insert_greeting_step(id, side, index, data).await?;
                tx.outbox().push(ClusterMessage::greeting(org, id));
                crate::failpoint::hit("greeting_step:before-commit");
                tx.commit().await?;
                crate::failpoint::hit("greeting_step:after-commit");
            }
            match peer {
                Some(peer) => StepOutcome::Peer(peer),
                None => StepOutcome::NotReady,
            }
        }
    };
    Ok(Some((outcome, Some(info))))
}

/// After a wake-up: the peer's step if it is there now, the cancellation if any,
/// `None` to run the request again in full.
async fn peek(
    state: &AppState,
    org: &OrganizationID,
    id: GreetingAttemptID,
    side: GreeterOrClaimer,
    index: u8,
) -> Result<Option<StepOutcome>, StorageError> {
    let Some(mut tx) = state.store.transaction(org, TxMode::Read).await? else {
        return Ok(None);
    };
    let Some(attempt) = tx.get_greeting_attempt(id).await? else {
        return Ok(None);
    };
    drop(tx);
    if let Some(cancelled) = attempt.cancelled {
        return Ok(Some(StepOutcome::Refused(RefusedStep::Cancelled(
            cancelled,
        ))));
    }
    let index = usize::from(index);
    if attempt.steps(side).len() > index {
        if let Some(peer) = attempt.steps(side.peer()).get(index) {
            return Ok(Some(StepOutcome::Peer(peer.clone())));
        }
    }
    Ok(None)
}

/// Runs a step request, held up to [`crate::ServerConfig::greeting_long_poll`] while the
/// answer would be `not_ready` (or until a newer request of the same side takes its hold
/// slot, see [`super::long_poll`]). Publishes `GREETING_ATTEMPT_READY` when the claimer
/// waits at step 0 and `GREETING_ATTEMPT_JOINED` when the greeter completes step 0
/// (invite.md §3.4).
pub(crate) async fn run_step(
    state: &AppState,
    org: &OrganizationID,
    requester: Requester<'_>,
    id: GreetingAttemptID,
    index: u8,
    data: &[u8],
) -> Result<StepOutcome, ServiceError> {
    let side = requester.side();
    let deadline = Instant::now() + state.config.greeting_long_poll;
    // Registered before the first read, so that a peer storing in between wakes us.
    let mut waiter = state.greetings.register(org, id);
    let mut shutdown = pin!(state.shutdown_signal());
    let mut woken = false;
    loop {
        let run = run_once(state, org, requester, id, index, data).await;
        // Woken by our own step's storing, we found the peer's step missing; it may have
        // been stored since, just before the invitation's completion or cancellation:
        // while we were held, so answered as if then.
        let deleted = matches!(
            run,
            Err(ServiceError::InvitationDeleted)
                | Ok((
                    StepOutcome::Refused(
                        RefusedStep::InvitationCompleted | RefusedStep::InvitationCancelled
                    ),
                    _
                ))
        );
        if woken && deleted {
            if let Some(peer @ StepOutcome::Peer(_)) = peek(state, org, id, side, index).await? {
                return Ok(peer);
            }
        }
        let (outcome, info) = run?;
        let Some(info) = info else {
            return Ok(outcome);
        };
        match (&outcome, side, index) {
            (StepOutcome::NotReady, GreeterOrClaimer::Claimer, 0) => {
                // Advisory (the greeter's held step is woken directly): a token holder
                // polling in a loop does not get to flood the greeter's streams.
                let publisher = Publisher::Invitation(org.clone(), info.token);
                if state.publish_limiter.check(&publisher).is_ok() {
                    if let Some(event) = state.events.greeting(
                        org,
                        info.greeter,
                        GreetingEvent::Ready,
                        info.token,
                        id,
                    ) {
                        state.events.send(event);
                    }
                }
            }
            (StepOutcome::NotReady, _, _) => {}
            _ => {
                joined_event(state, org, &info, side, index, &outcome, id);
                return Ok(outcome);
            }
        }
        // Not ready: hold until the peer moves, the hold ends or the server stops.
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Ok(StepOutcome::NotReady);
        }
        waiter.hold(side);
        let _held = state.metrics.held_step();
        let wake = tokio::select! {
            wake = waiter.wait(remaining) => wake,
            () = &mut shutdown => Wake::TimedOut,
        };
        if matches!(wake, Wake::TimedOut | Wake::Released) {
            return Ok(StepOutcome::NotReady);
        }
        if let Some(outcome) = peek(state, org, id, side, index).await? {
            joined_event(state, org, &info, side, index, &outcome, id);
            return Ok(outcome);
        }
        // Not for us, or something else changed: check everything again.
        woken = true;
    }
}

/// The first API version whose clients use the current SAS algorithm (invite.md §5.4):
/// step commands from older clients are refused.
pub const NEW_SAS_CODE_ALGORITHM_API_VERSION: ApiVersion = ApiVersion { major: 5, minor: 2 };

fn check_api_version(client: ApiVersion) -> Result<(), ServiceError> {
    if client < NEW_SAS_CODE_ALGORITHM_API_VERSION {
        return Err(ServiceError::ApiVersionTooOld);
    }
    Ok(())
}

fn corrupted_step(index: u8) -> ServiceError {
    ServiceError::corrupted(format!("stored step {index} does not fit its kind"))
}

/// `invite_greeter_step`.
pub async fn greeter_step(
    state: &AppState,
    auth: &AuthenticatedUser,
    req: invite_greeter_step::Req,
    client_api_version: ApiVersion,
) -> Result<invite_greeter_step::Rep, ServiceError> {
    use invite_greeter_step::Rep;
    check_api_version(client_api_version)?;
    let index = req.greeter_step.index();
    let outcome = run_step(
        state,
        &auth.organization_id,
        Requester::Greeter(auth),
        req.greeting_attempt,
        index,
        req.greeter_step.data(),
    )
    .await?;
    Ok(match outcome {
        StepOutcome::Peer(data) => Rep::Ok {
            claimer_step: ClaimerStep::from_index_and_data(index, &data)
                .ok_or_else(|| corrupted_step(index))?,
        },
        StepOutcome::NotReady => Rep::NotReady,
        StepOutcome::Mismatch => Rep::StepMismatch,
        StepOutcome::TooAdvanced => Rep::StepTooAdvanced,
        StepOutcome::Refused(r) => match r {
            RefusedStep::InvitationCompleted => Rep::InvitationCompleted,
            RefusedStep::InvitationCancelled => Rep::InvitationCancelled,
            RefusedStep::NotAllowed => Rep::AuthorNotAllowed,
            RefusedStep::Cancelled(c) => Rep::GreetingAttemptCancelled(c),
            RefusedStep::NotJoined => Rep::GreetingAttemptNotJoined,
            // `GreeterRevoked` is claimer-side only.
            RefusedStep::NotFound | RefusedStep::GreeterRevoked => Rep::GreetingAttemptNotFound,
        },
    })
}

/// `invite_claimer_step`.
pub async fn claimer_step(
    state: &AppState,
    claimer: &InvitedClaimer,
    req: invite_claimer_step::Req,
    client_api_version: ApiVersion,
) -> Result<invite_claimer_step::Rep, ServiceError> {
    use invite_claimer_step::Rep;
    let (org, token) = (&claimer.organization_id, claimer.token);
    check_api_version(client_api_version)?;
    let index = req.claimer_step.index();
    let outcome = run_step(
        state,
        org,
        Requester::Claimer(token),
        req.greeting_attempt,
        index,
        req.claimer_step.data(),
    )
    .await?;
    Ok(match outcome {
        StepOutcome::Peer(data) => Rep::Ok {
            greeter_step: GreeterStep::from_index_and_data(index, &data)
                .ok_or_else(|| corrupted_step(index))?,
        },
        StepOutcome::NotReady => Rep::NotReady,
        StepOutcome::Mismatch => Rep::StepMismatch,
        StepOutcome::TooAdvanced => Rep::StepTooAdvanced,
        StepOutcome::Refused(r) => match r {
            RefusedStep::GreeterRevoked => Rep::GreeterRevoked,
            RefusedStep::NotAllowed => Rep::GreeterNotAllowed,
            RefusedStep::Cancelled(c) => Rep::GreetingAttemptCancelled(c),
            RefusedStep::NotJoined => Rep::GreetingAttemptNotJoined,
            // The invitation's deletion is HTTP 410 for the claimer.
            RefusedStep::InvitationCompleted | RefusedStep::InvitationCancelled => {
                return Err(ServiceError::InvitationDeleted)
            }
            RefusedStep::NotFound => Rep::GreetingAttemptNotFound,
        },
    })
}

fn joined_event(
    state: &AppState,
    org: &OrganizationID,
    info: &AttemptInfo,
    side: GreeterOrClaimer,
    index: u8,
    outcome: &StepOutcome,
    id: GreetingAttemptID,
) {
    if side == GreeterOrClaimer::Greeter && index == 0 && matches!(outcome, StepOutcome::Peer(_)) {
        if let Some(event) =
            state
                .events
                .greeting(org, info.greeter, GreetingEvent::Joined, info.token, id)
        {
            state.events.send(event);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(n: usize) -> Vec<Vec<u8>> {
        (0..n)
            .map(|i| vec![u8::try_from(i).expect("small")])
            .collect()
    }

    #[test]
    fn decisions() {
        let accept = |d: Decision| match d {
            Decision::Accept { store, peer } => Some((store, peer)),
            _ => None,
        };
        // First step, peer absent: stored, not ready.
        assert_eq!(accept(decide(&[], &[], 0, b"k")), Some((true, None)));
        // Re-sent identical: not stored again.
        assert_eq!(accept(decide(&steps(1), &[], 0, &[0])), Some((false, None)));
        // Different content for a stored index.
        assert!(matches!(
            decide(&steps(1), &[], 0, b"x"),
            Decision::Mismatch
        ));
        // Mismatch wins over too advanced (memory backend order).
        assert!(matches!(
            decide(&steps(2), &steps(0), 1, b"x"),
            Decision::Mismatch
        ));
        // Index past our steps, or past the peer's.
        assert!(matches!(
            decide(&[], &steps(3), 1, b""),
            Decision::TooAdvanced
        ));
        assert!(matches!(
            decide(&steps(1), &[], 1, b""),
            Decision::TooAdvanced
        ));
        // Both stored: ok with the peer's.
        assert_eq!(
            accept(decide(&steps(1), &steps(1), 0, &[0])),
            Some((false, Some(vec![0])))
        );
    }
}
