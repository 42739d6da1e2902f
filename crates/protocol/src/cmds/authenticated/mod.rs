//! Authenticated commands (`POST /authenticated/<org>`, signed `Authorization` header).

pub mod certificate_get;
pub mod device_create;
pub mod invite_cancel;
pub mod invite_complete;
pub mod invite_greeter_cancel_greeting_attempt;
pub mod invite_greeter_start_greeting_attempt;
pub mod invite_greeter_step;
pub mod invite_list;
pub mod invite_new_device;
pub mod invite_new_shamir_recovery;
pub mod invite_new_user;
pub mod organization_info;
pub mod shamir_recovery_delete;
pub mod shamir_recovery_setup;
pub mod totp_create_opaque_key;
pub mod totp_setup_confirm;
pub mod totp_setup_get_secret;
pub mod user_create;
pub mod user_revoke;
pub mod user_update;

/// Echo command of the authenticated family (debug servers only): the anonymous one.
pub use super::anonymous::ping;

family! {
    AuthenticatedCommand;
    /// Any request of the authenticated family, as the server decodes it.
    pub enum AnyCmdReq {
        /// `certificate_get`.
        CertificateGet => certificate_get,
        /// `organization_info`.
        OrganizationInfo => organization_info,
        /// `ping` (debug servers only).
        Ping => ping,
        /// `invite_new_user`.
        InviteNewUser => invite_new_user,
        /// `invite_new_device`.
        InviteNewDevice => invite_new_device,
        /// `invite_new_shamir_recovery`.
        InviteNewShamirRecovery => invite_new_shamir_recovery,
        /// `invite_list`.
        InviteList => invite_list,
        /// `invite_cancel`.
        InviteCancel => invite_cancel,
        /// `invite_complete`.
        InviteComplete => invite_complete,
        /// `invite_greeter_start_greeting_attempt`.
        InviteGreeterStartGreetingAttempt => invite_greeter_start_greeting_attempt,
        /// `invite_greeter_step`.
        InviteGreeterStep => invite_greeter_step,
        /// `invite_greeter_cancel_greeting_attempt`.
        InviteGreeterCancelGreetingAttempt => invite_greeter_cancel_greeting_attempt,
        /// `user_create`.
        UserCreate => user_create,
        /// `device_create`.
        DeviceCreate => device_create,
        /// `user_revoke`.
        UserRevoke => user_revoke,
        /// `user_update`.
        UserUpdate => user_update,
        /// `totp_setup_get_secret`.
        TotpSetupGetSecret => totp_setup_get_secret,
        /// `totp_setup_confirm`.
        TotpSetupConfirm => totp_setup_confirm,
        /// `totp_create_opaque_key`.
        TotpCreateOpaqueKey => totp_create_opaque_key,
        /// `shamir_recovery_setup`.
        ShamirRecoverySetup => shamir_recovery_setup,
        /// `shamir_recovery_delete`.
        ShamirRecoveryDelete => shamir_recovery_delete,
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
    fn shamir_requests_roundtrip() {
        let setup = shamir_recovery_setup::Req {
            ciphered_data: vec![1; 40],
            reveal_token: AccessToken::from_bytes([2; 16]),
            shamir_recovery_brief_certificate: vec![3; 10],
            shamir_recovery_share_certificates: vec![
                serde_bytes::ByteBuf::from(vec![4; 5]),
                serde_bytes::ByteBuf::from(vec![5; 6]),
            ],
        };
        let bytes = setup.dump();
        // Fields in schema order after `cmd`.
        let rmpv::Value::Map(pairs) = crate::data::read_value(&bytes).expect("msgpack") else {
            panic!("not a map")
        };
        let keys: Vec<_> = pairs.iter().filter_map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "cmd",
                "ciphered_data",
                "reveal_token",
                "shamir_recovery_brief_certificate",
                "shamir_recovery_share_certificates"
            ]
        );
        assert!(
            matches!(AnyCmdReq::load(&bytes), Ok(AnyCmdReq::ShamirRecoverySetup(r)) if r == setup)
        );

        let delete = shamir_recovery_delete::Req {
            shamir_recovery_deletion_certificate: vec![6; 7],
        };
        assert!(matches!(
            AnyCmdReq::load(&delete.dump()),
            Ok(AnyCmdReq::ShamirRecoveryDelete(r)) if r == delete
        ));
        let invite = invite_new_shamir_recovery::Req {
            claimer_user_id: UserID::from_bytes([7; 16]),
            send_email: true,
        };
        assert!(matches!(
            AnyCmdReq::load(&invite.dump()),
            Ok(AnyCmdReq::InviteNewShamirRecovery(r)) if r == invite
        ));
        let reveal = crate::cmds::invited::invite_shamir_recovery_reveal::Req {
            reveal_token: AccessToken::from_bytes([8; 16]),
        };
        assert!(matches!(
            crate::cmds::invited::AnyCmdReq::load(&reveal.dump()),
            Ok(crate::cmds::invited::AnyCmdReq::InviteShamirRecoveryReveal(r)) if r == reveal
        ));
        // A setup without its certificates is malformed.
        let partial = crate::cmds::dump_req(
            "shamir_recovery_setup",
            &serde_json::json!({"ciphered_data": []}),
        );
        assert!(AnyCmdReq::load(&partial).is_err());
    }

    #[test]
    fn field_less_commands_refuse_extra_keys() {
        let body = crate::cmds::dump_req("invite_list", &serde_json::json!({"x": 1}));
        assert!(AnyCmdReq::load(&body).is_err());
        assert!(matches!(
            AnyCmdReq::load(&invite_list::Req.dump()),
            Ok(AnyCmdReq::InviteList(_))
        ));
    }
}
