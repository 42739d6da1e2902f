//! Arguments and helpers shared by several commands.

use crate::env;
use crate::error::{CliError, CliResult, ErrorKind};
use crate::printer::Printer;
use parsec_client::config::ClientConfig;
use parsec_client::connection::Transport;
use parsec_client::device_store::AvailableDevice;
use parsec_client::local_certificates::LocalCertificates;
use parsec_client::session::{LockedDevice, OpenDeviceError, Session, UnlockError};
use parsec_protocol::addr::ServerAddr;
use std::path::PathBuf;

/// Server address and administration token, for the administration API.
#[derive(Debug, Clone, clap::Args)]
pub struct AdminServerArgs {
    /// Administration token of the server
    #[arg(short, long, env = env::ADMINISTRATION_TOKEN, hide_env_values = true)]
    pub token: String,

    /// Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)
    #[arg(short, long, env = env::SERVER_ADDR, value_parser = parse_server_addr)]
    pub addr: ServerAddr,
}

/// Where device files are kept.
#[derive(Debug, Clone, clap::Args)]
pub struct ConfigDirArgs {
    /// Parsec config directory [default: ~/.config/parsec3/libparsec]
    #[arg(short, long, env = env::CONFIG_DIR, value_name = "CONFIG_DIR")]
    pub config_dir: Option<PathBuf>,
}

impl ConfigDirArgs {
    /// The directory to use.
    pub fn resolve(&self) -> PathBuf {
        self.config_dir
            .clone()
            .unwrap_or_else(env::default_config_dir)
    }

    /// The library's configuration: this config dir, the rest from the environment.
    pub fn client_config(&self) -> ClientConfig {
        env::client_config(self.config_dir.clone())
    }
}

/// Parses a `parsec3://` server address for clap.
pub fn parse_server_addr(s: &str) -> Result<ServerAddr, String> {
    s.parse::<ServerAddr>().map_err(|e| e.to_string())
}

/// The HTTP transport, honouring `SSL_CAFILE`.
pub fn transport() -> CliResult<Transport> {
    Transport::with_config(&env::transport_config()).map_err(CliError::from)
}

/// Which local device to act as, and how to unlock it.
#[derive(Debug, Clone, clap::Args)]
pub struct DeviceArgs {
    /// Device to use: an ID prefix as shown by `device list`, the full ID, or its label
    /// (may be left out when the config dir holds a single device)
    #[arg(short, long, env = env::DEVICE_ID)]
    pub device: Option<String>,

    #[command(flatten)]
    /// Where device files are kept.
    pub config: ConfigDirArgs,

    #[command(flatten)]
    /// How the password is given.
    pub password: crate::prompt::PasswordArgs,
}

fn describe(d: &AvailableDevice) -> String {
    let f = &d.file;
    format!(
        "{} ({}: {} @ {})",
        &d.device_id().hex()[..8],
        f.organization_id(),
        f.human_handle(),
        f.device_label()
    )
}

fn candidates(devices: &[AvailableDevice]) -> String {
    devices.iter().map(describe).collect::<Vec<_>>().join(", ")
}

/// How many times a wrong device password is asked again at a terminal.
const PASSWORD_TRIES: u32 = 3;

/// Opens the device named by `--device` (or the only one): locks it, asks its password
/// and unlocks it under a spinner. At a terminal a wrong password is asked again, up to
/// three times in all. A device protected by the OS keyring is unlocked with the key kept
/// there: no password is asked nor read from stdin.
pub async fn open_session(args: &DeviceArgs, printer: &Printer) -> CliResult<Session> {
    open_session_as(args, printer, "Enter password for the device:").await
}

/// [`open_session`] asking the password on the terminal with `prompt`.
pub async fn open_session_as(
    args: &DeviceArgs,
    printer: &Printer,
    prompt: &str,
) -> CliResult<Session> {
    let config = args.config.client_config();
    let locked = LockedDevice::open(&config, args.device.as_deref()).map_err(open_device_error)?;
    let device = locked.available().clone();
    if locked.uses_keyring() {
        let unlocked = printer
            .step_as(
                "Unlocking the device with the OS keyring",
                "Device unlocked",
                async { locked.load_from_keyring() },
            )
            .await;
        return unlocked
            .and_then(|d| locked.into_session(d))
            .map_err(|e| unlock_error(&device, e));
    }
    let asked = !args.password.password_stdin
        && args.password.password_file.is_none()
        && crate::prompt::is_interactive();
    let tries = if asked { PASSWORD_TRIES } else { 1 };
    let mut tried = 0;
    let unlocked = loop {
        tried += 1;
        let password = crate::prompt::device_password_as(&args.password, prompt)?;
        let loaded = printer
            .step_as("Unlocking the device", "Device unlocked", async {
                locked.load(&password)
            })
            .await;
        match loaded {
            Err(e) if tried < tries && is_wrong_password(&e) => {
                printer.status(format!(
                    "Wrong password, try again ({} {} left).",
                    tries - tried,
                    if tries - tried == 1 { "try" } else { "tries" }
                ));
            }
            other => break other,
        }
    };
    unlocked
        .and_then(|d| locked.into_session(d))
        .map_err(|e| unlock_error(&device, e))
}

fn is_wrong_password(e: &UnlockError) -> bool {
    use parsec_client::device_store::DeviceStoreError;
    use parsec_protocol::device_file::DeviceFileError;
    matches!(
        e,
        UnlockError::Load(DeviceStoreError::File {
            source: DeviceFileError::DecryptionFailed,
            ..
        })
    )
}

/// Fetches the organization's new certificates, verifies them and keeps them under the
/// data dir (a spinner while waiting).
pub async fn sync_certificates(
    session: &Session,
    printer: &Printer,
) -> CliResult<LocalCertificates> {
    printer
        .step(
            "Poll server for new certificates",
            session.sync_certificates(),
        )
        .await
        .map_err(CliError::from)
}

/// The error for a device that could not be chosen or locked.
pub fn open_device_error(e: OpenDeviceError) -> CliError {
    match e {
        OpenDeviceError::NoDevices { unreadable, .. } if !unreadable.is_empty() => {
            let first = &unreadable[0];
            CliError::bad_input(format!(
                "device file {} is damaged: {}",
                first.path.display(),
                first.reason
            ))
            .hint(if unreadable.len() > 1 {
                "no other device file is readable either: restore them from a backup, or claim \
                 a new device"
            } else {
                "restore it from a backup, or claim a new device (`invite device` from another \
                 device of yours)"
            })
        }
        OpenDeviceError::NoDevices { .. } => CliError::new(ErrorKind::NotFound, e.to_string())
            .hint("bootstrap an organization or claim an invitation first, or set --config-dir"),
        OpenDeviceError::SeveralDevices { devices } => {
            CliError::bad_input("several devices are available: choose one with --device")
                .hint(format!("devices: {}", candidates(&devices)))
        }
        OpenDeviceError::NotFound { query, devices } => {
            CliError::new(ErrorKind::NotFound, format!("device `{query}` not found"))
                .hint(format!("devices: {}", candidates(&devices)))
        }
        OpenDeviceError::Ambiguous { query, matching } => {
            CliError::bad_input(format!("`{query}` matches several devices"))
                .hint(format!("use a longer prefix: {}", candidates(&matching)))
        }
        OpenDeviceError::List(e) | OpenDeviceError::Lock(e) => {
            CliError::bad_input(crate::error::chain(&e))
        }
        OpenDeviceError::Transport(e) => e.into(),
        other => CliError::bad_input(crate::error::chain(&other)),
    }
}

/// The error for a device that could not be unlocked.
pub fn unlock_error(device: &AvailableDevice, e: UnlockError) -> CliError {
    use parsec_client::device_store::DeviceStoreError;
    use parsec_protocol::device_file::DeviceFileError;
    match &e {
        UnlockError::Load(DeviceStoreError::Keyring { path, source }) => {
            let err = crate::error::keyring_error(source);
            CliError {
                message: format!(
                    "cannot open device file {}: {}",
                    path.display(),
                    err.message
                ),
                ..err
            }
        }
        UnlockError::Load(DeviceStoreError::File {
            source: DeviceFileError::DecryptionFailed,
            ..
        }) if parsec_client::device_store::uses_keyring(device) => CliError::new(
            ErrorKind::Keyring,
            format!(
                "the key in the OS keyring does not open device {}",
                describe(device)
            ),
        )
        .hint(
            "the keyring entry named in the device file was replaced: the device cannot be \
             opened here; use another device of yours, or a recovery device",
        ),
        UnlockError::Load(DeviceStoreError::File {
            source: DeviceFileError::DecryptionFailed,
            ..
        }) => CliError::new(
            ErrorKind::Authentication,
            format!("wrong password for device {}", describe(device)),
        ),
        UnlockError::Load(
            inner @ DeviceStoreError::File {
                source:
                    DeviceFileError::UnsupportedAuthentication { .. } | DeviceFileError::UnsupportedTotp,
                ..
            },
        ) => CliError::bad_input(crate::error::chain(inner)).hint(
            "only devices protected by a password or the OS keyring can be used from the \
                 command line",
        ),
        UnlockError::Load(inner) => CliError::bad_input(crate::error::chain(inner)),
        UnlockError::InvalidServerUrl { .. } => CliError::bad_input(e.to_string()),
        _ => CliError::bad_input(crate::error::chain(&e)),
    }
}

/// `--timeout` of `invite greet` / `invite claim`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TimeoutArgs {
    /// Give up (and cancel the greeting on the server) if the exchange is not over after
    /// this long, e.g. `90s`, `5m` [default: wait as long as it takes]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<std::time::Duration>,
}

fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let d = match s.parse::<u64>() {
        Ok(secs) => std::time::Duration::from_secs(secs),
        Err(_) => humantime::parse_duration(s).map_err(|e| format!("{e} (e.g. 90s, 5m, 1h)"))?,
    };
    if d.is_zero() {
        return Err("the timeout must be longer than zero".to_owned());
    }
    Ok(d)
}
