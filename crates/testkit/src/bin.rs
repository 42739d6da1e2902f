//! Locating the workspace's binaries from a test executable.
//!
//! Cargo only exposes `CARGO_BIN_EXE_<name>` to the tests of the package that owns the
//! binary, so the `parsec-cli` tests cannot name `parsec-server` that way. Test executables
//! live in `target/<profile>/deps/`, binaries in `target/<profile>/`: we look there.

use std::path::PathBuf;

/// The path of the workspace binary `name`, built beside the running test executable.
///
/// # Panics
///
/// If the binary has not been built: `cargo nextest run --workspace` (or
/// `cargo build --workspace`) builds every binary; `cargo test -p parsec-cli` alone does not
/// build `parsec-server`.
pub fn bin_path(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable has a path");
    // target/<profile>/deps/<test>-<hash> -> target/<profile>
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("the test executable lives in target/<profile>/deps");
    let path = profile_dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.is_file(),
        "binary `{name}` not found at {}: build it first (`cargo build --workspace`, or run \
         the tests with `cargo nextest run --workspace`, which builds every binary)",
        path.display()
    );
    path
}
