//! Signed certificates (`signature(64) || 0x00 || zstd(msgpack)`), as the server and the
//! client read them: `AnyCertificate::unsecure_load` (to learn the author), then
//! the ballpark check the server makes on the timestamp, then `verify_and_load` of the
//! claimed type with the vectors' root key and with the payload re-signed by a fixed key
//! (so that decoding after a valid signature is reached whatever the mutation), and the
//! payload decoded as every typed certificate.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parsec_protocol::certif::{
    verify_and_load, AnyCertificate, DeviceCertificate, RevokedUserCertificate,
    SequesterAuthorityCertificate, ShamirRecoveryBriefCertificate,
    ShamirRecoveryDeletionCertificate, ShamirRecoveryShareCertificate, UserCertificate,
    UserUpdateCertificate,
};
use parsec_protocol::crypto::{SigningKey, VerifyKey};
use parsec_protocol::{data, DateTime};
use std::sync::LazyLock;

/// The organization root key of `certificates-vectors.json`.
const ROOT_VERIFY_KEY: [u8; 32] = [
    0x0b, 0x47, 0x82, 0x3e, 0x71, 0x09, 0x5d, 0xd5, 0x9b, 0xe7, 0x8a, 0xc2, 0x71, 0xc5, 0x76, 0xef,
    0x38, 0x9f, 0x87, 0xb6, 0x45, 0x61, 0xab, 0x07, 0xcf, 0x9a, 0x4e, 0xbc, 0xd0, 0x2d, 0x20, 0x41,
];

/// Decodes the payload as each typed certificate, as `verify_and_load` does once the
/// signature holds (checking a signature per type would cost more than the decoding):
/// decompressed once, within the payload limit, then decoded as each type.
fn load_all_types(payload: &[u8]) {
    let Ok(raw) = data::decompress_v0(payload, data::MAX_PAYLOAD_SIZE) else {
        return;
    };
    let _ = data::load_typed::<UserCertificate>(&raw);
    let _ = data::load_typed::<DeviceCertificate>(&raw);
    let _ = data::load_typed::<UserUpdateCertificate>(&raw);
    let _ = data::load_typed::<RevokedUserCertificate>(&raw);
    let _ = data::load_typed::<SequesterAuthorityCertificate>(&raw);
    let _ = data::load_typed::<ShamirRecoveryBriefCertificate>(&raw);
    let _ = data::load_typed::<ShamirRecoveryShareCertificate>(&raw);
    let _ = data::load_typed::<ShamirRecoveryDeletionCertificate>(&raw);
}

/// `verify_and_load` of the type `certif` claims to be.
fn verify_as(certif: &AnyCertificate, signed: &[u8], key: &VerifyKey) {
    let _ = match certif {
        AnyCertificate::User(_) => verify_and_load::<UserCertificate>(signed, key).map(drop),
        AnyCertificate::Device(_) => verify_and_load::<DeviceCertificate>(signed, key).map(drop),
        AnyCertificate::UserUpdate(_) => {
            verify_and_load::<UserUpdateCertificate>(signed, key).map(drop)
        }
        AnyCertificate::RevokedUser(_) => {
            verify_and_load::<RevokedUserCertificate>(signed, key).map(drop)
        }
        AnyCertificate::SequesterAuthority(_) => {
            verify_and_load::<SequesterAuthorityCertificate>(signed, key).map(drop)
        }
        AnyCertificate::ShamirRecoveryBrief(_) => {
            verify_and_load::<ShamirRecoveryBriefCertificate>(signed, key).map(drop)
        }
        AnyCertificate::ShamirRecoveryShare(_) => {
            verify_and_load::<ShamirRecoveryShareCertificate>(signed, key).map(drop)
        }
        AnyCertificate::ShamirRecoveryDeletion(_) => {
            verify_and_load::<ShamirRecoveryDeletionCertificate>(signed, key).map(drop)
        }
        _ => Ok(()),
    };
}

static RESIGN_KEY: LazyLock<SigningKey> = LazyLock::new(|| SigningKey::from_seed(&[0x42; 32]));

fuzz_target!(|data: &[u8]| {
    let Ok(certif) = AnyCertificate::unsecure_load(data) else {
        if let Some(payload) = data.get(64..) {
            load_all_types(payload);
        }
        return;
    };
    let _ = certif.author();
    if let Some(timestamp) = certif.timestamp() {
        // The server's ballpark check against its clock.
        let now = DateTime::from_micros(1_735_787_045_678_901);
        let _ = now.seconds_since(timestamp);
        let _ = timestamp.seconds_since(now);
        let _ = timestamp.to_rfc3339();
    }
    // What the client does next: verify with the author's key (here the vectors' root key,
    // right for the root-signed seeds), then the same payload re-signed with a known key.
    verify_as(&certif, data, &VerifyKey::from_bytes(ROOT_VERIFY_KEY));
    if let Some(payload) = data.get(64..) {
        verify_as(&certif, &RESIGN_KEY.sign(payload), &RESIGN_KEY.verify_key());
        load_all_types(payload);
    }
});
