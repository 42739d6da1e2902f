//! Certificates (certificates.md §1–3): user, device, user update, revoked user,
//! sequester authority and the three shamir recovery ones, signed as
//! `signature(64) || 0x00 || zstd(msgpack)`.
//!
//! Loading is two-step, as the official client does: [`AnyCertificate::unsecure_load`]
//! reads the payload to learn its kind and author, then the caller picks the author's
//! verify key and calls [`verify_and_load`].

use crate::crypto::{CryptoError, PublicKey, SigningKey, VerifyKey};
use crate::data::{self, DataError, Typed};
use crate::ids::{DeviceID, DeviceLabel, HumanHandle, UserID, UserProfile};
use crate::time::DateTime;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::num::NonZeroU8;

/// A certificate that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CertifError {
    /// Shorter than a signature.
    #[error("certificate is too short")]
    TooShort,
    /// The signature does not verify with the expected key.
    #[error("certificate signature is invalid")]
    BadSignature,
    /// Payload cannot be decoded.
    #[error("certificate payload is invalid: {0}")]
    Payload(#[from] DataError),
}

impl From<CryptoError> for CertifError {
    fn from(_: CryptoError) -> Self {
        Self::BadSignature
    }
}

/// The only user key algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PrivateKeyAlgorithm {
    /// X25519 keys, XSalsa20-Poly1305 boxes.
    #[serde(rename = "X25519_XSALSA20_POLY1305")]
    X25519XSalsa20Poly1305,
}

/// The only device key algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SigningKeyAlgorithm {
    /// Ed25519.
    #[serde(rename = "ED25519")]
    Ed25519,
}

/// Why a device exists (added in Parsec 3.2; a missing key reads as `STANDARD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DevicePurpose {
    /// A regular device.
    #[default]
    Standard,
    /// Made for a shamir recovery.
    ShamirRecovery,
    /// Made for a passphrase recovery file.
    PassphraseRecovery,
    /// Made for a registration.
    Registration,
}

fn purpose_or_standard<'de, D: Deserializer<'de>>(d: D) -> Result<DevicePurpose, D::Error> {
    Ok(Option::<DevicePurpose>::deserialize(d)?.unwrap_or_default())
}

/// Who signed a certificate: `None` is the organization root key.
pub type CertificateSigner = Option<DeviceID>;

/// A user joins the organization (§2.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserCertificate {
    /// Signer; `None` only at bootstrap.
    pub author: CertificateSigner,
    /// Creation time.
    pub timestamp: DateTime,
    /// The new user.
    pub user_id: UserID,
    /// `None` in the redacted variant.
    pub human_handle: Option<HumanHandle>,
    /// The user's X25519 public key.
    pub public_key: PublicKey,
    /// Always X25519.
    pub algorithm: PrivateKeyAlgorithm,
    /// Initial profile.
    pub profile: UserProfile,
}

impl Typed for UserCertificate {
    const TYPE: &'static str = "user_certificate";
}

/// A device joins a user (§2.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceCertificate {
    /// Why the device exists.
    #[serde(default, deserialize_with = "purpose_or_standard")]
    pub purpose: DevicePurpose,
    /// Signer; `None` only at bootstrap.
    pub author: CertificateSigner,
    /// Creation time.
    pub timestamp: DateTime,
    /// Owner.
    pub user_id: UserID,
    /// The new device.
    pub device_id: DeviceID,
    /// `None` in the redacted variant.
    pub device_label: Option<DeviceLabel>,
    /// The device's Ed25519 public key.
    pub verify_key: VerifyKey,
    /// Always Ed25519.
    pub algorithm: SigningKeyAlgorithm,
}

impl Typed for DeviceCertificate {
    const TYPE: &'static str = "device_certificate";
}

/// A profile change (§2.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserUpdateCertificate {
    /// An admin's device.
    pub author: DeviceID,
    /// Change time.
    pub timestamp: DateTime,
    /// Target.
    pub user_id: UserID,
    /// New profile.
    pub new_profile: UserProfile,
}

impl Typed for UserUpdateCertificate {
    const TYPE: &'static str = "user_update_certificate";
}

/// A revocation (§2.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevokedUserCertificate {
    /// An admin's device.
    pub author: DeviceID,
    /// Revocation time.
    pub timestamp: DateTime,
    /// Target.
    pub user_id: UserID,
}

impl Typed for RevokedUserCertificate {
    const TYPE: &'static str = "revoked_user_certificate";
}

/// The sequester authority, root-signed at bootstrap (§2.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SequesterAuthorityCertificate {
    /// Same as the bootstrap user certificate.
    pub timestamp: DateTime,
    /// DER SubjectPublicKeyInfo of the authority's RSA key.
    #[serde(with = "serde_bytes")]
    pub verify_key_der: Vec<u8>,
}

impl Typed for SequesterAuthorityCertificate {
    const TYPE: &'static str = "sequester_authority_certificate";
}

/// A shamir recovery setup: who holds how many shares of the author's recovery secret.
///
/// Decoding checks what the official type checks: the shares add up to at most 255 and
/// at least the threshold (so there is at least one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ShamirRecoveryBriefFields")]
pub struct ShamirRecoveryBriefCertificate {
    /// A device of the user to recover.
    pub author: DeviceID,
    /// Setup time; identifies the setup together with `user_id`.
    pub timestamp: DateTime,
    /// The user to recover (the author's user).
    pub user_id: UserID,
    /// Shares needed to recover.
    pub threshold: NonZeroU8,
    /// Shares held by each recipient.
    pub per_recipient_shares: BTreeMap<UserID, NonZeroU8>,
}

#[derive(Deserialize)]
struct ShamirRecoveryBriefFields {
    author: DeviceID,
    timestamp: DateTime,
    user_id: UserID,
    threshold: NonZeroU8,
    per_recipient_shares: BTreeMap<UserID, NonZeroU8>,
}

/// A brief certificate whose numbers do not hold together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ShamirBriefError {
    /// More than 255 shares in all.
    #[error("a shamir recovery has at most 255 shares, not {0}")]
    TooManyShares(usize),
    /// The threshold cannot be reached.
    #[error("the threshold ({threshold}) is above the total number of shares ({total})")]
    ThresholdAboveTotal {
        /// Shares needed.
        threshold: u8,
        /// Shares distributed.
        total: usize,
    },
}

impl TryFrom<ShamirRecoveryBriefFields> for ShamirRecoveryBriefCertificate {
    type Error = ShamirBriefError;
    fn try_from(f: ShamirRecoveryBriefFields) -> Result<Self, ShamirBriefError> {
        let c = Self {
            author: f.author,
            timestamp: f.timestamp,
            user_id: f.user_id,
            threshold: f.threshold,
            per_recipient_shares: f.per_recipient_shares,
        };
        c.check()?;
        Ok(c)
    }
}

impl ShamirRecoveryBriefCertificate {
    /// Total number of shares across the recipients.
    pub fn total_shares(&self) -> usize {
        self.per_recipient_shares
            .values()
            .map(|n| usize::from(n.get()))
            .sum()
    }

    /// The invariants checked at decoding: at most 255 shares, threshold reachable.
    pub fn check(&self) -> Result<(), ShamirBriefError> {
        let total = self.total_shares();
        if total > 255 {
            return Err(ShamirBriefError::TooManyShares(total));
        }
        if usize::from(self.threshold.get()) > total {
            return Err(ShamirBriefError::ThresholdAboveTotal {
                threshold: self.threshold.get(),
                total,
            });
        }
        Ok(())
    }

    /// Whether the user to recover is among its own recipients (the server refuses it).
    pub fn author_is_recipient(&self) -> bool {
        self.per_recipient_shares.contains_key(&self.user_id)
    }
}

impl Typed for ShamirRecoveryBriefCertificate {
    const TYPE: &'static str = "shamir_recovery_brief_certificate";
}

/// One recipient's shares of a setup, sealed for it (a signed then sealed
/// [`ShamirRecoveryShareData`](crate::shamir::ShamirRecoveryShareData)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShamirRecoveryShareCertificate {
    /// A device of the user to recover.
    pub author: DeviceID,
    /// Same as the brief certificate's.
    pub timestamp: DateTime,
    /// The user to recover.
    pub user_id: UserID,
    /// Who may open `ciphered_share`.
    pub recipient: UserID,
    /// The sealed share data.
    #[serde(with = "serde_bytes")]
    pub ciphered_share: Vec<u8>,
}

impl Typed for ShamirRecoveryShareCertificate {
    const TYPE: &'static str = "shamir_recovery_share_certificate";
}

/// Removes a setup; only its own user may (the author's user is `setup_to_delete_user_id`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShamirRecoveryDeletionCertificate {
    /// A device of the setup's user.
    pub author: DeviceID,
    /// Deletion time.
    pub timestamp: DateTime,
    /// The brief certificate's timestamp.
    pub setup_to_delete_timestamp: DateTime,
    /// The setup's user.
    pub setup_to_delete_user_id: UserID,
    /// The setup's recipients (to whom the deletion is visible).
    pub share_recipients: BTreeSet<UserID>,
}

impl Typed for ShamirRecoveryDeletionCertificate {
    const TYPE: &'static str = "shamir_recovery_deletion_certificate";
}

impl UserCertificate {
    /// The same certificate without the human handle.
    pub fn to_redacted(&self) -> Self {
        Self {
            human_handle: None,
            ..self.clone()
        }
    }
    /// The handle, or the official placeholder for a redacted certificate.
    pub fn human_handle_or_placeholder(&self) -> HumanHandle {
        self.human_handle
            .clone()
            .unwrap_or_else(|| HumanHandle::redacted_placeholder(self.user_id))
    }
}

impl DeviceCertificate {
    /// The same certificate without the device label.
    pub fn to_redacted(&self) -> Self {
        Self {
            device_label: None,
            ..self.clone()
        }
    }
    /// The label, or the official placeholder (device ID in hex) when redacted.
    pub fn device_label_or_placeholder(&self) -> String {
        self.device_label
            .as_ref()
            .map(|l| l.as_str().to_owned())
            .unwrap_or_else(|| self.device_id.hex())
    }
}

/// Serializes (format v0) and signs.
pub fn dump_and_sign<T: Typed>(value: &T, key: &SigningKey) -> Vec<u8> {
    key.sign(&data::dump_v0(value))
}

/// Verifies the signature with `key`, then decodes.
pub fn verify_and_load<T: Typed>(signed: &[u8], key: &VerifyKey) -> Result<T, CertifError> {
    let payload = key.verify(signed).map_err(|_| CertifError::BadSignature)?;
    Ok(data::load_v0(payload)?)
}

/// Decodes without checking the signature (to learn the author first).
pub fn unsecure_load<T: Typed>(signed: &[u8]) -> Result<T, CertifError> {
    let payload = signed.get(64..).ok_or(CertifError::TooShort)?;
    Ok(data::load_v0(payload)?)
}

/// Any certificate of the common and sequester topics, decoded without verification.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AnyCertificate {
    /// `user_certificate`.
    User(UserCertificate),
    /// `device_certificate`.
    Device(DeviceCertificate),
    /// `user_update_certificate`.
    UserUpdate(UserUpdateCertificate),
    /// `revoked_user_certificate`.
    RevokedUser(RevokedUserCertificate),
    /// `sequester_authority_certificate`.
    SequesterAuthority(SequesterAuthorityCertificate),
    /// `shamir_recovery_brief_certificate`.
    ShamirRecoveryBrief(ShamirRecoveryBriefCertificate),
    /// `shamir_recovery_share_certificate`.
    ShamirRecoveryShare(ShamirRecoveryShareCertificate),
    /// `shamir_recovery_deletion_certificate`.
    ShamirRecoveryDeletion(ShamirRecoveryDeletionCertificate),
    /// A kind this crate does not model (realm, sequester service…).
    Other {
        /// The `type` literal, or the armor prefix for RSA-signed ones.
        kind: String,
    },
}

impl AnyCertificate {
    /// Decodes the payload of a signed certificate, without verifying it.
    pub fn unsecure_load(signed: &[u8]) -> Result<Self, CertifError> {
        const RSA_ARMOR: &[u8] = b"RSASSA-PSS-SHA256:";
        if signed.starts_with(RSA_ARMOR) {
            return Ok(Self::Other {
                kind: "RSASSA-PSS-SHA256".into(),
            });
        }
        let payload = signed.get(64..).ok_or(CertifError::TooShort)?;
        // Every modelled kind shares the same limit, so one decompression serves them all.
        let raw = data::decompress_v0(payload, data::MAX_PAYLOAD_SIZE)?;
        let kind = data::peek_type(&raw)?.unwrap_or_default().to_owned();
        Ok(match kind.as_str() {
            UserCertificate::TYPE => Self::User(data::load_typed(&raw)?),
            DeviceCertificate::TYPE => Self::Device(data::load_typed(&raw)?),
            UserUpdateCertificate::TYPE => Self::UserUpdate(data::load_typed(&raw)?),
            RevokedUserCertificate::TYPE => Self::RevokedUser(data::load_typed(&raw)?),
            SequesterAuthorityCertificate::TYPE => {
                Self::SequesterAuthority(data::load_typed(&raw)?)
            }
            ShamirRecoveryBriefCertificate::TYPE => {
                Self::ShamirRecoveryBrief(data::load_typed(&raw)?)
            }
            ShamirRecoveryShareCertificate::TYPE => {
                Self::ShamirRecoveryShare(data::load_typed(&raw)?)
            }
            ShamirRecoveryDeletionCertificate::TYPE => {
                Self::ShamirRecoveryDeletion(data::load_typed(&raw)?)
            }
            _ => Self::Other { kind },
        })
    }

    /// The signer (`None` = root key).
    pub fn author(&self) -> CertificateSigner {
        match self {
            Self::User(c) => c.author,
            Self::Device(c) => c.author,
            Self::UserUpdate(c) => Some(c.author),
            Self::RevokedUser(c) => Some(c.author),
            Self::ShamirRecoveryBrief(c) => Some(c.author),
            Self::ShamirRecoveryShare(c) => Some(c.author),
            Self::ShamirRecoveryDeletion(c) => Some(c.author),
            Self::SequesterAuthority(_) | Self::Other { .. } => None,
        }
    }

    /// The timestamp, when the kind is modelled.
    pub fn timestamp(&self) -> Option<DateTime> {
        match self {
            Self::User(c) => Some(c.timestamp),
            Self::Device(c) => Some(c.timestamp),
            Self::UserUpdate(c) => Some(c.timestamp),
            Self::RevokedUser(c) => Some(c.timestamp),
            Self::SequesterAuthority(c) => Some(c.timestamp),
            Self::ShamirRecoveryBrief(c) => Some(c.timestamp),
            Self::ShamirRecoveryShare(c) => Some(c.timestamp),
            Self::ShamirRecoveryDeletion(c) => Some(c.timestamp),
            Self::Other { .. } => None,
        }
    }
}
