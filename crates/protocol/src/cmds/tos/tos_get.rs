//! The organization's terms of service: a URL per locale and when they were last set.

use crate::time::DateTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Request (no fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Req;

/// Fields of `ok`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tos {
    /// URL of the terms per locale, e.g. `{"en_US": "https://example.com/tos_en.html"}`.
    pub per_locale_urls: BTreeMap<String, String>,
    /// When the terms were last set: what `tos_accept` must name.
    pub updated_on: DateTime,
}

command! {
    /// The `tos_get` command.
    TosGet = "tos_get" for [TosCommand], no fields;
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The terms.
        "ok" => Ok(Tos),
        /// The organization has no terms of service.
        "no_tos" => NoTos,
    }
}
