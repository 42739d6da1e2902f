//! Environment variables the CLI reads (all documented in `--help` and the man pages).

/// Server address for administration commands (`parsec3://…`).
pub const SERVER_ADDR: &str = "PARSEC_SERVER_ADDR";
/// Administration token of the server.
pub const ADMINISTRATION_TOKEN: &str = "PARSEC_ADMINISTRATION_TOKEN";
/// Config directory (device files live in its `devices/` folder).
pub const CONFIG_DIR: &str = parsec_client::config::ENV_CONFIG_DIR;
/// Data directory.
pub const DATA_DIR: &str = parsec_client::config::ENV_DATA_DIR;
/// Device to use (ID prefix).
pub const DEVICE_ID: &str = "PARSEC_DEVICE_ID";
/// Organization for administration commands.
pub const ORGANIZATION_ID: &str = "PARSEC_ORGANIZATION_ID";
