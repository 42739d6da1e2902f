//! The greeter side of the exchange (invite.md §4, greeter column): an authenticated
//! device vouches for a new user (it must be ADMIN) or a new device of its own user, and
//! creates the certificates at step 14 (certificates.md §6–7).

use super::common::{Attempt, CancelHandle, SasExchange, Shared, Side, StepReply};
use super::create::{create_device, create_user};
use super::{
    CancelGreetingAttemptError, Device, GreetError, InvitationKind, PollPolicy, ShamirRecovery,
    User,
};
use crate::connection::{AuthenticatedCmds, Transport};
use parsec_protocol::cmds::authenticated::{
    invite_complete, invite_greeter_cancel_greeting_attempt, invite_greeter_start_greeting_attempt,
    invite_greeter_step, invite_list,
};
use parsec_protocol::crypto::{random_bytes, HashDigest, OsRandom, PrivateKey};
use parsec_protocol::device_file::LocalDevice;
use parsec_protocol::ids::{
    AccessToken, DeviceID, DeviceLabel, EmailAddress, GreetingAttemptID, HumanHandle, UserID,
    UserProfile,
};
use parsec_protocol::invite::{
    compute_sas_codes, generate_sas_code_candidates, CancelledGreetingAttemptReason, ClaimerStep,
    GreeterOrClaimer, GreeterStep, GreetingPayload, InvitationStatus, InviteDeviceConfirmation,
    InviteShamirRecoveryConfirmation, InviteUserConfirmation, SASCode, SAS_CODE_NONCE_SIZE,
};
use parsec_protocol::shamir::ShamirShare;
use parsec_protocol::DateTime;
use std::marker::PhantomData;
use std::sync::Arc;

/// The greeter's commands for one invitation.
pub(crate) struct GreeterSide {
    cmds: AuthenticatedCmds,
    token: AccessToken,
}

impl Side for GreeterSide {
    type Step = GreeterStep;
    type PeerStep = ClaimerStep;
    type Error = GreetError;
    const ROLE: GreeterOrClaimer = GreeterOrClaimer::Greeter;

    fn transport(&self) -> &Transport {
        self.cmds.transport()
    }

    /// The device's event stream, on a server that long-polls: ours publishes
    /// `GREETING_ATTEMPT_CANCELLED` to the greeter user whichever side cancels, and
    /// `INVITATION` when the invitation changes (the official server publishes the same
    /// events, but there the greeter keeps polling as its own CLI does).
    async fn listen(&self) -> Option<crate::events::EventStream> {
        if !self.transport().server_long_polls() {
            return None;
        }
        match self.cmds.listen_events().await {
            Ok(stream) => Some(stream),
            Err(error) => {
                tracing::debug!(%error, "no event stream: the greeting attempt is polled");
                None
            }
        }
    }

    async fn start(&self) -> Result<GreetingAttemptID, GreetError> {
        use invite_greeter_start_greeting_attempt::{InviteGreeterStartGreetingAttempt, Rep, Req};
        match self
            .cmds
            .send::<InviteGreeterStartGreetingAttempt>(&Req { token: self.token })
            .await?
        {
            Rep::Ok { greeting_attempt } => Ok(greeting_attempt),
            Rep::InvitationNotFound => Err(GreetError::InvitationNotFound),
            Rep::InvitationCompleted => Err(GreetError::InvitationCompleted),
            Rep::InvitationCancelled => Err(GreetError::InvitationCancelled),
            Rep::AuthorNotAllowed => Err(GreetError::NotAllowed),
            Rep::UnknownStatus(u) => Err(GreetError::Unexpected { status: u.status }),
        }
    }

    async fn step(
        &self,
        greeting_attempt: GreetingAttemptID,
        greeter_step: GreeterStep,
    ) -> Result<StepReply<ClaimerStep>, GreetError> {
        use invite_greeter_step::{InviteGreeterStep, Rep, Req};
        let req = Req {
            greeting_attempt,
            greeter_step,
        };
        match self.cmds.send::<InviteGreeterStep>(&req).await? {
            Rep::Ok { claimer_step } => Ok(StepReply::Peer(claimer_step)),
            Rep::NotReady => Ok(StepReply::NotReady),
            Rep::GreetingAttemptCancelled(c) => Ok(StepReply::Cancelled(c)),
            Rep::InvitationCompleted => Err(GreetError::InvitationCompleted),
            Rep::InvitationCancelled => Err(GreetError::InvitationCancelled),
            Rep::AuthorNotAllowed => Err(GreetError::NotAllowed),
            Rep::GreetingAttemptNotFound => {
                Err(GreetError::unexpected("greeting_attempt_not_found"))
            }
            Rep::GreetingAttemptNotJoined => {
                Err(GreetError::unexpected("greeting_attempt_not_joined"))
            }
            Rep::StepTooAdvanced => Err(GreetError::unexpected("step_too_advanced")),
            Rep::StepMismatch => Err(GreetError::unexpected("step_mismatch")),
            Rep::UnknownStatus(u) => Err(GreetError::Unexpected { status: u.status }),
        }
    }

    async fn cancel(
        &self,
        greeting_attempt: GreetingAttemptID,
        reason: CancelledGreetingAttemptReason,
    ) -> Result<(), CancelGreetingAttemptError> {
        use invite_greeter_cancel_greeting_attempt::{
            InviteGreeterCancelGreetingAttempt, Rep, Req,
        };
        let req = Req {
            greeting_attempt,
            reason,
        };
        match self
            .cmds
            .send::<InviteGreeterCancelGreetingAttempt>(&req)
            .await?
        {
            Rep::Ok => Ok(()),
            Rep::InvitationCompleted => Err(CancelGreetingAttemptError::InvitationCompleted),
            Rep::InvitationCancelled => Err(CancelGreetingAttemptError::InvitationCancelled),
            Rep::AuthorNotAllowed => Err(CancelGreetingAttemptError::NotAllowed),
            Rep::GreetingAttemptAlreadyCancelled(c) => Err(c.into()),
            Rep::GreetingAttemptNotFound => Err(CancelGreetingAttemptError::unexpected(
                "greeting_attempt_not_found",
            )),
            Rep::GreetingAttemptNotJoined => Err(CancelGreetingAttemptError::unexpected(
                "greeting_attempt_not_joined",
            )),
            Rep::UnknownStatus(u) => {
                Err(CancelGreetingAttemptError::Unexpected { status: u.status })
            }
        }
    }
}

/// A greeter ready to start, for an invitation of kind `K`.
pub struct GreeterInitialCtx<K: InvitationKind> {
    shared: Arc<Shared<GreeterSide>>,
    device: Arc<LocalDevice>,
    kind: PhantomData<fn() -> K>,
}

/// What [`prepare_greet`] found: a greeter for the invitation's kind.
pub enum AnyGreeterInitialCtx {
    /// A user invitation.
    User {
        /// The greeter.
        ctx: GreeterInitialCtx<User>,
        /// Who was invited.
        claimer_email: EmailAddress,
    },
    /// A device invitation.
    Device(GreeterInitialCtx<Device>),
    /// A shamir recovery invitation (we are a recipient of the claimer's setup).
    ShamirRecovery {
        /// The greeter.
        ctx: GreeterInitialCtx<ShamirRecovery>,
        /// The user to recover.
        claimer_user_id: UserID,
        /// Its setup (to find our share certificate).
        shamir_recovery_created_on: DateTime,
    },
}

/// Looks the invitation up among ours (`invite_list`, as the official CLI does) and
/// returns a greeter of the right kind.
pub async fn prepare_greet(
    cmds: AuthenticatedCmds,
    device: Arc<LocalDevice>,
    token: AccessToken,
    policy: PollPolicy,
) -> Result<AnyGreeterInitialCtx, GreetError> {
    use invite_list::{InviteList, InviteListItem, Rep, Req};
    let invitations = match cmds.send::<InviteList>(&Req).await? {
        Rep::Ok { invitations } => invitations,
        Rep::UnknownStatus(u) => return Err(GreetError::Unexpected { status: u.status }),
    };
    let item = invitations
        .into_iter()
        .find(|i| i.token() == token)
        .ok_or(GreetError::InvitationNotFound)?;
    match item.status() {
        InvitationStatus::Pending => {}
        InvitationStatus::Finished => return Err(GreetError::InvitationCompleted),
        InvitationStatus::Cancelled => return Err(GreetError::InvitationCancelled),
    }
    Ok(match item {
        InviteListItem::User { claimer_email, .. } => AnyGreeterInitialCtx::User {
            ctx: GreeterInitialCtx::new(cmds, device, token, policy),
            claimer_email,
        },
        InviteListItem::Device { .. } => {
            AnyGreeterInitialCtx::Device(GreeterInitialCtx::new(cmds, device, token, policy))
        }
        InviteListItem::ShamirRecovery {
            claimer_user_id,
            shamir_recovery_created_on,
            ..
        } => AnyGreeterInitialCtx::ShamirRecovery {
            ctx: GreeterInitialCtx::new(cmds, device, token, policy),
            claimer_user_id,
            shamir_recovery_created_on,
        },
    })
}

impl<K: InvitationKind> GreeterInitialCtx<K> {
    /// A greeter for the invitation `token`, acting as `device` (whose commands `cmds`
    /// are). Nothing is sent yet.
    pub fn new(
        cmds: AuthenticatedCmds,
        device: Arc<LocalDevice>,
        token: AccessToken,
        policy: PollPolicy,
    ) -> Self {
        Self {
            shared: Shared::new(GreeterSide { cmds, token }, policy),
            device,
            kind: PhantomData,
        }
    }

    /// The invitation.
    pub fn token(&self) -> AccessToken {
        self.shared.side.token
    }

    /// A handle that cancels whatever attempt is in progress.
    pub fn cancel_handle(&self) -> CancelHandle {
        CancelHandle::greeter(&self.shared)
    }

    /// Steps 0–3 (phase A): joins an attempt, agrees on a key with the claimer, checks
    /// its nonce commitment and computes the SAS codes; restarts by itself when the
    /// claimer restarts (at most [`super::WAIT_PEER_MAX_ATTEMPTS`] times).
    pub async fn do_wait_peer(self) -> Result<GreeterInProgress1Ctx<K>, GreetError> {
        let (attempt, sas) = self
            .shared
            .run_phase_a(|attempt| async move {
                let sas = greeter_phase_a(&attempt).await?;
                Ok((attempt, sas))
            })
            .await?;
        Ok(GreeterInProgress1Ctx {
            state: State {
                attempt,
                device: self.device,
                sas,
            },
            kind: PhantomData,
        })
    }
}

async fn greeter_phase_a(attempt: &Attempt<GreeterSide>) -> Result<SasExchange, GreetError> {
    let rng = OsRandom::new();
    let private_key = PrivateKey::generate(&rng);
    let ClaimerStep::Number0WaitPeer {
        public_key: claimer_public_key,
    } = attempt
        .exchange(
            GreeterStep::Number0WaitPeer {
                public_key: private_key.public_key(),
            },
            0,
        )
        .await?
    else {
        unreachable!("exchange checked the step number")
    };
    let key = private_key
        .generate_shared_secret_key(&claimer_public_key, true)
        .map_err(|_| GreetError::WeakPeerKey)?;
    let ClaimerStep::Number1SendHashedNonce { hashed_nonce } = attempt
        .exchange(GreeterStep::Number1GetHashedNonce, 1)
        .await?
    else {
        unreachable!("exchange checked the step number")
    };
    let greeter_nonce = random_bytes(&rng, SAS_CODE_NONCE_SIZE);
    attempt
        .exchange(
            GreeterStep::Number2SendNonce {
                greeter_nonce: greeter_nonce.clone(),
            },
            2,
        )
        .await?;
    let ClaimerStep::Number3SendNonce { claimer_nonce } =
        attempt.exchange(GreeterStep::Number3GetNonce, 3).await?
    else {
        unreachable!("exchange checked the step number")
    };
    if HashDigest::from_data(&claimer_nonce) != hashed_nonce {
        return Err(GreetError::NonceHashMismatch);
    }
    let (claimer_sas, greeter_sas) = compute_sas_codes(&key, &claimer_nonce, &greeter_nonce);
    Ok(SasExchange {
        key,
        claimer_sas,
        greeter_sas,
    })
}

/// What every state after phase A holds.
struct State {
    attempt: Attempt<GreeterSide>,
    device: Arc<LocalDevice>,
    sas: SasExchange,
}

impl State {
    async fn cancel(
        self,
        reason: CancelledGreetingAttemptReason,
    ) -> Result<(), CancelGreetingAttemptError> {
        self.attempt.cancel(reason).await
    }

    fn cancel_handle(&self) -> CancelHandle {
        CancelHandle::greeter(self.attempt.shared())
    }
}

/// Phase A done: show [`Self::greeter_sas`] to the claimer's human.
pub struct GreeterInProgress1Ctx<K: InvitationKind> {
    state: State,
    kind: PhantomData<fn() -> K>,
}

impl<K: InvitationKind> GreeterInProgress1Ctx<K> {
    /// The code the claimer must recognise ("Code to provide to claimer").
    pub fn greeter_sas(&self) -> SASCode {
        self.state.sas.greeter_sas
    }

    /// A handle that cancels this attempt while a `do_*` call waits.
    pub fn cancel_handle(&self) -> CancelHandle {
        self.state.cancel_handle()
    }

    /// Cancels the attempt.
    pub async fn cancel(
        self,
        reason: CancelledGreetingAttemptReason,
    ) -> Result<(), CancelGreetingAttemptError> {
        self.state.cancel(reason).await
    }

    /// Step 4: waits until the claimer recognised our code.
    pub async fn do_wait_peer_trust(self) -> Result<GreeterInProgress2Ctx<K>, GreetError> {
        let attempt = self.state.attempt.clone();
        attempt
            .guard(attempt.exchange(GreeterStep::Number4WaitPeerTrust, 4))
            .await?;
        Ok(GreeterInProgress2Ctx {
            state: self.state,
            kind: PhantomData,
        })
    }
}

/// The claimer trusts us: our human must recognise the claimer's code.
pub struct GreeterInProgress2Ctx<K: InvitationKind> {
    state: State,
    kind: PhantomData<fn() -> K>,
}

impl<K: InvitationKind> GreeterInProgress2Ctx<K> {
    /// The code the claimer shows.
    pub fn claimer_sas(&self) -> SASCode {
        self.state.sas.claimer_sas
    }

    /// `n` codes to choose from, the right one among them (invite.md §5.5).
    pub fn generate_claimer_sas_choices(&self, n: usize) -> Vec<SASCode> {
        generate_sas_code_candidates(self.state.sas.claimer_sas, n, &OsRandom::new())
    }

    /// A handle that cancels this attempt while a `do_*` call waits.
    pub fn cancel_handle(&self) -> CancelHandle {
        self.state.cancel_handle()
    }

    /// Cancels the attempt.
    pub async fn cancel(
        self,
        reason: CancelledGreetingAttemptReason,
    ) -> Result<(), CancelGreetingAttemptError> {
        self.state.cancel(reason).await
    }

    /// Our human picked another code: cancels with `INVALID_SAS_CODE`.
    pub async fn do_deny_trust(self) -> Result<(), CancelGreetingAttemptError> {
        self.cancel(CancelledGreetingAttemptReason::InvalidSasCode)
            .await
    }

    /// Step 5 (`"5"`): tells the claimer we recognised its code.
    pub async fn do_signify_trust(self) -> Result<GreeterInProgress3Ctx<K>, GreetError> {
        let attempt = self.state.attempt.clone();
        attempt
            .guard(attempt.exchange(GreeterStep::Number5SignifyTrust, 5))
            .await?;
        Ok(GreeterInProgress3Ctx {
            state: self.state,
            kind: PhantomData,
        })
    }
}

/// Both sides trust each other: the claimer is about to send its request.
pub struct GreeterInProgress3Ctx<K: InvitationKind> {
    state: State,
    kind: PhantomData<fn() -> K>,
}

impl<K: InvitationKind> GreeterInProgress3Ctx<K> {
    /// A handle that cancels this attempt while a `do_*` call waits.
    pub fn cancel_handle(&self) -> CancelHandle {
        self.state.cancel_handle()
    }

    /// Cancels the attempt.
    pub async fn cancel(
        self,
        reason: CancelledGreetingAttemptReason,
    ) -> Result<(), CancelGreetingAttemptError> {
        self.state.cancel(reason).await
    }

    /// Step 6: receives and decrypts the claimer's request (an undecipherable or
    /// undeserializable payload cancels the attempt with that reason).
    pub async fn do_get_claim_requests(self) -> Result<GreeterInProgress4Ctx<K>, GreetError> {
        let attempt = self.state.attempt.clone();
        let key = &self.state.sas.key;
        let claimer_data = attempt
            .guard(async {
                let ClaimerStep::Number6SendPayload { claimer_payload } =
                    attempt.exchange(GreeterStep::Number6GetPayload, 6).await?
                else {
                    unreachable!("exchange checked the step number")
                };
                Ok(K::ClaimerData::decrypt_and_load(key, &claimer_payload)?)
            })
            .await?;
        Ok(GreeterInProgress4Ctx {
            state: self.state,
            claimer_data,
            kind: PhantomData,
        })
    }
}

/// The claimer's request is known: decide the final identity and create it.
pub struct GreeterInProgress4Ctx<K: InvitationKind> {
    state: State,
    claimer_data: K::ClaimerData,
    kind: PhantomData<fn() -> K>,
}

/// What the greeter created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GreetOutcome {
    /// The user (new for a user invitation, ours for a device invitation).
    pub user_id: UserID,
    /// The new device.
    pub device_id: DeviceID,
    /// Its label.
    pub device_label: DeviceLabel,
    /// The user's name and email.
    pub human_handle: HumanHandle,
    /// The user's profile.
    pub profile: UserProfile,
}

impl<K: InvitationKind> GreeterInProgress4Ctx<K> {
    /// A handle that cancels this attempt while a `do_*` call waits.
    pub fn cancel_handle(&self) -> CancelHandle {
        self.state.cancel_handle()
    }

    /// Cancels the attempt.
    pub async fn cancel(
        self,
        reason: CancelledGreetingAttemptReason,
    ) -> Result<(), CancelGreetingAttemptError> {
        self.state.cancel(reason).await
    }

    /// The server objects exist: what is left is steps 7–8 and completion.
    fn created(
        self,
        confirmation: &K::GreeterConfirmation,
        outcome: GreetOutcome,
    ) -> GreeterFinalizeCtx {
        GreeterFinalizeCtx {
            payload: confirmation.encrypt(&self.state.sas.key, &OsRandom::new()),
            attempt: self.state.attempt,
            outcome,
        }
    }
}

/// The new user or device exists on the server: the claimer must receive the
/// confirmation and save its device.
pub struct GreeterFinalizeCtx {
    attempt: Attempt<GreeterSide>,
    payload: Vec<u8>,
    outcome: GreetOutcome,
}

impl GreeterFinalizeCtx {
    /// What was created.
    pub fn outcome(&self) -> &GreetOutcome {
        &self.outcome
    }

    /// A handle that cancels this attempt while [`Self::do_finish`] waits.
    pub fn cancel_handle(&self) -> CancelHandle {
        CancelHandle::greeter(self.attempt.shared())
    }

    /// Steps 7–8 and completion: sends the confirmation, waits for the claimer's
    /// acknowledgment (sent once its device file is saved), then calls `invite_complete`.
    pub async fn do_finish(self) -> Result<GreetOutcome, GreetError> {
        let attempt = self.attempt;
        let payload = self.payload;
        attempt
            .guard(async {
                attempt
                    .exchange(
                        GreeterStep::Number7SendPayload {
                            greeter_payload: payload,
                        },
                        7,
                    )
                    .await?;
                attempt
                    .exchange(GreeterStep::Number8WaitPeerAcknowledgment, 8)
                    .await
            })
            .await?;
        attempt.finished();
        // The attempt is over: a failure here must not cancel it.
        let token = attempt.side().token;
        match attempt
            .side()
            .cmds
            .send::<invite_complete::InviteComplete>(&invite_complete::Req { token })
            .await?
        {
            invite_complete::Rep::Ok => Ok(self.outcome),
            invite_complete::Rep::InvitationNotFound => Err(GreetError::InvitationNotFound),
            invite_complete::Rep::AuthorNotAllowed => Err(GreetError::NotAllowed),
            invite_complete::Rep::InvitationAlreadyCompleted => {
                Err(GreetError::InvitationCompleted)
            }
            invite_complete::Rep::InvitationCancelled => Err(GreetError::InvitationCancelled),
            invite_complete::Rep::UnknownStatus(u) => {
                Err(GreetError::Unexpected { status: u.status })
            }
        }
    }
}

impl GreeterInProgress4Ctx<ShamirRecovery> {
    /// Steps 7–8 of a shamir recovery invitation: sends our shares of the claimer's
    /// secret and waits for its acknowledgment. The invitation stays pending: the
    /// claimer completes it once it has its new device.
    pub async fn do_send_share(self, weighted_share: Vec<ShamirShare>) -> Result<(), GreetError> {
        let payload = InviteShamirRecoveryConfirmation { weighted_share }
            .encrypt(&self.state.sas.key, &OsRandom::new());
        let attempt = self.state.attempt;
        attempt
            .guard(async {
                attempt
                    .exchange(
                        GreeterStep::Number7SendPayload {
                            greeter_payload: payload,
                        },
                        7,
                    )
                    .await?;
                attempt
                    .exchange(GreeterStep::Number8WaitPeerAcknowledgment, 8)
                    .await
            })
            .await?;
        attempt.finished();
        Ok(())
    }
}

impl GreeterInProgress4Ctx<User> {
    /// The device label the claimer asked for.
    pub fn requested_device_label(&self) -> &DeviceLabel {
        &self.claimer_data.requested_device_label
    }

    /// The name and email the claimer asked for.
    pub fn requested_human_handle(&self) -> &HumanHandle {
        &self.claimer_data.requested_human_handle
    }

    /// [`Self::do_create_user`] then [`GreeterFinalizeCtx::do_finish`].
    pub async fn do_create_new_user(
        self,
        device_label: DeviceLabel,
        human_handle: HumanHandle,
        profile: UserProfile,
    ) -> Result<GreetOutcome, GreetError> {
        self.do_create_user(device_label, human_handle, profile)
            .await?
            .do_finish()
            .await
    }

    /// Step 14 for a user invitation: creates the user and its first device with the
    /// final values (`user_create`, signed by our device).
    pub async fn do_create_user(
        self,
        device_label: DeviceLabel,
        human_handle: HumanHandle,
        profile: UserProfile,
    ) -> Result<GreeterFinalizeCtx, GreetError> {
        let attempt = self.state.attempt.clone();
        let device = Arc::clone(&self.state.device);
        let data = self.claimer_data.clone();
        let (user_id, device_id) = attempt
            .guard(create_user(
                &attempt.side().cmds,
                &device,
                &data,
                &device_label,
                &human_handle,
                profile,
            ))
            .await?;
        let confirmation = InviteUserConfirmation {
            user_id,
            device_id,
            device_label: device_label.clone(),
            human_handle: human_handle.clone(),
            profile,
            root_verify_key: device.root_verify_key,
        };
        let outcome = GreetOutcome {
            user_id,
            device_id,
            device_label,
            human_handle,
            profile,
        };
        Ok(self.created(&confirmation, outcome))
    }
}

impl GreeterInProgress4Ctx<Device> {
    /// The device label the claimer asked for.
    pub fn requested_device_label(&self) -> &DeviceLabel {
        &self.claimer_data.requested_device_label
    }

    /// [`Self::do_create_device`] then [`GreeterFinalizeCtx::do_finish`].
    pub async fn do_create_new_device(
        self,
        device_label: DeviceLabel,
    ) -> Result<GreetOutcome, GreetError> {
        self.do_create_device(device_label).await?.do_finish().await
    }

    /// Step 14 for a device invitation: creates the device for our own user
    /// (`device_create`); its confirmation carries our user's keys and realm and our
    /// initial profile.
    pub async fn do_create_device(
        self,
        device_label: DeviceLabel,
    ) -> Result<GreeterFinalizeCtx, GreetError> {
        let attempt = self.state.attempt.clone();
        let device = Arc::clone(&self.state.device);
        let verify_key = self.claimer_data.verify_key;
        let device_id = attempt
            .guard(create_device(
                &attempt.side().cmds,
                &device,
                verify_key,
                &device_label,
            ))
            .await?;
        let confirmation = InviteDeviceConfirmation {
            user_id: device.user_id,
            device_id,
            device_label: device_label.clone(),
            human_handle: device.human_handle.clone(),
            profile: device.initial_profile,
            private_key: device.private_key.clone(),
            user_realm_id: device.user_realm_id,
            user_realm_key: device.user_realm_key.clone(),
            root_verify_key: device.root_verify_key,
        };
        let outcome = GreetOutcome {
            user_id: device.user_id,
            device_id,
            device_label,
            human_handle: device.human_handle.clone(),
            profile: device.initial_profile,
        };
        Ok(self.created(&confirmation, outcome))
    }
}
