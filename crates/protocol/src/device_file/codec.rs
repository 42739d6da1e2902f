//! Reading and writing the device file map (device-file.md §2, §5).

use super::*;

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
    if !params.within_limits() {
        return Err(DeviceFileError::KdfTooCostly(params));
    }
    let salt = f.bytes("salt").map_err(DeviceFileError::Invalid)?;
    Ok(PasswordAlgorithm { params, salt })
}

impl DeviceFile {
    /// Decodes a device file (map or positional array, any key order).
    /// Files over [`MAX_DEVICE_FILE_SIZE`] are refused before being read.
    pub fn decode(bytes: &[u8]) -> Result<Self, DeviceFileError> {
        if bytes.len() > MAX_DEVICE_FILE_SIZE {
            return Err(DeviceFileError::Invalid(DataError::TooLarge {
                limit: MAX_DEVICE_FILE_SIZE,
            }));
        }
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
        let key = PasswordKey::derive(password, params, rng);
        Self::encrypt_with_password_key(device, &key, created_on, protected_on, rng)
    }

    /// Encrypts `device` with a key derived beforehand by [`PasswordKey::derive`]: the
    /// same bytes as [`DeviceFile::encrypt_password`] with the same random draws, the slow
    /// derivation done before the device is known (a claimer derives it before the
    /// greeter creates the device, so nothing slow or fallible is left afterwards).
    pub fn encrypt_with_password_key(
        device: &LocalDevice,
        key: &PasswordKey,
        created_on: DateTime,
        protected_on: DateTime,
        rng: &dyn RandomSource,
    ) -> Vec<u8> {
        Self::encrypt_protected(
            device,
            &ProtectionKey::Password(key.clone()),
            created_on,
            protected_on,
            rng,
        )
    }

    /// Encrypts `device` with `key` and returns the file's bytes: a `password` file
    /// (§2.3) or a `keyring` file (§2.4), in the 3.9.3 key order, with a fresh nonce
    /// drawn from `rng`.
    pub fn encrypt_protected(
        device: &LocalDevice,
        key: &ProtectionKey,
        created_on: DateTime,
        protected_on: DateTime,
        rng: &dyn RandomSource,
    ) -> Vec<u8> {
        let (protection, secret) = match key {
            ProtectionKey::Password(k) => {
                (DeviceFileProtection::Password(k.algorithm.clone()), &k.key)
            }
            ProtectionKey::Keyring(k) => (
                DeviceFileProtection::Keyring {
                    service: k.service.clone(),
                    user: k.user.clone(),
                },
                &k.key,
            ),
        };
        let file = Self {
            created_on,
            protected_on,
            server_url: device.server_url.clone(),
            organization_id: device.organization_id.clone(),
            user_id: device.user_id,
            device_id: device.device_id,
            human_handle: device.human_handle.clone(),
            device_label: device.device_label.clone(),
            protection,
            ciphertext: secret.encrypt(rng, &zeroize::Zeroizing::new(device.dump())),
            totp_opaque_key_id: None,
        };
        file.dump_protected()
    }

    /// A `password` or `keyring` map in the 3.9.3 key order (`type`, the common fields,
    /// the variant's fields, `ciphertext`, `totp_opaque_key_id` written as nil).
    pub(super) fn dump_protected(&self) -> Vec<u8> {
        let own: Vec<(Value, Value)> = match &self.protection {
            DeviceFileProtection::Password(alg) => vec![(
                "algorithm".into(),
                Value::Map(vec![
                    ("type".into(), ARGON2ID.into()),
                    ("memlimit_kb".into(), alg.params.memlimit_kb.into()),
                    ("opslimit".into(), alg.params.opslimit.into()),
                    ("parallelism".into(), alg.params.parallelism.into()),
                    ("salt".into(), Value::Binary(alg.salt.clone())),
                ]),
            )],
            DeviceFileProtection::Keyring { service, user } => vec![
                ("keyring_service".into(), service.as_str().into()),
                ("keyring_user".into(), user.as_str().into()),
            ],
            _ => unreachable!("only password and keyring files are written here"),
        };
        let mut map = vec![
            ("type".into(), self.kind().as_str().into()),
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
        ];
        map.extend(own);
        map.push(("ciphertext".into(), Value::Binary(self.ciphertext.clone())));
        map.push((
            "totp_opaque_key_id".into(),
            data::to_value(&self.totp_opaque_key_id),
        ));
        data::write_value(&Value::Map(map))
    }

    /// Unlocks a `keyring` file with the key read from the OS keyring entry it names
    /// (its `keyring_service` and `keyring_user`).
    pub fn decrypt_keyring(&self, key: &SecretKey) -> Result<LocalDevice, DeviceFileError> {
        if self.kind() != DeviceFileKind::Keyring {
            return Err(DeviceFileError::UnsupportedAuthentication { kind: self.kind() });
        }
        self.decrypt_with_key(key)
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
