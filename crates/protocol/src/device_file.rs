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
use crate::ext::{deserialize_ext, serialize_ext, EXT_UUID};
use crate::ids::{DeviceID, DeviceLabel, HumanHandle, OrganizationID, UserID, UserProfile, VlobID};
use crate::time::DateTime;
use rmpv::Value;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Size of the Argon2id salt written in new files.
const SALT_LEN: usize = 16;
/// The only password algorithm (`algorithm.type`).
const ARGON2ID: &str = "ARGON2ID";

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
    /// Argon2 refused the parameters stored in the file.
    #[error("invalid key derivation parameters in the device file")]
    KeyDerivation(#[source] CryptoError),
    /// Wrong password (or key), or a corrupted ciphertext.
    #[error("decryption failed: wrong password or corrupted device file")]
    DecryptionFailed,
    /// The decrypted payload is not a `local_device`.
    #[error("invalid decrypted device data: {0}")]
    InvalidLocalDevice(#[source] DataError),
}

// ---------------------------------------------------------------------------
// LocalDevice

/// The decrypted content of a device file (device-file.md §3). `Debug` redacts the keys.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LocalDevice {
    /// The server as an `http(s)://HOST[:PORT]/` URL.
    pub server_url: String,
    /// The organization.
    pub organization_id: OrganizationID,
    /// The organization's root verify key.
    pub root_verify_key: VerifyKey,
    /// The user.
    pub user_id: UserID,
    /// This device.
    pub device_id: DeviceID,
    /// This device's label.
    pub device_label: DeviceLabel,
    /// The user's name and email.
    pub human_handle: HumanHandle,
    /// This device's Ed25519 key (request signatures, certificates).
    pub signing_key: SigningKey,
    /// The user's X25519 key (shared by all the user's devices).
    pub private_key: PrivateKey,
    /// The profile at enrolment time (the current one comes from certificates).
    pub initial_profile: UserProfile,
    /// The user's private realm.
    pub user_realm_id: VlobID,
    /// The key of that realm.
    pub user_realm_key: SecretKey,
    /// The key of this device's local storage.
    pub local_symkey: SecretKey,
}

impl Typed for LocalDevice {
    const TYPE: &'static str = "local_device";
}

impl LocalDevice {
    /// The server, from `server_url`.
    pub fn server_addr(&self) -> Result<ServerAddr, AddrError> {
        ServerAddr::from_http_url(&self.server_url)
    }

    /// The `parsec3://HOST/ORG?p=<root key>` address of the organization.
    pub fn organization_addr(&self) -> Result<OrganizationAddr, AddrError> {
        Ok(OrganizationAddr::new(
            self.server_addr()?,
            self.organization_id.clone(),
            self.root_verify_key,
        ))
    }

    /// The plain msgpack map (type first, fields in schema order) that gets encrypted.
    pub fn dump(&self) -> Vec<u8> {
        data::dump_typed(self)
    }

    /// Reads the decrypted msgpack (map or positional array).
    pub fn load(bytes: &[u8]) -> Result<Self, DataError> {
        data::load_typed(bytes)
    }
}

// ---------------------------------------------------------------------------
// Device file

/// The ID of a TOTP-protected key (`totp_opaque_key_id`, a UUID, msgpack ext 2).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TOTPOpaqueKeyID([u8; 16]);

impl TOTPOpaqueKeyID {
    /// Wraps 16 raw bytes.
    pub const fn from_bytes(bytes: [u8; 16]) -> Self {
        Self(bytes)
    }

    /// 32 lowercase hex digits.
    pub fn hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Debug for TOTPOpaqueKeyID {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TOTPOpaqueKeyID({})", self.hex())
    }
}

impl Serialize for TOTPOpaqueKeyID {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_ext(EXT_UUID, &self.0, s)
    }
}

impl<'de> Deserialize<'de> for TOTPOpaqueKeyID {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let data = deserialize_ext(EXT_UUID, d)?;
        data.as_slice()
            .try_into()
            .map(Self)
            .map_err(|_| de::Error::custom("UUID extension must hold 16 bytes"))
    }
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

/// A decoded map (or positional array) as `(key, value)` pairs.
struct Fields(Vec<(String, Value)>);

impl Fields {
    /// Reads a map with string keys, or an array `[type, field…]` in `names` order.
    fn new(value: Value, names: &[&str]) -> Result<Self, DataError> {
        match value {
            Value::Map(pairs) => Ok(Self(
                pairs
                    .into_iter()
                    .filter_map(|(k, v)| match k {
                        Value::String(s) => s.into_str().map(|s| (s, v)),
                        _ => None,
                    })
                    .collect(),
            )),
            Value::Array(items) => Ok(Self(
                names
                    .iter()
                    .map(|n| (*n).to_owned())
                    .zip(items.into_iter().skip(1))
                    .collect(),
            )),
            _ => Err(DataError::Deserialization(
                "expected a msgpack map or array".into(),
            )),
        }
    }

    fn take_opt(&mut self, name: &str) -> Option<Value> {
        let i = self.0.iter().position(|(k, _)| k == name)?;
        Some(self.0.swap_remove(i).1)
    }

    fn take(&mut self, name: &str) -> Result<Value, DataError> {
        self.take_opt(name)
            .ok_or_else(|| DataError::Deserialization(format!("missing field `{name}`")))
    }

    fn get<T: serde::de::DeserializeOwned>(&mut self, name: &str) -> Result<T, DataError> {
        data::from_value(self.take(name)?).map_err(|e| match e {
            DataError::Deserialization(m) => {
                DataError::Deserialization(format!("field `{name}`: {m}"))
            }
            e => e,
        })
    }

    fn bytes(&mut self, name: &str) -> Result<Vec<u8>, DataError> {
        match self.take(name)? {
            Value::Binary(b) => Ok(b),
            _ => Err(DataError::Deserialization(format!(
                "field `{name}`: expected bytes"
            ))),
        }
    }

    /// A `NonRequiredOption`: absent and nil both mean `None`.
    fn optional<T: serde::de::DeserializeOwned>(
        &mut self,
        name: &str,
    ) -> Result<Option<T>, DataError> {
        match self.take_opt(name) {
            None | Some(Value::Nil) => Ok(None),
            Some(v) => data::from_value(v).map(Some),
        }
    }
}

fn read_password_algorithm(value: Value) -> Result<PasswordAlgorithm, DeviceFileError> {
    let kind = data::type_of(&value).unwrap_or_default().to_owned();
    if kind != ARGON2ID {
        return Err(DeviceFileError::UnsupportedAlgorithm(kind));
    }
    let mut f = Fields::new(value, &["memlimit_kb", "opslimit", "parallelism", "salt"])
        .map_err(DeviceFileError::Invalid)?;
    let params = Argon2Params {
        memlimit_kb: f.get("memlimit_kb").map_err(DeviceFileError::Invalid)?,
        opslimit: f.get("opslimit").map_err(DeviceFileError::Invalid)?,
        parallelism: f.get("parallelism").map_err(DeviceFileError::Invalid)?,
    };
    let salt = f.bytes("salt").map_err(DeviceFileError::Invalid)?;
    Ok(PasswordAlgorithm { params, salt })
}

impl DeviceFile {
    /// Decodes a device file (map or positional array, any key order).
    pub fn decode(bytes: &[u8]) -> Result<Self, DeviceFileError> {
        let value = data::read_value(bytes).map_err(DeviceFileError::Invalid)?;
        let type_ = data::type_of(&value).unwrap_or_default().to_owned();
        let kind = DeviceFileKind::from_type(&type_).ok_or(DeviceFileError::UnknownType(type_))?;
        let mut f = Fields::new(value, &kind.field_names()).map_err(DeviceFileError::Invalid)?;
        let protection = match kind {
            DeviceFileKind::Password => DeviceFileProtection::Password(read_password_algorithm(
                f.take("algorithm").map_err(DeviceFileError::Invalid)?,
            )?),
            DeviceFileKind::Keyring => DeviceFileProtection::Keyring {
                service: f.get("keyring_service").map_err(DeviceFileError::Invalid)?,
                user: f.get("keyring_user").map_err(DeviceFileError::Invalid)?,
            },
            DeviceFileKind::Recovery => DeviceFileProtection::Recovery,
            DeviceFileKind::Pki => DeviceFileProtection::Pki,
            DeviceFileKind::AccountVault => DeviceFileProtection::AccountVault,
            DeviceFileKind::OpenBao => DeviceFileProtection::OpenBao,
        };
        Self::read_common(&mut f, protection).map_err(DeviceFileError::Invalid)
    }

    fn read_common(f: &mut Fields, protection: DeviceFileProtection) -> Result<Self, DataError> {
        Ok(Self {
            created_on: f.get("created_on")?,
            protected_on: f.get("protected_on")?,
            server_url: f.get("server_url")?,
            organization_id: f.get("organization_id")?,
            user_id: f.get("user_id")?,
            device_id: f.get("device_id")?,
            human_handle: f.get("human_handle")?,
            device_label: f.get("device_label")?,
            protection,
            ciphertext: f.bytes("ciphertext")?,
            // `recovery` has no such field; `pki` always writes it (maybe nil).
            totp_opaque_key_id: f.optional("totp_opaque_key_id")?,
        })
    }

    /// When the file was first created.
    pub fn created_on(&self) -> DateTime {
        self.created_on
    }

    /// When its protection last changed.
    pub fn protected_on(&self) -> DateTime {
        self.protected_on
    }

    /// The server as an `http(s)://HOST[:PORT]/` URL, as stored.
    pub fn server_url(&self) -> &str {
        &self.server_url
    }

    /// The organization.
    pub fn organization_id(&self) -> &OrganizationID {
        &self.organization_id
    }

    /// The user.
    pub fn user_id(&self) -> UserID {
        self.user_id
    }

    /// The device.
    pub fn device_id(&self) -> DeviceID {
        self.device_id
    }

    /// The user's name and email.
    pub fn human_handle(&self) -> &HumanHandle {
        &self.human_handle
    }

    /// The device's label.
    pub fn device_label(&self) -> &DeviceLabel {
        &self.device_label
    }

    /// The variant and its key-source fields.
    pub fn protection(&self) -> &DeviceFileProtection {
        &self.protection
    }

    /// `nonce || tag || secretbox(LocalDevice msgpack)`.
    pub fn ciphertext(&self) -> &[u8] {
        &self.ciphertext
    }

    /// Set when the ciphertext is doubly encrypted with a TOTP-protected key.
    pub fn totp_opaque_key_id(&self) -> Option<TOTPOpaqueKeyID> {
        self.totp_opaque_key_id
    }

    /// The variant.
    pub fn kind(&self) -> DeviceFileKind {
        match self.protection {
            DeviceFileProtection::Password(_) => DeviceFileKind::Password,
            DeviceFileProtection::Keyring { .. } => DeviceFileKind::Keyring,
            DeviceFileProtection::Recovery => DeviceFileKind::Recovery,
            DeviceFileProtection::Pki => DeviceFileKind::Pki,
            DeviceFileProtection::AccountVault => DeviceFileKind::AccountVault,
            DeviceFileProtection::OpenBao => DeviceFileKind::OpenBao,
        }
    }

    /// The server, from `server_url` (printed as `parsec3://…` by `device list`).
    pub fn server_addr(&self) -> Result<ServerAddr, AddrError> {
        ServerAddr::from_http_url(&self.server_url)
    }

    /// Encrypts `device` under `password` and returns the file's bytes (device-file.md
    /// §2.3): a fresh 16-byte salt then a fresh nonce are drawn from `rng`, in that order.
    ///
    /// # Panics
    ///
    /// If Argon2 rejects `params`: only degenerate values (zero passes or lanes, less than
    /// 8 KiB per lane) are rejected, and writers pass constants such as
    /// [`Argon2Params::OFFICIAL`].
    pub fn encrypt_password(
        device: &LocalDevice,
        password: &[u8],
        params: Argon2Params,
        created_on: DateTime,
        protected_on: DateTime,
        rng: &dyn RandomSource,
    ) -> Vec<u8> {
        let salt = random_bytes(rng, SALT_LEN);
        let key = derive_key_argon2id(password, &salt, params)
            .expect("writers use valid Argon2 parameters (see `# Panics`)");
        let file = Self {
            created_on,
            protected_on,
            server_url: device.server_url.clone(),
            organization_id: device.organization_id.clone(),
            user_id: device.user_id,
            device_id: device.device_id,
            human_handle: device.human_handle.clone(),
            device_label: device.device_label.clone(),
            protection: DeviceFileProtection::Password(PasswordAlgorithm { params, salt }),
            ciphertext: key.encrypt(rng, &zeroize::Zeroizing::new(device.dump())),
            totp_opaque_key_id: None,
        };
        file.dump_password()
    }

    /// The `password` map in the 3.9.3 key order, `totp_opaque_key_id` written as nil.
    fn dump_password(&self) -> Vec<u8> {
        let DeviceFileProtection::Password(alg) = &self.protection else {
            unreachable!("only password files are written")
        };
        let algorithm = Value::Map(vec![
            ("type".into(), ARGON2ID.into()),
            ("memlimit_kb".into(), alg.params.memlimit_kb.into()),
            ("opslimit".into(), alg.params.opslimit.into()),
            ("parallelism".into(), alg.params.parallelism.into()),
            ("salt".into(), Value::Binary(alg.salt.clone())),
        ]);
        let map = vec![
            ("type".into(), DeviceFileKind::Password.as_str().into()),
            ("created_on".into(), data::to_value(&self.created_on)),
            ("protected_on".into(), data::to_value(&self.protected_on)),
            ("server_url".into(), self.server_url.as_str().into()),
            (
                "organization_id".into(),
                self.organization_id.as_str().into(),
            ),
            ("user_id".into(), data::to_value(&self.user_id)),
            ("device_id".into(), data::to_value(&self.device_id)),
            ("human_handle".into(), data::to_value(&self.human_handle)),
            ("device_label".into(), self.device_label.as_str().into()),
            ("algorithm".into(), algorithm),
            ("ciphertext".into(), Value::Binary(self.ciphertext.clone())),
            (
                "totp_opaque_key_id".into(),
                data::to_value(&self.totp_opaque_key_id),
            ),
        ];
        data::write_value(&Value::Map(map))
    }

    /// Unlocks a `password` file with the parameters it stores (device-file.md §5).
    pub fn decrypt_password(&self, password: &[u8]) -> Result<LocalDevice, DeviceFileError> {
        let DeviceFileProtection::Password(alg) = &self.protection else {
            return Err(DeviceFileError::UnsupportedAuthentication { kind: self.kind() });
        };
        if self.totp_opaque_key_id.is_some() {
            return Err(DeviceFileError::UnsupportedTotp);
        }
        let key = derive_key_argon2id(password, &alg.salt, alg.params)
            .map_err(DeviceFileError::KeyDerivation)?;
        self.decrypt_with_key(&key)
    }

    /// Unlocks the file with its key when the caller already has it (e.g. a `recovery`
    /// file's passphrase through [`SecretKey::from_recovery_passphrase`]).
    pub fn decrypt_with_key(&self, key: &SecretKey) -> Result<LocalDevice, DeviceFileError> {
        if self.totp_opaque_key_id.is_some() {
            return Err(DeviceFileError::UnsupportedTotp);
        }
        let cleartext = zeroize::Zeroizing::new(
            key.decrypt(&self.ciphertext)
                .map_err(|_| DeviceFileError::DecryptionFailed)?,
        );
        LocalDevice::load(&cleartext).map_err(DeviceFileError::InvalidLocalDevice)
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::FixedRandom;

    /// Cheap Argon2 parameters (the original test data uses these too).
    const CHEAP: Argon2Params = Argon2Params {
        memlimit_kb: 8,
        opslimit: 1,
        parallelism: 1,
    };

    fn device() -> LocalDevice {
        LocalDevice {
            server_url: "http://127.0.0.1:6770/".into(),
            organization_id: "MyOrg".parse().expect("valid"),
            root_verify_key: SigningKey::from_seed(&[1; 32]).verify_key(),
            user_id: UserID::from_bytes([2; 16]),
            device_id: DeviceID::from_bytes([3; 16]),
            device_label: "laptop".parse().expect("valid"),
            human_handle: HumanHandle::new("a@example.com".parse().expect("valid"), "Alice")
                .expect("valid"),
            signing_key: SigningKey::from_seed(&[4; 32]),
            private_key: PrivateKey::from_bytes(&[5; 32]),
            initial_profile: UserProfile::Admin,
            user_realm_id: VlobID::from_bytes([6; 16]),
            user_realm_key: SecretKey::from_bytes([7; 32]),
            local_symkey: SecretKey::from_bytes([8; 32]),
        }
    }

    fn rng() -> FixedRandom {
        FixedRandom::new(&[9; 40])
    }

    fn encrypt(d: &LocalDevice) -> Vec<u8> {
        DeviceFile::encrypt_password(
            d,
            b"pw",
            CHEAP,
            DateTime::from_micros(1),
            DateTime::from_micros(2),
            &rng(),
        )
    }

    #[test]
    fn password_roundtrip() {
        let d = device();
        let file = DeviceFile::decode(&encrypt(&d)).expect("decode");
        assert_eq!(file.kind(), DeviceFileKind::Password);
        assert_eq!(file.device_id, d.device_id);
        assert_eq!(file.created_on, DateTime::from_micros(1));
        assert_eq!(
            file.server_addr().map(|a| a.to_url()),
            Ok("parsec3://127.0.0.1:6770?no_ssl=true".into())
        );
        let back = file.decrypt_password(b"pw").expect("decrypt");
        assert_eq!(back.dump(), d.dump());
        assert_eq!(
            file.decrypt_password(b"wrong").err(),
            Some(DeviceFileError::DecryptionFailed)
        );
        assert_eq!(
            back.organization_addr().map(|a| a.organization_id),
            Ok(d.organization_id.clone())
        );
    }

    #[test]
    fn debug_redacts_secrets() {
        let d = device();
        let text = format!("{d:?}");
        for secret in [
            hex::encode([4u8; 32]),
            hex::encode([5u8; 32]),
            hex::encode([7u8; 32]),
            hex::encode([8u8; 32]),
        ] {
            assert!(!text.contains(&secret));
        }
        assert!(text.contains("redacted"));
        assert!(!text.contains("[4, 4"));
    }

    /// Rewrites the map of a file: keys reversed, or as a positional array.
    fn reshape(bytes: &[u8], as_array: bool, drop_totp: bool) -> Vec<u8> {
        let Value::Map(mut pairs) = data::read_value(bytes).expect("valid") else {
            panic!("not a map")
        };
        if drop_totp {
            pairs.retain(|(k, _)| k.as_str() != Some("totp_opaque_key_id"));
        }
        let value = if as_array {
            Value::Array(
                pairs
                    .into_iter()
                    .map(|(_, v)| match v {
                        Value::Map(inner) => {
                            Value::Array(inner.into_iter().map(|(_, v)| v).collect())
                        }
                        v => v,
                    })
                    .collect(),
            )
        } else {
            pairs.reverse();
            Value::Map(pairs)
        };
        data::write_value(&value)
    }

    #[test]
    fn legacy_shapes() {
        let d = device();
        let bytes = encrypt(&d);
        for (as_array, drop_totp) in [(false, false), (false, true), (true, false), (true, true)] {
            let file = DeviceFile::decode(&reshape(&bytes, as_array, drop_totp))
                .unwrap_or_else(|e| panic!("array={as_array} drop={drop_totp}: {e}"));
            assert_eq!(file.totp_opaque_key_id, None);
            assert_eq!(file.decrypt_password(b"pw").map(|l| l.dump()), Ok(d.dump()));
        }
        // LocalDevice itself as a positional array.
        let Value::Map(pairs) = data::read_value(&d.dump()).expect("valid") else {
            panic!("not a map")
        };
        let array = data::write_value(&Value::Array(pairs.into_iter().map(|(_, v)| v).collect()));
        assert_eq!(LocalDevice::load(&array).map(|l| l.dump()), Ok(d.dump()));
    }

    #[test]
    fn totp_and_other_variants() {
        let bytes = encrypt(&device());
        let Value::Map(mut pairs) = data::read_value(&bytes).expect("valid") else {
            panic!("not a map")
        };
        for (k, v) in pairs.iter_mut() {
            if k.as_str() == Some("totp_opaque_key_id") {
                *v = data::to_value(&TOTPOpaqueKeyID::from_bytes([1; 16]));
            }
        }
        let file =
            DeviceFile::decode(&data::write_value(&Value::Map(pairs.clone()))).expect("decode");
        assert_eq!(
            file.decrypt_password(b"pw").err(),
            Some(DeviceFileError::UnsupportedTotp)
        );

        // The same common fields under another variant.
        let mut keyring: Vec<(Value, Value)> = pairs
            .into_iter()
            .filter(|(k, _)| k.as_str() != Some("algorithm"))
            .collect();
        keyring[0].1 = "keyring".into();
        keyring.push(("keyring_service".into(), "parsec".into()));
        keyring.push(("keyring_user".into(), "u".into()));
        let file =
            DeviceFile::decode(&data::write_value(&Value::Map(keyring.clone()))).expect("decode");
        assert_eq!(file.kind(), DeviceFileKind::Keyring);
        assert_eq!(file.device_label.as_str(), "laptop");
        assert_eq!(
            file.decrypt_password(b"pw").err(),
            Some(DeviceFileError::UnsupportedAuthentication {
                kind: DeviceFileKind::Keyring
            })
        );
        keyring[0].1 = "nope".into();
        assert_eq!(
            DeviceFile::decode(&data::write_value(&Value::Map(keyring))).err(),
            Some(DeviceFileError::UnknownType("nope".into()))
        );
        assert!(matches!(
            DeviceFile::decode(b"\x92\xa8password\x01"),
            Err(DeviceFileError::Invalid(_))
        ));
    }

    #[test]
    fn short_ids() {
        let id = |s: &str| s.parse::<DeviceID>().expect("hex");
        assert_eq!(short_id_len(&[]), 3);
        assert_eq!(short_id_len(&[id("ad8abf51148b4e36a7d5d3bcd2d608b4")]), 3);
        assert_eq!(
            short_id_len(&[
                id("ad8abf51148b4e36a7d5d3bcd2d608b4"),
                id("00000000000000000000000000000000"),
            ]),
            3
        );
        // Four shared hex digits give 5 characters (observed with the official CLI).
        assert_eq!(
            short_id_len(&[
                id("abcd0000000000000000000000000000"),
                id("00000000000000000000000000000000"),
                id("abcd1000000000000000000000000000"),
            ]),
            5
        );
        let same = id("abcd0000000000000000000000000000");
        assert_eq!(short_id_len(&[same, same]), 32);
    }
}
