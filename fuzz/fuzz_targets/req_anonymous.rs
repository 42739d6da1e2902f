//! `POST /anonymous/<org>` bodies, as the server decodes them: the request, then the
//! certificates of `organization_bootstrap` without their signatures (what it reads first).
#![no_main]

use libfuzzer_sys::fuzz_target;
use parsec_protocol::certif::AnyCertificate;
use parsec_protocol::cmds::anonymous::AnyCmdReq;

fuzz_target!(|data: &[u8]| {
    if let Ok(AnyCmdReq::OrganizationBootstrap(req)) = AnyCmdReq::load(data) {
        for certif in [
            &req.user_certificate,
            &req.device_certificate,
            &req.redacted_user_certificate,
            &req.redacted_device_certificate,
        ] {
            let _ = AnyCertificate::unsecure_load(certif);
        }
        if let Some(certif) = &req.sequester_authority_certificate {
            let _ = AnyCertificate::unsecure_load(certif);
        }
    }
});
