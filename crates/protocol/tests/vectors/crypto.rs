//! Crypto primitives against the official vectors (wire.md §3).

use super::*;

#[test]
fn ed25519_sign() {
    let v = wire_vector("ed25519_sign");
    let (i, e) = (&v["inputs"], &v["expected"]);
    let key = SigningKey::from_seed(&arr(&i["signing_key_seed_hex"]));
    let msg = utf8(&i["message_utf8"]);
    assert_eq!(
        hex::encode(key.verify_key().as_bytes()),
        s(&e["verify_key_hex"])
    );
    assert_eq!(
        hex::encode(key.sign_only_signature(msg)),
        s(&e["signature_hex"])
    );
    let signed = key.sign(msg);
    assert_eq!(hex::encode(&signed), s(&e["signed_hex"]));
    assert_eq!(key.verify_key().verify(&signed), Ok(msg));
    let mut tampered = signed.clone();
    *tampered.last_mut().expect("non-empty") ^= 1;
    assert!(key.verify_key().verify(&tampered).is_err());
}

#[test]
fn secretbox_fixed_nonce() {
    let v = wire_vector("secretbox_fixed_nonce");
    let (i, e) = (&v["inputs"], &v["expected"]);
    let key = SecretKey::from_bytes(arr(&i["key_hex"]));
    let out = key.encrypt_with_nonce(&arr(&i["nonce_hex"]), utf8(&i["plaintext_utf8"]));
    assert_eq!(hex::encode(&out), s(&e["output_hex"]));
    assert_eq!(Some(out.len() as u64), e["output_len"].as_u64());
    assert_eq!(key.decrypt(&out).as_deref(), Ok(utf8(&i["plaintext_utf8"])));
}

#[test]
fn secretbox_official_random_nonce() {
    let v = wire_vector("secretbox_official_random_nonce");
    let (i, e) = (&v["inputs"], &v["expected"]);
    let key = SecretKey::from_bytes(arr(&i["key_hex"]));
    let ct = bytes(&i["ciphertext_hex"]);
    assert_eq!(hex::encode(&ct[..24]), s(&e["nonce_hex"]));
    assert_eq!(hex::encode(&ct[24..40]), s(&e["tag_hex"]));
    assert_eq!(key.decrypt(&ct).as_deref(), Ok(utf8(&e["plaintext_utf8"])));
    let mut tampered = ct.clone();
    tampered[30] ^= 1;
    assert!(key.decrypt(&tampered).is_err());
    assert!(SecretKey::from_bytes([0; 32]).decrypt(&ct).is_err());
}

#[test]
fn sealed_box_official() {
    let v = wire_vector("sealed_box_official");
    let (i, e) = (&v["inputs"], &v["expected"]);
    let key = PrivateKey::from_bytes(&arr(&i["recipient_private_key_hex"]));
    assert_eq!(
        hex::encode(key.public_key().as_bytes()),
        s(&e["recipient_public_key_hex"])
    );
    let ct = bytes(&i["ciphertext_hex"]);
    assert_eq!(hex::encode(&ct[..32]), s(&e["ephemeral_public_key_hex"]));
    assert_eq!(
        key.decrypt_from_self(&ct).as_deref(),
        Ok(utf8(&e["plaintext_utf8"]))
    );
}

#[test]
fn sealed_box_fixed_ephemeral() {
    let v = wire_vector("sealed_box_fixed_ephemeral");
    let (i, e) = (&v["inputs"], &v["expected"]);
    let recipient = PublicKey::from_bytes(arr(&i["recipient_public_key_hex"]));
    let ephemeral = PrivateKey::from_bytes(&arr(&i["ephemeral_private_key_hex"]));
    assert_eq!(
        hex::encode(ephemeral.public_key().as_bytes()),
        s(&e["ephemeral_public_key_hex"])
    );
    let plaintext = utf8(&i["plaintext_utf8"]);
    let out = recipient.encrypt_for_self_with_ephemeral(&ephemeral, plaintext);
    assert_eq!(hex::encode(&out), s(&e["output_hex"]));
    // The recipient is the private key of `sealed_box_official`.
    let official = wire_vector("sealed_box_official");
    let key = PrivateKey::from_bytes(&arr(&official["inputs"]["recipient_private_key_hex"]));
    assert_eq!(key.public_key(), recipient);
    assert_eq!(key.decrypt_from_self(&out).as_deref(), Ok(plaintext));
}

#[test]
fn secret_key_mac_512() {
    let v = wire_vector("secret_key_mac_512");
    let key = SecretKey::from_bytes(arr(&v["inputs"]["key_hex"]));
    assert_eq!(
        hex::encode(key.mac_512(utf8(&v["inputs"]["data_utf8"]))),
        s(&v["expected"]["mac_hex"])
    );
}

#[test]
fn hash_digest_sha256() {
    let v = wire_vector("hash_digest_sha256");
    let digest = HashDigest::from_data(utf8(&v["inputs"]["data_utf8"]));
    assert_eq!(
        hex::encode(digest.as_bytes()),
        s(&v["expected"]["digest_hex"])
    );
}

#[test]
fn argon2id_device_file_params() {
    let v = wire_vector("argon2id_device_file_params");
    let i = &v["inputs"];
    let num = |k: &str| {
        i[k].as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .expect("u32")
    };
    let params = Argon2Params {
        memlimit_kb: num("memlimit_kb"),
        opslimit: num("opslimit"),
        parallelism: num("parallelism"),
    };
    assert_eq!(params, Argon2Params::OFFICIAL);
    let key = derive_key_argon2id(utf8(&i["password_utf8"]), &bytes(&i["salt_hex"]), params)
        .expect("valid parameters");
    assert_eq!(hex::encode(key.as_bytes()), s(&v["expected"]["key_hex"]));
}

#[test]
fn recovery_passphrase() {
    let v = wire_vector("recovery_passphrase");
    let key = SecretKey::from_bytes(arr(&v["inputs"]["key_hex"]));
    let passphrase = s(&v["expected"]["passphrase"]);
    assert_eq!(key.to_recovery_passphrase().as_str(), passphrase);
    assert_eq!(
        SecretKey::from_recovery_passphrase(passphrase),
        Ok(key.clone())
    );
    // Lowercase, spaces instead of dashes (the bindings accept it too).
    let relaxed = passphrase.to_lowercase().replace('-', " ");
    assert_eq!(SecretKey::from_recovery_passphrase(&relaxed), Ok(key));
    assert!(SecretKey::from_recovery_passphrase("MBQW-EY3E").is_err());
}
