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
