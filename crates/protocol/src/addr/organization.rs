//! Organization and bootstrap addresses (wire.md §6.2).

use super::*;

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
