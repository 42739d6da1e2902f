//! Rewriting an existing device file in place (device-file.md §2): the decrypted device,
//! changed, is encrypted again under the same password and replaces the old file
//! atomically, as the official client's `update_device` does (same `created_on`, a new
//! `protected_on`, a fresh salt and nonce).
//!
//! The new content is written and fsynced to a temporary file with mode 0600 beside the
//! old one, then renamed over it, then the directory is fsynced: a crash at any point
//! leaves either the old file or the new one, never a half-written file.

use crate::device_store::AvailableDevice;
use parsec_protocol::crypto::{Argon2Params, RandomSource};
use parsec_protocol::device_file::{DeviceFile, LocalDevice};
use parsec_protocol::DateTime;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The file could not be replaced; the old one is untouched.
#[derive(Debug, thiserror::Error)]
#[error("cannot rewrite device file {path}: {source}")]
pub struct RewriteError {
    /// The device file.
    pub path: PathBuf,
    /// Why.
    #[source]
    pub source: std::io::Error,
}

/// Encrypts `device` under `password` and atomically replaces the file of `available`
/// with it, keeping its `created_on`.
pub fn rewrite_device_file(
    available: &AvailableDevice,
    device: &LocalDevice,
    password: &str,
    rng: &dyn RandomSource,
) -> Result<(), RewriteError> {
    let bytes = DeviceFile::encrypt_password(
        device,
        password.as_bytes(),
        Argon2Params::OFFICIAL,
        available.file.created_on(),
        DateTime::now(),
        rng,
    );
    replace_file(&available.path, &bytes).map_err(|source| RewriteError {
        path: available.path.clone(),
        source,
    })
}

fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.rewrite.tmp", std::process::id()));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let result = (|| {
        let mut f = opts.open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        // The rename itself is durable only once the directory is synced.
        #[cfg(unix)]
        std::fs::File::open(dir)?.sync_all()?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_leaves_no_temporary_file_and_private_mode() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("x.keys");
        std::fs::write(&path, b"old").expect("write");
        replace_file(&path, b"new").expect("replace");
        assert_eq!(std::fs::read(&path).expect("read"), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("x.keys")]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn failure_keeps_the_old_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        // The target is a non-empty directory: the rename fails, nothing is lost.
        let path = dir.path().join("d.keys");
        std::fs::create_dir(&path).expect("mkdir");
        std::fs::write(path.join("inside"), b"keep").expect("write");
        assert!(replace_file(&path, b"new").is_err());
        assert_eq!(std::fs::read(path.join("inside")).expect("read"), b"keep");
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1);
    }
}
