//! The traps of a greeting in terminals: nothing the claimer decides comes after the
//! greeter created the user, a cancellation is heard while the other side sits at a
//! question, the greeter sees an email that is not the invited one, a wrong device
//! password is asked again, and a silent or foreign server gives one clear line.

use super::pty::Pty;
use super::{
    check_new_device, greet_and_claim_in_terminals, invite, organization, start_pair, Greeter,
    Polling, DAVE,
};
use crate::test_env;
use parsec_testkit::{Db, OurServer, ReferenceServer, Server, TestEnv, ALICE};
use std::io::{Read, Write};

/// Both humans pick the right codes; the claimer is then asked its device label.
fn trust_each_other(g: &mut Pty, c: &mut Pty, greeter_code: &str) {
    c.expect_code_menu("greeter");
    c.send_line(greeter_code);
    let claimer_code = c.expect_capture(r"Code to provide to greeter: ([A-Z2-9]{4})");
    g.expect_code_menu("claimer");
    g.send_line(&claimer_code);
    c.expect("Enter device label");
}

/// The claimer answers label, email (`""`: the invited one) and name.
fn identity(c: &mut Pty, email: &str) {
    c.send_line(DAVE.device_label);
    c.expect("Enter email");
    c.send_line(email);
    c.expect("Enter name");
    c.send_line(DAVE.label);
}

fn dave_greeted_again(alice: &TestEnv, token: &str, url: &str, org: &str) {
    let dave = test_env();
    let greeter = Greeter {
        env: alice,
        who: &ALICE,
        token,
        several_admins: false,
    };
    greet_and_claim_in_terminals(&greeter, &dave, url, &DAVE, Some(""), Polling::Fast);
    check_new_device(&dave, &DAVE, org);
}

fn last_prompt_mistakes(server: &impl Server, org: &str) {
    let alice = organization(server, org);
    let (token, url) = invite(&alice, &ALICE, &["invite", "user", DAVE.email]);
    let dave = test_env();

    // An empty password is asked again. The new password comes before the claimer joins
    // the greeting: Ctrl-C there leaves the greeter waiting for the next claimer.
    let mut g = Pty::spawn("greeter", super::greet_cmd(&alice, &token, Polling::Fast));
    g.expect("Enter password for the device:");
    g.send_line(ALICE.password);
    let mut c = Pty::spawn("claimer", super::claim_cmd(&dave, &url, Polling::Fast));
    c.expect("Enter password for the new device:");
    c.send_line("");
    c.expect("The password cannot be empty, try again.");
    c.expect("Enter password for the new device:");
    c.ctrl_c();
    let (exit, screen) = c.exit();
    assert_eq!(exit, 130, "{screen}");
    assert!(dave.device_files().is_empty());

    // The next claimer joins that greeter. Its Ctrl-C while the greeter chooses the
    // profile stops the greeter's menu at once, and still nothing was created.
    let mut c = Pty::spawn("claimer", super::claim_cmd(&dave, &url, Polling::Fast));
    super::new_password(&mut c, DAVE.password);
    let code = g.expect_capture(r"Code to provide to claimer: ([A-Z2-9]{4})");
    trust_each_other(&mut g, &mut c, &code);
    identity(&mut c, "");
    g.expect("Which profile?");
    c.ctrl_c();
    let (exit, screen) = c.exit();
    assert_eq!(exit, 130, "{screen}");
    let (exit, screen) = g.exit();
    assert_eq!(exit, 8, "{screen}");
    assert!(
        screen.contains("The other side cancelled: manually cancelled"),
        "{screen}"
    );
    assert!(
        !screen.contains("Creating the user in the server"),
        "nothing was created: {screen}"
    );
    assert!(dave.device_files().is_empty());

    // The same invitation then goes through.
    dave_greeted_again(&alice, &token, &url, org);
}

#[test]
fn last_prompt_mistakes_leave_the_invitation_usable_on_our_server() {
    let server = OurServer::start(Db::Mocked);
    last_prompt_mistakes(&server, "TrapsLastOurs");
}

#[test]
fn last_prompt_mistakes_leave_the_invitation_usable_on_the_reference_server() {
    let server = ReferenceServer::start();
    last_prompt_mistakes(&server, "TrapsLastRef");
}

#[test]
fn greeter_is_warned_of_another_email() {
    let server = OurServer::start(Db::Mocked);
    let alice = organization(&server, "TrapsEmail");
    let (token, url) = invite(&alice, &ALICE, &["invite", "user", DAVE.email]);
    let dave = test_env();
    let (mut g, mut c, code) = start_pair(
        &alice,
        &ALICE,
        &token,
        &dave,
        &url,
        DAVE.password,
        Polling::Fast,
        false,
    );
    trust_each_other(&mut g, &mut c, &code);
    identity(&mut c, "dave.other@example.com");
    g.expect("New user: [Dave <dave.other@example.com>]");
    let shown = g.expect("Which profile?");
    assert!(
        shown.contains(
            "warning: the claimer asks for the email dave.other@example.com, but the \
             invitation was sent to dave@example.com"
        ),
        "{shown}"
    );
    // The greeter stops there: nothing is created.
    g.ctrl_c();
    let (exit, _) = g.exit();
    assert_eq!(exit, 130);
    let (exit, screen) = c.exit();
    assert_eq!(exit, 8, "{screen}");
    assert!(dave.device_files().is_empty());
}

#[test]
fn wrong_device_password_is_asked_again() {
    let server = OurServer::start(Db::Mocked);
    let alice = organization(&server, "TrapsPassword");

    let mut p = Pty::spawn("lister", alice.cli(["invite", "list"]));
    p.expect("Enter password for the device:");
    p.send_line("not the password");
    p.expect("Wrong password, try again (2 tries left).");
    p.expect("Enter password for the device:");
    p.send_line(ALICE.password);
    p.expect("No invitation.");
    let (exit, screen) = p.exit();
    assert_eq!(exit, 0, "{screen}");

    let mut p = Pty::spawn("lister", alice.cli(["invite", "list"]));
    for left in ["2 tries", "1 try"] {
        p.expect("Enter password for the device:");
        p.send_line("not the password");
        p.expect(&format!("Wrong password, try again ({left} left)."));
    }
    p.expect("Enter password for the device:");
    p.send_line("still not the password");
    let (exit, screen) = p.exit();
    assert_eq!(exit, 4, "{screen}");
    assert!(
        screen.contains("error: wrong password for device"),
        "{screen}"
    );
}

/// A TCP server on 127.0.0.1 that accepts connections and, for each, reads the request
/// and then sends `answer` (or nothing, ever); returns its port.
fn fake_server(answer: Option<&'static [u8]>) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("local addr").port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            if let Some(answer) = answer {
                let _ = stream.write_all(answer);
            }
            held.push(stream);
        }
    });
    port
}

/// The invitation URL of `url` (on our server) pointed at `port` instead.
fn moved_to(url: &str, port: u16) -> String {
    url.replacen(&host_port(url), &format!("127.0.0.1:{port}"), 1)
}

/// The `127.0.0.1:PORT` part of a URL.
fn host_port(url: &str) -> String {
    let start = url.find("127.0.0.1:").expect("a local server URL");
    let rest = &url[start..];
    let end = rest.find('/').expect("a path after the host");
    rest[..end].to_owned()
}

#[test]
fn silent_and_foreign_servers_give_one_clear_line() {
    let server = OurServer::start(Db::Mocked);
    let alice = organization(&server, "TrapsSilent");
    let (_, url) = invite(&alice, &ALICE, &["invite", "user", DAVE.email]);

    // Accepts the connection, never answers.
    let silent = moved_to(&url, fake_server(None));
    let dave = test_env();
    let mut cmd = dave.cli(["invite", "claim", &silent]);
    cmd.env("PARSEC_REQUEST_TIMEOUT", "2s");
    let p = Pty::spawn("claimer", cmd);
    let (exit, screen) = p.exit();
    assert_eq!(exit, 9, "{screen}");
    assert!(
        screen.contains("error: the server is not responding"),
        "{screen}"
    );

    // Another kind of HTTP server.
    let foreign = moved_to(
        &url,
        fake_server(Some(
            b"HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        )),
    );
    let p = Pty::spawn("claimer", dave.cli(["invite", "claim", &foreign]));
    let (exit, screen) = p.exit();
    assert_eq!(exit, 11, "{screen}");
    assert!(
        screen.contains(
            "error: the server does not speak the Parsec protocol (it answered HTTP 501)"
        ),
        "{screen}"
    );
}

#[test]
fn url_cut_at_the_ampersand_names_the_quoting() {
    let server = OurServer::start(Db::Mocked);
    let alice = organization(&server, "TrapsQuote");
    let (_, url) = invite(&alice, &ALICE, &["invite", "user", DAVE.email]);
    let cut = &url[..url.find('&').expect("an & in the URL")];
    let dave = test_env();
    let out = parsec_testkit::run(&mut dave.cli(["invite", "claim", cut]));
    assert_eq!(out.status.code(), Some(3));
    let stderr = parsec_testkit::stderr_text(&out);
    assert!(stderr.contains("missing `p` parameter"), "{stderr}");
    assert!(
        stderr.contains("put the whole URL in single quotes"),
        "{stderr}"
    );
}

#[test]
fn unwritable_config_dir_is_found_before_anything_is_created() {
    let server = OurServer::start(Db::Mocked);
    let alice = organization(&server, "TrapsReadOnly");
    let (token, url) = invite(&alice, &ALICE, &["invite", "user", DAVE.email]);
    let dave = test_env();
    // A config dir under a regular file: no folder can be created there, even as root.
    let blocker = dave.root().join("not-a-directory");
    std::fs::write(&blocker, "").expect("write the blocker");

    let mut g = Pty::spawn("greeter", super::greet_cmd(&alice, &token, Polling::Fast));
    g.expect("Enter password for the device:");
    g.send_line(ALICE.password);
    let mut claim = super::claim_cmd(&dave, &url, Polling::Fast);
    claim.env("PARSEC_CONFIG_DIR", blocker.join("config"));
    let mut c = Pty::spawn("claimer", claim);
    super::new_password(&mut c, DAVE.password);
    let code = g.expect_capture(r"Code to provide to claimer: ([A-Z2-9]{4})");
    trust_each_other(&mut g, &mut c, &code);
    identity(&mut c, "");
    let (exit, screen) = c.exit();
    assert_eq!(exit, 3, "{screen}");
    assert!(
        screen.contains("error: cannot create directory"),
        "{screen}"
    );
    assert!(screen.contains("PARSEC_CONFIG_DIR"), "{screen}");
    let (exit, screen) = g.exit();
    assert_eq!(exit, 8, "{screen}");
    assert!(
        !screen.contains("Creating the user in the server"),
        "nothing was created: {screen}"
    );

    // The same invitation then goes through with a usable config dir.
    dave_greeted_again(&alice, &token, &url, "TrapsReadOnly");
}
