//! Entry point: parse, set up logs, run, map the outcome to an exit code.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = parsec_cli::Cli::parse();
    let default_level = match cli.verbose {
        0 => "warn",
        1 => "info,parsec_client=debug,parsec_cli=debug",
        _ => "debug",
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_level)),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            parsec_cli::printer::Printer::new(false)
                .error(&format!("cannot start the async runtime: {e}"), None);
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(parsec_cli::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.exit_code(),
    }
}
