//! Identifiers and validated strings (wire.md §4): UUID-based IDs, access tokens,
//! organization IDs, device labels, emails, human handles and user profiles.

use crate::ext::{deserialize_ext, serialize_ext, EXT_UUID};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// A string or identifier that does not follow its format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidId {
    /// Not 32 hex digits nor a hyphenated UUID.
    #[error("invalid identifier `{0}`: expected 32 hexadecimal digits")]
    Uuid(String),
    /// Not 32 hex digits.
    #[error("invalid token `{0}`: expected 32 hexadecimal digits")]
    Token(String),
    /// Organization ID syntax.
    #[error("invalid organization name `{0}`: use 1 to 32 bytes of letters, digits, `_` and `-`")]
    OrganizationId(String),
    /// Device label syntax.
    #[error("invalid device label: it must be 1 to 255 bytes long")]
    DeviceLabel,
    /// Human-handle label syntax.
    #[error("invalid name `{0}`: it must be non-empty, under 255 bytes, without any of < > @ , : ; \\ \" [ ]")]
    HumanLabel(String),
    /// Email syntax.
    #[error("invalid email address `{0}`")]
    Email(String),
    /// Unknown profile.
    #[error("invalid profile `{0}`: expected ADMIN, STANDARD or OUTSIDER")]
    Profile(String),
}

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name([u8; 16]);

        impl $name {
            /// Wraps 16 raw bytes.
            pub const fn from_bytes(bytes: [u8; 16]) -> Self {
                Self(bytes)
            }
            /// The 16 raw bytes.
            pub const fn as_bytes(&self) -> &[u8; 16] {
                &self.0
            }
            /// A new random (version 4) identifier drawn from `rng`.
            pub fn generate(rng: &dyn crate::crypto::RandomSource) -> Self {
                let mut b = [0u8; 16];
                rng.fill(&mut b);
                b[6] = (b[6] & 0x0f) | 0x40;
                b[8] = (b[8] & 0x3f) | 0x80;
                Self(b)
            }
            /// 32 lowercase hex digits (file names, short IDs, headers).
            pub fn hex(&self) -> String {
                hex::encode(self.0)
            }
            /// The hyphenated UUID form (`user list`).
            pub fn hyphenated(&self) -> String {
                uuid::Uuid::from_bytes(self.0).hyphenated().to_string()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.hex())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.hex())
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;
            fn from_str(s: &str) -> Result<Self, InvalidId> {
                uuid::Uuid::try_parse(s)
                    .map(|u| Self(*u.as_bytes()))
                    .map_err(|_| InvalidId::Uuid(s.to_owned()))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                serialize_ext(EXT_UUID, &self.0, s)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let data = deserialize_ext(EXT_UUID, d)?;
                let bytes: [u8; 16] = data
                    .as_slice()
                    .try_into()
                    .map_err(|_| de::Error::custom("UUID extension must hold 16 bytes"))?;
                Ok(Self(bytes))
            }
        }
    };
}

uuid_id!(
    /// A user of an organization.
    UserID
);
uuid_id!(
    /// A device of a user.
    DeviceID
);
uuid_id!(
    /// A realm, vlob or workspace.
    VlobID
);
uuid_id!(
    /// One run of the greeting exchange.
    GreetingAttemptID
);
uuid_id!(
    /// A sequester service.
    SequesterServiceID
);
uuid_id!(
    /// A TOTP-protected key (`totp_opaque_key_id` of device files, the key of
    /// `totp_create_opaque_key` / `totp_fetch_opaque_key`).
    TOTPOpaqueKeyID
);

/// An invitation or bootstrap token: 16 random bytes, msgpack bin 16, 32 hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct AccessToken([u8; 16]);

impl AccessToken {
    /// Wraps 16 raw bytes.
    pub const fn from_bytes(bytes: [u8; 16]) -> Self {
        Self(bytes)
    }
    /// The raw bytes.
    pub const fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
    /// A new random token.
    pub fn generate(rng: &dyn crate::crypto::RandomSource) -> Self {
        let mut b = [0u8; 16];
        rng.fill(&mut b);
        Self(b)
    }
    /// 32 lowercase hex digits.
    pub fn hex(&self) -> String {
        hex::encode(self.0)
    }
    /// Constant-time comparison, for server-side token checks.
    pub fn ct_eq(&self, other: &AccessToken) -> bool {
        crate::crypto::constant_time_eq(&self.0, &other.0)
    }
}

impl fmt::Display for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.hex())
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AccessToken({})", self.hex())
    }
}

impl FromStr for AccessToken {
    type Err = InvalidId;
    fn from_str(s: &str) -> Result<Self, InvalidId> {
        let err = || InvalidId::Token(s.to_owned());
        if s.len() != 32 {
            return Err(err());
        }
        let v = hex::decode(s).map_err(|_| err())?;
        v.try_into().map(Self).map_err(|_| err())
    }
}

impl Serialize for AccessToken {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for AccessToken {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let b = serde_bytes::ByteBuf::deserialize(d)?;
        let arr: [u8; 16] = b
            .as_slice()
            .try_into()
            .map_err(|_| de::Error::custom("access token must be 16 bytes"))?;
        Ok(Self(arr))
    }
}

macro_rules! validated_string {
    ($(#[$doc:meta])* $name:ident, $check:path) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// The validated text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;
            fn from_str(s: &str) -> Result<Self, InvalidId> {
                $check(s).map(Self)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(de::Error::custom)
            }
        }
    };
}

fn check_organization_id(s: &str) -> Result<String, InvalidId> {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = RE.get_or_init(|| regex::Regex::new(r"^[\w\-]+$").expect("static regex"));
    let n: String = s.nfc().collect();
    if n.is_empty() || n.len() > 32 || !re.is_match(&n) {
        return Err(InvalidId::OrganizationId(s.to_owned()));
    }
    Ok(n)
}

fn check_device_label(s: &str) -> Result<String, InvalidId> {
    let n: String = s.nfc().collect();
    if n.is_empty() || n.len() > 255 {
        return Err(InvalidId::DeviceLabel);
    }
    Ok(n)
}

fn check_email(s: &str) -> Result<String, InvalidId> {
    let err = || InvalidId::Email(s.to_owned());
    if !s.is_ascii() || s.len() > 255 {
        return Err(err());
    }
    let parsed = email_address::EmailAddress::parse_with_options(
        s,
        email_address::Options::default().without_display_text(),
    )
    .map_err(|_| err())?;
    if parsed.domain().eq_ignore_ascii_case("redacted.invalid") {
        return Err(err());
    }
    Ok(s.to_owned())
}

fn check_human_label(s: &str) -> Result<String, InvalidId> {
    let n: String = s.nfc().collect();
    const FORBIDDEN: &[char] = &['<', '>', '@', ',', ':', ';', '\\', '"', '[', ']'];
    if n.trim().is_empty() || n.len() >= 255 || n.contains(FORBIDDEN) {
        return Err(InvalidId::HumanLabel(s.to_owned()));
    }
    Ok(n)
}

validated_string!(
    /// An organization name: NFC, 1 to 32 bytes of `-` and Unicode word characters.
    OrganizationID,
    check_organization_id
);
validated_string!(
    /// A device label: NFC, 1 to 255 bytes, any characters.
    DeviceLabel,
    check_device_label
);
validated_string!(
    /// An email address (ASCII, RFC 5322 addr-spec).
    EmailAddress,
    check_email
);

impl OrganizationID {
    /// The ID percent-encoded as one URL path segment.
    pub fn url_segment(&self) -> String {
        percent_encoding::utf8_percent_encode(&self.0, crate::addr::PATH_SEGMENT).to_string()
    }
}

/// A person: email and full name, `[email, label]` on the wire, `label <email>` as text.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct HumanHandle {
    email: EmailAddress,
    label: String,
}

impl HumanHandle {
    /// Validates the label and pairs it with the email.
    pub fn new(email: EmailAddress, label: &str) -> Result<Self, InvalidId> {
        Ok(Self {
            email,
            label: check_human_label(label)?,
        })
    }
    /// The email address.
    pub fn email(&self) -> &EmailAddress {
        &self.email
    }
    /// The full name.
    pub fn label(&self) -> &str {
        &self.label
    }
    /// The placeholder the official client shows for a redacted user certificate.
    pub fn redacted_placeholder(user_id: UserID) -> Self {
        Self {
            email: EmailAddress(format!("{}@redacted.invalid", user_id.hex())),
            label: user_id.hex(),
        }
    }
}

impl fmt::Display for HumanHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} <{}>", self.label, self.email)
    }
}

impl fmt::Debug for HumanHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HumanHandle({self})")
    }
}

impl Serialize for HumanHandle {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (self.email.as_str(), self.label.as_str()).serialize(s)
    }
}

impl<'de> Deserialize<'de> for HumanHandle {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (email, label): (String, String) = Deserialize::deserialize(d)?;
        // Placeholders of redacted certificates are built locally, never received, so the
        // `redacted.invalid` rule applies to every handle read from the wire.
        let email: EmailAddress = email.parse().map_err(de::Error::custom)?;
        HumanHandle::new(email, &label).map_err(de::Error::custom)
    }
}

/// What a user may do in the organization (certificates.md §11).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum UserProfile {
    /// Invites, revokes and manages users.
    Admin,
    /// Regular member.
    Standard,
    /// External: sees redacted certificates only.
    Outsider,
}

impl UserProfile {
    /// The wire string.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "ADMIN",
            Self::Standard => "STANDARD",
            Self::Outsider => "OUTSIDER",
        }
    }
}

impl fmt::Display for UserProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for UserProfile {
    type Err = InvalidId;
    fn from_str(s: &str) -> Result<Self, InvalidId> {
        match s.to_ascii_uppercase().as_str() {
            "ADMIN" => Ok(Self::Admin),
            "STANDARD" => Ok(Self::Standard),
            "OUTSIDER" => Ok(Self::Outsider),
            _ => Err(InvalidId::Profile(s.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organization_ids() {
        for ok in ["MyOrg", "Orgé", "日本", "Org-1_x", &"a".repeat(32)] {
            assert!(ok.parse::<OrganizationID>().is_ok(), "{ok}");
        }
        for bad in [
            "",
            "a.b",
            "a b",
            "a/b",
            &"a".repeat(33),
            "ééééééééééééééééé",
        ] {
            assert!(bad.parse::<OrganizationID>().is_err(), "{bad}");
        }
        assert_eq!(
            "Orgé".parse::<OrganizationID>().map(|o| o.url_segment()),
            Ok("Org%C3%A9".into())
        );
    }

    #[test]
    fn emails_and_handles() {
        assert!("alice@example.com".parse::<EmailAddress>().is_ok());
        assert!("x@redacted.invalid".parse::<EmailAddress>().is_err());
        assert!("not an email".parse::<EmailAddress>().is_err());
        let email: EmailAddress = "alice@example.com".parse().expect("valid");
        assert!(HumanHandle::new(email.clone(), "Alice <x>").is_err());
        assert!(HumanHandle::new(email.clone(), "").is_err());
        assert_eq!(
            HumanHandle::new(email, "Alice").map(|h| h.to_string()),
            Ok("Alice <alice@example.com>".into())
        );
    }

    #[test]
    fn uuid_ext() {
        let id: UserID = "a11cec00100000000000000000000000".parse().expect("hex");
        assert_eq!(id.hyphenated(), "a11cec00-1000-0000-0000-000000000000");
        let bytes = rmp_serde::to_vec(&id).expect("encode");
        assert_eq!(hex::encode(&bytes), "d802a11cec00100000000000000000000000");
        let token: AccessToken = "A0000000000000000000000000000001".parse().expect("hex");
        assert_eq!(
            hex::encode(rmp_serde::to_vec(&token).expect("encode")),
            "c410a0000000000000000000000000000001"
        );
    }
}
