//! What commands print on stdout with `--format json`: one typed value per result (and
//! per event of the `invite greet` / `invite claim` JSON Lines), so that the JSON
//! contract is written down in one place.
//!
//! Field order is the contract: keys come out in the order fields are declared, which is
//! alphabetical everywhere (the order of the first releases, kept for byte-identical
//! output). Keep new fields in alphabetical order. `null` fields are written out; only
//! fields marked "absent" below are left out when they have no value.

use parsec_protocol::ids::{DeviceID, HumanHandle, OrganizationID, UserID};
use serde::Serialize;

/// A person: `{"email", "label"}`.
#[derive(Debug, Serialize)]
pub struct Human {
    /// Email address.
    pub email: String,
    /// Name.
    pub label: String,
}

impl From<&HumanHandle> for Human {
    fn from(h: &HumanHandle) -> Self {
        Self {
            email: h.email().as_str().to_owned(),
            label: h.label().to_owned(),
        }
    }
}

/// A device (`device list`, `organization bootstrap`, the `done` event of `invite
/// claim`); see `man parsec-cli-device-list`.
#[derive(Debug, Serialize)]
pub struct Device {
    /// How the file is protected (`device list` only, absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication: Option<&'static str>,
    /// Full device ID (32 hex characters).
    pub device_id: String,
    /// Device label.
    pub device_label: String,
    /// `done` in the JSON Lines of `invite claim`, absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<&'static str>,
    /// The device's user.
    pub human_handle: Human,
    /// Organization.
    pub organization_id: String,
    /// The device file (always given today; optional for outputs that have none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// `parsec3://` address of the server.
    pub server_url: String,
    /// The shortest unambiguous prefix of `device_id` (at least 3 characters).
    pub short_id: String,
    /// The device's user ID (hex).
    pub user_id: String,
}

impl Device {
    /// A device without the optional fields; `short_len` is the length of `short_id`.
    pub fn new(
        device_id: &DeviceID,
        short_len: usize,
        organization: &OrganizationID,
        user_id: &UserID,
        human_handle: &HumanHandle,
        device_label: &str,
        server_url: &str,
    ) -> Self {
        let hex = device_id.hex();
        Self {
            authentication: None,
            short_id: hex[..short_len.clamp(3, 32)].to_owned(),
            device_id: hex,
            device_label: device_label.to_owned(),
            event: None,
            human_handle: human_handle.into(),
            organization_id: organization.as_str().to_owned(),
            path: None,
            server_url: server_url.to_owned(),
            user_id: user_id.hex(),
        }
    }
}

/// `device list`.
#[derive(Debug, Serialize)]
pub struct DeviceList {
    /// The config dir searched.
    pub config_dir: String,
    /// Its devices, with `authentication` and `path`.
    pub devices: Vec<Device>,
}

/// `organization create`.
#[derive(Debug, Serialize)]
pub struct OrganizationCreated {
    /// `parsec3://…?a=bootstrap_organization&p=…`.
    pub bootstrap_url: String,
    /// The same as an `http(s)://…/redirect/…` URL.
    pub bootstrap_url_as_http_redirection: String,
    /// The new organization.
    pub organization_id: String,
}

/// `invite user` and `invite device`.
#[derive(Debug, Serialize)]
pub struct InvitationCreated {
    /// The invited email (bulk `invite user` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `null` without `--send-email`, else `SUCCESS`, `SERVER_UNAVAILABLE` or
    /// `RECIPIENT_REFUSED`.
    pub email_sent: Option<&'static str>,
    /// Invitation token (32 hex characters).
    pub token: String,
    /// The URL printed in text mode.
    pub url: String,
    /// The `parsec3://` URL.
    pub url_parsec3: String,
}

/// One failed item of a bulk `invite user` or `user revoke` (JSON Lines).
#[derive(Debug, Serialize)]
pub struct BulkFailure {
    /// The email (or the line of the list) that failed.
    pub email: String,
    /// The error, as on the `error:` line.
    pub error: String,
    /// The exit code this failure alone would have given.
    pub exit_code: u8,
}

/// `invite cancel`.
#[derive(Debug, Serialize)]
pub struct InvitationCancelled {
    /// Always `CANCELLED`.
    pub status: &'static str,
    /// The invitation token.
    pub token: String,
}

/// `invite list`.
#[derive(Debug, Serialize)]
pub struct InvitationList {
    /// Oldest first.
    pub invitations: Vec<Invitation>,
}

/// One invitation of `invite list`.
#[derive(Debug, Serialize)]
pub struct Invitation {
    /// Set for user invitations, `null` otherwise.
    pub claimer_email: Option<String>,
    /// Set for shamir recovery invitations, `null` otherwise.
    pub claimer_user_id: Option<String>,
    /// Who created it.
    pub created_by: CreatedBy,
    /// RFC 3339.
    pub created_on: String,
    /// `PENDING`, `FINISHED` or `CANCELLED`.
    pub status: &'static str,
    /// Invitation token.
    pub token: String,
    /// `USER`, `DEVICE` or `SHAMIR_RECOVERY`.
    #[serde(rename = "type")]
    pub kind: &'static str,
}

/// The author of an invitation.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum CreatedBy {
    /// `{"human_handle", "type": "USER", "user_id"}`.
    User {
        /// The user.
        human_handle: Human,
        /// Always `USER`.
        #[serde(rename = "type")]
        kind: &'static str,
        /// Their ID (hex).
        user_id: String,
    },
    /// `{"service_label", "type": "EXTERNAL_SERVICE"}`.
    ExternalService {
        /// The service.
        service_label: String,
        /// Always `EXTERNAL_SERVICE`.
        #[serde(rename = "type")]
        kind: &'static str,
    },
}

/// `user list`.
#[derive(Debug, Serialize)]
pub struct UserList {
    /// The users, revoked ones included.
    pub users: Vec<User>,
}

/// One user of `user list`.
#[derive(Debug, Serialize)]
pub struct User {
    /// RFC 3339.
    pub created_on: String,
    /// Name and email (a placeholder for redacted users).
    pub human_handle: Human,
    /// Profile at creation.
    pub initial_profile: &'static str,
    /// Current profile.
    pub profile: &'static str,
    /// Author of the revocation (device ID hex), `null` if not revoked.
    pub revoked_by: Option<String>,
    /// RFC 3339, `null` if not revoked.
    pub revoked_on: Option<String>,
    /// User ID (hex).
    pub user_id: String,
}

/// `user revoke`.
#[derive(Debug, Serialize)]
pub struct UserRevoked {
    /// The user's email.
    pub email: String,
    /// RFC 3339 (the earlier date if the user was revoked already).
    pub revoked_on: String,
    /// User ID (hex).
    pub user_id: String,
}

/// `user update`.
#[derive(Debug, Serialize)]
pub struct UserUpdated {
    /// Whether the profile changed (`false` if it already was the one asked).
    pub changed: bool,
    /// The user's email.
    pub email: String,
    /// The profile now.
    pub profile: &'static str,
    /// User ID (hex).
    pub user_id: String,
}

/// A recipient of a shared recovery (`shared-recovery info|list|create`).
#[derive(Debug, Serialize)]
pub struct SharedRecoveryRecipient {
    /// User ID (hex).
    pub user_id: String,
    /// Name and email.
    pub human_handle: Human,
    /// Its shares.
    pub shares: u8,
    /// Whether it has been revoked since the setup.
    pub revoked: bool,
}

/// A shared recovery's state (`shared-recovery info`, entries of `shared-recovery list`);
/// see `man parsec-cli-shared-recovery-info`.
#[derive(Debug, Default, Serialize)]
pub struct SharedRecovery {
    /// `NEVER_SETUP`, `SETUP`, `SETUP_WITH_REVOKED_RECIPIENTS`, `UNUSABLE` or `DELETED`.
    pub status: &'static str,
    /// The user to recover (hex).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Its name and email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub human_handle: Option<Human>,
    /// When the setup was made (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_on: Option<String>,
    /// Shares needed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<u8>,
    /// The recipients.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipients: Option<Vec<SharedRecoveryRecipient>>,
    /// When it was deleted (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deleted_on: Option<String>,
    /// The device that deleted it (hex).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deleted_by: Option<String>,
}

/// `shared-recovery list --format json`.
#[derive(Debug, Serialize)]
pub struct SharedRecoveryList {
    /// One per user whose shared recovery we are a recipient of.
    pub shared_recoveries: Vec<SharedRecovery>,
}

/// `shared-recovery create --format json`.
#[derive(Debug, Serialize)]
pub struct SharedRecoveryCreated {
    /// The setup's time (RFC 3339).
    pub created_on: String,
    /// Shares needed.
    pub threshold: u8,
    /// The recipients.
    pub recipients: Vec<SharedRecoveryRecipient>,
}

/// `shared-recovery delete --format json`.
#[derive(Debug, Serialize)]
pub struct SharedRecoveryDeleted {
    /// The deletion's time (RFC 3339), `null` when there was nothing to delete.
    pub deleted_on: Option<String>,
}

/// JSON Lines events of `invite greet` and `invite claim` (`--format json`).
pub mod event {
    use super::Human;
    use serde::Serialize;

    /// `invitation` of `invite greet`.
    #[derive(Debug, Serialize)]
    pub struct GreetInvitation {
        /// For user invitations, `null` otherwise.
        pub claimer_email: Option<String>,
        /// Always `invitation`.
        pub event: &'static str,
        /// The invitation token.
        pub token: String,
        /// `USER` or `DEVICE`.
        #[serde(rename = "type")]
        pub kind: &'static str,
    }

    /// `invitation` of `invite claim`.
    #[derive(Debug, Serialize)]
    pub struct ClaimInvitation {
        /// Who may greet (user invitations; absent for device ones).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub administrators: Option<Vec<Administrator>>,
        /// The invited email (user invitations; absent for device ones).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub claimer_email: Option<String>,
        /// Always `invitation`.
        pub event: &'static str,
        /// `USER` or `DEVICE`.
        #[serde(rename = "type")]
        pub kind: &'static str,
    }

    /// An administrator who may greet a user invitation.
    #[derive(Debug, Serialize)]
    pub struct Administrator {
        /// Name and email.
        pub human_handle: Human,
        /// User ID (hex).
        pub user_id: String,
    }

    /// `choose_greeter`: several administrators may greet; answer `{"greeter": …}`.
    #[derive(Debug, Serialize)]
    pub struct ChooseGreeter {
        /// The administrators.
        pub candidates: Vec<Administrator>,
        /// Always `choose_greeter`.
        pub event: &'static str,
    }

    /// `greeter`: who greets.
    #[derive(Debug, Serialize)]
    pub struct Greeter {
        /// Always `greeter`.
        pub event: &'static str,
        /// Name and email.
        pub human_handle: Human,
        /// User ID (hex).
        pub user_id: String,
    }

    /// `greeter_code` / `claimer_code`: the code to read out to the peer.
    #[derive(Debug, Serialize)]
    pub struct Code {
        /// The SAS code.
        pub code: String,
        /// `greeter_code` or `claimer_code`.
        pub event: &'static str,
    }

    /// `choose_<side>_code`: pick the code the peer reads out.
    #[derive(Debug, Serialize)]
    pub struct ChooseCode {
        /// The SAS codes to choose from.
        pub candidates: Vec<String>,
        /// `choose_greeter_code` or `choose_claimer_code`.
        pub event: String,
    }

    /// `claim_request`: the identity the claimer asks for.
    #[derive(Debug, Serialize)]
    pub struct ClaimRequest {
        /// Requested device label.
        pub device_label: String,
        /// Always `claim_request`.
        pub event: &'static str,
        /// Requested name and email (user invitations; absent for device ones).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub human_handle: Option<Human>,
        /// The invited email, only when the requested one differs from it.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub invited_email: Option<String>,
    }

    /// `choose_profile`: the profile of the new user; answer `{"profile": …}`.
    #[derive(Debug, Serialize)]
    pub struct ChooseProfile {
        /// The profiles.
        pub choices: [&'static str; 3],
        /// The profile given when the answer has none.
        pub default: &'static str,
        /// Always `choose_profile`.
        pub event: &'static str,
    }

    /// `done` of `invite greet`: the device (and user) created.
    #[derive(Debug, Serialize)]
    pub struct GreetDone {
        /// New device ID (hex).
        pub device_id: String,
        /// Its label.
        pub device_label: String,
        /// Always `done`.
        pub event: &'static str,
        /// The user's name and email.
        pub human_handle: Human,
        /// The user's profile.
        pub profile: &'static str,
        /// User ID (hex).
        pub user_id: String,
    }

    /// `request_identity`: the claimer's identity is asked.
    #[derive(Debug, Serialize)]
    pub struct RequestIdentity {
        /// Values taken when the answer leaves them out.
        pub defaults: IdentityDefaults,
        /// Always `request_identity`.
        pub event: &'static str,
        /// `USER` or `DEVICE`.
        #[serde(rename = "type")]
        pub kind: &'static str,
    }

    /// A recipient of a shamir recovery invitation (`invitation` and
    /// `choose_recipient` of `invite claim`).
    #[derive(Debug, Serialize)]
    pub struct Recipient {
        /// Name and email.
        pub human_handle: Human,
        /// Whether it has been revoked (it cannot greet then).
        pub revoked: bool,
        /// Its shares.
        pub shares: u8,
        /// Whether its shares are retrieved already.
        pub shares_retrieved: bool,
        /// User ID (hex).
        pub user_id: String,
    }

    /// `invitation` of `invite claim` for a shamir recovery.
    #[derive(Debug, Serialize)]
    pub struct ShamirInvitation {
        /// The user to recover.
        pub claimer_human_handle: Human,
        /// Always `invitation`.
        pub event: &'static str,
        /// The recipients.
        pub recipients: Vec<Recipient>,
        /// Shares needed.
        pub threshold: u8,
        /// Always `SHAMIR_RECOVERY`.
        #[serde(rename = "type")]
        pub kind: &'static str,
    }

    /// `choose_recipient`: answer with the email or user ID of the recipient to meet now.
    #[derive(Debug, Serialize)]
    pub struct ChooseRecipient {
        /// The recipients not met yet (and not revoked).
        pub candidates: Vec<Recipient>,
        /// Always `choose_recipient`.
        pub event: &'static str,
        /// Shares retrieved so far.
        pub retrieved_shares: usize,
        /// Shares needed.
        pub threshold: u8,
    }

    /// `shares_received` (claimer) / `shares_sent` (greeter).
    #[derive(Debug, Serialize)]
    pub struct Shares {
        /// `shares_received` or `shares_sent`.
        pub event: &'static str,
        /// The recipient whose shares they are (user ID, hex).
        pub recipient: String,
        /// How many.
        pub shares: usize,
        /// Claimer: all shares retrieved so far.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub retrieved_shares: Option<usize>,
        /// Claimer: shares needed.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub threshold: Option<u8>,
    }

    /// `done` of `invite greet` for a shared recovery.
    #[derive(Debug, Serialize)]
    pub struct Done {
        /// Always `done`.
        pub event: &'static str,
    }

    /// Defaults of [`RequestIdentity`].
    #[derive(Debug, Serialize)]
    pub struct IdentityDefaults {
        /// The host name, if known.
        pub device_label: Option<String>,
        /// The invited email (user invitations), `null` otherwise.
        pub email: Option<String>,
    }
}

/// The terms of service (`tos list`; see `man parsec-cli-tos-list`): both `null` when
/// the organization has none.
#[derive(Debug, Serialize)]
pub struct TosInfo {
    /// URL of the terms per locale.
    pub per_locale_urls: Option<std::collections::BTreeMap<String, String>>,
    /// When they were last set (RFC 3339).
    pub updated_on: Option<String>,
}

/// `tos accept`: `{"accepted", "per_locale_urls", "updated_on"}`.
#[derive(Debug, Serialize)]
pub struct TosAccepted {
    /// Whether terms were accepted (false when there are none).
    pub accepted: bool,
    /// The terms accepted.
    #[serde(flatten)]
    pub info: TosInfo,
}

/// `tos config`: `{"organization_id", "tos"}`.
#[derive(Debug, Serialize)]
pub struct TosConfigured {
    /// The organization.
    pub organization_id: String,
    /// The terms set, `null` when removed.
    pub tos: Option<std::collections::BTreeMap<String, String>>,
}

/// `user totp-reset`: the administration API's answer.
#[derive(Debug, Serialize)]
pub struct TotpResetDone {
    /// 32 hex digits.
    pub user_id: String,
    /// The user's email.
    pub user_email: String,
    /// `parsec3://…?a=totp_reset&p=…`.
    pub totp_reset_url: String,
    /// The `http(s)://…/redirect/…` form (the one the email carries).
    pub totp_reset_url_as_http_redirection: String,
    /// `NOT_SENT_AS_REQUESTED`, `SENT_AS_REQUESTED`, or why the email failed.
    pub email_sent_status: String,
}

/// `certificate poll`: `{"added", "total"}`.
#[derive(Debug, Serialize)]
pub struct CertificatesPolled {
    /// Certificates fetched and verified by this poll.
    pub added: usize,
    /// Certificates now kept for the device.
    pub total: usize,
}

/// `certificate forget-all-certificates`: `{"device_id", "removed"}`.
#[derive(Debug, Serialize)]
pub struct CertificatesForgotten {
    /// The device (hex).
    pub device_id: String,
    /// Whether a local store existed.
    pub removed: bool,
}

/// `device forget-local`: `{"device_id", "path", "removed_data"}`.
#[derive(Debug, Serialize)]
pub struct DeviceForgotten {
    /// The device (hex).
    pub device_id: String,
    /// The removed device file.
    pub path: String,
    /// Whether local data existed (and was removed).
    pub removed_data: bool,
}

/// `device overwrite-server-url`: `{"device_id", "new_server_url", "old_server_url",
/// "path"}`.
#[derive(Debug, Serialize)]
pub struct DeviceServerUrlChanged {
    /// The device (hex).
    pub device_id: String,
    /// The new `parsec3://` address.
    pub new_server_url: String,
    /// The previous one.
    pub old_server_url: String,
    /// The rewritten device file.
    pub path: String,
}

/// `device change-authentication`.
#[derive(Debug, Serialize)]
pub struct AuthenticationChanged {
    /// The new protection: `password` or `keyring`.
    pub authentication: &'static str,
    /// Full device ID (32 hex characters).
    pub device_id: String,
    /// The device file, rewritten in place.
    pub path: String,
}

/// `device export-recovery-device`.
#[derive(Debug, Serialize)]
pub struct RecoveryDeviceExported {
    /// The recovery device's ID (32 hex characters).
    pub device_id: String,
    /// Its label, `recovery-<RFC 3339 time>`.
    pub device_label: String,
    /// The passphrase that unlocks the file: shown this once.
    pub passphrase: String,
    /// The recovery file written.
    pub path: String,
}
