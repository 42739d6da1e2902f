//! msgpack bodies and extension types (wire.md §2).

use super::*;

#[test]
fn msgpack_bodies() {
    use cmds::anonymous::organization_bootstrap;
    use cmds::authenticated::{
        self as authenticated, certificate_get, invite_cancel, invite_list, invite_new_device,
        invite_new_user, organization_info,
    };
    use cmds::invited::{self, invite_info};
    use parsec_protocol::invite::InvitationEmailSentStatus;

    let token: AccessToken = "a0000000000000000000000000000001".parse().expect("token");
    let v = wire_vector("msgpack_bodies");
    for body in v["expected"]["bodies"].as_array().expect("an array") {
        let label = s(&body["label"]);
        let raw = bytes(&body["hex"]);
        // Smallest-encoding writer: decoding then re-encoding gives the same bytes.
        let value = data::read_value(&raw).unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(data::write_value(&value), raw, "{label}");
        match label {
            "authenticated organization_info Req" => {
                assert_eq!(organization_info::Req.dump(), raw);
            }
            "authenticated certificate_get Req(common_after=2023-11-14T22:13:20Z, others nil, realm_after={})" => {
                let req = certificate_get::Req {
                    common_after: Some(DateTime::from_micros(1_700_000_000_000_000)),
                    ..Default::default()
                };
                assert_eq!(req.dump(), raw);
            }
            "authenticated certificate_get Req(all nil)" => {
                assert_eq!(certificate_get::Req::default().dump(), raw);
            }
            "authenticated organization_info RepOk(1, 2)" => {
                let rep = organization_info::Rep::load(&raw).expect("decode");
                assert!(matches!(rep, organization_info::Rep::Ok(_)), "{rep:?}");
                assert_eq!(rep.dump(), raw);
            }
            "anonymous organization_bootstrap RepInvalidBootstrapToken" => {
                let rep = organization_bootstrap::Rep::load(&raw).expect("decode");
                assert_eq!(rep, organization_bootstrap::Rep::InvalidBootstrapToken);
                assert_eq!(rep.dump(), raw);
            }
            "authenticated invite_new_device Req(send_email=false)" => {
                let req = invite_new_device::Req { send_email: false };
                assert_eq!(req.dump(), raw);
                assert!(matches!(
                    authenticated::AnyCmdReq::load(&raw),
                    Ok(authenticated::AnyCmdReq::InviteNewDevice(r)) if r == req
                ));
            }
            "authenticated invite_new_user Req(claimer_email=bob@example.com, send_email=false)" => {
                let req = invite_new_user::Req {
                    claimer_email: "bob@example.com".parse().expect("email"),
                    send_email: false,
                };
                assert_eq!(req.dump(), raw);
                assert!(matches!(
                    authenticated::AnyCmdReq::load(&raw),
                    Ok(authenticated::AnyCmdReq::InviteNewUser(r)) if r == req
                ));
            }
            "authenticated invite_cancel Req(token)" => {
                let req = invite_cancel::Req { token };
                assert_eq!(req.dump(), raw);
                assert!(matches!(
                    authenticated::AnyCmdReq::load(&raw),
                    Ok(authenticated::AnyCmdReq::InviteCancel(r)) if r == req
                ));
            }
            "authenticated invite_list Req" => {
                assert_eq!(invite_list::Req.dump(), raw);
                assert!(matches!(
                    authenticated::AnyCmdReq::load(&raw),
                    Ok(authenticated::AnyCmdReq::InviteList(_))
                ));
            }
            "invited invite_info Req" => {
                assert_eq!(invite_info::Req.dump(), raw);
                assert!(matches!(
                    invited::AnyCmdReq::load(&raw),
                    Ok(invited::AnyCmdReq::InviteInfo(_))
                ));
            }
            "authenticated invite_new_device RepOk(token, SUCCESS)" => {
                let rep = invite_new_device::Rep::Ok(invite_new_device::Created {
                    token,
                    email_sent: InvitationEmailSentStatus::Success,
                });
                assert_eq!(invite_new_device::Rep::load(&raw), Ok(rep.clone()));
                assert_eq!(rep.dump(), raw);
            }
            other => panic!("new body vector `{other}`: check it"),
        }
    }
}

#[test]
fn msgpack_ext_types() {
    let v = wire_vector("msgpack_ext_types");
    let examples = v["expected"]["examples"].as_array().expect("an array");
    assert_eq!(examples.len(), 6);
    let hex_of = |i: usize, prefix: &str| {
        let ex = &examples[i];
        assert!(s(&ex["value"]).starts_with(prefix), "{ex}");
        bytes(&ex["msgpack_hex"])
    };

    fn roundtrip<T>(value: &T, expected: &[u8])
    where
        T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + Debug,
    {
        assert_eq!(rmp_serde::to_vec(value).expect("encode"), expected);
        assert_eq!(data::write_value(&data::to_value(value)), expected);
        let back: T = rmp_serde::from_slice(expected).expect("decode");
        assert_eq!(&back, value);
        let back: T = data::from_value(data::read_value(expected).expect("msgpack"))
            .expect("decode through rmpv");
        assert_eq!(&back, value);
    }

    roundtrip(
        &DateTime::from_micros(1_700_000_000_000_000),
        &hex_of(0, "DateTime 2023-11-14T22:13:20Z"),
    );
    roundtrip(&DateTime::from_micros(1), &hex_of(1, "DateTime 1970"));
    roundtrip(&DateTime::from_micros(-1), &hex_of(2, "DateTime 1969"));
    let user: UserID = "a11cec00-1000-0000-0000-000000000000"
        .parse()
        .expect("uuid");
    roundtrip(&user, &hex_of(3, "UUID/UserID"));
    let token: AccessToken = "a0000000000000000000000000000001".parse().expect("token");
    roundtrip(&token, &hex_of(4, "AccessToken"));
    let handle = HumanHandle::new(
        "alice@example.com".parse().expect("email"),
        "Alicey McAliceFace",
    )
    .expect("handle");
    roundtrip(&handle, &hex_of(5, "HumanHandle"));
}
