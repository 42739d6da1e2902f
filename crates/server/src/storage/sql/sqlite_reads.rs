//! The hottest reads of a SQLite database (the authentication look-up of every
//! authenticated request, `certificate_get`, an organization), run by rusqlite on the
//! calling thread instead of through sqlx.
//!
//! sqlx runs each SQLite connection on a thread of its own: every query is a message to
//! that thread and every row a message back, two thread wake-ups at least, which cost
//! more than the query itself when the pages are cached. In WAL mode a reader never waits
//! for the writer (it reads the last committed state), so these reads take microseconds
//! and are run where they are asked, with prepared statements kept per connection.
//! Write transactions, and their reads, run on the single writer (`sqlite_writer`).
//!
//! The connections are read-only (`query_only`): a misrouted write fails instead of
//! racing the writer. A connection is taken from the idle ones for one read and put back;
//! at most as many are open as reads run at once (at most one per thread).

use super::rows::SqlRow;
use crate::storage::StorageError;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// How many prepared statements each connection keeps.
const STATEMENT_CACHE: usize = 32;

/// The idle read-only connections of one SQLite file.
#[derive(Debug)]
pub(super) struct SqliteReads {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    /// Idle connections beyond this are closed.
    max_idle: usize,
    /// Set by [`Self::close`]: every later read fails, as with a closed sqlx pool.
    closed: AtomicBool,
}

impl SqliteReads {
    /// Opens one connection to `path` (which the writer has created and put in WAL mode)
    /// to check that it can be read.
    pub(super) fn open(path: &Path, max_idle: usize) -> Result<Self, StorageError> {
        let reads = Self {
            path: path.to_owned(),
            idle: Mutex::new(Vec::new()),
            max_idle: max_idle.max(1),
            closed: AtomicBool::new(false),
        };
        let conn = reads.connect()?;
        reads.lock().push(conn);
        Ok(reads)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Connection>> {
        // A panic while holding the lock leaves the vector whole: keep using it.
        self.idle
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn connect(&self) -> Result<Connection, StorageError> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.pragma_update(None, "query_only", true)?;
        conn.pragma_update(None, "mmap_size", super::MMAP_SIZE)?;
        // As sqlx's connections: a read waits up to 5 s for a lock (WAL readers only wait
        // while the log is recovered after a crash).
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Ok(conn)
    }

    /// Closes the idle connections; later reads fail with
    /// [`sqlx::Error::PoolClosed`], and the connections in use close when their read ends.
    pub(super) fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        self.lock().clear();
    }

    /// Runs `read` on an idle connection (a new one when none is idle).
    pub(super) fn read<T>(
        &self,
        read: impl FnOnce(&Connection) -> Result<T, StorageError>,
    ) -> Result<T, StorageError> {
        if self.closed.load(Ordering::SeqCst) {
            return Err(StorageError::Database(sqlx::Error::PoolClosed));
        }
        let taken = self.lock().pop();
        let conn = match taken {
            Some(conn) => conn,
            None => self.connect()?,
        };
        let result = read(&conn);
        // A read leaves its connection as it found it (statements are reset when their
        // rows are dropped): it can serve the next one, error or not.
        let mut idle = self.lock();
        if idle.len() < self.max_idle && !self.closed.load(Ordering::SeqCst) {
            idle.push(conn);
        }
        result
    }
}

/// A row of a statement run by [`decode_rows`]: its columns are found by name among the
/// statement's names, read once, instead of asking SQLite for every name at every look-up.
pub(super) struct NamedRow<'r> {
    row: &'r rusqlite::Row<'r>,
    names: &'r [String],
}

impl SqlRow for NamedRow<'_> {
    fn col<T>(&self, name: &str) -> Result<T, StorageError>
    where
        T: for<'v> sqlx::Decode<'v, sqlx::Any> + sqlx::Type<sqlx::Any> + rusqlite::types::FromSql,
    {
        Ok(self.row.get(column_index(self.names, name)?)?)
    }
}

/// The position of the column `name` among a statement's `names`.
pub(super) fn column_index(names: &[String], name: &str) -> Result<usize, rusqlite::Error> {
    names
        .iter()
        .position(|n| n == name)
        .ok_or_else(|| rusqlite::Error::InvalidColumnName(name.to_owned()))
}

/// Runs `statement` with `params` and decodes each of its rows with `decode`.
pub(super) fn decode_rows<T>(
    statement: &mut rusqlite::Statement<'_>,
    params: impl rusqlite::Params,
    mut decode: impl FnMut(&NamedRow<'_>) -> Result<T, StorageError>,
) -> Result<Vec<T>, StorageError> {
    let names: Vec<String> = statement
        .column_names()
        .into_iter()
        .map(str::to_owned)
        .collect();
    let mut rows = statement.query(params)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(decode(&NamedRow { row, names: &names })?);
    }
    Ok(out)
}
