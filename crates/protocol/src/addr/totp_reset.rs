//! The TOTP reset URL (`a=totp_reset`) an administrator gets from
//! `…/users/reset_totp` (wire.md §8.8): `p` is the msgpack pair `(user_id, token)`,
//! an ext-2 UUID then a 16-byte bin (`ParsecTOTPResetAddr` of the official
//! `libparsec/crates/types/src/addr.rs`, 3.9.3).

use super::*;
use crate::ids::UserID;

/// The `a=` action of TOTP reset URLs.
pub const ACTION_TOTP_RESET: &str = "totp_reset";

/// A TOTP reset URL: the user whose TOTP was reset and the token of the anonymous
/// `totp_setup_get_secret` / `totp_setup_confirm` commands.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TotpResetAddr {
    /// The server.
    pub server: ServerAddr,
    /// The organization.
    pub organization_id: OrganizationID,
    /// The user.
    pub user_id: UserID,
    /// The reset token.
    pub token: AccessToken,
}

impl TotpResetAddr {
    /// Assembles an address.
    pub fn new(
        server: ServerAddr,
        organization_id: OrganizationID,
        user_id: UserID,
        token: AccessToken,
    ) -> Self {
        Self {
            server,
            organization_id,
            user_id,
            token,
        }
    }

    fn payload(&self) -> String {
        encode_payload(&Value::Array(vec![
            data::to_value(&self.user_id),
            Value::Binary(self.token.as_bytes().to_vec()),
        ]))
    }

    /// `parsec3://HOST/ORG?[no_ssl=true&]a=totp_reset&p=ktgC…`.
    pub fn to_url(&self) -> String {
        action_url(
            &self.server,
            &self.organization_id,
            Some(ACTION_TOTP_RESET),
            &self.payload(),
        )
    }

    /// `http(s)://HOST/redirect/ORG?a=totp_reset&p=ktgC…`.
    pub fn to_http_redirection_url(&self) -> String {
        redirection_url(
            &self.server,
            &self.organization_id,
            Some(ACTION_TOTP_RESET),
            &self.payload(),
        )
    }

    /// Parses either form.
    pub fn from_any(s: &str) -> Result<Self, AddrError> {
        const EXPECTED: &str = "`totp_reset`";
        const BAD_PAYLOAD: &str = "expected a user ID and a 16-byte token";
        let parsed = parse_any(s)?;
        let action = parsed.require_action(EXPECTED)?;
        if action != ACTION_TOTP_RESET {
            return Err(AddrError::BadAction {
                found: action.to_owned(),
                expected: EXPECTED,
            });
        }
        let organization_id = parsed.organization_id()?;
        let Value::Array(items) = parsed.payload()? else {
            return Err(AddrError::InvalidPayload(BAD_PAYLOAD));
        };
        let [user_id, token] =
            <[Value; 2]>::try_from(items).map_err(|_| AddrError::InvalidPayload(BAD_PAYLOAD))?;
        let user_id: UserID =
            data::from_value(user_id).map_err(|_| AddrError::InvalidPayload(BAD_PAYLOAD))?;
        let token = token_from_value(&token).ok_or(AddrError::InvalidPayload(BAD_PAYLOAD))?;
        Ok(Self {
            server: parsed.server,
            organization_id,
            user_id,
            token,
        })
    }

    /// The anonymous endpoint of the TOTP setup commands.
    pub fn anonymous_endpoint(&self) -> String {
        self.server.endpoint("anonymous", &self.organization_id)
    }
}

impl fmt::Debug for TotpResetAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The token lets anyone set up the user's TOTP: keep it out of logs.
        f.debug_struct("TotpResetAddr")
            .field("server", &self.server)
            .field("organization_id", &self.organization_id)
            .field("user_id", &self.user_id)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr() -> TotpResetAddr {
        TotpResetAddr::new(
            "parsec3://parsec.example.com".parse().expect("server"),
            "MyOrg".parse().expect("org"),
            UserID::from_bytes([0xa1; 16]),
            AccessToken::from_bytes([0xa0; 16]),
        )
    }

    #[test]
    fn payload_is_a_uuid_ext_and_a_token() {
        let url = addr().to_url();
        let p = url.split("p=").nth(1).expect("p");
        let bytes = data_encoding::BASE64URL_NOPAD
            .decode(p.as_bytes())
            .expect("base64url");
        let mut expected = vec![0x92, 0xd8, 0x02];
        expected.extend([0xa1; 16]);
        expected.extend([0xc4, 0x10]);
        expected.extend([0xa0; 16]);
        assert_eq!(bytes, expected);
        assert!(url.starts_with("parsec3://parsec.example.com/MyOrg?a=totp_reset&p=ktgC"));
    }

    #[test]
    fn both_forms_roundtrip() {
        let a = addr();
        assert_eq!(TotpResetAddr::from_any(&a.to_url()), Ok(a.clone()));
        let redirect = a.to_http_redirection_url();
        assert!(redirect.starts_with("https://parsec.example.com/redirect/MyOrg?a=totp_reset&p="));
        assert_eq!(TotpResetAddr::from_any(&redirect), Ok(a));
    }

    #[test]
    fn other_actions_and_payloads_are_refused() {
        let url = addr().to_url();
        assert!(matches!(
            TotpResetAddr::from_any(&url.replace("totp_reset", "claim_user")),
            Err(AddrError::BadAction { .. })
        ));
        let invitation = "parsec3://h/MyOrg?a=totp_reset&p=xBCgAAAAAAAAAAAAAAAAAAAB";
        assert!(matches!(
            TotpResetAddr::from_any(invitation),
            Err(AddrError::InvalidPayload(_))
        ));
    }
}
