//! The official client code against our server.
//!
//! The official `parsec-cli` binary cannot be installed here, but the Python package
//! `parsec-cloud==3.9.3` ships `parsec._parsec`, the official client-side bindings compiled
//! from the same Rust crates. `tests/interop_py/official_client.py` uses them to create and
//! bootstrap an organization, make signed authenticated requests, check the refusals the
//! official client relies on, and run a USER invitation with the bindings as both greeter
//! and claimer (its docstring lists every check); it exits non-zero at the first answer the
//! official client would not expect, naming the check.
//!
//! It runs against our server, in memory and on SQLite, and against the official server as
//! a control proving the script itself. Like the `interop` tier it fails, never skips, when
//! the venv is missing: `scripts/test` installs it.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command;

use parsec_testkit::{describe, run, stdout_text, Db, OurServer, ReferenceServer, Server};

/// The script, from this package's source tree.
const SCRIPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/interop_py/official_client.py"
);

/// Environment variable naming the Python of the `parsec-cloud==3.9.3` venv.
const PYTHON_VAR: &str = "PARSEC_REFERENCE_PYTHON";

/// Environment variable naming the official server's `parsec` executable (see
/// [`ReferenceServer::bin`]).
const SERVER_VAR: &str = "PARSEC_REFERENCE_BIN";

/// Where `scripts/install-reference-server` puts that venv's Python, relative to `HOME`.
const DEFAULT_PYTHON: &str = ".cache/parsec-ref/venv/bin/python";

#[test]
fn official_client_against_our_server() {
    let server = OurServer::start(Db::Mocked);
    run_official_client(&server);
}

#[test]
fn official_client_against_our_server_on_sqlite() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let server = OurServer::start(Db::Sqlite(dir.path().join("parsec.sqlite")));
    run_official_client(&server);
}

/// The control: the script must pass against the official server, otherwise a failure
/// against ours may be the script's fault.
#[test]
fn official_client_against_the_reference_server() {
    let server = ReferenceServer::start();
    run_official_client(&server);
}

/// `$PARSEC_REFERENCE_PYTHON`; else, when `$PARSEC_REFERENCE_BIN` names the official
/// server, the `python` of its venv; else `~/.cache/parsec-ref/venv/bin/python`.
///
/// # Panics
///
/// If it does not exist, explaining how to install it.
pub(crate) fn python() -> PathBuf {
    let beside_server = || {
        let server = PathBuf::from(std::env::var_os(SERVER_VAR)?);
        Some(server.parent()?.join("python"))
    };
    let path = std::env::var_os(PYTHON_VAR)
        .map(PathBuf::from)
        .or_else(beside_server)
        .unwrap_or_else(|| {
            std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_default()
                .join(DEFAULT_PYTHON)
        });
    assert!(
        path.is_file(),
        "the Python of the parsec-cloud==3.9.3 venv was not found at {}: run \
         `scripts/install-reference-server` (or `scripts/test`), which installs it in \
         ~/.cache/parsec-ref/venv, or set {PYTHON_VAR} to a Python that has parsec-cloud==3.9.3",
        path.display()
    );
    path
}

/// Runs the script against `server` and fails the test, with the script's output, unless
/// every check passes.
fn run_official_client(server: &impl Server) {
    let mut cmd = Command::new(python());
    cmd.arg(SCRIPT)
        .args(["--addr", &server.addr(), "--token", server.admin_token()]);
    // The script's defaults come from PARSEC_* variables: only the arguments count here.
    let inherited: Vec<OsString> = std::env::vars_os()
        .map(|(name, _)| name)
        .filter(|name| name.to_str().is_some_and(|n| n.starts_with("PARSEC_")))
        .collect();
    for name in inherited {
        cmd.env_remove(name);
    }
    cmd.env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONNOUSERSITE", "1");
    let output = run(&mut cmd);
    assert!(
        output.status.success(),
        "the official client code found a discrepancy with the server at {} (the `FAIL` \
         line names the check):\n{}",
        server.addr(),
        describe(&output)
    );
    let stdout = stdout_text(&output);
    assert!(
        stdout.contains("checks passed"),
        "the official client exited 0 without running its checks:\n{}",
        describe(&output)
    );
}
