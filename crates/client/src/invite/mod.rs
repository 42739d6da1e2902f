//! Invitations (invite.md): creating, listing and cancelling them ([`manage`]), and the
//! two sides of the greeting exchange as typestates, one type per step with consuming
//! `do_<action>(self)` methods.
//!
//! The states are generic over the invitation kind ([`User`], [`Device`] or
//! [`ShamirRecovery`]): steps 0–5
//! (key agreement, nonce commitment, SAS codes) are the same code for both kinds, only
//! the payloads of steps 6–7 differ (invite.md §4).
//!
//! Greeter (an authenticated device vouching for the newcomer):
//!
//! ```text
//! GreeterInitialCtx<K> ─do_wait_peer→ GreeterInProgress1Ctx<K>   (shows greeter_sas)
//!   ─do_wait_peer_trust→ GreeterInProgress2Ctx<K>                (human picks claimer_sas)
//!   ─do_signify_trust→ GreeterInProgress3Ctx<K>   (or do_deny_trust: cancels)
//!   ─do_get_claim_requests→ GreeterInProgress4Ctx<K>            (requested identity)
//!   ─do_create_new_user / do_create_new_device→ GreetOutcome
//! ```
//!
//! Claimer (the newcomer, holding only the invitation URL):
//!
//! ```text
//! retrieve_info → AnyClaimRetrievedInfoCtx ─(select_greeter)→ ClaimerInitialCtx<K>
//!   ─do_wait_peer→ ClaimerInProgress1Ctx<K>                      (human picks greeter_sas)
//!   ─do_signify_trust→ ClaimerInProgress2Ctx<K>   (or do_deny_trust: cancels)
//!                                                               (shows claimer_sas)
//!   ─do_wait_peer_trust→ ClaimerInProgress3Ctx<K>
//!   ─do_claim_user / do_claim_device→ ClaimerFinalizeCtx         (device built)
//!   ─do_acknowledge→ LocalDevice                                 (caller saves it)
//! ```
//!
//! Shamir recovery: the claimer's [`ShamirRecoveryClaimPickRecipientCtx`] picks a
//! recipient (`pick_recipient` → `ClaimerInitialCtx<ShamirRecovery>`, then the same steps
//! up to `do_recover_share`), adds its shares (`add_share`), and once they reach the
//! threshold `recover_device` registers the new device and `complete` ends the
//! invitation; the recipient's `GreeterInProgress4Ctx<ShamirRecovery>::do_send_share`
//! sends its shares (opened with [`crate::shamir::share_data`]).
//!
//! Waiting for the peer polls the step command; how often is a [`PollPolicy`]. A failure
//! after an attempt started cancels it on the server (best effort) with the matching
//! reason (`MANUALLY_CANCELLED` when the protocol has none, e.g. a refused `user_create`,
//! where the official client leaves the claimer waiting), so that the peer stops
//! waiting; a cancellation by the peer surfaces as a `PeerCancelled` error. Every in-progress state has `cancel(reason)`, and a
//! [`CancelHandle`] taken before a `do_*` call cancels the attempt while that call is
//! waiting (e.g. on Ctrl-C, after dropping its future).

mod claimer;
mod common;
mod create;
mod error;
mod greeter;
pub mod manage;

use parsec_protocol::addr::InvitationType;
use parsec_protocol::invite::{
    GreetingPayload, InviteDeviceConfirmation, InviteDeviceData, InviteShamirRecoveryConfirmation,
    InviteShamirRecoveryData, InviteUserConfirmation, InviteUserData,
};
use std::time::Duration;

pub use claimer::{
    retrieve_info, AnyClaimRetrievedInfoCtx, ClaimerFinalizeCtx, ClaimerInProgress1Ctx,
    ClaimerInProgress2Ctx, ClaimerInProgress3Ctx, ClaimerInitialCtx,
    ShamirRecoveryClaimFinalizeCtx, ShamirRecoveryClaimMaybeRecoverDeviceCtx,
    ShamirRecoveryClaimPickRecipientCtx, ShamirRecoveryClaimRecoverDeviceCtx,
    ShamirRecoveryClaimShare, UserClaimListAdministratorsCtx,
};
pub use common::{AttemptEnded, CancelHandle, WAIT_PEER_MAX_ATTEMPTS};
pub use error::{
    AcknowledgeError, CancelGreetingAttemptError, ClaimError, GreetError, ShamirRecoverDeviceError,
};
pub use greeter::{
    prepare_greet, AnyGreeterInitialCtx, GreetOutcome, GreeterFinalizeCtx, GreeterInProgress1Ctx,
    GreeterInProgress2Ctx, GreeterInProgress3Ctx, GreeterInProgress4Ctx, GreeterInitialCtx,
};

/// How a side waits for its peer: how soon a step request is sent again after the
/// server answered `not_ready`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollPolicy {
    /// The official client's throttle (invite.md §7): the n-th request of a wait is sent
    /// `base / f` after the start of the previous one, `f = 16, 8, 4, 2, 1, 1…`; with the
    /// official `base` of 1 s: 62.5 ms, 125 ms, 250 ms, 500 ms, then every second.
    /// The official CLI reads `base` from `_PARSEC_INVITE_POLLING_THROTTLE_MS` (tests).
    Throttled {
        /// The steady-state interval.
        base: Duration,
    },
    /// Re-send at once: right for a server that holds step requests open until the peer
    /// answers (long-poll), wasteful against one that does not.
    Immediate,
    /// [`PollPolicy::Immediate`] once the server announced long-poll support (the
    /// `X-Parsec-Long-Poll: 1` answer header, see
    /// [`Transport::server_long_polls`](crate::connection::Transport::server_long_polls)),
    /// [`PollPolicy::OFFICIAL`] otherwise; decided at the start of each wait.
    Auto,
}

impl PollPolicy {
    /// The official cadence (1 s base).
    pub const OFFICIAL: Self = Self::Throttled {
        base: Duration::from_secs(1),
    };
}

/// The official cadence.
impl Default for PollPolicy {
    fn default() -> Self {
        Self::OFFICIAL
    }
}

mod sealed {
    pub trait Sealed {}
}

/// The kind of an invitation, as a type: [`User`], [`Device`] or [`ShamirRecovery`]. It
/// picks the payloads of
/// steps 6 and 7 and which final methods the last states offer.
pub trait InvitationKind: sealed::Sealed + Send + Sync + 'static {
    /// The wire kind.
    const TYPE: InvitationType;
    /// What the claimer sends at step 6.
    type ClaimerData: GreetingPayload + Clone + std::fmt::Debug + Send + Sync;
    /// What the greeter sends at step 7.
    type GreeterConfirmation: GreetingPayload + Send + Sync;
}

/// A new user joins the organization (`InviteUserData` / `InviteUserConfirmation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct User;

/// A user enrols a new device (`InviteDeviceData` / `InviteDeviceConfirmation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Device;

/// A user who lost its devices gets a recipient's shares of its recovery secret
/// (`InviteShamirRecoveryData` / `InviteShamirRecoveryConfirmation`), one greeting per
/// recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShamirRecovery;

impl sealed::Sealed for User {}
impl sealed::Sealed for Device {}
impl sealed::Sealed for ShamirRecovery {}

impl InvitationKind for User {
    const TYPE: InvitationType = InvitationType::User;
    type ClaimerData = InviteUserData;
    type GreeterConfirmation = InviteUserConfirmation;
}

impl InvitationKind for Device {
    const TYPE: InvitationType = InvitationType::Device;
    type ClaimerData = InviteDeviceData;
    type GreeterConfirmation = InviteDeviceConfirmation;
}

impl InvitationKind for ShamirRecovery {
    const TYPE: InvitationType = InvitationType::ShamirRecovery;
    type ClaimerData = InviteShamirRecoveryData;
    type GreeterConfirmation = InviteShamirRecoveryConfirmation;
}

/// Compile-time checks: every state and every `do_*` future can cross threads (the CLI
/// may spawn them or race them against Ctrl-C on a multi-threaded runtime).
#[cfg(test)]
mod send_checks {
    use super::*;

    fn send<T: Send>(_: &T) {}

    #[test]
    fn futures_are_send() {
        // Naming the functions type-checks their bodies for both kinds.
        let _ = (greeter::<User>, greeter::<Device>, greeter_final);
        let _ = (claimer::<User>, claimer::<Device>, claimer_final);
        let _ = (
            claimer::<ShamirRecovery>,
            greeter::<ShamirRecovery>,
            shamir_final,
        );
    }

    async fn shamir_final(
        greeter: GreeterInProgress4Ctx<ShamirRecovery>,
        claimer: ClaimerInProgress3Ctx<ShamirRecovery>,
        recover: ShamirRecoveryClaimRecoverDeviceCtx,
        finalize: ShamirRecoveryClaimFinalizeCtx,
    ) {
        send(&greeter.do_send_share(Vec::new()));
        send(&claimer.do_recover_share());
        send(&recover.recover_device("x".parse().expect("label")));
        send(&finalize.complete());
    }

    async fn greeter<K: InvitationKind>(
        a: GreeterInitialCtx<K>,
        b: GreeterInProgress1Ctx<K>,
        c: GreeterInProgress2Ctx<K>,
        d: GreeterInProgress3Ctx<K>,
    ) {
        send(&a.do_wait_peer());
        send(&b.do_wait_peer_trust());
        send(&c.do_signify_trust());
        send(&d.do_get_claim_requests());
    }

    async fn greeter_final(
        user: GreeterInProgress4Ctx<User>,
        device: GreeterInProgress4Ctx<Device>,
        other: GreeterInProgress2Ctx<User>,
        handle: CancelHandle,
    ) {
        let label: parsec_protocol::ids::DeviceLabel = "x".parse().expect("label");
        let handle_ = user.requested_human_handle().clone();
        send(&user.do_create_new_user(
            label.clone(),
            handle_,
            parsec_protocol::ids::UserProfile::Standard,
        ));
        send(&device.do_create_new_device(label));
        send(&other.do_deny_trust());
        send(
            &handle
                .cancel(parsec_protocol::invite::CancelledGreetingAttemptReason::ManuallyCancelled),
        );
    }

    async fn claimer<K: InvitationKind>(
        a: ClaimerInitialCtx<K>,
        b: ClaimerInProgress1Ctx<K>,
        c: ClaimerInProgress2Ctx<K>,
    ) {
        send(&a.do_wait_peer());
        send(&b.do_signify_trust());
        send(&c.do_wait_peer_trust());
    }

    async fn claimer_final(
        user: ClaimerInProgress3Ctx<User>,
        device: ClaimerInProgress3Ctx<Device>,
        finalize: ClaimerFinalizeCtx,
        transport: crate::connection::Transport,
        addr: parsec_protocol::addr::InvitationAddr,
    ) {
        let label: parsec_protocol::ids::DeviceLabel = "x".parse().expect("label");
        let who = parsec_protocol::ids::HumanHandle::new("a@b.c".parse().expect("email"), "A")
            .expect("handle");
        send(&user.do_claim_user(label.clone(), who));
        send(&device.do_claim_device(label));
        send(&finalize.do_acknowledge());
        send(&retrieve_info(transport, addr, PollPolicy::Auto));
    }
}
