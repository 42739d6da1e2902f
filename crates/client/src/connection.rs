//! HTTP transport to a Parsec server (wire.md §1): one `reqwest` client, the three
//! command families, and a mapping of handshake-level HTTP statuses to errors.

use parsec_protocol::addr::ServerAddr;
use parsec_protocol::auth;
use parsec_protocol::cmds::{
    AnonymousCommand, AuthenticatedCommand, Command, InvitedCommand, TosCommand, API_VERSION,
};
use parsec_protocol::crypto::SigningKey;
use parsec_protocol::data::DataError;
use parsec_protocol::ids::{AccessToken, DeviceID, OrganizationID};
use parsec_protocol::DateTime;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::config::TransportConfig;

const MSGPACK: &str = "application/msgpack";

/// Response header by which our server announces that it holds greeting step requests
/// open until the peer answers (long-poll); the official server never sends it.
pub const LONG_POLL_HEADER: &str = "X-Parsec-Long-Poll";

/// A request that did not produce a usable answer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConnectionError {
    /// No TCP/TLS connection, or the server went away mid-request.
    #[error("cannot reach the server at {url}")]
    Unreachable {
        /// What we tried.
        url: String,
        /// Why.
        #[source]
        source: reqwest::Error,
    },
    /// No complete answer within [`TransportConfig::request_timeout`] (or no connection
    /// within [`TransportConfig::connect_timeout`]).
    #[error("the server is not responding: no answer from {url} within {after:?}")]
    Timeout {
        /// What we tried.
        url: String,
        /// The timeout that expired.
        after: Duration,
    },
    /// The answer is larger than [`TransportConfig::max_response_size`].
    #[error("the answer from {url} is larger than {limit} bytes: not read")]
    ResponseTooLarge {
        /// What we asked.
        url: String,
        /// [`TransportConfig::max_response_size`].
        limit: usize,
    },
    /// HTTP 404: the organization does not exist on this server.
    #[error("organization not found on this server")]
    OrganizationNotFound,
    /// HTTP 401/403: credentials refused.
    #[error("the server refused our credentials (unknown device or invitation, or bad signature)")]
    BadAuthentication,
    /// HTTP 410: the invitation was completed or cancelled.
    #[error("invitation already used or cancelled")]
    InvitationAlreadyUsed,
    /// HTTP 422: API version mismatch.
    #[error("the server does not support our API version {ours} (it supports {supported})")]
    UnsupportedApiVersion {
        /// What we sent.
        ours: String,
        /// `Supported-Api-Versions` header.
        supported: String,
    },
    /// HTTP 460.
    #[error("this organization has expired")]
    OrganizationExpired,
    /// HTTP 461.
    #[error("this user has been revoked")]
    UserRevoked,
    /// HTTP 462.
    #[error("this user has been frozen by the server administrator")]
    UserFrozen,
    /// HTTP 463.
    #[error("the organization's terms of service must be accepted first")]
    TosNotAccepted,
    /// HTTP 498.
    #[error("our clock and the server's are too far apart")]
    ClockDrift,
    /// An answer no Parsec server gives (HTTP 405 or 501 to a command, an HTML page):
    /// the address points to another kind of HTTP server.
    #[error("the server does not speak the Parsec protocol (it answered {answer})")]
    NotParsec {
        /// What it answered, e.g. `HTTP 501`.
        answer: String,
    },
    /// HTTP 429 for longer than the client waits: the server limits the request rate.
    #[error("the server is limiting the rate of requests (HTTP 429)")]
    RateLimited,
    /// HTTP 5xx.
    #[error("the server failed (HTTP {status})")]
    ServerError {
        /// HTTP status.
        status: u16,
    },
    /// Any other HTTP status.
    #[error("unexpected HTTP status {status} from the server")]
    UnexpectedStatus {
        /// HTTP status.
        status: u16,
    },
    /// The body is not a valid answer.
    #[error("the server sent an invalid answer: {0}")]
    BadResponse(#[from] DataError),
    /// The extra CA file ([`TransportConfig::extra_ca_file`]) cannot be used.
    #[error("cannot use the CA file {path}: {reason}")]
    CaFile {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
}

impl ConnectionError {
    /// Whether the request failed on the way (no connection, no answer in time, a
    /// server failure or a proxy's 502–504) rather than being answered.
    pub fn is_transport(&self) -> bool {
        matches!(
            self,
            Self::Unreachable { .. } | Self::Timeout { .. } | Self::ServerError { .. }
        )
    }
}

/// The shared HTTP client. Clones share the client and what was learnt about the server.
#[derive(Clone, Debug)]
pub struct Transport {
    http: reqwest::Client,
    long_poll: Arc<AtomicBool>,
    connect_timeout: Duration,
    request_timeout: Duration,
    max_response_size: usize,
}

impl Transport {
    /// Builds the client with the default configuration: rustls and the bundled roots.
    pub fn new() -> Result<Self, ConnectionError> {
        Self::with_config(&TransportConfig::default())
    }

    /// Builds the client: rustls, the bundled roots plus `config`'s extra CA file.
    pub fn with_config(config: &TransportConfig) -> Result<Self, ConnectionError> {
        let mut builder = reqwest::Client::builder()
            .user_agent(format!("Parsec-Client/3.9.3 {}", os_name()))
            .connect_timeout(config.connect_timeout);
        if let Some(path) = &config.extra_ca_file {
            let display = path.display().to_string();
            let pem = std::fs::read(path).map_err(|e| ConnectionError::CaFile {
                path: display.clone(),
                reason: e.to_string(),
            })?;
            let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
                ConnectionError::CaFile {
                    path: display.clone(),
                    reason: e.to_string(),
                }
            })?;
            // A file without certificates (a key, a DER file, the wrong file) would
            // otherwise be ignored silently, and the server's certificate refused later
            // with no mention of the file.
            if certs.is_empty() {
                return Err(ConnectionError::CaFile {
                    path: display,
                    reason: "no certificate in it (expected PEM `BEGIN CERTIFICATE` blocks)"
                        .to_owned(),
                });
            }
            for cert in certs {
                builder = builder.add_root_certificate(cert);
            }
        }
        let http = builder.build().map_err(|e| ConnectionError::CaFile {
            path: String::new(),
            reason: e.to_string(),
        })?;
        Ok(Self {
            http,
            long_poll: Arc::new(AtomicBool::new(false)),
            connect_timeout: config.connect_timeout,
            request_timeout: config.request_timeout,
            max_response_size: config.max_response_size,
        })
    }

    /// [`TransportConfig::request_timeout`]: set on every request this crate sends.
    pub fn request_timeout(&self) -> Duration {
        self.request_timeout
    }

    /// Maps a failed send or body read of a request to `url`.
    pub fn error(&self, url: &str, source: reqwest::Error) -> ConnectionError {
        if source.is_timeout() {
            ConnectionError::Timeout {
                url: url.to_owned(),
                after: if source.is_connect() {
                    self.connect_timeout
                } else {
                    self.request_timeout
                },
            }
        } else {
            ConnectionError::Unreachable {
                url: url.to_owned(),
                source,
            }
        }
    }

    /// Reads the body of `rep` (an answer from `url`), refusing it past
    /// [`TransportConfig::max_response_size`]: chunk by chunk, so a hostile server cannot
    /// make the client buffer more.
    pub async fn read_body(
        &self,
        url: &str,
        mut rep: reqwest::Response,
    ) -> Result<Vec<u8>, ConnectionError> {
        let limit = self.max_response_size;
        let too_large = || ConnectionError::ResponseTooLarge {
            url: url.to_owned(),
            limit,
        };
        if rep
            .content_length()
            .is_some_and(|n| n > u64::try_from(limit).unwrap_or(u64::MAX))
        {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = rep.chunk().await.map_err(|e| self.error(url, e))? {
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    /// Whether any answer received so far carried `X-Parsec-Long-Poll: 1`, i.e. the server
    /// holds greeting step requests open (see [`crate::invite::PollPolicy`]).
    pub fn server_long_polls(&self) -> bool {
        self.long_poll.load(Ordering::Relaxed)
    }

    /// The underlying client (administration API).
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    async fn post(
        &self,
        url: &str,
        body: Vec<u8>,
        authorization: Option<String>,
    ) -> Result<Vec<u8>, ConnectionError> {
        let mut waited = Duration::ZERO;
        let rep = loop {
            let mut req = self
                .http
                .post(url)
                .timeout(self.request_timeout)
                .header("Api-Version", API_VERSION.to_string())
                .header("Content-Type", MSGPACK)
                .body(body.clone());
            if let Some(a) = &authorization {
                req = req.header("Authorization", a);
            }
            let start = std::time::Instant::now();
            let rep = req.send().await.map_err(|e| self.error(url, e))?;
            tracing::debug!(
                url,
                status = rep.status().as_u16(),
                ms = start.elapsed().as_secs_f64() * 1000.0,
                "request answered"
            );
            // 429: the server did not process the request (a rate limit); wait as it
            // asks, within a total of MAX_RATE_LIMIT_WAIT, then send it again.
            let retry_after = (rep.status() == reqwest::StatusCode::TOO_MANY_REQUESTS)
                .then(|| retry_after(&rep))
                .filter(|d| waited + *d <= MAX_RATE_LIMIT_WAIT);
            match retry_after {
                Some(delay) => {
                    tracing::debug!(url, ?delay, "rate limited: sending again after the delay");
                    tokio::time::sleep(delay).await;
                    waited += delay;
                }
                None => break rep,
            }
        };
        if rep
            .headers()
            .get(LONG_POLL_HEADER)
            .is_some_and(|v| v.as_bytes() == b"1")
        {
            self.long_poll.store(true, Ordering::Relaxed);
        }
        check_status(&rep)?;
        self.read_body(url, rep).await
    }
}

fn os_name() -> &'static str {
    if cfg!(target_os = "windows") {
        "Windows"
    } else if cfg!(target_os = "macos") {
        "MacOS"
    } else if cfg!(target_os = "ios") {
        "iOS"
    } else if cfg!(target_os = "android") {
        "Android"
    } else {
        "Linux"
    }
}

/// Maps the handshake-level HTTP statuses (wire.md §1.8).
pub fn check_status(rep: &reqwest::Response) -> Result<(), ConnectionError> {
    let status = rep.status().as_u16();
    Err(match status {
        200 if is_html(rep) => ConnectionError::NotParsec {
            answer: "an HTML page".to_owned(),
        },
        200 => return Ok(()),
        // A Parsec server accepts POST on its command routes and implements them all.
        405 | 501 => ConnectionError::NotParsec {
            answer: format!("HTTP {status}"),
        },
        401 | 403 => ConnectionError::BadAuthentication,
        404 => ConnectionError::OrganizationNotFound,
        410 => ConnectionError::InvitationAlreadyUsed,
        422 => ConnectionError::UnsupportedApiVersion {
            ours: API_VERSION.to_string(),
            supported: rep
                .headers()
                .get("Supported-Api-Versions")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("unknown")
                .to_owned(),
        },
        429 => ConnectionError::RateLimited,
        460 => ConnectionError::OrganizationExpired,
        461 => ConnectionError::UserRevoked,
        462 => ConnectionError::UserFrozen,
        463 => ConnectionError::TosNotAccepted,
        498 => ConnectionError::ClockDrift,
        500..=599 => ConnectionError::ServerError { status },
        _ => ConnectionError::UnexpectedStatus { status },
    })
}

/// The longest total wait for a rate-limited request (HTTP 429) before giving up.
const MAX_RATE_LIMIT_WAIT: Duration = Duration::from_secs(30);

/// The `Retry-After` delay of a 429 answer, in seconds (1 s when absent or unreadable,
/// at least 50 ms).
fn retry_after(rep: &reqwest::Response) -> Duration {
    rep.headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map_or(Duration::from_secs(1), |s| {
            Duration::from_secs_f64(s.min(MAX_RATE_LIMIT_WAIT.as_secs_f64()))
        })
        .max(Duration::from_millis(50))
}

fn is_html(rep: &reqwest::Response) -> bool {
    rep.headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("text/html"))
}

/// Decodes the reply of command `C`.
fn decode<C: Command>(body: Vec<u8>) -> Result<C::Rep, ConnectionError> {
    Ok(C::load_rep(&body)?)
}

/// Anonymous commands of one organization.
#[derive(Clone, Debug)]
pub struct AnonymousCmds {
    transport: Transport,
    url: String,
}

impl AnonymousCmds {
    /// Commands for `org` on `server`.
    pub fn new(transport: Transport, server: &ServerAddr, org: &OrganizationID) -> Self {
        Self {
            url: server.endpoint("anonymous", org),
            transport,
        }
    }

    /// Sends command `C` and decodes its reply.
    pub async fn send<C: AnonymousCommand>(&self, req: &C::Req) -> Result<C::Rep, ConnectionError> {
        decode::<C>(self.send_raw(C::dump_req(req)).await?)
    }

    /// Sends an encoded request, returns the encoded response.
    pub async fn send_raw(&self, body: Vec<u8>) -> Result<Vec<u8>, ConnectionError> {
        self.transport.post(&self.url, body, None).await
    }
}

/// Invited (claimer) commands.
#[derive(Clone, Debug)]
pub struct InvitedCmds {
    transport: Transport,
    url: String,
    token: AccessToken,
}

impl InvitedCmds {
    /// Commands for the invitation `token` of `org` on `server`.
    pub fn new(
        transport: Transport,
        server: &ServerAddr,
        org: &OrganizationID,
        token: AccessToken,
    ) -> Self {
        Self {
            url: server.endpoint("invited", org),
            transport,
            token,
        }
    }

    /// Sends command `C` and decodes its reply.
    pub async fn send<C: InvitedCommand>(&self, req: &C::Req) -> Result<C::Rep, ConnectionError> {
        decode::<C>(self.send_raw(C::dump_req(req)).await?)
    }

    /// Sends an encoded request, returns the encoded response.
    pub async fn send_raw(&self, body: Vec<u8>) -> Result<Vec<u8>, ConnectionError> {
        self.transport
            .post(&self.url, body, Some(auth::invited_header(&self.token)))
            .await
    }

    /// The transport the commands go through.
    pub fn transport(&self) -> &Transport {
        &self.transport
    }
}

/// Authenticated commands of one device.
#[derive(Clone, Debug)]
pub struct AuthenticatedCmds {
    transport: Transport,
    url: String,
    device_id: DeviceID,
    signing_key: SigningKey,
}

impl AuthenticatedCmds {
    /// Commands signed by `device_id`'s key.
    pub fn new(
        transport: Transport,
        server: &ServerAddr,
        org: &OrganizationID,
        device_id: DeviceID,
        signing_key: SigningKey,
    ) -> Self {
        Self {
            url: server.endpoint("authenticated", org),
            transport,
            device_id,
            signing_key,
        }
    }

    /// Commands of a local device.
    pub fn for_device(
        transport: Transport,
        device: &parsec_protocol::device_file::LocalDevice,
    ) -> Result<Self, parsec_protocol::addr::AddrError> {
        Ok(Self::new(
            transport,
            &device.server_addr()?,
            &device.organization_id,
            device.device_id,
            device.signing_key.clone(),
        ))
    }

    /// Sends command `C` with a fresh signed token and decodes its reply.
    pub async fn send<C: AuthenticatedCommand>(
        &self,
        req: &C::Req,
    ) -> Result<C::Rep, ConnectionError> {
        decode::<C>(self.send_raw(C::dump_req(req)).await?)
    }

    /// Sends an encoded request with a fresh signed token, returns the encoded response.
    pub async fn send_raw(&self, body: Vec<u8>) -> Result<Vec<u8>, ConnectionError> {
        self.post(&self.url, body).await
    }

    /// Sends terms of service command `C` to `/authenticated/<org>/tos`, the route that
    /// stays open while the user has not accepted the terms (no 463 there).
    pub async fn send_tos<C: TosCommand>(&self, req: &C::Req) -> Result<C::Rep, ConnectionError> {
        let url = format!("{}/tos", self.url);
        decode::<C>(self.post(&url, C::dump_req(req)).await?)
    }

    async fn post(&self, url: &str, body: Vec<u8>) -> Result<Vec<u8>, ConnectionError> {
        let header = auth::authenticated_header(
            self.device_id,
            &self.signing_key,
            DateTime::now().as_secs(),
        );
        self.transport.post(url, body, Some(header)).await
    }

    /// Opens the device's event stream (`GET /authenticated/<org>/events`, wire.md
    /// §1.9), without the request timeout: it stays open until the server ends it or the
    /// stream is dropped.
    pub async fn listen_events(&self) -> Result<crate::events::EventStream, ConnectionError> {
        let url = format!("{}/events", self.url);
        let header = auth::authenticated_header(
            self.device_id,
            &self.signing_key,
            DateTime::now().as_secs(),
        );
        let rep = self
            .transport
            .http
            .get(&url)
            .header("Api-Version", API_VERSION.to_string())
            .header("Accept", "text/event-stream")
            .header("Authorization", header)
            .send()
            .await
            .map_err(|e| self.transport.error(&url, e))?;
        check_status(&rep)?;
        Ok(crate::events::EventStream {
            url,
            transport: self.transport.clone(),
            rep,
            buf: Vec::new(),
        })
    }

    /// The transport the commands go through.
    pub fn transport(&self) -> &Transport {
        &self.transport
    }
}
