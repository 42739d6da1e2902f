//! The verified certificates of a device, kept under the data dir so that later commands
//! fetch only what is new (`certificate_get` after the last known timestamps).
//!
//! The file is a cache of what the server sent, re-verified from scratch each time it is
//! read: a local file that no longer verifies (edited, or from another organization) is
//! discarded and the chain fetched again. What comes from the server is verified before
//! it is stored; a batch that does not verify is refused whole and nothing is written.
//!
//! Layout: `<data dir>/<device id hex>/certificates-v1.msgpack`, a msgpack map
//! `{"root_verify_key": bin, "common": [bin…], "sequester": [bin…]}`, written atomically
//! (temporary file + rename) with mode 0600.

use crate::certificates::{poll, CertificateStore, PollError};
use crate::connection::AuthenticatedCmds;
use parsec_protocol::cmds::authenticated::certificate_get::Certificates;
use parsec_protocol::crypto::VerifyKey;
use parsec_protocol::device_file::LocalDevice;
use parsec_protocol::ids::{UserID, UserProfile};
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The local copy cannot be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot save certificates to {path}: {source}")]
pub struct SaveError {
    /// The file.
    pub path: PathBuf,
    /// Why.
    #[source]
    pub source: std::io::Error,
}

/// The local copy cannot be removed.
#[derive(Debug, thiserror::Error)]
#[error("cannot remove {path}: {source}")]
pub struct ForgetError {
    /// The file.
    pub path: PathBuf,
    /// Why.
    #[source]
    pub source: std::io::Error,
}

/// Fetching or saving failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SyncError {
    /// Fetching or verifying failed.
    #[error(transparent)]
    Poll(#[from] PollError),
    /// Saving failed.
    #[error(transparent)]
    Save(#[from] SaveError),
}

#[derive(Serialize, Deserialize)]
struct FileContent {
    root_verify_key: VerifyKey,
    common: Vec<ByteBuf>,
    sequester: Vec<ByteBuf>,
}

/// A device's certificate store backed by a file.
#[derive(Debug)]
pub struct LocalCertificates {
    path: PathBuf,
    store: CertificateStore,
    /// The device's own user: when their profile switches to or from OUTSIDER the
    /// server starts sending the other flavour (redacted or full) of every certificate.
    me: UserID,
}

impl LocalCertificates {
    /// Where the certificates of `device` live under `data_dir`.
    pub fn path_for(data_dir: &Path, device: &LocalDevice) -> PathBuf {
        data_dir
            .join(device.device_id.hex())
            .join("certificates-v1.msgpack")
    }

    /// Removes the local copy of `device`'s certificates (the next sync fetches and
    /// verifies the whole chain again). Returns whether there was one.
    pub fn forget(data_dir: &Path, device: &LocalDevice) -> Result<bool, ForgetError> {
        let path = Self::path_for(data_dir, device);
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(source) => Err(ForgetError { path, source }),
        }
    }

    /// Loads and re-verifies the local copy (an empty store if there is none or if it
    /// does not verify).
    pub fn open(data_dir: &Path, device: &LocalDevice) -> Self {
        let path = Self::path_for(data_dir, device);
        let empty = CertificateStore::new(device.root_verify_key);
        let store = match std::fs::read(&path) {
            Ok(bytes) => match Self::reload(&bytes, device.root_verify_key) {
                Some(store) => store,
                None => {
                    tracing::warn!(path = %path.display(), "local certificates do not verify: fetching them again");
                    empty
                }
            },
            Err(_) => empty,
        };
        Self {
            path,
            store,
            me: device.user_id,
        }
    }

    fn reload(bytes: &[u8], root: VerifyKey) -> Option<CertificateStore> {
        let content: FileContent = rmp_serde::from_slice(bytes).ok()?;
        if content.root_verify_key != root {
            return None;
        }
        let mut store = CertificateStore::new(root);
        store
            .ingest(&Certificates {
                common_certificates: content.common,
                sequester_certificates: content.sequester,
                ..Default::default()
            })
            .ok()?;
        Some(store)
    }

    /// The verified certificates.
    pub fn store(&self) -> &CertificateStore {
        &self.store
    }

    /// Fetches what is new, verifies it, and saves the result; returns how many
    /// certificates were added.
    ///
    /// When the new certificates switch the device's own user to or from OUTSIDER, the
    /// certificates already stored are of the wrong flavour (full or redacted): the store
    /// is emptied and everything fetched again, as the official client does
    /// (certificates.md §3).
    pub async fn sync(&mut self, cmds: &AuthenticatedCmds) -> Result<usize, SyncError> {
        let outsider = |store: &CertificateStore| {
            store
                .user(self.me)
                .map(|u| u.current_profile() == UserProfile::Outsider)
        };
        let before = outsider(&self.store);
        let mut added = poll(cmds, &mut self.store).await?;
        if before.is_some() && outsider(&self.store) != before {
            let mut fresh = CertificateStore::new(self.store.root_verify_key());
            added = poll(cmds, &mut fresh).await?;
            self.store = fresh;
        }
        if added > 0 || !self.path.exists() {
            self.save()?;
        }
        Ok(added)
    }

    fn save(&self) -> Result<(), SaveError> {
        let err = |source| SaveError {
            path: self.path.clone(),
            source,
        };
        let (common, sequester) = self.store.raw_certificates();
        let content = FileContent {
            root_verify_key: self.store.root_verify_key(),
            common: common.iter().map(|c| ByteBuf::from(c.clone())).collect(),
            sequester: sequester.iter().map(|c| ByteBuf::from(c.clone())).collect(),
        };
        let bytes = rmp_serde::to_vec_named(&content).expect("certificates always serialize");
        let dir = self.path.parent().expect("the path has a parent");
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(dir).map_err(err)?;
        let tmp = dir.join(format!(".certificates-v1.{}.tmp", std::process::id()));
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let result = (|| {
            let mut f = opts.open(&tmp)?;
            f.write_all(&bytes)?;
            f.sync_all()?;
            std::fs::rename(&tmp, &self.path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result.map_err(err)
    }
}
