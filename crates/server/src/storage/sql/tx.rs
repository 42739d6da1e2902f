//! The SQL [`OrgTransaction`]: one database transaction, rolled back when dropped (a
//! PostgreSQL read runs its statements without one, see [`TxConn::Autocommit`]).

use super::kept::UsersCache;
use super::query::stmt;
use super::rows::{
    b, corrupted, device_from_row, dt, fetch_attempt_where, fetch_invitation, fetch_invitations,
    fetch_shamir_setups, insert_device, insert_user, key32, list_users_sql, parse, side_str,
    u64_to_i64, user_from_row, AttemptBind, SqlRow, DEVICE_COLUMNS, PENDING_OF_TYPE, USER_COLUMNS,
};
use super::sqlite_writer::Member;
use crate::cluster::{Outbox, CHANNEL};
use crate::storage::{
    Device, GreetingAttempt, Invitation, InvitationDeletedReason, OrgTransaction, Organization,
    ShamirRecoverySetup, StorageError, TotpOpaqueKey, TxMode, User, UserRevocation, UserTotp,
    UserUpdate,
};
use async_trait::async_trait;
use parsec_protocol::addr::InvitationType;
use parsec_protocol::crypto::SecretKey;
use parsec_protocol::ids::{AccessToken, DeviceID, GreetingAttemptID, TOTPOpaqueKeyID, UserID};
use parsec_protocol::invite::GreeterOrClaimer;
use parsec_protocol::DateTime;
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, Transaction};
use std::sync::Arc;

/// The connection a transaction works on.
pub(super) enum TxConn {
    /// A transaction of its own (PostgreSQL writes, SQLite reads).
    Own(Transaction<'static, Any>),
    /// A savepoint in SQLite's current commit group.
    Grouped(Member),
    /// PostgreSQL reads: a connection without `BEGIN`. In PostgreSQL's default `READ
    /// COMMITTED` every statement of a transaction sees its own snapshot anyway, so
    /// `BEGIN` and the `ROLLBACK` that ends a read would only cost two round trips.
    Autocommit(PoolConnection<Any>),
}

impl TxConn {
    pub(super) async fn commit(self) -> Result<(), StorageError> {
        match self {
            Self::Own(tx) => Ok(tx.commit().await?),
            Self::Grouped(member) => member.commit().await,
            Self::Autocommit(_) => Ok(()),
        }
    }

    /// The sqlx connection of a transaction begun on a sqlx pool (PostgreSQL, or SQLite
    /// outside the group writer).
    pub(super) fn pooled(&mut self) -> &mut AnyConnection {
        match self {
            Self::Own(tx) => tx,
            Self::Autocommit(conn) => conn,
            Self::Grouped(_) => unreachable!("a grouped SQLite write runs on rusqlite"),
        }
    }

    /// The driver that runs this transaction's statements.
    pub(super) fn driver(&mut self) -> Driver<'_> {
        match self {
            Self::Own(tx) => Driver::Sqlx(tx),
            Self::Grouped(member) => Driver::Lite(member.conn()),
            Self::Autocommit(conn) => Driver::Sqlx(conn),
        }
    }
}

/// Where a [`TxConn`]'s statements go.
pub(super) enum Driver<'c> {
    Sqlx(&'c mut AnyConnection),
    Lite(&'c rusqlite::Connection),
}

/// The users cache ([`super::kept`]) as seen by one transaction.
pub(super) struct UsersAccess {
    pub(super) cache: Arc<UsersCache>,
    /// The version of the users the transaction read with its organization row.
    pub(super) version: i64,
}

/// A transaction on one organization.
pub(super) struct SqlTx {
    tx: TxConn,
    org: Organization,
    mode: TxMode,
    /// On PostgreSQL, the outbox may be sent inside the transaction.
    postgres: bool,
    outbox: Outbox,
    /// PostgreSQL: the users cache, until the transaction changes a user.
    users: Option<UsersAccess>,
}

impl SqlTx {
    pub(super) fn new(
        tx: TxConn,
        org: Organization,
        mode: TxMode,
        postgres: bool,
        outbox: Outbox,
        users: Option<UsersAccess>,
    ) -> Self {
        Self {
            tx,
            org,
            mode,
            postgres,
            outbox,
            users,
        }
    }

    /// The users kept for the version this transaction read.
    fn kept_users(&self) -> Option<Arc<[User]>> {
        let access = self.users.as_ref()?;
        access.cache.get(&self.org.id, access.version)
    }

    /// Called before this transaction changes a user: the version it read no longer
    /// describes what it sees.
    fn users_change(&mut self) {
        self.users = None;
    }

    /// The organization's invitations matching `filter` (see [`fetch_invitations`]).
    async fn invitations_where(
        &mut self,
        filter: &str,
        kind: Option<&'static str>,
    ) -> Result<Vec<Invitation>, StorageError> {
        let org = self.org.id.clone();
        fetch_invitations(&mut self.tx, &org, filter, kind).await
    }

    fn org_id(&self) -> String {
        self.org.id.as_str().to_owned()
    }
}

/// Sends the messages of `outbox` with `pg_notify` on `conn`, inside its transaction,
/// when on PostgreSQL with the cluster relay: PostgreSQL delivers them at the commit, and
/// only then, as the official server does (a crash right after the commit loses none of
/// them). Returns whether it did ([`Outbox::committed`] then skips the relay).
pub(super) async fn notify(
    conn: &mut TxConn,
    outbox: &Outbox,
    postgres: bool,
) -> Result<bool, StorageError> {
    let Some(payloads) = postgres.then(|| outbox.payloads()).flatten() else {
        return Ok(false);
    };
    for chunk in payloads.chunks(NOTIFY_BATCH) {
        let mut query = stmt(notify_sql(chunk.len())).bind(CHANNEL);
        for payload in chunk {
            query = query.bind(payload.clone());
        }
        query.execute(conn).await?;
    }
    Ok(true)
}

/// Notifications sent by one statement (most transactions send one or two; the
/// statements of each count are prepared once per connection).
const NOTIFY_BATCH: usize = 4;

/// The statement sending `count` (1 to [`NOTIFY_BATCH`]) notifications on channel `$1`,
/// payloads `$2`…, in that order, in one round trip.
fn notify_sql(count: usize) -> &'static str {
    static SQL: [std::sync::OnceLock<String>; NOTIFY_BATCH] =
        [const { std::sync::OnceLock::new() }; NOTIFY_BATCH];
    SQL[count - 1].get_or_init(|| {
        let calls: Vec<String> = (2..count + 2)
            .map(|n| format!("pg_notify($1, ${n})"))
            .collect();
        // `pg_notify` returns `void`, a type the `Any` driver cannot describe; `ROWS
        // FROM` calls the functions in the order listed.
        format!("SELECT 1 FROM ROWS FROM ({})", calls.join(", "))
    })
}

#[async_trait]
impl OrgTransaction for SqlTx {
    fn organization(&self) -> &Organization {
        &self.org
    }

    fn outbox(&mut self) -> &mut Outbox {
        &mut self.outbox
    }

    async fn get_user(&mut self, user_id: UserID) -> Result<Option<User>, StorageError> {
        if let Some(users) = self.kept_users() {
            return Ok(users.iter().find(|u| u.user_id == user_id).cloned());
        }
        let sql = format!(
            "SELECT {USER_COLUMNS} FROM parsec_user WHERE organization_id = $1 AND user_id = $2"
        );
        let row = stmt(&sql)
            .bind(self.org_id())
            .bind(user_id.hex())
            .fetch_optional(&mut self.tx)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    async fn list_users(&mut self) -> Result<Vec<User>, StorageError> {
        if let Some(users) = self.kept_users() {
            return Ok(users.to_vec());
        }
        let rows = stmt(list_users_sql())
            .bind(self.org_id())
            .fetch_all(&mut self.tx)
            .await?;
        let users = rows
            .iter()
            .map(user_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(access) = &self.users {
            access.cache.put(&self.org.id, access.version, &users);
        }
        Ok(users)
    }

    async fn get_device(&mut self, device_id: DeviceID) -> Result<Option<Device>, StorageError> {
        let sql = format!(
            "SELECT {DEVICE_COLUMNS} FROM device WHERE organization_id = $1 AND device_id = $2"
        );
        let row = stmt(&sql)
            .bind(self.org_id())
            .bind(device_id.hex())
            .fetch_optional(&mut self.tx)
            .await?;
        row.as_ref().map(device_from_row).transpose()
    }

    async fn get_invitation(
        &mut self,
        token: &AccessToken,
    ) -> Result<Option<Invitation>, StorageError> {
        let org = self.org.id.clone();
        fetch_invitation(&mut self.tx, &org, token).await
    }

    async fn list_invitations(&mut self) -> Result<Vec<Invitation>, StorageError> {
        self.invitations_where("", None).await
    }

    async fn pending_invitations(
        &mut self,
        kind: InvitationType,
    ) -> Result<Vec<Invitation>, StorageError> {
        self.invitations_where(PENDING_OF_TYPE, Some(kind.as_str()))
            .await
    }

    async fn get_greeting_attempt(
        &mut self,
        id: GreetingAttemptID,
    ) -> Result<Option<GreetingAttempt>, StorageError> {
        let org = self.org.id.clone();
        fetch_attempt_where(
            &mut self.tx,
            &org,
            "greeting_attempt_id = $2",
            vec![AttemptBind::Text(id.hex())],
        )
        .await
    }

    async fn active_greeting_attempt(
        &mut self,
        token: &AccessToken,
        greeter: UserID,
    ) -> Result<Option<GreetingAttempt>, StorageError> {
        let org = self.org.id.clone();
        fetch_attempt_where(
            &mut self.tx,
            &org,
            "token = $2 AND greeter_user_id = $3 AND cancelled_on IS NULL",
            vec![
                AttemptBind::Bytes(token.as_bytes().to_vec()),
                AttemptBind::Text(greeter.hex()),
            ],
        )
        .await
    }

    async fn count_greeting_attempts(&mut self, token: &AccessToken) -> Result<u64, StorageError> {
        let row = stmt(
            "SELECT COUNT(*) AS n FROM greeting_attempt WHERE organization_id = $1 AND token = $2",
        )
        .bind(self.org_id())
        .bind(token.as_bytes().to_vec())
        .fetch_one(&mut self.tx)
        .await?;
        let n: i64 = row.col("n")?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    async fn last_greeter_joins(
        &mut self,
        token: &AccessToken,
    ) -> Result<Vec<(UserID, DateTime)>, StorageError> {
        // Joins happen in creation order, so the latest join is the maximum.
        let rows = stmt(
            "SELECT greeter_user_id, MAX(greeter_joined) AS joined FROM greeting_attempt \
             WHERE organization_id = $1 AND token = $2 AND greeter_joined IS NOT NULL \
             GROUP BY greeter_user_id",
        )
        .bind(self.org_id())
        .bind(token.as_bytes().to_vec())
        .fetch_all(&mut self.tx)
        .await?;
        rows.iter()
            .map(|row| {
                let user: String = row.col("greeter_user_id")?;
                let joined: i64 = row.col("joined")?;
                Ok((
                    user.parse().map_err(|e: parsec_protocol::ids::InvalidId| {
                        StorageError::Corrupted(e.to_string())
                    })?,
                    DateTime::from_micros(joined),
                ))
            })
            .collect()
    }

    async fn insert_invitation(&mut self, invitation: &Invitation) -> Result<(), StorageError> {
        stmt(
            "INSERT INTO invitation (organization_id, token, invitation_type, created_by_device_id, \
                created_by_user_id, claimer_email, claimer_user_id, created_on, deleted_on, deleted_reason) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(self.org_id())
        .bind(invitation.token.as_bytes().to_vec())
        .bind(invitation.kind.as_str())
        .bind(invitation.created_by_device_id.hex())
        .bind(invitation.created_by_user_id.hex())
        .bind(invitation.claimer_email.as_ref().map(|e| e.as_str().to_owned()))
        .bind(invitation.claimer_user_id.map(|u| u.hex()))
        .bind(invitation.created_on.as_micros())
        .bind(invitation.deleted_on.map(DateTime::as_micros))
        .bind(invitation.deleted_reason.map(InvitationDeletedReason::as_str))
        .execute(&mut self.tx)
        .await?;
        if let Some(created_on) = invitation.shamir_recovery_created_on {
            stmt(
                "INSERT INTO shamir_recovery_invitation (organization_id, token, setup_created_on) \
                 VALUES ($1, $2, $3)",
            )
            .bind(self.org_id())
            .bind(invitation.token.as_bytes().to_vec())
            .bind(created_on.as_micros())
            .execute(&mut self.tx)
            .await?;
        }
        Ok(())
    }

    async fn delete_invitation(
        &mut self,
        token: &AccessToken,
        on: DateTime,
        reason: InvitationDeletedReason,
    ) -> Result<(), StorageError> {
        stmt(
            "UPDATE invitation SET deleted_on = $3, deleted_reason = $4 \
             WHERE organization_id = $1 AND token = $2",
        )
        .bind(self.org_id())
        .bind(token.as_bytes().to_vec())
        .bind(on.as_micros())
        .bind(reason.as_str())
        .execute(&mut self.tx)
        .await?;
        Ok(())
    }

    async fn insert_greeting_attempt(
        &mut self,
        attempt: &GreetingAttempt,
    ) -> Result<(), StorageError> {
        let cancelled = attempt.cancelled.as_ref();
        stmt(
            "INSERT INTO greeting_attempt (organization_id, greeting_attempt_id, token, \
                greeter_user_id, created_on, greeter_joined, claimer_joined, cancelled_origin, \
                cancelled_reason, cancelled_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(self.org_id())
        .bind(attempt.id.hex())
        .bind(attempt.token.as_bytes().to_vec())
        .bind(attempt.greeter.hex())
        .bind(attempt.created_on.as_micros())
        .bind(attempt.greeter_joined.map(DateTime::as_micros))
        .bind(attempt.claimer_joined.map(DateTime::as_micros))
        .bind(cancelled.map(|c| side_str(c.origin)))
        .bind(cancelled.map(|c| c.reason.as_str()))
        .bind(cancelled.map(|c| c.timestamp.as_micros()))
        .execute(&mut self.tx)
        .await?;
        Ok(())
    }

    async fn update_greeting_attempt(
        &mut self,
        attempt: &GreetingAttempt,
    ) -> Result<(), StorageError> {
        let cancelled = attempt.cancelled.as_ref();
        stmt(
            "UPDATE greeting_attempt SET greeter_joined = $3, claimer_joined = $4, \
                cancelled_origin = $5, cancelled_reason = $6, cancelled_on = $7 \
             WHERE organization_id = $1 AND greeting_attempt_id = $2",
        )
        .bind(self.org_id())
        .bind(attempt.id.hex())
        .bind(attempt.greeter_joined.map(DateTime::as_micros))
        .bind(attempt.claimer_joined.map(DateTime::as_micros))
        .bind(cancelled.map(|c| side_str(c.origin)))
        .bind(cancelled.map(|c| c.reason.as_str()))
        .bind(cancelled.map(|c| c.timestamp.as_micros()))
        .execute(&mut self.tx)
        .await?;
        Ok(())
    }

    async fn insert_greeting_step(
        &mut self,
        id: GreetingAttemptID,
        side: GreeterOrClaimer,
        index: u8,
        data: &[u8],
    ) -> Result<(), StorageError> {
        stmt(
            "INSERT INTO greeting_step (organization_id, greeting_attempt_id, side, step_index, data) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(self.org_id())
        .bind(id.hex())
        .bind(side_str(side))
        .bind(i64::from(index))
        .bind(data.to_vec())
        .execute(&mut self.tx)
        .await?;
        Ok(())
    }

    async fn insert_user(&mut self, user: &User, device: &Device) -> Result<(), StorageError> {
        self.users_change();
        let org = self.org.id.clone();
        insert_user(&mut self.tx, &org, user).await?;
        insert_device(&mut self.tx, &org, device).await
    }

    async fn insert_device(&mut self, device: &Device) -> Result<(), StorageError> {
        let org = self.org.id.clone();
        insert_device(&mut self.tx, &org, device).await
    }

    async fn revoke_user(&mut self, revocation: &UserRevocation) -> Result<(), StorageError> {
        self.users_change();
        stmt(
            "UPDATE parsec_user SET revoked_on = $3, revoked_user_certificate = $4, revoked_by = $5 \
             WHERE organization_id = $1 AND user_id = $2",
        )
        .bind(self.org_id())
        .bind(revocation.user_id.hex())
        .bind(revocation.revoked_on.as_micros())
        .bind(revocation.certificate.clone())
        .bind(revocation.revoked_by.hex())
        .execute(&mut self.tx)
        .await?;
        Ok(())
    }

    async fn update_user_profile(&mut self, update: &UserUpdate) -> Result<(), StorageError> {
        self.users_change();
        stmt(
            "INSERT INTO user_profile_update (organization_id, user_id, updated_on, new_profile, \
                user_update_certificate, updated_by) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(self.org_id())
        .bind(update.user_id.hex())
        .bind(update.updated_on.as_micros())
        .bind(update.new_profile.as_str())
        .bind(update.certificate.clone())
        .bind(update.updated_by.hex())
        .execute(&mut self.tx)
        .await?;
        stmt(
            "UPDATE parsec_user SET current_profile = $3 WHERE organization_id = $1 AND user_id = $2",
        )
        .bind(self.org_id())
        .bind(update.user_id.hex())
        .bind(update.new_profile.as_str())
        .execute(&mut self.tx)
        .await?;
        Ok(())
    }

    async fn set_user_tos_accepted_on(
        &mut self,
        user_id: UserID,
        on: DateTime,
    ) -> Result<(), StorageError> {
        self.users_change();
        let done = stmt(
            "UPDATE parsec_user SET tos_accepted_on = $3 WHERE organization_id = $1 AND user_id = $2",
        )
        .bind(self.org_id())
        .bind(user_id.hex())
        .bind(on.as_micros())
        .execute(&mut self.tx)
        .await?;
        if done != 1 {
            return Err(StorageError::Corrupted(format!(
                "user {} not found in the transaction",
                user_id.hex()
            )));
        }
        Ok(())
    }

    async fn get_user_totp(&mut self, user_id: UserID) -> Result<UserTotp, StorageError> {
        let row = stmt(
            "SELECT setup_completed, secret, reset_token FROM user_totp \
             WHERE organization_id = $1 AND user_id = $2",
        )
        .bind(self.org_id())
        .bind(user_id.hex())
        .fetch_optional(&mut self.tx)
        .await?;
        let Some(row) = row else {
            return Ok(UserTotp::default());
        };
        let reset_token: Option<String> = row.col("reset_token")?;
        Ok(UserTotp {
            setup_completed: row.col::<i64>("setup_completed")? != 0,
            secret: row.col("secret")?,
            reset_token: reset_token.map(|t| parse(&t)).transpose()?,
        })
    }

    async fn set_user_totp(
        &mut self,
        user_id: UserID,
        totp: &UserTotp,
    ) -> Result<(), StorageError> {
        stmt(
            "INSERT INTO user_totp (organization_id, user_id, setup_completed, secret, reset_token) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (organization_id, user_id) DO UPDATE SET \
                setup_completed = excluded.setup_completed, secret = excluded.secret, \
                reset_token = excluded.reset_token",
        )
        .bind(self.org_id())
        .bind(user_id.hex())
        .bind(b(totp.setup_completed))
        .bind(totp.secret.clone())
        .bind(totp.reset_token.map(|t| t.hex()))
        .execute(&mut self.tx)
        .await?;
        Ok(())
    }

    async fn insert_totp_opaque_key(&mut self, key: &TotpOpaqueKey) -> Result<(), StorageError> {
        stmt(
            "INSERT INTO totp_opaque_key (organization_id, opaque_key_id, user_id, opaque_key, \
                failed_attempts, last_failed_attempt) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(self.org_id())
        .bind(key.id.hex())
        .bind(key.user_id.hex())
        .bind(key.key.as_bytes().to_vec())
        .bind(i64::from(key.failed_attempts))
        .bind(key.last_failed_attempt.map(DateTime::as_micros))
        .execute(&mut self.tx)
        .await?;
        Ok(())
    }

    async fn get_totp_opaque_key(
        &mut self,
        user_id: UserID,
        id: TOTPOpaqueKeyID,
    ) -> Result<Option<TotpOpaqueKey>, StorageError> {
        let row = stmt(
            "SELECT opaque_key, failed_attempts, last_failed_attempt FROM totp_opaque_key \
             WHERE organization_id = $1 AND opaque_key_id = $2 AND user_id = $3",
        )
        .bind(self.org_id())
        .bind(id.hex())
        .bind(user_id.hex())
        .fetch_optional(&mut self.tx)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let key: Vec<u8> = row.col("opaque_key")?;
        Ok(Some(TotpOpaqueKey {
            id,
            user_id,
            key: SecretKey::from_bytes(key32(&key)?),
            failed_attempts: u32::try_from(row.col::<i64>("failed_attempts")?)
                .map_err(corrupted)?,
            last_failed_attempt: dt(row.col("last_failed_attempt")?),
        }))
    }

    async fn set_totp_opaque_key_throttle(
        &mut self,
        id: TOTPOpaqueKeyID,
        failed_attempts: u32,
        last_failed_attempt: Option<DateTime>,
    ) -> Result<(), StorageError> {
        let done = stmt(
            "UPDATE totp_opaque_key SET failed_attempts = $3, last_failed_attempt = $4 \
             WHERE organization_id = $1 AND opaque_key_id = $2",
        )
        .bind(self.org_id())
        .bind(id.hex())
        .bind(i64::from(failed_attempts))
        .bind(last_failed_attempt.map(DateTime::as_micros))
        .execute(&mut self.tx)
        .await?;
        if done != 1 {
            return Err(corrupted("TOTP opaque key not found in the transaction"));
        }
        Ok(())
    }

    async fn reset_totp_opaque_key_throttles(
        &mut self,
        user_id: UserID,
    ) -> Result<(), StorageError> {
        stmt(
            "UPDATE totp_opaque_key SET failed_attempts = 0, last_failed_attempt = NULL \
             WHERE organization_id = $1 AND user_id = $2",
        )
        .bind(self.org_id())
        .bind(user_id.hex())
        .execute(&mut self.tx)
        .await?;
        Ok(())
    }

    async fn list_shamir_recoveries(&mut self) -> Result<Vec<ShamirRecoverySetup>, StorageError> {
        let org = self.org.id.clone();
        fetch_shamir_setups(&mut self.tx, &org, None, None).await
    }

    async fn last_shamir_recovery(
        &mut self,
        user_id: UserID,
    ) -> Result<Option<ShamirRecoverySetup>, StorageError> {
        let org = self.org.id.clone();
        Ok(fetch_shamir_setups(&mut self.tx, &org, Some(user_id), None)
            .await?
            .pop())
    }

    async fn get_shamir_recovery(
        &mut self,
        user_id: UserID,
        created_on: DateTime,
    ) -> Result<Option<ShamirRecoverySetup>, StorageError> {
        let org = self.org.id.clone();
        Ok(
            fetch_shamir_setups(&mut self.tx, &org, Some(user_id), Some(created_on))
                .await?
                .pop(),
        )
    }

    async fn shamir_topic_last_timestamp(&mut self) -> Result<Option<DateTime>, StorageError> {
        let row = stmt(
            "SELECT MAX(created_on) AS created, MAX(deleted_on) AS deleted \
             FROM shamir_recovery_setup WHERE organization_id = $1",
        )
        .bind(self.org_id())
        .fetch_one(&mut self.tx)
        .await?;
        let created: Option<i64> = row.col("created")?;
        let deleted: Option<i64> = row.col("deleted")?;
        Ok(dt(created.max(deleted)))
    }

    async fn insert_shamir_recovery(
        &mut self,
        setup: &ShamirRecoverySetup,
    ) -> Result<(), StorageError> {
        stmt(
            "INSERT INTO shamir_recovery_setup (organization_id, user_id, created_on, \
                brief_certificate, threshold, reveal_token, ciphered_data, deleted_on, \
                deletion_certificate) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(self.org_id())
        .bind(setup.user_id.hex())
        .bind(setup.created_on.as_micros())
        .bind(setup.brief_certificate.clone())
        .bind(u64_to_i64(setup.threshold))
        .bind(setup.reveal_token.as_bytes().to_vec())
        .bind(setup.ciphered_data.clone())
        .bind(setup.deleted_on.map(DateTime::as_micros))
        .bind(setup.deletion_certificate.clone())
        .execute(&mut self.tx)
        .await?;
        for (position, share) in setup.shares.iter().enumerate() {
            stmt(
                "INSERT INTO shamir_recovery_share (organization_id, user_id, created_on, \
                    upload_order, recipient_user_id, shares, share_certificate) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(self.org_id())
            .bind(setup.user_id.hex())
            .bind(setup.created_on.as_micros())
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .bind(share.recipient.hex())
            .bind(u64_to_i64(share.shares))
            .bind(share.certificate.clone())
            .execute(&mut self.tx)
            .await?;
        }
        Ok(())
    }

    async fn delete_shamir_recovery(
        &mut self,
        user_id: UserID,
        created_on: DateTime,
        deleted_on: DateTime,
        certificate: &[u8],
    ) -> Result<(), StorageError> {
        let done = stmt(
            "UPDATE shamir_recovery_setup SET deleted_on = $4, deletion_certificate = $5 \
             WHERE organization_id = $1 AND user_id = $2 AND created_on = $3",
        )
        .bind(self.org_id())
        .bind(user_id.hex())
        .bind(created_on.as_micros())
        .bind(deleted_on.as_micros())
        .bind(certificate.to_vec())
        .execute(&mut self.tx)
        .await?;
        if done != 1 {
            return Err(corrupted(
                "shamir recovery setup not found in the transaction",
            ));
        }
        Ok(())
    }

    async fn set_common_topic_last_timestamp(&mut self, ts: DateTime) -> Result<(), StorageError> {
        stmt("UPDATE organization SET common_topic_last_timestamp = $2 WHERE organization_id = $1")
            .bind(self.org_id())
            .bind(ts.as_micros())
            .execute(&mut self.tx)
            .await?;
        self.org.common_topic_last_timestamp = Some(ts);
        Ok(())
    }

    async fn commit(self: Box<Self>) -> Result<(), StorageError> {
        let mut this = *self;
        if this.mode == TxMode::Read {
            return Err(StorageError::Corrupted(
                "commit of a read-only transaction".into(),
            ));
        }
        // In a task of its own: a request dropped by its client (which cancels its
        // future) must not stop between the `COMMIT` and what this process does after
        // it, such as forgetting a revoked user's kept look-ups.
        let finish = async move {
            let notified = notify(&mut this.tx, &this.outbox, this.postgres).await?;
            this.tx.commit().await?;
            this.outbox.committed(notified);
            Ok(())
        };
        tokio::spawn(finish)
            .await
            .map_err(|e| StorageError::GroupCommit(format!("the commit did not finish: {e}")))?
    }
}
