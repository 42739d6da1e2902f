//! The device file vectors (`device-file-vectors.json`, device-file.md §6): a file written
//! by the official CLI, and a deterministic one rebuilt field by field. Both are decoded,
//! unlocked with the password and re-encoded byte for byte.
//!
//! Each Argon2id derivation uses the real 128 MiB parameters: the tests take a lock so that
//! at most one runs at a time.

use parsec_protocol::crypto::{Argon2Params, FixedRandom, SecretKey, SigningKey};
use parsec_protocol::device_file::{
    short_id_len, DeviceFile, DeviceFileError, DeviceFileKind, DeviceFileProtection, LocalDevice,
};
use parsec_protocol::ids::{DeviceID, HumanHandle, OrganizationID, UserID, VlobID};
use parsec_protocol::DateTime;
use serde_json::Value as Json;
use std::fmt::Debug;
use std::sync::Mutex;

/// Serializes the 128 MiB derivations.
static ARGON2: Mutex<()> = Mutex::new(());

fn vector(name: &str) -> Json {
    let all: Json =
        serde_json::from_str(include_str!("data/device-file-vectors.json")).expect("valid JSON");
    all["vectors"]
        .as_array()
        .expect("`vectors` is an array")
        .iter()
        .find(|v| v["name"] == name)
        .unwrap_or_else(|| panic!("no vector `{name}`"))
        .clone()
}

fn s(v: &Json) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"))
}

fn bytes(v: &Json) -> Vec<u8> {
    hex::decode(s(v)).expect("valid hex")
}

fn arr<const N: usize>(v: &Json) -> [u8; N] {
    bytes(v).try_into().expect("expected length")
}

fn parsed<T: std::str::FromStr>(v: &Json) -> T
where
    T::Err: Debug,
{
    s(v).parse().expect("parsable")
}

fn micros(v: &Json) -> DateTime {
    let dt = DateTime::from_micros(v["datetime_us"].as_i64().expect("micros"));
    assert_eq!(dt.to_rfc3339(), s(&v["rfc3339"]));
    dt
}

fn handle(v: &Json) -> HumanHandle {
    HumanHandle::new(parsed(&v[0]), s(&v[1])).expect("valid handle")
}

/// Compares the listing fields of a decoded file with `outer_decoded`.
fn check_outer(file: &DeviceFile, outer: &Json) {
    assert_eq!(s(&outer["type"]), "password");
    assert_eq!(file.kind(), DeviceFileKind::Password);
    assert_eq!(file.created_on(), micros(&outer["created_on"]));
    assert_eq!(file.protected_on(), micros(&outer["protected_on"]));
    assert_eq!(file.server_url(), s(&outer["server_url"]));
    assert_eq!(
        file.organization_id(),
        &parsed::<OrganizationID>(&outer["organization_id"])
    );
    assert_eq!(
        file.user_id(),
        parsed::<UserID>(&outer["user_id"]["uuid_hex"])
    );
    assert_eq!(
        file.device_id(),
        parsed::<DeviceID>(&outer["device_id"]["uuid_hex"])
    );
    assert_eq!(file.human_handle(), &handle(&outer["human_handle"]));
    assert_eq!(file.device_label().as_str(), s(&outer["device_label"]));
    let alg = &outer["algorithm"];
    assert_eq!(s(&alg["type"]), "ARGON2ID");
    let DeviceFileProtection::Password(password) = file.protection() else {
        panic!("not a password file")
    };
    assert_eq!(
        password.params,
        Argon2Params {
            memlimit_kb: 131_072,
            opslimit: 3,
            parallelism: 1
        }
    );
    assert_eq!(alg["memlimit_kb"], 131_072);
    assert_eq!(alg["opslimit"], 3);
    assert_eq!(alg["parallelism"], 1);
    assert_eq!(password.salt, bytes(&alg["salt"]["bin_hex"]));
    assert_eq!(file.ciphertext(), bytes(&outer["ciphertext"]["bin_hex"]));
    assert!(outer["totp_opaque_key_id"].is_null());
    assert_eq!(file.totp_opaque_key_id(), None);
}

/// Builds a `LocalDevice` from the vector's decoded fields.
fn local_device(f: &Json) -> LocalDevice {
    assert_eq!(s(&f["type"]), "local_device");
    LocalDevice {
        server_url: s(&f["server_url"]).to_owned(),
        organization_id: parsed(&f["organization_id"]),
        root_verify_key: parsec_protocol::crypto::VerifyKey::from_bytes(arr(
            &f["root_verify_key"]["bin_hex"]
        )),
        user_id: parsed(&f["user_id"]["uuid_hex"]),
        device_id: parsed(&f["device_id"]["uuid_hex"]),
        device_label: parsed(&f["device_label"]),
        human_handle: handle(&f["human_handle"]),
        signing_key: SigningKey::from_seed(&arr(&f["signing_key"]["bin_hex"])),
        private_key: parsec_protocol::crypto::PrivateKey::from_bytes(&arr(
            &f["private_key"]["bin_hex"]
        )),
        initial_profile: parsed(&f["initial_profile"]),
        user_realm_id: parsed::<VlobID>(&f["user_realm_id"]["uuid_hex"]),
        user_realm_key: SecretKey::from_bytes(arr(&f["user_realm_key"]["bin_hex"])),
        local_symkey: SecretKey::from_bytes(arr(&f["local_symkey"]["bin_hex"])),
    }
}

/// Field-by-field comparison (keys have no `PartialEq`: compare their bytes).
fn assert_same_device(a: &LocalDevice, b: &LocalDevice) {
    assert_eq!(a.server_url, b.server_url);
    assert_eq!(a.organization_id, b.organization_id);
    assert_eq!(a.root_verify_key, b.root_verify_key);
    assert_eq!(a.user_id, b.user_id);
    assert_eq!(a.device_id, b.device_id);
    assert_eq!(a.device_label, b.device_label);
    assert_eq!(a.human_handle, b.human_handle);
    assert_eq!(a.signing_key.as_bytes(), b.signing_key.as_bytes());
    assert_eq!(a.private_key.as_bytes(), b.private_key.as_bytes());
    assert_eq!(a.initial_profile, b.initial_profile);
    assert_eq!(a.user_realm_id, b.user_realm_id);
    assert_eq!(a.user_realm_key, b.user_realm_key);
    assert_eq!(a.local_symkey, b.local_symkey);
}

/// Re-encrypts `device` with the salt and nonce found in `file` (the random draws, in
/// the order `encrypt_password` makes them).
fn reencrypt(device: &LocalDevice, file: &DeviceFile, password: &[u8]) -> Vec<u8> {
    let DeviceFileProtection::Password(alg) = file.protection() else {
        panic!("not a password file")
    };
    let mut draws = alg.salt.clone();
    draws.extend_from_slice(&file.ciphertext()[..24]);
    DeviceFile::encrypt_password(
        device,
        password,
        alg.params,
        file.created_on(),
        file.protected_on(),
        &FixedRandom::new(&draws),
    )
}

#[test]
fn official_cli_file() {
    let v = vector("device_file_password_official_cli");
    let (i, e) = (&v["inputs"], &v["expected"]);
    let password = s(&i["password_utf8"]).as_bytes();
    let raw = bytes(&i["file_hex"]);
    let file = DeviceFile::decode(&raw).expect("decode");
    check_outer(&file, &e["outer_decoded"]);
    assert_eq!(
        format!("{}.keys", file.device_id().hex()),
        s(&i["file_name"])
    );
    // What `device list` prints for it (device-file.md §4).
    assert_eq!(
        file.server_addr().map(|a| a.to_url()),
        Ok("parsec3://127.0.0.1:6770?no_ssl=true".to_owned())
    );
    assert_eq!(
        &file.device_id().hex()[..short_id_len(&[file.device_id()])],
        "ad8"
    );

    // With the published key: no derivation needed.
    let key = SecretKey::from_bytes(arr(&e["derived_key_hex"]));
    let device = file
        .decrypt_with_key(&key)
        .expect("decrypt with the derived key");
    let expected = local_device(&e["local_device_decoded"]);
    assert_same_device(&device, &expected);
    assert_eq!(
        hex::encode(device.dump()),
        s(&e["local_device_msgpack_hex"])
    );
    assert_eq!(
        device.organization_addr().map(|a| a.to_url()),
        Ok(format!(
            "parsec3://127.0.0.1:6770/WireDocCli1?no_ssl=true&p={}",
            data_encoding::BASE64URL_NOPAD
                .encode(&[&[0xc4, 0x20][..], device.root_verify_key.as_bytes()].concat())
        ))
    );
    assert_eq!(
        device.signing_key.verify_key(),
        SigningKey::from_seed(device.signing_key.as_bytes()).verify_key()
    );

    let _guard = ARGON2.lock().unwrap_or_else(|p| p.into_inner());
    // The password, with the parameters stored in the file.
    let unlocked = file.decrypt_password(password).expect("unlock");
    assert_same_device(&unlocked, &expected);
    // Same salt and nonce: our writer reproduces the official file.
    assert_eq!(
        hex::encode(reencrypt(&device, &file, password)),
        hex::encode(&raw)
    );
}

#[test]
fn deterministic_file() {
    let v = vector("device_file_password_deterministic");
    let (i, e) = (&v["inputs"], &v["expected"]);
    let password = s(&i["password_utf8"]).as_bytes();
    let device = local_device(&i["local_device_fields"]);
    assert_eq!(
        hex::encode(device.dump()),
        s(&e["local_device_msgpack_hex"])
    );
    // The encryption alone, with the published key and nonce.
    let key = SecretKey::from_bytes(arr(&e["derived_key_hex"]));
    assert_eq!(
        hex::encode(key.encrypt_with_nonce(&arr(&i["nonce_hex"]), &device.dump())),
        s(&e["ciphertext_hex"])
    );

    let _guard = ARGON2.lock().unwrap_or_else(|p| p.into_inner());
    let mut draws = bytes(&i["argon2_salt_hex"]);
    draws.extend(bytes(&i["nonce_hex"]));
    let written = DeviceFile::encrypt_password(
        &device,
        password,
        Argon2Params::OFFICIAL,
        DateTime::from_micros(i["created_on_us"].as_i64().expect("micros")),
        DateTime::from_micros(i["protected_on_us"].as_i64().expect("micros")),
        &FixedRandom::new(&draws),
    );
    assert_eq!(hex::encode(&written), s(&e["file_hex"]));

    let file = DeviceFile::decode(&written).expect("decode");
    check_outer(&file, &e["outer_decoded"]);
    assert_eq!(
        format!("{}.keys", file.device_id().hex()),
        s(&i["file_name"])
    );
    assert_eq!(
        &file.device_id().hex()[..short_id_len(&[file.device_id()])],
        "de1"
    );
    let unlocked = file.decrypt_password(password).expect("unlock");
    assert_same_device(&unlocked, &device);
    // A wrong password is a MAC failure (the CLI then exits with status 1).
    assert_eq!(
        file.decrypt_with_key(&SecretKey::from_bytes([0; 32])).err(),
        Some(DeviceFileError::DecryptionFailed)
    );
}
