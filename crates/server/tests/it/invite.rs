//! Invitation management (invite.md §2): creation and idempotency, listing and its
//! visibility, cancel/complete rules and order, invited authentication, `invite_info`.

use crate::common::{reply, Backend, TestOrg};
use crate::on_every_backend;
use axum::http::StatusCode;
use parsec_protocol::cmds::authenticated::{
    invite_cancel, invite_complete, invite_greeter_start_greeting_attempt, invite_list,
    invite_new_device, invite_new_user,
};
use parsec_protocol::cmds::invited::invite_info;
use parsec_protocol::ids::{AccessToken, UserProfile};
use parsec_protocol::invite::{InvitationCreatedBy, InvitationEmailSentStatus, InvitationStatus};

use crate::common::TestDevice;
use invite_list::InviteListItem;

pub async fn new_user(
    o: &TestOrg,
    author: &TestDevice,
    email: &str,
    send: bool,
) -> invite_new_user::Rep {
    let req = invite_new_user::Req {
        claimer_email: email.parse().expect("valid email"),
        send_email: send,
    };
    reply(o.auth(author, req.dump()).await, invite_new_user::Rep::load).await
}

pub async fn new_user_token(o: &TestOrg, author: &TestDevice, email: &str) -> AccessToken {
    match new_user(o, author, email, false).await {
        invite_new_user::Rep::Ok(c) => c.token,
        other => panic!("unexpected {other:?}"),
    }
}

pub async fn new_device_token(o: &TestOrg, author: &TestDevice) -> AccessToken {
    let req = invite_new_device::Req { send_email: false };
    match reply(
        o.auth(author, req.dump()).await,
        invite_new_device::Rep::load,
    )
    .await
    {
        invite_new_device::Rep::Ok(c) => c.token,
        other => panic!("unexpected {other:?}"),
    }
}

pub async fn list(o: &TestOrg, who: &TestDevice) -> Vec<InviteListItem> {
    match reply(
        o.auth(who, invite_list::Req.dump()).await,
        invite_list::Rep::load,
    )
    .await
    {
        invite_list::Rep::Ok { invitations } => invitations,
        other => panic!("unexpected {other:?}"),
    }
}

pub async fn cancel(o: &TestOrg, who: &TestDevice, token: AccessToken) -> invite_cancel::Rep {
    let req = invite_cancel::Req { token };
    reply(o.auth(who, req.dump()).await, invite_cancel::Rep::load).await
}

pub async fn complete(o: &TestOrg, who: &TestDevice, token: AccessToken) -> invite_complete::Rep {
    let req = invite_complete::Req { token };
    reply(o.auth(who, req.dump()).await, invite_complete::Rep::load).await
}

fn tokens_and_status(items: &[InviteListItem]) -> Vec<(AccessToken, InvitationStatus)> {
    items.iter().map(|i| (i.token(), i.status())).collect()
}

async fn lifecycle_and_idempotency(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let alice = &o.alice;
    let t1 = match new_user(&o, alice, "bob@example.com", false).await {
        invite_new_user::Rep::Ok(c) => {
            assert_eq!(c.email_sent, InvitationEmailSentStatus::Success);
            c.token
        }
        other => panic!("unexpected {other:?}"),
    };
    // Same pending target: same token; asking for an email we cannot send.
    match new_user(&o, alice, "bob@example.com", true).await {
        invite_new_user::Rep::Ok(c) => {
            assert_eq!(c.token, t1);
            assert_eq!(c.email_sent, InvitationEmailSentStatus::ServerUnavailable);
        }
        other => panic!("unexpected {other:?}"),
    }
    let d1 = new_device_token(&o, alice).await;
    assert_eq!(new_device_token(&o, alice).await, d1);
    assert_ne!(d1, t1);

    let items = list(&o, alice).await;
    assert_eq!(
        tokens_and_status(&items),
        vec![
            (t1, InvitationStatus::Pending),
            (d1, InvitationStatus::Pending)
        ]
    );
    match &items[0] {
        InviteListItem::User {
            claimer_email,
            created_by:
                InvitationCreatedBy::User {
                    user_id,
                    human_handle,
                },
            ..
        } => {
            assert_eq!(claimer_email.as_str(), "bob@example.com");
            assert_eq!(*user_id, alice.user_id);
            assert_eq!(human_handle.label(), "Alice");
        }
        other => panic!("unexpected {other:?}"),
    }

    // Cancel: ok, then already cancelled; complete sees it cancelled.
    assert_eq!(cancel(&o, alice, t1).await, invite_cancel::Rep::Ok);
    assert_eq!(
        cancel(&o, alice, t1).await,
        invite_cancel::Rep::InvitationAlreadyCancelled
    );
    assert_eq!(
        complete(&o, alice, t1).await,
        invite_complete::Rep::InvitationCancelled
    );
    // A new invitation for the same email is a new token.
    let t2 = new_user_token(&o, alice, "bob@example.com").await;
    assert_ne!(t2, t1);
    assert_eq!(complete(&o, alice, t2).await, invite_complete::Rep::Ok);
    assert_eq!(
        complete(&o, alice, t2).await,
        invite_complete::Rep::InvitationAlreadyCompleted
    );
    assert_eq!(
        cancel(&o, alice, t2).await,
        invite_cancel::Rep::InvitationCompleted
    );
    let unknown = AccessToken::from_bytes([7; 16]);
    assert_eq!(
        cancel(&o, alice, unknown).await,
        invite_cancel::Rep::InvitationNotFound
    );
    assert_eq!(
        complete(&o, alice, unknown).await,
        invite_complete::Rep::InvitationNotFound
    );
    // Finished and cancelled ones are listed, by creation time.
    assert_eq!(
        tokens_and_status(&list(&o, alice).await),
        vec![
            (t1, InvitationStatus::Cancelled),
            (d1, InvitationStatus::Pending),
            (t2, InvitationStatus::Finished)
        ]
    );
}

async fn new_user_refusals(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let bob = o
        .create_user(&o.alice, "bob@example.com", "Bob", UserProfile::Standard)
        .await;
    assert_eq!(
        new_user(&o, &bob, "x@example.com", false).await,
        invite_new_user::Rep::AuthorNotAllowed
    );
    assert_eq!(
        new_user(&o, &o.alice, "bob@example.com", false).await,
        invite_new_user::Rep::ClaimerEmailAlreadyEnrolled
    );
    // Any profile may invite a device for itself.
    new_device_token(&o, &bob).await;
    // A revoked user's email can be invited again.
    assert_eq!(
        o.revoke(&o.alice, bob.user_id).await,
        parsec_protocol::cmds::authenticated::user_revoke::Rep::Ok
    );
    new_user_token(&o, &o.alice, "bob@example.com").await;
}

async fn visibility_and_permissions(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let alice = &o.alice;
    let bob = o
        .create_user(alice, "bob@example.com", "Bob", UserProfile::Standard)
        .await;
    let carl = o
        .create_user(alice, "carl@example.com", "Carl", UserProfile::Admin)
        .await;
    let user_inv = new_user_token(&o, alice, "dave@example.com").await;
    let alice_dev = new_device_token(&o, alice).await;
    let bob_dev = new_device_token(&o, &bob).await;
    let tokens = |items: Vec<InviteListItem>| items.iter().map(|i| i.token()).collect::<Vec<_>>();
    assert_eq!(tokens(list(&o, alice).await), vec![user_inv, alice_dev]);
    assert_eq!(tokens(list(&o, &bob).await), vec![bob_dev]);
    assert_eq!(tokens(list(&o, &carl).await), vec![user_inv]);

    // A STANDARD user may not cancel others' invitations.
    assert_eq!(
        cancel(&o, &bob, user_inv).await,
        invite_cancel::Rep::AuthorNotAllowed
    );
    assert_eq!(
        complete(&o, &bob, alice_dev).await,
        invite_complete::Rep::AuthorNotAllowed
    );
    // Another ADMIN is an allowed greeter of a USER invitation, not of a DEVICE one.
    assert_eq!(
        cancel(&o, &carl, alice_dev).await,
        invite_cancel::Rep::AuthorNotAllowed
    );
    assert_eq!(cancel(&o, &carl, user_inv).await, invite_cancel::Rep::Ok);
    // The claimer of a USER invitation (same email) may complete it.
    let inv = new_user_token(&o, alice, "erin@example.com").await;
    let erin = o
        .create_user(alice, "erin@example.com", "Erin", UserProfile::Outsider)
        .await;
    assert_eq!(complete(&o, &erin, inv).await, invite_complete::Rep::Ok);
    // Demoted, Carl no longer sees nor manages USER invitations.
    let inv = new_user_token(&o, alice, "fred@example.com").await;
    o.update(alice, carl.user_id, UserProfile::Standard).await;
    assert!(tokens(list(&o, &carl).await).is_empty());
    assert_eq!(
        cancel(&o, &carl, inv).await,
        invite_cancel::Rep::AuthorNotAllowed
    );
}

async fn invited_authentication_and_info(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let alice = &o.alice;
    // Unknown token: 403.
    let res = o
        .invited(&AccessToken::from_bytes([1; 16]), invite_info::Req.dump())
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let zed = o
        .create_user(alice, "zed@example.com", "Aaron", UserProfile::Admin)
        .await;
    let revoked_admin = o
        .create_user(alice, "old@example.com", "Bart", UserProfile::Admin)
        .await;
    o.create_user(alice, "std@example.com", "Ann", UserProfile::Standard)
        .await;
    o.revoke(alice, revoked_admin.user_id).await;
    let token = new_user_token(&o, alice, "claimer@example.com").await;
    let info = async || match reply(
        o.invited(&token, invite_info::Req.dump()).await,
        invite_info::Rep::load,
    )
    .await
    {
        invite_info::Rep::Ok(info) => info,
        other => panic!("unexpected {other:?}"),
    };
    let admins = |info: invite_info::InvitationInfo| match info {
        invite_info::InvitationInfo::User {
            claimer_email,
            administrators,
            created_by,
        } => {
            assert_eq!(claimer_email.as_str(), "claimer@example.com");
            assert!(
                matches!(created_by, InvitationCreatedBy::User { user_id, .. } if user_id == o.alice.user_id)
            );
            administrators
        }
        other => panic!("unexpected {other:?}"),
    };
    // Non-revoked ADMINs only, sorted by label.
    let before = admins(info().await);
    assert_eq!(
        before.iter().map(|a| a.user_id).collect::<Vec<_>>(),
        vec![zed.user_id, alice.user_id]
    );
    assert!(before
        .iter()
        .all(|a| a.last_greeting_attempt_joined_on.is_none()
            && a.online_status == invite_info::UserOnlineStatus::Unknown));
    // Alice joins an attempt: her join time shows.
    let req = invite_greeter_start_greeting_attempt::Req { token };
    reply(
        o.auth(alice, req.dump()).await,
        invite_greeter_start_greeting_attempt::Rep::load,
    )
    .await;
    let after = admins(info().await);
    assert!(after[0].last_greeting_attempt_joined_on.is_none());
    assert!(after[1].last_greeting_attempt_joined_on.is_some());

    // DEVICE invitation.
    let dev = new_device_token(&o, &zed).await;
    match reply(
        o.invited(&dev, invite_info::Req.dump()).await,
        invite_info::Rep::load,
    )
    .await
    {
        invite_info::Rep::Ok(invite_info::InvitationInfo::Device {
            claimer_user_id,
            claimer_human_handle,
            ..
        }) => {
            assert_eq!(claimer_user_id, zed.user_id);
            assert_eq!(claimer_human_handle.email().as_str(), "zed@example.com");
        }
        other => panic!("unexpected {other:?}"),
    }

    // Deleted (cancelled or finished): 410.
    cancel(&o, alice, token).await;
    let res = o.invited(&token, invite_info::Req.dump()).await;
    assert_eq!(res.status(), StatusCode::GONE);
    complete(&o, &zed, dev).await;
    let res = o.invited(&dev, invite_info::Req.dump()).await;
    assert_eq!(res.status(), StatusCode::GONE);
}

async fn long_poll_header_on_rpc_answers(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let res = o.auth(&o.alice, invite_list::Req.dump()).await;
    assert_eq!(res.headers()["x-parsec-long-poll"], "1");
    let res = o
        .invited(&AccessToken::from_bytes([1; 16]), invite_info::Req.dump())
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(res.headers()["x-parsec-long-poll"], "1");
    // Not on the administration API.
    let (status, _) = o
        .server
        .admin(
            axum::http::Method::GET,
            &format!("/organizations/{}", o.org),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}

on_every_backend!(
    lifecycle_and_idempotency,
    new_user_refusals,
    visibility_and_permissions,
    invited_authentication_and_info,
    long_poll_header_on_rpc_answers,
);
