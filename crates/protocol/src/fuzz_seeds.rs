//! Seed corpora of the fuzz targets (`fuzz/` at the repository root), written from this
//! crate's own encoders and from the JSON test vectors:
//!
//! ```text
//! PARSEC_FUZZ_SEEDS=fuzz/corpus cargo test -p parsec-protocol --lib fuzz_seeds -- --ignored
//! ```
//!
//! Each target gets a folder of the same name; files are named by the SHA-256 of their
//! content, so running it twice adds nothing.

use crate::certif::{dump_and_sign, UserCertificate};
use crate::cmds::{anonymous, authenticated, invited, Command, CommandVisitor};
use crate::crypto::{HashDigest, PublicKey, SigningKey};
use crate::ids::{AccessToken, GreetingAttemptID, UserID, VlobID};
use crate::invite::{CancelledGreetingAttemptReason, ClaimerStep, GreeterStep};
use crate::time::DateTime;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The seeds of every target, by target name.
#[derive(Default)]
struct Seeds(BTreeMap<&'static str, Vec<Vec<u8>>>);

impl Seeds {
    fn add(&mut self, target: &'static str, bytes: impl Into<Vec<u8>>) {
        self.0.entry(target).or_default().push(bytes.into());
    }

    fn write(&self, root: &Path) -> std::io::Result<()> {
        for (target, seeds) in &self.0 {
            let dir = root.join(target);
            std::fs::create_dir_all(&dir)?;
            for seed in seeds {
                let name = hex::encode(HashDigest::from_data(seed).as_bytes());
                std::fs::write(dir.join(name), seed)?;
            }
        }
        Ok(())
    }
}

fn vectors(name: &str) -> serde_json::Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(format!("{name}-vectors.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).expect("vectors are JSON")
}

/// Every string leaf of `value` with the key that holds it.
fn leaves<'a>(value: &'a serde_json::Value, key: &'a str, out: &mut Vec<(&'a str, &'a str)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                leaves(v, k, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| leaves(v, key, out)),
        serde_json::Value::String(s) => out.push((key, s)),
        _ => {}
    }
}

/// Routes the vectors' byte strings and URLs to the targets that decode them.
fn from_vectors(seeds: &mut Seeds) {
    for name in ["wire", "certificates", "invite", "device-file"] {
        let json = vectors(name);
        let mut out = Vec::new();
        leaves(&json, "", &mut out);
        for (key, s) in out {
            let targets: &[&'static str] = match key {
                "signed_hex" => &["certificates"],
                "serialized_payload_hex"
                | "payload_after_signature_hex"
                | "plaintext_serialized_hex" => &["data_v0", "greeting_payloads"],
                "msgpack_hex" | "zstd_frame_hex" => &["data_v0"],
                "ciphertext_hex" if name == "invite" => &["greeting_payloads"],
                "file_hex" | "local_device_msgpack_hex" => &["device_file", "data_v0"],
                // Request bodies of `msgpack_bodies` and the step examples.
                "hex" => &["req_anonymous", "req_authenticated", "req_invited"],
                "parsec_url" | "http_redirection_url" | "http_base_url" | "server_url" => {
                    seeds.add("addresses", s);
                    continue;
                }
                "authorization_header_value" => {
                    seeds.add("http_headers", s);
                    continue;
                }
                _ => continue,
            };
            // A few `hex` leaves are not byte strings (e.g. a description): skip them.
            let Ok(bytes) = hex::decode(s) else {
                continue;
            };
            for target in targets {
                seeds.add(target, bytes.clone());
            }
        }
        if name == "invite" {
            for example in json["step_encoding_examples"]["examples"]
                .as_array()
                .expect("examples")
            {
                let body = hex::decode(example["msgpack_hex"].as_str().expect("hex")).expect("hex");
                seeds.add("req_authenticated", body.clone());
                seeds.add("req_invited", body);
            }
        }
    }
}

/// One signed certificate of the vectors by name.
fn certificate(json: &serde_json::Value, name: &str) -> Vec<u8> {
    hex::decode(json[name]["signed_hex"].as_str().expect("signed_hex")).expect("hex")
}

fn greeter_steps() -> Vec<GreeterStep> {
    let key = PublicKey::from_bytes([7; 32]);
    vec![
        GreeterStep::Number0WaitPeer { public_key: key },
        GreeterStep::Number1GetHashedNonce,
        GreeterStep::Number2SendNonce {
            greeter_nonce: vec![0xee; 64],
        },
        GreeterStep::Number3GetNonce,
        GreeterStep::Number4WaitPeerTrust,
        GreeterStep::Number5SignifyTrust,
        GreeterStep::Number6GetPayload,
        GreeterStep::Number7SendPayload {
            greeter_payload: vec![0xab; 80],
        },
        GreeterStep::Number8WaitPeerAcknowledgment,
    ]
}

fn claimer_steps() -> Vec<ClaimerStep> {
    let key = PublicKey::from_bytes([8; 32]);
    vec![
        ClaimerStep::Number0WaitPeer { public_key: key },
        ClaimerStep::Number1SendHashedNonce {
            hashed_nonce: HashDigest::from_data(b"nonce"),
        },
        ClaimerStep::Number2GetNonce,
        ClaimerStep::Number3SendNonce {
            claimer_nonce: vec![0xcc; 64],
        },
        ClaimerStep::Number4SignifyTrust,
        ClaimerStep::Number5WaitPeerTrust,
        ClaimerStep::Number6SendPayload {
            claimer_payload: vec![0xcd; 80],
        },
        ClaimerStep::Number7GetPayload,
        ClaimerStep::Number8Acknowledge,
    ]
}

/// A request of every command of every family, from the request encoders.
fn requests(seeds: &mut Seeds) {
    use anonymous::{organization_bootstrap as ob, ping};
    use authenticated as au;
    use invited as inv;
    let certs = vectors("certificates");
    let c = |name: &str| certificate(&certs, name);
    let token = AccessToken::from_bytes([0xa0; 16]);
    let attempt = GreetingAttemptID::from_bytes([0x5a; 16]);
    let at = DateTime::from_micros(1_735_787_045_678_901);
    let root = SigningKey::from_seed(&[1; 32]).verify_key();

    let bootstrap = ob::Req {
        bootstrap_token: Some(token),
        root_verify_key: root,
        user_certificate: c("bootstrap_user_certificate"),
        device_certificate: c("bootstrap_device_certificate"),
        redacted_user_certificate: c("bootstrap_user_certificate_redacted"),
        redacted_device_certificate: c("bootstrap_device_certificate_redacted"),
        sequester_authority_certificate: Some(c("bootstrap_sequester_authority_certificate")),
    };
    let ping = ping::Req {
        ping: "hello".into(),
    };
    seeds.add("req_anonymous", bootstrap.dump());
    seeds.add("req_anonymous", ping.dump());

    let mut auth = vec![
        au::certificate_get::Req {
            common_after: Some(at),
            sequester_after: None,
            shamir_recovery_after: Some(at.add_micros(-1)),
            realm_after: [(VlobID::from_bytes([7; 16]), at)].into(),
        }
        .dump(),
        au::organization_info::Req.dump(),
        ping.dump(),
        au::invite_new_user::Req {
            claimer_email: "bob@example.com".parse().expect("email"),
            send_email: true,
        }
        .dump(),
        au::invite_new_device::Req { send_email: false }.dump(),
        au::invite_list::Req.dump(),
        au::invite_cancel::Req { token }.dump(),
        au::invite_complete::Req { token }.dump(),
        au::invite_greeter_start_greeting_attempt::Req { token }.dump(),
        au::invite_greeter_cancel_greeting_attempt::Req {
            greeting_attempt: attempt,
            reason: CancelledGreetingAttemptReason::InvalidSasCode,
        }
        .dump(),
        au::user_create::Req {
            user_certificate: c("user_create_user_certificate"),
            device_certificate: c("user_create_device_certificate"),
            redacted_user_certificate: c("user_create_user_certificate_redacted"),
            redacted_device_certificate: c("user_create_device_certificate_redacted"),
        }
        .dump(),
        au::device_create::Req {
            device_certificate: c("device_create_device_certificate"),
            redacted_device_certificate: c("device_create_device_certificate_redacted"),
        }
        .dump(),
        au::user_revoke::Req {
            revoked_user_certificate: c("revoked_user_certificate"),
        }
        .dump(),
        au::user_update::Req {
            user_update_certificate: c("user_update_certificate"),
        }
        .dump(),
    ];
    auth.extend(greeter_steps().into_iter().map(|greeter_step| {
        au::invite_greeter_step::Req {
            greeting_attempt: attempt,
            greeter_step,
        }
        .dump()
    }));
    for body in auth {
        seeds.add("req_authenticated", body);
    }

    let mut invited = vec![
        inv::invite_info::Req.dump(),
        inv::invite_claimer_start_greeting_attempt::Req {
            greeter: UserID::from_bytes([0xa1; 16]),
        }
        .dump(),
        inv::invite_claimer_cancel_greeting_attempt::Req {
            greeting_attempt: attempt,
            reason: CancelledGreetingAttemptReason::ManuallyCancelled,
        }
        .dump(),
        ping.dump(),
    ];
    invited.extend(claimer_steps().into_iter().map(|claimer_step| {
        inv::invite_claimer_step::Req {
            greeting_attempt: attempt,
            claimer_step,
        }
        .dump()
    }));
    for body in invited {
        seeds.add("req_invited", body);
    }

    // Step bodies as `greeting_payloads` reads them: the index, then the data.
    for step in greeter_steps() {
        seeds.add("greeting_payloads", [&[step.index()], step.data()].concat());
    }
    for step in claimer_steps() {
        seeds.add("greeting_payloads", [&[step.index()], step.data()].concat());
    }
}

/// Every status of every command's reply, prefixed with the command's index (what
/// `rep_client` reads).
struct Replies<'a> {
    seeds: &'a mut Seeds,
    index: u8,
}

impl CommandVisitor for Replies<'_> {
    fn visit<C: Command>(&mut self) {
        for (_, rep) in C::rep_examples() {
            let body = [&[self.index][..], &C::dump_rep(&rep)].concat();
            self.seeds.add("rep_client", body);
        }
        self.index += 1;
    }
}

/// Certificates signed with the fixed key `certificates` re-signs with, and addresses.
fn extras(seeds: &mut Seeds) {
    let key = SigningKey::from_seed(&[0x42; 32]);
    let user = UserCertificate {
        author: None,
        timestamp: DateTime::from_micros(i64::MIN),
        user_id: UserID::from_bytes([0xa1; 16]),
        human_handle: None,
        public_key: PublicKey::from_bytes([3; 32]),
        algorithm: crate::certif::PrivateKeyAlgorithm::X25519XSalsa20Poly1305,
        profile: crate::ids::UserProfile::Standard,
    };
    seeds.add("certificates", dump_and_sign(&user, &key));
    for url in [
        "parsec3://127.0.0.1:6770?no_ssl=true",
        "parsec3://[::1]:6770/Org%C3%A9?no_ssl=true&p=xBCgAAAAAAAAAAAAAAAAAAAB&a=claim_device",
        "https://parsec.example.com/redirect/MyOrg?a=bootstrap_organization&p=wA",
        "http://127.0.0.1:6770/",
    ] {
        seeds.add("addresses", url);
    }
    seeds.add("http_headers", "5.5");
}

#[test]
#[ignore = "writes the fuzz seed corpora (see the module documentation)"]
fn write_fuzz_seeds() {
    let Some(root) = std::env::var_os("PARSEC_FUZZ_SEEDS") else {
        panic!("set PARSEC_FUZZ_SEEDS to the corpus folder (fuzz/corpus)");
    };
    let mut seeds = Seeds::default();
    from_vectors(&mut seeds);
    requests(&mut seeds);
    let mut replies = Replies {
        seeds: &mut seeds,
        index: 0,
    };
    anonymous::AnyCmdReq::visit_commands(&mut replies);
    authenticated::AnyCmdReq::visit_commands(&mut replies);
    invited::AnyCmdReq::visit_commands(&mut replies);
    extras(&mut seeds);
    seeds.write(Path::new(&root)).expect("write the seeds");
}
