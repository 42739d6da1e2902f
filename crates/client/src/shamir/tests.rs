use super::*;
use parsec_protocol::certif::{
    DeviceCertificate, PrivateKeyAlgorithm, SigningKeyAlgorithm, UserCertificate,
};
use parsec_protocol::cmds::authenticated::certificate_get::Certificates;
use parsec_protocol::crypto::{PrivateKey, SigningKey};
use parsec_protocol::ids::{HumanHandle, UserProfile};

fn nz(n: u8) -> NonZeroU8 {
    NonZeroU8::new(n).expect("non-zero")
}

struct Org {
    store: CertificateStore,
    alice: LocalDevice,
    bob: LocalDevice,
}

/// Alice bootstraps, then creates Bob (user and first device).
fn org() -> Org {
    let rng = OsRandom::new();
    let t0 = DateTime::from_micros(1_700_000_000_000_000);
    let prepared = crate::bootstrap::prepare_test_organization(&rng, t0);
    let alice = prepared.device;
    let mut bob = alice.new_device_for_same_user("bob-laptop".parse().expect("label"), &rng);
    bob.user_id = UserID::generate(&rng);
    bob.private_key = PrivateKey::generate(&rng);
    bob.signing_key = SigningKey::generate(&rng);
    bob.human_handle =
        HumanHandle::new("bob@example.com".parse().expect("email"), "Bob").expect("handle");
    let t1 = t0.add_micros(10);
    let user = UserCertificate {
        author: Some(alice.device_id),
        timestamp: t1,
        user_id: bob.user_id,
        human_handle: Some(bob.human_handle.clone()),
        public_key: bob.private_key.public_key(),
        algorithm: PrivateKeyAlgorithm::X25519XSalsa20Poly1305,
        profile: UserProfile::Standard,
    };
    let device = DeviceCertificate {
        purpose: DevicePurpose::Standard,
        author: Some(alice.device_id),
        timestamp: t1,
        user_id: bob.user_id,
        device_id: bob.device_id,
        device_label: Some(bob.device_label.clone()),
        verify_key: bob.signing_key.verify_key(),
        algorithm: SigningKeyAlgorithm::Ed25519,
    };
    let mut store = CertificateStore::new(alice.root_verify_key);
    let common = [
        prepared.request.user_certificate.clone(),
        prepared.request.device_certificate.clone(),
        certif::dump_and_sign(&user, &alice.signing_key),
        certif::dump_and_sign(&device, &alice.signing_key),
    ];
    store
        .ingest(&Certificates {
            common_certificates: common.into_iter().map(ByteBuf::from).collect(),
            ..Default::default()
        })
        .expect("the chain verifies");
    Org { store, alice, bob }
}

fn signed_list(req: &shamir_recovery_setup::Req) -> Vec<ByteBuf> {
    let mut all = vec![ByteBuf::from(req.shamir_recovery_brief_certificate.clone())];
    all.extend(req.shamir_recovery_share_certificates.iter().cloned());
    all
}

#[test]
fn setup_verifies_and_the_recipient_shares_rebuild_the_recovery_device() {
    let Org { store, alice, bob } = org();
    let rng = OsRandom::new();
    let t = DateTime::from_micros(1_700_000_001_000_000);
    let recovery = bob.new_device_for_same_user(shamir_recovery_device_label(t), &rng);
    let recipients = [(alice.user_id, nz(2), alice.private_key.public_key())];
    let req = setup_request(&bob, &recovery, &recipients, nz(2), t);

    // Bob sees its own setup, without a share certificate of its own.
    let topic = verify_shamir_topic(&store, &signed_list(&req)[..1]).expect("verifies");
    let info = self_info(&topic, &store, bob.user_id);
    assert_eq!(
        info,
        ShamirRecoveryInfo::Setup {
            user_id: bob.user_id,
            created_on: t,
            threshold: nz(2),
            per_recipient_shares: [(alice.user_id, nz(2))].into(),
            revoked_recipients: vec![],
        }
    );
    assert!(info.is_usable());
    assert_eq!(
        self_info(&topic, &store, alice.user_id),
        ShamirRecoveryInfo::NeverSetup
    );

    // Alice sees the brief and her share, opens it, and the shares rebuild the secret.
    let topic = verify_shamir_topic(&store, &signed_list(&req)).expect("verifies");
    assert_eq!(others_info(&topic, &store, alice.user_id).len(), 1);
    let data = open_share(&store, &topic, &alice, bob.user_id, t).expect("opens");
    assert_eq!(data.weighted_share.len(), 2);
    let secret =
        ShamirRecoverySecret::recover(nz(2), &data.weighted_share).expect("rebuilds the secret");
    assert_eq!(secret.reveal_token, req.reveal_token);
    let plain = secret
        .data_key
        .decrypt(&req.ciphered_data)
        .expect("decrypts");
    let opened = LocalDevice::load(&plain).expect("a device");
    assert_eq!(opened.dump(), recovery.dump());

    // Bob cannot open Alice's share, and a wrong setup time finds nothing.
    assert!(matches!(
        open_share(&store, &topic, &bob, bob.user_id, t),
        Err(ShareDataError::NotRecipient)
    ));
    assert!(matches!(
        open_share(&store, &topic, &alice, bob.user_id, t.add_micros(1)),
        Err(ShareDataError::SetupNotFound)
    ));
}

#[test]
fn deletion_and_refused_topics() {
    let Org { store, alice, bob } = org();
    let rng = OsRandom::new();
    let t = DateTime::from_micros(1_700_000_001_000_000);
    let recovery = bob.new_device_for_same_user(shamir_recovery_device_label(t), &rng);
    let recipients = [(alice.user_id, nz(1), alice.private_key.public_key())];
    let req = setup_request(&bob, &recovery, &recipients, nz(1), t);
    let deletion = ShamirRecoveryDeletionCertificate {
        author: bob.device_id,
        timestamp: t.add_micros(5),
        setup_to_delete_timestamp: t,
        setup_to_delete_user_id: bob.user_id,
        share_recipients: [alice.user_id].into(),
    };
    let mut list = signed_list(&req);
    list.push(ByteBuf::from(certif::dump_and_sign(
        &deletion,
        &bob.signing_key,
    )));
    let topic = verify_shamir_topic(&store, &list).expect("verifies");
    assert!(matches!(
        self_info(&topic, &store, bob.user_id),
        ShamirRecoveryInfo::Deleted { deleted_by, .. } if deleted_by == bob.device_id
    ));
    assert!(matches!(
        open_share(&store, &topic, &alice, bob.user_id, t),
        Err(ShareDataError::SetupDeleted)
    ));

    // Signed by someone else than the author device.
    let mut forged = list.clone();
    let brief: ShamirRecoveryBriefCertificate = certif::unsecure_load(&forged[0]).expect("decodes");
    forged[0] = ByteBuf::from(certif::dump_and_sign(&brief, &alice.signing_key));
    assert!(verify_shamir_topic(&store, &forged).is_err());
    // Alice deleting Bob's setup.
    let mut foreign = list.clone();
    let by_alice = ShamirRecoveryDeletionCertificate {
        author: alice.device_id,
        ..deletion.clone()
    };
    foreign[2] = ByteBuf::from(certif::dump_and_sign(&by_alice, &alice.signing_key));
    assert!(verify_shamir_topic(&store, &foreign).is_err());
    // A share without its brief.
    assert!(verify_shamir_topic(&store, &list[1..2]).is_err());
    // A common certificate in the shamir topic.
    let (common, _) = store.raw_certificates();
    assert!(verify_shamir_topic(&store, &[ByteBuf::from(common[0].clone())]).is_err());
}

#[test]
fn setup_numbers_are_checked_before_any_request() {
    let me = UserID::from_bytes([1; 16]);
    let a = UserID::from_bytes([2; 16]);
    let b = UserID::from_bytes([3; 16]);
    let shares: BTreeMap<_, _> = [(a, nz(2)), (b, nz(1))].into();
    assert_eq!(check_setup(me, &shares, nz(2)).ok(), Some(nz(3)));
    assert_eq!(check_setup(me, &shares, nz(3)).ok(), Some(nz(3)));
    assert!(matches!(
        check_setup(me, &shares, nz(4)),
        Err(ShamirSetupError::ThresholdAboveTotal {
            threshold: 4,
            total: 3
        })
    ));
    assert!(matches!(
        check_setup(me, &[(me, nz(1)), (a, nz(1))].into(), nz(1)),
        Err(ShamirSetupError::AuthorAmongRecipients)
    ));
    assert!(matches!(
        check_setup(me, &BTreeMap::new(), nz(1)),
        Err(ShamirSetupError::NoRecipient)
    ));
    assert!(matches!(
        check_setup(me, &[(a, nz(200)), (b, nz(100))].into(), nz(1)),
        Err(ShamirSetupError::TooManyShares(300))
    ));
}
