//! The claimer side of the exchange (invite.md §2.3, §4 claimer column, §6.5): the
//! newcomer, authenticated by the invitation token only, ends up with a new
//! [`LocalDevice`] for the caller to save.

use super::common::{Attempt, CancelHandle, SasExchange, Shared, Side, StepReply};
use super::{
    AcknowledgeError, CancelGreetingAttemptError, ClaimError, Device, InvitationKind, PollPolicy,
    ShamirRecoverDeviceError, ShamirRecovery, User,
};
use crate::connection::{ConnectionError, InvitedCmds, Transport};
use invite_info::{ShamirRecoveryRecipient, UserGreetingAdministrator};
use parsec_protocol::addr::InvitationAddr;
use parsec_protocol::cmds::invited::{
    invite_claimer_cancel_greeting_attempt, invite_claimer_start_greeting_attempt,
    invite_claimer_step, invite_info, invite_shamir_recovery_reveal,
};
use parsec_protocol::crypto::{
    random_bytes, HashDigest, OsRandom, PrivateKey, SecretKey, SigningKey,
};
use parsec_protocol::device_file::LocalDevice;
use parsec_protocol::ids::{
    DeviceLabel, EmailAddress, GreetingAttemptID, HumanHandle, UserID, VlobID,
};
use parsec_protocol::invite::{
    compute_sas_codes, generate_sas_code_candidates, CancelledGreetingAttemptReason, ClaimerStep,
    GreeterOrClaimer, GreeterStep, GreetingPayload, InvitationCreatedBy, InviteDeviceData,
    InviteShamirRecoveryData, InviteUserData, SASCode, SAS_CODE_NONCE_SIZE,
};
use parsec_protocol::shamir::{ShamirRecoverySecret, ShamirShare};
use parsec_protocol::DateTime;
use std::collections::BTreeMap;
use std::marker::PhantomData;
use std::num::NonZeroU8;
use std::sync::Arc;

/// The claimer's commands, with the greeter it chose.
pub(crate) struct ClaimerSide {
    cmds: InvitedCmds,
    addr: InvitationAddr,
    greeter: UserID,
}

impl Side for ClaimerSide {
    type Step = ClaimerStep;
    type PeerStep = GreeterStep;
    type Error = ClaimError;
    const ROLE: GreeterOrClaimer = GreeterOrClaimer::Claimer;

    fn transport(&self) -> &Transport {
        self.cmds.transport()
    }

    async fn start(&self) -> Result<GreetingAttemptID, ClaimError> {
        use invite_claimer_start_greeting_attempt::{InviteClaimerStartGreetingAttempt, Rep, Req};
        match self
            .cmds
            .send::<InviteClaimerStartGreetingAttempt>(&Req {
                greeter: self.greeter,
            })
            .await?
        {
            Rep::Ok { greeting_attempt } => Ok(greeting_attempt),
            Rep::GreeterNotFound => Err(ClaimError::GreeterNotFound),
            Rep::GreeterRevoked => Err(ClaimError::GreeterRevoked),
            Rep::GreeterNotAllowed => Err(ClaimError::GreeterNotAllowed),
            Rep::UnknownStatus(u) => Err(ClaimError::Unexpected { status: u.status }),
        }
    }

    async fn step(
        &self,
        greeting_attempt: GreetingAttemptID,
        claimer_step: ClaimerStep,
    ) -> Result<StepReply<GreeterStep>, ClaimError> {
        use invite_claimer_step::{InviteClaimerStep, Rep, Req};
        let req = Req {
            greeting_attempt,
            claimer_step,
        };
        match self.cmds.send::<InviteClaimerStep>(&req).await? {
            Rep::Ok { greeter_step } => Ok(StepReply::Peer(greeter_step)),
            Rep::NotReady => Ok(StepReply::NotReady),
            Rep::GreetingAttemptCancelled(c) => Ok(StepReply::Cancelled(c)),
            Rep::GreeterRevoked => Err(ClaimError::GreeterRevoked),
            Rep::GreeterNotAllowed => Err(ClaimError::GreeterNotAllowed),
            Rep::GreetingAttemptNotFound => {
                Err(ClaimError::unexpected("greeting_attempt_not_found"))
            }
            Rep::GreetingAttemptNotJoined => {
                Err(ClaimError::unexpected("greeting_attempt_not_joined"))
            }
            Rep::StepTooAdvanced => Err(ClaimError::unexpected("step_too_advanced")),
            Rep::StepMismatch => Err(ClaimError::unexpected("step_mismatch")),
            Rep::UnknownStatus(u) => Err(ClaimError::Unexpected { status: u.status }),
        }
    }

    async fn cancel(
        &self,
        greeting_attempt: GreetingAttemptID,
        reason: CancelledGreetingAttemptReason,
    ) -> Result<(), CancelGreetingAttemptError> {
        use invite_claimer_cancel_greeting_attempt::{
            InviteClaimerCancelGreetingAttempt, Rep, Req,
        };
        let req = Req {
            greeting_attempt,
            reason,
        };
        match self
            .cmds
            .send::<InviteClaimerCancelGreetingAttempt>(&req)
            .await?
        {
            Rep::Ok => Ok(()),
            Rep::GreeterRevoked => Err(CancelGreetingAttemptError::GreeterRevoked),
            Rep::GreeterNotAllowed => Err(CancelGreetingAttemptError::NotAllowed),
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

/// What `invite_info` said: a user invitation lists its possible greeters, a device
/// invitation has exactly one.
pub enum AnyClaimRetrievedInfoCtx {
    /// A user invitation: choose an administrator.
    User(Box<UserClaimListAdministratorsCtx>),
    /// A device invitation: the greeter is the user itself.
    Device(ClaimerInitialCtx<Device>),
    /// A shamir recovery invitation: pick recipients one after the other.
    ShamirRecovery(Box<ShamirRecoveryClaimPickRecipientCtx>),
}

/// Asks the server what the invitation of `addr` is (`invite_info`).
pub async fn retrieve_info(
    transport: Transport,
    addr: InvitationAddr,
    policy: PollPolicy,
) -> Result<AnyClaimRetrievedInfoCtx, ClaimError> {
    let cmds = InvitedCmds::new(transport, &addr.server, &addr.organization_id, addr.token);
    let info = match cmds
        .send::<invite_info::InviteInfo>(&invite_info::Req)
        .await?
    {
        invite_info::Rep::Ok(info) => info,
        invite_info::Rep::UnknownStatus(u) => {
            return Err(ClaimError::Unexpected { status: u.status })
        }
    };
    Ok(match info {
        invite_info::InvitationInfo::User {
            claimer_email,
            created_by,
            administrators,
        } => AnyClaimRetrievedInfoCtx::User(Box::new(UserClaimListAdministratorsCtx {
            cmds,
            addr,
            policy,
            claimer_email,
            created_by,
            administrators,
        })),
        invite_info::InvitationInfo::Device {
            claimer_user_id,
            claimer_human_handle,
            ..
        } => AnyClaimRetrievedInfoCtx::Device(ClaimerInitialCtx::new(
            ClaimerSide {
                cmds,
                addr,
                greeter: claimer_user_id,
            },
            claimer_human_handle,
            policy,
        )),
        invite_info::InvitationInfo::ShamirRecovery {
            claimer_user_id,
            claimer_human_handle,
            created_by,
            shamir_recovery_created_on,
            threshold,
            recipients,
        } => AnyClaimRetrievedInfoCtx::ShamirRecovery(Box::new(
            ShamirRecoveryClaimPickRecipientCtx {
                cmds,
                addr,
                policy,
                claimer_user_id,
                claimer_human_handle,
                created_by,
                shamir_recovery_created_on,
                threshold,
                recipients,
                retrieved: BTreeMap::new(),
            },
        )),
    })
}

/// A shamir recovery invitation: the recipients of the claimer's setup, and the shares
/// retrieved so far. Each greeting with a recipient adds its shares
/// ([`Self::add_share`]) until they reach the threshold.
pub struct ShamirRecoveryClaimPickRecipientCtx {
    cmds: InvitedCmds,
    addr: InvitationAddr,
    policy: PollPolicy,
    claimer_user_id: UserID,
    claimer_human_handle: HumanHandle,
    created_by: InvitationCreatedBy,
    shamir_recovery_created_on: DateTime,
    threshold: NonZeroU8,
    recipients: Vec<ShamirRecoveryRecipient>,
    retrieved: BTreeMap<UserID, Vec<ShamirShare>>,
}

impl ShamirRecoveryClaimPickRecipientCtx {
    /// The user to recover.
    pub fn claimer_user_id(&self) -> UserID {
        self.claimer_user_id
    }

    /// Its name and email.
    pub fn claimer_human_handle(&self) -> &HumanHandle {
        &self.claimer_human_handle
    }

    /// Who created the invitation.
    pub fn created_by(&self) -> &InvitationCreatedBy {
        &self.created_by
    }

    /// When the setup was made.
    pub fn shamir_recovery_created_on(&self) -> DateTime {
        self.shamir_recovery_created_on
    }

    /// Shares needed.
    pub fn threshold(&self) -> NonZeroU8 {
        self.threshold
    }

    /// Every recipient of the setup, revoked ones included.
    pub fn recipients(&self) -> &[ShamirRecoveryRecipient] {
        &self.recipients
    }

    /// The recipients whose shares are not retrieved yet, revoked ones included (as the
    /// official client lists them).
    pub fn recipients_without_a_share(&self) -> Vec<&ShamirRecoveryRecipient> {
        self.recipients
            .iter()
            .filter(|r| !self.retrieved.contains_key(&r.user_id))
            .collect()
    }

    /// How many shares each recipient met so far gave.
    pub fn retrieved_shares(&self) -> BTreeMap<UserID, usize> {
        self.retrieved.iter().map(|(k, v)| (*k, v.len())).collect()
    }

    /// Shares retrieved so far, all recipients together.
    pub fn retrieved_share_count(&self) -> usize {
        self.retrieved.values().map(Vec::len).sum()
    }

    /// Whether the non-revoked recipients hold enough shares to reach the threshold.
    pub fn is_recoverable(&self) -> bool {
        let available: usize = self
            .recipients
            .iter()
            .filter(|r| r.revoked_on.is_none())
            .map(|r| usize::from(r.shares.get()))
            .sum();
        available >= usize::from(self.threshold.get())
    }

    /// Chooses the next recipient to greet with; it must be a non-revoked recipient not
    /// met yet.
    pub fn pick_recipient(
        &self,
        recipient: UserID,
    ) -> Result<ClaimerInitialCtx<ShamirRecovery>, ClaimError> {
        let r = self
            .recipients
            .iter()
            .find(|r| r.user_id == recipient)
            .ok_or(ClaimError::UnknownRecipient(recipient))?;
        if r.revoked_on.is_some() {
            return Err(ClaimError::RecipientRevoked(recipient));
        }
        if self.retrieved.contains_key(&recipient) {
            return Err(ClaimError::RecipientAlreadyPicked(recipient));
        }
        Ok(ClaimerInitialCtx::new(
            ClaimerSide {
                cmds: self.cmds.clone(),
                addr: self.addr.clone(),
                greeter: recipient,
            },
            r.human_handle.clone(),
            self.policy,
        ))
    }

    /// Adds a recipient's shares; once they reach the threshold, rebuilds the secret.
    pub fn add_share(
        mut self,
        share: ShamirRecoveryClaimShare,
    ) -> Result<ShamirRecoveryClaimMaybeRecoverDeviceCtx, ClaimError> {
        if !self.recipients.iter().any(|r| r.user_id == share.recipient) {
            return Err(ClaimError::UnknownRecipient(share.recipient));
        }
        self.retrieved.insert(share.recipient, share.weighted_share);
        if self.retrieved_share_count() < usize::from(self.threshold.get()) {
            return Ok(ShamirRecoveryClaimMaybeRecoverDeviceCtx::PickRecipient(
                Box::new(self),
            ));
        }
        let secret =
            ShamirRecoverySecret::recover(self.threshold, self.retrieved.values().flatten())
                .map_err(|e| ClaimError::CorruptedSecret(e.to_string()))?;
        Ok(ShamirRecoveryClaimMaybeRecoverDeviceCtx::RecoverDevice(
            Box::new(ShamirRecoveryClaimRecoverDeviceCtx {
                cmds: self.cmds,
                addr: self.addr,
                claimer_user_id: self.claimer_user_id,
                claimer_human_handle: self.claimer_human_handle,
                secret,
            }),
        ))
    }
}

/// The shares one recipient gave.
#[derive(Debug)]
pub struct ShamirRecoveryClaimShare {
    /// The recipient.
    pub recipient: UserID,
    /// Its shares.
    pub weighted_share: Vec<ShamirShare>,
}

/// After a recipient's shares: more are needed, or the secret is rebuilt.
pub enum ShamirRecoveryClaimMaybeRecoverDeviceCtx {
    /// The shares reach the threshold.
    RecoverDevice(Box<ShamirRecoveryClaimRecoverDeviceCtx>),
    /// Pick another recipient.
    PickRecipient(Box<ShamirRecoveryClaimPickRecipientCtx>),
}

/// The recovery secret is rebuilt: get the recovery device and make a new device.
pub struct ShamirRecoveryClaimRecoverDeviceCtx {
    cmds: InvitedCmds,
    addr: InvitationAddr,
    claimer_user_id: UserID,
    claimer_human_handle: HumanHandle,
    secret: ShamirRecoverySecret,
}

impl ShamirRecoveryClaimRecoverDeviceCtx {
    /// The user to recover.
    pub fn claimer_user_id(&self) -> UserID {
        self.claimer_user_id
    }

    /// Its name and email.
    pub fn claimer_human_handle(&self) -> &HumanHandle {
        &self.claimer_human_handle
    }

    /// Gets the ciphered recovery device (`invite_shamir_recovery_reveal`), decrypts it,
    /// and registers a new `STANDARD` device of the user signed by it. The returned
    /// context holds the new device for the caller to save. On a failure that left
    /// nothing on the server (e.g. the server cannot be reached), `self` can be tried
    /// again: it is given back in the error.
    pub async fn recover_device(
        self,
        requested_device_label: DeviceLabel,
    ) -> Result<ShamirRecoveryClaimFinalizeCtx, (Box<Self>, ShamirRecoverDeviceError)> {
        match self.try_recover(requested_device_label).await {
            Ok(ctx) => Ok(ctx),
            Err(e) => Err((Box::new(self), e)),
        }
    }

    async fn try_recover(
        &self,
        requested_device_label: DeviceLabel,
    ) -> Result<ShamirRecoveryClaimFinalizeCtx, ShamirRecoverDeviceError> {
        use invite_shamir_recovery_reveal::{InviteShamirRecoveryReveal, Rep, Req};
        let req = Req {
            reveal_token: self.secret.reveal_token,
        };
        let ciphered_data = match self
            .cmds
            .send::<InviteShamirRecoveryReveal>(&req)
            .await
            .map_err(ClaimError::from)?
        {
            Rep::Ok(r) => r.ciphered_data,
            Rep::BadRevealToken => return Err(ShamirRecoverDeviceError::BadRevealToken),
            Rep::BadInvitationType => {
                return Err(ClaimError::unexpected("bad_invitation_type").into())
            }
            Rep::UnknownStatus(u) => return Err(ClaimError::Unexpected { status: u.status }.into()),
        };
        let plain = zeroize::Zeroizing::new(
            self.secret
                .data_key
                .decrypt(&ciphered_data)
                .map_err(|_| ShamirRecoverDeviceError::CorruptedCipheredData("undecipherable"))?,
        );
        let mut recovery = LocalDevice::load(&plain)
            .map_err(|_| ShamirRecoverDeviceError::CorruptedCipheredData("not a device"))?;
        if recovery.user_id != self.claimer_user_id
            || recovery.organization_id != self.addr.organization_id
        {
            return Err(ShamirRecoverDeviceError::CorruptedCipheredData(
                "the recovery device is not the invitation's user",
            ));
        }
        // The recovery device talks to the server the invitation came from.
        recovery.server_url = self.addr.server.to_http_url();
        let rng = OsRandom::new();
        let new_device = recovery.new_device_for_same_user(requested_device_label, &rng);
        crate::recovery::register_recovered_device(self.cmds.transport(), &recovery, &new_device)
            .await?;
        Ok(ShamirRecoveryClaimFinalizeCtx {
            transport: self.cmds.transport().clone(),
            token: self.addr.token,
            device: new_device,
        })
    }
}

/// The new device exists on the server; once the caller saved it, [`Self::complete`]
/// marks the invitation completed (the recipients do not).
pub struct ShamirRecoveryClaimFinalizeCtx {
    transport: Transport,
    token: parsec_protocol::ids::AccessToken,
    device: LocalDevice,
}

impl ShamirRecoveryClaimFinalizeCtx {
    /// The new device (to be saved by the caller).
    pub fn device(&self) -> &LocalDevice {
        &self.device
    }

    /// `invite_complete` with the new device, after it was saved. A failure leaves the
    /// invitation pending; the new device works all the same.
    pub async fn complete(self) -> Result<LocalDevice, ShamirRecoverDeviceError> {
        use parsec_protocol::cmds::authenticated::invite_complete::{InviteComplete, Rep, Req};
        let cmds = crate::connection::AuthenticatedCmds::for_device(self.transport, &self.device)
            .map_err(|e| ClaimError::Unexpected {
            status: format!("invalid server URL: {e}"),
        })?;
        match cmds
            .send::<InviteComplete>(&Req { token: self.token })
            .await
            .map_err(ClaimError::from)?
        {
            Rep::Ok | Rep::InvitationAlreadyCompleted => Ok(self.device),
            Rep::InvitationNotFound => Err(ClaimError::InvitationNotFound.into()),
            Rep::InvitationCancelled => Err(ClaimError::InvitationAlreadyUsed.into()),
            Rep::AuthorNotAllowed => Err(ClaimError::unexpected("author_not_allowed").into()),
            Rep::UnknownStatus(u) => Err(ClaimError::Unexpected { status: u.status }.into()),
        }
    }
}

/// A user invitation: pick the administrator who will greet.
pub struct UserClaimListAdministratorsCtx {
    cmds: InvitedCmds,
    addr: InvitationAddr,
    policy: PollPolicy,
    claimer_email: EmailAddress,
    created_by: InvitationCreatedBy,
    administrators: Vec<UserGreetingAdministrator>,
}

impl UserClaimListAdministratorsCtx {
    /// The invited email.
    pub fn claimer_email(&self) -> &EmailAddress {
        &self.claimer_email
    }

    /// Who created the invitation.
    pub fn created_by(&self) -> &InvitationCreatedBy {
        &self.created_by
    }

    /// The possible greeters (non-revoked ADMINs, sorted by name).
    pub fn administrators(&self) -> &[UserGreetingAdministrator] {
        &self.administrators
    }

    /// Chooses the greeter; it must be one of [`Self::administrators`].
    pub fn select_greeter(self, greeter: UserID) -> Result<ClaimerInitialCtx<User>, ClaimError> {
        let admin = self
            .administrators
            .into_iter()
            .find(|a| a.user_id == greeter)
            .ok_or(ClaimError::UnknownGreeter(greeter))?;
        Ok(ClaimerInitialCtx::new(
            ClaimerSide {
                cmds: self.cmds,
                addr: self.addr,
                greeter,
            },
            admin.human_handle,
            self.policy,
        ))
    }
}

/// A claimer ready to start with its greeter, for an invitation of kind `K`.
pub struct ClaimerInitialCtx<K: InvitationKind> {
    shared: Arc<Shared<ClaimerSide>>,
    greeter_human_handle: HumanHandle,
    kind: PhantomData<fn() -> K>,
}

impl<K: InvitationKind> ClaimerInitialCtx<K> {
    fn new(side: ClaimerSide, greeter_human_handle: HumanHandle, policy: PollPolicy) -> Self {
        Self {
            shared: Shared::new(side, policy),
            greeter_human_handle,
            kind: PhantomData,
        }
    }

    /// The greeter.
    pub fn greeter_user_id(&self) -> UserID {
        self.shared.side.greeter
    }

    /// The greeter's name and email (`Invitation greeter: …`).
    pub fn greeter_human_handle(&self) -> &HumanHandle {
        &self.greeter_human_handle
    }

    /// A handle that cancels whatever attempt is in progress.
    pub fn cancel_handle(&self) -> CancelHandle {
        CancelHandle::claimer(&self.shared)
    }

    /// Steps 0–3 (phase A): joins an attempt, agrees on a key with the greeter, commits
    /// to a nonce and computes the SAS codes; restarts by itself when the greeter
    /// restarts (at most [`super::WAIT_PEER_MAX_ATTEMPTS`] times).
    pub async fn do_wait_peer(self) -> Result<ClaimerInProgress1Ctx<K>, ClaimError> {
        let (attempt, sas) = self
            .shared
            .run_phase_a(|attempt| async move {
                let sas = claimer_phase_a(&attempt).await?;
                Ok((attempt, sas))
            })
            .await?;
        Ok(ClaimerInProgress1Ctx {
            state: State { attempt, sas },
            kind: PhantomData,
        })
    }
}

async fn claimer_phase_a(attempt: &Attempt<ClaimerSide>) -> Result<SasExchange, ClaimError> {
    let rng = OsRandom::new();
    let private_key = PrivateKey::generate(&rng);
    let GreeterStep::Number0WaitPeer {
        public_key: greeter_public_key,
    } = attempt
        .exchange(
            ClaimerStep::Number0WaitPeer {
                public_key: private_key.public_key(),
            },
            0,
        )
        .await?
    else {
        unreachable!("exchange checked the step number")
    };
    let key = private_key
        .generate_shared_secret_key(&greeter_public_key, false)
        .map_err(|_| ClaimError::WeakPeerKey)?;
    let claimer_nonce = random_bytes(&rng, SAS_CODE_NONCE_SIZE);
    attempt
        .exchange(
            ClaimerStep::Number1SendHashedNonce {
                hashed_nonce: HashDigest::from_data(&claimer_nonce),
            },
            1,
        )
        .await?;
    let GreeterStep::Number2SendNonce { greeter_nonce } =
        attempt.exchange(ClaimerStep::Number2GetNonce, 2).await?
    else {
        unreachable!("exchange checked the step number")
    };
    let (claimer_sas, greeter_sas) = compute_sas_codes(&key, &claimer_nonce, &greeter_nonce);
    attempt
        .exchange(ClaimerStep::Number3SendNonce { claimer_nonce }, 3)
        .await?;
    Ok(SasExchange {
        key,
        claimer_sas,
        greeter_sas,
    })
}

/// What every state after phase A holds.
struct State {
    attempt: Attempt<ClaimerSide>,
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
        CancelHandle::claimer(self.attempt.shared())
    }
}

/// Phase A done: our human must recognise the greeter's code.
pub struct ClaimerInProgress1Ctx<K: InvitationKind> {
    state: State,
    kind: PhantomData<fn() -> K>,
}

impl<K: InvitationKind> ClaimerInProgress1Ctx<K> {
    /// The code the greeter shows.
    pub fn greeter_sas(&self) -> SASCode {
        self.state.sas.greeter_sas
    }

    /// `n` codes to choose from, the right one among them (invite.md §5.5).
    pub fn generate_greeter_sas_choices(&self, n: usize) -> Vec<SASCode> {
        generate_sas_code_candidates(self.state.sas.greeter_sas, n, &OsRandom::new())
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

    /// Step 4: tells the greeter we recognised its code.
    pub async fn do_signify_trust(self) -> Result<ClaimerInProgress2Ctx<K>, ClaimError> {
        let attempt = self.state.attempt.clone();
        attempt
            .guard(attempt.exchange(ClaimerStep::Number4SignifyTrust, 4))
            .await?;
        Ok(ClaimerInProgress2Ctx {
            state: self.state,
            kind: PhantomData,
        })
    }
}

/// We trust the greeter: show [`Self::claimer_sas`] to the greeter's human.
pub struct ClaimerInProgress2Ctx<K: InvitationKind> {
    state: State,
    kind: PhantomData<fn() -> K>,
}

impl<K: InvitationKind> ClaimerInProgress2Ctx<K> {
    /// The code the greeter must recognise ("Code to provide to greeter").
    pub fn claimer_sas(&self) -> SASCode {
        self.state.sas.claimer_sas
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

    /// Step 5: waits until the greeter recognised our code.
    pub async fn do_wait_peer_trust(self) -> Result<ClaimerInProgress3Ctx<K>, ClaimError> {
        let attempt = self.state.attempt.clone();
        attempt
            .guard(attempt.exchange(ClaimerStep::Number5WaitPeerTrust, 5))
            .await?;
        Ok(ClaimerInProgress3Ctx {
            state: self.state,
            kind: PhantomData,
        })
    }
}

/// How long step 7 is asked again while its answers are lost on the way.
const GET_PAYLOAD_PATIENCE: std::time::Duration = std::time::Duration::from_secs(30);

/// Whether a step request failed on the way (the answer was lost, no answer came, or a
/// front end failed), rather than being refused: asking the same step again is then safe.
fn lost_on_the_way(e: &ClaimError) -> bool {
    match e {
        ClaimError::Connection(
            ConnectionError::Unreachable { .. } | ConnectionError::Timeout { .. },
        ) => true,
        ClaimError::Connection(ConnectionError::ServerError { status }) => {
            matches!(status, 502..=504)
        }
        _ => false,
    }
}

/// Step 7: the greeter's confirmation. The greeter sends it only once the new user or
/// device exists on the server, so losing its answer would leave a device nobody holds
/// the keys of. Step 7 carries no data and the server answers a repeated step the same
/// way (the greeter's confirmation stays stored), so a lost answer is asked for again, a
/// second apart, for up to [`GET_PAYLOAD_PATIENCE`].
async fn get_payload(attempt: &Attempt<ClaimerSide>) -> Result<GreeterStep, ClaimError> {
    let give_up = tokio::time::Instant::now() + GET_PAYLOAD_PATIENCE;
    loop {
        match attempt.exchange(ClaimerStep::Number7GetPayload, 7).await {
            Err(e) if lost_on_the_way(&e) && tokio::time::Instant::now() < give_up => {
                tracing::debug!(error = %e, "step 7 answer lost, asking again");
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            }
            other => return other,
        }
    }
}

/// Both sides trust each other: send the request.
pub struct ClaimerInProgress3Ctx<K: InvitationKind> {
    state: State,
    kind: PhantomData<fn() -> K>,
}

impl<K: InvitationKind> ClaimerInProgress3Ctx<K> {
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

    /// Steps 6–7: sends our request, waits for the confirmation and decrypts it; then
    /// `check` it. Any failure cancels the attempt with its reason.
    async fn exchange_payloads(
        &self,
        data: &K::ClaimerData,
        check: impl FnOnce(&K::GreeterConfirmation) -> Result<(), ClaimError>,
    ) -> Result<K::GreeterConfirmation, ClaimError> {
        let attempt = &self.state.attempt;
        let key = &self.state.sas.key;
        let claimer_payload = data.encrypt(key, &OsRandom::new());
        attempt
            .guard(async {
                attempt
                    .exchange(ClaimerStep::Number6SendPayload { claimer_payload }, 6)
                    .await?;
                let GreeterStep::Number7SendPayload { greeter_payload } =
                    get_payload(attempt).await?
                else {
                    unreachable!("exchange checked the step number")
                };
                let confirmation = K::GreeterConfirmation::decrypt_and_load(key, &greeter_payload)?;
                check(&confirmation)?;
                Ok(confirmation)
            })
            .await
    }

    fn finalize(self, device: LocalDevice) -> ClaimerFinalizeCtx {
        ClaimerFinalizeCtx {
            attempt: self.state.attempt,
            device,
        }
    }
}

impl ClaimerInProgress3Ctx<User> {
    /// Steps 6–7 of a user invitation: generates the new user's and device's keys, sends
    /// the requested identity (the greeter decides the final one), and builds the new
    /// device from the confirmation (invite.md §6.5).
    pub async fn do_claim_user(
        self,
        requested_device_label: DeviceLabel,
        requested_human_handle: HumanHandle,
    ) -> Result<ClaimerFinalizeCtx, ClaimError> {
        let rng = OsRandom::new();
        let signing_key = SigningKey::generate(&rng);
        let private_key = PrivateKey::generate(&rng);
        let data = InviteUserData {
            requested_device_label,
            requested_human_handle,
            public_key: private_key.public_key(),
            verify_key: signing_key.verify_key(),
        };
        let c = self.exchange_payloads(&data, |_| Ok(())).await?;
        let addr = &self.state.attempt.side().addr;
        let device = LocalDevice {
            server_url: addr.server.to_http_url(),
            organization_id: addr.organization_id.clone(),
            root_verify_key: c.root_verify_key,
            user_id: c.user_id,
            device_id: c.device_id,
            device_label: c.device_label,
            human_handle: c.human_handle,
            signing_key,
            private_key,
            initial_profile: c.profile,
            user_realm_id: VlobID::generate(&rng),
            user_realm_key: SecretKey::generate(&rng),
            local_symkey: SecretKey::generate(&rng),
        };
        Ok(self.finalize(device))
    }
}

impl ClaimerInProgress3Ctx<ShamirRecovery> {
    /// Steps 6–8 of a shamir recovery invitation: asks for the recipient's shares,
    /// receives them, and acknowledges (the attempt is then over for both sides).
    pub async fn do_recover_share(self) -> Result<ShamirRecoveryClaimShare, ClaimError> {
        let c = self
            .exchange_payloads(&InviteShamirRecoveryData {}, |c| {
                if c.weighted_share.is_empty() {
                    Err(ClaimError::InconsistentPayload(
                        "the recipient sent no share".into(),
                    ))
                } else {
                    Ok(())
                }
            })
            .await?;
        let recipient = self.state.attempt.side().greeter;
        let result = self
            .state
            .attempt
            .send_once(ClaimerStep::Number8Acknowledge)
            .await;
        self.state.attempt.finished();
        result?;
        Ok(ShamirRecoveryClaimShare {
            recipient,
            weighted_share: c.weighted_share,
        })
    }
}

impl ClaimerInProgress3Ctx<Device> {
    /// Steps 6–7 of a device invitation: generates the new device's key, sends the
    /// requested label, and builds the new device from the confirmation, which carries
    /// the user's keys and realm (invite.md §6.5).
    pub async fn do_claim_device(
        self,
        requested_device_label: DeviceLabel,
    ) -> Result<ClaimerFinalizeCtx, ClaimError> {
        let rng = OsRandom::new();
        let signing_key = SigningKey::generate(&rng);
        let data = InviteDeviceData {
            requested_device_label,
            verify_key: signing_key.verify_key(),
        };
        // The greeter is the claimer's own user (invite_info `claimer_user_id`).
        let user = self.state.attempt.side().greeter;
        let c = self
            .exchange_payloads(&data, |c| {
                if c.user_id == user {
                    Ok(())
                } else {
                    Err(ClaimError::InconsistentPayload(format!(
                        "the new device belongs to user {}, the invitation to user {user}",
                        c.user_id
                    )))
                }
            })
            .await?;
        let addr = &self.state.attempt.side().addr;
        let device = LocalDevice {
            server_url: addr.server.to_http_url(),
            organization_id: addr.organization_id.clone(),
            root_verify_key: c.root_verify_key,
            user_id: c.user_id,
            device_id: c.device_id,
            device_label: c.device_label,
            human_handle: c.human_handle,
            signing_key,
            private_key: c.private_key,
            initial_profile: c.profile,
            user_realm_id: c.user_realm_id,
            user_realm_key: c.user_realm_key,
            local_symkey: SecretKey::generate(&rng),
        };
        Ok(self.finalize(device))
    }
}

/// The new device exists on the server and here; the greeter waits for our
/// acknowledgment before completing the invitation.
pub struct ClaimerFinalizeCtx {
    attempt: Attempt<ClaimerSide>,
    device: LocalDevice,
}

impl ClaimerFinalizeCtx {
    /// The new device (to be saved by the caller).
    pub fn device(&self) -> &LocalDevice {
        &self.device
    }

    /// Step 8: one single acknowledgment, `ok` or `not_ready` both fine (the greeter may
    /// complete the invitation as soon as it sees it, after which we would get HTTP 410).
    /// Returns the new device.
    pub async fn do_acknowledge(self) -> Result<LocalDevice, AcknowledgeError> {
        let result = self
            .attempt
            .send_once(ClaimerStep::Number8Acknowledge)
            .await;
        self.attempt.finished();
        match result {
            Ok(_) => Ok(self.device),
            Err(source) => Err(AcknowledgeError {
                device: Box::new(self.device),
                source,
            }),
        }
    }
}
