//! `/anonymous/{org}` (POST commands, GET existence probe), `/anonymous_server` and
//! `/authenticated_account`.

use super::Family;
use crate::http::auth::active_organization;
use crate::http::error::RpcError;
use crate::http::headers::{
    authorization, check_api_version, check_content_type, organization_id, read_body,
};
use crate::http::msgpack;
use crate::services::{self, bootstrap, totp};
use crate::state::AppState;
use crate::storage::Organization;
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use parsec_protocol::auth::parse_bearer;
use parsec_protocol::cmds::anonymous::AnyCmdReq;
use parsec_protocol::cmds::{ApiVersion, RawReq};
use parsec_protocol::data::write_value;
use parsec_protocol::ids::OrganizationID;
use parsec_protocol::DateTime;
use rmpv::Value;

/// `/anonymous/{org}`: `organization_bootstrap`, the TOTP commands that need no device
/// (setup with a reset token, opaque key fetch), and `ping` on debug servers.
#[derive(Debug)]
pub struct Anonymous;

/// Who sends an anonymous request: the organization of the path.
#[derive(Debug)]
pub struct AnonymousOrganization {
    /// Its ID.
    pub id: OrganizationID,
    /// The organization; `None` only when spontaneous bootstrap lets an unknown one
    /// through (certificates.md §5.2).
    pub existing: Option<Organization>,
}

impl Family for Anonymous {
    type Credential = ();
    type Identity = AnonymousOrganization;
    type Req = AnyCmdReq;
    const READ_BODY_BEFORE_IDENTIFY: bool = false;

    fn credential(_: &HeaderMap) -> Result<(), RpcError> {
        Ok(())
    }

    async fn identify(
        state: &AppState,
        id: OrganizationID,
        (): (),
    ) -> Result<AnonymousOrganization, RpcError> {
        let existing = match active_organization(state, &id).await {
            Ok(org) => Some(org),
            Err(RpcError::OrganizationNotFound)
                if state.config.spontaneous_organization_bootstrap =>
            {
                None
            }
            Err(e) => return Err(e),
        };
        Ok(AnonymousOrganization { id, existing })
    }

    fn decode(body: &[u8]) -> Result<AnyCmdReq, RpcError> {
        AnyCmdReq::load(body).map_err(|_| RpcError::BadRequestBody)
    }

    async fn dispatch(
        state: &AppState,
        org: AnonymousOrganization,
        req: AnyCmdReq,
        _: ApiVersion,
    ) -> Result<Vec<u8>, RpcError> {
        Ok(match req {
            AnyCmdReq::OrganizationBootstrap(req) => bootstrap::organization_bootstrap(
                state,
                &org.id,
                org.existing,
                req,
                DateTime::now(),
            )
            .await?
            .dump(),
            AnyCmdReq::Ping(req) => services::ping(state, req)?.dump(),
            AnyCmdReq::TotpSetupGetSecret(req) => {
                totp::setup_get_secret_with_token(state, &org.id, org.existing.as_ref(), req)
                    .await?
                    .dump()
            }
            AnyCmdReq::TotpSetupConfirm(req) => totp::setup_confirm_with_token(
                state,
                &org.id,
                org.existing.as_ref(),
                req,
                DateTime::now(),
            )
            .await?
            .dump(),
            AnyCmdReq::TotpFetchOpaqueKey(req) => {
                totp::fetch_opaque_key(state, &org.id, org.existing.as_ref(), req, DateTime::now())
                    .await?
                    .dump()
            }
            _ => return Err(RpcError::NotImplemented),
        })
    }
}

/// `GET /anonymous/{org}`: 200 with an empty body when the organization exists and is
/// not expired.
pub async fn probe(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, RpcError> {
    check_api_version(&headers)?;
    let org_id = organization_id(path)?;
    check_content_type(&headers)?;
    active_organization(&state, &org_id).await?;
    Ok(msgpack(Vec::new()))
}

/// `POST /anonymous_server`: server-level anonymous commands. Only `server_config` is
/// served (account creation is outside the CLI subset); other commands get 415.
pub async fn server_post(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, RpcError> {
    check_api_version(&headers)?;
    check_content_type(&headers)?;
    let body = read_body(&headers, body).await?;
    let raw = RawReq::parse(&body).map_err(|_| RpcError::BadRequestBody)?;
    if raw.cmd != SERVER_CONFIG {
        tracing::debug!(cmd = %raw.cmd, "unsupported anonymous_server command");
        return Err(RpcError::BadRequestBody);
    }
    raw.no_fields().map_err(|_| RpcError::BadRequestBody)?;
    Ok(msgpack(server_config(
        state.config.spontaneous_organization_bootstrap,
    )))
}

const SERVER_CONFIG: &str = "server_config";

/// The `server_config` reply, fields in the live server's order: accounts, CryptPad and
/// OpenBao disabled, no advisory device file protection.
pub fn server_config(spontaneous_bootstrap: bool) -> Vec<u8> {
    let disabled = || Value::Map(vec![(Value::from("type"), Value::from("DISABLED"))]);
    let bootstrap = if spontaneous_bootstrap {
        "SPONTANEOUS"
    } else {
        "WITH_BOOTSTRAP_TOKEN"
    };
    write_value(&Value::Map(vec![
        (Value::from("status"), Value::from("ok")),
        (Value::from("account"), Value::from("DISABLED")),
        (
            Value::from("advisory_device_file_protection"),
            Value::Array(Vec::new()),
        ),
        (Value::from("cryptpad"), disabled()),
        (Value::from("openbao"), disabled()),
        (
            Value::from("organization_bootstrap"),
            Value::from(bootstrap),
        ),
    ]))
}

/// `POST /authenticated_account`: Parsec accounts are not supported, so no credential can
/// be valid: 401 without a bearer token, 403 with one.
pub async fn account_post(headers: HeaderMap) -> Result<Response, RpcError> {
    check_api_version(&headers)?;
    check_content_type(&headers)?;
    authorization(&headers)
        .and_then(parse_bearer)
        .ok_or(RpcError::BadAuthorizationHeader)?;
    Err(RpcError::BadAuthentication)
}
