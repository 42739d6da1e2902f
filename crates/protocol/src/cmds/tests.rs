//! Tests of the command tables: every status of every command round-trips, and the
//! behaviours common to all replies (unknown statuses, extra keys).

use super::*;
use crate::cmds::anonymous::ping::Pong;
use crate::cmds::authenticated::certificate_get::Certificates;
use crate::cmds::authenticated::invite_list::InviteListItem;
use crate::cmds::authenticated::invite_new_user::Created;
use crate::cmds::authenticated::organization_info::Info;
use crate::cmds::authenticated::user_revoke::UserAlreadyRevoked;
use crate::cmds::invited::invite_info::{
    InvitationInfo, ShamirRecoveryRecipient, UserOnlineStatus,
};
use crate::ids::{AccessToken, GreetingAttemptID, HumanHandle, UserID, VlobID};
use crate::invite::{
    CancelledGreetingAttemptReason, ClaimerStep, GreeterOrClaimer, GreeterStep,
    GreetingAttemptCancelled, InvitationCreatedBy, InvitationEmailSentStatus, InvitationStatus,
};
use serde_bytes::ByteBuf;
use std::fmt::Debug;
use std::num::NonZeroU8;

/// A value of a reply's fields, for the table round-trip (non-default where it can be, so
/// that a field dropped on either side shows).
pub(crate) trait Example {
    fn example() -> Self;
}

impl<T: Example> Example for Vec<T> {
    fn example() -> Self {
        vec![T::example()]
    }
}

fn at(micros: i64) -> DateTime {
    DateTime::from_micros(micros)
}

fn alice() -> HumanHandle {
    HumanHandle::new("alice@example.com".parse().expect("email"), "Alice").expect("handle")
}

impl Example for TimestampOutOfBallpark {
    fn example() -> Self {
        Self {
            ballpark_client_early_offset: 300.0,
            ballpark_client_late_offset: 320.0,
            server_timestamp: at(1_700_000_000_000_000),
            client_timestamp: at(1_600_000_000_000_001),
        }
    }
}

impl Example for RequireGreaterTimestamp {
    fn example() -> Self {
        Self {
            strictly_greater_than: at(1_700_000_000_123_456),
        }
    }
}

impl Example for Pong {
    fn example() -> Self {
        Self {
            pong: "pong".into(),
        }
    }
}

impl Example for Certificates {
    fn example() -> Self {
        Self {
            common_certificates: vec![ByteBuf::from(vec![1, 2]), ByteBuf::from(vec![3])],
            sequester_certificates: vec![],
            shamir_recovery_certificates: vec![ByteBuf::from(vec![4])],
            realm_certificates: [(VlobID::from_bytes([7; 16]), vec![ByteBuf::from(vec![5])])]
                .into(),
        }
    }
}

impl Example for Info {
    fn example() -> Self {
        Self {
            total_metadata_bytes: 42,
            total_block_bytes: 1 << 40,
        }
    }
}

impl Example for Created {
    fn example() -> Self {
        Self {
            token: AccessToken::from_bytes([9; 16]),
            email_sent: InvitationEmailSentStatus::RecipientRefused,
        }
    }
}

impl Example for InvitationCreatedBy {
    fn example() -> Self {
        Self::User {
            user_id: UserID::from_bytes([0xa1; 16]),
            human_handle: alice(),
        }
    }
}

impl Example for InviteListItem {
    fn example() -> Self {
        Self::ShamirRecovery {
            token: AccessToken::from_bytes([3; 16]),
            created_on: at(1_700_000_000_000_002),
            created_by: InvitationCreatedBy::example(),
            claimer_user_id: UserID::from_bytes([0xc0; 16]),
            shamir_recovery_created_on: at(5),
            status: InvitationStatus::Cancelled,
        }
    }
}

impl Example for crate::cmds::tos::tos_get::Tos {
    fn example() -> Self {
        Self {
            per_locale_urls: [
                ("en_US".to_owned(), "https://example.com/tos_en".to_owned()),
                ("fr_FR".to_owned(), "https://example.com/tos_fr".to_owned()),
            ]
            .into(),
            updated_on: at(1_700_000_000_654_321),
        }
    }
}

impl Example for UserAlreadyRevoked {
    fn example() -> Self {
        Self {
            last_common_certificate_timestamp: at(-1),
        }
    }
}

impl Example for GreetingAttemptID {
    fn example() -> Self {
        Self::from_bytes([0x5a; 16])
    }
}

impl Example for GreetingAttemptCancelled {
    fn example() -> Self {
        Self {
            origin: GreeterOrClaimer::Claimer,
            timestamp: at(1_700_000_000_000_000),
            reason: CancelledGreetingAttemptReason::InvalidSasCode,
        }
    }
}

impl Example for ClaimerStep {
    fn example() -> Self {
        Self::Number3SendNonce {
            claimer_nonce: vec![0xcc; 64],
        }
    }
}

impl Example for GreeterStep {
    fn example() -> Self {
        Self::Number2SendNonce {
            greeter_nonce: vec![0xee; 64],
        }
    }
}

impl Example for InvitationInfo {
    fn example() -> Self {
        Self::ShamirRecovery {
            claimer_user_id: UserID::from_bytes([0xa1; 16]),
            claimer_human_handle: alice(),
            created_by: InvitationCreatedBy::ExternalService {
                service_label: "LDAP".into(),
            },
            shamir_recovery_created_on: at(-1),
            threshold: NonZeroU8::MIN,
            recipients: vec![ShamirRecoveryRecipient {
                user_id: UserID::from_bytes([0xb0; 16]),
                human_handle: alice(),
                shares: NonZeroU8::MIN,
                revoked_on: Some(at(3)),
                online_status: UserOnlineStatus::Offline,
            }],
        }
    }
}

impl Example for crate::cmds::anonymous::totp_setup_get_secret::TotpSecret {
    fn example() -> Self {
        Self {
            totp_secret: vec![0x5e; 20],
        }
    }
}

impl Example for crate::ids::TOTPOpaqueKeyID {
    fn example() -> Self {
        Self::from_bytes([0x0c; 16])
    }
}

impl Example for crate::cmds::authenticated::shamir_recovery_setup::RevokedRecipient {
    fn example() -> Self {
        Self {
            last_common_certificate_timestamp: at(11),
        }
    }
}

impl Example for crate::cmds::authenticated::shamir_recovery_setup::LastShamirCertificate {
    fn example() -> Self {
        Self {
            last_shamir_certificate_timestamp: at(1_700_000_000_000_012),
        }
    }
}

impl Example for crate::cmds::invited::invite_shamir_recovery_reveal::Revealed {
    fn example() -> Self {
        Self {
            ciphered_data: vec![0xcd; 80],
        }
    }
}

impl Example for DateTime {
    fn example() -> Self {
        at(1_700_000_000_654_321)
    }
}

impl Example for crate::crypto::SecretKey {
    fn example() -> Self {
        Self::from_bytes([0x5c; 32])
    }
}

/// Runs the table checks on each command it visits, collecting `(command, status)` pairs.
#[derive(Default)]
struct TableCheck {
    seen: Vec<(&'static str, &'static str)>,
}

impl CommandVisitor for TableCheck {
    fn visit<C: Command>(&mut self) {
        check_table::<C>(&mut self.seen);
    }
}

fn check_table<C: Command>(seen: &mut Vec<(&'static str, &'static str)>)
where
    C::Rep: PartialEq + Debug,
{
    let examples = C::rep_examples();
    let statuses: Vec<_> = examples.iter().map(|(s, _)| *s).collect();
    assert_eq!(statuses, C::STATUSES, "{}", C::NAME);
    for (i, status) in statuses.iter().enumerate() {
        assert!(
            !statuses[..i].contains(status),
            "{}: `{status}` twice",
            C::NAME
        );
    }
    for (status, rep) in examples {
        let bytes = C::dump_rep(&rep);
        let raw = RawRep::parse(&bytes).expect("a map");
        assert_eq!(raw.status, status, "{}", C::NAME);
        assert_eq!(C::load_rep(&bytes), Ok(rep.clone()), "{} {status}", C::NAME);

        // Extra keys are ignored.
        let rmpv::Value::Map(mut pairs) = data::read_value(&bytes).expect("msgpack") else {
            panic!("{} {status}: not a map", C::NAME)
        };
        // As the official server writes it: `status` first, then the other keys sorted
        // by name, each value in its smallest encoding.
        let keys: Vec<_> = pairs
            .iter()
            .map(|(k, _)| k.as_str().expect("key"))
            .collect();
        let mut sorted = keys[1..].to_vec();
        sorted.sort_unstable();
        assert_eq!(keys[0], "status", "{} {status}", C::NAME);
        assert_eq!(keys[1..], sorted, "{} {status}", C::NAME);
        assert_eq!(
            data::write_value(&rmpv::Value::Map(pairs.clone())),
            bytes,
            "{} {status}",
            C::NAME
        );
        pairs.push(("zz_extra".into(), rmpv::Value::from(1)));
        let with_extra = data::write_value(&rmpv::Value::Map(pairs));
        assert_eq!(C::load_rep(&with_extra), Ok(rep), "{} {status}", C::NAME);

        seen.push((C::NAME, status));
    }

    // A status the table does not know keeps its reason.
    let unknown = dump_rep("not_in_any_table", &serde_json::json!({"reason": "why"}));
    let rep = C::load_rep(&unknown).expect("decodable");
    let expected = C::load_rep(&dump_status("not_in_any_table")).expect("decodable");
    assert_ne!(rep, expected, "{}: reason lost", C::NAME);
    assert_eq!(
        C::dump_rep(&rep),
        dump_status("not_in_any_table"),
        "{}",
        C::NAME
    );
}

#[test]
fn every_status_of_every_command_roundtrips() {
    let mut check = TableCheck::default();
    anonymous::AnyCmdReq::visit_commands(&mut check);
    authenticated::AnyCmdReq::visit_commands(&mut check);
    invited::AnyCmdReq::visit_commands(&mut check);
    tos::AnyCmdReq::visit_commands(&mut check);
    let commands: std::collections::BTreeSet<_> = check.seen.iter().map(|(c, _)| *c).collect();
    // 5 anonymous, 20 authenticated (+ ping, 2 TOTP names shared with anonymous), 5
    // invited (+ ping), 2 tos.
    assert_eq!(commands.len(), 30, "{commands:?}");
    assert!(check.seen.len() > 60, "{}", check.seen.len());
}

#[test]
fn api_versions() {
    assert_eq!("5.5".parse(), Ok(API_VERSION));
    assert_eq!("5.99".parse::<ApiVersion>().map(|v| v.major), Ok(5));
    for bad in ["5", "abc", "5.", ".5", "5.5.1", "-5.1"] {
        assert!(bad.parse::<ApiVersion>().is_err(), "{bad}");
    }
}

/// Reply keys are sorted by name, not by their encoding (whose length prefix would put
/// `b` before `ab`); request fields keep their order after `cmd`.
#[test]
fn reply_keys_are_sorted_by_name() {
    #[derive(Serialize)]
    struct Fields {
        b: u8,
        ab: u64,
        a_long_field_name_of_more_than_32_bytes: &'static str,
    }
    let fields = Fields {
        b: 1,
        ab: 1 << 40,
        a_long_field_name_of_more_than_32_bytes: "x",
    };
    let keys = |bytes: &[u8]| -> Vec<String> {
        let rmpv::Value::Map(pairs) = data::read_value(bytes).expect("msgpack") else {
            panic!("not a map")
        };
        pairs
            .iter()
            .map(|(k, _)| k.as_str().expect("key").to_owned())
            .collect()
    };
    assert_eq!(
        keys(&dump_rep("ok", &fields)),
        [
            "status",
            "a_long_field_name_of_more_than_32_bytes",
            "ab",
            "b"
        ]
    );
    assert_eq!(
        keys(&dump_req("x", &fields)),
        ["cmd", "b", "ab", "a_long_field_name_of_more_than_32_bytes"]
    );
    assert_eq!(keys(&dump_req("x", &())), ["cmd"]);
    assert_eq!(keys(&dump_rep("ok", &())), ["status"]);
}
