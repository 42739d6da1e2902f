//! The fan-out of events to the open streams, one topic per organization.
//!
//! A topic holds the organization's open streams and its last events (for
//! `Last-Event-ID`). It is created by the first stream or event of its organization and
//! dropped once it has no stream and nothing was published in it for
//! [`IDLE_TOPIC_RETENTION`], or earlier when the events kept by all topics exceed
//! `--events-cache-total` (the topics without streams idle the longest go first), so
//! that many organizations publishing once cost bounded memory. Each stream has its own queue of
//! [`PER_CLIENT_MAX_BUFFER_EVENTS`] events, filled with only what is meant for it: a
//! stream falling that far behind is closed (as the official server does), and a flood
//! in one organization never reaches another organization's streams.
//!
//! A publication is prepared ([`EventBus::prepare`]: ID, coalescing) then queued in the
//! writing transaction's [`crate::cluster::Outbox`], or sent at once
//! ([`EventBus::send`], [`EventBus::publish`]); streams open with
//! [`EventBus::subscribe`] and end with [`EventBus::close_user_here`], which a
//! [`ClusterMessage::close_user`] calls in every process. With a [`Relay`] set
//! ([`crate::cluster`], several processes on one PostgreSQL database), events reach the
//! streams, the publisher's included, through the database ([`EventBus::deliver`]).

use super::{Audience, Event, EventId};
use crate::cluster::{ClusterMessage, Relay};
use crate::config::EventLimits;
use parsec_protocol::crypto::{OsRandom, RandomSource};
use parsec_protocol::ids::{OrganizationID, UserID};
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};
use tokio::sync::mpsc::{self, error::TrySendError};

/// How far a stream may lag before it is closed (the official per-client buffer).
pub const PER_CLIENT_MAX_BUFFER_EVENTS: usize = 100;

/// How long an organization without open streams keeps its last events, for clients
/// reconnecting with `Last-Event-ID`.
pub const IDLE_TOPIC_RETENTION: Duration = Duration::from_secs(300);

/// How often idle topics are looked for (on publish and subscribe).
const SWEEP_INTERVAL: Duration = Duration::from_secs(10);

/// One open stream, as seen by the publishers.
struct Subscriber {
    id: u64,
    user: UserID,
    sender: mpsc::Sender<Arc<Event>>,
    /// Set when the stream fell too far behind: it ends without sending what it queued.
    lagged: Arc<AtomicBool>,
}

/// An organization's streams and recent events.
struct Topic {
    subscribers: Vec<Subscriber>,
    cache: VecDeque<Arc<Event>>,
    /// What was published within the coalescing window: when, to whom, which body.
    recent: VecDeque<(Instant, Audience, Vec<u8>)>,
    last_used: Instant,
}

impl Topic {
    fn new(now: Instant) -> Self {
        Self {
            subscribers: Vec::new(),
            cache: VecDeque::new(),
            recent: VecDeque::new(),
            last_used: now,
        }
    }

    fn is_idle(&self, now: Instant) -> bool {
        self.subscribers.is_empty()
            && (self.cache.is_empty()
                || now.saturating_duration_since(self.last_used) >= IDLE_TOPIC_RETENTION)
    }

    /// Whether the same body went to the same audience within `window` (and records it
    /// otherwise).
    fn coalesce(
        &mut self,
        audience: &Audience,
        body: &[u8],
        now: Instant,
        window: Duration,
        max: usize,
    ) -> bool {
        if window.is_zero() {
            return false;
        }
        while self
            .recent
            .front()
            .is_some_and(|(at, _, _)| now.saturating_duration_since(*at) >= window)
        {
            self.recent.pop_front();
        }
        if self
            .recent
            .iter()
            .any(|(_, a, b)| a == audience && b.as_slice() == body)
        {
            return true;
        }
        if self.recent.len() >= max {
            self.recent.pop_front();
        }
        self.recent
            .push_back((now, audience.clone(), body.to_vec()));
        false
    }
}

struct Topics {
    map: HashMap<OrganizationID, Topic>,
    last_sweep: Instant,
    /// The events in all the caches.
    cached: usize,
}

impl Topics {
    /// Drops idle topics, those unused the longest first, until at most `target` events
    /// are cached (topics with open streams are kept: they are bounded by the
    /// connection caps).
    fn evict_to(&mut self, target: usize) {
        let mut idle: Vec<(Instant, OrganizationID)> = self
            .map
            .iter()
            .filter(|(_, t)| t.subscribers.is_empty())
            .map(|(org, t)| (t.last_used, org.clone()))
            .collect();
        idle.sort_unstable_by_key(|(at, _)| *at);
        for (_, org) in idle {
            if self.cached <= target {
                break;
            }
            if let Some(topic) = self.map.remove(&org) {
                self.cached -= topic.cache.len();
            }
        }
    }
}

/// The event bus: publishers on one side, open SSE streams on the other.
pub struct EventBus {
    topics: Mutex<Topics>,
    next_id: AtomicU64,
    cache_size: usize,
    cache_total: usize,
    coalesce_window: Duration,
    /// Where the other processes learn about this one's events, if any.
    relay: OnceLock<Arc<dyn Relay>>,
}

impl std::fmt::Debug for EventBus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventBus").finish_non_exhaustive()
    }
}

impl Default for EventBus {
    fn default() -> Self {
        Self::new(&EventLimits::default())
    }
}

/// What the SSE route needs when a stream opens.
pub struct Subscription {
    /// Events published from now on.
    pub receiver: EventReceiver,
    /// Events to send first (after a known `Last-Event-ID`), or `None` when that ID is
    /// unknown or more than [`PER_CLIENT_MAX_BUFFER_EVENTS`] events for this stream
    /// followed it (the stream then sends `missed_events`, like the official server).
    pub replay: Option<Vec<Arc<Event>>>,
}

/// The receiving end of one stream; unsubscribes when dropped.
pub struct EventReceiver {
    bus: Arc<EventBus>,
    organization: OrganizationID,
    id: u64,
    receiver: mpsc::Receiver<Arc<Event>>,
    lagged: Arc<AtomicBool>,
}

impl EventReceiver {
    /// The next event for this stream; `None` when the stream must end (it lagged, its
    /// user was revoked or frozen).
    pub async fn recv(&mut self) -> Option<Arc<Event>> {
        if self.lagged.load(Ordering::Acquire) {
            return None;
        }
        let event = self.receiver.recv().await?;
        if self.lagged.load(Ordering::Acquire) {
            return None;
        }
        Some(event)
    }
}

impl Drop for EventReceiver {
    fn drop(&mut self) {
        let now = Instant::now();
        let mut topics = self.bus.topics();
        if let Some(topic) = topics.map.get_mut(&self.organization) {
            topic.subscribers.retain(|s| s.id != self.id);
            topic.last_used = now;
            if topic.is_idle(now) {
                let dropped = topic.cache.len();
                topics.map.remove(&self.organization);
                topics.cached -= dropped;
            }
        }
    }
}

impl EventBus {
    /// An empty bus with these limits.
    pub fn new(limits: &EventLimits) -> Self {
        Self {
            topics: Mutex::new(Topics {
                map: HashMap::new(),
                last_sweep: Instant::now(),
                cached: 0,
            }),
            next_id: AtomicU64::new(0),
            cache_size: limits.events_cache_size.max(1),
            cache_total: limits.events_cache_total.max(1),
            coalesce_window: limits.events_coalesce_window,
            relay: OnceLock::new(),
        }
    }

    fn topics(&self) -> MutexGuard<'_, Topics> {
        // Every change below leaves the maps consistent at each step.
        self.topics.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Hands everything published or closed from now on to `relay` as well (once; a
    /// second relay is ignored).
    pub fn set_relay(&self, relay: Arc<dyn Relay>) {
        let _ = self.relay.set(relay);
    }

    /// The relay set, if any.
    pub fn relay(&self) -> Option<&Arc<dyn Relay>> {
        self.relay.get()
    }

    /// Publishes an `events_listen` reply body to `audience` in `org` at once (outside
    /// any transaction): [`EventBus::prepare`] then [`EventBus::send`]. Returns `false`
    /// when it was coalesced.
    pub fn publish(&self, org: &OrganizationID, audience: Audience, body: &[u8]) -> bool {
        match self.prepare(org, audience, body) {
            Some(message) => {
                self.send(message);
                true
            }
            None => false,
        }
    }

    /// The first half of a publication, made by its publisher only: gives the event its
    /// ID and applies the coalescing. `None` when the same body went to the same
    /// audience within the coalescing window: it is not sent again. The message is then
    /// queued in a transaction's [`crate::cluster::Outbox`] or sent with
    /// [`EventBus::send`].
    pub fn prepare(
        &self,
        org: &OrganizationID,
        audience: Audience,
        body: &[u8],
    ) -> Option<ClusterMessage> {
        let mut id: EventId = [0u8; 16];
        OsRandom::new().fill(&mut id);
        // A version 4 UUID, like the official event IDs.
        id[6] = (id[6] & 0x0f) | 0x40;
        id[8] = (id[8] & 0x3f) | 0x80;
        let now = Instant::now();
        let mut guard = self.topics();
        let topics = &mut *guard;
        sweep(topics, now, false);
        let topic = topics
            .map
            .entry(org.clone())
            .or_insert_with(|| Topic::new(now));
        topic.last_used = now;
        if topic.coalesce(&audience, body, now, self.coalesce_window, self.cache_size) {
            return None;
        }
        Some(ClusterMessage::event(org, id, &audience, body))
    }

    /// The second half of a publication made outside a transaction: hands a prepared
    /// event to the relay (it is delivered here too when it comes back from the
    /// database, in the order the database gives every process: the caches are the
    /// same everywhere), or without one delivers it here.
    pub fn send(&self, message: ClusterMessage) {
        match self.relay.get() {
            Some(relay) => relay.send(message),
            None => message.deliver_event(self),
        }
    }

    /// Delivers an event relayed through the database (published by this process or
    /// another), with its ID (no coalescing: the publisher did it).
    pub fn deliver(&self, org: &OrganizationID, id: EventId, audience: Audience, body: &[u8]) {
        let now = Instant::now();
        let mut guard = self.topics();
        let topics = &mut *guard;
        sweep(topics, now, false);
        self.insert(topics, org, now, id, audience, body);
    }

    /// Caches an event in `org`'s topic and queues it for its streams; then keeps the
    /// events of all topics within `--events-cache-total`.
    fn insert(
        &self,
        topics: &mut Topics,
        org: &OrganizationID,
        now: Instant,
        id: EventId,
        audience: Audience,
        body: &[u8],
    ) {
        let topic = topics
            .map
            .entry(org.clone())
            .or_insert_with(|| Topic::new(now));
        topic.last_used = now;
        let frame = format!(
            "data:{}\nid:{}\n\n",
            data_encoding::BASE64.encode(body),
            hex::encode(id)
        );
        let event = Arc::new(Event {
            id,
            audience,
            frame,
        });
        // Under the lock, so that a subscriber sees each event either in its replay or
        // in its queue, never both nor neither.
        if topic.cache.len() >= self.cache_size {
            topic.cache.pop_front();
            topics.cached -= 1;
        }
        topic.cache.push_back(event.clone());
        topics.cached += 1;
        topic.subscribers.retain(|s| {
            if !event.is_for(s.user) {
                return true;
            }
            match s.sender.try_send(event.clone()) {
                Ok(()) => true,
                Err(TrySendError::Full(_)) => {
                    s.lagged.store(true, Ordering::Release);
                    false
                }
                Err(TrySendError::Closed(_)) => false,
            }
        });
        if topics.cached > self.cache_total {
            // Down to 90 %, so that the sort is paid once per many events.
            topics.evict_to(self.cache_total - self.cache_total / 10);
        }
    }

    /// Ends the open streams of a user in this process only, after what they already
    /// queued (every process does it when a [`ClusterMessage::close_user`] committed
    /// with a revocation or a freeze reaches it).
    pub fn close_user_here(&self, org: &OrganizationID, user: UserID) {
        if let Some(topic) = self.topics().map.get_mut(org) {
            // Dropping the sender ends the stream once its queue is drained.
            topic.subscribers.retain(|s| s.user != user);
        }
    }

    /// Ends every open stream at once and forgets the cached events: after events may
    /// have been lost, clients reconnect and, their last event ID being unknown, get
    /// `missed_events`.
    pub fn reset_streams(&self) {
        let mut topics = self.topics();
        for topic in topics.map.values_mut() {
            for s in &topic.subscribers {
                s.lagged.store(true, Ordering::Release);
            }
            topic.subscribers.clear();
            topic.cache.clear();
            topic.recent.clear();
        }
        topics.map.clear();
        topics.cached = 0;
    }

    /// Subscribes a new stream of `user`; `last_event_id` asks for the events published
    /// after that one.
    pub fn subscribe(
        self: &Arc<Self>,
        org: &OrganizationID,
        user: UserID,
        last_event_id: Option<EventId>,
    ) -> Subscription {
        let (sender, receiver) = mpsc::channel(PER_CLIENT_MAX_BUFFER_EVENTS);
        let lagged = Arc::new(AtomicBool::new(false));
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let now = Instant::now();
        let mut topics = self.topics();
        sweep(&mut topics, now, false);
        let topic = topics
            .map
            .entry(org.clone())
            .or_insert_with(|| Topic::new(now));
        topic.last_used = now;
        let replay =
            last_event_id.map_or(Some(Vec::new()), |last| replay(&topic.cache, last, user));
        topic.subscribers.push(Subscriber {
            id,
            user,
            sender,
            lagged: lagged.clone(),
        });
        drop(topics);
        Subscription {
            receiver: EventReceiver {
                bus: self.clone(),
                organization: org.clone(),
                id,
                receiver,
                lagged,
            },
            replay,
        }
    }

    /// Drops the topics idle for [`IDLE_TOPIC_RETENTION`] (done now and then by
    /// publishing and subscribing, too).
    pub fn sweep(&self) {
        sweep(&mut self.topics(), Instant::now(), true);
    }

    /// How many events all the topics keep (for tests and diagnostics).
    pub fn cached_total(&self) -> usize {
        self.topics().cached
    }

    /// How many organizations have a topic (for tests and diagnostics).
    pub fn topic_count(&self) -> usize {
        self.topics().map.len()
    }

    /// How many streams are open in `org` (for tests and diagnostics).
    pub fn stream_count(&self, org: &OrganizationID) -> usize {
        self.topics()
            .map
            .get(org)
            .map_or(0, |t| t.subscribers.len())
    }

    /// The events kept for reconnections in `org` (for tests).
    pub fn cached(&self, org: &OrganizationID) -> Vec<Arc<Event>> {
        self.topics()
            .map
            .get(org)
            .map(|t| t.cache.iter().cloned().collect())
            .unwrap_or_default()
    }

    #[cfg(test)]
    fn age_topics(&self, by: Duration) {
        for topic in self.topics().map.values_mut() {
            topic.last_used = topic.last_used.checked_sub(by).unwrap_or(topic.last_used);
        }
    }
}

/// The events of `cache` after `last` meant for `user`, newest first in the search like
/// the official server: `None` when `last` is unknown or more than a stream's buffer
/// followed it.
fn replay(cache: &VecDeque<Arc<Event>>, last: EventId, user: UserID) -> Option<Vec<Arc<Event>>> {
    let mut missed = VecDeque::new();
    for event in cache.iter().rev() {
        if event.id == last {
            return Some(missed.into());
        }
        if event.is_for(user) {
            if missed.len() >= PER_CLIENT_MAX_BUFFER_EVENTS {
                return None;
            }
            missed.push_front(event.clone());
        }
    }
    None
}

fn sweep(topics: &mut Topics, now: Instant, force: bool) {
    if !force && now.saturating_duration_since(topics.last_sweep) < SWEEP_INTERVAL {
        return;
    }
    topics.last_sweep = now;
    let mut dropped = 0;
    topics.map.retain(|_, t| {
        t.subscribers.retain(|s| !s.sender.is_closed());
        let idle = t.is_idle(now);
        if idle {
            dropped += t.cache.len();
        }
        !idle
    });
    topics.cached -= dropped;
}

#[cfg(test)]
mod tests {
    use super::*;
    use parsec_protocol::ids::UserID;

    fn org(name: &str) -> OrganizationID {
        name.parse().expect("valid")
    }

    fn bus() -> Arc<EventBus> {
        Arc::new(EventBus::new(&EventLimits {
            events_coalesce_window: Duration::ZERO,
            ..EventLimits::default()
        }))
    }

    #[tokio::test]
    async fn a_flood_in_one_organization_leaves_the_others_alone() {
        let bus = bus();
        let (a, b) = (org("A"), org("B"));
        let user = UserID::from_bytes([1; 16]);
        // Nobody reads these streams.
        let slow_a = bus.subscribe(&a, user, None);
        let mut slow_b = bus.subscribe(&b, user, None);
        for i in 0..2_500u32 {
            bus.publish(&a, Audience::Organization, &i.to_be_bytes());
        }
        bus.publish(&b, Audience::Organization, b"for b");
        let mut slow_a = slow_a.receiver;
        assert!(
            slow_a.recv().await.is_none(),
            "the lagging stream of A is closed"
        );
        let event = slow_b.receiver.recv().await.expect("B's stream is open");
        assert!(event.frame.starts_with("data:"));
        assert_eq!(
            bus.cached(&a).len(),
            EventLimits::default().events_cache_size
        );
        assert_eq!(bus.cached(&b).len(), 1);
    }

    #[tokio::test]
    async fn events_for_other_users_do_not_fill_a_queue() {
        let bus = bus();
        let a = org("A");
        let (alice, bob) = (UserID::from_bytes([1; 16]), UserID::from_bytes([2; 16]));
        let mut sub = bus.subscribe(&a, alice, None);
        for i in 0..1_000u32 {
            bus.publish(&a, Audience::Users(vec![bob]), &i.to_be_bytes());
        }
        bus.publish(&a, Audience::Users(vec![alice]), b"mine");
        assert!(sub.receiver.recv().await.is_some());
    }

    #[test]
    fn replay_is_per_organization_and_capped() {
        let bus = bus();
        let (a, b) = (org("A"), org("B"));
        let user = UserID::from_bytes([1; 16]);
        bus.publish(&a, Audience::Organization, b"1");
        let first = bus.cached(&a)[0].id;
        bus.publish(&b, Audience::Organization, b"other");
        bus.publish(&a, Audience::Organization, b"2");
        let replayed = bus.subscribe(&a, user, Some(first)).replay.expect("known");
        assert_eq!(replayed.len(), 1);
        // An ID of another organization is unknown here.
        assert!(bus.subscribe(&b, user, Some(first)).replay.is_none());
        for i in 0..PER_CLIENT_MAX_BUFFER_EVENTS as u32 {
            bus.publish(&a, Audience::Organization, &i.to_be_bytes());
        }
        assert!(
            bus.subscribe(&a, user, Some(first)).replay.is_none(),
            "more than a stream's buffer: missed_events"
        );
    }

    #[test]
    fn identical_events_are_coalesced_within_the_window() {
        let bus = Arc::new(EventBus::new(&EventLimits {
            events_coalesce_window: Duration::from_secs(3600),
            ..EventLimits::default()
        }));
        let a = org("A");
        assert!(bus.publish(&a, Audience::Organization, b"same"));
        assert!(!bus.publish(&a, Audience::Organization, b"same"));
        assert!(bus.publish(&a, Audience::Users(vec![]), b"same"));
        assert!(bus.publish(&org("B"), Audience::Organization, b"same"));
        assert_eq!(bus.cached(&a).len(), 2);
    }

    #[test]
    fn topics_are_dropped_when_unused() {
        let bus = bus();
        let a = org("A");
        let user = UserID::from_bytes([1; 16]);
        let sub = bus.subscribe(&a, user, None);
        assert_eq!(bus.topic_count(), 1);
        drop(sub);
        assert_eq!(bus.topic_count(), 0, "no stream and no event");
        bus.publish(&a, Audience::Organization, b"x");
        bus.sweep();
        assert_eq!(bus.topic_count(), 1, "kept for reconnections");
        bus.age_topics(IDLE_TOPIC_RETENTION);
        bus.sweep();
        assert_eq!(bus.topic_count(), 0);
    }

    #[test]
    fn events_kept_across_organizations_are_capped() {
        let bus = Arc::new(EventBus::new(&EventLimits {
            events_coalesce_window: Duration::ZERO,
            events_cache_total: 100,
            ..EventLimits::default()
        }));
        let user = UserID::from_bytes([1; 16]);
        let watched = org("Watched");
        let _stream = bus.subscribe(&watched, user, None);
        for i in 0..60u32 {
            bus.publish(&watched, Audience::Organization, &i.to_be_bytes());
        }
        // Many organizations publishing once each, nobody watching them.
        for i in 0..1_000u32 {
            bus.publish(&org(&format!("Org{i}")), Audience::Organization, b"x");
        }
        assert!(bus.cached_total() <= 100, "{}", bus.cached_total());
        assert!(bus.topic_count() <= 41, "{}", bus.topic_count());
        // The organization with a stream kept its events; the newest idle one too.
        assert_eq!(bus.cached(&watched).len(), 60);
        assert_eq!(bus.cached(&org("Org999")).len(), 1);
        assert!(bus.cached(&org("Org0")).is_empty());
        let total: usize = (0..1_000u32)
            .map(|i| bus.cached(&org(&format!("Org{i}"))).len())
            .sum::<usize>()
            + 60;
        assert_eq!(bus.cached_total(), total, "the count matches the caches");
    }

    #[tokio::test]
    async fn close_user_ends_its_streams_after_their_queue() {
        let bus = bus();
        let a = org("A");
        let (alice, bob) = (UserID::from_bytes([1; 16]), UserID::from_bytes([2; 16]));
        let mut alice_sub = bus.subscribe(&a, alice, None).receiver;
        let bob_sub = bus.subscribe(&a, bob, None).receiver;
        bus.publish(&a, Audience::Organization, b"x");
        bus.close_user_here(&a, alice);
        assert!(alice_sub.recv().await.is_some());
        assert!(alice_sub.recv().await.is_none());
        assert_eq!(bus.stream_count(&a), 1);
        drop(bob_sub);
        assert_eq!(bus.stream_count(&a), 0);
    }
}
