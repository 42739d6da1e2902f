//! The server address and the URL parsing every address kind shares (wire.md §6.1, §6.3).

use super::*;

/// A server: `parsec3://HOST[:PORT][?no_ssl=true]` (wire.md §6.1).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ServerAddr {
    hostname: String,
    /// `None` when the port is the default one for the SSL choice.
    port: Option<u16>,
    use_ssl: bool,
}

/// The pieces of a parsed `parsec3://` or redirection URL, before per-kind checks.
pub(super) struct ParsedUrl {
    pub(super) server: ServerAddr,
    /// The path with the `/redirect` prefix removed; always starts with `/`.
    pub(super) path: String,
    pub(super) action: Option<String>,
    pub(super) payload: Option<String>,
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
pub(super) struct Params {
    pub(super) action: Option<String>,
    pub(super) payload: Option<String>,
    pub(super) no_ssl: Option<String>,
}

/// Reads `a`, `p` and, when `with_no_ssl`, `no_ssl` (each at most once).
pub(super) fn read_params(url: &Url, with_no_ssl: bool) -> Result<Params, AddrError> {
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
pub(super) fn parse_parsec3(s: &str) -> Result<ParsedUrl, AddrError> {
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
pub(super) fn parse_redirection(s: &str) -> Result<ParsedUrl, AddrError> {
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
pub(super) fn parse_any(s: &str) -> Result<ParsedUrl, AddrError> {
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
    pub(super) fn organization_id(&self) -> Result<OrganizationID, AddrError> {
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
    pub(super) fn payload(&self) -> Result<Value, AddrError> {
        let p = self.payload.as_deref().ok_or(AddrError::MissingPayload)?;
        let bytes = data_encoding::BASE64URL_NOPAD
            .decode(p.as_bytes())
            .map_err(|_| AddrError::InvalidPayload("expected unpadded base64url"))?;
        data::read_value(&bytes)
            .map_err(|_| AddrError::InvalidPayload("not a single msgpack value"))
    }

    /// Checks `a` against the accepted actions.
    pub(super) fn require_action(&self, expected: &'static str) -> Result<&str, AddrError> {
        self.action
            .as_deref()
            .ok_or(AddrError::MissingAction { expected })
    }
}

/// `p` for a msgpack value: base64url without padding of its encoding.
pub(super) fn encode_payload(value: &Value) -> String {
    data_encoding::BASE64URL_NOPAD.encode(&data::write_value(value))
}

pub(super) fn token_from_value(value: &Value) -> Option<AccessToken> {
    match value {
        Value::Binary(b) => <[u8; 16]>::try_from(b.as_slice())
            .ok()
            .map(AccessToken::from_bytes),
        _ => None,
    }
}

/// `parsec3://HOST[:PORT]/ORG?[no_ssl=true&][a=ACTION&]p=PAYLOAD`.
pub(super) fn action_url(
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
pub(super) fn redirection_url(
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
