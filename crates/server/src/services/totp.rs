//! TOTP (multi-factor authentication) as the official 3.9.3 server serves it
//! (`server/parsec/components/totp.py` and its memory and PostgreSQL backends):
//!
//! - a user sets TOTP up once: `totp_setup_get_secret` draws a 20-byte secret (the same
//!   one until confirmed), `totp_setup_confirm` with a valid code completes the setup;
//!   the authenticated commands do it for the requesting user, the anonymous ones for the
//!   user of a reset URL, with its token;
//! - `totp_create_opaque_key` stores a random key for the requesting user, which
//!   `totp_fetch_opaque_key` hands back to anyone giving a valid code of that user's
//!   secret: wrong codes are throttled per key, `2^(n-1)` seconds after the n-th one;
//! - an administrator resets a user ([`reset`], `POST …/users/reset_totp`): setup and
//!   secret are cleared, a new reset token replaces any previous one, throttles restart.
//!
//! Codes follow RFC 6238 with the official parameters ([`verify_totp`]). The anonymous
//! commands answer one status for every reason to refuse (`bad_token`,
//! `invalid_one_time_password`), so that they tell nothing about users to a stranger.

use super::invite::{author_in_tx, begin};
use super::{AuthenticatedUser, ServiceError};
use crate::state::AppState;
use crate::storage::{
    OrgTransaction, Organization, StorageError, TotpOpaqueKey, TxMode, User, UserTotp,
};
use parsec_protocol::cmds::anonymous::totp_setup_get_secret::TotpSecret;
use parsec_protocol::cmds::{anonymous, authenticated};
use parsec_protocol::crypto::{generate_totp_secret, verify_totp, OsRandom, SecretKey};
use parsec_protocol::ids::{AccessToken, EmailAddress, OrganizationID, TOTPOpaqueKeyID, UserID};
use parsec_protocol::DateTime;

/// The secret of a setup in progress, drawn on first request.
fn secret_of(totp: &mut UserTotp) -> (bool, Vec<u8>) {
    match &totp.secret {
        Some(secret) => (false, secret.clone()),
        None => {
            let secret = generate_totp_secret(&OsRandom::new()).to_vec();
            totp.secret = Some(secret.clone());
            (true, secret)
        }
    }
}

/// Checks `one_time_password` against the secret of a setup in progress and completes
/// it; `false` (nothing written) when there is no secret yet or the code is wrong.
async fn confirm(
    tx: &mut (dyn OrgTransaction + '_),
    user_id: UserID,
    mut totp: UserTotp,
    one_time_password: &str,
    now: DateTime,
) -> Result<bool, ServiceError> {
    let Some(secret) = &totp.secret else {
        return Ok(false);
    };
    if !verify_totp(secret, now.as_secs(), one_time_password) {
        return Ok(false);
    }
    totp.setup_completed = true;
    totp.reset_token = None;
    tx.set_user_totp(user_id, &totp).await?;
    Ok(true)
}

/// Authenticated `totp_setup_get_secret`.
pub async fn setup_get_secret(
    state: &AppState,
    auth: &AuthenticatedUser,
) -> Result<authenticated::totp_setup_get_secret::Rep, ServiceError> {
    use authenticated::totp_setup_get_secret::Rep;
    let mut tx = begin(state, &auth.organization_id, TxMode::Write).await?;
    let author = author_in_tx(&mut *tx, auth).await?;
    let mut totp = tx.get_user_totp(author.user_id).await?;
    if totp.setup_completed {
        return Ok(Rep::AlreadySetup);
    }
    let (drawn, totp_secret) = secret_of(&mut totp);
    if drawn {
        tx.set_user_totp(author.user_id, &totp).await?;
        tx.commit().await?;
    }
    Ok(Rep::Ok(TotpSecret { totp_secret }))
}

/// Authenticated `totp_setup_confirm`.
pub async fn setup_confirm(
    state: &AppState,
    auth: &AuthenticatedUser,
    req: authenticated::totp_setup_confirm::Req,
    now: DateTime,
) -> Result<authenticated::totp_setup_confirm::Rep, ServiceError> {
    use authenticated::totp_setup_confirm::Rep;
    let mut tx = begin(state, &auth.organization_id, TxMode::Write).await?;
    let author = author_in_tx(&mut *tx, auth).await?;
    let totp = tx.get_user_totp(author.user_id).await?;
    if totp.setup_completed {
        return Ok(Rep::AlreadySetup);
    }
    if !confirm(&mut *tx, author.user_id, totp, &req.one_time_password, now).await? {
        return Ok(Rep::InvalidOneTimePassword);
    }
    tx.commit().await?;
    tracing::info!(organization = %auth.organization_id, user = %author.user_id, "TOTP set up");
    Ok(Rep::Ok)
}

/// Authenticated `totp_create_opaque_key` (no TOTP setup needed, as officially).
pub async fn create_opaque_key(
    state: &AppState,
    auth: &AuthenticatedUser,
) -> Result<authenticated::totp_create_opaque_key::Rep, ServiceError> {
    let rng = OsRandom::new();
    let key = TotpOpaqueKey {
        id: TOTPOpaqueKeyID::generate(&rng),
        user_id: auth.user_id,
        key: SecretKey::generate(&rng),
        failed_attempts: 0,
        last_failed_attempt: None,
    };
    let mut tx = begin(state, &auth.organization_id, TxMode::Write).await?;
    author_in_tx(&mut *tx, auth).await?;
    tx.insert_totp_opaque_key(&key).await?;
    tx.commit().await?;
    Ok(authenticated::totp_create_opaque_key::Rep::Ok {
        opaque_key_id: key.id,
        opaque_key: key.key,
    })
}

/// The organization of an anonymous request: spontaneous bootstrap lets unknown ones
/// through the route, not to these commands.
fn require_organization(existing: Option<&Organization>) -> Result<(), ServiceError> {
    existing
        .map(|_| ())
        .ok_or(ServiceError::OrganizationNotFound)
}

/// The user an anonymous TOTP command names, if it may use it: known, neither revoked
/// nor frozen (no authentication checked that here).
async fn anonymous_user(
    tx: &mut (dyn OrgTransaction + '_),
    user_id: UserID,
) -> Result<Option<User>, ServiceError> {
    Ok(tx
        .get_user(user_id)
        .await?
        .filter(|u| u.revoked_on.is_none() && !u.frozen))
}

fn token_matches(totp: &UserTotp, token: &AccessToken) -> bool {
    totp.reset_token.as_ref().is_some_and(|t| t.ct_eq(token))
}

/// Anonymous `totp_setup_get_secret`, with the token of a reset URL.
pub async fn setup_get_secret_with_token(
    state: &AppState,
    org: &OrganizationID,
    existing: Option<&Organization>,
    req: anonymous::totp_setup_get_secret::Req,
) -> Result<anonymous::totp_setup_get_secret::Rep, ServiceError> {
    use anonymous::totp_setup_get_secret::Rep;
    require_organization(existing)?;
    let mut tx = begin(state, org, TxMode::Write).await?;
    let Some(user) = anonymous_user(&mut *tx, req.user_id).await? else {
        return Ok(Rep::BadToken);
    };
    let mut totp = tx.get_user_totp(user.user_id).await?;
    if !token_matches(&totp, &req.token) || totp.setup_completed {
        return Ok(Rep::BadToken);
    }
    let (drawn, totp_secret) = secret_of(&mut totp);
    if drawn {
        tx.set_user_totp(user.user_id, &totp).await?;
        tx.commit().await?;
    }
    Ok(Rep::Ok(TotpSecret { totp_secret }))
}

/// Anonymous `totp_setup_confirm`, with the token of a reset URL; the token stops
/// working once the setup is complete.
pub async fn setup_confirm_with_token(
    state: &AppState,
    org: &OrganizationID,
    existing: Option<&Organization>,
    req: anonymous::totp_setup_confirm::Req,
    now: DateTime,
) -> Result<anonymous::totp_setup_confirm::Rep, ServiceError> {
    use anonymous::totp_setup_confirm::Rep;
    require_organization(existing)?;
    let mut tx = begin(state, org, TxMode::Write).await?;
    let Some(user) = anonymous_user(&mut *tx, req.user_id).await? else {
        return Ok(Rep::BadToken);
    };
    let totp = tx.get_user_totp(user.user_id).await?;
    if totp.setup_completed || !token_matches(&totp, &req.token) {
        return Ok(Rep::BadToken);
    }
    if !confirm(&mut *tx, user.user_id, totp, &req.one_time_password, now).await? {
        return Ok(Rep::InvalidOneTimePassword);
    }
    tx.commit().await?;
    tracing::info!(organization = %org, user = %user.user_id, "TOTP set up after a reset");
    Ok(Rep::Ok)
}

/// `totp_fetch_opaque_key`: the key for a valid code, unless wrong codes made it wait.
pub async fn fetch_opaque_key(
    state: &AppState,
    org: &OrganizationID,
    existing: Option<&Organization>,
    req: anonymous::totp_fetch_opaque_key::Req,
    now: DateTime,
) -> Result<anonymous::totp_fetch_opaque_key::Rep, ServiceError> {
    use anonymous::totp_fetch_opaque_key::Rep;
    require_organization(existing)?;
    let mut tx = begin(state, org, TxMode::Write).await?;
    let Some(user) = anonymous_user(&mut *tx, req.user_id).await? else {
        return Ok(Rep::InvalidOneTimePassword);
    };
    let totp = tx.get_user_totp(user.user_id).await?;
    let (true, Some(secret)) = (totp.setup_completed, &totp.secret) else {
        return Ok(Rep::InvalidOneTimePassword);
    };
    let Some(key) = tx
        .get_totp_opaque_key(user.user_id, req.opaque_key_id)
        .await?
    else {
        return Ok(Rep::InvalidOneTimePassword);
    };
    if let Some(wait_until) = key.wait_until().filter(|w| now <= *w) {
        return Ok(Rep::Throttled { wait_until });
    }
    if verify_totp(secret, now.as_secs(), &req.one_time_password) {
        if key.failed_attempts != 0 || key.last_failed_attempt.is_some() {
            tx.set_totp_opaque_key_throttle(key.id, 0, None).await?;
            tx.commit().await?;
        }
        return Ok(Rep::Ok {
            opaque_key: key.key,
        });
    }
    let failed_attempts = key.failed_attempts.saturating_add(1);
    tx.set_totp_opaque_key_throttle(key.id, failed_attempts, Some(now))
        .await?;
    tx.commit().await?;
    tracing::info!(
        organization = %org,
        user = %user.user_id,
        failed_attempts,
        "wrong TOTP code for an opaque key"
    );
    Ok(Rep::InvalidOneTimePassword)
}

/// Whom an administrator's TOTP reset targets.
#[derive(Debug, Clone)]
pub enum ResetTarget {
    /// By ID.
    UserId(UserID),
    /// By email, among the non-revoked users.
    Email(EmailAddress),
}

/// Why a TOTP reset was refused (official `TOTPResetBadOutcome`).
#[derive(Debug, thiserror::Error)]
pub enum ResetTotpError {
    /// Unknown organization.
    #[error("organization not found")]
    OrganizationNotFound,
    /// No such user (by email: no non-revoked one).
    #[error("user not found")]
    UserNotFound,
    /// The user is revoked.
    #[error("user has been revoked")]
    UserRevoked,
    /// Storage failure.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// What a reset did: the user, its email, and the new reset token.
#[derive(Debug, Clone)]
pub struct TotpReset {
    /// The user.
    pub user_id: UserID,
    /// Its email (empty for a user without one, which full certificates never lack).
    pub user_email: Option<EmailAddress>,
    /// The token of the reset URL.
    pub token: AccessToken,
}

/// Resets a user's TOTP (administration API): setup and secret cleared, a new reset
/// token (the previous one stops working), every opaque key's throttle cleared. Expired
/// organizations are reset too, as officially.
pub async fn reset(
    state: &AppState,
    org: &OrganizationID,
    target: ResetTarget,
) -> Result<TotpReset, ResetTotpError> {
    let mut tx = state
        .store
        .transaction(org, TxMode::Write)
        .await?
        .ok_or(ResetTotpError::OrganizationNotFound)?;
    let user = match target {
        ResetTarget::UserId(user_id) => tx
            .get_user(user_id)
            .await?
            .ok_or(ResetTotpError::UserNotFound)?,
        ResetTarget::Email(email) => tx
            .list_users()
            .await?
            .into_iter()
            .find(|u| {
                u.revoked_on.is_none()
                    && u.human_handle.as_ref().is_some_and(|h| h.email() == &email)
            })
            .ok_or(ResetTotpError::UserNotFound)?,
    };
    if user.revoked_on.is_some() {
        return Err(ResetTotpError::UserRevoked);
    }
    let token = AccessToken::generate(&OsRandom::new());
    let totp = UserTotp {
        setup_completed: false,
        secret: None,
        reset_token: Some(token),
    };
    tx.set_user_totp(user.user_id, &totp).await?;
    tx.reset_totp_opaque_key_throttles(user.user_id).await?;
    tx.commit().await?;
    tracing::info!(organization = %org, user = %user.user_id, "TOTP reset by the administrator");
    Ok(TotpReset {
        user_id: user.user_id,
        user_email: user.human_handle.map(|h| h.email().clone()),
        token,
    })
}
