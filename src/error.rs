//! Errors at the edge: every failure becomes one `error:` line (plus an optional `hint:`)
//! on stderr and a documented exit code.
//!
//! | code | meaning |
//! |------|---------|
//! | 0 | success |
//! | 1 | internal error (a bug: please report it) |
//! | 2 | usage: unknown flag, missing argument, or a value that does not parse (clap) |
//! | 3 | bad input: an invalid value, a file that already exists, a missing answer |
//! | 4 | authentication: wrong password, administration token or credentials |
//! | 5 | not found: device, organization, invitation or user |
//! | 6 | not allowed: insufficient profile, revoked or frozen user, expired organization |
//! | 7 | conflict: already exists, already bootstrapped, already used or cancelled |
//! | 8 | the other side cancelled the exchange |
//! | 9 | timed out |
//! | 10 | server unreachable |
//! | 11 | the server failed or answered something unexpected |
//! | 12 | outcome unknown: the request may have been applied (connection lost, proxy error, server failure); the new device file of `organization bootstrap` or `device import-recovery-device` was kept |
//! | 13 | some items of a bulk command (`invite user`, `user revoke` with several emails) failed; each failure was reported and the others went through |
//! | 14 | the OS keyring is not available (no D-Bus session, no Secret Service, locked) or has no usable key for a `keyring` device |
//! | 130 | interrupted (Ctrl-C, SIGTERM or SIGHUP); a greeting in progress is cancelled first; a new device file whose fate is unknown is kept |

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
    /// The request may or may not have been applied (new keys were kept).
    OutcomeUnknown,
    /// Some items of a bulk command failed (each was reported), the others went through.
    Partial,
    /// The OS keyring is not available, or has no usable key for the device.
    Keyring,
    /// Ctrl-C.
    Interrupted,
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
            Self::OutcomeUnknown => 12,
            Self::Partial => 13,
            Self::Keyring => 14,
            // 128 + SIGINT, what shells report for a process killed by Ctrl-C.
            Self::Interrupted => 130,
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

/// An invalid URL typed by the user (`what`: "invitation", "bootstrap"), with a hint
/// when a shell evidently cut it at its first `&` (an unquoted `&` ends the command).
pub fn invalid_url(what: &str, raw: &str, e: &parsec_protocol::addr::AddrError) -> CliError {
    use parsec_protocol::addr::AddrError;
    let err = CliError::bad_input(format!("invalid {what} URL: {e}"));
    let cut = matches!(
        e,
        AddrError::MissingPayload | AddrError::MissingAction { .. }
    ) && raw.contains('?')
        && !raw.contains('&');
    if cut {
        return err.hint(
            "the URL looks cut at its first `&`: an unquoted `&` ends the command in a \
             shell; put the whole URL in single quotes",
        );
    }
    err
}

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

/// The error for an OS keyring that did not give or keep a key (exit code 14), with
/// what to do about it.
pub fn keyring_error(e: &parsec_client::os_keyring::KeyringError) -> CliError {
    use parsec_client::os_keyring::KeyringError as E;
    let hint = match e {
        E::Unavailable { .. } => {
            "start a Secret Service (e.g. `gnome-keyring-daemon --start --components=secrets`) \
             in this desktop or D-Bus session (DBUS_SESSION_BUS_ADDRESS) and unlock it, or use a \
             password instead"
        }
        E::NoEntry { .. } | E::InvalidEntry { .. } => {
            "the key of this device was removed from the OS keyring (or this is another \
             user's keyring): the device cannot be opened here; use another device of yours, \
             or a recovery device (`device import-recovery-device`)"
        }
        E::Io { .. } => "check that the data directory (PARSEC_BASE_DATA_DIR) is writable",
        _ => "check the OS keyring",
    };
    let kind = match e {
        E::Io { .. } => ErrorKind::BadInput,
        _ => ErrorKind::Keyring,
    };
    CliError::new(kind, chain(e)).hint(hint)
}

impl From<ConnectionError> for CliError {
    fn from(e: ConnectionError) -> Self {
        use ConnectionError as E;
        let (kind, hint) = match &e {
            E::Unreachable { .. } if is_certificate_error(&e) => {
                (ErrorKind::Unreachable, Some(UNTRUSTED_CERTIFICATE_HINT))
            }
            E::Unreachable { .. } => (
                ErrorKind::Unreachable,
                Some("check the server address and that the server is running"),
            ),
            E::Timeout { .. } => (
                ErrorKind::Timeout,
                Some("check the network connection and the server address, or retry later"),
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
                Some("read and accept the organization's terms of service with `parsec-cli tos accept`"),
            ),
            E::ClockDrift => (
                ErrorKind::Server,
                Some("synchronize this machine's clock (e.g. with NTP)"),
            ),
            E::CaFile { .. } => (
                ErrorKind::BadInput,
                Some("check the SSL_CAFILE environment variable"),
            ),
            E::RateLimited => (
                ErrorKind::Server,
                Some("wait a moment and run the command again"),
            ),
            E::NotParsec { .. } => (
                ErrorKind::Server,
                Some("check the server address: it must be the Parsec server's, e.g. parsec3://HOST:PORT"),
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
        if let E::Connection(c) = e {
            return c.into();
        }
        let (kind, hint) = match &e {
            E::Unreachable { .. } if is_certificate_error(&e) => {
                (ErrorKind::Unreachable, Some(UNTRUSTED_CERTIFICATE_HINT))
            }
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
            E::UserNotFound(_) => (
                ErrorKind::NotFound,
                Some("check --user-id or --user-email: the user must exist and not be revoked"),
            ),
            E::Rejected(_) => (ErrorKind::BadInput, None),
            E::Throttled(_) => (
                ErrorKind::Authentication,
                Some("check --token (or PARSEC_ADMINISTRATION_TOKEN), then retry in a minute"),
            ),
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

/// `The other side cancelled: <reason>` (exit 8), or a takeover by another session of the
/// same side (`mine` is the side we are).
fn attempt_cancelled(
    mine: parsec_protocol::invite::GreeterOrClaimer,
    origin: parsec_protocol::invite::GreeterOrClaimer,
    reason: parsec_protocol::invite::CancelledGreetingAttemptReason,
) -> CliError {
    use parsec_protocol::invite::CancelledGreetingAttemptReason as R;
    if origin == mine {
        // Another `invite greet` (or claim) of the same invitation restarted the attempt.
        return CliError::new(
            ErrorKind::PeerCancelled,
            format!("the greeting attempt was cancelled by another {origin} session: {reason}"),
        )
        .hint(format!(
            "only one {origin} at a time: stop the other one, then start again"
        ));
    }
    let hint = match reason {
        R::InvalidSasCode => {
            "the other side did not recognise a code: start again on both sides and compare \
             the codes carefully"
        }
        R::ManuallyCancelled => "the other side stopped; start again when both sides are ready",
        R::AutomaticallyCancelled => "the other side restarted the greeting: run the command again",
        _ => "the exchange was corrupted or tampered with: start again on both sides",
    };
    CliError::new(
        ErrorKind::PeerCancelled,
        format!("The other side cancelled: {reason}"),
    )
    .hint(hint)
}

impl From<parsec_client::local_certificates::SyncError> for CliError {
    fn from(e: parsec_client::local_certificates::SyncError) -> Self {
        use parsec_client::certificates::PollError;
        use parsec_client::local_certificates::SyncError;
        match e {
            SyncError::Poll(PollError::Connection(c)) => c.into(),
            SyncError::Poll(PollError::Invalid(i)) => CliError::new(
                ErrorKind::Server,
                format!("the organization's certificates do not verify: {i}"),
            )
            .hint("the server may be compromised or corrupted; nothing was changed"),
            SyncError::Save(s) => CliError::bad_input(chain(&s))
                .hint("check that the data dir (PARSEC_DATA_DIR) is writable"),
            other => CliError::new(ErrorKind::Server, other.to_string()),
        }
    }
}

impl From<parsec_client::invite::GreetError> for CliError {
    fn from(e: parsec_client::invite::GreetError) -> Self {
        use parsec_client::invite::GreetError as E;
        use parsec_protocol::invite::GreeterOrClaimer;
        let msg = e.to_string();
        match e {
            E::Connection(c) => c.into(),
            E::PeerCancelled { origin, reason, .. } => {
                attempt_cancelled(GreeterOrClaimer::Greeter, origin, reason)
            }
            E::InvitationNotFound => CliError::new(ErrorKind::NotFound, msg)
                .hint("`invite list` shows the invitations you can greet"),
            E::InvitationCompleted => CliError::new(ErrorKind::Conflict, msg)
                .hint("this invitation has already been claimed"),
            E::InvitationCancelled => CliError::new(ErrorKind::Conflict, msg)
                .hint("create a new invitation with `invite user` or `invite device`"),
            E::NotAllowed => CliError::new(ErrorKind::Permission, msg).hint(
                "a user invitation is greeted by an administrator, a device invitation by \
                 one of the user's own devices",
            ),
            E::UnsupportedInvitationType(_) => CliError::bad_input(msg),
            E::WeakPeerKey | E::NonceHashMismatch => CliError::new(ErrorKind::Authentication, msg)
                .hint("the greeting was cancelled: someone may be tampering with the exchange"),
            E::ActiveUsersLimitReached => CliError::new(ErrorKind::Permission, msg)
                .hint("revoke a user or ask the server administrator to raise the limit"),
            E::HumanHandleAlreadyTaken | E::UserAlreadyExists | E::DeviceAlreadyExists => {
                CliError::new(ErrorKind::Conflict, msg)
            }
            E::ClockDrift { .. } => CliError::new(ErrorKind::Server, msg)
                .hint("synchronize this machine's clock (e.g. with NTP)"),
            _ => CliError::new(ErrorKind::Server, chain(&e)),
        }
    }
}

impl From<parsec_client::invite::AttemptEnded> for CliError {
    fn from(e: parsec_client::invite::AttemptEnded) -> Self {
        use parsec_client::invite::AttemptEnded;
        match e {
            AttemptEnded::Greeter(e) => e.into(),
            AttemptEnded::Claimer(e) => e.into(),
        }
    }
}

impl From<parsec_client::invite::ClaimError> for CliError {
    fn from(e: parsec_client::invite::ClaimError) -> Self {
        use parsec_client::invite::ClaimError as E;
        use parsec_protocol::invite::GreeterOrClaimer;
        let msg = e.to_string();
        match e {
            E::Connection(c) => c.into(),
            E::PeerCancelled { origin, reason, .. } => {
                attempt_cancelled(GreeterOrClaimer::Claimer, origin, reason)
            }
            E::InvitationNotFound => CliError::new(ErrorKind::NotFound, msg)
                .hint("check the invitation URL: it may be mistyped or from another server"),
            E::InvitationAlreadyUsed => {
                CliError::new(ErrorKind::Conflict, msg).hint("ask for a new invitation")
            }
            E::UnsupportedInvitationType(_)
            | E::UnknownGreeter(_)
            | E::UnknownRecipient(_)
            | E::RecipientAlreadyPicked(_) => CliError::bad_input(msg),
            E::RecipientRevoked(_) => {
                CliError::new(ErrorKind::Permission, msg).hint("choose another recipient")
            }
            E::GreeterNotFound => CliError::new(ErrorKind::NotFound, msg),
            E::GreeterNotAllowed | E::GreeterRevoked => CliError::new(ErrorKind::Permission, msg)
                .hint("choose another administrator, or ask for a new invitation"),
            E::WeakPeerKey => CliError::new(ErrorKind::Authentication, msg)
                .hint("the greeting was cancelled: someone may be tampering with the exchange"),
            _ => CliError::new(ErrorKind::Server, chain(&e)),
        }
    }
}

impl From<parsec_client::invite::manage::NewUserInvitationError> for CliError {
    fn from(e: parsec_client::invite::manage::NewUserInvitationError) -> Self {
        use parsec_client::invite::manage::NewUserInvitationError as E;
        let msg = e.to_string();
        match e {
            E::Connection(c) => c.into(),
            E::NotAllowed => CliError::new(ErrorKind::Permission, msg)
                .hint("ask an administrator of the organization"),
            E::AlreadyMember => CliError::new(ErrorKind::Conflict, msg)
                .hint("`user list` shows the organization's users"),
            _ => CliError::new(ErrorKind::Server, msg),
        }
    }
}

impl From<parsec_client::invite::manage::NewDeviceInvitationError> for CliError {
    fn from(e: parsec_client::invite::manage::NewDeviceInvitationError) -> Self {
        use parsec_client::invite::manage::NewDeviceInvitationError as E;
        match e {
            E::Connection(c) => c.into(),
            other => CliError::new(ErrorKind::Server, other.to_string()),
        }
    }
}

impl From<parsec_client::invite::manage::ListInvitationsError> for CliError {
    fn from(e: parsec_client::invite::manage::ListInvitationsError) -> Self {
        use parsec_client::invite::manage::ListInvitationsError as E;
        match e {
            E::Connection(c) => c.into(),
            other => CliError::new(ErrorKind::Server, other.to_string()),
        }
    }
}

impl From<parsec_client::invite::manage::CancelInvitationError> for CliError {
    fn from(e: parsec_client::invite::manage::CancelInvitationError) -> Self {
        use parsec_client::invite::manage::CancelInvitationError as E;
        let msg = e.to_string();
        match e {
            E::Connection(c) => c.into(),
            E::NotFound => CliError::new(ErrorKind::NotFound, msg)
                .hint("`invite list` shows the invitations you can see"),
            E::NotAllowed => CliError::new(ErrorKind::Permission, msg).hint(
                "an invitation is cancelled by one of its greeters (administrators for a user \
                 invitation) or by its claimer",
            ),
            E::Completed | E::AlreadyCancelled => CliError::new(ErrorKind::Conflict, msg),
            _ => CliError::new(ErrorKind::Server, msg),
        }
    }
}

const UNTRUSTED_CERTIFICATE_HINT: &str =
    "the server's TLS certificate is not trusted: if your own \
     certificate authority signed it, set SSL_CAFILE to its PEM file";

/// Whether a connection failed on the server's TLS certificate.
fn is_certificate_error(e: &dyn std::error::Error) -> bool {
    let text = chain(e).to_ascii_lowercase();
    text.contains("certificate") || text.contains("unknownissuer")
}

impl From<parsec_client::invite::ShamirRecoverDeviceError> for CliError {
    fn from(e: parsec_client::invite::ShamirRecoverDeviceError) -> Self {
        use parsec_client::invite::ShamirRecoverDeviceError as E;
        let msg = e.to_string();
        let committed = !e.nothing_committed();
        let err = match e {
            E::Claim(c) => c.into(),
            E::Register(r) => register_refused(r),
            E::BadRevealToken => CliError::new(ErrorKind::Conflict, msg)
                .hint("the shared recovery was set up again since the invitation: ask for a new invitation"),
            _ => CliError::new(ErrorKind::Server, msg),
        };
        if committed && err.kind != ErrorKind::OutcomeUnknown {
            return CliError::new(ErrorKind::OutcomeUnknown, err.message).hint(
                "the new device may exist on the server without its keys here: run `invite \
                 claim` again with the same URL",
            );
        }
        err
    }
}

impl From<parsec_client::shamir::ShamirFetchError> for CliError {
    fn from(e: parsec_client::shamir::ShamirFetchError) -> Self {
        use parsec_client::shamir::ShamirFetchError as E;
        match e {
            E::Sync(s) => s.into(),
            E::Poll(p) => parsec_client::local_certificates::SyncError::Poll(p).into(),
            _ => CliError::new(ErrorKind::Server, chain(&e)),
        }
    }
}

impl From<parsec_client::shamir::ShamirSetupError> for CliError {
    fn from(e: parsec_client::shamir::ShamirSetupError) -> Self {
        use parsec_client::shamir::ShamirSetupError as E;
        let msg = e.to_string();
        match e {
            E::Fetch(f) => f.into(),
            E::Connection(c) => c.into(),
            E::ThresholdAboveTotal { .. } | E::TooManyShares(_) | E::NoRecipient => {
                CliError::bad_input(msg)
            }
            E::AuthorAmongRecipients => CliError::bad_input(msg),
            E::RecipientNotFound(_) => CliError::new(ErrorKind::NotFound, msg),
            E::RecipientRevoked(_) => CliError::new(ErrorKind::Permission, msg)
                .hint("choose recipients among the active users (`user list`)"),
            E::AlreadyExists => CliError::new(ErrorKind::Conflict, msg)
                .hint("`shared-recovery delete` removes the current one"),
            E::RecoveryDevice(r) => register_refused(r),
            E::ClockDrift { .. } => CliError::new(ErrorKind::Server, msg)
                .hint("synchronize this machine's clock (e.g. with NTP)"),
            E::Refused(_) => CliError::new(ErrorKind::Server, msg),
            _ => CliError::new(ErrorKind::Server, chain(&e)),
        }
    }
}

impl From<parsec_client::shamir::ShamirDeleteError> for CliError {
    fn from(e: parsec_client::shamir::ShamirDeleteError) -> Self {
        use parsec_client::shamir::ShamirDeleteError as E;
        let msg = e.to_string();
        match e {
            E::Fetch(f) => f.into(),
            E::Connection(c) => c.into(),
            E::ClockDrift { .. } => CliError::new(ErrorKind::Server, msg)
                .hint("synchronize this machine's clock (e.g. with NTP)"),
            _ => CliError::new(ErrorKind::Server, msg),
        }
    }
}

impl From<parsec_client::shamir::NewShamirRecoveryInvitationError> for CliError {
    fn from(e: parsec_client::shamir::NewShamirRecoveryInvitationError) -> Self {
        use parsec_client::shamir::NewShamirRecoveryInvitationError as E;
        let msg = format!("Server refused to create shared recovery invitation: {e}");
        match e {
            E::Connection(c) => c.into(),
            E::NotAllowed => CliError::new(ErrorKind::Permission, msg).hint(
                "`shared-recovery list` shows the users whose shared recovery you are a \
                 recipient of",
            ),
            E::UserNotFound => CliError::new(ErrorKind::NotFound, msg),
            _ => CliError::new(ErrorKind::Server, msg),
        }
    }
}

impl From<parsec_client::shamir::ShareDataError> for CliError {
    fn from(e: parsec_client::shamir::ShareDataError) -> Self {
        use parsec_client::shamir::ShareDataError as E;
        let msg = e.to_string();
        match e {
            E::Fetch(f) => f.into(),
            E::SetupNotFound => CliError::new(ErrorKind::NotFound, msg),
            E::SetupDeleted => CliError::new(ErrorKind::Conflict, msg)
                .hint("the user deleted its shared recovery: the invitation cannot succeed"),
            E::NotRecipient => CliError::new(ErrorKind::Permission, msg),
            _ => CliError::new(ErrorKind::Server, msg),
        }
    }
}

/// A refused or failed `device_create` of a recovery or recovered device.
fn register_refused(e: parsec_client::recovery::RegisterDeviceError) -> CliError {
    use parsec_client::recovery::RegisterDeviceError as E;
    let msg = e.to_string();
    match e {
        E::Connection(c) => c.into(),
        E::ClockDrift { .. } => CliError::new(ErrorKind::Server, msg)
            .hint("synchronize this machine's clock (e.g. with NTP)"),
        E::DeviceAlreadyExists => CliError::new(ErrorKind::Conflict, msg),
        _ => CliError::new(ErrorKind::Server, msg),
    }
}
