//! `device list` and device files: official files are listed, ours are private and never
//! overwritten, and `--device` selection errors are clear.

use crate::test_env;
use parsec_testkit::{
    assert_cli_error, assert_success, parse_device_list, run, run_with_stdin, Db, OurServer, ALICE,
};
use std::process::Output;

/// The device file written by the official `parsec-cli` 3.9.3 (shared vectors).
fn official_device_file() -> (String, Vec<u8>) {
    let text = include_str!("../data/device-file-vectors.json");
    let json: serde_json::Value = serde_json::from_str(text).expect("vectors are JSON");
    let v = json["vectors"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|v| v["name"] == "device_file_password_official_cli")
        })
        .expect("official CLI vector");
    let name = v["inputs"]["file_name"]
        .as_str()
        .expect("file name")
        .to_owned();
    let hex = v["inputs"]["file_hex"].as_str().expect("file hex");
    let bytes = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect();
    (name, bytes)
}

fn exit_code(output: &Output) -> i32 {
    output.status.code().expect("exited normally")
}

#[test]
fn lists_a_device_file_written_by_the_official_cli() {
    let env = test_env();
    let (name, bytes) = official_device_file();
    std::fs::create_dir_all(env.devices_dir()).expect("devices dir");
    std::fs::write(env.devices_dir().join(name), bytes).expect("write device file");

    let stdout = assert_success(&run(&mut env.cli(["device", "list"])));
    let list = parse_device_list(&stdout);
    assert_eq!(list.count, 1, "{stdout}");
    let d = &list.devices[0];
    assert_eq!(d.short_id, "ad8");
    assert_eq!(d.organization, "WireDocCli1");
    assert_eq!(d.label, "Wire Doc");
    assert_eq!(d.email, "wiredoc@example.com");
    assert_eq!(d.device_label, "wiredoc-laptop");
    assert_eq!(d.server, "parsec3://127.0.0.1:6770?no_ssl=true");
}

#[test]
fn unlocks_the_official_device_file_and_refuses_a_wrong_password() {
    let env = test_env();
    let (name, bytes) = official_device_file();
    std::fs::create_dir_all(env.devices_dir()).expect("devices dir");
    std::fs::write(env.devices_dir().join(name), bytes).expect("write device file");

    // The organization of the vector lives on no running server: a right password gets
    // past unlocking and fails at the server (unreachable, or organization not found if
    // something listens on that port); a wrong one fails before (exit 4).
    let wrong = run_with_stdin(
        &mut env.cli(["user", "list", "--device", "ad8", "--password-stdin"]),
        "not the password\n",
    );
    let line = assert_cli_error(&wrong);
    assert!(line.contains("wrong password"), "{line}");
    assert_eq!(exit_code(&wrong), 4);

    let right = run_with_stdin(
        &mut env.cli(["user", "list", "--device", "ad8", "--password-stdin"]),
        "P@ssw0rd.\n",
    );
    let line = assert_cli_error(&right);
    assert!(!line.contains("wrong password"), "{line}");
    assert!(
        [5, 10].contains(&exit_code(&right)),
        "unlocked, then no such server: {line}"
    );
}

#[test]
fn device_files_are_private() {
    let server = OurServer::start(Db::Mocked);
    let env = test_env();
    let url = env.create_organization(&server, "PrivateOrg");
    let path = env.bootstrap_organization(&url, &ALICE);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path)
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{}", path.display());
    }
    // Nothing else (temporary files) is left next to it.
    let entries: Vec<_> = std::fs::read_dir(env.devices_dir())
        .expect("devices dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
}

#[test]
fn device_selection_errors() {
    let env = test_env();
    let (name, bytes) = official_device_file();
    std::fs::create_dir_all(env.devices_dir()).expect("devices dir");
    std::fs::write(env.devices_dir().join(name), bytes).expect("write device file");

    let unknown = run(&mut env.cli(["user", "list", "--device", "fff", "--password-stdin"]));
    let line = assert_cli_error(&unknown);
    assert!(line.contains("device `fff` not found"), "{line}");
    assert_eq!(exit_code(&unknown), 5);

    let empty = test_env();
    let none = run(&mut empty.cli(["user", "list", "--password-stdin"]));
    let line = assert_cli_error(&none);
    assert!(line.contains("no devices found"), "{line}");
    assert_eq!(exit_code(&none), 5);
}

#[test]
fn password_file_must_be_private() {
    let env = test_env();
    let (name, bytes) = official_device_file();
    std::fs::create_dir_all(env.devices_dir()).expect("devices dir");
    std::fs::write(env.devices_dir().join(name), bytes).expect("write device file");
    let file = env.root().join("password");
    std::fs::write(&file, "not the password\n").expect("write password file");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let out = run(env.cli(["user", "list", "--password-file"]).arg(&file));
        let line = assert_cli_error(&out);
        assert!(line.contains("readable by others"), "{line}");
        assert_eq!(exit_code(&out), 4);
        // The same refusal through the environment variable.
        let out = run(env.cli(["user", "list"]).env("PARSEC_PASSWORD_FILE", &file));
        assert!(assert_cli_error(&out).contains("readable by others"));
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
    // A private file is read (here: a wrong password, refused as such).
    let out = run(env.cli(["user", "list", "--password-file"]).arg(&file));
    let line = assert_cli_error(&out);
    assert!(line.contains("wrong password"), "{line}");
    assert_eq!(exit_code(&out), 4);
}
