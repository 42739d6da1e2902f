//! Terms of service: `tos_get` and `tos_accept`, served on `/authenticated/{org}/tos`
//! where a user who has not accepted the current terms is let in (the main route answers
//! 463 until they do: see [`crate::http::auth::tos_acceptance_required`]).
//!
//! As the official components (`server/parsec/components/{organization,user}.py` and the
//! memory backend of 3.9.3): `tos_accept` names the terms by their `updated_on`, answers
//! `no_tos` when there are none and `tos_mismatch` when they changed since they were read,
//! and records the acceptance time. Terms set again later (a PATCH by the administrator)
//! get a new `updated_on`, after every earlier acceptance: everyone must accept again.

use super::invite::{author_in_tx, begin};
use super::{AuthenticatedUser, ServiceError};
use crate::state::AppState;
use crate::storage::TxMode;
use parsec_protocol::cmds::tos::{tos_accept, tos_get};
use parsec_protocol::DateTime;

/// `tos_get`: the organization's current terms.
pub async fn tos_get(
    state: &AppState,
    auth: &AuthenticatedUser,
) -> Result<tos_get::Rep, ServiceError> {
    let org = state
        .store
        .get_organization(&auth.organization_id)
        .await?
        .ok_or(ServiceError::OrganizationNotFound)?;
    Ok(match org.config.tos {
        None => tos_get::Rep::NoTos,
        Some(tos) => tos_get::Rep::Ok(tos_get::Tos {
            per_locale_urls: tos.per_locale_urls.into_iter().collect(),
            updated_on: tos.updated_on,
        }),
    })
}

/// `tos_accept`: records that the author's user accepted the terms of `tos_updated_on`.
pub async fn tos_accept(
    state: &AppState,
    auth: &AuthenticatedUser,
    req: tos_accept::Req,
    now: DateTime,
) -> Result<tos_accept::Rep, ServiceError> {
    let mut tx = begin(state, &auth.organization_id, TxMode::Write).await?;
    let author = author_in_tx(&mut *tx, auth).await?;
    let Some(tos) = &tx.organization().config.tos else {
        return Ok(tos_accept::Rep::NoTos);
    };
    if tos.updated_on != req.tos_updated_on {
        return Ok(tos_accept::Rep::TosMismatch);
    }
    tx.set_user_tos_accepted_on(author.user_id, now).await?;
    tx.commit().await?;
    tracing::info!(
        organization = %auth.organization_id,
        user = %author.user_id,
        "terms of service accepted"
    );
    Ok(tos_accept::Rep::Ok)
}
