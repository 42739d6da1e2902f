//! The CLI's integration tests: one binary, a module per command group.
//!
//! Tests drive the built binaries only (`parsec-cli`, `parsec-server`, the official
//! `parsec`), each in its own [`parsec_testkit::TestEnv`] with its own server and
//! organization. `interop` is the tier against the official 3.9.3 server: it fails, never
//! skips, when that server is missing (`scripts/test` installs it). `official_client` is the
//! reverse: the official client bindings (Python package parsec-cloud==3.9.3) against our
//! server.

mod certificate;
mod certificates;
mod cli_reference;
mod crash;
mod device;
mod device_local;
mod email;
mod examples;
mod interop;
mod invite;
mod keyring;
mod lost_keys;
mod official_client;
mod organization;
mod output;
mod recovery;
mod shamir_server;
mod shared_recovery;
mod tls;
mod tos;
mod user;
mod user_totp;

use parsec_testkit::TestEnv;

/// Runs `f` to completion on a fresh single-threaded runtime (for a test's async steps).
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(f)
}

/// A fresh environment running this package's `parsec-cli` binary (Cargo builds it before
/// the tests).
pub fn test_env() -> TestEnv {
    TestEnv::with_cli(env!("CARGO_BIN_EXE_parsec-cli"))
}
