//! Address parsing and formatting, against the official client's behaviour.

use super::*;

const TOKEN: &str = "a0000000000000000000000000000001";

fn token() -> AccessToken {
    TOKEN.parse().expect("valid token")
}

fn org(s: &str) -> OrganizationID {
    s.parse().expect("valid org")
}

#[test]
fn server_addr_forms() {
    let a: ServerAddr = "parsec3://127.0.0.1:6770?no_ssl=true".parse().expect("ok");
    assert_eq!(a.hostname(), "127.0.0.1");
    assert_eq!(a.port(), 6770);
    assert!(!a.use_ssl());
    assert_eq!(a.to_url(), "parsec3://127.0.0.1:6770?no_ssl=true");
    assert_eq!(a.to_http_url(), "http://127.0.0.1:6770/");
    assert_eq!(a.to_string(), a.to_url());
    assert_eq!(
        a.endpoint("anonymous", &org("Orgé")),
        "http://127.0.0.1:6770/anonymous/Org%C3%A9"
    );

    for (input, printed) in [
        ("parsec3://h:443", "parsec3://h"),
        ("PARSEC3://H.Example.COM/", "parsec3://h.example.com"),
        ("parsec3://h?no_ssl=FALSE", "parsec3://h"),
        ("parsec3://h:80?no_ssl=True", "parsec3://h?no_ssl=true"),
        ("parsec3://h:80", "parsec3://h:80"),
        ("parsec3://h:443?no_ssl=true", "parsec3://h:443?no_ssl=true"),
        ("parsec3://h?foo=bar&a=x", "parsec3://h"),
        (
            "parsec3://saas-v3.parsec.cloud",
            "parsec3://app.parsec.cloud",
        ),
        (
            "parsec3://[::1]:6770?no_ssl=true",
            "parsec3://[::1]:6770?no_ssl=true",
        ),
    ] {
        let a: ServerAddr = input.parse().unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(a.to_url(), printed, "{input}");
    }
    assert_eq!(
        "parsec3://h:443".parse::<ServerAddr>(),
        "parsec3://h".parse::<ServerAddr>()
    );
}

#[test]
fn server_addr_rejects() {
    for bad in [
        "parsec3://h?no_ssl=yes",
        "parsec3://h?no_ssl=true&no_ssl=true",
        "parsec3://h/org",
        "https://h",
        "parsec://h",
        "parsec3:h",
        "parsec3://",
        "h:6770",
        "",
    ] {
        assert!(bad.parse::<ServerAddr>().is_err(), "{bad}");
    }
    assert_eq!(
        "parsec3://h?no_ssl=1".parse::<ServerAddr>(),
        Err(AddrError::InvalidNoSsl("1".into()))
    );
    assert_eq!(
        "parsec3://h?no_ssl=true&no_ssl=false".parse::<ServerAddr>(),
        Err(AddrError::DuplicateParam("no_ssl"))
    );
}

#[test]
fn server_http_url() {
    let a = ServerAddr::from_http_url("http://127.0.0.1:6770/").expect("ok");
    assert_eq!(a.to_url(), "parsec3://127.0.0.1:6770?no_ssl=true");
    let a = ServerAddr::from_http_url("https://parsec.example.com?no_ssl=true").expect("ok");
    assert_eq!(a.to_url(), "parsec3://parsec.example.com");
    assert_eq!(a.to_http_url(), "https://parsec.example.com/");
    let a = ServerAddr::from_http_url("http://h:80").expect("ok");
    assert_eq!(a.to_http_url(), "http://h/");
    assert!(ServerAddr::from_http_url("http://h/x").is_err());
    assert!(ServerAddr::from_http_url("parsec3://h").is_err());
    assert!(ServerAddr::from_http_url("ftp://h/").is_err());
}

#[test]
fn server_new() {
    let a = ServerAddr::new("Example.com", Some(443), true).expect("ok");
    assert_eq!(a.to_url(), "parsec3://example.com");
    assert!(a.is_default_port());
    let a = ServerAddr::new("localhost", Some(6770), false).expect("ok");
    assert_eq!(a.to_http_url(), "http://localhost:6770/");
    for bad in ["", "a/b", "a:1", "u@h", "a?b"] {
        assert!(ServerAddr::new(bad, None, true).is_err(), "{bad}");
    }
}

#[test]
fn invitation_urls() {
    let server = ServerAddr::new("127.0.0.1", Some(6770), false).expect("ok");
    let addr = InvitationAddr::new(server, org("MyOrg"), InvitationType::Device, token());
    let url = addr.to_url();
    assert_eq!(
        url,
        "parsec3://127.0.0.1:6770/MyOrg?no_ssl=true&a=claim_device&p=xBCgAAAAAAAAAAAAAAAAAAAB"
    );
    assert_eq!(InvitationAddr::from_any(&url), Ok(addr.clone()));
    // Any parameter order, unknown parameters ignored.
    let shuffled =
        "parsec3://127.0.0.1:6770/MyOrg?p=xBCgAAAAAAAAAAAAAAAAAAAB&x=1&a=claim_device&no_ssl=true";
    assert_eq!(InvitationAddr::from_any(shuffled), Ok(addr.clone()));
    // Redirection form: `no_ssl` ignored, the scheme decides.
    let redirect = "http://127.0.0.1:6770/redirect/MyOrg?a=claim_device&no_ssl=false&p=xBCgAAAAAAAAAAAAAAAAAAAB";
    assert_eq!(InvitationAddr::from_any(redirect), Ok(addr.clone()));
    let redirect = "http://127.0.0.1:6770/redirect/MyOrg?no_ssl=x&no_ssl=y&a=claim_device&p=xBCgAAAAAAAAAAAAAAAAAAAB";
    assert_eq!(InvitationAddr::from_any(redirect), Ok(addr));
}

#[test]
fn action_url_rejects() {
    let cases: &[(&str, AddrError)] = &[
        ("parsec3://h/MyOrg?a=claim_user", AddrError::MissingPayload),
        (
            "parsec3://h/MyOrg?p=xBCgAAAAAAAAAAAAAAAAAAAB",
            AddrError::MissingAction {
                expected: "`claim_user`, `claim_device` or `claim_shamir_recovery`",
            },
        ),
        (
            "parsec3://h/MyOrg?a=claim_user&a=claim_user&p=xBCgAAAAAAAAAAAAAAAAAAAB",
            AddrError::DuplicateParam("a"),
        ),
        (
            "parsec3://h/MyOrg?a=claim_user&p=xBCgAAAAAAAAAAAAAAAAAAAB&p=xBCgAAAAAAAAAAAAAAAAAAAB",
            AddrError::DuplicateParam("p"),
        ),
        (
            "parsec3://h/MyOrg?a=claim_user&p=xBCgAAAAAAAAAAAAAAAAAAAB==",
            AddrError::InvalidPayload("expected unpadded base64url"),
        ),
        (
            "parsec3://h/MyOrg?a=claim_user&p=a0000000000000000000000000000001",
            AddrError::InvalidPayload("not a single msgpack value"),
        ),
        (
            "parsec3://h/MyOrg/?a=claim_user&p=xBCgAAAAAAAAAAAAAAAAAAAB",
            AddrError::BadOrganizationPath("/MyOrg/".into()),
        ),
        (
            "parsec3://h/?a=claim_user&p=xBCgAAAAAAAAAAAAAAAAAAAB",
            AddrError::MissingOrganization,
        ),
        (
            "https://h/MyOrg?a=claim_user&p=xBCgAAAAAAAAAAAAAAAAAAAB",
            AddrError::NotARedirection(
                "https://h/MyOrg?a=claim_user&p=xBCgAAAAAAAAAAAAAAAAAAAB".into(),
            ),
        ),
        (
            "parsec3://h/MyOrg?a=bootstrap_organization&p=xBCgAAAAAAAAAAAAAAAAAAAB",
            AddrError::BadAction {
                found: "bootstrap_organization".into(),
                expected: "`claim_user`, `claim_device` or `claim_shamir_recovery`",
            },
        ),
    ];
    for (url, err) in cases {
        assert_eq!(InvitationAddr::from_any(url).as_ref(), Err(err), "{url}");
    }
    assert!(matches!(
        InvitationAddr::from_any("parsec3://h/a.b?a=claim_user&p=xBCgAAAAAAAAAAAAAAAAAAAB"),
        Err(AddrError::InvalidOrganization(_))
    ));
    assert!(matches!(
        InvitationAddr::from_any("ftp://h/redirect/MyOrg?a=claim_user&p=xBCgAAAAAAAAAAAAAAAAAAAB"),
        Err(AddrError::BadScheme { .. })
    ));
    // A token that is not 16 bytes (here the nil of a spontaneous bootstrap).
    assert!(matches!(
        InvitationAddr::from_any("parsec3://h/MyOrg?a=claim_user&p=wA"),
        Err(AddrError::InvalidPayload(_))
    ));
}

#[test]
fn bootstrap_and_organization() {
    let server: ServerAddr = "parsec3://parsec.example.com".parse().expect("ok");
    let b = BootstrapAddr::new(server.clone(), org("MyOrg"), None);
    assert_eq!(
        b.to_url(),
        "parsec3://parsec.example.com/MyOrg?a=bootstrap_organization&p=wA"
    );
    assert_eq!(BootstrapAddr::from_any(&b.to_url()), Ok(b.clone()));
    assert_eq!(
        b.anonymous_endpoint(),
        "https://parsec.example.com/anonymous/MyOrg"
    );
    let live = "parsec3://127.0.0.1:6770/WireDocOrg1?no_ssl=true&a=bootstrap_organization&p=xBAF07W-b63AxsVuvBsabQny";
    let parsed = BootstrapAddr::from_any(live).expect("live server URL");
    assert_eq!(parsed.to_url(), live);
    // What the server's 302 points to: `no_ssl` last.
    let relocated = "parsec3://127.0.0.1:6770/WireDocOrg1?a=bootstrap_organization&p=xBAF07W-b63AxsVuvBsabQny&no_ssl=true";
    assert_eq!(BootstrapAddr::from_any(relocated), Ok(parsed));

    let key = VerifyKey::from_bytes([7; 32]);
    let o = OrganizationAddr::new(server, org("MyOrg"), key);
    assert_eq!(OrganizationAddr::from_any(&o.to_url()), Ok(o.clone()));
    assert_eq!(
        OrganizationAddr::from_any(&o.to_http_redirection_url()),
        Ok(o.clone())
    );
    assert!(matches!(
        OrganizationAddr::from_any(&b.to_url()),
        Err(AddrError::UnexpectedAction(_))
    ));
    assert!(matches!(
        OrganizationAddr::from_any("parsec3://h/MyOrg?p=xBCgAAAAAAAAAAAAAAAAAAAB"),
        Err(AddrError::InvalidPayload(_))
    ));
}

#[test]
fn invitation_type_strings() {
    assert_eq!(InvitationType::ShamirRecovery.as_str(), "SHAMIR_RECOVERY");
    assert_eq!("DEVICE".parse(), Ok(InvitationType::Device));
    assert!("device".parse::<InvitationType>().is_err());
    assert_eq!(
        InvitationType::from_action("claim_user"),
        Some(InvitationType::User)
    );
    let bytes = rmp_serde::to_vec(&InvitationType::ShamirRecovery).expect("encode");
    assert_eq!(bytes, b"\xafSHAMIR_RECOVERY");
}

#[test]
fn error_messages() {
    assert_eq!(
        AddrError::MissingPayload.to_string(),
        "missing `p` parameter"
    );
    assert_eq!(
        InvitationAddr::from_any("mailto:x@y")
            .err()
            .map(|e| e.to_string()),
        Some(
            "unexpected URL scheme `mailto`: expected a `parsec3://` or `http(s)://…/redirect/…` URL"
                .into()
        )
    );
}
