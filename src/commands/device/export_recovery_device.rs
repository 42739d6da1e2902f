//! `device export-recovery-device`: a recovery device registered on the server, saved in
//! a file encrypted with a passphrase shown once (device-file.md §2.5).

use crate::commands::common::{open_session, DeviceArgs};
use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::RecoveryDeviceExported;
use crate::printer::Printer;
use parsec_client::recovery::{self, RegisterDeviceError};
use parsec_protocol::crypto::OsRandom;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Export recovery device
///
/// Creates a recovery device for your user on the server and saves it to OUTPUT,
/// encrypted with a recovery passphrase that is shown once. Keep the file and the
/// passphrase in safe places, apart: `device import-recovery-device` turns them into a
/// new device when this one is lost (the official CLI reads the file too). OUTPUT must
/// not exist; it is written with mode 0600.
///
/// With `--format json`: `{"device_id", "device_label", "passphrase", "path"}`.
#[derive(Debug, clap::Args)]
pub struct DeviceExportRecoveryDeviceArgs {
    /// Path where to save the recovery device file
    #[arg(value_hint = clap::ValueHint::FilePath)]
    pub output: PathBuf,

    #[command(flatten)]
    /// Which device to act as, and how to unlock it.
    pub device: DeviceArgs,
}

/// Runs `device export-recovery-device`.
pub async fn cmd_device_export_recovery_device(
    args: DeviceExportRecoveryDeviceArgs,
    printer: &Printer,
) -> CliResult {
    let json = printer.is_json()?;
    // Checked before anything reaches the server: a recovery device whose file cannot
    // be written would be useless.
    let pending = PendingOutput::create(&args.output)?;
    let session = open_session(&args.device, printer).await?;
    let rng = OsRandom::new();
    let exported = printer
        .step(
            "Creating the recovery device on the server",
            recovery::export_recovery_device(&session, &rng),
        )
        .await
        .map_err(register_error)?;
    let path = pending.commit(&exported.file).map_err(|e| {
        CliError::new(
            ErrorKind::BadInput,
            format!(
                "the recovery device was created on the server but its file could not be \
                 written: {e}"
            ),
        )
        .hint("nothing can use that recovery device: free some space and run the command again")
    })?;
    if json {
        printer.json(&RecoveryDeviceExported {
            device_id: exported.device.device_id.hex(),
            device_label: exported.device.device_label.as_str().to_owned(),
            passphrase: exported.passphrase.as_str().to_owned(),
            path: path.display().to_string(),
        });
    } else {
        printer.line(format!("Recovery device saved at {}", path.display()));
        printer.line(format!(
            "Save the recovery passphrase in a safe place: {}",
            printer.highlight(exported.passphrase.as_str())
        ));
    }
    Ok(())
}

fn register_error(e: RegisterDeviceError) -> CliError {
    if !e.nothing_committed() {
        return CliError::new(
            ErrorKind::OutcomeUnknown,
            format!(
                "the recovery device may have been created on the server, but no file was \
                 written: {}",
                crate::error::chain(&e)
            ),
        )
        .hint("run the command again to export a new recovery device");
    }
    registration_refused(e)
}

/// The error of a `device_create` the server refused or never received.
pub(super) fn registration_refused(e: RegisterDeviceError) -> CliError {
    let message = e.to_string();
    match e {
        RegisterDeviceError::Connection(c) => c.into(),
        RegisterDeviceError::ClockDrift { .. } => CliError::new(ErrorKind::Server, message)
            .hint("synchronize this machine's clock (e.g. with NTP)"),
        RegisterDeviceError::DeviceAlreadyExists => CliError::new(ErrorKind::Conflict, message)
            .hint("run the command again: a new device ID is drawn each time"),
        _ => CliError::new(ErrorKind::Server, message),
    }
}

/// The recovery file, created empty under a temporary name beside OUTPUT (mode 0600),
/// then filled, flushed and linked to OUTPUT, which is never overwritten. Dropping it
/// removes the temporary file.
struct PendingOutput {
    file: std::fs::File,
    tmp: PathBuf,
    path: PathBuf,
}

impl PendingOutput {
    fn create(path: &Path) -> CliResult<Self> {
        let exists = || {
            CliError::bad_input(format!("{} already exists", path.display()))
                .hint("choose another path: an existing file is never overwritten")
        };
        if path.symlink_metadata().is_ok() {
            return Err(exists());
        }
        let name = path
            .file_name()
            .ok_or_else(|| CliError::bad_input(format!("{} is not a file path", path.display())))?
            .to_string_lossy()
            .into_owned();
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
            _ => PathBuf::from("."),
        };
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let file = opts.open(&tmp).map_err(|e| {
            CliError::bad_input(format!("cannot create a file in {}: {e}", dir.display()))
        })?;
        Ok(Self {
            file,
            tmp,
            path: path.to_owned(),
        })
    }

    fn commit(mut self, bytes: &[u8]) -> std::io::Result<PathBuf> {
        self.file.write_all(bytes)?;
        self.file.sync_all()?;
        match std::fs::hard_link(&self.tmp, &self.path) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(std::io::Error::new(
                    e.kind(),
                    format!("{} was created meanwhile", self.path.display()),
                ))
            }
            r => r?,
        }
        #[cfg(unix)]
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::File::open(dir)?.sync_all()?;
        }
        Ok(self.path.clone())
    }
}

impl Drop for PendingOutput {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.tmp);
    }
}
