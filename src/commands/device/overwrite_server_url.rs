//! `device overwrite-server-url`: point a device at its server's new address.

use crate::commands::common::{open_device_error, ConfigDirArgs};
use crate::commands::device::format_local_device;
use crate::env;
use crate::error::CliResult;
use crate::output::DeviceServerUrlChanged;
use crate::printer::Printer;
use parsec_client::device_store::{self, load_device};
use parsec_client::device_update;
use parsec_client::session::LockedDevice;
use parsec_protocol::addr::ServerAddr;
use parsec_protocol::crypto::OsRandom;
use parsec_protocol::device_file::{KeyringKey, ProtectionKey};

/// Change the server URL for the device, this is normally not needed
///
/// For a server that moved: the device file is decrypted with its password (or the key
/// kept in the OS keyring), its server address changed (in the encrypted content and the
/// clear header alike) and the file rewritten under the same protection. The new file
/// replaces the old one atomically: an interruption leaves the old file or the new one,
/// never a half-written one.
///
/// Asks `Are you sure?` on a terminal; `--yes` skips the question (required without a
/// terminal).
///
/// With `--format json`: `{"device_id", "new_server_url", "old_server_url", "path"}`.
#[derive(Debug, clap::Args)]
pub struct DeviceOverwriteServerUrlArgs {
    /// The new server URL: `http(s)://HOST[:PORT]`
    #[arg(short, long, value_parser = parse_http_url, value_hint = clap::ValueHint::Url)]
    pub server_url: ServerAddr,

    /// Do not ask for confirmation
    #[arg(short = 'y', long)]
    pub yes: bool,

    /// Device to change: an ID prefix as shown by `device list`, the full ID, or its label
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

/// How the device file was opened, and so how it is protected again.
enum Protection {
    Password(crate::prompt::Password),
    Keyring(KeyringKey),
}

fn parse_http_url(s: &str) -> Result<ServerAddr, String> {
    ServerAddr::from_http_url(s).map_err(|e| e.to_string())
}

/// Runs `device overwrite-server-url`.
pub async fn cmd_device_overwrite_server_url(
    args: DeviceOverwriteServerUrlArgs,
    printer: &Printer,
) -> CliResult {
    let json = printer.is_json()?;
    let config = args.config.client_config();
    let locked = LockedDevice::open(&config, args.device.as_deref()).map_err(open_device_error)?;
    let available = locked.available().clone();
    // A keyring device is opened, then protected again, with the key kept in the keyring.
    let password = if locked.uses_keyring() {
        None
    } else {
        Some(crate::prompt::device_password(&args.password)?)
    };
    let (mut device, protection) = printer
        .step_as("Unlocking the device", "Device unlocked", async {
            match password {
                Some(password) => {
                    load_device(&available, &password).map(|d| (d, Protection::Password(password)))
                }
                None => {
                    let key = device_store::keyring_key(&available)?;
                    available
                        .file
                        .decrypt_keyring(key.key())
                        .map(|d| (d, Protection::Keyring(key)))
                        .map_err(|source| device_store::DeviceStoreError::File {
                            path: available.path.clone(),
                            source,
                        })
                }
            }
        })
        .await
        .map_err(|e| {
            crate::commands::common::unlock_error(
                &available,
                parsec_client::session::UnlockError::Load(e),
            )
        })?;
    let old = ServerAddr::from_http_url(available.file.server_url())
        .map(|a| a.to_url())
        .unwrap_or_else(|_| available.file.server_url().to_owned());
    let new = args.server_url.to_url();
    printer.say("You are about to update the following device:");
    printer.say(format_local_device(printer, &device));
    printer.say(format!("Current server URL: {}", printer.highlight(&old)));
    printer.say(format!("New server URL: {}", printer.highlight(&new)));
    if !args.yes && !crate::prompt::confirm("Are you sure?")? {
        printer.say("Operation cancelled");
        return Ok(());
    }
    device.server_url = args.server_url.to_http_url();
    let rng = OsRandom::new();
    printer
        .step("Rewriting the device file", async {
            // Encrypted again under the same password or keyring key, atomically,
            // `created_on` kept.
            match protection {
                Protection::Password(password) => {
                    device_update::change_password(&available.path, &device, &password, &rng)
                }
                Protection::Keyring(key) => device_update::change_protection(
                    &available.path,
                    &device,
                    &ProtectionKey::Keyring(key),
                    &rng,
                ),
            }
        })
        .await
        .map_err(super::change_authentication::update_error)?;
    drop(locked);
    if json {
        printer.json(&DeviceServerUrlChanged {
            device_id: device.device_id.hex(),
            new_server_url: new,
            old_server_url: old,
            path: available.path.display().to_string(),
        });
    } else {
        printer.line("Device updated successfully");
    }
    Ok(())
}
