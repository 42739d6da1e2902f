//! `user_create`, `device_create`, `user_revoke`, `user_update` (certificates.md §6–9),
//! their effect on `certificate_get` and on the administration statistics.

use crate::certificates::certificate_get;
use crate::common::{fresh_timestamp, reply, Backend, NewUserCertificates, TestDevice, TestOrg};
use crate::on_every_backend;
use axum::http::{header, Method, Request, StatusCode};
use parsec_protocol::certif::{
    dump_and_sign, DeviceCertificate, DevicePurpose, RevokedUserCertificate, SigningKeyAlgorithm,
    UserUpdateCertificate,
};
use parsec_protocol::cmds::authenticated::{
    device_create, invite_list, invite_new_user, user_create, user_revoke, user_update,
};
use parsec_protocol::cmds::RequireGreaterTimestamp;
use parsec_protocol::crypto::{OsRandom, SigningKey};
use parsec_protocol::ids::{DeviceID, UserID, UserProfile};
use parsec_protocol::DateTime;
use serde_bytes::ByteBuf;
use serde_json::json;

async fn create(o: &TestOrg, author: &TestDevice, req: &user_create::Req) -> user_create::Rep {
    reply(o.auth(author, req.dump()).await, user_create::Rep::load).await
}

async fn common_count(o: &TestOrg) -> usize {
    certificate_get(&o.server, &o.org, &o.alice, Default::default())
        .await
        .common_certificates
        .len()
}

async fn user_create_refusals(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let alice = &o.alice;
    let bob = o
        .create_user(alice, "bob@example.com", "Bob", UserProfile::Standard)
        .await;
    let before = common_count(&o).await;
    let new = |email: &str| {
        NewUserCertificates::new(
            alice,
            email,
            "Carl",
            UserProfile::Standard,
            fresh_timestamp(),
        )
    };

    // Not ADMIN.
    let by_bob = NewUserCertificates::new(
        &bob,
        "carl@example.com",
        "Carl",
        UserProfile::Standard,
        fresh_timestamp(),
    );
    assert_eq!(
        create(&o, &bob, &by_bob.req(&bob.key)).await,
        user_create::Rep::AuthorNotAllowed
    );
    // Bad signature.
    let other_key = SigningKey::generate(&OsRandom::new());
    assert_eq!(
        create(&o, alice, &new("carl@example.com").req(&other_key)).await,
        user_create::Rep::InvalidCertificate
    );
    // Author field naming another device.
    let mut wrong_author = new("carl@example.com");
    wrong_author.user_certificate.author = Some(bob.device_id);
    assert_eq!(
        create(&o, alice, &wrong_author.req(&alice.key)).await,
        user_create::Rep::InvalidCertificate
    );
    // Redacted copies that do not match, or are not redacted.
    let c = new("carl@example.com");
    let mut req = c.req(&alice.key);
    let mut redacted = c.user_certificate.to_redacted();
    redacted.profile = UserProfile::Admin;
    req.redacted_user_certificate = dump_and_sign(&redacted, &alice.key);
    assert_eq!(
        create(&o, alice, &req).await,
        user_create::Rep::InvalidCertificate
    );
    let mut req = c.req(&alice.key);
    req.redacted_device_certificate = dump_and_sign(&c.device_certificate, &alice.key);
    assert_eq!(
        create(&o, alice, &req).await,
        user_create::Rep::InvalidCertificate
    );
    // User and device timestamps differ.
    let mut c = new("carl@example.com");
    c.device_certificate.timestamp = c.device_certificate.timestamp.add_micros(1);
    assert_eq!(
        create(&o, alice, &c.req(&alice.key)).await,
        user_create::Rep::InvalidCertificate
    );
    // Out of the ballpark: 400 s old.
    let old = NewUserCertificates::new(
        alice,
        "carl@example.com",
        "Carl",
        UserProfile::Standard,
        DateTime::now().add_micros(-400_000_000),
    );
    match create(&o, alice, &old.req(&alice.key)).await {
        user_create::Rep::TimestampOutOfBallpark(b) => {
            assert_eq!(b.ballpark_client_early_offset, 300.0);
            assert_eq!(b.ballpark_client_late_offset, 320.0);
            assert_eq!(b.client_timestamp, old.user_certificate.timestamp);
        }
        other => panic!("unexpected {other:?}"),
    }
    // Email of a non-revoked user (the label does not matter).
    let mut taken = new("bob@example.com");
    taken.user_certificate.human_handle = Some(
        parsec_protocol::ids::HumanHandle::new("bob@example.com".parse().expect("email"), "Other")
            .expect("handle"),
    );
    assert_eq!(
        create(&o, alice, &taken.req(&alice.key)).await,
        user_create::Rep::HumanHandleAlreadyTaken
    );
    // Existing user ID.
    let mut dup = new("carl@example.com");
    dup.user_certificate.user_id = bob.user_id;
    dup.device_certificate.user_id = bob.user_id;
    assert_eq!(
        create(&o, alice, &dup.req(&alice.key)).await,
        user_create::Rep::UserAlreadyExists
    );
    // Not newer than the last common certificate (Bob's creation).
    let last = fresh_timestamp().add_micros(-1);
    let stale = NewUserCertificates::new(
        alice,
        "carl@example.com",
        "Carl",
        UserProfile::Standard,
        DateTime::now().add_micros(-60_000_000),
    );
    match create(&o, alice, &stale.req(&alice.key)).await {
        user_create::Rep::RequireGreaterTimestamp(RequireGreaterTimestamp {
            strictly_greater_than,
        }) => assert!(strictly_greater_than <= last),
        other => panic!("unexpected {other:?}"),
    }
    // Nothing was stored by the refusals.
    assert_eq!(common_count(&o).await, before);

    // Active users limit: 2 users exist, a limit of 2 refuses the third; revoking one
    // frees a slot, and its email can be reused.
    let (status, body) = o
        .server
        .admin(
            Method::PATCH,
            &format!("/organizations/{}", o.org),
            Some(json!({ "active_users_limit": 2 })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        create(&o, alice, &new("carl@example.com").req(&alice.key)).await,
        user_create::Rep::ActiveUsersLimitReached
    );
    assert_eq!(o.revoke(alice, bob.user_id).await, user_revoke::Rep::Ok);
    o.create_user(alice, "bob@example.com", "Bob again", UserProfile::Outsider)
        .await;
}

async fn device_create_rules(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let alice = &o.alice;
    let bob = o
        .create_user(alice, "bob@example.com", "Bob", UserProfile::Outsider)
        .await;
    // Any profile adds devices to itself.
    let bob2 = o.create_device(&bob).await;
    // The new device works.
    let res = o.auth(&bob2, invite_list::Req.dump()).await;
    assert_eq!(res.status(), StatusCode::OK);

    let rng = OsRandom::new();
    let key = SigningKey::generate(&rng);
    let device = |user_id: UserID, device_id: DeviceID, timestamp: DateTime| DeviceCertificate {
        purpose: DevicePurpose::Standard,
        author: Some(alice.device_id),
        timestamp,
        user_id,
        device_id,
        device_label: Some("x".parse().expect("label")),
        verify_key: key.verify_key(),
        algorithm: SigningKeyAlgorithm::Ed25519,
    };
    let o = &o;
    let send = |c: DeviceCertificate| async move {
        let req = device_create::Req {
            device_certificate: dump_and_sign(&c, &alice.key),
            redacted_device_certificate: dump_and_sign(&c.to_redacted(), &alice.key),
        };
        reply(o.auth(alice, req.dump()).await, device_create::Rep::load).await
    };
    // An ADMIN cannot add a device to another user.
    assert_eq!(
        send(device(
            bob.user_id,
            DeviceID::generate(&rng),
            fresh_timestamp()
        ))
        .await,
        device_create::Rep::InvalidCertificate
    );
    assert_eq!(
        send(device(alice.user_id, bob2.device_id, fresh_timestamp())).await,
        device_create::Rep::DeviceAlreadyExists
    );
    assert!(matches!(
        send(device(
            alice.user_id,
            DeviceID::generate(&rng),
            DateTime::now().add_micros(-60_000_000)
        ))
        .await,
        device_create::Rep::RequireGreaterTimestamp(_)
    ));
    assert_eq!(
        send(device(
            alice.user_id,
            DeviceID::generate(&rng),
            fresh_timestamp()
        ))
        .await,
        device_create::Rep::Ok
    );
}

async fn user_revoke_rules(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let alice = &o.alice;
    let bob = o
        .create_user(alice, "bob@example.com", "Bob", UserProfile::Standard)
        .await;
    let carl = o
        .create_user(alice, "carl@example.com", "Carl", UserProfile::Admin)
        .await;
    assert_eq!(
        o.revoke(&bob, carl.user_id).await,
        user_revoke::Rep::AuthorNotAllowed
    );
    assert_eq!(
        o.revoke(alice, alice.user_id).await,
        user_revoke::Rep::InvalidCertificate
    );
    assert_eq!(
        o.revoke(alice, UserID::from_bytes([4; 16])).await,
        user_revoke::Rep::UserNotFound
    );
    // Signed by another key.
    let certificate = RevokedUserCertificate {
        author: alice.device_id,
        timestamp: fresh_timestamp(),
        user_id: bob.user_id,
    };
    let req = user_revoke::Req {
        revoked_user_certificate: dump_and_sign(&certificate, &carl.key),
    };
    assert_eq!(
        reply(o.auth(alice, req.dump()).await, user_revoke::Rep::load).await,
        user_revoke::Rep::InvalidCertificate
    );
    // An ADMIN may revoke another ADMIN.
    let first = fresh_timestamp();
    let req = user_revoke::Req {
        revoked_user_certificate: dump_and_sign(
            &RevokedUserCertificate {
                author: alice.device_id,
                timestamp: first,
                user_id: carl.user_id,
            },
            &alice.key,
        ),
    };
    assert_eq!(
        reply(o.auth(alice, req.dump()).await, user_revoke::Rep::load).await,
        user_revoke::Rep::Ok
    );
    // Again: the existing revocation's timestamp.
    assert_eq!(
        o.revoke(alice, carl.user_id).await,
        user_revoke::Rep::UserAlreadyRevoked(user_revoke::UserAlreadyRevoked {
            last_common_certificate_timestamp: first
        })
    );
    // The revoked user gets 461 everywhere, SSE included.
    let res = o.auth(&carl, invite_list::Req.dump()).await;
    assert_eq!(res.status().as_u16(), 461);
    let sse = Request::get(format!("/authenticated/{}/events", o.org))
        .header("api-version", "5.5")
        .header(header::ACCEPT, "text/event-stream")
        .header(header::AUTHORIZATION, carl.auth_header(DateTime::now()))
        .body(axum::body::Body::empty())
        .expect("request");
    assert_eq!(o.server.send(sse).await.status().as_u16(), 461);
    // Revoked before: no update either.
    assert_eq!(
        o.update(alice, carl.user_id, UserProfile::Standard).await,
        user_update::Rep::UserRevoked
    );
}

async fn user_update_rules(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let alice = &o.alice;
    let bob = o
        .create_user(alice, "bob@example.com", "Bob", UserProfile::Standard)
        .await;
    assert_eq!(
        o.update(&bob, alice.user_id, UserProfile::Outsider).await,
        user_update::Rep::AuthorNotAllowed
    );
    assert_eq!(
        o.update(alice, alice.user_id, UserProfile::Standard).await,
        user_update::Rep::InvalidCertificate
    );
    assert_eq!(
        o.update(alice, bob.user_id, UserProfile::Standard).await,
        user_update::Rep::UserNoChanges
    );
    assert_eq!(
        o.update(alice, UserID::from_bytes([4; 16]), UserProfile::Admin)
            .await,
        user_update::Rep::UserNotFound
    );
    // Out of the ballpark.
    let certificate = UserUpdateCertificate {
        author: alice.device_id,
        timestamp: DateTime::now().add_micros(310_000_000),
        user_id: bob.user_id,
        new_profile: UserProfile::Admin,
    };
    let req = user_update::Req {
        user_update_certificate: dump_and_sign(&certificate, &alice.key),
    };
    assert!(matches!(
        reply(o.auth(alice, req.dump()).await, user_update::Rep::load).await,
        user_update::Rep::TimestampOutOfBallpark(_)
    ));
    // Promoted, Bob may invite users.
    assert_eq!(
        o.update(alice, bob.user_id, UserProfile::Admin).await,
        user_update::Rep::Ok
    );
    let req = invite_new_user::Req {
        claimer_email: "zoe@example.com".parse().expect("email"),
        send_email: false,
    };
    assert!(matches!(
        reply(o.auth(&bob, req.dump()).await, invite_new_user::Rep::load).await,
        invite_new_user::Rep::Ok(_)
    ));
    // An ADMIN may demote another ADMIN.
    assert_eq!(
        o.update(&bob, alice.user_id, UserProfile::Outsider).await,
        user_update::Rep::Ok
    );
    assert_eq!(
        o.update(alice, bob.user_id, UserProfile::Standard).await,
        user_update::Rep::AuthorNotAllowed
    );
}

async fn certificate_get_after_changes(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let alice = &o.alice;
    let initial = certificate_get(&o.server, &o.org, alice, Default::default()).await;
    let bob_new = NewUserCertificates::new(
        alice,
        "bob@example.com",
        "Bob",
        UserProfile::Standard,
        fresh_timestamp(),
    );
    let bob_req = bob_new.req(&alice.key);
    assert_eq!(create(&o, alice, &bob_req).await, user_create::Rep::Ok);
    let bob = bob_new.device;
    let carl = o
        .create_user(alice, "carl@example.com", "Carl", UserProfile::Standard)
        .await;
    o.create_device(&bob).await;
    assert_eq!(
        o.update(alice, bob.user_id, UserProfile::Outsider).await,
        user_update::Rep::Ok
    );
    assert_eq!(o.revoke(alice, carl.user_id).await, user_revoke::Rep::Ok);

    let full = certificate_get(&o.server, &o.org, alice, Default::default()).await;
    // 2 bootstrap + 2 Bob + 2 Carl + device + update + revocation, in timestamp order.
    assert_eq!(full.common_certificates.len(), 9);
    assert_eq!(
        full.common_certificates[..2],
        initial.common_certificates[..]
    );
    assert_eq!(
        full.common_certificates[2..4],
        [
            ByteBuf::from(bob_req.user_certificate.clone()),
            ByteBuf::from(bob_req.device_certificate.clone())
        ]
    );
    let kinds: Vec<_> = full
        .common_certificates
        .iter()
        .map(|c| {
            parsec_protocol::certif::AnyCertificate::unsecure_load(c)
                .expect("decodable")
                .timestamp()
                .expect("a timestamp")
        })
        .collect();
    assert!(kinds.windows(2).all(|w| w[0] <= w[1]));

    // Bob, now OUTSIDER, gets the redacted user and device certificates.
    let redacted = certificate_get(&o.server, &o.org, &bob, Default::default()).await;
    assert_eq!(redacted.common_certificates.len(), 9);
    assert_eq!(
        redacted.common_certificates[2..4],
        [
            ByteBuf::from(bob_req.redacted_user_certificate),
            ByteBuf::from(bob_req.redacted_device_certificate)
        ]
    );
    // Updates and revocations have no redacted variant.
    assert_eq!(
        redacted.common_certificates[7..],
        full.common_certificates[7..]
    );
    // `common_after` is exclusive, also for the new kinds.
    let after = certificate_get(
        &o.server,
        &o.org,
        alice,
        parsec_protocol::cmds::authenticated::certificate_get::Req {
            common_after: Some(kinds[7]),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(after.common_certificates, full.common_certificates[8..]);
}

async fn admin_counts_revoked_and_profiles(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let alice = &o.alice;
    let bob = o
        .create_user(alice, "bob@example.com", "Bob", UserProfile::Standard)
        .await;
    let carl = o
        .create_user(alice, "carl@example.com", "Carl", UserProfile::Outsider)
        .await;
    o.update(alice, carl.user_id, UserProfile::Admin).await;
    o.revoke(alice, bob.user_id).await;
    let (status, stats) = o
        .server
        .admin(
            Method::GET,
            &format!("/organizations/{}/stats", o.org),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stats["users"], 3);
    assert_eq!(stats["active_users"], 2);
    assert_eq!(
        stats["users_per_profile_detail"],
        json!({
            "ADMIN": {"active": 2, "revoked": 0},
            "STANDARD": {"active": 0, "revoked": 1},
            "OUTSIDER": {"active": 0, "revoked": 0},
        })
    );
    let (_, users) = o
        .server
        .admin(
            Method::GET,
            &format!("/organizations/{}/users", o.org),
            None,
        )
        .await;
    let emails: Vec<_> = users["users"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|u| u["user_email"].as_str().expect("email").to_owned())
        .collect();
    assert_eq!(emails, vec!["alice@example.com", "carl@example.com"]);
}

on_every_backend!(
    user_create_refusals,
    device_create_rules,
    user_revoke_rules,
    user_update_rules,
    certificate_get_after_changes,
    admin_counts_revoked_and_profiles,
);
