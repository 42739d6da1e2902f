//! Conversions between SQL rows and storage records, and the queries shared by several
//! operations. Booleans and instants are `BIGINT`, identifiers 32-hex `TEXT`.

use super::query::{stmt, Stmt};
use super::tx::TxConn;
use crate::storage::{
    link_shamir_setup, CertificateTopics, CommonCertificate, Device, DeviceCredentials,
    DeviceLookup, GreetingAttempt, Invitation, InvitationDeletedReason, NewOrganization,
    Organization, OrganizationConfig, SequesterAuthority, ShamirRecoverySetup, ShamirRecoveryShare,
    StorageError, TermsOfService, User, RANK_DEVICE, RANK_REVOKED_USER, RANK_USER,
    RANK_USER_UPDATE,
};
use parsec_protocol::addr::InvitationType;
use parsec_protocol::crypto::VerifyKey;
use parsec_protocol::ids::{
    AccessToken, EmailAddress, HumanHandle, OrganizationID, UserID, UserProfile,
};
use parsec_protocol::invite::{
    CancelledGreetingAttemptReason, GreeterOrClaimer, GreetingAttemptCancelled,
};
use parsec_protocol::DateTime;
use sqlx::any::AnyRow;
use sqlx::Row;
use std::str::FromStr;

/// A row of either driver: the decoders of the rows that SQLite reads on the calling
/// thread ([`super::sqlite_reads`]) take sqlx's rows and rusqlite's alike.
pub(super) trait SqlRow {
    /// The value of the column `name`.
    fn col<T>(&self, name: &str) -> Result<T, StorageError>
    where
        T: for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any> + rusqlite::types::FromSql;
}

impl SqlRow for AnyRow {
    fn col<T>(&self, name: &str) -> Result<T, StorageError>
    where
        T: for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any> + rusqlite::types::FromSql,
    {
        Ok(self.try_get(name)?)
    }
}

pub(super) fn corrupted(what: impl std::fmt::Display) -> StorageError {
    StorageError::Corrupted(what.to_string())
}

pub(super) fn b(v: bool) -> i64 {
    i64::from(v)
}

pub(super) fn u64_to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

pub(super) fn i64_to_u64(v: i64) -> Result<u64, StorageError> {
    u64::try_from(v).map_err(corrupted)
}

pub(super) fn dt(v: Option<i64>) -> Option<DateTime> {
    v.map(DateTime::from_micros)
}

pub(super) fn parse<T: FromStr>(s: &str) -> Result<T, StorageError>
where
    T::Err: std::fmt::Display,
{
    s.parse().map_err(corrupted)
}

pub(super) fn key32(bytes: &[u8]) -> Result<[u8; 32], StorageError> {
    bytes
        .try_into()
        .map_err(|_| corrupted("key is not 32 bytes"))
}

pub(super) fn tos_to_json(urls: &[(String, String)]) -> String {
    serde_json::to_string(urls).expect("string pairs always serialize")
}

pub(super) const ORG_COLUMNS: &str = "organization_id, bootstrap_token, is_bootstrapped, is_expired, created_on, \
    bootstrapped_on, root_verify_key, user_profile_outsider_allowed, active_users_limit, \
    minimum_archiving_period, tos_per_locale_urls, tos_updated_on, sequester_authority_certificate, \
    sequester_authority_verify_key_der, sequester_authority_timestamp, common_topic_last_timestamp";

pub(super) fn org_from_row(row: &impl SqlRow) -> Result<Organization, StorageError> {
    let token: Option<Vec<u8>> = row.col("bootstrap_token")?;
    let bootstrap_token = token
        .map(|t| <[u8; 16]>::try_from(t.as_slice()).map(AccessToken::from_bytes))
        .transpose()
        .map_err(|_| corrupted("bootstrap token is not 16 bytes"))?;
    let root: Option<Vec<u8>> = row.col("root_verify_key")?;
    let root_verify_key = root
        .map(|k| key32(&k).map(VerifyKey::from_bytes))
        .transpose()?;
    let tos_urls: Option<String> = row.col("tos_per_locale_urls")?;
    let tos_updated_on: Option<i64> = row.col("tos_updated_on")?;
    let tos = match (tos_urls, tos_updated_on) {
        (Some(urls), Some(updated_on)) => Some(TermsOfService {
            per_locale_urls: serde_json::from_str(&urls).map_err(corrupted)?,
            updated_on: DateTime::from_micros(updated_on),
        }),
        _ => None,
    };
    let seq_cert: Option<Vec<u8>> = row.col("sequester_authority_certificate")?;
    let seq_der: Option<Vec<u8>> = row.col("sequester_authority_verify_key_der")?;
    let seq_ts: Option<i64> = row.col("sequester_authority_timestamp")?;
    let sequester_authority = match (seq_cert, seq_der, seq_ts) {
        (Some(certificate), Some(verify_key_der), Some(ts)) => Some(SequesterAuthority {
            certificate,
            verify_key_der,
            timestamp: DateTime::from_micros(ts),
        }),
        _ => None,
    };
    let limit: Option<i64> = row.col("active_users_limit")?;
    Ok(Organization {
        id: parse(&row.col::<String>("organization_id")?)?,
        bootstrap_token,
        is_bootstrapped: row.col::<i64>("is_bootstrapped")? != 0,
        is_expired: row.col::<i64>("is_expired")? != 0,
        created_on: DateTime::from_micros(row.col("created_on")?),
        bootstrapped_on: dt(row.col("bootstrapped_on")?),
        root_verify_key,
        config: OrganizationConfig {
            user_profile_outsider_allowed: row.col::<i64>("user_profile_outsider_allowed")? != 0,
            active_users_limit: limit.map(i64_to_u64).transpose()?,
            minimum_archiving_period: i64_to_u64(row.col("minimum_archiving_period")?)?,
            tos,
        },
        sequester_authority,
        common_topic_last_timestamp: dt(row.col("common_topic_last_timestamp")?),
    })
}

/// The look-up of [`crate::storage::Storage::lookup_device`]: the organization's row
/// (columns named as in [`ORG_COLUMNS`]) with the device's credentials (`cred_*`, null when
/// the device or its user is missing), `$1` the organization, `$2` the device.
pub(super) fn lookup_device_sql() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        let org_columns: Vec<String> = ORG_COLUMNS
            .split(',')
            .map(|c| format!("o.{0} AS {0}", c.trim()))
            .collect();
        format!(
            "SELECT {}, d.user_id AS cred_user_id, d.verify_key AS cred_verify_key, \
                u.current_profile AS cred_profile, u.revoked_on AS cred_revoked_on, \
                u.frozen AS cred_frozen, u.tos_accepted_on AS cred_tos_accepted_on \
             FROM organization o \
             LEFT JOIN device d ON d.organization_id = o.organization_id AND d.device_id = $2 \
             LEFT JOIN parsec_user u ON u.organization_id = d.organization_id \
                AND u.user_id = d.user_id \
             WHERE o.organization_id = $1",
            org_columns.join(", ")
        )
    })
}

/// A [`lookup_device_sql`] row.
pub(super) fn lookup_from_row(row: &impl SqlRow) -> Result<DeviceLookup, StorageError> {
    Ok(DeviceLookup {
        organization: org_from_row(row)?,
        credentials: credentials_from_row(row)?,
    })
}

/// One organization's row (`$1`).
pub(super) fn org_sql() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| format!("SELECT {ORG_COLUMNS} FROM organization WHERE organization_id = $1"))
}

/// Ranks of the shamir recovery certificates in [`certificates_sql`], apart from the
/// common topic's: a brief or a deletion sorts before a share at equal timestamps.
const SHAMIR_BRIEF: i64 = 100;
const SHAMIR_SHARE: i64 = 101;

/// The statement of [`crate::storage::Storage::get_certificates`] (on PostgreSQL, after
/// [`CERTIFICATES_VERSION_SQL`] unless the common topic is kept), one round trip: the
/// four kinds of common-topic certificates (redacted variants when `redacted`) after
/// `$2` in organization `$1`, then the shamir recovery certificates user `$3` may see
/// after `$4`: the briefs and deletions of its own setups and of those it is a recipient
/// of, and its own shares. `setup_on` and `k` (the setup's creation and user) break
/// timestamp ties as [`crate::storage::visible_shamir_certificates`] does.
pub(super) fn certificates_sql(redacted: bool) -> &'static str {
    static SQL: [std::sync::OnceLock<String>; 2] =
        [std::sync::OnceLock::new(), std::sync::OnceLock::new()];
    SQL[usize::from(redacted)].get_or_init(|| {
        let (user_col, device_col) = if redacted {
            ("redacted_user_certificate", "redacted_device_certificate")
        } else {
            ("user_certificate", "device_certificate")
        };
        let visible = "(s.user_id = $3 OR EXISTS (SELECT 1 FROM shamir_recovery_share r \
            WHERE r.organization_id = s.organization_id AND r.user_id = s.user_id \
            AND r.created_on = s.created_on AND r.recipient_user_id = $3))";
        format!(
            "SELECT CAST({RANK_USER} AS BIGINT) AS rank, created_on AS ts, {user_col} AS c, \
                CAST(0 AS BIGINT) AS setup_on, CAST('' AS TEXT) AS k \
                FROM parsec_user WHERE organization_id = $1 AND created_on > $2 \
             UNION ALL SELECT CAST({RANK_DEVICE} AS BIGINT), created_on, {device_col}, 0, '' \
                FROM device WHERE organization_id = $1 AND created_on > $2 \
             UNION ALL SELECT CAST({RANK_USER_UPDATE} AS BIGINT), updated_on, \
                user_update_certificate, 0, '' \
                FROM user_profile_update WHERE organization_id = $1 AND updated_on > $2 \
             UNION ALL SELECT CAST({RANK_REVOKED_USER} AS BIGINT), revoked_on, \
                revoked_user_certificate, 0, '' \
                FROM parsec_user WHERE organization_id = $1 AND revoked_on IS NOT NULL \
                AND revoked_user_certificate IS NOT NULL AND revoked_on > $2 \
             UNION ALL SELECT CAST({SHAMIR_BRIEF} AS BIGINT), s.created_on, \
                s.brief_certificate, s.created_on, s.user_id \
                FROM shamir_recovery_setup s WHERE s.organization_id = $1 \
                AND s.created_on > $4 AND {visible} \
             UNION ALL SELECT CAST({SHAMIR_SHARE} AS BIGINT), r.created_on, \
                r.share_certificate, r.created_on, r.user_id \
                FROM shamir_recovery_share r WHERE r.organization_id = $1 \
                AND r.recipient_user_id = $3 AND r.user_id <> $3 AND r.created_on > $4 \
             UNION ALL SELECT CAST({SHAMIR_BRIEF} AS BIGINT), s.deleted_on, \
                s.deletion_certificate, s.created_on, s.user_id \
                FROM shamir_recovery_setup s WHERE s.organization_id = $1 \
                AND s.deleted_on IS NOT NULL AND s.deletion_certificate IS NOT NULL \
                AND s.deleted_on > $4 AND {visible}"
        )
    })
}

/// One row of [`certificates_sql`].
pub(super) struct CertificateRow {
    rank: i64,
    timestamp: DateTime,
    certificate: Vec<u8>,
    setup_on: i64,
    setup_user: String,
}

pub(super) fn certificate_from_row(row: &impl SqlRow) -> Result<CertificateRow, StorageError> {
    Ok(CertificateRow {
        rank: row.col("rank")?,
        timestamp: DateTime::from_micros(row.col("ts")?),
        certificate: row.col("c")?,
        setup_on: row.col("setup_on")?,
        setup_user: row.col("k")?,
    })
}

/// The topics of [`certificates_sql`]'s rows, each in order.
pub(super) fn certificate_topics(
    rows: Vec<CertificateRow>,
) -> Result<CertificateTopics, StorageError> {
    let (common, shamir) = split_topics(rows)?;
    Ok(CertificateTopics {
        common: common.into_iter().map(|(_, c)| c).collect(),
        shamir,
    })
}

/// The common topic, in order, each certificate with its timestamp.
pub(super) type TimedTopic = Vec<(DateTime, Vec<u8>)>;

/// [`certificate_topics`], the common topic with each certificate's timestamp.
pub(super) fn split_topics(
    rows: Vec<CertificateRow>,
) -> Result<(TimedTopic, Vec<Vec<u8>>), StorageError> {
    let mut common = Vec::with_capacity(rows.len());
    let mut shamir = Vec::new();
    for row in rows {
        if row.rank == SHAMIR_BRIEF || row.rank == SHAMIR_SHARE {
            shamir.push(row);
        } else {
            common.push(CommonCertificate {
                timestamp: row.timestamp,
                rank: u8::try_from(row.rank)
                    .map_err(|_| corrupted(format!("certificate rank {}", row.rank)))?,
                certificate: row.certificate,
            });
        }
    }
    shamir.sort_by(|a, b| {
        (a.timestamp, a.rank, a.setup_on, &a.setup_user).cmp(&(
            b.timestamp,
            b.rank,
            b.setup_on,
            &b.setup_user,
        ))
    });
    common.sort_by_key(|c| (c.timestamp, c.rank));
    let common = common
        .into_iter()
        .map(|c| (c.timestamp, c.certificate))
        .collect();
    Ok((common, shamir.into_iter().map(|r| r.certificate).collect()))
}

/// PostgreSQL: the version of organization `$1`'s common certificate topic (`v`, its
/// last timestamp, null before the bootstrap) and whether it has shamir recovery setups
/// (`shamir`); no row when the organization does not exist.
pub(super) const CERTIFICATES_VERSION_SQL: &str = "SELECT common_topic_last_timestamp AS v, \
    EXISTS (SELECT 1 FROM shamir_recovery_setup s WHERE s.organization_id = $1) AS shamir \
    FROM organization WHERE organization_id = $1";

/// The credentials of a [`lookup_device_sql`] row (`None` when its device or user is
/// missing).
pub(super) fn credentials_from_row(
    row: &impl SqlRow,
) -> Result<Option<DeviceCredentials>, StorageError> {
    let user_id: Option<String> = row.col("cred_user_id")?;
    let profile: Option<String> = row.col("cred_profile")?;
    let (Some(user_id), Some(profile)) = (user_id, profile) else {
        return Ok(None);
    };
    let key: Vec<u8> = row.col("cred_verify_key")?;
    Ok(Some(DeviceCredentials {
        user_id: parse(&user_id)?,
        verify_key: VerifyKey::from_bytes(key32(&key)?),
        profile: parse::<UserProfile>(&profile)?,
        revoked: row.col::<Option<i64>>("cred_revoked_on")?.is_some(),
        frozen: row.col::<i64>("cred_frozen")? != 0,
        tos_accepted_on: dt(row.col("cred_tos_accepted_on")?),
    }))
}

pub(super) const USER_COLUMNS: &str =
    "user_id, human_email, human_label, initial_profile, current_profile, \
    user_certificate, redacted_user_certificate, created_on, created_by, revoked_on, \
    revoked_user_certificate, frozen, tos_accepted_on";

/// Every user of the organization `$1`, by creation time.
pub(super) fn list_users_sql() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        format!(
            "SELECT {USER_COLUMNS} FROM parsec_user WHERE organization_id = $1 \
             ORDER BY created_on, user_id"
        )
    })
}

pub(super) fn user_from_row(row: &impl SqlRow) -> Result<User, StorageError> {
    let email: Option<String> = row.col("human_email")?;
    let label: Option<String> = row.col("human_label")?;
    let human_handle = match (email, label) {
        (Some(email), Some(label)) => {
            let email: EmailAddress = parse(&email)?;
            Some(HumanHandle::new(email, &label).map_err(corrupted)?)
        }
        _ => None,
    };
    let created_by: Option<String> = row.col("created_by")?;
    Ok(User {
        user_id: parse(&row.col::<String>("user_id")?)?,
        human_handle,
        initial_profile: parse::<UserProfile>(&row.col::<String>("initial_profile")?)?,
        current_profile: parse::<UserProfile>(&row.col::<String>("current_profile")?)?,
        user_certificate: row.col("user_certificate")?,
        redacted_user_certificate: row.col("redacted_user_certificate")?,
        created_on: DateTime::from_micros(row.col("created_on")?),
        created_by: created_by.map(|d| parse(&d)).transpose()?,
        revoked_on: dt(row.col("revoked_on")?),
        revoked_user_certificate: row.col("revoked_user_certificate")?,
        frozen: row.col::<i64>("frozen")? != 0,
        tos_accepted_on: dt(row.col("tos_accepted_on")?),
    })
}

pub(super) const DEVICE_COLUMNS: &str =
    "device_id, user_id, verify_key, device_certificate, redacted_device_certificate, created_on, created_by";

pub(super) fn device_from_row(row: &impl SqlRow) -> Result<Device, StorageError> {
    let created_by: Option<String> = row.col("created_by")?;
    let key: Vec<u8> = row.col("verify_key")?;
    Ok(Device {
        device_id: parse(&row.col::<String>("device_id")?)?,
        user_id: parse(&row.col::<String>("user_id")?)?,
        verify_key: VerifyKey::from_bytes(key32(&key)?),
        device_certificate: row.col("device_certificate")?,
        redacted_device_certificate: row.col("redacted_device_certificate")?,
        created_on: DateTime::from_micros(row.col("created_on")?),
        created_by: created_by.map(|d| parse(&d)).transpose()?,
    })
}

pub(super) async fn fetch_org<'e, E>(
    exec: E,
    id: &OrganizationID,
) -> Result<Option<Organization>, StorageError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row = sqlx::query(org_sql())
        .bind(id.as_str().to_owned())
        .fetch_optional(exec)
        .await?;
    row.as_ref().map(org_from_row).transpose()
}

pub(super) async fn insert_org<'e, E>(exec: E, new: &NewOrganization) -> Result<u64, StorageError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    // Upsert: replaces an organization that is not bootstrapped yet (wire.md §8.1), and
    // does nothing (0 rows) for a bootstrapped one.
    let tos = new.config.tos.as_ref();
    let res = sqlx::query(
        "INSERT INTO organization (organization_id, bootstrap_token, is_bootstrapped, is_expired, \
            created_on, user_profile_outsider_allowed, active_users_limit, minimum_archiving_period, \
            tos_per_locale_urls, tos_updated_on) \
         VALUES ($1, $2, 0, 0, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (organization_id) DO UPDATE SET \
            bootstrap_token = excluded.bootstrap_token, is_expired = 0, created_on = excluded.created_on, \
            user_profile_outsider_allowed = excluded.user_profile_outsider_allowed, \
            active_users_limit = excluded.active_users_limit, \
            minimum_archiving_period = excluded.minimum_archiving_period, \
            tos_per_locale_urls = excluded.tos_per_locale_urls, tos_updated_on = excluded.tos_updated_on \
         WHERE organization.is_bootstrapped = 0",
    )
    .bind(new.id.as_str().to_owned())
    .bind(new.bootstrap_token.map(|t| t.as_bytes().to_vec()))
    .bind(new.created_on.as_micros())
    .bind(b(new.config.user_profile_outsider_allowed))
    .bind(new.config.active_users_limit.map(u64_to_i64))
    .bind(u64_to_i64(new.config.minimum_archiving_period))
    .bind(tos.map(|t| tos_to_json(&t.per_locale_urls)))
    .bind(tos.map(|t| t.updated_on.as_micros()))
    .execute(exec)
    .await?;
    Ok(res.rows_affected())
}

pub(super) fn handle_parts(h: Option<&HumanHandle>) -> (Option<String>, Option<String>) {
    (
        h.map(|h| h.email().as_str().to_owned()),
        h.map(|h| h.label().to_owned()),
    )
}

pub(super) async fn insert_user(
    conn: &mut TxConn,
    org: &OrganizationID,
    user: &User,
) -> Result<(), StorageError> {
    let (email, label) = handle_parts(user.human_handle.as_ref());
    stmt(
        "INSERT INTO parsec_user (organization_id, user_id, human_email, human_label, initial_profile, \
            current_profile, user_certificate, redacted_user_certificate, created_on, created_by, frozen) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0)",
    )
    .bind(org.as_str().to_owned())
    .bind(user.user_id.hex())
    .bind(email)
    .bind(label)
    .bind(user.initial_profile.as_str())
    .bind(user.current_profile.as_str())
    .bind(user.user_certificate.clone())
    .bind(user.redacted_user_certificate.clone())
    .bind(user.created_on.as_micros())
    .bind(user.created_by.map(|d| d.hex()))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(super) async fn insert_device(
    conn: &mut TxConn,
    org: &OrganizationID,
    device: &Device,
) -> Result<(), StorageError> {
    stmt(
        "INSERT INTO device (organization_id, device_id, user_id, verify_key, device_certificate, \
            redacted_device_certificate, created_on, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(org.as_str().to_owned())
    .bind(device.device_id.hex())
    .bind(device.user_id.hex())
    .bind(device.verify_key.as_bytes().to_vec())
    .bind(device.device_certificate.clone())
    .bind(device.redacted_device_certificate.clone())
    .bind(device.created_on.as_micros())
    .bind(device.created_by.map(|d| d.hex()))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(super) const INVITATION_COLUMNS: &str = "token, invitation_type, created_by_device_id, \
    created_by_user_id, claimer_email, claimer_user_id, created_on, deleted_on, deleted_reason";

/// The [`invitations_sql`] filter of the pending invitations of the type `$2`.
pub(super) const PENDING_OF_TYPE: &str = " AND deleted_on IS NULL AND invitation_type = $2";

/// The invitations of the organization `$1` matching `filter` (SQL after the
/// organization's condition), by creation time.
pub(super) fn invitations_sql(filter: &str) -> String {
    format!(
        "SELECT {INVITATION_COLUMNS} FROM invitation WHERE organization_id = $1{filter} \
         ORDER BY created_on, token"
    )
}

/// PostgreSQL: the version of the users of organization `$1` (`users_version`) with
/// each of its invitations by creation time; one row with null invitation columns when
/// it has none, no row when the organization does not exist.
pub(super) fn org_invitations_sql() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        let columns: Vec<String> = INVITATION_COLUMNS
            .split(',')
            .map(|c| format!("i.{}", c.trim()))
            .collect();
        format!(
            "SELECT o.users_version AS users_version, {} FROM organization o \
             LEFT JOIN invitation i ON i.organization_id = o.organization_id \
             WHERE o.organization_id = $1 ORDER BY i.created_on, i.token",
            columns.join(", ")
        )
    })
}

pub(super) fn invitation_from_row(row: &impl SqlRow) -> Result<Invitation, StorageError> {
    let token: Vec<u8> = row.col("token")?;
    let token = <[u8; 16]>::try_from(token.as_slice())
        .map(AccessToken::from_bytes)
        .map_err(|_| corrupted("invitation token is not 16 bytes"))?;
    let kind = match row.col::<String>("invitation_type")?.as_str() {
        "USER" => InvitationType::User,
        "DEVICE" => InvitationType::Device,
        "SHAMIR_RECOVERY" => InvitationType::ShamirRecovery,
        other => return Err(corrupted(format!("invitation type {other}"))),
    };
    let deleted_reason = match row.col::<Option<String>>("deleted_reason")?.as_deref() {
        None => None,
        Some("FINISHED") => Some(InvitationDeletedReason::Finished),
        Some("CANCELLED") => Some(InvitationDeletedReason::Cancelled),
        Some(other) => return Err(corrupted(format!("invitation deleted reason {other}"))),
    };
    let claimer_email: Option<String> = row.col("claimer_email")?;
    let claimer_user_id: Option<String> = row.col("claimer_user_id")?;
    Ok(Invitation {
        token,
        kind,
        created_by_user_id: parse(&row.col::<String>("created_by_user_id")?)?,
        created_by_device_id: parse(&row.col::<String>("created_by_device_id")?)?,
        claimer_email: claimer_email.map(|e| parse(&e)).transpose()?,
        claimer_user_id: claimer_user_id.map(|u| parse(&u)).transpose()?,
        created_on: DateTime::from_micros(row.col("created_on")?),
        deleted_on: dt(row.col("deleted_on")?),
        deleted_reason,
        shamir_recovery_created_on: None,
        shamir_recipients: Vec::new(),
    })
}

/// Completes a SHAMIR_RECOVERY invitation read by [`invitation_from_row`] with its setup
/// ([`link_shamir_setup`]).
pub(super) async fn link_invitation(
    conn: &mut TxConn,
    org: &OrganizationID,
    invitation: &mut Invitation,
) -> Result<(), StorageError> {
    if invitation.kind != InvitationType::ShamirRecovery {
        return Ok(());
    }
    let row = stmt(
        "SELECT setup_created_on FROM shamir_recovery_invitation \
         WHERE organization_id = $1 AND token = $2",
    )
    .bind(org.as_str().to_owned())
    .bind(invitation.token.as_bytes().to_vec())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| corrupted("shamir recovery invitation without its setup"))?;
    let created_on = DateTime::from_micros(row.col("setup_created_on")?);
    let user_id = invitation
        .claimer_user_id
        .ok_or_else(|| corrupted("shamir recovery invitation without claimer"))?;
    invitation.shamir_recovery_created_on = Some(created_on);
    let setups = fetch_shamir_setups(conn, org, Some(user_id), Some(created_on)).await?;
    link_shamir_setup(invitation, setups.first());
    Ok(())
}

/// `sql` with the parameters of [`fetch_shamir_setups`]'s filter.
fn shamir_query<'q>(
    sql: &'q str,
    org: &OrganizationID,
    user_id: Option<UserID>,
    created_on: Option<DateTime>,
) -> Stmt<'q> {
    let mut query = stmt(sql).bind(org.as_str().to_owned());
    if let Some(user_id) = user_id {
        query = query.bind(user_id.hex());
        if let Some(created_on) = created_on {
            query = query.bind(created_on.as_micros());
        }
    }
    query
}

const SHAMIR_COLUMNS: &str = "user_id, created_on, brief_certificate, threshold, reveal_token, \
    ciphered_data, deleted_on, deletion_certificate";

/// The shamir recovery setups of the organization, of `user_id` only when given, of
/// `created_on` only when given; by creation time.
pub(super) async fn fetch_shamir_setups(
    conn: &mut TxConn,
    org: &OrganizationID,
    user_id: Option<UserID>,
    created_on: Option<DateTime>,
) -> Result<Vec<ShamirRecoverySetup>, StorageError> {
    let mut filter = String::from("organization_id = $1");
    if user_id.is_some() {
        filter.push_str(" AND user_id = $2");
        if created_on.is_some() {
            filter.push_str(" AND created_on = $3");
        }
    }
    let setups_sql =
        format!("SELECT {SHAMIR_COLUMNS} FROM shamir_recovery_setup WHERE {filter} ORDER BY created_on, user_id");
    let shares_sql = format!(
        "SELECT user_id, created_on, recipient_user_id, shares, share_certificate \
         FROM shamir_recovery_share WHERE {filter} ORDER BY upload_order"
    );
    let rows = shamir_query(&setups_sql, org, user_id, created_on)
        .fetch_all(&mut *conn)
        .await?;
    let mut setups = Vec::with_capacity(rows.len());
    for row in &rows {
        let reveal_token: Vec<u8> = row.col("reveal_token")?;
        let reveal_token = <[u8; 16]>::try_from(reveal_token.as_slice())
            .map(AccessToken::from_bytes)
            .map_err(|_| corrupted("reveal token is not 16 bytes"))?;
        setups.push(ShamirRecoverySetup {
            user_id: parse(&row.col::<String>("user_id")?)?,
            created_on: DateTime::from_micros(row.col("created_on")?),
            brief_certificate: row.col("brief_certificate")?,
            threshold: i64_to_u64(row.col("threshold")?)?,
            shares: Vec::new(),
            reveal_token,
            ciphered_data: row.col("ciphered_data")?,
            deleted_on: dt(row.col("deleted_on")?),
            deletion_certificate: row.col("deletion_certificate")?,
        });
    }
    if setups.is_empty() {
        // No setup, no share: spare the second query (most organizations, on every
        // `certificate_get`).
        return Ok(setups);
    }
    let share_rows = shamir_query(&shares_sql, org, user_id, created_on)
        .fetch_all(&mut *conn)
        .await?;
    for row in share_rows {
        let user_id: UserID = parse(&row.col::<String>("user_id")?)?;
        let created_on = DateTime::from_micros(row.col("created_on")?);
        let setup = setups
            .iter_mut()
            .find(|s| s.user_id == user_id && s.created_on == created_on)
            .ok_or_else(|| corrupted("shamir recovery share without its setup"))?;
        setup.shares.push(ShamirRecoveryShare {
            recipient: parse(&row.col::<String>("recipient_user_id")?)?,
            shares: i64_to_u64(row.col("shares")?)?,
            certificate: row.col("share_certificate")?,
        });
    }
    Ok(setups)
}

/// The invitations of `org` matching `filter` (SQL after the organization's condition,
/// `$2` bound to `kind` when given), by creation time, shamir ones linked to their setup.
pub(super) async fn fetch_invitations(
    conn: &mut TxConn,
    org: &OrganizationID,
    filter: &str,
    kind: Option<&'static str>,
) -> Result<Vec<Invitation>, StorageError> {
    let sql = invitations_sql(filter);
    let mut query = stmt(&sql).bind(org.as_str());
    if let Some(kind) = kind {
        query = query.bind(kind);
    }
    let rows = query.fetch_all(conn).await?;
    let mut invitations = rows
        .iter()
        .map(invitation_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    for invitation in &mut invitations {
        link_invitation(conn, org, invitation).await?;
    }
    Ok(invitations)
}

/// Reads one invitation.
pub(super) async fn fetch_invitation(
    conn: &mut TxConn,
    org: &OrganizationID,
    token: &AccessToken,
) -> Result<Option<Invitation>, StorageError> {
    let sql = format!(
        "SELECT {INVITATION_COLUMNS} FROM invitation WHERE organization_id = $1 AND token = $2"
    );
    let row = stmt(&sql)
        .bind(org.as_str().to_owned())
        .bind(token.as_bytes().to_vec())
        .fetch_optional(&mut *conn)
        .await?;
    let Some(mut invitation) = row.as_ref().map(invitation_from_row).transpose()? else {
        return Ok(None);
    };
    link_invitation(conn, org, &mut invitation).await?;
    Ok(Some(invitation))
}

pub(super) fn side_str(side: GreeterOrClaimer) -> &'static str {
    match side {
        GreeterOrClaimer::Greeter => "GREETER",
        GreeterOrClaimer::Claimer => "CLAIMER",
    }
}

fn side_from_str(s: &str) -> Result<GreeterOrClaimer, StorageError> {
    match s {
        "GREETER" => Ok(GreeterOrClaimer::Greeter),
        "CLAIMER" => Ok(GreeterOrClaimer::Claimer),
        other => Err(corrupted(format!("greeting side {other}"))),
    }
}

fn reason_from_str(s: &str) -> Result<CancelledGreetingAttemptReason, StorageError> {
    use CancelledGreetingAttemptReason as R;
    [
        R::ManuallyCancelled,
        R::InvalidNonceHash,
        R::InvalidSasCode,
        R::UndecipherablePayload,
        R::UndeserializablePayload,
        R::InconsistentPayload,
        R::AutomaticallyCancelled,
    ]
    .into_iter()
    .find(|r| r.as_str() == s)
    .ok_or_else(|| corrupted(format!("cancel reason {s}")))
}

pub(super) const ATTEMPT_COLUMNS: &str =
    "greeting_attempt_id, token, greeter_user_id, created_on, \
    greeter_joined, claimer_joined, cancelled_origin, cancelled_reason, cancelled_on";

fn attempt_from_row(row: &impl SqlRow) -> Result<GreetingAttempt, StorageError> {
    let token: Vec<u8> = row.col("token")?;
    let token = <[u8; 16]>::try_from(token.as_slice())
        .map(AccessToken::from_bytes)
        .map_err(|_| corrupted("attempt token is not 16 bytes"))?;
    let origin: Option<String> = row.col("cancelled_origin")?;
    let reason: Option<String> = row.col("cancelled_reason")?;
    let on: Option<i64> = row.col("cancelled_on")?;
    let cancelled = match (origin, reason, on) {
        (Some(origin), Some(reason), Some(on)) => Some(GreetingAttemptCancelled {
            origin: side_from_str(&origin)?,
            reason: reason_from_str(&reason)?,
            timestamp: DateTime::from_micros(on),
        }),
        _ => None,
    };
    Ok(GreetingAttempt {
        id: parse(&row.col::<String>("greeting_attempt_id")?)?,
        token,
        greeter: parse(&row.col::<String>("greeter_user_id")?)?,
        created_on: DateTime::from_micros(row.col("created_on")?),
        greeter_joined: dt(row.col("greeter_joined")?),
        claimer_joined: dt(row.col("claimer_joined")?),
        cancelled,
        greeter_steps: Vec::new(),
        claimer_steps: Vec::new(),
    })
}

/// Reads the attempt selected by `condition` (on the `greeting_attempt` columns, with
/// `$1` the organization and `binds` from `$2`), steps included.
pub(super) async fn fetch_attempt_where(
    conn: &mut TxConn,
    org: &OrganizationID,
    condition: &str,
    binds: Vec<AttemptBind>,
) -> Result<Option<GreetingAttempt>, StorageError> {
    let sql = format!(
        "SELECT {ATTEMPT_COLUMNS} FROM greeting_attempt WHERE organization_id = $1 AND {condition} \
         ORDER BY created_on DESC"
    );
    let mut query = stmt(&sql).bind(org.as_str().to_owned());
    for b in binds {
        query = match b {
            AttemptBind::Text(t) => query.bind(t),
            AttemptBind::Bytes(v) => query.bind(v),
        };
    }
    let Some(row) = query.fetch_optional(&mut *conn).await? else {
        return Ok(None);
    };
    let mut attempt = attempt_from_row(&row)?;
    let steps = stmt(
        "SELECT side, step_index, data FROM greeting_step \
         WHERE organization_id = $1 AND greeting_attempt_id = $2 ORDER BY side, step_index",
    )
    .bind(org.as_str().to_owned())
    .bind(attempt.id.hex())
    .fetch_all(&mut *conn)
    .await?;
    for row in steps {
        let side = side_from_str(&row.col::<String>("side")?)?;
        let index: i64 = row.col("step_index")?;
        let data: Vec<u8> = row.col("data")?;
        let list = match side {
            GreeterOrClaimer::Greeter => &mut attempt.greeter_steps,
            GreeterOrClaimer::Claimer => &mut attempt.claimer_steps,
        };
        if usize::try_from(index).ok() != Some(list.len()) {
            return Err(corrupted("greeting steps are not contiguous"));
        }
        list.push(data);
    }
    Ok(Some(attempt))
}

/// A bound value of [`fetch_attempt_where`].
pub(super) enum AttemptBind {
    Text(String),
    Bytes(Vec<u8>),
}
