//! `parsec-server`: parse the command line, set up logging, run.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use anyhow::Context;
use clap::{CommandFactory, Parser};
use parsec_server::config::{self, Cli, Command, LogLevel, Settings};
use parsec_server::Server;
use std::io::IsTerminal;
use std::process::ExitCode;
use tracing_subscriber::fmt::writer::BoxMakeWriter;
use tracing_subscriber::EnvFilter;

/// mimalloc rather than the C library's allocator: a server spends a good share of its time
/// allocating and freeing small buffers (rows, messages), which glibc's malloc does at
/// twice the cost under load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    drop_empty_env_vars();
    let args = config::with_cmd_args_env(
        std::env::args_os().collect(),
        std::env::var("PARSEC_CMD_ARGS").ok().as_deref(),
        |name| std::env::var(name).ok(),
    );
    let cli = Cli::parse_from(args);
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Like the official (click) server, an empty `PARSEC_*` variable counts as unset.
/// Runs first thing, while the process is single-threaded.
fn drop_empty_env_vars() {
    let command = Cli::command();
    let Some(run) = command.find_subcommand("run") else {
        return;
    };
    for arg in run.get_arguments() {
        if let Some(name) = arg.get_env() {
            if std::env::var_os(name).is_some_and(|v| v.is_empty()) {
                std::env::remove_var(name);
            }
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let args = match cli.command {
        Command::Run(args) => args,
        Command::Migrate(args) => return migrate(&args),
    };
    let settings = args.resolve(config::default_sqlite_path)?;
    init_logging(&settings)?;
    parsec_server::failpoint::init_from_env();
    for warning in &settings.warnings {
        tracing::warn!("{warning}");
    }
    check_open_files_limit(&settings);
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let served = runtime.block_on(serve(settings));
    // Past --shutdown-timeout, requests may still be running: do not wait for them.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    served
}

/// `parsec-server migrate`: one line on stdout saying what was (or would be) done.
fn migrate(args: &config::MigrateArgs) -> anyhow::Result<()> {
    use parsec_server::storage::sql::{MigrateTarget, SqlStorage};
    let raw = args.db.as_str();
    let target = if raw.starts_with("postgresql://") || raw.starts_with("postgres://") {
        MigrateTarget::Postgres(raw)
    } else if let Some(path) = raw
        .strip_prefix("sqlite://")
        .or_else(|| raw.strip_prefix("sqlite:"))
        .filter(|p| !p.is_empty())
    {
        MigrateTarget::Sqlite(std::path::Path::new(path))
    } else {
        anyhow::bail!("--db must be `postgresql://…`, `postgres://…` or `sqlite:PATH`");
    };
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let outcome = runtime
        .block_on(SqlStorage::migrate(target, args.dry_run))
        .context("cannot migrate the database")?;
    let from = outcome
        .from
        .map_or_else(|| "none (empty database)".to_owned(), |v| v.to_string());
    let to = outcome.to;
    if outcome.from == Some(to) {
        println!("schema version {to}: up to date");
    } else if outcome.applied {
        println!("schema version {to}: applied (was {from})");
    } else {
        println!("schema version {to}: to apply (now {from}; dry run, nothing changed)");
    }
    Ok(())
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let dev = settings.dev;
    match &settings.db {
        config::DbConfig::Memory => tracing::info!("database: in memory (MOCKED)"),
        config::DbConfig::Sqlite(p) => tracing::info!("database: SQLite file {}", p.display()),
        config::DbConfig::Postgres { .. } => tracing::info!("database: PostgreSQL"),
    }
    match &settings.email {
        None => tracing::info!("invitation emails: not configured (no --email-host)"),
        Some(parsec_server::email::EmailConfig::Mocked { .. }) => {
            tracing::info!("invitation emails: MOCKED (logged, not sent)")
        }
        Some(parsec_server::email::EmailConfig::Smtp(smtp)) => tracing::info!(
            "invitation emails: SMTP {}:{} ({:?})",
            smtp.host,
            smtp.port,
            smtp.security
        ),
    }
    let server = Server::bind(settings).await?;
    let local = server.local_addr();
    // Contract with the test harness: this exact line, once the socket is bound
    // (`https://` when serving over TLS).
    eprintln!("parsec-server listening on {}://{local}", server.scheme());
    if dev {
        if let Some(addr) = server.server_addr() {
            println!("export PARSEC_SERVER_ADDR='{}'", addr.to_url());
        }
        println!(
            "export PARSEC_ADMINISTRATION_TOKEN='{}'",
            server.administration_token()
        );
    }
    server
        .run(shutdown_signal())
        .await
        .context("server failure")
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

/// Files the process needs besides client connections: database connections, the
/// listening socket, log file, standard streams, and some margin.
const RESERVED_FILES: u64 = 64;

/// Raises the soft open-files limit towards the hard one so that `--max-connections`
/// connections can be open at once, and warns when even the hard limit is too low:
/// past it, `accept` fails and the server stops taking connections until some close.
fn check_open_files_limit(settings: &Settings) {
    let Some(max_connections) = settings.limits.max_connections else {
        // No cap: take whatever the hard limit allows.
        if let Err(e) = rlimit::increase_nofile_limit(u64::MAX) {
            tracing::warn!("cannot raise the open-files limit: {e}");
        }
        return;
    };
    let db = match &settings.db {
        config::DbConfig::Postgres {
            max_connections, ..
        } => u64::from(*max_connections),
        config::DbConfig::Sqlite(_) => {
            1 + u64::from(parsec_server::storage::sql::default_sqlite_readers())
        }
        config::DbConfig::Memory => 0,
    };
    let needed = (max_connections as u64)
        .saturating_add(db)
        .saturating_add(RESERVED_FILES);
    match rlimit::increase_nofile_limit(needed) {
        Ok(limit) if limit < needed => tracing::warn!(
            "the open-files limit is {limit}, below the {needed} that --max-connections \
             {max_connections} needs: raise it (ulimit -n, or LimitNOFILE= in a systemd unit) \
             or lower --max-connections"
        ),
        Ok(_) => {}
        Err(e) => tracing::warn!("cannot read or raise the open-files limit: {e}"),
    }
}

fn init_logging(settings: &Settings) -> anyhow::Result<()> {
    let level = match settings.log.level {
        LogLevel::Debug => "debug",
        LogLevel::Info => "info",
        LogLevel::Warning => "warn",
        LogLevel::Error | LogLevel::Critical => "error",
    };
    // sqlx logs every statement at info: keep it quiet unless debugging.
    let filter = EnvFilter::try_new(format!("{level},sqlx=warn")).context("invalid log filter")?;
    let (writer, terminal) = match &settings.log.file {
        Some(path) => {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .with_context(|| format!("cannot open log file {}", path.display()))?;
            (BoxMakeWriter::new(std::sync::Mutex::new(file)), false)
        }
        None => (
            BoxMakeWriter::new(std::io::stderr),
            std::io::stderr().is_terminal(),
        ),
    };
    let ansi = terminal && !settings.log.json && std::env::var_os("NO_COLOR").is_none();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(ansi)
        .with_writer(writer);
    if settings.log.json {
        // One object per line, the event's fields beside `timestamp`, `level` and
        // `message` (as the official server's structlog JSON renderer puts them).
        builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(false)
            .init();
    } else if settings.log.without_time {
        builder.without_time().init();
    } else {
        builder.init();
    }
    Ok(())
}
