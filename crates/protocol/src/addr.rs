//! Addresses (wire.md §6, §1.1): the `parsec3://` server address, the organization,
//! bootstrap and invitation URLs built on it (`a=` action, `p=` payload), their
//! `http(s)://…/redirect/…` twins, and the HTTP URLs the client derives from them.
//!
//! Parsing follows the official client: a `parsec3://` URL is re-parsed as `https://`
//! (or `http://` with `no_ssl=true`) so that hosts are normalised like HTTP hosts and the
//! default port depends on the SSL choice; the redirection form takes the SSL choice from
//! its scheme and ignores any `no_ssl` parameter (wire.md §6.3).

use crate::crypto::VerifyKey;
use crate::data;
use crate::ids::{AccessToken, InvalidId, OrganizationID};
use rmpv::Value;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use url::Url;

/// Characters percent-encoded in an organization path segment.
pub const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The scheme of server and action addresses.
pub const PARSEC_SCHEME: &str = "parsec3";

const SSL_DEFAULT_PORT: u16 = 443;
const NO_SSL_DEFAULT_PORT: u16 = 80;
/// Hosts renamed by the official client when it parses an address (wire.md §6.1).
const LEGACY_HOSTS: &[(&str, &str)] = &[("saas-v3.parsec.cloud", "app.parsec.cloud")];
const ACTION_BOOTSTRAP: &str = "bootstrap_organization";

/// A string that is not a valid address of the expected kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AddrError {
    /// Not a URL at all.
    #[error("invalid URL `{url}`: {reason}")]
    InvalidUrl {
        /// The rejected input.
        url: String,
        /// What the URL parser said.
        reason: url::ParseError,
    },
    /// The scheme is not one this kind of address accepts.
    #[error("unexpected URL scheme `{found}`: expected {expected}")]
    BadScheme {
        /// The scheme of the input.
        found: String,
        /// A description of the accepted forms.
        expected: &'static str,
    },
    /// The URL has no host.
    #[error("the URL has no server host name")]
    MissingHost,
    /// A host name given to [`ServerAddr::new`] is not a bare host.
    #[error("invalid server host name `{0}`")]
    InvalidHost(String),
    /// `no_ssl` is neither `true` nor `false`.
    #[error("invalid `no_ssl` value `{0}`: expected `true` or `false`")]
    InvalidNoSsl(String),
    /// One of `a`, `p` or `no_ssl` appears more than once.
    #[error("the `{0}` parameter appears more than once")]
    DuplicateParam(&'static str),
    /// A server address (or an `http(s)` server URL) with a path.
    #[error("a server address must not have a path, found `{0}`")]
    UnexpectedPath(String),
    /// An `http(s)` URL whose path does not start with `/redirect/`.
    #[error("expected a `parsec3://` or `http(s)://…/redirect/…` URL, got `{0}`")]
    NotARedirection(String),
    /// No organization in the path.
    #[error("the URL has no organization name in its path")]
    MissingOrganization,
    /// More than one path segment after the host (including a trailing slash).
    #[error("unexpected path `{0}`: expected the organization name as the only path segment")]
    BadOrganizationPath(String),
    /// The path segment is not a valid organization ID.
    #[error("invalid organization name in the URL")]
    InvalidOrganization(#[source] InvalidId),
    /// The path segment is not percent-encoded UTF-8.
    #[error("the organization name in the URL is not valid UTF-8")]
    OrganizationNotUtf8,
    /// `a` is missing.
    #[error("missing `a` parameter: expected {expected}")]
    MissingAction {
        /// The accepted actions.
        expected: &'static str,
    },
    /// `a` names an action this address kind does not accept.
    #[error("unexpected action `a={found}`: expected {expected}")]
    BadAction {
        /// The action in the URL.
        found: String,
        /// The accepted actions.
        expected: &'static str,
    },
    /// An organization URL that carries an action.
    #[error("unexpected action `a={0}` in an organization URL")]
    UnexpectedAction(String),
    /// `p` is missing.
    #[error("missing `p` parameter")]
    MissingPayload,
    /// `p` is not what the action expects.
    #[error("invalid `p` parameter: {0}")]
    InvalidPayload(&'static str),
}

fn invalid_url(url: &str, reason: url::ParseError) -> AddrError {
    AddrError::InvalidUrl {
        url: url.to_owned(),
        reason,
    }
}

/// Splits `scheme:rest` and lowercases the scheme (schemes are case-insensitive).
fn split_scheme(s: &str) -> Option<(String, &str)> {
    let (scheme, rest) = s.split_once(':')?;
    Some((scheme.to_ascii_lowercase(), rest))
}

// ---------------------------------------------------------------------------
// Server address

/// A server: `parsec3://HOST[:PORT][?no_ssl=true]` (wire.md §6.1).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ServerAddr {
    hostname: String,
    /// `None` when the port is the default one for the SSL choice.
    port: Option<u16>,
    use_ssl: bool,
}

/// The pieces of a parsed `parsec3://` or redirection URL, before per-kind checks.
struct ParsedUrl {
    server: ServerAddr,
    /// The path with the `/redirect` prefix removed; always starts with `/`.
    path: String,
    action: Option<String>,
    payload: Option<String>,
}

impl ServerAddr {
    /// A server address; `port` `None` (or the default port) means 443 with SSL, 80 without.
    pub fn new(hostname: &str, port: Option<u16>, use_ssl: bool) -> Result<Self, AddrError> {
        let candidate = format!("https://{hostname}/");
        let url = Url::parse(&candidate).map_err(|e| invalid_url(&candidate, e))?;
        let plain = url.path() == "/"
            && url.query().is_none()
            && url.fragment().is_none()
            && url.port().is_none()
            && url.username().is_empty()
            && url.password().is_none()
            && !hostname.contains(['/', '?', '#', '@']);
        match url.host_str() {
            Some(host) if plain => Ok(Self::from_parts(host, port, use_ssl)),
            _ => Err(AddrError::InvalidHost(hostname.to_owned())),
        }
    }

    /// Builds from an already-normalised host; applies the legacy host renames.
    fn from_parts(host: &str, port: Option<u16>, use_ssl: bool) -> Self {
        let host = LEGACY_HOSTS
            .iter()
            .find(|(old, _)| host.eq_ignore_ascii_case(old))
            .map_or(host, |(_, new)| *new);
        let default = if use_ssl {
            SSL_DEFAULT_PORT
        } else {
            NO_SSL_DEFAULT_PORT
        };
        Self {
            hostname: host.to_owned(),
            port: port.filter(|p| *p != default),
            use_ssl,
        }
    }

    /// Reads host, port and SSL choice from an `http(s)` URL.
    fn from_http(url: &Url) -> Result<Self, AddrError> {
        let use_ssl = url.scheme() == "https";
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or(AddrError::MissingHost)?;
        Ok(Self::from_parts(host, url.port(), use_ssl))
    }

    /// The host name (IPv6 addresses keep their brackets).
    pub fn hostname(&self) -> &str {
        &self.hostname
    }

    /// The port, default included.
    pub fn port(&self) -> u16 {
        match (self.port, self.use_ssl) {
            (Some(p), _) => p,
            (None, true) => SSL_DEFAULT_PORT,
            (None, false) => NO_SSL_DEFAULT_PORT,
        }
    }

    /// Whether the port is the default one for the SSL choice (and is not printed).
    pub fn is_default_port(&self) -> bool {
        self.port.is_none()
    }

    /// HTTPS (`true`) or plain HTTP (`no_ssl=true`).
    pub fn use_ssl(&self) -> bool {
        self.use_ssl
    }

    fn host_port(&self) -> String {
        match self.port {
            Some(p) => format!("{}:{p}", self.hostname),
            None => self.hostname.clone(),
        }
    }

    /// `parsec3://HOST[:PORT]` followed by `/<org>` when given, then the query.
    fn parsec3_prefix(&self, org: Option<&OrganizationID>) -> String {
        let mut s = format!("{PARSEC_SCHEME}://{}", self.host_port());
        if let Some(org) = org {
            s.push('/');
            s.push_str(&org.url_segment());
        }
        s
    }

    /// `parsec3://127.0.0.1:6770?no_ssl=true`, `parsec3://parsec.example.com`.
    pub fn to_url(&self) -> String {
        let mut s = self.parsec3_prefix(None);
        if !self.use_ssl {
            s.push_str("?no_ssl=true");
        }
        s
    }

    /// The HTTP base URL, with its trailing slash: `http://127.0.0.1:6770/` (wire.md §1.1).
    /// Also the `server_url` form of device files.
    pub fn to_http_url(&self) -> String {
        let scheme = if self.use_ssl { "https" } else { "http" };
        format!("{scheme}://{}/", self.host_port())
    }

    /// `https://parsec.example.com/redirect`.
    pub fn to_http_redirection_url(&self) -> String {
        format!("{}redirect", self.to_http_url())
    }

    /// A family endpoint (wire.md §6.4): `endpoint("anonymous", org)` gives
    /// `http://127.0.0.1:6770/anonymous/<org percent-encoded>`; append `/tos` or `/events`
    /// to the `authenticated` one as needed.
    pub fn endpoint(&self, family: &str, org: &OrganizationID) -> String {
        format!("{}{family}/{}", self.to_http_url(), org.url_segment())
    }

    /// A server-level endpoint such as `anonymous_server` or `administration/…`.
    pub fn endpoint_path(&self, path: &str) -> String {
        format!("{}{}", self.to_http_url(), path.trim_start_matches('/'))
    }

    /// Parses the `server_url` of device files: `http(s)://HOST[:PORT][/]`, the scheme
    /// deciding SSL; any query (including `no_ssl`) is ignored (device-file.md §2.1).
    pub fn from_http_url(s: &str) -> Result<Self, AddrError> {
        let url = Url::parse(s.trim()).map_err(|e| invalid_url(s, e))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(AddrError::BadScheme {
                found: url.scheme().to_owned(),
                expected: "`http` or `https`",
            });
        }
        if url.path() != "/" && !url.path().is_empty() {
            return Err(AddrError::UnexpectedPath(url.path().to_owned()));
        }
        Self::from_http(&url)
    }

    /// Accepts `parsec3://HOST…` and the redirection form `http(s)://HOST/redirect`.
    pub fn from_any(s: &str) -> Result<Self, AddrError> {
        let parsed = parse_any(s)?;
        if parsed.path != "/" {
            return Err(AddrError::UnexpectedPath(parsed.path));
        }
        Ok(parsed.server)
    }
}

impl FromStr for ServerAddr {
    type Err = AddrError;

    /// Parses the `parsec3://` form only; the path must be empty or `/`.
    fn from_str(s: &str) -> Result<Self, AddrError> {
        let parsed = parse_parsec3(s)?;
        if parsed.path != "/" {
            return Err(AddrError::UnexpectedPath(parsed.path));
        }
        Ok(parsed.server)
    }
}

impl fmt::Display for ServerAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_url())
    }
}

impl fmt::Debug for ServerAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ServerAddr({})", self.to_url())
    }
}

/// Query parameters the address parsers care about; others are ignored.
#[derive(Default)]
struct Params {
    action: Option<String>,
    payload: Option<String>,
    no_ssl: Option<String>,
}

/// Reads `a`, `p` and, when `with_no_ssl`, `no_ssl` (each at most once).
fn read_params(url: &Url, with_no_ssl: bool) -> Result<Params, AddrError> {
    let mut params = Params::default();
    for (key, value) in url.query_pairs() {
        let (slot, name) = match key.as_ref() {
            "a" => (&mut params.action, "a"),
            "p" => (&mut params.payload, "p"),
            "no_ssl" if with_no_ssl => (&mut params.no_ssl, "no_ssl"),
            _ => continue,
        };
        if slot.replace(value.into_owned()).is_some() {
            return Err(AddrError::DuplicateParam(name));
        }
    }
    Ok(params)
}

/// Parses `parsec3://HOST[:PORT][/PATH][?QUERY]`.
fn parse_parsec3(s: &str) -> Result<ParsedUrl, AddrError> {
    let s = s.trim();
    let (scheme, rest) =
        split_scheme(s).ok_or_else(|| invalid_url(s, url::ParseError::RelativeUrlWithoutBase))?;
    if scheme != PARSEC_SCHEME {
        return Err(AddrError::BadScheme {
            found: scheme,
            expected: "`parsec3`",
        });
    }
    // Without `//`, `https:` would still parse the rest as a host (special-scheme leniency).
    if !rest.starts_with("//") {
        return Err(AddrError::MissingHost);
    }
    // The query is read from the URL as an `https` one: the query syntax does not depend
    // on the scheme, and the SSL choice must be known before the real parse below.
    let probe = Url::parse(&format!("https:{rest}")).map_err(|e| invalid_url(s, e))?;
    let params = read_params(&probe, true)?;
    let use_ssl = match params.no_ssl.as_deref() {
        None => true,
        Some(v) if v.eq_ignore_ascii_case("false") => true,
        Some(v) if v.eq_ignore_ascii_case("true") => false,
        Some(v) => return Err(AddrError::InvalidNoSsl(v.to_owned())),
    };
    // http vs https matters: it decides which explicit port is the default one.
    let http_scheme = if use_ssl { "https" } else { "http" };
    let url = Url::parse(&format!("{http_scheme}:{rest}")).map_err(|e| invalid_url(s, e))?;
    Ok(ParsedUrl {
        server: ServerAddr::from_http(&url)?,
        path: url.path().to_owned(),
        action: params.action,
        payload: params.payload,
    })
}

/// Parses `http(s)://HOST[:PORT]/redirect[/PATH][?QUERY]` (wire.md §6.3).
fn parse_redirection(s: &str) -> Result<ParsedUrl, AddrError> {
    let s = s.trim();
    let url = Url::parse(s).map_err(|e| invalid_url(s, e))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(AddrError::BadScheme {
            found: url.scheme().to_owned(),
            expected: "`parsec3`, `http` or `https`",
        });
    }
    // The scheme carries the SSL choice: `no_ssl` is dropped whatever its value(s).
    let params = read_params(&url, false)?;
    let path = match url.path().strip_prefix("/redirect") {
        Some("") => "/".to_owned(),
        Some(rest) if rest.starts_with('/') => rest.to_owned(),
        _ => return Err(AddrError::NotARedirection(s.to_owned())),
    };
    Ok(ParsedUrl {
        server: ServerAddr::from_http(&url)?,
        path,
        action: params.action,
        payload: params.payload,
    })
}

/// The redirection form for `http(s)` URLs, the `parsec3://` form otherwise.
fn parse_any(s: &str) -> Result<ParsedUrl, AddrError> {
    match split_scheme(s.trim()) {
        Some((scheme, _)) if scheme == "http" || scheme == "https" => parse_redirection(s),
        Some((scheme, _)) if scheme == PARSEC_SCHEME => parse_parsec3(s),
        Some((scheme, _)) => Err(AddrError::BadScheme {
            found: scheme,
            expected: "a `parsec3://` or `http(s)://…/redirect/…` URL",
        }),
        None => Err(invalid_url(s, url::ParseError::RelativeUrlWithoutBase)),
    }
}

impl ParsedUrl {
    /// The single path segment, percent-decoded and validated.
    fn organization_id(&self) -> Result<OrganizationID, AddrError> {
        let segment = self.path.strip_prefix('/').unwrap_or(&self.path);
        if segment.is_empty() {
            return Err(AddrError::MissingOrganization);
        }
        if segment.contains('/') {
            return Err(AddrError::BadOrganizationPath(self.path.clone()));
        }
        let decoded = percent_encoding::percent_decode_str(segment)
            .decode_utf8()
            .map_err(|_| AddrError::OrganizationNotUtf8)?;
        decoded.parse().map_err(AddrError::InvalidOrganization)
    }

    /// The decoded msgpack value of `p` (base64url without padding, one msgpack value).
    fn payload(&self) -> Result<Value, AddrError> {
        let p = self.payload.as_deref().ok_or(AddrError::MissingPayload)?;
        let bytes = data_encoding::BASE64URL_NOPAD
            .decode(p.as_bytes())
            .map_err(|_| AddrError::InvalidPayload("expected unpadded base64url"))?;
        data::read_value(&bytes)
            .map_err(|_| AddrError::InvalidPayload("not a single msgpack value"))
    }

    /// Checks `a` against the accepted actions.
    fn require_action(&self, expected: &'static str) -> Result<&str, AddrError> {
        self.action
            .as_deref()
            .ok_or(AddrError::MissingAction { expected })
    }
}

/// `p` for a msgpack value: base64url without padding of its encoding.
fn encode_payload(value: &Value) -> String {
    data_encoding::BASE64URL_NOPAD.encode(&data::write_value(value))
}

fn token_from_value(value: &Value) -> Option<AccessToken> {
    match value {
        Value::Binary(b) => <[u8; 16]>::try_from(b.as_slice())
            .ok()
            .map(AccessToken::from_bytes),
        _ => None,
    }
}

/// `parsec3://HOST[:PORT]/ORG?[no_ssl=true&][a=ACTION&]p=PAYLOAD`.
fn action_url(
    server: &ServerAddr,
    org: &OrganizationID,
    action: Option<&str>,
    payload: &str,
) -> String {
    let mut s = server.parsec3_prefix(Some(org));
    s.push('?');
    if !server.use_ssl {
        s.push_str("no_ssl=true&");
    }
    if let Some(a) = action {
        s.push_str("a=");
        s.push_str(a);
        s.push('&');
    }
    s.push_str("p=");
    s.push_str(payload);
    s
}

/// `http(s)://HOST[:PORT]/redirect/ORG?[a=ACTION&]p=PAYLOAD` (no `no_ssl`).
fn redirection_url(
    server: &ServerAddr,
    org: &OrganizationID,
    action: Option<&str>,
    payload: &str,
) -> String {
    let mut s = format!(
        "{}/{}?",
        server.to_http_redirection_url(),
        org.url_segment()
    );
    if let Some(a) = action {
        s.push_str("a=");
        s.push_str(a);
        s.push('&');
    }
    s.push_str("p=");
    s.push_str(payload);
    s
}

// ---------------------------------------------------------------------------
// Organization, bootstrap and invitation addresses

/// An organization: `parsec3://HOST/ORG?p=<root verify key>` (wire.md §6.2).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct OrganizationAddr {
    /// The server.
    pub server: ServerAddr,
    /// The organization.
    pub organization_id: OrganizationID,
    /// The organization's root verify key (checks root-signed certificates).
    pub root_verify_key: VerifyKey,
}

impl OrganizationAddr {
    /// Assembles an address.
    pub fn new(
        server: ServerAddr,
        organization_id: OrganizationID,
        root_verify_key: VerifyKey,
    ) -> Self {
        Self {
            server,
            organization_id,
            root_verify_key,
        }
    }

    fn payload(&self) -> String {
        encode_payload(&Value::Binary(self.root_verify_key.as_bytes().to_vec()))
    }

    /// `parsec3://parsec.example.com/MyOrg?p=xCAD…`.
    pub fn to_url(&self) -> String {
        action_url(&self.server, &self.organization_id, None, &self.payload())
    }

    /// `https://parsec.example.com/redirect/MyOrg?p=xCAD…`.
    pub fn to_http_redirection_url(&self) -> String {
        redirection_url(&self.server, &self.organization_id, None, &self.payload())
    }

    /// Parses either form; an `a` parameter is refused.
    pub fn from_any(s: &str) -> Result<Self, AddrError> {
        let parsed = parse_any(s)?;
        if let Some(action) = &parsed.action {
            return Err(AddrError::UnexpectedAction(action.clone()));
        }
        let organization_id = parsed.organization_id()?;
        let root_verify_key = match parsed.payload()? {
            Value::Binary(b) => <[u8; 32]>::try_from(b.as_slice())
                .map(VerifyKey::from_bytes)
                .map_err(|_| AddrError::InvalidPayload("expected a 32-byte root verify key"))?,
            _ => {
                return Err(AddrError::InvalidPayload(
                    "expected a 32-byte root verify key",
                ))
            }
        };
        Ok(Self {
            server: parsed.server,
            organization_id,
            root_verify_key,
        })
    }
}

/// An organization bootstrap URL: `a=bootstrap_organization`, `p` = the optional token.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct BootstrapAddr {
    /// The server.
    pub server: ServerAddr,
    /// The organization to bootstrap.
    pub organization_id: OrganizationID,
    /// The bootstrap token; `None` for a server that allows spontaneous bootstrap.
    pub token: Option<AccessToken>,
}

impl BootstrapAddr {
    /// Assembles an address.
    pub fn new(
        server: ServerAddr,
        organization_id: OrganizationID,
        token: Option<AccessToken>,
    ) -> Self {
        Self {
            server,
            organization_id,
            token,
        }
    }

    fn payload(&self) -> String {
        encode_payload(&match self.token {
            Some(t) => Value::Binary(t.as_bytes().to_vec()),
            None => Value::Nil,
        })
    }

    /// `parsec3://HOST/ORG?[no_ssl=true&]a=bootstrap_organization&p=…`.
    pub fn to_url(&self) -> String {
        action_url(
            &self.server,
            &self.organization_id,
            Some(ACTION_BOOTSTRAP),
            &self.payload(),
        )
    }

    /// `http(s)://HOST/redirect/ORG?a=bootstrap_organization&p=…`.
    pub fn to_http_redirection_url(&self) -> String {
        redirection_url(
            &self.server,
            &self.organization_id,
            Some(ACTION_BOOTSTRAP),
            &self.payload(),
        )
    }

    /// Parses either form.
    pub fn from_any(s: &str) -> Result<Self, AddrError> {
        const EXPECTED: &str = "`bootstrap_organization`";
        let parsed = parse_any(s)?;
        let action = parsed.require_action(EXPECTED)?;
        if action != ACTION_BOOTSTRAP {
            return Err(AddrError::BadAction {
                found: action.to_owned(),
                expected: EXPECTED,
            });
        }
        let organization_id = parsed.organization_id()?;
        let token = match parsed.payload()? {
            Value::Nil => None,
            v => Some(token_from_value(&v).ok_or(AddrError::InvalidPayload(
                "expected a 16-byte bootstrap token or nil",
            ))?),
        };
        Ok(Self {
            server: parsed.server,
            organization_id,
            token,
        })
    }

    /// The anonymous endpoint the bootstrap request goes to.
    pub fn anonymous_endpoint(&self) -> String {
        self.server.endpoint("anonymous", &self.organization_id)
    }
}

/// The kind of an invitation (`USER`, `DEVICE`, `SHAMIR_RECOVERY` on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum InvitationType {
    /// A new user joins the organization.
    #[serde(rename = "USER")]
    User,
    /// A user enrols a new device.
    #[serde(rename = "DEVICE")]
    Device,
    /// A user recovers access through shamir recipients.
    #[serde(rename = "SHAMIR_RECOVERY")]
    ShamirRecovery,
}

impl InvitationType {
    /// The wire string.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::User => "USER",
            Self::Device => "DEVICE",
            Self::ShamirRecovery => "SHAMIR_RECOVERY",
        }
    }

    /// The `a=` action of its URL.
    pub const fn action(self) -> &'static str {
        match self {
            Self::User => "claim_user",
            Self::Device => "claim_device",
            Self::ShamirRecovery => "claim_shamir_recovery",
        }
    }

    /// The type whose URL action is `action`.
    pub fn from_action(action: &str) -> Option<Self> {
        [Self::User, Self::Device, Self::ShamirRecovery]
            .into_iter()
            .find(|t| t.action() == action)
    }
}

impl fmt::Display for InvitationType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for InvitationType {
    type Err = InvalidInvitationType;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Self::User, Self::Device, Self::ShamirRecovery]
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| InvalidInvitationType(s.to_owned()))
    }
}

/// A string that is not `USER`, `DEVICE` or `SHAMIR_RECOVERY`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid invitation type `{0}`: expected USER, DEVICE or SHAMIR_RECOVERY")]
pub struct InvalidInvitationType(pub String);

/// An invitation URL: `a=claim_user|claim_device|claim_shamir_recovery`, `p` = the token.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct InvitationAddr {
    /// The server.
    pub server: ServerAddr,
    /// The organization.
    pub organization_id: OrganizationID,
    /// What the claimer will get.
    pub invitation_type: InvitationType,
    /// The invitation token.
    pub token: AccessToken,
}

impl InvitationAddr {
    /// Assembles an address.
    pub fn new(
        server: ServerAddr,
        organization_id: OrganizationID,
        invitation_type: InvitationType,
        token: AccessToken,
    ) -> Self {
        Self {
            server,
            organization_id,
            invitation_type,
            token,
        }
    }

    fn payload(&self) -> String {
        encode_payload(&Value::Binary(self.token.as_bytes().to_vec()))
    }

    /// `parsec3://HOST/ORG?[no_ssl=true&]a=claim_user&p=xB…`.
    pub fn to_url(&self) -> String {
        action_url(
            &self.server,
            &self.organization_id,
            Some(self.invitation_type.action()),
            &self.payload(),
        )
    }

    /// `http(s)://HOST/redirect/ORG?a=claim_user&p=xB…`.
    pub fn to_http_redirection_url(&self) -> String {
        redirection_url(
            &self.server,
            &self.organization_id,
            Some(self.invitation_type.action()),
            &self.payload(),
        )
    }

    /// Parses either form.
    pub fn from_any(s: &str) -> Result<Self, AddrError> {
        const EXPECTED: &str = "`claim_user`, `claim_device` or `claim_shamir_recovery`";
        let parsed = parse_any(s)?;
        let action = parsed.require_action(EXPECTED)?;
        let invitation_type =
            InvitationType::from_action(action).ok_or_else(|| AddrError::BadAction {
                found: action.to_owned(),
                expected: EXPECTED,
            })?;
        let organization_id = parsed.organization_id()?;
        let token = token_from_value(&parsed.payload()?).ok_or(AddrError::InvalidPayload(
            "expected a 16-byte invitation token",
        ))?;
        Ok(Self {
            server: parsed.server,
            organization_id,
            invitation_type,
            token,
        })
    }

    /// The invited endpoint the claimer talks to.
    pub fn invited_endpoint(&self) -> String {
        self.server.endpoint("invited", &self.organization_id)
    }
}

macro_rules! addr_common {
    ($name:ident) => {
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.to_url())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.to_url())
            }
        }

        impl FromStr for $name {
            type Err = AddrError;
            /// Same as `from_any`: both the `parsec3://` and the redirection forms.
            fn from_str(s: &str) -> Result<Self, AddrError> {
                Self::from_any(s)
            }
        }
    };
}

addr_common!(OrganizationAddr);
addr_common!(BootstrapAddr);
addr_common!(InvitationAddr);

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "a0000000000000000000000000000001";

    fn token() -> AccessToken {
        TOKEN.parse().expect("valid token")
    }

    fn org(s: &str) -> OrganizationID {
        s.parse().expect("valid org")
    }

    #[test]
    fn server_addr_forms() {
        let a: ServerAddr = "parsec3://127.0.0.1:6770?no_ssl=true".parse().expect("ok");
        assert_eq!(a.hostname(), "127.0.0.1");
        assert_eq!(a.port(), 6770);
        assert!(!a.use_ssl());
        assert_eq!(a.to_url(), "parsec3://127.0.0.1:6770?no_ssl=true");
        assert_eq!(a.to_http_url(), "http://127.0.0.1:6770/");
        assert_eq!(a.to_string(), a.to_url());
        assert_eq!(
            a.endpoint("anonymous", &org("Orgé")),
            "http://127.0.0.1:6770/anonymous/Org%C3%A9"
        );

        for (input, printed) in [
            ("parsec3://h:443", "parsec3://h"),
            ("PARSEC3://H.Example.COM/", "parsec3://h.example.com"),
            ("parsec3://h?no_ssl=FALSE", "parsec3://h"),
            ("parsec3://h:80?no_ssl=True", "parsec3://h?no_ssl=true"),
            ("parsec3://h:80", "parsec3://h:80"),
            ("parsec3://h:443?no_ssl=true", "parsec3://h:443?no_ssl=true"),
            ("parsec3://h?foo=bar&a=x", "parsec3://h"),
            (
                "parsec3://saas-v3.parsec.cloud",
                "parsec3://app.parsec.cloud",
            ),
            (
                "parsec3://[::1]:6770?no_ssl=true",
                "parsec3://[::1]:6770?no_ssl=true",
            ),
        ] {
            let a: ServerAddr = input.parse().unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(a.to_url(), printed, "{input}");
        }
        assert_eq!(
            "parsec3://h:443".parse::<ServerAddr>(),
            "parsec3://h".parse::<ServerAddr>()
        );
    }

    #[test]
    fn server_addr_rejects() {
        for bad in [
            "parsec3://h?no_ssl=yes",
            "parsec3://h?no_ssl=true&no_ssl=true",
            "parsec3://h/org",
            "https://h",
            "parsec://h",
            "parsec3:h",
            "parsec3://",
            "h:6770",
            "",
        ] {
            assert!(bad.parse::<ServerAddr>().is_err(), "{bad}");
        }
        assert_eq!(
            "parsec3://h?no_ssl=1".parse::<ServerAddr>(),
            Err(AddrError::InvalidNoSsl("1".into()))
        );
        assert_eq!(
            "parsec3://h?no_ssl=true&no_ssl=false".parse::<ServerAddr>(),
            Err(AddrError::DuplicateParam("no_ssl"))
        );
    }

    #[test]
    fn server_http_url() {
        let a = ServerAddr::from_http_url("http://127.0.0.1:6770/").expect("ok");
        assert_eq!(a.to_url(), "parsec3://127.0.0.1:6770?no_ssl=true");
        let a = ServerAddr::from_http_url("https://parsec.example.com?no_ssl=true").expect("ok");
        assert_eq!(a.to_url(), "parsec3://parsec.example.com");
        assert_eq!(a.to_http_url(), "https://parsec.example.com/");
        let a = ServerAddr::from_http_url("http://h:80").expect("ok");
        assert_eq!(a.to_http_url(), "http://h/");
        assert!(ServerAddr::from_http_url("http://h/x").is_err());
        assert!(ServerAddr::from_http_url("parsec3://h").is_err());
        assert!(ServerAddr::from_http_url("ftp://h/").is_err());
    }

    #[test]
    fn server_new() {
        let a = ServerAddr::new("Example.com", Some(443), true).expect("ok");
        assert_eq!(a.to_url(), "parsec3://example.com");
        assert!(a.is_default_port());
        let a = ServerAddr::new("localhost", Some(6770), false).expect("ok");
        assert_eq!(a.to_http_url(), "http://localhost:6770/");
        for bad in ["", "a/b", "a:1", "u@h", "a?b"] {
            assert!(ServerAddr::new(bad, None, true).is_err(), "{bad}");
        }
    }

    #[test]
    fn invitation_urls() {
        let server = ServerAddr::new("127.0.0.1", Some(6770), false).expect("ok");
        let addr = InvitationAddr::new(server, org("MyOrg"), InvitationType::Device, token());
        let url = addr.to_url();
        assert_eq!(
            url,
            "parsec3://127.0.0.1:6770/MyOrg?no_ssl=true&a=claim_device&p=xBCgAAAAAAAAAAAAAAAAAAAB"
        );
        assert_eq!(InvitationAddr::from_any(&url), Ok(addr.clone()));
        // Any parameter order, unknown parameters ignored.
        let shuffled = "parsec3://127.0.0.1:6770/MyOrg?p=xBCgAAAAAAAAAAAAAAAAAAAB&x=1&a=claim_device&no_ssl=true";
        assert_eq!(InvitationAddr::from_any(shuffled), Ok(addr.clone()));
        // Redirection form: `no_ssl` ignored, the scheme decides.
        let redirect = "http://127.0.0.1:6770/redirect/MyOrg?a=claim_device&no_ssl=false&p=xBCgAAAAAAAAAAAAAAAAAAAB";
        assert_eq!(InvitationAddr::from_any(redirect), Ok(addr.clone()));
        let redirect = "http://127.0.0.1:6770/redirect/MyOrg?no_ssl=x&no_ssl=y&a=claim_device&p=xBCgAAAAAAAAAAAAAAAAAAAB";
        assert_eq!(InvitationAddr::from_any(redirect), Ok(addr));
    }

    #[test]
    fn action_url_rejects() {
        let cases: &[(&str, AddrError)] = &[
            (
                "parsec3://h/MyOrg?a=claim_user",
                AddrError::MissingPayload,
            ),
            (
                "parsec3://h/MyOrg?p=xBCgAAAAAAAAAAAAAAAAAAAB",
                AddrError::MissingAction {
                    expected: "`claim_user`, `claim_device` or `claim_shamir_recovery`",
                },
            ),
            (
                "parsec3://h/MyOrg?a=claim_user&a=claim_user&p=xBCgAAAAAAAAAAAAAAAAAAAB",
                AddrError::DuplicateParam("a"),
            ),
            (
                "parsec3://h/MyOrg?a=claim_user&p=xBCgAAAAAAAAAAAAAAAAAAAB&p=xBCgAAAAAAAAAAAAAAAAAAAB",
                AddrError::DuplicateParam("p"),
            ),
            (
                "parsec3://h/MyOrg?a=claim_user&p=xBCgAAAAAAAAAAAAAAAAAAAB==",
                AddrError::InvalidPayload("expected unpadded base64url"),
            ),
            (
                "parsec3://h/MyOrg?a=claim_user&p=a0000000000000000000000000000001",
                AddrError::InvalidPayload("not a single msgpack value"),
            ),
            (
                "parsec3://h/MyOrg/?a=claim_user&p=xBCgAAAAAAAAAAAAAAAAAAAB",
                AddrError::BadOrganizationPath("/MyOrg/".into()),
            ),
            (
                "parsec3://h/?a=claim_user&p=xBCgAAAAAAAAAAAAAAAAAAAB",
                AddrError::MissingOrganization,
            ),
            (
                "https://h/MyOrg?a=claim_user&p=xBCgAAAAAAAAAAAAAAAAAAAB",
                AddrError::NotARedirection(
                    "https://h/MyOrg?a=claim_user&p=xBCgAAAAAAAAAAAAAAAAAAAB".into(),
                ),
            ),
            (
                "parsec3://h/MyOrg?a=bootstrap_organization&p=xBCgAAAAAAAAAAAAAAAAAAAB",
                AddrError::BadAction {
                    found: "bootstrap_organization".into(),
                    expected: "`claim_user`, `claim_device` or `claim_shamir_recovery`",
                },
            ),
        ];
        for (url, err) in cases {
            assert_eq!(InvitationAddr::from_any(url).as_ref(), Err(err), "{url}");
        }
        assert!(matches!(
            InvitationAddr::from_any("parsec3://h/a.b?a=claim_user&p=xBCgAAAAAAAAAAAAAAAAAAAB"),
            Err(AddrError::InvalidOrganization(_))
        ));
        assert!(matches!(
            InvitationAddr::from_any(
                "ftp://h/redirect/MyOrg?a=claim_user&p=xBCgAAAAAAAAAAAAAAAAAAAB"
            ),
            Err(AddrError::BadScheme { .. })
        ));
        // A token that is not 16 bytes (here the nil of a spontaneous bootstrap).
        assert!(matches!(
            InvitationAddr::from_any("parsec3://h/MyOrg?a=claim_user&p=wA"),
            Err(AddrError::InvalidPayload(_))
        ));
    }

    #[test]
    fn bootstrap_and_organization() {
        let server: ServerAddr = "parsec3://parsec.example.com".parse().expect("ok");
        let b = BootstrapAddr::new(server.clone(), org("MyOrg"), None);
        assert_eq!(
            b.to_url(),
            "parsec3://parsec.example.com/MyOrg?a=bootstrap_organization&p=wA"
        );
        assert_eq!(BootstrapAddr::from_any(&b.to_url()), Ok(b.clone()));
        assert_eq!(
            b.anonymous_endpoint(),
            "https://parsec.example.com/anonymous/MyOrg"
        );
        let live = "parsec3://127.0.0.1:6770/WireDocOrg1?no_ssl=true&a=bootstrap_organization&p=xBAF07W-b63AxsVuvBsabQny";
        let parsed = BootstrapAddr::from_any(live).expect("live server URL");
        assert_eq!(parsed.to_url(), live);
        // What the server's 302 points to: `no_ssl` last.
        let relocated = "parsec3://127.0.0.1:6770/WireDocOrg1?a=bootstrap_organization&p=xBAF07W-b63AxsVuvBsabQny&no_ssl=true";
        assert_eq!(BootstrapAddr::from_any(relocated), Ok(parsed));

        let key = VerifyKey::from_bytes([7; 32]);
        let o = OrganizationAddr::new(server, org("MyOrg"), key);
        assert_eq!(OrganizationAddr::from_any(&o.to_url()), Ok(o.clone()));
        assert_eq!(
            OrganizationAddr::from_any(&o.to_http_redirection_url()),
            Ok(o.clone())
        );
        assert!(matches!(
            OrganizationAddr::from_any(&b.to_url()),
            Err(AddrError::UnexpectedAction(_))
        ));
        assert!(matches!(
            OrganizationAddr::from_any("parsec3://h/MyOrg?p=xBCgAAAAAAAAAAAAAAAAAAAB"),
            Err(AddrError::InvalidPayload(_))
        ));
    }

    #[test]
    fn invitation_type_strings() {
        assert_eq!(InvitationType::ShamirRecovery.as_str(), "SHAMIR_RECOVERY");
        assert_eq!("DEVICE".parse(), Ok(InvitationType::Device));
        assert!("device".parse::<InvitationType>().is_err());
        assert_eq!(
            InvitationType::from_action("claim_user"),
            Some(InvitationType::User)
        );
        let bytes = rmp_serde::to_vec(&InvitationType::ShamirRecovery).expect("encode");
        assert_eq!(bytes, b"\xafSHAMIR_RECOVERY");
    }

    #[test]
    fn error_messages() {
        assert_eq!(
            AddrError::MissingPayload.to_string(),
            "missing `p` parameter"
        );
        assert_eq!(
            InvitationAddr::from_any("mailto:x@y")
                .err()
                .map(|e| e.to_string()),
            Some(
                "unexpected URL scheme `mailto`: expected a `parsec3://` or `http(s)://…/redirect/…` URL"
                    .into()
            )
        );
    }
}
