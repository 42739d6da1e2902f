//! Rewriting a device file in place (device-file.md §2.3, §2.4): `device
//! change-authentication` encrypts the same device under a new password or the OS
//! keyring's key, keeping `created_on` and setting `protected_on`, at the same path, as
//! the official `update_device_change_authentication`.
//!
//! The new content goes to a temporary file beside the old one (mode 0600, fsynced), is
//! checked to decode as the same device, then renamed over the old file, and the
//! directory is fsynced: at every instant the path holds either the old file or the new
//! one, whole. If the file changed since it was read, nothing is replaced.

use parsec_protocol::crypto::{Argon2Params, RandomSource};
use parsec_protocol::device_file::{
    DeviceFile, DeviceFileError, LocalDevice, PasswordKey, ProtectionKey,
};
use parsec_protocol::DateTime;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a device file could not be rewritten. The old file is then untouched.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DeviceUpdateError {
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
    /// The file on disk is not (or no longer) the device that was unlocked.
    #[error("device file {0} changed while it was being updated: nothing was replaced")]
    ChangedMeanwhile(PathBuf),
    /// The file on disk does not decode.
    #[error("cannot read device file {path}: {source}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: DeviceFileError,
    },
}

fn io_err<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(std::io::Error) -> DeviceUpdateError + 'a {
    move |source| DeviceUpdateError::Io {
        action,
        path: path.to_owned(),
        source,
    }
}

/// Encrypts `device` (unlocked from the file at `path`) under `new_password` with the
/// official Argon2id cost and replaces the file atomically; returns the new
/// `protected_on`.
pub fn change_password(
    path: &Path,
    device: &LocalDevice,
    new_password: &str,
    rng: &dyn RandomSource,
) -> Result<DateTime, DeviceUpdateError> {
    change_password_with_params(path, device, new_password, Argon2Params::OFFICIAL, rng)
}

/// [`change_password`] with explicit Argon2id parameters.
pub fn change_password_with_params(
    path: &Path,
    device: &LocalDevice,
    new_password: &str,
    params: Argon2Params,
    rng: &dyn RandomSource,
) -> Result<DateTime, DeviceUpdateError> {
    let key = PasswordKey::derive(new_password.as_bytes(), params, rng);
    change_protection(path, device, &ProtectionKey::Password(key), rng)
}

/// Encrypts `device` (unlocked from the file at `path`) with `key` (a password's key, or
/// the OS keyring's) and replaces the file atomically; returns the new `protected_on`.
pub fn change_protection(
    path: &Path,
    device: &LocalDevice,
    key: &ProtectionKey,
    rng: &dyn RandomSource,
) -> Result<DateTime, DeviceUpdateError> {
    let current = std::fs::read(path).map_err(io_err("cannot read", path))?;
    let file = DeviceFile::decode(&current).map_err(|source| DeviceUpdateError::Invalid {
        path: path.to_owned(),
        source,
    })?;
    if file.device_id() != device.device_id {
        return Err(DeviceUpdateError::ChangedMeanwhile(path.to_owned()));
    }
    let protected_on = DateTime::now();
    let new = DeviceFile::encrypt_protected(device, key, file.created_on(), protected_on, rng);
    replace_file(path, &current, &new, device)?;
    Ok(protected_on)
}

/// Removes the temporary file unless it was renamed.
struct TempFile<'a> {
    path: &'a Path,
    renamed: bool,
}

impl Drop for TempFile<'_> {
    fn drop(&mut self) {
        if !self.renamed {
            let _ = std::fs::remove_file(self.path);
        }
    }
}

/// Replaces `path`, whose content must still be `expected`, with `new` (a device file of
/// `device`): temporary file, fsync, check, rename, fsync of the directory.
fn replace_file(
    path: &Path,
    expected: &[u8],
    new: &[u8],
    device: &LocalDevice,
) -> Result<(), DeviceUpdateError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp_path = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(&tmp_path)
        .map_err(io_err("cannot create", &tmp_path))?;
    let mut tmp = TempFile {
        path: &tmp_path,
        renamed: false,
    };
    f.write_all(new)
        .map_err(io_err("cannot write", &tmp_path))?;
    f.sync_all().map_err(io_err("cannot write", &tmp_path))?;
    drop(f);

    // What is on disk now decodes as the same device.
    let written = std::fs::read(&tmp_path).map_err(io_err("cannot read", &tmp_path))?;
    let check = DeviceFile::decode(&written).map_err(|source| DeviceUpdateError::Invalid {
        path: tmp_path.clone(),
        source,
    })?;
    if written != new || check.device_id() != device.device_id {
        return Err(DeviceUpdateError::ChangedMeanwhile(tmp_path.clone()));
    }
    // Nobody replaced the old file meanwhile.
    let still = std::fs::read(path).map_err(io_err("cannot read", path))?;
    if still != expected {
        return Err(DeviceUpdateError::ChangedMeanwhile(path.to_owned()));
    }
    std::fs::rename(&tmp_path, path).map_err(io_err("cannot replace", path))?;
    tmp.renamed = true;
    #[cfg(unix)]
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err("cannot sync directory", dir))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use parsec_protocol::crypto::OsRandom;

    const CHEAP: Argon2Params = Argon2Params {
        memlimit_kb: 8,
        opslimit: 1,
        parallelism: 1,
    };

    fn device() -> LocalDevice {
        crate::bootstrap::prepare_test_organization(&OsRandom::new(), DateTime::now()).device
    }

    fn write_device(dir: &Path, device: &LocalDevice, created_on: DateTime) -> PathBuf {
        let path = dir.join(format!("{}.keys", device.device_id.hex()));
        let bytes = DeviceFile::encrypt_password(
            device,
            b"old",
            CHEAP,
            created_on,
            created_on,
            &OsRandom::new(),
        );
        std::fs::write(&path, bytes).expect("write");
        path
    }

    #[test]
    fn rewrites_in_place_keeping_created_on() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = device();
        let created = DateTime::from_micros(1_600_000_000_000_000);
        let path = write_device(dir.path(), &d, created);
        let protected =
            change_password_with_params(&path, &d, "new", CHEAP, &OsRandom::new()).expect("ok");
        let file = DeviceFile::decode(&std::fs::read(&path).expect("read")).expect("decode");
        assert_eq!(file.created_on(), created);
        assert_eq!(file.protected_on(), protected);
        assert!(file.decrypt_password(b"old").is_err());
        assert_eq!(
            file.decrypt_password(b"new").expect("new password").dump(),
            d.dump()
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn protects_with_a_keyring_key() {
        use parsec_protocol::crypto::SecretKey;
        use parsec_protocol::device_file::{DeviceFileKind, DeviceFileProtection, KeyringKey};
        let dir = tempfile::tempdir().expect("tempdir");
        let d = device();
        let created = DateTime::from_micros(1_600_000_000_000_000);
        let path = write_device(dir.path(), &d, created);
        let key = SecretKey::from_bytes([0x42; 32]);
        let user = "6b1d2a6e-3f0c-4f8e-9a51-1f2e3d4c5b6a";
        let protected = change_protection(
            &path,
            &d,
            &ProtectionKey::Keyring(KeyringKey::new("parsec", user, key.clone())),
            &OsRandom::new(),
        )
        .expect("ok");
        let file = DeviceFile::decode(&std::fs::read(&path).expect("read")).expect("decode");
        assert_eq!(file.kind(), DeviceFileKind::Keyring);
        assert_eq!(
            file.protection(),
            &DeviceFileProtection::Keyring {
                service: "parsec".into(),
                user: user.into()
            }
        );
        assert_eq!(file.created_on(), created);
        assert_eq!(file.protected_on(), protected);
        assert_eq!(file.decrypt_keyring(&key).expect("key").dump(), d.dump());
        // And back to a password.
        change_password_with_params(&path, &d, "back", CHEAP, &OsRandom::new()).expect("ok");
        let file = DeviceFile::decode(&std::fs::read(&path).expect("read")).expect("decode");
        assert_eq!(file.kind(), DeviceFileKind::Password);
        assert_eq!(file.created_on(), created);
        assert_eq!(file.decrypt_password(b"back").expect("pw").dump(), d.dump());
    }

    #[test]
    fn another_device_in_the_file_is_not_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = device();
        let path = write_device(dir.path(), &device(), DateTime::now());
        let before = std::fs::read(&path).expect("read");
        assert!(matches!(
            change_password_with_params(&path, &d, "new", CHEAP, &OsRandom::new()),
            Err(DeviceUpdateError::ChangedMeanwhile(_))
        ));
        assert_eq!(std::fs::read(&path).expect("read"), before);
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = device();
        let path = write_device(dir.path(), &d, DateTime::now());
        let before = std::fs::read(&path).expect("read");
        // A leftover with the temporary name makes the exclusive creation fail.
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let tmp = dir
            .path()
            .join(format!(".{name}.{}.tmp", std::process::id()));
        std::fs::write(&tmp, b"leftover").expect("write");
        assert!(matches!(
            change_password_with_params(&path, &d, "new", CHEAP, &OsRandom::new()),
            Err(DeviceUpdateError::Io { .. })
        ));
        assert_eq!(std::fs::read(&path).expect("read"), before);
        assert_eq!(std::fs::read(&tmp).expect("read"), b"leftover");
    }
}
