//! Events feeding the SSE streams (wire.md §1.9, invite.md §3.4).
//!
//! Like the official server, every published event gets a random ID, is kept in a
//! bounded cache (for `Last-Event-ID` reconnections) and goes to the open streams meant
//! for it: `INVITATION` to the possible greeters of the invitation, `GREETING_ATTEMPT_*`
//! to the greeter user, `COMMON_CERTIFICATE` to the whole organization,
//! `SHAMIR_RECOVERY_CERTIFICATE` to the participants of a setup. Revoking or freezing a
//! user closes its streams. Unlike it, the cache and the streams are per
//! organization ([`hub`]), and an event identical to one just published is not sent
//! again (`--events-coalesce-window`).

pub mod hub;

pub use hub::{EventBus, EventReceiver, Subscription, PER_CLIENT_MAX_BUFFER_EVENTS};

use crate::cluster::ClusterMessage;
use parsec_protocol::cmds::dump_rep;
use parsec_protocol::ids::{AccessToken, GreetingAttemptID, OrganizationID, UserID};
use parsec_protocol::invite::InvitationStatus;
use parsec_protocol::DateTime;
use serde::Serialize;

/// An event ID: the bytes of a version 4 UUID.
pub type EventId = [u8; 16];

/// Who receives an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// Every user of the organization.
    Organization,
    /// Only these users.
    Users(Vec<UserID>),
}

/// A published event, ready to be written on a stream.
#[derive(Debug)]
pub struct Event {
    /// Random ID, sent as `id:` (32 hex digits).
    pub id: EventId,
    /// Its recipients in its organization.
    pub audience: Audience,
    /// The SSE frame: `data:<base64>\nid:<hex>\n\n`.
    pub frame: String,
}

impl Event {
    /// Whether `user` (of the event's organization) receives it.
    pub fn is_for(&self, user: UserID) -> bool {
        match &self.audience {
            Audience::Organization => true,
            Audience::Users(users) => users.contains(&user),
        }
    }
}

#[derive(Serialize)]
struct InvitationFields {
    event: &'static str,
    token: AccessToken,
    invitation_status: InvitationStatus,
}

#[derive(Serialize)]
struct GreetingFields {
    event: &'static str,
    token: AccessToken,
    greeting_attempt: GreetingAttemptID,
}

#[derive(Serialize)]
struct CommonCertificateFields {
    event: &'static str,
    timestamp: DateTime,
}

/// The greeting attempt events (invite.md §3.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GreetingEvent {
    /// The claimer polled step 0 and the greeter has not answered.
    Ready,
    /// The greeter completed step 0.
    Joined,
    /// Someone cancelled the attempt.
    Cancelled,
}

impl GreetingEvent {
    fn name(self) -> &'static str {
        match self {
            Self::Ready => "GREETING_ATTEMPT_READY",
            Self::Joined => "GREETING_ATTEMPT_JOINED",
            Self::Cancelled => "GREETING_ATTEMPT_CANCELLED",
        }
    }
}

/// The events below are prepared ([`EventBus::prepare`]: ID, coalescing) for the
/// [`crate::cluster::Outbox`] of the transaction making the change, or for
/// [`EventBus::send`]; `None` when coalesced.
impl EventBus {
    /// `INVITATION {token, invitation_status}` to the possible greeters.
    pub fn invitation(
        &self,
        org: &OrganizationID,
        greeters: Vec<UserID>,
        token: AccessToken,
        status: InvitationStatus,
    ) -> Option<ClusterMessage> {
        let body = dump_rep(
            "ok",
            &InvitationFields {
                event: "INVITATION",
                token,
                invitation_status: status,
            },
        );
        self.prepare(org, Audience::Users(greeters), &body)
    }

    /// `GREETING_ATTEMPT_* {token, greeting_attempt}` to the greeter user.
    pub fn greeting(
        &self,
        org: &OrganizationID,
        greeter: UserID,
        kind: GreetingEvent,
        token: AccessToken,
        greeting_attempt: GreetingAttemptID,
    ) -> Option<ClusterMessage> {
        let body = dump_rep(
            "ok",
            &GreetingFields {
                event: kind.name(),
                token,
                greeting_attempt,
            },
        );
        self.prepare(org, Audience::Users(vec![greeter]), &body)
    }

    /// `COMMON_CERTIFICATE {timestamp}` to the whole organization.
    pub fn common_certificate(
        &self,
        org: &OrganizationID,
        timestamp: DateTime,
    ) -> Option<ClusterMessage> {
        let body = dump_rep(
            "ok",
            &CommonCertificateFields {
                event: "COMMON_CERTIFICATE",
                timestamp,
            },
        );
        self.prepare(org, Audience::Organization, &body)
    }
}

impl EventBus {
    /// `SHAMIR_RECOVERY_CERTIFICATE {timestamp}` to the participants of a setup: its
    /// user and its recipients. (The official 3.9.3 server defines this event for that
    /// audience but never publishes it; its clients handle it by fetching certificates.)
    pub fn shamir_recovery_certificate(
        &self,
        org: &OrganizationID,
        participants: Vec<UserID>,
        timestamp: DateTime,
    ) -> Option<ClusterMessage> {
        let body = dump_rep(
            "ok",
            &CommonCertificateFields {
                event: "SHAMIR_RECOVERY_CERTIFICATE",
                timestamp,
            },
        );
        self.prepare(org, Audience::Users(participants), &body)
    }
}

/// Parses a `Last-Event-ID` value: a UUID, hex or hyphenated (anything else is ignored,
/// as the official server does).
pub fn parse_event_id(value: &str) -> Option<EventId> {
    let hex_digits: String = value.chars().filter(|c| *c != '-').collect();
    if hex_digits.len() != 32 {
        return None;
    }
    hex::decode(hex_digits).ok()?.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org() -> OrganizationID {
        "Org".parse().expect("valid")
    }

    fn send(bus: &EventBus, message: Option<ClusterMessage>) {
        bus.send(message.expect("not coalesced"));
    }

    #[test]
    fn replay_after_known_id_and_filtering() {
        let bus = std::sync::Arc::new(EventBus::default());
        let alice = UserID::from_bytes([1; 16]);
        let bob = UserID::from_bytes([2; 16]);
        send(
            &bus,
            bus.common_certificate(&org(), DateTime::from_micros(1)),
        );
        let first = bus.cached(&org()).last().map(|e| e.id).expect("an event");
        send(
            &bus,
            bus.invitation(
                &org(),
                vec![bob],
                AccessToken::from_bytes([3; 16]),
                InvitationStatus::Pending,
            ),
        );
        send(
            &bus,
            bus.common_certificate(&org(), DateTime::from_micros(2)),
        );
        let sub = bus.subscribe(&org(), alice, Some(first));
        let replay = sub.replay.expect("known id");
        assert_eq!(replay.len(), 1, "the invitation is for Bob only");
        assert!(replay[0].frame.starts_with("data:"));
        assert!(bus.subscribe(&org(), alice, Some([9; 16])).replay.is_none());
    }

    /// The msgpack of the last published event.
    fn last_body(bus: &EventBus) -> String {
        let frame = bus
            .cached(&org())
            .last()
            .map(|e| e.frame.clone())
            .expect("an event");
        let b64 = frame
            .strip_prefix("data:")
            .and_then(|f| f.split('\n').next())
            .expect("a data line");
        hex::encode(
            data_encoding::BASE64
                .decode(b64.as_bytes())
                .expect("base64"),
        )
    }

    /// Bytes produced by the official 3.9.3 bindings
    /// (`events_listen.RepOk(APIEvent…(…)).dump()`), token `00 01 … 0f`, attempt
    /// `a0000000000040008000000000000001`.
    #[test]
    fn payloads_match_the_official_encoder() {
        let bus = EventBus::default();
        let token = AccessToken::from_bytes(std::array::from_fn(|i| i as u8));
        let attempt: GreetingAttemptID = "a0000000000040008000000000000001".parse().expect("hex");
        let user = UserID::from_bytes([1; 16]);
        send(
            &bus,
            bus.invitation(&org(), vec![user], token, InvitationStatus::Cancelled),
        );
        assert_eq!(
            last_body(&bus),
            "84a6737461747573a26f6ba56576656e74aa494e5649544154494f4eb1696e7669746174696f6e5f\
             737461747573a943414e43454c4c4544a5746f6b656ec410000102030405060708090a0b0c0d0e0f"
        );
        send(
            &bus,
            bus.greeting(&org(), user, GreetingEvent::Ready, token, attempt),
        );
        assert_eq!(
            last_body(&bus),
            "84a6737461747573a26f6ba56576656e74b64752454554494e475f415454454d50545f5245414459\
             b06772656574696e675f617474656d7074d802a0000000000040008000000000000001a5746f6b656e\
             c410000102030405060708090a0b0c0d0e0f"
        );
        send(
            &bus,
            bus.greeting(&org(), user, GreetingEvent::Joined, token, attempt),
        );
        assert!(last_body(&bus).contains(&hex::encode("GREETING_ATTEMPT_JOINED")));
        send(
            &bus,
            bus.greeting(&org(), user, GreetingEvent::Cancelled, token, attempt),
        );
        assert!(last_body(&bus).contains(&hex::encode("GREETING_ATTEMPT_CANCELLED")));
        send(
            &bus,
            bus.common_certificate(&org(), DateTime::from_micros(1_700_000_000_123_456)),
        );
        assert_eq!(
            last_body(&bus),
            "83a6737461747573a26f6ba56576656e74b2434f4d4d4f4e5f4345525449464943415445a974696d\
             657374616d70d70100060a2418202240"
        );
    }

    #[test]
    fn event_ids() {
        assert_eq!(
            parse_event_id("a0000000-0000-4000-8000-000000000001"),
            Some([0xa0, 0, 0, 0, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, 1])
        );
        assert!(parse_event_id("nope").is_none());
    }
}
