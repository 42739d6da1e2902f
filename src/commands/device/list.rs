//! `device list`: the device files found in the config dir.

use crate::commands::common::ConfigDirArgs;
use crate::commands::device::format_device;
use crate::error::{CliError, CliResult};
use crate::output::{Device, DeviceList};
use crate::printer::Printer;
use parsec_client::device_store;
use parsec_protocol::addr::ServerAddr;
use parsec_protocol::device_file::short_id_len;

/// List the devices stored in the config dir
///
/// With `--format json`: one object `{"config_dir", "devices": [{"device_id",
/// "short_id", "organization_id", "user_id", "human_handle": {"email", "label"},
/// "device_label", "server_url", "authentication", "path"}]}`.
#[derive(Debug, clap::Args)]
pub struct DeviceListArgs {
    #[command(flatten)]
    /// Where device files are kept.
    pub config: ConfigDirArgs,
}

/// Runs `device list`.
pub fn cmd_device_list(args: DeviceListArgs, printer: &Printer) -> CliResult {
    let json = printer.is_json()?;
    let config_dir = args.config.resolve();
    let (devices, unreadable) = device_store::list_devices_and_unreadable(&config_dir)
        .map_err(|e| CliError::bad_input(crate::error::chain(&e)))?;
    for u in &unreadable {
        printer.status(format!(
            "warning: device file {} is damaged and was skipped: {}",
            u.path.display(),
            u.reason
        ));
    }
    let server_of = |f: &parsec_protocol::device_file::DeviceFile| {
        ServerAddr::from_http_url(f.server_url())
            .map(|s| s.to_url())
            .unwrap_or_else(|_| f.server_url().to_owned())
    };
    if json {
        let ids: Vec<_> = devices.iter().map(|d| d.device_id()).collect();
        let short_len = short_id_len(&ids);
        let list: Vec<_> = devices
            .iter()
            .map(|d| {
                let f = &d.file;
                let mut device = Device::new(
                    &d.device_id(),
                    short_len,
                    f.organization_id(),
                    &f.user_id(),
                    f.human_handle(),
                    f.device_label().as_str(),
                    &server_of(f),
                );
                device.authentication = Some(f.kind().as_str());
                device.path = Some(d.path.display().to_string());
                device
            })
            .collect();
        printer.json(&DeviceList {
            config_dir: config_dir.display().to_string(),
            devices: list,
        });
        return Ok(());
    }
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
        let server = server_of(f);
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
