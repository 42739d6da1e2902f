//! HTTPS: `--ssl-certfile` / `--ssl-keyfile` (the official `parsec run` flags, see
//! `reference/server-run-help.txt`) with rustls and its `ring` provider.
//!
//! [`load_server_config`] reads the PEM files once at startup; [`TlsListener`] is an
//! [`axum::serve::Listener`] that accepts TCP connections and completes their TLS
//! handshakes concurrently, each bounded by [`HANDSHAKE_TIMEOUT`], so that one slow or
//! silent client cannot hold up the others. Only HTTP/1.1 is offered through ALPN: the
//! router is served by axum's HTTP/1 connection builder.

use rustls_pki_types::pem::{self, PemObject};
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

/// How long a client may take to complete its TLS handshake before the connection is
/// dropped.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections handshaken but not yet taken by the HTTP server.
const ACCEPT_QUEUE: usize = 64;

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

/// A TCP listener that hands out TLS streams once their handshake completed.
///
/// A background task accepts connections and runs each handshake in its own task; failed
/// handshakes (a client that does not trust our certificate, plain HTTP on the HTTPS
/// port) are logged and dropped. The task ends when the listener is dropped.
pub struct TlsListener {
    local_addr: SocketAddr,
    ready: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
}

impl TlsListener {
    /// Starts accepting on `listener` with `config`. Needs a Tokio runtime.
    pub fn new(listener: TcpListener, config: Arc<ServerConfig>) -> std::io::Result<Self> {
        let local_addr = listener.local_addr()?;
        let (tx, ready) = mpsc::channel(ACCEPT_QUEUE);
        tokio::spawn(accept_loop(listener, TlsAcceptor::from(config), tx));
        Ok(Self { local_addr, ready })
    }
}

async fn accept_loop(
    listener: TcpListener,
    acceptor: TlsAcceptor,
    tx: mpsc::Sender<(TlsStream<TcpStream>, SocketAddr)>,
) {
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            // The HTTP server stopped and dropped the listener.
            () = tx.closed() => return,
        };
        let (tcp, peer) = match accepted {
            Ok(pair) => pair,
            Err(e) => {
                // Typically EMFILE: give the server a moment to close connections, as
                // axum's own TCP listener does.
                tracing::error!("cannot accept a connection: {e}");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        // Same reason as for plain HTTP (see `Server::run`): no delayed-ACK stalls.
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!("cannot set TCP_NODELAY: {e}");
        }
        let acceptor = acceptor.clone();
        let tx = tx.clone();
        tokio::spawn(async move {
            match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await {
                Ok(Ok(tls)) => {
                    // A closed channel means the server is shutting down: drop it.
                    let _ = tx.send((tls, peer)).await;
                }
                Ok(Err(e)) => tracing::info!("TLS handshake with {peer} failed: {e}"),
                Err(_) => tracing::info!(
                    "TLS handshake with {peer} timed out after {HANDSHAKE_TIMEOUT:?}"
                ),
            }
        });
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(pair) => pair,
            // Only when the accept task ended, which it does once this listener is
            // dropped: cannot happen while we are polled.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.local_addr)
    }
}
