//! `POST /administration/organizations`, `GET`/`PATCH …/organizations/{org}` (wire.md
//! §8.1–8.3) and the sequester service endpoints (§8.8, refused).

use super::{json_body, organization_id, AdminError};
use crate::forwarded::Client;
use crate::services::organization::{update_organization, OrganizationUpdate};
use crate::state::AppState;
use crate::storage::{CreateOrganizationError, NewOrganization, UpdateOrganizationError};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use parsec_protocol::addr::{BootstrapAddr, ServerAddr};
use parsec_protocol::cmds::admin::{
    CreateOrganizationRep, CreateOrganizationReq, OrganizationStatus, PatchOrganizationReq, Tos,
};
use parsec_protocol::crypto::OsRandom;
use parsec_protocol::ids::{AccessToken, OrganizationID};
use parsec_protocol::DateTime;
use serde_json::json;
use std::collections::BTreeMap;

/// The server address as the client reached it: `Host` header, and for the scheme the
/// `X-Forwarded-Proto` of a trusted proxy ([`Client::forwarded_https`]), else our own
/// TLS listener (wire.md §8.1: URLs follow the request, not `--server-addr`).
pub(super) fn request_server_addr(
    state: &AppState,
    headers: &HeaderMap,
    client: Option<&Client>,
) -> Option<ServerAddr> {
    let use_ssl = client
        .and_then(|c| c.forwarded_https)
        .unwrap_or(state.config.https);
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let Some(host) = host else {
        return state.config.server_addr.clone();
    };
    let (name, port) = split_host_port(host);
    ServerAddr::new(name, port, use_ssl)
        .ok()
        .or_else(|| state.config.server_addr.clone())
}

/// `example.com:8080` → (`example.com`, 8080); `[::1]:6770` → (`[::1]`, 6770).
fn split_host_port(host: &str) -> (&str, Option<u16>) {
    let (name, port) = match host.rfind(':') {
        Some(i) if !host[i..].contains(']') => (&host[..i], host[i + 1..].parse().ok()),
        _ => (host, None),
    };
    (name, port)
}

/// `POST /administration/organizations`.
pub async fn create(
    State(state): State<AppState>,
    client: Option<Extension<Client>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AdminError> {
    let req: CreateOrganizationReq = json_body(&headers, &body)?;
    let Ok(id) = req.organization_id.parse::<OrganizationID>() else {
        return Err(AdminError::validation(
            vec![json!("body"), json!("organization_id")],
            "value_error",
            "Value error, Invalid OrganizationID",
            json!(req.organization_id),
        ));
    };
    let now = DateTime::now();
    let mut config = state.config.organization_defaults.to_config(now);
    if let Some(v) = req.user_profile_outsider_allowed {
        config.user_profile_outsider_allowed = v;
    }
    if let Some(v) = req.active_users_limit {
        config.active_users_limit = v;
    }
    if let Some(v) = req.realm_minimum_archiving_period_before_deletion {
        config.minimum_archiving_period = v;
    }
    if let Some(tos) = req.tos {
        config.tos = tos.map(|urls| crate::storage::TermsOfService {
            per_locale_urls: urls.into_iter().collect(),
            updated_on: now,
        });
    }
    let token = AccessToken::generate(&OsRandom::new());
    let new = NewOrganization {
        id: id.clone(),
        bootstrap_token: Some(token),
        config,
        created_on: now,
    };
    let server = request_server_addr(&state, &headers, client.as_deref())
        .ok_or(AdminError::BadRequest("Missing Host header"))?;
    match state.store.create_organization(new).await {
        Ok(()) => {}
        Err(CreateOrganizationError::AlreadyExists) => {
            return Err(AdminError::BadRequest("Organization already exists"));
        }
        Err(CreateOrganizationError::Storage(e)) => return Err(e.into()),
    }
    tracing::info!(organization = %id, "organization created");
    let addr = BootstrapAddr::new(server, id, Some(token));
    Ok(Json(CreateOrganizationRep {
        bootstrap_url: addr.to_url(),
        bootstrap_url_as_http_redirection: Some(addr.to_http_redirection_url()),
    })
    .into_response())
}

/// `GET /administration/organizations/{org}`.
pub async fn get(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, AdminError> {
    let id = organization_id(&raw)?;
    let org = state
        .store
        .get_organization(&id)
        .await?
        .ok_or(AdminError::OrganizationNotFound)?;
    Ok(Json(OrganizationStatus {
        is_bootstrapped: org.is_bootstrapped,
        is_expired: org.is_expired,
        user_profile_outsider_allowed: org.config.user_profile_outsider_allowed,
        active_users_limit: org.config.active_users_limit,
        realm_minimum_archiving_period_before_deletion: org.config.minimum_archiving_period,
        tos: org.config.tos.map(|tos| Tos {
            per_locale_urls: tos.per_locale_urls.into_iter().collect::<BTreeMap<_, _>>(),
            updated_on: tos.updated_on.to_rfc3339(),
        }),
    })
    .into_response())
}

/// `PATCH /administration/organizations/{org}`.
pub async fn patch(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AdminError> {
    let req: PatchOrganizationReq = json_body(&headers, &body)?;
    let id = organization_id(&raw)?;
    let update = OrganizationUpdate {
        is_expired: req.is_expired,
        user_profile_outsider_allowed: req.user_profile_outsider_allowed,
        active_users_limit: req.active_users_limit,
        minimum_archiving_period: req.realm_minimum_archiving_period_before_deletion,
        tos: req.tos.map(|t| t.map(|urls| urls.into_iter().collect())),
    };
    match update_organization(&state, &id, &update, DateTime::now()).await {
        Ok(()) => Ok(Json(json!({})).into_response()),
        Err(UpdateOrganizationError::NotFound) => Err(AdminError::OrganizationNotFound),
        Err(UpdateOrganizationError::Storage(e)) => Err(e.into()),
    }
}

/// Sequester service endpoints: 400 `Sequester disabled` for a non-sequestered
/// organization (as observed), 501 otherwise since services are not supported yet.
pub async fn sequester(State(state): State<AppState>, Path(raw): Path<String>) -> AdminError {
    let id = match organization_id(&raw) {
        Ok(id) => id,
        Err(e) => return e,
    };
    match state.store.get_organization(&id).await {
        Ok(Some(org)) if org.sequester_authority.is_none() => {
            AdminError::BadRequest("Sequester disabled")
        }
        Ok(Some(_)) => {
            AdminError::NotImplemented("Sequester services are not supported by this server yet")
        }
        Ok(None) => AdminError::OrganizationNotFound,
        Err(e) => e.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::split_host_port;

    #[test]
    fn host_header_forms() {
        assert_eq!(split_host_port("127.0.0.1:6770"), ("127.0.0.1", Some(6770)));
        assert_eq!(split_host_port("example.com"), ("example.com", None));
        assert_eq!(split_host_port("[::1]:6770"), ("[::1]", Some(6770)));
        assert_eq!(split_host_port("[::1]"), ("[::1]", None));
    }
}
