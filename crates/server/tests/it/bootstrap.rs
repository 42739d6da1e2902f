//! `organization_bootstrap`: every refusal of certificates.md §5.2 leaves the
//! organization untouched, so a later valid bootstrap still works.

use crate::common::{body_bytes, org_name, Backend, TestBootstrap, TestServer};
use crate::on_every_backend;
use axum::http::{Method, StatusCode};
use parsec_protocol::certif::dump_and_sign;
use parsec_protocol::certif::SequesterAuthorityCertificate;
use parsec_protocol::cmds::anonymous::organization_bootstrap::{Rep, Req};
use parsec_protocol::crypto::{OsRandom, SigningKey};
use parsec_protocol::ids::{AccessToken, UserID, UserProfile};
use parsec_protocol::DateTime;

async fn send(server: &TestServer, org: &str, req: &Req) -> Rep {
    let res = server.anonymous(org, req.dump()).await;
    assert_eq!(res.status(), StatusCode::OK);
    Rep::load(&body_bytes(res).await).expect("decodable reply")
}

/// Sends a refused request, then checks nothing changed and a valid bootstrap works.
async fn assert_refused_then_valid(
    server: &TestServer,
    org: &str,
    token: AccessToken,
    req: Req,
    expected: Rep,
) {
    assert_eq!(send(server, org, &req).await, expected);
    let status = server.org_status(org).await;
    assert_eq!(status["is_bootstrapped"], false, "{status}");
    server.bootstrap(org, Some(token)).await;
    assert_eq!(server.org_status(org).await["is_bootstrapped"], true);
}

async fn bad_signature(backend: Backend) {
    let server = TestServer::new(backend).await;
    let org = org_name("BadSig");
    let token = server.create_org(&org).await;
    let b = TestBootstrap::new(DateTime::now());
    let mut req = b.req(Some(token));
    let other = SigningKey::generate(&OsRandom::new());
    req.device_certificate = dump_and_sign(&b.device_certificate, &other);
    assert_refused_then_valid(&server, &org, token, req, Rep::InvalidCertificate).await;
}

async fn redacted_mismatch(backend: Backend) {
    let server = TestServer::new(backend).await;
    let org = org_name("RedMis");
    let token = server.create_org(&org).await;
    let b = TestBootstrap::new(DateTime::now());
    let mut req = b.req(Some(token));
    let mut other = b.user_certificate.to_redacted();
    other.user_id = UserID::generate(&OsRandom::new());
    req.redacted_user_certificate = dump_and_sign(&other, &b.root);
    assert_refused_then_valid(&server, &org, token, req, Rep::InvalidCertificate).await;
}

async fn redacted_with_handle(backend: Backend) {
    let server = TestServer::new(backend).await;
    let org = org_name("RedHan");
    let token = server.create_org(&org).await;
    let b = TestBootstrap::new(DateTime::now());
    let mut req = b.req(Some(token));
    req.redacted_user_certificate = dump_and_sign(&b.user_certificate, &b.root);
    assert_refused_then_valid(&server, &org, token, req.clone(), Rep::InvalidCertificate).await;

    // Same for a redacted device certificate that keeps its label.
    let org = org_name("RedLab");
    let token = server.create_org(&org).await;
    let mut req = b.req(Some(token));
    req.redacted_device_certificate = dump_and_sign(&b.device_certificate, &b.root);
    assert_refused_then_valid(&server, &org, token, req, Rep::InvalidCertificate).await;
}

async fn out_of_ballpark(backend: Backend) {
    let server = TestServer::new(backend).await;
    let org = org_name("Ballpark");
    let token = server.create_org(&org).await;
    let client_ts = DateTime::now().add_micros(-400_000_000);
    let b = TestBootstrap::new(client_ts);
    let rep = send(&server, &org, &b.req(Some(token))).await;
    let Rep::TimestampOutOfBallpark(f) = rep else {
        panic!("expected timestamp_out_of_ballpark, got {rep:?}");
    };
    assert_eq!(f.ballpark_client_early_offset, 300.0);
    assert_eq!(f.ballpark_client_late_offset, 320.0);
    assert_eq!(f.client_timestamp, client_ts);
    assert!(f.server_timestamp > client_ts);
    assert_eq!(server.org_status(&org).await["is_bootstrapped"], false);
    // Floats on the wire, as the official server sends them (msgpack float 64).
    let raw = body_bytes(server.anonymous(&org, b.req(Some(token)).dump()).await).await;
    let needle = [&[0xcb][..], &300.0f64.to_be_bytes()].concat();
    assert!(raw.windows(needle.len()).any(|w| w == needle.as_slice()));
    server.bootstrap(&org, Some(token)).await;
}

async fn wrong_token(backend: Backend) {
    let server = TestServer::new(backend).await;
    let org = org_name("WrongTok");
    let token = server.create_org(&org).await;
    let b = TestBootstrap::new(DateTime::now());
    let wrong = AccessToken::generate(&OsRandom::new());
    assert_refused_then_valid(
        &server,
        &org,
        token,
        b.req(Some(wrong)),
        Rep::InvalidBootstrapToken,
    )
    .await;
    // A nil token on an organization created with one is wrong too.
    let org = org_name("NilTok");
    let token = server.create_org(&org).await;
    assert_refused_then_valid(
        &server,
        &org,
        token,
        b.req(None),
        Rep::InvalidBootstrapToken,
    )
    .await;
}

async fn not_admin(backend: Backend) {
    let server = TestServer::new(backend).await;
    let org = org_name("NotAdmin");
    let token = server.create_org(&org).await;
    let mut b = TestBootstrap::new(DateTime::now());
    b.user_certificate.profile = UserProfile::Standard;
    assert_refused_then_valid(
        &server,
        &org,
        token,
        b.req(Some(token)),
        Rep::InvalidCertificate,
    )
    .await;
}

async fn user_device_mismatch(backend: Backend) {
    let server = TestServer::new(backend).await;
    let org = org_name("Mismatch");
    let token = server.create_org(&org).await;
    let mut b = TestBootstrap::new(DateTime::now());
    b.device_certificate.timestamp = b.device_certificate.timestamp.add_micros(1);
    assert_refused_then_valid(
        &server,
        &org,
        token,
        b.req(Some(token)),
        Rep::InvalidCertificate,
    )
    .await;
    let org = org_name("Mismatch");
    let token = server.create_org(&org).await;
    let mut b = TestBootstrap::new(DateTime::now());
    b.device_certificate.user_id = UserID::generate(&OsRandom::new());
    assert_refused_then_valid(
        &server,
        &org,
        token,
        b.req(Some(token)),
        Rep::InvalidCertificate,
    )
    .await;
}

async fn reused_token(backend: Backend) {
    let server = TestServer::new(backend).await;
    let org = org_name("Reused");
    let token = server.create_org(&org).await;
    let first = server.bootstrap(&org, Some(token)).await;
    let again = TestBootstrap::new(DateTime::now());
    assert_eq!(
        send(&server, &org, &again.req(Some(token))).await,
        Rep::OrganizationAlreadyBootstrapped
    );
    // The token check comes first: a wrong token on a bootstrapped organization.
    let wrong = AccessToken::generate(&OsRandom::new());
    assert_eq!(
        send(&server, &org, &again.req(Some(wrong))).await,
        Rep::InvalidBootstrapToken
    );
    // The first bootstrap's user is still the only one.
    let (_, users) = server
        .admin(Method::GET, &format!("/organizations/{org}/users"), None)
        .await;
    assert_eq!(users["users"].as_array().map(Vec::len), Some(1));
    assert_eq!(users["users"][0]["user_id"], first.device.user_id.hex());
}

async fn spontaneous(backend: Backend) {
    let server =
        TestServer::with_config(backend, |c| c.spontaneous_organization_bootstrap = true).await;
    let org = org_name("Spont");
    // GET does not create it.
    let probe = server
        .send(
            axum::http::Request::get(format!("/anonymous/{org}"))
                .header("api-version", "5.5")
                .header("content-type", "application/msgpack")
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(probe.status(), StatusCode::NOT_FOUND);
    // A refused spontaneous bootstrap creates nothing.
    let mut bad = TestBootstrap::new(DateTime::now());
    bad.user_certificate.profile = UserProfile::Outsider;
    assert_eq!(
        send(&server, &org, &bad.req(None)).await,
        Rep::InvalidCertificate
    );
    let (status, _) = server
        .admin(Method::GET, &format!("/organizations/{org}"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A token on an unknown organization is invalid (spontaneous ones have none).
    let b = TestBootstrap::new(DateTime::now());
    let t = AccessToken::generate(&OsRandom::new());
    assert_eq!(
        send(&server, &org, &b.req(Some(t))).await,
        Rep::InvalidBootstrapToken
    );
    assert_eq!(send(&server, &org, &b.req(None)).await, Rep::Ok);
    assert_eq!(server.org_status(&org).await["is_bootstrapped"], true);
}

async fn unknown_org_without_spontaneous(backend: Backend) {
    let server = TestServer::new(backend).await;
    let b = TestBootstrap::new(DateTime::now());
    let res = server
        .anonymous(&org_name("Nope"), b.req(None).dump())
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

async fn sequester_authority(backend: Backend) {
    let server = TestServer::new(backend).await;
    let org = org_name("Seq");
    let token = server.create_org(&org).await;
    let b = TestBootstrap::new(DateTime::now());
    let authority = SequesterAuthorityCertificate {
        timestamp: b.user_certificate.timestamp,
        verify_key_der: vec![0x30, 0x82, 0x01, 0x22],
    };
    // Different timestamp: refused.
    let mut req = b.req(Some(token));
    let shifted = SequesterAuthorityCertificate {
        timestamp: authority.timestamp.add_micros(1),
        ..authority.clone()
    };
    req.sequester_authority_certificate = Some(dump_and_sign(&shifted, &b.root));
    assert_eq!(send(&server, &org, &req).await, Rep::InvalidCertificate);
    // Not root-signed: refused.
    let other = SigningKey::generate(&OsRandom::new());
    req.sequester_authority_certificate = Some(dump_and_sign(&authority, &other));
    assert_eq!(send(&server, &org, &req).await, Rep::InvalidCertificate);
    assert_eq!(server.org_status(&org).await["is_bootstrapped"], false);
    // Valid.
    let signed = dump_and_sign(&authority, &b.root);
    req.sequester_authority_certificate = Some(signed.clone());
    assert_eq!(send(&server, &org, &req).await, Rep::Ok);
    let certs =
        crate::certificates::certificate_get(&server, &org, &b.device, Default::default()).await;
    assert_eq!(
        certs.sequester_certificates,
        vec![serde_bytes::ByteBuf::from(signed)]
    );
    // The administration API now knows the organization is sequestered.
    let (status, body) = server
        .admin(
            Method::GET,
            &format!("/organizations/{org}/sequester/services"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{body}");
}

async fn create_replaces_unbootstrapped(backend: Backend) {
    let server = TestServer::new(backend).await;
    let org = org_name("Replace");
    let old = server.create_org(&org).await;
    let new = server.create_org(&org).await;
    assert_ne!(old, new);
    let b = TestBootstrap::new(DateTime::now());
    assert_eq!(
        send(&server, &org, &b.req(Some(old))).await,
        Rep::InvalidBootstrapToken
    );
    server.bootstrap(&org, Some(new)).await;
    let (status, body) = server
        .admin(
            Method::POST,
            "/organizations",
            Some(serde_json::json!({ "organization_id": org })),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        serde_json::json!({ "detail": "Organization already exists" })
    );
}

on_every_backend!(
    bad_signature,
    redacted_mismatch,
    redacted_with_handle,
    out_of_ballpark,
    wrong_token,
    not_admin,
    user_device_mismatch,
    reused_token,
    spontaneous,
    unknown_org_without_spontaneous,
    sequester_authority,
    create_replaces_unbootstrapped,
);
