//! Chain rules of the client's certificate store that no other test makes refuse
//! (certificates.md §10.3): device certificates, update and revocation targets, the
//! sequester topic. Each refused batch leaves the store exactly as it was.

use parsec_client::certificates::{CertificateStore, InvalidCertificate};
use parsec_protocol::certif::{
    dump_and_sign, DeviceCertificate, DevicePurpose, PrivateKeyAlgorithm, RevokedUserCertificate,
    SequesterAuthorityCertificate, SigningKeyAlgorithm, UserCertificate, UserUpdateCertificate,
};
use parsec_protocol::cmds::authenticated::certificate_get::Certificates;
use parsec_protocol::crypto::{PrivateKey, SigningKey};
use parsec_protocol::ids::{DeviceID, HumanHandle, UserID, UserProfile};
use parsec_protocol::DateTime;
use serde_bytes::ByteBuf;

const T0: i64 = 1_700_000_000_000_000;

fn key(seed: u8) -> SigningKey {
    SigningKey::from_seed(&[seed; 32])
}

fn at(offset: i64) -> DateTime {
    DateTime::from_micros(T0 + offset)
}

/// A user and its first device.
struct Member {
    user_id: UserID,
    device_id: DeviceID,
    key: SigningKey,
}

fn member(n: u8) -> Member {
    Member {
        user_id: UserID::from_bytes([n; 16]),
        device_id: DeviceID::from_bytes([n | 0x80; 16]),
        key: key(n),
    }
}

fn user_cert(
    m: &Member,
    author: Option<DeviceID>,
    offset: i64,
    profile: UserProfile,
) -> UserCertificate {
    let email = format!("user{}@example.com", m.user_id.as_bytes()[0]);
    UserCertificate {
        author,
        timestamp: at(offset),
        user_id: m.user_id,
        human_handle: Some(
            HumanHandle::new(email.parse().expect("email"), "Someone").expect("handle"),
        ),
        public_key: PrivateKey::from_bytes(&[7; 32]).public_key(),
        algorithm: PrivateKeyAlgorithm::X25519XSalsa20Poly1305,
        profile,
    }
}

/// A device certificate; its verify key comes from `verify_key_seed`.
fn device_cert(
    user_id: UserID,
    device_id: DeviceID,
    verify_key_seed: u8,
    author: Option<DeviceID>,
    offset: i64,
) -> DeviceCertificate {
    DeviceCertificate {
        purpose: DevicePurpose::Standard,
        author,
        timestamp: at(offset),
        user_id,
        device_id,
        device_label: Some("laptop".parse().expect("label")),
        verify_key: key(verify_key_seed).verify_key(),
        algorithm: SigningKeyAlgorithm::Ed25519,
    }
}

fn first_device(m: &Member, author: Option<DeviceID>, offset: i64) -> DeviceCertificate {
    device_cert(
        m.user_id,
        m.device_id,
        m.user_id.as_bytes()[0],
        author,
        offset,
    )
}

fn signed<T: parsec_protocol::data::Typed>(c: &T, key: &SigningKey) -> ByteBuf {
    ByteBuf::from(dump_and_sign(c, key))
}

fn user_and_device(
    m: &Member,
    author: Option<DeviceID>,
    signer: &SigningKey,
    offset: i64,
    profile: UserProfile,
) -> Vec<ByteBuf> {
    vec![
        signed(&user_cert(m, author, offset, profile), signer),
        signed(&first_device(m, author, offset), signer),
    ]
}

fn update(author: &Member, target: UserID, offset: i64, profile: UserProfile) -> ByteBuf {
    let c = UserUpdateCertificate {
        author: author.device_id,
        timestamp: at(offset),
        user_id: target,
        new_profile: profile,
    };
    signed(&c, &author.key)
}

fn revocation(author: &Member, target: UserID, offset: i64) -> ByteBuf {
    let c = RevokedUserCertificate {
        author: author.device_id,
        timestamp: at(offset),
        user_id: target,
    };
    signed(&c, &author.key)
}

fn sequester_authority(offset: i64, signer: &SigningKey) -> ByteBuf {
    let c = SequesterAuthorityCertificate {
        timestamp: at(offset),
        verify_key_der: vec![0x30, 0x03, 0x02, 0x01, 0x00],
    };
    signed(&c, signer)
}

/// A certificate of a kind the store does not model (RSA-signed sequester service).
fn rsa_signed() -> ByteBuf {
    ByteBuf::from(b"RSASSA-PSS-SHA256:not a real service certificate".to_vec())
}

fn batch(common: Vec<ByteBuf>) -> Certificates {
    Certificates {
        common_certificates: common,
        ..Default::default()
    }
}

fn sequester_batch(sequester: Vec<ByteBuf>, common: Vec<ByteBuf>) -> Certificates {
    Certificates {
        common_certificates: common,
        sequester_certificates: sequester,
        ..Default::default()
    }
}

/// Root, an admin (Alice, bootstrap at T0) and a standard user (Bob, T0+10) created by
/// her.
fn genesis() -> (CertificateStore, SigningKey, Member, Member) {
    let root = key(200);
    let alice = member(1);
    let bob = member(2);
    let mut store = CertificateStore::new(root.verify_key());
    let mut certs = user_and_device(&alice, None, &root, 0, UserProfile::Admin);
    certs.extend(user_and_device(
        &bob,
        Some(alice.device_id),
        &alice.key,
        10,
        UserProfile::Standard,
    ));
    store.ingest(&batch(certs)).expect("a valid chain verifies");
    (store, root, alice, bob)
}

fn accept(store: &mut CertificateStore, certs: Vec<ByteBuf>) {
    store.ingest(&batch(certs)).expect("a valid batch");
}

/// Everything observable of a store.
#[derive(Debug, PartialEq)]
struct Snapshot {
    users: Vec<(UserID, UserProfile, bool, Vec<DeviceID>)>,
    last_common: Option<DateTime>,
    raw: (Vec<Vec<u8>>, Vec<Vec<u8>>),
    sequester: Option<SequesterAuthorityCertificate>,
    next_request: String,
}

fn snapshot(store: &CertificateStore) -> Snapshot {
    Snapshot {
        users: store
            .users()
            .map(|u| {
                let id = u.certificate.user_id;
                (
                    id,
                    u.current_profile(),
                    u.revoked.is_some(),
                    store.devices_of(id).iter().map(|d| d.device_id).collect(),
                )
            })
            .collect(),
        last_common: store.last_common_timestamp(),
        raw: (
            store.raw_certificates().0.to_vec(),
            store.raw_certificates().1.to_vec(),
        ),
        sequester: store.sequester_authority().cloned(),
        next_request: format!("{:?}", store.next_request()),
    }
}

/// Ingesting `b` fails with a reason containing `reason`, and changes nothing.
fn refused_batch(
    store: &mut CertificateStore,
    b: Certificates,
    reason: &str,
) -> InvalidCertificate {
    let before = snapshot(store);
    let err = store.ingest(&b).expect_err("invalid chain refused");
    assert!(
        err.reason.contains(reason),
        "expected {reason:?}, got {err}"
    );
    assert_eq!(snapshot(store), before, "nothing stored");
    err
}

fn refused(store: &mut CertificateStore, certs: Vec<ByteBuf>, reason: &str) -> InvalidCertificate {
    refused_batch(store, batch(certs), reason)
}

const NOT_AFTER: &str = "timestamp is not after the previous certificate";
const NOT_FIRST: &str = "a device created by someone else must be its user's first device, with the same author and timestamp";

// --- Devices -------------------------------------------------------------------------

#[test]
fn self_added_device_is_accepted() {
    let (mut store, _, _, bob) = genesis();
    let new_id = DeviceID::from_bytes([0x42; 16]);
    let c = device_cert(bob.user_id, new_id, 42, Some(bob.device_id), 20);
    accept(&mut store, vec![signed(&c, &bob.key)]);
    assert_eq!(store.devices_of(bob.user_id).len(), 2);
    assert_eq!(store.last_common_timestamp(), Some(at(20)));
}

#[test]
fn device_of_an_unknown_user() {
    let (mut store, _, alice, _) = genesis();
    let ghost = member(3);
    let err = refused(
        &mut store,
        vec![signed(
            &first_device(&ghost, Some(alice.device_id), 20),
            &alice.key,
        )],
        "device of a non-existing user",
    );
    assert_eq!((err.topic, err.index), ("common", 1));
    assert!(store.device(ghost.device_id).is_none());
}

#[test]
fn device_of_a_revoked_user() {
    let (mut store, _, alice, bob) = genesis();
    accept(&mut store, vec![revocation(&alice, bob.user_id, 20)]);
    let new_id = DeviceID::from_bytes([0x42; 16]);
    // Added by the revoked user himself.
    let own = device_cert(bob.user_id, new_id, 42, Some(bob.device_id), 30);
    refused(
        &mut store,
        vec![signed(&own, &bob.key)],
        "device of a revoked user",
    );
    // Added by an admin.
    let by_admin = device_cert(bob.user_id, new_id, 42, Some(alice.device_id), 30);
    refused(
        &mut store,
        vec![signed(&by_admin, &alice.key)],
        "device of a revoked user",
    );
    assert!(store.device(new_id).is_none());
}

#[test]
fn first_device_has_its_users_author_and_timestamp() {
    let (mut store, root, alice, _) = genesis();
    let carol = member(3);
    let user = signed(
        &user_cert(&carol, Some(alice.device_id), 20, UserProfile::Standard),
        &alice.key,
    );
    // Root-signed device of a user created by Alice.
    refused(
        &mut store,
        vec![user.clone(), signed(&first_device(&carol, None, 20), &root)],
        NOT_FIRST,
    );
    // Same author, later timestamp.
    let err = refused(
        &mut store,
        vec![
            user.clone(),
            signed(&first_device(&carol, Some(alice.device_id), 21), &alice.key),
        ],
        NOT_FIRST,
    );
    assert_eq!(err.index, 2);
    assert!(store.user(carol.user_id).is_none(), "the user was not kept");
    // The user alone is fine; its first device may follow in a later batch with the same
    // timestamp, but not after another certificate.
    accept(&mut store, vec![user]);
    let dave = member(4);
    let mut later = user_and_device(
        &dave,
        Some(alice.device_id),
        &alice.key,
        30,
        UserProfile::Standard,
    );
    later.push(signed(
        &first_device(&carol, Some(alice.device_id), 20),
        &alice.key,
    ));
    refused(&mut store, later, NOT_AFTER);
    accept(
        &mut store,
        vec![signed(
            &first_device(&carol, Some(alice.device_id), 20),
            &alice.key,
        )],
    );
    assert_eq!(store.devices_of(carol.user_id).len(), 1);
}

#[test]
fn a_user_has_one_first_device() {
    let (mut store, _, alice, bob) = genesis();
    let second = DeviceID::from_bytes([0x42; 16]);
    // Same author and timestamp as Bob's user certificate: a second "first device".
    let c = device_cert(bob.user_id, second, 42, Some(alice.device_id), 10);
    refused(
        &mut store,
        vec![signed(&c, &alice.key)],
        "the user already has a first device",
    );
    // Later: Alice cannot add devices to Bob.
    let c = device_cert(bob.user_id, second, 42, Some(alice.device_id), 20);
    refused(&mut store, vec![signed(&c, &alice.key)], NOT_FIRST);
    // A bootstrap-like root-signed device for Alice.
    let root = key(200);
    let c = device_cert(alice.user_id, second, 42, None, 0);
    refused(
        &mut store,
        vec![signed(&c, &root)],
        "the user already has a first device",
    );
    assert!(store.device(second).is_none());
}

#[test]
fn device_id_already_exists() {
    let (mut store, _, alice, bob) = genesis();
    // Bob adds a device reusing Alice's device ID, or his own.
    for existing in [alice.device_id, bob.device_id] {
        let c = device_cert(bob.user_id, existing, 42, Some(bob.device_id), 20);
        refused(
            &mut store,
            vec![signed(&c, &bob.key)],
            "this device already exists",
        );
    }
    // A new user whose first device reuses Alice's device ID.
    let carol = member(3);
    let user = user_cert(&carol, Some(alice.device_id), 20, UserProfile::Standard);
    let device = device_cert(carol.user_id, alice.device_id, 3, Some(alice.device_id), 20);
    refused(
        &mut store,
        vec![signed(&user, &alice.key), signed(&device, &alice.key)],
        "this device already exists",
    );
    assert!(store.user(carol.user_id).is_none());
    assert_eq!(
        store.device(alice.device_id).map(|d| d.user_id),
        Some(alice.user_id)
    );
}

#[test]
fn self_added_device_must_be_strictly_newer() {
    let (mut store, _, alice, bob) = genesis();
    let carol = member(3);
    accept(
        &mut store,
        user_and_device(
            &carol,
            Some(alice.device_id),
            &alice.key,
            20,
            UserProfile::Standard,
        ),
    );
    let new_id = DeviceID::from_bytes([0x42; 16]);
    // Older than the last certificate (Carol) but newer than its author device, then
    // equal to the last one (a first device could, a self-added one cannot).
    for offset in [15, 20] {
        let c = device_cert(bob.user_id, new_id, 42, Some(bob.device_id), offset);
        refused(&mut store, vec![signed(&c, &bob.key)], NOT_AFTER);
    }
    // Older than its author device.
    let c = device_cert(bob.user_id, new_id, 42, Some(bob.device_id), 5);
    refused(
        &mut store,
        vec![signed(&c, &bob.key)],
        "older than its author device",
    );
    assert!(store.device(new_id).is_none());
}

// --- Users, updates and revocations --------------------------------------------------

#[test]
fn root_signature_is_verified() {
    let root = key(200);
    let alice = member(1);
    let mut store = CertificateStore::new(root.verify_key());
    refused(
        &mut store,
        user_and_device(&alice, None, &key(99), 0, UserProfile::Admin),
        "signature does not match its author",
    );
    // The user signed by the root, its device by another key.
    let certs = vec![
        signed(&user_cert(&alice, None, 0, UserProfile::Admin), &root),
        signed(&first_device(&alice, None, 0), &key(99)),
    ];
    let err = refused(&mut store, certs, "signature does not match its author");
    assert_eq!(err.index, 2);
    assert_eq!(store.users().count(), 0);
}

#[test]
fn user_id_already_exists() {
    let (mut store, _, alice, bob) = genesis();
    let twin = Member {
        user_id: bob.user_id,
        device_id: DeviceID::from_bytes([0x42; 16]),
        key: key(42),
    };
    refused(
        &mut store,
        vec![signed(
            &user_cert(&twin, Some(alice.device_id), 20, UserProfile::Admin),
            &alice.key,
        )],
        "this user already exists",
    );
    assert_eq!(
        store.user(bob.user_id).map(|u| u.current_profile()),
        Some(UserProfile::Standard)
    );
}

#[test]
fn certificate_older_than_its_author_device() {
    let (mut store, _, alice, bob) = genesis();
    // Bob's device exists from T0+10; an update it signed at T0+5.
    refused(
        &mut store,
        vec![update(&bob, alice.user_id, 5, UserProfile::Standard)],
        "older than its author device",
    );
}

#[test]
fn update_and_revocation_author_and_order() {
    let (mut store, _, alice, bob) = genesis();
    let carol = member(3);
    accept(
        &mut store,
        user_and_device(
            &carol,
            Some(alice.device_id),
            &alice.key,
            20,
            UserProfile::Admin,
        ),
    );
    // Not strictly newer.
    refused(
        &mut store,
        vec![update(&alice, bob.user_id, 20, UserProfile::Admin)],
        NOT_AFTER,
    );
    refused(
        &mut store,
        vec![revocation(&alice, bob.user_id, 15)],
        NOT_AFTER,
    );
    // Author not an administrator.
    refused(
        &mut store,
        vec![update(&bob, carol.user_id, 30, UserProfile::Standard)],
        "author is not an administrator",
    );
    refused(
        &mut store,
        vec![revocation(&bob, carol.user_id, 30)],
        "author is not an administrator",
    );
    // Carol demoted at T0+30: the profile at the certificate's time counts.
    accept(
        &mut store,
        vec![update(&alice, carol.user_id, 30, UserProfile::Standard)],
    );
    refused(
        &mut store,
        vec![revocation(&carol, bob.user_id, 40)],
        "author is not an administrator",
    );
    refused(
        &mut store,
        vec![update(&carol, bob.user_id, 40, UserProfile::Admin)],
        "author is not an administrator",
    );
    // Carol promoted again, then revoked: a revoked author.
    accept(
        &mut store,
        vec![
            update(&alice, carol.user_id, 40, UserProfile::Admin),
            revocation(&alice, carol.user_id, 50),
        ],
    );
    refused(
        &mut store,
        vec![update(&carol, bob.user_id, 60, UserProfile::Admin)],
        "author's user was revoked",
    );
    refused(
        &mut store,
        vec![revocation(&carol, bob.user_id, 60)],
        "author's user was revoked",
    );
}

#[test]
fn update_target_rules() {
    let (mut store, _, alice, bob) = genesis();
    let ghost = UserID::from_bytes([0x33; 16]);
    refused(
        &mut store,
        vec![update(&alice, ghost, 20, UserProfile::Admin)],
        "update of a non-existing user",
    );
    // The same profile: initial, then after a change.
    refused(
        &mut store,
        vec![update(&alice, bob.user_id, 20, UserProfile::Standard)],
        "the new profile is the current one",
    );
    refused(
        &mut store,
        vec![
            update(&alice, bob.user_id, 20, UserProfile::Outsider),
            update(&alice, bob.user_id, 30, UserProfile::Outsider),
        ],
        "the new profile is the current one",
    );
    assert_eq!(
        store.user(bob.user_id).map(|u| u.current_profile()),
        Some(UserProfile::Standard),
        "the valid first update was not kept"
    );
    // A revoked target, in the store or earlier in the same batch.
    let carol = member(3);
    accept(
        &mut store,
        user_and_device(
            &carol,
            Some(alice.device_id),
            &alice.key,
            20,
            UserProfile::Standard,
        ),
    );
    refused(
        &mut store,
        vec![
            revocation(&alice, carol.user_id, 30),
            update(&alice, carol.user_id, 40, UserProfile::Admin),
        ],
        "update of a revoked user",
    );
    accept(&mut store, vec![revocation(&alice, bob.user_id, 30)]);
    refused(
        &mut store,
        vec![update(&alice, bob.user_id, 40, UserProfile::Admin)],
        "update of a revoked user",
    );
}

#[test]
fn revocation_target_rules() {
    let (mut store, _, alice, bob) = genesis();
    let ghost = UserID::from_bytes([0x33; 16]);
    refused(
        &mut store,
        vec![revocation(&alice, ghost, 20)],
        "revocation of a non-existing user",
    );
    refused(
        &mut store,
        vec![
            revocation(&alice, bob.user_id, 20),
            revocation(&alice, bob.user_id, 30),
        ],
        "this user is already revoked",
    );
    assert!(store.user(bob.user_id).is_some_and(|u| u.revoked.is_none()));
    accept(&mut store, vec![revocation(&alice, bob.user_id, 20)]);
    refused(
        &mut store,
        vec![revocation(&alice, bob.user_id, 30)],
        "this user is already revoked",
    );
}

// --- Sequester topic ------------------------------------------------------------------

#[test]
fn sequester_authority_then_bootstrap() {
    let root = key(200);
    let alice = member(1);
    let bootstrap = user_and_device(&alice, None, &root, 0, UserProfile::Admin);
    // Timestamps differ.
    let mut store = CertificateStore::new(root.verify_key());
    refused_batch(
        &mut store,
        sequester_batch(
            vec![sequester_authority(-1, &root)],
            user_and_device(&alice, None, &root, 0, UserProfile::Admin),
        ),
        "bootstrap user and sequester authority timestamps differ",
    );
    // Not signed by the root key.
    let err = refused_batch(
        &mut store,
        sequester_batch(vec![sequester_authority(0, &key(99))], bootstrap.clone()),
        "not signed by the organization's root key",
    );
    assert_eq!(err.topic, "sequester");
    // The sequester topic comes first, whatever the order of the fields.
    store
        .ingest(&sequester_batch(
            vec![sequester_authority(0, &root)],
            bootstrap,
        ))
        .expect("a sequestered bootstrap");
    assert!(store.sequester_authority().is_some());
    // Only once, and only first.
    refused_batch(
        &mut store,
        sequester_batch(vec![sequester_authority(10, &root)], vec![]),
        "the sequester authority must be the very first certificate",
    );
}

#[test]
fn sequester_authority_after_the_bootstrap() {
    let (mut store, root, _, _) = genesis();
    let err = refused_batch(
        &mut store,
        sequester_batch(vec![sequester_authority(0, &root)], vec![]),
        "the sequester authority must be the very first certificate",
    );
    assert_eq!((err.topic, err.index), ("sequester", 1));
    assert!(store.sequester_authority().is_none());
}

#[test]
fn a_refused_common_certificate_drops_the_sequester_authority_too() {
    let root = key(200);
    let alice = member(1);
    let mut store = CertificateStore::new(root.verify_key());
    refused_batch(
        &mut store,
        sequester_batch(
            vec![sequester_authority(0, &root)],
            user_and_device(&alice, None, &key(99), 0, UserProfile::Admin),
        ),
        "signature does not match its author",
    );
    assert!(store.sequester_authority().is_none());
}

#[test]
fn unexpected_kinds_per_topic() {
    let (mut store, root, alice, _) = genesis();
    refused(
        &mut store,
        vec![sequester_authority(20, &root)],
        "sequester authority in the common topic",
    );
    refused(
        &mut store,
        vec![rsa_signed()],
        "unexpected `RSASSA-PSS-SHA256` certificate in the common topic",
    );
    refused_batch(
        &mut store,
        sequester_batch(vec![rsa_signed()], vec![]),
        "certificate in an organization without sequester",
    );
    let carol = member(3);
    refused_batch(
        &mut store,
        sequester_batch(
            vec![signed(
                &user_cert(&carol, Some(alice.device_id), 20, UserProfile::Standard),
                &alice.key,
            )],
            vec![],
        ),
        "unexpected certificate in the sequester topic",
    );
}
