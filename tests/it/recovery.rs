//! `device change-authentication`, `device export-recovery-device` and `device
//! import-recovery-device`: the whole story (new password, recovery file, lost machine,
//! new device) against our server and, in the interop tier, the official one.

use crate::test_env;
use parsec_protocol::device_file::{DeviceFile, DeviceFileKind};
use parsec_testkit::{
    assert_cli_error, assert_success, run, run_with_stdin, Db, OurServer, ReferenceServer, Server,
    TestEnv, ALICE,
};
use std::path::Path;

fn exit_code(output: &std::process::Output) -> i32 {
    output.status.code().expect("exited normally")
}

/// `user list` as the only device of `env`, with `password`.
fn user_list(env: &TestEnv, password: &str) -> std::process::Output {
    run_with_stdin(
        &mut env.cli(["user", "list", "--password-stdin"]),
        &format!("{password}\n"),
    )
}

/// Exports a recovery file of `env`'s only device to `output`; returns the passphrase.
fn export(env: &TestEnv, output: &Path, password: &str) -> String {
    let out = run_with_stdin(
        &mut env.cli([
            "device",
            "export-recovery-device",
            "--password-stdin",
            output.to_str().expect("utf-8"),
        ]),
        &format!("{password}\n"),
    );
    let stdout = assert_success(&out);
    let mut lines = stdout.lines();
    assert_eq!(
        lines.next(),
        Some(format!("Recovery device saved at {}", output.display()).as_str()),
        "{stdout}"
    );
    let passphrase = lines
        .next()
        .and_then(|l| l.strip_prefix("Save the recovery passphrase in a safe place: "))
        .unwrap_or_else(|| panic!("passphrase line:\n{stdout}"))
        .to_owned();
    // 32 bytes in base32 without padding: 52 characters in 13 groups of four.
    assert_eq!(passphrase.len(), 52 + 12, "{passphrase}");
    assert!(passphrase.split('-').all(|g| g.len() == 4
        && g.bytes()
            .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b))));
    passphrase
}

/// The story of the README: change the password, export a recovery file, lose the
/// machine, get back in from the file.
pub fn recovery_story(server: &impl Server, org: &str) {
    let env = test_env();
    let url = env.create_organization(server, org);
    let path = env.bootstrap_organization(&url, &ALICE);
    let created_on = DeviceFile::decode(&std::fs::read(&path).expect("read"))
        .expect("decode")
        .created_on();

    // A new password: old then new on stdin.
    let out = run_with_stdin(
        &mut env.cli([
            "device",
            "change-authentication",
            "--password",
            "--password-stdin",
        ]),
        &format!("{}\nnew-P@ss\n", ALICE.password),
    );
    assert_eq!(
        assert_success(&out).trim(),
        "Device authentication changed successfully"
    );
    let file = DeviceFile::decode(&std::fs::read(&path).expect("read")).expect("decode");
    assert_eq!(file.created_on(), created_on, "created_on is kept");
    assert!(file.protected_on() > created_on);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert_eq!(
        env.device_files(),
        vec![path.clone()],
        "same file, nothing left"
    );
    let old = user_list(&env, ALICE.password);
    assert_cli_error(&old);
    assert_eq!(exit_code(&old), 4);
    assert_success(&user_list(&env, "new-P@ss"));

    // A recovery file, private, in the official recovery format.
    let recovery_file = env.root().join("alice.psrk");
    let passphrase = export(&env, &recovery_file, "new-P@ss");
    let bytes = std::fs::read(&recovery_file).expect("recovery file");
    let decoded = DeviceFile::decode(&bytes).expect("decode");
    assert_eq!(decoded.kind(), DeviceFileKind::Recovery);
    assert!(decoded.device_label().as_str().starts_with("recovery-"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&recovery_file)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Never overwritten.
    let again = run_with_stdin(
        &mut env.cli([
            "device",
            "export-recovery-device",
            "--password-stdin",
            recovery_file.to_str().expect("utf-8"),
        ]),
        "new-P@ss\n",
    );
    assert!(assert_cli_error(&again).contains("already exists"));
    assert_eq!(exit_code(&again), 3);
    assert_eq!(std::fs::read(&recovery_file).expect("read"), bytes);

    // The laptop is lost: a new machine has only the recovery file.
    let machine = test_env();
    let import = |passphrase: &str, label: &str| {
        run_with_stdin(
            &mut machine.cli([
                "device",
                "import-recovery-device",
                "--input",
                recovery_file.to_str().expect("utf-8"),
                "--label",
                label,
                "--password-stdin",
            ]),
            &format!("{passphrase}\nrecovered-P@ss\n"),
        )
    };
    let wrong = import(
        "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA",
        "phone",
    );
    assert!(assert_cli_error(&wrong).contains("wrong passphrase"));
    assert_eq!(exit_code(&wrong), 4);
    let garbled = import("not a passphrase", "phone");
    assert_cli_error(&garbled);
    assert_eq!(exit_code(&garbled), 3);
    assert!(
        machine.device_files().is_empty(),
        "nothing written on failure"
    );

    // Typed in lowercase with spaces: the official client accepts it too.
    let sloppy = passphrase.to_lowercase().replace('-', " ");
    let out = import(&sloppy, "new laptop");
    let stdout = assert_success(&out);
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some("New device created:"), "{stdout}");
    let line = lines.next().expect("device line");
    assert!(
        line.ends_with(&format!(": {} <{}> @ new laptop", ALICE.label, ALICE.email)),
        "{line}"
    );
    assert!(line.contains(&format!(" - {org}: ")), "{line}");
    let [new_file] = machine.device_files().try_into().expect("one device file");
    let new = DeviceFile::decode(&std::fs::read(&new_file).expect("read")).expect("decode");
    assert_eq!(new.kind(), DeviceFileKind::Password);
    assert_eq!(new.user_id(), decoded.user_id());
    assert_ne!(new.device_id(), decoded.device_id());
    assert!(line.starts_with(&new.device_id().hex()[..3]), "{line}");
    // The new device works, and sees the certificates of the recovery chain.
    let list = assert_success(&user_list(&machine, "recovered-P@ss"));
    assert!(list.contains(ALICE.email), "{list}");
    // The recovery file can be used again.
    assert_success(&import(&passphrase, "second"));
    assert_eq!(machine.device_files().len(), 2);
}

#[test]
fn recovery_story_on_our_server() {
    let server = OurServer::start(Db::Mocked);
    recovery_story(&server, "RecoveryOrg");
}

#[test]
fn recovery_story_on_the_reference_server() {
    let server = ReferenceServer::start();
    recovery_story(&server, "RecoveryOrg");
}

#[test]
fn change_authentication_refusals_leave_the_file_alone() {
    let server = OurServer::start(Db::Mocked);
    let env = test_env();
    let url = env.create_organization(&server, "ChangeAuthOrg");
    let path = env.bootstrap_organization(&url, &ALICE);
    let before = std::fs::read(&path).expect("read");

    let wrong = run_with_stdin(
        &mut env.cli([
            "device",
            "change-authentication",
            "--password",
            "--password-stdin",
        ]),
        "not the password\nnew-P@ss\n",
    );
    assert!(assert_cli_error(&wrong).contains("wrong password"));
    assert_eq!(exit_code(&wrong), 4);

    let neither = run(&mut env.cli(["device", "change-authentication", "--password-stdin"]));
    assert_eq!(exit_code(&neither), 2);
    let both = run(&mut env.cli([
        "device",
        "change-authentication",
        "--password",
        "--keyring",
        "--password-stdin",
    ]));
    assert_eq!(exit_code(&both), 2);
    // `--keyring` without a keyring: tests/it/keyring.rs.

    let empty = run_with_stdin(
        &mut env.cli([
            "device",
            "change-authentication",
            "--password",
            "--password-stdin",
        ]),
        &format!("{}\n\n", ALICE.password),
    );
    assert!(assert_cli_error(&empty).contains("empty"));
    assert_eq!(exit_code(&empty), 3);

    assert_eq!(std::fs::read(&path).expect("read"), before);
    assert_eq!(env.device_files(), vec![path]);
}

#[test]
fn import_refuses_a_device_file_that_is_not_a_recovery_file() {
    let server = OurServer::start(Db::Mocked);
    let env = test_env();
    let url = env.create_organization(&server, "NotRecoveryOrg");
    let path = env.bootstrap_organization(&url, &ALICE);
    let machine = test_env();
    let out = run(&mut machine.cli([
        "device",
        "import-recovery-device",
        "--input",
        path.to_str().expect("utf-8"),
        "--label",
        "phone",
        "--password-stdin",
    ]));
    let line = assert_cli_error(&out);
    assert!(line.contains("not a recovery file"), "{line}");
    assert_eq!(exit_code(&out), 3);
}

/// The official recovery code (`SecretKey` of the bindings in the reference venv) opens a
/// recovery file we wrote with the passphrase we showed, and our CLI imports a recovery
/// file whose passphrase and encryption come from the official code.
#[test]
fn recovery_files_and_passphrases_are_interchangeable_with_the_official_code() {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/interop_py/recovery_passphrase.py"
    );
    let python = |args: &[&str]| -> String {
        let mut cmd = std::process::Command::new(crate::official_client::python());
        cmd.arg(script)
            .args(args)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env("PYTHONNOUSERSITE", "1");
        assert_success(&run(&mut cmd))
    };
    let server = OurServer::start(Db::Mocked);
    let env = test_env();
    let url = env.create_organization(&server, "OfficialRecoveryOrg");
    env.bootstrap_organization(&url, &ALICE);
    let recovery_file = env.root().join("alice.psrk");
    let passphrase = export(&env, &recovery_file, ALICE.password);

    // Ours → official: the official key from our passphrase opens our ciphertext.
    let file = DeviceFile::decode(&std::fs::read(&recovery_file).expect("read")).expect("decode");
    let ours = file
        .decrypt_recovery(&passphrase)
        .expect("our passphrase opens it");
    let cleartext = python(&["decrypt", &passphrase, &hex(file.ciphertext())]);
    assert_eq!(cleartext.trim(), hex(&ours.dump()));

    // Official → ours: a passphrase and ciphertext made by the official code.
    let made = python(&["encrypt", &hex(&ours.dump())]);
    let mut lines = made.lines();
    let official_passphrase = lines.next().expect("passphrase").to_owned();
    let ciphertext = unhex(lines.next().expect("ciphertext"));
    let official_file = env.root().join("official.psrk");
    std::fs::write(
        &official_file,
        DeviceFile::recovery_with_ciphertext(&ours, ciphertext, file.created_on()),
    )
    .expect("write");
    let machine = test_env();
    let out = run_with_stdin(
        &mut machine.cli([
            "device",
            "import-recovery-device",
            "--input",
            official_file.to_str().expect("utf-8"),
            "--label",
            "from official",
            "--password-stdin",
        ]),
        &format!("{official_passphrase}\nrecovered-P@ss\n"),
    );
    assert_success(&out);
    assert_success(&user_list(&machine, "recovered-P@ss"));
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

#[test]
fn json_output() {
    let server = OurServer::start(Db::Mocked);
    let env = test_env();
    let url = env.create_organization(&server, "JsonRecoveryOrg");
    let path = env.bootstrap_organization(&url, &ALICE);
    let json = |out: &std::process::Output| -> serde_json::Value {
        let stdout = assert_success(out);
        assert_eq!(stdout.lines().count(), 1, "one object: {stdout}");
        serde_json::from_str(&stdout).expect("JSON")
    };
    let device_id = path
        .file_stem()
        .expect("stem")
        .to_string_lossy()
        .into_owned();

    let changed = json(&run_with_stdin(
        &mut env.cli([
            "device",
            "change-authentication",
            "--password",
            "--password-stdin",
            "--format",
            "json",
        ]),
        &format!("{}\nnew-P@ss\n", ALICE.password),
    ));
    assert_eq!(
        changed,
        serde_json::json!({
            "authentication": "password",
            "device_id": device_id,
            "path": path.display().to_string(),
        })
    );

    let output = env.root().join("alice.psrk");
    let exported = json(&run_with_stdin(
        &mut env.cli([
            "device",
            "export-recovery-device",
            "--password-stdin",
            "--format",
            "json",
            output.to_str().expect("utf-8"),
        ]),
        "new-P@ss\n",
    ));
    let file = DeviceFile::decode(&std::fs::read(&output).expect("read")).expect("decode");
    assert_eq!(exported["device_id"], file.device_id().hex());
    assert_eq!(exported["device_label"], file.device_label().as_str());
    assert_eq!(exported["path"], output.display().to_string());
    let passphrase = exported["passphrase"].as_str().expect("passphrase");
    file.decrypt_recovery(passphrase)
        .expect("the passphrase opens the file");

    let machine = test_env();
    let imported = json(&run_with_stdin(
        &mut machine.cli([
            "device",
            "import-recovery-device",
            "--input",
            output.to_str().expect("utf-8"),
            "--label",
            "phone",
            "--password-stdin",
            "--format",
            "json",
        ]),
        &format!("{passphrase}\nphone-P@ss\n"),
    ));
    let [new_file] = machine.device_files().try_into().expect("one device file");
    let new = DeviceFile::decode(&std::fs::read(&new_file).expect("read")).expect("decode");
    assert_eq!(imported["device_id"], new.device_id().hex());
    assert_eq!(imported["device_label"], "phone");
    assert_eq!(imported["organization_id"], "JsonRecoveryOrg");
    assert_eq!(imported["user_id"], file.user_id().hex());
    assert_eq!(imported["human_handle"]["email"], ALICE.email);
    assert_eq!(imported["path"], new_file.display().to_string());
    assert_eq!(imported["server_url"], server.addr());
}

/// On a terminal: the official prompts, hidden input, the new password asked twice.
#[test]
fn prompts_on_a_terminal() {
    use crate::invite::pty::Pty;
    let server = OurServer::start(Db::Mocked);
    let env = test_env();
    let url = env.create_organization(&server, "PromptRecoveryOrg");
    env.bootstrap_organization(&url, &ALICE);

    let mut pty = Pty::spawn(
        "change-authentication",
        env.cli(["device", "change-authentication", "--password"]),
    );
    pty.expect("Enter current password for the device:");
    pty.send_line(ALICE.password);
    pty.expect("Enter new password for the device:");
    pty.send_line("new-P@ss");
    pty.expect("Confirm password:");
    pty.send_line("typo");
    pty.expect("do not match");
    pty.expect("Enter new password for the device:");
    pty.send_line("new-P@ss");
    pty.expect("Confirm password:");
    pty.send_line("new-P@ss");
    pty.expect("Device authentication changed successfully");
    let (code, screen) = pty.exit();
    assert_eq!(code, 0, "{screen}");
    assert!(
        !screen.contains("new-P@ss"),
        "passwords are not echoed:\n{screen}"
    );
    assert_success(&user_list(&env, "new-P@ss"));

    let recovery_file = env.root().join("alice.psrk");
    let passphrase = export(&env, &recovery_file, "new-P@ss");
    let machine = test_env();
    let mut pty = Pty::spawn(
        "import-recovery-device",
        machine.cli([
            "device",
            "import-recovery-device",
            "--input",
            recovery_file.to_str().expect("utf-8"),
            "--label",
            "phone",
        ]),
    );
    pty.expect("Enter passphrase for the recovery file:");
    pty.send_line(&passphrase);
    pty.expect("Enter password for the new device:");
    pty.send_line("phone-P@ss");
    pty.expect("Confirm password:");
    pty.send_line("phone-P@ss");
    pty.expect("New device created:");
    let (code, screen) = pty.exit();
    assert_eq!(code, 0, "{screen}");
    assert!(
        !screen.contains(&passphrase),
        "the passphrase is not echoed:\n{screen}"
    );
    assert_success(&user_list(&machine, "phone-P@ss"));
}
