//! Greeting end to end against the official Parsec 3.9.3 server (interoperability tier):
//! our greeter and our claimer run concurrently in one runtime, the SAS codes travel
//! between them the way humans would speak them, and the new device then authenticates
//! and verifies the certificates the greeter uploaded.
//!
//! [`ReferenceServer::start`] panics when the official server is missing: these tests
//! fail loudly, they never skip.

use parsec_client::admin::AdminClient;
use parsec_client::bootstrap::{self, BootstrapIdentity};
use parsec_client::certificates::{poll, CertificateStore};
use parsec_client::connection::{AuthenticatedCmds, Transport};
use parsec_client::invite::manage::{self, CancelInvitationError};
use parsec_client::invite::{
    prepare_greet, retrieve_info, AnyClaimRetrievedInfoCtx, AnyGreeterInitialCtx, ClaimError,
    GreetError, GreetOutcome, GreeterInitialCtx, PollPolicy, User,
};
use parsec_protocol::addr::{BootstrapAddr, InvitationAddr, InvitationType, ServerAddr};
use parsec_protocol::cmds::admin::CreateOrganizationReq;
use parsec_protocol::cmds::authenticated::{
    invite_greeter_start_greeting_attempt, invite_greeter_step, InviteGreeterStartGreetingAttempt,
    InviteGreeterStep,
};
use parsec_protocol::crypto::{OsRandom, PrivateKey};
use parsec_protocol::device_file::LocalDevice;
use parsec_protocol::ids::{AccessToken, DeviceLabel, HumanHandle, OrganizationID, UserProfile};
use parsec_protocol::invite::{
    CancelledGreetingAttemptReason as Reason, GreeterOrClaimer, GreeterStep, SASCode,
};
use parsec_protocol::DateTime;
use parsec_testkit::ReferenceServer;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

/// A bootstrapped organization on the reference server, seen by its first admin.
struct Org {
    transport: Transport,
    server: ServerAddr,
    id: OrganizationID,
    alice: Arc<LocalDevice>,
    cmds: AuthenticatedCmds,
}

fn handle(email: &str, label: &str) -> HumanHandle {
    HumanHandle::new(email.parse().expect("email"), label).expect("handle")
}

fn label(s: &str) -> DeviceLabel {
    s.parse().expect("label")
}

impl Org {
    async fn bootstrap(server: &ReferenceServer, name: &str) -> Self {
        let transport = Transport::new().expect("transport");
        let server_addr = ServerAddr::from_any(&server.addr()).expect("server address");
        let admin = AdminClient::new(transport.clone(), &server_addr, server.admin_token());
        let created = admin
            .create_organization(&CreateOrganizationReq {
                organization_id: name.into(),
                ..Default::default()
            })
            .await
            .expect("create organization");
        let addr = BootstrapAddr::from_any(&created.bootstrap_url).expect("bootstrap url");
        let identity = BootstrapIdentity {
            human_handle: handle("alice@example.com", "Alice"),
            device_label: label("laptop"),
            sequester_authority_der: None,
        };
        let prepared = bootstrap::prepare(&addr, &identity, &OsRandom::new(), DateTime::now());
        bootstrap::send(&transport, &addr, &prepared)
            .await
            .expect("bootstrap");
        let alice = Arc::new(prepared.device);
        let cmds = AuthenticatedCmds::for_device(transport.clone(), &alice).expect("address");
        Self {
            transport,
            server: server_addr,
            id: addr.organization_id,
            alice,
            cmds,
        }
    }

    fn invitation(&self, kind: InvitationType, token: AccessToken) -> InvitationAddr {
        InvitationAddr::new(self.server.clone(), self.id.clone(), kind, token)
    }

    async fn invite_user(&self, email: &str) -> InvitationAddr {
        let created = manage::new_user_invitation(&self.cmds, email.parse().expect("email"), false)
            .await
            .expect("invite user");
        self.invitation(InvitationType::User, created.token)
    }

    async fn invite_device(&self) -> InvitationAddr {
        let created = manage::new_device_invitation(&self.cmds, false)
            .await
            .expect("invite device");
        self.invitation(InvitationType::Device, created.token)
    }

    /// The certificates as `device` sees them (it authenticates to fetch them), verified.
    async fn certificates_seen_by(&self, device: &LocalDevice) -> CertificateStore {
        let cmds = AuthenticatedCmds::for_device(self.transport.clone(), device).expect("address");
        let mut store = CertificateStore::new(device.root_verify_key);
        poll(&cmds, &mut store)
            .await
            .expect("the new device authenticates and the chain verifies");
        store
    }
}

/// One human tells the other a code.
struct Voice {
    greeter_says: (
        Option<oneshot::Sender<SASCode>>,
        Option<oneshot::Receiver<SASCode>>,
    ),
    claimer_says: (
        Option<oneshot::Sender<SASCode>>,
        Option<oneshot::Receiver<SASCode>>,
    ),
}

impl Voice {
    fn new() -> Self {
        let (a, b) = oneshot::channel();
        let (c, d) = oneshot::channel();
        Self {
            greeter_says: (Some(a), Some(b)),
            claimer_says: (Some(c), Some(d)),
        }
    }
}

/// Picks, among `choices`, the code the peer spoke.
fn pick(choices: Vec<SASCode>, spoken: SASCode) -> SASCode {
    assert_eq!(choices.len(), 3);
    *choices
        .iter()
        .find(|c| **c == spoken)
        .unwrap_or_else(|| panic!("the spoken code {spoken} is not among {choices:?}"))
}

/// Greeter of a user invitation, happy path: keeps the requested identity.
async fn greet_user(
    org: &Org,
    token: AccessToken,
    policy: PollPolicy,
    tell: oneshot::Sender<SASCode>,
    hear: oneshot::Receiver<SASCode>,
    profile: UserProfile,
) -> Result<GreetOutcome, GreetError> {
    let ctx =
        GreeterInitialCtx::<User>::new(org.cmds.clone(), Arc::clone(&org.alice), token, policy);
    let ctx = ctx.do_wait_peer().await?;
    tell.send(ctx.greeter_sas()).expect("claimer listening");
    let ctx = ctx.do_wait_peer_trust().await?;
    let spoken = hear.await.expect("claimer spoke");
    assert_eq!(
        pick(ctx.generate_claimer_sas_choices(3), spoken),
        ctx.claimer_sas()
    );
    let ctx = ctx.do_signify_trust().await?;
    let ctx = ctx.do_get_claim_requests().await?;
    let device_label = ctx.requested_device_label().clone();
    let human_handle = ctx.requested_human_handle().clone();
    ctx.do_create_new_user(device_label, human_handle, profile)
        .await
}

/// Claimer of a user invitation, happy path.
async fn claim_user(
    org: &Org,
    addr: InvitationAddr,
    policy: PollPolicy,
    tell: oneshot::Sender<SASCode>,
    hear: oneshot::Receiver<SASCode>,
    who: HumanHandle,
) -> Result<LocalDevice, ClaimError> {
    let AnyClaimRetrievedInfoCtx::User(list) =
        retrieve_info(org.transport.clone(), addr, policy).await?
    else {
        panic!("a user invitation");
    };
    assert_eq!(list.claimer_email(), who.email());
    let [admin] = list.administrators() else {
        panic!("one administrator expected");
    };
    assert_eq!(admin.user_id, org.alice.user_id);
    let ctx = list.select_greeter(org.alice.user_id)?;
    assert_eq!(ctx.greeter_human_handle(), &org.alice.human_handle);
    let ctx = ctx.do_wait_peer().await?;
    let spoken = hear.await.expect("greeter spoke");
    assert_eq!(
        pick(ctx.generate_greeter_sas_choices(3), spoken),
        ctx.greeter_sas()
    );
    let ctx = ctx.do_signify_trust().await?;
    tell.send(ctx.claimer_sas()).expect("greeter listening");
    let ctx = ctx.do_wait_peer_trust().await?;
    let ctx = ctx.do_claim_user(label("Bob's phone"), who).await?;
    Ok(ctx.do_acknowledge().await.expect("acknowledged"))
}

/// A whole user greeting with `policy` on both sides; returns the new device and how
/// long the exchange took.
async fn user_greeting(org: &Org, email: &str, policy: PollPolicy) -> (LocalDevice, Duration) {
    let addr = org.invite_user(email).await;
    let mut voice = Voice::new();
    let who = handle(email, "Bob");
    let started = Instant::now();
    let (greeted, claimed) = tokio::join!(
        greet_user(
            org,
            addr.token,
            policy,
            voice.greeter_says.0.take().expect("sender"),
            voice.claimer_says.1.take().expect("receiver"),
            UserProfile::Standard,
        ),
        claim_user(
            org,
            addr.clone(),
            policy,
            voice.claimer_says.0.take().expect("sender"),
            voice.greeter_says.1.take().expect("receiver"),
            who.clone(),
        ),
    );
    let elapsed = started.elapsed();
    let greeted = greeted.expect("greeter succeeds");
    let bob = claimed.expect("claimer succeeds");

    assert_eq!(greeted.user_id, bob.user_id);
    assert_eq!(greeted.device_id, bob.device_id);
    assert_eq!(bob.human_handle, who);
    assert_eq!(bob.device_label, label("Bob's phone"));
    assert_eq!(bob.initial_profile, UserProfile::Standard);
    assert_eq!(bob.organization_id, org.id);
    assert_eq!(bob.root_verify_key, org.alice.root_verify_key);
    assert_eq!(bob.server_url, org.server.to_http_url());
    assert_ne!(bob.user_realm_id, org.alice.user_realm_id);

    // The new device authenticates, and the chain it receives verifies.
    let store = org.certificates_seen_by(&bob).await;
    let user = store.user(bob.user_id).expect("the new user is certified");
    assert_eq!(user.current_profile(), UserProfile::Standard);
    assert_eq!(user.certificate.human_handle.as_ref(), Some(&who));
    assert_eq!(user.certificate.public_key, bob.private_key.public_key());
    assert_eq!(user.certificate.author, Some(org.alice.device_id));
    let device = store
        .device(bob.device_id)
        .expect("the new device is certified");
    assert_eq!(device.verify_key, bob.signing_key.verify_key());
    assert_eq!(device.device_label.as_ref(), Some(&bob.device_label));

    // The invitation is finished.
    let listed = manage::list_invitations(&org.cmds).await.expect("list");
    let item = listed
        .iter()
        .find(|i| i.token() == addr.token)
        .expect("listed");
    assert_eq!(
        item.status(),
        parsec_protocol::invite::InvitationStatus::Finished
    );
    (bob, elapsed)
}

#[tokio::test]
async fn user_invitation_with_official_and_immediate_polling() {
    let server = ReferenceServer::start();
    let org = Org::bootstrap(&server, "InviteUserOrg").await;
    let (_, official) = user_greeting(&org, "bob@example.com", PollPolicy::OFFICIAL).await;
    let (_, immediate) = user_greeting(&org, "carol@example.com", PollPolicy::Immediate).await;
    // Auto falls back to the official cadence: the official server never announces
    // long-poll.
    assert!(!org.transport.server_long_polls());
    let (_, auto) = user_greeting(&org, "dave@example.com", PollPolicy::Auto).await;
    report(&format!(
        "user greet+claim against the official server: official cadence {official:?}, \
         immediate re-send {immediate:?}, auto {auto:?}"
    ));
}

#[allow(clippy::print_stderr)]
fn report(line: &str) {
    // Figures for the hand-off report (`cargo test -- --nocapture`).
    eprintln!("{line}");
}

#[tokio::test]
async fn device_invitation_end_to_end() {
    let server = ReferenceServer::start();
    let org = Org::bootstrap(&server, "InviteDeviceOrg").await;
    let addr = org.invite_device().await;
    let mut voice = Voice::new();
    let policy = PollPolicy::OFFICIAL;

    let greeter = async {
        let AnyGreeterInitialCtx::Device(ctx) =
            prepare_greet(org.cmds.clone(), Arc::clone(&org.alice), addr.token, policy).await?
        else {
            panic!("a device invitation");
        };
        let ctx = ctx.do_wait_peer().await?;
        let tell = voice.greeter_says.0.take().expect("sender");
        tell.send(ctx.greeter_sas()).expect("claimer listening");
        let ctx = ctx.do_wait_peer_trust().await?;
        let hear = voice.claimer_says.1.take().expect("receiver");
        let spoken = hear.await.expect("claimer spoke");
        assert_eq!(
            pick(ctx.generate_claimer_sas_choices(3), spoken),
            ctx.claimer_sas()
        );
        let ctx = ctx.do_signify_trust().await?;
        let ctx = ctx.do_get_claim_requests().await?;
        assert_eq!(ctx.requested_device_label(), &label("desktop"));
        ctx.do_create_new_device(label("Alice's desktop")).await
    };
    let claimer = async {
        let AnyClaimRetrievedInfoCtx::Device(ctx) =
            retrieve_info(org.transport.clone(), addr.clone(), policy).await?
        else {
            panic!("a device invitation");
        };
        assert_eq!(ctx.greeter_user_id(), org.alice.user_id);
        let ctx = ctx.do_wait_peer().await?;
        let hear = voice.greeter_says.1.take().expect("receiver");
        let spoken = hear.await.expect("greeter spoke");
        assert_eq!(
            pick(ctx.generate_greeter_sas_choices(3), spoken),
            ctx.greeter_sas()
        );
        let ctx = ctx.do_signify_trust().await?;
        let tell = voice.claimer_says.0.take().expect("sender");
        tell.send(ctx.claimer_sas()).expect("greeter listening");
        let ctx = ctx.do_wait_peer_trust().await?;
        let ctx = ctx.do_claim_device(label("desktop")).await?;
        Ok::<_, ClaimError>(ctx.do_acknowledge().await.expect("acknowledged"))
    };
    let (greeted, claimed) = tokio::join!(greeter, claimer);
    let greeted = greeted.expect("greeter succeeds");
    let desktop = claimed.expect("claimer succeeds");

    // Same user, same user keys and realm, a new device key and label.
    let alice = &org.alice;
    assert_eq!(greeted.device_id, desktop.device_id);
    assert_eq!(desktop.user_id, alice.user_id);
    assert_ne!(desktop.device_id, alice.device_id);
    assert_eq!(desktop.device_label, label("Alice's desktop"));
    assert_eq!(desktop.human_handle, alice.human_handle);
    assert_eq!(desktop.initial_profile, alice.initial_profile);
    assert_eq!(desktop.private_key.as_bytes(), alice.private_key.as_bytes());
    assert_eq!(desktop.user_realm_id, alice.user_realm_id);
    assert_eq!(desktop.user_realm_key, alice.user_realm_key);
    assert_ne!(
        desktop.signing_key.verify_key(),
        alice.signing_key.verify_key()
    );
    assert_eq!(desktop.server_url, org.server.to_http_url());

    let store = org.certificates_seen_by(&desktop).await;
    let devices = store.devices_of(alice.user_id);
    assert_eq!(devices.len(), 2);
    let new = store.device(desktop.device_id).expect("certified");
    assert_eq!(new.author, Some(alice.device_id));
    assert_eq!(new.verify_key, desktop.signing_key.verify_key());
}

/// Runs phase A on both sides of a fresh user invitation and hands both contexts over.
async fn both_after_phase_a(
    org: &Org,
    email: &str,
) -> (
    parsec_client::invite::GreeterInProgress1Ctx<User>,
    parsec_client::invite::ClaimerInProgress1Ctx<User>,
) {
    let addr = org.invite_user(email).await;
    let policy = PollPolicy::OFFICIAL;
    let greeter = async {
        GreeterInitialCtx::<User>::new(org.cmds.clone(), Arc::clone(&org.alice), addr.token, policy)
            .do_wait_peer()
            .await
    };
    let claimer = async {
        let AnyClaimRetrievedInfoCtx::User(list) =
            retrieve_info(org.transport.clone(), addr.clone(), policy).await?
        else {
            panic!("a user invitation");
        };
        list.select_greeter(org.alice.user_id)?.do_wait_peer().await
    };
    let (g, c) = tokio::join!(greeter, claimer);
    let (g, c) = (g.expect("greeter phase A"), c.expect("claimer phase A"));
    assert_eq!(
        g.greeter_sas(),
        c.greeter_sas(),
        "both sides derive the same codes"
    );
    (g, c)
}

fn assert_cancelled_by<E: std::fmt::Debug>(
    result: Result<impl Sized, E>,
    expected_origin: GreeterOrClaimer,
    expected_reason: Reason,
    extract: impl Fn(&E) -> Option<(GreeterOrClaimer, Reason)>,
) {
    let Err(e) = result else {
        panic!("expected a cancellation");
    };
    assert_eq!(
        extract(&e),
        Some((expected_origin, expected_reason)),
        "got {e:?}"
    );
}

fn greet_cancel(e: &GreetError) -> Option<(GreeterOrClaimer, Reason)> {
    match *e {
        GreetError::PeerCancelled { origin, reason, .. } => Some((origin, reason)),
        _ => None,
    }
}

fn claim_cancel(e: &ClaimError) -> Option<(GreeterOrClaimer, Reason)> {
    match *e {
        ClaimError::PeerCancelled { origin, reason, .. } => Some((origin, reason)),
        _ => None,
    }
}

#[tokio::test]
async fn wrong_sas_pick_cancels_on_both_sides() {
    let server = ReferenceServer::start();
    let org = Org::bootstrap(&server, "InviteWrongSasOrg").await;

    // The claimer picks a wrong code: the greeter waiting for its trust learns why.
    let (greeter, claimer) = both_after_phase_a(&org, "bob@example.com").await;
    let wrong = claimer
        .generate_greeter_sas_choices(3)
        .into_iter()
        .find(|c| *c != claimer.greeter_sas())
        .expect("two wrong codes");
    assert_ne!(wrong, greeter.greeter_sas());
    let (waited, denied) = tokio::join!(greeter.do_wait_peer_trust(), claimer.do_deny_trust());
    denied.expect("cancelled");
    assert_cancelled_by(
        waited,
        GreeterOrClaimer::Claimer,
        Reason::InvalidSasCode,
        greet_cancel,
    );

    // The greeter picks a wrong code: the claimer waiting for its trust learns why.
    let (greeter, claimer) = both_after_phase_a(&org, "carol@example.com").await;
    let (greeter, claimer) = tokio::join!(greeter.do_wait_peer_trust(), claimer.do_signify_trust());
    let (greeter, claimer) = (greeter.expect("trusted"), claimer.expect("trusted"));
    let (waited, denied) = tokio::join!(claimer.do_wait_peer_trust(), greeter.do_deny_trust());
    denied.expect("cancelled");
    assert_cancelled_by(
        waited,
        GreeterOrClaimer::Greeter,
        Reason::InvalidSasCode,
        claim_cancel,
    );

    // A new attempt on the same invitation still works: cancelling an attempt does not
    // cancel the invitation (invite.md §3.3).
    let addr = org.invite_user("carol@example.com").await;
    let listed = manage::list_invitations(&org.cmds).await.expect("list");
    assert!(listed.iter().any(|i| i.token() == addr.token
        && i.status() == parsec_protocol::invite::InvitationStatus::Pending));
}

#[tokio::test]
async fn cancelled_invitation_is_refused_clearly() {
    let server = ReferenceServer::start();
    let org = Org::bootstrap(&server, "InviteCancelledOrg").await;
    let addr = org.invite_user("bob@example.com").await;
    manage::cancel_invitation(&org.cmds, addr.token)
        .await
        .expect("cancel");
    assert!(matches!(
        manage::cancel_invitation(&org.cmds, addr.token).await,
        Err(CancelInvitationError::AlreadyCancelled)
    ));

    let claimed = retrieve_info(org.transport.clone(), addr.clone(), PollPolicy::OFFICIAL).await;
    assert!(
        matches!(claimed, Err(ClaimError::InvitationAlreadyUsed)),
        "{:?}",
        claimed.err()
    );
    let greeted = prepare_greet(
        org.cmds.clone(),
        Arc::clone(&org.alice),
        addr.token,
        PollPolicy::OFFICIAL,
    )
    .await;
    assert!(
        matches!(greeted, Err(GreetError::InvitationCancelled)),
        "{:?}",
        greeted.err()
    );
    let started = GreeterInitialCtx::<User>::new(
        org.cmds.clone(),
        Arc::clone(&org.alice),
        addr.token,
        PollPolicy::OFFICIAL,
    )
    .do_wait_peer()
    .await;
    assert!(
        matches!(started, Err(GreetError::InvitationCancelled)),
        "{:?}",
        started.err()
    );

    // An unknown token.
    let unknown = org.invitation(
        InvitationType::User,
        AccessToken::generate(&OsRandom::new()),
    );
    let claimed = retrieve_info(org.transport.clone(), unknown.clone(), PollPolicy::OFFICIAL).await;
    assert!(
        matches!(claimed, Err(ClaimError::InvitationNotFound)),
        "{:?}",
        claimed.err()
    );
    let greeted = prepare_greet(
        org.cmds.clone(),
        Arc::clone(&org.alice),
        unknown.token,
        PollPolicy::OFFICIAL,
    )
    .await;
    assert!(matches!(greeted, Err(GreetError::InvitationNotFound)));
}

#[tokio::test]
async fn claimer_follows_a_greeter_restart() {
    let server = ReferenceServer::start();
    let org = Org::bootstrap(&server, "InviteRestartOrg").await;
    let addr = org.invite_user("bob@example.com").await;
    let policy = PollPolicy::OFFICIAL;

    // A first greeter (raw commands) joins attempt A and completes step 0 with the
    // claimer, then vanishes.
    let first = async {
        let rep = org
            .cmds
            .send::<InviteGreeterStartGreetingAttempt>(
                &invite_greeter_start_greeting_attempt::Req { token: addr.token },
            )
            .await
            .expect("start");
        let invite_greeter_start_greeting_attempt::Rep::Ok { greeting_attempt } = rep else {
            panic!("start refused");
        };
        let step = invite_greeter_step::Req {
            greeting_attempt,
            greeter_step: GreeterStep::Number0WaitPeer {
                public_key: PrivateKey::generate(&OsRandom::new()).public_key(),
            },
        };
        loop {
            let rep = org.cmds.send::<InviteGreeterStep>(&step).await;
            match rep.expect("step 0") {
                invite_greeter_step::Rep::Ok { .. } => break,
                invite_greeter_step::Rep::NotReady => {
                    tokio::time::sleep(Duration::from_millis(50)).await
                }
                other => panic!("{other:?}"),
            }
        }
    };
    let mut voice = Voice::new();
    let claimer = claim_user(
        &org,
        addr.clone(),
        policy,
        voice.claimer_says.0.take().expect("sender"),
        voice.greeter_says.1.take().expect("receiver"),
        handle("bob@example.com", "Bob"),
    );
    tokio::pin!(claimer);
    // The claimer is now in attempt A, waiting at step 1 for a greeter that left.
    tokio::select! {
        () = first => {}
        _ = &mut claimer => panic!("the claimer cannot finish without a greeter"),
    }
    // The real greeter restarts: A is cancelled (AUTOMATICALLY_CANCELLED by the greeter)
    // and the claimer must follow into the new attempt by itself.
    let greeter = greet_user(
        &org,
        addr.token,
        policy,
        voice.greeter_says.0.take().expect("sender"),
        voice.claimer_says.1.take().expect("receiver"),
        UserProfile::Admin,
    );
    let (greeted, claimed) = tokio::join!(greeter, claimer);
    let greeted = greeted.expect("greeter succeeds");
    let bob = claimed.expect("the claimer restarted and succeeded");
    assert_eq!(greeted.user_id, bob.user_id);
    assert_eq!(bob.initial_profile, UserProfile::Admin);
}

#[tokio::test]
async fn cancel_handle_stops_a_waiting_side() {
    let server = ReferenceServer::start();
    let org = Org::bootstrap(&server, "InviteHandleOrg").await;
    let (greeter, claimer) = both_after_phase_a(&org, "bob@example.com").await;

    // The greeter waits for the claimer's trust; its human hits Ctrl-C.
    let handle = greeter.cancel_handle();
    let waiting = tokio::time::timeout(Duration::from_millis(300), greeter.do_wait_peer_trust());
    assert!(waiting.await.is_err(), "nobody signified trust yet");
    assert!(handle
        .cancel(Reason::ManuallyCancelled)
        .await
        .expect("cancelled"));
    // Nothing left to cancel.
    assert!(!handle
        .cancel(Reason::ManuallyCancelled)
        .await
        .expect("no-op"));
    assert_cancelled_by(
        claimer.do_signify_trust().await,
        GreeterOrClaimer::Greeter,
        Reason::ManuallyCancelled,
        claim_cancel,
    );
}
