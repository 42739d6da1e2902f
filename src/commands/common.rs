//! Arguments and helpers shared by several commands.

use crate::env;
use crate::error::{CliError, CliResult};
use parsec_client::connection::Transport;
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
            .unwrap_or_else(parsec_client::config::default_config_dir)
    }
}

/// Parses a `parsec3://` server address for clap.
pub fn parse_server_addr(s: &str) -> Result<ServerAddr, String> {
    s.parse::<ServerAddr>().map_err(|e| e.to_string())
}

/// The HTTP transport, honouring `SSL_CAFILE`.
pub fn transport() -> CliResult<Transport> {
    Transport::new().map_err(CliError::from)
}

/// Which local device to act as, and how to unlock it.
#[derive(Debug, Clone, clap::Args)]
pub struct DeviceArgs {
    /// Device to use: an ID prefix as shown by `device list`, the full ID, or its label
    /// (may be left out when the config dir holds a single device)
    #[arg(short, long, env = env::DEVICE_ID)]
    pub device: Option<String>,

    #[command(flatten)]
    pub config: ConfigDirArgs,

    #[command(flatten)]
    pub password: crate::prompt::PasswordArgs,
}

/// An unlocked device, ready to talk to its server.
pub struct OpenDevice {
    /// The decrypted device.
    pub device: parsec_protocol::device_file::LocalDevice,
    /// The HTTP transport.
    pub transport: Transport,
    /// Authenticated commands signed by the device.
    pub cmds: parsec_client::connection::AuthenticatedCmds,
    /// Held while the command runs, as the official CLI does.
    _lock: parsec_client::device_store::DeviceLock,
}

fn describe(d: &parsec_client::device_store::AvailableDevice) -> String {
    let f = &d.file;
    format!(
        "{} ({}: {} @ {})",
        &d.device_id().hex()[..8],
        f.organization_id(),
        f.human_handle(),
        f.device_label()
    )
}

fn candidates(devices: &[&parsec_client::device_store::AvailableDevice]) -> String {
    devices
        .iter()
        .map(|d| describe(d))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Finds, locks and unlocks the device named by `--device`.
pub fn open_device(args: &DeviceArgs, printer: &crate::printer::Printer) -> CliResult<OpenDevice> {
    use crate::error::ErrorKind;
    use parsec_client::device_store::{self, SelectError};
    let config_dir = args.config.resolve();
    let devices = device_store::list_devices(&config_dir)
        .map_err(|e| CliError::bad_input(crate::error::chain(&e)))?;
    let no_devices = || {
        CliError::new(
            ErrorKind::NotFound,
            format!("no devices found in {}", config_dir.display()),
        )
        .hint("bootstrap an organization or claim an invitation first, or set --config-dir")
    };
    let chosen = match (&args.device, devices.len()) {
        (None, 0) => return Err(no_devices()),
        (None, 1) => &devices[0],
        (None, _) => {
            return Err(CliError::bad_input(
                "several devices are available: choose one with --device",
            )
            .hint(format!(
                "devices: {}",
                candidates(&devices.iter().collect::<Vec<_>>())
            )))
        }
        (Some(q), _) => match device_store::select(&devices, q) {
            Ok(d) => d,
            Err(SelectError::NoDevices) => return Err(no_devices()),
            Err(SelectError::NotFound(all)) => {
                return Err(
                    CliError::new(ErrorKind::NotFound, format!("device `{q}` not found"))
                        .hint(format!("devices: {}", candidates(&all))),
                )
            }
            Err(SelectError::Ambiguous(matching)) => {
                return Err(
                    CliError::bad_input(format!("`{q}` matches several devices"))
                        .hint(format!("use a longer prefix: {}", candidates(&matching))),
                )
            }
        },
    };
    let lock = device_store::lock_device_for_use(&config_dir, chosen.device_id())
        .map_err(|e| CliError::bad_input(crate::error::chain(&e)))?;
    let password = crate::prompt::device_password(&args.password)?;
    let spinner = printer.spinner("Unlocking the device");
    let device = match device_store::load_device(chosen, &password) {
        Ok(d) => d,
        Err(e) => {
            spinner.fail();
            return Err(device_open_error(chosen, e));
        }
    };
    spinner.done_with("Device unlocked");
    let transport = transport()?;
    let cmds = parsec_client::connection::AuthenticatedCmds::for_device(transport.clone(), &device)
        .map_err(|e| {
            CliError::bad_input(format!(
                "device file {} holds an invalid server URL: {e}",
                chosen.path.display()
            ))
        })?;
    Ok(OpenDevice {
        device,
        transport,
        cmds,
        _lock: lock,
    })
}

fn device_open_error(
    device: &parsec_client::device_store::AvailableDevice,
    e: parsec_client::device_store::DeviceStoreError,
) -> CliError {
    use crate::error::ErrorKind;
    use parsec_client::device_store::DeviceStoreError;
    use parsec_protocol::device_file::DeviceFileError;
    match &e {
        DeviceStoreError::File {
            source: DeviceFileError::DecryptionFailed,
            ..
        } => CliError::new(
            ErrorKind::Authentication,
            format!("wrong password for device {}", describe(device)),
        ),
        DeviceStoreError::File {
            source:
                DeviceFileError::UnsupportedAuthentication { .. } | DeviceFileError::UnsupportedTotp,
            ..
        } => CliError::bad_input(crate::error::chain(&e))
            .hint("only password-protected devices can be used from the command line"),
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
