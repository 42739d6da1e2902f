//! `device`: device files stored on this machine.

pub mod change_authentication;
pub mod export_recovery_device;
pub mod forget_local;
pub mod import_recovery_device;
pub mod list;
pub mod overwrite_server_url;

use crate::error::CliResult;
use crate::printer::Printer;
use parsec_protocol::device_file::LocalDevice;
use parsec_protocol::ids::{DeviceID, HumanHandle, OrganizationID};

/// Device commands.
#[derive(Debug, clap::Subcommand)]
// A doc comment on a variant would replace the help clap takes from its arguments struct.
#[allow(missing_docs)]
pub enum DeviceCommand {
    List(list::DeviceListArgs),
    ForgetLocal(forget_local::DeviceForgetLocalArgs),
    OverwriteServerUrl(overwrite_server_url::DeviceOverwriteServerUrlArgs),
    ChangeAuthentication(change_authentication::DeviceChangeAuthenticationArgs),
    ExportRecoveryDevice(export_recovery_device::DeviceExportRecoveryDeviceArgs),
    ImportRecoveryDevice(import_recovery_device::DeviceImportRecoveryDeviceArgs),
}

/// Runs a device command.
pub async fn dispatch(command: DeviceCommand, printer: &Printer) -> CliResult {
    match command {
        DeviceCommand::List(args) => list::cmd_device_list(args, printer),
        DeviceCommand::ForgetLocal(args) => {
            forget_local::cmd_device_forget_local(args, printer).await
        }
        DeviceCommand::OverwriteServerUrl(args) => {
            overwrite_server_url::cmd_device_overwrite_server_url(args, printer).await
        }
        DeviceCommand::ChangeAuthentication(args) => {
            change_authentication::cmd_device_change_authentication(args, printer).await
        }
        DeviceCommand::ExportRecoveryDevice(args) => {
            export_recovery_device::cmd_device_export_recovery_device(args, printer).await
        }
        DeviceCommand::ImportRecoveryDevice(args) => {
            import_recovery_device::cmd_device_import_recovery_device(args, printer).await
        }
    }
}

/// [`format_device`] for an unlocked device, with the official 3-character short ID and
/// no server.
pub fn format_local_device(printer: &Printer, device: &LocalDevice) -> String {
    format_device(
        printer,
        &device.device_id,
        3,
        &device.organization_id,
        &device.human_handle,
        device.device_label.as_str(),
        None,
    )
}

/// `<short id> - <org>: <name> <<email>> @ <device label>[ (<server>)]`, as the
/// official CLI prints devices.
pub fn format_device(
    printer: &Printer,
    device_id: &DeviceID,
    short_len: usize,
    organization: &OrganizationID,
    human_handle: &HumanHandle,
    device_label: &str,
    server: Option<&str>,
) -> String {
    let hex = device_id.hex();
    let short = &hex[..short_len.clamp(3, 32)];
    let mut line = format!(
        "{} - {organization}: {human_handle} @ {device_label}",
        printer.highlight(short)
    );
    if let Some(s) = server {
        line.push_str(&format!(" ({s})"));
    }
    line
}
