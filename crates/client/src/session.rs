//! A local device opened for use (device-file.md §1–2, §4): chosen among the device
//! files of the config dir, locked against concurrent use as the official CLI does,
//! unlocked with its password, and connected to its server.
//!
//! Opening takes two steps so that the caller can ask for the password once it knows
//! which device is meant:
//!
//! ```text
//! LockedDevice::open(config, query) ─unlock(password)→ Session
//! ```
//!
//! A [`Session`] signs authenticated commands, keeps the organization's verified
//! certificates under the data dir ([`Session::sync_certificates`]) and creates
//! invitations whose address it knows ([`Session::new_user_invitation`]).

use crate::config::ClientConfig;
use crate::connection::{AuthenticatedCmds, ConnectionError, Transport};
use crate::device_store::{self, AvailableDevice, DeviceLock, DeviceStoreError, SelectError};
use crate::invite::manage::{self, NewDeviceInvitationError, NewUserInvitationError};
use crate::local_certificates::{LocalCertificates, SyncError};
use parsec_protocol::addr::{AddrError, InvitationAddr, InvitationType, ServerAddr};
use parsec_protocol::device_file::LocalDevice;
use parsec_protocol::ids::EmailAddress;
use parsec_protocol::invite::InvitationEmailSentStatus;
use std::path::{Path, PathBuf};

/// Why no device could be chosen and locked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OpenDeviceError {
    /// The config dir cannot be read.
    #[error(transparent)]
    List(DeviceStoreError),
    /// The config dir holds no device.
    #[error("no devices found in {}", config_dir.display())]
    NoDevices {
        /// The config dir searched.
        config_dir: PathBuf,
        /// `.keys` files found there that are not readable device files.
        unreadable: Vec<device_store::UnreadableDeviceFile>,
    },
    /// No device was named and there are several.
    #[error("several devices are available")]
    SeveralDevices {
        /// All of them.
        devices: Vec<AvailableDevice>,
    },
    /// Nothing matches the query.
    #[error("device `{query}` not found")]
    NotFound {
        /// What was asked.
        query: String,
        /// All the devices.
        devices: Vec<AvailableDevice>,
    },
    /// Several devices match the query.
    #[error("`{query}` matches several devices")]
    Ambiguous {
        /// What was asked.
        query: String,
        /// The devices that match.
        matching: Vec<AvailableDevice>,
    },
    /// The in-use lock cannot be taken.
    #[error(transparent)]
    Lock(DeviceStoreError),
    /// The HTTP client cannot be built (e.g. an unusable extra CA file).
    #[error(transparent)]
    Transport(#[from] ConnectionError),
}

/// Why a locked device could not be unlocked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UnlockError {
    /// The file cannot be decrypted (wrong password, unsupported protection…).
    #[error(transparent)]
    Load(DeviceStoreError),
    /// The device file holds a server URL we cannot use.
    #[error("device file {} holds an invalid server URL: {source}", path.display())]
    InvalidServerUrl {
        /// The device file.
        path: PathBuf,
        /// Why.
        #[source]
        source: AddrError,
    },
}

/// A device chosen and locked, not yet unlocked.
#[derive(Debug)]
pub struct LockedDevice {
    config: ClientConfig,
    available: AvailableDevice,
    transport: Transport,
    lock: DeviceLock,
}

impl LockedDevice {
    /// Chooses the device `query` names (an ID prefix, the full ID or the label), or the
    /// only device when `query` is `None`, and takes its in-use lock, waiting if another
    /// command holds it.
    pub fn open(config: &ClientConfig, query: Option<&str>) -> Result<Self, OpenDeviceError> {
        let (devices, unreadable) = device_store::list_devices_and_unreadable(&config.config_dir)
            .map_err(OpenDeviceError::List)?;
        let no_devices = || OpenDeviceError::NoDevices {
            config_dir: config.config_dir.clone(),
            unreadable: unreadable.clone(),
        };
        let chosen = match (query, devices.len()) {
            (None, 0) => return Err(no_devices()),
            (None, 1) => devices[0].clone(),
            (None, _) => return Err(OpenDeviceError::SeveralDevices { devices }),
            (Some(q), _) => match device_store::select(&devices, q) {
                Ok(d) => d.clone(),
                Err(SelectError::NoDevices) => return Err(no_devices()),
                Err(SelectError::NotFound(all)) => {
                    return Err(OpenDeviceError::NotFound {
                        query: q.to_owned(),
                        devices: all.into_iter().cloned().collect(),
                    })
                }
                Err(SelectError::Ambiguous(matching)) => {
                    return Err(OpenDeviceError::Ambiguous {
                        query: q.to_owned(),
                        matching: matching.into_iter().cloned().collect(),
                    })
                }
            },
        };
        let lock = device_store::lock_device_for_use(&config.config_dir, chosen.device_id())
            .map_err(OpenDeviceError::Lock)?;
        let transport = Transport::with_config(&config.transport)?;
        Ok(Self {
            config: config.clone(),
            available: chosen,
            transport,
            lock,
        })
    }

    /// The chosen device file.
    pub fn available(&self) -> &AvailableDevice {
        &self.available
    }

    /// Decrypts the device with `password` (slow on purpose: the key derivation is
    /// memory-hard) and prepares its authenticated commands.
    pub fn unlock(self, password: &str) -> Result<Session, UnlockError> {
        let device = self.load(password)?;
        self.into_session(device)
    }

    /// Decrypts the device file with `password` (Argon2id, slow), keeping the lock: a
    /// wrong password may be asked again.
    pub fn load(&self, password: &str) -> Result<LocalDevice, UnlockError> {
        device_store::load_device(&self.available, password).map_err(UnlockError::Load)
    }

    /// Whether the device is unlocked with the OS keyring ([`LockedDevice::load_from_keyring`])
    /// rather than a password.
    pub fn uses_keyring(&self) -> bool {
        device_store::uses_keyring(&self.available)
    }

    /// Decrypts a `keyring` device file with the key kept in the OS keyring (blocking:
    /// D-Bus round trips, perhaps an unlock prompt of the keyring).
    pub fn load_from_keyring(&self) -> Result<LocalDevice, UnlockError> {
        device_store::load_device_from_keyring(&self.available).map_err(UnlockError::Load)
    }

    /// The session of `device`, decrypted from this file by [`LockedDevice::load`].
    pub fn into_session(self, device: LocalDevice) -> Result<Session, UnlockError> {
        let server = device
            .server_addr()
            .map_err(|source| UnlockError::InvalidServerUrl {
                path: self.available.path.clone(),
                source,
            })?;
        let cmds = AuthenticatedCmds::new(
            self.transport.clone(),
            &server,
            &device.organization_id,
            device.device_id,
            device.signing_key.clone(),
        );
        Ok(Session {
            config: self.config,
            path: self.available.path,
            device,
            server,
            transport: self.transport,
            cmds,
            _lock: self.lock,
        })
    }
}

/// An invitation just created (or a pending one given again).
#[derive(Debug, Clone)]
pub struct CreatedInvitation {
    /// Its address, what the claimer passes to `invite claim` (its token inside).
    pub addr: InvitationAddr,
    /// What became of the email, when one was asked for.
    pub email_sent: InvitationEmailSentStatus,
}

/// An unlocked device, ready to talk to its server; holds the in-use lock until dropped.
#[derive(Debug)]
pub struct Session {
    config: ClientConfig,
    path: PathBuf,
    device: LocalDevice,
    server: ServerAddr,
    transport: Transport,
    cmds: AuthenticatedCmds,
    _lock: DeviceLock,
}

impl Session {
    /// The decrypted device.
    pub fn device(&self) -> &LocalDevice {
        &self.device
    }

    /// The device file.
    pub fn device_path(&self) -> &Path {
        &self.path
    }

    /// The device's server.
    pub fn server_addr(&self) -> &ServerAddr {
        &self.server
    }

    /// The configuration the session was opened with.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The HTTP transport.
    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    /// Authenticated commands signed by the device.
    pub fn cmds(&self) -> &AuthenticatedCmds {
        &self.cmds
    }

    /// Fetches the organization's new certificates, verifies them and keeps them under
    /// the data dir; returns the whole verified store.
    pub async fn sync_certificates(&self) -> Result<LocalCertificates, SyncError> {
        let mut local = LocalCertificates::open(&self.config.data_dir, &self.device);
        local.sync(&self.cmds).await?;
        Ok(local)
    }

    /// Invites `claimer_email` to join as a new user (the device's user must be ADMIN).
    /// A pending invitation for the same email is given again rather than duplicated.
    pub async fn new_user_invitation(
        &self,
        claimer_email: EmailAddress,
        send_email: bool,
    ) -> Result<CreatedInvitation, NewUserInvitationError> {
        let created = manage::new_user_invitation(&self.cmds, claimer_email, send_email).await?;
        Ok(self.created(InvitationType::User, created))
    }

    /// Invites a new device for the device's own user. A pending device invitation is
    /// given again rather than duplicated.
    pub async fn new_device_invitation(
        &self,
        send_email: bool,
    ) -> Result<CreatedInvitation, NewDeviceInvitationError> {
        let created = manage::new_device_invitation(&self.cmds, send_email).await?;
        Ok(self.created(InvitationType::Device, created))
    }

    fn created(&self, kind: InvitationType, created: manage::Created) -> CreatedInvitation {
        CreatedInvitation {
            addr: InvitationAddr::new(
                self.server.clone(),
                self.device.organization_id.clone(),
                kind,
                created.token,
            ),
            email_sent: created.email_sent,
        }
    }
}
