//! Several server processes on one PostgreSQL database: what happens in one must reach
//! the others at once.
//!
//! The state itself (users, invitations, greeting attempts and their steps) is in the
//! database; what lives in each process ([`Local`]) is the SSE streams with their replay
//! caches ([`crate::events::hub`]), the held greeting step requests
//! ([`crate::services::invite::long_poll`]) and the kept authentication look-ups
//! ([`crate::credential_cache`]). Every change to them is a [`ClusterMessage`];
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
//! `device_create`, `user_revoke`, `user_update` (with the forgetting of the user's kept
//! look-ups), and the shamir recovery setups and deletions.
//!
//! The administration API's freeze and organization update send theirs the same way,
//! from their own storage transaction ([`crate::storage::Storage::set_user_frozen`],
//! [`crate::storage::Storage::update_organization`]): the forgetting of kept look-ups
//! and the closing of a frozen user's streams.
//!
//! A few changes have no write transaction and are still sent by [`Relay::send`] after
//! the fact, from a task with its own connection ([`EventBus::send`],
//! [`GreetingWaiters::notify`]): the `INVITATION` event repeated
//! for a reused invitation, and `GREETING_ATTEMPT_READY` and `GREETING_ATTEMPT_JOINED`
//! (sent by the step requests after their transaction). One of those that cannot be
//! sent (database unreachable) is logged and dropped: a held greeting request then waits
//! out its hold, an event is missing from the streams (the listening connection is then
//! lost too, and the streams are reset as below).
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
//!   fetch what they missed. The kept authentication look-ups are emptied and none is
//!   kept until this process hears its own [`ClusterMessage::Ping`] come back through
//!   the database, which proves the connection listens again. While all seems well, a
//!   ping every [`HEARTBEAT`] checks that the connection still delivers: one not heard
//!   back by the next suspends the kept look-ups the same way.
//! - A process applies its own forgettings of kept look-ups again when they come back,
//!   in case the request that committed one was cancelled before acting here.

use crate::credential_cache::CredentialCache;
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
    /// What authenticating a user's devices checks changed (revoked, frozen, new
    /// profile), or, without a user, the organization's (expiry, settings, terms of
    /// service): forget the kept look-ups ([`crate::credential_cache`]).
    ForgetCredentials {
        /// Organization.
        org: String,
        /// User ID, hex; `None`: every user of the organization.
        user: Option<String>,
    },
    /// Sent by a process to itself once its listening connection is back: hearing it
    /// proves that nothing sent after it is missed ([`CredentialCache::resume`]).
    Ping {
        /// Random, so that only the latest one resumes.
        nonce: String,
    },
}

/// What the cluster messages act on in one process.
#[derive(Debug, Clone)]
pub struct Local {
    /// The SSE streams.
    pub events: Arc<EventBus>,
    /// The held greeting step requests.
    pub greetings: Arc<GreetingWaiters>,
    /// The kept authentication look-ups.
    pub credentials: Arc<CredentialCache>,
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

    /// Forgets the kept authentication look-ups of `user`'s devices, or of the whole
    /// organization.
    pub fn forget_credentials(org: &OrganizationID, user: Option<UserID>) -> Self {
        Self::ForgetCredentials {
            org: org.as_str().to_owned(),
            user: user.map(|u| u.hex()),
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

    /// Applies a message sent by another process to this one's streams, held requests
    /// and kept look-ups. A malformed message is ignored (with a warning).
    pub fn apply(self, local: &Local) {
        if let Err(what) = self.try_apply(&local.events, Some(local)) {
            tracing::warn!("ignoring a malformed cluster message: {what}");
        }
    }

    /// Delivers an event message to the streams of `events` (the rest of [`Local`] has
    /// nothing to do with events).
    pub fn deliver_event(self, events: &EventBus) {
        if let Err(what) = self.try_apply(events, None) {
            tracing::warn!("ignoring a malformed cluster message: {what}");
        }
    }

    fn try_apply(self, events: &EventBus, local: Option<&Local>) -> Result<(), String> {
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
                if let Some(local) = local {
                    local.greetings.notify_here(&org(&o)?, attempt);
                }
            }
            Self::GreetingOrganization { org: o } => {
                if let Some(local) = local {
                    local.greetings.notify_organization_here(&org(&o)?);
                }
            }
            Self::ForgetCredentials { org: o, user: u } => {
                let u = u.as_deref().map(user).transpose()?;
                if let Some(local) = local {
                    local.credentials.forget(&org(&o)?, u);
                }
            }
            // Only its sender acts on it, in its listening loop.
            Self::Ping { .. } => {}
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
    here: Option<Local>,
    messages: Vec<ClusterMessage>,
}

impl Outbox {
    /// An empty outbox acting on `local` once committed.
    pub fn new(local: Local) -> Self {
        Self {
            here: Some(local),
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
        let relay = self.here.as_ref()?.events.relay()?;
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
        let Some(local) = self.here else {
            return;
        };
        let relay = local.events.relay().cloned();
        for message in self.messages {
            if let (Some(relay), false) = (&relay, notified) {
                relay.send(message.clone());
            }
            if relay.is_some() && matches!(message, ClusterMessage::Event { .. }) {
                continue;
            }
            message.apply(&local);
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
    /// the others and applies theirs to `local`. Returns once listening, so nothing sent
    /// after it is missed.
    pub async fn start(url: &str, local: Local) -> Result<Arc<Self>, ClusterError> {
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
            outgoing: outgoing.clone(),
            instance: instance.clone(),
        });
        tokio::spawn(send_loop(send_pool, instance.clone(), receiver));
        local.events.set_relay(cluster.clone());
        local.greetings.set_relay(cluster.clone());
        tokio::spawn(listen_loop(listener, instance, local, outgoing));
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

const FIRST_PAUSE: Duration = Duration::from_millis(100);
const MAX_PAUSE: Duration = Duration::from_secs(5);

/// How often a process pings itself through the database while all is well: a ping not
/// heard back by the next one means the listening connection stopped delivering (a
/// connection dead without the socket knowing it) and suspends the kept look-ups.
pub const HEARTBEAT: Duration = Duration::from_secs(10);

/// The ping a process awaits from itself: a heartbeat, or since the listening connection
/// was lost, the proof that it listens again.
type Awaited = Arc<std::sync::Mutex<Option<String>>>;

fn lock(awaited: &Awaited) -> std::sync::MutexGuard<'_, Option<String>> {
    awaited
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn nonce() -> String {
    let mut id = [0u8; 16];
    OsRandom::new().fill(&mut id);
    hex::encode(id)
}

async fn listen_loop(
    mut listener: sqlx::postgres::PgListener,
    instance: String,
    local: Local,
    outgoing: mpsc::UnboundedSender<ClusterMessage>,
) {
    let awaited = Awaited::default();
    tokio::spawn(heartbeat(
        Arc::downgrade(&awaited),
        local.credentials.clone(),
        outgoing.clone(),
    ));
    let mut pause = FIRST_PAUSE;
    loop {
        match listener.try_recv().await {
            Ok(Some(notification)) => {
                pause = FIRST_PAUSE;
                match serde_json::from_str::<Envelope>(notification.payload()) {
                    Ok(Envelope {
                        from,
                        message: ClusterMessage::Ping { nonce },
                    }) if from == instance => ping_heard(&awaited, &local.credentials, &nonce),
                    // Its own events come back to be delivered in the database's order;
                    // its own forgettings are applied again, in case the request that
                    // committed one was cancelled before it acted here.
                    Ok(envelope)
                        if envelope.from == instance
                            && !matches!(
                                envelope.message,
                                ClusterMessage::Event { .. }
                                    | ClusterMessage::ForgetCredentials { .. }
                            ) => {}
                    Ok(envelope) => envelope.message.apply(&local),
                    Err(e) => tracing::warn!("ignoring a malformed cluster message: {e}"),
                }
            }
            // The connection was lost (the next call opens it again): what is sent
            // until then is missed.
            Ok(None) => {
                tracing::warn!(
                    "the connection listening to the other server processes was lost: \
                     closing the event streams, waking the held greetings, no longer \
                     keeping authentication look-ups until it is back"
                );
                connection_lost(&local.credentials, &awaited, &outgoing);
                local.events.reset_streams();
                local.greetings.notify_all_here();
            }
            Err(e) => {
                connection_lost(&local.credentials, &awaited, &outgoing);
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

/// This process heard its own ping `nonce`: if it is the awaited one, the listening
/// connection delivers, and the kept look-ups resume if they were suspended.
fn ping_heard(awaited: &Awaited, credentials: &CredentialCache, nonce: &str) {
    let mut awaited = lock(awaited);
    if awaited.as_deref() == Some(nonce) {
        *awaited = None;
        if credentials.is_suspended() {
            credentials.resume();
            tracing::info!(
                "listening to the other server processes again: authentication look-ups \
                 are kept again"
            );
        }
    }
}

/// Every [`HEARTBEAT`]: pings this process, or, when the previous ping was not heard
/// back, suspends the kept look-ups until one is.
async fn heartbeat(
    awaited: std::sync::Weak<std::sync::Mutex<Option<String>>>,
    credentials: Arc<CredentialCache>,
    outgoing: mpsc::UnboundedSender<ClusterMessage>,
) {
    loop {
        tokio::time::sleep(HEARTBEAT).await;
        let Some(awaited) = awaited.upgrade() else {
            return;
        };
        let unheard = lock(&awaited).is_some();
        if !unheard {
            let nonce = nonce();
            *lock(&awaited) = Some(nonce.clone());
            if outgoing.send(ClusterMessage::Ping { nonce }).is_err() {
                return;
            }
        } else if !credentials.is_suspended() {
            tracing::warn!(
                "this process did not hear itself through the database for {HEARTBEAT:?}: \
                 no longer keeping authentication look-ups until it does"
            );
            connection_lost(&credentials, &awaited, &outgoing);
        }
    }
}

/// Suspends the kept look-ups and pings this process through the database until the
/// ping comes back to the listening connection (see [`listen_loop`]).
fn connection_lost(
    credentials: &CredentialCache,
    awaited: &Awaited,
    outgoing: &mpsc::UnboundedSender<ClusterMessage>,
) {
    credentials.suspend();
    let nonce = nonce();
    *lock(awaited) = Some(nonce.clone());
    let awaited = awaited.clone();
    let outgoing = outgoing.clone();
    tokio::spawn(async move {
        let mut pause = FIRST_PAUSE;
        // Until it came back, or a newer loss replaced it.
        while lock(&awaited).as_deref() == Some(&nonce) {
            if outgoing
                .send(ClusterMessage::Ping {
                    nonce: nonce.clone(),
                })
                .is_err()
            {
                return;
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(MAX_PAUSE);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The next ping sent.
    async fn next_ping(outgoing: &mut mpsc::UnboundedReceiver<ClusterMessage>) -> String {
        match outgoing.recv().await {
            Some(ClusterMessage::Ping { nonce }) => nonce,
            other => panic!("a ping expected, got {other:?}"),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn an_unheard_heartbeat_suspends_the_cache_until_a_new_ping_is_heard() {
        let awaited = Awaited::default();
        let credentials = Arc::new(CredentialCache::new(10));
        let (sender, mut outgoing) = mpsc::unbounded_channel();
        tokio::spawn(heartbeat(
            Arc::downgrade(&awaited),
            credentials.clone(),
            sender,
        ));
        // A beat heard back: all is well.
        let first = next_ping(&mut outgoing).await;
        ping_heard(&awaited, &credentials, &first);
        assert!(!credentials.is_suspended());
        // The next one is lost: at the beat after it, the cache is suspended and a new
        // ping is sent until heard.
        let lost = next_ping(&mut outgoing).await;
        let retry = next_ping(&mut outgoing).await;
        assert_ne!(retry, lost);
        assert!(credentials.is_suspended());
        // The lost one arriving late proves nothing about what was sent after it.
        ping_heard(&awaited, &credentials, &lost);
        assert!(credentials.is_suspended());
        ping_heard(&awaited, &credentials, &retry);
        assert!(!credentials.is_suspended());
        assert_eq!(credentials.suspensions(), 1);
    }

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
        let greetings = Arc::new(GreetingWaiters::default());
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
        // A change made outside a write transaction: relayed after it, acting here too.
        let mut outbox = Outbox::new(Local {
            events: events.clone(),
            greetings: greetings.clone(),
            credentials: Arc::new(CredentialCache::new(10)),
        });
        outbox.push(ClusterMessage::close_user(&org, alice));
        outbox.committed(false);
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
        let local = Local {
            events: Arc::new(EventBus::default()),
            greetings: Arc::default(),
            credentials: Arc::new(CredentialCache::new(10)),
        };
        let events = &local.events;
        let org: OrganizationID = "Org".parse().expect("valid");
        let alice = UserID::from_bytes([1; 16]);
        let mut sub = events.subscribe(&org, alice, None).receiver;
        ClusterMessage::event(&org, [5; 16], &Audience::Users(vec![alice]), b"body").apply(&local);
        let event = sub.recv().await.expect("delivered");
        assert_eq!(event.id, [5; 16]);
        ClusterMessage::CloseUser {
            org: "Org".into(),
            user: alice.hex(),
        }
        .apply(&local);
        assert!(sub.recv().await.is_none(), "closed");
    }
}
