//! `device import-recovery-device`: a new device made from a recovery file and its
//! passphrase (device-file.md §2.5).

use crate::commands::common::{transport, ConfigDirArgs};
use crate::commands::device::export_recovery_device::registration_refused;
use crate::commands::device::format_local_device;
use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::Device;
use crate::printer::Printer;
use crate::prompt;
use parsec_client::device_store;
use parsec_client::recovery::{self, OpenRecoveryError, RegisterDeviceError};
use parsec_protocol::crypto::OsRandom;
use parsec_protocol::device_file::{DeviceFile, DeviceFileKind, MAX_DEVICE_FILE_SIZE};
use parsec_protocol::ids::DeviceLabel;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Import recovery device
///
/// Opens a recovery file written by `device export-recovery-device` (by this CLI or the
/// official one) with its passphrase, creates a new device of the same user on the
/// server, signed by the recovery device, and saves it in the config dir protected by a
/// new password. The recovery file stays valid and can be used again.
///
/// On a terminal it asks for the passphrase, then twice for the new password. With
/// `--password-stdin`, stdin gives the passphrase then the new password, one per line.
///
/// The new device file is written before the request is sent; if the outcome is unknown
/// (connection lost after sending, Ctrl-C) it is kept and named in the error (exit code
/// 12 or 130).
///
/// With `--format json`: the new device as in `device list --format json`, plus
/// `"path"`.
#[derive(Debug, clap::Args)]
pub struct DeviceImportRecoveryDeviceArgs {
    /// Path of the recovery device file
    #[arg(short, long, value_hint = clap::ValueHint::FilePath)]
    pub input: PathBuf,

    /// Label of the new device (e.g. "new laptop")
    #[arg(short, long)]
    pub label: String,

    #[command(flatten)]
    /// How the passphrase and the new password are given.
    pub password: prompt::PasswordArgs,

    #[command(flatten)]
    /// Where device files are kept.
    pub config: ConfigDirArgs,
}

/// Runs `device import-recovery-device`.
pub async fn cmd_device_import_recovery_device(
    args: DeviceImportRecoveryDeviceArgs,
    printer: &Printer,
) -> CliResult {
    let json = printer.is_json()?;
    let label: DeviceLabel = args
        .label
        .parse()
        .map_err(|e: parsec_protocol::ids::InvalidId| CliError::bad_input(e.to_string()))?;
    let bytes = read_recovery_file(&args.input)?;
    let passphrase = prompt::secret(
        args.password.password_stdin,
        "Enter passphrase for the recovery file:",
        "pass --password-stdin: the passphrase then the new password, one per line",
    )?;
    let recovery_device = recovery::open_recovery_file(&bytes, &passphrase)
        .map_err(|e| open_error(&args.input, e))?;
    drop(passphrase);
    let password = prompt::new_password(&args.password, "Enter password for the new device:")?;

    let rng = OsRandom::new();
    let new_device = recovery_device.new_device_for_same_user(label, &rng);
    let config_dir = args.config.resolve();
    // Saved before the server hears of it, so that a device the server may have
    // created is never without its keys.
    let pending = printer
        .step("Protecting the device keys", async {
            device_store::prepare_save(&config_dir, &new_device, &password, &rng)
        })
        .await
        .map_err(|e| CliError::bad_input(crate::error::chain(&e)))?;

    let transport = transport()?;
    let sent = printer
        .step_as(
            "Creating the new device on the server",
            "New device created on the server",
            async {
                tokio::select! {
                    r = recovery::register_recovered_device(&transport, &recovery_device, &new_device) => {
                        r.map_err(Sent::Failed)
                    }
                    _ = crate::signal::interrupted() => Err(Sent::Interrupted),
                }
            },
        )
        .await;
    let kept = |kind: ErrorKind, why: String, pending: device_store::PendingDeviceFile| {
        let shown = pending.path().display().to_string();
        match pending.commit() {
            Ok(path) => CliError::new(
                kind,
                format!(
                    "{why}: the new device may exist on the server; its file was kept at {}",
                    path.display()
                ),
            )
            .hint("check with `device list` then `user list --device <its ID>`, or import the recovery file again"),
            Err(e) => CliError::new(
                kind,
                format!(
                    "{why}, and the new device file {shown} could not be kept: {}",
                    crate::error::chain(&e)
                ),
            ),
        }
    };
    let path = match sent {
        Ok(_) => pending.commit().map_err(|e| {
            CliError::new(
                ErrorKind::Internal,
                format!(
                    "the new device was created on the server but its file could not be saved: {}",
                    crate::error::chain(&e)
                ),
            )
            .hint("import the recovery file again")
        })?,
        Err(Sent::Failed(e)) if e.nothing_committed() => {
            drop(pending);
            return Err(refused(e));
        }
        Err(Sent::Failed(e)) => {
            return Err(kept(
                ErrorKind::OutcomeUnknown,
                format!("the answer was lost ({})", crate::error::chain(&e)),
                pending,
            ))
        }
        Err(Sent::Interrupted) => {
            return Err(kept(
                ErrorKind::Interrupted,
                "interrupted".to_owned(),
                pending,
            ))
        }
    };

    let server = new_device
        .server_addr()
        .map(|s| s.to_url())
        .unwrap_or_else(|_| new_device.server_url.clone());
    if json {
        let mut device = Device::new(
            &new_device.device_id,
            3,
            &new_device.organization_id,
            &new_device.user_id,
            &new_device.human_handle,
            new_device.device_label.as_str(),
            &server,
        );
        device.path = Some(path.display().to_string());
        printer.json(&device);
    } else {
        printer.line("New device created:");
        printer.line(format_local_device(printer, &new_device));
    }
    Ok(())
}

enum Sent {
    Failed(RegisterDeviceError),
    Interrupted,
}

fn refused(e: RegisterDeviceError) -> CliError {
    use parsec_client::connection::ConnectionError;
    match e {
        RegisterDeviceError::Connection(ConnectionError::UserRevoked) => CliError::new(
            ErrorKind::Permission,
            "the user of this recovery file has been revoked",
        ),
        RegisterDeviceError::Connection(ConnectionError::BadAuthentication) => CliError::new(
            ErrorKind::Authentication,
            "the server does not know the recovery device of this file",
        )
        .hint("the file may belong to another server or to a deleted organization"),
        other => registration_refused(other),
    }
}

/// Reads the recovery file, refusing files too large to be one and device files of
/// another kind before any passphrase is asked.
fn read_recovery_file(path: &Path) -> CliResult<Vec<u8>> {
    let unreadable =
        |e: std::io::Error| CliError::bad_input(format!("cannot read {}: {e}", path.display()));
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::new();
    file.take(MAX_DEVICE_FILE_SIZE as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    let decoded = DeviceFile::decode(&bytes).map_err(|e| {
        CliError::bad_input(format!("{} is not a recovery file: {e}", path.display()))
    })?;
    if decoded.kind() != DeviceFileKind::Recovery {
        return Err(CliError::bad_input(format!(
            "{} is not a recovery file: it is a `{}` device file",
            path.display(),
            decoded.kind()
        ))
        .hint("use the file written by `device export-recovery-device`"));
    }
    Ok(bytes)
}

fn open_error(path: &Path, e: OpenRecoveryError) -> CliError {
    match e {
        OpenRecoveryError::WrongPassphrase => CliError::new(
            ErrorKind::Authentication,
            format!("wrong passphrase for the recovery file {}", path.display()),
        ),
        OpenRecoveryError::InvalidPassphrase => CliError::bad_input(e.to_string())
            .hint("type the passphrase shown by `device export-recovery-device`"),
        other => CliError::bad_input(format!("{}: {other}", path.display())),
    }
}
