//! SQLite group commit: write transactions that arrive while another one runs share its
//! commit, and so its sync of the write-ahead log.
//!
//! With `synchronous = FULL`, every commit waits for the disk (about a millisecond on
//! common hardware), and SQLite has one writer: alone, a commit per request caps a
//! server near a thousand writes per second however many cores it has. Here the writer
//! connection keeps one transaction open (a *group*) while writers queue for it; each
//! write transaction is a savepoint inside the group, released when it commits and rolled
//! back to when it is dropped, so it can fail or be abandoned without touching the
//! others. The group commits when a member finishes and nobody waits for the writer (or
//! when it holds [`MAX_GROUP`] members); every member that committed its savepoint waits
//! for that commit before it answers, so nothing is acknowledged before it is on disk.
//! If the group's commit fails, every member of the group gets the error: none of them
//! was written.
//!
//! The writer connection is rusqlite's, and runs each statement on the thread of the
//! member that holds it: through sqlx, each statement was a round trip to the
//! connection's own thread, two thread wake-ups, while the writer was held. Only a
//! group's commit, which waits for the disk, leaves the async worker to the runtime's
//! other tasks ([`tokio::task::block_in_place`]). The writes made outside groups
//! (organization creation, bootstrap, administration) still go through sqlx's writer
//! connection, holding the writer meanwhile ([`GroupWriter::exclusive`]).
//!
//! Whoever holds the writer (a *turn*) hands it on: a member that commits, one that rolls
//! back (on drop, from a spawned task), a waiter cancelled while no one else waits (it
//! spawns a flush). So an open group always has someone bound to commit it.

use crate::storage::{GroupCommitStats, StorageError};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Mutex, OwnedMutexGuard};

/// The most write transactions one commit covers, so that the first of a long queue does
/// not wait for all the others.
pub(super) const MAX_GROUP: u32 = 64;

/// How many prepared statements the writer keeps.
const STATEMENT_CACHE: usize = 64;

/// The outcome of a group's commit, shared by its members.
type Outcome = Option<Result<(), Arc<str>>>;

/// The single writer of a SQLite database, committing in groups.
#[derive(Debug, Clone)]
pub(super) struct GroupWriter {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    path: PathBuf,
    state: Arc<Mutex<State>>,
    /// Writers queued for their turn.
    waiting: AtomicUsize,
    /// Commits of groups that held at least one committed member.
    commits: AtomicU64,
    /// Members committed.
    committed: AtomicU64,
    /// Times a member left its group open for a queued writer.
    #[cfg(test)]
    handovers: AtomicU64,
}

#[derive(Debug)]
struct State {
    /// The writer connection, run by rusqlite on the thread of whoever holds the turn.
    conn: Connection,
    /// Set by [`GroupWriter::close`]: later writes fail.
    closed: bool,
    group: Option<Group>,
    /// A member's savepoint is open (left so only if its rollback could not run).
    savepoint: bool,
}

#[derive(Debug)]
struct Group {
    members: u32,
    /// Members whose savepoint was released, waiting for the commit.
    pending: u32,
    done: watch::Sender<Outcome>,
}

/// Opens the writer connection to `path`, which the sqlx writer has created and put in
/// write-ahead-log mode, with that writer's settings.
fn connect(path: &Path) -> Result<Connection, StorageError> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "mmap_size", super::MMAP_SIZE)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(conn)
}

/// Runs `work`, which may wait for the disk (a commit syncs the log), without stalling
/// the other tasks of a multi-threaded runtime's worker.
fn blocking<T>(work: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(tokio::runtime::RuntimeFlavor::MultiThread) => tokio::task::block_in_place(work),
        _ => work(),
    }
}

impl GroupWriter {
    pub(super) fn open(path: &Path) -> Result<Self, StorageError> {
        let conn = connect(path)?;
        Ok(Self {
            inner: Arc::new(Inner {
                path: path.to_owned(),
                state: Arc::new(Mutex::new(State {
                    conn,
                    closed: false,
                    group: None,
                    savepoint: false,
                })),
                waiting: AtomicUsize::new(0),
                commits: AtomicU64::new(0),
                committed: AtomicU64::new(0),
                #[cfg(test)]
                handovers: AtomicU64::new(0),
            }),
        })
    }

    pub(super) fn stats(&self) -> GroupCommitStats {
        GroupCommitStats {
            commits: self.inner.commits.load(Ordering::Relaxed),
            transactions: self.inner.committed.load(Ordering::Relaxed),
        }
    }

    /// Waits for the writer, then opens a savepoint in the current group (or a new one).
    pub(super) async fn begin(&self) -> Result<Member, StorageError> {
        let waiting = Waiting::new(&self.inner);
        let turn = self.inner.state.clone().lock_owned().await;
        waiting.served();
        let mut member = Member {
            turn: Some(turn),
            inner: self.inner.clone(),
            done: None,
        };
        member.enter()?;
        Ok(member)
    }

    /// Waits for the writer, commits its open group, and keeps it until the returned
    /// turn is dropped: a write made meanwhile on another connection (the sqlx writer's
    /// administration writes) never waits on SQLite's lock.
    pub(super) async fn exclusive(&self) -> ExclusiveTurn {
        let mut turn = self.inner.state.clone().lock_owned().await;
        rollback_savepoint(&self.inner, &mut turn);
        commit_group(&self.inner, &mut turn);
        ExclusiveTurn { _turn: turn }
    }
}

impl GroupWriter {
    /// Commits the open group, then refuses every later write (as a closed sqlx pool).
    pub(super) async fn close(&self) {
        let mut turn = self.inner.state.clone().lock_owned().await;
        rollback_savepoint(&self.inner, &mut turn);
        commit_group(&self.inner, &mut turn);
        turn.closed = true;
    }
}

/// The writer held by [`GroupWriter::exclusive`].
pub(super) struct ExclusiveTurn {
    _turn: OwnedMutexGuard<State>,
}

/// Counts a writer as queued until it gets its turn; one cancelled before makes sure the
/// open group still gets committed.
struct Waiting {
    inner: Option<Arc<Inner>>,
}

impl Waiting {
    fn new(inner: &Arc<Inner>) -> Self {
        inner.waiting.fetch_add(1, Ordering::SeqCst);
        Self {
            inner: Some(inner.clone()),
        }
    }

    fn served(mut self) {
        if let Some(inner) = self.inner.take() {
            inner.waiting.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        let Some(inner) = self.inner.take() else {
            return;
        };
        // The holder may have left the group open for this writer: if it was the last
        // one queued, commit the group in its stead.
        if inner.waiting.fetch_sub(1, Ordering::SeqCst) == 1 {
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                runtime.spawn(async move {
                    let mut turn = inner.state.clone().lock_owned().await;
                    finish_turn(&inner, &mut turn);
                });
            }
        }
    }
}

/// One write transaction: a savepoint in the open group, holding the writer.
#[derive(Debug)]
pub(super) struct Member {
    turn: Option<OwnedMutexGuard<State>>,
    inner: Arc<Inner>,
    done: Option<watch::Receiver<Outcome>>,
}

impl Member {
    /// The writer connection, inside this member's savepoint.
    pub(super) fn conn(&self) -> &Connection {
        &self.turn.as_ref().expect("a member holds the writer").conn
    }

    fn enter(&mut self) -> Result<(), StorageError> {
        let turn = self.turn.as_mut().expect("turn");
        rollback_savepoint(&self.inner, turn);
        if turn.closed {
            return Err(StorageError::Database(sqlx::Error::PoolClosed));
        }
        let mut entered = Ok(());
        if turn.group.is_none() {
            if !turn.conn.is_autocommit() {
                // A transaction left open by a failed rollback: start afresh.
                reopen(&self.inner, turn);
            }
            // Waits for SQLite's lock while another connection (sqlx's writer, a backup)
            // holds it.
            entered = blocking(|| exec(&turn.conn, "BEGIN IMMEDIATE"));
            if entered.is_ok() {
                turn.group = Some(Group {
                    members: 0,
                    pending: 0,
                    done: watch::channel(None).0,
                });
            }
        }
        if entered.is_ok() {
            entered = exec(&turn.conn, "SAVEPOINT member");
        }
        if let Err(e) = entered {
            abort_group(&self.inner, turn, &e.to_string());
            return Err(e.into());
        }
        let group = turn.group.as_mut().expect("opened above");
        group.members += 1;
        self.done = Some(group.done.subscribe());
        turn.savepoint = true;
        Ok(())
    }

    /// Releases the savepoint, then waits for the group's commit (made here when no one
    /// else waits for the writer).
    pub(super) async fn commit(mut self) -> Result<(), StorageError> {
        let mut turn = self.turn.take().expect("turn");
        let mut done = self.done.take().expect("entered");
        let released = exec(&turn.conn, "RELEASE member");
        turn.savepoint = false;
        if let Err(e) = released {
            abort_group(&self.inner, &mut turn, &e.to_string());
            return Err(e.into());
        }
        let full = {
            let group = turn.group.as_mut().expect("group");
            group.pending += 1;
            group.members >= MAX_GROUP
        };
        if full || self.inner.waiting.load(Ordering::SeqCst) == 0 {
            commit_group(&self.inner, &mut turn);
        } else {
            #[cfg(test)]
            self.inner.handovers.fetch_add(1, Ordering::SeqCst);
        }
        drop(turn);
        let outcome = match done.wait_for(Option::is_some).await {
            Ok(outcome) => outcome.clone(),
            Err(_) => Some(Err(Arc::from("the writer stopped before committing"))),
        };
        match outcome {
            Some(Ok(())) => Ok(()),
            Some(Err(e)) => Err(StorageError::GroupCommit(e.to_string())),
            None => unreachable!("waited for an outcome"),
        }
    }
}

impl Drop for Member {
    fn drop(&mut self) {
        // Not committed: undo its savepoint, then hand the writer on. Without a runtime
        // (the process is stopping), the next writer undoes it.
        let Some(mut turn) = self.turn.take() else {
            return;
        };
        rollback_savepoint(&self.inner, &mut turn);
        let inner = self.inner.clone();
        if inner.waiting.load(Ordering::SeqCst) == 0 {
            // The commit may wait for the disk: not in a destructor.
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                runtime.spawn(async move {
                    finish_turn(&inner, &mut turn);
                });
            }
        }
    }
}

/// Runs a statement without parameters on the writer.
fn exec(conn: &Connection, sql: &'static str) -> Result<(), rusqlite::Error> {
    conn.prepare_cached(sql)?.execute([]).map(drop)
}

/// Undoes a member's savepoint left open; if that fails, the whole group is lost.
fn rollback_savepoint(inner: &Inner, turn: &mut State) {
    if !turn.savepoint {
        return;
    }
    turn.savepoint = false;
    if turn.group.is_none() {
        return;
    }
    let mut undone = exec(&turn.conn, "ROLLBACK TO member");
    if undone.is_ok() {
        undone = exec(&turn.conn, "RELEASE member");
    }
    if let Err(e) = undone {
        abort_group(inner, turn, &e.to_string());
    }
}

/// The end of a turn that committed nothing: commits the group if no one else will.
fn finish_turn(inner: &Inner, turn: &mut State) {
    rollback_savepoint(inner, turn);
    if inner.waiting.load(Ordering::SeqCst) == 0 {
        commit_group(inner, turn);
    }
}

/// Commits the open group and tells its members.
fn commit_group(inner: &Inner, turn: &mut State) {
    let Some(group) = turn.group.take() else {
        return;
    };
    if group.pending == 0 {
        // Every member rolled back: nothing to sync.
        if exec(&turn.conn, "ROLLBACK").is_err() {
            reopen(inner, turn);
        }
        group.done.send_replace(Some(Ok(())));
        return;
    }
    match blocking(|| exec(&turn.conn, "COMMIT")) {
        Ok(()) => {
            inner.commits.fetch_add(1, Ordering::Relaxed);
            inner
                .committed
                .fetch_add(u64::from(group.pending), Ordering::Relaxed);
            group.done.send_replace(Some(Ok(())));
        }
        Err(e) => {
            tracing::error!("a grouped commit of {} writes failed: {e}", group.pending);
            fail_group(inner, turn, group, &e.to_string());
        }
    }
}

/// Rolls the open group back and gives its members `error`.
fn abort_group(inner: &Inner, turn: &mut State, error: &str) {
    if let Some(group) = turn.group.take() {
        fail_group(inner, turn, group, error);
    }
}

fn fail_group(inner: &Inner, turn: &mut State, group: Group, error: &str) {
    if !turn.conn.is_autocommit() && exec(&turn.conn, "ROLLBACK").is_err() {
        reopen(inner, turn);
    }
    group.done.send_replace(Some(Err(Arc::from(error))));
}

/// Replaces a writer connection left in an unknown state (closing it rolls back what it
/// had open).
fn reopen(inner: &Inner, turn: &mut State) {
    match connect(&inner.path) {
        Ok(conn) => turn.conn = conn,
        Err(e) => tracing::error!("the SQLite writer connection cannot be reopened: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::any::AnyPoolOptions;
    use sqlx::{AnyPool, Row};
    use std::future::Future;
    use std::time::{Duration, Instant};

    async fn writer() -> (GroupWriter, AnyPool, tempfile::TempDir) {
        sqlx::any::install_default_drivers();
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("w.sqlite");
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let pool = AnyPoolOptions::new()
            .max_connections(1)
            .connect(&url)
            .await
            .expect("connect");
        sqlx::query("CREATE TABLE t (v INTEGER PRIMARY KEY)")
            .execute(&pool)
            .await
            .expect("create");
        (GroupWriter::open(&path).expect("writer"), pool, dir)
    }

    async fn insert(member: &mut Member, v: i64) {
        member
            .conn()
            .execute("INSERT INTO t (v) VALUES (?1)", [v])
            .expect("insert");
    }

    async fn values(pool: &AnyPool) -> Vec<i64> {
        sqlx::query("SELECT v FROM t ORDER BY v")
            .fetch_all(pool)
            .await
            .expect("select")
            .iter()
            .map(|r| r.get::<i64, _>("v"))
            .collect()
    }

    async fn until(what: &str, mut done: impl FnMut() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !done() {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }

    /// Twenty writers queued behind a first one commit with one sync, and a member that
    /// rolls back in the middle of the group takes nothing of the others with it.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn queued_writers_share_one_commit() {
        let (writer, pool, _dir) = writer().await;
        let mut first = writer.begin().await.expect("begin");
        insert(&mut first, 0).await;
        let mut tasks = Vec::new();
        for v in 1..=20 {
            let writer = writer.clone();
            tasks.push(tokio::spawn(async move {
                let mut member = writer.begin().await.expect("begin");
                insert(&mut member, v).await;
                if v == 7 {
                    drop(member);
                    return Ok(());
                }
                member.commit().await
            }));
        }
        let inner = writer.inner.clone();
        until("the writers to queue", || {
            inner.waiting.load(Ordering::SeqCst) == 20
        })
        .await;
        first.commit().await.expect("commit");
        for task in tasks {
            task.await.expect("join").expect("commit");
        }
        let expected: Vec<i64> = (0..=20).filter(|v| *v != 7).collect();
        assert_eq!(values(&pool).await, expected);
        assert_eq!(
            writer.stats(),
            GroupCommitStats {
                commits: 1,
                transactions: 20
            }
        );
    }

    /// A queued writer cancelled before its turn, after the holder left the group open
    /// for it: the group still commits.
    #[tokio::test]
    async fn a_writer_cancelled_before_its_turn_does_not_strand_the_group() {
        let (writer, pool, _dir) = writer().await;
        let mut first = writer.begin().await.expect("begin");
        insert(&mut first, 1).await;
        let queued = {
            let writer = writer.clone();
            tokio::spawn(async move {
                let _member = writer.begin().await;
                std::future::pending::<()>().await;
            })
        };
        let inner = writer.inner.clone();
        until("the writer to queue", || {
            inner.waiting.load(Ordering::SeqCst) == 1
        })
        .await;
        // One thread: the commit is polled here, and the queued writer is cancelled in
        // the same poll that hands it the writer, before it can run.
        let mut commit = Box::pin(first.commit());
        let committed = std::future::poll_fn(|cx| {
            let poll = commit.as_mut().poll(cx);
            if poll.is_pending() && inner.handovers.load(Ordering::SeqCst) == 1 {
                queued.abort();
            }
            poll
        });
        tokio::time::timeout(Duration::from_secs(10), committed)
            .await
            .expect("the group was committed")
            .expect("commit");
        assert_eq!(values(&pool).await, vec![1]);
    }

    /// A writer cancelled during its turn, after the holder left the group open for it:
    /// its savepoint is undone and the group commits.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_writer_cancelled_during_its_turn_does_not_strand_the_group() {
        let (writer, pool, _dir) = writer().await;
        let mut first = writer.begin().await.expect("begin");
        insert(&mut first, 1).await;
        let (entered, mut has_entered) = tokio::sync::mpsc::channel(1);
        let queued = {
            let writer = writer.clone();
            tokio::spawn(async move {
                let mut member = writer.begin().await.expect("begin");
                insert(&mut member, 2).await;
                entered.send(()).await.expect("send");
                std::future::pending::<()>().await;
                drop(member);
            })
        };
        let inner = writer.inner.clone();
        until("the writer to queue", || {
            inner.waiting.load(Ordering::SeqCst) == 1
        })
        .await;
        let committing = tokio::spawn(first.commit());
        has_entered.recv().await.expect("entered");
        queued.abort();
        tokio::time::timeout(Duration::from_secs(10), committing)
            .await
            .expect("the group was committed")
            .expect("join")
            .expect("commit");
        assert_eq!(values(&pool).await, vec![1]);
    }

    /// A failed commit fails every member of the group, and the writer works afterwards.
    #[tokio::test]
    async fn a_failed_group_fails_its_members() {
        let (writer, pool, _dir) = writer().await;
        sqlx::query(
            "CREATE TABLE d (v INTEGER PRIMARY KEY REFERENCES t (v) DEFERRABLE INITIALLY DEFERRED)",
        )
        .execute(&pool)
        .await
        .expect("create");
        let mut member = writer.begin().await.expect("begin");
        insert(&mut member, 1).await;
        // Checked at the commit only (the writer enforces foreign keys).
        member
            .conn()
            .execute("INSERT INTO d (v) VALUES (2)", [])
            .expect("deferred");
        let err = member.commit().await.expect_err("the commit fails");
        assert!(matches!(err, StorageError::GroupCommit(_)), "{err}");
        assert_eq!(values(&pool).await, Vec::<i64>::new());
        let mut member = writer.begin().await.expect("begin");
        insert(&mut member, 3).await;
        member.commit().await.expect("commit");
        assert_eq!(values(&pool).await, vec![3]);
    }

    /// Closing commits the open group, then refuses writes.
    #[tokio::test]
    async fn closing_commits_then_refuses_writes() {
        let (writer, pool, _dir) = writer().await;
        let mut member = writer.begin().await.expect("begin");
        insert(&mut member, 1).await;
        let committed = tokio::spawn(member.commit());
        writer.close().await;
        committed.await.expect("join").expect("commit");
        assert_eq!(values(&pool).await, vec![1]);
        let refused = writer.begin().await.expect_err("closed");
        assert!(matches!(
            refused,
            StorageError::Database(sqlx::Error::PoolClosed)
        ));
    }

    /// A transaction left open on the connection (a rollback that failed) does not
    /// block the next writer.
    #[tokio::test]
    async fn a_transaction_left_open_is_dropped_by_the_next_writer() {
        let (writer, pool, _dir) = writer().await;
        {
            let turn = writer.inner.state.lock().await;
            turn.conn
                .execute_batch("BEGIN; INSERT INTO t (v) VALUES (9)")
                .expect("open");
        }
        let mut member = writer.begin().await.expect("begin");
        insert(&mut member, 2).await;
        member.commit().await.expect("commit");
        assert_eq!(values(&pool).await, vec![2]);
    }
}
