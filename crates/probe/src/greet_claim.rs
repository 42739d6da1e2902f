//! `parsec-probe greet-claim`: wall time of a whole user greet+claim on a running server
//! (ours or the official one): `invite_new_user`, then the greeter's and the claimer's
//! exchange run concurrently through the client library's state machines. The greeter
//! talks to `--greeter-url`, the claimer to `--claimer-url`: two instances of a server on
//! one database, or the same one. One untimed round warms up, then `--rounds` are timed;
//! prints one JSON line: median, min and max milliseconds.

use crate::org::{greet_and_claim, handle, new_organization};
use anyhow::Context;
use parsec_client::connection::{AuthenticatedCmds, Transport};
use parsec_client::invite::manage;
use parsec_protocol::addr::ServerAddr;
use parsec_protocol::DateTime;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Options of `greet-claim`.
#[derive(clap::Args, Debug)]
pub struct GreetClaimArgs {
    /// The server the greeter (and the administration requests) talk to, e.g.
    /// `http://127.0.0.1:6777`
    #[arg(long)]
    pub greeter_url: String,
    /// The server the claimer talks to (default: the greeter's)
    #[arg(long)]
    pub claimer_url: Option<String>,
    /// The administration token (default: `PARSEC_ADMINISTRATION_TOKEN`)
    #[arg(long, env = "PARSEC_ADMINISTRATION_TOKEN", hide_env_values = true)]
    pub admin_token: String,
    /// Timed rounds, one after the other
    #[arg(long, default_value_t = 10)]
    pub rounds: usize,
    /// Label printed with the figures
    #[arg(long, default_value = "server")]
    pub label: String,
}

/// Runs the measurement.
pub fn run(args: &GreetClaimArgs) -> anyhow::Result<()> {
    anyhow::ensure!(args.rounds > 0, "--rounds must be at least 1");
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let claimer_url = args.claimer_url.as_deref().unwrap_or(&args.greeter_url);
        let greeter_server =
            ServerAddr::from_http_url(&args.greeter_url).context("--greeter-url")?;
        let claimer_server = ServerAddr::from_http_url(claimer_url).context("--claimer-url")?;
        // Two people, two machines: each side has its own connections.
        let greeter_transport = Transport::new()?;
        let claimer_transport = Transport::new()?;
        let name = format!("Greet{}", DateTime::now().as_micros());
        let alice = Arc::new(
            new_organization(
                &greeter_transport,
                &greeter_server,
                &args.admin_token,
                &name,
            )
            .await?,
        );
        let cmds = AuthenticatedCmds::new(
            greeter_transport.clone(),
            &greeter_server,
            &alice.organization_id,
            alice.device_id,
            alice.signing_key.clone(),
        );
        let mut times = Vec::with_capacity(args.rounds);
        for round in 0..=args.rounds {
            let claimer = handle(
                &format!("user{round}@example.com"),
                &format!("User {round}"),
            )?;
            let start = Instant::now();
            let invitation =
                manage::new_user_invitation(&cmds, claimer.email().clone(), false).await?;
            greet_and_claim(
                &claimer_transport,
                &cmds,
                &alice,
                invitation.token,
                &claimer_server,
                &claimer,
            )
            .await
            .with_context(|| format!("round {round}"))?;
            // Round 0 warms up.
            if round > 0 {
                times.push(start.elapsed());
            }
        }
        times.sort();
        let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{}",
            json!({
                "label": args.label,
                "workload": "greet-claim",
                "cross_instance": greeter_server != claimer_server,
                "rounds": args.rounds,
                "median_ms": ms(&times[times.len() / 2]),
                "min_ms": ms(&times[0]),
                "max_ms": ms(&times[times.len() - 1]),
            })
        );
        anyhow::Ok(())
    })
}
