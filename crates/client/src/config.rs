//! Where the client keeps its files (device-file.md §1).
//!
//! The config dir holds `devices/`; it is `$PARSEC_CONFIG_DIR` when set (used as is),
//! else `<base>/parsec3/libparsec` with `<base>` = `$PARSEC_BASE_CONFIG_DIR` or the
//! platform config dir. The data dir is `$PARSEC_DATA_DIR`, else
//! `<$PARSEC_BASE_DATA_DIR or platform data dir>/parsec3`.

use std::path::{Path, PathBuf};

/// Full config directory override.
pub const ENV_CONFIG_DIR: &str = "PARSEC_CONFIG_DIR";
/// Base config directory override (`parsec3/libparsec` is appended).
pub const ENV_BASE_CONFIG_DIR: &str = "PARSEC_BASE_CONFIG_DIR";
/// Full data directory override.
pub const ENV_DATA_DIR: &str = "PARSEC_DATA_DIR";
/// Base data directory override (`parsec3` is appended).
pub const ENV_BASE_DATA_DIR: &str = "PARSEC_BASE_DATA_DIR";

fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

fn home_fallback(rel: &str) -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
        .join(rel)
}

/// The default config dir, ignoring `PARSEC_CONFIG_DIR`.
pub fn default_config_dir() -> PathBuf {
    let base = env_path(ENV_BASE_CONFIG_DIR).unwrap_or_else(|| {
        directories::BaseDirs::new()
            .map(|d| d.config_dir().to_path_buf())
            .unwrap_or_else(|| home_fallback(".config"))
    });
    base.join("parsec3").join("libparsec")
}

/// The config dir: `PARSEC_CONFIG_DIR` or the default.
pub fn config_dir() -> PathBuf {
    env_path(ENV_CONFIG_DIR).unwrap_or_else(default_config_dir)
}

/// The default data dir, ignoring `PARSEC_DATA_DIR`.
pub fn default_data_dir() -> PathBuf {
    let base = env_path(ENV_BASE_DATA_DIR).unwrap_or_else(|| {
        directories::BaseDirs::new()
            .map(|d| d.data_dir().to_path_buf())
            .unwrap_or_else(|| home_fallback(".local/share"))
    });
    base.join("parsec3")
}

/// The data dir: `PARSEC_DATA_DIR` or the default.
pub fn data_dir() -> PathBuf {
    env_path(ENV_DATA_DIR).unwrap_or_else(default_data_dir)
}

/// `<config dir>/devices`.
pub fn devices_dir(config_dir: &Path) -> PathBuf {
    config_dir.join("devices")
}
