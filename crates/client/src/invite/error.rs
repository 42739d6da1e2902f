//! The errors of the greeting operations: one enum per side ([`GreetError`],
//! [`ClaimError`]) with a variant per server status we act on, plus cancelling an
//! attempt ([`CancelGreetingAttemptError`]) and the claimer's last step
//! ([`AcknowledgeError`]). Which failure cancels the attempt, and with which reason, is
//! decided here ([`SideError::cancel_reason`], invite.md §4 and §9).

use super::common::SideError;
use crate::connection::ConnectionError;
use parsec_protocol::addr::InvitationType;
use parsec_protocol::data::DataError;
use parsec_protocol::device_file::LocalDevice;
use parsec_protocol::ids::UserID;
use parsec_protocol::invite::{
    CancelledGreetingAttemptReason, GreeterOrClaimer, GreetingAttemptCancelled, PayloadError,
};
use parsec_protocol::DateTime;

/// Why cancelling a greeting attempt failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CancelGreetingAttemptError {
    /// Transport or handshake failure.
    #[error(transparent)]
    Connection(ConnectionError),
    /// `invitation_completed` (greeter).
    #[error("invitation already completed")]
    InvitationCompleted,
    /// `invitation_cancelled` (greeter).
    #[error("invitation already cancelled")]
    InvitationCancelled,
    /// HTTP 410 (claimer): the invitation is completed or cancelled.
    #[error("invitation already used or deleted")]
    InvitationAlreadyUsed,
    /// `author_not_allowed` (greeter) or `greeter_not_allowed` (claimer).
    #[error("not allowed to greet this invitation")]
    NotAllowed,
    /// `greeter_revoked` (claimer).
    #[error("the greeter has been revoked")]
    GreeterRevoked,
    /// `greeting_attempt_already_cancelled`: an earlier cancellation stands.
    #[error("greeting attempt already cancelled by {origin} because of {reason} on {timestamp}")]
    AlreadyCancelled {
        /// Who cancelled first.
        origin: GreeterOrClaimer,
        /// Why.
        reason: CancelledGreetingAttemptReason,
        /// When.
        timestamp: DateTime,
    },
    /// Another status (`greeting_attempt_not_found`, `greeting_attempt_not_joined`…).
    #[error("unexpected answer from the server: {status}")]
    Unexpected {
        /// The status.
        status: String,
    },
}

impl From<ConnectionError> for CancelGreetingAttemptError {
    fn from(e: ConnectionError) -> Self {
        match e {
            ConnectionError::InvitationAlreadyUsed => Self::InvitationAlreadyUsed,
            e => Self::Connection(e),
        }
    }
}

impl CancelGreetingAttemptError {
    /// `Unexpected` for a status we know but do not act on.
    pub(crate) fn unexpected(status: &str) -> Self {
        Self::Unexpected {
            status: status.to_owned(),
        }
    }
}

impl From<GreetingAttemptCancelled> for CancelGreetingAttemptError {
    fn from(c: GreetingAttemptCancelled) -> Self {
        Self::AlreadyCancelled {
            origin: c.origin,
            reason: c.reason,
            timestamp: c.timestamp,
        }
    }
}

/// Why greeting failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GreetError {
    /// Transport or handshake failure (HTTP 461: this user has been revoked).
    #[error(transparent)]
    Connection(ConnectionError),
    /// `invitation_not_found`, or the token is not among our invitations.
    #[error("invitation not found")]
    InvitationNotFound,
    /// `invitation_completed`.
    #[error("invitation already used")]
    InvitationCompleted,
    /// `invitation_cancelled`.
    #[error("invitation cancelled")]
    InvitationCancelled,
    /// `author_not_allowed`: not (or no longer) an allowed greeter of this invitation.
    #[error("not allowed to greet this invitation")]
    NotAllowed,
    /// A shamir recovery invitation: not supported by this client.
    #[error("{0} invitations cannot be greeted by this client")]
    UnsupportedInvitationType(InvitationType),
    /// The attempt was cancelled, normally by the claimer.
    #[error("greeting attempt cancelled by {origin} because of {reason} on {timestamp}")]
    PeerCancelled {
        /// Who cancelled.
        origin: GreeterOrClaimer,
        /// Why.
        reason: CancelledGreetingAttemptReason,
        /// When.
        timestamp: DateTime,
    },
    /// The claimer's public key gives a non-contributory shared secret.
    #[error("the claimer's public key is not acceptable")]
    WeakPeerKey,
    /// The claimer's nonce does not match its commitment (attempt cancelled).
    #[error("claimer's nonce and hashed nonce don't match")]
    NonceHashMismatch,
    /// The claimer's payload is unusable (attempt cancelled).
    #[error(transparent)]
    Payload(#[from] PayloadError),
    /// `user_create`: `active_users_limit_reached`.
    #[error("the organization has reached its active users limit")]
    ActiveUsersLimitReached,
    /// `user_create`: `human_handle_already_taken`.
    #[error("a user with this email already exists")]
    HumanHandleAlreadyTaken,
    /// `user_create`: `user_already_exists`.
    #[error("the new user's ID already exists")]
    UserAlreadyExists,
    /// `device_create`: `device_already_exists`.
    #[error("the new device's ID already exists")]
    DeviceAlreadyExists,
    /// `invalid_certificate`: the server refused our certificates.
    #[error("the server refused our certificates")]
    InvalidCertificate,
    /// `timestamp_out_of_ballpark`.
    #[error("our clock ({client}) and the server's ({server}) are too far apart")]
    ClockDrift {
        /// Our timestamp.
        client: DateTime,
        /// The server's.
        server: DateTime,
    },
    /// The claimer answered another step than the one we are at.
    #[error("unexpected step from the claimer: expected step {expected}, got step {received}")]
    UnexpectedPeerStep {
        /// Our step.
        expected: u8,
        /// The claimer's.
        received: u8,
    },
    /// Another status (`step_mismatch`, `greeting_attempt_not_found`…).
    #[error("unexpected answer from the server: {status}")]
    Unexpected {
        /// The status.
        status: String,
    },
}

impl From<ConnectionError> for GreetError {
    fn from(e: ConnectionError) -> Self {
        Self::Connection(e)
    }
}

impl From<DataError> for GreetError {
    fn from(e: DataError) -> Self {
        Self::Connection(ConnectionError::BadResponse(e))
    }
}

impl GreetError {
    /// `Unexpected` for a status we know but do not act on.
    pub(crate) fn unexpected(status: &str) -> Self {
        Self::Unexpected {
            status: status.to_owned(),
        }
    }
}

impl SideError for GreetError {
    fn peer_cancelled(c: GreetingAttemptCancelled) -> Self {
        Self::PeerCancelled {
            origin: c.origin,
            reason: c.reason,
            timestamp: c.timestamp,
        }
    }

    fn unexpected_peer_step(expected: u8, received: u8) -> Self {
        Self::UnexpectedPeerStep { expected, received }
    }

    fn as_cancelled(&self) -> Option<GreetingAttemptCancelled> {
        match *self {
            Self::PeerCancelled {
                origin,
                reason,
                timestamp,
            } => Some(GreetingAttemptCancelled {
                origin,
                timestamp,
                reason,
            }),
            _ => None,
        }
    }

    fn is_transport(&self) -> bool {
        matches!(self, Self::Connection(c) if c.is_transport())
    }

    fn cancel_reason(&self) -> Option<CancelledGreetingAttemptReason> {
        match self {
            Self::PeerCancelled { .. }
            | Self::InvitationNotFound
            | Self::InvitationCompleted
            | Self::InvitationCancelled
            | Self::NotAllowed
            | Self::UnsupportedInvitationType(_) => None,
            Self::NonceHashMismatch => Some(CancelledGreetingAttemptReason::InvalidNonceHash),
            Self::Payload(e) => Some(e.cancel_reason()),
            // No dedicated reason: the official client leaves the attempt open (the
            // claimer keeps polling until its human gives up); we tell the claimer.
            _ => Some(CancelledGreetingAttemptReason::ManuallyCancelled),
        }
    }
}

/// Why claiming failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClaimError {
    /// Transport or handshake failure.
    #[error(transparent)]
    Connection(ConnectionError),
    /// HTTP 403: unknown invitation token.
    #[error("invitation not found")]
    InvitationNotFound,
    /// HTTP 410: the invitation is completed or cancelled.
    #[error("invitation already used or deleted")]
    InvitationAlreadyUsed,
    /// A shamir recovery invitation: not supported by this client.
    #[error("{0} invitations cannot be claimed by this client")]
    UnsupportedInvitationType(InvitationType),
    /// The chosen user is not among the invitation's administrators.
    #[error("user {0} is not an administrator who can greet this invitation")]
    UnknownGreeter(UserID),
    /// The chosen user is not a recipient of the shamir recovery setup.
    #[error("user {0} is not a recipient of this shared recovery")]
    UnknownRecipient(UserID),
    /// The chosen recipient is revoked.
    #[error("recipient {0} has been revoked")]
    RecipientRevoked(UserID),
    /// The chosen recipient already gave its shares.
    #[error("the shares of recipient {0} are already retrieved")]
    RecipientAlreadyPicked(UserID),
    /// The shares reach the threshold but do not rebuild a valid secret.
    #[error("the retrieved shares do not rebuild the recovery secret: {0}")]
    CorruptedSecret(String),
    /// `greeter_not_found`.
    #[error("organization or invitation not found: the greeter does not exist")]
    GreeterNotFound,
    /// `greeter_not_allowed`.
    #[error("the provided user is not allowed to greet this invitation")]
    GreeterNotAllowed,
    /// `greeter_revoked`.
    #[error("the provided user is not allowed to greet this invitation: revoked")]
    GreeterRevoked,
    /// The attempt was cancelled, normally by the greeter.
    #[error("greeting attempt cancelled by {origin} because of {reason} on {timestamp}")]
    PeerCancelled {
        /// Who cancelled.
        origin: GreeterOrClaimer,
        /// Why.
        reason: CancelledGreetingAttemptReason,
        /// When.
        timestamp: DateTime,
    },
    /// The greeter's public key gives a non-contributory shared secret.
    #[error("the greeter's public key is not acceptable")]
    WeakPeerKey,
    /// The greeter's confirmation is unusable (attempt cancelled).
    #[error(transparent)]
    Payload(#[from] PayloadError),
    /// The greeter's confirmation contradicts the invitation (attempt cancelled).
    #[error("the greeter's confirmation is inconsistent: {0}")]
    InconsistentPayload(String),
    /// The greeter answered another step than the one we are at.
    #[error("unexpected step from the greeter: expected step {expected}, got step {received}")]
    UnexpectedPeerStep {
        /// Our step.
        expected: u8,
        /// The greeter's.
        received: u8,
    },
    /// Another status (`step_mismatch`, `greeting_attempt_not_found`…).
    #[error("unexpected answer from the server: {status}")]
    Unexpected {
        /// The status.
        status: String,
    },
}

impl From<ConnectionError> for ClaimError {
    fn from(e: ConnectionError) -> Self {
        match e {
            ConnectionError::InvitationAlreadyUsed => Self::InvitationAlreadyUsed,
            ConnectionError::BadAuthentication => Self::InvitationNotFound,
            e => Self::Connection(e),
        }
    }
}

impl From<DataError> for ClaimError {
    fn from(e: DataError) -> Self {
        Self::Connection(ConnectionError::BadResponse(e))
    }
}

impl ClaimError {
    /// `Unexpected` for a status we know but do not act on.
    pub(crate) fn unexpected(status: &str) -> Self {
        Self::Unexpected {
            status: status.to_owned(),
        }
    }
}

impl SideError for ClaimError {
    fn peer_cancelled(c: GreetingAttemptCancelled) -> Self {
        Self::PeerCancelled {
            origin: c.origin,
            reason: c.reason,
            timestamp: c.timestamp,
        }
    }

    fn unexpected_peer_step(expected: u8, received: u8) -> Self {
        Self::UnexpectedPeerStep { expected, received }
    }

    fn as_cancelled(&self) -> Option<GreetingAttemptCancelled> {
        match *self {
            Self::PeerCancelled {
                origin,
                reason,
                timestamp,
            } => Some(GreetingAttemptCancelled {
                origin,
                timestamp,
                reason,
            }),
            _ => None,
        }
    }

    fn is_transport(&self) -> bool {
        matches!(self, Self::Connection(c) if c.is_transport())
    }

    fn cancel_reason(&self) -> Option<CancelledGreetingAttemptReason> {
        match self {
            Self::PeerCancelled { .. }
            | Self::InvitationNotFound
            | Self::InvitationAlreadyUsed
            | Self::UnsupportedInvitationType(_)
            | Self::UnknownGreeter(_)
            | Self::UnknownRecipient(_)
            | Self::RecipientRevoked(_)
            | Self::RecipientAlreadyPicked(_)
            | Self::CorruptedSecret(_)
            | Self::GreeterNotFound
            | Self::GreeterNotAllowed
            | Self::GreeterRevoked => None,
            Self::Payload(e) => Some(e.cancel_reason()),
            Self::InconsistentPayload(_) => {
                Some(CancelledGreetingAttemptReason::InconsistentPayload)
            }
            _ => Some(CancelledGreetingAttemptReason::ManuallyCancelled),
        }
    }
}

/// The acknowledgment failed; the device was created all the same and can be saved.
#[derive(Debug, thiserror::Error)]
#[error("the greeter was not told that the new device was received: {source}")]
pub struct AcknowledgeError {
    /// The new device, valid on the server.
    pub device: Box<LocalDevice>,
    /// Why the acknowledgment failed.
    #[source]
    pub source: ClaimError,
}

/// Why the last step of a shamir recovery failed: getting the recovery device and
/// registering the new device.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ShamirRecoverDeviceError {
    /// Transport failure or a refusal of the invitation.
    #[error(transparent)]
    Claim(#[from] ClaimError),
    /// `bad_reveal_token`: the setup behind the invitation is not the one the shares
    /// come from.
    #[error("the server has no recovery device for the rebuilt secret")]
    BadRevealToken,
    /// The recovery device cannot be decrypted or decoded.
    #[error("the recovery device is corrupted: {0}")]
    CorruptedCipheredData(&'static str),
    /// `device_create` of the new device failed.
    #[error("cannot register the new device: {0}")]
    Register(#[from] crate::recovery::RegisterDeviceError),
}

impl ShamirRecoverDeviceError {
    /// Whether the server cannot have been changed (nothing to undo, safe to retry).
    pub fn nothing_committed(&self) -> bool {
        match self {
            Self::Register(e) => e.nothing_committed(),
            Self::Claim(ClaimError::Connection(c)) => c.is_transport(),
            _ => true,
        }
    }
}
