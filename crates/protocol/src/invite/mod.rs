//! The greeting exchange of invitations (invite.md): SAS codes (§5.3, §5.5), the step
//! values of `invite_greeter_step` / `invite_claimer_step` (§3.2), the four encrypted
//! payloads (§5.6, §6) and the small enums shared by the invitation commands (§2, §3.3).
//!
//! The key agreement itself is [`crate::crypto::PrivateKey::generate_shared_secret_key`]
//! (§5.1) and the nonce commitment is [`crate::crypto::HashDigest::from_data`] (§5.2).

use crate::crypto::{
    CryptoError, HashDigest, PrivateKey, PublicKey, RandomSource, SecretKey, VerifyKey,
};
use crate::data::{self, DataError, Typed};
use crate::ids::{DeviceID, DeviceLabel, HumanHandle, UserID, UserProfile, VlobID};
use crate::time::DateTime;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

mod sas;
#[cfg(test)]
mod tests;

pub use sas::{
    compute_sas_codes, generate_sas_code_candidates, InvalidSASCode, SASCode, SAS_CODE_ALPHABET,
    SAS_CODE_NONCE_SIZE,
};

// ---------------------------------------------------------------------------
// Small enums (§2, §3.3)

/// Why a greeting attempt was cancelled (wire strings in SCREAMING_SNAKE_CASE).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CancelledGreetingAttemptReason {
    /// A human gave up (GUI cancel, Ctrl-C, or a failure without a dedicated reason).
    ManuallyCancelled,
    /// The claimer's nonce does not match its commitment.
    InvalidNonceHash,
    /// A human picked a SAS code other than the one the peer shows.
    InvalidSasCode,
    /// The peer's payload does not decrypt with the shared key.
    UndecipherablePayload,
    /// The peer's payload decrypts but does not decode.
    UndeserializablePayload,
    /// The peer's payload decodes but contradicts what we know.
    InconsistentPayload,
    /// Set by the server when a side restarts: its previous attempt is cancelled.
    AutomaticallyCancelled,
}

impl CancelledGreetingAttemptReason {
    /// The wire string.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::ManuallyCancelled => "MANUALLY_CANCELLED",
            Self::InvalidNonceHash => "INVALID_NONCE_HASH",
            Self::InvalidSasCode => "INVALID_SAS_CODE",
            Self::UndecipherablePayload => "UNDECIPHERABLE_PAYLOAD",
            Self::UndeserializablePayload => "UNDESERIALIZABLE_PAYLOAD",
            Self::InconsistentPayload => "INCONSISTENT_PAYLOAD",
            Self::AutomaticallyCancelled => "AUTOMATICALLY_CANCELLED",
        }
    }
}

/// Human form: `invalid SAS code`, `automatically cancelled`…
impl fmt::Display for CancelledGreetingAttemptReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::ManuallyCancelled => "manually cancelled",
            Self::InvalidNonceHash => "invalid nonce hash",
            Self::InvalidSasCode => "invalid SAS code",
            Self::UndecipherablePayload => "undecipherable payload",
            Self::UndeserializablePayload => "undeserializable payload",
            Self::InconsistentPayload => "inconsistent payload",
            Self::AutomaticallyCancelled => "automatically cancelled",
        })
    }
}

/// One side of a greeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum GreeterOrClaimer {
    /// The existing user who vouches for the newcomer.
    Greeter,
    /// The newcomer.
    Claimer,
}

impl GreeterOrClaimer {
    /// The other side.
    pub const fn peer(self) -> Self {
        match self {
            Self::Greeter => Self::Claimer,
            Self::Claimer => Self::Greeter,
        }
    }
}

/// `greeter` / `claimer`.
impl fmt::Display for GreeterOrClaimer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Greeter => "greeter",
            Self::Claimer => "claimer",
        })
    }
}

/// Fields of the `greeting_attempt_cancelled` and `greeting_attempt_already_cancelled`
/// statuses: the first cancellation of an attempt, frozen (§3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GreetingAttemptCancelled {
    /// Who cancelled.
    pub origin: GreeterOrClaimer,
    /// When.
    pub timestamp: DateTime,
    /// Why.
    pub reason: CancelledGreetingAttemptReason,
}

/// `PENDING`, `FINISHED` or `CANCELLED` (§2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InvitationStatus {
    /// Can still be claimed.
    Pending,
    /// Completed by the greeter (or the claimer for shamir recovery).
    Finished,
    /// Cancelled by a greeter or the claimer.
    Cancelled,
}

impl InvitationStatus {
    /// The wire string.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "PENDING",
            Self::Finished => "FINISHED",
            Self::Cancelled => "CANCELLED",
        }
    }
}

impl fmt::Display for InvitationStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What became of the invitation email (§2.1); the invitation exists in every case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InvitationEmailSentStatus {
    /// Handed to the mail system, or no email was requested.
    Success,
    /// No SMTP server, no SMTP configuration or no public server address.
    ServerUnavailable,
    /// The SMTP server refused the recipient.
    RecipientRefused,
}

/// Who created an invitation (`type` = `USER` or `EXTERNAL_SERVICE`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", try_from = "CreatedByFields")]
pub enum InvitationCreatedBy {
    /// A user of the organization.
    #[serde(rename = "USER")]
    User {
        /// The author.
        user_id: UserID,
        /// The author's name and email.
        human_handle: HumanHandle,
    },
    /// A service outside the organization.
    #[serde(rename = "EXTERNAL_SERVICE")]
    ExternalService {
        /// Its name.
        service_label: String,
    },
}

/// The keys of an [`InvitationCreatedBy`] map, read in one pass: serde's tagged enums
/// buffer the whole map first, which made long listings slow to decode.
#[derive(Deserialize)]
struct CreatedByFields {
    #[serde(rename = "type")]
    kind: String,
    user_id: Option<UserID>,
    human_handle: Option<HumanHandle>,
    service_label: Option<String>,
}

/// The value of `key`, which a map tagged `kind` must have (for the one-pass decoders of
/// tagged maps).
pub(crate) fn required<T>(value: Option<T>, kind: &str, key: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{key}` for `{kind}`"))
}

impl TryFrom<CreatedByFields> for InvitationCreatedBy {
    type Error = String;

    fn try_from(f: CreatedByFields) -> Result<Self, String> {
        let kind = f.kind.as_str();
        match kind {
            "USER" => Ok(Self::User {
                user_id: required(f.user_id, kind, "user_id")?,
                human_handle: required(f.human_handle, kind, "human_handle")?,
            }),
            "EXTERNAL_SERVICE" => Ok(Self::ExternalService {
                service_label: required(f.service_label, kind, "service_label")?,
            }),
            other => Err(format!(
                "unknown variant `{other}`, expected `USER` or `EXTERNAL_SERVICE`"
            )),
        }
    }
}

// ---------------------------------------------------------------------------
// Steps (§3.2)

/// A greeter step, as sent in `invite_greeter_step` and received in `invite_claimer_step`
/// replies: a map tagged by its `step` key.
///
/// Trap (invite.md §3.2): the discriminant of step 5 is the literal string `"5"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step")]
pub enum GreeterStep {
    /// Step 0: the greeter's ephemeral X25519 public key.
    #[serde(rename = "NUMBER_0_WAIT_PEER")]
    Number0WaitPeer {
        /// Fresh for every attempt.
        public_key: PublicKey,
    },
    /// Step 1: waits for the claimer's nonce commitment.
    #[serde(rename = "NUMBER_1_GET_HASHED_NONCE")]
    Number1GetHashedNonce,
    /// Step 2: the greeter's nonce.
    #[serde(rename = "NUMBER_2_SEND_NONCE")]
    Number2SendNonce {
        /// 64 random bytes.
        #[serde(with = "serde_bytes")]
        greeter_nonce: Vec<u8>,
    },
    /// Step 3: waits for the claimer's nonce.
    #[serde(rename = "NUMBER_3_GET_NONCE")]
    Number3GetNonce,
    /// Step 4: waits for the claimer to recognise the greeter's SAS code.
    #[serde(rename = "NUMBER_4_WAIT_PEER_TRUST")]
    Number4WaitPeerTrust,
    /// Step 5: the greeter recognised the claimer's SAS code.
    #[serde(rename = "5")]
    Number5SignifyTrust,
    /// Step 6: waits for the claimer's payload.
    #[serde(rename = "NUMBER_6_GET_PAYLOAD")]
    Number6GetPayload,
    /// Step 7: the encrypted confirmation.
    #[serde(rename = "NUMBER_7_SEND_PAYLOAD")]
    Number7SendPayload {
        /// `InviteUserConfirmation` or `InviteDeviceConfirmation`, encrypted.
        #[serde(with = "serde_bytes")]
        greeter_payload: Vec<u8>,
    },
    /// Step 8: waits for the claimer's acknowledgment.
    #[serde(rename = "NUMBER_8_WAIT_PEER_ACKNOWLEDGMENT")]
    Number8WaitPeerAcknowledgment,
}

/// A claimer step, as sent in `invite_claimer_step` and received in `invite_greeter_step`
/// replies: a map tagged by its `step` key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step")]
pub enum ClaimerStep {
    /// Step 0: the claimer's ephemeral X25519 public key.
    #[serde(rename = "NUMBER_0_WAIT_PEER")]
    Number0WaitPeer {
        /// Fresh for every attempt.
        public_key: PublicKey,
    },
    /// Step 1: SHA-256 of the claimer's nonce (the commitment).
    #[serde(rename = "NUMBER_1_SEND_HASHED_NONCE")]
    Number1SendHashedNonce {
        /// `SHA-256(claimer_nonce)`.
        hashed_nonce: HashDigest,
    },
    /// Step 2: waits for the greeter's nonce.
    #[serde(rename = "NUMBER_2_GET_NONCE")]
    Number2GetNonce,
    /// Step 3: reveals the claimer's nonce.
    #[serde(rename = "NUMBER_3_SEND_NONCE")]
    Number3SendNonce {
        /// 64 random bytes.
        #[serde(with = "serde_bytes")]
        claimer_nonce: Vec<u8>,
    },
    /// Step 4: the claimer recognised the greeter's SAS code.
    #[serde(rename = "NUMBER_4_SIGNIFY_TRUST")]
    Number4SignifyTrust,
    /// Step 5: waits for the greeter to recognise the claimer's SAS code.
    #[serde(rename = "NUMBER_5_WAIT_PEER_TRUST")]
    Number5WaitPeerTrust,
    /// Step 6: the encrypted claim.
    #[serde(rename = "NUMBER_6_SEND_PAYLOAD")]
    Number6SendPayload {
        /// `InviteUserData` or `InviteDeviceData`, encrypted.
        #[serde(with = "serde_bytes")]
        claimer_payload: Vec<u8>,
    },
    /// Step 7: waits for the greeter's confirmation.
    #[serde(rename = "NUMBER_7_GET_PAYLOAD")]
    Number7GetPayload,
    /// Step 8: the claimer received the confirmation.
    #[serde(rename = "NUMBER_8_ACKNOWLEDGE")]
    Number8Acknowledge,
}

fn key32(data: &[u8]) -> Option<[u8; 32]> {
    data.try_into().ok()
}

impl GreeterStep {
    /// The step number, 0 to 8.
    pub fn index(&self) -> u8 {
        match self {
            Self::Number0WaitPeer { .. } => 0,
            Self::Number1GetHashedNonce => 1,
            Self::Number2SendNonce { .. } => 2,
            Self::Number3GetNonce => 3,
            Self::Number4WaitPeerTrust => 4,
            Self::Number5SignifyTrust => 5,
            Self::Number6GetPayload => 6,
            Self::Number7SendPayload { .. } => 7,
            Self::Number8WaitPeerAcknowledgment => 8,
        }
    }

    /// The bytes a server stores for this step (empty for steps without a field).
    pub fn data(&self) -> &[u8] {
        match self {
            Self::Number0WaitPeer { public_key } => public_key.as_bytes(),
            Self::Number2SendNonce { greeter_nonce } => greeter_nonce,
            Self::Number7SendPayload { greeter_payload } => greeter_payload,
            _ => &[],
        }
    }

    /// Rebuilds a step from its number and stored bytes (`None` if they do not fit).
    pub fn from_index_and_data(index: u8, data: &[u8]) -> Option<Self> {
        let empty = |step: Self| data.is_empty().then_some(step);
        match index {
            0 => key32(data).map(|k| Self::Number0WaitPeer {
                public_key: PublicKey::from_bytes(k),
            }),
            1 => empty(Self::Number1GetHashedNonce),
            2 => Some(Self::Number2SendNonce {
                greeter_nonce: data.to_vec(),
            }),
            3 => empty(Self::Number3GetNonce),
            4 => empty(Self::Number4WaitPeerTrust),
            5 => empty(Self::Number5SignifyTrust),
            6 => empty(Self::Number6GetPayload),
            7 => Some(Self::Number7SendPayload {
                greeter_payload: data.to_vec(),
            }),
            8 => empty(Self::Number8WaitPeerAcknowledgment),
            _ => None,
        }
    }
}

impl ClaimerStep {
    /// The step number, 0 to 8.
    pub fn index(&self) -> u8 {
        match self {
            Self::Number0WaitPeer { .. } => 0,
            Self::Number1SendHashedNonce { .. } => 1,
            Self::Number2GetNonce => 2,
            Self::Number3SendNonce { .. } => 3,
            Self::Number4SignifyTrust => 4,
            Self::Number5WaitPeerTrust => 5,
            Self::Number6SendPayload { .. } => 6,
            Self::Number7GetPayload => 7,
            Self::Number8Acknowledge => 8,
        }
    }

    /// The bytes a server stores for this step (empty for steps without a field).
    pub fn data(&self) -> &[u8] {
        match self {
            Self::Number0WaitPeer { public_key } => public_key.as_bytes(),
            Self::Number1SendHashedNonce { hashed_nonce } => hashed_nonce.as_bytes(),
            Self::Number3SendNonce { claimer_nonce } => claimer_nonce,
            Self::Number6SendPayload { claimer_payload } => claimer_payload,
            _ => &[],
        }
    }

    /// Rebuilds a step from its number and stored bytes (`None` if they do not fit).
    pub fn from_index_and_data(index: u8, data: &[u8]) -> Option<Self> {
        let empty = |step: Self| data.is_empty().then_some(step);
        match index {
            0 => key32(data).map(|k| Self::Number0WaitPeer {
                public_key: PublicKey::from_bytes(k),
            }),
            1 => key32(data).map(|k| Self::Number1SendHashedNonce {
                hashed_nonce: HashDigest::from_bytes(k),
            }),
            2 => empty(Self::Number2GetNonce),
            3 => Some(Self::Number3SendNonce {
                claimer_nonce: data.to_vec(),
            }),
            4 => empty(Self::Number4SignifyTrust),
            5 => empty(Self::Number5WaitPeerTrust),
            6 => Some(Self::Number6SendPayload {
                claimer_payload: data.to_vec(),
            }),
            7 => empty(Self::Number7GetPayload),
            8 => empty(Self::Number8Acknowledge),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------
// Payloads (§5.6, §6)

/// A greeting payload that cannot be used; each kind has its cancel reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PayloadError {
    /// Decryption with the shared key failed.
    #[error("the peer's payload cannot be decrypted")]
    Undecipherable,
    /// Decrypted, but not a valid payload of the expected type.
    #[error("the peer's payload cannot be deserialized: {0}")]
    Undeserializable(#[source] DataError),
}

impl PayloadError {
    /// The reason to cancel the attempt with (§4 steps 12 and 16).
    pub fn cancel_reason(&self) -> CancelledGreetingAttemptReason {
        match self {
            Self::Undecipherable => CancelledGreetingAttemptReason::UndecipherablePayload,
            Self::Undeserializable(_) => CancelledGreetingAttemptReason::UndeserializablePayload,
        }
    }
}

impl From<CryptoError> for PayloadError {
    fn from(_: CryptoError) -> Self {
        Self::Undecipherable
    }
}

/// A payload exchanged at step 6 or 7: format v0 (`0x00 || zstd(msgpack)`), then
/// encrypted with the attempt's shared key (§5.6).
pub trait GreetingPayload: Typed {
    /// Serializes and encrypts with a random nonce.
    fn encrypt(&self, key: &SecretKey, rng: &dyn RandomSource) -> Vec<u8> {
        key.encrypt(rng, &data::dump_v0(self))
    }

    /// Decrypts, then decodes and checks the `type`.
    fn decrypt_and_load(key: &SecretKey, ciphertext: &[u8]) -> Result<Self, PayloadError> {
        let plaintext = key.decrypt(ciphertext)?;
        data::load_v0(&plaintext).map_err(PayloadError::Undeserializable)
    }
}

/// Claimer → greeter at step 6 of a user invitation (§6.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteUserData {
    /// Suggested label of the first device.
    pub requested_device_label: DeviceLabel,
    /// Suggested name and email.
    pub requested_human_handle: HumanHandle,
    /// The new user's X25519 public key.
    pub public_key: PublicKey,
    /// The first device's Ed25519 verify key.
    pub verify_key: VerifyKey,
}

impl Typed for InviteUserData {
    const TYPE: &'static str = "invite_user_data";
}
impl GreetingPayload for InviteUserData {}

/// Greeter → claimer at step 7 of a user invitation (§6.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteUserConfirmation {
    /// The new user, as in the uploaded certificates.
    pub user_id: UserID,
    /// The new device, as in the uploaded certificates.
    pub device_id: DeviceID,
    /// Final device label, chosen by the greeter.
    pub device_label: DeviceLabel,
    /// Final name and email, chosen by the greeter.
    pub human_handle: HumanHandle,
    /// The new user's profile.
    pub profile: UserProfile,
    /// The organization's root verify key.
    pub root_verify_key: VerifyKey,
}

impl Typed for InviteUserConfirmation {
    const TYPE: &'static str = "invite_user_confirmation";
}
impl GreetingPayload for InviteUserConfirmation {}

/// Claimer → greeter at step 6 of a device invitation (§6.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteDeviceData {
    /// Suggested label of the new device.
    pub requested_device_label: DeviceLabel,
    /// The new device's Ed25519 verify key.
    pub verify_key: VerifyKey,
}

impl Typed for InviteDeviceData {
    const TYPE: &'static str = "invite_device_data";
}
impl GreetingPayload for InviteDeviceData {}

/// Greeter → claimer at step 7 of a device invitation (§6.4). `Debug` redacts the keys.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InviteDeviceConfirmation {
    /// The user (greeter and claimer are the same user).
    pub user_id: UserID,
    /// The new device, as in the uploaded certificate.
    pub device_id: DeviceID,
    /// Final device label, chosen by the greeter.
    pub device_label: DeviceLabel,
    /// The user's name and email.
    pub human_handle: HumanHandle,
    /// The user's initial profile, as stored in the greeter's device.
    pub profile: UserProfile,
    /// The user's X25519 private key, shared by all its devices.
    pub private_key: PrivateKey,
    /// The user's private realm.
    pub user_realm_id: VlobID,
    /// The key of that realm.
    pub user_realm_key: SecretKey,
    /// The organization's root verify key.
    pub root_verify_key: VerifyKey,
}

impl Typed for InviteDeviceConfirmation {
    const TYPE: &'static str = "invite_device_confirmation";
}
impl GreetingPayload for InviteDeviceConfirmation {}

/// Claimer → greeter at step 6 of a shamir recovery invitation: nothing to say, the
/// claimer only asks for the greeter's shares.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteShamirRecoveryData {}

impl Typed for InviteShamirRecoveryData {
    const TYPE: &'static str = "invite_shamir_recovery_data";
}
impl GreetingPayload for InviteShamirRecoveryData {}

/// Greeter → claimer at step 7 of a shamir recovery invitation: the greeter's shares of
/// the claimer's recovery secret. `Debug` redacts them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteShamirRecoveryConfirmation {
    /// As many shares as the greeter's weight in the setup.
    pub weighted_share: Vec<crate::shamir::ShamirShare>,
}

impl Typed for InviteShamirRecoveryConfirmation {
    const TYPE: &'static str = "invite_shamir_recovery_confirmation";
}
impl GreetingPayload for InviteShamirRecoveryConfirmation {}
