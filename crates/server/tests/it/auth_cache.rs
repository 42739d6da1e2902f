//! The kept authentication look-ups (`parsec_server::credential_cache`): a device's next
//! requests skip the database look-up, and what changes the checks is seen by the very
//! next request. Freezing, terms of service and expiry are in `handshake.rs`.

use crate::certificates::certificate_get;
use crate::common::{Backend, TestOrg};
use crate::on_every_backend;
use axum::http::StatusCode;
use parsec_protocol::cmds::authenticated::{organization_info, user_revoke, user_update};
use parsec_protocol::ids::UserProfile;

async fn revocation_and_profile_change(backend: Backend) {
    let o = TestOrg::new(backend).await;
    let bob = o
        .create_user(&o.alice, "bob@example.com", "Bob", UserProfile::Standard)
        .await;
    let credentials = &o.server.state.credentials;
    let as_standard = certificate_get(&o.server, &o.org, &bob, Default::default()).await;
    assert!(credentials.contains(&o.org_id(), bob.device_id), "kept");

    // Made an outsider: the next request carries the new profile (redacted certificates).
    assert_eq!(
        o.update(&o.alice, bob.user_id, UserProfile::Outsider).await,
        user_update::Rep::Ok
    );
    assert!(
        !credentials.contains(&o.org_id(), bob.device_id),
        "forgotten"
    );
    let as_outsider = certificate_get(&o.server, &o.org, &bob, Default::default()).await;
    assert_ne!(
        as_standard.common_certificates[..2],
        as_outsider.common_certificates[..2],
        "an outsider gets the redacted certificates"
    );
    assert!(
        credentials.contains(&o.org_id(), bob.device_id),
        "kept again"
    );

    // Revoked: refused at once.
    assert_eq!(o.revoke(&o.alice, bob.user_id).await, user_revoke::Rep::Ok);
    let res = o.auth(&bob, organization_info::Req.dump()).await;
    assert_eq!(res.status().as_u16(), 461);
    assert!(!credentials.contains(&o.org_id(), bob.device_id));
    // The revoking admin's own look-up is still kept.
    assert!(credentials.contains(&o.org_id(), o.alice.device_id));
}

async fn disabled_by_zero(backend: Backend) {
    let o = TestOrg::with_config(backend, |c| c.auth_cache_entries = 0).await;
    let res = o.auth(&o.alice, organization_info::Req.dump()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(o.server.state.credentials.is_empty());
}

on_every_backend!(revocation_and_profile_change, disabled_by_zero);
