//! `device forget-local`: remove a device from this machine (its file and local data).

use crate::commands::common::{open_device_error, ConfigDirArgs};
use crate::commands::device::format_device;
use crate::env;
use crate::error::{CliError, CliResult};
use crate::output::DeviceForgotten;
use crate::printer::Printer;
use parsec_client::session::LockedDevice;

/// Forget a local device It will still exist on the server but not locally anymore
///
/// Removes the device file from the config dir and the device's local data (its verified
/// certificates) from the data dir. The device stays valid on the server: only this
/// machine forgets it, and without another copy of its file (or a recovery file) it
/// cannot be used again. No password is needed.
///
/// Asks `Are you sure?` on a terminal; `--yes` skips the question (required without a
/// terminal).
///
/// With `--format json`: `{"device_id", "path", "removed_data"}` (`removed_data`: whether
/// local data existed).
#[derive(Debug, clap::Args)]
pub struct DeviceForgetLocalArgs {
    /// Device to forget: an ID prefix as shown by `device list`, the full ID, or its label
    /// (may be left out when the config dir holds a single device)
    #[arg(short, long, env = env::DEVICE_ID)]
    pub device: Option<String>,

    /// Do not ask for confirmation
    #[arg(short = 'y', long)]
    pub yes: bool,

    #[command(flatten)]
    /// Where device files are kept.
    pub config: ConfigDirArgs,
}

/// Runs `device forget-local`.
pub async fn cmd_device_forget_local(args: DeviceForgetLocalArgs, printer: &Printer) -> CliResult {
    let json = printer.is_json()?;
    let config = args.config.client_config();
    // Waits until no other command uses the device, and keeps others off meanwhile.
    let locked = LockedDevice::open(&config, args.device.as_deref()).map_err(open_device_error)?;
    let available = locked.available();
    let file = &available.file;
    let device_id = available.device_id();
    printer.say("You are about to forget the following local device:");
    printer.say(format_device(
        printer,
        &device_id,
        3,
        file.organization_id(),
        file.human_handle(),
        file.device_label().as_str(),
        None,
    ));
    if !args.yes && !crate::prompt::confirm("Are you sure?")? {
        printer.say("Operation cancelled");
        return Ok(());
    }
    std::fs::remove_file(&available.path).map_err(|e| {
        CliError::bad_input(format!("cannot remove {}: {e}", available.path.display()))
    })?;
    let data = config.data_dir.join(device_id.hex());
    let removed_data = match std::fs::remove_dir_all(&data) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => {
            return Err(CliError::bad_input(format!(
                "the device file was removed, but not its local data {}: {e}",
                data.display()
            ))
            .hint("remove that directory by hand"))
        }
    };
    if json {
        printer.json(&DeviceForgotten {
            device_id: device_id.hex(),
            path: available.path.display().to_string(),
            removed_data,
        });
    } else {
        printer.line("The local device has been forgotten");
    }
    Ok(())
}
