//! The `recovery` variant (device-file.md §2.5): a device encrypted with a random
//! [`SecretKey`] that the user keeps as a recovery passphrase (wire.md §3.4), written by
//! `device export-recovery-device` and read by `device import-recovery-device`.
//!
//! The official writer (`dump_recovery_device` in libparsec's device loader) emits the
//! common fields then `ciphertext`, `created_on == protected_on`, and no
//! `totp_opaque_key_id`.

use super::*;
use zeroize::Zeroizing;

impl DeviceFile {
    /// Encrypts `device` with a new random key and returns the recovery passphrase (base32
    /// in groups of four, to show the user once) and the file's bytes.
    ///
    /// `rng` gives the key (32 bytes) then the nonce (24 bytes), in that order.
    pub fn encrypt_recovery(
        device: &LocalDevice,
        created_on: DateTime,
        rng: &dyn RandomSource,
    ) -> (Zeroizing<String>, Vec<u8>) {
        let key = SecretKey::generate(rng);
        let ciphertext = key.encrypt(rng, &Zeroizing::new(device.dump()));
        (
            key.to_recovery_passphrase(),
            Self::recovery_with_ciphertext(device, ciphertext, created_on),
        )
    }

    /// The `recovery` file of `device` around an already encrypted `ciphertext`
    /// (`nonce || tag || secretbox(LocalDevice msgpack)`), in the 3.9.3 key order.
    pub fn recovery_with_ciphertext(
        device: &LocalDevice,
        ciphertext: Vec<u8>,
        created_on: DateTime,
    ) -> Vec<u8> {
        let map = vec![
            ("type".into(), DeviceFileKind::Recovery.as_str().into()),
            ("created_on".into(), data::to_value(&created_on)),
            // A recovery file never changes its protection.
            ("protected_on".into(), data::to_value(&created_on)),
            ("server_url".into(), device.server_url.as_str().into()),
            (
                "organization_id".into(),
                device.organization_id.as_str().into(),
            ),
            ("user_id".into(), data::to_value(&device.user_id)),
            ("device_id".into(), data::to_value(&device.device_id)),
            ("human_handle".into(), data::to_value(&device.human_handle)),
            ("device_label".into(), device.device_label.as_str().into()),
            ("ciphertext".into(), Value::Binary(ciphertext)),
        ];
        data::write_value(&Value::Map(map))
    }

    /// Unlocks a `recovery` file with its passphrase (case, separators and `0`/`1`
    /// look-alikes tolerated, as the official client does).
    pub fn decrypt_recovery(&self, passphrase: &str) -> Result<LocalDevice, DeviceFileError> {
        if self.kind() != DeviceFileKind::Recovery {
            return Err(DeviceFileError::NotRecovery { kind: self.kind() });
        }
        let key = SecretKey::from_recovery_passphrase(passphrase)
            .map_err(|_| DeviceFileError::InvalidPassphrase)?;
        self.decrypt_with_key(&key)
    }
}

impl LocalDevice {
    /// A new device of the same user (device-file.md §3): new device ID, signing key and
    /// local storage key, the given label; user, keys of the user and organization kept.
    pub fn new_device_for_same_user(
        &self,
        device_label: DeviceLabel,
        rng: &dyn RandomSource,
    ) -> LocalDevice {
        LocalDevice {
            device_id: DeviceID::generate(rng),
            device_label,
            signing_key: SigningKey::generate(rng),
            local_symkey: SecretKey::generate(rng),
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::{FixedRandom, OsRandom};

    fn device() -> LocalDevice {
        LocalDevice {
            server_url: "https://parsec.example.com/".into(),
            organization_id: "MyOrg".parse().expect("valid"),
            root_verify_key: SigningKey::from_seed(&[1; 32]).verify_key(),
            user_id: UserID::from_bytes([2; 16]),
            device_id: DeviceID::from_bytes([3; 16]),
            device_label: "recovery-2026-12-05T17:20:00.123456Z"
                .parse()
                .expect("valid"),
            human_handle: HumanHandle::new("a@example.com".parse().expect("valid"), "Alice")
                .expect("valid"),
            signing_key: SigningKey::from_seed(&[4; 32]),
            private_key: PrivateKey::from_bytes(&[5; 32]),
            initial_profile: UserProfile::Standard,
            user_realm_id: VlobID::from_bytes([6; 16]),
            user_realm_key: SecretKey::from_bytes([7; 32]),
            local_symkey: SecretKey::from_bytes([8; 32]),
        }
    }

    /// Key bytes 0x00..0x1f, then nonce bytes 0x80..0x97.
    fn rng() -> FixedRandom {
        let key: Vec<u8> = (0x00..0x20).collect();
        let nonce: Vec<u8> = (0x80..0x98).collect();
        FixedRandom::new(&[key, nonce].concat())
    }

    #[test]
    fn layout_is_the_official_one() {
        let d = device();
        let created = DateTime::from_micros(1_700_000_000_000_000);
        let (passphrase, bytes) = DeviceFile::encrypt_recovery(&d, created, &rng());
        // The key is the first 32 random bytes, shown as base32 in 13 groups of four.
        let key: [u8; 32] = core::array::from_fn(|i| i as u8);
        assert_eq!(
            passphrase.as_str(),
            data_encoding::BASE32_NOPAD
                .encode(&key)
                .as_bytes()
                .chunks(4)
                .map(|c| std::str::from_utf8(c).expect("ascii"))
                .collect::<Vec<_>>()
                .join("-")
        );
        assert_eq!(passphrase.split('-').count(), 13);
        // One map, `type` first, the common fields in schema order, then `ciphertext`.
        let Value::Map(pairs) = data::read_value(&bytes).expect("msgpack") else {
            panic!("a map");
        };
        let keys: Vec<&str> = pairs
            .iter()
            .map(|(k, _)| k.as_str().expect("str"))
            .collect();
        assert_eq!(
            keys,
            [
                "type",
                "created_on",
                "protected_on",
                "server_url",
                "organization_id",
                "user_id",
                "device_id",
                "human_handle",
                "device_label",
                "ciphertext"
            ]
        );
        assert_eq!(pairs[0].1.as_str(), Some("recovery"));
        assert_eq!(pairs[3].1.as_str(), Some("https://parsec.example.com/"));
        // The ciphertext is the secretbox of the LocalDevice under that key and nonce.
        let nonce: [u8; 24] = core::array::from_fn(|i| 0x80 + i as u8);
        let expected = SecretKey::from_bytes(key).encrypt_with_nonce(&nonce, &d.dump());
        assert_eq!(pairs[9].1, Value::Binary(expected));
        // Re-encoding the decoded file gives the same bytes (smallest encodings).
        let file = DeviceFile::decode(&bytes).expect("decode");
        assert_eq!(file.kind(), DeviceFileKind::Recovery);
        assert_eq!(file.created_on(), created);
        assert_eq!(file.protected_on(), created);
        assert_eq!(file.totp_opaque_key_id(), None);
        assert_eq!(
            DeviceFile::recovery_with_ciphertext(&d, file.ciphertext().to_vec(), created),
            bytes
        );
    }

    #[test]
    fn passphrase_unlocks_and_bad_ones_are_told_apart() {
        let d = device();
        let (passphrase, bytes) =
            DeviceFile::encrypt_recovery(&d, DateTime::from_micros(1), &OsRandom::new());
        let file = DeviceFile::decode(&bytes).expect("decode");
        assert_eq!(
            file.decrypt_recovery(&passphrase).expect("unlock").dump(),
            d.dump()
        );
        // Lowercase, spaces instead of dashes, a trailing newline: still the key.
        let sloppy = format!("{}\n", passphrase.to_lowercase().replace('-', " "));
        assert_eq!(
            file.decrypt_recovery(&sloppy).expect("unlock").dump(),
            d.dump()
        );
        assert_eq!(
            file.decrypt_recovery("dummy").map(|_| ()),
            Err(DeviceFileError::InvalidPassphrase)
        );
        let other = SecretKey::generate(&OsRandom::new()).to_recovery_passphrase();
        assert_eq!(
            file.decrypt_recovery(&other).map(|_| ()),
            Err(DeviceFileError::DecryptionFailed)
        );
        // A recovery file has no password, a password file no passphrase.
        assert!(matches!(
            file.decrypt_password(b"pw"),
            Err(DeviceFileError::UnsupportedAuthentication {
                kind: DeviceFileKind::Recovery
            })
        ));
        let password_file = DeviceFile::decode(&DeviceFile::encrypt_password(
            &d,
            b"pw",
            Argon2Params {
                memlimit_kb: 8,
                opslimit: 1,
                parallelism: 1,
            },
            DateTime::from_micros(1),
            DateTime::from_micros(1),
            &OsRandom::new(),
        ))
        .expect("decode");
        assert_eq!(
            password_file.decrypt_recovery(&passphrase).map(|_| ()),
            Err(DeviceFileError::NotRecovery {
                kind: DeviceFileKind::Password
            })
        );
    }

    #[test]
    fn new_device_keeps_the_user_and_renews_the_device() {
        let d = device();
        let n = d.new_device_for_same_user("phone".parse().expect("valid"), &OsRandom::new());
        assert_ne!(n.device_id, d.device_id);
        assert_ne!(n.signing_key.as_bytes(), d.signing_key.as_bytes());
        assert_ne!(n.local_symkey, d.local_symkey);
        assert_eq!(n.device_label.as_str(), "phone");
        assert_eq!(n.user_id, d.user_id);
        assert_eq!(n.human_handle, d.human_handle);
        assert_eq!(n.private_key.as_bytes(), d.private_key.as_bytes());
        assert_eq!(n.initial_profile, d.initial_profile);
        assert_eq!(n.user_realm_id, d.user_realm_id);
        assert_eq!(n.user_realm_key, d.user_realm_key);
        assert_eq!(n.root_verify_key, d.root_verify_key);
        assert_eq!(n.server_url, d.server_url);
        assert_eq!(n.organization_id, d.organization_id);
    }
}
