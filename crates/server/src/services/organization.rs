//! Organization-level services: `organization_info`, and the changes an administrator
//! makes to an organization (wire.md §8.3), applied here and merely stored by the
//! backends.

use crate::cluster::ClusterMessage;
use crate::state::AppState;
use crate::storage::{Organization, StorageError, TermsOfService, UpdateOrganizationError};
use parsec_protocol::cmds::authenticated::organization_info;
use parsec_protocol::ids::OrganizationID;
use parsec_protocol::DateTime;

/// `organization_info`: no blocks nor vlobs are stored yet.
pub fn organization_info() -> organization_info::Rep {
    organization_info::Rep::Ok(organization_info::Info {
        total_metadata_bytes: 0,
        total_block_bytes: 0,
    })
}

/// Changes asked by `PATCH /administration/organizations/{org}`: `None` leaves a field
/// unchanged; for nullable fields `Some(None)` sets it to null.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganizationUpdate {
    /// New expiration state.
    pub is_expired: Option<bool>,
    /// New outsider setting.
    pub user_profile_outsider_allowed: Option<bool>,
    /// New active users limit (`Some(None)` = no limit).
    pub active_users_limit: Option<Option<u64>>,
    /// New minimum archiving period.
    pub minimum_archiving_period: Option<u64>,
    /// New TOS URLs (`Some(None)` removes the TOS); `updated_on` becomes the update time.
    pub tos: Option<Option<Vec<(String, String)>>>,
}

impl OrganizationUpdate {
    /// `org` with the update applied at `now` (the time stamping a new TOS).
    pub fn apply(&self, mut org: Organization, now: DateTime) -> Organization {
        if let Some(v) = self.is_expired {
            org.is_expired = v;
        }
        if let Some(v) = self.user_profile_outsider_allowed {
            org.config.user_profile_outsider_allowed = v;
        }
        if let Some(v) = self.active_users_limit {
            org.config.active_users_limit = v;
        }
        if let Some(v) = self.minimum_archiving_period {
            org.config.minimum_archiving_period = v;
        }
        if let Some(tos) = &self.tos {
            org.config.tos = tos.clone().map(|per_locale_urls| TermsOfService {
                per_locale_urls,
                updated_on: now,
            });
        }
        org
    }
}

/// Applies `update` to organization `id` at `now`, atomically. The kept authentication
/// look-ups of its devices are forgotten, by every process, before it returns here.
pub async fn update_organization(
    state: &AppState,
    id: &OrganizationID,
    update: &OrganizationUpdate,
    now: DateTime,
) -> Result<(), UpdateOrganizationError> {
    let (state, id, update) = (state.clone(), id.clone(), update.clone());
    // In a task of its own: a request cancelled by its client must not stop between the
    // change and the forgetting.
    let change = async move {
        let mut outbox = state.outbox();
        outbox.push(ClusterMessage::forget_credentials(&id, None));
        state
            .store
            .update_organization(&id, &|org| update.apply(org, now), outbox)
            .await
    };
    tokio::spawn(change).await.map_err(|e| {
        UpdateOrganizationError::Storage(StorageError::Corrupted(format!(
            "the update did not finish: {e}"
        )))
    })?
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{NewOrganization, OrganizationConfig};

    fn organization(now: DateTime) -> Organization {
        NewOrganization {
            id: "Org".parse().expect("valid ID"),
            bootstrap_token: None,
            config: OrganizationConfig::default(),
            created_on: now,
        }
        .into_organization()
    }

    #[test]
    fn empty_update_changes_nothing() {
        let now = DateTime::from_micros(1_000_000);
        let org = organization(now);
        assert_eq!(OrganizationUpdate::default().apply(org.clone(), now), org);
    }

    #[test]
    fn fields_are_set_and_cleared() {
        let created = DateTime::from_micros(1_000_000);
        let now = DateTime::from_micros(2_000_000);
        let update = OrganizationUpdate {
            is_expired: Some(true),
            user_profile_outsider_allowed: Some(false),
            active_users_limit: Some(Some(3)),
            minimum_archiving_period: Some(7),
            tos: Some(Some(vec![("en".into(), "https://e/tos".into())])),
        };
        let org = update.apply(organization(created), now);
        assert!(org.is_expired);
        assert!(!org.config.user_profile_outsider_allowed);
        assert_eq!(org.config.active_users_limit, Some(3));
        assert_eq!(org.config.minimum_archiving_period, 7);
        let tos = org.config.tos.clone().expect("TOS set");
        assert_eq!(tos.updated_on, now);
        assert_eq!(tos.per_locale_urls.len(), 1);

        let clear = OrganizationUpdate {
            active_users_limit: Some(None),
            tos: Some(None),
            ..OrganizationUpdate::default()
        };
        let org = clear.apply(org, now);
        assert_eq!(org.config.active_users_limit, None);
        assert_eq!(org.config.tos, None);
        assert!(org.is_expired);
    }
}
