//! Refusals of `device_create`, `user_update` and `user_revoke` that no other test makes
//! happen (certificates.md §4, §7–9): each is answered with the official status, and the
//! organization's certificates are unchanged afterwards.

use crate::certificates::certificate_get;
use crate::common::{
    fresh_timestamp, org_name, reply, Backend, NewUserCertificates, TestDevice, TestOrg,
};
use crate::on_every_backend;
use axum::http::StatusCode;
use parsec_protocol::certif::{
    dump_and_sign, AnyCertificate, DeviceCertificate, DevicePurpose, RevokedUserCertificate,
    SigningKeyAlgorithm, UserUpdateCertificate,
};
use parsec_protocol::cmds::authenticated::{
    device_create, invite_list, user_create, user_revoke, user_update,
};
use parsec_protocol::cmds::{RequireGreaterTimestamp, TimestampOutOfBallpark};
use parsec_protocol::crypto::{OsRandom, SigningKey};
use parsec_protocol::ids::{DeviceID, UserID, UserProfile};
use parsec_protocol::DateTime;
use serde_bytes::ByteBuf;

/// The common topic as Alice sees it.
async fn common(o: &TestOrg) -> Vec<ByteBuf> {
    certificate_get(&o.server, &o.org, &o.alice, Default::default())
        .await
        .common_certificates
}

/// Timestamp of the last certificate of the common topic.
fn last_timestamp(certs: &[ByteBuf]) -> DateTime {
    let last = certs.last().expect("a bootstrapped organization");
    AnyCertificate::unsecure_load(last)
        .expect("decodable")
        .timestamp()
        .expect("a timestamp")
}

/// `device`'s requests are refused at authentication: it was never stored.
async fn assert_unknown_device(o: &TestOrg, device: &TestDevice) {
    let res = o.auth(device, invite_list::Req.dump()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "device was not stored");
}

/// A ballpark refusal with the official offsets and the client's timestamp.
fn assert_ballpark(out: &TimestampOutOfBallpark, client_timestamp: DateTime) {
    assert_eq!(out.ballpark_client_early_offset, 300.0);
    assert_eq!(out.ballpark_client_late_offset, 320.0);
    assert_eq!(out.client_timestamp, client_timestamp);
}

/// A device of `user_id` with fresh IDs and keys, not created yet.
fn new_device(user_id: UserID) -> TestDevice {
    let rng = OsRandom::new();
    TestDevice {
        device_id: DeviceID::generate(&rng),
        user_id,
        key: SigningKey::generate(&rng),
    }
}

/// The certificate of `d` claiming `author`.
fn certificate(d: &TestDevice, author: Option<DeviceID>, timestamp: DateTime) -> DeviceCertificate {
    DeviceCertificate {
        purpose: DevicePurpose::Standard,
        author,
        timestamp,
        user_id: d.user_id,
        device_id: d.device_id,
        device_label: Some("desktop".parse().expect("valid label")),
        verify_key: d.key.verify_key(),
        algorithm: SigningKeyAlgorithm::Ed25519,
    }
}

async fn send_device(
    o: &TestOrg,
    requester: &TestDevice,
    device_certificate: Vec<u8>,
    redacted_device_certificate: Vec<u8>,
) -> device_create::Rep {
    let req = device_create::Req {
        device_certificate,
        redacted_device_certificate,
    };
    reply(
        o.auth(requester, req.dump()).await,
        device_create::Rep::load,
    )
    .await
}

/// Full and redacted copies of `c`, both signed with `key`.
async fn send_signed(
    o: &TestOrg,
    requester: &TestDevice,
    c: &DeviceCertificate,
    key: &SigningKey,
) -> device_create::Rep {
    send_device(
        o,
        requester,
        dump_and_sign(c, key),
        dump_and_sign(&c.to_redacted(), key),
    )
    .await
}

/// A change to a redacted device certificate.
type Mutation = fn(&mut DeviceCertificate);

async fn device_create_refusals(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let alice = &o.alice;
    let bob = o
        .create_user(alice, "bob@example.com", "Bob", UserProfile::Standard)
        .await;
    let bob2 = o.create_device(&bob).await;
    let before = common(&o).await;
    let last = last_timestamp(&before);
    let other_key = SigningKey::generate(&OsRandom::new());
    let me = Some(bob.device_id);

    // Bad signature: both copies, or only the full one, or only the redacted one.
    let d = new_device(bob.user_id);
    let c = certificate(&d, me, fresh_timestamp());
    assert_eq!(
        send_signed(&o, &bob, &c, &other_key).await,
        device_create::Rep::InvalidCertificate
    );
    assert_eq!(
        send_device(
            &o,
            &bob,
            dump_and_sign(&c, &other_key),
            dump_and_sign(&c.to_redacted(), &bob.key)
        )
        .await,
        device_create::Rep::InvalidCertificate
    );
    assert_eq!(
        send_device(
            &o,
            &bob,
            dump_and_sign(&c, &bob.key),
            dump_and_sign(&c.to_redacted(), &other_key)
        )
        .await,
        device_create::Rep::InvalidCertificate
    );
    // Signed by another device of the same user, sent by Bob's first device.
    let by_bob2 = certificate(&d, Some(bob2.device_id), fresh_timestamp());
    assert_eq!(
        send_signed(&o, &bob, &by_bob2, &bob2.key).await,
        device_create::Rep::InvalidCertificate
    );

    // Author is not the requesting device (signed with the requester's key): another
    // device of the same user, another user's device, nil; and only on one copy.
    for author in [Some(bob2.device_id), Some(alice.device_id), None] {
        let c = certificate(&d, author, fresh_timestamp());
        assert_eq!(
            send_signed(&o, &bob, &c, &bob.key).await,
            device_create::Rep::InvalidCertificate,
            "author {author:?}"
        );
    }
    let c = certificate(&d, me, fresh_timestamp());
    let mut redacted = c.to_redacted();
    redacted.author = Some(bob2.device_id);
    assert_eq!(
        send_device(
            &o,
            &bob,
            dump_and_sign(&c, &bob.key),
            dump_and_sign(&redacted, &bob.key)
        )
        .await,
        device_create::Rep::InvalidCertificate
    );

    // A device for another user, by a STANDARD user.
    let for_alice = new_device(alice.user_id);
    assert_eq!(
        send_signed(
            &o,
            &bob,
            &certificate(&for_alice, me, fresh_timestamp()),
            &bob.key
        )
        .await,
        device_create::Rep::InvalidCertificate
    );

    // Out of the ballpark: 400 s old, 310 s ahead.
    for offset in [-400_000_000, 310_000_000] {
        let at = DateTime::now().add_micros(offset);
        match send_signed(&o, &bob, &certificate(&d, me, at), &bob.key).await {
            device_create::Rep::TimestampOutOfBallpark(out) => assert_ballpark(&out, at),
            other => panic!("offset {offset}: unexpected {other:?}"),
        }
    }
    // The ballpark is checked before the device's user (official order).
    let at = DateTime::now().add_micros(-400_000_000);
    assert!(matches!(
        send_signed(&o, &bob, &certificate(&for_alice, me, at), &bob.key).await,
        device_create::Rep::TimestampOutOfBallpark(_)
    ));

    // Redacted copy with a label (the full certificate twice).
    let c = certificate(&d, me, fresh_timestamp());
    assert_eq!(
        send_device(
            &o,
            &bob,
            dump_and_sign(&c, &bob.key),
            dump_and_sign(&c, &bob.key)
        )
        .await,
        device_create::Rep::InvalidCertificate
    );
    // Redacted copy that differs in another field.
    let mutations: [(&str, Mutation); 4] = [
        ("device_id", |r| r.device_id = DeviceID::from_bytes([9; 16])),
        ("timestamp", |r| r.timestamp = r.timestamp.add_micros(1)),
        ("verify_key", |r| {
            r.verify_key = SigningKey::generate(&OsRandom::new()).verify_key()
        }),
        ("purpose", |r| r.purpose = DevicePurpose::PassphraseRecovery),
    ];
    for (field, mutate) in mutations {
        let c = certificate(&d, me, fresh_timestamp());
        let mut redacted = c.to_redacted();
        mutate(&mut redacted);
        assert_eq!(
            send_device(
                &o,
                &bob,
                dump_and_sign(&c, &bob.key),
                dump_and_sign(&redacted, &bob.key)
            )
            .await,
            device_create::Rep::InvalidCertificate,
            "redacted {field} differs"
        );
    }

    // The device ID exists, also as another user's device; checked before causality.
    for existing in [bob2.device_id, alice.device_id] {
        let mut c = certificate(&d, me, fresh_timestamp());
        c.device_id = existing;
        assert_eq!(
            send_signed(&o, &bob, &c, &bob.key).await,
            device_create::Rep::DeviceAlreadyExists
        );
    }
    let mut c = certificate(&d, me, DateTime::now().add_micros(-60_000_000));
    c.device_id = bob2.device_id;
    assert_eq!(
        send_signed(&o, &bob, &c, &bob.key).await,
        device_create::Rep::DeviceAlreadyExists
    );

    // Not strictly after the common topic: older, and equal.
    for at in [DateTime::now().add_micros(-60_000_000), last] {
        assert_eq!(
            send_signed(&o, &bob, &certificate(&d, me, at), &bob.key).await,
            device_create::Rep::RequireGreaterTimestamp(RequireGreaterTimestamp {
                strictly_greater_than: last
            })
        );
    }

    // Nothing was stored.
    assert_eq!(common(&o).await, before);
    assert_unknown_device(&o, &d).await;
    assert_unknown_device(&o, &for_alice).await;
    // The same device, correct this time, is accepted.
    assert_eq!(
        send_signed(&o, &bob, &certificate(&d, me, fresh_timestamp()), &bob.key).await,
        device_create::Rep::Ok
    );
    assert_eq!(common(&o).await.len(), before.len() + 1);
}

async fn update(o: &TestOrg, requester: &TestDevice, signed: Vec<u8>) -> user_update::Rep {
    let req = user_update::Req {
        user_update_certificate: signed,
    };
    reply(o.auth(requester, req.dump()).await, user_update::Rep::load).await
}

async fn revoke(o: &TestOrg, requester: &TestDevice, signed: Vec<u8>) -> user_revoke::Rep {
    let req = user_revoke::Req {
        revoked_user_certificate: signed,
    };
    reply(o.auth(requester, req.dump()).await, user_revoke::Rep::load).await
}

async fn user_update_refusals(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let alice = &o.alice;
    let alice2 = o.create_device(alice).await;
    let bob = o
        .create_user(alice, "bob@example.com", "Bob", UserProfile::Standard)
        .await;
    let carl = o
        .create_user(alice, "carl@example.com", "Carl", UserProfile::Admin)
        .await;
    let before = common(&o).await;
    let last = last_timestamp(&before);
    let promote = |author: DeviceID, timestamp: DateTime| UserUpdateCertificate {
        author,
        timestamp,
        user_id: bob.user_id,
        new_profile: UserProfile::Admin,
    };

    // Bad signature: another admin's key, another device of the same user.
    for key in [&carl.key, &alice2.key] {
        let c = promote(alice.device_id, fresh_timestamp());
        assert_eq!(
            update(&o, alice, dump_and_sign(&c, key)).await,
            user_update::Rep::InvalidCertificate
        );
    }
    // Author is not the requesting device, signed with the requester's key.
    for author in [alice2.device_id, carl.device_id] {
        let c = promote(author, fresh_timestamp());
        assert_eq!(
            update(&o, alice, dump_and_sign(&c, &alice.key)).await,
            user_update::Rep::InvalidCertificate,
            "author {author}"
        );
    }
    // Not strictly after the common topic: older, and equal.
    for at in [DateTime::now().add_micros(-60_000_000), last] {
        assert_eq!(
            update(
                &o,
                alice,
                dump_and_sign(&promote(alice.device_id, at), &alice.key)
            )
            .await,
            user_update::Rep::RequireGreaterTimestamp(RequireGreaterTimestamp {
                strictly_greater_than: last
            })
        );
    }
    // `user_no_changes` comes before causality (official order).
    let same = UserUpdateCertificate {
        new_profile: UserProfile::Standard,
        ..promote(alice.device_id, last)
    };
    assert_eq!(
        update(&o, alice, dump_and_sign(&same, &alice.key)).await,
        user_update::Rep::UserNoChanges
    );
    // Ballpark, 400 s old.
    let at = DateTime::now().add_micros(-400_000_000);
    match update(
        &o,
        alice,
        dump_and_sign(&promote(alice.device_id, at), &alice.key),
    )
    .await
    {
        user_update::Rep::TimestampOutOfBallpark(out) => assert_ballpark(&out, at),
        other => panic!("unexpected {other:?}"),
    }

    // Nothing changed: same certificates, and Bob is still STANDARD.
    assert_eq!(common(&o).await, before);
    assert_eq!(
        o.update(&bob, carl.user_id, UserProfile::Standard).await,
        user_update::Rep::AuthorNotAllowed
    );
    // The second device of the same user may sign its own requests.
    let c = promote(alice2.device_id, fresh_timestamp());
    assert_eq!(
        update(&o, &alice2, dump_and_sign(&c, &alice2.key)).await,
        user_update::Rep::Ok
    );
}

async fn user_revoke_refusals(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let alice = &o.alice;
    let alice2 = o.create_device(alice).await;
    let bob = o
        .create_user(alice, "bob@example.com", "Bob", UserProfile::Standard)
        .await;
    let carl = o
        .create_user(alice, "carl@example.com", "Carl", UserProfile::Admin)
        .await;
    let before = common(&o).await;
    let last = last_timestamp(&before);
    let revocation = |author: DeviceID, timestamp: DateTime| RevokedUserCertificate {
        author,
        timestamp,
        user_id: bob.user_id,
    };

    // Author is not the requesting device, signed with the requester's key.
    for author in [alice2.device_id, carl.device_id] {
        let c = revocation(author, fresh_timestamp());
        assert_eq!(
            revoke(&o, alice, dump_and_sign(&c, &alice.key)).await,
            user_revoke::Rep::InvalidCertificate,
            "author {author}"
        );
    }
    // Signed by the named author, but sent by another device.
    let c = revocation(carl.device_id, fresh_timestamp());
    assert_eq!(
        revoke(&o, alice, dump_and_sign(&c, &carl.key)).await,
        user_revoke::Rep::InvalidCertificate
    );
    // Out of the ballpark: 400 s old, 310 s ahead.
    for offset in [-400_000_000, 310_000_000] {
        let at = DateTime::now().add_micros(offset);
        match revoke(
            &o,
            alice,
            dump_and_sign(&revocation(alice.device_id, at), &alice.key),
        )
        .await
        {
            user_revoke::Rep::TimestampOutOfBallpark(out) => assert_ballpark(&out, at),
            other => panic!("offset {offset}: unexpected {other:?}"),
        }
    }
    // Ballpark comes before "not oneself" (official order).
    let at = DateTime::now().add_micros(-400_000_000);
    let own = RevokedUserCertificate {
        user_id: alice.user_id,
        ..revocation(alice.device_id, at)
    };
    assert!(matches!(
        revoke(&o, alice, dump_and_sign(&own, &alice.key)).await,
        user_revoke::Rep::TimestampOutOfBallpark(_)
    ));
    // Not strictly after the common topic: older, and equal.
    for at in [DateTime::now().add_micros(-60_000_000), last] {
        assert_eq!(
            revoke(
                &o,
                alice,
                dump_and_sign(&revocation(alice.device_id, at), &alice.key)
            )
            .await,
            user_revoke::Rep::RequireGreaterTimestamp(RequireGreaterTimestamp {
                strictly_greater_than: last
            })
        );
    }

    // Nothing changed: same certificates, and Bob still gets in.
    assert_eq!(common(&o).await, before);
    let res = o.auth(&bob, invite_list::Req.dump()).await;
    assert_eq!(res.status(), StatusCode::OK, "Bob is not revoked");

    // Already revoked beats causality: the existing revocation's timestamp.
    let first = fresh_timestamp();
    assert_eq!(
        revoke(
            &o,
            alice,
            dump_and_sign(&revocation(alice.device_id, first), &alice.key)
        )
        .await,
        user_revoke::Rep::Ok
    );
    assert_eq!(
        revoke(
            &o,
            alice,
            dump_and_sign(&revocation(alice.device_id, last), &alice.key)
        )
        .await,
        user_revoke::Rep::UserAlreadyRevoked(user_revoke::UserAlreadyRevoked {
            last_common_certificate_timestamp: first
        })
    );
}

/// `user_create`: the user and device certificates name different users, or the device
/// ID is taken (certificates.md §6).
async fn user_create_ids(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let alice = &o.alice;
    let before = common(&o).await;
    let create = |new: &NewUserCertificates| {
        let req = new.req(&alice.key);
        let o = &o;
        async move { reply(o.auth(alice, req.dump()).await, user_create::Rep::load).await }
    };
    let new = || {
        NewUserCertificates::new(
            alice,
            "carl@example.com",
            "Carl",
            UserProfile::Standard,
            fresh_timestamp(),
        )
    };
    let mut c = new();
    c.device_certificate.user_id = UserID::generate(&OsRandom::new());
    assert_eq!(create(&c).await, user_create::Rep::InvalidCertificate);
    let mut c = new();
    c.device_certificate.user_id = alice.user_id;
    assert_eq!(create(&c).await, user_create::Rep::InvalidCertificate);
    let mut c = new();
    c.device_certificate.device_id = alice.device_id;
    assert_eq!(create(&c).await, user_create::Rep::UserAlreadyExists);
    // A nil author on the device certificate.
    let mut c = new();
    c.device_certificate.author = None;
    assert_eq!(create(&c).await, user_create::Rep::InvalidCertificate);

    assert_eq!(common(&o).await, before);
    let c = new();
    assert_eq!(create(&c).await, user_create::Rep::Ok);
}

/// Device and user IDs are unique per organization only: another organization of the
/// same server may reuse them.
async fn ids_are_per_organization(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let alice = &o.alice;
    let other = org_name("Other");
    let token = o.server.create_org(&other).await;
    let zoe = o.server.bootstrap(&other, Some(token)).await.device;

    let mut twin = new_device(zoe.user_id);
    twin.device_id = alice.device_id;
    let c = certificate(&twin, Some(zoe.device_id), fresh_timestamp());
    let req = device_create::Req {
        device_certificate: dump_and_sign(&c, &zoe.key),
        redacted_device_certificate: dump_and_sign(&c.to_redacted(), &zoe.key),
    };
    let res = o.server.authenticated(&other, &zoe, req.dump()).await;
    assert_eq!(
        reply(res, device_create::Rep::load).await,
        device_create::Rep::Ok
    );

    let mut new = NewUserCertificates::new(
        &zoe,
        "bob@example.com",
        "Bob",
        UserProfile::Standard,
        fresh_timestamp(),
    );
    new.user_certificate.user_id = alice.user_id;
    new.device_certificate.user_id = alice.user_id;
    let res = o
        .server
        .authenticated(&other, &zoe, new.req(&zoe.key).dump())
        .await;
    assert_eq!(
        reply(res, user_create::Rep::load).await,
        user_create::Rep::Ok
    );
    // The first organization is untouched: Alice still signs in with her own key.
    let res = o.auth(alice, invite_list::Req.dump()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(common(&o).await.len(), 2);
}

/// Recovery devices (certificates.md §7, as the official server): the purpose is not
/// checked, any profile may give its own user a `PASSPHRASE_RECOVERY` device, and that
/// device signs requests and creates a `STANDARD` device of the same user, as `device
/// import-recovery-device` does.
async fn recovery_devices(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let carol = o
        .create_user(
            &o.alice,
            "carol@example.com",
            "Carol",
            UserProfile::Outsider,
        )
        .await;
    let recovery = new_device(carol.user_id);
    let mut c = certificate(&recovery, Some(carol.device_id), fresh_timestamp());
    c.purpose = DevicePurpose::PassphraseRecovery;
    c.device_label = Some("recovery-2026-01-01T00:00:00Z".parse().expect("label"));
    assert_eq!(
        send_signed(&o, &carol, &c, &carol.key).await,
        device_create::Rep::Ok
    );
    let res = o.auth(&recovery, invite_list::Req.dump()).await;
    assert_eq!(res.status(), StatusCode::OK, "the recovery device signs in");

    let recovered = new_device(carol.user_id);
    let c2 = certificate(&recovered, Some(recovery.device_id), fresh_timestamp());
    assert_eq!(
        send_signed(&o, &recovery, &c2, &recovery.key).await,
        device_create::Rep::Ok
    );
    let res = o.auth(&recovered, invite_list::Req.dump()).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "the recovered device signs in"
    );

    // Both certificates are served as sent, purposes included.
    let certs = common(&o).await;
    let devices: Vec<DeviceCertificate> = certs
        .iter()
        .filter_map(
            |b| match AnyCertificate::unsecure_load(b).expect("decodable") {
                AnyCertificate::Device(d) => Some(d),
                _ => None,
            },
        )
        .collect();
    let find = |id: DeviceID| {
        devices
            .iter()
            .find(|d| d.device_id == id)
            .expect("served")
            .clone()
    };
    assert_eq!(find(recovery.device_id), c);
    assert_eq!(find(recovered.device_id), c2);
}

on_every_backend!(
    device_create_refusals,
    user_update_refusals,
    user_revoke_refusals,
    user_create_ids,
    ids_are_per_organization,
    recovery_devices,
);
