//! Client of the administration REST API (wire.md §8), authenticated with the server's
//! administration token.

use crate::connection::{ConnectionError, Transport};
use parsec_protocol::addr::ServerAddr;
use parsec_protocol::cmds::admin::{
    CreateOrganizationRep, CreateOrganizationReq, PatchOrganizationReq, ResetTotpRep, ResetTotpReq,
};
use parsec_protocol::ids::OrganizationID;

/// An administration request that failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AdminError {
    /// No connection.
    #[error("cannot reach the server at {url}")]
    Unreachable {
        /// What we tried.
        url: String,
        /// Why.
        #[source]
        source: reqwest::Error,
    },
    /// No answer in time, or an answer too large.
    #[error(transparent)]
    Connection(ConnectionError),
    /// HTTP 403.
    #[error("the server refused the administration token")]
    BadToken,
    /// HTTP 429: too many wrong tokens from this address lately.
    #[error("the server refuses administration requests from this address for now: {0}")]
    Throttled(String),
    /// HTTP 400 `Organization already exists`.
    #[error("organization `{0}` already exists and is bootstrapped")]
    OrganizationAlreadyExists(OrganizationID),
    /// HTTP 404.
    #[error("organization `{0}` not found")]
    OrganizationNotFound(OrganizationID),
    /// HTTP 404 about a user: `User not found` or `User has been revoked`.
    #[error("{0}")]
    UserNotFound(String),
    /// HTTP 400/422 with a detail.
    #[error("the server rejected the request: {0}")]
    Rejected(String),
    /// Any other status.
    #[error("unexpected HTTP status {status} from the administration API: {body}")]
    UnexpectedStatus {
        /// HTTP status.
        status: u16,
        /// Body, truncated.
        body: String,
    },
    /// The body is not the expected JSON.
    #[error("the server sent an invalid answer: {0}")]
    BadResponse(String),
}

/// Administration API of one server.
#[derive(Clone, Debug)]
pub struct AdminClient {
    transport: Transport,
    base: String,
    token: String,
}

/// The organization an admin request is about, for error messages.
enum Subject<'a> {
    Server,
    Organization(&'a OrganizationID),
    /// A user of the organization: 404 names either.
    User(&'a OrganizationID),
}

impl AdminClient {
    /// A client for `server` using `token`.
    pub fn new(transport: Transport, server: &ServerAddr, token: &str) -> Self {
        Self {
            transport,
            base: format!("{}administration", server.to_http_url()),
            token: token.to_owned(),
        }
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
        subject: Subject<'_>,
    ) -> Result<Vec<u8>, AdminError> {
        let url = format!("{}{path}", self.base);
        let transport = &self.transport;
        let mut req = transport
            .http()
            .request(method, &url)
            .timeout(transport.request_timeout())
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let failed = |e: ConnectionError| match e {
            ConnectionError::Unreachable { url, source } => AdminError::Unreachable { url, source },
            other => AdminError::Connection(other),
        };
        let rep = req
            .send()
            .await
            .map_err(|e| failed(transport.error(&url, e)))?;
        let status = rep.status().as_u16();
        let body = transport.read_body(&url, rep).await.map_err(failed)?;
        if status == 200 {
            return Ok(body);
        }
        let text = String::from_utf8_lossy(&body);
        let detail = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("detail").cloned())
            .map(|d| match d {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            })
            .unwrap_or_else(|| text.chars().take(200).collect());
        Err(match (status, subject) {
            (403, _) => AdminError::BadToken,
            (429, _) => AdminError::Throttled(detail),
            (404, Subject::Organization(org)) => AdminError::OrganizationNotFound(org.clone()),
            (404, Subject::User(_)) if detail.starts_with("User ") => {
                AdminError::UserNotFound(detail)
            }
            (404, Subject::User(org)) => AdminError::OrganizationNotFound(org.clone()),
            (400, Subject::Organization(org)) if detail == "Organization already exists" => {
                AdminError::OrganizationAlreadyExists(org.clone())
            }
            (400 | 422, _) => AdminError::Rejected(detail),
            (status, _) => AdminError::UnexpectedStatus {
                status,
                body: detail,
            },
        })
    }

    fn json(body: &[u8]) -> Result<serde_json::Value, AdminError> {
        serde_json::from_slice(body).map_err(|e| AdminError::BadResponse(e.to_string()))
    }

    /// Creates (or re-creates, if not bootstrapped yet) an organization.
    pub async fn create_organization(
        &self,
        req: &CreateOrganizationReq,
    ) -> Result<CreateOrganizationRep, AdminError> {
        let org: OrganizationID = req
            .organization_id
            .parse()
            .map_err(|e: parsec_protocol::ids::InvalidId| AdminError::Rejected(e.to_string()))?;
        let body = serde_json::to_value(req).map_err(|e| AdminError::BadResponse(e.to_string()))?;
        let rep = self
            .call(
                reqwest::Method::POST,
                "/organizations",
                Some(body),
                Subject::Organization(&org),
            )
            .await?;
        serde_json::from_value(Self::json(&rep)?)
            .map_err(|e| AdminError::BadResponse(e.to_string()))
    }

    /// `GET /administration/organizations/<org>` as the server sent it.
    pub async fn organization_status(
        &self,
        org: &OrganizationID,
    ) -> Result<serde_json::Value, AdminError> {
        let path = format!("/organizations/{}", org.url_segment());
        let rep = self
            .call(
                reqwest::Method::GET,
                &path,
                None,
                Subject::Organization(org),
            )
            .await?;
        Self::json(&rep)
    }

    /// `PATCH /administration/organizations/<org>`: changes the fields `req` sets (e.g.
    /// the terms of service, `Some(None)` removing them).
    pub async fn patch_organization(
        &self,
        org: &OrganizationID,
        req: &PatchOrganizationReq,
    ) -> Result<(), AdminError> {
        let path = format!("/organizations/{}", org.url_segment());
        let body = serde_json::to_value(req).map_err(|e| AdminError::BadResponse(e.to_string()))?;
        self.call(
            reqwest::Method::PATCH,
            &path,
            Some(body),
            Subject::Organization(org),
        )
        .await?;
        Ok(())
    }

    /// `GET /administration/organizations/<org>/stats` as the server sent it.
    pub async fn organization_stats(
        &self,
        org: &OrganizationID,
    ) -> Result<serde_json::Value, AdminError> {
        let path = format!("/organizations/{}/stats", org.url_segment());
        let rep = self
            .call(
                reqwest::Method::GET,
                &path,
                None,
                Subject::Organization(org),
            )
            .await?;
        Self::json(&rep)
    }

    /// `POST /administration/organizations/<org>/users/reset_totp`: resets a user's TOTP
    /// and returns the reset URL (and what became of the email, if requested).
    pub async fn reset_totp(
        &self,
        org: &OrganizationID,
        req: &ResetTotpReq,
    ) -> Result<ResetTotpRep, AdminError> {
        let path = format!("/organizations/{}/users/reset_totp", org.url_segment());
        let body = serde_json::to_value(req).map_err(|e| AdminError::BadResponse(e.to_string()))?;
        let rep = self
            .call(reqwest::Method::POST, &path, Some(body), Subject::User(org))
            .await?;
        serde_json::from_value(Self::json(&rep)?)
            .map_err(|e| AdminError::BadResponse(e.to_string()))
    }

    /// `GET /administration/stats?format=…[&at=…]`, raw body (JSON or CSV).
    pub async fn server_stats(&self, format: &str, at: Option<&str>) -> Result<String, AdminError> {
        let mut path = format!("/stats?format={format}");
        if let Some(at) = at {
            path.push_str("&at=");
            path.push_str(&percent_encode_query(at));
        }
        let rep = self
            .call(reqwest::Method::GET, &path, None, Subject::Server)
            .await?;
        String::from_utf8(rep).map_err(|e| AdminError::BadResponse(e.to_string()))
    }
}

fn percent_encode_query(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
