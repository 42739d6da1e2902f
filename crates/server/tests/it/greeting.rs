//! Greeting attempts (invite.md §3): a full exchange driven by hand-built steps, restarts,
//! step errors, cancellation, the API version gate, persistence across a restart (the
//! long-poll hold is in `long_poll.rs`).

use crate::common::{reply, rpc_request, Backend, TestDevice, TestOrg};
use crate::invite::{cancel, complete, new_device_token, new_user_token};
use crate::on_every_backend;
use axum::http::{header, StatusCode};
use parsec_protocol::cmds::authenticated::{
    invite_cancel, invite_complete, invite_greeter_cancel_greeting_attempt,
    invite_greeter_start_greeting_attempt as gstart, invite_greeter_step as gstep,
};
use parsec_protocol::cmds::invited::{
    invite_claimer_cancel_greeting_attempt, invite_claimer_start_greeting_attempt as cstart,
    invite_claimer_step as cstep, invite_info,
};
use parsec_protocol::crypto::{HashDigest, PublicKey};
use parsec_protocol::ids::{AccessToken, GreetingAttemptID, UserID, UserProfile};
use parsec_protocol::invite::{
    CancelledGreetingAttemptReason as Reason, ClaimerStep, GreeterOrClaimer, GreeterStep,
};
use parsec_protocol::DateTime;
use std::time::Duration;

pub async fn greeter_start(o: &TestOrg, who: &TestDevice, token: AccessToken) -> gstart::Rep {
    let req = gstart::Req { token };
    reply(o.auth(who, req.dump()).await, gstart::Rep::load).await
}

pub async fn greeter_attempt(
    o: &TestOrg,
    who: &TestDevice,
    token: AccessToken,
) -> GreetingAttemptID {
    match greeter_start(o, who, token).await {
        gstart::Rep::Ok { greeting_attempt } => greeting_attempt,
        other => panic!("unexpected {other:?}"),
    }
}

pub async fn claimer_start(o: &TestOrg, token: AccessToken, greeter: UserID) -> cstart::Rep {
    let req = cstart::Req { greeter };
    reply(o.invited(&token, req.dump()).await, cstart::Rep::load).await
}

pub async fn claimer_attempt(
    o: &TestOrg,
    token: AccessToken,
    greeter: UserID,
) -> GreetingAttemptID {
    match claimer_start(o, token, greeter).await {
        cstart::Rep::Ok { greeting_attempt } => greeting_attempt,
        other => panic!("unexpected {other:?}"),
    }
}

pub async fn g_step(
    o: &TestOrg,
    who: &TestDevice,
    attempt: GreetingAttemptID,
    step: GreeterStep,
) -> gstep::Rep {
    let req = gstep::Req {
        greeting_attempt: attempt,
        greeter_step: step,
    };
    reply(o.auth(who, req.dump()).await, gstep::Rep::load).await
}

pub async fn c_step(
    o: &TestOrg,
    token: AccessToken,
    attempt: GreetingAttemptID,
    step: ClaimerStep,
) -> cstep::Rep {
    let req = cstep::Req {
        greeting_attempt: attempt,
        claimer_step: step,
    };
    reply(o.invited(&token, req.dump()).await, cstep::Rep::load).await
}

pub async fn g_cancel(
    o: &TestOrg,
    who: &TestDevice,
    attempt: GreetingAttemptID,
    reason: Reason,
) -> invite_greeter_cancel_greeting_attempt::Rep {
    let req = invite_greeter_cancel_greeting_attempt::Req {
        greeting_attempt: attempt,
        reason,
    };
    reply(
        o.auth(who, req.dump()).await,
        invite_greeter_cancel_greeting_attempt::Rep::load,
    )
    .await
}

async fn c_cancel(
    o: &TestOrg,
    token: AccessToken,
    attempt: GreetingAttemptID,
    reason: Reason,
) -> invite_claimer_cancel_greeting_attempt::Rep {
    let req = invite_claimer_cancel_greeting_attempt::Req {
        greeting_attempt: attempt,
        reason,
    };
    reply(
        o.invited(&token, req.dump()).await,
        invite_claimer_cancel_greeting_attempt::Rep::load,
    )
    .await
}

pub fn pk(b: u8) -> PublicKey {
    PublicKey::from_bytes([b; 32])
}

/// The nine steps of both sides, with distinct contents.
pub fn steps() -> Vec<(GreeterStep, ClaimerStep)> {
    vec![
        (
            GreeterStep::Number0WaitPeer { public_key: pk(1) },
            ClaimerStep::Number0WaitPeer { public_key: pk(2) },
        ),
        (
            GreeterStep::Number1GetHashedNonce,
            ClaimerStep::Number1SendHashedNonce {
                hashed_nonce: HashDigest::from_data(b"claimer nonce"),
            },
        ),
        (
            GreeterStep::Number2SendNonce {
                greeter_nonce: vec![0x47; 64],
            },
            ClaimerStep::Number2GetNonce,
        ),
        (
            GreeterStep::Number3GetNonce,
            ClaimerStep::Number3SendNonce {
                claimer_nonce: b"claimer nonce".to_vec(),
            },
        ),
        (
            GreeterStep::Number4WaitPeerTrust,
            ClaimerStep::Number4SignifyTrust,
        ),
        (
            GreeterStep::Number5SignifyTrust,
            ClaimerStep::Number5WaitPeerTrust,
        ),
        (
            GreeterStep::Number6GetPayload,
            ClaimerStep::Number6SendPayload {
                claimer_payload: b"claim".to_vec(),
            },
        ),
        (
            GreeterStep::Number7SendPayload {
                greeter_payload: b"confirmation".to_vec(),
            },
            ClaimerStep::Number7GetPayload,
        ),
        (
            GreeterStep::Number8WaitPeerAcknowledgment,
            ClaimerStep::Number8Acknowledge,
        ),
    ]
}

/// Greeter first (`not_ready`), then the claimer (`ok`), then the greeter again (`ok`).
async fn exchange_all(
    o: &TestOrg,
    greeter: &TestDevice,
    token: AccessToken,
    attempt: GreetingAttemptID,
) {
    for (g, c) in steps() {
        assert_eq!(
            g_step(o, greeter, attempt, g.clone()).await,
            gstep::Rep::NotReady,
            "{g:?}"
        );
        assert_eq!(
            c_step(o, token, attempt, c.clone()).await,
            cstep::Rep::Ok {
                greeter_step: g.clone()
            }
        );
        assert_eq!(
            g_step(o, greeter, attempt, g).await,
            gstep::Rep::Ok { claimer_step: c }
        );
    }
}

async fn full_user_and_device_exchange(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let alice = &o.alice;
    let token = new_user_token(&o, alice, "bob@example.com").await;
    let attempt = greeter_attempt(&o, alice, token).await;
    // The claimer's start joins the greeter's attempt.
    assert_eq!(claimer_attempt(&o, token, alice.user_id).await, attempt);
    exchange_all(&o, alice, token, attempt).await;
    assert_eq!(complete(&o, alice, token).await, invite_complete::Rep::Ok);
    let res = o
        .invited(
            &token,
            cstep::Req {
                greeting_attempt: attempt,
                claimer_step: ClaimerStep::Number8Acknowledge,
            }
            .dump(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::GONE);

    // Device invitation: the claimer starts first this time.
    let token = new_device_token(&o, alice).await;
    let attempt = claimer_attempt(&o, token, alice.user_id).await;
    assert_eq!(greeter_attempt(&o, alice, token).await, attempt);
    exchange_all(&o, alice, token, attempt).await;
}

async fn step_errors(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let alice = &o.alice;
    let carl = o
        .create_user(alice, "carl@example.com", "Carl", UserProfile::Admin)
        .await;
    let token = new_user_token(&o, alice, "bob@example.com").await;
    let attempt = greeter_attempt(&o, alice, token).await;
    assert_eq!(claimer_attempt(&o, token, alice.user_id).await, attempt);
    let g0 = GreeterStep::Number0WaitPeer { public_key: pk(1) };
    let c0 = ClaimerStep::Number0WaitPeer { public_key: pk(2) };
    // Too advanced: step 1 before step 0, then step 1 before the peer's step 0.
    assert_eq!(
        g_step(&o, alice, attempt, GreeterStep::Number1GetHashedNonce).await,
        gstep::Rep::StepTooAdvanced
    );
    assert_eq!(
        g_step(&o, alice, attempt, g0.clone()).await,
        gstep::Rep::NotReady
    );
    assert_eq!(
        g_step(&o, alice, attempt, GreeterStep::Number1GetHashedNonce).await,
        gstep::Rep::StepTooAdvanced
    );
    // Mismatch: another key for the stored step 0 (nothing stored by the refusal).
    assert_eq!(
        g_step(
            &o,
            alice,
            attempt,
            GreeterStep::Number0WaitPeer { public_key: pk(9) }
        )
        .await,
        gstep::Rep::StepMismatch
    );
    assert_eq!(
        c_step(&o, token, attempt, c0.clone()).await,
        cstep::Rep::Ok {
            greeter_step: g0.clone()
        }
    );
    assert_eq!(
        c_step(
            &o,
            token,
            attempt,
            ClaimerStep::Number0WaitPeer { public_key: pk(8) }
        )
        .await,
        cstep::Rep::StepMismatch
    );
    // Not found: unknown ID, or another greeter's attempt.
    let unknown = GreetingAttemptID::from_bytes([3; 16]);
    assert_eq!(
        g_step(&o, alice, unknown, g0.clone()).await,
        gstep::Rep::GreetingAttemptNotFound
    );
    assert_eq!(
        c_step(&o, token, unknown, c0.clone()).await,
        cstep::Rep::GreetingAttemptNotFound
    );
    assert_eq!(
        g_step(&o, &carl, attempt, g0.clone()).await,
        gstep::Rep::GreetingAttemptNotFound
    );
    // Another invitation's claimer does not see this attempt.
    let other = new_user_token(&o, alice, "other@example.com").await;
    assert_eq!(
        c_step(&o, other, attempt, c0.clone()).await,
        cstep::Rep::GreetingAttemptNotFound
    );
    // Not joined: the claimer created Carl's session attempt, Carl never started.
    let carl_attempt = claimer_attempt(&o, token, carl.user_id).await;
    assert_eq!(
        g_step(&o, &carl, carl_attempt, g0.clone()).await,
        gstep::Rep::GreetingAttemptNotJoined
    );
    assert_eq!(
        g_cancel(&o, &carl, carl_attempt, Reason::ManuallyCancelled).await,
        invite_greeter_cancel_greeting_attempt::Rep::GreetingAttemptNotJoined
    );

    // API < 5.2: 422 on step commands only.
    let res = o
        .invited_with_version(
            &token,
            "5.1",
            cstep::Req {
                greeting_attempt: attempt,
                claimer_step: c0.clone(),
            }
            .dump(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.headers()["supported-api-versions"], "5.5");
    let res = o
        .invited_with_version(&token, "5.1", invite_info::Req.dump())
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let mut req = rpc_request(
        &format!("/authenticated/{}", o.org),
        gstep::Req {
            greeting_attempt: attempt,
            greeter_step: g0,
        }
        .dump(),
    )
    .header(header::AUTHORIZATION, alice.auth_header(DateTime::now()))
    .body_bytes();
    req.headers_mut()
        .insert("api-version", "5.1".parse().expect("valid value"));
    assert_eq!(
        o.server.send(req).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

async fn restart_and_cancellation(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let alice = &o.alice;
    let token = new_user_token(&o, alice, "bob@example.com").await;
    let a = greeter_attempt(&o, alice, token).await;
    // The greeter starting again restarts: A is cancelled by the greeter.
    let b = greeter_attempt(&o, alice, token).await;
    assert_ne!(a, b);
    assert_eq!(claimer_attempt(&o, token, alice.user_id).await, b);
    let c0 = ClaimerStep::Number0WaitPeer { public_key: pk(2) };
    match c_step(&o, token, a, c0.clone()).await {
        cstep::Rep::GreetingAttemptCancelled(c) => {
            assert_eq!(c.origin, GreeterOrClaimer::Greeter);
            assert_eq!(c.reason, Reason::AutomaticallyCancelled);
        }
        other => panic!("unexpected {other:?}"),
    }
    // The claimer restarting cancels B on its side; the greeter sees it.
    let c = claimer_attempt(&o, token, alice.user_id).await;
    assert_ne!(c, b);
    let g0 = GreeterStep::Number0WaitPeer { public_key: pk(1) };
    match g_step(&o, alice, b, g0.clone()).await {
        gstep::Rep::GreetingAttemptCancelled(x) => {
            assert_eq!(x.origin, GreeterOrClaimer::Claimer);
            assert_eq!(x.reason, Reason::AutomaticallyCancelled);
        }
        other => panic!("unexpected {other:?}"),
    }
    // The greeter joins C with its own start.
    assert_eq!(greeter_attempt(&o, alice, token).await, c);

    // First cancellation frozen, seen the same by everyone afterwards.
    assert_eq!(
        g_cancel(&o, alice, c, Reason::InvalidSasCode).await,
        invite_greeter_cancel_greeting_attempt::Rep::Ok
    );
    let frozen = match c_cancel(&o, token, c, Reason::ManuallyCancelled).await {
        invite_claimer_cancel_greeting_attempt::Rep::GreetingAttemptAlreadyCancelled(x) => x,
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(frozen.origin, GreeterOrClaimer::Greeter);
    assert_eq!(frozen.reason, Reason::InvalidSasCode);
    assert_eq!(
        c_step(&o, token, c, c0.clone()).await,
        cstep::Rep::GreetingAttemptCancelled(frozen)
    );
    assert_eq!(
        g_step(&o, alice, c, g0.clone()).await,
        gstep::Rep::GreetingAttemptCancelled(frozen)
    );
    assert_eq!(
        g_cancel(&o, alice, c, Reason::ManuallyCancelled).await,
        invite_greeter_cancel_greeting_attempt::Rep::GreetingAttemptAlreadyCancelled(frozen)
    );
    // Cancelling an attempt does not cancel the invitation: a new attempt starts.
    let d = claimer_attempt(&o, token, alice.user_id).await;
    assert_ne!(d, c);
    assert_eq!(
        c_cancel(&o, token, d, Reason::ManuallyCancelled).await,
        invite_claimer_cancel_greeting_attempt::Rep::Ok
    );
}

async fn start_refusals(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let alice = &o.alice;
    let bob = o
        .create_user(alice, "bob@example.com", "Bob", UserProfile::Standard)
        .await;
    let carl = o
        .create_user(alice, "carl@example.com", "Carl", UserProfile::Admin)
        .await;
    let token = new_user_token(&o, alice, "dave@example.com").await;
    assert_eq!(
        greeter_start(&o, alice, AccessToken::from_bytes([5; 16])).await,
        gstart::Rep::InvitationNotFound
    );
    assert_eq!(
        greeter_start(&o, &bob, token).await,
        gstart::Rep::AuthorNotAllowed
    );
    assert_eq!(
        claimer_start(&o, token, UserID::from_bytes([6; 16])).await,
        cstart::Rep::GreeterNotFound
    );
    assert_eq!(
        claimer_start(&o, token, bob.user_id).await,
        cstart::Rep::GreeterNotAllowed
    );
    // Another user's device invitation.
    let dev = new_device_token(&o, &bob).await;
    assert_eq!(
        greeter_start(&o, alice, dev).await,
        gstart::Rep::AuthorNotAllowed
    );
    assert_eq!(
        claimer_start(&o, dev, alice.user_id).await,
        cstart::Rep::GreeterNotAllowed
    );
    // A claimer waiting on Carl sees his revocation; Carl is no longer listed.
    let attempt = claimer_attempt(&o, token, carl.user_id).await;
    assert_eq!(greeter_attempt(&o, &carl, token).await, attempt);
    o.revoke(alice, carl.user_id).await;
    assert_eq!(
        claimer_start(&o, token, carl.user_id).await,
        cstart::Rep::GreeterRevoked
    );
    assert_eq!(
        c_step(
            &o,
            token,
            attempt,
            ClaimerStep::Number0WaitPeer { public_key: pk(2) }
        )
        .await,
        cstep::Rep::GreeterRevoked
    );
    // Demoted greeter: not allowed any more, on both sides.
    let attempt = greeter_attempt(&o, alice, token).await;
    let erin = o
        .create_user(alice, "erin@example.com", "Erin", UserProfile::Admin)
        .await;
    o.update(&erin, alice.user_id, UserProfile::Standard).await;
    assert_eq!(
        g_step(
            &o,
            alice,
            attempt,
            GreeterStep::Number0WaitPeer { public_key: pk(1) }
        )
        .await,
        gstep::Rep::AuthorNotAllowed
    );
    assert_eq!(
        c_step(
            &o,
            token,
            attempt,
            ClaimerStep::Number0WaitPeer { public_key: pk(2) }
        )
        .await,
        cstep::Rep::GreeterNotAllowed
    );
    // Deleted invitation: statuses for the greeter, 410 for the claimer.
    let attempt = greeter_attempt(&o, &erin, token).await;
    assert_eq!(cancel(&o, &erin, token).await, invite_cancel::Rep::Ok);
    assert_eq!(
        greeter_start(&o, &erin, token).await,
        gstart::Rep::InvitationCancelled
    );
    assert_eq!(
        g_step(
            &o,
            &erin,
            attempt,
            GreeterStep::Number0WaitPeer { public_key: pk(1) }
        )
        .await,
        gstep::Rep::InvitationCancelled
    );
    assert_eq!(
        g_cancel(&o, &erin, attempt, Reason::ManuallyCancelled).await,
        invite_greeter_cancel_greeting_attempt::Rep::InvitationCancelled
    );
    let res = o
        .invited(
            &token,
            cstart::Req {
                greeter: erin.user_id,
            }
            .dump(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::GONE);
    let done = new_user_token(&o, &erin, "fred@example.com").await;
    let attempt = greeter_attempt(&o, &erin, done).await;
    complete(&o, &erin, done).await;
    assert_eq!(
        greeter_start(&o, &erin, done).await,
        gstart::Rep::InvitationCompleted
    );
    assert_eq!(
        g_step(
            &o,
            &erin,
            attempt,
            GreeterStep::Number0WaitPeer { public_key: pk(1) }
        )
        .await,
        gstep::Rep::InvitationCompleted
    );
}

/// Invitations and greeting attempts live in the database: a greeting goes on across a
/// restart of the server.
#[tokio::test]
async fn greeting_survives_restart_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("parsec.sqlite");
    let no_hold = |c: &mut parsec_server::ServerConfig| c.greeting_long_poll = Duration::ZERO;
    let server = crate::common::TestServer::sqlite_at(&path, no_hold).await;
    let org = crate::common::org_name("Restart");
    let bootstrap_token = server.create_org(&org).await;
    let alice = server.bootstrap(&org, Some(bootstrap_token)).await.device;
    let o = TestOrg { server, org, alice };
    let token = new_user_token(&o, &o.alice, "bob@example.com").await;
    let attempt = greeter_attempt(&o, &o.alice, token).await;
    let g0 = GreeterStep::Number0WaitPeer { public_key: pk(1) };
    assert_eq!(
        g_step(&o, &o.alice, attempt, g0.clone()).await,
        gstep::Rep::NotReady
    );
    let TestOrg { server, org, alice } = o;
    drop(server);

    let server = crate::common::TestServer::sqlite_at(&path, no_hold).await;
    let o = TestOrg { server, org, alice };
    assert_eq!(claimer_attempt(&o, token, o.alice.user_id).await, attempt);
    let c0 = ClaimerStep::Number0WaitPeer { public_key: pk(2) };
    assert_eq!(
        c_step(&o, token, attempt, c0.clone()).await,
        cstep::Rep::Ok { greeter_step: g0 }
    );
    // A restart of the greeter after the server's restart still cancels the old attempt.
    let restarted = greeter_attempt(&o, &o.alice, token).await;
    assert_ne!(restarted, attempt);
    assert!(matches!(
        c_step(&o, token, attempt, c0).await,
        cstep::Rep::GreetingAttemptCancelled(_)
    ));
}

on_every_backend!(
    full_user_and_device_exchange,
    step_errors,
    restart_and_cancellation,
    start_refusals,
);
