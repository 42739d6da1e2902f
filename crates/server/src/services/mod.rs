//! The commands themselves, free of HTTP: each service takes a decoded protocol request
//! and the identity of who sent it ([`AuthenticatedUser`], [`InvitedClaimer`]), and
//! returns the protocol reply or a [`ServiceError`] (the refusals the protocol expresses
//! as HTTP statuses, which the transport maps).
//!
//! - [`bootstrap`]: `organization_bootstrap` (certificates.md §5.2);
//! - [`certificates`]: `certificate_get` (certificates.md §10);
//! - [`organization`]: `organization_info` and the administrator's organization updates
//!   (wire.md §8.3);
//! - [`invite`]: invitations and greeting attempts (invite.md §2–3);
//! - [`shamir`]: `shamir_recovery_setup`, `shamir_recovery_delete` (shared recovery);
//! - [`tos`]: `tos_get`, `tos_accept` (the terms of service route);
//! - [`totp`]: the `totp_*` commands and the administrator's TOTP reset;
//! - [`users`]: `user_create`, `device_create`, `user_revoke`, `user_update`
//!   (certificates.md §6–9);
//! - [`ping()`] here.

pub mod bootstrap;
pub mod certificates;
pub mod invite;
pub mod organization;
pub mod shamir;
pub mod tos;
pub mod totp;
pub mod users;

use crate::state::AppState;
use crate::storage::{Organization, StorageError};
use parsec_protocol::cmds::anonymous::ping;
use parsec_protocol::crypto::VerifyKey;
use parsec_protocol::ids::{AccessToken, DeviceID, OrganizationID, UserID, UserProfile};

/// A device that proved who it is (signed request, wire.md §1.4), as seen when the
/// request arrived: services read the user again inside their transaction.
#[derive(Debug, Clone)]
pub struct AuthenticatedUser {
    /// Its organization.
    pub organization_id: OrganizationID,
    /// Its user.
    pub user_id: UserID,
    /// The device.
    pub device_id: DeviceID,
    /// The user's current profile.
    pub profile: UserProfile,
    /// The device's key, which certificates it uploads must verify with.
    pub verify_key: VerifyKey,
    /// The organization (`organization_id`) as read by the authentication, possibly
    /// kept from an earlier request ([`crate::credential_cache`]): its settings and what
    /// is set at bootstrap are current, but not `common_topic_last_timestamp`, which is
    /// read inside a transaction.
    pub organization: Organization,
}

/// A claimer that proved it holds a live invitation's token (wire.md §1.5).
#[derive(Debug, Clone)]
pub struct InvitedClaimer {
    /// The invitation's organization.
    pub organization_id: OrganizationID,
    /// The invitation's token.
    pub token: AccessToken,
}

/// Why a service refused a request outside its protocol reply. Each condition is an
/// HTTP status on the wire (wire.md §1.8); the replies' own statuses are not here.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServiceError {
    /// The organization vanished since the request was authenticated (404).
    #[error("organization not found")]
    OrganizationNotFound,
    /// The requesting user no longer exists (403).
    #[error("requesting user not found")]
    AuthorNotFound,
    /// The requesting user was revoked since the request was authenticated (461, the
    /// official components' `AUTHOR_REVOKED`).
    #[error("requesting user revoked")]
    AuthorRevoked,
    /// The claimer's invitation is unknown (403).
    #[error("invitation not found")]
    InvitationNotFound,
    /// The claimer's invitation was completed or cancelled (410).
    #[error("invitation already used or deleted")]
    InvitationDeleted,
    /// The client's API version predates what the command needs (422).
    #[error("client API version too old for this command")]
    ApiVersionTooOld,
    /// A command this server does not serve in this mode (500, wire.md §1.10).
    #[error("command not available")]
    CommandNotAvailable,
    /// A limit on events or greetings was reached (429); retry after this delay.
    #[error("too many requests")]
    TooManyRequests(std::time::Duration),
    /// Storage failure (500).
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl ServiceError {
    /// Stored data contradicting itself.
    pub(crate) fn corrupted(what: impl Into<String>) -> Self {
        Self::Storage(StorageError::Corrupted(what.into()))
    }
}

/// Runs CPU-bound work (signature checks, certificate decoding) on tokio's blocking pool,
/// so that the async workers keep serving other requests meanwhile. Services call it
/// before they open a storage transaction: on SQLite the pool's only connection must not
/// wait on it.
pub(crate) async fn off_async_workers<T, F>(work: F) -> T
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    match tokio::task::spawn_blocking(work).await {
        Ok(value) => value,
        // A panic in `work` is a bug: let it surface as it would have inline. The task is
        // only cancelled when the runtime shuts down, with this future.
        Err(e) => std::panic::resume_unwind(
            e.try_into_panic()
                .unwrap_or_else(|_| Box::new("blocking task cancelled")),
        ),
    }
}

/// `ping`: echo on debug servers, refused otherwise (wire.md §1.10).
pub fn ping(state: &AppState, req: ping::Req) -> Result<ping::Rep, ServiceError> {
    if !state.config.debug {
        return Err(ServiceError::CommandNotAvailable);
    }
    Ok(ping::Rep::Ok(ping::Pong { pong: req.ping }))
}
