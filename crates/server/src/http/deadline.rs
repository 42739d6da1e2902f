//! `--body-read-timeout`: a request's whole body must arrive within the deadline once
//! its headers did. Without it a client could keep a connection (and the 1 MiB buffer
//! of [`super::buffer_request_body`]) busy forever by sending its body one byte at a time.
//!
//! The body is wrapped so that reading it fails once the deadline passes; whatever the
//! handler then answers is replaced by `408 Request Timeout` with `Connection: close`
//! (the rest of the body is never read, so the connection cannot be reused).

use super::error::json_detail;
use crate::state::AppState;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

/// The error a body reports once its deadline passed.
#[derive(Debug, thiserror::Error)]
#[error("the request body was not received within {0:?}")]
pub struct BodyTimeout(pub Duration);

/// Middleware applying [`crate::ServerConfig::body_read_timeout`].
pub async fn body_deadline(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(limit) = state.config.body_read_timeout else {
        return next.run(req).await;
    };
    // GET requests and the like: nothing to wait for.
    if req.body().is_end_stream() {
        return next.run(req).await;
    }
    let expired = Arc::new(AtomicBool::new(false));
    let req = req.map(|inner| {
        Body::new(Deadline {
            inner,
            sleep: Box::pin(tokio::time::sleep(limit)),
            limit,
            expired: Arc::clone(&expired),
        })
    });
    let res = next.run(req).await;
    if !expired.load(Ordering::Relaxed) {
        return res;
    }
    tracing::info!("request body not received within {limit:?}: answering 408");
    let mut res = json_detail(StatusCode::REQUEST_TIMEOUT, "Request Timeout");
    res.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    res
}

/// A request body that fails with [`BodyTimeout`] once its deadline passes.
struct Deadline {
    inner: Body,
    sleep: Pin<Box<tokio::time::Sleep>>,
    limit: Duration,
    expired: Arc<AtomicBool>,
}

impl HttpBody for Deadline {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            return Poll::Ready(frame);
        }
        match this.sleep.as_mut().poll(cx) {
            Poll::Ready(()) => {
                this.expired.store(true, Ordering::Relaxed);
                Poll::Ready(Some(Err(axum::Error::new(BodyTimeout(this.limit)))))
            }
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::memory::MemoryStorage;
    use crate::ServerConfig;
    use axum::routing::post;
    use axum::Router;
    use tower::ServiceExt;

    fn app(limit: Option<Duration>) -> Router {
        let mut config = ServerConfig::new("t");
        config.body_read_timeout = limit;
        let state = AppState::new(Arc::new(MemoryStorage::new()), config);
        Router::new()
            .route(
                "/",
                post(|body: Bytes| async move { format!("{} bytes", body.len()) }),
            )
            .layer(axum::middleware::from_fn_with_state(
                state.clone(),
                body_deadline,
            ))
            .with_state(state)
    }

    /// A body that sends one chunk, then nothing.
    fn stalled_body() -> Body {
        let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(1);
        let first = Ok(Bytes::from_static(b"abc"));
        tokio::spawn(async move {
            let _ = tx.send(first).await;
            // Keep the sender: the body never ends.
            std::future::pending::<()>().await;
        });
        Body::from_stream(tokio_stream_from(rx))
    }

    fn tokio_stream_from(
        mut rx: tokio::sync::mpsc::Receiver<Result<Bytes, std::io::Error>>,
    ) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
        futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
    }

    #[tokio::test(start_paused = true)]
    async fn a_stalled_body_is_answered_408() {
        let req = |body| {
            axum::http::Request::post("/")
                .body(body)
                .expect("valid request")
        };
        let res = app(Some(Duration::from_secs(30)))
            .oneshot(req(stalled_body()))
            .await
            .expect("infallible");
        assert_eq!(res.status(), StatusCode::REQUEST_TIMEOUT);
        assert_eq!(res.headers()[header::CONNECTION], "close");
        let res = app(Some(Duration::from_secs(30)))
            .oneshot(req(Body::from("abcd")))
            .await
            .expect("infallible");
        assert_eq!(res.status(), StatusCode::OK);
        // Without a deadline the stalled request would never be answered.
        let pending = app(None).oneshot(req(stalled_body()));
        assert!(tokio::time::timeout(Duration::from_secs(3600), pending)
            .await
            .is_err());
    }
}
