//! `user list` (and bootstrap with a sequester key) against our server and the official
//! 3.9.3 server.

use crate::test_env;
use parsec_testkit::{
    assert_success, run_with_stdin, Db, OurServer, ReferenceServer, Server, ALICE,
};

/// A PEM of the 1024-bit RSA test key of the shared certificate vectors.
fn sequester_pem() -> String {
    let text = include_str!("../../crates/protocol/tests/data/certificates-vectors.json");
    let json: serde_json::Value = serde_json::from_str(text).expect("vectors are JSON");
    let hex = json["keys"]["sequester_authority_verify_key_der_hex"]
        .as_str()
        .expect("sequester key");
    let der: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect();
    let b64 = data_encoding::BASE64.encode(&der);
    let body: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).expect("ascii"))
        .collect();
    format!(
        "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
        body.join("\n")
    )
}

fn list_users_after_bootstrap(server: &impl Server, org: &str, sequester: bool) {
    let env = test_env();
    let url = env.create_organization(server, org);
    let mut cmd = env.bootstrap_organization_cmd(&url, &ALICE);
    if sequester {
        let pem = env.root().join("sequester.pem");
        std::fs::write(&pem, sequester_pem()).expect("write pem");
        cmd.arg("--sequester-key").arg(&pem);
    }
    assert_success(&run_with_stdin(&mut cmd, &ALICE.stdin()));

    let out = run_with_stdin(
        &mut env.cli(["user", "list", "--password-stdin"]),
        &ALICE.stdin(),
    );
    let stdout = assert_success(&out);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.first(), Some(&"Found 1 user(s):"), "{stdout}");
    let user = lines.get(1).expect("one user line");
    assert!(
        user.ends_with(" - Alice <alice@example.com>: ADMIN"),
        "{stdout}"
    );
    // The user ID is shown hyphenated, as the official CLI does.
    let id = user.split(' ').next().expect("id");
    assert_eq!(id.len(), 36, "{id}");
    assert_eq!(id.matches('-').count(), 4, "{id}");
}

#[test]
fn user_list_on_our_server() {
    let server = OurServer::start(Db::Mocked);
    list_users_after_bootstrap(&server, "UsersOurs", false);
}

#[test]
fn user_list_on_the_reference_server() {
    let server = ReferenceServer::start();
    list_users_after_bootstrap(&server, "UsersRef", false);
}

#[test]
fn sequester_bootstrap_on_the_reference_server() {
    let server = ReferenceServer::start();
    list_users_after_bootstrap(&server, "SeqRef", true);
}

#[test]
fn sequester_bootstrap_on_our_server() {
    let server = OurServer::start(Db::Mocked);
    list_users_after_bootstrap(&server, "SeqOurs", true);
}

#[test]
fn certificates_are_kept_in_the_data_dir_and_reverified() {
    let server = OurServer::start(Db::Mocked);
    let env = test_env();
    let url = env.create_organization(&server, "KeptCerts");
    let device_file = env.bootstrap_organization(&url, &ALICE);
    let device_hex = device_file
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("device file name")
        .to_owned();
    let list = || {
        assert_success(&run_with_stdin(
            &mut env.cli(["user", "list", "--password-stdin"]),
            &ALICE.stdin(),
        ))
    };
    let first = list();
    let cache = env
        .data_dir()
        .join(&device_hex)
        .join("certificates-v1.msgpack");
    assert!(cache.is_file(), "{} missing", cache.display());
    // A damaged local copy is not trusted: it is discarded and the chain fetched again.
    std::fs::write(&cache, b"not msgpack").expect("damage the cache");
    assert_eq!(list(), first);
    assert_ne!(std::fs::read(&cache).expect("cache"), b"not msgpack");
}
