//! Decompression bombs (certificates whose zstd frame expands to millions of msgpack
//! nils) are refused as `invalid_certificate`, and refusing them costs the server process
//! little memory. These tests run the real binary to read its peak resident memory.

use crate::common::{fresh_timestamp, org_name, TestBootstrap, TestDevice};
use parsec_protocol::auth::authenticated_header;
use parsec_protocol::certif::{DeviceCertificate, DevicePurpose, SigningKeyAlgorithm};
use parsec_protocol::cmds::anonymous::organization_bootstrap;
use parsec_protocol::cmds::authenticated::device_create;
use parsec_protocol::crypto::{OsRandom, SigningKey};
use parsec_protocol::data;
use parsec_protocol::ids::DeviceID;
use parsec_protocol::DateTime;
use parsec_testkit::bomb::nil_bomb_v0;
use parsec_testkit::{Db, OurServer};

/// Nils in each bomb: just under 8 MiB of msgpack (the former decompression limit), about
/// 330 MB as generic msgpack values.
const NILS: u32 = 8 * 1024 * 1024 - 4096;
/// Concurrent bombs per command.
const BOMBS: usize = 4;
/// How much the server's peak resident memory may grow over the whole test.
const ALLOWED_GROWTH_KIB: u64 = 64 * 1024;

fn peak_rss_kib(server: &OurServer) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.pid()))
        .expect("the server's /proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM")
}

async fn post(
    client: &reqwest::Client,
    url: String,
    auth: Option<String>,
    body: Vec<u8>,
) -> Vec<u8> {
    let mut req = client
        .post(url)
        .header("api-version", "5.5")
        .header("content-type", "application/msgpack")
        .body(body);
    if let Some(auth) = auth {
        req = req.header("authorization", auth);
    }
    let res = req.send().await.expect("the server answers");
    assert_eq!(res.status(), reqwest::StatusCode::OK);
    res.bytes().await.expect("a body").to_vec()
}

fn device_bomb(device: &TestDevice) -> device_create::Req {
    let certificate = DeviceCertificate {
        purpose: DevicePurpose::Standard,
        author: Some(device.device_id),
        timestamp: fresh_timestamp(),
        user_id: device.user_id,
        device_id: DeviceID::generate(&OsRandom::new()),
        device_label: Some("bomb".parse().expect("valid label")),
        verify_key: SigningKey::generate(&OsRandom::new()).verify_key(),
        algorithm: SigningKeyAlgorithm::Ed25519,
    };
    let sign = |c: &DeviceCertificate| {
        device
            .key
            .sign(&nil_bomb_v0(&data::dump_typed(c), NILS, false))
    };
    device_create::Req {
        device_certificate: sign(&certificate),
        redacted_device_certificate: sign(&certificate.to_redacted()),
    }
}

async fn bombs_are_refused_cheaply(db: Db) {
    let server = OurServer::builder(db)
        .bin(env!("CARGO_BIN_EXE_parsec-server"))
        .arg("--spontaneous-organization-bootstrap")
        .start();
    let client = reqwest::Client::new();
    let url = |family: &str, org: &str| format!("{}/{family}/{org}", server.http_url());
    let before = peak_rss_kib(&server);

    // Bombs in the root-signed bootstrap certificates, several at once.
    let org = org_name("Bomb");
    let b = TestBootstrap::new(fresh_timestamp());
    let mut req = b.req(None);
    req.user_certificate = b.root.sign(&nil_bomb_v0(
        &data::dump_typed(&b.user_certificate),
        NILS,
        false,
    ));
    req.redacted_user_certificate = b.root.sign(&nil_bomb_v0(
        &data::dump_typed(&b.user_certificate.to_redacted()),
        NILS,
        false,
    ));
    let body = req.dump();
    assert!(body.len() < 4096, "a bomb request is small: {}", body.len());
    let replies = futures_util::future::join_all(
        (0..BOMBS).map(|_| post(&client, url("anonymous", &org), None, body.clone())),
    )
    .await;
    for rep in replies {
        assert_eq!(
            organization_bootstrap::Rep::load(&rep),
            Ok(organization_bootstrap::Rep::InvalidCertificate)
        );
    }

    // The organization is still free: a valid bootstrap works.
    let rep = post(&client, url("anonymous", &org), None, b.req(None).dump()).await;
    assert_eq!(
        organization_bootstrap::Rep::load(&rep),
        Ok(organization_bootstrap::Rep::Ok)
    );

    // Bombs signed by a device of the organization, through `device_create`.
    let replies = futures_util::future::join_all((0..BOMBS).map(|_| {
        let auth =
            authenticated_header(b.device.device_id, &b.device.key, DateTime::now().as_secs());
        post(
            &client,
            url("authenticated", &org),
            Some(auth),
            device_bomb(&b.device).dump(),
        )
    }))
    .await;
    for rep in replies {
        assert_eq!(
            device_create::Rep::load(&rep),
            Ok(device_create::Rep::InvalidCertificate)
        );
    }

    let growth = peak_rss_kib(&server).saturating_sub(before);
    assert!(
        growth < ALLOWED_GROWTH_KIB,
        "peak RSS grew by {growth} KiB refusing {} bombs",
        2 * BOMBS
    );
}

#[tokio::test]
async fn bombs_are_refused_cheaply_in_memory() {
    bombs_are_refused_cheaply(Db::Mocked).await;
}

#[tokio::test]
async fn bombs_are_refused_cheaply_on_sqlite() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    bombs_are_refused_cheaply(Db::Sqlite(dir.path().join("bomb.sqlite"))).await;
}
