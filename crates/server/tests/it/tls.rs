//! The HTTPS listener on a real socket: PEM loading errors, handshakes that do not wait
//! for each other, and the handshake timeout.

use parsec_server::config::Limits;
use parsec_server::tls::{load_server_config, TlsError};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::rustls::{self, ClientConfig, RootCertStore};
use tokio_rustls::{TlsAcceptor, TlsConnector};

/// A self-signed certificate for 127.0.0.1 in a temporary folder: (folder, cert, key, DER).
fn self_signed() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    std::path::PathBuf,
    Vec<u8>,
) {
    let dir = tempfile::tempdir().expect("temp dir");
    let key = rcgen::KeyPair::generate().expect("key");
    let cert = rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .expect("names")
        .self_signed(&key)
        .expect("self-signed");
    let cert_path = dir.path().join("cert.pem");
    let key_path = dir.path().join("key.pem");
    std::fs::write(&cert_path, cert.pem()).expect("write cert");
    std::fs::write(&key_path, key.serialize_pem()).expect("write key");
    (dir, cert_path, key_path, cert.der().to_vec())
}

#[test]
fn unusable_files_are_named() {
    let (dir, cert, key, _) = self_signed();
    let empty = dir.path().join("empty.pem");
    std::fs::write(&empty, "").expect("write");
    assert!(matches!(
        load_server_config(&empty, &key),
        Err(TlsError::NoCertificate(p)) if p == empty
    ));
    assert!(matches!(
        load_server_config(&cert, &cert),
        Err(TlsError::Key { path, .. }) if path == cert
    ));
    let missing = dir.path().join("missing.pem");
    let err = load_server_config(&missing, &key).expect_err("missing file");
    assert!(err.to_string().contains("missing.pem"), "{err}");
    let (_other_dir, _, other_key, _) = self_signed();
    assert!(matches!(
        load_server_config(&cert, &other_key),
        Err(TlsError::Config { .. })
    ));
}

/// A client that opens a connection and never speaks must not hold up the next one.
#[tokio::test]
async fn a_silent_client_does_not_block_the_others() {
    let (_dir, cert, key, der) = self_signed();
    let config = load_server_config(&cert, &key).expect("usable files");
    let tcp = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = tcp.local_addr().expect("local addr");
    let server = tokio::spawn(serve_hello(tcp, config, Limits::default()));

    let _silent = TcpStream::connect(addr).await.expect("connect");

    let mut roots = RootCertStore::empty();
    roots.add(der.into()).expect("trust the certificate");
    let client =
        ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("protocol versions")
            .with_root_certificates(roots)
            .with_no_client_auth();
    let request = async {
        let tcp = TcpStream::connect(addr).await.expect("connect");
        let name = ServerName::try_from("127.0.0.1").expect("IP name");
        let mut tls = TlsConnector::from(Arc::new(client))
            .connect(name, tcp)
            .await
            .expect("handshake");
        tls.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .await
            .expect("write");
        let mut answer = String::new();
        tls.read_to_string(&mut answer).await.expect("read");
        answer
    };
    // Well below the handshake timeout that would eventually drop the silent client.
    let answer = tokio::time::timeout(Duration::from_secs(5), request)
        .await
        .expect("served while another handshake is pending");
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(answer.ends_with("hello"), "{answer}");
    server.abort();
}

/// Serves `hello` on `/` over TLS.
async fn serve_hello(
    tcp: tokio::net::TcpListener,
    config: Arc<rustls::ServerConfig>,
    limits: Limits,
) -> std::io::Result<()> {
    let router = axum::Router::new().route("/", axum::routing::get(|| async { "hello" }));
    parsec_server::serve::serve(
        tcp,
        Some(TlsAcceptor::from(config)),
        router,
        limits,
        Default::default(),
        std::future::pending(),
    )
    .await
}

/// `--tls-handshake-timeout`: a client that connects and never starts its handshake is
/// disconnected.
#[tokio::test]
async fn a_silent_client_is_disconnected_after_the_handshake_timeout() {
    let (_dir, cert, key, _) = self_signed();
    let config = load_server_config(&cert, &key).expect("usable files");
    let tcp = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = tcp.local_addr().expect("local addr");
    let limits = Limits {
        tls_handshake_timeout: Some(Duration::from_millis(300)),
        ..Limits::default()
    };
    let server = tokio::spawn(serve_hello(tcp, config, limits));
    let mut silent = TcpStream::connect(addr).await.expect("connect");
    let mut buf = [0u8; 16];
    // Far above the timeout: without it the read would wait forever.
    let read = tokio::time::timeout(Duration::from_secs(20), silent.read(&mut buf))
        .await
        .expect("the server closes the connection");
    assert!(matches!(read, Ok(0) | Err(_)), "{read:?}");
    server.abort();
}
