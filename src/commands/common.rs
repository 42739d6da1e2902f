//! Arguments and helpers shared by several commands.

use crate::env;
use crate::error::{CliError, CliResult};
use parsec_client::connection::Transport;
use parsec_protocol::addr::ServerAddr;
use std::path::PathBuf;

/// Server address and administration token, for the administration API.
#[derive(Debug, Clone, clap::Args)]
pub struct AdminServerArgs {
    /// Administration token of the server
    #[arg(short, long, env = env::ADMINISTRATION_TOKEN, hide_env_values = true)]
    pub token: String,

    /// Server address (e.g. parsec3://127.0.0.1:6770?no_ssl=true)
    #[arg(short, long, env = env::SERVER_ADDR, value_parser = parse_server_addr)]
    pub addr: ServerAddr,
}

/// Where device files are kept.
#[derive(Debug, Clone, clap::Args)]
pub struct ConfigDirArgs {
    /// Parsec config directory [default: ~/.config/parsec3/libparsec]
    #[arg(short, long, env = env::CONFIG_DIR, value_name = "CONFIG_DIR")]
    pub config_dir: Option<PathBuf>,
}

impl ConfigDirArgs {
    /// The directory to use.
    pub fn resolve(&self) -> PathBuf {
        self.config_dir
            .clone()
            .unwrap_or_else(parsec_client::config::default_config_dir)
    }
}

/// Parses a `parsec3://` server address for clap.
pub fn parse_server_addr(s: &str) -> Result<ServerAddr, String> {
    s.parse::<ServerAddr>().map_err(|e| e.to_string())
}

/// The HTTP transport, honouring `SSL_CAFILE`.
pub fn transport() -> CliResult<Transport> {
    Transport::new().map_err(CliError::from)
}
