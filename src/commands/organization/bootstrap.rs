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
/// The device file is written before the request is sent. It is removed only if the
/// server clearly refused or could not be reached; if the outcome is unknown (connection lost after sending, a
/// proxy's 502, Ctrl-C) it is kept and named in the error (exit code 12): run the same
/// command again with the same password, which succeeds if the kept device bootstrapped
/// the organization.
///
/// When the organization already has terms of service, they are shown once the device
/// is saved and, on a terminal, you are asked to accept them (`--accept-tos` accepts them
/// without asking); otherwise accept them later with `tos accept`.
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

    /// Accept the organization's terms of service, if it has any, without asking
    #[arg(long)]
    pub accept_tos: bool,

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
        .map_err(|e| crate::error::invalid_url("bootstrap", &args.addr, &e))?;

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
    let sent = printer
        .step_as(
            "Bootstrapping organization in the server",
            "Organization bootstrapped",
            async {
                tokio::select! {
                    r = bootstrap::send(&transport, &addr, &prepared) => r.map_err(Sent::Failed),
                    _ = crate::signal::interrupted() => Err(Sent::Interrupted),
                }
            },
        )
        .await;
    let path = match sent {
        Ok(()) => pending.commit().map_err(|e| {
            CliError::new(
                ErrorKind::Internal,
                format!(
                    "the organization is bootstrapped but its device file could not be saved: {}",
                    crate::error::chain(&e)
                ),
            )
        })?,
        Err(Sent::Failed(e)) if e.nothing_committed() => {
            // Nothing was committed: the new keys are useless, remove them.
            drop(pending);
            if matches!(e, bootstrap::BootstrapError::AlreadyBootstrapped) {
                if let Some(path) =
                    earlier_bootstrap_device(&transport, &addr, &config_dir, &password, printer)
                        .await
                {
                    return report(printer, json, &addr, &path, None);
                }
            }
            return Err(e.into());
        }
        Err(sent) => return Err(outcome_unknown(sent, pending)),
    };
    tracing::debug!(path = %path.display(), "device file saved");
    note_stale_devices(printer, &config_dir, &addr, &path);
    report(printer, json, &addr, &path, Some(&prepared.device))?;
    crate::commands::tos::offer_for_new_device(&prepared.device, printer, args.accept_tos, !json)
        .await;
    Ok(())
}

/// After a bootstrap that went through: any other device file of this organization and
/// server was kept by an earlier attempt whose outcome was unknown and which, we now
/// know, did not bootstrap it (an organization is bootstrapped once). Say so; the file
/// is left alone.
fn note_stale_devices(
    printer: &Printer,
    config_dir: &std::path::Path,
    addr: &BootstrapAddr,
    ours: &std::path::Path,
) {
    let server_url = addr.server.to_http_url();
    let Ok(devices) = device_store::list_devices(config_dir) else {
        return;
    };
    for d in devices {
        if d.path != ours
            && d.file.organization_id() == &addr.organization_id
            && d.file.server_url() == server_url
        {
            printer.status(format!(
                "note: {} was kept by an earlier attempt that did not bootstrap this \
                 organization: the server does not know that device, its file can be deleted",
                d.path.display()
            ));
        }
    }
}

/// How the request ended when it did not succeed.
enum Sent {
    /// The server or the network answered with an error.
    Failed(bootstrap::BootstrapError),
    /// Ctrl-C while waiting for the answer.
    Interrupted,
}

/// The bootstrap may have been applied: publish the new device file rather than lose the
/// only copy of the organization's first keys, and say how to find out.
fn outcome_unknown(sent: Sent, pending: device_store::PendingDeviceFile) -> CliError {
    let (kind, cause) = match sent {
        Sent::Failed(e) => (ErrorKind::OutcomeUnknown, crate::error::chain(&e)),
        Sent::Interrupted => (ErrorKind::Interrupted, "interrupted".to_owned()),
    };
    match pending.commit() {
        Ok(path) => CliError::new(
            kind,
            format!(
                "{cause}: the server may or may not have bootstrapped the organization; the \
                 new device file was kept: {}",
                path.display()
            ),
        )
        .hint(
            "run the same `organization bootstrap` again with the same password: it reports \
             success if this device bootstrapped the organization (or check with `device list` \
             then `user list --device ID`)",
        ),
        Err(e) => CliError::new(
            ErrorKind::Internal,
            format!(
                "{cause}: the server may have bootstrapped the organization, but the new device \
                 file could not be kept: {}",
                crate::error::chain(&e)
            ),
        ),
    }
}

/// After `organization_already_bootstrapped`: a device file of this organization and
/// server, left by an earlier run whose outcome was unknown, that opens with `password`
/// and is the device that bootstrapped the organization.
async fn earlier_bootstrap_device(
    transport: &parsec_client::connection::Transport,
    addr: &BootstrapAddr,
    config_dir: &std::path::Path,
    password: &str,
    printer: &Printer,
) -> Option<PathBuf> {
    let server_url = addr.server.to_http_url();
    let candidates: Vec<_> = device_store::list_devices(config_dir)
        .ok()?
        .into_iter()
        .filter(|d| {
            d.file.organization_id() == &addr.organization_id && d.file.server_url() == server_url
        })
        .collect();
    for candidate in candidates {
        let Ok(device) = device_store::load_device(&candidate, password) else {
            continue;
        };
        let check = printer
            .step(
                "Checking the device kept by an earlier bootstrap",
                bootstrap::is_bootstrap_device(transport, &device),
            )
            .await;
        match check {
            Ok(true) => return Some(candidate.path),
            Ok(false) => {}
            Err(e) => tracing::debug!(error = %e, "cannot check an earlier device"),
        }
    }
    None
}

/// Prints the device that bootstrapped the organization (`device` is `None` when it was
/// found from an earlier run: it is then read back from its file's public part).
fn report(
    printer: &Printer,
    json: bool,
    addr: &BootstrapAddr,
    path: &std::path::Path,
    device: Option<&parsec_protocol::device_file::LocalDevice>,
) -> CliResult {
    if device.is_none() {
        printer.status(format!(
            "The organization was already bootstrapped by the device kept by an earlier run: {}",
            path.display()
        ));
    }
    let listed;
    let (device_id, org, user_id, human_handle, label) = match device {
        Some(d) => (
            d.device_id,
            &d.organization_id,
            d.user_id,
            &d.human_handle,
            d.device_label.as_str(),
        ),
        None => {
            let bytes = std::fs::read(path)
                .map_err(|e| CliError::bad_input(format!("cannot read {}: {e}", path.display())))?;
            listed = parsec_protocol::device_file::DeviceFile::decode(&bytes)
                .map_err(|e| CliError::bad_input(format!("{}: {e}", path.display())))?;
            (
                listed.device_id(),
                listed.organization_id(),
                listed.user_id(),
                listed.human_handle(),
                listed.device_label().as_str(),
            )
        }
    };
    if json {
        let mut out = Device::new(
            &device_id,
            3,
            org,
            &user_id,
            human_handle,
            label,
            &addr.server.to_url(),
        );
        out.path = Some(path.display().to_string());
        printer.json(&out);
        return Ok(());
    }
    printer.line("New device created:");
    printer.line(format_device(
        printer,
        &device_id,
        3,
        org,
        human_handle,
        label,
        None,
    ));
    Ok(())
}
