//! `organization bootstrap`: create the first user and device of a new organization
//! from its bootstrap URL, and save the device file.

use crate::commands::common::{transport, ConfigDirArgs};
use crate::commands::device::format_device;
use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::Device;
use crate::printer::Printer;
use crate::prompt;
use parsec_client::bootstrap::{self, BootstrapIdentity};
use parsec_client::device_store;
use parsec_protocol::addr::BootstrapAddr;
use parsec_protocol::crypto::OsRandom;
use parsec_protocol::ids::{DeviceLabel, EmailAddress, HumanHandle};
use parsec_protocol::DateTime;
use std::path::PathBuf;

/// Bootstrap an organization: create its first user (an administrator) and device
///
/// Values not given on the command line are asked interactively. The device's keys are
/// saved in the config dir, encrypted with the password.
///
/// With `--format json`: the new device as in `device list --format json`, plus
/// `"path"`.
#[derive(Debug, clap::Args)]
pub struct OrganizationBootstrapArgs {
    /// Bootstrap URL, as printed by `organization create`
    /// (parsec3://…?a=bootstrap_organization&p=… or http(s)://…/redirect/…)
    #[arg(short, long, value_name = "ADDR")]
    pub addr: String,

    /// Label of this device (e.g. "laptop")
    #[arg(short, long)]
    pub device_label: Option<String>,

    /// Full name of the first user
    #[arg(short, long)]
    pub label: Option<String>,

    /// Email of the first user
    #[arg(short, long)]
    pub email: Option<String>,

    /// PEM file of the sequester authority's public key (sequester can only be enabled now)
    #[arg(long, value_name = "PATH")]
    pub sequester_key: Option<PathBuf>,

    #[command(flatten)]
    /// How the password is given.
    pub password: prompt::PasswordArgs,

    #[command(flatten)]
    /// Where device files are kept.
    pub config: ConfigDirArgs,
}

fn parse_email(s: &str) -> Result<EmailAddress, String> {
    s.parse()
        .map_err(|e: parsec_protocol::ids::InvalidId| e.to_string())
}

fn parse_device_label(s: &str) -> Result<DeviceLabel, String> {
    s.parse()
        .map_err(|e: parsec_protocol::ids::InvalidId| e.to_string())
}

fn check_name(s: &str) -> Result<String, String> {
    let probe: EmailAddress = "probe@example.com".parse().expect("valid static email");
    HumanHandle::new(probe, s)
        .map(|_| s.to_owned())
        .map_err(|e| e.to_string())
}

fn default_device_label() -> Option<String> {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
}

/// Runs `organization bootstrap`.
pub async fn cmd_organization_bootstrap(
    args: OrganizationBootstrapArgs,
    printer: &Printer,
) -> CliResult {
    let json = printer.is_json()?;
    let addr = BootstrapAddr::from_any(&args.addr)
        .map_err(|e| CliError::bad_input(format!("invalid bootstrap URL: {e}")))?;

    // Validate what was given before asking for anything else.
    let email = args
        .email
        .as_deref()
        .map(parse_email)
        .transpose()
        .map_err(CliError::bad_input)?;
    let label = args
        .label
        .as_deref()
        .map(check_name)
        .transpose()
        .map_err(CliError::bad_input)?;
    let device_label = args
        .device_label
        .as_deref()
        .map(parse_device_label)
        .transpose()
        .map_err(CliError::bad_input)?;
    let sequester_authority_der = match &args.sequester_key {
        None => None,
        Some(path) => {
            let pem = std::fs::read_to_string(path).map_err(|e| {
                CliError::bad_input(format!("cannot read sequester key {}: {e}", path.display()))
            })?;
            Some(bootstrap::public_key_pem_to_der(&pem).ok_or_else(|| {
                CliError::bad_input(format!(
                    "{} is not a PEM public key (-----BEGIN PUBLIC KEY-----)",
                    path.display()
                ))
            })?)
        }
    };

    let email = match email {
        Some(e) => e,
        None => prompt::input("Enter email", None, "--email", parse_email)?,
    };
    let label = match label {
        Some(l) => l,
        None => prompt::input("Enter name", None, "--label", check_name)?,
    };
    let device_label = match device_label {
        Some(d) => d,
        None => prompt::input(
            "Enter device label",
            default_device_label().as_deref(),
            "--device-label",
            parse_device_label,
        )?,
    };
    let human_handle =
        HumanHandle::new(email, &label).map_err(|e| CliError::bad_input(e.to_string()))?;
    let password = prompt::new_password(&args.password, "Enter password for the new device:")?;

    let identity = BootstrapIdentity {
        human_handle,
        device_label,
        sequester_authority_der,
    };
    let rng = OsRandom::new();
    let prepared = bootstrap::prepare(&addr, &identity, &rng, DateTime::now());
    let config_dir = args.config.resolve();

    // The device file is encrypted and written before the server is told anything, so a
    // full disk or a read-only directory cannot leave a bootstrapped organization whose
    // only keys are lost.
    let pending = printer
        .step("Protecting the device keys", async {
            device_store::prepare_save(&config_dir, &prepared.device, &password, &rng)
        })
        .await
        .map_err(|e| CliError::bad_input(crate::error::chain(&e)))?;

    let transport = transport()?;
    printer
        .step_as(
            "Bootstrapping organization in the server",
            "Organization bootstrapped",
            bootstrap::send(&transport, &addr, &prepared),
        )
        .await?;
    let path = pending.commit().map_err(|e| {
        CliError::new(
            ErrorKind::Internal,
            format!(
                "the organization is bootstrapped but its device file could not be saved: {}",
                crate::error::chain(&e)
            ),
        )
    })?;
    tracing::debug!(path = %path.display(), "device file saved");

    let d = &prepared.device;
    if json {
        let mut device = Device::new(
            &d.device_id,
            3,
            &d.organization_id,
            &d.user_id,
            &d.human_handle,
            d.device_label.as_str(),
            &addr.server.to_url(),
        );
        device.path = Some(path.display().to_string());
        printer.json(&device);
        return Ok(());
    }
    printer.line("New device created:");
    printer.line(format_device(
        printer,
        &prepared.device.device_id,
        3,
        &prepared.device.organization_id,
        &prepared.device.human_handle,
        prepared.device.device_label.as_str(),
        None,
    ));
    Ok(())
}
