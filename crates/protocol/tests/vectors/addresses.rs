//! Addresses (wire.md §6).

use super::*;

fn server_of(u: &Json) -> ServerAddr {
    let port = u["port"].as_u64().map(|p| u16::try_from(p).expect("port"));
    ServerAddr::new(s(&u["hostname"]), port, u["use_ssl"] == true).expect("valid host")
}

/// Checks generation of both forms and parsing of both forms back.
fn check_urls<A: PartialEq + Debug>(
    u: &Json,
    addr: &A,
    to_url: impl Fn(&A) -> String,
    to_redirect: impl Fn(&A) -> String,
    from_any: impl Fn(&str) -> Result<A, parsec_protocol::addr::AddrError>,
) {
    let url = s(&u["parsec_url"]);
    let redirect = s(&u["http_redirection_url"]);
    assert_eq!(to_url(addr), url);
    assert_eq!(to_redirect(addr), redirect);
    assert_eq!(from_any(url).as_ref(), Ok(addr), "{url}");
    assert_eq!(from_any(redirect).as_ref(), Ok(addr), "{redirect}");
}

#[test]
fn parsec_urls() {
    let v = wire_vector("parsec_urls");
    let urls = v["expected"]["urls"].as_array().expect("an array");
    for u in urls {
        let server = server_of(u);
        let org = || -> OrganizationID { parsed(&u["organization_id"]) };
        match s(&u["kind"]) {
            "invitation" => {
                let addr = InvitationAddr::new(
                    server,
                    org(),
                    parsed::<InvitationType>(&u["invitation_type"]),
                    parsed(&u["token_hex"]),
                );
                check_urls(
                    u,
                    &addr,
                    InvitationAddr::to_url,
                    InvitationAddr::to_http_redirection_url,
                    InvitationAddr::from_any,
                );
            }
            "organization_bootstrap" => {
                let token = u["token_hex"].as_str().map(|t| t.parse().expect("token"));
                let addr = BootstrapAddr::new(server, org(), token);
                check_urls(
                    u,
                    &addr,
                    BootstrapAddr::to_url,
                    BootstrapAddr::to_http_redirection_url,
                    BootstrapAddr::from_any,
                );
            }
            "organization" => {
                let key = VerifyKey::from_bytes(arr(&u["root_verify_key_hex"]));
                let addr = OrganizationAddr::new(server, org(), key);
                check_urls(
                    u,
                    &addr,
                    OrganizationAddr::to_url,
                    OrganizationAddr::to_http_redirection_url,
                    OrganizationAddr::from_any,
                );
            }
            "server" => {
                check_urls(
                    u,
                    &server,
                    ServerAddr::to_url,
                    ServerAddr::to_http_redirection_url,
                    ServerAddr::from_any,
                );
                let base = s(&u["http_base_url"]);
                assert_eq!(server.to_http_url(), base);
                assert_eq!(ServerAddr::from_http_url(base), Ok(server.clone()));
                assert_eq!(s(&u["parsec_url"]).parse(), Ok(server));
            }
            other => panic!("unknown URL kind `{other}`"),
        }
    }

    // `p` = base64url without padding of the payload's msgpack.
    for ex in v["expected"]["p_payload_examples"]
        .as_array()
        .expect("an array")
    {
        let msgpack = bytes(&ex["msgpack_hex"]);
        assert_eq!(data_encoding::BASE64URL_NOPAD.encode(&msgpack), s(&ex["p"]));
        let value = data::read_value(&msgpack).expect("msgpack");
        let reencoded = match &value {
            rmpv::Value::Nil => rmp_serde::to_vec(&None::<AccessToken>),
            rmpv::Value::Binary(b) if b.len() == 16 => {
                rmp_serde::to_vec(&AccessToken::from_bytes(b[..].try_into().expect("16")))
            }
            rmpv::Value::Binary(b) => {
                rmp_serde::to_vec(&VerifyKey::from_bytes(b[..].try_into().expect("32")))
            }
            other => panic!("unexpected payload {other}"),
        };
        assert_eq!(reencoded.expect("encode"), msgpack);
    }
}
