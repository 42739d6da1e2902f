//! Echo command, served only by debug servers (wire.md §1.10).

use serde::{Deserialize, Serialize};

/// Request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Req {
    /// Echoed back.
    pub ping: String,
}

/// Fields of `ok`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pong {
    /// The echoed string.
    pub pong: String,
}

command! {
    /// The `ping` command.
    Ping = "ping" for [AnonymousCommand, AuthenticatedCommand, InvitedCommand];
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// Echo.
        "ok" => Ok(Pong),
    }
}
