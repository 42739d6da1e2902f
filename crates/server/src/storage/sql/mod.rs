//! SQL storage: one code path for SQLite and PostgreSQL (placeholders are `$N`, which
//! both accept). PostgreSQL and SQLite's connection pools go through sqlx's `Any` driver;
//! SQLite's hottest reads (`sqlite_reads`) and its write transactions
//! (`sqlite_writer`) through rusqlite, on the calling thread. A transaction's statements
//! run on either driver (`query`). Every write runs in a transaction.

pub mod kept;
mod query;
mod rows;
mod sqlite_reads;
mod sqlite_writer;
mod tx;

use super::schema::{self, SCHEMA_VERSION};
use super::{
    bootstrap_token_matches, BootstrapData, BootstrapOrganizationError, CertificateQuery,
    CertificateTopics, CreateOrganizationError, Device, DeviceLookup, FreezeUserError,
    GroupCommitStats, Invitation, NewOrganization, OrgTransaction, Organization, Outbox, PoolStats,
    Storage, StorageCaches, StorageError, TxMode, UpdateOrganizationError, User,
};
use async_trait::async_trait;
use kept::{
    CertificatesCache, KeptCertificate, Lookup, UsersCache, DEFAULT_CERTIFICATES_CACHE,
    DEFAULT_USERS_CACHE,
};
use parsec_protocol::ids::{AccessToken, DeviceID, OrganizationID, UserID};
use parsec_protocol::DateTime;
use rows::{
    b, device_from_row, fetch_invitation, fetch_org, insert_device, insert_org, insert_user,
    org_from_row, tos_to_json, u64_to_i64, user_from_row, SqlRow, DEVICE_COLUMNS, ORG_COLUMNS,
    USER_COLUMNS,
};
use sqlite_reads::{decode_rows, SqliteReads};
use sqlite_writer::GroupWriter;
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Row};
use std::path::Path;
use std::sync::Arc;
use tx::{TxConn, UsersAccess};

/// Creates a missing SQLite database file with mode 0600, and its missing parent folders
/// with mode 0700: the database holds bootstrap and invitation tokens, which let anyone
/// join the organization. SQLite gives its `-wal`, `-shm` and `-journal` files the mode
/// of the database file. An existing file or folder is left as it is, with a warning when
/// other users can read the file.
pub fn create_private_sqlite_file(path: &Path) -> Result<(), StorageError> {
    let config_err = |what: &Path, e: std::io::Error| {
        StorageError::Config(format!("cannot create {}: {e}", what.display()))
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        let mut dirs = std::fs::DirBuilder::new();
        dirs.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut dirs, 0o700);
        dirs.create(parent).map_err(|e| config_err(parent, e))?;
    }
    let mut file = std::fs::OpenOptions::new();
    file.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut file, 0o600);
    match file.open(path) {
        // An empty file is an empty SQLite database.
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            #[cfg(unix)]
            if let Ok(meta) = std::fs::metadata(path) {
                use std::os::unix::fs::PermissionsExt;
                let mode = meta.permissions().mode() & 0o777;
                if mode & 0o077 != 0 {
                    tracing::warn!(
                        "the database {} can be read by other users (mode {mode:o}) although \
                         it holds bootstrap and invitation tokens: `chmod 600` it",
                        path.display()
                    );
                }
            }
            Ok(())
        }
        Err(e) => Err(config_err(path, e)),
    }
}

/// Which SQL database the pool talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqlKind {
    /// A SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// Storage in a SQL database.
///
/// SQLite runs in WAL mode with one writer connection and a pool of reader connections
/// beside it: readers see the last committed state without waiting for the writer, and
/// writers never race each other (no `SQLITE_BUSY` between two read-then-write
/// transactions). PostgreSQL uses one pool for both.
#[derive(Debug, Clone)]
pub struct SqlStorage {
    /// Writes, and the transactions that may write.
    pool: AnyPool,
    /// Reads outside write transactions (the same pool as `pool` on PostgreSQL).
    readers: AnyPool,
    /// SQLite: the hottest reads, on the calling thread.
    direct: Option<Arc<SqliteReads>>,
    /// SQLite: the write transactions, committed in groups.
    writer: Option<GroupWriter>,
    kind: SqlKind,
    /// PostgreSQL: the users of the organizations used lately ([`kept`]).
    users: Option<Arc<UsersCache>>,
    /// PostgreSQL: their common certificate topics ([`kept`]).
    certificates: Option<Arc<CertificatesCache>>,
}

/// How long a PostgreSQL connection may stay idle in the pool before it is pinged again
/// when taken.
const POSTGRES_PING_AFTER_IDLE: std::time::Duration = std::time::Duration::from_secs(1);

/// SQLite connections read the database file through a shared memory map of up to this
/// many bytes instead of copying each page into their own cache: in WAL mode a
/// connection empties its cache whenever another one committed, which, with a write
/// every few requests, would make nearly every read copy its pages again. Writes still go
/// through the write-ahead log, so a crash cannot leave a half-written page.
pub(super) const MMAP_SIZE: i64 = 256 * 1024 * 1024;

/// How many SQLite reader connections are opened by default: two per core (a reader
/// waits on its worker thread between queries), at least 2, at most 16.
pub fn default_sqlite_readers() -> u32 {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    u32::try_from(cores * 2).unwrap_or(16).clamp(2, 16)
}

impl SqlStorage {
    /// Connects to a SQLite file with [`default_sqlite_readers`] readers and creates the
    /// schema. A missing file is created private to its owner (see
    /// [`create_private_sqlite_file`]).
    pub async fn open_sqlite(path: &Path) -> Result<Self, StorageError> {
        Self::open_sqlite_with_readers(path, default_sqlite_readers()).await
    }

    /// Connects to a SQLite file with one writer and `readers` reader connections.
    pub async fn open_sqlite_with_readers(path: &Path, readers: u32) -> Result<Self, StorageError> {
        sqlx::any::install_default_drivers();
        create_private_sqlite_file(path)?;
        let absolute = std::path::absolute(path)
            .map_err(|e| StorageError::Config(format!("invalid path {}: {e}", path.display())))?;
        let file_url = url::Url::from_file_path(&absolute)
            .map_err(|()| StorageError::Config(format!("invalid path {}", absolute.display())))?;
        let url = format!("sqlite://{}?mode=rwc", file_url.path());
        // Durability: write-ahead log with `synchronous = FULL`, set here rather than
        // trusting the build's default: the log is synced at every commit, so a commit is
        // on disk before the answer leaves, and a crash at any moment (`kill -9`, power
        // loss) leaves the last committed state. `journal_mode` is stored in the file.
        // The writer is kept open for the life of the pool: with no connection left,
        // SQLite would remove the `-wal` and `-shm` files the readers share.
        // No ping before each use (sqlx's default): a SQLite connection is a file handle
        // that cannot go stale, and the ping is a round trip through its worker thread.
        let pool = AnyPoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .test_before_acquire(false)
            .idle_timeout(None)
            .max_lifetime(None)
            .after_connect(|conn, _meta| {
                Box::pin(async move {
                    sqlx::query("PRAGMA journal_mode = WAL")
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query("PRAGMA synchronous = FULL")
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query(&format!("PRAGMA mmap_size = {MMAP_SIZE}"))
                        .execute(&mut *conn)
                        .await?;
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        let storage = Self::init(pool.clone(), pool, SqlKind::Sqlite).await?;
        let max_idle = usize::try_from(readers).unwrap_or(16);
        // Readers refuse writes (`query_only`), so a misrouted write fails loudly instead
        // of racing the writer.
        let readers = AnyPoolOptions::new()
            .max_connections(readers.max(1))
            .test_before_acquire(false)
            .after_connect(|conn, _meta| {
                Box::pin(async move {
                    sqlx::query("PRAGMA query_only = 1")
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query(&format!("PRAGMA mmap_size = {MMAP_SIZE}"))
                        .execute(&mut *conn)
                        .await?;
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        let direct = SqliteReads::open(&absolute, max_idle)?;
        Ok(Self {
            readers,
            direct: Some(Arc::new(direct)),
            writer: Some(GroupWriter::open(&absolute)?),
            ..storage
        })
    }

    /// Connects to PostgreSQL (`postgresql://…` or `postgres://…`) and creates the schema.
    pub async fn open_postgres(
        url: &str,
        max_connections: u32,
        min_connections: u32,
    ) -> Result<Self, StorageError> {
        sqlx::any::install_default_drivers();
        // sqlx pings a connection when it goes back to the pool; pinging it again before
        // each use (its default) would double the round trips of a busy server. Only a
        // connection left idle for a while is pinged first, so that one the database
        // dropped meanwhile (restart, idle timeout) is replaced instead of failing a request.
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .min_connections(min_connections)
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for > POSTGRES_PING_AFTER_IDLE {
                        sqlx::Connection::ping(conn).await?;
                    }
                    Ok(true)
                })
            })
            .connect(url)
            .await?;
        Self::init(pool.clone(), pool, SqlKind::Postgres).await
    }

    async fn init(pool: AnyPool, readers: AnyPool, kind: SqlKind) -> Result<Self, StorageError> {
        migrate_schema(&pool, kind, false).await?;
        Ok(Self {
            pool,
            readers,
            direct: None,
            writer: None,
            kind,
            users: (kind == SqlKind::Postgres)
                .then(|| kept::cache_of(DEFAULT_USERS_CACHE))
                .flatten(),
            certificates: (kind == SqlKind::Postgres)
                .then(|| kept::cache_of(DEFAULT_CERTIFICATES_CACHE))
                .flatten(),
        })
    }

    /// PostgreSQL: keeps at most `users` bytes of users and `certificates` bytes of
    /// certificates of the organizations used lately (0, or too little to keep anything:
    /// none; see [`kept`]), instead of [`DEFAULT_USERS_CACHE`] and
    /// [`DEFAULT_CERTIFICATES_CACHE`]. No effect on SQLite, whose reads are not round
    /// trips.
    pub fn with_caches(mut self, users: usize, certificates: usize) -> Self {
        if self.kind == SqlKind::Postgres {
            self.users = kept::cache_of(users);
            self.certificates = kept::cache_of(certificates);
        }
        self
    }

    /// PostgreSQL `certificate_get` through the kept common topics ([`kept`]): one cheap
    /// statement reads the topic's version and whether the organization has shamir
    /// recovery setups. Without any, the answer comes from memory when that version is
    /// kept; otherwise the topic is read with [`rows::certificates_sql`], whole or after
    /// the last certificate kept at an earlier version, and kept whole for the next
    /// requests. An organization with shamir recovery setups (whose topic is filtered for
    /// each user), or weighing more than the cache may keep, is read as without the
    /// cache, both topics in one statement from the client's cursors.
    async fn certificates_kept(
        &self,
        cache: &CertificatesCache,
        query: &CertificateQuery<'_>,
    ) -> Result<CertificateTopics, StorageError> {
        let mut conn = self.readers.acquire().await?;
        let org = query.organization.as_str();
        let Some(row) = sqlx::query(rows::CERTIFICATES_VERSION_SQL)
            .bind(org.to_owned())
            .fetch_optional(&mut *conn)
            .await?
        else {
            return Ok(CertificateTopics::default());
        };
        let version = row.col::<Option<i64>>("v")?.unwrap_or(i64::MIN);
        let shamir: bool = row.col("shamir")?;
        let key = (query.organization.clone(), query.redacted);
        let after = |kept: &[KeptCertificate]| -> Vec<Vec<u8>> {
            kept.iter()
                .filter(|c| query.common_after.is_none_or(|after| c.timestamp > after))
                .map(|c| c.certificate.to_vec())
                .collect()
        };
        let client_after = query.common_after.map_or(i64::MIN, DateTime::as_micros);
        // `keep`: the topic is kept after this read, `older` (what was kept at an earlier
        // version) followed by what is read. A topic only grows, each certificate
        // committed under the organization's lock with a timestamp later than every one
        // before it: what follows the last certificate kept is exactly what is missing.
        let (keep, older, common_after) = if shamir {
            (false, None, client_after)
        } else {
            match cache.lookup(&key, version) {
                Lookup::Kept(kept) => {
                    return Ok(CertificateTopics {
                        common: after(&kept),
                        shamir: Vec::new(),
                    })
                }
                Lookup::Missing { older } => {
                    let last = older
                        .as_deref()
                        .and_then(<[KeptCertificate]>::last)
                        .map_or(i64::MIN, |c| c.timestamp.as_micros());
                    (true, older, last)
                }
                Lookup::TooMany => (false, None, client_after),
            }
        };
        let rows = sqlx::query(rows::certificates_sql(query.redacted))
            .bind(org.to_owned())
            .bind(common_after)
            .bind(query.user.hex())
            .bind(query.shamir_after.map_or(i64::MIN, DateTime::as_micros))
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(rows::certificate_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        let (common, shamir) = rows::split_topics(rows)?;
        if !keep {
            // Read from the client's cursor already.
            return Ok(CertificateTopics {
                common: common.into_iter().map(|(_, c)| c).collect(),
                shamir,
            });
        }
        let whole: Vec<KeptCertificate> = older
            .iter()
            .flat_map(|older| older.iter().cloned())
            .chain(
                common
                    .into_iter()
                    .map(|(timestamp, certificate)| KeptCertificate {
                        timestamp,
                        certificate: certificate.into(),
                    }),
            )
            .collect();
        // Read after the version: never older than it.
        cache.put(&key, version, &whole);
        Ok(CertificateTopics {
            common: after(&whole),
            shamir,
        })
    }

    /// The users cache of PostgreSQL, for a transaction that read `version` of the users.
    fn users_access(&self, version: Option<i64>) -> Option<UsersAccess> {
        Some(UsersAccess {
            cache: self.users.clone()?,
            version: version?,
        })
    }

    /// `parsec-server migrate`: connects to the database at `url` (`postgresql://…`,
    /// `postgres://…`) or the SQLite file `path`, and brings its schema to
    /// [`SCHEMA_VERSION`] (or, with `dry_run`, only tells what it would do). Refuses a
    /// schema newer than this server's.
    pub async fn migrate(
        target: MigrateTarget<'_>,
        dry_run: bool,
    ) -> Result<SchemaMigration, StorageError> {
        sqlx::any::install_default_drivers();
        let (pool, kind) = match target {
            MigrateTarget::Postgres(url) => (
                AnyPoolOptions::new()
                    .max_connections(1)
                    .connect(url)
                    .await?,
                SqlKind::Postgres,
            ),
            MigrateTarget::Sqlite(path) => {
                if dry_run && !path.exists() {
                    return Ok(SchemaMigration {
                        from: None,
                        to: SCHEMA_VERSION,
                        applied: false,
                    });
                }
                create_private_sqlite_file(path)?;
                let absolute = std::path::absolute(path).map_err(|e| {
                    StorageError::Config(format!("invalid path {}: {e}", path.display()))
                })?;
                let file_url = url::Url::from_file_path(&absolute).map_err(|()| {
                    StorageError::Config(format!("invalid path {}", absolute.display()))
                })?;
                let url = format!("sqlite://{}?mode=rwc", file_url.path());
                (
                    AnyPoolOptions::new()
                        .max_connections(1)
                        .connect(&url)
                        .await?,
                    SqlKind::Sqlite,
                )
            }
        };
        let outcome = migrate_schema(&pool, kind, dry_run).await;
        pool.close().await;
        outcome
    }

    /// Which database this is.
    pub fn kind(&self) -> SqlKind {
        self.kind
    }

    /// Closes the connections: every later operation fails, [`Storage::ping`] included.
    pub async fn close(&self) {
        if let Some(direct) = &self.direct {
            direct.close();
        }
        if let Some(writer) = &self.writer {
            writer.close().await;
        }
        self.readers.close().await;
        self.pool.close().await;
    }
}

/// The database [`SqlStorage::migrate`] works on.
#[derive(Debug, Clone, Copy)]
pub enum MigrateTarget<'a> {
    /// A PostgreSQL URL.
    Postgres(&'a str),
    /// A SQLite file.
    Sqlite(&'a Path),
}

/// What a schema migration found and did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemaMigration {
    /// The version found (`None`: an empty database).
    pub from: Option<i64>,
    /// This server's version, [`SCHEMA_VERSION`].
    pub to: i64,
    /// Whether tables were created and the version written (false when up to date or
    /// in a dry run).
    pub applied: bool,
}

/// Creates the missing tables and records [`SCHEMA_VERSION`], in one transaction;
/// refuses a database written by a newer server. With `dry_run`, only reads the version.
async fn migrate_schema(
    pool: &AnyPool,
    kind: SqlKind,
    dry_run: bool,
) -> Result<SchemaMigration, StorageError> {
    let mut tx = pool.begin().await?;
    if kind == SqlKind::Postgres {
        // Servers starting together would race on `CREATE TABLE IF NOT EXISTS`.
        sqlx::query("SELECT pg_advisory_xact_lock(7706)")
            .execute(&mut *tx)
            .await?;
    }
    let has_version_table = match kind {
        SqlKind::Postgres => sqlx::query(
            "SELECT 1 FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = 'parsec_schema_version'",
        ),
        SqlKind::Sqlite => sqlx::query(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'parsec_schema_version'",
        ),
    }
    .fetch_optional(&mut *tx)
    .await?
    .is_some();
    let from: Option<i64> = if has_version_table {
        sqlx::query("SELECT MAX(version) AS v FROM parsec_schema_version")
            .fetch_one(&mut *tx)
            .await?
            .try_get("v")?
    } else {
        None
    };
    if let Some(v) = from.filter(|v| *v > SCHEMA_VERSION) {
        return Err(StorageError::Config(format!(
            "the database was written by a newer server (schema version {v}, ours is \
             {SCHEMA_VERSION}): upgrade this server"
        )));
    }
    let up_to_date = from == Some(SCHEMA_VERSION);
    if dry_run || up_to_date {
        return Ok(SchemaMigration {
            from,
            to: SCHEMA_VERSION,
            applied: false,
        });
    }
    // Older versions only lack tables, indexes and, on PostgreSQL, the users' version:
    // every statement leaves what exists as it is.
    for stmt in schema::statements(kind == SqlKind::Sqlite) {
        sqlx::query(&stmt).execute(&mut *tx).await?;
    }
    sqlx::query("INSERT INTO parsec_schema_version (version) VALUES ($1)")
        .bind(SCHEMA_VERSION)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(SchemaMigration {
        from,
        to: SCHEMA_VERSION,
        applied: true,
    })
}

impl SqlStorage {
    /// SQLite: holds the group writer (after committing its open group) while a write
    /// goes through the sqlx writer connection, so that the two never wait on each other
    /// for SQLite's lock. `None` on PostgreSQL.
    async fn exclusive_writer(&self) -> Option<sqlite_writer::ExclusiveTurn> {
        match &self.writer {
            Some(writer) => Some(writer.exclusive().await),
            None => None,
        }
    }
}

#[async_trait]
impl Storage for SqlStorage {
    async fn create_organization(
        &self,
        new: NewOrganization,
    ) -> Result<(), CreateOrganizationError> {
        let _turn = self.exclusive_writer().await;
        if insert_org(&self.pool, &new).await? == 0 {
            return Err(CreateOrganizationError::AlreadyExists);
        }
        Ok(())
    }

    async fn get_organization(
        &self,
        id: &OrganizationID,
    ) -> Result<Option<Organization>, StorageError> {
        if let Some(direct) = &self.direct {
            return direct.read(|conn| {
                let mut statement = conn.prepare_cached(rows::org_sql())?;
                let params = rusqlite::named_params! { "$1": id.as_str() };
                Ok(decode_rows(&mut statement, params, |row| org_from_row(row))?.pop())
            });
        }
        fetch_org(&self.readers, id).await
    }

    async fn list_organizations(&self) -> Result<Vec<Organization>, StorageError> {
        let sql =
            format!("SELECT {ORG_COLUMNS} FROM organization ORDER BY created_on, organization_id");
        let rows = sqlx::query(&sql).fetch_all(&self.readers).await?;
        rows.iter().map(org_from_row).collect()
    }

    async fn update_organization(
        &self,
        id: &OrganizationID,
        change: &(dyn Fn(Organization) -> Organization + Send + Sync),
        outbox: Outbox,
    ) -> Result<(), UpdateOrganizationError> {
        let _turn = self.exclusive_writer().await;
        let mut tx = TxConn::Own(self.pool.begin().await.map_err(StorageError::from)?);
        let org = fetch_org(tx.pooled(), id)
            .await?
            .ok_or(UpdateOrganizationError::NotFound)?;
        let org = change(org);
        let tos = org.config.tos.as_ref();
        sqlx::query(
            "UPDATE organization SET is_expired = $2, user_profile_outsider_allowed = $3, \
                active_users_limit = $4, minimum_archiving_period = $5, tos_per_locale_urls = $6, \
                tos_updated_on = $7 \
             WHERE organization_id = $1",
        )
        .bind(id.as_str().to_owned())
        .bind(b(org.is_expired))
        .bind(b(org.config.user_profile_outsider_allowed))
        .bind(org.config.active_users_limit.map(u64_to_i64))
        .bind(u64_to_i64(org.config.minimum_archiving_period))
        .bind(tos.map(|t| tos_to_json(&t.per_locale_urls)))
        .bind(tos.map(|t| t.updated_on.as_micros()))
        .execute(tx.pooled())
        .await
        .map_err(StorageError::from)?;
        let notified = tx::notify(&mut tx, &outbox, self.kind == SqlKind::Postgres).await?;
        tx.commit().await?;
        outbox.committed(notified);
        Ok(())
    }

    async fn bootstrap_organization(
        &self,
        id: &OrganizationID,
        bootstrap_token: Option<AccessToken>,
        spontaneous: Option<NewOrganization>,
        data: BootstrapData,
    ) -> Result<(), BootstrapOrganizationError> {
        let _turn = self.exclusive_writer().await;
        let mut tx = TxConn::Own(self.pool.begin().await.map_err(StorageError::from)?);
        let org = match (fetch_org(tx.pooled(), id).await?, spontaneous) {
            (Some(org), _) => org,
            (None, Some(new)) => {
                insert_org(tx.pooled(), &new).await?;
                new.into_organization()
            }
            (None, None) => return Err(BootstrapOrganizationError::NotFound),
        };
        if !bootstrap_token_matches(org.bootstrap_token.as_ref(), bootstrap_token.as_ref()) {
            return Err(BootstrapOrganizationError::InvalidBootstrapToken);
        }
        if org.is_bootstrapped {
            return Err(BootstrapOrganizationError::AlreadyBootstrapped);
        }
        let seq = data.sequester_authority.as_ref();
        // The `is_bootstrapped = 0` condition makes the second of two concurrent
        // bootstraps fail here (PostgreSQL locks the row until the first commits).
        let res = sqlx::query(
            "UPDATE organization SET is_bootstrapped = 1, bootstrapped_on = $2, root_verify_key = $3, \
                sequester_authority_certificate = $4, sequester_authority_verify_key_der = $5, \
                sequester_authority_timestamp = $6, common_topic_last_timestamp = $7, \
                sequester_topic_last_timestamp = $6 \
             WHERE organization_id = $1 AND is_bootstrapped = 0",
        )
        .bind(id.as_str().to_owned())
        .bind(data.bootstrapped_on.as_micros())
        .bind(data.root_verify_key.as_bytes().to_vec())
        .bind(seq.map(|s| s.certificate.clone()))
        .bind(seq.map(|s| s.verify_key_der.clone()))
        .bind(seq.map(|s| s.timestamp.as_micros()))
        .bind(data.user.created_on.as_micros())
        .execute(tx.pooled())
        .await
        .map_err(StorageError::from)?;
        if res.rows_affected() != 1 {
            return Err(BootstrapOrganizationError::AlreadyBootstrapped);
        }
        insert_user(&mut tx, id, &data.user).await?;
        insert_device(&mut tx, id, &data.device).await?;
        crate::failpoint::hit("bootstrap:before-commit");
        tx.commit().await?;
        crate::failpoint::hit("bootstrap:after-commit");
        Ok(())
    }

    async fn get_user(
        &self,
        org: &OrganizationID,
        user_id: UserID,
    ) -> Result<Option<User>, StorageError> {
        let sql = format!(
            "SELECT {USER_COLUMNS} FROM parsec_user WHERE organization_id = $1 AND user_id = $2"
        );
        let row = sqlx::query(&sql)
            .bind(org.as_str().to_owned())
            .bind(user_id.hex())
            .fetch_optional(&self.readers)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    async fn list_users(&self, org: &OrganizationID) -> Result<Vec<User>, StorageError> {
        let rows = sqlx::query(rows::list_users_sql())
            .bind(org.as_str().to_owned())
            .fetch_all(&self.readers)
            .await?;
        rows.iter().map(user_from_row).collect()
    }

    async fn get_device(
        &self,
        org: &OrganizationID,
        device_id: DeviceID,
    ) -> Result<Option<Device>, StorageError> {
        let sql = format!(
            "SELECT {DEVICE_COLUMNS} FROM device WHERE organization_id = $1 AND device_id = $2"
        );
        let row = sqlx::query(&sql)
            .bind(org.as_str().to_owned())
            .bind(device_id.hex())
            .fetch_optional(&self.readers)
            .await?;
        row.as_ref().map(device_from_row).transpose()
    }

    async fn lookup_device(
        &self,
        org: &OrganizationID,
        device_id: DeviceID,
    ) -> Result<Option<DeviceLookup>, StorageError> {
        if let Some(direct) = &self.direct {
            return direct.read(|conn| {
                let mut statement = conn.prepare_cached(rows::lookup_device_sql())?;
                let params = rusqlite::named_params! {
                    "$1": org.as_str(),
                    "$2": device_id.hex(),
                };
                Ok(decode_rows(&mut statement, params, |row| rows::lookup_from_row(row))?.pop())
            });
        }
        let row = sqlx::query(rows::lookup_device_sql())
            .bind(org.as_str().to_owned())
            .bind(device_id.hex())
            .fetch_optional(&self.readers)
            .await?;
        row.as_ref().map(rows::lookup_from_row).transpose()
    }

    async fn set_user_frozen(
        &self,
        org: &OrganizationID,
        user_id: UserID,
        frozen: bool,
        outbox: Outbox,
    ) -> Result<User, FreezeUserError> {
        let _turn = self.exclusive_writer().await;
        let mut tx = TxConn::Own(self.pool.begin().await.map_err(StorageError::from)?);
        // Locked first on PostgreSQL, as by every write transaction: changing the user
        // updates the organization row too (its users' version).
        let found = query::stmt(tx_org_sql(self.kind == SqlKind::Postgres, TxMode::Write))
            .bind(org.as_str())
            .fetch_optional(&mut tx)
            .await?;
        if found.is_none() {
            return Err(FreezeUserError::OrganizationNotFound);
        }
        let sql = format!(
            "SELECT {USER_COLUMNS} FROM parsec_user WHERE organization_id = $1 AND user_id = $2"
        );
        let row = sqlx::query(&sql)
            .bind(org.as_str().to_owned())
            .bind(user_id.hex())
            .fetch_optional(tx.pooled())
            .await
            .map_err(StorageError::from)?;
        let mut user = user_from_row(&row.ok_or(FreezeUserError::UserNotFound)?)?;
        if user.revoked_on.is_some() {
            return Err(FreezeUserError::UserRevoked);
        }
        sqlx::query(
            "UPDATE parsec_user SET frozen = $3 WHERE organization_id = $1 AND user_id = $2",
        )
        .bind(org.as_str().to_owned())
        .bind(user_id.hex())
        .bind(b(frozen))
        .execute(tx.pooled())
        .await
        .map_err(StorageError::from)?;
        let notified = tx::notify(&mut tx, &outbox, self.kind == SqlKind::Postgres).await?;
        tx.commit().await?;
        outbox.committed(notified);
        user.frozen = frozen;
        Ok(user)
    }

    async fn get_certificates(
        &self,
        query: &CertificateQuery<'_>,
    ) -> Result<CertificateTopics, StorageError> {
        let sql = rows::certificates_sql(query.redacted);
        let org = query.organization.as_str();
        let common_after = query.common_after.map_or(i64::MIN, DateTime::as_micros);
        let user = query.user.hex();
        let shamir_after = query.shamir_after.map_or(i64::MIN, DateTime::as_micros);
        let rows = if let Some(direct) = &self.direct {
            direct.read(|conn| {
                let mut statement = conn.prepare_cached(sql)?;
                let params = rusqlite::named_params! {
                    "$1": org,
                    "$2": common_after,
                    "$3": user,
                    "$4": shamir_after,
                };
                decode_rows(&mut statement, params, |row| {
                    rows::certificate_from_row(row)
                })
            })?
        } else if let Some(cache) = &self.certificates {
            return self.certificates_kept(cache, query).await;
        } else {
            sqlx::query(sql)
                .bind(org.to_owned())
                .bind(common_after)
                .bind(user)
                .bind(shamir_after)
                .fetch_all(&self.readers)
                .await?
                .iter()
                .map(rows::certificate_from_row)
                .collect::<Result<_, _>>()?
        };
        rows::certificate_topics(rows)
    }

    async fn get_invitation(
        &self,
        org: &OrganizationID,
        token: &AccessToken,
    ) -> Result<Option<Invitation>, StorageError> {
        let mut conn = TxConn::Autocommit(self.readers.acquire().await?);
        fetch_invitation(&mut conn, org, token).await
    }

    async fn purge_greeting_attempts(
        &self,
        before: DateTime,
        only: Option<&OrganizationID>,
    ) -> Result<u64, StorageError> {
        // Nothing else writes an ended attempt: no organization lock is needed.
        let stale = format!(
            "(a.cancelled_on < $1 OR EXISTS (SELECT 1 FROM invitation i \
             WHERE i.organization_id = a.organization_id AND i.token = a.token \
             AND i.deleted_on < $1)){}",
            if only.is_some() {
                " AND a.organization_id = $2"
            } else {
                ""
            }
        );
        let _turn = self.exclusive_writer().await;
        let mut tx = self.pool.begin().await?;
        let steps = format!(
            "DELETE FROM greeting_step WHERE EXISTS (SELECT 1 FROM greeting_attempt a \
             WHERE a.organization_id = greeting_step.organization_id \
             AND a.greeting_attempt_id = greeting_step.greeting_attempt_id AND {stale})"
        );
        purge_query(&steps, before, only).execute(&mut *tx).await?;
        let attempts = format!(
            "DELETE FROM greeting_attempt WHERE EXISTS (SELECT 1 FROM greeting_attempt a \
             WHERE a.organization_id = greeting_attempt.organization_id \
             AND a.greeting_attempt_id = greeting_attempt.greeting_attempt_id AND {stale})"
        );
        let purged = purge_query(&attempts, before, only)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(purged)
    }

    fn cache_stats(&self) -> Option<StorageCaches> {
        (self.kind == SqlKind::Postgres).then(|| StorageCaches {
            users: self.users.as_ref().map(|cache| cache.stats()),
            certificates: self.certificates.as_ref().map(|cache| cache.stats()),
        })
    }

    async fn users_and_invitations(
        &self,
        org: &OrganizationID,
    ) -> Result<Option<(Vec<User>, Vec<Invitation>)>, StorageError> {
        // SQLite: on the calling thread, both lists in one read transaction (one
        // snapshot). Shamir recovery invitations need their setups: the general path
        // links them.
        if let Some(direct) = &self.direct {
            let found = direct.read(|conn| {
                let tx = conn.unchecked_transaction()?;
                let params = rusqlite::named_params! { "$1": org.as_str() };
                if tx
                    .prepare_cached(rows::org_sql())?
                    .query(params)?
                    .next()?
                    .is_none()
                {
                    return Ok(Some(None));
                }
                let mut statement = tx.prepare_cached(rows::list_users_sql())?;
                let users = decode_rows(&mut statement, params, |row| user_from_row(row))?;
                let mut statement = tx.prepare_cached(&rows::invitations_sql(""))?;
                let invitations =
                    decode_rows(&mut statement, params, |row| rows::invitation_from_row(row))?;
                if invitations
                    .iter()
                    .any(|i| i.kind == parsec_protocol::addr::InvitationType::ShamirRecovery)
                {
                    return Ok(None);
                }
                Ok(Some(Some((users, invitations))))
            })?;
            if let Some(found) = found {
                return Ok(found);
            }
        }
        if self.kind == SqlKind::Postgres {
            // One statement finds the organization, the version of its users and its
            // invitations; the users come from the cache when kept for that version,
            // otherwise from a second statement.
            let mut conn = TxConn::Autocommit(self.readers.acquire().await?);
            let rows = query::stmt(rows::org_invitations_sql())
                .bind(org.as_str())
                .fetch_all(&mut conn)
                .await?;
            let Some(first) = rows.first() else {
                return Ok(None);
            };
            let version: i64 = first.col("users_version")?;
            let mut invitations = Vec::with_capacity(rows.len());
            for row in &rows {
                if row.col::<Option<Vec<u8>>>("token")?.is_some() {
                    invitations.push(rows::invitation_from_row(row)?);
                }
            }
            for invitation in &mut invitations {
                rows::link_invitation(&mut conn, org, invitation).await?;
            }
            let access = self.users_access(Some(version));
            if let Some(users) = access.as_ref().and_then(|a| a.cache.get(org, version)) {
                return Ok(Some((users.to_vec(), invitations)));
            }
            let users = query::stmt(rows::list_users_sql())
                .bind(org.as_str())
                .fetch_all(&mut conn)
                .await?
                .iter()
                .map(user_from_row)
                .collect::<Result<Vec<_>, _>>()?;
            if let Some(access) = access {
                // Read after the version: never older than it (see `kept`).
                access.cache.put(org, version, &users);
            }
            return Ok(Some((users, invitations)));
        }
        super::users_and_invitations_in(self.transaction(org, TxMode::Read).await?).await
    }

    async fn transaction_with(
        &self,
        org: &OrganizationID,
        mode: TxMode,
        outbox: Outbox,
    ) -> Result<Option<Box<dyn OrgTransaction + '_>>, StorageError> {
        // Reads go to the readers (outside any write transaction, never waiting for one).
        // SQLite's writes join the current commit group.
        let mut tx = match (mode, &self.writer) {
            (TxMode::Read, _) if self.kind == SqlKind::Postgres => {
                TxConn::Autocommit(self.readers.acquire().await?)
            }
            (TxMode::Read, _) => TxConn::Own(self.readers.begin().await?),
            (TxMode::Write, Some(writer)) => TxConn::Grouped(writer.begin().await?),
            (TxMode::Write, None) => TxConn::Own(self.pool.begin().await?),
        };
        // The organization row, locked for a PostgreSQL write (see `tx_org_sql`).
        let postgres = self.kind == SqlKind::Postgres;
        let row = query::stmt(tx_org_sql(postgres, mode))
            .bind(org.as_str())
            .fetch_optional(&mut tx)
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let organization = org_from_row(&row)?;
        let users = match self.users {
            Some(_) => self.users_access(Some(row.col("users_version")?)),
            None => None,
        };
        Ok(Some(Box::new(tx::SqlTx::new(
            tx,
            organization,
            mode,
            postgres,
            outbox,
            users,
        ))))
    }

    async fn ping(&self) -> Result<(), StorageError> {
        sqlx::query("SELECT 1").execute(&self.readers).await?;
        Ok(())
    }

    fn group_commit_stats(&self) -> Option<GroupCommitStats> {
        self.writer.as_ref().map(GroupWriter::stats)
    }

    fn pool_stats(&self) -> Vec<PoolStats> {
        let stats = |role, pool: &AnyPool| PoolStats {
            role,
            size: pool.size(),
            idle: u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
            max: pool.options().get_max_connections(),
        };
        match self.kind {
            SqlKind::Sqlite => vec![stats("writer", &self.pool), stats("reader", &self.readers)],
            SqlKind::Postgres => vec![stats("main", &self.pool)],
        }
    }
}

/// The organization row that begins a transaction: on PostgreSQL, locked for a write
/// (the writers of one organization run one after the other; SQLite has a single writer
/// connection, hence one write transaction at a time already), with the version of its
/// users.
fn tx_org_sql(postgres: bool, mode: TxMode) -> &'static str {
    static SQL: [std::sync::OnceLock<String>; 3] = [const { std::sync::OnceLock::new() }; 3];
    let (index, extra, lock) = match (postgres, mode) {
        (false, _) => (0, "", ""),
        (true, TxMode::Read) => (1, ", users_version", ""),
        (true, TxMode::Write) => (2, ", users_version", " FOR UPDATE"),
    };
    SQL[index].get_or_init(|| {
        format!("SELECT {ORG_COLUMNS}{extra} FROM organization WHERE organization_id = $1{lock}")
    })
}

/// A purge statement with its `before` and optional organization bound.
fn purge_query<'q>(
    sql: &'q str,
    before: DateTime,
    only: Option<&OrganizationID>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    let query = sqlx::query(sql).bind(before.as_micros());
    match only {
        Some(org) => query.bind(org.as_str().to_owned()),
        None => query,
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path)
            .unwrap_or_else(|e| panic!("stat {}: {e}", path.display()))
            .permissions()
            .mode()
            & 0o777
    }

    /// SQLite reads an organization's invitations, all of them by creation time or its
    /// pending ones of a type, from an index alone: no look-up per row, no sort.
    #[tokio::test]
    async fn invitations_are_read_from_covering_indexes() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let path = tmp.path().join("plan.sqlite");
        let _store = SqlStorage::open_sqlite(&path).await.expect("open");
        let conn = rusqlite::Connection::open(&path).expect("open");
        let plan = |filter: &str| -> String {
            let sql = format!("EXPLAIN QUERY PLAN {}", rows::invitations_sql(filter));
            let mut statement = conn.prepare(&sql).expect("prepare");
            let params = rusqlite::named_params! { "$1": "Org", "$2": "USER" };
            let params = &params[..statement.parameter_count()];
            let steps = statement
                .query_map(params, |row| row.get::<_, String>("detail"))
                .expect("plan")
                .collect::<Result<Vec<_>, _>>()
                .expect("plan");
            steps.join("; ")
        };
        assert_eq!(
            plan(""),
            "SEARCH invitation USING COVERING INDEX invitation_listing (organization_id=?)"
        );
        assert_eq!(
            plan(rows::PENDING_OF_TYPE),
            "SEARCH invitation USING COVERING INDEX invitation_pending \
             (organization_id=? AND invitation_type=?)"
        );
    }

    #[tokio::test]
    async fn a_new_database_is_private() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("data/parsec-server");
        let path = dir.join("parsec.sqlite");
        let store = SqlStorage::open_sqlite(&path).await.expect("open");
        // A write, so that any side file (journal) SQLite keeps is there too.
        store
            .create_organization(new_org("ModeOrg"))
            .await
            .expect("create");
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&tmp.path().join("data")), 0o700);
        for entry in std::fs::read_dir(&dir).expect("list") {
            let side = entry.expect("entry").path();
            assert_eq!(mode(&side), 0o600, "{}", side.display());
        }
    }

    #[tokio::test]
    async fn sqlite_commits_are_durable() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let store = SqlStorage::open_sqlite(&tmp.path().join("parsec.sqlite"))
            .await
            .expect("open");
        let mut conn = store.pool.acquire().await.expect("connection");
        let journal: String = sqlx::query("PRAGMA journal_mode")
            .fetch_one(&mut *conn)
            .await
            .expect("journal_mode")
            .try_get(0)
            .expect("text");
        assert_eq!(journal.to_ascii_lowercase(), "wal");
        let synchronous: i64 = sqlx::query("PRAGMA synchronous")
            .fetch_one(&mut *conn)
            .await
            .expect("synchronous")
            .try_get(0)
            .expect("integer");
        assert_eq!(synchronous, 2, "FULL");
    }

    fn new_org(name: &str) -> NewOrganization {
        NewOrganization {
            id: name.parse().expect("organization id"),
            bootstrap_token: None,
            config: Default::default(),
            created_on: DateTime::now(),
        }
    }

    #[tokio::test]
    async fn reads_do_not_wait_for_an_open_write_transaction() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let store = SqlStorage::open_sqlite_with_readers(&tmp.path().join("parsec.sqlite"), 2)
            .await
            .expect("open");
        store
            .create_organization(new_org("Before"))
            .await
            .expect("create");
        let org: OrganizationID = "Before".parse().expect("organization id");
        // The single writer connection is busy with an open write transaction...
        let mut tx = store
            .transaction(&org, TxMode::Write)
            .await
            .expect("begin")
            .expect("organization");
        tx.set_common_topic_last_timestamp(DateTime::from_micros(42))
            .await
            .expect("write");
        // ...and reads still answer at once, with the last committed state.
        let read = tokio::time::timeout(std::time::Duration::from_secs(5), async {
            let listed = store.list_organizations().await.expect("list");
            let read_tx = store
                .transaction(&org, TxMode::Read)
                .await
                .expect("begin read")
                .expect("organization");
            (listed, read_tx.organization().common_topic_last_timestamp)
        })
        .await
        .expect("reads wait for the writer");
        assert_eq!(read.0.len(), 1);
        assert_eq!(read.1, None, "an uncommitted write is visible");
        tx.commit().await.expect("commit");
        let after = store
            .get_organization(&org)
            .await
            .expect("get")
            .expect("org");
        assert_eq!(
            after.common_topic_last_timestamp,
            Some(DateTime::from_micros(42))
        );
    }

    #[tokio::test]
    async fn reader_connections_refuse_writes() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let store = SqlStorage::open_sqlite(&tmp.path().join("parsec.sqlite"))
            .await
            .expect("open");
        let written = sqlx::query("DELETE FROM organization")
            .execute(&store.readers)
            .await;
        assert!(written.is_err(), "a reader wrote");
        store.ping().await.expect("ping");
        let roles: Vec<_> = store.pool_stats().iter().map(|p| p.role).collect();
        assert_eq!(roles, ["writer", "reader"]);
    }

    #[tokio::test]
    async fn an_existing_database_and_folder_keep_their_mode() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let path = tmp.path().join("parsec.sqlite");
        std::fs::write(&path, b"").expect("create");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755))
            .expect("chmod");
        SqlStorage::open_sqlite(&path).await.expect("open");
        assert_eq!(mode(&path), 0o640);
        assert_eq!(mode(tmp.path()), 0o755);
    }
}
