//! `GET /administration/organizations/{org}/stats` and `GET /administration/stats`
//! (wire.md §8.4–8.5). Realms, data and metadata are always 0: none are stored yet.

use super::{organization_id, AdminError};
use crate::state::AppState;
use crate::storage::User;
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use parsec_protocol::cmds::admin::{
    OrganizationStats, ServerStats, ServerStatsItem, UsersPerProfile,
};
use parsec_protocol::ids::UserProfile;
use parsec_protocol::DateTime;
use serde_json::json;
use std::fmt::Write as _;

/// Counts users as of `at` (now when `None`): created by then, revoked by then.
pub fn compute_stats(users: &[User], at: Option<DateTime>) -> OrganizationStats {
    let mut stats = OrganizationStats::default();
    for user in users
        .iter()
        .filter(|u| at.is_none_or(|at| u.created_on <= at))
    {
        let revoked = user.is_revoked_at(at);
        stats.users += 1;
        let detail: &mut UsersPerProfile = &mut stats.users_per_profile_detail;
        let count = match user.current_profile {
            UserProfile::Admin => &mut detail.ADMIN,
            UserProfile::Standard => &mut detail.STANDARD,
            UserProfile::Outsider => &mut detail.OUTSIDER,
        };
        if revoked {
            count.revoked += 1;
        } else {
            count.active += 1;
            stats.active_users += 1;
        }
    }
    stats
}

/// `GET /administration/organizations/{org}/stats`.
pub async fn organization_stats(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, AdminError> {
    let id = organization_id(&raw)?;
    state
        .store
        .get_organization(&id)
        .await?
        .ok_or(AdminError::OrganizationNotFound)?;
    let users = state.store.list_users(&id).await?;
    Ok(Json(compute_stats(&users, None)).into_response())
}

const CSV_HEADER: &str = "organization_id,data_size,metadata_size,realms,active_users,\
    admin_users_active,admin_users_revoked,standard_users_active,standard_users_revoked,\
    outsider_users_active,outsider_users_revoked";

/// Renders the CSV form (rows end with CRLF, like Python's `csv` module).
pub fn stats_csv(stats: &ServerStats) -> String {
    let mut out = format!("{CSV_HEADER}\r\n");
    for s in &stats.stats {
        let d = &s.users_per_profile_detail;
        let _ = write!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{}\r\n",
            csv_field(&s.organization_id),
            s.data_size,
            s.metadata_size,
            s.realms,
            s.active_users,
            d.ADMIN.active,
            d.ADMIN.revoked,
            d.STANDARD.active,
            d.STANDARD.revoked,
            d.OUTSIDER.active,
            d.OUTSIDER.revoked
        );
    }
    out
}

/// Organization IDs are `\w` and `-` only, so quoting is never needed; kept for safety.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// `GET /administration/stats?format=json|csv&at=<RFC 3339>`.
pub async fn server_stats(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, AdminError> {
    let mut format = "json".to_owned();
    let mut at = None;
    for (k, v) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        match &*k {
            "format" => format = v.into_owned(),
            "at" => at = Some(v.into_owned()),
            _ => {}
        }
    }
    if format != "json" && format != "csv" {
        return Err(AdminError::validation(
            vec![json!("query"), json!("format")],
            "literal_error",
            "Input should be 'csv' or 'json'",
            json!(format),
        ));
    }
    let at = match at.map(|s| DateTime::parse_rfc3339(&s)) {
        None => None,
        Some(Some(at)) => Some(at),
        Some(None) => {
            return Err(AdminError::BadRequest(
                "Invalid `at` query argument (expected RFC3339 datetime)",
            ))
        }
    };
    let orgs = state.store.list_organizations().await?;
    let mut stats = ServerStats::default();
    // Organizations created after `at` did not exist yet (as the live server answers).
    for org in orgs
        .into_iter()
        .filter(|o| at.is_none_or(|at| o.created_on <= at))
    {
        let users = state.store.list_users(&org.id).await?;
        let s = compute_stats(&users, at);
        stats.stats.push(ServerStatsItem {
            organization_id: org.id.to_string(),
            data_size: s.data_size,
            metadata_size: s.metadata_size,
            realms: s.realms,
            users: s.users,
            active_users: s.active_users,
            users_per_profile_detail: s.users_per_profile_detail,
        });
    }
    Ok(if format == "csv" {
        (
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
            stats_csv(&stats),
        )
            .into_response()
    } else {
        Json(stats).into_response()
    })
}
