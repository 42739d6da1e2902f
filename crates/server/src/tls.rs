//! HTTPS: `--ssl-certfile` / `--ssl-keyfile` (the official `parsec run` flags, see
//! `reference/server-run-help.txt`) with rustls and its `ring` provider.
//!
//! [`load_server_config`] reads the PEM files once at startup; [`crate::serve`] runs each
//! connection's handshake in its own task, bounded by `--tls-handshake-timeout`, so that
//! one slow or silent client cannot hold up the others. Only HTTP/1.1 is offered through
//! ALPN: the router is served by hyper's HTTP/1 connection builder.

use rustls_pki_types::pem::{self, PemObject};
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio_rustls::rustls::{self, ServerConfig};

/// The certificate or key files cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TlsError {
    /// The certificate file is unreadable or not PEM.
    #[error("cannot read the certificate file {path}: {reason}")]
    Certificate {
        /// `--ssl-certfile`.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The certificate file holds no `CERTIFICATE` block.
    #[error("no certificate (PEM `BEGIN CERTIFICATE` block) in {0}")]
    NoCertificate(PathBuf),
    /// The key file is unreadable, not PEM, or holds no private key.
    #[error("cannot read a private key from {path}: {reason}")]
    Key {
        /// `--ssl-keyfile`.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// rustls refused the pair (e.g. the key does not match the certificate).
    #[error("cannot use the certificate {certfile} with the key {keyfile}: {source}")]
    Config {
        /// `--ssl-certfile`.
        certfile: PathBuf,
        /// `--ssl-keyfile`.
        keyfile: PathBuf,
        /// What rustls said.
        source: rustls::Error,
    },
}

/// Reads the certificate chain (leaf first, then intermediates) and the private key
/// (PKCS#8, PKCS#1 or SEC1), and builds the rustls configuration: TLS 1.2 and 1.3,
/// rustls' default cipher suites, no client certificates, ALPN `http/1.1`.
pub fn load_server_config(certfile: &Path, keyfile: &Path) -> Result<Arc<ServerConfig>, TlsError> {
    let cert_err = |reason: String| TlsError::Certificate {
        path: certfile.to_owned(),
        reason,
    };
    let certs = CertificateDer::pem_file_iter(certfile)
        .map_err(|e| cert_err(pem_reason(&e)))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| cert_err(pem_reason(&e)))?;
    if certs.is_empty() {
        return Err(TlsError::NoCertificate(certfile.to_owned()));
    }
    let key = PrivateKeyDer::from_pem_file(keyfile).map_err(|e| TlsError::Key {
        path: keyfile.to_owned(),
        reason: match e {
            pem::Error::NoItemsFound => {
                "no `PRIVATE KEY` block (PKCS#8, PKCS#1 or SEC1) found".to_owned()
            }
            e => pem_reason(&e),
        },
    })?;
    let config_err = |source| TlsError::Config {
        certfile: certfile.to_owned(),
        keyfile: keyfile.to_owned(),
        source,
    };
    let mut config =
        ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(config_err)?
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .map_err(config_err)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

fn pem_reason(e: &pem::Error) -> String {
    match e {
        pem::Error::Io(io) => io.to_string(),
        other => format!("invalid PEM ({other})"),
    }
}
