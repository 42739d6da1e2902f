//! Device key files on disk (device-file.md §1–2, §4): listing, selection, atomic
//! creation (mode 0600, never overwriting) and unlocking with a password or with the key
//! kept in the OS keyring ([`crate::os_keyring`]).

use crate::config::devices_dir;
use crate::os_keyring::KeyringError;
use parsec_protocol::crypto::{Argon2Params, RandomSource};
use parsec_protocol::device_file::{
    DeviceFile, DeviceFileError, DeviceFileProtection, LocalDevice, PasswordKey, ProtectionKey,
};
use parsec_protocol::ids::DeviceID;
use parsec_protocol::DateTime;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A device store operation that failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DeviceStoreError {
    /// Reading or writing the file system failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What we were doing.
        action: &'static str,
        /// Where.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file exists already (device files are never overwritten).
    #[error("device file {0} already exists")]
    AlreadyExists(PathBuf),
    /// The file cannot be decoded or unlocked.
    #[error("cannot open device file {path}: {source}")]
    File {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: DeviceFileError,
    },
    /// The OS keyring did not give the key of a `keyring` file.
    #[error("cannot open device file {path}: {source}")]
    Keyring {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: KeyringError,
    },
}

/// A device file found in the config dir, readable without its password.
#[derive(Debug, Clone)]
pub struct AvailableDevice {
    /// The file.
    pub path: PathBuf,
    /// Its decoded (still encrypted) content.
    pub file: DeviceFile,
}

impl AvailableDevice {
    /// The device's ID.
    pub fn device_id(&self) -> DeviceID {
        self.file.device_id()
    }
}

fn io_err<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(std::io::Error) -> DeviceStoreError + 'a {
    move |source| DeviceStoreError::Io {
        action,
        path: path.to_owned(),
        source,
    }
}

fn collect_keys_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), DeviceStoreError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_err("cannot read directory", dir)(e)),
    };
    for entry in entries {
        let entry = entry.map_err(io_err("cannot read directory", dir))?;
        let path = entry.path();
        let ty = entry.file_type().map_err(io_err("cannot read", &path))?;
        if ty.is_dir() {
            collect_keys_files(&path, out)?;
        } else if ty.is_file() && path.extension().is_some_and(|e| e == "keys") {
            out.push(path);
        }
    }
    Ok(())
}

/// Every readable device file under `<config dir>/devices` (recursively), in path order;
/// unreadable files are skipped and a device ID seen twice is kept once (first path).
pub fn list_devices(config_dir: &Path) -> Result<Vec<AvailableDevice>, DeviceStoreError> {
    list_devices_and_unreadable(config_dir).map(|(devices, _)| devices)
}

/// A `.keys` file that is not a device file (truncated, corrupted, or something else).
#[derive(Debug, Clone)]
pub struct UnreadableDeviceFile {
    /// The file.
    pub path: PathBuf,
    /// Why it cannot be read.
    pub reason: String,
}

/// [`list_devices`], plus the `.keys` files it skipped and why.
pub fn list_devices_and_unreadable(
    config_dir: &Path,
) -> Result<(Vec<AvailableDevice>, Vec<UnreadableDeviceFile>), DeviceStoreError> {
    let mut paths = Vec::new();
    collect_keys_files(&devices_dir(config_dir), &mut paths)?;
    paths.sort();
    let mut seen = std::collections::HashSet::new();
    let mut devices = Vec::new();
    let mut unreadable = Vec::new();
    for path in paths {
        let decoded = std::fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| DeviceFile::decode(&bytes).map_err(|e| e.to_string()));
        let file = match decoded {
            Ok(file) => file,
            Err(reason) => {
                tracing::debug!(path = %path.display(), %reason, "skipping unreadable device file");
                unreadable.push(UnreadableDeviceFile { path, reason });
                continue;
            }
        };
        if seen.insert(file.device_id()) {
            devices.push(AvailableDevice { path, file });
        }
    }
    Ok((devices, unreadable))
}

/// Why `--device` did not designate exactly one device.
#[derive(Debug)]
pub enum SelectError<'a> {
    /// No device at all.
    NoDevices,
    /// Nothing matches.
    NotFound(Vec<&'a AvailableDevice>),
    /// Several match.
    Ambiguous(Vec<&'a AvailableDevice>),
}

/// Finds the device whose hex ID starts with `query` (case-insensitive), or whose ID
/// (hex or hyphenated) or label equals it.
pub fn select<'a>(
    devices: &'a [AvailableDevice],
    query: &str,
) -> Result<&'a AvailableDevice, SelectError<'a>> {
    if devices.is_empty() {
        return Err(SelectError::NoDevices);
    }
    if let Ok(id) = query.parse::<DeviceID>() {
        if let Some(d) = devices.iter().find(|d| d.device_id() == id) {
            return Ok(d);
        }
    }
    let q = query.to_ascii_lowercase();
    let by_prefix: Vec<_> = devices
        .iter()
        .filter(|d| !q.is_empty() && d.device_id().hex().starts_with(&q))
        .collect();
    let matches = if by_prefix.is_empty() {
        devices
            .iter()
            .filter(|d| d.file.device_label().as_str() == query)
            .collect()
    } else {
        by_prefix
    };
    match matches.len() {
        1 => Ok(matches[0]),
        0 => Err(SelectError::NotFound(devices.iter().collect())),
        _ => Err(SelectError::Ambiguous(matches)),
    }
}

/// Unlocks a password-protected device file.
pub fn load_device(
    device: &AvailableDevice,
    password: &str,
) -> Result<LocalDevice, DeviceStoreError> {
    device
        .file
        .decrypt_password(password.as_bytes())
        .map_err(|source| DeviceStoreError::File {
            path: device.path.clone(),
            source,
        })
}

/// Whether the file is unlocked with the OS keyring rather than a password.
pub fn uses_keyring(device: &AvailableDevice) -> bool {
    matches!(
        device.file.protection(),
        DeviceFileProtection::Keyring { .. }
    )
}

/// The key of a `keyring` file, read from the OS keyring entry it names (blocking).
pub fn keyring_key(
    device: &AvailableDevice,
) -> Result<parsec_protocol::device_file::KeyringKey, DeviceStoreError> {
    let DeviceFileProtection::Keyring { service, user } = device.file.protection() else {
        return Err(DeviceStoreError::File {
            path: device.path.clone(),
            source: DeviceFileError::UnsupportedAuthentication {
                kind: device.file.kind(),
            },
        });
    };
    crate::os_keyring::load_key(service, user).map_err(|source| DeviceStoreError::Keyring {
        path: device.path.clone(),
        source,
    })
}

/// Unlocks a `keyring` device file with the key kept in the OS keyring (blocking: D-Bus
/// round trips). A key that does not open the file is [`DeviceFileError::DecryptionFailed`].
pub fn load_device_from_keyring(device: &AvailableDevice) -> Result<LocalDevice, DeviceStoreError> {
    let key = keyring_key(device)?;
    device
        .file
        .decrypt_keyring(key.key())
        .map_err(|source| DeviceStoreError::File {
            path: device.path.clone(),
            source,
        })
}

/// An encrypted device file written next to its final name, not yet visible to
/// `device list`. [`PendingDeviceFile::commit`] publishes it; dropping it removes it.
#[derive(Debug)]
pub struct PendingDeviceFile {
    tmp: PathBuf,
    path: PathBuf,
    committed: bool,
}

impl PendingDeviceFile {
    /// Where the file will be.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Publishes the file under its final name, atomically and without ever replacing an
    /// existing file (a hard link fails if the name is taken).
    pub fn commit(mut self) -> Result<PathBuf, DeviceStoreError> {
        match std::fs::hard_link(&self.tmp, &self.path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(DeviceStoreError::AlreadyExists(self.path.clone()));
            }
            Err(e) => return Err(io_err("cannot create", &self.path)(e)),
        }
        self.committed = true;
        let _ = std::fs::remove_file(&self.tmp);
        Ok(self.path.clone())
    }
}

impl Drop for PendingDeviceFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Encrypts `device` with `password` (official Argon2id cost) and writes it, fsynced, to
/// a temporary file with mode 0600 in `<config dir>/devices/`.
pub fn prepare_save(
    config_dir: &Path,
    device: &LocalDevice,
    password: &str,
    rng: &dyn RandomSource,
) -> Result<PendingDeviceFile, DeviceStoreError> {
    prepare_save_with_params(config_dir, device, password, Argon2Params::OFFICIAL, rng)
}

/// [`prepare_save`] with explicit Argon2id parameters.
pub fn prepare_save_with_params(
    config_dir: &Path,
    device: &LocalDevice,
    password: &str,
    params: Argon2Params,
    rng: &dyn RandomSource,
) -> Result<PendingDeviceFile, DeviceStoreError> {
    let key = PasswordKey::derive(password.as_bytes(), params, rng);
    prepare_save_with_key(config_dir, device, &key, rng)
}

/// [`prepare_save`] with a key derived beforehand ([`PasswordKey::derive`]): only the
/// fast encryption and the write are left.
pub fn prepare_save_with_key(
    config_dir: &Path,
    device: &LocalDevice,
    key: &PasswordKey,
    rng: &dyn RandomSource,
) -> Result<PendingDeviceFile, DeviceStoreError> {
    prepare_save_protected(
        config_dir,
        device,
        &ProtectionKey::Password(key.clone()),
        rng,
    )
}

/// [`prepare_save_with_key`] for any protection: a `password` file, or a `keyring` file
/// whose key was obtained beforehand ([`crate::os_keyring::obtain_key`]).
pub fn prepare_save_protected(
    config_dir: &Path,
    device: &LocalDevice,
    key: &ProtectionKey,
    rng: &dyn RandomSource,
) -> Result<PendingDeviceFile, DeviceStoreError> {
    let dir = devices_dir(config_dir);
    create_private_dir(&dir)?;
    let path = dir.join(format!("{}.keys", device.device_id.hex()));
    if path.exists() {
        return Err(DeviceStoreError::AlreadyExists(path));
    }
    let now = DateTime::now();
    let bytes = DeviceFile::encrypt_protected(device, key, now, now, rng);
    let tmp = dir.join(format!(
        ".{}.keys.{}.tmp",
        device.device_id.hex(),
        std::process::id()
    ));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(&tmp).map_err(io_err("cannot create", &tmp))?;
    let pending = PendingDeviceFile {
        tmp: tmp.clone(),
        path,
        committed: false,
    };
    f.write_all(&bytes).map_err(io_err("cannot write", &tmp))?;
    f.sync_all().map_err(io_err("cannot write", &tmp))?;
    Ok(pending)
}

/// Saves a device file at once (see [`prepare_save`]).
pub fn save_device(
    config_dir: &Path,
    device: &LocalDevice,
    password: &str,
    rng: &dyn RandomSource,
) -> Result<PathBuf, DeviceStoreError> {
    prepare_save(config_dir, device, password, rng)?.commit()
}

/// Checks, before anything is committed elsewhere, that a new device file can be written
/// in `<config dir>/devices/`: creates the folder and a probe file, then removes it.
pub fn check_writable(config_dir: &Path) -> Result<(), DeviceStoreError> {
    let dir = devices_dir(config_dir);
    create_private_dir(&dir)?;
    let probe = dir.join(format!(".write-check.{}.tmp", std::process::id()));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let result = opts
        .open(&probe)
        .and_then(|mut f| f.write_all(&[0; 4096]).and_then(|()| f.sync_all()))
        .map_err(io_err("cannot write in", &dir));
    let _ = std::fs::remove_file(&probe);
    result
}

fn create_private_dir(dir: &Path) -> Result<(), DeviceStoreError> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(io_err("cannot create directory", dir))
}

/// An exclusive lock on a device while a command uses it: a BSD `flock` on
/// `<config dir>/in_use_devices/<device id hex>`, the same file the official CLI locks,
/// so two commands (ours or official) never use one device at once.
#[derive(Debug)]
pub struct DeviceLock {
    _file: std::fs::File,
}

/// Takes the in-use lock of a device, waiting if another command holds it.
pub fn lock_device_for_use(
    config_dir: &Path,
    device_id: DeviceID,
) -> Result<DeviceLock, DeviceStoreError> {
    let dir = config_dir.join("in_use_devices");
    create_private_dir(&dir)?;
    let path = dir.join(device_id.hex());
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io_err("cannot open", &path))?;
    file.lock().map_err(io_err("cannot lock", &path))?;
    Ok(DeviceLock { _file: file })
}
