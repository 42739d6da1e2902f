//! The organization's terms of service, read and accepted by a device.
//!
//! When an organization has terms, the server answers 463 to every authenticated request
//! of a user who has not accepted their current version, except on the terms' own route
//! (`/authenticated/<org>/tos`), where these commands go. Accepting names the version
//! read (its `updated_on`): terms changed meanwhile are refused as a mismatch.

use crate::connection::{AuthenticatedCmds, ConnectionError};
use parsec_protocol::cmds::authenticated::organization_info;
use parsec_protocol::cmds::tos::{tos_accept, tos_get, TosAccept, TosGet};
use parsec_protocol::DateTime;

pub use parsec_protocol::cmds::tos::tos_get::Tos;

/// Why the terms could not be read or accepted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TosError {
    /// Transport or handshake failure.
    #[error(transparent)]
    Connection(#[from] ConnectionError),
    /// `no_tos` when accepting: the organization has no terms (any more).
    #[error("the organization has no terms of service")]
    NoTos,
    /// `tos_mismatch`: the terms changed since they were read.
    #[error("the terms of service have changed on the server")]
    Mismatch,
    /// Another status.
    #[error("unexpected answer from the server: {0}")]
    UnexpectedStatus(String),
}

/// The organization's terms, `None` when it has none.
pub async fn get_tos(cmds: &AuthenticatedCmds) -> Result<Option<Tos>, TosError> {
    match cmds.send_tos::<TosGet>(&tos_get::Req).await? {
        tos_get::Rep::Ok(tos) => Ok(Some(tos)),
        tos_get::Rep::NoTos => Ok(None),
        tos_get::Rep::UnknownStatus(u) => Err(TosError::UnexpectedStatus(u.status)),
    }
}

/// Accepts the terms last set at `updated_on` for the device's user.
pub async fn accept_tos(cmds: &AuthenticatedCmds, updated_on: DateTime) -> Result<(), TosError> {
    let req = tos_accept::Req {
        tos_updated_on: updated_on,
    };
    match cmds.send_tos::<TosAccept>(&req).await? {
        tos_accept::Rep::Ok => Ok(()),
        tos_accept::Rep::NoTos => Err(TosError::NoTos),
        tos_accept::Rep::TosMismatch => Err(TosError::Mismatch),
        tos_accept::Rep::UnknownStatus(u) => Err(TosError::UnexpectedStatus(u.status)),
    }
}

/// The terms the device's user must accept before anything else, `None` when there is
/// nothing to accept. One authenticated request tells (463 or not); the terms are read
/// only when they are pending.
pub async fn pending_tos(cmds: &AuthenticatedCmds) -> Result<Option<Tos>, TosError> {
    match cmds
        .send::<organization_info::OrganizationInfo>(&organization_info::Req)
        .await
    {
        Ok(_) => Ok(None),
        Err(ConnectionError::TosNotAccepted) => get_tos(cmds).await,
        Err(e) => Err(e.into()),
    }
}
