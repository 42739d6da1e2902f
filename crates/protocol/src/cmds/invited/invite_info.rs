//! What the invitation is for, and who may greet it (invite.md §2.3).

use crate::ids::{EmailAddress, HumanHandle, UserID};
use crate::invite::InvitationCreatedBy;
use crate::time::DateTime;
use serde::{Deserialize, Serialize};
use std::num::NonZeroU8;

/// Request (no fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Req;

/// Whether a user is connected (always `UNKNOWN` in Parsec 3.9.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum UserOnlineStatus {
    /// Connected.
    Online,
    /// Not connected.
    Offline,
    /// The server does not say.
    Unknown,
}

/// An administrator who may greet a user invitation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserGreetingAdministrator {
    /// The administrator.
    pub user_id: UserID,
    /// Name and email.
    pub human_handle: HumanHandle,
    /// Always `UNKNOWN` in 3.9.3.
    pub online_status: UserOnlineStatus,
    /// When it last joined a greeting attempt of this invitation.
    pub last_greeting_attempt_joined_on: Option<DateTime>,
}

/// A recipient of a shamir recovery setup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShamirRecoveryRecipient {
    /// The recipient.
    pub user_id: UserID,
    /// Name and email.
    pub human_handle: HumanHandle,
    /// Number of shares it holds.
    pub shares: NonZeroU8,
    /// When it was revoked, if it was.
    pub revoked_on: Option<DateTime>,
    /// Always `UNKNOWN` in 3.9.3.
    pub online_status: UserOnlineStatus,
}

/// The invitation, tagged by `type` and flattened into the `ok` reply (schema name
/// `InvitationType`, renamed here to keep it apart from [`crate::addr::InvitationType`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum InvitationInfo {
    /// A new user.
    #[serde(rename = "USER")]
    User {
        /// Who is invited.
        claimer_email: EmailAddress,
        /// Author.
        created_by: InvitationCreatedBy,
        /// Every non-revoked ADMIN, sorted by name: the possible greeters.
        administrators: Vec<UserGreetingAdministrator>,
    },
    /// A new device of an existing user (who is also the only possible greeter).
    #[serde(rename = "DEVICE")]
    Device {
        /// The user.
        claimer_user_id: UserID,
        /// Its name and email.
        claimer_human_handle: HumanHandle,
        /// Author.
        created_by: InvitationCreatedBy,
    },
    /// A shamir recovery.
    #[serde(rename = "SHAMIR_RECOVERY")]
    ShamirRecovery {
        /// The user who lost its devices.
        claimer_user_id: UserID,
        /// Its name and email.
        claimer_human_handle: HumanHandle,
        /// Author.
        created_by: InvitationCreatedBy,
        /// The shamir setup.
        shamir_recovery_created_on: DateTime,
        /// Shares needed.
        threshold: NonZeroU8,
        /// Who holds shares.
        recipients: Vec<ShamirRecoveryRecipient>,
    },
}

command! {
    /// The `invite_info` command.
    InviteInfo = "invite_info" for [InvitedCommand], no fields;
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The invitation.
        "ok" => Ok(InvitationInfo),
    }
}
