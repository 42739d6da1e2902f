//! SAS codes, steps and payloads.

use super::sas::*;
use super::*;
use crate::crypto::FixedRandom;

#[test]
fn sas_code_parsing() {
    assert_eq!(
        "AB2C".parse::<SASCode>().map(|c| c.to_string()),
        Ok("AB2C".into())
    );
    for bad in ["", "ABC", "ABCDE", "ABCI", "abcd", "AB0C", "ÉBCD"] {
        assert!(bad.parse::<SASCode>().is_err(), "{bad}");
    }
    // Only the low 20 bits count.
    assert_eq!(SASCode::from_int(1 << 20), SASCode::from_int(0));
}

#[test]
fn candidates() {
    let correct = SASCode::from_int(12345);
    let rng = crate::crypto::OsRandom::new();
    assert!(generate_sas_code_candidates(correct, 0, &rng).is_empty());
    assert_eq!(
        generate_sas_code_candidates(correct, 1, &rng),
        vec![correct]
    );
    for _ in 0..50 {
        let list = generate_sas_code_candidates(correct, 4, &rng);
        assert_eq!(list.len(), 4);
        assert_eq!(list.iter().filter(|c| **c == correct).count(), 1);
    }
    // A random draw equal to the correct code is skipped. 12345 = 0x3039: little-endian
    // bytes 39 30 00 00 draw it, then 00 00 00 00 draws AAAA; then the shuffle draws.
    let rng = FixedRandom::new(&[0x39, 0x30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let list = generate_sas_code_candidates(correct, 2, &rng);
    assert_eq!(list, vec![SASCode::from_int(0), correct]);
}

#[test]
fn correct_code_lands_everywhere() {
    let correct = SASCode::from_int(7);
    let rng = crate::crypto::OsRandom::new();
    let mut seen = [false; 3];
    for _ in 0..200 {
        let list = generate_sas_code_candidates(correct, 3, &rng);
        let pos = list.iter().position(|c| *c == correct).expect("present");
        seen[pos] = true;
    }
    assert_eq!(seen, [true; 3]);
}

#[test]
fn step_parts_roundtrip() {
    let steps = [
        GreeterStep::Number0WaitPeer {
            public_key: PublicKey::from_bytes([7; 32]),
        },
        GreeterStep::Number1GetHashedNonce,
        GreeterStep::Number2SendNonce {
            greeter_nonce: vec![1, 2, 3],
        },
        GreeterStep::Number5SignifyTrust,
        GreeterStep::Number7SendPayload {
            greeter_payload: vec![9; 100],
        },
        GreeterStep::Number8WaitPeerAcknowledgment,
    ];
    for step in steps {
        let back = GreeterStep::from_index_and_data(step.index(), step.data());
        assert_eq!(back.as_ref(), Some(&step));
    }
    let steps = [
        ClaimerStep::Number1SendHashedNonce {
            hashed_nonce: HashDigest::from_data(b"x"),
        },
        ClaimerStep::Number3SendNonce {
            claimer_nonce: vec![4; 64],
        },
        ClaimerStep::Number4SignifyTrust,
        ClaimerStep::Number6SendPayload {
            claimer_payload: vec![],
        },
    ];
    for step in steps {
        let back = ClaimerStep::from_index_and_data(step.index(), step.data());
        assert_eq!(back.as_ref(), Some(&step));
    }
    assert_eq!(GreeterStep::from_index_and_data(0, &[1; 31]), None);
    assert_eq!(ClaimerStep::from_index_and_data(4, &[1]), None);
    assert_eq!(ClaimerStep::from_index_and_data(9, &[]), None);
}

#[test]
fn payload_errors() {
    let key = SecretKey::from_bytes([1; 32]);
    let rng = crate::crypto::OsRandom::new();
    let data = InviteDeviceData {
        requested_device_label: "phone".parse().expect("label"),
        verify_key: VerifyKey::from_bytes([2; 32]),
    };
    let ct = data.encrypt(&key, &rng);
    assert_eq!(InviteDeviceData::decrypt_and_load(&key, &ct), Ok(data));
    let other = SecretKey::from_bytes([3; 32]);
    let err = InviteDeviceData::decrypt_and_load(&other, &ct).expect_err("wrong key");
    assert_eq!(
        err.cancel_reason(),
        CancelledGreetingAttemptReason::UndecipherablePayload
    );
    // Right key, wrong type.
    let err = InviteUserData::decrypt_and_load(&key, &ct).expect_err("wrong type");
    assert_eq!(
        err.cancel_reason(),
        CancelledGreetingAttemptReason::UndeserializablePayload
    );
    // Right key, not format v0.
    let garbage = key.encrypt(&rng, b"\x01garbage");
    assert!(matches!(
        InviteDeviceData::decrypt_and_load(&key, &garbage),
        Err(PayloadError::Undeserializable(DataError::BadFormatVersion))
    ));
}

#[test]
fn shamir_payloads_roundtrip() {
    let key = SecretKey::from_bytes([3; 32]);
    let rng = crate::crypto::OsRandom::new();
    let data = InviteShamirRecoveryData {};
    let ct = data.encrypt(&key, &rng);
    assert_eq!(
        InviteShamirRecoveryData::decrypt_and_load(&key, &ct),
        Ok(data)
    );
    // The empty payload is the map with `type` only.
    assert_eq!(
        crate::data::dump_typed(&InviteShamirRecoveryData {}),
        crate::data::write_value(&rmpv::Value::Map(vec![(
            "type".into(),
            "invite_shamir_recovery_data".into()
        )]))
    );
    let confirmation = InviteShamirRecoveryConfirmation {
        weighted_share: vec![
            crate::shamir::ShamirShare::load(&[1, 2, 3]).expect("share"),
            crate::shamir::ShamirShare::load(&[2, 4, 6]).expect("share"),
        ],
    };
    let ct = confirmation.encrypt(&key, &rng);
    assert_eq!(
        InviteShamirRecoveryConfirmation::decrypt_and_load(&key, &ct),
        Ok(confirmation)
    );
    // One payload is not the other.
    assert!(matches!(
        InviteShamirRecoveryData::decrypt_and_load(&key, &ct),
        Err(PayloadError::Undeserializable(_))
    ));
}
