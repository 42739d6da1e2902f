//! `certificate_get` (certificates.md §10.1) and `organization_info`.

use crate::common::{body_bytes, org_id, org_name, Backend, TestBootstrap, TestDevice, TestServer};
use crate::on_every_backend;
use axum::http::StatusCode;
use parsec_protocol::cmds::authenticated::{certificate_get, organization_info};
use parsec_protocol::ids::UserProfile;
use parsec_protocol::DateTime;
use parsec_server::services::bootstrap::validate;
use serde_bytes::ByteBuf;

pub async fn certificate_get(
    server: &TestServer,
    org: &str,
    device: &TestDevice,
    req: certificate_get::Req,
) -> certificate_get::Certificates {
    let res = server.authenticated(org, device, req.dump()).await;
    assert_eq!(res.status(), StatusCode::OK);
    match certificate_get::Rep::load(&body_bytes(res).await).expect("decodable reply") {
        certificate_get::Rep::Ok(c) => c,
        other => panic!("unexpected reply {other:?}"),
    }
}

async fn verbatim_after_bootstrap(backend: Backend) {
    let server = TestServer::new(backend).await;
    let org = org_name("Certs");
    let token = server.create_org(&org).await;
    let b = TestBootstrap::new(DateTime::now());
    let req = b.req(Some(token));
    let res = server.anonymous(&org, req.dump()).await;
    assert_eq!(res.status(), StatusCode::OK);

    let certs = certificate_get(&server, &org, &b.device, Default::default()).await;
    assert_eq!(
        certs.common_certificates,
        vec![
            ByteBuf::from(req.user_certificate.clone()),
            ByteBuf::from(req.device_certificate.clone())
        ]
    );
    assert!(certs.sequester_certificates.is_empty());
    assert!(certs.shamir_recovery_certificates.is_empty());
    assert!(certs.realm_certificates.is_empty());

    // `common_after` is exclusive.
    let ts = b.user_certificate.timestamp;
    let after = |t| certificate_get::Req {
        common_after: Some(t),
        ..Default::default()
    };
    assert!(certificate_get(&server, &org, &b.device, after(ts))
        .await
        .common_certificates
        .is_empty());
    let all = certificate_get(&server, &org, &b.device, after(ts.add_micros(-1))).await;
    assert_eq!(all.common_certificates.len(), 2);
}

/// A requester whose current profile is OUTSIDER gets the redacted certificates. No
/// command can make an OUTSIDER yet, so the store is filled directly.
async fn outsider_gets_redacted(backend: Backend) {
    let server = TestServer::new(backend).await;
    let org = org_name("Outsider");
    let token = server.create_org(&org).await;
    let b = TestBootstrap::new(DateTime::now());
    let req = b.req(Some(token));
    let mut data = validate(&req, DateTime::now())
        .expect("valid bootstrap")
        .data;
    data.user.current_profile = UserProfile::Outsider;
    server
        .state
        .store
        .bootstrap_organization(&org_id(&org), Some(token), None, data)
        .await
        .expect("stored");
    let certs = certificate_get(&server, &org, &b.device, Default::default()).await;
    assert_eq!(
        certs.common_certificates,
        vec![
            ByteBuf::from(req.redacted_user_certificate),
            ByteBuf::from(req.redacted_device_certificate)
        ]
    );
}

async fn organization_info_sizes(backend: Backend) {
    let server = TestServer::new(backend).await;
    let org = org_name("Info");
    let token = server.create_org(&org).await;
    let b = server.bootstrap(&org, Some(token)).await;
    let res = server
        .authenticated(&org, &b.device, organization_info::Req.dump())
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        organization_info::Rep::load(&body_bytes(res).await).expect("decodable"),
        organization_info::Rep::Ok(organization_info::Info {
            total_metadata_bytes: 0,
            total_block_bytes: 0
        })
    );
}

on_every_backend!(
    verbatim_after_bootstrap,
    outsider_gets_redacted,
    organization_info_sizes
);
