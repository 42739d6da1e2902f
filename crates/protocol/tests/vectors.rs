//! The official test vectors, byte for byte: `wire-vectors.json` (wire.md §10: crypto,
//! certificates, authorization headers, addresses, msgpack encodings) and
//! `certificates-vectors.json` (certificates.md). The JSON files are copied unchanged in
//! `tests/data/`; device files (`device_file_vectors.rs`) and invitations
//! (`invite_vectors.rs`) have their own test binaries.

use parsec_protocol::addr::{
    BootstrapAddr, InvitationAddr, InvitationType, OrganizationAddr, ServerAddr,
};
use parsec_protocol::certif::{
    self, AnyCertificate, DeviceCertificate, DevicePurpose, PrivateKeyAlgorithm,
    RevokedUserCertificate, SequesterAuthorityCertificate, SigningKeyAlgorithm, UserCertificate,
    UserUpdateCertificate,
};
use parsec_protocol::crypto::{
    derive_key_argon2id, Argon2Params, HashDigest, PrivateKey, PublicKey, SecretKey, SigningKey,
    VerifyKey,
};
use parsec_protocol::data::{self, Typed};
use parsec_protocol::ids::{AccessToken, DeviceID, HumanHandle, OrganizationID, UserID};
use parsec_protocol::{auth, cmds, DateTime};
use serde_json::Value as Json;
use std::fmt::Debug;

// ---------------------------------------------------------------------------
// JSON helpers

fn parse(text: &str) -> Json {
    serde_json::from_str(text).expect("vector files are valid JSON")
}

fn wire() -> Json {
    parse(include_str!("data/wire-vectors.json"))
}

/// The entry `name` of `wire-vectors.json`.
fn wire_vector(name: &str) -> Json {
    wire()["vectors"]
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
    bytes(v)
        .try_into()
        .unwrap_or_else(|b: Vec<u8>| panic!("expected {N} bytes, got {}", b.len()))
}

fn utf8(v: &Json) -> &[u8] {
    s(v).as_bytes()
}

fn parsed<T: std::str::FromStr>(v: &Json) -> T
where
    T::Err: Debug,
{
    s(v).parse()
        .unwrap_or_else(|e| panic!("cannot parse {v}: {e:?}"))
}

// ---------------------------------------------------------------------------
// Crypto (wire.md §3)

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

// ---------------------------------------------------------------------------
// Certificates (wire.md §2.4, certificates.md)

/// A certificate of any modelled kind.
#[derive(Debug, Clone, PartialEq)]
enum Cert {
    User(UserCertificate),
    Device(DeviceCertificate),
    UserUpdate(UserUpdateCertificate),
    RevokedUser(RevokedUserCertificate),
    SequesterAuthority(SequesterAuthorityCertificate),
}

/// The expected bytes of one certificate vector.
struct Expected<'a> {
    msgpack_hex: &'a str,
    payload_hex: &'a str,
    signature_hex: &'a str,
    signed_hex: &'a str,
}

/// The first of `names` present in `fields`.
fn field<'a>(fields: &'a Json, names: &[&str]) -> &'a Json {
    names
        .iter()
        .map(|n| &fields[n])
        .find(|v| !v.is_null())
        .unwrap_or(&Json::Null)
}

fn timestamp(f: &Json) -> DateTime {
    let micros = f["timestamp"]["micros"]
        .as_i64()
        .or_else(|| f["timestamp_us"].as_i64())
        .expect("a timestamp");
    let dt = DateTime::from_micros(micros);
    if let Some(text) = f["timestamp"]["rfc3339"]
        .as_str()
        .or_else(|| f["timestamp_rfc3339"].as_str())
    {
        assert_eq!(dt.to_rfc3339(), text);
    }
    dt
}

fn author(f: &Json) -> Option<DeviceID> {
    let v = field(f, &["author_device_id_hex", "author"]);
    (!v.is_null()).then(|| parsed(v))
}

fn human_handle(v: &Json) -> Option<HumanHandle> {
    let pair = v.as_array()?;
    let email = parsed(&pair[0]);
    Some(HumanHandle::new(email, s(&pair[1])).expect("valid handle"))
}

/// Builds the certificate of `kind` (its `type` literal) from the vector's fields, which
/// use `user_id` / `user_id_hex`, `timestamp.micros` / `timestamp_us`… depending on the file.
fn build(kind: &str, f: &Json) -> Cert {
    let user_id = || -> UserID { parsed(field(f, &["user_id", "user_id_hex"])) };
    match kind {
        UserCertificate::TYPE => Cert::User(UserCertificate {
            author: author(f),
            timestamp: timestamp(f),
            user_id: user_id(),
            human_handle: human_handle(&f["human_handle"]),
            public_key: PublicKey::from_bytes(arr(&f["public_key_hex"])),
            algorithm: {
                assert_eq!(s(&f["algorithm"]), "X25519_XSALSA20_POLY1305");
                PrivateKeyAlgorithm::X25519XSalsa20Poly1305
            },
            profile: parsed(&f["profile"]),
        }),
        DeviceCertificate::TYPE => Cert::Device(DeviceCertificate {
            purpose: {
                assert_eq!(s(&f["purpose"]), "STANDARD");
                DevicePurpose::Standard
            },
            author: author(f),
            timestamp: timestamp(f),
            user_id: user_id(),
            device_id: parsed(field(f, &["device_id", "device_id_hex"])),
            device_label: f["device_label"]
                .as_str()
                .map(|l| l.parse().expect("valid label")),
            verify_key: VerifyKey::from_bytes(arr(&f["verify_key_hex"])),
            algorithm: {
                assert_eq!(s(&f["algorithm"]), "ED25519");
                SigningKeyAlgorithm::Ed25519
            },
        }),
        UserUpdateCertificate::TYPE => Cert::UserUpdate(UserUpdateCertificate {
            author: author(f).expect("a device author"),
            timestamp: timestamp(f),
            user_id: user_id(),
            new_profile: parsed(&f["new_profile"]),
        }),
        RevokedUserCertificate::TYPE => Cert::RevokedUser(RevokedUserCertificate {
            author: author(f).expect("a device author"),
            timestamp: timestamp(f),
            user_id: user_id(),
        }),
        SequesterAuthorityCertificate::TYPE => {
            Cert::SequesterAuthority(SequesterAuthorityCertificate {
                timestamp: timestamp(f),
                verify_key_der: bytes(&f["verify_key_der_hex"]),
            })
        }
        other => panic!("unexpected certificate type `{other}`"),
    }
}

/// Dumps, signs, verifies and loads one certificate against its expected bytes.
fn check_typed<T: Typed + PartialEq + Debug>(
    name: &str,
    cert: &T,
    signer: &SigningKey,
    expected: &Expected,
) -> T {
    assert_eq!(
        hex::encode(data::dump_typed(cert)),
        expected.msgpack_hex,
        "{name}: msgpack"
    );
    assert_eq!(
        hex::encode(data::dump_v0(cert)),
        expected.payload_hex,
        "{name}: format v0 (zstd)"
    );
    let signed = certif::dump_and_sign(cert, signer);
    assert_eq!(hex::encode(&signed), expected.signed_hex, "{name}: signed");
    assert_eq!(
        hex::encode(&signed[..64]),
        expected.signature_hex,
        "{name}: signature"
    );
    let loaded: T = certif::verify_and_load(&signed, &signer.verify_key())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(&loaded, cert, "{name}: loaded");
    let stranger = SigningKey::from_seed(&[0xee; 32]).verify_key();
    assert!(
        certif::verify_and_load::<T>(&signed, &stranger).is_err(),
        "{name}: wrong key accepted"
    );
    loaded
}

fn check_cert(name: &str, cert: &Cert, signer: &SigningKey, expected: &Expected) -> Cert {
    let loaded = match cert {
        Cert::User(c) => Cert::User(check_typed(name, c, signer, expected)),
        Cert::Device(c) => Cert::Device(check_typed(name, c, signer, expected)),
        Cert::UserUpdate(c) => Cert::UserUpdate(check_typed(name, c, signer, expected)),
        Cert::RevokedUser(c) => Cert::RevokedUser(check_typed(name, c, signer, expected)),
        Cert::SequesterAuthority(c) => {
            Cert::SequesterAuthority(check_typed(name, c, signer, expected))
        }
    };
    // The two-step load used by certificate_get: kind and author first.
    let signed = hex::decode(expected.signed_hex).expect("hex");
    let any = AnyCertificate::unsecure_load(&signed).unwrap_or_else(|e| panic!("{name}: {e}"));
    let (author, timestamp) = match cert {
        Cert::User(c) => (c.author, c.timestamp),
        Cert::Device(c) => (c.author, c.timestamp),
        Cert::UserUpdate(c) => (Some(c.author), c.timestamp),
        Cert::RevokedUser(c) => (Some(c.author), c.timestamp),
        Cert::SequesterAuthority(c) => (None, c.timestamp),
    };
    assert_eq!(any.author(), author, "{name}: author");
    assert_eq!(any.timestamp(), Some(timestamp), "{name}: timestamp");
    loaded
}

/// The seed after `seed ` in a wire vector's `signer` description.
fn signer_from_description(text: &str) -> SigningKey {
    let (_, rest) = text.split_once("seed ").expect("a seed in the description");
    let seed: [u8; 32] = hex::decode(&rest[..64])
        .expect("hex seed")
        .try_into()
        .expect("32 bytes");
    SigningKey::from_seed(&seed)
}

#[test]
fn wire_certificates() {
    const NAMES: &[&str] = &[
        "user_certificate_root_signed",
        "redacted_user_certificate_root_signed",
        "device_certificate_root_signed",
        "redacted_device_certificate_root_signed",
        "user_certificate_device_signed",
        "revoked_user_certificate",
        "user_update_certificate",
    ];
    for name in NAMES {
        let v = wire_vector(name);
        let (i, e) = (&v["inputs"], &v["expected"]);
        let signer = signer_from_description(s(&i["signer"]));
        let fields = &i["fields"];
        let kind = s(&e["msgpack_decoded"]["type"]);
        let cert = build(kind, fields);
        let expected = Expected {
            msgpack_hex: s(&e["msgpack_hex"]),
            payload_hex: s(&e["payload_after_signature_hex"]),
            signature_hex: s(&e["signature_hex"]),
            signed_hex: s(&e["signed_hex"]),
        };
        assert_eq!(
            format!("00{}", s(&e["zstd_frame_hex"])),
            expected.payload_hex,
            "{name}"
        );
        check_cert(name, &cert, &signer, &expected);
        if let Some(private) = fields.get("private_key_hex_used") {
            let Cert::User(user) = &cert else {
                panic!("{name}: a private key for a non-user certificate")
            };
            assert_eq!(
                PrivateKey::from_bytes(&arr(private)).public_key(),
                user.public_key
            );
        }
    }
    // The redacted vectors are the full ones without handle / label.
    let full = |n: &str| {
        let v = wire_vector(n);
        build(
            s(&v["expected"]["msgpack_decoded"]["type"]),
            &v["inputs"]["fields"],
        )
    };
    match (
        full("user_certificate_root_signed"),
        full("redacted_user_certificate_root_signed"),
    ) {
        (Cert::User(a), Cert::User(b)) => assert_eq!(a.to_redacted(), b),
        other => panic!("unexpected {other:?}"),
    }
    match (
        full("device_certificate_root_signed"),
        full("redacted_device_certificate_root_signed"),
    ) {
        (Cert::Device(a), Cert::Device(b)) => assert_eq!(a.to_redacted(), b),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn certificates_file() {
    let all = parse(include_str!("data/certificates-vectors.json"));
    let keys = &all["keys"];
    let keys = keys.as_object().expect("`keys` is an object");
    // The key table itself: each seed / scalar gives the listed public half.
    for (name, value) in keys {
        if let Some(prefix) = name.strip_suffix("_signing_key_seed_hex") {
            let vk = SigningKey::from_seed(&arr(value)).verify_key();
            assert_eq!(
                hex::encode(vk.as_bytes()),
                s(&keys[&format!("{prefix}_verify_key_hex")]),
                "{name}"
            );
        }
        if let Some(prefix) = name.strip_suffix("_private_key_hex") {
            let pk = PrivateKey::from_bytes(&arr(value)).public_key();
            assert_eq!(
                hex::encode(pk.as_bytes()),
                s(&keys[&format!("{prefix}_public_key_hex")]),
                "{name}"
            );
        }
    }
    let signer_for = |verify_key_hex: &str| -> SigningKey {
        let name = keys
            .iter()
            .find(|(k, v)| k.ends_with("_verify_key_hex") && v.as_str() == Some(verify_key_hex))
            .map(|(k, _)| k.replace("_verify_key_hex", "_signing_key_seed_hex"))
            .unwrap_or_else(|| panic!("no signing key for {verify_key_hex}"));
        SigningKey::from_seed(&arr(&keys[&name]))
    };

    let mut checked = 0;
    for (name, v) in all.as_object().expect("an object") {
        if name == "about" || name == "keys" {
            continue;
        }
        let fields = &v["fields"];
        let cert = build(s(&fields["type"]), fields);
        let expected = Expected {
            msgpack_hex: s(&v["msgpack_hex"]),
            payload_hex: s(&v["serialized_payload_hex"]),
            signature_hex: s(&v["signature_hex"]),
            signed_hex: s(&v["signed_hex"]),
        };
        let signer = signer_for(s(&v["signer_verify_key_hex"]));
        let loaded = check_cert(name, &cert, &signer, &expected);

        // What the official client shows for redacted certificates.
        match &loaded {
            Cert::User(c) => {
                if let Some(shown) = fields["human_handle_as_displayed_after_load"].as_str() {
                    assert!(c.human_handle.is_none(), "{name}");
                    assert_eq!(c.human_handle_or_placeholder().to_string(), shown, "{name}");
                }
            }
            Cert::Device(c) => {
                if let Some(shown) = fields["device_label_as_displayed_after_load"].as_str() {
                    assert!(c.device_label.is_none(), "{name}");
                    assert_eq!(c.device_label_or_placeholder(), shown, "{name}");
                }
            }
            _ => {}
        }
        // `<name>_redacted` is `<name>` without handle or label.
        if let Some(base) = name.strip_suffix("_redacted") {
            let base_fields = &all[base]["fields"];
            let redacted = match build(s(&base_fields["type"]), base_fields) {
                Cert::User(c) => Cert::User(c.to_redacted()),
                Cert::Device(c) => Cert::Device(c.to_redacted()),
                other => panic!("{name}: cannot redact {other:?}"),
            };
            assert_eq!(redacted, cert, "{name}");
        }
        checked += 1;
    }
    assert_eq!(checked, 13, "every certificate vector was checked");
}

// ---------------------------------------------------------------------------
// Authorization headers (wire.md §1.4–1.5)

#[test]
fn authorization_headers() {
    let v = wire_vector("authenticated_authorization_header");
    let (i, e) = (&v["inputs"], &v["expected"]);
    let key = SigningKey::from_seed(&arr(&i["signing_key_seed_hex"]));
    let device_id: DeviceID = parsed(&i["device_id_hex"]);
    let ts = i["timestamp_seconds"].as_i64().expect("seconds");
    let signed = s(&e["signed_string"]);
    assert_eq!(
        hex::encode(key.sign_only_signature(signed.as_bytes())),
        s(&e["signature_hex"])
    );
    assert_eq!(
        auth::authenticated_header(device_id, &key, ts),
        s(&e["authorization_header_value"])
    );

    let v = wire_vector("invited_authorization_header");
    let token: AccessToken = parsed(&v["inputs"]["token_hex"]);
    assert_eq!(
        auth::invited_header(&token),
        s(&v["expected"]["authorization_header_value"])
    );
}

// ---------------------------------------------------------------------------
// Addresses (wire.md §6)

fn server_of(u: &Json) -> ServerAddr {
    let port = u["port"].as_u64().map(|p| u16::try_from(p).expect("port"));
    ServerAddr::new(s(&u["hostname"]), port, u["use_ssl"] == true).expect("valid host")
}

/// Checks generation of both forms and parsing of both forms back.
fn check_urls<A: PartialEq + Debug>(
    u: &Json,
    addr: &A,
    to_url: impl Fn(&A) -> String,
    to_redirect: impl Fn(&A) -> String,
    from_any: impl Fn(&str) -> Result<A, parsec_protocol::addr::AddrError>,
) {
    let url = s(&u["parsec_url"]);
    let redirect = s(&u["http_redirection_url"]);
    assert_eq!(to_url(addr), url);
    assert_eq!(to_redirect(addr), redirect);
    assert_eq!(from_any(url).as_ref(), Ok(addr), "{url}");
    assert_eq!(from_any(redirect).as_ref(), Ok(addr), "{redirect}");
}

#[test]
fn parsec_urls() {
    let v = wire_vector("parsec_urls");
    let urls = v["expected"]["urls"].as_array().expect("an array");
    for u in urls {
        let server = server_of(u);
        let org = || -> OrganizationID { parsed(&u["organization_id"]) };
        match s(&u["kind"]) {
            "invitation" => {
                let addr = InvitationAddr::new(
                    server,
                    org(),
                    parsed::<InvitationType>(&u["invitation_type"]),
                    parsed(&u["token_hex"]),
                );
                check_urls(
                    u,
                    &addr,
                    InvitationAddr::to_url,
                    InvitationAddr::to_http_redirection_url,
                    InvitationAddr::from_any,
                );
            }
            "organization_bootstrap" => {
                let token = u["token_hex"].as_str().map(|t| t.parse().expect("token"));
                let addr = BootstrapAddr::new(server, org(), token);
                check_urls(
                    u,
                    &addr,
                    BootstrapAddr::to_url,
                    BootstrapAddr::to_http_redirection_url,
                    BootstrapAddr::from_any,
                );
            }
            "organization" => {
                let key = VerifyKey::from_bytes(arr(&u["root_verify_key_hex"]));
                let addr = OrganizationAddr::new(server, org(), key);
                check_urls(
                    u,
                    &addr,
                    OrganizationAddr::to_url,
                    OrganizationAddr::to_http_redirection_url,
                    OrganizationAddr::from_any,
                );
            }
            "server" => {
                check_urls(
                    u,
                    &server,
                    ServerAddr::to_url,
                    ServerAddr::to_http_redirection_url,
                    ServerAddr::from_any,
                );
                let base = s(&u["http_base_url"]);
                assert_eq!(server.to_http_url(), base);
                assert_eq!(ServerAddr::from_http_url(base), Ok(server.clone()));
                assert_eq!(s(&u["parsec_url"]).parse(), Ok(server));
            }
            other => panic!("unknown URL kind `{other}`"),
        }
    }

    // `p` = base64url without padding of the payload's msgpack.
    for ex in v["expected"]["p_payload_examples"]
        .as_array()
        .expect("an array")
    {
        let msgpack = bytes(&ex["msgpack_hex"]);
        assert_eq!(data_encoding::BASE64URL_NOPAD.encode(&msgpack), s(&ex["p"]));
        let value = data::read_value(&msgpack).expect("msgpack");
        let reencoded = match &value {
            rmpv::Value::Nil => rmp_serde::to_vec(&None::<AccessToken>),
            rmpv::Value::Binary(b) if b.len() == 16 => {
                rmp_serde::to_vec(&AccessToken::from_bytes(b[..].try_into().expect("16")))
            }
            rmpv::Value::Binary(b) => {
                rmp_serde::to_vec(&VerifyKey::from_bytes(b[..].try_into().expect("32")))
            }
            other => panic!("unexpected payload {other}"),
        };
        assert_eq!(reencoded.expect("encode"), msgpack);
    }
}

// ---------------------------------------------------------------------------
// msgpack (wire.md §2)

#[test]
fn msgpack_bodies() {
    use cmds::anonymous::organization_bootstrap;
    use cmds::authenticated::{
        self as authenticated, certificate_get, invite_cancel, invite_list, invite_new_device,
        invite_new_user, organization_info,
    };
    use cmds::invited::{self, invite_info};
    use parsec_protocol::invite::InvitationEmailSentStatus;

    let token: AccessToken = "a0000000000000000000000000000001".parse().expect("token");
    let v = wire_vector("msgpack_bodies");
    for body in v["expected"]["bodies"].as_array().expect("an array") {
        let label = s(&body["label"]);
        let raw = bytes(&body["hex"]);
        // Smallest-encoding writer: decoding then re-encoding gives the same bytes.
        let value = data::read_value(&raw).unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(data::write_value(&value), raw, "{label}");
        match label {
            "authenticated organization_info Req" => {
                assert_eq!(organization_info::Req.dump(), raw);
            }
            "authenticated certificate_get Req(common_after=2023-11-14T22:13:20Z, others nil, realm_after={})" => {
                let req = certificate_get::Req {
                    common_after: Some(DateTime::from_micros(1_700_000_000_000_000)),
                    ..Default::default()
                };
                assert_eq!(req.dump(), raw);
            }
            "authenticated certificate_get Req(all nil)" => {
                assert_eq!(certificate_get::Req::default().dump(), raw);
            }
            "authenticated organization_info RepOk(1, 2)" => {
                let rep = organization_info::Rep::load(&raw).expect("decode");
                assert!(matches!(rep, organization_info::Rep::Ok(_)), "{rep:?}");
                assert_eq!(rep.dump(), raw);
            }
            "anonymous organization_bootstrap RepInvalidBootstrapToken" => {
                let rep = organization_bootstrap::Rep::load(&raw).expect("decode");
                assert_eq!(rep, organization_bootstrap::Rep::InvalidBootstrapToken);
                assert_eq!(rep.dump(), raw);
            }
            "authenticated invite_new_device Req(send_email=false)" => {
                let req = invite_new_device::Req { send_email: false };
                assert_eq!(req.dump(), raw);
                assert!(matches!(
                    authenticated::AnyCmdReq::load(&raw),
                    Ok(authenticated::AnyCmdReq::InviteNewDevice(r)) if r == req
                ));
            }
            "authenticated invite_new_user Req(claimer_email=bob@example.com, send_email=false)" => {
                let req = invite_new_user::Req {
                    claimer_email: "bob@example.com".parse().expect("email"),
                    send_email: false,
                };
                assert_eq!(req.dump(), raw);
                assert!(matches!(
                    authenticated::AnyCmdReq::load(&raw),
                    Ok(authenticated::AnyCmdReq::InviteNewUser(r)) if r == req
                ));
            }
            "authenticated invite_cancel Req(token)" => {
                let req = invite_cancel::Req { token };
                assert_eq!(req.dump(), raw);
                assert!(matches!(
                    authenticated::AnyCmdReq::load(&raw),
                    Ok(authenticated::AnyCmdReq::InviteCancel(r)) if r == req
                ));
            }
            "authenticated invite_list Req" => {
                assert_eq!(invite_list::Req.dump(), raw);
                assert!(matches!(
                    authenticated::AnyCmdReq::load(&raw),
                    Ok(authenticated::AnyCmdReq::InviteList(_))
                ));
            }
            "invited invite_info Req" => {
                assert_eq!(invite_info::Req.dump(), raw);
                assert!(matches!(
                    invited::AnyCmdReq::load(&raw),
                    Ok(invited::AnyCmdReq::InviteInfo(_))
                ));
            }
            "authenticated invite_new_device RepOk(token, SUCCESS)" => {
                let rep = invite_new_device::Rep::Ok(invite_new_device::Created {
                    token,
                    email_sent: InvitationEmailSentStatus::Success,
                });
                assert_eq!(invite_new_device::Rep::load(&raw), Ok(rep.clone()));
                assert_eq!(rep.dump(), raw);
            }
            other => panic!("new body vector `{other}`: check it"),
        }
    }
}

#[test]
fn msgpack_ext_types() {
    let v = wire_vector("msgpack_ext_types");
    let examples = v["expected"]["examples"].as_array().expect("an array");
    assert_eq!(examples.len(), 6);
    let hex_of = |i: usize, prefix: &str| {
        let ex = &examples[i];
        assert!(s(&ex["value"]).starts_with(prefix), "{ex}");
        bytes(&ex["msgpack_hex"])
    };

    fn roundtrip<T>(value: &T, expected: &[u8])
    where
        T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + Debug,
    {
        assert_eq!(rmp_serde::to_vec(value).expect("encode"), expected);
        assert_eq!(data::write_value(&data::to_value(value)), expected);
        let back: T = rmp_serde::from_slice(expected).expect("decode");
        assert_eq!(&back, value);
        let back: T = data::from_value(data::read_value(expected).expect("msgpack"))
            .expect("decode through rmpv");
        assert_eq!(&back, value);
    }

    roundtrip(
        &DateTime::from_micros(1_700_000_000_000_000),
        &hex_of(0, "DateTime 2023-11-14T22:13:20Z"),
    );
    roundtrip(&DateTime::from_micros(1), &hex_of(1, "DateTime 1970"));
    roundtrip(&DateTime::from_micros(-1), &hex_of(2, "DateTime 1969"));
    let user: UserID = "a11cec00-1000-0000-0000-000000000000"
        .parse()
        .expect("uuid");
    roundtrip(&user, &hex_of(3, "UUID/UserID"));
    let token: AccessToken = "a0000000000000000000000000000001".parse().expect("token");
    roundtrip(&token, &hex_of(4, "AccessToken"));
    let handle = HumanHandle::new(
        "alice@example.com".parse().expect("email"),
        "Alicey McAliceFace",
    )
    .expect("handle");
    roundtrip(&handle, &hex_of(5, "HumanHandle"));
}
