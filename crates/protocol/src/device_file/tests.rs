//! Device file round-trips, variants and short IDs.

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
fn key_derived_beforehand_gives_the_same_file() {
    let d = device();
    // The same draws in the same order: the salt, then the nonce.
    let rng = rng();
    let key = PasswordKey::derive(b"pw", CHEAP, &rng);
    let bytes = DeviceFile::encrypt_with_password_key(
        &d,
        &key,
        DateTime::from_micros(1),
        DateTime::from_micros(2),
        &rng,
    );
    assert_eq!(bytes, encrypt(&d));
    let back = DeviceFile::decode(&bytes)
        .expect("decode")
        .decrypt_password(b"pw")
        .expect("decrypt");
    assert_eq!(back.dump(), d.dump());
    let debug = format!("{key:?}");
    assert!(debug.starts_with("PasswordKey {"), "{debug}");
    assert!(!debug.contains("key:"), "the key is not shown: {debug}");
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
                    Value::Map(inner) => Value::Array(inner.into_iter().map(|(_, v)| v).collect()),
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
    let file = DeviceFile::decode(&data::write_value(&Value::Map(pairs.clone()))).expect("decode");
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

#[test]
fn unreasonable_argon2_costs_and_oversized_files_are_refused() {
    let bytes = encrypt(&device());
    let Value::Map(pairs) = data::read_value(&bytes).expect("valid") else {
        panic!("not a map")
    };
    for (field, value) in [
        ("memlimit_kb", u64::from(u32::MAX)),
        ("opslimit", 1_000_000),
        ("parallelism", 64),
    ] {
        let mut pairs = pairs.clone();
        for (k, v) in pairs.iter_mut() {
            if let (Some("algorithm"), Value::Map(alg)) = (k.as_str(), v) {
                for (ak, av) in alg.iter_mut() {
                    if ak.as_str() == Some(field) {
                        *av = Value::from(value);
                    }
                }
            }
        }
        let err = DeviceFile::decode(&data::write_value(&Value::Map(pairs))).expect_err("refused");
        assert!(
            matches!(err, DeviceFileError::KdfTooCostly(_)),
            "{field}: {err:?}"
        );
        assert!(err.to_string().contains("unreasonable"), "{err}");
    }
    let mut big = bytes.clone();
    big.resize(MAX_DEVICE_FILE_SIZE + 1, 0);
    assert!(matches!(
        DeviceFile::decode(&big),
        Err(DeviceFileError::Invalid(DataError::TooLarge { .. }))
    ));
}

/// The `keyring` file of the official unit tests (libparsec `local_device_file.rs`,
/// "Generated from Parsec 3.7.2-a.0+dev"): a map in schema order, with a TOTP key ID.
fn official_keyring_file() -> Vec<u8> {
    hex::decode(
        [
            "8da474797065a76b657972696e67aa637265617465645f6f6ed70100047c0f0d84c000ac",
            "70726f7465637465645f6f6ed70100047cc41a172000aa7365727665725f75726cb76874",
            "7470733a2f2f7061727365632e696e76616c69642faf6f7267616e697a6174696f6e5f69",
            "64a7436f6f6c4f7267a7757365725f6964d802a11cec00100000000000000000000000a9",
            "6465766963655f6964d802de10a11cec0010000000000000000000ac68756d616e5f6861",
            "6e646c6592b1616c696365406578616d706c652e636f6db2416c69636579204d63416c69",
            "636546616365ac6465766963655f6c6162656caf4d792064657631206d616368696e65af",
            "6b657972696e675f73657276696365a6706172736563ac6b657972696e675f75736572ac",
            "6b657972696e675f75736572aa63697068657274657874c5021141d162cceacbc6845a58",
            "2ee1497e37469ce46e6e09b33e1cd5d68d0e054188e38aa85e2a02d0a344cd986e712274",
            "f8824f9464fa5a27f7f2291f42cf579b6be44e0733f89a07f45150dfd8096634f685a44d",
            "b07693e085e3af6f5525c14216f3860adaf612c4a8235e005bc1f9dc31aa24f49383b5af",
            "b9f7a2e788bbadb675894a5f316085449b223df957b799140fe9cdfd3fea56fbaa452b25",
            "0cad39ce4cc6c7ccdfe8248e15c7575c4b259f7d3aa93c106b5d99443724b6b2be4e9f55",
            "dd3ba5cd29da633aa20a643599221b8bfe99c6029f7f2160cd18c89a05d71713d51b57b9",
            "8f56036a9cab704376cd6a754985345fc6309de5c6e852489406b946e213a71154668ccf",
            "9adb089527d28f84ba7b8425d0d13aa697e8ecaa5b6192b7400b1fc589bbb72a7b5dbf1b",
            "9942a3837d1bb1e86401f329172ed57e140a67ec80ba3a74fc804436588ec8057540529c",
            "121887ba4e86236d53b1b8ed7f8d8d4798c769e5ddbdf785fbe9872cf5dc201016705f67",
            "424dfd3a02ddc5be737a64325c80a3b678b3908e1036de6880c897fb87236decde2110ee",
            "ff7453f07b755bb634020d2a06fb3599513cbd0c56f25f2cd7fc10ecf11719ec719d7e36",
            "d6d79d9f72ec213d9be2113c9e90d9449e1e2b143c608662c9456b7fb34ff1dcbcf8f54e",
            "f860d6681f6a8c6ef65e7831a381999dfedc98e7b33afae58d4edb101475c29fd9804a7b",
            "d9adfc99bc2697e16c460e5a4f2dc7b2746f74705f6f70617175655f6b65795f6964d802",
            "8fdb73524fdd495194e877a5fafbe0a1",
        ]
        .concat(),
    )
    .expect("hex")
}

#[test]
fn official_keyring_file_is_read_and_written_back_identically() {
    let bytes = official_keyring_file();
    let file = DeviceFile::decode(&bytes).expect("decode");
    assert_eq!(file.kind(), DeviceFileKind::Keyring);
    assert_eq!(
        file.protection(),
        &DeviceFileProtection::Keyring {
            service: "parsec".into(),
            user: "keyring_user".into(),
        }
    );
    assert_eq!(file.server_url(), "https://parsec.invalid/");
    assert_eq!(file.device_label().as_str(), "My dev1 machine");
    assert!(file.totp_opaque_key_id().is_some());
    // Our writer emits the same keys in the same order with the same encodings.
    assert_eq!(file.dump_protected(), bytes);
}

#[test]
fn keyring_file_layout_and_roundtrip() {
    let d = device();
    let key = SecretKey::from_bytes([0x42; 32]);
    let user = "6b1d2a6e-3f0c-4f8e-9a51-1f2e3d4c5b6a";
    let bytes = DeviceFile::encrypt_protected(
        &d,
        &ProtectionKey::Keyring(KeyringKey::new("parsec", user, key.clone())),
        DateTime::from_micros(1),
        DateTime::from_micros(2),
        &rng(),
    );
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
            "keyring_service",
            "keyring_user",
            "ciphertext",
            "totp_opaque_key_id",
        ]
    );
    assert_eq!(pairs[0].1.as_str(), Some("keyring"));
    assert_eq!(pairs[9].1.as_str(), Some("parsec"));
    assert_eq!(pairs[10].1.as_str(), Some(user));
    assert!(pairs[12].1.is_nil());
    let file = DeviceFile::decode(&bytes).expect("decode");
    assert_eq!(file.kind(), DeviceFileKind::Keyring);
    assert_eq!(file.created_on(), DateTime::from_micros(1));
    assert_eq!(
        file.decrypt_keyring(&key).expect("decrypt").dump(),
        d.dump()
    );
    assert_eq!(
        file.decrypt_keyring(&SecretKey::from_bytes([0x43; 32]))
            .err(),
        Some(DeviceFileError::DecryptionFailed)
    );
    // The ciphertext is `SecretKey.encrypt(LocalDevice msgpack)` (device-file.md §2).
    assert_eq!(key.decrypt(file.ciphertext()).expect("open"), d.dump());
    // A password file is not opened as a keyring one.
    let password = DeviceFile::decode(&encrypt(&d)).expect("decode");
    assert!(matches!(
        password.decrypt_keyring(&key),
        Err(DeviceFileError::UnsupportedAuthentication { .. })
    ));
}
