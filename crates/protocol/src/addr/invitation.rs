//! Invitation addresses and kinds (wire.md §6.2).

use super::*;

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
