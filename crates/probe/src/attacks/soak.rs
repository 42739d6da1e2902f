//! Soak: `--count` clients (default 200) each repeat the whole story for `--seconds`
//! (default 60): create an organization (administration API), bootstrap it, invite a
//! user, greet and claim that user (greeter and claimer run concurrently, the SAS codes
//! pass between them as two humans would speak them), let the new user fetch and verify
//! the certificates, then create, list and cancel a second invitation.
//!
//! Reports the stories completed, every error (the first few in full), the story latency
//! (p50, p99) and the server's peak memory and open files, sampled every 250 ms.

use crate::org::{greet_and_claim, handle, new_organization};
use crate::target::{Figures, Target};
use parsec_client::certificates::{poll, CertificateStore};
use parsec_client::connection::{AuthenticatedCmds, Transport};
use parsec_client::invite::manage;
use parsec_protocol::addr::ServerAddr;
use serde_json::json;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const DEFAULT_CLIENTS: usize = 200;
const DEFAULT_SECONDS: u64 = 60;
/// How many error messages are kept in full.
const KEPT_ERRORS: usize = 10;

/// What the clients share.
struct Shared {
    transport: Transport,
    server: ServerAddr,
    admin_token: String,
    stop: AtomicBool,
    errors: AtomicU64,
    first_errors: Mutex<Vec<String>>,
    latencies: Mutex<Vec<Duration>>,
}

/// Runs the soak against `target`.
pub fn run(target: &Target) -> anyhow::Result<Figures> {
    let clients = target.count.unwrap_or(DEFAULT_CLIENTS);
    let seconds = target.seconds.unwrap_or(DEFAULT_SECONDS);
    let runtime = tokio::runtime::Runtime::new()?;
    let (rss_before, _) = target.memory_kib()?;
    let shared = Arc::new(Shared {
        transport: Transport::new()?,
        server: ServerAddr::from_any(&target.server.addr())?,
        admin_token: target.server.admin_token().to_owned(),
        stop: AtomicBool::new(false),
        errors: AtomicU64::new(0),
        first_errors: Mutex::new(Vec::new()),
        latencies: Mutex::new(Vec::new()),
    });
    let started = Instant::now();
    let (peak_rss, max_fds) = runtime.block_on(async {
        let mut tasks = Vec::with_capacity(clients);
        for client in 0..clients {
            let shared = Arc::clone(&shared);
            tasks.push(tokio::spawn(async move {
                let mut round = 0u64;
                while !shared.stop.load(Ordering::Relaxed) {
                    let begun = Instant::now();
                    match story(&shared, client, round).await {
                        Ok(()) => lock(&shared.latencies).push(begun.elapsed()),
                        Err(e) => {
                            shared.errors.fetch_add(1, Ordering::Relaxed);
                            let mut kept = lock(&shared.first_errors);
                            if kept.len() < KEPT_ERRORS {
                                kept.push(format!("client {client} round {round}: {e:#}"));
                            }
                        }
                    }
                    round += 1;
                }
            }));
        }
        let deadline = started + Duration::from_secs(seconds);
        let (mut peak_rss, mut max_fds) = (0, 0);
        while Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(250)).await;
            if let Ok((_, hwm)) = target.memory_kib() {
                peak_rss = peak_rss.max(hwm);
            }
            if let Ok(fds) = target.open_files() {
                max_fds = max_fds.max(fds);
            }
        }
        shared.stop.store(true, Ordering::Relaxed);
        for task in tasks {
            // A panicking client is a bug of the probe: surface it.
            task.await?;
        }
        anyhow::Ok((peak_rss, max_fds))
    })?;
    let elapsed = started.elapsed();
    let (_, hwm) = target.memory_kib()?;
    let mut latencies = std::mem::take(&mut *lock(&shared.latencies));
    latencies.sort();
    let quantile = |q: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * q).round() as usize)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let stories = latencies.len();
    let mut figures = Figures {
        rss_before_kib: rss_before,
        peak_rss_kib: peak_rss.max(hwm),
        open_files: target.open_files()?,
        normal_p50_ms: quantile(0.5),
        normal_max_ms: quantile(1.0),
        ..Figures::default()
    };
    let errors = shared.errors.load(Ordering::Relaxed);
    for (key, value) in [
        ("clients", json!(clients)),
        ("seconds", json!(elapsed.as_secs_f64())),
        ("stories", json!(stories)),
        (
            "stories_per_s",
            json!(stories as f64 / elapsed.as_secs_f64()),
        ),
        ("story_p50_ms", json!(quantile(0.5))),
        ("story_p99_ms", json!(quantile(0.99))),
        ("errors", json!(errors)),
        ("first_errors", json!(*lock(&shared.first_errors))),
        ("max_open_files", json!(max_fds)),
    ] {
        figures.extra.insert(key.to_owned(), value);
    }
    Ok(figures)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// One whole story; any failure is an error of the server or of the client under load.
async fn story(shared: &Shared, client: usize, round: u64) -> anyhow::Result<()> {
    let org_name = format!("Soak{client}x{round}");
    let alice = Arc::new(
        new_organization(
            &shared.transport,
            &shared.server,
            &shared.admin_token,
            &org_name,
        )
        .await?,
    );
    let cmds = AuthenticatedCmds::for_device(shared.transport.clone(), &alice)?;

    // Invite Bob, then greet and claim him concurrently.
    let bob = handle("bob@example.com", "Bob")?;
    let invitation = manage::new_user_invitation(&cmds, bob.email().clone(), false).await?;
    let bob_device = greet_and_claim(
        &shared.transport,
        &cmds,
        &alice,
        invitation.token,
        &shared.server,
        &bob,
    )
    .await?;

    // Bob authenticates and verifies the whole chain.
    let bob_cmds = AuthenticatedCmds::for_device(shared.transport.clone(), &bob_device)?;
    let mut store = CertificateStore::new(bob_device.root_verify_key);
    poll(&bob_cmds, &mut store).await?;
    anyhow::ensure!(
        store.user(bob_device.user_id).is_some(),
        "Bob's certificate is missing from what the server returned"
    );

    // A second invitation: create, list, cancel.
    let carol = manage::new_user_invitation(&cmds, "carol@example.com".parse()?, false).await?;
    let listed = manage::list_invitations(&cmds).await?;
    anyhow::ensure!(
        listed.iter().any(|i| i.token() == carol.token),
        "the new invitation is not listed"
    );
    manage::cancel_invitation(&cmds, carol.token).await?;
    Ok(())
}
