//! Request headers the server parses before the body: `Authorization` (authenticated
//! signed token, invited bearer token) and `Api-Version`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parsec_protocol::auth::{parse_bearer, SignedToken};
use parsec_protocol::cmds::ApiVersion;
use parsec_protocol::crypto::SigningKey;
use parsec_protocol::ids::AccessToken;

fuzz_target!(|data: &[u8]| {
    let Ok(header) = std::str::from_utf8(data) else {
        return;
    };
    let _ = header.parse::<ApiVersion>();
    let token = parse_bearer(header).unwrap_or(header);
    let _ = token.parse::<AccessToken>();
    if let Some(signed) = SignedToken::parse(token) {
        let key = SigningKey::from_seed(&[0x20; 32]).verify_key();
        let _ = signed.verify(&key);
        // What the server does with the claimed time.
        let _ = signed.timestamp_secs.checked_mul(1_000_000);
    }
});
