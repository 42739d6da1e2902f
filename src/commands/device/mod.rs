//! `device`: device files stored on this machine.

pub mod list;

use crate::error::CliResult;
use crate::printer::Printer;
use parsec_protocol::ids::{DeviceID, HumanHandle, OrganizationID};

/// Device commands.
#[derive(Debug, clap::Subcommand)]
// A doc comment on a variant would replace the help clap takes from its arguments struct.
#[allow(missing_docs)]
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
