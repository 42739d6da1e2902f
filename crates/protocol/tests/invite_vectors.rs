//! `invite-vectors.json` (invite.md §11), every entry: key agreement, nonce commitment,
//! SAS derivation, integer → code table, the four encrypted payloads and the raw msgpack
//! of step requests and replies (including the greeter step `"5"` trap).

use parsec_protocol::cmds::authenticated::{
    invite_greeter_cancel_greeting_attempt, invite_greeter_step, AnyCmdReq as AuthenticatedReq,
};
use parsec_protocol::cmds::invited::{
    invite_claimer_start_greeting_attempt, invite_claimer_step, AnyCmdReq as InvitedReq,
};
use parsec_protocol::crypto::{HashDigest, PrivateKey, PublicKey, SecretKey, VerifyKey};
use parsec_protocol::data;
use parsec_protocol::ids::{DeviceID, GreetingAttemptID, HumanHandle, UserID, UserProfile, VlobID};
use parsec_protocol::invite::{
    compute_sas_codes, CancelledGreetingAttemptReason, ClaimerStep, GreeterOrClaimer, GreeterStep,
    GreetingAttemptCancelled, GreetingPayload, InviteDeviceConfirmation, InviteDeviceData,
    InviteUserConfirmation, InviteUserData, SASCode,
};
use parsec_protocol::DateTime;
use serde_json::Value as Json;

fn vectors() -> Json {
    serde_json::from_str(include_str!("data/invite-vectors.json")).expect("valid JSON")
}

fn s(v: &Json) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"))
}

fn bytes(v: &Json) -> Vec<u8> {
    hex::decode(s(v)).expect("valid hex")
}

fn arr32(v: &Json) -> [u8; 32] {
    bytes(v).try_into().expect("32 bytes")
}

fn parsed<T: std::str::FromStr>(v: &Json) -> T
where
    T::Err: std::fmt::Debug,
{
    s(v).parse().expect("parses")
}

fn handle(v: &Json) -> HumanHandle {
    HumanHandle::new(parsed(&v[0]), s(&v[1])).expect("valid handle")
}

// ---------------------------------------------------------------------------
// Crypto (§5)

#[test]
fn key_agreement() {
    let all = vectors();
    let v = &all["key_agreement"];
    let greeter = PrivateKey::from_bytes(&arr32(&v["greeter_private_key_hex"]));
    let claimer = PrivateKey::from_bytes(&arr32(&v["claimer_private_key_hex"]));
    assert_eq!(
        hex::encode(greeter.public_key().as_bytes()),
        s(&v["greeter_public_key_hex"])
    );
    assert_eq!(
        hex::encode(claimer.public_key().as_bytes()),
        s(&v["claimer_public_key_hex"])
    );
    let expected = s(&v["shared_secret_key_hex"]);
    let on_greeter = greeter
        .generate_shared_secret_key(&claimer.public_key(), true)
        .expect("contributory");
    let on_claimer = claimer
        .generate_shared_secret_key(&greeter.public_key(), false)
        .expect("contributory");
    assert_eq!(hex::encode(on_greeter.as_bytes()), expected);
    assert_eq!(hex::encode(on_claimer.as_bytes()), expected);
    // Hashing the claimer's key first is the documented trap.
    let wrong = claimer
        .generate_shared_secret_key(&greeter.public_key(), true)
        .expect("contributory");
    assert_eq!(
        hex::encode(wrong.as_bytes()),
        s(&v["wrong_shared_secret_key_if_public_keys_hashed_claimer_first_hex"])
    );
    // A low-order point (all zeros) gives a non-contributory secret.
    assert!(greeter
        .generate_shared_secret_key(&PublicKey::from_bytes([0; 32]), true)
        .is_err());
}

#[test]
fn hashed_nonce() {
    let all = vectors();
    let v = &all["hashed_nonce"];
    let digest = HashDigest::from_data(&bytes(&v["claimer_nonce_hex"]));
    assert_eq!(hex::encode(digest.as_bytes()), s(&v["sha256_hex"]));
}

fn check_sas(v: &Json) {
    let key = SecretKey::from_bytes(arr32(&v["shared_secret_key_hex"]));
    let claimer_nonce = bytes(&v["claimer_nonce_hex"]);
    let greeter_nonce = bytes(&v["greeter_nonce_hex"]);
    let mut message = claimer_nonce.clone();
    message.extend_from_slice(&greeter_nonce);
    if let Some(input) = v.get("mac_input_hex") {
        assert_eq!(hex::encode(&message), s(input));
    }
    assert_eq!(
        hex::encode(key.mac_512(&message)),
        s(&v["keyed_blake2b_512_hex"])
    );
    let (claimer_sas, greeter_sas) = compute_sas_codes(&key, &claimer_nonce, &greeter_nonce);
    assert_eq!(claimer_sas.as_str(), s(&v["claimer_sas"]));
    assert_eq!(greeter_sas.as_str(), s(&v["greeter_sas"]));
    // The intermediate integers, when given.
    if let Some(low) = v.get("claimer_sas_bits_0_20") {
        let low = u32::try_from(low.as_u64().expect("int")).expect("20 bits");
        let high =
            u32::try_from(v["greeter_sas_bits_20_40"].as_u64().expect("int")).expect("20 bits");
        let n = v["first_5_bytes_as_u40"].as_u64().expect("int");
        assert_eq!(u64::from(low), n & 0xF_FFFF);
        assert_eq!(u64::from(high), n >> 20);
        assert_eq!(SASCode::from_int(low), claimer_sas);
        assert_eq!(SASCode::from_int(high), greeter_sas);
    }
}

#[test]
fn sas() {
    let all = vectors();
    check_sas(&all["sas"]);
    assert_eq!(
        s(&all["sas"]["hashed_claimer_nonce_hex"]),
        hex::encode(HashDigest::from_data(&bytes(&all["sas"]["claimer_nonce_hex"])).as_bytes())
    );
}

#[test]
fn sas_second() {
    check_sas(&vectors()["sas_second"]);
}

#[test]
fn sas_int_to_code() {
    let all = vectors();
    let v = &all["sas_int_to_code"];
    assert_eq!(
        s(&v["alphabet"]),
        parsec_protocol::invite::SAS_CODE_ALPHABET
    );
    let table = v["table"].as_array().expect("array");
    assert!(!table.is_empty());
    for row in table {
        let value = u32::try_from(row["value"].as_u64().expect("int")).expect("u32");
        let code = SASCode::from_int(value);
        assert_eq!(code.as_str(), s(&row["sas"]), "{value}");
        assert_eq!(s(&row["sas"]).parse::<SASCode>(), Ok(code));
    }
}

// ---------------------------------------------------------------------------
// Payloads (§5.6, §6)

/// Decrypts the vector's ciphertext, checks the plaintext, the msgpack and our own
/// re-serialization (zstd output included), and that our encryption round-trips.
fn check_payload<T>(name: &str) -> T
where
    T: GreetingPayload + std::fmt::Debug,
{
    let all = vectors();
    let key = SecretKey::from_bytes(arr32(&all["payloads"]["key_hex"]));
    let v = &all["payloads"][name];
    let ciphertext = bytes(&v["ciphertext_hex"]);
    let plaintext = key.decrypt(&ciphertext).expect("decrypts");
    assert_eq!(hex::encode(&plaintext), s(&v["plaintext_serialized_hex"]));
    assert_eq!(
        hex::encode(data::decompress_v0(&plaintext, data::MAX_PAYLOAD_SIZE).expect("v0")),
        s(&v["msgpack_hex"])
    );
    assert_eq!(s(&v["fields"]["type"]), T::TYPE);
    let loaded = T::decrypt_and_load(&key, &ciphertext).expect("loads");
    // Our encoder writes the same map and the same zstd frame.
    assert_eq!(hex::encode(data::dump_typed(&loaded)), s(&v["msgpack_hex"]));
    assert_eq!(
        hex::encode(data::dump_v0(&loaded)),
        s(&v["plaintext_serialized_hex"])
    );
    let rng = parsec_protocol::crypto::OsRandom::new();
    let again = loaded.encrypt(&key, &rng);
    assert_eq!(
        key.decrypt(&again).expect("decrypts"),
        plaintext,
        "{name}: our ciphertext carries the same plaintext"
    );
    loaded
}

#[test]
fn payload_invite_user_data() {
    let all = vectors();
    let f = &all["payloads"]["invite_user_data"]["fields"];
    let inputs = &all["payloads"]["invite_user_data"]["inputs"];
    let p: InviteUserData = check_payload("invite_user_data");
    assert_eq!(
        p.requested_device_label.as_str(),
        s(&f["requested_device_label"])
    );
    assert_eq!(
        p.requested_human_handle,
        handle(&f["requested_human_handle"])
    );
    assert_eq!(p.public_key.as_bytes(), &arr32(&f["public_key_hex"]));
    assert_eq!(
        p.verify_key,
        VerifyKey::from_bytes(arr32(&f["verify_key_hex"]))
    );
    // The keys come from the documented inputs.
    let user_key = PrivateKey::from_bytes(&arr32(&inputs["claimer_user_private_key_hex"]));
    assert_eq!(user_key.public_key(), p.public_key);
    let device_key = parsec_protocol::crypto::SigningKey::from_seed(&arr32(
        &inputs["claimer_device_signing_key_seed_hex"],
    ));
    assert_eq!(device_key.verify_key(), p.verify_key);
}

#[test]
fn payload_invite_user_confirmation() {
    let all = vectors();
    let f = &all["payloads"]["invite_user_confirmation"]["fields"];
    let inputs = &all["payloads"]["invite_user_confirmation"]["inputs"];
    let p: InviteUserConfirmation = check_payload("invite_user_confirmation");
    assert_eq!(p.user_id, parsed::<UserID>(&f["user_id"]));
    assert_eq!(p.device_id, parsed::<DeviceID>(&f["device_id"]));
    assert_eq!(p.device_label.as_str(), s(&f["device_label"]));
    assert_eq!(p.human_handle, handle(&f["human_handle"]));
    assert_eq!(p.profile, parsed::<UserProfile>(&f["profile"]));
    assert_eq!(
        p.root_verify_key,
        VerifyKey::from_bytes(arr32(&f["root_verify_key_hex"]))
    );
    let root = parsec_protocol::crypto::SigningKey::from_seed(&arr32(
        &inputs["root_signing_key_seed_hex"],
    ));
    assert_eq!(root.verify_key(), p.root_verify_key);
}

#[test]
fn payload_invite_device_data() {
    let all = vectors();
    let f = &all["payloads"]["invite_device_data"]["fields"];
    let p: InviteDeviceData = check_payload("invite_device_data");
    assert_eq!(
        p.requested_device_label.as_str(),
        s(&f["requested_device_label"])
    );
    assert_eq!(
        p.verify_key,
        VerifyKey::from_bytes(arr32(&f["verify_key_hex"]))
    );
}

#[test]
fn payload_invite_device_confirmation() {
    let all = vectors();
    let f = &all["payloads"]["invite_device_confirmation"]["fields"];
    let p: InviteDeviceConfirmation = check_payload("invite_device_confirmation");
    assert_eq!(p.user_id, parsed::<UserID>(&f["user_id"]));
    assert_eq!(p.device_id, parsed::<DeviceID>(&f["device_id"]));
    assert_eq!(p.device_label.as_str(), s(&f["device_label"]));
    assert_eq!(p.human_handle, handle(&f["human_handle"]));
    assert_eq!(p.profile, parsed::<UserProfile>(&f["profile"]));
    assert_eq!(p.private_key.as_bytes(), &arr32(&f["private_key_hex"]));
    assert_eq!(p.user_realm_id, parsed::<VlobID>(&f["user_realm_id"]));
    assert_eq!(
        p.user_realm_key.as_bytes(),
        &arr32(&f["user_realm_key_hex"])
    );
    assert_eq!(
        p.root_verify_key,
        VerifyKey::from_bytes(arr32(&f["root_verify_key_hex"]))
    );
}

#[test]
fn payload_with_the_wrong_key_is_undecipherable() {
    let all = vectors();
    let ciphertext = bytes(&all["payloads"]["invite_user_data"]["ciphertext_hex"]);
    let wrong = SecretKey::from_bytes(arr32(
        &all["key_agreement"]["wrong_shared_secret_key_if_public_keys_hashed_claimer_first_hex"],
    ));
    let err = InviteUserData::decrypt_and_load(&wrong, &ciphertext).expect_err("wrong key");
    assert_eq!(
        err.cancel_reason(),
        CancelledGreetingAttemptReason::UndecipherablePayload
    );
    // The right key but the wrong payload type.
    let key = SecretKey::from_bytes(arr32(&all["payloads"]["key_hex"]));
    let err = InviteDeviceData::decrypt_and_load(&key, &ciphertext).expect_err("wrong type");
    assert_eq!(
        err.cancel_reason(),
        CancelledGreetingAttemptReason::UndeserializablePayload
    );
}

// ---------------------------------------------------------------------------
// Step encodings (§3.2)

/// One example per description, in file order.
fn examples() -> Vec<(String, Vec<u8>)> {
    let all = vectors();
    all["step_encoding_examples"]["examples"]
        .as_array()
        .expect("array")
        .iter()
        .map(|e| (s(&e["description"]).to_owned(), bytes(&e["msgpack_hex"])))
        .collect()
}

fn example(prefix: &str) -> Vec<u8> {
    let matches: Vec<_> = examples()
        .into_iter()
        .filter(|(d, _)| d.starts_with(prefix))
        .collect();
    match matches.as_slice() {
        [(_, raw)] => raw.clone(),
        _ => panic!("expected one example starting with `{prefix}`"),
    }
}

fn attempt() -> GreetingAttemptID {
    parsed(&vectors()["step_encoding_examples"]["greeting_attempt_id"])
}

fn greeter_pk() -> PublicKey {
    let all = vectors();
    PublicKey::from_bytes(arr32(&all["key_agreement"]["greeter_public_key_hex"]))
}

fn claimer_pk() -> PublicKey {
    let all = vectors();
    PublicKey::from_bytes(arr32(&all["key_agreement"]["claimer_public_key_hex"]))
}

fn claimer_nonce() -> Vec<u8> {
    bytes(&vectors()["sas"]["claimer_nonce_hex"])
}

fn greeter_nonce() -> Vec<u8> {
    bytes(&vectors()["sas"]["greeter_nonce_hex"])
}

fn check_greeter_req(prefix: &str, step: GreeterStep) {
    let raw = example(prefix);
    let req = invite_greeter_step::Req {
        greeting_attempt: attempt(),
        greeter_step: step,
    };
    assert_eq!(hex::encode(req.dump()), hex::encode(&raw), "{prefix}");
    match AuthenticatedReq::load(&raw).expect(prefix) {
        AuthenticatedReq::InviteGreeterStep(back) => assert_eq!(back, req, "{prefix}"),
        other => panic!("{prefix}: decoded as {other:?}"),
    }
}

fn check_claimer_req(prefix: &str, step: ClaimerStep) {
    let raw = example(prefix);
    let req = invite_claimer_step::Req {
        greeting_attempt: attempt(),
        claimer_step: step,
    };
    assert_eq!(hex::encode(req.dump()), hex::encode(&raw), "{prefix}");
    match InvitedReq::load(&raw).expect(prefix) {
        InvitedReq::InviteClaimerStep(back) => assert_eq!(back, req, "{prefix}"),
        other => panic!("{prefix}: decoded as {other:?}"),
    }
}

#[test]
fn step_requests() {
    check_greeter_req(
        "greeter step 0 request",
        GreeterStep::Number0WaitPeer {
            public_key: greeter_pk(),
        },
    );
    check_claimer_req(
        "claimer step 0 request",
        ClaimerStep::Number0WaitPeer {
            public_key: claimer_pk(),
        },
    );
    check_claimer_req(
        "claimer step 1 request",
        ClaimerStep::Number1SendHashedNonce {
            hashed_nonce: HashDigest::from_data(&claimer_nonce()),
        },
    );
    check_greeter_req("greeter step 1 request", GreeterStep::Number1GetHashedNonce);
    check_greeter_req(
        "greeter step 2 request",
        GreeterStep::Number2SendNonce {
            greeter_nonce: greeter_nonce(),
        },
    );
    check_claimer_req(
        "claimer step 3 request",
        ClaimerStep::Number3SendNonce {
            claimer_nonce: claimer_nonce(),
        },
    );
    check_greeter_req("greeter step 5 request", GreeterStep::Number5SignifyTrust);
    check_claimer_req("claimer step 5 request", ClaimerStep::Number5WaitPeerTrust);
}

#[test]
fn step_replies() {
    let raw = example("invite_claimer_step reply ok carrying greeter step 5");
    let rep = invite_claimer_step::Rep::Ok {
        greeter_step: GreeterStep::Number5SignifyTrust,
    };
    assert_eq!(invite_claimer_step::Rep::load(&raw), Ok(rep.clone()));
    assert_eq!(rep.dump(), raw);

    let raw = example("invite_greeter_step reply ok carrying claimer step 0");
    let rep = invite_greeter_step::Rep::Ok {
        claimer_step: ClaimerStep::Number0WaitPeer {
            public_key: claimer_pk(),
        },
    };
    assert_eq!(invite_greeter_step::Rep::load(&raw), Ok(rep.clone()));
    assert_eq!(rep.dump(), raw);

    let raw = example("invite_greeter_step reply not_ready");
    assert_eq!(
        invite_greeter_step::Rep::load(&raw),
        Ok(invite_greeter_step::Rep::NotReady)
    );
    assert_eq!(invite_greeter_step::Rep::NotReady.dump(), raw);

    let raw = example("invite_claimer_step reply greeting_attempt_cancelled");
    let rep = invite_claimer_step::Rep::load(&raw).expect("decodes");
    let invite_claimer_step::Rep::GreetingAttemptCancelled(c) = &rep else {
        panic!("{rep:?}");
    };
    assert_eq!(c.origin, GreeterOrClaimer::Greeter);
    assert_eq!(
        c.reason,
        CancelledGreetingAttemptReason::AutomaticallyCancelled
    );
    assert_eq!(rep.dump(), raw);
    // Round trip of the whole status through our own encoder.
    let ours = invite_claimer_step::Rep::GreetingAttemptCancelled(GreetingAttemptCancelled {
        origin: GreeterOrClaimer::Greeter,
        timestamp: c.timestamp,
        reason: CancelledGreetingAttemptReason::AutomaticallyCancelled,
    });
    assert_eq!(ours.dump(), raw);
    assert!(c.timestamp > DateTime::from_micros(0));
}

#[test]
fn start_and_cancel_requests() {
    let raw = example("invite_claimer_start_greeting_attempt request");
    let InvitedReq::InviteClaimerStartGreetingAttempt(req) =
        InvitedReq::load(&raw).expect("decodes")
    else {
        panic!("wrong command");
    };
    let expected = invite_claimer_start_greeting_attempt::Req {
        greeter: "a000000000004000800000000000000a".parse().expect("uuid"),
    };
    assert_eq!(req, expected);
    assert_eq!(expected.dump(), raw);

    let raw = example("invite_greeter_cancel_greeting_attempt request");
    let req = invite_greeter_cancel_greeting_attempt::Req {
        greeting_attempt: attempt(),
        reason: CancelledGreetingAttemptReason::InvalidSasCode,
    };
    assert_eq!(req.dump(), raw);
    let AuthenticatedReq::InviteGreeterCancelGreetingAttempt(back) =
        AuthenticatedReq::load(&raw).expect("decodes")
    else {
        panic!("wrong command");
    };
    assert_eq!(back, req);
}

#[test]
fn every_example_is_checked() {
    // The tests above name their examples by prefix; a new example must get a check.
    let checked = [
        "greeter step 0 request",
        "claimer step 0 request",
        "claimer step 1 request",
        "greeter step 1 request",
        "greeter step 2 request",
        "claimer step 3 request",
        "greeter step 5 request",
        "claimer step 5 request",
        "invite_claimer_step reply ok carrying greeter step 5",
        "invite_greeter_step reply ok carrying claimer step 0",
        "invite_greeter_step reply not_ready",
        "invite_claimer_step reply greeting_attempt_cancelled",
        "invite_claimer_start_greeting_attempt request",
        "invite_greeter_cancel_greeting_attempt request",
    ];
    for (description, _) in examples() {
        assert!(
            checked.iter().any(|p| description.starts_with(p)),
            "unchecked example `{description}`"
        );
    }
}

#[test]
fn side_mixups_do_not_decode() {
    // A claimer step in invite_greeter_step is refused (the server answers 415).
    let raw = example("claimer step 1 request");
    let mut value = data::read_value(&raw).expect("msgpack");
    if let rmpv::Value::Map(pairs) = &mut value {
        pairs[0].1 = rmpv::Value::from("invite_greeter_step");
        pairs[2].0 = rmpv::Value::from("greeter_step");
    }
    assert!(AuthenticatedReq::load(&data::write_value(&value)).is_err());
    // A step-less command refuses extra keys.
    let with_extra =
        parsec_protocol::cmds::dump_req("invite_info", &serde_json::json!({"unexpected": true}));
    assert!(InvitedReq::load(&with_extra).is_err());
}
