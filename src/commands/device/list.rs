//! `device list`: the device files found in the config dir.

use crate::commands::common::ConfigDirArgs;
use crate::commands::device::format_device;
use crate::error::{CliError, CliResult};
use crate::printer::Printer;
use parsec_client::device_store;
use parsec_protocol::addr::ServerAddr;
use parsec_protocol::device_file::short_id_len;

/// List the devices stored in the config dir
#[derive(Debug, clap::Args)]
pub struct DeviceListArgs {
    #[command(flatten)]
    pub config: ConfigDirArgs,
}

/// Runs `device list`.
pub fn cmd_device_list(args: DeviceListArgs, printer: &Printer) -> CliResult {
    let config_dir = args.config.resolve();
    let devices = device_store::list_devices(&config_dir)
        .map_err(|e| CliError::bad_input(crate::error::chain(&e)))?;
    if devices.is_empty() {
        printer.line(format!(
            "No devices found in {}",
            printer.highlight(config_dir.display().to_string())
        ));
        return Ok(());
    }
    let ids: Vec<_> = devices.iter().map(|d| d.device_id()).collect();
    let short_len = short_id_len(&ids);
    printer.line(format!(
        "Found {} device(s) in {}:",
        printer.highlight(devices.len().to_string()),
        printer.highlight(config_dir.display().to_string())
    ));
    for d in &devices {
        let f = &d.file;
        let server = ServerAddr::from_http_url(f.server_url())
            .map(|s| s.to_url())
            .unwrap_or_else(|_| f.server_url().to_owned());
        printer.line(format_device(
            printer,
            &d.device_id(),
            short_len,
            f.organization_id(),
            f.human_handle(),
            f.device_label().as_str(),
            Some(&server),
        ));
    }
    Ok(())
}
