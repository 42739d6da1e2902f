//! [`SecretService`]: a private D-Bus session bus with GNOME Keyring's Secret Service on
//! it, for the tests of `keyring` device files.
//!
//! The bus runs from its own configuration file (no service directories, so nothing is
//! started by D-Bus activation behind the test's back) and listens on a socket in a
//! temporary directory. `gnome-keyring-daemon --foreground --unlock --components=secrets`
//! is started on it with a password on stdin: it creates a `login` collection, unlocks it
//! and makes it the default one. Both processes are killed when the value is dropped.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// How long the bus and the keyring daemon may take to come up.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// The programs a [`SecretService`] needs (Debian packages `dbus-daemon`, `dbus-bin` and
/// `gnome-keyring`, installed by `.ci/run`).
const PROGRAMS: [&str; 3] = ["dbus-daemon", "dbus-send", "gnome-keyring-daemon"];

/// A private D-Bus session bus with an unlocked Secret Service.
#[derive(Debug)]
pub struct SecretService {
    dir: TempDir,
    address: String,
    bus: Child,
    keyring: Option<Child>,
}

fn find_program(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|path| path.is_file())
    })
}

/// Why a [`SecretService`] cannot be started here, if a program it needs is missing.
pub fn secret_service_missing() -> Option<String> {
    let missing: Vec<&str> = PROGRAMS
        .into_iter()
        .filter(|p| find_program(p).is_none())
        .collect();
    (!missing.is_empty()).then(|| {
        format!(
            "{} not found (Debian: apt-get install dbus-daemon dbus-bin gnome-keyring; \
             .ci/run installs them)",
            missing.join(", ")
        )
    })
}

impl SecretService {
    /// Starts a bus and GNOME Keyring on it; `None` (after printing why) only when one of
    /// the programs is not installed. Panics if they are installed but do not start.
    pub fn start() -> Option<Self> {
        if let Some(reason) = secret_service_missing() {
            skip_note(&reason);
            return None;
        }
        let dir = tempfile::Builder::new()
            .prefix("parsec-dbus-")
            .tempdir()
            .expect("create a temporary directory");
        let (bus, address) = start_bus(dir.path());
        let keyring = start_keyring(dir.path(), &address);
        let service = Self {
            dir,
            address,
            bus,
            keyring: Some(keyring),
        };
        service.wait_for_name("org.freedesktop.secrets");
        Some(service)
    }

    /// A bus with no Secret Service on it (and none to start by activation), to check
    /// what a client says then. `None` (after printing why) when `dbus-daemon` or
    /// `dbus-send` is not installed.
    pub fn start_bus_only() -> Option<Self> {
        if let Some(reason) = secret_service_missing() {
            skip_note(&reason);
            return None;
        }
        let dir = tempfile::Builder::new()
            .prefix("parsec-dbus-")
            .tempdir()
            .expect("create a temporary directory");
        let (bus, address) = start_bus(dir.path());
        let service = Self {
            dir,
            address,
            bus,
            keyring: None,
        };
        service.wait_for_name("org.freedesktop.DBus");
        Some(service)
    }

    /// The bus address, for `DBUS_SESSION_BUS_ADDRESS`.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// Points `cmd` at this bus (and at no X11 display, which D-Bus could use to start
    /// another bus).
    pub fn apply<'c>(&self, cmd: &'c mut Command) -> &'c mut Command {
        cmd.env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .env_remove("DISPLAY")
    }

    /// Runs `dbus-send` on this bus with `args` and returns what it printed, or `None` if
    /// it failed.
    pub fn dbus_send(&self, args: &[&str]) -> Option<String> {
        let output = Command::new("dbus-send")
            .arg(format!("--bus={}", self.address))
            .arg("--print-reply")
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("run dbus-send");
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// Deletes every item of the default collection whose attributes match `attributes`
    /// (pairs of name and value), as a user would in a keyring manager; returns how many.
    pub fn delete_items(&self, attributes: &[(&str, &str)]) -> usize {
        let dict = attributes
            .iter()
            .map(|(k, v)| format!("{k},{v}"))
            .collect::<Vec<_>>()
            .join(",");
        let reply = self
            .dbus_send(&[
                "--dest=org.freedesktop.secrets",
                "/org/freedesktop/secrets",
                "org.freedesktop.Secret.Service.SearchItems",
                &format!("dict:string:string:{dict}"),
            ])
            .expect("search the Secret Service");
        let items: Vec<&str> = reply
            .lines()
            .filter_map(|l| l.trim().strip_prefix("object path \""))
            .filter_map(|l| l.strip_suffix('"'))
            .collect();
        for item in &items {
            self.dbus_send(&[
                "--dest=org.freedesktop.secrets",
                item,
                "org.freedesktop.Secret.Item.Delete",
            ])
            .unwrap_or_else(|| panic!("delete {item}"));
        }
        items.len()
    }

    /// Locks the default (`login`) collection, as a screen lock would: reading an item then
    /// needs an unlock prompt, which nobody can answer on this bus.
    pub fn lock(&self) {
        self.dbus_send(&[
            "--dest=org.freedesktop.secrets",
            "/org/freedesktop/secrets",
            "org.freedesktop.Secret.Service.Lock",
            "array:objpath:/org/freedesktop/secrets/collection/login",
        ])
        .expect("lock the login collection");
    }

    fn wait_for_name(&self, name: &str) {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let owned = self
                .dbus_send(&[
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    &format!("string:{name}"),
                ])
                .is_some_and(|reply| reply.contains("boolean true"));
            if owned {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{name} did not appear on the test bus within {START_TIMEOUT:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The temporary directory holding the socket and the keyring files.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

fn start_bus(dir: &Path) -> (Child, String) {
    let config = dir.join("bus.conf");
    let socket = dir.join("bus.socket");
    std::fs::write(
        &config,
        format!(
            r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
            socket.display()
        ),
    )
    .expect("write the bus configuration");
    let mut bus = Command::new("dbus-daemon")
        .arg(format!("--config-file={}", config.display()))
        .args(["--nofork", "--nopidfile", "--print-address=1"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start dbus-daemon");
    // The address is printed once the bus listens.
    let stdout = bus.stdout.take().expect("stdout is piped");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    match rx.recv_timeout(START_TIMEOUT) {
        Ok(line) if line.trim().starts_with("unix:") => (bus, line.trim().to_owned()),
        other => {
            let _ = bus.kill();
            let _ = bus.wait();
            panic!("dbus-daemon did not print its address: {other:?}");
        }
    }
}

fn start_keyring(dir: &Path, address: &str) -> Child {
    let home = dir.join("home");
    let data = dir.join("data");
    let runtime = dir.join("runtime");
    for d in [&home, &data, &runtime] {
        std::fs::create_dir_all(d).expect("create a keyring directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700))
            .expect("chmod the runtime directory");
    }
    let mut child = Command::new("gnome-keyring-daemon")
        .args(["--foreground", "--unlock", "--components=secrets"])
        .env("DBUS_SESSION_BUS_ADDRESS", address)
        .env("HOME", &home)
        .env("XDG_DATA_HOME", &data)
        .env("XDG_RUNTIME_DIR", &runtime)
        .env_remove("DISPLAY")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start gnome-keyring-daemon");
    // The login keyring's password, read until end of input.
    let mut stdin = child.stdin.take().expect("stdin is piped");
    stdin
        .write_all(b"test-keyring-password")
        .expect("give gnome-keyring-daemon its password");
    drop(stdin);
    child
}

impl Drop for SecretService {
    fn drop(&mut self) {
        for child in self.keyring.iter_mut().chain([&mut self.bus]) {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A line in the test's output explaining why a test did not run.
#[allow(clippy::print_stderr, reason = "test output, explains a skipped test")]
fn skip_note(reason: &str) {
    eprintln!("skipped: no Secret Service for the keyring tests: {reason}");
}
