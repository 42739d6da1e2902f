//! What the CLI prints, as scripts and terminals see it.
//!
//! - Snapshots (`snapshots/it__output__*.snap`) of the text and JSON output of `device
//!   list`, `organization create`, `organization bootstrap`, `user list` and `organization
//!   status` / `stats` against our server, and of one failure per exit-code class. Volatile
//!   values are redacted: the known IDs by hand, then ports, temporary paths, bootstrap
//!   tokens and timestamps by insta filters.
//! - Colours: none when piped or with `NO_COLOR`; `--color always` colours text (never
//!   JSON).
//! - `--format json`: stdout is exactly one JSON document.
//! - Exit codes (README, `src/error.rs`): usage 2, bad input 3, wrong password 4, not found
//!   5, not allowed 6, conflict 7, unreachable 10.

use std::process::{Command, Output};

use parsec_protocol::ids::UserProfile;
use parsec_testkit::{
    assert_cli_error, assert_success, free_port, run, run_with_stdin, Db, OurServer, TestEnv,
    ALICE, BOB,
};
use serde_json::Value;

use crate::test_env;

/// The values a snapshot must not show, replaced by hand before insta's filters run.
#[derive(Debug, Default)]
struct Known {
    /// `(value, placeholder)`, longest values first.
    values: Vec<(String, &'static str)>,
}

impl Known {
    fn add(&mut self, value: impl Into<String>, placeholder: &'static str) {
        self.values.push((value.into(), placeholder));
        self.values.sort_by_key(|(v, _)| std::cmp::Reverse(v.len()));
    }

    /// A device: its 32-digit ID and the short ID `device list` shows.
    fn device(&mut self, env: &TestEnv) {
        let out = run(&mut env.cli(["device", "list", "--format", "json"]));
        let json = parse_json(&out);
        let device = &json["devices"][0];
        let id = device["device_id"].as_str().expect("device_id");
        let short = device["short_id"].as_str().expect("short_id");
        self.add(id, "[DEVICE_ID]");
        // Error messages name a device by the first 8 digits of its ID.
        self.add(&id[..8], "[DEVICE_ID_PREFIX]");
        // Short IDs are checked against the full ID, so that a short ID that happens to
        // appear inside another value is left alone.
        self.add(format!("{short} - "), "[SHORT_ID] - ");
        self.add(format!("\"{short}\""), "\"[SHORT_ID]\"");
        let user = device["user_id"].as_str().expect("user_id");
        self.user(user);
    }

    /// A user ID, plain and hyphenated (`user list` shows the hyphenated form).
    fn user(&mut self, hex: &str) {
        assert_eq!(hex.len(), 32, "{hex}");
        let dashed = format!(
            "{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        );
        self.add(hex, "[USER_ID]");
        self.add(dashed, "[USER_ID]");
    }

    fn redact(&self, text: &str) -> String {
        self.values
            .iter()
            .fold(text.to_owned(), |text, (value, placeholder)| {
                text.replace(value, placeholder)
            })
    }
}

/// insta settings that hide what changes from run to run.
fn filters(env: &TestEnv) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    let root = env.root().display().to_string();
    settings.add_filter(&regex_escape(&root), "[TEMP]");
    settings.add_filter(r"127\.0\.0\.1:\d+", "127.0.0.1:[PORT]");
    settings.add_filter(r"\bp=[A-Za-z0-9_-]+", "p=[TOKEN]");
    settings.add_filter(
        r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})",
        "[TIMESTAMP]",
    );
    settings
}

/// Escapes regex metacharacters (temporary paths hold dots).
fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let escape = "\\.+*?()|[]{}^$#&-~".contains(c);
            escape.then_some('\\').into_iter().chain(std::iter::once(c))
        })
        .collect()
}

/// Stdout as the one JSON document it must be; fails the test otherwise.
fn parse_json(out: &Output) -> Value {
    let stdout = assert_success(out);
    serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}):\n{stdout}"))
}

/// The snapshot body of a run: the command, the exit code, stdout (pretty-printed when it
/// is JSON, with its layout said) and stderr. Fails on any ANSI escape.
fn describe_run(args: &[&str], out: &Output, json: bool) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_no_ansi(&stdout, &stderr);
    let code = out
        .status
        .code()
        .map_or_else(|| format!("{}", out.status), |c| c.to_string());
    let stdout_section = if json && out.status.success() {
        let value = parse_json(out);
        let layout = match stdout.trim_end().lines().count() {
            1 => "JSON on one line".to_owned(),
            n => format!("JSON on {n} lines"),
        };
        format!(
            "----- stdout ({layout}, shown pretty) -----\n{}\n",
            serde_json::to_string_pretty(&value).expect("JSON serializes")
        )
    } else {
        format!("----- stdout -----\n{stdout}")
    };
    let command_line: Vec<String> = args.iter().map(|a| shell_quote(a)).collect();
    format!(
        "$ parsec-cli {}\nexit code: {code}\n{stdout_section}----- stderr -----\n{stderr}",
        command_line.join(" ")
    )
}

/// `arg` as a shell would need it: single-quoted unless made of safe characters only.
fn shell_quote(arg: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_-./:@=,+".contains(c);
    if !arg.is_empty() && arg.chars().all(safe) {
        arg.to_owned()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

fn assert_no_ansi(stdout: &str, stderr: &str) {
    assert!(
        !stdout.contains('\u{1b}') && !stderr.contains('\u{1b}'),
        "ANSI escape in the output:\n--- stdout ---\n{stdout:?}\n--- stderr ---\n{stderr:?}"
    );
}

/// One environment with a server and an organization bootstrapped by Alice.
struct Fixture {
    server: OurServer,
    env: TestEnv,
    known: Known,
    org: &'static str,
}

impl Fixture {
    fn new(org: &'static str) -> Self {
        let server = OurServer::start(Db::Mocked);
        let env = test_env();
        let url = env.create_organization(&server, org);
        env.bootstrap_organization(&url, &ALICE);
        let mut known = Known::default();
        known.device(&env);
        Self {
            server,
            env,
            known,
            org,
        }
    }

    /// Runs `args` (Alice's password on stdin when `password`), checks the output and
    /// snapshots it as `name`.
    fn snapshot(&self, name: &str, args: &[&str], password: bool) -> Output {
        let out = if password {
            run_with_stdin(&mut self.env.cli(args), &ALICE.stdin())
        } else {
            run(&mut self.env.cli(args))
        };
        let json = args.windows(2).any(|w| w == ["--format", "json"]);
        let body = self.known.redact(&describe_run(args, &out, json));
        filters(&self.env).bind(|| insta::assert_snapshot!(name, body));
        out
    }

    fn admin_args<'a>(&'a self, addr: &'a str, command: &'a str, format: &'a str) -> Vec<&'a str> {
        vec![
            "organization",
            command,
            "--organization",
            self.org,
            "--addr",
            addr,
            "--token",
            self.server.admin_token(),
            "--format",
            format,
        ]
    }
}

#[test]
fn device_list_output() {
    let env = test_env();
    let filters = filters(&env);
    for format in ["text", "json"] {
        let args = ["device", "list", "--format", format];
        let out = run(&mut env.cli(args));
        let body = describe_run(&args, &out, format == "json");
        filters.bind(|| insta::assert_snapshot!(format!("device_list_empty_{format}"), body));
    }

    let fixture = Fixture::new("OutputDevices");
    for format in ["text", "json"] {
        fixture.snapshot(
            &format!("device_list_{format}"),
            &["device", "list", "--format", format],
            false,
        );
    }
}

#[test]
fn organization_create_and_bootstrap_output() {
    let server = OurServer::start(Db::Mocked);
    for format in ["text", "json"] {
        let env = test_env();
        let org = format!("OutputCreate{format}");
        let addr = server.addr();
        let create = [
            "organization",
            "create",
            &org,
            "--addr",
            &addr,
            "--token",
            server.admin_token(),
            "--format",
            format,
        ];
        let out = run(&mut env.cli(create));
        let body = describe_run(&create, &out, format == "json");
        filters(&env).bind(|| {
            insta::assert_snapshot!(format!("organization_create_{format}"), body);
        });
        let url = if format == "json" {
            let json = parse_json(&out);
            // Both forms, so that scripts can pick either.
            assert!(
                json["bootstrap_url"]
                    .as_str()
                    .is_some_and(|u| u.starts_with("parsec3://")),
                "{json}"
            );
            json["bootstrap_url_as_http_redirection"]
                .as_str()
                .expect("bootstrap_url_as_http_redirection")
                .to_owned()
        } else {
            assert_success(&out)
                .trim()
                .strip_prefix("Organization bootstrap URL: ")
                .expect("the URL line")
                .to_owned()
        };

        let bootstrap = [
            "organization",
            "bootstrap",
            "--addr",
            &url,
            "--label",
            ALICE.label,
            "--email",
            ALICE.email,
            "--device-label",
            ALICE.device_label,
            "--password-stdin",
            "--format",
            format,
        ];
        let out = run_with_stdin(&mut env.cli(bootstrap), &ALICE.stdin());
        assert_success(&out);
        let mut known = Known::default();
        known.device(&env);
        let body = known.redact(&describe_run(&bootstrap, &out, format == "json"));
        filters(&env).bind(|| {
            insta::assert_snapshot!(format!("organization_bootstrap_{format}"), body);
        });
    }
}

#[test]
fn user_list_output() {
    let fixture = Fixture::new("OutputUsers");
    for format in ["text", "json"] {
        fixture.snapshot(
            &format!("user_list_{format}"),
            &["user", "list", "--password-stdin", "--format", format],
            true,
        );
    }
}

#[test]
fn tos_and_certificate_output() {
    let fixture = Fixture::new("OutputTos");
    let addr = fixture.server.addr();
    for format in ["text", "json"] {
        fixture.snapshot(
            &format!("certificate_poll_{format}"),
            &[
                "certificate",
                "poll",
                "--password-stdin",
                "--format",
                format,
            ],
            true,
        );
    }
    let config = |format: &str, terms: &[&str]| {
        let mut args = vec![
            "tos",
            "config",
            "--organization",
            fixture.org,
            "--addr",
            &addr,
            "--token",
            fixture.server.admin_token(),
            "--format",
        ];
        args.push(if format == "json" { "json" } else { "text" });
        args.extend_from_slice(terms);
        args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>()
    };
    let set = config(
        "json",
        &[
            "en_US=https://example.com/en",
            "fr_FR=https://example.com/fr",
        ],
    );
    let set: Vec<&str> = set.iter().map(String::as_str).collect();
    fixture.snapshot("tos_config_json", &set, false);
    for format in ["text", "json"] {
        fixture.snapshot(
            &format!("tos_list_{format}"),
            &["tos", "list", "--password-stdin", "--format", format],
            true,
        );
    }
    fixture.snapshot(
        "tos_accept_json",
        &[
            "tos",
            "accept",
            "--yes",
            "--password-stdin",
            "--format",
            "json",
        ],
        true,
    );
}

#[test]
fn organization_status_and_stats_output() {
    let fixture = Fixture::new("OutputStatus");
    let addr = fixture.server.addr();
    for command in ["status", "stats"] {
        for format in ["text", "json"] {
            let out = fixture.snapshot(
                &format!("organization_{command}_{format}"),
                &fixture.admin_args(&addr, command, format),
                false,
            );
            assert_success(&out);
        }
        // JSON by default, as the official CLI (pretty-printed, as it does), the same
        // document as `--format json` gives.
        let mut default = fixture.admin_args(&addr, command, "json");
        default.truncate(default.len() - 2);
        let out = run(&mut fixture.env.cli(&default));
        let body = fixture.known.redact(&describe_run(&default, &out, true));
        filters(&fixture.env)
            .bind(|| insta::assert_snapshot!(format!("organization_{command}_default"), body));
        let explicit = run(&mut fixture.env.cli(fixture.admin_args(&addr, command, "json")));
        assert_eq!(parse_json(&out), parse_json(&explicit));
    }
}

/// Commands run with colours left to `auto` (the default), through pipes.
fn piped_commands(fixture: &Fixture) -> Vec<(Vec<String>, bool)> {
    let addr = fixture.server.addr();
    let owned = |args: &[&str]| args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>();
    vec![
        (owned(&["device", "list"]), false),
        (owned(&["user", "list", "--password-stdin"]), true),
        (owned(&fixture.admin_args(&addr, "status", "text")), false),
        // A failure: `error:` and `hint:` lines.
        (
            owned(&[
                "organization",
                "create",
                fixture.org,
                "--addr",
                &addr,
                "--token",
                fixture.server.admin_token(),
            ]),
            false,
        ),
    ]
}

fn run_maybe_with_password(cmd: &mut Command, password: bool) -> Output {
    if password {
        run_with_stdin(cmd, &ALICE.stdin())
    } else {
        run(cmd)
    }
}

#[test]
fn no_colour_when_piped_or_with_no_color() {
    let fixture = Fixture::new("OutputNoColour");
    for (args, password) in piped_commands(&fixture) {
        // Piped, on a colour-capable terminal type, without NO_COLOR.
        let mut piped = fixture.env.cli(&args);
        piped.env_remove("NO_COLOR").env("TERM", "xterm-256color");
        // NO_COLOR (any non-empty value) even when colours are otherwise likely.
        let mut no_color = fixture.env.cli(&args);
        no_color
            .env("NO_COLOR", "1")
            .env("TERM", "xterm-256color")
            .env("CLICOLOR_FORCE", "1");
        for mut cmd in [piped, no_color] {
            let out = run_maybe_with_password(&mut cmd, password);
            assert_no_ansi(
                &String::from_utf8_lossy(&out.stdout),
                &String::from_utf8_lossy(&out.stderr),
            );
        }
    }
}

#[test]
fn colour_always_colours_text_but_never_json() {
    let fixture = Fixture::new("OutputColour");
    let escape = |bytes: &[u8]| bytes.contains(&0x1b);

    // Data on stdout, even piped and with NO_COLOR set: the flag wins.
    let out = run(&mut fixture.env.cli(["device", "list", "--color", "always"]));
    assert_success(&out);
    assert!(escape(&out.stdout), "{}", parsec_testkit::describe(&out));

    // The error line on stderr.
    let out = run_with_stdin(
        &mut fixture
            .env
            .cli(["user", "list", "--password-stdin", "--color", "always"]),
        "wrong password\n",
    );
    assert_eq!(out.status.code(), Some(4));
    assert!(escape(&out.stderr), "{}", parsec_testkit::describe(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("\u{1b}[31m"),
        "a red error: label: {:?}",
        String::from_utf8_lossy(&out.stderr)
    );

    // JSON is for programs: never coloured.
    for args in [
        vec!["device", "list", "--color", "always", "--format", "json"],
        vec![
            "user",
            "list",
            "--password-stdin",
            "--color",
            "always",
            "--format",
            "json",
        ],
    ] {
        let out = run_with_stdin(&mut fixture.env.cli(&args), &ALICE.stdin());
        assert!(!escape(&out.stdout), "{}", parsec_testkit::describe(&out));
        parse_json(&out);
    }

    // `--color never` beats everything.
    let mut cmd = fixture.env.cli(["device", "list", "--color", "never"]);
    cmd.env_remove("NO_COLOR").env("CLICOLOR_FORCE", "1");
    let out = run(&mut cmd);
    assert!(!escape(&out.stdout) && !escape(&out.stderr));
}

#[test]
fn json_failures_leave_stdout_empty() {
    let fixture = Fixture::new("OutputJsonErrors");
    let addr = fixture.server.addr();
    let out = run_with_stdin(
        &mut fixture
            .env
            .cli(["user", "list", "--password-stdin", "--format", "json"]),
        "wrong password\n",
    );
    assert_cli_error(&out);
    assert!(out.stdout.is_empty(), "{}", parsec_testkit::describe(&out));
    let mut args = fixture.admin_args(&addr, "status", "json");
    args[3] = "NoSuchOrganization";
    let out = run(&mut fixture.env.cli(&args));
    assert_cli_error(&out);
    assert!(out.stdout.is_empty(), "{}", parsec_testkit::describe(&out));
}

/// Runs a failing command, checks its one `error:` line and exit code, and snapshots its
/// output as `exit_<code>_<name>`.
fn assert_exit(env: &TestEnv, known: &Known, name: &str, code: i32, args: &[&str], stdin: &str) {
    assert_exit_with(env, known, name, code, args, stdin, |_| {});
}

/// [`assert_exit`], with `tune` changing the command's environment first.
fn assert_exit_with(
    env: &TestEnv,
    known: &Known,
    name: &str,
    code: i32,
    args: &[&str],
    stdin: &str,
    tune: impl FnOnce(&mut Command),
) {
    let mut cmd = env.cli(args);
    tune(&mut cmd);
    let out = run_with_stdin(&mut cmd, stdin);
    if code == 2 {
        // clap's usage errors: `error:` first, then the usage.
        assert!(
            String::from_utf8_lossy(&out.stderr).starts_with("error: "),
            "{}",
            parsec_testkit::describe(&out)
        );
    } else {
        assert_cli_error(&out);
    }
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        parsec_testkit::describe(&out)
    );
    assert!(out.stdout.is_empty(), "{}", parsec_testkit::describe(&out));
    let body = known.redact(&describe_run(args, &out, false));
    filters(env).bind(|| insta::assert_snapshot!(format!("exit_{code}_{name}"), body));
}

#[test]
fn exit_code_2_usage() {
    let env = test_env();
    let known = Known::default();
    assert_exit(
        &env,
        &known,
        "missing_argument",
        2,
        &["organization", "create"],
        "",
    );
    assert_exit(
        &env,
        &known,
        "unknown_flag",
        2,
        &["device", "list", "--no-such-flag"],
        "",
    );
}

#[test]
fn exit_code_3_bad_input() {
    let server = OurServer::start(Db::Mocked);
    let env = test_env();
    let addr = server.addr();
    assert_exit(
        &env,
        &Known::default(),
        "invalid_organization_name",
        3,
        &[
            "organization",
            "create",
            "not a valid name!",
            "--addr",
            &addr,
            "--token",
            server.admin_token(),
        ],
        "",
    );
}

#[test]
fn exit_code_4_wrong_password() {
    let fixture = Fixture::new("ExitWrongPassword");
    assert_exit(
        &fixture.env,
        &fixture.known,
        "wrong_password",
        4,
        &["user", "list", "--password-stdin"],
        "not the password\n",
    );
}

#[test]
fn exit_code_5_not_found() {
    let server = OurServer::start(Db::Mocked);
    let env = test_env();
    let addr = server.addr();
    assert_exit(
        &env,
        &Known::default(),
        "organization",
        5,
        &[
            "organization",
            "status",
            "--organization",
            "NoSuchOrganization",
            "--addr",
            &addr,
            "--token",
            server.admin_token(),
        ],
        "",
    );
}

#[test]
fn exit_code_6_not_allowed() {
    let fixture = Fixture::new("ExitNotAllowed");
    let bob = crate::user::create_user_directly(&fixture.env, &BOB, UserProfile::Standard);
    let mut known = Known::default();
    known.device(&bob);
    assert_exit(
        &bob,
        &known,
        "standard_user_revokes",
        6,
        &["user", "revoke", ALICE.email, "--password-stdin"],
        &BOB.stdin(),
    );
}

#[test]
fn exit_code_7_conflict() {
    let fixture = Fixture::new("ExitConflict");
    let addr = fixture.server.addr();
    assert_exit(
        &fixture.env,
        &fixture.known,
        "organization_exists",
        7,
        &[
            "organization",
            "create",
            fixture.org,
            "--addr",
            &addr,
            "--token",
            fixture.server.admin_token(),
        ],
        "",
    );
}

#[test]
fn exit_code_14_no_keyring() {
    let fixture = Fixture::new("ExitNoKeyring");
    // No session bus to look for a Secret Service on (tests/it/keyring.rs has the others).
    assert_exit_with(
        &fixture.env,
        &fixture.known,
        "no_keyring",
        14,
        &[
            "device",
            "change-authentication",
            "--keyring",
            "--password-stdin",
        ],
        &ALICE.stdin(),
        |cmd| {
            cmd.env_remove("DBUS_SESSION_BUS_ADDRESS")
                .env_remove("DISPLAY");
        },
    );
}

#[test]
fn exit_code_10_unreachable() {
    let env = test_env();
    // Nothing listens there: connection refused.
    let addr = format!("parsec3://127.0.0.1:{}?no_ssl=true", free_port());
    assert_exit(
        &env,
        &Known::default(),
        "connection_refused",
        10,
        &[
            "organization",
            "create",
            "Unreachable",
            "--addr",
            &addr,
            "--token",
            "s3cr3t",
        ],
        "",
    );
}
