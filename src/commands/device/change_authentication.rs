//! `device change-authentication`: protect a device file with a new password, or with
//! the OS keyring (device-file.md §2.3, §2.4).

use crate::commands::common::{open_session_as, DeviceArgs};
use crate::env;
use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::AuthenticationChanged;
use crate::printer::Printer;
use crate::prompt::{self, PasswordArgs};
use parsec_client::device_update::{self, DeviceUpdateError};
use parsec_client::os_keyring;
use parsec_protocol::crypto::OsRandom;
use parsec_protocol::device_file::ProtectionKey;
use std::path::PathBuf;

/// Change authentication medium for a device
///
/// The device file is encrypted again under the new password (`--password`) or with a
/// key kept in the OS keyring (`--keyring`: the Secret Service on Linux, as the official
/// client) and replaced at the same path: the new file is written and flushed to disk
/// beside the old one, then renamed over it, so the old file stays whole until the new one
/// is complete.
///
/// On a terminal it asks for the current password (none for a device already in the
/// keyring), then twice for the new one (none with `--keyring`). With `--password-stdin`,
/// stdin gives the current password then the new one, one per line (only the lines
/// needed); with `--password-file`, the current password comes from that file and the new
/// one from `--new-password-file` (or the terminal).
///
/// A device protected by the keyring opens without a password in every command. Without a
/// usable keyring (no D-Bus session, no Secret Service) it fails with exit code 14.
///
/// With `--format json`: `{"authentication", "device_id", "path"}`.
#[derive(Debug, clap::Args)]
#[command(group(
    clap::ArgGroup::new("medium")
        .required(true)
        .args(["password", "keyring"])
))]
pub struct DeviceChangeAuthenticationArgs {
    /// Protect the device with a new password
    #[arg(short, long)]
    pub password: bool,

    /// Protect the device with the OS keyring (Secret Service): no password needed to
    /// open it afterwards
    #[arg(short, long)]
    pub keyring: bool,

    /// Read the new password from this file (its first line); the file must not be
    /// readable by group or others
    #[arg(
        long,
        value_name = "PATH",
        conflicts_with_all = ["password_stdin", "keyring"]
    )]
    pub new_password_file: Option<PathBuf>,

    #[command(flatten)]
    /// Which device, and how its current password is given.
    pub device: DeviceArgs,
}

/// Runs `device change-authentication`.
pub async fn cmd_device_change_authentication(
    args: DeviceChangeAuthenticationArgs,
    printer: &Printer,
) -> CliResult {
    let json = printer.is_json()?;
    let stdin = args.device.password.password_stdin;
    if args.password && !stdin && args.new_password_file.is_none() && !prompt::is_interactive() {
        return Err(
            CliError::bad_input("cannot ask for the new password: no terminal").hint(
                "pass --password-stdin (current then new password, one per line) or \
                 --new-password-file",
            ),
        );
    }
    let session = open_session_as(
        &args.device,
        printer,
        "Enter current password for the device:",
    )
    .await?;
    let path = session.device_path().to_owned();
    let rng = OsRandom::new();
    let authentication = if args.keyring {
        let data_dir = env::default_data_dir();
        let key = printer
            .step_as(
                "Storing the device key in the OS keyring",
                "Device key stored in the OS keyring",
                async { os_keyring::obtain_key(&data_dir) },
            )
            .await
            .map_err(|e| crate::error::keyring_error(&e))?;
        printer
            .step_as(
                "Protecting the device keys with the OS keyring",
                "Device keys protected with the OS keyring",
                async {
                    device_update::change_protection(
                        &path,
                        session.device(),
                        &ProtectionKey::Keyring(key),
                        &rng,
                    )
                },
            )
            .await
            .map_err(update_error)?;
        "keyring"
    } else {
        let new_password = prompt::new_password(
            &PasswordArgs {
                password_stdin: stdin,
                password_file: args.new_password_file.clone(),
            },
            "Enter new password for the device:",
        )?;
        printer
            .step_as(
                "Protecting the device keys with the new password",
                "Device keys protected with the new password",
                async {
                    device_update::change_password(&path, session.device(), &new_password, &rng)
                },
            )
            .await
            .map_err(update_error)?;
        "password"
    };
    if json {
        printer.json(&AuthenticationChanged {
            authentication,
            device_id: session.device().device_id.hex(),
            path: path.display().to_string(),
        });
    } else {
        printer.line("Device authentication changed successfully");
    }
    Ok(())
}

/// A failed rewrite of a device file: a conflict when another program changed it
/// meanwhile, bad input otherwise; the old file is kept either way.
pub(crate) fn update_error(e: DeviceUpdateError) -> CliError {
    let message = crate::error::chain(&e);
    match e {
        DeviceUpdateError::ChangedMeanwhile(_) => CliError::new(ErrorKind::Conflict, message)
            .hint("another program changed the device file: run the command again"),
        _ => CliError::bad_input(message).hint("the device file was left as it was"),
    }
}
