//! `user list` (and bootstrap with a sequester key) against our server and the official
//! 3.9.3 server.

use crate::test_env;
use parsec_protocol::ids::UserProfile;
use parsec_testkit::{
    assert_cli_error, assert_success, run_with_stdin, Db, Identity, OurServer, ReferenceServer,
    Server, TestEnv, ALICE, BOB,
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

/// Adds a user to the organization of `admin_env`'s only device, the way a greeter does
/// at the end of an invitation (`user_create` with certificates signed by the admin's
/// device), and saves the new device in a fresh environment.
pub(crate) fn create_user_directly(
    admin_env: &TestEnv,
    who: &Identity<'_>,
    profile: UserProfile,
) -> TestEnv {
    use parsec_client::connection::{AuthenticatedCmds, Transport};
    use parsec_client::device_store;
    use parsec_protocol::certif::{
        dump_and_sign, DeviceCertificate, DevicePurpose, PrivateKeyAlgorithm, SigningKeyAlgorithm,
        UserCertificate,
    };
    use parsec_protocol::cmds::authenticated::user_create;
    use parsec_protocol::crypto::{OsRandom, PrivateKey, SecretKey, SigningKey};
    use parsec_protocol::device_file::LocalDevice;
    use parsec_protocol::ids::{DeviceID, HumanHandle, UserID, VlobID};
    use parsec_protocol::DateTime;

    let devices = device_store::list_devices(&admin_env.config_dir()).expect("list");
    let admin = device_store::load_device(&devices[0], ALICE.password).expect("unlock admin");
    let rng = OsRandom::new();
    let now = DateTime::now();
    let signing_key = SigningKey::generate(&rng);
    let private_key = PrivateKey::generate(&rng);
    let human_handle =
        HumanHandle::new(who.email.parse().expect("email"), who.label).expect("handle");
    let user = UserCertificate {
        author: Some(admin.device_id),
        timestamp: now,
        user_id: UserID::generate(&rng),
        human_handle: Some(human_handle.clone()),
        public_key: private_key.public_key(),
        algorithm: PrivateKeyAlgorithm::X25519XSalsa20Poly1305,
        profile,
    };
    let device = DeviceCertificate {
        purpose: DevicePurpose::Standard,
        author: Some(admin.device_id),
        timestamp: now,
        user_id: user.user_id,
        device_id: DeviceID::generate(&rng),
        device_label: Some(who.device_label.parse().expect("label")),
        verify_key: signing_key.verify_key(),
        algorithm: SigningKeyAlgorithm::Ed25519,
    };
    let req = user_create::Req {
        user_certificate: dump_and_sign(&user, &admin.signing_key),
        device_certificate: dump_and_sign(&device, &admin.signing_key),
        redacted_user_certificate: dump_and_sign(&user.to_redacted(), &admin.signing_key),
        redacted_device_certificate: dump_and_sign(&device.to_redacted(), &admin.signing_key),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let cmds = AuthenticatedCmds::for_device(Transport::new().expect("transport"), &admin)
        .expect("admin address");
    let rep = runtime
        .block_on(cmds.send::<user_create::UserCreate>(&req))
        .expect("user_create sent");
    assert_eq!(rep, user_create::Rep::Ok);
    let new_device = LocalDevice {
        server_url: admin.server_url.clone(),
        organization_id: admin.organization_id.clone(),
        root_verify_key: admin.root_verify_key,
        user_id: user.user_id,
        device_id: device.device_id,
        device_label: who.device_label.parse().expect("label"),
        human_handle,
        signing_key,
        private_key,
        initial_profile: profile,
        user_realm_id: VlobID::generate(&rng),
        user_realm_key: SecretKey::generate(&rng),
        local_symkey: SecretKey::generate(&rng),
    };
    let env = test_env();
    device_store::save_device(&env.config_dir(), &new_device, who.password, &rng)
        .expect("save new device");
    env
}

fn revoke_and_check(server: &impl Server, org: &str) {
    let admin = test_env();
    let url = admin.create_organization(server, org);
    admin.bootstrap_organization(&url, &ALICE);
    let bob = create_user_directly(&admin, &BOB, UserProfile::Standard);

    // Bob, a standard user, may not revoke anyone.
    let out = run_with_stdin(
        &mut bob.cli(["user", "revoke", ALICE.email, "--password-stdin"]),
        &BOB.stdin(),
    );
    let line = assert_cli_error(&out);
    assert!(line.contains("only administrators"), "{line}");
    assert_eq!(out.status.code(), Some(6));

    // Alice may not revoke herself.
    let out = run_with_stdin(
        &mut admin.cli(["user", "revoke", ALICE.email, "--password-stdin"]),
        &ALICE.stdin(),
    );
    let line = assert_cli_error(&out);
    assert!(line.contains("cannot revoke yourself"), "{line}");

    // Alice revokes Bob.
    let out = run_with_stdin(
        &mut admin.cli(["user", "revoke", BOB.email, "--password-stdin"]),
        &ALICE.stdin(),
    );
    assert_eq!(
        assert_success(&out).trim(),
        format!("User {} has been revoked", BOB.email)
    );

    // Twice is refused clearly.
    let out = run_with_stdin(
        &mut admin.cli(["user", "revoke", BOB.email, "--password-stdin"]),
        &ALICE.stdin(),
    );
    let line = assert_cli_error(&out);
    assert!(line.contains("already revoked"), "{line}");
    assert_eq!(out.status.code(), Some(7));

    // The list shows it.
    let out = run_with_stdin(
        &mut admin.cli(["user", "list", "--password-stdin"]),
        &ALICE.stdin(),
    );
    let stdout = assert_success(&out);
    assert!(stdout.contains("Found 2 user(s):"), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "{} <{}>: STANDARD | revoked on ",
            BOB.label, BOB.email
        )),
        "{stdout}"
    );
    let out = run_with_stdin(
        &mut admin.cli(["user", "list", "--skip-revoked", "--password-stdin"]),
        &ALICE.stdin(),
    );
    assert!(assert_success(&out).contains("Found 1 user(s):"));

    // Bob's next command fails with one clear line.
    let out = run_with_stdin(
        &mut bob.cli(["user", "list", "--password-stdin"]),
        &BOB.stdin(),
    );
    let line = assert_cli_error(&out);
    assert!(line.contains("this user has been revoked"), "{line}");
    assert_eq!(out.status.code(), Some(6));
}

/// A third user.
const CAROL: Identity<'static> = Identity {
    label: "Carol",
    email: "carol@example.com",
    device_label: "carol-pc",
    password: "carol-P@ssw0rd",
};

#[test]
fn bulk_revoke_with_one_confirmation() {
    let server = OurServer::start(Db::Mocked);
    let admin = test_env();
    let url = admin.create_organization(&server, "BulkRevoke");
    admin.bootstrap_organization(&url, &ALICE);
    create_user_directly(&admin, &BOB, UserProfile::Standard);
    create_user_directly(&admin, &CAROL, UserProfile::Standard);

    // At a terminal: one question listing them all; "no" changes nothing.
    let mut p = crate::invite::pty::Pty::spawn(
        "admin",
        admin.cli(["user", "revoke", BOB.email, CAROL.email]),
    );
    p.expect("Enter password for the device:");
    p.send_line(ALICE.password);
    let shown = p.expect("Revoke these 2 users? This cannot be undone");
    assert!(shown.contains("Bob <bob@example.com> ("), "{shown}");
    assert!(shown.contains("Carol <carol@example.com> ("), "{shown}");
    p.send_line("n");
    let (code, screen) = p.exit();
    assert_eq!(code, 3, "{screen}");
    assert!(screen.contains("nothing was changed"), "{screen}");

    // Unknown users and oneself are reported, the others revoked; exit 13.
    let out = run_with_stdin(
        &mut admin.cli([
            "user",
            "revoke",
            BOB.email,
            "nobody@example.com",
            ALICE.email,
            CAROL.email,
            "--yes",
            "--password-stdin",
        ]),
        &ALICE.stdin(),
    );
    assert_eq!(out.status.code(), Some(13));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            format!("User {} has been revoked", BOB.email),
            format!("User {} has been revoked", CAROL.email)
        ],
        "{stdout}"
    );
    let stderr = parsec_testkit::stderr_text(&out);
    assert!(
        stderr.contains("error: nobody@example.com: no user with email nobody@example.com"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: alice@example.com: you cannot revoke yourself"),
        "{stderr}"
    );
    assert!(stderr.contains("2 of 4 revocations failed"), "{stderr}");
}

#[test]
fn revoke_on_the_reference_server() {
    let server = ReferenceServer::start();
    revoke_and_check(&server, "RevokeRef");
}

#[test]
fn revoke_on_our_server() {
    let server = OurServer::start(Db::Mocked);
    revoke_and_check(&server, "RevokeOurs");
}

fn update_and_check(server: &impl Server, org: &str) {
    let admin = test_env();
    let url = admin.create_organization(server, org);
    admin.bootstrap_organization(&url, &ALICE);
    let _bob = create_user_directly(&admin, &BOB, UserProfile::Standard);
    let update = |profile: &str| {
        run_with_stdin(
            &mut admin.cli([
                "user",
                "update",
                BOB.email,
                "--profile",
                profile,
                "--password-stdin",
            ]),
            &ALICE.stdin(),
        )
    };
    assert_eq!(
        assert_success(&update("admin")).trim(),
        format!("User {} is now ADMIN", BOB.email)
    );
    assert_eq!(
        assert_success(&update("ADMIN")).trim(),
        format!("User {} already is ADMIN", BOB.email)
    );
    let out = run_with_stdin(
        &mut admin.cli(["user", "list", "--password-stdin", "--format", "json"]),
        &ALICE.stdin(),
    );
    let json: serde_json::Value = serde_json::from_str(&assert_success(&out)).expect("JSON");
    let bob = json["users"]
        .as_array()
        .expect("users")
        .iter()
        .find(|u| u["human_handle"]["email"] == BOB.email)
        .expect("bob listed");
    assert_eq!(bob["profile"], "ADMIN");
    assert_eq!(bob["initial_profile"], "STANDARD");
}

#[test]
fn update_profile_on_the_reference_server() {
    let server = ReferenceServer::start();
    update_and_check(&server, "UpdateRef");
}

#[test]
fn update_profile_on_our_server() {
    let server = OurServer::start(Db::Mocked);
    update_and_check(&server, "UpdateOurs");
}

/// A user who becomes OUTSIDER sees everyone redacted from then on: the local copy of the
/// certificates (full ones) is dropped and the redacted chain fetched and verified again.
fn outsider_switch_refetches(server: &impl Server, org: &str) {
    let admin = test_env();
    let url = admin.create_organization(server, org);
    admin.bootstrap_organization(&url, &ALICE);
    let bob = create_user_directly(&admin, &BOB, UserProfile::Standard);
    let bob_list = || {
        assert_success(&run_with_stdin(
            &mut bob.cli(["user", "list", "--password-stdin"]),
            &BOB.stdin(),
        ))
    };
    let before = bob_list();
    assert!(
        before.contains("Alice <alice@example.com>: ADMIN"),
        "{before}"
    );

    let out = run_with_stdin(
        &mut admin.cli([
            "user",
            "update",
            BOB.email,
            "--profile",
            "outsider",
            "--password-stdin",
        ]),
        &ALICE.stdin(),
    );
    assert_success(&out);

    let after = bob_list();
    assert!(!after.contains("alice@example.com"), "{after}");
    assert!(after.contains("@redacted.invalid>: ADMIN"), "{after}");
    assert!(
        after.contains("@redacted.invalid>: OUTSIDER"),
        "Bob himself: {after}"
    );
}

#[test]
fn outsider_switch_on_our_server() {
    let server = OurServer::start(Db::Mocked);
    outsider_switch_refetches(&server, "OutsiderOurs");
}

#[test]
fn outsider_switch_on_the_reference_server() {
    let server = ReferenceServer::start();
    outsider_switch_refetches(&server, "OutsiderRef");
}
