//! The client's certificate store refuses forged or inconsistent chains, whole batches at
//! a time: nothing of a refused batch is kept (certificates.md §10.3).

use parsec_client::certificates::CertificateStore;
use parsec_protocol::certif::{
    dump_and_sign, DeviceCertificate, DevicePurpose, PrivateKeyAlgorithm, RevokedUserCertificate,
    SigningKeyAlgorithm, UserCertificate, UserUpdateCertificate,
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

/// A user and its first device, signed by `signer` (root when `author` is `None`).
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

fn user_and_device(
    m: &Member,
    author: Option<DeviceID>,
    signer: &SigningKey,
    at: i64,
    profile: UserProfile,
) -> Vec<ByteBuf> {
    let email = format!("user{}@example.com", m.user_id.as_bytes()[0]);
    let user = UserCertificate {
        author,
        timestamp: DateTime::from_micros(at),
        user_id: m.user_id,
        human_handle: Some(
            HumanHandle::new(email.parse().expect("email"), "Someone").expect("handle"),
        ),
        public_key: PrivateKey::from_bytes(&[7; 32]).public_key(),
        algorithm: PrivateKeyAlgorithm::X25519XSalsa20Poly1305,
        profile,
    };
    let device = DeviceCertificate {
        purpose: DevicePurpose::Standard,
        author,
        timestamp: DateTime::from_micros(at),
        user_id: m.user_id,
        device_id: m.device_id,
        device_label: Some("laptop".parse().expect("label")),
        verify_key: m.key.verify_key(),
        algorithm: SigningKeyAlgorithm::Ed25519,
    };
    vec![
        ByteBuf::from(dump_and_sign(&user, signer)),
        ByteBuf::from(dump_and_sign(&device, signer)),
    ]
}

fn batch(common: Vec<ByteBuf>) -> Certificates {
    Certificates {
        common_certificates: common,
        ..Default::default()
    }
}

/// Root, an admin (Alice, bootstrap) and a standard user (Bob) created by her.
fn genesis() -> (CertificateStore, SigningKey, Member, Member) {
    let root = key(200);
    let alice = member(1);
    let bob = member(2);
    let mut store = CertificateStore::new(root.verify_key());
    let mut certs = user_and_device(&alice, None, &root, T0, UserProfile::Admin);
    certs.extend(user_and_device(
        &bob,
        Some(alice.device_id),
        &alice.key,
        T0 + 10,
        UserProfile::Standard,
    ));
    store.ingest(&batch(certs)).expect("a valid chain verifies");
    (store, root, alice, bob)
}

/// Ingesting `certs` fails with a reason containing `reason`, and changes nothing.
fn refused(store: &mut CertificateStore, certs: Vec<ByteBuf>, reason: &str) {
    let users_before = store.users().count();
    let last_before = store.last_common_timestamp();
    let raw_before = store.raw_certificates().0.len();
    let err = store
        .ingest(&batch(certs))
        .expect_err("forged chain refused");
    assert!(err.to_string().contains(reason), "{err}");
    assert_eq!(store.users().count(), users_before, "nothing stored");
    assert_eq!(store.last_common_timestamp(), last_before, "nothing stored");
    assert_eq!(
        store.raw_certificates().0.len(),
        raw_before,
        "nothing stored"
    );
}

#[test]
fn a_valid_chain_verifies() {
    let (store, _, alice, bob) = genesis();
    assert_eq!(store.users().count(), 2);
    assert_eq!(
        store.user(alice.user_id).map(|u| u.current_profile()),
        Some(UserProfile::Admin)
    );
    assert_eq!(store.devices_of(bob.user_id).len(), 1);
}

#[test]
fn wrong_signing_key() {
    let (mut store, _, alice, _) = genesis();
    let carol = member(3);
    // Claims Alice's device as author, but signed by another key.
    let forged = user_and_device(
        &carol,
        Some(alice.device_id),
        &key(99),
        T0 + 20,
        UserProfile::Standard,
    );
    refused(&mut store, forged, "signature does not match its author");
}

#[test]
fn non_admin_author() {
    let (mut store, _, _, bob) = genesis();
    let carol = member(3);
    let forged = user_and_device(
        &carol,
        Some(bob.device_id),
        &bob.key,
        T0 + 20,
        UserProfile::Standard,
    );
    refused(&mut store, forged, "author is not an administrator");
}

#[test]
fn revoked_author() {
    let (mut store, _, alice, bob) = genesis();
    // Alice promotes Bob, then revokes him; a user Bob creates afterwards is forged.
    let promote = UserUpdateCertificate {
        author: alice.device_id,
        timestamp: DateTime::from_micros(T0 + 20),
        user_id: bob.user_id,
        new_profile: UserProfile::Admin,
    };
    let revoke = RevokedUserCertificate {
        author: alice.device_id,
        timestamp: DateTime::from_micros(T0 + 30),
        user_id: bob.user_id,
    };
    store
        .ingest(&batch(vec![
            ByteBuf::from(dump_and_sign(&promote, &alice.key)),
            ByteBuf::from(dump_and_sign(&revoke, &alice.key)),
        ]))
        .expect("promotion and revocation are valid");
    let carol = member(3);
    let forged = user_and_device(
        &carol,
        Some(bob.device_id),
        &bob.key,
        T0 + 40,
        UserProfile::Standard,
    );
    refused(&mut store, forged, "author's user was revoked");
}

#[test]
fn timestamp_out_of_order() {
    let (mut store, _, alice, _) = genesis();
    let carol = member(3);
    let forged = user_and_device(
        &carol,
        Some(alice.device_id),
        &alice.key,
        T0 + 5,
        UserProfile::Standard,
    );
    refused(
        &mut store,
        forged,
        "timestamp is not after the previous certificate",
    );
}

#[test]
fn root_signed_user_after_bootstrap() {
    let (mut store, root, _, _) = genesis();
    let carol = member(3);
    let forged = user_and_device(&carol, None, &root, T0 + 20, UserProfile::Admin);
    refused(&mut store, forged, "root-signed user after the bootstrap");
}

#[test]
fn self_revocation_and_self_promotion() {
    let (mut store, _, alice, _) = genesis();
    let revoke = RevokedUserCertificate {
        author: alice.device_id,
        timestamp: DateTime::from_micros(T0 + 20),
        user_id: alice.user_id,
    };
    refused(
        &mut store,
        vec![ByteBuf::from(dump_and_sign(&revoke, &alice.key))],
        "cannot revoke themselves",
    );
    let update = UserUpdateCertificate {
        author: alice.device_id,
        timestamp: DateTime::from_micros(T0 + 20),
        user_id: alice.user_id,
        new_profile: UserProfile::Standard,
    };
    refused(
        &mut store,
        vec![ByteBuf::from(dump_and_sign(&update, &alice.key))],
        "cannot change their own profile",
    );
}

#[test]
fn unknown_author_device() {
    let (mut store, _, _, _) = genesis();
    let carol = member(3);
    let ghost = DeviceID::from_bytes([0x55; 16]);
    let forged = user_and_device(
        &carol,
        Some(ghost),
        &key(55),
        T0 + 20,
        UserProfile::Standard,
    );
    refused(&mut store, forged, "non-existing author device");
}

#[test]
fn a_bad_certificate_rolls_back_the_whole_batch() {
    let (mut store, _, alice, bob) = genesis();
    let carol = member(3);
    // A valid user creation followed, in the same batch, by a forged one.
    let mut certs = user_and_device(
        &carol,
        Some(alice.device_id),
        &alice.key,
        T0 + 20,
        UserProfile::Standard,
    );
    let dave = member(4);
    certs.extend(user_and_device(
        &dave,
        Some(bob.device_id),
        &bob.key,
        T0 + 30,
        UserProfile::Standard,
    ));
    refused(&mut store, certs, "author is not an administrator");
    assert!(
        store.user(carol.user_id).is_none(),
        "the valid part was not kept either"
    );
}

#[test]
fn garbage_is_refused() {
    let (mut store, _, _, _) = genesis();
    refused(&mut store, vec![ByteBuf::from(vec![0u8; 80])], "invalid");
}

#[test]
fn decompression_bomb_is_refused() {
    use parsec_protocol::data;
    use parsec_testkit::bomb::nil_bomb_v0;
    let (mut store, _, alice, _) = genesis();
    let carol = member(3);
    let mut certs = user_and_device(
        &carol,
        Some(alice.device_id),
        &alice.key,
        T0 + 20,
        UserProfile::Standard,
    );
    // Alice's own signature over Carol's certificate padded with 4 Mi nils (4 MiB of
    // msgpack, a few hundred bytes compressed): a hostile server could send it.
    let map = {
        let user: UserCertificate =
            parsec_protocol::certif::unsecure_load(&certs[0]).expect("a user certificate");
        data::dump_typed(&user)
    };
    let bomb = alice.key.sign(&nil_bomb_v0(&map, 4 * 1024 * 1024, false));
    assert!(bomb.len() < 4096);
    certs[0] = ByteBuf::from(bomb);
    refused(&mut store, certs, "decompresses to more than 65536 bytes");
}
