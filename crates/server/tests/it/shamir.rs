//! Shared recovery (shamir): `shamir_recovery_setup` and `shamir_recovery_delete` with
//! each of their statuses in the official order, what `certificate_get` shows of the
//! shamir topic to whom, and the SHAMIR_RECOVERY invitations (creation, listing,
//! `invite_info`, who may greet, reveal, cancellation by the setup's deletion).

use crate::common::{fresh_timestamp, reply, Backend, TestDevice, TestOrg};
use crate::greeting::{claimer_start, greeter_start};
use crate::invite::{cancel, complete, list, new_user_token};
use crate::on_every_backend;
use axum::http::StatusCode;
use parsec_protocol::certif::{
    dump_and_sign, ShamirRecoveryBriefCertificate, ShamirRecoveryDeletionCertificate,
    ShamirRecoveryShareCertificate,
};
use parsec_protocol::cmds::authenticated::{
    certificate_get, invite_cancel, invite_complete, invite_greeter_start_greeting_attempt,
    invite_list, invite_new_shamir_recovery, shamir_recovery_delete, shamir_recovery_setup,
};
use parsec_protocol::cmds::invited::{
    invite_claimer_start_greeting_attempt, invite_info, invite_shamir_recovery_reveal,
};
use parsec_protocol::crypto::{OsRandom, SigningKey};
use parsec_protocol::ids::{AccessToken, UserID, UserProfile};
use parsec_protocol::invite::{InvitationEmailSentStatus, InvitationStatus};
use parsec_protocol::DateTime;
use parsec_server::events::Audience;
use serde_bytes::ByteBuf;
use std::collections::BTreeSet;
use std::num::NonZeroU8;

fn n(v: u8) -> NonZeroU8 {
    NonZeroU8::new(v).expect("not zero")
}

/// The certificates of a setup by `author`, before signing (tests tamper with them).
struct Setup {
    brief: ShamirRecoveryBriefCertificate,
    shares: Vec<ShamirRecoveryShareCertificate>,
    reveal_token: AccessToken,
    ciphered_data: Vec<u8>,
}

impl Setup {
    fn new(author: &TestDevice, recipients: &[(UserID, u8)], threshold: u8) -> Self {
        let timestamp = fresh_timestamp();
        let brief = ShamirRecoveryBriefCertificate {
            author: author.device_id,
            timestamp,
            user_id: author.user_id,
            threshold: n(threshold),
            per_recipient_shares: recipients.iter().map(|(u, w)| (*u, n(*w))).collect(),
        };
        let shares = recipients
            .iter()
            .map(|(recipient, _)| ShamirRecoveryShareCertificate {
                author: author.device_id,
                timestamp,
                user_id: author.user_id,
                recipient: *recipient,
                ciphered_share: vec![7; 12],
            })
            .collect();
        Self {
            brief,
            shares,
            reveal_token: AccessToken::generate(&OsRandom::new()),
            ciphered_data: b"ciphered recovery device".to_vec(),
        }
    }

    fn signed_brief(&self, key: &SigningKey) -> Vec<u8> {
        dump_and_sign(&self.brief, key)
    }

    fn signed_shares(&self, key: &SigningKey) -> Vec<Vec<u8>> {
        self.shares.iter().map(|s| dump_and_sign(s, key)).collect()
    }

    fn req(&self, key: &SigningKey) -> shamir_recovery_setup::Req {
        shamir_recovery_setup::Req {
            ciphered_data: self.ciphered_data.clone(),
            reveal_token: self.reveal_token,
            shamir_recovery_brief_certificate: self.signed_brief(key),
            shamir_recovery_share_certificates: self
                .signed_shares(key)
                .into_iter()
                .map(ByteBuf::from)
                .collect(),
        }
    }

    /// Its deletion certificate, at a fresh timestamp.
    fn deletion(&self, author: &TestDevice) -> ShamirRecoveryDeletionCertificate {
        ShamirRecoveryDeletionCertificate {
            author: author.device_id,
            timestamp: fresh_timestamp(),
            setup_to_delete_timestamp: self.brief.timestamp,
            setup_to_delete_user_id: self.brief.user_id,
            share_recipients: self.brief.per_recipient_shares.keys().copied().collect(),
        }
    }
}

async fn setup_with(
    o: &TestOrg,
    who: &TestDevice,
    req: shamir_recovery_setup::Req,
) -> shamir_recovery_setup::Rep {
    reply(
        o.auth(who, req.dump()).await,
        shamir_recovery_setup::Rep::load,
    )
    .await
}

async fn set_up(o: &TestOrg, who: &TestDevice, setup: &Setup) -> shamir_recovery_setup::Rep {
    setup_with(o, who, setup.req(&who.key)).await
}

async fn delete_with(
    o: &TestOrg,
    who: &TestDevice,
    signed: Vec<u8>,
) -> shamir_recovery_delete::Rep {
    let req = shamir_recovery_delete::Req {
        shamir_recovery_deletion_certificate: signed,
    };
    reply(
        o.auth(who, req.dump()).await,
        shamir_recovery_delete::Rep::load,
    )
    .await
}

async fn delete(
    o: &TestOrg,
    who: &TestDevice,
    deletion: &ShamirRecoveryDeletionCertificate,
) -> shamir_recovery_delete::Rep {
    delete_with(o, who, dump_and_sign(deletion, &who.key)).await
}

/// The shamir topic as `who` sees it, strictly after `after`.
async fn shamir_topic(o: &TestOrg, who: &TestDevice, after: Option<DateTime>) -> Vec<Vec<u8>> {
    let req = certificate_get::Req {
        common_after: None,
        sequester_after: None,
        shamir_recovery_after: after,
        realm_after: Default::default(),
    };
    match reply(o.auth(who, req.dump()).await, certificate_get::Rep::load).await {
        certificate_get::Rep::Ok(c) => c
            .shamir_recovery_certificates
            .into_iter()
            .map(ByteBuf::into_vec)
            .collect(),
        other => panic!("unexpected {other:?}"),
    }
}

async fn new_shamir(
    o: &TestOrg,
    who: &TestDevice,
    claimer: UserID,
    send_email: bool,
) -> invite_new_shamir_recovery::Rep {
    let req = invite_new_shamir_recovery::Req {
        claimer_user_id: claimer,
        send_email,
    };
    reply(
        o.auth(who, req.dump()).await,
        invite_new_shamir_recovery::Rep::load,
    )
    .await
}

async fn new_shamir_token(o: &TestOrg, who: &TestDevice, claimer: UserID) -> AccessToken {
    match new_shamir(o, who, claimer, false).await {
        invite_new_shamir_recovery::Rep::Ok(c) => c.token,
        other => panic!("unexpected {other:?}"),
    }
}

async fn reveal(
    o: &TestOrg,
    token: &AccessToken,
    reveal_token: AccessToken,
) -> invite_shamir_recovery_reveal::Rep {
    let req = invite_shamir_recovery_reveal::Req { reveal_token };
    reply(
        o.invited(token, req.dump()).await,
        invite_shamir_recovery_reveal::Rep::load,
    )
    .await
}

async fn info(o: &TestOrg, token: &AccessToken) -> invite_info::Rep {
    reply(
        o.invited(token, invite_info::Req.dump()).await,
        invite_info::Rep::load,
    )
    .await
}

/// Alice (ADMIN) and three more users.
struct People {
    bob: TestDevice,
    carol: TestDevice,
    dave: TestDevice,
}

async fn people(o: &TestOrg) -> People {
    let alice = &o.alice;
    People {
        bob: o
            .create_user(alice, "bob@example.com", "Bob", UserProfile::Standard)
            .await,
        carol: o
            .create_user(alice, "carol@example.com", "Carol", UserProfile::Standard)
            .await,
        dave: o
            .create_user(alice, "dave@example.com", "Dave", UserProfile::Outsider)
            .await,
    }
}

/// The name, timestamp and audience of the organization's latest event.
fn last_event(o: &TestOrg) -> (String, Option<DateTime>, Audience) {
    let events = o.server.state.events.cached(&o.org_id());
    let event = events.last().expect("an event");
    let data = event
        .frame
        .lines()
        .find_map(|l| l.strip_prefix("data:"))
        .expect("data line");
    let raw = data_encoding::BASE64
        .decode(data.as_bytes())
        .expect("base64");
    let value = rmpv::decode::read_value(&mut raw.as_slice()).expect("msgpack");
    let field = |name: &str| {
        value
            .as_map()
            .expect("map")
            .iter()
            .find(|(k, _)| k.as_str() == Some(name))
            .map(|(_, v)| v.clone())
    };
    let name = field("event")
        .and_then(|v| v.as_str().map(str::to_owned))
        .expect("event name");
    let timestamp = field("timestamp").map(|v| match v {
        rmpv::Value::Ext(1, bytes) => {
            DateTime::from_micros(i64::from_be_bytes(bytes.try_into().expect("8 bytes")))
        }
        other => panic!("unexpected timestamp {other:?}"),
    });
    (name, timestamp, event.audience.clone())
}

async fn setup_and_certificate_visibility(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let p = people(&o).await;
    let alice = &o.alice;
    let setup = Setup::new(alice, &[(p.bob.user_id, 1), (p.carol.user_id, 2)], 2);
    assert_eq!(
        set_up(&o, alice, &setup).await,
        shamir_recovery_setup::Rep::Ok
    );
    // The participants are told.
    let (name, timestamp, audience) = last_event(&o);
    assert_eq!(name, "SHAMIR_RECOVERY_CERTIFICATE");
    assert_eq!(timestamp, Some(setup.brief.timestamp));
    match audience {
        Audience::Users(mut users) => {
            users.sort();
            let mut expected = vec![alice.user_id, p.bob.user_id, p.carol.user_id];
            expected.sort();
            assert_eq!(users, expected);
        }
        other => panic!("unexpected {other:?}"),
    }

    let brief = setup.signed_brief(&alice.key);
    // Signatures are deterministic (Ed25519): the stored bytes are these.
    let shares = setup.signed_shares(&alice.key);
    assert_eq!(shamir_topic(&o, alice, None).await, vec![brief.clone()]);
    assert_eq!(
        shamir_topic(&o, &p.bob, None).await,
        vec![brief.clone(), shares[0].clone()]
    );
    assert_eq!(
        shamir_topic(&o, &p.carol, None).await,
        vec![brief.clone(), shares[1].clone()]
    );
    assert!(shamir_topic(&o, &p.dave, None).await.is_empty());
    assert!(shamir_topic(&o, &p.bob, Some(setup.brief.timestamp))
        .await
        .is_empty());

    // Bob's own setup, with Alice as recipient: each sees what concerns it.
    let bob_setup = Setup::new(&p.bob, &[(alice.user_id, 1)], 1);
    assert_eq!(
        set_up(&o, &p.bob, &bob_setup).await,
        shamir_recovery_setup::Rep::Ok
    );
    let bob_brief = bob_setup.signed_brief(&p.bob.key);
    let bob_share = bob_setup.signed_shares(&p.bob.key).remove(0);
    assert_eq!(
        shamir_topic(&o, alice, None).await,
        vec![brief.clone(), bob_brief.clone(), bob_share.clone()]
    );
    assert_eq!(
        shamir_topic(&o, &p.bob, None).await,
        vec![brief.clone(), shares[0].clone(), bob_brief.clone()]
    );
    assert_eq!(
        shamir_topic(&o, &p.carol, None).await,
        vec![brief.clone(), shares[1].clone()]
    );

    // The deletion goes to the author and the recipients.
    let deletion = setup.deletion(alice);
    assert_eq!(
        delete(&o, alice, &deletion).await,
        shamir_recovery_delete::Rep::Ok
    );
    let (name, timestamp, _) = last_event(&o);
    assert_eq!(name, "SHAMIR_RECOVERY_CERTIFICATE");
    assert_eq!(timestamp, Some(deletion.timestamp));
    let signed_deletion = dump_and_sign(&deletion, &alice.key);
    assert_eq!(
        shamir_topic(&o, &p.carol, Some(setup.brief.timestamp)).await,
        vec![signed_deletion.clone()]
    );
    assert_eq!(
        shamir_topic(&o, alice, None).await,
        vec![brief, bob_brief, bob_share, signed_deletion]
    );
    assert!(shamir_topic(&o, &p.dave, None).await.is_empty());

    // A new setup once the previous one is deleted.
    let again = Setup::new(alice, &[(p.dave.user_id, 1)], 1);
    assert_eq!(
        set_up(&o, alice, &again).await,
        shamir_recovery_setup::Rep::Ok
    );
    assert_eq!(shamir_topic(&o, &p.dave, None).await.len(), 2);
}

async fn setup_refusals_in_order(backend: Backend) {
    use shamir_recovery_setup::Rep;
    let o = TestOrg::new(backend).await;
    let p = people(&o).await;
    let alice = &o.alice;
    let key = &alice.key;
    let other_key = SigningKey::generate(&OsRandom::new());
    let good = || Setup::new(alice, &[(p.bob.user_id, 1), (p.carol.user_id, 1)], 2);
    let with = |s: &Setup, brief: Vec<u8>, shares: Vec<Vec<u8>>| shamir_recovery_setup::Req {
        ciphered_data: s.ciphered_data.clone(),
        reveal_token: s.reveal_token,
        shamir_recovery_brief_certificate: brief,
        shamir_recovery_share_certificates: shares.into_iter().map(ByteBuf::from).collect(),
    };

    // Brief: bad signature, garbage, another author, unreachable threshold.
    let s = good();
    let req = with(&s, s.signed_brief(&other_key), s.signed_shares(key));
    assert_eq!(
        setup_with(&o, alice, req).await,
        Rep::InvalidCertificateBriefCorrupted
    );
    let req = with(&s, b"garbage".to_vec(), s.signed_shares(key));
    assert_eq!(
        setup_with(&o, alice, req).await,
        Rep::InvalidCertificateBriefCorrupted
    );
    let mut s = good();
    s.brief.author = p.bob.device_id;
    assert_eq!(
        set_up(&o, alice, &s).await,
        Rep::InvalidCertificateBriefCorrupted
    );
    let mut s = good();
    s.brief.threshold = n(3);
    assert_eq!(
        set_up(&o, alice, &s).await,
        Rep::InvalidCertificateBriefCorrupted
    );

    // Ballpark before the user check.
    let mut s = good();
    let old = DateTime::from_micros(s.brief.timestamp.as_micros() - 400_000_000);
    s.brief.timestamp = old;
    s.brief.user_id = p.bob.user_id;
    match set_up(&o, alice, &s).await {
        Rep::TimestampOutOfBallpark(out) => {
            assert_eq!(out.client_timestamp, old);
            assert_eq!(out.ballpark_client_early_offset, 300.0);
            assert_eq!(out.ballpark_client_late_offset, 320.0);
        }
        other => panic!("unexpected {other:?}"),
    }
    let mut s = good();
    s.brief.user_id = p.bob.user_id;
    assert_eq!(
        set_up(&o, alice, &s).await,
        Rep::InvalidCertificateUserIdMustBeSelf
    );

    // Share count before any share is decoded: one missing, one too many.
    let s = good();
    let mut shares = s.signed_shares(key);
    shares.pop();
    let req = with(&s, s.signed_brief(key), shares);
    assert_eq!(
        setup_with(&o, alice, req).await,
        Rep::InvalidCertificateMissingShareForRecipient
    );
    let mut shares = s.signed_shares(key);
    shares.push(b"garbage".to_vec());
    let req = with(&s, s.signed_brief(key), shares);
    assert_eq!(
        setup_with(&o, alice, req).await,
        Rep::InvalidCertificateMissingShareForRecipient
    );

    // Shares, in upload order.
    let mut shares = s.signed_shares(key);
    shares[1] = dump_and_sign(&s.shares[1], &other_key);
    let req = with(&s, s.signed_brief(key), shares);
    assert_eq!(
        setup_with(&o, alice, req).await,
        Rep::InvalidCertificateShareCorrupted
    );
    let mut s = good();
    s.shares[0].timestamp = fresh_timestamp();
    s.shares[1].recipient = p.dave.user_id;
    assert_eq!(
        set_up(&o, alice, &s).await,
        Rep::InvalidCertificateShareInconsistentTimestamp
    );
    let mut s = good();
    s.shares[1].recipient = p.dave.user_id;
    assert_eq!(
        set_up(&o, alice, &s).await,
        Rep::InvalidCertificateShareRecipientNotInBrief
    );
    let mut s = good();
    s.shares[1].recipient = p.bob.user_id;
    assert_eq!(
        set_up(&o, alice, &s).await,
        Rep::InvalidCertificateDuplicateShareForRecipient
    );
    let s = Setup::new(alice, &[(p.bob.user_id, 1), (alice.user_id, 1)], 1);
    assert_eq!(
        set_up(&o, alice, &s).await,
        Rep::InvalidCertificateAuthorIncludedAsRecipient
    );

    // Recipients: unknown, then revoked.
    let unknown = UserID::generate(&OsRandom::new());
    let s = Setup::new(alice, &[(unknown, 1)], 1);
    assert_eq!(set_up(&o, alice, &s).await, Rep::RecipientNotFound);
    let revoked = o
        .create_user(alice, "eve@example.com", "Eve", UserProfile::Standard)
        .await;
    assert_eq!(
        o.revoke(alice, revoked.user_id).await,
        parsec_protocol::cmds::authenticated::user_revoke::Rep::Ok
    );
    let common_last = o
        .server
        .state
        .store
        .get_organization(&o.org_id())
        .await
        .expect("read")
        .expect("exists")
        .common_topic_last_timestamp
        .expect("common certificates");
    let s = Setup::new(alice, &[(p.bob.user_id, 1), (revoked.user_id, 1)], 1);
    assert_eq!(
        set_up(&o, alice, &s).await,
        Rep::RevokedRecipient(shamir_recovery_setup::RevokedRecipient {
            last_common_certificate_timestamp: common_last,
        })
    );
    // Nothing was stored by the refused requests.
    assert!(shamir_topic(&o, alice, None).await.is_empty());

    // Causality against the common topic.
    let mut s = good();
    s.brief.timestamp = common_last;
    for share in &mut s.shares {
        share.timestamp = common_last;
    }
    assert_eq!(
        set_up(&o, alice, &s).await,
        Rep::RequireGreaterTimestamp(parsec_protocol::cmds::RequireGreaterTimestamp {
            strictly_greater_than: common_last,
        })
    );

    let first = good();
    assert_eq!(set_up(&o, alice, &first).await, Rep::Ok);
    // One active setup per user, checked before causality.
    let mut s = good();
    s.brief.timestamp = common_last;
    for share in &mut s.shares {
        share.timestamp = common_last;
    }
    assert_eq!(
        set_up(&o, alice, &s).await,
        Rep::ShamirRecoveryAlreadyExists(shamir_recovery_setup::LastShamirCertificate {
            last_shamir_certificate_timestamp: first.brief.timestamp,
        })
    );
    // The shamir topic is shared by the organization: Bob's setup must be newer than
    // Alice's even though they have nothing in common.
    let mut s = Setup::new(&p.bob, &[(p.dave.user_id, 1)], 1);
    s.brief.timestamp = first.brief.timestamp;
    s.shares[0].timestamp = first.brief.timestamp;
    assert_eq!(
        set_up(&o, &p.bob, &s).await,
        Rep::RequireGreaterTimestamp(parsec_protocol::cmds::RequireGreaterTimestamp {
            strictly_greater_than: first.brief.timestamp,
        })
    );
}

async fn delete_refusals_in_order(backend: Backend) {
    use shamir_recovery_delete::Rep;
    let o = TestOrg::new(backend).await;
    let p = people(&o).await;
    let alice = &o.alice;
    let setup = Setup::new(alice, &[(p.bob.user_id, 1), (p.carol.user_id, 1)], 1);
    assert_eq!(
        set_up(&o, alice, &setup).await,
        shamir_recovery_setup::Rep::Ok
    );

    let other_key = SigningKey::generate(&OsRandom::new());
    let d = setup.deletion(alice);
    assert_eq!(
        delete_with(&o, alice, dump_and_sign(&d, &other_key)).await,
        Rep::InvalidCertificateCorrupted
    );
    assert_eq!(
        delete_with(&o, alice, b"garbage".to_vec()).await,
        Rep::InvalidCertificateCorrupted
    );
    let mut d = setup.deletion(alice);
    d.author = p.bob.device_id;
    assert_eq!(
        delete(&o, alice, &d).await,
        Rep::InvalidCertificateCorrupted
    );
    let mut d = setup.deletion(alice);
    let old = DateTime::from_micros(d.timestamp.as_micros() - 400_000_000);
    d.timestamp = old;
    d.setup_to_delete_user_id = p.bob.user_id;
    assert!(matches!(
        delete(&o, alice, &d).await,
        Rep::TimestampOutOfBallpark(out) if out.client_timestamp == old
    ));
    let mut d = setup.deletion(alice);
    d.setup_to_delete_user_id = p.bob.user_id;
    assert_eq!(
        delete(&o, alice, &d).await,
        Rep::InvalidCertificateUserIdMustBeSelf
    );
    // Causality comes before the setup is looked up (official memory backend).
    let mut d = setup.deletion(alice);
    d.timestamp = setup.brief.timestamp;
    d.setup_to_delete_timestamp = fresh_timestamp();
    assert_eq!(
        delete(&o, alice, &d).await,
        Rep::RequireGreaterTimestamp(parsec_protocol::cmds::RequireGreaterTimestamp {
            strictly_greater_than: setup.brief.timestamp,
        })
    );
    let mut d = setup.deletion(alice);
    d.setup_to_delete_timestamp = fresh_timestamp();
    assert_eq!(delete(&o, alice, &d).await, Rep::ShamirRecoveryNotFound);
    // Bob has no setup at that timestamp (it is Alice's).
    let mut d = setup.deletion(&p.bob);
    d.setup_to_delete_user_id = p.bob.user_id;
    assert_eq!(delete(&o, &p.bob, &d).await, Rep::ShamirRecoveryNotFound);
    let mut d = setup.deletion(alice);
    d.share_recipients = BTreeSet::from([p.bob.user_id]);
    assert_eq!(delete(&o, alice, &d).await, Rep::RecipientsMismatch);
    let mut d = setup.deletion(alice);
    d.share_recipients.insert(p.dave.user_id);
    assert_eq!(delete(&o, alice, &d).await, Rep::RecipientsMismatch);

    let d = setup.deletion(alice);
    assert_eq!(delete(&o, alice, &d).await, Rep::Ok);
    assert_eq!(
        delete(&o, alice, &setup.deletion(alice)).await,
        Rep::ShamirRecoveryAlreadyDeleted(shamir_recovery_delete::LastShamirCertificate {
            last_shamir_certificate_timestamp: d.timestamp,
        })
    );
}

async fn shamir_invitation_lifecycle(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let p = people(&o).await;
    let alice = &o.alice;
    // No setup yet: refused the same way as for a non-recipient.
    assert_eq!(
        new_shamir(&o, &p.bob, alice.user_id, false).await,
        invite_new_shamir_recovery::Rep::AuthorNotAllowed
    );
    assert_eq!(
        new_shamir(&o, &p.bob, UserID::generate(&OsRandom::new()), false).await,
        invite_new_shamir_recovery::Rep::UserNotFound
    );
    let setup = Setup::new(alice, &[(p.bob.user_id, 2), (p.carol.user_id, 1)], 2);
    assert_eq!(
        set_up(&o, alice, &setup).await,
        shamir_recovery_setup::Rep::Ok
    );
    assert_eq!(
        new_shamir(&o, &p.dave, alice.user_id, false).await,
        invite_new_shamir_recovery::Rep::AuthorNotAllowed
    );
    // Alice herself is not a recipient of her setup.
    assert_eq!(
        new_shamir(&o, alice, alice.user_id, false).await,
        invite_new_shamir_recovery::Rep::AuthorNotAllowed
    );
    let token = new_shamir_token(&o, &p.bob, alice.user_id).await;
    // Reused while pending, whoever of the recipients asks; no email server here.
    match new_shamir(&o, &p.carol, alice.user_id, true).await {
        invite_new_shamir_recovery::Rep::Ok(c) => {
            assert_eq!(c.token, token);
            assert_eq!(c.email_sent, InvitationEmailSentStatus::ServerUnavailable);
        }
        other => panic!("unexpected {other:?}"),
    }

    // Listed for the recipients only.
    for who in [&p.bob, &p.carol] {
        match list(&o, who).await.as_slice() {
            [invite_list::InviteListItem::ShamirRecovery {
                token: t,
                claimer_user_id,
                shamir_recovery_created_on,
                status,
                ..
            }] => {
                assert_eq!(*t, token);
                assert_eq!(*claimer_user_id, alice.user_id);
                assert_eq!(*shamir_recovery_created_on, setup.brief.timestamp);
                assert_eq!(*status, InvitationStatus::Pending);
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(list(&o, &p.dave).await.is_empty());
    assert!(list(&o, alice).await.is_empty());

    // `invite_info`: threshold and recipients by name, with their weights.
    match info(&o, &token).await {
        invite_info::Rep::Ok(invite_info::InvitationInfo::ShamirRecovery {
            claimer_user_id,
            claimer_human_handle,
            shamir_recovery_created_on,
            threshold,
            recipients,
            ..
        }) => {
            assert_eq!(claimer_user_id, alice.user_id);
            assert_eq!(claimer_human_handle.label(), "Alice");
            assert_eq!(shamir_recovery_created_on, setup.brief.timestamp);
            assert_eq!(threshold, n(2));
            let got: Vec<_> = recipients
                .iter()
                .map(|r| {
                    (
                        r.user_id,
                        r.human_handle.label().to_owned(),
                        r.shares,
                        r.revoked_on,
                    )
                })
                .collect();
            assert_eq!(
                got,
                vec![
                    (p.bob.user_id, "Bob".to_owned(), n(2), None),
                    (p.carol.user_id, "Carol".to_owned(), n(1), None),
                ]
            );
        }
        other => panic!("unexpected {other:?}"),
    }

    // Only the recipients may greet.
    assert_eq!(
        greeter_start(&o, &p.dave, token).await,
        invite_greeter_start_greeting_attempt::Rep::AuthorNotAllowed
    );
    assert_eq!(
        claimer_start(&o, token, p.dave.user_id).await,
        invite_claimer_start_greeting_attempt::Rep::GreeterNotAllowed
    );
    assert!(matches!(
        greeter_start(&o, &p.bob, token).await,
        invite_greeter_start_greeting_attempt::Rep::Ok { .. }
    ));
    assert!(matches!(
        claimer_start(&o, token, p.carol.user_id).await,
        invite_claimer_start_greeting_attempt::Rep::Ok { .. }
    ));

    // Reveal: only the setup's token, only on a shamir invitation.
    assert_eq!(
        reveal(&o, &token, AccessToken::generate(&OsRandom::new())).await,
        invite_shamir_recovery_reveal::Rep::BadRevealToken
    );
    assert_eq!(
        reveal(&o, &token, setup.reveal_token).await,
        invite_shamir_recovery_reveal::Rep::Ok(invite_shamir_recovery_reveal::Revealed {
            ciphered_data: setup.ciphered_data.clone(),
        })
    );
    let user_token = new_user_token(&o, alice, "frank@example.com").await;
    assert_eq!(
        reveal(&o, &user_token, setup.reveal_token).await,
        invite_shamir_recovery_reveal::Rep::BadInvitationType
    );

    // A revoked recipient leaves the setup usable by the others.
    assert_eq!(
        o.revoke(alice, p.carol.user_id).await,
        parsec_protocol::cmds::authenticated::user_revoke::Rep::Ok
    );
    match info(&o, &token).await {
        invite_info::Rep::Ok(invite_info::InvitationInfo::ShamirRecovery {
            recipients, ..
        }) => {
            assert!(recipients[0].revoked_on.is_none());
            assert!(recipients[1].revoked_on.is_some());
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        claimer_start(&o, token, p.carol.user_id).await,
        invite_claimer_start_greeting_attempt::Rep::GreeterRevoked
    );
    assert!(matches!(
        greeter_start(&o, &p.bob, token).await,
        invite_greeter_start_greeting_attempt::Rep::Ok { .. }
    ));

    // Completed by the recovered user (a device of the claimer).
    assert_eq!(
        complete(&o, &p.dave, token).await,
        invite_complete::Rep::AuthorNotAllowed
    );
    assert_eq!(complete(&o, alice, token).await, invite_complete::Rep::Ok);
    let status = |items: Vec<invite_list::InviteListItem>| {
        items
            .iter()
            .find(|i| i.token() == token)
            .map(invite_list::InviteListItem::status)
    };
    assert_eq!(
        status(list(&o, &p.bob).await),
        Some(InvitationStatus::Finished)
    );
    let res = o.invited(&token, invite_info::Req.dump()).await;
    assert_eq!(res.status(), StatusCode::GONE);
    // A new invitation for the same setup once the previous one ended.
    let again = new_shamir_token(&o, &p.bob, alice.user_id).await;
    assert_ne!(again, token);
    // The setup's recipients may cancel it, as the claimer may.
    assert_eq!(
        cancel(&o, &p.dave, again).await,
        invite_cancel::Rep::AuthorNotAllowed
    );
    assert_eq!(cancel(&o, &p.bob, again).await, invite_cancel::Rep::Ok);
}

async fn deleting_the_setup_cancels_its_invitation(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let p = people(&o).await;
    let alice = &o.alice;
    let setup = Setup::new(alice, &[(p.bob.user_id, 1)], 1);
    assert_eq!(
        set_up(&o, alice, &setup).await,
        shamir_recovery_setup::Rep::Ok
    );
    let token = new_shamir_token(&o, &p.bob, alice.user_id).await;
    assert!(matches!(
        greeter_start(&o, &p.bob, token).await,
        invite_greeter_start_greeting_attempt::Rep::Ok { .. }
    ));
    assert_eq!(
        delete(&o, alice, &setup.deletion(alice)).await,
        shamir_recovery_delete::Rep::Ok
    );

    match list(&o, &p.bob).await.as_slice() {
        [item] => assert_eq!(item.status(), InvitationStatus::Cancelled),
        other => panic!("unexpected {other:?}"),
    }
    for res in [
        o.invited(&token, invite_info::Req.dump()).await,
        o.invited(
            &token,
            invite_shamir_recovery_reveal::Req {
                reveal_token: setup.reveal_token,
            }
            .dump(),
        )
        .await,
    ] {
        assert_eq!(res.status(), StatusCode::GONE);
    }
    assert_eq!(
        greeter_start(&o, &p.bob, token).await,
        invite_greeter_start_greeting_attempt::Rep::InvitationCancelled
    );
    assert_eq!(
        cancel(&o, &p.bob, token).await,
        invite_cancel::Rep::InvitationAlreadyCancelled
    );
    // No current setup: no invitation.
    assert_eq!(
        new_shamir(&o, &p.bob, alice.user_id, false).await,
        invite_new_shamir_recovery::Rep::AuthorNotAllowed
    );
    // A new setup gets a new invitation, with the new setup's recipients and token.
    let second = Setup::new(alice, &[(p.carol.user_id, 1)], 1);
    assert_eq!(
        set_up(&o, alice, &second).await,
        shamir_recovery_setup::Rep::Ok
    );
    assert_eq!(
        new_shamir(&o, &p.bob, alice.user_id, false).await,
        invite_new_shamir_recovery::Rep::AuthorNotAllowed
    );
    let token2 = new_shamir_token(&o, &p.carol, alice.user_id).await;
    assert_ne!(token2, token);
    assert_eq!(
        reveal(&o, &token2, setup.reveal_token).await,
        invite_shamir_recovery_reveal::Rep::BadRevealToken
    );
    assert!(matches!(
        reveal(&o, &token2, second.reveal_token).await,
        invite_shamir_recovery_reveal::Rep::Ok(_)
    ));
    // The old invitation stays cancelled, listed for its own recipients only.
    assert_eq!(list(&o, &p.carol).await.len(), 1);
}

on_every_backend!(
    setup_and_certificate_visibility,
    setup_refusals_in_order,
    delete_refusals_in_order,
    shamir_invitation_lifecycle,
    deleting_the_setup_cancels_its_invitation,
);
