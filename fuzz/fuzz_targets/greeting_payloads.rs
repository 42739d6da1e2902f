//! Greeting attempts: the step bodies (`from_index_and_data`, first byte the step) and the
//! encrypted payloads of steps 6 and 7, decrypted with the vectors' shared key, then the
//! same bytes as the decrypted plaintext (format v0) of each payload type.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parsec_protocol::crypto::SecretKey;
use parsec_protocol::data;
use parsec_protocol::invite::{
    ClaimerStep, GreeterStep, GreetingPayload, InviteDeviceConfirmation, InviteDeviceData,
    InviteShamirRecoveryConfirmation, InviteShamirRecoveryData, InviteUserConfirmation,
    InviteUserData,
};

/// `payloads.key_hex` of `invite-vectors.json`.
const SHARED_KEY: [u8; 32] = [
    0x49, 0xa7, 0xfb, 0x99, 0xa6, 0xbf, 0xce, 0xab, 0x13, 0x80, 0x3d, 0xf4, 0xeb, 0x16, 0x0e, 0x8d,
    0x03, 0x71, 0x91, 0x70, 0xef, 0xfe, 0x4d, 0x51, 0xf4, 0x7d, 0x4c, 0x30, 0x2e, 0x84, 0x13, 0x42,
];

fuzz_target!(|data: &[u8]| {
    if let Some((&index, rest)) = data.split_first() {
        if let Some(step) = ClaimerStep::from_index_and_data(index, rest) {
            assert_eq!(step.index(), index);
            let _ = step.data();
        }
        if let Some(step) = GreeterStep::from_index_and_data(index, rest) {
            assert_eq!(step.index(), index);
            let _ = step.data();
        }
    }
    let key = SecretKey::from_bytes(SHARED_KEY);
    let _ = InviteUserData::decrypt_and_load(&key, data);
    let _ = InviteUserConfirmation::decrypt_and_load(&key, data);
    let _ = InviteDeviceData::decrypt_and_load(&key, data);
    let _ = InviteDeviceConfirmation::decrypt_and_load(&key, data);
    let _ = InviteShamirRecoveryData::decrypt_and_load(&key, data);
    let _ = InviteShamirRecoveryConfirmation::decrypt_and_load(&key, data);
    // `load_v0::<T>`, decompressing once for the six types.
    if let Ok(raw) = data::decompress_v0(data, data::MAX_PAYLOAD_SIZE) {
        let _ = data::load_typed::<InviteUserData>(&raw);
        let _ = data::load_typed::<InviteUserConfirmation>(&raw);
        let _ = data::load_typed::<InviteDeviceData>(&raw);
        let _ = data::load_typed::<InviteDeviceConfirmation>(&raw);
        let _ = data::load_typed::<InviteShamirRecoveryData>(&raw);
        let _ = data::load_typed::<InviteShamirRecoveryConfirmation>(&raw);
    }
});
