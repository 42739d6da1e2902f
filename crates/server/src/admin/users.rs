//! `GET /administration/organizations/{org}/users` and `POST …/users/freeze` (wire.md
//! §8.6–8.7).

use super::{json_body, organization_id, AdminError};
use crate::state::AppState;
use crate::storage::{FreezeUserError, User};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use parsec_protocol::cmds::admin::{AdminUser, AdminUsers, FreezeUserReq};
use parsec_protocol::ids::UserID;
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

/// `POST /administration/organizations/{org}/users/freeze`: by `user_email` (among
/// non-revoked users) or `user_id` (hex or hyphenated), exactly one of them.
pub async fn freeze(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AdminError> {
    let req: FreezeUserReq = json_body(&headers, &body)?;
    let user_id = match req.user_id.as_deref().map(str::parse::<UserID>) {
        None => None,
        Some(Ok(id)) => Some(id),
        Some(Err(_)) => {
            return Err(AdminError::validation(
                vec![json!("body"), json!("user_id")],
                "value_error",
                "Value error, Invalid UserID",
                json!(req.user_id),
            ))
        }
    };
    let id = organization_id(&raw)?;
    let user_id = match (user_id, req.user_email.as_deref()) {
        (Some(_), Some(_)) => {
            return Err(AdminError::BadRequest(
                "Both `user_id` and `user_email` fields are provided",
            ))
        }
        (None, None) => {
            return Err(AdminError::BadRequest(
                "Missing either `user_id` or `user_email` field",
            ))
        }
        (Some(user_id), None) => user_id,
        (None, Some(email)) => {
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
    match state.store.set_user_frozen(&id, user_id, req.frozen).await {
        Ok(user) => {
            tracing::info!(organization = %id, user = %user.user_id, frozen = req.frozen, "user freeze state changed");
            if user.frozen {
                // Like a revocation, freezing ends the user's SSE streams.
                state.events.close_user(&id, user.user_id);
            }
            Ok(Json(admin_user(&user)).into_response())
        }
        Err(FreezeUserError::OrganizationNotFound) => Err(AdminError::OrganizationNotFound),
        Err(FreezeUserError::UserNotFound) => Err(AdminError::NotFound("User not found")),
        Err(FreezeUserError::UserRevoked) => Err(AdminError::NotFound("User has been revoked")),
        Err(FreezeUserError::Storage(e)) => Err(e.into()),
    }
}
