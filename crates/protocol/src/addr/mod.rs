//! Addresses (wire.md §6, §1.1): the `parsec3://` server address, the organization,
//! bootstrap, invitation and TOTP reset URLs built on it (`a=` action, `p=` payload), their
//! `http(s)://…/redirect/…` twins, and the HTTP URLs the client derives from them.
//!
//! Parsing follows the official client: a `parsec3://` URL is re-parsed as `https://`
//! (or `http://` with `no_ssl=true`) so that hosts are normalised like HTTP hosts and the
//! default port depends on the SSL choice; the redirection form takes the SSL choice from
//! its scheme and ignores any `no_ssl` parameter (wire.md §6.3).

use crate::crypto::VerifyKey;
use crate::data;
use crate::ids::{AccessToken, InvalidId, OrganizationID};
use rmpv::Value;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use url::Url;

mod invitation;
mod organization;
mod server;
#[cfg(test)]
mod tests;
mod totp_reset;

pub use invitation::{InvalidInvitationType, InvitationAddr, InvitationType};
pub use organization::{BootstrapAddr, OrganizationAddr};
pub use server::ServerAddr;
use server::*;
pub use totp_reset::{TotpResetAddr, ACTION_TOTP_RESET};

/// Characters percent-encoded in an organization path segment.
pub const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The scheme of server and action addresses.
pub const PARSEC_SCHEME: &str = "parsec3";

pub(super) const SSL_DEFAULT_PORT: u16 = 443;
pub(super) const NO_SSL_DEFAULT_PORT: u16 = 80;
/// Hosts renamed by the official client when it parses an address (wire.md §6.1).
pub(super) const LEGACY_HOSTS: &[(&str, &str)] = &[("saas-v3.parsec.cloud", "app.parsec.cloud")];
pub(super) const ACTION_BOOTSTRAP: &str = "bootstrap_organization";

/// A string that is not a valid address of the expected kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AddrError {
    /// Not a URL at all.
    #[error("invalid URL `{url}`: {reason}")]
    InvalidUrl {
        /// The rejected input.
        url: String,
        /// What the URL parser said.
        reason: url::ParseError,
    },
    /// The scheme is not one this kind of address accepts.
    #[error("unexpected URL scheme `{found}`: expected {expected}")]
    BadScheme {
        /// The scheme of the input.
        found: String,
        /// A description of the accepted forms.
        expected: &'static str,
    },
    /// The URL has no host.
    #[error("the URL has no server host name")]
    MissingHost,
    /// A host name given to [`ServerAddr::new`] is not a bare host.
    #[error("invalid server host name `{0}`")]
    InvalidHost(String),
    /// `no_ssl` is neither `true` nor `false`.
    #[error("invalid `no_ssl` value `{0}`: expected `true` or `false`")]
    InvalidNoSsl(String),
    /// One of `a`, `p` or `no_ssl` appears more than once.
    #[error("the `{0}` parameter appears more than once")]
    DuplicateParam(&'static str),
    /// A server address (or an `http(s)` server URL) with a path.
    #[error("a server address must not have a path, found `{0}`")]
    UnexpectedPath(String),
    /// An `http(s)` URL whose path does not start with `/redirect/`.
    #[error("expected a `parsec3://` or `http(s)://…/redirect/…` URL, got `{0}`")]
    NotARedirection(String),
    /// No organization in the path.
    #[error("the URL has no organization name in its path")]
    MissingOrganization,
    /// More than one path segment after the host (including a trailing slash).
    #[error("unexpected path `{0}`: expected the organization name as the only path segment")]
    BadOrganizationPath(String),
    /// The path segment is not a valid organization ID.
    #[error("invalid organization name in the URL")]
    InvalidOrganization(#[source] InvalidId),
    /// The path segment is not percent-encoded UTF-8.
    #[error("the organization name in the URL is not valid UTF-8")]
    OrganizationNotUtf8,
    /// `a` is missing.
    #[error("missing `a` parameter: expected {expected}")]
    MissingAction {
        /// The accepted actions.
        expected: &'static str,
    },
    /// `a` names an action this address kind does not accept.
    #[error("unexpected action `a={found}`: expected {expected}")]
    BadAction {
        /// The action in the URL.
        found: String,
        /// The accepted actions.
        expected: &'static str,
    },
    /// An organization URL that carries an action.
    #[error("unexpected action `a={0}` in an organization URL")]
    UnexpectedAction(String),
    /// `p` is missing.
    #[error("missing `p` parameter")]
    MissingPayload,
    /// `p` is not what the action expects.
    #[error("invalid `p` parameter: {0}")]
    InvalidPayload(&'static str),
}

pub(super) fn invalid_url(url: &str, reason: url::ParseError) -> AddrError {
    AddrError::InvalidUrl {
        url: url.to_owned(),
        reason,
    }
}

/// Splits `scheme:rest` and lowercases the scheme (schemes are case-insensitive).
pub(super) fn split_scheme(s: &str) -> Option<(String, &str)> {
    let (scheme, rest) = s.split_once(':')?;
    Some((scheme.to_ascii_lowercase(), rest))
}

macro_rules! addr_common {
    ($name:ident) => {
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.to_url())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.to_url())
            }
        }

        impl FromStr for $name {
            type Err = AddrError;
            /// Same as `from_any`: both the `parsec3://` and the redirection forms.
            fn from_str(s: &str) -> Result<Self, AddrError> {
                Self::from_any(s)
            }
        }
    };
}

addr_common!(OrganizationAddr);
addr_common!(BootstrapAddr);
addr_common!(InvitationAddr);
