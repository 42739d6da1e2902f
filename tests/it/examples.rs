//! The scripts of `examples/` run as documented, against our server.

use crate::test_env;
use parsec_testkit::{assert_success, run, Db, OurServer};
use std::process::Command;

#[test]
fn onboard_script_creates_bootstraps_and_invites() {
    let server = OurServer::start(Db::Mocked);
    let env = test_env();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/onboard.sh");
    let mut cmd = Command::new("bash");
    cmd.args([
        script,
        "ScriptedOrg",
        "admin@example.com",
        "bob@example.com",
    ]);
    env.apply_env(&mut cmd);
    cmd.env("PARSEC_CLI", env!("CARGO_BIN_EXE_parsec-cli"))
        .env("PARSEC_SERVER_ADDR", server.addr())
        .env("PARSEC_ADMINISTRATION_TOKEN", server.admin_token());
    let stdout = assert_success(&run(&mut cmd));
    let field = |name: &str| {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}=")))
            .unwrap_or_else(|| panic!("no {name}= line:\n{stdout}"))
            .to_owned()
    };
    let token = field("token");
    assert_eq!(token.len(), 32, "{stdout}");
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{stdout}");
    assert!(field("url").contains("a=claim_user"), "{stdout}");

    // The invitation is there, readable with the password file the script wrote.
    let password_file = env.config_dir().join("ScriptedOrg-admin.password");
    let out = run(env
        .cli(["invite", "list", "--format", "json", "--password-file"])
        .arg(&password_file));
    let list: serde_json::Value = serde_json::from_str(&assert_success(&out)).expect("JSON");
    assert!(
        list.to_string().contains(&token),
        "the invitation is listed: {list}"
    );
}
