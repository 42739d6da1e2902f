//! Accepting connections and serving HTTP/1.1 on them, with the limits of a front end
//! such as nginx or uvicorn (`--header-read-timeout` and the rest of the `Limits`
//! flags, [`crate::config::Limits`]).
//!
//! `axum::serve` has no timer, so a client could hold a connection forever by never
//! finishing its headers, and nothing capped connections: a few hundred such sockets from
//! one host made the server run out of file descriptors. Here:
//!
//! - a global cap and a per-IP cap ([`ConnCaps`]) refuse connections beyond them at once:
//!   `503 Service Unavailable` on plain HTTP (best effort, written without waiting), a
//!   plain close over TLS; refusals are logged at WARN, at most once per 10 s;
//! - the TLS handshake must complete within `--tls-handshake-timeout`;
//! - a connection is closed (`conn.rs`) when a request's headers do not arrive within
//!   `--header-read-timeout`, or when it stays idle between requests longer than
//!   `--keep-alive-timeout`; neither runs while a request is being answered, so held
//!   greeting steps and event streams are never cut;
//! - each request carries its connection's peer ([`PeerAddr`]) and its client
//!   ([`crate::forwarded::Client`]: the address a trusted proxy names in
//!   `X-Forwarded-For`, else the peer); the connection caps count peers, since a proxy
//!   carries many clients on its connections;
//! - the whole-body deadline is a middleware
//!   ([`crate::http::deadline::body_deadline`]), since only the handler knows when it
//!   reads the body.

mod caps;
mod conn;

pub use caps::{peer_key, ConnCaps, ConnGuard, Refused};

use crate::config::Limits;
use crate::forwarded::TrustedProxies;
use axum::Router;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio_rustls::TlsAcceptor;

/// The address of a connection's peer, as axum's `ConnectInfo` (inserted in every
/// request's extensions).
pub type PeerAddr = axum::extract::ConnectInfo<SocketAddr>;

/// Serves `router` on `listener` (over TLS with `tls`) until `shutdown` resolves, then
/// lets running requests finish and returns once every connection is closed. Requests
/// from `proxies` name their client with proxy headers.
pub async fn serve(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    router: Router,
    limits: Limits,
    proxies: Arc<TrustedProxies>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let caps = Arc::new(ConnCaps::new(
        limits.max_connections,
        limits.max_connections_per_ip,
    ));
    // Connections watch `stop`; the server waits for every clone of `done` to be dropped.
    let (stop_tx, stop_rx) = watch::channel(false);
    let (done_tx, done_rx) = watch::channel(());
    let mut warn = crate::log_limit::RateLimitedLog::new();
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (tcp, peer) = match accepted {
            Ok(pair) => pair,
            Err(e) if is_per_connection_error(&e) => continue,
            Err(e) => {
                // Typically EMFILE: give connections a moment to close.
                warn.note("accept", |n| {
                    tracing::error!("cannot accept connections: {e} ({n} times)")
                });
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_millis(100)) => continue,
                    () = &mut shutdown => break,
                }
            }
        };
        let guard = match caps.try_acquire(peer.ip()) {
            Ok(guard) => guard,
            Err(refused) => {
                refuse(&tcp, tls.is_some());
                warn.note(refused.kind(), |n| {
                    tracing::warn!("{refused}: refused {n} connection(s), the last from {peer}")
                });
                continue;
            }
        };
        // Without TCP_NODELAY a request written in two segments (headers, then body)
        // waits for the peer's delayed ACK: ~40 ms per bootstrap or certificate upload.
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!("cannot set TCP_NODELAY: {e}");
        }
        let conn = conn::Conn {
            peer,
            router: router.clone(),
            limits,
            proxies: Arc::clone(&proxies),
            stop: stop_rx.clone(),
            _done: done_rx.clone(),
            _guard: guard,
        };
        let tls = tls.clone();
        tokio::spawn(async move {
            match tls {
                None => conn.serve(tcp).await,
                Some(acceptor) => handshake_then_serve(conn, acceptor, tcp).await,
            }
        });
    }
    drop(listener);
    stop_tx.send_replace(true);
    drop(done_rx);
    done_tx.closed().await;
    Ok(())
}

async fn handshake_then_serve(conn: conn::Conn, acceptor: TlsAcceptor, tcp: TcpStream) {
    let peer = conn.peer;
    let timeout = conn.limits.tls_handshake_timeout;
    let handshake = async {
        match timeout {
            Some(t) => tokio::time::timeout(t, acceptor.accept(tcp)).await.ok(),
            None => Some(acceptor.accept(tcp).await),
        }
    };
    let tls = tokio::select! {
        result = handshake => result,
        // Shutting down: no new TLS sessions.
        () = conn::stopped(conn.stop.clone()) => return,
    };
    match tls {
        Some(Ok(stream)) => conn.serve(stream).await,
        Some(Err(e)) => tracing::info!("TLS handshake with {peer} failed: {e}"),
        None => tracing::debug!("TLS handshake with {peer} timed out"),
    }
}

/// Errors of `accept` that concern one connection only (the peer gave up).
fn is_per_connection_error(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
    )
}

/// The answer to a connection over a cap, written without waiting (a fresh socket's send
/// buffer is empty); the peer may still see a reset if it had already sent its request.
const REFUSAL: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
    content-type: application/json\r\n\
    retry-after: 1\r\n\
    connection: close\r\n\
    content-length: 33\r\n\
    \r\n\
    {\"detail\":\"Too many connections\"}";

/// Writes [`REFUSAL`] on plain HTTP (TLS has no handshake yet to carry it), then the
/// socket is dropped by the caller.
fn refuse(tcp: &TcpStream, tls: bool) {
    if !tls {
        // Best effort: a full buffer or a gone peer just gets the close.
        let _ = tcp.try_write(REFUSAL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusal_is_well_formed() {
        let text = std::str::from_utf8(REFUSAL).expect("ASCII");
        let (head, body) = text.split_once("\r\n\r\n").expect("head and body");
        assert!(head.contains(&format!("content-length: {}", body.len())));
        assert!(serde_json::from_str::<serde_json::Value>(body).is_ok());
    }
}
