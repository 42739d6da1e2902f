//! RPC command families (wire.md §1.2, §7): each route runs the handshake checks of
//! wire.md §1.8 in the official order, decodes the msgpack body, then calls a service.

pub mod anonymous;
pub mod authenticated;
pub mod events;
pub mod invited;

use crate::http::error::RpcError;
use crate::http::msgpack;
use crate::state::AppState;
use axum::response::Response;
use parsec_protocol::cmds::anonymous::ping;

/// `ping`: echo on debug servers, HTTP 500 otherwise (wire.md §1.10).
pub fn ping(state: &AppState, req: ping::Req) -> Result<Response, RpcError> {
    if !state.config.debug {
        return Err(RpcError::CommandNotAvailable);
    }
    Ok(msgpack(ping::Rep::Ok(ping::Pong { pong: req.ping }).dump()))
}

/// Turns a handler result into the answer.
pub fn respond(result: Result<Response, RpcError>) -> Response {
    result.unwrap_or_else(axum::response::IntoResponse::into_response)
}
