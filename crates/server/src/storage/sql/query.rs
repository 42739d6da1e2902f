//! Statements of a transaction, run by whichever driver holds its connection: sqlx for
//! PostgreSQL and SQLite's reads, rusqlite for SQLite's writer ([`super::sqlite_writer`]),
//! which runs them on the calling thread instead of a round trip to a worker thread per
//! statement. The SQL is the same for both (`$N` placeholders); rows decode through
//! [`SqlRow`].

use super::rows::SqlRow;
use super::sqlite_reads::column_index;
use super::tx::{Driver, TxConn};
use crate::storage::StorageError;
use rusqlite::types::{FromSql, ToSqlOutput, Value, ValueRef};
use sqlx::any::{AnyArguments, AnyRow};
use std::sync::Arc;

/// A bound value.
#[derive(Debug, Clone)]
pub(super) enum Arg {
    Int(Option<i64>),
    Text(Option<String>),
    Blob(Option<Vec<u8>>),
}

impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Self::Int(Some(v))
    }
}

impl From<Option<i64>> for Arg {
    fn from(v: Option<i64>) -> Self {
        Self::Int(v)
    }
}

impl From<String> for Arg {
    fn from(v: String) -> Self {
        Self::Text(Some(v))
    }
}

impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Self::Text(Some(v.to_owned()))
    }
}

impl From<Option<String>> for Arg {
    fn from(v: Option<String>) -> Self {
        Self::Text(v)
    }
}

impl From<Option<&str>> for Arg {
    fn from(v: Option<&str>) -> Self {
        Self::Text(v.map(str::to_owned))
    }
}

impl From<Vec<u8>> for Arg {
    fn from(v: Vec<u8>) -> Self {
        Self::Blob(Some(v))
    }
}

impl From<Option<Vec<u8>>> for Arg {
    fn from(v: Option<Vec<u8>>) -> Self {
        Self::Blob(v)
    }
}

impl rusqlite::ToSql for Arg {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Self::Int(Some(v)) => ToSqlOutput::Borrowed(ValueRef::Integer(*v)),
            Self::Text(Some(v)) => ToSqlOutput::Borrowed(ValueRef::Text(v.as_bytes())),
            Self::Blob(Some(v)) => ToSqlOutput::Borrowed(ValueRef::Blob(v)),
            Self::Int(None) | Self::Text(None) | Self::Blob(None) => {
                ToSqlOutput::Borrowed(ValueRef::Null)
            }
        })
    }
}

/// One statement and its arguments (`$1` is the first).
#[must_use]
pub(super) struct Stmt<'q> {
    sql: &'q str,
    args: Vec<Arg>,
}

/// A statement to bind, then run on a [`TxConn`].
pub(super) fn stmt(sql: &str) -> Stmt<'_> {
    Stmt {
        sql,
        args: Vec::new(),
    }
}

impl<'q> Stmt<'q> {
    pub(super) fn bind(mut self, arg: impl Into<Arg>) -> Self {
        self.args.push(arg.into());
        self
    }

    fn sqlx(&self) -> sqlx::query::Query<'q, sqlx::Any, AnyArguments<'q>> {
        let mut query = sqlx::query(self.sql);
        for arg in &self.args {
            query = match arg.clone() {
                Arg::Int(v) => query.bind(v),
                Arg::Text(v) => query.bind(v),
                Arg::Blob(v) => query.bind(v),
            };
        }
        query
    }

    /// Prepares (from the connection's cache) and binds the statement: `$N` takes the
    /// N-th argument wherever it appears.
    fn prepared<'c>(
        &self,
        conn: &'c rusqlite::Connection,
    ) -> Result<rusqlite::CachedStatement<'c>, StorageError> {
        let mut statement = conn.prepare_cached(self.sql)?;
        for index in 1..=statement.parameter_count() {
            let n = statement
                .parameter_name(index)
                .and_then(|name| name.strip_prefix('$'))
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(index);
            let arg = self
                .args
                .get(n - 1)
                .ok_or(rusqlite::Error::InvalidParameterCount(n, self.args.len()))?;
            statement.raw_bind_parameter(index, arg)?;
        }
        Ok(statement)
    }

    /// Runs the statement; returns how many rows it changed.
    pub(super) async fn execute(self, conn: &mut TxConn) -> Result<u64, StorageError> {
        match conn.driver() {
            Driver::Lite(lite) => {
                let mut statement = self.prepared(lite)?;
                Ok(u64::try_from(statement.raw_execute()?).unwrap_or(u64::MAX))
            }
            Driver::Sqlx(conn) => Ok(self.sqlx().execute(conn).await?.rows_affected()),
        }
    }

    /// Every row of the result.
    pub(super) async fn fetch_all(self, conn: &mut TxConn) -> Result<Vec<DbRow>, StorageError> {
        match conn.driver() {
            Driver::Lite(lite) => {
                let mut statement = self.prepared(lite)?;
                let names: Arc<[String]> = statement
                    .column_names()
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
                let width = names.len();
                let mut rows = statement.raw_query();
                let mut out = Vec::new();
                while let Some(row) = rows.next()? {
                    let values = (0..width)
                        .map(|i| owned(row.get_ref(i)?, i))
                        .collect::<Result<Vec<_>, _>>()?;
                    out.push(DbRow::Lite(LiteRow {
                        names: names.clone(),
                        values,
                    }));
                }
                Ok(out)
            }
            Driver::Sqlx(conn) => Ok(self
                .sqlx()
                .fetch_all(conn)
                .await?
                .into_iter()
                .map(DbRow::Any)
                .collect()),
        }
    }

    /// The first row of the result, which must exist.
    pub(super) async fn fetch_one(self, conn: &mut TxConn) -> Result<DbRow, StorageError> {
        self.fetch_optional(conn)
            .await?
            .ok_or(StorageError::Database(sqlx::Error::RowNotFound))
    }

    /// The first row of the result, if any.
    pub(super) async fn fetch_optional(
        self,
        conn: &mut TxConn,
    ) -> Result<Option<DbRow>, StorageError> {
        if let Driver::Sqlx(conn) = conn.driver() {
            return Ok(self.sqlx().fetch_optional(conn).await?.map(DbRow::Any));
        }
        Ok(self.fetch_all(conn).await?.into_iter().next())
    }
}

/// A copy of a column's value; text that is not UTF-8 is an error (rusqlite's own
/// conversion would panic).
fn owned(value: ValueRef<'_>, index: usize) -> Result<Value, rusqlite::Error> {
    Ok(match value {
        ValueRef::Text(bytes) => Value::Text(
            std::str::from_utf8(bytes)
                .map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        index,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })?
                .to_owned(),
        ),
        other => Value::from(other),
    })
}

/// A row read by either driver.
pub(super) enum DbRow {
    Any(AnyRow),
    Lite(LiteRow),
}

/// A row read by rusqlite, copied out of its statement.
pub(super) struct LiteRow {
    names: Arc<[String]>,
    values: Vec<Value>,
}

impl SqlRow for DbRow {
    fn col<T>(&self, name: &str) -> Result<T, StorageError>
    where
        T: for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any> + FromSql,
    {
        match self {
            Self::Any(row) => row.col(name),
            Self::Lite(row) => {
                let index = column_index(&row.names, name)?;
                let value = ValueRef::from(&row.values[index]);
                T::column_result(value).map_err(|e| {
                    StorageError::Sqlite(rusqlite::Error::FromSqlConversionFailure(
                        index,
                        value.data_type(),
                        Box::new(e),
                    ))
                })
            }
        }
    }
}
