//! Device files (device-file.md): the decrypted [`LocalDevice`] (§3), the on-disk
//! [`DeviceFile`] map with its `password` variant (§2.1–2.3, §5) and the recognition of the
//! other variants for listing (§2.4–2.6), and the short IDs of `device list` (§4).
//!
//! Files are read from a generic msgpack value rather than through serde structs so that
//! both the map form (any key order) and the positional array form of Parsec 3.0 are
//! accepted, with or without the `totp_opaque_key_id` added in 3.8 (§2).

use crate::addr::{AddrError, OrganizationAddr, ServerAddr};
use crate::crypto::{
    derive_key_argon2id, random_bytes, Argon2Params, CryptoError, PrivateKey, RandomSource,
    SecretKey, SigningKey, VerifyKey,
};
use crate::data::{self, DataError, Typed};
use crate::ids::{DeviceID, DeviceLabel, HumanHandle, OrganizationID, UserID, UserProfile, VlobID};
use crate::time::DateTime;
use rmpv::Value;
use serde::{Deserialize, Serialize};
use std::fmt;

mod codec;
mod local_device;
mod recovery;
#[cfg(test)]
mod tests;

pub use crate::ids::TOTPOpaqueKeyID;
pub use local_device::LocalDevice;

/// Size of the Argon2id salt written in new files.
const SALT_LEN: usize = 16;
/// The only password algorithm (`algorithm.type`).
const ARGON2ID: &str = "ARGON2ID";

/// Largest device file accepted, in bytes (the official CLI writes about 1 KiB). A file is
/// read as a generic msgpack value, so this also bounds that value's size.
pub const MAX_DEVICE_FILE_SIZE: usize = 64 * 1024;

/// A device file that cannot be read or unlocked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DeviceFileError {
    /// Not a device file: bad msgpack, missing or ill-typed field.
    #[error("invalid device file: {0}")]
    Invalid(#[source] DataError),
    /// The `type` is none of the known variants.
    #[error("unknown device file type `{0}`")]
    UnknownType(String),
    /// A variant this crate cannot unlock (keyring, PKI, account vault, OpenBao…).
    #[error("unsupported device file authentication `{kind}`")]
    UnsupportedAuthentication {
        /// The file's variant.
        kind: DeviceFileKind,
    },
    /// The file is doubly encrypted with a TOTP-protected key (device-file.md §2.2).
    #[error("unsupported device file authentication `TOTP`")]
    UnsupportedTotp,
    /// `algorithm.type` is not `ARGON2ID`.
    #[error("unsupported password algorithm `{0}`")]
    UnsupportedAlgorithm(String),
    /// The file asks for Argon2id costs beyond [`Argon2Params::MAX`].
    #[error(
        "the device file asks for an unreasonable key derivation cost ({} KiB, {} passes, {} lanes; \
         at most {} KiB, {} passes, {} lanes are accepted)",
        .0.memlimit_kb, .0.opslimit, .0.parallelism,
        Argon2Params::MAX.memlimit_kb, Argon2Params::MAX.opslimit, Argon2Params::MAX.parallelism
    )]
    KdfTooCostly(Argon2Params),
    /// Argon2 refused the parameters stored in the file.
    #[error("invalid key derivation parameters in the device file")]
    KeyDerivation(#[source] CryptoError),
    /// Wrong password (or key), or a corrupted ciphertext.
    #[error("decryption failed: wrong password or corrupted device file")]
    DecryptionFailed,
    /// A recovery passphrase that does not decode to a key (wire.md §3.4).
    #[error("invalid recovery passphrase: it must be 52 letters and digits, in groups of four")]
    InvalidPassphrase,
    /// A recovery passphrase was given for another kind of device file.
    #[error("not a recovery file: this is a `{kind}` device file")]
    NotRecovery {
        /// The file's variant.
        kind: DeviceFileKind,
    },
    /// The decrypted payload is not a `local_device`.
    #[error("invalid decrypted device data: {0}")]
    InvalidLocalDevice(#[source] DataError),
}

/// The variant of a device file: how its key is obtained (device-file.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeviceFileKind {
    /// Argon2id over a password (the one the CLI creates and unlocks).
    Password,
    /// A recovery passphrase kept in the OS keyring.
    Keyring,
    /// A recovery passphrase shown once to the user.
    Recovery,
    /// A smartcard / X.509 key.
    Pki,
    /// A key in the Parsec account vault.
    AccountVault,
    /// A key on an OpenBao server.
    OpenBao,
}

impl DeviceFileKind {
    const ALL: [Self; 6] = [
        Self::Password,
        Self::Keyring,
        Self::Recovery,
        Self::Pki,
        Self::AccountVault,
        Self::OpenBao,
    ];

    /// The `type` literal.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Password => "password",
            Self::Keyring => "keyring",
            Self::Recovery => "recovery",
            Self::Pki => "pki",
            Self::AccountVault => "account_vault",
            Self::OpenBao => "openbao",
        }
    }

    fn from_type(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Keys after `type`, in schema order (what positional arrays follow).
    fn field_names(self) -> Vec<&'static str> {
        const COMMON: [&str; 8] = [
            "created_on",
            "protected_on",
            "server_url",
            "organization_id",
            "user_id",
            "device_id",
            "human_handle",
            "device_label",
        ];
        let own: &[&str] = match self {
            Self::Password => &["algorithm", "ciphertext", "totp_opaque_key_id"],
            Self::Keyring => &[
                "keyring_service",
                "keyring_user",
                "ciphertext",
                "totp_opaque_key_id",
            ],
            Self::Recovery => &["ciphertext"],
            Self::Pki => &[
                "certificate_ref",
                "algorithm",
                "encrypted_key",
                "ciphertext",
                "totp_opaque_key_id",
            ],
            Self::AccountVault => &["ciphertext_key_id", "ciphertext", "totp_opaque_key_id"],
            Self::OpenBao => &[
                "ciphertext",
                "openbao_preferred_auth_id",
                "openbao_entity_id",
                "openbao_ciphertext_key_path",
                "totp_opaque_key_id",
            ],
        };
        COMMON.iter().chain(own).copied().collect()
    }
}

impl fmt::Display for DeviceFileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `algorithm` of a `password` file: Argon2id parameters and salt (§2.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordAlgorithm {
    /// Memory, passes and lanes.
    pub params: Argon2Params,
    /// The salt (16 bytes in files written by 3.9.3).
    pub salt: Vec<u8>,
}

/// The key of a new `password` file, derived from the password with a fresh salt, kept
/// with its algorithm until the device to encrypt is known.
#[derive(Clone)]
pub struct PasswordKey {
    algorithm: PasswordAlgorithm,
    key: SecretKey,
}

impl PasswordKey {
    /// Draws a fresh 16-byte salt from `rng` and derives the key (Argon2id, slow).
    ///
    /// # Panics
    ///
    /// If Argon2 rejects `params` (see [`DeviceFile::encrypt_password`]).
    pub fn derive(password: &[u8], params: Argon2Params, rng: &dyn RandomSource) -> Self {
        let salt = random_bytes(rng, SALT_LEN);
        let key = derive_key_argon2id(password, &salt, params)
            .expect("writers use valid Argon2 parameters (see `# Panics`)");
        Self {
            algorithm: PasswordAlgorithm { params, salt },
            key,
        }
    }
}

impl fmt::Debug for PasswordKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordKey")
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

/// The key of a new `keyring` file (device-file.md §2.4): the OS keyring entry that
/// holds it (service and user names) and the key itself, decoded from the recovery
/// passphrase stored in that entry.
#[derive(Clone)]
pub struct KeyringKey {
    service: String,
    user: String,
    key: SecretKey,
}

impl KeyringKey {
    /// The key stored in the OS keyring entry `service` / `user`.
    pub fn new(service: impl Into<String>, user: impl Into<String>, key: SecretKey) -> Self {
        Self {
            service: service.into(),
            user: user.into(),
            key,
        }
    }

    /// The entry's service (`parsec`).
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The entry's user (a hyphenated UUID).
    pub fn user(&self) -> &str {
        &self.user
    }

    /// The key.
    pub fn key(&self) -> &SecretKey {
        &self.key
    }
}

impl fmt::Debug for KeyringKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyringKey")
            .field("service", &self.service)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

/// The key a new device file is encrypted with, and what its variant records about it.
#[derive(Debug, Clone)]
pub enum ProtectionKey {
    /// A `password` file: Argon2id over a password.
    Password(PasswordKey),
    /// A `keyring` file: a key kept in the OS keyring.
    Keyring(KeyringKey),
}

/// How the key of a device file is obtained, with the variant's own fields.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeviceFileProtection {
    /// `password`: the key is derived from a password.
    Password(PasswordAlgorithm),
    /// `keyring`: the key is a recovery passphrase stored in the OS keyring.
    Keyring {
        /// Keyring service (always `parsec`).
        service: String,
        /// Keyring user name (a hyphenated UUID).
        user: String,
    },
    /// `recovery`: the key is a recovery passphrase held by the user.
    Recovery,
    /// `pki` (recognised only).
    Pki,
    /// `account_vault` (recognised only).
    AccountVault,
    /// `openbao` (recognised only).
    OpenBao,
}

/// A decoded device file: what `device list` shows, and the encrypted [`LocalDevice`].
/// Built by [`DeviceFile::decode`]; read through its accessors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceFile {
    /// When the file was first created.
    created_on: DateTime,
    /// When its protection last changed.
    protected_on: DateTime,
    /// The server as an `http(s)://HOST[:PORT]/` URL.
    server_url: String,
    /// The organization.
    organization_id: OrganizationID,
    /// The user.
    user_id: UserID,
    /// The device.
    device_id: DeviceID,
    /// The user's name and email.
    human_handle: HumanHandle,
    /// The device's label.
    device_label: DeviceLabel,
    /// The variant and its key-source fields.
    protection: DeviceFileProtection,
    /// `nonce || tag || secretbox(LocalDevice msgpack)`.
    ciphertext: Vec<u8>,
    /// Set when the ciphertext is doubly encrypted with a TOTP-protected key.
    totp_opaque_key_id: Option<TOTPOpaqueKeyID>,
}

/// Length of the short device IDs of `device list` (device-file.md §4): one more than the
/// longest common hex prefix between any two devices, clamped to 3..=32.
pub fn short_id_len(ids: &[DeviceID]) -> usize {
    let mut hexes: Vec<String> = ids.iter().map(DeviceID::hex).collect();
    hexes.sort();
    // The longest common prefix of a set is reached between neighbours in sorted order.
    let longest = hexes
        .windows(2)
        .map(|w| {
            w[0].bytes()
                .zip(w[1].bytes())
                .take_while(|(a, b)| a == b)
                .count()
                + 1
        })
        .max()
        .unwrap_or(0);
    longest.clamp(3, 32)
}
