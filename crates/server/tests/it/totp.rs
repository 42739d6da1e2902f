//! TOTP: the administrator's reset (`POST …/users/reset_totp`), the setup by the user
//! (authenticated) and after a reset (anonymous, with the token of the reset URL), and
//! the opaque keys with their throttle, on every backend. Codes are computed from the
//! secret the server hands out, so the round-trips prove the RFC 6238 parameters.

use crate::common::{body_bytes, reply, Backend, TestOrg, TestServer};
use crate::on_every_backend;
use axum::http::{Method, StatusCode};
use parsec_protocol::addr::TotpResetAddr;
use parsec_protocol::cmds::anonymous::totp_setup_get_secret::TotpSecret;
use parsec_protocol::cmds::{anonymous, authenticated};
use parsec_protocol::crypto::totp_one_time_password;
use parsec_protocol::ids::{AccessToken, OrganizationID, TOTPOpaqueKeyID, UserID, UserProfile};
use parsec_protocol::DateTime;
use parsec_server::email::EmailConfig;
use parsec_server::services::totp;
use parsec_server::storage::TxMode;
use serde_json::{json, Value};

fn code(secret: &[u8]) -> String {
    totp_one_time_password(secret, DateTime::now().as_secs(), 0)
}

/// A code of `secret` that is wrong now: two time steps ahead.
fn wrong_code(secret: &[u8]) -> String {
    totp_one_time_password(secret, DateTime::now().as_secs(), 2)
}

async fn reset(o: &TestOrg, body: Value) -> (StatusCode, Value) {
    o.server
        .admin(
            Method::POST,
            &format!("/organizations/{}/users/reset_totp", o.org),
            Some(body),
        )
        .await
}

async fn anonymous<T>(
    o: &TestOrg,
    body: Vec<u8>,
    load: impl FnOnce(&[u8]) -> Result<T, parsec_protocol::data::DataError>,
) -> T {
    reply(o.server.anonymous(&o.org, body).await, load).await
}

async fn get_secret(o: &TestOrg, addr: &TotpResetAddr) -> anonymous::totp_setup_get_secret::Rep {
    let req = anonymous::totp_setup_get_secret::Req {
        user_id: addr.user_id,
        token: addr.token,
    };
    anonymous(o, req.dump(), anonymous::totp_setup_get_secret::Rep::load).await
}

async fn confirm(
    o: &TestOrg,
    addr: &TotpResetAddr,
    one_time_password: String,
) -> anonymous::totp_setup_confirm::Rep {
    let req = anonymous::totp_setup_confirm::Req {
        user_id: addr.user_id,
        token: addr.token,
        one_time_password,
    };
    anonymous(o, req.dump(), anonymous::totp_setup_confirm::Rep::load).await
}

async fn admin_reset_answers_like_the_official_server(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let bob = o
        .create_user(&o.alice, "bob@example.com", "Bob", UserProfile::Standard)
        .await;

    // By ID: the user, its email, both URL forms of the same reset.
    let (status, body) = reset(&o, json!({ "user_id": o.alice.user_id.hex() })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["user_id"], o.alice.user_id.hex());
    assert_eq!(body["user_email"], "alice@example.com");
    assert_eq!(body["email_sent_status"], "NOT_SENT_AS_REQUESTED");
    let url = body["totp_reset_url"].as_str().expect("url");
    assert!(url.starts_with(&format!(
        "parsec3://127.0.0.1:6770/{}?no_ssl=true&a=totp_reset&p=",
        o.org
    )));
    let addr = TotpResetAddr::from_any(url).expect("reset URL");
    assert_eq!(addr.user_id, o.alice.user_id);
    let redirect = body["totp_reset_url_as_http_redirection"]
        .as_str()
        .expect("url");
    assert!(redirect.starts_with("http://127.0.0.1:6770/redirect/"));
    assert_eq!(TotpResetAddr::from_any(redirect), Ok(addr));

    // By email (hyphenated IDs are accepted too).
    let (status, body) = reset(&o, json!({ "user_email": "bob@example.com" })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["user_id"], bob.user_id.hex());
    let (status, _) = reset(&o, json!({ "user_id": bob.user_id.hyphenated() })).await;
    assert_eq!(status, StatusCode::OK);

    // Refusals, with the official details.
    let cases = [
        (
            json!({ "user_id": o.alice.user_id.hex(), "user_email": "alice@example.com" }),
            StatusCode::BAD_REQUEST,
            json!("Both `user_id` and `user_email` fields are provided"),
        ),
        (
            json!({}),
            StatusCode::BAD_REQUEST,
            json!("Missing either `user_id` or `user_email` field"),
        ),
        (
            json!({ "user_id": "d51589e233c0451e9d2fa1c7b9a8b08b" }),
            StatusCode::NOT_FOUND,
            json!("User not found"),
        ),
        (
            json!({ "user_email": "dummy@example.invalid" }),
            StatusCode::NOT_FOUND,
            json!("User not found"),
        ),
    ];
    for (req, status, detail) in cases {
        let (got, body) = reset(&o, req.clone()).await;
        assert_eq!((got, &body["detail"]), (status, &detail), "{req}");
    }
    for bad in [
        json!({ "user_id": 42 }),
        json!({ "user_id": "<>" }),
        json!({ "user_email": 42 }),
        json!({ "user_email": "not an email" }),
        json!({ "user_id": o.alice.user_id.hex(), "send_email": "yes" }),
    ] {
        let (got, _) = reset(&o, bad.clone()).await;
        assert_eq!(got, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let (got, body) = o
        .server
        .admin(
            Method::POST,
            "/organizations/DummyOrg/users/reset_totp",
            Some(json!({ "user_id": o.alice.user_id.hex() })),
        )
        .await;
    assert_eq!(
        (got, &body["detail"]),
        (StatusCode::NOT_FOUND, &json!("Organization not found"))
    );
    let (got, _) = o
        .server
        .admin(
            Method::PATCH,
            &format!("/organizations/{}/users/reset_totp", o.org),
            Some(json!({ "user_id": o.alice.user_id.hex() })),
        )
        .await;
    assert_eq!(got, StatusCode::METHOD_NOT_ALLOWED);
    let (got, _) = o
        .server
        .admin_with_auth(
            Method::POST,
            &format!("/organizations/{}/users/reset_totp", o.org),
            Some(json!({ "user_id": o.alice.user_id.hex() })),
            Some("Bearer wrong"),
        )
        .await;
    assert_eq!(got, StatusCode::FORBIDDEN);

    // A revoked user: by ID it is named, by email it is not found.
    assert_eq!(
        o.revoke(&o.alice, bob.user_id).await,
        authenticated::user_revoke::Rep::Ok
    );
    let (got, body) = reset(&o, json!({ "user_id": bob.user_id.hex() })).await;
    assert_eq!(
        (got, &body["detail"]),
        (StatusCode::NOT_FOUND, &json!("User has been revoked"))
    );
    let (got, body) = reset(&o, json!({ "user_email": "bob@example.com" })).await;
    assert_eq!(
        (got, &body["detail"]),
        (StatusCode::NOT_FOUND, &json!("User not found"))
    );
}

async fn reset_email_status(backend: Backend) {
    // No email configured: BAD_SMTP_CONFIG, but the reset is done.
    let o = TestOrg::new(backend).await;
    let (status, body) = reset(
        &o,
        json!({ "user_id": o.alice.user_id.hex(), "send_email": true }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["email_sent_status"], "BAD_SMTP_CONFIG");
    let addr =
        TotpResetAddr::from_any(body["totp_reset_url"].as_str().expect("url")).expect("reset URL");
    assert!(matches!(
        get_secret(&o, &addr).await,
        anonymous::totp_setup_get_secret::Rep::Ok(_)
    ));

    // MOCKED emails are a success.
    let o = TestOrg::with_config(backend, |c| {
        c.email = Some(EmailConfig::Mocked {
            sender: "no-reply@parsec.com".parse().expect("email"),
        })
    })
    .await;
    let (status, body) = reset(
        &o,
        json!({ "user_email": "alice@example.com", "send_email": true }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["email_sent_status"], "SENT_AS_REQUESTED");
}

async fn authenticated_setup_and_opaque_keys(backend: Backend) {
    use authenticated::{totp_create_opaque_key, totp_setup_confirm, totp_setup_get_secret};
    let o = TestOrg::new(backend).await;
    let alice = &o.alice;

    // The secret stays the same until the setup is confirmed.
    let rep = reply(
        o.auth(alice, totp_setup_get_secret::Req.dump()).await,
        totp_setup_get_secret::Rep::load,
    )
    .await;
    let totp_setup_get_secret::Rep::Ok(TotpSecret {
        totp_secret: secret,
    }) = rep
    else {
        panic!("{rep:?}")
    };
    assert_eq!(secret.len(), 20);
    let again = reply(
        o.auth(alice, totp_setup_get_secret::Req.dump()).await,
        totp_setup_get_secret::Rep::load,
    )
    .await;
    assert_eq!(
        again,
        totp_setup_get_secret::Rep::Ok(TotpSecret {
            totp_secret: secret.clone()
        })
    );

    let confirm = |otp: String| {
        let body = totp_setup_confirm::Req {
            one_time_password: otp,
        }
        .dump();
        async { reply(o.auth(alice, body).await, totp_setup_confirm::Rep::load).await }
    };
    assert_eq!(
        confirm(wrong_code(&secret)).await,
        totp_setup_confirm::Rep::InvalidOneTimePassword
    );
    assert_eq!(confirm(code(&secret)).await, totp_setup_confirm::Rep::Ok);
    assert_eq!(
        confirm(code(&secret)).await,
        totp_setup_confirm::Rep::AlreadySetup
    );
    assert_eq!(
        reply(
            o.auth(alice, totp_setup_get_secret::Req.dump()).await,
            totp_setup_get_secret::Rep::load,
        )
        .await,
        totp_setup_get_secret::Rep::AlreadySetup
    );

    // An opaque key, handed back for a valid code only.
    let rep = reply(
        o.auth(alice, totp_create_opaque_key::Req.dump()).await,
        totp_create_opaque_key::Rep::load,
    )
    .await;
    let totp_create_opaque_key::Rep::Ok {
        opaque_key_id,
        opaque_key,
    } = rep
    else {
        panic!("{rep:?}")
    };
    let fetch = |user_id: UserID, opaque_key_id: TOTPOpaqueKeyID, otp: String| {
        let body = anonymous::totp_fetch_opaque_key::Req {
            user_id,
            opaque_key_id,
            one_time_password: otp,
        }
        .dump();
        let o = &o;
        async move { anonymous(o, body, anonymous::totp_fetch_opaque_key::Rep::load).await }
    };
    assert_eq!(
        fetch(alice.user_id, opaque_key_id, code(&secret)).await,
        anonymous::totp_fetch_opaque_key::Rep::Ok {
            opaque_key: opaque_key.clone()
        }
    );
    // Unknown key or user: the same answer as a wrong code.
    let unknown_key = TOTPOpaqueKeyID::from_bytes([9; 16]);
    assert_eq!(
        fetch(alice.user_id, unknown_key, code(&secret)).await,
        anonymous::totp_fetch_opaque_key::Rep::InvalidOneTimePassword
    );
    assert_eq!(
        fetch(UserID::from_bytes([9; 16]), opaque_key_id, code(&secret)).await,
        anonymous::totp_fetch_opaque_key::Rep::InvalidOneTimePassword
    );

    // Another user's key is not Alice's.
    let bob = o
        .create_user(alice, "bob@example.com", "Bob", UserProfile::Standard)
        .await;
    assert_eq!(
        fetch(bob.user_id, opaque_key_id, code(&secret)).await,
        anonymous::totp_fetch_opaque_key::Rep::InvalidOneTimePassword
    );
}

/// The throttle of wrong codes, driven by the service with chosen instants: 1 s after
/// the first wrong code, 2 s after the second, cleared by a right code and by a reset.
async fn opaque_key_throttle(backend: Backend) {
    use anonymous::totp_fetch_opaque_key::{Rep, Req};
    let o = TestOrg::new(backend).await;
    let org: OrganizationID = o.org.parse().expect("org");
    let (_, secret) = setup_by_reset(&o).await;
    let rep = reply(
        o.auth(&o.alice, authenticated::totp_create_opaque_key::Req.dump())
            .await,
        authenticated::totp_create_opaque_key::Rep::load,
    )
    .await;
    let authenticated::totp_create_opaque_key::Rep::Ok {
        opaque_key_id,
        opaque_key,
    } = rep
    else {
        panic!("{rep:?}")
    };
    let existing = o
        .server
        .state
        .store
        .get_organization(&org)
        .await
        .expect("read");
    let fetch = |otp: String, now: DateTime| {
        let req = Req {
            user_id: o.alice.user_id,
            opaque_key_id,
            one_time_password: otp,
        };
        let (state, org, existing) = (&o.server.state, &org, existing.as_ref());
        async move {
            totp::fetch_opaque_key(state, org, existing, req, now)
                .await
                .expect("served")
        }
    };
    let t0 = DateTime::now();
    let at = |secs: i64| t0.add_micros(secs * 1_000_000);
    let right = |now: DateTime| totp_one_time_password(&secret, now.as_secs(), 0);
    let wrong = |now: DateTime| totp_one_time_password(&secret, now.as_secs(), 3);

    assert_eq!(fetch(wrong(t0), t0).await, Rep::InvalidOneTimePassword);
    // Within 1 s of the first failure nothing is checked, even a right code.
    assert_eq!(
        fetch(right(at(1)), at(1)).await,
        Rep::Throttled { wait_until: at(1) }
    );
    assert_eq!(
        fetch(wrong(at(2)), at(2)).await,
        Rep::InvalidOneTimePassword
    );
    assert_eq!(
        fetch(right(at(3)), at(3)).await,
        Rep::Throttled { wait_until: at(4) }
    );
    assert_eq!(
        fetch(right(at(5)), at(5)).await,
        Rep::Ok {
            opaque_key: opaque_key.clone()
        }
    );
    // The right code cleared the count: the next wrong one waits 1 s again.
    assert_eq!(
        fetch(wrong(at(6)), at(6)).await,
        Rep::InvalidOneTimePassword
    );
    assert_eq!(
        fetch(right(at(6)), at(6)).await,
        Rep::Throttled { wait_until: at(7) }
    );

    // An administrator's reset clears every throttle of the user.
    let (status, _) = reset(&o, json!({ "user_id": o.alice.user_id.hex() })).await;
    assert_eq!(status, StatusCode::OK);
    let mut tx = o
        .server
        .state
        .store
        .transaction(&org, TxMode::Read)
        .await
        .expect("transaction")
        .expect("organization");
    let key = tx
        .get_totp_opaque_key(o.alice.user_id, opaque_key_id)
        .await
        .expect("read")
        .expect("key");
    assert_eq!((key.failed_attempts, key.last_failed_attempt), (0, None));
    drop(tx);
    // …and the setup: no key is handed out until TOTP is set up again.
    assert_eq!(
        fetch(right(at(10)), at(10)).await,
        Rep::InvalidOneTimePassword
    );
}

/// Resets Alice and sets TOTP up again with the URL's token; returns the URL and the
/// secret.
async fn setup_by_reset(o: &TestOrg) -> (TotpResetAddr, Vec<u8>) {
    let (status, body) = reset(o, json!({ "user_id": o.alice.user_id.hex() })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let addr =
        TotpResetAddr::from_any(body["totp_reset_url"].as_str().expect("url")).expect("reset URL");
    let anonymous::totp_setup_get_secret::Rep::Ok(TotpSecret {
        totp_secret: secret,
    }) = get_secret(o, &addr).await
    else {
        panic!("no secret")
    };
    assert_eq!(
        confirm(o, &addr, code(&secret)).await,
        anonymous::totp_setup_confirm::Rep::Ok
    );
    (addr, secret)
}

async fn anonymous_setup_with_reset_token(backend: Backend) {
    use anonymous::totp_setup_confirm::Rep as Confirm;
    use anonymous::totp_setup_get_secret::Rep as GetSecret;
    let o = TestOrg::new(backend).await;
    let (status, body) = reset(&o, json!({ "user_id": o.alice.user_id.hex() })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let addr =
        TotpResetAddr::from_any(body["totp_reset_url"].as_str().expect("url")).expect("reset URL");

    // A wrong token or user: bad_token, whatever the reason.
    let mut wrong_token = addr.clone();
    wrong_token.token = AccessToken::from_bytes([7; 16]);
    assert_eq!(get_secret(&o, &wrong_token).await, GetSecret::BadToken);
    let mut wrong_user = addr.clone();
    wrong_user.user_id = UserID::from_bytes([7; 16]);
    assert_eq!(get_secret(&o, &wrong_user).await, GetSecret::BadToken);
    assert_eq!(
        confirm(&o, &wrong_token, "000000".into()).await,
        Confirm::BadToken
    );

    // Confirming before the secret was drawn: invalid code.
    assert_eq!(
        confirm(&o, &addr, "000000".into()).await,
        Confirm::InvalidOneTimePassword
    );
    let GetSecret::Ok(TotpSecret {
        totp_secret: secret,
    }) = get_secret(&o, &addr).await
    else {
        panic!("no secret")
    };
    assert_eq!(
        confirm(&o, &addr, wrong_code(&secret)).await,
        Confirm::InvalidOneTimePassword
    );
    assert_eq!(confirm(&o, &addr, code(&secret)).await, Confirm::Ok);
    // The token is spent.
    assert_eq!(get_secret(&o, &addr).await, GetSecret::BadToken);
    assert_eq!(confirm(&o, &addr, code(&secret)).await, Confirm::BadToken);

    // A second reset: the old URL no longer works, the new secret differs.
    let (new_addr, new_secret) = setup_by_reset(&o).await;
    assert_ne!(new_addr.token, addr.token);
    assert_ne!(new_secret, secret);

    // A frozen user cannot use a reset URL.
    let (_, body) = reset(&o, json!({ "user_id": o.alice.user_id.hex() })).await;
    let addr =
        TotpResetAddr::from_any(body["totp_reset_url"].as_str().expect("url")).expect("reset URL");
    let (status, _) = o
        .server
        .admin(
            Method::POST,
            &format!("/organizations/{}/users/freeze", o.org),
            Some(json!({ "frozen": true, "user_id": o.alice.user_id.hex() })),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(get_secret(&o, &addr).await, GetSecret::BadToken);

    // An unknown organization is a 404, as for every anonymous command.
    let res = o
        .server
        .anonymous(
            "UnknownOrg",
            anonymous::totp_setup_get_secret::Req {
                user_id: addr.user_id,
                token: addr.token,
            }
            .dump(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let _ = body_bytes(res).await;
}

/// A server restarted on the same SQLite file keeps the TOTP state.
#[tokio::test]
async fn totp_state_survives_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("parsec.sqlite");
    let server = TestServer::sqlite_at(&path, |_| {}).await;
    let org = crate::common::org_name("Org");
    let token = server.create_org(&org).await;
    let alice = server.bootstrap(&org, Some(token)).await.device;
    let rep = reply(
        server
            .authenticated(
                &org,
                &alice,
                authenticated::totp_setup_get_secret::Req.dump(),
            )
            .await,
        authenticated::totp_setup_get_secret::Rep::load,
    )
    .await;
    drop(server);
    let server = TestServer::sqlite_at(&path, |_| {}).await;
    let again = reply(
        server
            .authenticated(
                &org,
                &alice,
                authenticated::totp_setup_get_secret::Req.dump(),
            )
            .await,
        authenticated::totp_setup_get_secret::Rep::load,
    )
    .await;
    assert!(matches!(
        rep,
        authenticated::totp_setup_get_secret::Rep::Ok(_)
    ));
    assert_eq!(rep, again);
}

on_every_backend!(
    admin_reset_answers_like_the_official_server,
    reset_email_status,
    authenticated_setup_and_opaque_keys,
    opaque_key_throttle,
    anonymous_setup_with_reset_token,
);
