//! Addresses as the CLI reads them from its arguments and device files: `parsec3://`
//! server, organization, bootstrap and invitation addresses, their
//! `http(s)://…/redirect/…` twins, and device files' `http(s)://` server URLs.
//!
//! Checks that what is printed reads back as the same address, in both forms.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parsec_protocol::addr::{BootstrapAddr, InvitationAddr, OrganizationAddr, ServerAddr};

/// Each address type's parser and printers, checked to round-trip.
macro_rules! roundtrip {
    ($ty:ty, $s:expr, |$a:ident| $extra:expr) => {
        if let Ok($a) = <$ty>::from_any($s) {
            for printed in [$a.to_url(), $a.to_http_redirection_url()] {
                assert_eq!(<$ty>::from_any(&printed).as_ref(), Ok(&$a), "{printed}");
            }
            let _ = $extra;
        }
    };
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    roundtrip!(ServerAddr, s, |a| a.to_http_url());
    roundtrip!(OrganizationAddr, s, |a| a
        .server
        .endpoint("authenticated", &a.organization_id));
    roundtrip!(BootstrapAddr, s, |a| a.anonymous_endpoint());
    roundtrip!(InvitationAddr, s, |a| a.invited_endpoint());
    if let Ok(a) = ServerAddr::from_http_url(s) {
        assert_eq!(ServerAddr::from_http_url(&a.to_http_url()).as_ref(), Ok(&a));
    }
});
