//! Devices protected by the OS keyring (device-file.md §2.4): `invite claim --use-keyring`
//! and `device change-authentication --keyring` against a real Secret Service (GNOME
//! Keyring on a private D-Bus session bus), then every command opening the device without
//! a password; the official file format; no keyring → one line and exit code 14.
//!
//! These tests skip, saying why, only when the D-Bus or GNOME Keyring programs are not
//! installed (`.ci/run` installs them).

use parsec_protocol::device_file::{DeviceFile, DeviceFileKind, DeviceFileProtection};
use parsec_testkit::{
    assert_success, run, run_with_stdin, stderr_text, Identity, OurServer, ReferenceServer,
    SecretService, Server, TestEnv, ALICE, BOB,
};
use std::path::Path;
use std::process::{Command, Output};

use crate::invite::json_driver::{greet_and_claim_with, Passwords};
use crate::test_env;

/// Exit code of a missing or unusable OS keyring (README "Exit codes").
const KEYRING_EXIT: i32 = 14;

/// A server with an organization bootstrapped by Alice (password-protected device).
fn organization(server: &impl Server, org: &str) -> TestEnv {
    let env = test_env();
    let url = env.create_organization(server, org);
    env.bootstrap_organization(&url, &ALICE);
    env
}

/// Our CLI in `env` talking to the keyring on `ss`.
fn cli(env: &TestEnv, ss: &SecretService, args: &[&str]) -> Command {
    let mut cmd = env.cli(args);
    ss.apply(&mut cmd);
    cmd
}

fn keyring_user(env: &TestEnv) -> String {
    // TestEnv's XDG_DATA_HOME makes `<data base dir>` = its data dir.
    std::fs::read_to_string(env.data_dir().join("keyring_user.txt")).expect("keyring_user.txt")
}

fn decode(path: &Path) -> DeviceFile {
    DeviceFile::decode(&std::fs::read(path).expect("read the device file")).expect("decode")
}

/// Checks a `keyring` file against the official layout (schema
/// `device_file_keyring.json5`, key order as the 3.9.3 writer) and returns its user.
fn assert_official_keyring_file(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("read the device file");
    let value = parsec_protocol::data::read_value(&bytes).expect("msgpack");
    let map = value.as_map().expect("one msgpack map");
    let keys: Vec<&str> = map
        .iter()
        .map(|(k, _)| k.as_str().expect("string keys"))
        .collect();
    assert_eq!(
        keys,
        [
            "type",
            "created_on",
            "protected_on",
            "server_url",
            "organization_id",
            "user_id",
            "device_id",
            "human_handle",
            "device_label",
            "keyring_service",
            "keyring_user",
            "ciphertext",
            "totp_opaque_key_id",
        ]
    );
    let field = |name: &str| {
        &map.iter()
            .find(|(k, _)| k.as_str() == Some(name))
            .expect(name)
            .1
    };
    assert_eq!(field("type").as_str(), Some("keyring"));
    assert_eq!(field("keyring_service").as_str(), Some("parsec"));
    assert!(field("totp_opaque_key_id").is_nil());
    let user = field("keyring_user").as_str().expect("str").to_owned();
    // A hyphenated UUIDv4, as `Uuid::new_v4().to_string()`.
    let hex: String = user.chars().filter(|c| *c != '-').collect();
    assert_eq!(user.len(), 36, "{user}");
    assert_eq!(
        user.split('-').map(str::len).collect::<Vec<_>>(),
        [8, 4, 4, 4, 12]
    );
    assert!(hex
        .chars()
        .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    assert_eq!(&hex[12..13], "4", "version 4: {user}");
    let file = decode(path);
    assert_eq!(file.kind(), DeviceFileKind::Keyring);
    user
}

/// The Secret Service item of `user` has the attributes the official client (keyring
/// crate 3.6, Secret Service store) writes and searches with.
fn assert_official_keyring_item(ss: &SecretService, user: &str) {
    let found = ss
        .dbus_send(&[
            "--dest=org.freedesktop.secrets",
            "/org/freedesktop/secrets",
            "org.freedesktop.Secret.Service.SearchItems",
            &format!("dict:string:string:service,parsec,username,{user},target,default"),
        ])
        .expect("search the Secret Service");
    let items: Vec<&str> = found
        .lines()
        .filter_map(|l| l.trim().strip_prefix("object path \""))
        .filter_map(|l| l.strip_suffix('"'))
        .collect();
    assert_eq!(items.len(), 1, "one item for {user}: {found}");
    assert!(
        items[0].starts_with("/org/freedesktop/secrets/collection/login/"),
        "in the default (login) collection: {found}"
    );
    let attributes = ss
        .dbus_send(&[
            "--dest=org.freedesktop.secrets",
            items[0],
            "org.freedesktop.DBus.Properties.Get",
            "string:org.freedesktop.Secret.Item",
            "string:Attributes",
        ])
        .expect("read the item's attributes");
    for value in ["application", "rust-keyring"] {
        assert!(attributes.contains(&format!("\"{value}\"")), "{attributes}");
    }
}

fn exit_code(output: &Output) -> Option<i32> {
    output.status.code()
}

/// The one `error:` line (and its optional `hint:`) of a failed command.
fn assert_one_keyring_error(output: &Output, what: &str) -> String {
    let stderr = stderr_text(output);
    assert_eq!(
        exit_code(output),
        Some(KEYRING_EXIT),
        "{what}: exit code 14\n{stderr}"
    );
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{what}: one error line\n{stderr}");
    assert!(
        errors[0].contains("OS keyring"),
        "{what}: names the keyring\n{stderr}"
    );
    assert!(
        stderr.lines().any(|l| l.starts_with("hint:")),
        "{what}: says what to do\n{stderr}"
    );
    errors[0].to_owned()
}

/// Bob's invitation greeted by Alice (password on stdin) and claimed with
/// `--use-keyring` in JSON mode; returns Bob's environment.
fn claim_bob_with_keyring(alice: &TestEnv, ss: &SecretService) -> TestEnv {
    let mut invite = alice.cli([
        "invite",
        "user",
        BOB.email,
        "--format",
        "json",
        "--password-stdin",
    ]);
    let created: serde_json::Value =
        serde_json::from_str(assert_success(&run_with_stdin(&mut invite, &ALICE.stdin())).trim())
            .expect("JSON output");
    let token = created["token"].as_str().expect("token");
    let url = created["url"].as_str().expect("url");
    let bob = test_env();
    let mut greeter = alice.cli([
        "invite",
        "greet",
        token,
        "--format",
        "json",
        "--password-stdin",
    ]);
    greeter.env("_PARSEC_INVITE_POLLING_THROTTLE_MS", "100");
    let mut claimer = cli(
        &bob,
        ss,
        &["invite", "claim", url, "--format", "json", "--use-keyring"],
    );
    claimer.env("_PARSEC_INVITE_POLLING_THROTTLE_MS", "100");
    let outcome = greet_and_claim_with(
        greeter,
        &ALICE,
        claimer,
        &BOB,
        "STANDARD",
        Passwords {
            greeter: true,
            claimer: false,
        },
    );
    assert_eq!(outcome.claimer["human_handle"]["email"], BOB.email);
    bob
}

#[test]
fn claim_with_keyring_then_every_command_opens_the_device_without_a_password() {
    let Some(ss) = SecretService::start() else {
        return;
    };
    let server = OurServer::start(parsec_testkit::Db::Mocked);
    let alice = organization(&server, "KeyringClaim");
    let bob = claim_bob_with_keyring(&alice, &ss);

    let [file] = bob.device_files().try_into().expect("one device file");
    let user = assert_official_keyring_file(&file);
    assert_eq!(keyring_user(&bob), user, "keyring_user.txt names the entry");
    assert_official_keyring_item(&ss, &user);

    // No password anywhere: stdin is empty and closed, there is no terminal.
    let users = assert_success(&run(&mut cli(&bob, &ss, &["user", "list"])));
    assert!(users.contains("Bob <bob@example.com>"), "{users}");
    let devices = assert_success(&run(&mut cli(&bob, &ss, &["device", "list"])));
    assert!(devices.contains("Bob <bob@example.com>"), "{devices}");
    let listed: serde_json::Value = serde_json::from_str(
        assert_success(&run(&mut bob.cli(["device", "list", "--format", "json"]))).trim(),
    )
    .expect("JSON output");
    assert_eq!(
        listed["devices"][0]["authentication"], "keyring",
        "{listed}"
    );
    // `--password-stdin` is accepted and stdin left unread.
    assert_success(&run_with_stdin(
        &mut cli(&bob, &ss, &["invite", "list", "--password-stdin"]),
        "not a password\n",
    ));

    // A second keyring device of this machine (greeted by the first, itself opened with
    // the keyring) reuses the entry.
    let out = assert_success(&run(&mut cli(
        &bob,
        &ss,
        &["invite", "device", "--format", "json"],
    )));
    let created: serde_json::Value = serde_json::from_str(out.trim()).expect("JSON output");
    let mut greeter = cli(
        &bob,
        &ss,
        &[
            "invite",
            "greet",
            created["token"].as_str().expect("token"),
            "--format",
            "json",
        ],
    );
    greeter.env("_PARSEC_INVITE_POLLING_THROTTLE_MS", "100");
    let mut claimer = cli(
        &bob,
        &ss,
        &[
            "invite",
            "claim",
            created["url"].as_str().expect("url"),
            "--format",
            "json",
            "--use-keyring",
        ],
    );
    claimer.env("_PARSEC_INVITE_POLLING_THROTTLE_MS", "100");
    let second = greet_and_claim_with(
        greeter,
        &BOB,
        claimer,
        &BOB_SECOND,
        "",
        Passwords {
            greeter: false,
            claimer: false,
        },
    );
    assert_eq!(second.claimer["device_label"], BOB_SECOND.device_label);
    let files = bob.device_files();
    assert_eq!(files.len(), 2);
    for f in &files {
        assert_eq!(assert_official_keyring_file(f), user, "one entry for both");
    }

    // The entry deleted from the keyring: one line, exit code 14, nothing asked.
    assert_eq!(
        ss.delete_items(&[("service", "parsec"), ("username", &user)]),
        1
    );
    let short = &decode(&files[0]).device_id().hex()[..8];
    let out = run(&mut cli(&bob, &ss, &["user", "list", "--device", short]));
    let line = assert_one_keyring_error(&out, "entry deleted");
    assert!(line.contains("no entry"), "{line}");
}

/// Bob's second machine.
const BOB_SECOND: Identity<'static> = Identity {
    device_label: "bob-second",
    password: "",
    ..BOB
};

#[test]
fn change_authentication_password_to_keyring_and_back() {
    let Some(ss) = SecretService::start() else {
        return;
    };
    let server = OurServer::start(parsec_testkit::Db::Mocked);
    let alice = organization(&server, "KeyringChange");
    let [path] = alice.device_files().try_into().expect("one device file");
    let before = decode(&path);

    // Password → keyring: stdin gives only the current password.
    let out = run_with_stdin(
        &mut cli(
            &alice,
            &ss,
            &[
                "device",
                "change-authentication",
                "--keyring",
                "--password-stdin",
                "--format",
                "json",
            ],
        ),
        &ALICE.stdin(),
    );
    let changed: serde_json::Value =
        serde_json::from_str(assert_success(&out).trim()).expect("JSON output");
    assert_eq!(changed["authentication"], "keyring");
    assert_eq!(
        alice.device_files(),
        std::slice::from_ref(&path),
        "rewritten in place"
    );
    let user = assert_official_keyring_file(&path);
    assert_official_keyring_item(&ss, &user);
    let file = decode(&path);
    assert_eq!(file.created_on(), before.created_on());
    assert!(file.protected_on() > before.protected_on());
    assert_eq!(file.device_id(), before.device_id());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let mode = std::fs::metadata(alice.data_dir().join("keyring_user.txt"))
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // Opened without a password by commands that talk to the server and by the ones that
    // only rewrite the file.
    assert_success(&run(&mut cli(&alice, &ss, &["user", "list"])));
    let addr = format!("http://127.0.0.1:{}", server.port());
    assert_success(&run(&mut cli(
        &alice,
        &ss,
        &[
            "device",
            "overwrite-server-url",
            "--server-url",
            &addr,
            "--yes",
        ],
    )));
    let DeviceFileProtection::Keyring { user: kept, .. } = decode(&path).protection().clone()
    else {
        panic!("still a keyring file");
    };
    assert_eq!(kept, user);
    assert_success(&run(&mut cli(&alice, &ss, &["certificate", "poll"])));

    // Keyring → password: stdin gives only the new password.
    let out = run_with_stdin(
        &mut cli(
            &alice,
            &ss,
            &[
                "device",
                "change-authentication",
                "--password",
                "--password-stdin",
            ],
        ),
        "new-P@ssw0rd\n",
    );
    assert_success(&out);
    let file = decode(&path);
    assert_eq!(file.kind(), DeviceFileKind::Password);
    assert_eq!(file.created_on(), before.created_on());
    // The password is asked again, and only the new one opens it.
    let wrong = run_with_stdin(
        &mut cli(&alice, &ss, &["user", "list", "--password-stdin"]),
        &ALICE.stdin(),
    );
    assert_eq!(exit_code(&wrong), Some(4), "{}", stderr_text(&wrong));
    assert_success(&run_with_stdin(
        &mut cli(&alice, &ss, &["user", "list", "--password-stdin"]),
        "new-P@ssw0rd\n",
    ));
}

#[test]
fn no_keyring_gives_one_line_and_exit_code_14() {
    let Some(ss) = SecretService::start() else {
        return;
    };
    let server = OurServer::start(parsec_testkit::Db::Mocked);
    let alice = organization(&server, "KeyringMissing");
    let [path] = alice.device_files().try_into().expect("one device file");
    let before = std::fs::read(&path).expect("read");

    // No bus at this address, and no X11 display for D-Bus to start one.
    let nowhere = format!(
        "unix:path={}",
        alice.root().join("no-such-bus.socket").display()
    );
    let without_keyring = |args: &[&str]| {
        let mut cmd = alice.cli(args);
        cmd.env("DBUS_SESSION_BUS_ADDRESS", &nowhere)
            .env_remove("DISPLAY");
        cmd
    };
    let out = run_with_stdin(
        &mut without_keyring(&[
            "device",
            "change-authentication",
            "--keyring",
            "--password-stdin",
        ]),
        &ALICE.stdin(),
    );
    assert_one_keyring_error(&out, "change-authentication --keyring");
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "file unchanged"
    );

    // A claim fails before anything is exchanged (the invitation is not even fetched:
    // the server is stopped).
    let mut invite = alice.cli([
        "invite",
        "user",
        BOB.email,
        "--format",
        "json",
        "--password-stdin",
    ]);
    let created: serde_json::Value =
        serde_json::from_str(assert_success(&run_with_stdin(&mut invite, &ALICE.stdin())).trim())
            .expect("JSON output");
    drop(server);
    let bob = test_env();
    let mut claim = bob.cli([
        "invite",
        "claim",
        created["url"].as_str().expect("url"),
        "--format",
        "json",
        "--use-keyring",
    ]);
    claim
        .env("DBUS_SESSION_BUS_ADDRESS", &nowhere)
        .env_remove("DISPLAY");
    let out = run(&mut claim);
    assert_one_keyring_error(&out, "invite claim --use-keyring");
    assert!(bob.device_files().is_empty());

    // A keyring device whose keyring is gone.
    assert_success(&run_with_stdin(
        &mut cli(
            &alice,
            &ss,
            &[
                "device",
                "change-authentication",
                "--keyring",
                "--password-stdin",
            ],
        ),
        &ALICE.stdin(),
    ));
    let out = run(&mut without_keyring(&["user", "list"]));
    let line = assert_one_keyring_error(&out, "user list");
    assert!(line.contains(&path.display().to_string()), "{line}");

    // A locked keyring whose unlock prompt nobody answers.
    ss.lock();
    let out = run(&mut cli(&alice, &ss, &["user", "list"]));
    let line = assert_one_keyring_error(&out, "locked keyring");
    assert!(line.contains("prompt"), "{line}");

    // No session bus at all (nor a display to start one).
    let mut no_bus = alice.cli(["user", "list"]);
    no_bus
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("DISPLAY");
    assert_one_keyring_error(&run(&mut no_bus), "no DBUS_SESSION_BUS_ADDRESS");

    // A bus without a Secret Service on it.
    drop(ss);
    let Some(bare) = SecretService::start_bus_only() else {
        return;
    };
    let out = run(&mut cli(&alice, &bare, &["user", "list"]));
    assert_one_keyring_error(&out, "bus without Secret Service");
}

#[test]
fn claim_with_keyring_on_the_reference_server() {
    let Some(ss) = SecretService::start() else {
        return;
    };
    let server = ReferenceServer::start();
    let alice = organization(&server, "KeyringRef");
    let bob = claim_bob_with_keyring(&alice, &ss);
    let [file] = bob.device_files().try_into().expect("one device file");
    assert_official_keyring_file(&file);
    let users = assert_success(&run(&mut cli(&bob, &ss, &["user", "list"])));
    assert!(users.contains("Alice <alice@example.com>"), "{users}");
    assert!(users.contains("Bob <bob@example.com>"), "{users}");
}

/// Reads the secret of the Secret Service item `service`/`user` (the passphrase) with
/// Debian's Python D-Bus bindings; `None` when they are not installed.
const READ_SECRET: &str = r#"
import sys
try:
    import dbus
except ImportError:
    sys.exit(3)
bus = dbus.SessionBus()
service = dbus.Interface(
    bus.get_object("org.freedesktop.secrets", "/org/freedesktop/secrets"),
    "org.freedesktop.Secret.Service",
)
_, session = service.OpenSession("plain", dbus.String("", variant_level=1))
unlocked, locked = service.SearchItems({"service": sys.argv[1], "username": sys.argv[2]})
assert len(unlocked) == 1 and not locked, (unlocked, locked)
item = dbus.Interface(
    bus.get_object("org.freedesktop.secrets", unlocked[0]), "org.freedesktop.Secret.Item"
)
secret = item.GetSecret(session)
sys.stdout.write(bytes(secret[2]).decode())
"#;

/// The official bindings (`parsec._parsec` of parsec-cloud 3.9.3) decrypt the ciphertext
/// of a `keyring` file with the key they derive from the passphrase found in the keyring.
/// They have no device-file loader, so the file's layout is checked against the official
/// schema and test vector instead (`assert_official_keyring_file`, protocol unit tests).
const OFFICIAL_DECRYPT: &str = r#"
import sys
from parsec._parsec import SecretKey
passphrase = sys.stdin.readline().strip()
key = SecretKey.from_recovery_passphrase(passphrase)
sys.stdout.write(key.decrypt(bytes.fromhex(sys.argv[1])).hex())
"#;

#[test]
fn the_official_bindings_open_a_keyring_device_with_the_keyring_secret() {
    let Some(ss) = SecretService::start() else {
        return;
    };
    let server = OurServer::start(parsec_testkit::Db::Mocked);
    let alice = organization(&server, "KeyringOfficial");
    let [path] = alice.device_files().try_into().expect("one device file");
    assert_success(&run_with_stdin(
        &mut cli(
            &alice,
            &ss,
            &[
                "device",
                "change-authentication",
                "--keyring",
                "--password-stdin",
            ],
        ),
        &ALICE.stdin(),
    ));
    let user = assert_official_keyring_file(&path);

    let mut read = Command::new("/usr/bin/python3");
    read.args(["-c", READ_SECRET, "parsec", &user]);
    ss.apply(&mut read);
    let out = run(&mut read);
    if out.status.code() == Some(3) {
        #[allow(clippy::print_stderr, reason = "test output, explains a partial check")]
        {
            eprintln!("note: Debian's python3-dbus is missing: keyring secret not cross-checked");
        }
        return;
    }
    let passphrase = assert_success(&out);
    // A recovery passphrase: 52 base32 characters in groups of four (wire.md §3.4).
    let groups: Vec<&str> = passphrase.split('-').collect();
    assert_eq!(groups.len(), 13, "{}", groups.len());
    assert!(groups.iter().all(|g| g.len() == 4
        && g.chars()
            .all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c))));

    let file = decode(&path);
    let mut official = Command::new(crate::official_client::python());
    official
        .args(["-c", OFFICIAL_DECRYPT, &hex_of(file.ciphertext())])
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONNOUSERSITE", "1");
    let cleartext = assert_success(&run_with_stdin(&mut official, &format!("{passphrase}\n")));
    let ours = file
        .decrypt_keyring(
            &parsec_protocol::crypto::SecretKey::from_recovery_passphrase(&passphrase)
                .expect("passphrase"),
        )
        .expect("decrypt");
    assert_eq!(cleartext, hex_of(&ours.dump()));
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
