//! The `--metrics-addr` listener: `GET /metrics` in the Prometheus text format, nothing
//! else (404). Plain HTTP without the public listener's caps: the address is meant to be
//! reachable by the scraper only.

use crate::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;

/// Serves `/metrics` on `listener` until the server shuts down.
pub(crate) fn spawn(listener: TcpListener, state: AppState) {
    if let Ok(addr) = listener.local_addr() {
        tracing::info!("metrics served on http://{addr}/metrics");
    }
    let stop = state.shutdown_signal();
    let router = Router::new()
        .route("/metrics", get(metrics))
        .with_state(state);
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router)
            .with_graceful_shutdown(stop)
            .await
        {
            tracing::error!("the metrics listener failed: {e}");
        }
    });
}

async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let pools = state.store.pool_stats();
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.render(
            &pools,
            state.store.group_commit_stats(),
            state.credentials.stats(),
            state.store.cache_stats(),
        ),
    )
}
