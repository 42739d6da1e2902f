//! The SQL schema, shared by SQLite and PostgreSQL (only the binary column type differs).
//!
//! Portable choices: booleans and instants are `BIGINT` (0/1, microseconds since the
//! epoch), identifiers are 32-hex `TEXT`, certificates are stored as uploaded in binary
//! columns. Version 2 adds the greeting attempts and their steps (invite.md §3), so that
//! a greeting survives a restart of the server. Version 3 adds
//! the TOTP state of users and their TOTP-protected keys (official migration
//! `0021_totp.sql`, in tables of their own so that older databases only gain tables).
//! Version 4 adds shamir recovery setups, their shares, and the link from a
//! SHAMIR_RECOVERY invitation to the setup it relies on (official `0007_shamir.sql`:
//! at most one setup per user is not deleted), again as new tables only. Version 5 adds
//! indexes of invitations: of the pending ones by type (creating an invitation looks for
//! a pending one for the same claimer, which otherwise reads every invitation the
//! organization ever had) and, on SQLite, of all of them by creation time (see
//! `SQLITE_INDEXES`). Version 6 adds, on PostgreSQL only, the version of each
//! organization's users, changed by a trigger with every change to them (see
//! `POSTGRES_USERS_VERSION` and [`super::sql::kept`]).

/// Version written in `parsec_schema_version`; bump it with each migration.
pub const SCHEMA_VERSION: i64 = 6;

const TABLES: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS parsec_schema_version (version BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS organization (
        organization_id TEXT PRIMARY KEY,
        bootstrap_token {BLOB},
        is_bootstrapped BIGINT NOT NULL,
        is_expired BIGINT NOT NULL,
        created_on BIGINT NOT NULL,
        bootstrapped_on BIGINT,
        root_verify_key {BLOB},
        user_profile_outsider_allowed BIGINT NOT NULL,
        active_users_limit BIGINT,
        minimum_archiving_period BIGINT NOT NULL,
        tos_per_locale_urls TEXT,
        tos_updated_on BIGINT,
        sequester_authority_certificate {BLOB},
        sequester_authority_verify_key_der {BLOB},
        sequester_authority_timestamp BIGINT,
        common_topic_last_timestamp BIGINT,
        sequester_topic_last_timestamp BIGINT
    )",
    "CREATE TABLE IF NOT EXISTS parsec_user (
        organization_id TEXT NOT NULL REFERENCES organization (organization_id),
        user_id TEXT NOT NULL,
        human_email TEXT,
        human_label TEXT,
        initial_profile TEXT NOT NULL,
        current_profile TEXT NOT NULL,
        user_certificate {BLOB} NOT NULL,
        redacted_user_certificate {BLOB} NOT NULL,
        created_on BIGINT NOT NULL,
        created_by TEXT,
        revoked_on BIGINT,
        revoked_user_certificate {BLOB},
        revoked_by TEXT,
        frozen BIGINT NOT NULL DEFAULT 0,
        tos_accepted_on BIGINT,
        PRIMARY KEY (organization_id, user_id)
    )",
    "CREATE INDEX IF NOT EXISTS parsec_user_email ON parsec_user (organization_id, human_email)",
    "CREATE TABLE IF NOT EXISTS device (
        organization_id TEXT NOT NULL REFERENCES organization (organization_id),
        device_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        verify_key {BLOB} NOT NULL,
        device_certificate {BLOB} NOT NULL,
        redacted_device_certificate {BLOB} NOT NULL,
        created_on BIGINT NOT NULL,
        created_by TEXT,
        PRIMARY KEY (organization_id, device_id)
    )",
    "CREATE TABLE IF NOT EXISTS user_profile_update (
        organization_id TEXT NOT NULL REFERENCES organization (organization_id),
        user_id TEXT NOT NULL,
        updated_on BIGINT NOT NULL,
        new_profile TEXT NOT NULL,
        user_update_certificate {BLOB} NOT NULL,
        updated_by TEXT NOT NULL,
        PRIMARY KEY (organization_id, user_id, updated_on)
    )",
    "CREATE TABLE IF NOT EXISTS invitation (
        organization_id TEXT NOT NULL REFERENCES organization (organization_id),
        token {BLOB} NOT NULL,
        invitation_type TEXT NOT NULL,
        created_by_device_id TEXT NOT NULL,
        created_by_user_id TEXT NOT NULL,
        claimer_email TEXT,
        claimer_user_id TEXT,
        created_on BIGINT NOT NULL,
        deleted_on BIGINT,
        deleted_reason TEXT,
        PRIMARY KEY (organization_id, token)
    )",
    "CREATE TABLE IF NOT EXISTS greeting_attempt (
        organization_id TEXT NOT NULL REFERENCES organization (organization_id),
        greeting_attempt_id TEXT NOT NULL,
        token {BLOB} NOT NULL,
        greeter_user_id TEXT NOT NULL,
        created_on BIGINT NOT NULL,
        greeter_joined BIGINT,
        claimer_joined BIGINT,
        cancelled_origin TEXT,
        cancelled_reason TEXT,
        cancelled_on BIGINT,
        PRIMARY KEY (organization_id, greeting_attempt_id)
    )",
    "CREATE INDEX IF NOT EXISTS greeting_attempt_session \
        ON greeting_attempt (organization_id, token, greeter_user_id)",
    "CREATE TABLE IF NOT EXISTS greeting_step (
        organization_id TEXT NOT NULL REFERENCES organization (organization_id),
        greeting_attempt_id TEXT NOT NULL,
        side TEXT NOT NULL,
        step_index BIGINT NOT NULL,
        data {BLOB} NOT NULL,
        PRIMARY KEY (organization_id, greeting_attempt_id, side, step_index)
    )",
    "CREATE TABLE IF NOT EXISTS user_totp (
        organization_id TEXT NOT NULL REFERENCES organization (organization_id),
        user_id TEXT NOT NULL,
        setup_completed BIGINT NOT NULL,
        secret {BLOB},
        reset_token TEXT,
        PRIMARY KEY (organization_id, user_id),
        CHECK (setup_completed = 0 OR secret IS NOT NULL),
        CHECK (setup_completed = 0 OR reset_token IS NULL)
    )",
    "CREATE TABLE IF NOT EXISTS totp_opaque_key (
        organization_id TEXT NOT NULL REFERENCES organization (organization_id),
        opaque_key_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        opaque_key {BLOB} NOT NULL,
        failed_attempts BIGINT NOT NULL,
        last_failed_attempt BIGINT,
        PRIMARY KEY (organization_id, opaque_key_id)
    )",
    "CREATE INDEX IF NOT EXISTS totp_opaque_key_user ON totp_opaque_key (organization_id, user_id)",
    "CREATE TABLE IF NOT EXISTS shamir_recovery_setup (
        organization_id TEXT NOT NULL REFERENCES organization (organization_id),
        user_id TEXT NOT NULL,
        created_on BIGINT NOT NULL,
        brief_certificate {BLOB} NOT NULL,
        threshold BIGINT NOT NULL,
        reveal_token {BLOB} NOT NULL,
        ciphered_data {BLOB} NOT NULL,
        deleted_on BIGINT,
        deletion_certificate {BLOB},
        PRIMARY KEY (organization_id, user_id, created_on),
        CHECK ((deleted_on IS NULL) = (deletion_certificate IS NULL))
    )",
    "CREATE UNIQUE INDEX IF NOT EXISTS shamir_recovery_setup_active \
        ON shamir_recovery_setup (organization_id, user_id) WHERE deleted_on IS NULL",
    "CREATE TABLE IF NOT EXISTS shamir_recovery_share (
        organization_id TEXT NOT NULL REFERENCES organization (organization_id),
        user_id TEXT NOT NULL,
        created_on BIGINT NOT NULL,
        upload_order BIGINT NOT NULL,
        recipient_user_id TEXT NOT NULL,
        shares BIGINT NOT NULL,
        share_certificate {BLOB} NOT NULL,
        PRIMARY KEY (organization_id, user_id, created_on, recipient_user_id)
    )",
    "CREATE TABLE IF NOT EXISTS shamir_recovery_invitation (
        organization_id TEXT NOT NULL REFERENCES organization (organization_id),
        token {BLOB} NOT NULL,
        setup_created_on BIGINT NOT NULL,
        PRIMARY KEY (organization_id, token)
    )",
];

/// The indexes of invitations, by database. SQLite's hold every column of an invitation,
/// so that a listing (all of an organization's invitations by creation time, or its
/// pending ones of a type) is read from an index alone, instead of looking up each row
/// and sorting them. On PostgreSQL, where the round trip of a listing costs more than its
/// reads, keeping such wide indexes up to date at every invitation change cost more than
/// it saved (measured: 5 to 8% fewer requests served); there the pending ones have a
/// narrow index.
const SQLITE_INDEXES: &[&str] = &[
    "CREATE INDEX IF NOT EXISTS invitation_pending \
        ON invitation (organization_id, invitation_type, created_on, token, created_by_device_id, \
            created_by_user_id, claimer_email, claimer_user_id, deleted_on, deleted_reason) \
        WHERE deleted_on IS NULL",
    "CREATE INDEX IF NOT EXISTS invitation_listing \
        ON invitation (organization_id, created_on, token, invitation_type, created_by_device_id, \
            created_by_user_id, claimer_email, claimer_user_id, deleted_on, deleted_reason)",
];
const POSTGRES_INDEXES: &[&str] = &["CREATE INDEX IF NOT EXISTS invitation_pending \
    ON invitation (organization_id, invitation_type) WHERE deleted_on IS NULL"];

/// PostgreSQL: `organization.users_version` takes a new value of a sequence, in the same
/// transaction, whenever a row of `parsec_user` is inserted, updated or deleted, or the
/// table is truncated, however it is written. Values are never reused, across
/// organizations too: equal versions mean equal users. The update takes the organization
/// row's lock, which every write transaction of the server takes first anyway.
const POSTGRES_USERS_VERSION: &[&str] = &[
    "CREATE SEQUENCE IF NOT EXISTS parsec_users_version",
    "ALTER TABLE organization ADD COLUMN IF NOT EXISTS \
        users_version BIGINT NOT NULL DEFAULT nextval('parsec_users_version')",
    "CREATE OR REPLACE FUNCTION parsec_users_changed() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            UPDATE organization SET users_version = nextval('parsec_users_version');
            RETURN NULL;
        END IF;
        IF TG_OP <> 'INSERT' THEN
            UPDATE organization SET users_version = nextval('parsec_users_version')
                WHERE organization_id = OLD.organization_id;
        END IF;
        IF TG_OP = 'INSERT' OR NEW.organization_id <> OLD.organization_id THEN
            UPDATE organization SET users_version = nextval('parsec_users_version')
                WHERE organization_id = NEW.organization_id;
        END IF;
        RETURN NULL;
    END
    $$",
    "DROP TRIGGER IF EXISTS parsec_users_changed ON parsec_user",
    "CREATE TRIGGER parsec_users_changed AFTER INSERT OR UPDATE OR DELETE ON parsec_user \
        FOR EACH ROW EXECUTE FUNCTION parsec_users_changed()",
    "DROP TRIGGER IF EXISTS parsec_users_truncated ON parsec_user",
    "CREATE TRIGGER parsec_users_truncated AFTER TRUNCATE ON parsec_user \
        FOR EACH STATEMENT EXECUTE FUNCTION parsec_users_changed()",
];

/// The statements creating the schema, for SQLite or PostgreSQL (whose binary type is
/// `BYTEA` instead of `BLOB`).
pub fn statements(sqlite: bool) -> Vec<String> {
    let blob_type = if sqlite { "BLOB" } else { "BYTEA" };
    let extra: &[&[&str]] = if sqlite {
        &[SQLITE_INDEXES]
    } else {
        &[POSTGRES_INDEXES, POSTGRES_USERS_VERSION]
    };
    TABLES
        .iter()
        .chain(extra.iter().copied().flatten())
        .map(|s| s.replace("{BLOB}", blob_type))
        .collect()
}
