//! RPC handshake errors and their order (wire.md §1.3–1.8).

use crate::common::{body_bytes, org_id, org_name, rpc_request, Backend, TestServer};
use crate::on_every_backend;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use parsec_protocol::auth::authenticated_header;
use parsec_protocol::cmds::anonymous::ping;
use parsec_protocol::cmds::authenticated::organization_info;
use parsec_protocol::cmds::tos::{tos_accept, tos_get};
use parsec_protocol::crypto::{OsRandom, SigningKey};
use parsec_protocol::ids::{AccessToken, DeviceID};
use parsec_protocol::DateTime;
use serde_json::json;

fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).expect("valid code")
}

async fn api_version(backend: Backend) {
    let server = TestServer::new(backend).await;
    for version in [None, Some("5"), Some("abc"), Some("4.1"), Some("6.0")] {
        let mut req = Request::post("/anonymous/Whatever.Invalid")
            .header("content-type", "application/msgpack");
        if let Some(v) = version {
            req = req.header("api-version", v);
        }
        let res = server.send(req.body(Body::empty()).expect("request")).await;
        // 422 wins over the invalid organization ID.
        assert_eq!(res.status(), status(422), "{version:?}");
        assert_eq!(res.headers()["supported-api-versions"], "5.5");
        assert!(!res.headers().contains_key("api-version"));
        assert_eq!(res.headers()[header::SERVER], "parsec/3");
    }
    // Any 5.x is fine.
    let org = org_name("Api");
    server.create_org(&org).await;
    for v in ["5.0", "5.5", "5.99"] {
        let req = Request::get(format!("/anonymous/{org}"))
            .header("api-version", v)
            .header("content-type", "application/msgpack")
            .body(Body::empty())
            .expect("request");
        let res = server.send(req).await;
        assert_eq!(res.status(), StatusCode::OK, "{v}");
        assert_eq!(res.headers()["api-version"], "5.5");
    }
}

async fn organization_and_content_type(backend: Backend) {
    let server = TestServer::new(backend).await;
    // Invalid ID: 404 even without Content-Type (ID checked first).
    let res = server
        .send(
            Request::post("/anonymous/a.b")
                .header("api-version", "5.5")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(res.headers()["api-version"], "5.5");
    // Unknown organization.
    let res = server
        .anonymous(&org_name("Unknown"), ping::Req { ping: "x".into() }.dump())
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // Content-Type must be exact.
    let org = org_name("Ct");
    server.create_org(&org).await;
    for ct in [
        None,
        Some("application/msgpack; charset=binary"),
        Some("application/json"),
    ] {
        let mut req = Request::post(format!("/anonymous/{org}")).header("api-version", "5.5");
        if let Some(ct) = ct {
            req = req.header("content-type", ct);
        }
        let res = server.send(req.body(Body::empty()).expect("request")).await;
        assert_eq!(res.status(), status(415), "{ct:?}");
    }
    // Undecodable body and unknown command.
    let res = server.anonymous(&org, b"\xc1garbage".to_vec()).await;
    assert_eq!(res.status(), status(415));
    let unknown = rmpv_map(&[("cmd", "no_such_command")]);
    assert_eq!(server.anonymous(&org, unknown).await.status(), status(415));
    // Wrong method.
    let res = server
        .send(
            Request::put(format!("/anonymous/{org}"))
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        body_bytes(res).await.as_ref(),
        br#"{"detail":"Method Not Allowed"}"#
    );
    // Unknown path: HTML 404.
    let res = server
        .send(Request::get("/nope").body(Body::empty()).expect("request"))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

fn rmpv_map(pairs: &[(&str, &str)]) -> Vec<u8> {
    let v = rmpv::Value::Map(
        pairs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect(),
    );
    parsec_protocol::data::write_value(&v)
}

async fn body_too_large(backend: Backend) {
    let server = TestServer::new(backend).await;
    let org = org_name("Big");
    let token = server.create_org(&org).await;
    let big = vec![0u8; 1024 * 1024 + 1];
    assert_eq!(
        server.anonymous(&org, big.clone()).await.status(),
        status(413)
    );
    // Authenticated route: the body is read before the credentials are looked up.
    let b = server.bootstrap(&org, Some(token)).await;
    assert_eq!(
        server.authenticated(&org, &b.device, big).await.status(),
        status(413)
    );
    let req = rpc_request(&format!("/authenticated/{org}"), vec![0u8; 1024 * 1024 + 1])
        .header(
            "authorization",
            "Bearer PARSEC-SIGN-ED25519.00000000000000000000000000000000.1.AA==",
        )
        .body_bytes();
    assert_eq!(server.send(req).await.status(), status(413));
}

async fn authenticated_errors(backend: Backend) {
    let server = TestServer::new(backend).await;
    let org = org_name("Auth");
    let token = server.create_org(&org).await;
    let b = server.bootstrap(&org, Some(token)).await;
    let body = organization_info::Req.dump();
    let send = |auth: Option<String>| {
        let mut req = rpc_request(&format!("/authenticated/{org}"), body.clone());
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        server.send(req.body_bytes())
    };
    let now = DateTime::now();
    // 401: missing or malformed.
    assert_eq!(send(None).await.status(), status(401));
    let good = b.device.auth_header(now);
    assert_eq!(
        send(Some(good.trim_end_matches('=').to_owned()))
            .await
            .status(),
        status(401)
    );
    assert_eq!(
        send(Some(good.replace("Bearer ", "Basic "))).await.status(),
        status(401)
    );
    assert_eq!(
        send(Some(format!("{good} extra"))).await.status(),
        status(401)
    );
    // The scheme is case-insensitive.
    assert_eq!(
        send(Some(good.replace("Bearer", "bearer"))).await.status(),
        StatusCode::OK
    );
    // 403: unknown device, bad signature.
    let stranger = DeviceID::generate(&OsRandom::new());
    assert_eq!(
        send(Some(authenticated_header(
            stranger,
            &b.device.key,
            now.as_secs()
        )))
        .await
        .status(),
        status(403)
    );
    let other_key = SigningKey::generate(&OsRandom::new());
    let forged = authenticated_header(b.device.device_id, &other_key, now.as_secs());
    assert_eq!(send(Some(forged)).await.status(), status(403));
    // 498: outside −300/+320 s.
    assert_eq!(
        send(Some(b.device.auth_header(now.add_micros(-330_000_000))))
            .await
            .status(),
        status(498)
    );
    assert_eq!(
        send(Some(b.device.auth_header(now.add_micros(310_000_000))))
            .await
            .status(),
        status(498)
    );
    assert_eq!(
        send(Some(b.device.auth_header(now.add_micros(-300_000_000))))
            .await
            .status(),
        StatusCode::OK
    );
    // Undecodable body after a good handshake: 415; extra key on a field-less command: 415.
    let res = server
        .authenticated(&org, &b.device, b"\x90".to_vec())
        .await;
    assert_eq!(res.status(), status(415));
    let extra = rmpv_map(&[("cmd", "organization_info"), ("extra", "x")]);
    assert_eq!(
        server.authenticated(&org, &b.device, extra).await.status(),
        status(415)
    );
    // The TOS route accepts the same credentials but no authenticated command.
    let req = rpc_request(&format!("/authenticated/{org}/tos"), body.clone())
        .header("authorization", b.device.auth_header(now))
        .body_bytes();
    assert_eq!(server.send(req).await.status(), status(415));
}

async fn frozen_expired_tos(backend: Backend) {
    let server = TestServer::new(backend).await;
    let org = org_name("States");
    let token = server.create_org(&org).await;
    let b = server.bootstrap(&org, Some(token)).await;
    let info = || server.authenticated(&org, &b.device, organization_info::Req.dump());
    assert_eq!(info().await.status(), StatusCode::OK);
    // Its look-up is kept: each change below must be seen by the very next request.
    let kept = || {
        server
            .state
            .credentials
            .contains(&org_id(&org), b.device.device_id)
    };
    assert!(kept());

    // Frozen: 462.
    let freeze_path = format!("/organizations/{org}/users/freeze");
    let freeze = |frozen: bool| {
        server.admin(
            Method::POST,
            &freeze_path,
            Some(json!({ "frozen": frozen, "user_email": "alice@example.com" })),
        )
    };
    assert_eq!(freeze(true).await.0, StatusCode::OK);
    assert_eq!(info().await.status(), status(462));
    assert_eq!(freeze(false).await.0, StatusCode::OK);
    assert_eq!(info().await.status(), StatusCode::OK);

    // TOS set: 463 on the main route (and the event stream), not on /tos, where the user
    // reads and accepts them. Set again later: 463 again until accepted again.
    let org_path = format!("/organizations/{org}");
    let patch = |body| server.admin(Method::PATCH, &org_path, Some(body));
    assert_eq!(
        patch(json!({ "tos": { "en_US": "https://example.com/tos" } }))
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(info().await.status(), status(463));
    let events = Request::get(format!("/authenticated/{org}/events"))
        .header("api-version", "5.5")
        .header("accept", "text/event-stream")
        .header("authorization", b.device.auth_header(DateTime::now()))
        .body(Body::empty())
        .expect("request");
    assert_eq!(server.send(events).await.status(), status(463));
    let tos = |body: Vec<u8>| {
        let req = rpc_request(&format!("/authenticated/{org}/tos"), body)
            .header("authorization", b.device.auth_header(DateTime::now()))
            .body_bytes();
        server.send(req)
    };
    let get = || async {
        let res = tos(tos_get::Req.dump()).await;
        assert_eq!(res.status(), StatusCode::OK);
        tos_get::Rep::load(&body_bytes(res).await).expect("tos_get reply")
    };
    let accept = |on: DateTime| async move {
        let res = tos(tos_accept::Req { tos_updated_on: on }.dump()).await;
        assert_eq!(res.status(), StatusCode::OK);
        tos_accept::Rep::load(&body_bytes(res).await).expect("tos_accept reply")
    };
    let tos_get::Rep::Ok(first) = get().await else {
        panic!("terms expected")
    };
    assert_eq!(
        first.per_locale_urls.get("en_US").map(String::as_str),
        Some("https://example.com/tos")
    );
    // An authenticated command is not served on /tos.
    assert_eq!(
        tos(organization_info::Req.dump()).await.status(),
        status(415)
    );
    assert_eq!(
        accept(first.updated_on.add_micros(-1)).await,
        tos_accept::Rep::TosMismatch
    );
    assert_eq!(
        info().await.status(),
        status(463),
        "a mismatch accepts nothing"
    );
    assert_eq!(accept(first.updated_on).await, tos_accept::Rep::Ok);
    assert_eq!(info().await.status(), StatusCode::OK);
    assert!(kept());
    assert_eq!(
        patch(json!({ "tos": { "en_US": "https://example.com/tos" } }))
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        info().await.status(),
        status(463),
        "new terms, accept again"
    );
    let tos_get::Rep::Ok(second) = get().await else {
        panic!("terms expected")
    };
    assert!(second.updated_on > first.updated_on);
    assert_eq!(accept(first.updated_on).await, tos_accept::Rep::TosMismatch);
    assert_eq!(accept(second.updated_on).await, tos_accept::Rep::Ok);
    assert_eq!(info().await.status(), StatusCode::OK);
    assert_eq!(patch(json!({ "tos": null })).await.0, StatusCode::OK);
    assert_eq!(get().await, tos_get::Rep::NoTos);
    assert_eq!(accept(second.updated_on).await, tos_accept::Rep::NoTos);
    assert_eq!(info().await.status(), StatusCode::OK);
    assert!(kept());

    // Expired: 460 everywhere.
    assert_eq!(patch(json!({ "is_expired": true })).await.0, StatusCode::OK);
    assert_eq!(info().await.status(), status(460));
    let probe = Request::get(format!("/anonymous/{org}"))
        .header("api-version", "5.5")
        .header("content-type", "application/msgpack")
        .body(Body::empty())
        .expect("request");
    assert_eq!(server.send(probe).await.status(), status(460));
    let t = AccessToken::generate(&OsRandom::new());
    let invited = rpc_request(
        &format!("/invited/{org}"),
        ping::Req { ping: "x".into() }.dump(),
    )
    .header("authorization", format!("Bearer {}", t.hex()))
    .body_bytes();
    assert_eq!(server.send(invited).await.status(), status(460));
}

async fn invited_errors(backend: Backend) {
    let server = TestServer::new(backend).await;
    let org = org_name("Inv");
    server.create_org(&org).await;
    let body = ping::Req { ping: "x".into() }.dump();
    let send = |auth: Option<String>| {
        let mut req = rpc_request(&format!("/invited/{org}"), body.clone());
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        server.send(req.body_bytes())
    };
    assert_eq!(send(None).await.status(), status(401));
    let t = AccessToken::generate(&OsRandom::new());
    let hyphenated = uuid_like(&t.hex());
    assert_eq!(
        send(Some(format!("Bearer {hyphenated}"))).await.status(),
        status(401)
    );
    assert_eq!(
        send(Some(format!("Bearer {}", t.hex().to_uppercase())))
            .await
            .status(),
        status(403)
    );
}

fn uuid_like(hex: &str) -> String {
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

async fn ping_needs_debug(backend: Backend) {
    let server = TestServer::new(backend).await;
    let org = org_name("Ping");
    server.create_org(&org).await;
    let body = ping::Req {
        ping: "hello".into(),
    }
    .dump();
    assert_eq!(
        server.anonymous(&org, body.clone()).await.status(),
        status(500)
    );

    let debug = TestServer::with_config(backend, |c| c.debug = true).await;
    debug.create_org(&org).await;
    let res = debug.anonymous(&org, body).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/msgpack");
    assert_eq!(
        ping::Rep::load(&body_bytes(res).await).expect("decodable"),
        ping::Rep::Ok(ping::Pong {
            pong: "hello".into()
        })
    );
}

async fn redirect(backend: Backend) {
    let server = TestServer::new(backend).await;
    let res = server
        .send(
            Request::get("/redirect/MyOrg?a=claim_user&no_ssl=false&p=xBCgAAAAAAAAAAAAAAAAAAAB")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(
        res.headers()["location"],
        "parsec3://127.0.0.1:6770/MyOrg?a=claim_user&p=xBCgAAAAAAAAAAAAAAAAAAAB&no_ssl=true"
    );
}

/// Organization IDs are percent-encoded UTF-8 in paths (wire.md §1.1).
async fn unicode_organization(backend: Backend) {
    let server = TestServer::new(backend).await;
    let org = format!("Orgé{}", &org_name("")[..6]);
    server.create_org(&org).await;
    let encoded = parsec_protocol::ids::OrganizationID::url_segment(&crate::common::org_id(&org));
    assert!(encoded.contains("%C3%A9"), "{encoded}");
    let probe = Request::get(format!("/anonymous/{encoded}"))
        .header("api-version", "5.5")
        .header("content-type", "application/msgpack")
        .body(Body::empty())
        .expect("request");
    assert_eq!(server.send(probe).await.status(), StatusCode::OK);
    let (status, _) = server
        .admin(Method::GET, &format!("/organizations/{encoded}"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
}

on_every_backend!(
    unicode_organization,
    api_version,
    organization_and_content_type,
    body_too_large,
    authenticated_errors,
    frozen_expired_tos,
    invited_errors,
    ping_needs_debug,
    redirect,
);
