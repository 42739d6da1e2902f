//! RPC command families (wire.md §1.2, §7). [`RpcRequest`] runs the handshake checks of
//! wire.md §1.8 that every `/<family>/{org}` route shares, in the official order, and
//! decodes the msgpack body; [`serve`] hands the request to the family's dispatch, which
//! calls a service. A [`Family`] only says how its requests prove who sends them and
//! which commands it serves.
//!
//! Routes outside that shape (`/anonymous_server`, `/authenticated_account`, the
//! anonymous existence probe, the SSE stream) reuse the same header checks one by one.

pub mod anonymous;
pub mod authenticated;
pub mod events;
pub mod invited;

use crate::http::error::RpcError;
use crate::http::headers::{check_api_version, check_content_type, organization_id, read_body};
use crate::http::msgpack;
use crate::state::AppState;
use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::http::HeaderMap;
use axum::response::Response;
use parsec_protocol::cmds::ApiVersion;
use parsec_protocol::ids::OrganizationID;
use std::future::Future;

/// A command family served at `/<family>/{org}`.
pub trait Family: Send + 'static {
    /// What the `Authorization` header carries (`()` when nothing is expected).
    type Credential: Send;
    /// Who sends the request, as the services see it.
    type Identity: Send;
    /// A decoded request.
    type Req: Send;

    /// Whether the body is read before [`Family::identify`] runs (the authenticated
    /// routes) or after it (the others): the official order differs (wire.md §1.8).
    const READ_BODY_BEFORE_IDENTIFY: bool;

    /// Parses the credential from the headers, without looking anything up (401).
    fn credential(headers: &HeaderMap) -> Result<Self::Credential, RpcError>;

    /// Looks the organization and the credential up (404, 460, 403, 410, 461…).
    fn identify(
        state: &AppState,
        org: OrganizationID,
        credential: Self::Credential,
    ) -> impl Future<Output = Result<Self::Identity, RpcError>> + Send;

    /// Decodes the body (415 when it is not a command of this family).
    fn decode(body: &[u8]) -> Result<Self::Req, RpcError>;

    /// Runs the command: the msgpack reply.
    fn dispatch(
        state: &AppState,
        identity: Self::Identity,
        req: Self::Req,
        api_version: ApiVersion,
    ) -> impl Future<Output = Result<Vec<u8>, RpcError>> + Send;
}

/// A request of family `F` that passed the handshake checks, decoded.
pub struct RpcRequest<F: Family> {
    /// Who sent it.
    pub identity: F::Identity,
    /// The command.
    pub req: F::Req,
    /// The client's `Api-Version`.
    pub api_version: ApiVersion,
}

impl<F: Family> FromRequest<AppState> for RpcRequest<F> {
    type Rejection = RpcError;

    /// `Api-Version` (422), organization ID of the path (404), `Content-Type` (415),
    /// credential syntax (401), then the body (413) and the lookups in the family's
    /// order, then decoding (415).
    async fn from_request(request: Request, state: &AppState) -> Result<Self, RpcError> {
        let (mut parts, body) = request.into_parts();
        let api_version = check_api_version(&parts.headers)?;
        let org = organization_id(Path::<String>::from_request_parts(&mut parts, state).await)?;
        let headers = &parts.headers;
        check_content_type(headers)?;
        let credential = F::credential(headers)?;
        let (identity, body) = if F::READ_BODY_BEFORE_IDENTIFY {
            let body = read_body(headers, body).await?;
            (F::identify(state, org, credential).await?, body)
        } else {
            let identity = F::identify(state, org, credential).await?;
            (identity, read_body(headers, body).await?)
        };
        let req = F::decode(&body)?;
        Ok(Self {
            identity,
            req,
            api_version,
        })
    }
}

/// The handler of every `/<family>/{org}` route: a 200 msgpack answer, or the status of
/// the [`RpcError`].
pub async fn serve<F: Family>(
    State(state): State<AppState>,
    request: RpcRequest<F>,
) -> Result<Response, RpcError> {
    let rep = F::dispatch(&state, request.identity, request.req, request.api_version).await?;
    Ok(msgpack(rep))
}
