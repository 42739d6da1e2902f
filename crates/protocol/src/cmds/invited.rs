//! Invited commands (`POST /invited/<org>`, `Authorization: Bearer <token hex>`): what a
//! claimer sends with its invitation token only (invite.md §2.3, §3).

use super::{dump_rep, dump_req, dump_status, RawRep, RawReq, UnknownStatus};
use crate::data::DataError;

/// Any request of the invited family, as the server decodes it.
#[derive(Debug)]
#[non_exhaustive]
pub enum AnyCmdReq {
    /// `invite_info`.
    InviteInfo(invite_info::Req),
    /// `invite_claimer_start_greeting_attempt`.
    InviteClaimerStartGreetingAttempt(invite_claimer_start_greeting_attempt::Req),
    /// `invite_claimer_step`.
    InviteClaimerStep(invite_claimer_step::Req),
    /// `invite_claimer_cancel_greeting_attempt`.
    InviteClaimerCancelGreetingAttempt(invite_claimer_cancel_greeting_attempt::Req),
    /// `ping` (debug servers only).
    Ping(ping::Req),
}

impl AnyCmdReq {
    /// Decodes a request body; an error means HTTP 415.
    pub fn load(bytes: &[u8]) -> Result<Self, DataError> {
        let raw = RawReq::parse(bytes)?;
        match raw.cmd.as_str() {
            invite_info::CMD => {
                raw.no_fields()?;
                Ok(Self::InviteInfo(invite_info::Req))
            }
            invite_claimer_start_greeting_attempt::CMD => {
                Ok(Self::InviteClaimerStartGreetingAttempt(raw.fields()?))
            }
            invite_claimer_step::CMD => Ok(Self::InviteClaimerStep(raw.fields()?)),
            invite_claimer_cancel_greeting_attempt::CMD => {
                Ok(Self::InviteClaimerCancelGreetingAttempt(raw.fields()?))
            }
            ping::CMD => Ok(Self::Ping(raw.fields()?)),
            other => Err(DataError::Deserialization(format!(
                "unknown command `{other}`"
            ))),
        }
    }
}

/// What the invitation is for, and who may greet it (invite.md §2.3).
pub mod invite_info {
    use super::*;
    use crate::ids::{EmailAddress, HumanHandle, UserID};
    use crate::invite::InvitationCreatedBy;
    use crate::time::DateTime;
    use serde::{Deserialize, Serialize};
    use std::num::NonZeroU8;

    /// Command name.
    pub const CMD: &str = "invite_info";

    /// Request (no fields).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Req;

    impl Req {
        /// Encodes the request body.
        pub fn dump(&self) -> Vec<u8> {
            dump_req(CMD, &())
        }
    }

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

    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The invitation.
        Ok(InvitationInfo),
        /// Any other status.
        UnknownStatus(UnknownStatus),
    }

    impl Rep {
        /// Encodes the response body.
        pub fn dump(&self) -> Vec<u8> {
            match self {
                Self::Ok(info) => dump_rep("ok", info),
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

/// Joins (or restarts) the attempt of the session with the chosen greeter (§3.1).
pub mod invite_claimer_start_greeting_attempt {
    use super::*;
    use crate::ids::{GreetingAttemptID, UserID};
    use serde::{Deserialize, Serialize};

    /// Command name.
    pub const CMD: &str = "invite_claimer_start_greeting_attempt";

    /// Request.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Req {
        /// The user the claimer wants to be greeted by.
        pub greeter: UserID,
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
        /// The attempt the claimer joined.
        Ok {
            /// Its ID.
            greeting_attempt: GreetingAttemptID,
        },
        /// No such user.
        GreeterNotFound,
        /// The greeter was revoked.
        GreeterRevoked,
        /// The greeter may not greet this invitation.
        GreeterNotAllowed,
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
                Self::GreeterNotFound => dump_status("greeter_not_found"),
                Self::GreeterRevoked => dump_status("greeter_revoked"),
                Self::GreeterNotAllowed => dump_status("greeter_not_allowed"),
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
                "greeter_not_found" => Self::GreeterNotFound,
                "greeter_revoked" => Self::GreeterRevoked,
                "greeter_not_allowed" => Self::GreeterNotAllowed,
                _ => Self::UnknownStatus(raw.unknown()),
            })
        }
    }
}

/// Submits (or polls) one claimer step (§3.2).
pub mod invite_claimer_step {
    use super::*;
    use crate::ids::GreetingAttemptID;
    use crate::invite::{ClaimerStep, GreeterStep, GreetingAttemptCancelled};
    use serde::{Deserialize, Serialize};

    /// Command name.
    pub const CMD: &str = "invite_claimer_step";

    /// Request.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Req {
        /// The attempt.
        pub greeting_attempt: GreetingAttemptID,
        /// Our step.
        pub claimer_step: ClaimerStep,
    }

    impl Req {
        /// Encodes the request body.
        pub fn dump(&self) -> Vec<u8> {
            dump_req(CMD, self)
        }
    }

    #[derive(Serialize, Deserialize)]
    struct OkFields {
        greeter_step: GreeterStep,
    }

    /// Response.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Rep {
        /// The greeter's step of the same number.
        Ok {
            /// The peer's step.
            greeter_step: GreeterStep,
        },
        /// The greeter has not submitted this step yet: ask again.
        NotReady,
        /// The greeter was revoked.
        GreeterRevoked,
        /// The greeter may no longer greet this invitation.
        GreeterNotAllowed,
        /// Unknown attempt, or one of another invitation.
        GreetingAttemptNotFound,
        /// The claimer has not joined this attempt.
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
                Self::Ok { greeter_step } => dump_rep(
                    "ok",
                    &OkFields {
                        greeter_step: greeter_step.clone(),
                    },
                ),
                Self::NotReady => dump_status("not_ready"),
                Self::GreeterRevoked => dump_status("greeter_revoked"),
                Self::GreeterNotAllowed => dump_status("greeter_not_allowed"),
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
                    let OkFields { greeter_step } = raw.fields()?;
                    Self::Ok { greeter_step }
                }
                "not_ready" => Self::NotReady,
                "greeter_revoked" => Self::GreeterRevoked,
                "greeter_not_allowed" => Self::GreeterNotAllowed,
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

/// Cancels a greeting attempt from the claimer side (§3.3).
pub mod invite_claimer_cancel_greeting_attempt {
    use super::*;
    use crate::ids::GreetingAttemptID;
    use crate::invite::{CancelledGreetingAttemptReason, GreetingAttemptCancelled};
    use serde::{Deserialize, Serialize};

    /// Command name.
    pub const CMD: &str = "invite_claimer_cancel_greeting_attempt";

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
        /// The greeter was revoked.
        GreeterRevoked,
        /// The greeter may no longer greet this invitation.
        GreeterNotAllowed,
        /// Unknown attempt, or one of another invitation.
        GreetingAttemptNotFound,
        /// The claimer has not joined this attempt.
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
                Self::GreeterRevoked => dump_status("greeter_revoked"),
                Self::GreeterNotAllowed => dump_status("greeter_not_allowed"),
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
                "greeter_revoked" => Self::GreeterRevoked,
                "greeter_not_allowed" => Self::GreeterNotAllowed,
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

/// Echo command of the invited family (debug servers only): the anonymous one's types.
pub mod ping {
    pub use super::super::anonymous::ping::{Pong, Rep, Req, CMD};
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{HumanHandle, UserID};
    use crate::invite::InvitationCreatedBy;
    use crate::time::DateTime;
    use invite_info::{InvitationInfo, ShamirRecoveryRecipient, UserGreetingAdministrator};
    use std::num::NonZeroU8;

    fn handle(email: &str, label: &str) -> HumanHandle {
        HumanHandle::new(email.parse().expect("email"), label).expect("handle")
    }

    /// Tagged maps holding ext types (UUIDs, dates) nested in other tagged maps go through
    /// serde's buffered content: check they survive both ways.
    #[test]
    fn invite_info_roundtrips() {
        let alice = UserID::from_bytes([0xa1; 16]);
        let by = InvitationCreatedBy::User {
            user_id: alice,
            human_handle: handle("alice@example.com", "Alice"),
        };
        let infos = [
            InvitationInfo::User {
                claimer_email: "bob@example.com".parse().expect("email"),
                created_by: by.clone(),
                administrators: vec![UserGreetingAdministrator {
                    user_id: alice,
                    human_handle: handle("alice@example.com", "Alice"),
                    online_status: invite_info::UserOnlineStatus::Unknown,
                    last_greeting_attempt_joined_on: Some(DateTime::from_micros(42)),
                }],
            },
            InvitationInfo::Device {
                claimer_user_id: alice,
                claimer_human_handle: handle("alice@example.com", "Alice"),
                created_by: InvitationCreatedBy::ExternalService {
                    service_label: "LDAP".into(),
                },
            },
            InvitationInfo::ShamirRecovery {
                claimer_user_id: alice,
                claimer_human_handle: handle("alice@example.com", "Alice"),
                created_by: by,
                shamir_recovery_created_on: DateTime::from_micros(-1),
                threshold: NonZeroU8::MIN,
                recipients: vec![ShamirRecoveryRecipient {
                    user_id: UserID::from_bytes([0xb0; 16]),
                    human_handle: handle("bob@example.com", "Bob"),
                    shares: NonZeroU8::MIN,
                    revoked_on: None,
                    online_status: invite_info::UserOnlineStatus::Online,
                }],
            },
        ];
        for info in infos {
            let rep = invite_info::Rep::Ok(info);
            let bytes = rep.dump();
            assert_eq!(invite_info::Rep::load(&bytes), Ok(rep));
            // `status` first, then the unit's fields (its `type` included) sorted by name.
            let raw = RawRep::parse(&bytes).expect("map");
            assert_eq!(raw.status, "ok");
        }
    }

    #[test]
    fn unknown_status_and_extra_keys() {
        let bytes = dump_rep(
            "greeter_on_vacation",
            &serde_json::json!({"reason": "sun", "x": 1}),
        );
        assert_eq!(
            invite_claimer_step::Rep::load(&bytes),
            Ok(invite_claimer_step::Rep::UnknownStatus(UnknownStatus {
                status: "greeter_on_vacation".into(),
                reason: Some("sun".into()),
            }))
        );
        // Extra keys in a known status are ignored.
        let bytes = dump_rep(
            "ok",
            &serde_json::json!({"greeter_step": {"step": "5"}, "extra": [1, 2]}),
        );
        assert_eq!(
            invite_claimer_step::Rep::load(&bytes),
            Ok(invite_claimer_step::Rep::Ok {
                greeter_step: crate::invite::GreeterStep::Number5SignifyTrust
            })
        );
    }
}
