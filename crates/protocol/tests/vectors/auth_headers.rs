//! Authorization headers (wire.md §1.4–1.5).

use super::*;

#[test]
fn authorization_headers() {
    let v = wire_vector("authenticated_authorization_header");
    let (i, e) = (&v["inputs"], &v["expected"]);
    let key = SigningKey::from_seed(&arr(&i["signing_key_seed_hex"]));
    let device_id: DeviceID = parsed(&i["device_id_hex"]);
    let ts = i["timestamp_seconds"].as_i64().expect("seconds");
    let signed = s(&e["signed_string"]);
    assert_eq!(
        hex::encode(key.sign_only_signature(signed.as_bytes())),
        s(&e["signature_hex"])
    );
    assert_eq!(
        auth::authenticated_header(device_id, &key, ts),
        s(&e["authorization_header_value"])
    );

    let v = wire_vector("invited_authorization_header");
    let token: AccessToken = parsed(&v["inputs"]["token_hex"]);
    assert_eq!(
        auth::invited_header(&token),
        s(&v["expected"]["authorization_header_value"])
    );
}
