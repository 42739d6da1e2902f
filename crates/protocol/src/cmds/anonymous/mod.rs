//! Anonymous commands (`POST /anonymous/<org>`): `organization_bootstrap`, `ping`.

pub mod organization_bootstrap;
pub mod ping;

family! {
    AnonymousCommand;
    /// Any request of the anonymous family, as the server decodes it.
    pub enum AnyCmdReq {
        /// `organization_bootstrap`.
        OrganizationBootstrap => organization_bootstrap,
        /// `ping` (debug servers only).
        Ping => ping,
    }
}
