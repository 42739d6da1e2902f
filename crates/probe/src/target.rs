//! Starting the server binaries under test and reading what they cost.

use parsec_testkit::{Db, OurServer};
use serde::Serialize;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Options shared by every probe.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// `LABEL=PATH` of a `parsec-server` binary; repeat to compare binaries in one run
    /// (default: `current=` the binary built beside this one).
    #[arg(long = "server-bin", value_name = "LABEL=PATH")]
    pub server_bins: Vec<String>,
    /// Database of the started servers: `memory` or `sqlite` (a file in a temporary directory).
    #[arg(long, default_value = "memory")]
    pub db: String,
    /// Extra argument passed to `parsec-server run` (repeatable).
    #[arg(long = "server-arg", value_name = "ARG", allow_hyphen_values = true)]
    pub server_args: Vec<String>,
    /// Size of the attack (connections, requests, clients: each probe says).
    #[arg(long)]
    pub count: Option<usize>,
    /// How long the attack or the load lasts, in seconds (where a probe is timed).
    #[arg(long)]
    pub seconds: Option<u64>,
}

/// A started server under attack.
#[derive(Debug)]
pub struct Target {
    /// Which binary (the label given on the command line).
    pub label: String,
    /// The running process.
    pub server: OurServer,
    /// The probe's options.
    pub count: Option<usize>,
    /// The probe's duration.
    pub seconds: Option<u64>,
}

impl Target {
    /// Resident memory now and at its peak, in KiB (`VmRSS`, `VmHWM` of `/proc/PID/status`).
    pub fn memory_kib(&self) -> anyhow::Result<(u64, u64)> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.server.pid()))?;
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
                .unwrap_or(0)
        };
        Ok((field("VmRSS:"), field("VmHWM:")))
    }

    /// How many files (sockets included) the server holds open.
    pub fn open_files(&self) -> anyhow::Result<usize> {
        Ok(std::fs::read_dir(format!("/proc/{}/fd", self.server.pid()))?.count())
    }

    /// Median and worst latency of `n` sequential administration GETs of a missing
    /// organization: a normal request that touches the database.
    pub async fn normal_latency(&self, n: usize) -> anyhow::Result<(Duration, Duration)> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()?;
        let url = format!(
            "{}/administration/organizations/ProbeNoSuchOrg",
            self.server.http_url()
        );
        let mut times = Vec::with_capacity(n);
        for _ in 0..n.max(1) {
            let start = Instant::now();
            client
                .get(&url)
                .bearer_auth(self.server.admin_token())
                .send()
                .await?
                .bytes()
                .await?;
            times.push(start.elapsed());
        }
        times.sort();
        Ok((times[times.len() / 2], times[times.len() - 1]))
    }
}

/// What a probe reports for one binary (printed as one JSON line).
#[derive(Debug, Default, Serialize)]
pub struct Figures {
    /// The binary's label.
    pub label: String,
    /// Resident memory before the attack, KiB.
    pub rss_before_kib: u64,
    /// Peak resident memory over the run, KiB.
    pub peak_rss_kib: u64,
    /// Files held open at the end of the attack.
    pub open_files: usize,
    /// Median latency of a normal request during the attack, ms.
    pub normal_p50_ms: f64,
    /// Worst latency of a normal request during the attack, ms.
    pub normal_max_ms: f64,
    /// Probe-specific figures.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Runs `probe` against a fresh server of each binary, printing one JSON line each.
pub fn each(args: &Args, probe: fn(&Target) -> anyhow::Result<Figures>) -> anyhow::Result<()> {
    let bins = if args.server_bins.is_empty() {
        vec![("current".to_owned(), sibling_server()?)]
    } else {
        args.server_bins
            .iter()
            .map(|spec| match spec.split_once('=') {
                Some((label, path)) => Ok((label.to_owned(), PathBuf::from(path))),
                None => anyhow::bail!("--server-bin takes LABEL=PATH, not {spec:?}"),
            })
            .collect::<anyhow::Result<_>>()?
    };
    for (label, bin) in bins {
        let dir = tempfile::Builder::new().prefix("parsec-probe-").tempdir()?;
        let db = match args.db.as_str() {
            "memory" => Db::Mocked,
            "sqlite" => Db::Sqlite(dir.path().join("probe.sqlite")),
            other => anyhow::bail!("--db takes memory or sqlite, not {other:?}"),
        };
        let mut builder = OurServer::builder(db).bin(&bin);
        for arg in &args.server_args {
            builder = builder.arg(arg);
        }
        let target = Target {
            label: label.clone(),
            server: builder.start(),
            count: args.count,
            seconds: args.seconds,
        };
        let mut figures = probe(&target)?;
        figures.label = label;
        println!("{}", serde_json::to_string(&figures)?);
    }
    Ok(())
}

fn sibling_server() -> anyhow::Result<PathBuf> {
    let me = std::env::current_exe()?;
    let bin = me.with_file_name("parsec-server");
    anyhow::ensure!(
        bin.exists(),
        "no parsec-server beside {}: pass --server-bin LABEL=PATH",
        me.display()
    );
    Ok(bin)
}
