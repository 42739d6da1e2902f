//! Invited commands (`POST /invited/<org>`, `Authorization: Bearer <token hex>`): what a
//! claimer sends with its invitation token only (invite.md §2.3, §3).

pub mod invite_claimer_cancel_greeting_attempt;
pub mod invite_claimer_start_greeting_attempt;
pub mod invite_claimer_step;
pub mod invite_info;
pub mod invite_shamir_recovery_reveal;

/// Echo command of the invited family (debug servers only): the anonymous one.
pub use super::anonymous::ping;

family! {
    InvitedCommand;
    /// Any request of the invited family, as the server decodes it.
    pub enum AnyCmdReq {
        /// `invite_info`.
        InviteInfo => invite_info,
        /// `invite_claimer_start_greeting_attempt`.
        InviteClaimerStartGreetingAttempt => invite_claimer_start_greeting_attempt,
        /// `invite_claimer_step`.
        InviteClaimerStep => invite_claimer_step,
        /// `invite_claimer_cancel_greeting_attempt`.
        InviteClaimerCancelGreetingAttempt => invite_claimer_cancel_greeting_attempt,
        /// `invite_shamir_recovery_reveal`.
        InviteShamirRecoveryReveal => invite_shamir_recovery_reveal,
        /// `ping` (debug servers only).
        Ping => ping,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmds::{dump_rep, UnknownStatus};
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
        let ok = <InviteClaimerStep as crate::cmds::Command>::STATUSES[0];
        let bytes = dump_rep(
            ok,
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
