//! Guessing the administration token: `--count` concurrent guessers (default 8) send
//! wrong tokens from 127.0.0.2 for `--seconds` (default 5). Reports how many guesses per
//! second the server compared (answered 403) and how many it throttled (429), whether the
//! right token still works from the attacker's address and from another one (127.0.0.1),
//! and the latency of a normal administration request meanwhile.

use crate::target::{Figures, Target};
use serde_json::json;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The attacker's address.
const ATTACKER: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));

/// Answers seen by the guessers.
#[derive(Default)]
struct Tally {
    compared: AtomicU64,
    throttled: AtomicU64,
    other: AtomicU64,
}

/// Attacks `target` and reports what it cost.
pub fn run(target: &Target) -> anyhow::Result<Figures> {
    tokio::runtime::Runtime::new()?.block_on(attack(target))
}

async fn attack(target: &Target) -> anyhow::Result<Figures> {
    let guessers = target.count.unwrap_or(8);
    let seconds = target.seconds.unwrap_or(5);
    let url = format!("{}/administration/stats", target.server.http_url());
    let attacker = reqwest::Client::builder()
        .local_address(ATTACKER)
        .timeout(Duration::from_secs(60))
        .build()?;
    let (rss_before, _) = target.memory_kib()?;
    eprintln!(
        "{}: {guessers} guessers from 127.0.0.2 for {seconds} s",
        target.label
    );
    let tally = Arc::new(Tally::default());
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let tasks: Vec<_> = (0..guessers)
        .map(|g| {
            let (client, url, tally) = (attacker.clone(), url.clone(), Arc::clone(&tally));
            tokio::spawn(async move {
                let mut i = 0u64;
                while Instant::now() < until {
                    i += 1;
                    let guess = format!("guess-{g}-{i}");
                    let counter = match client.get(&url).bearer_auth(guess).send().await {
                        Ok(rep) if rep.status() == 403 => &tally.compared,
                        Ok(rep) if rep.status() == 429 => &tally.throttled,
                        _ => &tally.other,
                    };
                    counter.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    // Normal requests from another address while the guessers run.
    let mut latencies = Vec::new();
    while Instant::now() < until {
        if let Ok((t, _)) = target.normal_latency(1).await {
            latencies.push(t);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for t in tasks {
        t.await?;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let right_token = |client: reqwest::Client| {
        let url = url.clone();
        let token = target.server.admin_token().to_owned();
        async move {
            client
                .get(&url)
                .bearer_auth(token)
                .send()
                .await
                .map_or(0, |r| r.status().as_u16())
        }
    };
    let right_from_attacker = right_token(attacker).await;
    let right_from_other = right_token(reqwest::Client::new()).await;
    let (_, peak_rss) = target.memory_kib()?;

    latencies.sort();
    let ms = |d: Option<&Duration>| d.map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0);
    let compared = tally.compared.load(Ordering::Relaxed);
    let throttled = tally.throttled.load(Ordering::Relaxed);
    let mut extra = serde_json::Map::new();
    extra.insert("guessers".into(), json!(guessers));
    extra.insert("seconds".into(), json!(seconds));
    extra.insert("guesses_compared".into(), json!(compared));
    extra.insert(
        "guesses_compared_per_s".into(),
        json!((compared as f64 / elapsed).round()),
    );
    extra.insert("guesses_throttled".into(), json!(throttled));
    extra.insert(
        "other_answers".into(),
        json!(tally.other.load(Ordering::Relaxed)),
    );
    extra.insert(
        "right_token_from_attacker_ip".into(),
        json!(right_from_attacker),
    );
    extra.insert("right_token_from_other_ip".into(), json!(right_from_other));
    Ok(Figures {
        label: String::new(),
        rss_before_kib: rss_before,
        peak_rss_kib: peak_rss,
        open_files: target.open_files()?,
        normal_p50_ms: ms(latencies.get(latencies.len() / 2)),
        normal_max_ms: ms(latencies.last()),
        extra,
    })
}
