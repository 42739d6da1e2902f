//! `POST /authenticated/<org>` bodies, as the server decodes them: the request, then the
//! certificates it carries without their signatures (what the server reads first).
#![no_main]

use libfuzzer_sys::fuzz_target;
use parsec_protocol::certif::AnyCertificate;
use parsec_protocol::cmds::authenticated::AnyCmdReq;

fuzz_target!(|data: &[u8]| {
    let certificates: Vec<Vec<u8>> = match AnyCmdReq::load(data) {
        Ok(AnyCmdReq::UserCreate(r)) => vec![
            r.user_certificate,
            r.device_certificate,
            r.redacted_user_certificate,
            r.redacted_device_certificate,
        ],
        Ok(AnyCmdReq::DeviceCreate(r)) => {
            vec![r.device_certificate, r.redacted_device_certificate]
        }
        Ok(AnyCmdReq::UserRevoke(r)) => vec![r.revoked_user_certificate],
        Ok(AnyCmdReq::UserUpdate(r)) => vec![r.user_update_certificate],
        Ok(AnyCmdReq::ShamirRecoverySetup(r)) => {
            let mut all = vec![r.shamir_recovery_brief_certificate];
            all.extend(
                r.shamir_recovery_share_certificates
                    .into_iter()
                    .map(|c| c.into_vec()),
            );
            all
        }
        Ok(AnyCmdReq::ShamirRecoveryDelete(r)) => vec![r.shamir_recovery_deletion_certificate],
        _ => return,
    };
    for certif in certificates {
        let _ = AnyCertificate::unsecure_load(&certif);
    }
});
