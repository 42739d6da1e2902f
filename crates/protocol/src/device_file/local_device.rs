//! The decrypted content of a device file (device-file.md §3).

use super::*;

/// The decrypted content of a device file (device-file.md §3). `Debug` redacts the keys.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LocalDevice {
    /// The server as an `http(s)://HOST[:PORT]/` URL.
    pub server_url: String,
    /// The organization.
    pub organization_id: OrganizationID,
    /// The organization's root verify key.
    pub root_verify_key: VerifyKey,
    /// The user.
    pub user_id: UserID,
    /// This device.
    pub device_id: DeviceID,
    /// This device's label.
    pub device_label: DeviceLabel,
    /// The user's name and email.
    pub human_handle: HumanHandle,
    /// This device's Ed25519 key (request signatures, certificates).
    pub signing_key: SigningKey,
    /// The user's X25519 key (shared by all the user's devices).
    pub private_key: PrivateKey,
    /// The profile at enrolment time (the current one comes from certificates).
    pub initial_profile: UserProfile,
    /// The user's private realm.
    pub user_realm_id: VlobID,
    /// The key of that realm.
    pub user_realm_key: SecretKey,
    /// The key of this device's local storage.
    pub local_symkey: SecretKey,
}

impl Typed for LocalDevice {
    const TYPE: &'static str = "local_device";
}

impl LocalDevice {
    /// The server, from `server_url`.
    pub fn server_addr(&self) -> Result<ServerAddr, AddrError> {
        ServerAddr::from_http_url(&self.server_url)
    }

    /// The `parsec3://HOST/ORG?p=<root key>` address of the organization.
    pub fn organization_addr(&self) -> Result<OrganizationAddr, AddrError> {
        Ok(OrganizationAddr::new(
            self.server_addr()?,
            self.organization_id.clone(),
            self.root_verify_key,
        ))
    }

    /// The plain msgpack map (type first, fields in schema order) that gets encrypted.
    pub fn dump(&self) -> Vec<u8> {
        data::dump_typed(self)
    }

    /// Reads the decrypted msgpack (map or positional array).
    pub fn load(bytes: &[u8]) -> Result<Self, DataError> {
        data::load_typed(bytes)
    }
}
