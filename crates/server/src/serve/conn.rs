//! One connection: HTTP/1.1 served by hyper, plus the header-read and keep-alive
//! timeouts, measured here rather than by hyper.
//!
//! hyper's own `header_read_timeout` restarts whenever the connection waits for a new
//! request, so it is also the keep-alive timeout, with a single value. Here the
//! connection is in one of three phases: answering (at least one request in flight: no
//! timeout, so a held greeting step or an event stream lasts as long as it needs), idle
//! between requests (`--keep-alive-timeout`), or receiving a request's headers
//! (`--header-read-timeout`, from the connection's start, then from the first byte of each
//! later request). When the phase's deadline passes, the connection is dropped: nothing
//! is in flight then, so no answer is lost.

use super::{ConnGuard, PeerAddr};
use crate::config::Limits;
use crate::forwarded::TrustedProxies;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::{watch, Notify};
use tokio::time::Instant;
use tower::ServiceExt;

/// An accepted connection and what serving it needs.
pub(super) struct Conn {
    /// Who connected.
    pub peer: SocketAddr,
    /// The application.
    pub router: Router,
    /// Timeouts.
    pub limits: Limits,
    /// Peers whose proxy headers name the client.
    pub proxies: Arc<TrustedProxies>,
    /// Becomes `true` when the server shuts down.
    pub stop: watch::Receiver<bool>,
    /// Dropped when the connection ends: the server waits for every copy.
    pub _done: watch::Receiver<()>,
    /// Counts the connection against the caps until it ends.
    pub _guard: ConnGuard,
}

impl Conn {
    /// Serves HTTP/1.1 on `io` until the peer closes, a timeout expires or, once the
    /// server shuts down, the request in flight is answered.
    pub async fn serve<I>(self, io: I)
    where
        I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let peer = self.peer;
        let activity = Arc::new(Activity::new());
        let io = TokioIo::new(Watched {
            inner: io,
            activity: Arc::clone(&activity),
        });
        let router = self.router;
        let proxies = self.proxies;
        let in_service = Arc::clone(&activity);
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            let busy = in_service.request_started();
            let client = proxies.client(peer.ip(), req.headers());
            req.extensions_mut().insert::<PeerAddr>(ConnectInfo(peer));
            req.extensions_mut().insert(client);
            let answer = router.clone().oneshot(req);
            async move {
                let res = answer.await?;
                Ok::<_, Infallible>(res.map(|inner| Tracked { inner, _busy: busy }))
            }
        });
        let mut builder = hyper::server::conn::http1::Builder::new();
        // Measured by `Activity`; hyper's would need a timer and cut idle connections at
        // the header timeout.
        builder.header_read_timeout(None);
        let conn = builder.serve_connection(io, service);
        tokio::pin!(conn);
        let mut stopping = false;
        loop {
            tokio::select! {
                result = conn.as_mut() => {
                    if let Err(e) = result {
                        tracing::debug!("connection from {peer}: {e}");
                    }
                    return;
                }
                why = activity.expired(&self.limits) => {
                    tracing::debug!("closing the connection from {peer}: {why}");
                    return;
                }
                () = stopped(self.stop.clone()), if !stopping => {
                    stopping = true;
                    if activity.is_idle() {
                        return;
                    }
                    conn.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

/// Resolves once the server shuts down (or its accept loop is gone).
pub(super) async fn stopped(mut stop: watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

/// Which phase a connection is in, and since when.
#[derive(Debug)]
struct Phase {
    /// Requests being answered (HTTP/1.1: at most one, but counted anyway).
    in_flight: usize,
    /// When the headers of the next request started to be due: the connection's start,
    /// or the first byte after an idle period. `None` while idle.
    headers_since: Option<Instant>,
    /// When the last answer was sent.
    idle_since: Instant,
}

/// A connection's phase, updated by its socket and its service.
#[derive(Debug)]
struct Activity {
    phase: Mutex<Phase>,
    changed: Notify,
}

impl Activity {
    fn new() -> Self {
        let now = Instant::now();
        Self {
            phase: Mutex::new(Phase {
                in_flight: 0,
                headers_since: Some(now),
                idle_since: now,
            }),
            changed: Notify::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Phase> {
        // Each update is one assignment: a poisoned value is still consistent.
        self.phase
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Bytes arrived: between requests, they start the next request's headers.
    fn on_read(&self) {
        let mut phase = self.lock();
        if phase.in_flight == 0 && phase.headers_since.is_none() {
            phase.headers_since = Some(Instant::now());
            drop(phase);
            self.changed.notify_one();
        }
    }

    /// A request's headers arrived; the returned guard marks the end of its answer.
    fn request_started(self: &Arc<Self>) -> Busy {
        let mut phase = self.lock();
        phase.in_flight += 1;
        phase.headers_since = None;
        drop(phase);
        self.changed.notify_one();
        Busy(Arc::clone(self))
    }

    fn is_idle(&self) -> bool {
        self.lock().in_flight == 0
    }

    /// When the current phase times out, and why; `None` while answering.
    fn deadline(&self, limits: &Limits) -> Option<(Instant, &'static str)> {
        let phase = self.lock();
        if phase.in_flight > 0 {
            return None;
        }
        match phase.headers_since {
            Some(since) => limits
                .header_read_timeout
                .map(|t| (since + t, "request headers not received in time")),
            None => limits
                .keep_alive_timeout
                .map(|t| (phase.idle_since + t, "idle")),
        }
    }

    /// Resolves once the current phase times out.
    async fn expired(&self, limits: &Limits) -> &'static str {
        loop {
            // Registered before reading the phase, so no change is missed.
            let changed = self.changed.notified();
            match self.deadline(limits) {
                None => changed.await,
                Some((at, why)) if at <= Instant::now() => return why,
                Some((at, _)) => {
                    tokio::select! {
                        () = tokio::time::sleep_until(at) => {}
                        () = changed => {}
                    }
                }
            }
        }
    }
}

/// Marks a request as in flight until dropped, with its answer's body.
#[derive(Debug)]
struct Busy(Arc<Activity>);

impl Drop for Busy {
    fn drop(&mut self) {
        let mut phase = self.0.lock();
        phase.in_flight = phase.in_flight.saturating_sub(1);
        if phase.in_flight == 0 {
            phase.idle_since = Instant::now();
            phase.headers_since = None;
        }
        drop(phase);
        self.0.changed.notify_one();
    }
}

/// An answer's body, keeping its request in flight until hyper has sent it all (or
/// dropped it).
struct Tracked {
    inner: Body,
    _busy: Busy,
}

impl HttpBody for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.get_mut().inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

/// The socket, reporting incoming bytes to the connection's [`Activity`].
struct Watched<I> {
    inner: I,
    activity: Arc<Activity>,
}

impl<I: AsyncRead + Unpin> AsyncRead for Watched<I> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let result = Pin::new(&mut this.inner).poll_read(cx, buf);
        if matches!(result, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            this.activity.on_read();
        }
        result
    }
}

impl<I: AsyncWrite + Unpin> AsyncWrite for Watched<I> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn limits() -> Limits {
        Limits {
            header_read_timeout: Some(Duration::from_secs(10)),
            keep_alive_timeout: Some(Duration::from_secs(30)),
            ..Limits::default()
        }
    }

    #[tokio::test(start_paused = true)]
    async fn phases_and_their_deadlines() {
        let activity = Arc::new(Activity::new());
        let start = Instant::now();
        // A new connection owes its headers.
        assert_eq!(
            activity.deadline(&limits()).map(|d| d.0),
            Some(start + Duration::from_secs(10))
        );
        let busy = activity.request_started();
        assert_eq!(activity.deadline(&limits()), None);
        // Reading the body does not restart the header clock.
        activity.on_read();
        tokio::time::advance(Duration::from_secs(100)).await;
        assert_eq!(activity.deadline(&limits()), None);
        drop(busy);
        let idle = Instant::now();
        assert_eq!(
            activity.deadline(&limits()),
            Some((idle + Duration::from_secs(30), "idle"))
        );
        tokio::time::advance(Duration::from_secs(5)).await;
        activity.on_read();
        let first_byte = Instant::now();
        assert_eq!(
            activity.deadline(&limits()).map(|d| d.0),
            Some(first_byte + Duration::from_secs(10))
        );
        assert_eq!(
            activity.expired(&limits()).await,
            "request headers not received in time"
        );
        assert_eq!(Instant::now(), first_byte + Duration::from_secs(10));
    }
}
