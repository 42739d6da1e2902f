//! The OS keyring behind `keyring` device files (device-file.md §2.4): on Linux the
//! freedesktop Secret Service (GNOME Keyring, KWallet…) reached over the D-Bus session
//! bus, through the `keyring` crate as the official client 3.9.3 does, so that both find
//! the same entries.
//!
//! One entry, service `parsec` and user a random UUIDv4, holds a recovery passphrase
//! (wire.md §3.4) that decodes to the 32-byte key of every `keyring` device file of this
//! machine. The user name is kept in `<data base dir>/keyring_user.txt` (no newline) and
//! reused as long as its entry still decodes; otherwise a new user and key are made, as
//! the official `save_device_keyring` does. In the Secret Service the entry is an item of
//! the default collection with the attributes `service`, `username`, `target` (`default`)
//! and `application` (`rust-keyring`).
//!
//! Every call is blocking (D-Bus round trips, perhaps an unlock prompt): call it from a
//! blocking thread.

use parsec_protocol::crypto::{OsRandom, SecretKey};
use parsec_protocol::device_file::KeyringKey;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The keyring service of every Parsec entry.
pub const KEYRING_SERVICE: &str = "parsec";

/// Name of the file, in the data base dir, that holds the keyring user name.
pub const KEYRING_USER_FILE: &str = "keyring_user.txt";

/// Why the OS keyring could not give or keep a key.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeyringError {
    /// No keyring answers: no D-Bus session bus, no Secret Service on it, a locked
    /// collection whose unlock prompt was refused…
    #[error("the OS keyring is not available: {reason}")]
    Unavailable {
        /// What the platform said, on one line.
        reason: String,
    },
    /// The keyring has no entry for this service and user (deleted, or another user's
    /// keyring).
    #[error("the OS keyring has no entry for service `{service}`, user `{user}`")]
    NoEntry {
        /// The entry's service.
        service: String,
        /// The entry's user.
        user: String,
    },
    /// The entry exists but does not hold a Parsec key.
    #[error(
        "the OS keyring entry for service `{service}`, user `{user}` does not hold a Parsec key"
    )]
    InvalidEntry {
        /// The entry's service.
        service: String,
        /// The entry's user.
        user: String,
    },
    /// The keyring user file cannot be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// One line of a platform error (D-Bus messages may span several).
fn one_line(e: &dyn std::fmt::Display) -> String {
    e.to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn map_err(e: keyring::Error, service: &str, user: &str) -> KeyringError {
    match e {
        keyring::Error::NoEntry => KeyringError::NoEntry {
            service: service.to_owned(),
            user: user.to_owned(),
        },
        keyring::Error::BadEncoding(_) | keyring::Error::Ambiguous(_) => {
            KeyringError::InvalidEntry {
                service: service.to_owned(),
                user: user.to_owned(),
            }
        }
        keyring::Error::PlatformFailure(inner) | keyring::Error::NoStorageAccess(inner) => {
            KeyringError::Unavailable {
                reason: one_line(&inner),
            }
        }
        other => KeyringError::Unavailable {
            reason: one_line(&other),
        },
    }
}

fn entry(service: &str, user: &str) -> Result<keyring::Entry, KeyringError> {
    keyring::Entry::new(service, user).map_err(|e| map_err(e, service, user))
}

/// Checks that a keyring answers, as the official `is_keyring_available`: reads a
/// placeholder entry (user `tmp`); "no such entry" is an answer.
pub fn check_available() -> Result<(), KeyringError> {
    match entry(KEYRING_SERVICE, "tmp")?.get_password() {
        Ok(_) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(map_err(e, KEYRING_SERVICE, "tmp")),
    }
}

/// The key held by the entry `service` / `user` (the fields of a `keyring` file).
pub fn load_key(service: &str, user: &str) -> Result<KeyringKey, KeyringError> {
    let passphrase = zeroize::Zeroizing::new(
        entry(service, user)?
            .get_password()
            .map_err(|e| map_err(e, service, user))?,
    );
    let key = SecretKey::from_recovery_passphrase(&passphrase).map_err(|_| {
        KeyringError::InvalidEntry {
            service: service.to_owned(),
            user: user.to_owned(),
        }
    })?;
    Ok(KeyringKey::new(service, user, key))
}

/// `<data base dir>/keyring_user.txt`.
pub fn keyring_user_path(data_base_dir: &Path) -> PathBuf {
    data_base_dir.join(KEYRING_USER_FILE)
}

/// The key to protect a new `keyring` file with: the one of the user named in
/// `<data_base_dir>/keyring_user.txt` if its entry still decodes, else a new user (UUIDv4)
/// and a new random key, stored in the keyring and then recorded in that file.
pub fn obtain_key(data_base_dir: &Path) -> Result<KeyringKey, KeyringError> {
    let user_path = keyring_user_path(data_base_dir);
    if let Ok(user) = std::fs::read_to_string(&user_path) {
        match load_key(KEYRING_SERVICE, &user) {
            Ok(key) => return Ok(key),
            Err(e @ KeyringError::Unavailable { .. }) => return Err(e),
            Err(e) => tracing::debug!(error = %e, "keyring user not reusable, making a new one"),
        }
    }
    let user = uuid::Uuid::new_v4().hyphenated().to_string();
    let key = SecretKey::generate(&OsRandom::new());
    entry(KEYRING_SERVICE, &user)?
        .set_password(&key.to_recovery_passphrase())
        .map_err(|e| map_err(e, KEYRING_SERVICE, &user))?;
    write_private(&user_path, user.as_bytes()).map_err(|source| KeyringError::Io {
        path: user_path.clone(),
        source,
    })?;
    Ok(KeyringKey::new(KEYRING_SERVICE, user, key))
}

/// Writes `content` to `path` atomically (temporary file, fsync, rename), mode 0600,
/// creating the parent directories.
fn write_private(path: &Path, content: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let result = opts.open(&tmp).and_then(|mut f| {
        f.write_all(content)?;
        f.sync_all()
    });
    match result.and_then(|()| std::fs::rename(&tmp, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_file_is_written_whole_and_private() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = keyring_user_path(&dir.path().join("parsec3"));
        write_private(&path, b"6b1d2a6e-3f0c-4f8e-9a51-1f2e3d4c5b6a").expect("write");
        // No newline: the official client reads the file as is.
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "6b1d2a6e-3f0c-4f8e-9a51-1f2e3d4c5b6a"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        write_private(&path, b"other").expect("rewrite");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "other");
        assert_eq!(
            std::fs::read_dir(path.parent().expect("dir"))
                .expect("list")
                .count(),
            1,
            "no temporary file is left"
        );
    }

    #[test]
    fn platform_errors_fit_on_one_line() {
        let e = map_err(
            keyring::Error::PlatformFailure("D-Bus error:\n  no bus".into()),
            KEYRING_SERVICE,
            "u",
        );
        assert_eq!(
            e.to_string(),
            "the OS keyring is not available: D-Bus error: no bus"
        );
        assert!(matches!(
            map_err(keyring::Error::NoEntry, KEYRING_SERVICE, "u"),
            KeyringError::NoEntry { .. }
        ));
    }
}
