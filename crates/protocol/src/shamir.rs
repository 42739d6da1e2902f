//! Shared (shamir) recovery data: the recovery secret split into shares, and the share
//! data each recipient gets sealed in its share certificate.
//!
//! The split is the `blahaj` crate's (GF(256), one polynomial per secret byte), in the
//! version the official client uses, so shares made here and there are interchangeable.
//! A share is `x || y…` as bytes: one evaluation point, then one byte per secret byte.

use crate::crypto::{PrivateKey, PublicKey, RandomSource, SecretKey, SigningKey, VerifyKey};
use crate::data::{self, DataError, Typed};
use crate::ids::{AccessToken, DeviceID};
use crate::time::DateTime;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::num::NonZeroU8;
use zeroize::Zeroizing;

/// Shamir data that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ShamirError {
    /// A share shorter than 2 bytes.
    #[error("a shamir share is at least 2 bytes long")]
    ShareTooShort,
    /// Fewer distinct shares than the threshold, or shares of different lengths.
    #[error("the shares cannot rebuild the secret: {0}")]
    NotEnoughShares(&'static str),
    /// Decryption with the recipient's key failed.
    #[error("the share data cannot be decrypted")]
    Decryption,
    /// The author's signature does not verify.
    #[error("the share data signature is invalid")]
    BadSignature,
    /// Decoded, but not from the expected author or setup.
    #[error("the share data does not match its certificate ({0})")]
    Mismatch(&'static str),
    /// More than 255 shares in one share data.
    #[error("a share data holds at most 255 shares")]
    TooManyShares,
    /// The payload cannot be decoded.
    #[error(transparent)]
    Data(#[from] DataError),
}

/// One share of a recovery secret. `Debug` redacts it.
#[derive(Clone, PartialEq, Eq)]
pub struct ShamirShare(Zeroizing<Vec<u8>>);

impl ShamirShare {
    /// Wraps the bytes of a share (`x` then the `y` values).
    pub fn load(raw: &[u8]) -> Result<Self, ShamirError> {
        if raw.len() < 2 {
            return Err(ShamirError::ShareTooShort);
        }
        Ok(Self(Zeroizing::new(raw.to_vec())))
    }

    /// The share's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The evaluation point (distinct for each share of one split).
    pub fn x(&self) -> u8 {
        self.0[0]
    }

    fn to_blahaj(&self) -> blahaj::Share {
        blahaj::Share::try_from(self.as_bytes()).expect("length checked at construction")
    }
}

impl fmt::Debug for ShamirShare {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ShamirShare(x={}, <redacted>)", self.x())
    }
}

impl Serialize for ShamirShare {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.as_bytes())
    }
}

impl<'de> Deserialize<'de> for ShamirShare {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Zeroizing::new(serde_bytes::ByteBuf::deserialize(d)?.into_vec());
        Self::load(&raw).map_err(serde::de::Error::custom)
    }
}

/// Our random source as the `rand` generator `blahaj` takes.
struct Rng<'a>(&'a dyn RandomSource);

impl rand_core::RngCore for Rng<'_> {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0; 4];
        self.0.fill(&mut b);
        u32::from_le_bytes(b)
    }
    fn next_u64(&mut self) -> u64 {
        let mut b = [0; 8];
        self.0.fill(&mut b);
        u64::from_le_bytes(b)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        self.0.fill(dest);
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.0.fill(dest);
        Ok(())
    }
}

/// `blahaj`'s reasons, as static strings (its errors borrow the dealer).
fn static_reason(reason: &str) -> &'static str {
    if reason.contains("length") {
        "all shares must have the same length"
    } else {
        "not enough distinct shares"
    }
}

/// What the shares rebuild: the key of the ciphered recovery device the server keeps,
/// and the token to get it (`invite_shamir_recovery_reveal`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShamirRecoverySecret {
    /// Decrypts the server-kept `ciphered_data`.
    pub data_key: SecretKey,
    /// Proves the claimer rebuilt the secret.
    pub reveal_token: AccessToken,
}

impl Typed for ShamirRecoverySecret {
    const TYPE: &'static str = "shamir_recovery_secret";
}

impl ShamirRecoverySecret {
    /// Serializes (format v0) and splits into `shares` shares, `threshold` of which
    /// rebuild it.
    pub fn dump_and_split(
        &self,
        threshold: NonZeroU8,
        shares: NonZeroU8,
        rng: &dyn RandomSource,
    ) -> Vec<ShamirShare> {
        let secret = Zeroizing::new(data::dump_v0(self));
        let mut rng = Rng(rng);
        blahaj::Sharks(threshold.get())
            .dealer_rng(&secret, &mut rng)
            .take(usize::from(shares.get()))
            .map(|s| ShamirShare(Zeroizing::new(Vec::from(&s))))
            .collect()
    }

    /// Rebuilds from at least `threshold` distinct shares and decodes.
    pub fn recover<'a>(
        threshold: NonZeroU8,
        shares: impl IntoIterator<Item = &'a ShamirShare>,
    ) -> Result<Self, ShamirError> {
        let shares: Vec<blahaj::Share> = shares.into_iter().map(ShamirShare::to_blahaj).collect();
        let sharks = blahaj::Sharks(threshold.get());
        let secret = Zeroizing::new(
            sharks
                .recover(&shares)
                .map_err(|e| ShamirError::NotEnoughShares(static_reason(e)))?,
        );
        Ok(data::load_v0(&secret)?)
    }
}

/// A recipient's shares, signed by the setup's author then sealed for the recipient, as
/// `ciphered_share` of its share certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShamirRecoveryShareData {
    /// Same as the certificate's.
    pub author: DeviceID,
    /// Same as the certificate's.
    pub timestamp: DateTime,
    /// As many shares as the recipient's weight.
    pub weighted_share: Vec<ShamirShare>,
}

impl Typed for ShamirRecoveryShareData {
    const TYPE: &'static str = "shamir_recovery_share_data";
}

impl ShamirRecoveryShareData {
    /// Serializes (format v0), signs with the author's key, seals for the recipient.
    pub fn dump_sign_and_encrypt_for(
        &self,
        author_signkey: &SigningKey,
        recipient: &PublicKey,
        rng: &dyn RandomSource,
    ) -> Vec<u8> {
        let signed = Zeroizing::new(author_signkey.sign(&data::dump_v0(self)));
        recipient.encrypt_for_self(rng, &signed)
    }

    /// Opens with the recipient's key, verifies the author's signature, decodes, and
    /// checks author and timestamp against the certificate.
    pub fn decrypt_verify_and_load_for(
        encrypted: &[u8],
        recipient: &PrivateKey,
        author_verify_key: &VerifyKey,
        expected_author: DeviceID,
        expected_timestamp: DateTime,
    ) -> Result<Self, ShamirError> {
        let signed = Zeroizing::new(
            recipient
                .decrypt_from_self(encrypted)
                .map_err(|_| ShamirError::Decryption)?,
        );
        let payload = author_verify_key
            .verify(&signed)
            .map_err(|_| ShamirError::BadSignature)?;
        let obj: Self = data::load_v0(payload)?;
        if obj.author != expected_author {
            return Err(ShamirError::Mismatch("author"));
        }
        if obj.timestamp != expected_timestamp {
            return Err(ShamirError::Mismatch("timestamp"));
        }
        if obj.weighted_share.len() > 255 {
            return Err(ShamirError::TooManyShares);
        }
        Ok(obj)
    }
}

#[cfg(test)]
mod tests;
