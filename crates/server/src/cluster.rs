//! Several server processes on one PostgreSQL database: what happens in one must reach
//! the others at once.
//!
//! The state itself (users, invitations, greeting attempts and their steps) is in the
//! database; what lives in each process is the SSE streams with their replay caches
//! ([`crate::events::hub`]) and the held greeting step requests
//! ([`crate::services::invite::long_poll`]). Every change to them is a [`ClusterMessage`];
//! with PostgreSQL it is sent with `pg_notify` on [`CHANNEL`] and each process applies
//! what the others sent, through one listening connection per process ([`PgCluster`]), as
//! the official server does (`server/parsec/components/postgresql/events.py` of 3.9.3,
//! channel `app_notification`; ours has its own channel and payload). Without a relay
//! (in-memory and SQLite servers, a single process) the messages only act here.
//!
//! A write transaction queues the messages of its change in its [`Outbox`]
//! ([`crate::storage::OrgTransaction::outbox`]) before committing: events prepared by
//! [`EventBus::prepare`] (ID and coalescing, by the publisher only), greeting wake-ups
//! ([`ClusterMessage::greeting`], [`ClusterMessage::greeting_organization`]) and stream
//! closings ([`ClusterMessage::close_user`]). On PostgreSQL with [`PgCluster`], the
//! transaction sends them with `pg_notify` on its own connection just before its
//! `COMMIT`, like the official server: PostgreSQL delivers them at the commit, and only
//! if it happens, so a crash right after a commit loses nothing and a rolled-back change
//! notifies nothing. After the `COMMIT`, [`Outbox::committed`] acts in this process:
//! wake-ups and closings at once, events when they come back (below); without a relay,
//! everything here. These go through the transaction: the events and wake-ups of
//! `invite_new_*` (a new invitation), `invite_cancel`, `invite_complete`, greeting
//! attempt starts and cancellations, stored greeting steps, `user_create`,
//! `device_create`, `user_revoke`, `user_update`, and the shamir recovery setups and
//! deletions.
//!
//! A few changes have no write transaction and are still sent by [`Relay::send`] after
//! the fact, from a task with its own connection ([`EventBus::send`],
//! [`EventBus::close_user`], [`GreetingWaiters::notify`]): the `INVITATION` event repeated
//! for a reused invitation, `GREETING_ATTEMPT_READY` and `GREETING_ATTEMPT_JOINED` (sent
//! by the step requests after their transaction), and the closing of a user's streams
//! when the administration API freezes it. One of those that cannot be sent (database
//! unreachable) is logged and dropped: a held greeting request then waits out its hold,
//! an event is missing from the streams (the listening connection is then lost too, and
//! the streams are reset as below).
//!
//! - An event keeps the ID its publisher gave it, and reaches the streams of every
//!   process, its publisher's included, when its notification comes back from the
//!   database: PostgreSQL delivers notifications in the order their transactions
//!   committed, the same for every listener, so every process caches the same events in
//!   the same order and a client reconnecting with `Last-Event-ID` to any process gets
//!   exactly what followed (two processes publishing at the same instant would otherwise
//!   cache them in opposite orders). Coalescing and rate limits are applied by the
//!   publisher only. Stream closings and greeting wake-ups act at once locally and are
//!   skipped when they come back.
//! - A `NOTIFY` payload must stay under 8000 bytes. The official server bounds its event
//!   sizes; ours splits an event for many users (an `INVITATION` to every admin) into
//!   several messages with the same ID and disjoint audiences, each delivered as is.
//! - An event is coalesced when it is prepared, before the commit: in the rare case of a
//!   commit failing after that, an identical event within the coalescing window is not
//!   sent either.
//! - When the listening connection is lost (database restart, `pg_terminate_backend`),
//!   it is opened again with a growing pause; what was sent meanwhile is lost, so once
//!   it is back every held greeting request re-reads its state and every open stream is
//!   closed with the replay caches emptied: clients reconnect, get `missed_events` and
//!   fetch what they missed.

use crate::events::{Audience, EventBus, EventId};
use crate::services::invite::long_poll::GreetingWaiters;
use parsec_protocol::crypto::{OsRandom, RandomSource};
use parsec_protocol::ids::{GreetingAttemptID, OrganizationID, UserID};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

/// The `LISTEN`/`NOTIFY` channel.
pub const CHANNEL: &str = "parsec_server_cluster";

/// PostgreSQL refuses a `NOTIFY` payload of 8000 bytes or more.
pub const MAX_PAYLOAD: usize = 7999;

/// The `application_name` of the listening connection (to find it in
/// `pg_stat_activity`).
pub const LISTENER_APPLICATION_NAME: &str = "parsec-server-listener";

/// A change made in one process that the others must apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum ClusterMessage {
    /// An event published (after coalescing): deliver it with this ID.
    Event {
        /// Organization.
        org: String,
        /// Event ID, 32 hex digits.
        id: String,
        /// `None`: the whole organization; otherwise these users (hex IDs).
        users: Option<Vec<String>>,
        /// The `events_listen` reply body, standard base64.
        body: String,
    },
    /// A user was revoked or frozen: end its streams.
    CloseUser {
        /// Organization.
        org: String,
        /// User ID, hex.
        user: String,
    },
    /// A greeting attempt changed: wake the requests held on it.
    Greeting {
        /// Organization.
        org: String,
        /// Attempt ID, hex.
        attempt: String,
    },
    /// Something changed for every greeting of an organization.
    GreetingOrganization {
        /// Organization.
        org: String,
    },
}

impl ClusterMessage {
    /// Wakes the requests held on a greeting attempt.
    pub fn greeting(org: &OrganizationID, attempt: GreetingAttemptID) -> Self {
        Self::Greeting {
            org: org.as_str().to_owned(),
            attempt: attempt.hex(),
        }
    }

    /// Wakes every request held in an organization.
    pub fn greeting_organization(org: &OrganizationID) -> Self {
        Self::GreetingOrganization {
            org: org.as_str().to_owned(),
        }
    }

    /// Ends the streams of a user.
    pub fn close_user(org: &OrganizationID, user: UserID) -> Self {
        Self::CloseUser {
            org: org.as_str().to_owned(),
            user: user.hex(),
        }
    }

    /// An event message.
    pub fn event(org: &OrganizationID, id: EventId, audience: &Audience, body: &[u8]) -> Self {
        Self::Event {
            org: org.as_str().to_owned(),
            id: hex::encode(id),
            users: match audience {
                Audience::Organization => None,
                Audience::Users(users) => Some(users.iter().map(|u| u.hex()).collect()),
            },
            body: data_encoding::BASE64.encode(body),
        }
    }

    /// Applies a message sent by another process to this one's streams and held requests.
    /// A malformed message is ignored (with a warning).
    pub fn apply(self, events: &EventBus, greetings: &GreetingWaiters) {
        if let Err(what) = self.try_apply(events, greetings) {
            tracing::warn!("ignoring a malformed cluster message: {what}");
        }
    }

    fn try_apply(self, events: &EventBus, greetings: &GreetingWaiters) -> Result<(), String> {
        let org = |s: &str| {
            s.parse::<OrganizationID>()
                .map_err(|_| format!("organization {s:?}"))
        };
        let user = |s: &str| s.parse::<UserID>().map_err(|_| format!("user {s:?}"));
        match self {
            Self::Event {
                org: o,
                id,
                users,
                body,
            } => {
                let id: EventId = hex::decode(&id)
                    .ok()
                    .and_then(|v| v.try_into().ok())
                    .ok_or_else(|| format!("event id {id:?}"))?;
                let audience = match users {
                    None => Audience::Organization,
                    Some(users) => {
                        Audience::Users(users.iter().map(|u| user(u)).collect::<Result<_, _>>()?)
                    }
                };
                let body = data_encoding::BASE64
                    .decode(body.as_bytes())
                    .map_err(|_| "event body".to_owned())?;
                events.deliver(&org(&o)?, id, audience, &body);
            }
            Self::CloseUser { org: o, user: u } => {
                events.close_user_here(&org(&o)?, user(&u)?);
            }
            Self::Greeting { org: o, attempt } => {
                let attempt: GreetingAttemptID = attempt
                    .parse()
                    .map_err(|_| format!("greeting attempt {attempt:?}"))?;
                greetings.notify_here(&org(&o)?, attempt);
            }
            Self::GreetingOrganization { org: o } => {
                greetings.notify_organization_here(&org(&o)?);
            }
        }
        Ok(())
    }
}

/// Where a process sends the changes the others must apply.
pub trait Relay: Send + Sync + std::fmt::Debug {
    /// Queues `message` for the other processes (never blocks).
    fn send(&self, message: ClusterMessage);

    /// The `from` of the payloads a PostgreSQL transaction of this process sends itself
    /// with `pg_notify` before its `COMMIT` (see [`Outbox`]); `None` when this relay
    /// cannot be reached that way (its messages are then sent after the commit).
    fn instance(&self) -> Option<&str> {
        None
    }
}

/// The messages of one write transaction (or of one change made without a
/// transaction), queued before its commit.
///
/// A PostgreSQL transaction with the relay of [`PgCluster`] sends them with `pg_notify`
/// on its own connection just before its `COMMIT` ([`Outbox::payloads`]), so that they
/// are delivered if and only if the change is committed; elsewhere they go to the relay
/// after the commit. Then [`Outbox::committed`] does what each does in this process:
/// wake the held greeting requests, end streams, and without a relay deliver the
/// events. An outbox dropped without [`Outbox::committed`] (rolled-back transaction)
/// notifies nothing.
#[derive(Debug, Default)]
pub struct Outbox {
    /// Where the messages act in this process (none: read transactions, storage tests).
    here: Option<(Arc<EventBus>, Arc<GreetingWaiters>)>,
    messages: Vec<ClusterMessage>,
}

impl Outbox {
    /// An empty outbox acting on `events` and `greetings` once committed.
    pub fn new(events: Arc<EventBus>, greetings: Arc<GreetingWaiters>) -> Self {
        Self {
            here: Some((events, greetings)),
            messages: Vec::new(),
        }
    }

    /// Queues a message.
    pub fn push(&mut self, message: ClusterMessage) {
        self.messages.push(message);
    }

    /// Whether nothing is queued.
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    /// The `pg_notify` payloads on [`CHANNEL`] a PostgreSQL transaction sends before its
    /// `COMMIT`, or `None` when this process has no relay taking them that way.
    pub fn payloads(&self) -> Option<Vec<String>> {
        let (events, _) = self.here.as_ref()?;
        let relay = events.relay()?;
        let instance = relay.instance()?;
        Some(
            self.messages
                .iter()
                .flat_map(|m| encode(instance, m.clone()))
                .collect(),
        )
    }

    /// After the commit: hands the messages to the relay unless `notified` (sent in the
    /// transaction), then acts in this process (events without a relay are delivered
    /// here; with one, when they come back).
    pub fn committed(self, notified: bool) {
        let Some((events, greetings)) = self.here else {
            return;
        };
        let relay = events.relay().cloned();
        for message in self.messages {
            if let (Some(relay), false) = (&relay, notified) {
                relay.send(message.clone());
            }
            if relay.is_some() && matches!(message, ClusterMessage::Event { .. }) {
                continue;
            }
            message.apply(&events, &greetings);
        }
    }
}

impl Extend<ClusterMessage> for Outbox {
    fn extend<T: IntoIterator<Item = ClusterMessage>>(&mut self, iter: T) {
        self.messages.extend(iter);
    }
}

/// One `NOTIFY` payload: the sending process and its message.
#[derive(Debug, Serialize, Deserialize)]
struct Envelope {
    /// The sending process (its own messages come back to it and are skipped).
    from: String,
    #[serde(flatten)]
    message: ClusterMessage,
}

/// Encodes `message` as payloads under [`MAX_PAYLOAD`] bytes: one, or for an event with
/// many users, one per slice of its audience (same ID, disjoint audiences).
fn encode(from: &str, message: ClusterMessage) -> Vec<String> {
    let single = |message| {
        serde_json::to_string(&Envelope {
            from: from.to_owned(),
            message,
        })
        .unwrap_or_default()
    };
    let payload = single(message.clone());
    if payload.len() <= MAX_PAYLOAD {
        return vec![payload];
    }
    let ClusterMessage::Event {
        org,
        id,
        users: Some(users),
        body,
    } = message
    else {
        // Organization names, IDs and event bodies are small: only audiences grow.
        tracing::error!(
            "a cluster message of {} bytes cannot be sent",
            payload.len()
        );
        return Vec::new();
    };
    let overhead = single(ClusterMessage::Event {
        org: org.clone(),
        id: id.clone(),
        users: Some(Vec::new()),
        body: body.clone(),
    })
    .len();
    // A hex user ID takes 32 bytes, plus its quotes and comma.
    let per_chunk = (MAX_PAYLOAD.saturating_sub(overhead) / 35).max(1);
    users
        .chunks(per_chunk)
        .map(|chunk| {
            single(ClusterMessage::Event {
                org: org.clone(),
                id: id.clone(),
                users: Some(chunk.to_vec()),
                body: body.clone(),
            })
        })
        .collect()
}

/// The [`Relay`] of a process sharing a PostgreSQL database with others.
#[derive(Debug)]
pub struct PgCluster {
    outgoing: mpsc::UnboundedSender<ClusterMessage>,
    /// This process, as named in its payloads.
    instance: String,
}

impl Relay for PgCluster {
    fn send(&self, message: ClusterMessage) {
        // Fails only once the sending task is gone, i.e. when the runtime shuts down.
        let _ = self.outgoing.send(message);
    }

    fn instance(&self) -> Option<&str> {
        Some(&self.instance)
    }
}

/// Why [`PgCluster::start`] failed.
#[derive(Debug, thiserror::Error)]
#[error("cannot listen for the other server processes' events: {0}")]
pub struct ClusterError(#[from] sqlx::Error);

impl PgCluster {
    /// Listens on [`CHANNEL`] of the database at `url`, relays this process's changes to
    /// the others and applies theirs to `events` and `greetings`. Returns once listening,
    /// so nothing sent after it is missed.
    pub async fn start(
        url: &str,
        events: Arc<EventBus>,
        greetings: Arc<GreetingWaiters>,
    ) -> Result<Arc<Self>, ClusterError> {
        let mut id = [0u8; 16];
        OsRandom::new().fill(&mut id);
        let instance = hex::encode(id);
        let options: sqlx::postgres::PgConnectOptions = url.parse()?;
        let listen_options = options.clone().application_name(LISTENER_APPLICATION_NAME);
        let listen_pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .max_lifetime(None)
            .idle_timeout(None)
            .connect_with(listen_options)
            .await?;
        let mut listener = sqlx::postgres::PgListener::connect_with(&listen_pool).await?;
        listener.listen(CHANNEL).await?;
        // Sending has its own connection, kept apart from the request pool so that a busy
        // pool never delays a wake-up.
        let send_pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            // With the database down, drop messages quickly rather than pile them up.
            .acquire_timeout(Duration::from_secs(2))
            .connect_lazy_with(options.application_name("parsec-server-notify"));
        let (outgoing, receiver) = mpsc::unbounded_channel();
        let cluster = Arc::new(Self {
            outgoing,
            instance: instance.clone(),
        });
        tokio::spawn(send_loop(send_pool, instance.clone(), receiver));
        tokio::spawn(listen_loop(
            listener,
            instance,
            events.clone(),
            greetings.clone(),
        ));
        events.set_relay(cluster.clone());
        greetings.set_relay(cluster.clone());
        Ok(cluster)
    }
}

async fn send_loop(
    pool: sqlx::PgPool,
    instance: String,
    mut receiver: mpsc::UnboundedReceiver<ClusterMessage>,
) {
    while let Some(message) = receiver.recv().await {
        for payload in encode(&instance, message) {
            let mut sent = false;
            // One retry: a connection closed by a database restart is replaced at once.
            for _ in 0..2 {
                match sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(CHANNEL)
                    .bind(&payload)
                    .execute(&pool)
                    .await
                {
                    Ok(_) => {
                        sent = true;
                        break;
                    }
                    Err(e) => tracing::warn!("cannot notify the other server processes: {e}"),
                }
            }
            if !sent {
                tracing::warn!("a change was not relayed to the other server processes");
            }
        }
    }
}

async fn listen_loop(
    mut listener: sqlx::postgres::PgListener,
    instance: String,
    events: Arc<EventBus>,
    greetings: Arc<GreetingWaiters>,
) {
    const FIRST_PAUSE: Duration = Duration::from_millis(100);
    const MAX_PAUSE: Duration = Duration::from_secs(5);
    let mut pause = FIRST_PAUSE;
    loop {
        match listener.try_recv().await {
            Ok(Some(notification)) => {
                pause = FIRST_PAUSE;
                match serde_json::from_str::<Envelope>(notification.payload()) {
                    Ok(envelope)
                        if envelope.from == instance
                            && !matches!(envelope.message, ClusterMessage::Event { .. }) => {}
                    Ok(envelope) => envelope.message.apply(&events, &greetings),
                    Err(e) => tracing::warn!("ignoring a malformed cluster message: {e}"),
                }
            }
            // The connection was lost and is open again: what was sent meanwhile is lost.
            Ok(None) => {
                tracing::warn!(
                    "the connection listening to the other server processes was lost and \
                     is open again: closing the event streams, waking the held greetings"
                );
                events.reset_streams();
                greetings.notify_all_here();
            }
            Err(e) => {
                // The next call drops a dead connection and opens a new one.
                tracing::warn!(
                    "listening to the other server processes failed ({e}), retrying in {pause:?}"
                );
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(MAX_PAUSE);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_audience_is_split_under_the_notify_limit() {
        let org: OrganizationID = "Org".parse().expect("valid");
        let users: Vec<UserID> = (0..1000u32)
            .map(|i| {
                let mut b = [0u8; 16];
                b[..4].copy_from_slice(&i.to_be_bytes());
                UserID::from_bytes(b)
            })
            .collect();
        let message =
            ClusterMessage::event(&org, [7; 16], &Audience::Users(users.clone()), &[1; 200]);
        let payloads = encode("me", message);
        assert!(payloads.len() > 1);
        let mut seen = Vec::new();
        for p in &payloads {
            assert!(p.len() <= MAX_PAYLOAD, "{}", p.len());
            let envelope: Envelope = serde_json::from_str(p).expect("json");
            let ClusterMessage::Event { users, id, .. } = envelope.message else {
                panic!("an event");
            };
            assert_eq!(id, hex::encode([7; 16]));
            seen.extend(users.expect("users"));
        }
        let expected: Vec<String> = users.iter().map(|u| u.hex()).collect();
        assert_eq!(seen, expected);
        // A small message stays whole.
        let small = ClusterMessage::Greeting {
            org: "Org".into(),
            attempt: hex::encode([1; 16]),
        };
        assert_eq!(encode("me", small).len(), 1);
    }

    #[derive(Debug, Default)]
    struct Recorder(std::sync::Mutex<Vec<ClusterMessage>>);

    impl Relay for Recorder {
        fn send(&self, message: ClusterMessage) {
            self.0.lock().expect("not poisoned").push(message);
        }
    }

    #[tokio::test]
    async fn with_a_relay_events_go_through_it_and_the_rest_also_acts_here() {
        let events = Arc::new(EventBus::default());
        let greetings = GreetingWaiters::default();
        let relay = Arc::new(Recorder::default());
        events.set_relay(relay.clone());
        greetings.set_relay(relay.clone());
        let org: OrganizationID = "Org".parse().expect("valid");
        let alice = UserID::from_bytes([1; 16]);
        let mut sub = events.subscribe(&org, alice, None).receiver;
        assert!(events.publish(&org, Audience::Organization, b"x"));
        assert!(events.cached(&org).is_empty(), "cached when it comes back");
        let attempt = GreetingAttemptID::from_bytes([2; 16]);
        let mut waiter = greetings.register(&org, attempt);
        greetings.notify(&org, attempt);
        assert_eq!(
            waiter.wait(Duration::from_secs(60)).await,
            crate::services::invite::long_poll::Wake::Notified
        );
        events.close_user(&org, alice);
        assert!(sub.recv().await.is_none(), "closed here at once");
        let sent = relay.0.lock().expect("not poisoned").clone();
        assert!(matches!(sent[0], ClusterMessage::Event { .. }), "{sent:?}");
        assert!(
            matches!(sent[1], ClusterMessage::Greeting { .. }),
            "{sent:?}"
        );
        assert!(
            matches!(sent[2], ClusterMessage::CloseUser { .. }),
            "{sent:?}"
        );
    }

    #[tokio::test]
    async fn applied_events_keep_their_id_and_skip_the_relay() {
        let events = Arc::new(EventBus::default());
        let greetings = GreetingWaiters::default();
        let org: OrganizationID = "Org".parse().expect("valid");
        let alice = UserID::from_bytes([1; 16]);
        let mut sub = events.subscribe(&org, alice, None).receiver;
        ClusterMessage::event(&org, [5; 16], &Audience::Users(vec![alice]), b"body")
            .apply(&events, &greetings);
        let event = sub.recv().await.expect("delivered");
        assert_eq!(event.id, [5; 16]);
        ClusterMessage::CloseUser {
            org: "Org".into(),
            user: alice.hex(),
        }
        .apply(&events, &greetings);
        assert!(sub.recv().await.is_none(), "closed");
    }
}
