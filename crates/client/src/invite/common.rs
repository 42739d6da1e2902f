//! What the greeter and the claimer share (invite.md §3, §4, §7): one greeting attempt on
//! the server, step polling with a [`PollPolicy`], the phase-A restart rule, and
//! cancellation (explicit, on failure, or through a [`CancelHandle`]).
//!
//! Each side plugs in through [`Side`]: its command family, its step types and its error
//! type; the state machines in `greeter.rs` and `claimer.rs` are written against
//! [`Attempt`].

use super::{CancelGreetingAttemptError, PollPolicy};
use crate::connection::Transport;
use crate::events::{EventStream, ServerEvent};
use parsec_protocol::crypto::SecretKey;
use parsec_protocol::ids::GreetingAttemptID;
use parsec_protocol::invite::{
    CancelledGreetingAttemptReason, GreeterOrClaimer, GreetingAttemptCancelled, SASCode,
};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

/// How many times phase A restarts after the peer restarted (`WAIT_PEER_MAX_ATTEMPTS`
/// of the official client, invite.md §4): 9 runs in total.
pub const WAIT_PEER_MAX_ATTEMPTS: usize = 8;

/// The outcome of phase A: the shared key and both SAS codes (invite.md §5).
pub(crate) struct SasExchange {
    pub(crate) key: SecretKey,
    pub(crate) claimer_sas: SASCode,
    pub(crate) greeter_sas: SASCode,
}

/// A step answer that the state machine handles itself; the other statuses are errors.
pub(crate) enum StepReply<P> {
    /// The peer's step of the same number.
    Peer(P),
    /// The peer has not reached this step: ask again.
    NotReady,
    /// The attempt was cancelled (by the peer, the server or ourselves).
    Cancelled(GreetingAttemptCancelled),
}

/// One side's commands (greeter: authenticated family; claimer: invited family).
pub(crate) trait Side: Send + Sync + 'static {
    /// What this side sends.
    type Step: Clone + Send + Sync + 'static;
    /// What it receives.
    type PeerStep: StepIndex + Send + 'static;
    /// Its error type.
    type Error: SideError;
    /// Which side this is.
    const ROLE: GreeterOrClaimer;

    /// The transport (for [`PollPolicy::Auto`]).
    fn transport(&self) -> &Transport;

    /// Joins the active attempt of the session, or restarts (§3.1).
    fn start(&self) -> impl Future<Output = Result<GreetingAttemptID, Self::Error>> + Send;

    /// Sends one step request.
    fn step(
        &self,
        attempt: GreetingAttemptID,
        step: Self::Step,
    ) -> impl Future<Output = Result<StepReply<Self::PeerStep>, Self::Error>> + Send;

    /// Cancels the attempt.
    fn cancel(
        &self,
        attempt: GreetingAttemptID,
        reason: CancelledGreetingAttemptReason,
    ) -> impl Future<Output = Result<(), CancelGreetingAttemptError>> + Send;

    /// Opens a stream of the server's events that tells when the attempt may have ended
    /// (see [`watch`]), or `None` when this side has none: the claimer (an invited
    /// client has no event stream) and any side against a server that does not long-poll.
    fn listen(&self) -> impl Future<Output = Option<EventStream>> + Send {
        std::future::ready(None)
    }
}

/// What the shared code needs from a side's error type.
pub(crate) trait SideError: std::error::Error + Send + Sync + 'static {
    /// `PeerCancelled { … }`.
    fn peer_cancelled(info: GreetingAttemptCancelled) -> Self;
    /// The peer answered a step of another number.
    fn unexpected_peer_step(expected: u8, received: u8) -> Self;
    /// The cancellation this error carries, if it is one.
    fn as_cancelled(&self) -> Option<GreetingAttemptCancelled>;
    /// The reason to cancel the attempt with when this error ends it, or `None` when
    /// there is nothing to cancel (already cancelled, invitation gone, not allowed).
    fn cancel_reason(&self) -> Option<CancelledGreetingAttemptReason>;
    /// Whether the request failed on the way (network, server failure) rather than
    /// being answered: a watch tries again later.
    fn is_transport(&self) -> bool;
}

/// A side with its poll policy and the attempt currently in progress (shared with the
/// [`CancelHandle`]s).
pub(crate) struct Shared<S: Side> {
    pub(crate) side: S,
    policy: PollPolicy,
    current: Mutex<Option<GreetingAttemptID>>,
    /// The last step both sides reached in an attempt, which may be sent again to learn
    /// whether that attempt was cancelled (the server answers a repeated step the same
    /// way, invite.md §3.3).
    last_step: Mutex<Option<(GreetingAttemptID, S::Step)>>,
    /// The event stream of [`watch`], kept from one question to the next.
    events: tokio::sync::Mutex<Wake>,
}

/// The event stream of a side, as [`watch`] found it.
enum Wake {
    /// Not opened yet, or ended by the server: opened at the next watch.
    Unopened,
    Open(Box<EventStream>),
    /// This side has none: watches poll.
    Unavailable,
}

impl<S: Side> Shared<S> {
    pub(crate) fn new(side: S, policy: PollPolicy) -> Arc<Self> {
        Arc::new(Self {
            side,
            policy,
            current: Mutex::new(None),
            last_step: Mutex::new(None),
            events: tokio::sync::Mutex::new(Wake::Unopened),
        })
    }

    fn set_current(&self, id: Option<GreetingAttemptID>) {
        *self.current.lock().expect("attempt cell not poisoned") = id;
    }

    fn current(&self) -> Option<GreetingAttemptID> {
        *self.current.lock().expect("attempt cell not poisoned")
    }

    /// Forgets `id` if it is still the current attempt.
    fn clear(&self, id: GreetingAttemptID) {
        let mut cur = self.current.lock().expect("attempt cell not poisoned");
        if *cur == Some(id) {
            *cur = None;
        }
    }

    fn set_last_step(&self, id: GreetingAttemptID, step: S::Step) {
        *self.last_step.lock().expect("step cell not poisoned") = Some((id, step));
    }

    /// The last step reached in the current attempt, if any.
    fn probe_step(&self) -> Option<(GreetingAttemptID, S::Step)> {
        let current = self.current()?;
        self.last_step
            .lock()
            .expect("step cell not poisoned")
            .clone()
            .filter(|(id, _)| *id == current)
    }

    /// How often [`watch`] asks: well under a second, never faster than the policy's
    /// own pace against a server that does not long-poll.
    fn watch_interval(&self) -> Duration {
        match self.effective_policy() {
            PollPolicy::Throttled { base } => base.min(WATCH_INTERVAL),
            PollPolicy::Immediate | PollPolicy::Auto => WATCH_INTERVAL / 2,
        }
    }

    /// Resolves [`PollPolicy::Auto`] with what the transport saw so far.
    fn effective_policy(&self) -> PollPolicy {
        match self.policy {
            PollPolicy::Auto if self.side.transport().server_long_polls() => PollPolicy::Immediate,
            PollPolicy::Auto => PollPolicy::OFFICIAL,
            p => p,
        }
    }

    /// Phase A with the restart rule (§4): runs `phase_a` on a freshly joined attempt;
    /// when it fails because the **peer** restarted (`AUTOMATICALLY_CANCELLED` from the
    /// peer), starts again, at most [`WAIT_PEER_MAX_ATTEMPTS`] times.
    pub(crate) async fn run_phase_a<T, F, Fut>(
        self: &Arc<Self>,
        mut phase_a: F,
    ) -> Result<T, S::Error>
    where
        F: FnMut(Attempt<S>) -> Fut,
        Fut: Future<Output = Result<T, S::Error>>,
    {
        let mut restarts = 0;
        loop {
            let id = self.side.start().await?;
            self.set_current(Some(id));
            let attempt = Attempt {
                shared: Arc::clone(self),
                id,
            };
            match attempt.guard(phase_a(attempt.clone())).await {
                Err(e) if restarts < WAIT_PEER_MAX_ATTEMPTS && peer_restarted::<S>(&e) => {
                    tracing::debug!(?id, "the peer restarted the greeting: starting again");
                    restarts += 1;
                }
                other => return other,
            }
        }
    }
}

fn peer_restarted<S: Side>(e: &S::Error) -> bool {
    e.as_cancelled().is_some_and(|c| {
        c.origin == S::ROLE.peer()
            && c.reason == CancelledGreetingAttemptReason::AutomaticallyCancelled
    })
}

/// A joined greeting attempt.
pub(crate) struct Attempt<S: Side> {
    shared: Arc<Shared<S>>,
    id: GreetingAttemptID,
}

impl<S: Side> Clone for Attempt<S> {
    fn clone(&self) -> Self {
        Self {
            shared: Arc::clone(&self.shared),
            id: self.id,
        }
    }
}

impl<S: Side> Attempt<S> {
    /// The side's commands.
    pub(crate) fn side(&self) -> &S {
        &self.shared.side
    }

    /// Sends `step` until the peer reached it too, and returns the peer's step
    /// (`expected` is the step number, to check the peer's answer).
    pub(crate) async fn exchange(
        &self,
        step: S::Step,
        expected: u8,
    ) -> Result<S::PeerStep, S::Error> {
        let mut throttle = Throttle::new(self.shared.effective_policy());
        loop {
            throttle.wait().await;
            match self.shared.side.step(self.id, step.clone()).await? {
                StepReply::Peer(p) if p.step_index() == expected => {
                    self.shared.set_last_step(self.id, step);
                    return Ok(p);
                }
                StepReply::Peer(p) => {
                    return Err(S::Error::unexpected_peer_step(expected, p.step_index()))
                }
                StepReply::NotReady => {}
                StepReply::Cancelled(info) => return Err(S::Error::peer_cancelled(info)),
            }
        }
    }

    /// Sends `step` once: `Ok(true)` if the peer has reached it, `Ok(false)` if not yet.
    pub(crate) async fn send_once(&self, step: S::Step) -> Result<bool, S::Error> {
        match self.shared.side.step(self.id, step).await? {
            StepReply::Peer(_) => Ok(true),
            StepReply::NotReady => Ok(false),
            StepReply::Cancelled(info) => Err(S::Error::peer_cancelled(info)),
        }
    }

    /// Cancels the attempt on the server.
    pub(crate) async fn cancel(
        &self,
        reason: CancelledGreetingAttemptReason,
    ) -> Result<(), CancelGreetingAttemptError> {
        let result = self.shared.side.cancel(self.id, reason).await;
        self.shared.clear(self.id);
        result
    }

    /// Runs `fut`; if it fails, cancels the attempt with the error's reason (best effort:
    /// a failed cancel is only logged) so that the peer stops waiting.
    pub(crate) async fn guard<T>(
        &self,
        fut: impl Future<Output = Result<T, S::Error>>,
    ) -> Result<T, S::Error> {
        let result = fut.await;
        if let Err(e) = &result {
            match e.cancel_reason() {
                Some(reason) => {
                    if let Err(cancel_error) = self.cancel(reason).await {
                        tracing::debug!(%cancel_error, "cannot cancel the greeting attempt");
                    }
                }
                None => self.shared.clear(self.id),
            }
        }
        result
    }

    /// The attempt went through: nothing is left to cancel.
    pub(crate) fn finished(&self) {
        self.shared.clear(self.id);
    }

    /// The side and its current-attempt cell (what a [`CancelHandle`] holds).
    pub(crate) fn shared(&self) -> &Arc<Shared<S>> {
        &self.shared
    }
}

/// The step number of a step value.
pub(crate) trait StepIndex {
    fn step_index(&self) -> u8;
}

impl StepIndex for parsec_protocol::invite::GreeterStep {
    fn step_index(&self) -> u8 {
        self.index()
    }
}

impl StepIndex for parsec_protocol::invite::ClaimerStep {
    fn step_index(&self) -> u8 {
        self.index()
    }
}

/// Paces the requests of one wait (invite.md §7).
struct Throttle {
    base: Option<Duration>,
    sent: u32,
    last_start: Option<Instant>,
}

impl Throttle {
    fn new(policy: PollPolicy) -> Self {
        Self {
            base: match policy {
                PollPolicy::Throttled { base } => Some(base),
                // `Auto` is resolved by `Shared::effective_policy` before we get here.
                PollPolicy::Immediate | PollPolicy::Auto => None,
            },
            sent: 0,
            last_start: None,
        }
    }

    /// The delay between the start of request `n` (1-based) and the next one.
    fn interval(base: Duration, n: u32) -> Duration {
        let factor = match n {
            1 => 16,
            2 => 8,
            3 => 4,
            4 => 2,
            _ => 1,
        };
        base / factor
    }

    /// Sleeps until the next request may start (never before the first one).
    async fn wait(&mut self) {
        if let (Some(base), Some(last)) = (self.base, self.last_start) {
            tokio::time::sleep_until(last + Self::interval(base, self.sent)).await;
        }
        self.last_start = Some(Instant::now());
        self.sent += 1;
    }
}

/// The longest pause between two questions of [`CancelHandle::watch`].
const WATCH_INTERVAL: Duration = Duration::from_millis(500);

/// The events after which [`watch`] asks whether the attempt ended: a cancelled greeting
/// attempt, a changed invitation (cancelled, completed), or events the server could not
/// replay.
const WAKING_EVENTS: [&str; 2] = ["GREETING_ATTEMPT_CANCELLED", "INVITATION"];

/// Resolves with the error that ended the current attempt (a cancellation by the peer,
/// the invitation gone…). Where the side has an event stream (see [`Side::listen`]), it
/// asks the server once when the stream opens and then after each event that may mean
/// an end; otherwise, or once the stream breaks, it asks every
/// [`Shared::watch_interval`] by sending the last step reached again. Network failures
/// are retried.
async fn watch<S: Side>(shared: &Shared<S>) -> S::Error {
    if let Some(e) = watch_events(shared).await {
        return e;
    }
    loop {
        tokio::time::sleep(shared.watch_interval()).await;
        if let Some(e) = probe(shared).await {
            return e;
        }
    }
}

/// The event-driven part of [`watch`]: `None` when there is no stream to wait on (any
/// more), and the caller polls.
async fn watch_events<S: Side>(shared: &Shared<S>) -> Option<S::Error> {
    let mut wake = shared.events.lock().await;
    if matches!(*wake, Wake::Unopened) {
        *wake = match shared.side.listen().await {
            Some(stream) => Wake::Open(Box::new(stream)),
            None => Wake::Unavailable,
        };
        if matches!(*wake, Wake::Open(_)) {
            // What happened before the stream opened.
            if let Some(e) = probe(shared).await {
                return Some(e);
            }
        }
    }
    let Wake::Open(stream) = &mut *wake else {
        return None;
    };
    loop {
        match stream.next().await {
            Ok(Some(ServerEvent::Event(name))) if WAKING_EVENTS.contains(&name.as_str()) => {}
            Ok(Some(ServerEvent::MissedEvents)) => {}
            Ok(Some(ServerEvent::Event(_) | ServerEvent::Keepalive)) => continue,
            Ok(None) => {
                tracing::debug!("the server ended the event stream: polling");
                *wake = Wake::Unopened;
                return None;
            }
            Err(error) => {
                tracing::debug!(%error, "event stream broken: polling");
                *wake = Wake::Unopened;
                return None;
            }
        }
        if let Some(e) = probe(shared).await {
            return Some(e);
        }
    }
}

/// Sends the last step reached once: the error that ended the attempt, if it ended
/// (network failures are not an end).
async fn probe<S: Side>(shared: &Shared<S>) -> Option<S::Error> {
    let (id, step) = shared.probe_step()?;
    match shared.side.step(id, step).await {
        Ok(StepReply::Cancelled(info)) => Some(S::Error::peer_cancelled(info)),
        Ok(StepReply::Peer(_) | StepReply::NotReady) => None,
        Err(e) if e.is_transport() => {
            tracing::debug!(error = %e, "checking the greeting attempt");
            None
        }
        Err(e) => Some(e),
    }
}

/// Why a watched attempt ended (see [`CancelHandle::watch`]).
#[derive(Debug, thiserror::Error)]
pub enum AttemptEnded {
    /// Seen by the greeter.
    #[error(transparent)]
    Greeter(#[from] super::GreetError),
    /// Seen by the claimer.
    #[error(transparent)]
    Claimer(#[from] super::ClaimError),
}

/// Cancels the greeting attempt in progress from outside the state machine, e.g. on
/// Ctrl-C after dropping the future of a `do_*` call. Cheap to clone; follows the
/// restarts of phase A.
#[derive(Clone)]
pub struct CancelHandle(HandleInner);

#[derive(Clone)]
enum HandleInner {
    Greeter(Arc<Shared<super::greeter::GreeterSide>>),
    Claimer(Arc<Shared<super::claimer::ClaimerSide>>),
}

impl std::fmt::Debug for CancelHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (role, current) = match &self.0 {
            HandleInner::Greeter(s) => ("greeter", s.current()),
            HandleInner::Claimer(s) => ("claimer", s.current()),
        };
        f.debug_struct("CancelHandle")
            .field("role", &role)
            .field("attempt", &current)
            .finish()
    }
}

impl CancelHandle {
    pub(crate) fn greeter(shared: &Arc<Shared<super::greeter::GreeterSide>>) -> Self {
        Self(HandleInner::Greeter(Arc::clone(shared)))
    }

    pub(crate) fn claimer(shared: &Arc<Shared<super::claimer::ClaimerSide>>) -> Self {
        Self(HandleInner::Claimer(Arc::clone(shared)))
    }

    /// Resolves when the attempt in progress ends without us: the peer cancelled it, or
    /// the invitation is gone. Meant to be raced with a question to our human, while no
    /// `do_*` call is waiting: it sends the last step both sides reached again (an
    /// idempotent request, answered at once), and never resolves while no step was
    /// reached yet. The greeter on a server that long-polls (ours) sends it when the
    /// server's event stream announces a cancelled attempt or a changed invitation (the
    /// stream stays open from one question to the next); otherwise, and should the stream
    /// break, it sends it twice a second or more.
    pub async fn watch(&self) -> AttemptEnded {
        match &self.0 {
            HandleInner::Greeter(s) => watch(s).await.into(),
            HandleInner::Claimer(s) => watch(s).await.into(),
        }
    }

    /// Asks once whether the attempt in progress ended without us (see [`Self::watch`]),
    /// e.g. right before committing something the peer may no longer want.
    pub async fn check(&self) -> Result<(), AttemptEnded> {
        let ended = match &self.0 {
            HandleInner::Greeter(s) => probe(s).await.map(AttemptEnded::from),
            HandleInner::Claimer(s) => probe(s).await.map(AttemptEnded::from),
        };
        ended.map_or(Ok(()), Err)
    }

    /// Cancels the attempt in progress, if any: `Ok(false)` when there is none (not
    /// started yet, finished, or already ended by an error).
    pub async fn cancel(
        &self,
        reason: CancelledGreetingAttemptReason,
    ) -> Result<bool, CancelGreetingAttemptError> {
        async fn go<S: Side>(
            shared: &Shared<S>,
            reason: CancelledGreetingAttemptReason,
        ) -> Result<bool, CancelGreetingAttemptError> {
            let Some(id) = shared.current() else {
                return Ok(false);
            };
            let result = shared.side.cancel(id, reason).await;
            shared.clear(id);
            result.map(|()| true)
        }
        match &self.0 {
            HandleInner::Greeter(s) => go(s, reason).await,
            HandleInner::Claimer(s) => go(s, reason).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_intervals() {
        let base = Duration::from_secs(1);
        let ms: Vec<u128> = (1..=7)
            .map(|n| Throttle::interval(base, n).as_micros())
            .collect();
        assert_eq!(
            ms,
            [62_500, 125_000, 250_000, 500_000, 1_000_000, 1_000_000, 1_000_000]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn throttle_paces_from_the_previous_start() {
        let mut t = Throttle::new(PollPolicy::OFFICIAL);
        let t0 = Instant::now();
        let mut starts = Vec::new();
        for _ in 0..6 {
            t.wait().await;
            starts.push((Instant::now() - t0).as_micros());
        }
        // Tokio's timer rounds deadlines up to the next millisecond.
        let expected = [0, 62_500, 187_500, 437_500, 937_500, 1_937_500];
        for (start, expected) in starts.iter().zip(expected) {
            assert!((expected..expected + 1_000).contains(start), "{starts:?}");
        }

        // Time spent in the request counts: no sleep when the moment has passed.
        let mut t = Throttle::new(PollPolicy::OFFICIAL);
        t.wait().await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        let before = Instant::now();
        t.wait().await;
        assert_eq!(Instant::now(), before);

        let mut t = Throttle::new(PollPolicy::Immediate);
        let before = Instant::now();
        for _ in 0..10 {
            t.wait().await;
        }
        assert_eq!(Instant::now(), before);
    }
}
