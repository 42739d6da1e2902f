//! Test support: a server on a chosen backend, request helpers, certificate builders.

#![allow(dead_code)]

use axum::body::{Body, Bytes};
use axum::http::{header, Method, Request, StatusCode};
use axum::response::Response;
use axum::Router;
use parsec_protocol::addr::BootstrapAddr;
use parsec_protocol::auth::authenticated_header;
use parsec_protocol::certif::{
    dump_and_sign, DeviceCertificate, DevicePurpose, PrivateKeyAlgorithm, RevokedUserCertificate,
    SigningKeyAlgorithm, UserCertificate, UserUpdateCertificate,
};
use parsec_protocol::cmds::anonymous::organization_bootstrap;
use parsec_protocol::cmds::authenticated::{device_create, user_create, user_revoke, user_update};
use parsec_protocol::crypto::{OsRandom, PrivateKey, SigningKey};
use parsec_protocol::ids::{
    AccessToken, DeviceID, HumanHandle, OrganizationID, UserID, UserProfile,
};
use parsec_protocol::DateTime;
use parsec_server::storage::memory::MemoryStorage;
use parsec_server::storage::sql::SqlStorage;
use parsec_server::storage::Storage;
use parsec_server::{app, AppState, ServerConfig};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

/// The administration token of test servers.
pub const TOKEN: &str = "t0ken";

/// Which storage a test runs on.
#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Memory,
    Sqlite,
    Postgres,
}

/// Runs an async test body on the in-memory store and on SQLite (and PostgreSQL when
/// `PARSEC_TEST_POSTGRES_URL` is set).
#[macro_export]
macro_rules! on_every_backend {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                use $crate::common::Backend;
                #[tokio::test]
                async fn memory() {
                    super::$name(Backend::Memory).await
                }
                #[tokio::test]
                async fn sqlite() {
                    super::$name(Backend::Sqlite).await
                }
                #[tokio::test]
                async fn postgres() {
                    if std::env::var_os("PARSEC_TEST_POSTGRES_URL").is_some() {
                        super::$name(Backend::Postgres).await
                    }
                }
            }
        )*
    };
}

/// A server instance behind `oneshot`.
pub struct TestServer {
    router: Router,
    pub state: AppState,
    _dir: Option<tempfile::TempDir>,
}

/// A unique organization name (PostgreSQL databases are shared between runs).
pub fn org_name(prefix: &str) -> String {
    let mut b = [0u8; 4];
    parsec_protocol::crypto::RandomSource::fill(&OsRandom::new(), &mut b);
    format!("{prefix}{}", hex::encode(b))
}

impl TestServer {
    pub async fn new(backend: Backend) -> Self {
        Self::with_config(backend, |_| {}).await
    }

    pub async fn with_config(backend: Backend, tweak: impl FnOnce(&mut ServerConfig)) -> Self {
        let (store, dir): (Arc<dyn Storage>, _) = match backend {
            Backend::Memory => (Arc::new(MemoryStorage::new()), None),
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let store = SqlStorage::open_sqlite(&dir.path().join("sub/parsec.sqlite"))
                    .await
                    .expect("open sqlite");
                (Arc::new(store), Some(dir))
            }
            Backend::Postgres => {
                let url = std::env::var("PARSEC_TEST_POSTGRES_URL").expect("checked by the caller");
                (
                    Arc::new(
                        SqlStorage::open_postgres(&url, 4, 1)
                            .await
                            .expect("open postgres"),
                    ),
                    None,
                )
            }
        };
        let mut config = ServerConfig::new(TOKEN);
        config.server_addr = Some(
            "parsec3://127.0.0.1:6770?no_ssl=true"
                .parse()
                .expect("valid address"),
        );
        tweak(&mut config);
        let state = AppState::new(store, config);
        Self {
            router: app(state.clone()),
            state,
            _dir: dir,
        }
    }

    /// A server on the SQLite file `path` (kept by the caller across restarts).
    pub async fn sqlite_at(path: &std::path::Path, tweak: impl FnOnce(&mut ServerConfig)) -> Self {
        let store = SqlStorage::open_sqlite(path).await.expect("open sqlite");
        let mut config = ServerConfig::new(TOKEN);
        tweak(&mut config);
        let state = AppState::new(Arc::new(store), config);
        Self {
            router: app(state.clone()),
            state,
            _dir: None,
        }
    }

    /// A server on the PostgreSQL database at `url`, exchanging events and wake-ups with
    /// the other servers on it when `cluster` is set (as `parsec-server run` does).
    pub async fn postgres_at(
        url: &str,
        cluster: bool,
        tweak: impl FnOnce(&mut ServerConfig),
    ) -> Self {
        let store = SqlStorage::open_postgres(url, 4, 1)
            .await
            .expect("open postgres");
        Self::postgres_with(url, store, cluster, tweak).await
    }

    /// [`TestServer::postgres_at`] on a store opened by the caller.
    pub async fn postgres_with(
        url: &str,
        store: SqlStorage,
        cluster: bool,
        tweak: impl FnOnce(&mut ServerConfig),
    ) -> Self {
        let mut config = ServerConfig::new(TOKEN);
        tweak(&mut config);
        let state = AppState::new(Arc::new(store), config);
        if cluster {
            parsec_server::cluster::PgCluster::start(url, state.local())
                .await
                .expect("listen");
        }
        Self {
            router: app(state.clone()),
            state,
            _dir: None,
        }
    }

    pub async fn send(&self, req: Request<Body>) -> Response {
        self.router
            .clone()
            .oneshot(req)
            .await
            .expect("infallible service")
    }

    /// An administration request with the right token; returns status and JSON body.
    pub async fn admin(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        self.admin_with_auth(method, path, body, Some(&format!("Bearer {TOKEN}")))
            .await
    }

    pub async fn admin_with_auth(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        auth: Option<&str>,
    ) -> (StatusCode, Value) {
        let mut req = Request::builder()
            .method(method)
            .uri(format!("/administration{path}"))
            .header(header::HOST, "127.0.0.1:6770");
        if let Some(auth) = auth {
            req = req.header(header::AUTHORIZATION, auth);
        }
        let req = match body {
            Some(b) => req
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(b.to_string())),
            None => req.body(Body::empty()),
        }
        .expect("valid request");
        let res = self.send(req).await;
        let status = res.status();
        let bytes = body_bytes(res).await;
        let json = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        (status, json)
    }

    /// Creates an organization through the API and returns its bootstrap token.
    pub async fn create_org(&self, org: &str) -> AccessToken {
        let (status, body) = self
            .admin(
                Method::POST,
                "/organizations",
                Some(serde_json::json!({ "organization_id": org })),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let url = body["bootstrap_url"].as_str().expect("bootstrap_url");
        BootstrapAddr::from_any(url)
            .expect("valid bootstrap URL")
            .token
            .expect("a token")
    }

    pub async fn org_status(&self, org: &str) -> Value {
        let (status, body) = self
            .admin(Method::GET, &format!("/organizations/{org}"), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }

    /// `POST /anonymous/{org}` with correct headers.
    pub async fn anonymous(&self, org: &str, body: Vec<u8>) -> Response {
        self.send(rpc_request(&format!("/anonymous/{org}"), body).body_bytes())
            .await
    }

    /// `POST /authenticated/{org}` signed by `device` now.
    pub async fn authenticated(&self, org: &str, device: &TestDevice, body: Vec<u8>) -> Response {
        let req = rpc_request(&format!("/authenticated/{org}"), body)
            .header(header::AUTHORIZATION, device.auth_header(DateTime::now()))
            .body_bytes();
        self.send(req).await
    }

    /// Bootstraps `org` with a fresh identity and returns it.
    pub async fn bootstrap(&self, org: &str, token: Option<AccessToken>) -> TestBootstrap {
        let b = TestBootstrap::new(fresh_timestamp());
        let res = self.anonymous(org, b.req(token).dump()).await;
        assert_eq!(res.status(), StatusCode::OK);
        let rep =
            organization_bootstrap::Rep::load(&body_bytes(res).await).expect("decodable reply");
        assert_eq!(rep, organization_bootstrap::Rep::Ok);
        b
    }
}

/// A new, empty PostgreSQL database on the server of `PARSEC_TEST_POSTGRES_URL`, dropped
/// (with whatever is still connected to it) when this value is.
pub struct FreshPgDatabase {
    /// Its URL.
    pub url: String,
    admin_url: String,
    name: String,
}

impl FreshPgDatabase {
    /// `None` when `PARSEC_TEST_POSTGRES_URL` is not set.
    pub async fn new(prefix: &str) -> Option<Self> {
        let admin_url = std::env::var("PARSEC_TEST_POSTGRES_URL").ok()?;
        let mut b = [0u8; 6];
        parsec_protocol::crypto::RandomSource::fill(&OsRandom::new(), &mut b);
        let name = format!("{prefix}_{}", hex::encode(b));
        let admin = sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .connect(&admin_url)
            .await
            .expect("connect to PostgreSQL");
        sqlx::query(&format!("CREATE DATABASE \"{name}\""))
            .execute(&admin)
            .await
            .expect("create database");
        admin.close().await;
        let mut url = url::Url::parse(&admin_url).expect("PARSEC_TEST_POSTGRES_URL is a URL");
        url.set_path(&format!("/{name}"));
        Some(Self {
            url: url.to_string(),
            admin_url,
            name,
        })
    }
}

impl Drop for FreshPgDatabase {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        // Dropped inside a test's runtime, which cannot be blocked on: another thread.
        let dropper = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async {
                if let Ok(admin) = sqlx::postgres::PgPoolOptions::new()
                    .max_connections(1)
                    .connect(&admin_url)
                    .await
                {
                    let sql = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                    let _ = sqlx::query(&sql).execute(&admin).await;
                    admin.close().await;
                }
            });
        });
        let _ = dropper.join();
    }
}

/// A request builder with `Api-Version` and `Content-Type` set, and its body kept aside.
pub struct RpcRequest {
    builder: axum::http::request::Builder,
    body: Vec<u8>,
}

pub fn rpc_request(uri: &str, body: Vec<u8>) -> RpcRequest {
    RpcRequest {
        builder: Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header("api-version", "5.5")
            .header(header::CONTENT_TYPE, "application/msgpack"),
        body,
    }
}

impl RpcRequest {
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        self.builder = self.builder.header(name.as_ref(), value.as_ref());
        self
    }

    pub fn body_bytes(self) -> Request<Body> {
        self.builder
            .body(Body::from(self.body))
            .expect("valid request")
    }
}

pub async fn body_bytes(res: Response) -> Bytes {
    axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .expect("readable body")
}

/// A device able to sign requests.
pub struct TestDevice {
    pub device_id: DeviceID,
    pub user_id: UserID,
    pub key: SigningKey,
}

impl TestDevice {
    pub fn auth_header(&self, at: DateTime) -> String {
        authenticated_header(self.device_id, &self.key, at.as_secs())
    }
}

/// Everything of a bootstrap: root key, first user and device, their certificates.
pub struct TestBootstrap {
    pub root: SigningKey,
    pub device: TestDevice,
    pub user_certificate: UserCertificate,
    pub device_certificate: DeviceCertificate,
}

impl TestBootstrap {
    pub fn new(timestamp: DateTime) -> Self {
        let rng = OsRandom::new();
        let user_id = UserID::generate(&rng);
        let device_id = DeviceID::generate(&rng);
        let key = SigningKey::generate(&rng);
        let email = "alice@example.com".parse().expect("valid email");
        let user_certificate = UserCertificate {
            author: None,
            timestamp,
            user_id,
            human_handle: Some(HumanHandle::new(email, "Alice").expect("valid handle")),
            public_key: PrivateKey::generate(&rng).public_key(),
            algorithm: PrivateKeyAlgorithm::X25519XSalsa20Poly1305,
            profile: UserProfile::Admin,
        };
        let device_certificate = DeviceCertificate {
            purpose: DevicePurpose::Standard,
            author: None,
            timestamp,
            user_id,
            device_id,
            device_label: Some("laptop".parse().expect("valid label")),
            verify_key: key.verify_key(),
            algorithm: SigningKeyAlgorithm::Ed25519,
        };
        Self {
            root: SigningKey::generate(&rng),
            device: TestDevice {
                device_id,
                user_id,
                key,
            },
            user_certificate,
            device_certificate,
        }
    }

    /// The request, all four certificates signed with the root key.
    pub fn req(&self, token: Option<AccessToken>) -> organization_bootstrap::Req {
        organization_bootstrap::Req {
            bootstrap_token: token,
            root_verify_key: self.root.verify_key(),
            user_certificate: dump_and_sign(&self.user_certificate, &self.root),
            device_certificate: dump_and_sign(&self.device_certificate, &self.root),
            redacted_user_certificate: dump_and_sign(
                &self.user_certificate.to_redacted(),
                &self.root,
            ),
            redacted_device_certificate: dump_and_sign(
                &self.device_certificate.to_redacted(),
                &self.root,
            ),
            sequester_authority_certificate: None,
        }
    }
}

pub fn org_id(s: &str) -> OrganizationID {
    s.parse().expect("valid organization ID")
}

/// A strictly increasing "now": certificates of the common topic must each be newer than
/// the previous one, and two `DateTime::now()` may be equal.
pub fn fresh_timestamp() -> DateTime {
    use std::sync::atomic::{AtomicI64, Ordering};
    static LAST: AtomicI64 = AtomicI64::new(0);
    let now = DateTime::now().as_micros();
    let mut prev = LAST.load(Ordering::SeqCst);
    loop {
        let next = now.max(prev + 1);
        match LAST.compare_exchange(prev, next, Ordering::SeqCst, Ordering::SeqCst) {
            Ok(_) => return DateTime::from_micros(next),
            Err(p) => prev = p,
        }
    }
}

/// Decodes a 200 reply with `load`.
pub async fn reply<T, E: std::fmt::Debug>(
    res: Response,
    load: impl FnOnce(&[u8]) -> Result<T, E>,
) -> T {
    assert_eq!(res.status(), StatusCode::OK, "HTTP status");
    load(&body_bytes(res).await).expect("decodable reply")
}

/// A user with its first device and keys, as a test builds them.
pub struct NewUserCertificates {
    pub device: TestDevice,
    pub user_certificate: UserCertificate,
    pub device_certificate: DeviceCertificate,
}

impl NewUserCertificates {
    /// Fresh IDs and keys for `email`/`label`, authored by `author` at `timestamp`.
    pub fn new(
        author: &TestDevice,
        email: &str,
        label: &str,
        profile: UserProfile,
        timestamp: DateTime,
    ) -> Self {
        let rng = OsRandom::new();
        let user_id = UserID::generate(&rng);
        let device_id = DeviceID::generate(&rng);
        let key = SigningKey::generate(&rng);
        let user_certificate = UserCertificate {
            author: Some(author.device_id),
            timestamp,
            user_id,
            human_handle: Some(
                HumanHandle::new(email.parse().expect("valid email"), label).expect("valid handle"),
            ),
            public_key: PrivateKey::generate(&rng).public_key(),
            algorithm: PrivateKeyAlgorithm::X25519XSalsa20Poly1305,
            profile,
        };
        let device_certificate = DeviceCertificate {
            purpose: DevicePurpose::Standard,
            author: Some(author.device_id),
            timestamp,
            user_id,
            device_id,
            device_label: Some("phone".parse().expect("valid label")),
            verify_key: key.verify_key(),
            algorithm: SigningKeyAlgorithm::Ed25519,
        };
        Self {
            device: TestDevice {
                device_id,
                user_id,
                key,
            },
            user_certificate,
            device_certificate,
        }
    }

    /// The `user_create` request, signed with `signer`.
    pub fn req(&self, signer: &SigningKey) -> user_create::Req {
        user_create::Req {
            user_certificate: dump_and_sign(&self.user_certificate, signer),
            device_certificate: dump_and_sign(&self.device_certificate, signer),
            redacted_user_certificate: dump_and_sign(&self.user_certificate.to_redacted(), signer),
            redacted_device_certificate: dump_and_sign(
                &self.device_certificate.to_redacted(),
                signer,
            ),
        }
    }
}

/// A bootstrapped organization whose first user, Alice, is ADMIN.
pub struct TestOrg {
    pub server: TestServer,
    pub org: String,
    pub alice: TestDevice,
}

impl TestOrg {
    /// A server on `backend` that answers `not_ready` at once (no long-poll hold).
    pub async fn new(backend: Backend) -> Self {
        Self::with_config(backend, |c| c.greeting_long_poll = Duration::ZERO).await
    }

    pub async fn with_config(backend: Backend, tweak: impl FnOnce(&mut ServerConfig)) -> Self {
        let server = TestServer::with_config(backend, tweak).await;
        let org = org_name("Org");
        let token = server.create_org(&org).await;
        let alice = server.bootstrap(&org, Some(token)).await.device;
        Self { server, org, alice }
    }

    pub async fn auth(&self, device: &TestDevice, body: Vec<u8>) -> Response {
        self.server.authenticated(&self.org, device, body).await
    }

    /// `POST /invited/{org}` with the invitation token and API `version`.
    pub async fn invited_with_version(
        &self,
        token: &AccessToken,
        version: &str,
        body: Vec<u8>,
    ) -> Response {
        let mut req = rpc_request(&format!("/invited/{}", self.org), body)
            .header(header::AUTHORIZATION, format!("Bearer {}", token.hex()))
            .body_bytes();
        // `rpc_request` set 5.5: replace it.
        req.headers_mut()
            .insert("api-version", version.parse().expect("valid header value"));
        self.server.send(req).await
    }

    pub async fn invited(&self, token: &AccessToken, body: Vec<u8>) -> Response {
        self.invited_with_version(token, "5.5", body).await
    }

    /// Creates a user through `user_create` signed by `author`.
    pub async fn create_user(
        &self,
        author: &TestDevice,
        email: &str,
        label: &str,
        profile: UserProfile,
    ) -> TestDevice {
        let new = NewUserCertificates::new(author, email, label, profile, fresh_timestamp());
        let rep = reply(
            self.auth(author, new.req(&author.key).dump()).await,
            user_create::Rep::load,
        )
        .await;
        assert_eq!(rep, user_create::Rep::Ok);
        new.device
    }

    /// Adds a device to `owner`'s user through `device_create`.
    pub async fn create_device(&self, owner: &TestDevice) -> TestDevice {
        let rng = OsRandom::new();
        let key = SigningKey::generate(&rng);
        let certificate = DeviceCertificate {
            purpose: DevicePurpose::Standard,
            author: Some(owner.device_id),
            timestamp: fresh_timestamp(),
            user_id: owner.user_id,
            device_id: DeviceID::generate(&rng),
            device_label: Some("tablet".parse().expect("valid label")),
            verify_key: key.verify_key(),
            algorithm: SigningKeyAlgorithm::Ed25519,
        };
        let req = device_create::Req {
            device_certificate: dump_and_sign(&certificate, &owner.key),
            redacted_device_certificate: dump_and_sign(&certificate.to_redacted(), &owner.key),
        };
        let rep = reply(self.auth(owner, req.dump()).await, device_create::Rep::load).await;
        assert_eq!(rep, device_create::Rep::Ok);
        TestDevice {
            device_id: certificate.device_id,
            user_id: owner.user_id,
            key,
        }
    }

    /// Revokes `target` (authored by `author`, an ADMIN).
    pub async fn revoke(&self, author: &TestDevice, target: UserID) -> user_revoke::Rep {
        let certificate = RevokedUserCertificate {
            author: author.device_id,
            timestamp: fresh_timestamp(),
            user_id: target,
        };
        let req = user_revoke::Req {
            revoked_user_certificate: dump_and_sign(&certificate, &author.key),
        };
        reply(self.auth(author, req.dump()).await, user_revoke::Rep::load).await
    }

    /// Changes `target`'s profile (authored by `author`).
    pub async fn update(
        &self,
        author: &TestDevice,
        target: UserID,
        profile: UserProfile,
    ) -> user_update::Rep {
        let certificate = UserUpdateCertificate {
            author: author.device_id,
            timestamp: fresh_timestamp(),
            user_id: target,
            new_profile: profile,
        };
        let req = user_update::Req {
            user_update_certificate: dump_and_sign(&certificate, &author.key),
        };
        reply(self.auth(author, req.dump()).await, user_update::Rep::load).await
    }

    pub fn org_id(&self) -> OrganizationID {
        org_id(&self.org)
    }
}
