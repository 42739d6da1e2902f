//! Authenticated commands (`POST /authenticated/<org>`, signed `Authorization` header).

use super::{
    dump_rep, dump_req, dump_status, RawRep, RawReq, RequireGreaterTimestamp,
    TimestampOutOfBallpark, UnknownStatus,
};
use crate::data::DataError;

/// Any request of the authenticated family, as the server decodes it.
#[derive(Debug)]
#[non_exhaustive]
pub enum AnyCmdReq {
    /// `certificate_get`.
    CertificateGet(certificate_get::Req),
    /// `organization_info`.
    OrganizationInfo(organization_info::Req),
    /// `ping` (debug servers only).
    Ping(super::anonymous::ping::Req),
    /// `invite_new_user`.
    InviteNewUser(invite_new_user::Req),
    /// `invite_new_device`.
    InviteNewDevice(invite_new_device::Req),
    /// `invite_list`.
    InviteList(invite_list::Req),
    /// `invite_cancel`.
    InviteCancel(invite_cancel::Req),
    /// `invite_complete`.
    InviteComplete(invite_complete::Req),
    /// `invite_greeter_start_greeting_attempt`.
    InviteGreeterStartGreetingAttempt(invite_greeter_start_greeting_attempt::Req),
    /// `invite_greeter_step`.
    InviteGreeterStep(invite_greeter_step::Req),
    /// `invite_greeter_cancel_greeting_attempt`.
    InviteGreeterCancelGreetingAttempt(invite_greeter_cancel_greeting_attempt::Req),
    /// `user_create`.
    UserCreate(user_create::Req),
    /// `device_create`.
    DeviceCreate(device_create::Req),
    /// `user_revoke`.
    UserRevoke(user_revoke::Req),
    /// `user_update`.
    UserUpdate(user_update::Req),
}

impl AnyCmdReq {
    /// Decodes a request body; an error means HTTP 415.
    pub fn load(bytes: &[u8]) -> Result<Self, DataError> {
        let raw = RawReq::parse(bytes)?;
        match raw.cmd.as_str() {
            certificate_get::CMD => Ok(Self::CertificateGet(raw.fields()?)),
            organization_info::CMD => {
                raw.no_fields()?;
                Ok(Self::OrganizationInfo(organization_info::Req))
            }
            super::anonymous::ping::CMD => Ok(Self::Ping(raw.fields()?)),
            invite_new_user::CMD => Ok(Self::InviteNewUser(raw.fields()?)),
            invite_new_device::CMD => Ok(Self::InviteNewDevice(raw.fields()?)),
            invite_list::CMD => {
                raw.no_fields()?;
                Ok(Self::InviteList(invite_list::Req))
            }
            invite_cancel::CMD => Ok(Self::InviteCancel(raw.fields()?)),
            invite_complete::CMD => Ok(Self::InviteComplete(raw.fields()?)),
            invite_greeter_start_greeting_attempt::CMD => {
                Ok(Self::InviteGreeterStartGreetingAttempt(raw.fields()?))
            }
            invite_greeter_step::CMD => Ok(Self::InviteGreeterStep(raw.fields()?)),
            invite_greeter_cancel_greeting_attempt::CMD => {
                Ok(Self::InviteGreeterCancelGreetingAttempt(raw.fields()?))
            }
            user_create::CMD => Ok(Self::UserCreate(raw.fields()?)),
            device_create::CMD => Ok(Self::DeviceCreate(raw.fields()?)),
            user_revoke::CMD => Ok(Self::UserRevoke(raw.fields()?)),
            user_update::CMD => Ok(Self::UserUpdate(raw.fields()?)),
            other => Err(DataError::Deserialization(format!(
                "unknown command `{other}`"
            ))),
        }
    }
}

/// Fetches certificates newer than what the client has (certificates.md §10).
pub mod certificate_get {
    use super::*;
    use crate::ids::VlobID;
    use crate::time::DateTime;
    use serde::{Deserialize, Serialize};
    use serde_bytes::ByteBuf;
    use std::collections::BTreeMap;

    /// Command name.
    pub const CMD: &str = "certificate_get";

    /// Request: for each topic, only certificates strictly after the given time.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Req {
        /// Users, devices, updates and revocations.
        pub common_after: Option<DateTime>,
        /// Sequester authority and services.
        pub sequester_after: Option<DateTime>,
        /// Shamir recovery.
        pub shamir_recovery_after: Option<DateTime>,
        /// Per-realm topics.
        pub realm_after: BTreeMap<VlobID, DateTime>,
    }

    impl Req {
        /// Encodes the request body.
        pub fn dump(&self) -> Vec<u8> {
            dump_req(CMD, self)
        }
    }

    /// Fields of `ok`: signed certificates as uploaded, in timestamp order.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Certificates {
        /// Common topic.
        pub common_certificates: Vec<ByteBuf>,
        /// Sequester topic.
        pub sequester_certificates: Vec<ByteBuf>,
        /// Shamir topic.
        pub shamir_recovery_certificates: Vec<ByteBuf>,
        /// Realm topics.
        pub realm_certificates: BTreeMap<VlobID, Vec<ByteBuf>>,
    }

    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The certificates.
        Ok(Certificates),
        /// Any other status.
        UnknownStatus(UnknownStatus),
    }

    impl Rep {
        /// Encodes the response body.
        pub fn dump(&self) -> Vec<u8> {
            match self {
                Self::Ok(c) => dump_rep("ok", c),
                Self::UnknownStatus(u) => dump_status(&u.status),
            }
        }

        /// Decodes a response body.
        pub fn load(bytes: &[u8]) -> Result<Self, DataError> {
            let raw = RawRep::parse(bytes)?;
            Ok(match raw.status.as_str() {
                "ok" => Self::Ok(raw.fields()?),
                _ => Self::UnknownStatus(raw.unknown()),
            })
        }
    }
}

/// Storage used by the organization.
pub mod organization_info {
    use super::*;
    use serde::{Deserialize, Serialize};

    /// Command name.
    pub const CMD: &str = "organization_info";

    /// Request (no fields).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Req;

    impl Req {
        /// Encodes the request body.
        pub fn dump(&self) -> Vec<u8> {
            dump_req(CMD, &())
        }
    }

    /// Fields of `ok`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Info {
        /// Bytes of metadata (vlobs).
        pub total_metadata_bytes: u64,
        /// Bytes of data blocks.
        pub total_block_bytes: u64,
    }

    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The sizes.
        Ok(Info),
        /// Any other status.
        UnknownStatus(UnknownStatus),
    }

    impl Rep {
        /// Encodes the response body.
        pub fn dump(&self) -> Vec<u8> {
            match self {
                Self::Ok(i) => dump_rep("ok", i),
                Self::UnknownStatus(u) => dump_status(&u.status),
            }
        }

        /// Decodes a response body.
        pub fn load(bytes: &[u8]) -> Result<Self, DataError> {
            let raw = RawRep::parse(bytes)?;
            Ok(match raw.status.as_str() {
                "ok" => Self::Ok(raw.fields()?),
                _ => Self::UnknownStatus(raw.unknown()),
            })
        }
    }
}

/// Invites a new user by email (invite.md §2.1); the author must be ADMIN.
pub mod invite_new_user {
    use super::*;
    use crate::ids::{AccessToken, EmailAddress};
    use crate::invite::InvitationEmailSentStatus;
    use serde::{Deserialize, Serialize};

    /// Command name.
    pub const CMD: &str = "invite_new_user";

    /// Request.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Req {
        /// Who is invited.
        pub claimer_email: EmailAddress,
        /// Whether the server emails the invitation link.
        pub send_email: bool,
    }

    impl Req {
        /// Encodes the request body.
        pub fn dump(&self) -> Vec<u8> {
            dump_req(CMD, self)
        }
    }

    /// Fields of `ok`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Created {
        /// The invitation (an existing pending one for the same email is reused).
        pub token: AccessToken,
        /// What became of the email.
        pub email_sent: InvitationEmailSentStatus,
    }

    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The invitation exists.
        Ok(Created),
        /// The author is not currently ADMIN.
        AuthorNotAllowed,
        /// A non-revoked user already has this email.
        ClaimerEmailAlreadyEnrolled,
        /// Any other status.
        UnknownStatus(UnknownStatus),
    }

    impl Rep {
        /// Encodes the response body.
        pub fn dump(&self) -> Vec<u8> {
            match self {
                Self::Ok(c) => dump_rep("ok", c),
                Self::AuthorNotAllowed => dump_status("author_not_allowed"),
                Self::ClaimerEmailAlreadyEnrolled => dump_status("claimer_email_already_enrolled"),
                Self::UnknownStatus(u) => dump_status(&u.status),
            }
        }

        /// Decodes a response body.
        pub fn load(bytes: &[u8]) -> Result<Self, DataError> {
            let raw = RawRep::parse(bytes)?;
            Ok(match raw.status.as_str() {
                "ok" => Self::Ok(raw.fields()?),
                "author_not_allowed" => Self::AuthorNotAllowed,
                "claimer_email_already_enrolled" => Self::ClaimerEmailAlreadyEnrolled,
                _ => Self::UnknownStatus(raw.unknown()),
            })
        }
    }
}

/// Invites a new device for the author's own user (invite.md §2.1).
pub mod invite_new_device {
    use super::*;
    use serde::{Deserialize, Serialize};

    pub use super::invite_new_user::Created;

    /// Command name.
    pub const CMD: &str = "invite_new_device";

    /// Request.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Req {
        /// Whether the server emails the link to the author.
        pub send_email: bool,
    }

    impl Req {
        /// Encodes the request body.
        pub fn dump(&self) -> Vec<u8> {
            dump_req(CMD, self)
        }
    }

    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The invitation exists.
        Ok(Created),
        /// Any other status.
        UnknownStatus(UnknownStatus),
    }

    impl Rep {
        /// Encodes the response body.
        pub fn dump(&self) -> Vec<u8> {
            match self {
                Self::Ok(c) => dump_rep("ok", c),
                Self::UnknownStatus(u) => dump_status(&u.status),
            }
        }

        /// Decodes a response body.
        pub fn load(bytes: &[u8]) -> Result<Self, DataError> {
            let raw = RawRep::parse(bytes)?;
            Ok(match raw.status.as_str() {
                "ok" => Self::Ok(raw.fields()?),
                _ => Self::UnknownStatus(raw.unknown()),
            })
        }
    }
}

/// The invitations the author may see, finished and cancelled ones included (§2.2).
pub mod invite_list {
    use super::*;
    use crate::addr::InvitationType;
    use crate::ids::{AccessToken, EmailAddress, UserID};
    use crate::invite::{InvitationCreatedBy, InvitationStatus};
    use crate::time::DateTime;
    use serde::{Deserialize, Serialize};

    /// Command name.
    pub const CMD: &str = "invite_list";

    /// Request (no fields).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Req;

    impl Req {
        /// Encodes the request body.
        pub fn dump(&self) -> Vec<u8> {
            dump_req(CMD, &())
        }
    }

    /// One invitation, tagged by `type`.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(tag = "type")]
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

    #[derive(Serialize, Deserialize)]
    struct OkFields {
        invitations: Vec<InviteListItem>,
    }

    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The invitations, sorted by creation time.
        Ok {
            /// The list.
            invitations: Vec<InviteListItem>,
        },
        /// Any other status.
        UnknownStatus(UnknownStatus),
    }

    impl Rep {
        /// Encodes the response body.
        pub fn dump(&self) -> Vec<u8> {
            match self {
                Self::Ok { invitations } => dump_rep(
                    "ok",
                    &OkFields {
                        invitations: invitations.clone(),
                    },
                ),
                Self::UnknownStatus(u) => dump_status(&u.status),
            }
        }

        /// Decodes a response body.
        pub fn load(bytes: &[u8]) -> Result<Self, DataError> {
            let raw = RawRep::parse(bytes)?;
            Ok(match raw.status.as_str() {
                "ok" => {
                    let OkFields { invitations } = raw.fields()?;
                    Self::Ok { invitations }
                }
                _ => Self::UnknownStatus(raw.unknown()),
            })
        }
    }
}

/// Cancels an invitation (§2.2).
pub mod invite_cancel {
    use super::*;
    use crate::ids::AccessToken;
    use serde::{Deserialize, Serialize};

    /// Command name.
    pub const CMD: &str = "invite_cancel";

    /// Request.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Req {
        /// The invitation.
        pub token: AccessToken,
    }

    impl Req {
        /// Encodes the request body.
        pub fn dump(&self) -> Vec<u8> {
            dump_req(CMD, self)
        }
    }

    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// Cancelled.
        Ok,
        /// Unknown token.
        InvitationNotFound,
        /// Neither an allowed greeter nor the claimer.
        AuthorNotAllowed,
        /// Already finished.
        InvitationCompleted,
        /// Already cancelled.
        InvitationAlreadyCancelled,
        /// Any other status.
        UnknownStatus(UnknownStatus),
    }

    impl Rep {
        /// Encodes the response body.
        pub fn dump(&self) -> Vec<u8> {
            dump_status(match self {
                Self::Ok => "ok",
                Self::InvitationNotFound => "invitation_not_found",
                Self::AuthorNotAllowed => "author_not_allowed",
                Self::InvitationCompleted => "invitation_completed",
                Self::InvitationAlreadyCancelled => "invitation_already_cancelled",
                Self::UnknownStatus(u) => &u.status,
            })
        }

        /// Decodes a response body.
        pub fn load(bytes: &[u8]) -> Result<Self, DataError> {
            let raw = RawRep::parse(bytes)?;
            Ok(match raw.status.as_str() {
                "ok" => Self::Ok,
                "invitation_not_found" => Self::InvitationNotFound,
                "author_not_allowed" => Self::AuthorNotAllowed,
                "invitation_completed" => Self::InvitationCompleted,
                "invitation_already_cancelled" => Self::InvitationAlreadyCancelled,
                _ => Self::UnknownStatus(raw.unknown()),
            })
        }
    }
}

/// Marks an invitation finished, at the very end of a greeting (§2.2, §4 step 17).
pub mod invite_complete {
    use super::*;
    use crate::ids::AccessToken;
    use serde::{Deserialize, Serialize};

    /// Command name.
    pub const CMD: &str = "invite_complete";

    /// Request.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Req {
        /// The invitation.
        pub token: AccessToken,
    }

    impl Req {
        /// Encodes the request body.
        pub fn dump(&self) -> Vec<u8> {
            dump_req(CMD, self)
        }
    }

    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// Finished.
        Ok,
        /// Unknown token.
        InvitationNotFound,
        /// Neither an allowed greeter nor the claimer.
        AuthorNotAllowed,
        /// Already finished.
        InvitationAlreadyCompleted,
        /// Cancelled.
        InvitationCancelled,
        /// Any other status.
        UnknownStatus(UnknownStatus),
    }

    impl Rep {
        /// Encodes the response body.
        pub fn dump(&self) -> Vec<u8> {
            dump_status(match self {
                Self::Ok => "ok",
                Self::InvitationNotFound => "invitation_not_found",
                Self::AuthorNotAllowed => "author_not_allowed",
                Self::InvitationAlreadyCompleted => "invitation_already_completed",
                Self::InvitationCancelled => "invitation_cancelled",
                Self::UnknownStatus(u) => &u.status,
            })
        }

        /// Decodes a response body.
        pub fn load(bytes: &[u8]) -> Result<Self, DataError> {
            let raw = RawRep::parse(bytes)?;
            Ok(match raw.status.as_str() {
                "ok" => Self::Ok,
                "invitation_not_found" => Self::InvitationNotFound,
                "author_not_allowed" => Self::AuthorNotAllowed,
                "invitation_already_completed" => Self::InvitationAlreadyCompleted,
                "invitation_cancelled" => Self::InvitationCancelled,
                _ => Self::UnknownStatus(raw.unknown()),
            })
        }
    }
}

/// Joins (or restarts) the greeting attempt of the greeter's session (invite.md §3.1).
pub mod invite_greeter_start_greeting_attempt {
    use super::*;
    use crate::ids::{AccessToken, GreetingAttemptID};
    use serde::{Deserialize, Serialize};

    /// Command name.
    pub const CMD: &str = "invite_greeter_start_greeting_attempt";

    /// Request.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Req {
        /// The invitation.
        pub token: AccessToken,
    }

    impl Req {
        /// Encodes the request body.
        pub fn dump(&self) -> Vec<u8> {
            dump_req(CMD, self)
        }
    }

    #[derive(Serialize, Deserialize)]
    struct OkFields {
        greeting_attempt: GreetingAttemptID,
    }

    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The attempt the greeter joined.
        Ok {
            /// Its ID.
            greeting_attempt: GreetingAttemptID,
        },
        /// Unknown token.
        InvitationNotFound,
        /// Already finished.
        InvitationCompleted,
        /// Cancelled.
        InvitationCancelled,
        /// Not an allowed greeter of this invitation.
        AuthorNotAllowed,
        /// Any other status.
        UnknownStatus(UnknownStatus),
    }

    impl Rep {
        /// Encodes the response body.
        pub fn dump(&self) -> Vec<u8> {
            match self {
                Self::Ok { greeting_attempt } => dump_rep(
                    "ok",
                    &OkFields {
                        greeting_attempt: *greeting_attempt,
                    },
                ),
                Self::InvitationNotFound => dump_status("invitation_not_found"),
                Self::InvitationCompleted => dump_status("invitation_completed"),
                Self::InvitationCancelled => dump_status("invitation_cancelled"),
                Self::AuthorNotAllowed => dump_status("author_not_allowed"),
                Self::UnknownStatus(u) => dump_status(&u.status),
            }
        }

        /// Decodes a response body.
        pub fn load(bytes: &[u8]) -> Result<Self, DataError> {
            let raw = RawRep::parse(bytes)?;
            Ok(match raw.status.as_str() {
                "ok" => {
                    let OkFields { greeting_attempt } = raw.fields()?;
                    Self::Ok { greeting_attempt }
                }
                "invitation_not_found" => Self::InvitationNotFound,
                "invitation_completed" => Self::InvitationCompleted,
                "invitation_cancelled" => Self::InvitationCancelled,
                "author_not_allowed" => Self::AuthorNotAllowed,
                _ => Self::UnknownStatus(raw.unknown()),
            })
        }
    }
}

/// Submits (or polls) one greeter step (invite.md §3.2).
pub mod invite_greeter_step {
    use super::*;
    use crate::ids::GreetingAttemptID;
    use crate::invite::{ClaimerStep, GreeterStep, GreetingAttemptCancelled};
    use serde::{Deserialize, Serialize};

    /// Command name.
    pub const CMD: &str = "invite_greeter_step";

    /// Request.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Req {
        /// The attempt.
        pub greeting_attempt: GreetingAttemptID,
        /// Our step.
        pub greeter_step: GreeterStep,
    }

    impl Req {
        /// Encodes the request body.
        pub fn dump(&self) -> Vec<u8> {
            dump_req(CMD, self)
        }
    }

    #[derive(Serialize, Deserialize)]
    struct OkFields {
        claimer_step: ClaimerStep,
    }

    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The claimer's step of the same number.
        Ok {
            /// The peer's step.
            claimer_step: ClaimerStep,
        },
        /// The claimer has not submitted this step yet: ask again.
        NotReady,
        /// The invitation is finished.
        InvitationCompleted,
        /// The invitation is cancelled.
        InvitationCancelled,
        /// The greeter is no longer allowed (e.g. no longer ADMIN).
        AuthorNotAllowed,
        /// Unknown attempt, or one of another greeter.
        GreetingAttemptNotFound,
        /// The greeter has not joined this attempt.
        GreetingAttemptNotJoined,
        /// The attempt was cancelled.
        GreetingAttemptCancelled(GreetingAttemptCancelled),
        /// A previous step is missing on one side.
        StepTooAdvanced,
        /// This step was already submitted with other content.
        StepMismatch,
        /// Any other status.
        UnknownStatus(UnknownStatus),
    }

    impl Rep {
        /// Encodes the response body.
        pub fn dump(&self) -> Vec<u8> {
            match self {
                Self::Ok { claimer_step } => dump_rep(
                    "ok",
                    &OkFields {
                        claimer_step: claimer_step.clone(),
                    },
                ),
                Self::NotReady => dump_status("not_ready"),
                Self::InvitationCompleted => dump_status("invitation_completed"),
                Self::InvitationCancelled => dump_status("invitation_cancelled"),
                Self::AuthorNotAllowed => dump_status("author_not_allowed"),
                Self::GreetingAttemptNotFound => dump_status("greeting_attempt_not_found"),
                Self::GreetingAttemptNotJoined => dump_status("greeting_attempt_not_joined"),
                Self::GreetingAttemptCancelled(c) => dump_rep("greeting_attempt_cancelled", c),
                Self::StepTooAdvanced => dump_status("step_too_advanced"),
                Self::StepMismatch => dump_status("step_mismatch"),
                Self::UnknownStatus(u) => dump_status(&u.status),
            }
        }

        /// Decodes a response body.
        pub fn load(bytes: &[u8]) -> Result<Self, DataError> {
            let raw = RawRep::parse(bytes)?;
            Ok(match raw.status.as_str() {
                "ok" => {
                    let OkFields { claimer_step } = raw.fields()?;
                    Self::Ok { claimer_step }
                }
                "not_ready" => Self::NotReady,
                "invitation_completed" => Self::InvitationCompleted,
                "invitation_cancelled" => Self::InvitationCancelled,
                "author_not_allowed" => Self::AuthorNotAllowed,
                "greeting_attempt_not_found" => Self::GreetingAttemptNotFound,
                "greeting_attempt_not_joined" => Self::GreetingAttemptNotJoined,
                "greeting_attempt_cancelled" => Self::GreetingAttemptCancelled(raw.fields()?),
                "step_too_advanced" => Self::StepTooAdvanced,
                "step_mismatch" => Self::StepMismatch,
                _ => Self::UnknownStatus(raw.unknown()),
            })
        }
    }
}

/// Cancels a greeting attempt from the greeter side (invite.md §3.3).
pub mod invite_greeter_cancel_greeting_attempt {
    use super::*;
    use crate::ids::GreetingAttemptID;
    use crate::invite::{CancelledGreetingAttemptReason, GreetingAttemptCancelled};
    use serde::{Deserialize, Serialize};

    /// Command name.
    pub const CMD: &str = "invite_greeter_cancel_greeting_attempt";

    /// Request.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Req {
        /// The attempt.
        pub greeting_attempt: GreetingAttemptID,
        /// Why.
        pub reason: CancelledGreetingAttemptReason,
    }

    impl Req {
        /// Encodes the request body.
        pub fn dump(&self) -> Vec<u8> {
            dump_req(CMD, self)
        }
    }

    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// Cancelled.
        Ok,
        /// The invitation is finished.
        InvitationCompleted,
        /// The invitation is cancelled.
        InvitationCancelled,
        /// The greeter is no longer allowed.
        AuthorNotAllowed,
        /// Unknown attempt, or one of another greeter.
        GreetingAttemptNotFound,
        /// The greeter has not joined this attempt.
        GreetingAttemptNotJoined,
        /// Someone cancelled first: that cancellation stands.
        GreetingAttemptAlreadyCancelled(GreetingAttemptCancelled),
        /// Any other status.
        UnknownStatus(UnknownStatus),
    }

    impl Rep {
        /// Encodes the response body.
        pub fn dump(&self) -> Vec<u8> {
            match self {
                Self::Ok => dump_status("ok"),
                Self::InvitationCompleted => dump_status("invitation_completed"),
                Self::InvitationCancelled => dump_status("invitation_cancelled"),
                Self::AuthorNotAllowed => dump_status("author_not_allowed"),
                Self::GreetingAttemptNotFound => dump_status("greeting_attempt_not_found"),
                Self::GreetingAttemptNotJoined => dump_status("greeting_attempt_not_joined"),
                Self::GreetingAttemptAlreadyCancelled(c) => {
                    dump_rep("greeting_attempt_already_cancelled", c)
                }
                Self::UnknownStatus(u) => dump_status(&u.status),
            }
        }

        /// Decodes a response body.
        pub fn load(bytes: &[u8]) -> Result<Self, DataError> {
            let raw = RawRep::parse(bytes)?;
            Ok(match raw.status.as_str() {
                "ok" => Self::Ok,
                "invitation_completed" => Self::InvitationCompleted,
                "invitation_cancelled" => Self::InvitationCancelled,
                "author_not_allowed" => Self::AuthorNotAllowed,
                "greeting_attempt_not_found" => Self::GreetingAttemptNotFound,
                "greeting_attempt_not_joined" => Self::GreetingAttemptNotJoined,
                "greeting_attempt_already_cancelled" => {
                    Self::GreetingAttemptAlreadyCancelled(raw.fields()?)
                }
                _ => Self::UnknownStatus(raw.unknown()),
            })
        }
    }
}

/// Creates a user and its first device (certificates.md §6).
pub mod user_create {
    use super::*;
    use serde::{Deserialize, Serialize};

    /// Command name.
    pub const CMD: &str = "user_create";

    /// Request: four certificates signed by the author's device, same timestamp.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Req {
        /// The user certificate.
        #[serde(with = "serde_bytes")]
        pub user_certificate: Vec<u8>,
        /// The first device's certificate.
        #[serde(with = "serde_bytes")]
        pub device_certificate: Vec<u8>,
        /// The user certificate without its human handle.
        #[serde(with = "serde_bytes")]
        pub redacted_user_certificate: Vec<u8>,
        /// The device certificate without its label.
        #[serde(with = "serde_bytes")]
        pub redacted_device_certificate: Vec<u8>,
    }

    impl Req {
        /// Encodes the request body.
        pub fn dump(&self) -> Vec<u8> {
            dump_req(CMD, self)
        }
    }

    /// Response.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Rep {
        /// Created.
        Ok,
        /// The author is not currently ADMIN.
        AuthorNotAllowed,
        /// The organization's active users limit is reached.
        ActiveUsersLimitReached,
        /// The user or device ID exists.
        UserAlreadyExists,
        /// A non-revoked user has this email.
        HumanHandleAlreadyTaken,
        /// A certificate failed a check.
        InvalidCertificate,
        /// The certificates' timestamp is too far from the server's clock.
        TimestampOutOfBallpark(TimestampOutOfBallpark),
        /// Another certificate is newer: retry with a greater timestamp.
        RequireGreaterTimestamp(RequireGreaterTimestamp),
        /// Any other status.
        UnknownStatus(UnknownStatus),
    }

    impl Rep {
        /// Encodes the response body.
        pub fn dump(&self) -> Vec<u8> {
            match self {
                Self::Ok => dump_status("ok"),
                Self::AuthorNotAllowed => dump_status("author_not_allowed"),
                Self::ActiveUsersLimitReached => dump_status("active_users_limit_reached"),
                Self::UserAlreadyExists => dump_status("user_already_exists"),
                Self::HumanHandleAlreadyTaken => dump_status("human_handle_already_taken"),
                Self::InvalidCertificate => dump_status("invalid_certificate"),
                Self::TimestampOutOfBallpark(f) => dump_rep("timestamp_out_of_ballpark", f),
                Self::RequireGreaterTimestamp(f) => dump_rep("require_greater_timestamp", f),
                Self::UnknownStatus(u) => dump_status(&u.status),
            }
        }

        /// Decodes a response body.
        pub fn load(bytes: &[u8]) -> Result<Self, DataError> {
            let raw = RawRep::parse(bytes)?;
            Ok(match raw.status.as_str() {
                "ok" => Self::Ok,
                "author_not_allowed" => Self::AuthorNotAllowed,
                "active_users_limit_reached" => Self::ActiveUsersLimitReached,
                "user_already_exists" => Self::UserAlreadyExists,
                "human_handle_already_taken" => Self::HumanHandleAlreadyTaken,
                "invalid_certificate" => Self::InvalidCertificate,
                "timestamp_out_of_ballpark" => Self::TimestampOutOfBallpark(raw.fields()?),
                "require_greater_timestamp" => Self::RequireGreaterTimestamp(raw.fields()?),
                _ => Self::UnknownStatus(raw.unknown()),
            })
        }
    }
}

/// Adds a device to the author's own user (certificates.md §7).
pub mod device_create {
    use super::*;
    use serde::{Deserialize, Serialize};

    /// Command name.
    pub const CMD: &str = "device_create";

    /// Request: the device certificate and its redacted twin, signed by the author.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Req {
        /// The device certificate.
        #[serde(with = "serde_bytes")]
        pub device_certificate: Vec<u8>,
        /// The same without its label.
        #[serde(with = "serde_bytes")]
        pub redacted_device_certificate: Vec<u8>,
    }

    impl Req {
        /// Encodes the request body.
        pub fn dump(&self) -> Vec<u8> {
            dump_req(CMD, self)
        }
    }

    /// Response.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Rep {
        /// Created.
        Ok,
        /// A certificate failed a check.
        InvalidCertificate,
        /// The device ID exists.
        DeviceAlreadyExists,
        /// The certificate's timestamp is too far from the server's clock.
        TimestampOutOfBallpark(TimestampOutOfBallpark),
        /// Another certificate is newer: retry with a greater timestamp.
        RequireGreaterTimestamp(RequireGreaterTimestamp),
        /// Any other status.
        UnknownStatus(UnknownStatus),
    }

    impl Rep {
        /// Encodes the response body.
        pub fn dump(&self) -> Vec<u8> {
            match self {
                Self::Ok => dump_status("ok"),
                Self::InvalidCertificate => dump_status("invalid_certificate"),
                Self::DeviceAlreadyExists => dump_status("device_already_exists"),
                Self::TimestampOutOfBallpark(f) => dump_rep("timestamp_out_of_ballpark", f),
                Self::RequireGreaterTimestamp(f) => dump_rep("require_greater_timestamp", f),
                Self::UnknownStatus(u) => dump_status(&u.status),
            }
        }

        /// Decodes a response body.
        pub fn load(bytes: &[u8]) -> Result<Self, DataError> {
            let raw = RawRep::parse(bytes)?;
            Ok(match raw.status.as_str() {
                "ok" => Self::Ok,
                "invalid_certificate" => Self::InvalidCertificate,
                "device_already_exists" => Self::DeviceAlreadyExists,
                "timestamp_out_of_ballpark" => Self::TimestampOutOfBallpark(raw.fields()?),
                "require_greater_timestamp" => Self::RequireGreaterTimestamp(raw.fields()?),
                _ => Self::UnknownStatus(raw.unknown()),
            })
        }
    }
}

/// Revokes another user (certificates.md §9); the author must be ADMIN.
pub mod user_revoke {
    use super::*;
    use crate::time::DateTime;
    use serde::{Deserialize, Serialize};

    /// Command name.
    pub const CMD: &str = "user_revoke";

    /// Request: the revocation certificate, signed by the author's device.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Req {
        /// The revoked user certificate.
        #[serde(with = "serde_bytes")]
        pub revoked_user_certificate: Vec<u8>,
    }

    impl Req {
        /// Encodes the request body.
        pub fn dump(&self) -> Vec<u8> {
            dump_req(CMD, self)
        }
    }

    /// Fields of `user_already_revoked`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub struct UserAlreadyRevoked {
        /// Timestamp of the existing revocation certificate.
        pub last_common_certificate_timestamp: DateTime,
    }

    /// Response.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Rep {
        /// Revoked.
        Ok,
        /// The author is not currently ADMIN.
        AuthorNotAllowed,
        /// The target user does not exist.
        UserNotFound,
        /// The target was revoked before (the official client treats it as success).
        UserAlreadyRevoked(UserAlreadyRevoked),
        /// The certificate failed a check (including self-revocation).
        InvalidCertificate,
        /// The certificate's timestamp is too far from the server's clock.
        TimestampOutOfBallpark(TimestampOutOfBallpark),
        /// Another certificate is newer: retry with a greater timestamp.
        RequireGreaterTimestamp(RequireGreaterTimestamp),
        /// Any other status.
        UnknownStatus(UnknownStatus),
    }

    impl Rep {
        /// Encodes the response body.
        pub fn dump(&self) -> Vec<u8> {
            match self {
                Self::Ok => dump_status("ok"),
                Self::AuthorNotAllowed => dump_status("author_not_allowed"),
                Self::UserNotFound => dump_status("user_not_found"),
                Self::UserAlreadyRevoked(f) => dump_rep("user_already_revoked", f),
                Self::InvalidCertificate => dump_status("invalid_certificate"),
                Self::TimestampOutOfBallpark(f) => dump_rep("timestamp_out_of_ballpark", f),
                Self::RequireGreaterTimestamp(f) => dump_rep("require_greater_timestamp", f),
                Self::UnknownStatus(u) => dump_status(&u.status),
            }
        }

        /// Decodes a response body.
        pub fn load(bytes: &[u8]) -> Result<Self, DataError> {
            let raw = RawRep::parse(bytes)?;
            Ok(match raw.status.as_str() {
                "ok" => Self::Ok,
                "author_not_allowed" => Self::AuthorNotAllowed,
                "user_not_found" => Self::UserNotFound,
                "user_already_revoked" => Self::UserAlreadyRevoked(raw.fields()?),
                "invalid_certificate" => Self::InvalidCertificate,
                "timestamp_out_of_ballpark" => Self::TimestampOutOfBallpark(raw.fields()?),
                "require_greater_timestamp" => Self::RequireGreaterTimestamp(raw.fields()?),
                _ => Self::UnknownStatus(raw.unknown()),
            })
        }
    }
}

/// Changes another user's profile (certificates.md §8); the author must be ADMIN.
pub mod user_update {
    use super::*;
    use serde::{Deserialize, Serialize};

    /// Command name.
    pub const CMD: &str = "user_update";

    /// Request: the user update certificate, signed by the author's device.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Req {
        /// The user update certificate.
        #[serde(with = "serde_bytes")]
        pub user_update_certificate: Vec<u8>,
    }

    impl Req {
        /// Encodes the request body.
        pub fn dump(&self) -> Vec<u8> {
            dump_req(CMD, self)
        }
    }

    /// Response.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Rep {
        /// Updated.
        Ok,
        /// The author is not currently ADMIN.
        AuthorNotAllowed,
        /// The target user does not exist.
        UserNotFound,
        /// The target user is revoked.
        UserRevoked,
        /// The target already has this profile (the official client treats it as success).
        UserNoChanges,
        /// The certificate failed a check (including targeting oneself).
        InvalidCertificate,
        /// The certificate's timestamp is too far from the server's clock.
        TimestampOutOfBallpark(TimestampOutOfBallpark),
        /// Another certificate is newer: retry with a greater timestamp.
        RequireGreaterTimestamp(RequireGreaterTimestamp),
        /// Any other status.
        UnknownStatus(UnknownStatus),
    }

    impl Rep {
        /// Encodes the response body.
        pub fn dump(&self) -> Vec<u8> {
            match self {
                Self::Ok => dump_status("ok"),
                Self::AuthorNotAllowed => dump_status("author_not_allowed"),
                Self::UserNotFound => dump_status("user_not_found"),
                Self::UserRevoked => dump_status("user_revoked"),
                Self::UserNoChanges => dump_status("user_no_changes"),
                Self::InvalidCertificate => dump_status("invalid_certificate"),
                Self::TimestampOutOfBallpark(f) => dump_rep("timestamp_out_of_ballpark", f),
                Self::RequireGreaterTimestamp(f) => dump_rep("require_greater_timestamp", f),
                Self::UnknownStatus(u) => dump_status(&u.status),
            }
        }

        /// Decodes a response body.
        pub fn load(bytes: &[u8]) -> Result<Self, DataError> {
            let raw = RawRep::parse(bytes)?;
            Ok(match raw.status.as_str() {
                "ok" => Self::Ok,
                "author_not_allowed" => Self::AuthorNotAllowed,
                "user_not_found" => Self::UserNotFound,
                "user_revoked" => Self::UserRevoked,
                "user_no_changes" => Self::UserNoChanges,
                "invalid_certificate" => Self::InvalidCertificate,
                "timestamp_out_of_ballpark" => Self::TimestampOutOfBallpark(raw.fields()?),
                "require_greater_timestamp" => Self::RequireGreaterTimestamp(raw.fields()?),
                _ => Self::UnknownStatus(raw.unknown()),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{AccessToken, HumanHandle, UserID};
    use crate::invite::{InvitationCreatedBy, InvitationStatus};
    use crate::time::DateTime;
    use invite_list::InviteListItem;

    #[test]
    fn invite_list_roundtrips() {
        let by = InvitationCreatedBy::User {
            user_id: UserID::from_bytes([0xa1; 16]),
            human_handle: HumanHandle::new("alice@example.com".parse().expect("email"), "Alice")
                .expect("handle"),
        };
        let invitations = vec![
            InviteListItem::User {
                token: AccessToken::from_bytes([1; 16]),
                created_on: DateTime::from_micros(1_700_000_000_000_000),
                created_by: by.clone(),
                claimer_email: "bob@example.com".parse().expect("email"),
                status: InvitationStatus::Pending,
            },
            InviteListItem::Device {
                token: AccessToken::from_bytes([2; 16]),
                created_on: DateTime::from_micros(1_700_000_000_000_001),
                created_by: by.clone(),
                status: InvitationStatus::Finished,
            },
            InviteListItem::ShamirRecovery {
                token: AccessToken::from_bytes([3; 16]),
                created_on: DateTime::from_micros(1_700_000_000_000_002),
                created_by: InvitationCreatedBy::ExternalService {
                    service_label: "svc".into(),
                },
                claimer_user_id: UserID::from_bytes([0xc0; 16]),
                shamir_recovery_created_on: DateTime::from_micros(5),
                status: InvitationStatus::Cancelled,
            },
        ];
        let rep = invite_list::Rep::Ok { invitations };
        assert_eq!(invite_list::Rep::load(&rep.dump()), Ok(rep));
    }

    #[test]
    fn field_less_commands_refuse_extra_keys() {
        let body = super::super::dump_req("invite_list", &serde_json::json!({"x": 1}));
        assert!(AnyCmdReq::load(&body).is_err());
        assert!(matches!(
            AnyCmdReq::load(&invite_list::Req.dump()),
            Ok(AnyCmdReq::InviteList(_))
        ));
    }
}
