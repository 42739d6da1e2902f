//! `parsec-probe bench`: throughput of a running server (ours or the official one) on
//! two read workloads, each driven by `--connections` HTTP/1.1 keep-alive connections
//! for `--seconds`, as `wrk` would:
//!
//! - `admin-get`: `GET /administration/organizations/<org>` with the administration token;
//! - `certificate-get`: one signed `certificate_get` request of the organization's first
//!   device, replayed as is (its signed timestamp stays within the server's ballpark
//!   for a few minutes).
//!
//! The organization is created and bootstrapped first through the administration API.
//! Prints one JSON line per workload: requests per second, p50 and p99 latency, and the
//! answers that were not 200.

use anyhow::Context;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;
use parsec_client::admin::AdminClient;
use parsec_client::bootstrap::{self, BootstrapIdentity};
use parsec_client::certificates::CertificateStore;
use parsec_client::connection::Transport;
use parsec_protocol::addr::{BootstrapAddr, ServerAddr};
use parsec_protocol::cmds::admin::CreateOrganizationReq;
use parsec_protocol::cmds::authenticated::certificate_get::CertificateGet;
use parsec_protocol::cmds::{Command, API_VERSION};
use parsec_protocol::crypto::OsRandom;
use parsec_protocol::ids::HumanHandle;
use parsec_protocol::DateTime;
use serde_json::json;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;

/// Options of `bench`.
#[derive(clap::Args, Debug)]
pub struct BenchArgs {
    /// The server's HTTP address, e.g. `http://127.0.0.1:6777` (plain HTTP only)
    #[arg(long)]
    pub url: String,
    /// Its administration token (default: `PARSEC_ADMINISTRATION_TOKEN`)
    #[arg(long, env = "PARSEC_ADMINISTRATION_TOKEN", hide_env_values = true)]
    pub admin_token: String,
    /// Open connections, each sending its next request once answered
    #[arg(long, default_value_t = 50)]
    pub connections: usize,
    /// Seconds each workload runs (after one second of warm-up)
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
    /// Workloads to run, in order (repeatable; default: both)
    #[arg(long = "workload", value_enum)]
    pub workloads: Vec<Workload>,
    /// Label printed with the figures (e.g. `official-memory`)
    #[arg(long, default_value = "server")]
    pub label: String,
}

/// A request replayed by every connection.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    /// `GET /administration/organizations/<org>`.
    AdminGet,
    /// A signed `certificate_get`, replayed.
    CertificateGet,
}

impl Workload {
    fn name(self) -> &'static str {
        match self {
            Self::AdminGet => "admin-get",
            Self::CertificateGet => "certificate-get",
        }
    }
}

/// The request a workload sends, built anew for each send.
#[derive(Clone)]
struct Prepared {
    method: hyper::Method,
    path: String,
    headers: hyper::HeaderMap,
    body: Bytes,
}

impl Prepared {
    fn new(
        method: hyper::Method,
        path: String,
        headers: &[(&str, &str)],
        body: Bytes,
    ) -> anyhow::Result<Self> {
        let mut map = hyper::HeaderMap::new();
        for (name, value) in headers {
            map.insert(
                hyper::header::HeaderName::from_bytes(name.as_bytes())?,
                hyper::header::HeaderValue::from_str(value)?,
            );
        }
        Ok(Self {
            method,
            path,
            headers: map,
            body,
        })
    }

    fn build(&self) -> hyper::Request<Full<Bytes>> {
        let mut req = hyper::Request::new(Full::new(self.body.clone()));
        *req.method_mut() = self.method.clone();
        *req.uri_mut() = self.path.parse().expect("checked when prepared");
        *req.headers_mut() = self.headers.clone();
        req
    }
}

/// Runs the bench.
pub fn run(args: &BenchArgs) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let url = url::Url::parse(&args.url).context("--url")?;
        anyhow::ensure!(url.scheme() == "http", "--url must be http://HOST:PORT");
        let host = url.host_str().context("--url has no host")?.to_owned();
        let port = url.port_or_known_default().context("--url has no port")?;
        let authority = format!("{host}:{port}");
        let (org, cert_req) = setup(&args.url, &args.admin_token).await?;
        let workloads = if args.workloads.is_empty() {
            vec![Workload::AdminGet, Workload::CertificateGet]
        } else {
            args.workloads.clone()
        };
        for workload in workloads {
            let prepared = match workload {
                Workload::AdminGet => Prepared::new(
                    hyper::Method::GET,
                    format!("/administration/organizations/{}", org.as_str()),
                    &[
                        ("host", &authority),
                        ("authorization", &format!("Bearer {}", args.admin_token)),
                    ],
                    Bytes::new(),
                )?,
                Workload::CertificateGet => cert_req.prepared(&authority)?,
            };
            let _: hyper::Uri = prepared.path.parse().context("request path")?;
            let figures = drive(
                &authority,
                prepared,
                args.connections,
                Duration::from_secs(args.seconds),
            )
            .await?;
            println!(
                "{}",
                json!({
                    "label": args.label,
                    "workload": workload.name(),
                    "connections": args.connections,
                    "seconds": figures.seconds,
                    "requests": figures.latencies.len(),
                    "req_per_s": figures.latencies.len() as f64 / figures.seconds,
                    "p50_ms": quantile(&figures.latencies, 0.50),
                    "p99_ms": quantile(&figures.latencies, 0.99),
                    "not_200": figures.not_ok,
                    "errors": figures.errors,
                })
            );
        }
        anyhow::Ok(())
    })
}

/// The signed `certificate_get` of the bench device.
struct CertRequest {
    path: String,
    authorization: String,
    body: Bytes,
}

impl CertRequest {
    fn prepared(&self, authority: &str) -> anyhow::Result<Prepared> {
        Prepared::new(
            hyper::Method::POST,
            self.path.clone(),
            &[
                ("host", authority),
                ("api-version", &API_VERSION.to_string()),
                ("content-type", "application/msgpack"),
                ("authorization", &self.authorization),
            ],
            self.body.clone(),
        )
    }
}

/// Creates and bootstraps a fresh organization; returns it and its signed request.
async fn setup(
    url: &str,
    admin_token: &str,
) -> anyhow::Result<(parsec_protocol::ids::OrganizationID, CertRequest)> {
    let transport = Transport::new()?;
    let server = ServerAddr::from_http_url(url)?;
    let admin = AdminClient::new(transport.clone(), &server, admin_token);
    let name = format!("Bench{}", DateTime::now().as_micros());
    let created = admin
        .create_organization(&CreateOrganizationReq {
            organization_id: name.as_str().into(),
            ..Default::default()
        })
        .await
        .context("creating the bench organization")?;
    let mut addr = BootstrapAddr::from_any(&created.bootstrap_url)?;
    // The server may announce another address than the one benched (a proxy, `--dev`).
    addr.server = server.clone();
    let identity = BootstrapIdentity {
        human_handle: HumanHandle::new("bench@example.com".parse()?, "Bench")?,
        device_label: "bench".parse()?,
        sequester_authority_der: None,
    };
    let prepared = bootstrap::prepare(&addr, &identity, &OsRandom::new(), DateTime::now());
    bootstrap::send(&transport, &addr, &prepared)
        .await
        .context("bootstrapping the bench organization")?;
    let device = prepared.device;
    let store = CertificateStore::new(device.root_verify_key);
    let body = CertificateGet::dump_req(&store.next_request());
    let authorization = parsec_protocol::auth::authenticated_header(
        device.device_id,
        &device.signing_key,
        DateTime::now().as_secs(),
    );
    let path = url::Url::parse(&server.endpoint("authenticated", &addr.organization_id))?
        .path()
        .to_owned();
    Ok((
        addr.organization_id.clone(),
        CertRequest {
            path,
            authorization,
            body: Bytes::from(body),
        },
    ))
}

/// What one workload measured.
struct Figures {
    seconds: f64,
    latencies: Vec<Duration>,
    not_ok: u64,
    errors: u64,
}

/// `connections` connections send `prepared` in a loop: one second of warm-up, then
/// `duration` measured.
async fn drive(
    authority: &str,
    prepared: Prepared,
    connections: usize,
    duration: Duration,
) -> anyhow::Result<Figures> {
    let measuring = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::with_capacity(connections);
    for _ in 0..connections {
        let tcp = TcpStream::connect(authority)
            .await
            .with_context(|| format!("connecting to {authority}"))?;
        tcp.set_nodelay(true)?;
        let (mut sender, conn) = http1::handshake(TokioIo::new(tcp)).await?;
        tokio::spawn(conn);
        let prepared = prepared.clone();
        let (measuring, stop) = (Arc::clone(&measuring), Arc::clone(&stop));
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let (mut not_ok, mut errors) = (0u64, 0u64);
            while !stop.load(Ordering::Relaxed) {
                let start = Instant::now();
                let answered = async {
                    sender.ready().await?;
                    let rep = sender.send_request(prepared.build()).await?;
                    let status = rep.status();
                    rep.into_body().collect().await?;
                    anyhow::Ok(status)
                }
                .await;
                let counted = measuring.load(Ordering::Relaxed);
                match answered {
                    Ok(status) if counted => {
                        latencies.push(start.elapsed());
                        if status != hyper::StatusCode::OK {
                            not_ok += 1;
                        }
                    }
                    Ok(_) => {}
                    Err(_) => {
                        if counted {
                            errors += 1;
                        }
                        // The connection is gone: stop this one.
                        break;
                    }
                }
            }
            (latencies, not_ok, errors)
        }));
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    measuring.store(true, Ordering::Relaxed);
    let started = Instant::now();
    tokio::time::sleep(duration).await;
    measuring.store(false, Ordering::Relaxed);
    let seconds = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let mut figures = Figures {
        seconds,
        latencies: Vec::new(),
        not_ok: 0,
        errors: 0,
    };
    for task in tasks {
        let (latencies, not_ok, errors) = task.await?;
        figures.latencies.extend(latencies);
        figures.not_ok += not_ok;
        figures.errors += errors;
    }
    figures.latencies.sort();
    Ok(figures)
}

/// The `q` quantile in milliseconds (0 when nothing was measured).
fn quantile(sorted: &[Duration], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles() {
        let sorted: Vec<_> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(quantile(&sorted, 0.5), 51.0);
        assert_eq!(quantile(&sorted, 0.99), 99.0);
        assert_eq!(quantile(&[], 0.5), 0.0);
    }
}
