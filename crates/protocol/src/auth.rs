//! Request authentication headers (wire.md §1.4–1.5).

use crate::crypto::{SigningKey, VerifyKey};
use crate::ids::{AccessToken, DeviceID};

/// Literal first part of the authenticated token.
pub const SIGN_PREFIX: &str = "PARSEC-SIGN-ED25519";

/// `Authorization` value of an authenticated request made at `timestamp_secs`:
/// `Bearer PARSEC-SIGN-ED25519.<device hex>.<secs>.<base64url padded signature>`.
pub fn authenticated_header(device_id: DeviceID, key: &SigningKey, timestamp_secs: i64) -> String {
    let signed = format!("{SIGN_PREFIX}.{}.{timestamp_secs}", device_id.hex());
    let sig = key.sign_only_signature(signed.as_bytes());
    format!("Bearer {signed}.{}", data_encoding::BASE64URL.encode(&sig))
}

/// `Authorization` value of an invited request.
pub fn invited_header(token: &AccessToken) -> String {
    format!("Bearer {}", token.hex())
}

/// A parsed authenticated token, not yet verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedToken {
    /// The claimed device.
    pub device_id: DeviceID,
    /// The claimed time, in whole seconds.
    pub timestamp_secs: i64,
    signed: String,
    signature: Vec<u8>,
}

impl SignedToken {
    /// Parses the token part of an `Authorization: Bearer <token>` header the way the
    /// official server does; `None` means HTTP 401.
    pub fn parse(token: &str) -> Option<Self> {
        let (signed, sig_b64) = token.rsplit_once('.')?;
        let mut parts = signed.split('.');
        let (prefix, device, ts) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || prefix != SIGN_PREFIX {
            return None;
        }
        // The official decoder accepts both alphabets but requires padding.
        let normalized: String = sig_b64
            .chars()
            .map(|c| match c {
                '+' => '-',
                '/' => '_',
                c => c,
            })
            .collect();
        let signature = data_encoding::BASE64URL
            .decode(normalized.as_bytes())
            .ok()?;
        let device_id = device.parse().ok()?;
        if ts.is_empty() || !ts.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let timestamp_secs = ts.parse().ok()?;
        Some(Self {
            device_id,
            timestamp_secs,
            signed: signed.to_owned(),
            signature,
        })
    }

    /// Checks the signature with the device's key.
    pub fn verify(&self, key: &VerifyKey) -> bool {
        key.verify_signature(&self.signature, self.signed.as_bytes())
            .is_ok()
    }
}

/// Splits `Bearer <value>` (scheme case-insensitive, exactly two words).
pub fn parse_bearer(header: &str) -> Option<&str> {
    let mut words = header.split_whitespace();
    let (scheme, value) = (words.next()?, words.next()?);
    if words.next().is_some() || !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vector_header_roundtrip() {
        let mut seed = [0u8; 32];
        for (i, b) in seed.iter_mut().enumerate() {
            *b = 0x20 + i as u8;
        }
        let key = SigningKey::from_seed(&seed);
        let device: DeviceID = "de10a11cec0010000000000000000000".parse().expect("hex");
        let header = authenticated_header(device, &key, 1_700_000_000);
        assert_eq!(
            header,
            "Bearer PARSEC-SIGN-ED25519.de10a11cec0010000000000000000000.1700000000.p9Sj85NstkS8bhz1NR6K1SaHw0B8ICEoFG1rqNJcV-UsxOFBH7VjSjddUrUkRCuITbnAeB2ZERZdzYgS704oDw=="
        );
        let token = SignedToken::parse(parse_bearer(&header).expect("bearer")).expect("parse");
        assert_eq!(token.device_id, device);
        assert!(token.verify(&key.verify_key()));
        assert!(SignedToken::parse(
            "PARSEC-SIGN-ED25519.de10a11cec0010000000000000000000.1700000000.p9Sj85Nstk"
        )
        .is_none());
    }
}
