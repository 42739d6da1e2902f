//! JSON bodies of the administration REST API (wire.md §8), shared by the server and
//! the CLI's `organization create / status / stats`.
//!
//! Fields that distinguish "missing" (server default, leave unchanged) from `null`
//! use `Option<Option<T>>` with [`double_option`].

use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// Keeps `null` (`Some(None)`) apart from a missing key (`None`).
pub fn double_option<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// `POST /administration/organizations`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateOrganizationReq {
    /// The new organization's ID.
    pub organization_id: String,
    /// Whether users may have the OUTSIDER profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_profile_outsider_allowed: Option<bool>,
    /// Maximum active users (`null` = unlimited).
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub active_users_limit: Option<Option<u64>>,
    /// Seconds before a deleted workspace is really deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub realm_minimum_archiving_period_before_deletion: Option<u64>,
    /// Terms of service: locale → URL.
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub tos: Option<Option<BTreeMap<String, String>>>,
}

/// Answer to a creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateOrganizationRep {
    /// `parsec3://…?a=bootstrap_organization&p=…`.
    pub bootstrap_url: String,
    /// The `http(s)://…/redirect/…` form (3.8+ servers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bootstrap_url_as_http_redirection: Option<String>,
}

/// `PATCH /administration/organizations/<org>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatchOrganizationReq {
    /// Expire (or revive) the organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_expired: Option<bool>,
    /// Whether users may have the OUTSIDER profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_profile_outsider_allowed: Option<bool>,
    /// Maximum active users (`null` = unlimited).
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub active_users_limit: Option<Option<u64>>,
    /// Seconds before a deleted workspace is really deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub realm_minimum_archiving_period_before_deletion: Option<u64>,
    /// Terms of service (`null` removes them).
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub tos: Option<Option<BTreeMap<String, String>>>,
}

/// Terms of service as the server reports them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tos {
    /// Locale → URL.
    pub per_locale_urls: BTreeMap<String, String>,
    /// RFC 3339 time of the last change.
    pub updated_on: String,
}

/// `GET /administration/organizations/<org>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationStatus {
    /// Whether the first user exists.
    pub is_bootstrapped: bool,
    /// Expired organizations refuse every request.
    pub is_expired: bool,
    /// Whether users may have the OUTSIDER profile.
    pub user_profile_outsider_allowed: bool,
    /// Maximum active users.
    pub active_users_limit: Option<u64>,
    /// Seconds before a deleted workspace is really deleted.
    pub realm_minimum_archiving_period_before_deletion: u64,
    /// Terms of service.
    pub tos: Option<Tos>,
}

/// Active and revoked users of one profile.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileCount {
    /// Not revoked.
    pub active: u64,
    /// Revoked.
    pub revoked: u64,
}

/// Users per profile.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(non_snake_case)]
pub struct UsersPerProfile {
    /// Administrators.
    pub ADMIN: ProfileCount,
    /// Standard users.
    pub STANDARD: ProfileCount,
    /// Outsiders.
    pub OUTSIDER: ProfileCount,
}

/// `GET /administration/organizations/<org>/stats`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationStats {
    /// Number of realms.
    pub realms: u64,
    /// Bytes of data.
    pub data_size: u64,
    /// Bytes of metadata.
    pub metadata_size: u64,
    /// All users, revoked included.
    pub users: u64,
    /// Non-revoked users.
    pub active_users: u64,
    /// Per profile.
    pub users_per_profile_detail: UsersPerProfile,
}

/// One organization in `GET /administration/stats`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerStatsItem {
    /// Organization.
    pub organization_id: String,
    /// Bytes of data.
    pub data_size: u64,
    /// Bytes of metadata.
    pub metadata_size: u64,
    /// Number of realms.
    pub realms: u64,
    /// All users.
    pub users: u64,
    /// Non-revoked users.
    pub active_users: u64,
    /// Per profile.
    pub users_per_profile_detail: UsersPerProfile,
}

/// `GET /administration/stats?format=json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerStats {
    /// One entry per organization.
    pub stats: Vec<ServerStatsItem>,
}

/// A user in `GET /administration/organizations/<org>/users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminUser {
    /// 32 hex digits.
    pub user_id: String,
    /// Email.
    pub user_email: String,
    /// Full name.
    pub user_name: String,
    /// Frozen users cannot connect.
    pub frozen: bool,
}

/// `GET /administration/organizations/<org>/users`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminUsers {
    /// Non-revoked users.
    pub users: Vec<AdminUser>,
}

/// `POST /administration/organizations/<org>/users/freeze`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreezeUserReq {
    /// New state.
    pub frozen: bool,
    /// Target by email…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_email: Option<String>,
    /// …or by ID (hex or hyphenated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// `POST /administration/organizations/<org>/users/reset_totp`: exactly one of
/// `user_email` (among non-revoked users) and `user_id`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetTotpReq {
    /// Target by email…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_email: Option<String>,
    /// …or by ID (hex or hyphenated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Also email the reset URL to the user.
    #[serde(default)]
    pub send_email: bool,
}

/// The answer of `…/users/reset_totp`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetTotpRep {
    /// 32 hex digits.
    pub user_id: String,
    /// The user's email.
    pub user_email: String,
    /// `parsec3://…?a=totp_reset&p=…`.
    pub totp_reset_url: String,
    /// `http(s)://…/redirect/…?a=totp_reset&p=…` (the URL of the email).
    pub totp_reset_url_as_http_redirection: String,
    /// `NOT_SENT_AS_REQUESTED`, `SENT_AS_REQUESTED`, or why the email failed:
    /// `SERVER_UNAVAILABLE`, `RECIPIENT_REFUSED`, `BAD_SMTP_CONFIG`.
    pub email_sent_status: String,
}

/// Error bodies: `{"detail": "..."}` (or a list for validation errors).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// What went wrong.
    pub detail: serde_json::Value,
}
