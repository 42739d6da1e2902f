//! `device`: device files stored on this machine.

pub mod list;

use crate::error::CliResult;
use crate::printer::Printer;
use parsec_protocol::ids::{DeviceID, HumanHandle, OrganizationID, UserID};

/// Device commands.
#[derive(Debug, clap::Subcommand)]
pub enum DeviceCommand {
    List(list::DeviceListArgs),
}

/// Runs a device command.
pub async fn dispatch(command: DeviceCommand, printer: &Printer) -> CliResult {
    match command {
        DeviceCommand::List(args) => list::cmd_device_list(args, printer),
    }
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

/// A device as a JSON object (stable field names, see `man parsec-cli-device-list`).
pub fn device_json(
    device_id: &DeviceID,
    short_len: usize,
    organization: &OrganizationID,
    user_id: &UserID,
    human_handle: &HumanHandle,
    device_label: &str,
    server_url: &str,
) -> serde_json::Value {
    serde_json::json!({
        "device_id": device_id.hex(),
        "short_id": &device_id.hex()[..short_len.clamp(3, 32)],
        "organization_id": organization.as_str(),
        "user_id": user_id.hex(),
        "human_handle": human_json(human_handle),
        "device_label": device_label,
        "server_url": server_url,
    })
}

/// `{"email": …, "label": …}`.
pub fn human_json(h: &HumanHandle) -> serde_json::Value {
    serde_json::json!({ "email": h.email().as_str(), "label": h.label() })
}
