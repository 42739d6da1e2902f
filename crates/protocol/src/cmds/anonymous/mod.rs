//! Anonymous commands (`POST /anonymous/<org>`): `organization_bootstrap`, `ping`, and
//! the TOTP commands that need no device (setup with a reset token, opaque key fetch).

pub mod organization_bootstrap;
pub mod ping;
pub mod totp_fetch_opaque_key;
pub mod totp_setup_confirm;
pub mod totp_setup_get_secret;

family! {
    AnonymousCommand;
    /// Any request of the anonymous family, as the server decodes it.
    pub enum AnyCmdReq {
        /// `organization_bootstrap`.
        OrganizationBootstrap => organization_bootstrap,
        /// `ping` (debug servers only).
        Ping => ping,
        /// `totp_setup_get_secret` (with a reset token).
        TotpSetupGetSecret => totp_setup_get_secret,
        /// `totp_setup_confirm` (with a reset token).
        TotpSetupConfirm => totp_setup_confirm,
        /// `totp_fetch_opaque_key`.
        TotpFetchOpaqueKey => totp_fetch_opaque_key,
    }
}
