//! Errors at the edge: every failure becomes one `error:` line (plus an optional `hint:`)
//! on stderr and a documented exit code.
//!
//! | code | meaning |
//! |------|---------|
//! | 0 | success |
//! | 1 | internal error (a bug: please report it) |
//! | 2 | usage: bad flags or arguments (clap) |
//! | 3 | bad input: an invalid value, a file that already exists, a missing answer |
//! | 4 | authentication: wrong password, administration token or credentials |
//! | 5 | not found: device, organization, invitation or user |
//! | 6 | not allowed: insufficient profile, revoked or frozen user, expired organization |
//! | 7 | conflict: already exists, already bootstrapped, already used or cancelled |
//! | 8 | the other side cancelled the exchange |
//! | 9 | timed out |
//! | 10 | server unreachable |
//! | 11 | the server failed or answered something unexpected |

use parsec_client::admin::AdminError;
use parsec_client::bootstrap::BootstrapError;
use parsec_client::connection::ConnectionError;
use std::fmt;
use std::process::ExitCode;

/// The class of a failure, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A bug.
    Internal,
    /// Bad flags (clap reports these itself).
    Usage,
    /// Invalid value, existing file, missing answer.
    BadInput,
    /// Wrong password, token or credentials.
    Authentication,
    /// Something does not exist.
    NotFound,
    /// Not allowed.
    Permission,
    /// Already exists / already used.
    Conflict,
    /// The peer cancelled.
    PeerCancelled,
    /// Timed out.
    Timeout,
    /// No connection.
    Unreachable,
    /// Server failure or unexpected answer.
    Server,
}

impl ErrorKind {
    /// The process exit code.
    pub fn exit_code(self) -> u8 {
        match self {
            Self::Internal => 1,
            Self::Usage => 2,
            Self::BadInput => 3,
            Self::Authentication => 4,
            Self::NotFound => 5,
            Self::Permission => 6,
            Self::Conflict => 7,
            Self::PeerCancelled => 8,
            Self::Timeout => 9,
            Self::Unreachable => 10,
            Self::Server => 11,
        }
    }
}

/// A failure ready to be shown: what went wrong and, when we know, what to do.
#[derive(Debug)]
pub struct CliError {
    /// Exit code class.
    pub kind: ErrorKind,
    /// One line: what failed.
    pub message: String,
    /// One line: what to do.
    pub hint: Option<String>,
}

impl CliError {
    /// A new error.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Shorthand for [`ErrorKind::BadInput`].
    pub fn bad_input(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::BadInput, message)
    }

    /// Exit code.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.kind.exit_code())
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}

/// Result of a command.
pub type CliResult<T = ()> = Result<T, CliError>;

/// One line for an error: its message, then its deepest cause when that adds something
/// (intermediate layers such as HTTP client wrappers only repeat the URL).
pub fn chain(err: &dyn std::error::Error) -> String {
    let mut out = err.to_string();
    let mut root = None;
    let mut source = err.source();
    while let Some(s) = source {
        root = Some(s);
        source = s.source();
    }
    if let Some(r) = root {
        let text = r.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
    }
    out
}

impl From<ConnectionError> for CliError {
    fn from(e: ConnectionError) -> Self {
        use ConnectionError as E;
        let (kind, hint) = match &e {
            E::Unreachable { .. } => (
                ErrorKind::Unreachable,
                Some("check the server address and that the server is running"),
            ),
            E::OrganizationNotFound => (
                ErrorKind::NotFound,
                Some("check the organization name and the server address"),
            ),
            E::BadAuthentication => (ErrorKind::Authentication, None),
            E::InvitationAlreadyUsed => (ErrorKind::Conflict, Some("ask for a new invitation")),
            E::UnsupportedApiVersion { .. } => (
                ErrorKind::Server,
                Some("this client speaks the Parsec 3.9 protocol (API 5)"),
            ),
            E::OrganizationExpired => (
                ErrorKind::Permission,
                Some("ask the server administrator to renew the organization"),
            ),
            E::UserRevoked => (ErrorKind::Permission, None),
            E::UserFrozen => (
                ErrorKind::Permission,
                Some("ask the server administrator to unfreeze this user"),
            ),
            E::TosNotAccepted => (
                ErrorKind::Permission,
                Some("accept the organization's terms of service from the Parsec application"),
            ),
            E::ClockDrift => (
                ErrorKind::Server,
                Some("synchronize this machine's clock (e.g. with NTP)"),
            ),
            E::CaFile { .. } => (
                ErrorKind::BadInput,
                Some("check the SSL_CAFILE environment variable"),
            ),
            E::ServerError { .. } | E::UnexpectedStatus { .. } | E::BadResponse(_) => {
                (ErrorKind::Server, None)
            }
            _ => (ErrorKind::Server, None),
        };
        let mut err = CliError::new(kind, chain(&e));
        if let Some(h) = hint {
            err = err.hint(h);
        }
        err
    }
}

impl From<AdminError> for CliError {
    fn from(e: AdminError) -> Self {
        use AdminError as E;
        let (kind, hint) = match &e {
            E::Unreachable { .. } => (
                ErrorKind::Unreachable,
                Some("check --addr (or PARSEC_SERVER_ADDR) and that the server is running"),
            ),
            E::BadToken => (
                ErrorKind::Authentication,
                Some("check --token (or PARSEC_ADMINISTRATION_TOKEN)"),
            ),
            E::OrganizationAlreadyExists(_) => (ErrorKind::Conflict, Some("choose another name")),
            E::OrganizationNotFound(_) => (ErrorKind::NotFound, None),
            E::Rejected(_) => (ErrorKind::BadInput, None),
            _ => (ErrorKind::Server, None),
        };
        let mut err = CliError::new(kind, chain(&e));
        if let Some(h) = hint {
            err = err.hint(h);
        }
        err
    }
}

impl From<BootstrapError> for CliError {
    fn from(e: BootstrapError) -> Self {
        match e {
            BootstrapError::Connection(ConnectionError::OrganizationNotFound) => CliError::new(
                ErrorKind::NotFound,
                "organization not found on this server",
            )
            .hint("check the bootstrap URL; the organization must be created first (`organization create`)"),
            BootstrapError::Connection(c) => c.into(),
            BootstrapError::AlreadyBootstrapped => CliError::new(
                ErrorKind::Conflict,
                "bootstrap token already used: this organization is already bootstrapped",
            ),
            BootstrapError::InvalidToken => CliError::new(ErrorKind::Authentication, "invalid bootstrap token")
                .hint("ask the server administrator for a new bootstrap URL"),
            BootstrapError::ClockDrift { .. } => CliError::new(ErrorKind::Server, e.to_string())
                .hint("synchronize this machine's clock (e.g. with NTP)"),
            other => CliError::new(ErrorKind::Server, other.to_string()),
        }
    }
}

impl From<parsec_client::user_admin::UserAdminError> for CliError {
    fn from(e: parsec_client::user_admin::UserAdminError) -> Self {
        use parsec_client::user_admin::UserAdminError as E;
        match e {
            E::Connection(c) => c.into(),
            E::NotAllowed => CliError::new(ErrorKind::Permission, e.to_string())
                .hint("ask an administrator of the organization"),
            E::UserNotFound => CliError::new(ErrorKind::NotFound, e.to_string()),
            E::UserRevoked => CliError::new(ErrorKind::Conflict, e.to_string()),
            E::ClockDrift { .. } => CliError::new(ErrorKind::Server, e.to_string())
                .hint("synchronize this machine's clock (e.g. with NTP)"),
            other => CliError::new(ErrorKind::Server, other.to_string()),
        }
    }
}
