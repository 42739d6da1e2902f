//! The administration REST API (wire.md §8).

use crate::common::{body_bytes, org_name, Backend, TestServer, TOKEN};
use crate::on_every_backend;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use parsec_protocol::addr::BootstrapAddr;
use serde_json::{json, Value};

async fn auth_errors(backend: Backend) {
    let server = TestServer::new(backend).await;
    let not_auth = json!({ "detail": "Not authenticated" });
    let bad = json!({ "detail": "Bad authorization token" });
    for (auth, expected) in [
        (None, &not_auth),
        (Some(format!("Basic {TOKEN}")), &not_auth),
        (Some("Bearer wrong".to_owned()), &bad),
        (Some(format!("Bearer {TOKEN}x")), &bad),
    ] {
        let (status, body) = server
            .admin_with_auth(Method::GET, "/organizations/a.b", None, auth.as_deref())
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{auth:?}");
        assert_eq!(&body, expected);
    }
    let (status, _) = server
        .admin_with_auth(
            Method::GET,
            "/stats",
            None,
            Some(&format!("bearer {TOKEN}")),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}

async fn create_get_patch(backend: Backend) {
    let server = TestServer::new(backend).await;
    let org = org_name("Adm");
    let (status, body) = server
        .admin(
            Method::POST,
            "/organizations",
            Some(json!({ "organization_id": org })),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let url = body["bootstrap_url"].as_str().expect("url");
    assert!(
        url.starts_with(&format!(
            "parsec3://127.0.0.1:6770/{org}?no_ssl=true&a=bootstrap_organization&p="
        )),
        "{url}"
    );
    let http = body["bootstrap_url_as_http_redirection"]
        .as_str()
        .expect("url");
    assert!(
        http.starts_with(&format!(
            "http://127.0.0.1:6770/redirect/{org}?a=bootstrap_organization&p="
        )),
        "{http}"
    );
    assert!(BootstrapAddr::from_any(http).is_ok());

    assert_eq!(
        server.org_status(&org).await,
        json!({
            "is_bootstrapped": false, "is_expired": false, "user_profile_outsider_allowed": true,
            "active_users_limit": null, "realm_minimum_archiving_period_before_deletion": 2592000,
            "tos": null
        })
    );

    let path = format!("/organizations/{org}");
    let patch = |body: Value| server.admin(Method::PATCH, &path, Some(body));
    let (status, body) = patch(json!({
        "user_profile_outsider_allowed": false, "active_users_limit": 5,
        "realm_minimum_archiving_period_before_deletion": 10,
        "tos": { "fr_FR": "https://example.com/fr", "en_US": "https://example.com/en" }
    }))
    .await;
    assert_eq!((status, body), (StatusCode::OK, json!({})));
    let s = server.org_status(&org).await;
    assert_eq!(s["user_profile_outsider_allowed"], false);
    assert_eq!(s["active_users_limit"], 5);
    assert_eq!(s["realm_minimum_archiving_period_before_deletion"], 10);
    assert_eq!(
        s["tos"]["per_locale_urls"]["fr_FR"],
        "https://example.com/fr"
    );
    let updated_on = s["tos"]["updated_on"].as_str().expect("updated_on");
    assert!(
        parsec_protocol::DateTime::parse_rfc3339(updated_on).is_some(),
        "{updated_on}"
    );

    // A missing field leaves the value alone; null sets it.
    assert_eq!(patch(json!({ "is_expired": true })).await.0, StatusCode::OK);
    let s = server.org_status(&org).await;
    assert_eq!(s["active_users_limit"], 5);
    assert!(s["tos"].is_object());
    assert_eq!(s["is_expired"], true);
    assert_eq!(
        patch(json!({ "active_users_limit": null, "tos": null }))
            .await
            .0,
        StatusCode::OK
    );
    let s = server.org_status(&org).await;
    assert_eq!(s["active_users_limit"], Value::Null);
    assert_eq!(s["tos"], Value::Null);

    // Creation options.
    let other = org_name("AdmOpt");
    let (status, _) = server
        .admin(
            Method::POST,
            "/organizations",
            Some(json!({ "organization_id": other, "active_users_limit": 3, "user_profile_outsider_allowed": false })),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let s = server.org_status(&other).await;
    assert_eq!(
        (
            s["active_users_limit"].clone(),
            s["user_profile_outsider_allowed"].clone()
        ),
        (json!(3), json!(false))
    );
}

async fn errors(backend: Backend) {
    let server = TestServer::new(backend).await;
    let (status, body) = server.admin(Method::GET, "/organizations/a.b", None).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::NOT_FOUND,
            json!({ "detail": "Invalid organization ID" })
        )
    );
    let unknown = org_name("Nope");
    for path in [
        format!("/organizations/{unknown}"),
        format!("/organizations/{unknown}/stats"),
        format!("/organizations/{unknown}/users"),
    ] {
        let (status, body) = server.admin(Method::GET, &path, None).await;
        assert_eq!(
            (status, body),
            (
                StatusCode::NOT_FOUND,
                json!({ "detail": "Organization not found" })
            ),
            "{path}"
        );
    }
    let (status, body) = server
        .admin(
            Method::PATCH,
            &format!("/organizations/{unknown}"),
            Some(json!({ "is_expired": true })),
        )
        .await;
    assert_eq!(
        (status, body),
        (
            StatusCode::NOT_FOUND,
            json!({ "detail": "Organization not found" })
        )
    );
    // Strict types, ranges, required fields, JSON content type.
    for bad in [
        json!({ "organization_id": unknown, "user_profile_outsider_allowed": "true" }),
        json!({ "organization_id": unknown, "active_users_limit": -1 }),
        json!({ "organization_id": "a.b" }),
        json!({}),
    ] {
        let (status, body) = server
            .admin(Method::POST, "/organizations", Some(bad.clone()))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(body["detail"].is_array(), "{body}");
    }
    let req = Request::post("/administration/organizations")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::from(
            json!({ "organization_id": unknown }).to_string(),
        ))
        .expect("request");
    assert_eq!(
        server.send(req).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

async fn stats_users_freeze(backend: Backend) {
    let server = TestServer::new(backend).await;
    let org = org_name("Stats");
    let token = server.create_org(&org).await;
    let b = server.bootstrap(&org, Some(token)).await;

    let (status, body) = server
        .admin(Method::GET, &format!("/organizations/{org}/stats"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({
            "realms": 0, "data_size": 0, "metadata_size": 0, "users": 1, "active_users": 1,
            "users_per_profile_detail": {
                "ADMIN": { "active": 1, "revoked": 0 },
                "STANDARD": { "active": 0, "revoked": 0 },
                "OUTSIDER": { "active": 0, "revoked": 0 }
            }
        })
    );

    let (status, body) = server.admin(Method::GET, "/stats", None).await;
    assert_eq!(status, StatusCode::OK);
    let mine: Vec<&Value> = body["stats"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|s| s["organization_id"] == org.as_str())
        .collect();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["active_users"], 1);
    // Organizations created after `at` are left out.
    let (_, body) = server
        .admin(Method::GET, "/stats?at=2000-01-01T00:00:00Z", None)
        .await;
    assert_eq!(body, json!({ "stats": [] }));
    let req = Request::get("/administration/stats?format=csv")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .expect("request");
    let res = server.send(req).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap_or_default()
        .starts_with("text/csv"));
    let csv = String::from_utf8(body_bytes(res).await.to_vec()).expect("utf-8");
    assert!(csv.starts_with(
        "organization_id,data_size,metadata_size,realms,active_users,admin_users_active,"
    ));
    assert!(
        csv.contains(&format!("{org},0,0,0,1,1,0,0,0,0,0\r\n")),
        "{csv}"
    );
    assert_eq!(
        server.admin(Method::GET, "/stats?format=xml", None).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        server
            .admin(Method::GET, "/stats?at=yesterday", None)
            .await
            .0,
        StatusCode::BAD_REQUEST
    );

    let users_path = format!("/organizations/{org}/users");
    let (status, body) = server.admin(Method::GET, &users_path, None).await;
    assert_eq!(status, StatusCode::OK);
    let alice = json!({
        "user_id": b.device.user_id.hex(), "user_email": "alice@example.com",
        "user_name": "Alice", "frozen": false
    });
    assert_eq!(body, json!({ "users": [alice.clone()] }));

    let freeze_path = format!("/organizations/{org}/users/freeze");
    let freeze = |body: Value| server.admin(Method::POST, &freeze_path, Some(body));
    let (status, body) =
        freeze(json!({ "frozen": true, "user_id": b.device.user_id.hyphenated() })).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["frozen"], true);
    let (status, body) =
        freeze(json!({ "frozen": false, "user_email": "alice@example.com" })).await;
    assert_eq!((status, body), (StatusCode::OK, alice));
    let both = json!({ "frozen": true, "user_email": "alice@example.com", "user_id": b.device.user_id.hex() });
    assert_eq!(freeze(both).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(
        freeze(json!({ "frozen": true })).await.0,
        StatusCode::BAD_REQUEST
    );
    let (status, body) = freeze(json!({ "frozen": true, "user_email": "bob@example.com" })).await;
    assert_eq!(
        (status, body),
        (StatusCode::NOT_FOUND, json!({ "detail": "User not found" }))
    );
    let (status, body) =
        freeze(json!({ "frozen": true, "user_id": "00000000000000000000000000000000" })).await;
    assert_eq!(
        (status, body),
        (StatusCode::NOT_FOUND, json!({ "detail": "User not found" }))
    );
    assert_eq!(
        freeze(json!({ "frozen": "yes", "user_email": "a@b.c" }))
            .await
            .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // Non-sequestered organization.
    let (status, body) = server
        .admin(
            Method::GET,
            &format!("/organizations/{org}/sequester/services"),
            None,
        )
        .await;
    assert_eq!(
        (status, body),
        (
            StatusCode::BAD_REQUEST,
            json!({ "detail": "Sequester disabled" })
        )
    );
}

on_every_backend!(auth_errors, create_get_patch, errors, stats_users_freeze);

/// A server serving HTTPS itself (`--ssl-certfile`) answers with `https` URLs even without
/// `X-Forwarded-Proto`.
#[tokio::test]
async fn bootstrap_urls_follow_our_own_tls() {
    let server = TestServer::with_config(Backend::Memory, |c| c.https = true).await;
    let org = org_name("Tls");
    let (status, body) = server
        .admin(
            Method::POST,
            "/organizations",
            Some(json!({ "organization_id": org })),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let url = body["bootstrap_url"].as_str().expect("url");
    assert!(
        url.starts_with(&format!(
            "parsec3://127.0.0.1:6770/{org}?a=bootstrap_organization&p="
        )),
        "{url}"
    );
    let http = body["bootstrap_url_as_http_redirection"]
        .as_str()
        .expect("url");
    assert!(
        http.starts_with(&format!(
            "https://127.0.0.1:6770/redirect/{org}?a=bootstrap_organization&p="
        )),
        "{http}"
    );
}
