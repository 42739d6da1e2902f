//! Device files as `device list` and the unlock commands read them: the outer map (any
//! variant), what is shown of it, then the decrypted `LocalDevice` (the same bytes taken as
//! the plaintext, and the file's ciphertext opened with a fixed key).
//!
//! The Argon2id step is not run: its cost comes from the parameters the file stores
//! (`memlimit_kb`, `opslimit`, `parallelism`, all `u32`), which would make single inputs
//! take minutes or exhaust memory (see the README's findings).
#![no_main]

use libfuzzer_sys::fuzz_target;
use parsec_protocol::crypto::SecretKey;
use parsec_protocol::device_file::{short_id_len, DeviceFile, DeviceFileProtection, LocalDevice};

fuzz_target!(|data: &[u8]| {
    if let Ok(file) = DeviceFile::decode(data) {
        let _ = file.server_addr().map(|a| a.to_url());
        let _ = file.created_on().to_rfc3339();
        let _ = file.protected_on().to_rfc3339();
        let _ = file.kind().to_string();
        let _ = file.human_handle().to_string();
        let _ = file.totp_opaque_key_id().map(|id| id.hex());
        let _ = short_id_len(&[file.device_id(), file.device_id()]);
        if let DeviceFileProtection::Password(algorithm) = file.protection() {
            let _ = algorithm.params;
        }
        let _ = file.decrypt_with_key(&SecretKey::from_bytes([0x30; 32]));
    }
    if let Ok(device) = LocalDevice::load(data) {
        let _ = device.server_addr().map(|a| a.to_url());
        let _ = device.organization_addr().map(|a| a.to_url());
    }
});
