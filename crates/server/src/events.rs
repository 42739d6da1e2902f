//! In-process event bus feeding the SSE streams (wire.md §1.9, invite.md §3.4).
//!
//! Like the official server, every published event gets a random ID, is kept in a
//! bounded cache (for `Last-Event-ID` reconnections) and is broadcast to the open
//! streams, each of which keeps what is meant for its user: `INVITATION` goes to the
//! possible greeters of the invitation, `GREETING_ATTEMPT_*` to the greeter user,
//! `COMMON_CERTIFICATE` to the whole organization. Revoking or freezing a user closes
//! its streams.

use parsec_protocol::cmds::dump_rep;
use parsec_protocol::crypto::{OsRandom, RandomSource};
use parsec_protocol::ids::{AccessToken, GreetingAttemptID, OrganizationID, UserID};
use parsec_protocol::invite::InvitationStatus;
use parsec_protocol::DateTime;
use serde::Serialize;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::broadcast;

/// How many past events are kept for reconnections (the official default).
pub const EVENTS_CACHE_SIZE: usize = 1024;

/// How far a stream may lag before it is closed (the official per-client buffer).
pub const PER_CLIENT_MAX_BUFFER_EVENTS: usize = 100;

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
    pub id: [u8; 16],
    /// Its organization.
    pub organization: OrganizationID,
    /// Its recipients.
    pub audience: Audience,
    /// The SSE frame: `data:<base64>\nid:<hex>\n\n`.
    pub frame: String,
}

impl Event {
    /// Whether `user` of `org` receives it.
    pub fn is_for(&self, org: &OrganizationID, user: UserID) -> bool {
        &self.organization == org
            && match &self.audience {
                Audience::Organization => true,
                Audience::Users(users) => users.contains(&user),
            }
    }
}

/// What goes through the broadcast channel.
#[derive(Debug, Clone)]
pub enum BusMessage {
    /// An event for some streams.
    Event(Arc<Event>),
    /// The streams of this user must end (revoked or frozen).
    CloseUser(OrganizationID, UserID),
}

/// What the SSE route needs when a stream opens.
pub struct Subscription {
    /// Events published from now on.
    pub receiver: broadcast::Receiver<BusMessage>,
    /// Events to send first (after a known `Last-Event-ID`), or `None` when that ID is
    /// unknown (the stream then sends `missed_events`).
    pub replay: Option<Vec<Arc<Event>>>,
}

/// The bus.
pub struct EventBus {
    sender: broadcast::Sender<BusMessage>,
    cache: Mutex<VecDeque<Arc<Event>>>,
}

impl Default for EventBus {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for EventBus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventBus").finish_non_exhaustive()
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

impl EventBus {
    /// An empty bus.
    pub fn new() -> Self {
        Self {
            sender: broadcast::channel(PER_CLIENT_MAX_BUFFER_EVENTS).0,
            cache: Mutex::new(VecDeque::with_capacity(EVENTS_CACHE_SIZE)),
        }
    }

    fn cache(&self) -> MutexGuard<'_, VecDeque<Arc<Event>>> {
        // Pushing and popping cannot leave the deque inconsistent.
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Publishes an `events_listen` reply body (`status`, `event`, then its fields).
    fn publish(&self, organization: &OrganizationID, audience: Audience, msgpack: &[u8]) {
        let mut id = [0u8; 16];
        OsRandom::new().fill(&mut id);
        // A version 4 UUID, like the official event IDs.
        id[6] = (id[6] & 0x0f) | 0x40;
        id[8] = (id[8] & 0x3f) | 0x80;
        let frame = format!(
            "data:{}\nid:{}\n\n",
            data_encoding::BASE64.encode(msgpack),
            hex::encode(id)
        );
        let event = Arc::new(Event {
            id,
            organization: organization.clone(),
            audience,
            frame,
        });
        // Under the cache lock, so that a subscriber sees each event either in the cache
        // or in its receiver, never both nor neither.
        let mut cache = self.cache();
        if cache.len() == EVENTS_CACHE_SIZE {
            cache.pop_front();
        }
        cache.push_back(event.clone());
        // No receiver is not an error.
        let _ = self.sender.send(BusMessage::Event(event));
    }

    /// `INVITATION {token, invitation_status}` to the possible greeters.
    pub fn invitation(
        &self,
        org: &OrganizationID,
        greeters: Vec<UserID>,
        token: AccessToken,
        status: InvitationStatus,
    ) {
        let body = dump_rep(
            "ok",
            &InvitationFields {
                event: "INVITATION",
                token,
                invitation_status: status,
            },
        );
        self.publish(org, Audience::Users(greeters), &body);
    }

    /// `GREETING_ATTEMPT_* {token, greeting_attempt}` to the greeter user.
    pub fn greeting(
        &self,
        org: &OrganizationID,
        greeter: UserID,
        kind: GreetingEvent,
        token: AccessToken,
        greeting_attempt: GreetingAttemptID,
    ) {
        let body = dump_rep(
            "ok",
            &GreetingFields {
                event: kind.name(),
                token,
                greeting_attempt,
            },
        );
        self.publish(org, Audience::Users(vec![greeter]), &body);
    }

    /// `COMMON_CERTIFICATE {timestamp}` to the whole organization.
    pub fn common_certificate(&self, org: &OrganizationID, timestamp: DateTime) {
        let body = dump_rep(
            "ok",
            &CommonCertificateFields {
                event: "COMMON_CERTIFICATE",
                timestamp,
            },
        );
        self.publish(org, Audience::Organization, &body);
    }

    /// Ends the open streams of a user.
    pub fn close_user(&self, org: &OrganizationID, user: UserID) {
        let _ = self.sender.send(BusMessage::CloseUser(org.clone(), user));
    }

    /// Subscribes a new stream of `user`; `last_event_id` asks for the events published
    /// after that one.
    pub fn subscribe(
        &self,
        org: &OrganizationID,
        user: UserID,
        last_event_id: Option<[u8; 16]>,
    ) -> Subscription {
        let cache = self.cache();
        let receiver = self.sender.subscribe();
        let replay = match last_event_id {
            None => Some(Vec::new()),
            Some(last) => cache.iter().position(|e| e.id == last).map(|i| {
                cache
                    .iter()
                    .skip(i + 1)
                    .filter(|e| e.is_for(org, user))
                    .cloned()
                    .collect()
            }),
        };
        Subscription { receiver, replay }
    }
}

/// Parses a `Last-Event-ID` value: a UUID, hex or hyphenated (anything else is ignored,
/// as the official server does).
pub fn parse_event_id(value: &str) -> Option<[u8; 16]> {
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

    #[test]
    fn replay_after_known_id_and_filtering() {
        let bus = EventBus::new();
        let alice = UserID::from_bytes([1; 16]);
        let bob = UserID::from_bytes([2; 16]);
        bus.common_certificate(&org(), DateTime::from_micros(1));
        let first = bus.cache().back().map(|e| e.id).expect("an event");
        bus.invitation(
            &org(),
            vec![bob],
            AccessToken::from_bytes([3; 16]),
            InvitationStatus::Pending,
        );
        bus.common_certificate(&org(), DateTime::from_micros(2));
        let sub = bus.subscribe(&org(), alice, Some(first));
        let replay = sub.replay.expect("known id");
        assert_eq!(replay.len(), 1, "the invitation is for Bob only");
        assert!(replay[0].frame.starts_with("data:"));
        assert!(bus.subscribe(&org(), alice, Some([9; 16])).replay.is_none());
    }

    /// The msgpack of the last published event.
    fn last_body(bus: &EventBus) -> String {
        let frame = bus
            .cache()
            .back()
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
        let bus = EventBus::new();
        let token = AccessToken::from_bytes(std::array::from_fn(|i| i as u8));
        let attempt: GreetingAttemptID = "a0000000000040008000000000000001".parse().expect("hex");
        let user = UserID::from_bytes([1; 16]);
        bus.invitation(&org(), vec![user], token, InvitationStatus::Cancelled);
        assert_eq!(
            last_body(&bus),
            "84a6737461747573a26f6ba56576656e74aa494e5649544154494f4eb1696e7669746174696f6e5f\
             737461747573a943414e43454c4c4544a5746f6b656ec410000102030405060708090a0b0c0d0e0f"
        );
        bus.greeting(&org(), user, GreetingEvent::Ready, token, attempt);
        assert_eq!(
            last_body(&bus),
            "84a6737461747573a26f6ba56576656e74b64752454554494e475f415454454d50545f5245414459\
             b06772656574696e675f617474656d7074d802a0000000000040008000000000000001a5746f6b656e\
             c410000102030405060708090a0b0c0d0e0f"
        );
        bus.greeting(&org(), user, GreetingEvent::Joined, token, attempt);
        assert!(last_body(&bus).contains(&hex::encode("GREETING_ATTEMPT_JOINED")));
        bus.greeting(&org(), user, GreetingEvent::Cancelled, token, attempt);
        assert!(last_body(&bus).contains(&hex::encode("GREETING_ATTEMPT_CANCELLED")));
        bus.common_certificate(&org(), DateTime::from_micros(1_700_000_000_123_456));
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
