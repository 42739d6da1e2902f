//! `GET /administration/organizations/{org}/users`, `POST …/users/freeze` and
//! `POST …/users/reset_totp` (wire.md §8.6–8.8).

use super::organizations::request_server_addr;
use super::{json_body, organization_id, AdminError};
use crate::email::{self, SendEmailError, TotpResetEmail};
use crate::forwarded::Client;
use crate::services::totp::{self, ResetTarget, ResetTotpError, TotpReset};
use crate::services::users::change::set_user_frozen;
use crate::state::AppState;
use crate::storage::{FreezeUserError, User};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use parsec_protocol::addr::TotpResetAddr;
use parsec_protocol::cmds::admin::{
    AdminUser, AdminUsers, FreezeUserReq, ResetTotpRep, ResetTotpReq,
};
use parsec_protocol::ids::{EmailAddress, OrganizationID, UserID};
use serde_json::json;

fn admin_user(user: &User) -> AdminUser {
    AdminUser {
        user_id: user.user_id.hex(),
        user_email: user
            .human_handle
            .as_ref()
            .map(|h| h.email().as_str().to_owned())
            .unwrap_or_default(),
        user_name: user
            .human_handle
            .as_ref()
            .map(|h| h.label().to_owned())
            .unwrap_or_default(),
        frozen: user.frozen,
    }
}

/// `GET /administration/organizations/{org}/users`: non-revoked users.
pub async fn list(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, AdminError> {
    let id = organization_id(&raw)?;
    state
        .store
        .get_organization(&id)
        .await?
        .ok_or(AdminError::OrganizationNotFound)?;
    let users = state.store.list_users(&id).await?;
    Ok(Json(AdminUsers {
        users: users
            .iter()
            .filter(|u| u.revoked_on.is_none())
            .map(admin_user)
            .collect(),
    })
    .into_response())
}

/// The user a request targets: its `user_id` or its `user_email`.
enum UserRef<E> {
    Id(UserID),
    Email(E),
}

/// The `user_id` field (hex or hyphenated), 422 as the official server when invalid.
fn user_id_field(raw: Option<&str>) -> Result<Option<UserID>, AdminError> {
    match raw.map(str::parse::<UserID>) {
        None => Ok(None),
        Some(Ok(id)) => Ok(Some(id)),
        Some(Err(_)) => Err(AdminError::validation(
            vec![json!("body"), json!("user_id")],
            "value_error",
            "Value error, Invalid UserID",
            json!(raw),
        )),
    }
}

/// Exactly one of `user_id` and `user_email` (400 otherwise, with the official details).
fn exactly_one<E>(user_id: Option<UserID>, email: Option<E>) -> Result<UserRef<E>, AdminError> {
    match (user_id, email) {
        (Some(_), Some(_)) => Err(AdminError::BadRequest(
            "Both `user_id` and `user_email` fields are provided",
        )),
        (None, None) => Err(AdminError::BadRequest(
            "Missing either `user_id` or `user_email` field",
        )),
        (Some(user_id), None) => Ok(UserRef::Id(user_id)),
        (None, Some(email)) => Ok(UserRef::Email(email)),
    }
}

/// `POST /administration/organizations/{org}/users/freeze`: by `user_email` (among
/// non-revoked users) or `user_id` (hex or hyphenated), exactly one of them.
pub async fn freeze(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AdminError> {
    let req: FreezeUserReq = json_body(&headers, &body)?;
    let user_id = user_id_field(req.user_id.as_deref())?;
    let id = organization_id(&raw)?;
    let user_id = match exactly_one(user_id, req.user_email.as_deref())? {
        UserRef::Id(user_id) => user_id,
        UserRef::Email(email) => {
            state
                .store
                .get_organization(&id)
                .await?
                .ok_or(AdminError::OrganizationNotFound)?;
            let users = state.store.list_users(&id).await?;
            users
                .iter()
                .find(|u| {
                    u.revoked_on.is_none()
                        && u.human_handle
                            .as_ref()
                            .is_some_and(|h| h.email().as_str() == email)
                })
                .map(|u| u.user_id)
                .ok_or(AdminError::NotFound("User not found"))?
        }
    };
    match set_user_frozen(&state, &id, user_id, req.frozen).await {
        Ok(user) => {
            tracing::info!(organization = %id, user = %user.user_id, frozen = req.frozen, "user freeze state changed");
            Ok(Json(admin_user(&user)).into_response())
        }
        Err(FreezeUserError::OrganizationNotFound) => Err(AdminError::OrganizationNotFound),
        Err(FreezeUserError::UserNotFound) => Err(AdminError::NotFound("User not found")),
        Err(FreezeUserError::UserRevoked) => Err(AdminError::NotFound("User has been revoked")),
        Err(FreezeUserError::Storage(e)) => Err(e.into()),
    }
}

/// `POST /administration/organizations/{org}/users/reset_totp`: by `user_id` or
/// `user_email` (among non-revoked users), exactly one; `send_email` also mails the
/// reset URL to the user. Checks in the official order: body (422), organization (404),
/// both or neither target (400), user (404 `User not found` / `User has been revoked`).
pub async fn reset_totp(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    client: Option<Extension<Client>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AdminError> {
    let req: ResetTotpReq = json_body(&headers, &body)?;
    let user_id = user_id_field(req.user_id.as_deref())?;
    let user_email = match req.user_email.as_deref().map(str::parse::<EmailAddress>) {
        None => None,
        Some(Ok(email)) => Some(email),
        Some(Err(_)) => {
            return Err(AdminError::validation(
                vec![json!("body"), json!("user_email")],
                "value_error",
                "Value error, Invalid email address",
                json!(req.user_email),
            ))
        }
    };
    let id = organization_id(&raw)?;
    state
        .store
        .get_organization(&id)
        .await?
        .ok_or(AdminError::OrganizationNotFound)?;
    let target = match exactly_one(user_id, user_email)? {
        UserRef::Id(user_id) => ResetTarget::UserId(user_id),
        UserRef::Email(email) => ResetTarget::Email(email),
    };
    let reset = match totp::reset(&state, &id, target).await {
        Ok(reset) => reset,
        Err(ResetTotpError::OrganizationNotFound) => return Err(AdminError::OrganizationNotFound),
        Err(ResetTotpError::UserNotFound) => return Err(AdminError::NotFound("User not found")),
        Err(ResetTotpError::UserRevoked) => {
            return Err(AdminError::NotFound("User has been revoked"))
        }
        Err(ResetTotpError::Storage(e)) => return Err(e.into()),
    };
    // The official server builds the URL on `--server-addr`; without one, the address the
    // administrator reached us at (as organization creation does).
    let server = state
        .config
        .server_addr
        .clone()
        .or_else(|| request_server_addr(&state, &headers, client.as_deref()))
        .ok_or(AdminError::BadRequest("Missing Host header"))?;
    let addr = TotpResetAddr::new(server, id.clone(), reset.user_id, reset.token);
    let email_sent_status = if req.send_email {
        match send_reset_email(&state, &id, &reset).await {
            Ok(()) => "SENT_AS_REQUESTED",
            Err(e) => e.totp_reset_status(),
        }
    } else {
        "NOT_SENT_AS_REQUESTED"
    };
    Ok(Json(ResetTotpRep {
        user_id: reset.user_id.hex(),
        user_email: reset
            .user_email
            .as_ref()
            .map(|e| e.as_str().to_owned())
            .unwrap_or_default(),
        totp_reset_url: addr.to_url(),
        totp_reset_url_as_http_redirection: addr.to_http_redirection_url(),
        email_sent_status: email_sent_status.to_owned(),
    })
    .into_response())
}

/// Mails the reset URL (its `http(s)://…/redirect/…` form on `--server-addr`, as
/// officially: without `--server-addr` or `--email-host`, `BAD_SMTP_CONFIG`).
async fn send_reset_email(
    state: &AppState,
    org: &OrganizationID,
    reset: &TotpReset,
) -> Result<(), SendEmailError> {
    let prepared = (|| {
        let config = state
            .config
            .email
            .as_ref()
            .ok_or(SendEmailError::NotConfigured("no --email-host"))?;
        let server = state
            .config
            .server_addr
            .clone()
            .ok_or(SendEmailError::NotConfigured("no --server-addr"))?;
        let to = reset
            .user_email
            .clone()
            .ok_or(SendEmailError::NotConfigured("the user has no email"))?;
        let url = TotpResetAddr::new(server, org.clone(), reset.user_id, reset.token)
            .to_http_redirection_url();
        Ok((config, TotpResetEmail::new(to, org.clone(), url)))
    })();
    match prepared {
        Ok((config, email)) => email::send(config, &email).await,
        Err(e) => {
            tracing::warn!(organization = %org, "TOTP reset email not sent: {e}");
            Err(e)
        }
    }
}
