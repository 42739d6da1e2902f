use super::*;
use crate::certif::{
    self, AnyCertificate, ShamirBriefError, ShamirRecoveryBriefCertificate,
    ShamirRecoveryDeletionCertificate, ShamirRecoveryShareCertificate,
};
use crate::crypto::{FixedRandom, OsRandom};
use crate::ids::UserID;

fn nz(n: u8) -> NonZeroU8 {
    NonZeroU8::new(n).expect("non-zero")
}

fn secret() -> ShamirRecoverySecret {
    ShamirRecoverySecret {
        data_key: SecretKey::from_bytes([0x5c; 32]),
        reveal_token: AccessToken::from_bytes([0x7e; 16]),
    }
}

fn device() -> DeviceID {
    DeviceID::from_bytes([0xde; 16])
}

#[test]
fn secret_splits_and_recovers_from_any_threshold_subset() {
    let rng = OsRandom::new();
    let shares = secret().dump_and_split(nz(2), nz(3), &rng);
    assert_eq!(shares.len(), 3);
    let xs: Vec<u8> = shares.iter().map(ShamirShare::x).collect();
    assert_eq!(xs, [1, 2, 3]);
    for pair in [[0, 1], [0, 2], [1, 2]] {
        let picked = pair.iter().map(|&i| &shares[i]);
        assert_eq!(ShamirRecoverySecret::recover(nz(2), picked), Ok(secret()));
    }
    // One share is not enough, nor is the same share twice.
    assert!(matches!(
        ShamirRecoverySecret::recover(nz(2), [&shares[0]]),
        Err(ShamirError::NotEnoughShares(_))
    ));
    assert!(matches!(
        ShamirRecoverySecret::recover(nz(2), [&shares[1], &shares[1]]),
        Err(ShamirError::NotEnoughShares(_))
    ));
    // A tampered share rebuilds garbage, which does not decode.
    let mut bad = shares[0].as_bytes().to_vec();
    bad[5] ^= 0xff;
    let bad = ShamirShare::load(&bad).expect("long enough");
    assert!(ShamirRecoverySecret::recover(nz(2), [&bad, &shares[1]]).is_err());
}

#[test]
fn split_is_deterministic_for_a_given_random_source() {
    let a = secret().dump_and_split(nz(3), nz(5), &FixedRandom::new(&[7; 4096]));
    let b = secret().dump_and_split(nz(3), nz(5), &FixedRandom::new(&[7; 4096]));
    assert_eq!(a, b);
    assert_eq!(ShamirRecoverySecret::recover(nz(3), &a[2..]), Ok(secret()));
}

#[test]
fn share_bytes_roundtrip_and_short_shares_are_refused() {
    assert_eq!(ShamirShare::load(&[1]), Err(ShamirError::ShareTooShort));
    let share = ShamirShare::load(&[3, 1, 2]).expect("share");
    let bytes = rmp_serde::to_vec(&share).expect("msgpack");
    assert_eq!(bytes, [0xc4, 3, 3, 1, 2]);
    assert_eq!(
        rmp_serde::from_slice::<ShamirShare>(&bytes).ok(),
        Some(share)
    );
    assert!(rmp_serde::from_slice::<ShamirShare>(&[0xc4, 1, 3]).is_err());
    assert!(!format!("{:?}", ShamirShare::load(&[3, 0xab]).expect("share")).contains("171"));
}

#[test]
fn share_data_is_signed_then_sealed_for_the_recipient() {
    let rng = OsRandom::new();
    let author_key = SigningKey::generate(&rng);
    let recipient = PrivateKey::generate(&rng);
    let timestamp = DateTime::from_micros(1_700_000_000_000_000);
    let data = ShamirRecoveryShareData {
        author: device(),
        timestamp,
        weighted_share: secret().dump_and_split(nz(2), nz(2), &rng),
    };
    let sealed = data.dump_sign_and_encrypt_for(&author_key, &recipient.public_key(), &rng);
    let open = |key: &PrivateKey, vk: &VerifyKey, author, ts| {
        ShamirRecoveryShareData::decrypt_verify_and_load_for(&sealed, key, vk, author, ts)
    };
    let vk = author_key.verify_key();
    assert_eq!(open(&recipient, &vk, device(), timestamp), Ok(data.clone()));
    assert_eq!(
        open(&PrivateKey::generate(&rng), &vk, device(), timestamp),
        Err(ShamirError::Decryption)
    );
    assert_eq!(
        open(
            &recipient,
            &SigningKey::generate(&rng).verify_key(),
            device(),
            timestamp
        ),
        Err(ShamirError::BadSignature)
    );
    assert_eq!(
        open(&recipient, &vk, DeviceID::from_bytes([1; 16]), timestamp),
        Err(ShamirError::Mismatch("author"))
    );
    assert_eq!(
        open(&recipient, &vk, device(), DateTime::from_micros(1)),
        Err(ShamirError::Mismatch("timestamp"))
    );
}

fn brief(threshold: u8, shares: &[(u8, u8)]) -> ShamirRecoveryBriefCertificate {
    ShamirRecoveryBriefCertificate {
        author: device(),
        timestamp: DateTime::from_micros(1_700_000_000_000_000),
        user_id: UserID::from_bytes([0xb0; 16]),
        threshold: nz(threshold),
        per_recipient_shares: shares
            .iter()
            .map(|&(id, n)| (UserID::from_bytes([id; 16]), nz(n)))
            .collect(),
    }
}

#[test]
fn certificates_sign_verify_and_decode() {
    let rng = OsRandom::new();
    let key = SigningKey::generate(&rng);
    let b = brief(2, &[(1, 2), (2, 1)]);
    assert_eq!(b.total_shares(), 3);
    assert!(!b.author_is_recipient());
    let signed = certif::dump_and_sign(&b, &key);
    assert_eq!(
        certif::verify_and_load(&signed, &key.verify_key()),
        Ok(b.clone())
    );
    assert_eq!(
        certif::verify_and_load::<ShamirRecoveryBriefCertificate>(
            &signed,
            &SigningKey::generate(&rng).verify_key()
        ),
        Err(certif::CertifError::BadSignature)
    );
    let any = AnyCertificate::unsecure_load(&signed).expect("decodable");
    assert_eq!(any.author(), Some(device()));
    assert_eq!(any, AnyCertificate::ShamirRecoveryBrief(b.clone()));

    let share = ShamirRecoveryShareCertificate {
        author: device(),
        timestamp: b.timestamp,
        user_id: b.user_id,
        recipient: UserID::from_bytes([1; 16]),
        ciphered_share: vec![1, 2, 3],
    };
    let signed = certif::dump_and_sign(&share, &key);
    assert_eq!(
        AnyCertificate::unsecure_load(&signed),
        Ok(AnyCertificate::ShamirRecoveryShare(share.clone()))
    );
    assert_eq!(
        certif::verify_and_load(&signed, &key.verify_key()),
        Ok(share)
    );

    let deletion = ShamirRecoveryDeletionCertificate {
        author: device(),
        timestamp: DateTime::from_micros(1_700_000_000_000_001),
        setup_to_delete_timestamp: b.timestamp,
        setup_to_delete_user_id: b.user_id,
        share_recipients: b.per_recipient_shares.keys().copied().collect(),
    };
    let signed = certif::dump_and_sign(&deletion, &key);
    assert_eq!(
        AnyCertificate::unsecure_load(&signed).map(|c| c.timestamp()),
        Ok(Some(deletion.timestamp))
    );
    assert_eq!(
        certif::verify_and_load(&signed, &key.verify_key()),
        Ok(deletion)
    );
}

#[test]
fn brief_certificate_numbers_are_checked_at_decoding() {
    let key = SigningKey::from_seed(&[1; 32]);
    assert_eq!(
        brief(4, &[(1, 2), (2, 1)]).check(),
        Err(ShamirBriefError::ThresholdAboveTotal {
            threshold: 4,
            total: 3
        })
    );
    let many: Vec<(u8, u8)> = (1..=2).map(|i| (i, 200)).collect();
    assert_eq!(
        brief(1, &many).check(),
        Err(ShamirBriefError::TooManyShares(400))
    );
    // An empty recipient map cannot reach a threshold of at least 1.
    assert!(brief(1, &[]).check().is_err());
    for bad in [brief(4, &[(1, 2), (2, 1)]), brief(1, &many)] {
        let signed = certif::dump_and_sign(&bad, &key);
        assert!(certif::verify_and_load::<ShamirRecoveryBriefCertificate>(
            &signed,
            &key.verify_key()
        )
        .is_err());
        assert!(AnyCertificate::unsecure_load(&signed).is_err());
    }
    let with_self = brief(1, &[(0xb0, 1)]);
    assert!(with_self.author_is_recipient());
    // A zero weight is not a NonZeroU8.
    let raw = data::dump_v0(&brief(1, &[(1, 1)]));
    let mut value =
        data::read_value(&data::decompress_v0(&raw, 1 << 16).expect("zstd")).expect("msgpack");
    if let rmpv::Value::Map(pairs) = &mut value {
        for (k, v) in pairs.iter_mut() {
            if k.as_str() == Some("per_recipient_shares") {
                if let rmpv::Value::Map(m) = v {
                    m[0].1 = rmpv::Value::from(0);
                }
            }
        }
    }
    let zero = data::compress_v0(&data::write_value(&value));
    assert!(data::load_v0::<ShamirRecoveryBriefCertificate>(&zero).is_err());
}
