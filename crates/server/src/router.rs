//! The whole HTTP application: the routes of every RPC family ([`crate::rpc`]),
//! `/redirect`, the administration API ([`crate::admin`]), `/health`
//! ([`crate::health`]), and the layers of
//! [`crate::http`] every answer goes through.

use crate::admin;
use crate::health;
use crate::http::{self, redirect};
use crate::rpc::{self, anonymous, authenticated, events, invited};
use crate::state::AppState;
use axum::middleware::{from_fn, from_fn_with_state, map_response};
use axum::routing::{get, post};
use axum::Router;

/// The whole HTTP application.
pub fn app(state: AppState) -> Router {
    let rpc_routes = Router::new()
        .route(
            "/anonymous/{org}",
            post(rpc::serve::<anonymous::Anonymous>).get(anonymous::probe),
        )
        .route("/anonymous_server", post(anonymous::server_post))
        .route("/invited/{org}", post(rpc::serve::<invited::Invited>))
        .route(
            "/authenticated/{org}",
            post(rpc::serve::<authenticated::Authenticated>),
        )
        .route(
            "/authenticated/{org}/tos",
            post(rpc::serve::<authenticated::Tos>),
        )
        .route("/authenticated/{org}/events", get(events::get))
        .route("/authenticated_account", post(anonymous::account_post))
        .layer(map_response(http::add_long_poll_header))
        .layer(from_fn(http::buffer_request_body));
    Router::new()
        .merge(rpc_routes)
        .route("/redirect/{*path}", get(redirect::redirect))
        .route("/health", get(health::health))
        .nest("/administration", admin::router(state.clone()))
        .fallback(http::not_found)
        .layer(from_fn_with_state(
            state.clone(),
            http::deadline::body_deadline,
        ))
        .layer(map_response(http::json_method_not_allowed))
        .layer(map_response(http::add_server_header))
        .layer(from_fn_with_state(state.clone(), http::log_request))
        .with_state(state)
}
