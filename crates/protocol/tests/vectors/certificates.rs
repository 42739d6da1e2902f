//! Certificates against the official vectors (wire.md §2.4, certificates.md).

use super::*;

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
    let all = parse(include_str!("../data/certificates-vectors.json"));
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
