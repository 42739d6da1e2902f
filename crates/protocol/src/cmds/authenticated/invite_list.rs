//! The invitations the author may see, finished and cancelled ones included (§2.2).

use crate::addr::InvitationType;
use crate::ids::{AccessToken, EmailAddress, UserID};
use crate::invite::{required, InvitationCreatedBy, InvitationStatus};
use crate::time::DateTime;
use serde::{Deserialize, Serialize};

/// Request (no fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Req;

/// One invitation, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", try_from = "ItemFields")]
pub enum InviteListItem {
    /// A new user.
    #[serde(rename = "USER")]
    User {
        /// The invitation.
        token: AccessToken,
        /// Creation time.
        created_on: DateTime,
        /// Author.
        created_by: InvitationCreatedBy,
        /// Who is invited.
        claimer_email: EmailAddress,
        /// Pending, finished or cancelled.
        status: InvitationStatus,
    },
    /// A new device of the requester's user.
    #[serde(rename = "DEVICE")]
    Device {
        /// The invitation.
        token: AccessToken,
        /// Creation time.
        created_on: DateTime,
        /// Author.
        created_by: InvitationCreatedBy,
        /// Pending, finished or cancelled.
        status: InvitationStatus,
    },
    /// A shamir recovery.
    #[serde(rename = "SHAMIR_RECOVERY")]
    ShamirRecovery {
        /// The invitation.
        token: AccessToken,
        /// Creation time.
        created_on: DateTime,
        /// Author.
        created_by: InvitationCreatedBy,
        /// The user who lost its devices.
        claimer_user_id: UserID,
        /// The shamir setup it relies on.
        shamir_recovery_created_on: DateTime,
        /// Pending, finished or cancelled.
        status: InvitationStatus,
    },
}

/// The keys of an [`InviteListItem`] map, read in one pass: serde's tagged enums buffer
/// the whole map first, which made a listing of thousands of invitations slow to decode.
#[derive(Deserialize)]
struct ItemFields {
    #[serde(rename = "type")]
    kind: String,
    token: AccessToken,
    created_on: DateTime,
    created_by: InvitationCreatedBy,
    status: InvitationStatus,
    claimer_email: Option<EmailAddress>,
    claimer_user_id: Option<UserID>,
    shamir_recovery_created_on: Option<DateTime>,
}

impl TryFrom<ItemFields> for InviteListItem {
    type Error = String;

    fn try_from(f: ItemFields) -> Result<Self, String> {
        let kind = f.kind.as_str();
        let ItemFields {
            token,
            created_on,
            created_by,
            status,
            ..
        } = f;
        match kind {
            "USER" => Ok(Self::User {
                token,
                created_on,
                created_by,
                claimer_email: required(f.claimer_email, kind, "claimer_email")?,
                status,
            }),
            "DEVICE" => Ok(Self::Device {
                token,
                created_on,
                created_by,
                status,
            }),
            "SHAMIR_RECOVERY" => Ok(Self::ShamirRecovery {
                token,
                created_on,
                created_by,
                claimer_user_id: required(f.claimer_user_id, kind, "claimer_user_id")?,
                shamir_recovery_created_on: required(
                    f.shamir_recovery_created_on,
                    kind,
                    "shamir_recovery_created_on",
                )?,
                status,
            }),
            other => Err(format!(
                "unknown variant `{other}`, expected `USER`, `DEVICE` or `SHAMIR_RECOVERY`"
            )),
        }
    }
}

impl InviteListItem {
    /// The invitation's token.
    pub fn token(&self) -> AccessToken {
        match self {
            Self::User { token, .. }
            | Self::Device { token, .. }
            | Self::ShamirRecovery { token, .. } => *token,
        }
    }

    /// Its kind.
    pub fn invitation_type(&self) -> InvitationType {
        match self {
            Self::User { .. } => InvitationType::User,
            Self::Device { .. } => InvitationType::Device,
            Self::ShamirRecovery { .. } => InvitationType::ShamirRecovery,
        }
    }

    /// Its status.
    pub fn status(&self) -> InvitationStatus {
        match self {
            Self::User { status, .. }
            | Self::Device { status, .. }
            | Self::ShamirRecovery { status, .. } => *status,
        }
    }

    /// Its creation time.
    pub fn created_on(&self) -> DateTime {
        match self {
            Self::User { created_on, .. }
            | Self::Device { created_on, .. }
            | Self::ShamirRecovery { created_on, .. } => *created_on,
        }
    }
}

command! {
    /// The `invite_list` command.
    InviteList = "invite_list" for [AuthenticatedCommand], no fields;
    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The invitations, sorted by creation time.
        "ok" => Ok {
            /// The list.
            invitations: Vec<InviteListItem>,
        },
    }
}
