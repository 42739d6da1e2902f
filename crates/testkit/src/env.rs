//! [`TestEnv`]: one temporary home per test, and commands that run inside it.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

use crate::output::{assert_success, run, run_with_stdin};
use crate::server::Server;

/// Who bootstraps an organization or claims an invitation, and with which password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity<'a> {
    /// The user's full name (`--label`).
    pub label: &'a str,
    /// The user's email (`--email`).
    pub email: &'a str,
    /// The device's label (`--device-label`).
    pub device_label: &'a str,
    /// The device file's password, sent with `--password-stdin`.
    pub password: &'a str,
}

impl Identity<'_> {
    /// What `--password-stdin` reads: the password and a newline.
    pub fn stdin(&self) -> String {
        format!("{}\n", self.password)
    }
}

/// The first user of most tests' organizations.
pub const ALICE: Identity<'static> = Identity {
    label: "Alice",
    email: "alice@example.com",
    device_label: "laptop",
    password: "alice-P@ssw0rd",
};

/// A second user, for invitations.
pub const BOB: Identity<'static> = Identity {
    label: "Bob",
    email: "bob@example.com",
    device_label: "desktop",
    password: "bob-P@ssw0rd",
};

/// A temporary directory standing in for a user's machine.
///
/// Layout (`config/parsec3` and `data/parsec3` are left for the CLI to create):
///
/// ```text
/// <root>/home                           HOME
/// <root>/xdg/{config,data,cache,state,runtime}
///                                       XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_CACHE_HOME,
///                                       XDG_STATE_HOME, XDG_RUNTIME_DIR
/// <root>/xdg/config/parsec3/libparsec   PARSEC_CONFIG_DIR (device files in devices/)
/// <root>/xdg/data/parsec3               PARSEC_DATA_DIR
/// ```
///
/// The config and data directories are also the defaults derived from the XDG variables
/// (`device-file.md` §1.1), so a command that ignores `PARSEC_CONFIG_DIR` (the official
/// `organization bootstrap` does) still writes where the others read.
///
/// Dropping it deletes the directory.
#[derive(Debug)]
pub struct TestEnv {
    dir: TempDir,
    cli_bin: PathBuf,
}

impl TestEnv {
    /// A new environment running the `parsec-cli` binary found by [`crate::bin_path`].
    ///
    /// Tests of the `parsec-cli` package should prefer
    /// `TestEnv::with_cli(env!("CARGO_BIN_EXE_parsec-cli"))`: Cargo then guarantees the
    /// binary is fresh.
    pub fn new() -> Self {
        Self::with_cli(crate::bin_path("parsec-cli"))
    }

    /// A new environment running the CLI binary at `cli_bin`.
    pub fn with_cli(cli_bin: impl Into<PathBuf>) -> Self {
        let dir = tempfile::Builder::new()
            .prefix("parsec-test-")
            .tempdir()
            .expect("create a temporary directory");
        let env = Self {
            dir,
            cli_bin: cli_bin.into(),
        };
        for path in
            std::iter::once(env.home_dir()).chain(env.xdg_dirs().into_iter().map(|(_, path)| path))
        {
            std::fs::create_dir_all(&path)
                .unwrap_or_else(|e| panic!("create {}: {e}", path.display()));
        }
        #[cfg(unix)]
        {
            // XDG_RUNTIME_DIR must be private to its owner (XDG Base Directory spec).
            use std::os::unix::fs::PermissionsExt;
            let runtime = env.root().join("xdg/runtime");
            std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700))
                .unwrap_or_else(|e| panic!("chmod {}: {e}", runtime.display()));
        }
        env
    }

    /// The temporary directory holding everything else.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// `PARSEC_CONFIG_DIR`: where the CLI keeps device files, under `devices/`.
    pub fn config_dir(&self) -> PathBuf {
        self.root().join("xdg/config/parsec3/libparsec")
    }

    /// `PARSEC_CONFIG_DIR/devices`.
    pub fn devices_dir(&self) -> PathBuf {
        self.config_dir().join("devices")
    }

    /// `PARSEC_DATA_DIR`: the CLI's local data.
    pub fn data_dir(&self) -> PathBuf {
        self.root().join("xdg/data/parsec3")
    }

    /// `HOME` for every command run in this environment.
    pub fn home_dir(&self) -> PathBuf {
        self.root().join("home")
    }

    fn xdg_dirs(&self) -> [(&'static str, PathBuf); 5] {
        let xdg = self.root().join("xdg");
        [
            ("XDG_CONFIG_HOME", xdg.join("config")),
            ("XDG_DATA_HOME", xdg.join("data")),
            ("XDG_CACHE_HOME", xdg.join("cache")),
            ("XDG_STATE_HOME", xdg.join("state")),
            ("XDG_RUNTIME_DIR", xdg.join("runtime")),
        ]
    }

    /// Every `*.keys` file under [`Self::devices_dir`], recursively, sorted by path (the
    /// order `device list` uses).
    pub fn device_files(&self) -> Vec<PathBuf> {
        fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries {
                let path = entry.expect("read a directory entry").path();
                if path.is_dir() {
                    walk(&path, found);
                } else if path.extension() == Some(OsStr::new("keys")) {
                    found.push(path);
                }
            }
        }
        let mut found = Vec::new();
        walk(&self.devices_dir(), &mut found);
        found.sort();
        found
    }

    /// A command running our CLI with `args` inside this environment.
    pub fn cli<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = Command::new(&self.cli_bin);
        cmd.args(args);
        self.apply_env(&mut cmd);
        cmd
    }

    /// Points `cmd` at this environment: config, data, home and XDG directories, working
    /// directory, no colours, and none of the caller's `PARSEC_*`, `RUST_LOG` or
    /// `SSL_CAFILE` variables.
    ///
    /// [`Self::cli`] does this already; use it for other programs that share the
    /// environment (e.g. the official CLI reading device files ours wrote).
    pub fn apply_env<'c>(&self, cmd: &'c mut Command) -> &'c mut Command {
        for (name, _) in std::env::vars_os() {
            let strip = name
                .to_str()
                .is_some_and(|n| n.starts_with("PARSEC_") || n == "RUST_LOG" || n == "SSL_CAFILE");
            if strip {
                cmd.env_remove(name);
            }
        }
        cmd.current_dir(self.root())
            .env("PARSEC_CONFIG_DIR", self.config_dir())
            .env("PARSEC_DATA_DIR", self.data_dir())
            .env("HOME", self.home_dir())
            .env("NO_COLOR", "1")
            .env("TERM", "dumb")
            .env_remove("CLICOLOR_FORCE");
        for (name, path) in self.xdg_dirs() {
            cmd.env(name, path);
        }
        cmd
    }

    /// `organization create NAME --addr <server> --token <its token>`, not yet run.
    pub fn create_organization_cmd(&self, server: &impl Server, name: &str) -> Command {
        let addr = server.addr();
        self.cli([
            "organization",
            "create",
            name,
            "--addr",
            &addr,
            "--token",
            server.admin_token(),
        ])
    }

    /// Creates organization `name` on `server` and returns its bootstrap URL.
    ///
    /// Runs [`Self::create_organization_cmd`] and panics unless it succeeds and prints
    /// `Organization bootstrap URL: <url>`.
    pub fn create_organization(&self, server: &impl Server, name: &str) -> String {
        let output = run(&mut self.create_organization_cmd(server, name));
        let stdout = assert_success(&output);
        bootstrap_url_from(&stdout).unwrap_or_else(|| {
            panic!(
                "no `Organization bootstrap URL: ` line in the output of `organization \
                 create`:\n{}",
                crate::describe(&output)
            )
        })
    }

    /// `organization bootstrap --addr URL --label … --email … --device-label …
    /// --password-stdin` for `who`, not yet run: give it `who.password` and a newline on
    /// stdin (see [`Identity::stdin`]).
    pub fn bootstrap_organization_cmd(&self, bootstrap_url: &str, who: &Identity<'_>) -> Command {
        self.cli([
            "organization",
            "bootstrap",
            "--addr",
            bootstrap_url,
            "--label",
            who.label,
            "--email",
            who.email,
            "--device-label",
            who.device_label,
            "--password-stdin",
        ])
    }

    /// Bootstraps the organization at `bootstrap_url` as `who` and returns the new device
    /// file.
    ///
    /// Runs [`Self::bootstrap_organization_cmd`] with the password on stdin, and panics
    /// unless it succeeds and writes exactly one new `*.keys` file.
    pub fn bootstrap_organization(&self, bootstrap_url: &str, who: &Identity<'_>) -> PathBuf {
        let before = self.device_files();
        let output = run_with_stdin(
            &mut self.bootstrap_organization_cmd(bootstrap_url, who),
            &who.stdin(),
        );
        assert_success(&output);
        let new: Vec<PathBuf> = self
            .device_files()
            .into_iter()
            .filter(|path| !before.contains(path))
            .collect();
        match new.as_slice() {
            [file] => file.clone(),
            _ => panic!(
                "`organization bootstrap` should write exactly one device file, found \
                 {new:?}\n{}",
                crate::describe(&output)
            ),
        }
    }
}

impl Default for TestEnv {
    fn default() -> Self {
        Self::new()
    }
}

/// The URL on the `Organization bootstrap URL: <url>` line of `organization create`.
fn bootstrap_url_from(stdout: &str) -> Option<String> {
    stdout.lines().find_map(|line| {
        line.trim()
            .strip_prefix("Organization bootstrap URL:")
            .map(|url| url.trim().to_owned())
            .filter(|url| !url.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bootstrap_url_is_read_from_its_line() {
        let stdout = "Creating organization\nOrganization bootstrap URL: parsec3://h/Org?a=b\n";
        assert_eq!(
            bootstrap_url_from(stdout).as_deref(),
            Some("parsec3://h/Org?a=b")
        );
        assert_eq!(bootstrap_url_from("nothing here\n"), None);
    }

    #[test]
    fn env_stays_inside_the_temp_dir() {
        let env = TestEnv::with_cli("/nonexistent/parsec-cli");
        let cmd = env.cli(["device", "list"]);
        let vars: Vec<_> = cmd.get_envs().collect();
        for name in [
            "PARSEC_CONFIG_DIR",
            "PARSEC_DATA_DIR",
            "HOME",
            "XDG_CONFIG_HOME",
        ] {
            let value = vars
                .iter()
                .find(|(k, _)| *k == name)
                .and_then(|(_, v)| *v)
                .unwrap_or_else(|| panic!("{name} is set"));
            assert!(Path::new(value).starts_with(env.root()), "{name}={value:?}");
        }
        assert!(env.home_dir().is_dir());
        assert!(env.device_files().is_empty());
    }
}
