//! `parsec-probe bench`: throughput of a running server (ours or the official one),
//! driven by `--connections` HTTP/1.1 keep-alive connections for `--seconds`, as `wrk`
//! would, each sending its next request once the previous one is answered. With several
//! `--url` (instances of one server on one database), the connections are spread over
//! them round-robin. Workloads:
//!
//! - `admin-get`: `GET /administration/organizations/<org>` with the administration token;
//! - `certificate-get`: one signed `certificate_get` request of the organization's first
//!   device, replayed as is (its signed timestamp stays within the server's ballpark
//!   for a few minutes);
//! - `invite-cycle`: what an administrator's client does, each request signed afresh:
//!   `certificate_get`, `invite_new_user` (a new email each time, no email sent),
//!   `invite_list`, `invite_cancel` of the invitation just created, in a loop. Each
//!   connection is the first device of its own organization unless `--organizations`
//!   says fewer (connections then share them round-robin): a listing returns every
//!   invitation of the organization, cancelled ones included, so one organization for
//!   all would make it a bench of ever longer listings.
//!
//! The organizations are created and bootstrapped first through the administration API.
//! Prints one JSON line per workload: requests per second, p50 and p99 latency, and the
//! errors: answers that were not 200, replies whose status was not `ok`, and broken
//! connections (then reopened). `invite-cycle` adds the same figures per command.

use crate::org::new_organization;
use anyhow::Context;
use bytes::Bytes;
use futures_util::{StreamExt, TryStreamExt};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;
use parsec_client::certificates::CertificateStore;
use parsec_client::connection::Transport;
use parsec_protocol::addr::ServerAddr;
use parsec_protocol::cmds::authenticated::certificate_get::CertificateGet;
use parsec_protocol::cmds::authenticated::{invite_cancel, invite_list, invite_new_user};
use parsec_protocol::cmds::{Command, RawRep, API_VERSION};
use parsec_protocol::crypto::SigningKey;
use parsec_protocol::device_file::LocalDevice;
use parsec_protocol::ids::{AccessToken, DeviceID};
use parsec_protocol::DateTime;
use serde_json::json;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;

/// Options of `bench`.
#[derive(clap::Args, Debug)]
pub struct BenchArgs {
    /// The server's HTTP address, e.g. `http://127.0.0.1:6777` (plain HTTP only); repeat
    /// for instances of one server on one database: connections are spread over them
    #[arg(long = "url", required = true)]
    pub urls: Vec<String>,
    /// Its administration token (default: `PARSEC_ADMINISTRATION_TOKEN`)
    #[arg(long, env = "PARSEC_ADMINISTRATION_TOKEN", hide_env_values = true)]
    pub admin_token: String,
    /// Open connections, each sending its next request once answered
    #[arg(long, default_value_t = 50)]
    pub connections: usize,
    /// Seconds each workload runs (after one second of warm-up)
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
    /// Workloads to run, in order (repeatable; default: admin-get and certificate-get)
    #[arg(long = "workload", value_enum)]
    pub workloads: Vec<Workload>,
    /// Organizations of `invite-cycle` (default: one per connection)
    #[arg(long)]
    pub organizations: Option<usize>,
    /// Label printed with the figures (e.g. `official-memory`)
    #[arg(long, default_value = "server")]
    pub label: String,
}

/// What every connection sends.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    /// `GET /administration/organizations/<org>`.
    AdminGet,
    /// A signed `certificate_get`, replayed.
    CertificateGet,
    /// `certificate_get`, `invite_new_user`, `invite_list`, `invite_cancel`, each signed.
    InviteCycle,
}

impl Workload {
    fn name(self) -> &'static str {
        match self {
            Self::AdminGet => "admin-get",
            Self::CertificateGet => "certificate-get",
            Self::InviteCycle => "invite-cycle",
        }
    }
}

/// One instance under bench.
#[derive(Clone)]
struct Instance {
    /// `HOST:PORT`, for connecting and for the `Host` header.
    authority: String,
    server: ServerAddr,
}

impl Instance {
    fn parse(url: &str) -> anyhow::Result<Self> {
        let parsed = url::Url::parse(url).with_context(|| format!("--url {url}"))?;
        anyhow::ensure!(
            parsed.scheme() == "http",
            "--url must be http://HOST:PORT, not {url}"
        );
        let host = parsed.host_str().context("--url has no host")?;
        let port = parsed
            .port_or_known_default()
            .context("--url has no port")?;
        Ok(Self {
            authority: format!("{host}:{port}"),
            server: ServerAddr::from_http_url(url)?,
        })
    }

    async fn connect(&self) -> anyhow::Result<SendRequest<Full<Bytes>>> {
        let tcp = TcpStream::connect(&self.authority)
            .await
            .with_context(|| format!("connecting to {}", self.authority))?;
        tcp.set_nodelay(true)?;
        let (sender, conn) = http1::handshake(TokioIo::new(tcp)).await?;
        tokio::spawn(conn);
        Ok(sender)
    }
}

/// A request ready to send, built anew for each send.
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
        let _: hyper::Uri = path.parse().context("request path")?;
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
    anyhow::ensure!(args.connections > 0, "--connections must be at least 1");
    let instances = args
        .urls
        .iter()
        .map(|u| Instance::parse(u))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let transport = Transport::new()?;
        let workloads = if args.workloads.is_empty() {
            vec![Workload::AdminGet, Workload::CertificateGet]
        } else {
            args.workloads.clone()
        };
        let duration = Duration::from_secs(args.seconds);
        // The read workloads share one organization.
        let mut reads_device = None;
        for workload in workloads {
            let figures = match workload {
                Workload::AdminGet | Workload::CertificateGet => {
                    let device = match &reads_device {
                        Some(device) => device,
                        None => reads_device.insert(
                            new_organization(
                                &transport,
                                &instances[0].server,
                                &args.admin_token,
                                &format!("Bench{}", DateTime::now().as_micros()),
                            )
                            .await?,
                        ),
                    };
                    let prepared = instances
                        .iter()
                        .map(|i| read_request(workload, i, device, &args.admin_token))
                        .collect::<anyhow::Result<Vec<_>>>()?;
                    drive_replay(&instances, &prepared, args.connections, duration).await?
                }
                Workload::InviteCycle => {
                    drive_cycle(
                        &transport,
                        &instances,
                        &args.admin_token,
                        args.connections,
                        args.organizations,
                        duration,
                    )
                    .await?
                }
            };
            let mut line = json!({
                "label": args.label,
                "workload": workload.name(),
                "instances": instances.len(),
                "connections": args.connections,
                "seconds": figures.seconds,
            });
            let map = line.as_object_mut().expect("an object");
            let total = figures.total();
            map.extend(total.json(figures.seconds));
            if workload == Workload::InviteCycle {
                map.insert(
                    "organizations".to_owned(),
                    json!(args
                        .organizations
                        .unwrap_or(args.connections)
                        .min(args.connections)),
                );
                let per_op: serde_json::Map<_, _> = OPS
                    .iter()
                    .zip(&figures.ops)
                    .map(|(name, stats)| {
                        (
                            (*name).to_owned(),
                            serde_json::Value::Object(stats.json(figures.seconds)),
                        )
                    })
                    .collect();
                map.insert("operations".to_owned(), per_op.into());
                map.insert("max_listed".to_owned(), json!(figures.max_listed));
            }
            map.insert("first_errors".to_owned(), json!(figures.first_errors));
            println!("{line}");
        }
        anyhow::Ok(())
    })
}

/// The replayed request of a read workload, for one instance.
fn read_request(
    workload: Workload,
    instance: &Instance,
    device: &LocalDevice,
    admin_token: &str,
) -> anyhow::Result<Prepared> {
    match workload {
        Workload::AdminGet => Prepared::new(
            hyper::Method::GET,
            format!(
                "/administration/organizations/{}",
                device.organization_id.as_str()
            ),
            &[
                ("host", &instance.authority),
                ("authorization", &format!("Bearer {admin_token}")),
            ],
            Bytes::new(),
        ),
        _ => {
            let store = CertificateStore::new(device.root_verify_key);
            let signer = Signer::new(instance, device)?;
            signer.prepared(Bytes::from(CertificateGet::dump_req(&store.next_request())))
        }
    }
}

/// Signs the authenticated requests of one device to one instance.
#[derive(Clone)]
struct Signer {
    path: String,
    authority: String,
    device_id: DeviceID,
    signing_key: SigningKey,
}

impl Signer {
    fn new(instance: &Instance, device: &LocalDevice) -> anyhow::Result<Self> {
        let path = url::Url::parse(
            &instance
                .server
                .endpoint("authenticated", &device.organization_id),
        )?
        .path()
        .to_owned();
        Ok(Self {
            path,
            authority: instance.authority.clone(),
            device_id: device.device_id,
            signing_key: device.signing_key.clone(),
        })
    }

    /// `body` with a signed timestamp of now.
    fn prepared(&self, body: Bytes) -> anyhow::Result<Prepared> {
        let authorization = parsec_protocol::auth::authenticated_header(
            self.device_id,
            &self.signing_key,
            DateTime::now().as_secs(),
        );
        Prepared::new(
            hyper::Method::POST,
            self.path.clone(),
            &[
                ("host", &self.authority),
                ("api-version", &API_VERSION.to_string()),
                ("content-type", "application/msgpack"),
                ("authorization", &authorization),
            ],
            body,
        )
    }
}

/// How many error messages a workload keeps in full.
const KEPT_ERRORS: usize = 5;

/// The commands of `invite-cycle`, in the order sent.
const OPS: [&str; 4] = [
    "certificate_get",
    "invite_new_user",
    "invite_list",
    "invite_cancel",
];

/// Figures of one request kind.
#[derive(Default)]
struct Stats {
    latencies: Vec<Duration>,
    not_200: u64,
    not_ok: u64,
    broken: u64,
}

impl Stats {
    fn merge(&mut self, other: Self) {
        self.latencies.extend(other.latencies);
        self.not_200 += other.not_200;
        self.not_ok += other.not_ok;
        self.broken += other.broken;
    }

    fn errors(&self) -> u64 {
        self.not_200 + self.not_ok + self.broken
    }

    /// Requests (answered or not), rate, latency quantiles of the answered ones, errors.
    fn json(&self, seconds: f64) -> serde_json::Map<String, serde_json::Value> {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        let requests = sorted.len() as u64 + self.broken;
        let json = json!({
            "requests": requests,
            "req_per_s": requests as f64 / seconds,
            "p50_ms": quantile(&sorted, 0.50),
            "p99_ms": quantile(&sorted, 0.99),
            "errors": self.errors(),
            "not_200": self.not_200,
            "not_ok": self.not_ok,
            "broken_connections": self.broken,
        });
        match json {
            serde_json::Value::Object(map) => map,
            _ => unreachable!("an object literal"),
        }
    }
}

/// What one workload measured.
struct Figures {
    seconds: f64,
    /// Per request kind (one for the read workloads).
    ops: Vec<Stats>,
    first_errors: Vec<String>,
    /// The longest invitation listing seen.
    max_listed: usize,
}

impl Figures {
    fn total(&self) -> Stats {
        let mut total = Stats::default();
        for op in &self.ops {
            total.merge(Stats {
                latencies: op.latencies.clone(),
                ..*op
            });
        }
        total
    }
}

/// What one connection measured.
struct Tally {
    ops: Vec<Stats>,
    first_errors: Vec<String>,
    max_listed: usize,
}

impl Tally {
    fn new(kinds: usize) -> Self {
        Self {
            ops: (0..kinds).map(|_| Stats::default()).collect(),
            first_errors: Vec::new(),
            max_listed: 0,
        }
    }

    fn error(&mut self, message: impl FnOnce() -> String) {
        if self.first_errors.len() < KEPT_ERRORS {
            self.first_errors.push(message());
        }
    }
}

/// Why a request failed.
enum Failure {
    /// The connection broke (it is reopened).
    Broken(String),
    /// An answer other than 200.
    Http(hyper::StatusCode),
    /// A reply whose status was not `ok`, or that did not decode.
    Status(String),
}

/// Sends `req` on `sender` and reads the whole answer.
async fn send(
    sender: &mut SendRequest<Full<Bytes>>,
    req: hyper::Request<Full<Bytes>>,
) -> Result<(hyper::StatusCode, Bytes), Failure> {
    let broken = |e: &dyn std::fmt::Display| Failure::Broken(e.to_string());
    sender.ready().await.map_err(|e| broken(&e))?;
    let rep = sender.send_request(req).await.map_err(|e| broken(&e))?;
    let status = rep.status();
    let body = rep
        .into_body()
        .collect()
        .await
        .map_err(|e| broken(&e))?
        .to_bytes();
    Ok((status, body))
}

/// Runs `connections` tasks made by `task(index, measuring, stop)`: one second of
/// warm-up, then `duration` measured; merges what they counted.
async fn measure<F, Fut>(
    connections: usize,
    duration: Duration,
    kinds: usize,
    mut task: F,
) -> anyhow::Result<Figures>
where
    F: FnMut(usize, Arc<AtomicBool>, Arc<AtomicBool>) -> anyhow::Result<Fut>,
    Fut: std::future::Future<Output = Tally> + Send + 'static,
{
    let measuring = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::with_capacity(connections);
    for index in 0..connections {
        let fut = task(index, Arc::clone(&measuring), Arc::clone(&stop))?;
        tasks.push(tokio::spawn(fut));
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
        ops: (0..kinds).map(|_| Stats::default()).collect(),
        first_errors: Vec::new(),
        max_listed: 0,
    };
    for task in tasks {
        let tally = task.await?;
        for (all, one) in figures.ops.iter_mut().zip(tally.ops) {
            all.merge(one);
        }
        for e in tally.first_errors {
            if figures.first_errors.len() < KEPT_ERRORS {
                figures.first_errors.push(e);
            }
        }
        figures.max_listed = figures.max_listed.max(tally.max_listed);
    }
    Ok(figures)
}

/// Each connection (on instance `index % instances`) replays its instance's request.
async fn drive_replay(
    instances: &[Instance],
    prepared: &[Prepared],
    connections: usize,
    duration: Duration,
) -> anyhow::Result<Figures> {
    let mut senders = Vec::with_capacity(connections);
    for index in 0..connections {
        senders.push(instances[index % instances.len()].connect().await?);
    }
    let mut senders = senders.into_iter();
    measure(connections, duration, 1, |index, measuring, stop| {
        let mut sender = senders.next().expect("one sender per connection");
        let prepared = prepared[index % prepared.len()].clone();
        Ok(async move {
            let mut tally = Tally::new(1);
            while !stop.load(Ordering::Relaxed) {
                let start = Instant::now();
                let answered = send(&mut sender, prepared.build()).await;
                if !measuring.load(Ordering::Relaxed) {
                    if matches!(answered, Err(Failure::Broken(_))) {
                        break;
                    }
                    continue;
                }
                let stats = &mut tally.ops[0];
                match answered {
                    Ok((status, _)) => {
                        stats.latencies.push(start.elapsed());
                        if status != hyper::StatusCode::OK {
                            stats.not_200 += 1;
                            tally.error(|| format!("HTTP {status}"));
                        }
                    }
                    Err(e) => {
                        stats.broken += 1;
                        tally.error(|| failure_text(&e));
                        // The connection is gone: stop this one.
                        break;
                    }
                }
            }
            tally
        })
    })
    .await
}

fn failure_text(failure: &Failure) -> String {
    match failure {
        Failure::Broken(e) => format!("connection broken: {e}"),
        Failure::Http(status) => format!("HTTP {status}"),
        Failure::Status(s) => s.clone(),
    }
}

/// One `invite-cycle` connection: its device and where it sends.
struct CycleClient {
    instance: Instance,
    signer: Signer,
    certificate_get: Bytes,
    sender: SendRequest<Full<Bytes>>,
    /// Which connection: makes the invited emails unique.
    index: usize,
}

impl CycleClient {
    /// Sends a freshly signed `C` request; the reply's bytes when its status is `ok`.
    async fn call<C: Command>(&mut self, body: Bytes) -> Result<(Bytes, Duration), Failure> {
        let req = self
            .signer
            .prepared(body)
            .map_err(|e| Failure::Status(format!("{}: {e:#}", C::NAME)))?
            .build();
        let start = Instant::now();
        let (status, bytes) = match send(&mut self.sender, req).await {
            Ok(answer) => answer,
            Err(e) => {
                // Reopen the connection for the next request (if that fails, the next
                // request fails and tries again).
                if let Ok(sender) = self.instance.connect().await {
                    self.sender = sender;
                }
                return Err(e);
            }
        };
        let elapsed = start.elapsed();
        if status != hyper::StatusCode::OK {
            return Err(Failure::Http(status));
        }
        match RawRep::parse(&bytes) {
            Ok(raw) if raw.status == "ok" => Ok((bytes, elapsed)),
            Ok(raw) => Err(Failure::Status(format!(
                "{}: status {}",
                C::NAME,
                raw.status
            ))),
            Err(e) => Err(Failure::Status(format!("{}: {e}", C::NAME))),
        }
    }

    /// One loop: the four commands; counted only while `measuring` (read at each answer).
    async fn cycle(&mut self, round: u64, measuring: &AtomicBool, tally: &mut Tally) {
        let answered = self
            .call::<CertificateGet>(self.certificate_get.clone())
            .await;
        record(tally, 0, measuring, answered.map(|(_, d)| d));

        let email = format!("c{}n{round}@example.com", self.index);
        let token = match email.parse() {
            Ok(claimer_email) => {
                let body = invite_new_user::InviteNewUser::dump_req(&invite_new_user::Req {
                    claimer_email,
                    send_email: false,
                });
                let answered = self
                    .call::<invite_new_user::InviteNewUser>(Bytes::from(body))
                    .await
                    .and_then(|(bytes, d)| {
                        match invite_new_user::InviteNewUser::load_rep(&bytes) {
                            Ok(invite_new_user::Rep::Ok(created)) => Ok((created.token, d)),
                            _ => Err(Failure::Status("invite_new_user: bad reply".to_owned())),
                        }
                    });
                let token = answered.as_ref().ok().map(|(t, _)| *t);
                record(tally, 1, measuring, answered.map(|(_, d)| d));
                token
            }
            Err(_) => None,
        };

        let body = invite_list::InviteList::dump_req(&invite_list::Req);
        let answered = self
            .call::<invite_list::InviteList>(Bytes::from(body))
            .await
            .and_then(
                |(bytes, d)| match invite_list::InviteList::load_rep(&bytes) {
                    Ok(invite_list::Rep::Ok { invitations }) => {
                        let listed = invitations.iter().any(|i| Some(i.token()) == token);
                        tally.max_listed = tally.max_listed.max(invitations.len());
                        if token.is_some() && !listed {
                            Err(Failure::Status(
                                "invite_list: the new invitation is missing".to_owned(),
                            ))
                        } else {
                            Ok(d)
                        }
                    }
                    _ => Err(Failure::Status("invite_list: bad reply".to_owned())),
                },
            );
        record(tally, 2, measuring, answered);

        if let Some(token) = token {
            let answered = self.cancel(token).await;
            record(tally, 3, measuring, answered);
        }
    }

    async fn cancel(&mut self, token: AccessToken) -> Result<Duration, Failure> {
        let body = invite_cancel::InviteCancel::dump_req(&invite_cancel::Req { token });
        self.call::<invite_cancel::InviteCancel>(Bytes::from(body))
            .await
            .map(|(_, d)| d)
    }
}

/// Counts one answer of kind `op` if `measuring`.
fn record(
    tally: &mut Tally,
    op: usize,
    measuring: &AtomicBool,
    answered: Result<Duration, Failure>,
) {
    if !measuring.load(Ordering::Relaxed) {
        return;
    }
    let stats = &mut tally.ops[op];
    match answered {
        Ok(latency) => stats.latencies.push(latency),
        Err(failure) => {
            match &failure {
                Failure::Broken(_) => stats.broken += 1,
                Failure::Http(_) => stats.not_200 += 1,
                Failure::Status(_) => stats.not_ok += 1,
            }
            tally.error(|| format!("{}: {}", OPS[op], failure_text(&failure)));
        }
    }
}

/// Creates the organizations (on the instances round-robin), then runs the cycle.
async fn drive_cycle(
    transport: &Transport,
    instances: &[Instance],
    admin_token: &str,
    connections: usize,
    organizations: Option<usize>,
    duration: Duration,
) -> anyhow::Result<Figures> {
    let organizations = organizations.unwrap_or(connections).clamp(1, connections);
    let stamp = DateTime::now().as_micros();
    let devices: Vec<LocalDevice> = futures_util::stream::iter(0..organizations)
        .map(|i| {
            let server = instances[i % instances.len()].server.clone();
            async move {
                new_organization(transport, &server, admin_token, &format!("Load{stamp}x{i}")).await
            }
        })
        .buffered(8)
        .try_collect()
        .await?;
    let mut clients = Vec::with_capacity(connections);
    for index in 0..connections {
        let instance = instances[index % instances.len()].clone();
        let device = &devices[index % organizations];
        let store = CertificateStore::new(device.root_verify_key);
        clients.push(CycleClient {
            signer: Signer::new(&instance, device)?,
            sender: instance.connect().await?,
            instance,
            certificate_get: Bytes::from(CertificateGet::dump_req(&store.next_request())),
            index,
        });
    }
    let mut clients = clients.into_iter();
    measure(connections, duration, OPS.len(), |_, measuring, stop| {
        let mut client = clients.next().expect("one client per connection");
        Ok(async move {
            let mut tally = Tally::new(OPS.len());
            let mut round = 0;
            while !stop.load(Ordering::Relaxed) {
                client.cycle(round, &measuring, &mut tally).await;
                round += 1;
            }
            tally
        })
    })
    .await
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

    #[test]
    fn totals_count_every_error_and_unanswered_request() {
        let figures = Figures {
            seconds: 2.0,
            ops: vec![
                Stats {
                    latencies: vec![Duration::from_millis(3), Duration::from_millis(1)],
                    not_200: 1,
                    ..Stats::default()
                },
                Stats {
                    latencies: vec![Duration::from_millis(2)],
                    not_ok: 2,
                    broken: 1,
                    ..Stats::default()
                },
            ],
            first_errors: Vec::new(),
            max_listed: 0,
        };
        let total = figures.total().json(figures.seconds);
        assert_eq!(total["requests"], 4);
        assert_eq!(total["req_per_s"], 2.0);
        assert_eq!(total["errors"], 4);
        assert_eq!(total["broken_connections"], 1);
        assert_eq!(total["p50_ms"], 2.0);
        assert_eq!(total["p99_ms"], 3.0);
    }
}
