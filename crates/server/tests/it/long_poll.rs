//! The long-poll of greeting steps (our addition, see `invite/long_poll.rs`): a step
//! request whose peer has not stored that step is held and answered as soon as the peer
//! stores it or the attempt is cancelled. Assertions are on the order of events (the
//! waiting request is registered, then the peer acts), never on timings: the hold is a
//! minute and every wait is bounded by a generous deadline far below it.

use crate::common::{Backend, TestOrg};
use crate::greeting::{c_step, claimer_attempt, g_cancel, g_step, greeter_attempt, pk, steps};
use crate::invite::{complete, new_device_token, new_user_token};
use crate::on_every_backend;
use parsec_protocol::cmds::authenticated::{
    invite_complete, invite_greeter_cancel_greeting_attempt, invite_greeter_step as gstep,
};
use parsec_protocol::cmds::invited::invite_claimer_step as cstep;
use parsec_protocol::crypto::HashDigest;
use parsec_protocol::ids::GreetingAttemptID;
use parsec_protocol::invite::{
    CancelledGreetingAttemptReason as Reason, ClaimerStep, GreeterOrClaimer, GreeterStep,
    GreetingAttemptCancelled,
};
use std::time::Duration;

/// A server holding step requests for a minute: any answer well before that came from a
/// wake-up, not from the hold expiring.
async fn long_poll_org(backend: Backend) -> TestOrg {
    TestOrg::with_config(backend, |c| c.greeting_long_poll = Duration::from_secs(60)).await
}

/// Runs `held` and, once it is registered as waiting on `attempt`, `then`.
async fn while_held<A, B>(
    o: &TestOrg,
    attempt: GreetingAttemptID,
    held: impl std::future::Future<Output = A>,
    then: impl std::future::Future<Output = B>,
) -> (A, B) {
    let org = o.org_id();
    let after_registration = async {
        while o.server.state.greetings.waiting(&org, attempt) == 0 {
            tokio::task::yield_now().await;
        }
        then.await
    };
    // Generous: the hold is 60 s, a wake-up answers in milliseconds.
    tokio::time::timeout(Duration::from_secs(20), async {
        tokio::join!(held, after_registration)
    })
    .await
    .expect("the held request was released by the wake-up, long before the hold ends")
}

async fn long_poll_wakes_on_peer_step(backend: Backend) {
    let o = long_poll_org(backend).await;
    let alice = &o.alice;
    let token = new_user_token(&o, alice, "bob@example.com").await;
    let attempt = greeter_attempt(&o, alice, token).await;
    claimer_attempt(&o, token, alice.user_id).await;
    let g0 = GreeterStep::Number0WaitPeer { public_key: pk(1) };
    let c0 = ClaimerStep::Number0WaitPeer { public_key: pk(2) };
    let started = tokio::time::Instant::now();
    // The claimer waits; the greeter stores its step 0 and gets `ok` at once (the claimer
    // stored first); the claimer's held request then answers `ok`.
    let (claimer, greeter) = while_held(
        &o,
        attempt,
        c_step(&o, token, attempt, c0.clone()),
        g_step(&o, alice, attempt, g0.clone()),
    )
    .await;
    assert_eq!(greeter, gstep::Rep::Ok { claimer_step: c0 });
    assert_eq!(claimer, cstep::Rep::Ok { greeter_step: g0 });
    assert!(started.elapsed() < Duration::from_secs(20));
    // Nothing left registered.
    assert_eq!(o.server.state.greetings.waiting(&o.org_id(), attempt), 0);

    // The other way round: the greeter waits on step 1.
    let c1 = ClaimerStep::Number1SendHashedNonce {
        hashed_nonce: HashDigest::from_data(b"n"),
    };
    let (greeter, claimer) = while_held(
        &o,
        attempt,
        g_step(&o, alice, attempt, GreeterStep::Number1GetHashedNonce),
        c_step(&o, token, attempt, c1.clone()),
    )
    .await;
    assert_eq!(greeter, gstep::Rep::Ok { claimer_step: c1 });
    assert_eq!(
        claimer,
        cstep::Rep::Ok {
            greeter_step: GreeterStep::Number1GetHashedNonce
        }
    );
}

async fn long_poll_released_by_cancel(backend: Backend) {
    let o = long_poll_org(backend).await;
    let alice = &o.alice;
    let token = new_device_token(&o, alice).await;
    let attempt = greeter_attempt(&o, alice, token).await;
    claimer_attempt(&o, token, alice.user_id).await;
    let (claimer, cancelled) = while_held(
        &o,
        attempt,
        c_step(
            &o,
            token,
            attempt,
            ClaimerStep::Number0WaitPeer { public_key: pk(2) },
        ),
        g_cancel(&o, alice, attempt, Reason::ManuallyCancelled),
    )
    .await;
    assert_eq!(cancelled, invite_greeter_cancel_greeting_attempt::Rep::Ok);
    match claimer {
        cstep::Rep::GreetingAttemptCancelled(GreetingAttemptCancelled {
            origin, reason, ..
        }) => {
            assert_eq!(origin, GreeterOrClaimer::Greeter);
            assert_eq!(reason, Reason::ManuallyCancelled);
        }
        other => panic!("unexpected {other:?}"),
    }
    // A restart by the greeter releases the claimer held on the old attempt.
    let attempt = greeter_attempt(&o, alice, token).await;
    claimer_attempt(&o, token, alice.user_id).await;
    let (claimer, restarted) = while_held(
        &o,
        attempt,
        c_step(
            &o,
            token,
            attempt,
            ClaimerStep::Number0WaitPeer { public_key: pk(2) },
        ),
        greeter_attempt(&o, alice, token),
    )
    .await;
    assert_ne!(restarted, attempt);
    assert!(matches!(
        claimer,
        cstep::Rep::GreetingAttemptCancelled(GreetingAttemptCancelled {
            origin: GreeterOrClaimer::Greeter,
            reason: Reason::AutomaticallyCancelled,
            ..
        })
    ));
}

async fn long_poll_hold_expires(backend: Backend) {
    let o = TestOrg::with_config(backend, |c| {
        c.greeting_long_poll = Duration::from_millis(20)
    })
    .await;
    let alice = &o.alice;
    let token = new_device_token(&o, alice).await;
    let attempt = greeter_attempt(&o, alice, token).await;
    claimer_attempt(&o, token, alice.user_id).await;
    assert_eq!(
        c_step(
            &o,
            token,
            attempt,
            ClaimerStep::Number0WaitPeer { public_key: pk(2) }
        )
        .await,
        cstep::Rep::NotReady
    );
    // The claimer's acknowledgment arrives while the greeter completes at once: the
    // claimer held on step 8 still gets `ok`, not 410.
    let o = long_poll_org(backend).await;
    let alice = &o.alice;
    let token = new_device_token(&o, alice).await;
    let attempt = greeter_attempt(&o, alice, token).await;
    claimer_attempt(&o, token, alice.user_id).await;
    for (g, c) in steps().into_iter().take(8) {
        let (_, _) = while_held(
            &o,
            attempt,
            c_step(&o, token, attempt, c),
            g_step(&o, alice, attempt, g),
        )
        .await;
    }
    let (claimer, completed) = while_held(
        &o,
        attempt,
        c_step(&o, token, attempt, ClaimerStep::Number8Acknowledge),
        async {
            let g8 = g_step(
                &o,
                alice,
                attempt,
                GreeterStep::Number8WaitPeerAcknowledgment,
            )
            .await;
            assert!(matches!(g8, gstep::Rep::Ok { .. }));
            complete(&o, alice, token).await
        },
    )
    .await;
    assert_eq!(completed, invite_complete::Rep::Ok);
    assert_eq!(
        claimer,
        cstep::Rep::Ok {
            greeter_step: GreeterStep::Number8WaitPeerAcknowledgment
        }
    );
}

on_every_backend!(
    long_poll_wakes_on_peer_step,
    long_poll_released_by_cancel,
    long_poll_hold_expires,
);
