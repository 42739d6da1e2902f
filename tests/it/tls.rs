//! HTTPS: our server with `--ssl-certfile` / `--ssl-keyfile`, and the CLI trusting a
//! private CA through `SSL_CAFILE`.
//!
//! Each test makes a throw-away CA and a server certificate for `127.0.0.1` and
//! `localhost` (rcgen). Without `SSL_CAFILE` the CLI must refuse the server with one
//! `error:` line about its certificate and exit code 10 (the server cannot be reached
//! securely); with `SSL_CAFILE=<ca.pem>` everything works as over plain HTTP.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use parsec_testkit::{
    assert_cli_error, assert_success, bin_path, parse_device_list, run, run_with_stdin, Db,
    OurServer, TestEnv, ALICE,
};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use tempfile::TempDir;

use crate::test_env;

/// PEM files of a throw-away public key infrastructure, deleted when dropped.
pub(crate) struct Pki {
    dir: TempDir,
}

impl Pki {
    /// A CA, and a server certificate it signed for `127.0.0.1` and `localhost`.
    pub(crate) fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("parsec-pki-")
            .tempdir()
            .expect("create a temporary directory");

        let mut ca_params = CertificateParams::new(Vec::new()).expect("no names");
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "parsec-cli test CA");
        let ca_key = KeyPair::generate().expect("CA key");
        let ca_cert = ca_params.self_signed(&ca_key).expect("self-signed CA");
        let issuer = Issuer::new(ca_params, ca_key);

        // rcgen makes an IP address SAN of a name that parses as an IP address.
        let mut params = CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".into()])
            .expect("valid names");
        params
            .distinguished_name
            .push(DnType::CommonName, "parsec-server test");
        params.use_authority_key_identifier_extension = true;
        let key = KeyPair::generate().expect("server key");
        let cert = params.signed_by(&key, &issuer).expect("signed by the CA");

        let pki = Self { dir };
        let write = |name: &str, pem: String| {
            std::fs::write(pki.path(name), pem).unwrap_or_else(|e| panic!("write {name}: {e}"));
        };
        write("ca.pem", ca_cert.pem());
        write("server.pem", cert.pem());
        write("server.key", key.serialize_pem());
        // Another CA's certificate, for the "wrong CA" case.
        let other_key = KeyPair::generate().expect("other CA key");
        let mut other = CertificateParams::new(Vec::new()).expect("no names");
        other.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        write(
            "other-ca.pem",
            other.self_signed(&other_key).expect("other CA").pem(),
        );
        pki
    }

    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub(crate) fn ca(&self) -> PathBuf {
        self.path("ca.pem")
    }

    fn start_server(&self) -> OurServer {
        OurServer::builder(Db::Mocked)
            .tls(self.path("server.pem"), self.path("server.key"))
            .start()
    }
}

/// `cmd` trusting `ca` on top of the bundled roots.
fn trusting<'c>(cmd: &'c mut Command, ca: &Path) -> &'c mut Command {
    cmd.env("SSL_CAFILE", ca)
}

/// Fails unless `output` is the CLI refusing the server's certificate: exit code 10 and
/// one `error:` line naming the certificate problem. Returns that line.
fn assert_certificate_refused(output: &Output) -> String {
    let line = assert_cli_error(output);
    assert_eq!(
        output.status.code(),
        Some(10),
        "{line}\n{}",
        parsec_testkit::describe(output)
    );
    assert!(
        line.contains("certificate") && line.contains("UnknownIssuer"),
        "the error should say the certificate is not trusted: {line}"
    );
    line
}

#[test]
fn the_cli_trusts_a_private_ca_only_through_ssl_cafile() {
    let pki = Pki::new();
    let server = pki.start_server();
    assert!(server.is_tls(), "{}", server.log());
    let port = server.port();
    assert_eq!(server.addr(), format!("parsec3://127.0.0.1:{port}"));
    assert!(
        server
            .log()
            .contains(&format!("listening on https://127.0.0.1:{port}")),
        "{}",
        server.log()
    );
    let env = test_env();

    // organization create
    let refused = run(&mut env.create_organization_cmd(&server, "TlsOrg"));
    assert_certificate_refused(&refused);
    let out = run(trusting(
        &mut env.create_organization_cmd(&server, "TlsOrg"),
        &pki.ca(),
    ));
    let stdout = assert_success(&out);
    let url = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Organization bootstrap URL: "))
        .unwrap_or_else(|| panic!("bootstrap URL in:\n{stdout}"))
        .to_owned();
    // A server serving TLS itself hands out `https` URLs.
    assert!(
        url.starts_with(&format!("https://127.0.0.1:{port}/redirect/TlsOrg?"))
            && !url.contains("no_ssl"),
        "{url}"
    );

    // organization bootstrap
    let refused = run_with_stdin(
        &mut env.bootstrap_organization_cmd(&url, &ALICE),
        &ALICE.stdin(),
    );
    assert_certificate_refused(&refused);
    assert!(env.device_files().is_empty(), "no device after a failure");
    let out = run_with_stdin(
        trusting(&mut env.bootstrap_organization_cmd(&url, &ALICE), &pki.ca()),
        &ALICE.stdin(),
    );
    assert_success(&out);
    let list = parse_device_list(&assert_success(&run(&mut env.cli(["device", "list"]))));
    let [device] = list.devices.as_slice() else {
        panic!("one device: {list:?}");
    };
    assert_eq!(device.server, server.addr());

    // user list
    let refused = run_with_stdin(
        &mut env.cli(["user", "list", "--password-stdin"]),
        &ALICE.stdin(),
    );
    assert_certificate_refused(&refused);
    let out = run_with_stdin(
        trusting(
            &mut env.cli(["user", "list", "--password-stdin"]),
            &pki.ca(),
        ),
        &ALICE.stdin(),
    );
    let stdout = assert_success(&out);
    assert!(stdout.starts_with("Found 1 user(s):\n"), "{stdout}");
    assert!(
        stdout.contains(" - Alice <alice@example.com>: ADMIN"),
        "{stdout}"
    );
}

#[test]
fn another_ca_or_plain_http_is_refused() {
    let pki = Pki::new();
    let server = pki.start_server();
    let env = test_env();

    let out = run(trusting(
        &mut env.create_organization_cmd(&server, "WrongCa"),
        &pki.path("other-ca.pem"),
    ));
    assert_certificate_refused(&out);

    // `no_ssl=true` against an HTTPS port: the server drops the connection.
    let plain = format!("parsec3://127.0.0.1:{}?no_ssl=true", server.port());
    let out = run(&mut env.cli([
        "organization",
        "create",
        "PlainOrg",
        "--addr",
        &plain,
        "--token",
        server.admin_token(),
    ]));
    assert_cli_error(&out);
    assert_eq!(out.status.code(), Some(10), "{}", server.log());

    // An unreadable SSL_CAFILE, or one without a certificate, is bad input, before any
    // connection.
    for (file, why) in [
        ("missing.pem", "No such file"),
        ("server.key", "no certificate"),
    ] {
        let out = run(trusting(
            &mut env.create_organization_cmd(&server, "NoCaFile"),
            &pki.path(file),
        ));
        let line = assert_cli_error(&out);
        assert!(line.contains(file) && line.contains(why), "{line}");
        assert_eq!(out.status.code(), Some(3), "{line}");
    }
}

/// `parsec-server run` with `args` in `env` (no `PARSEC_*` from the caller), expected to
/// fail at startup: returns its one `error:` line.
fn server_start_error(env: &TestEnv, args: &[&Path], vars: &[(&str, &Path)]) -> String {
    let mut cmd = Command::new(bin_path("parsec-server"));
    env.apply_env(&mut cmd);
    cmd.args(["run", "--dev", "--db", "MOCKED", "--port", "0"])
        .args(args);
    for (name, value) in vars {
        cmd.env(name, value);
    }
    let out = run(&mut cmd);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        parsec_testkit::describe(&out)
    );
    assert_cli_error(&out)
}

#[test]
fn the_server_refuses_unusable_tls_files() {
    let pki = Pki::new();
    let env = test_env();
    let cert = pki.path("server.pem");
    let key = pki.path("server.key");
    let flag = |s: &'static str| Path::new(s);

    // One without the other, from the command line or the environment.
    let line = server_start_error(&env, &[flag("--ssl-certfile"), &cert], &[]);
    assert!(line.contains("--ssl-keyfile"), "{line}");
    let line = server_start_error(&env, &[], &[("PARSEC_SSL_KEYFILE", &key)]);
    assert!(line.contains("--ssl-certfile"), "{line}");

    // A missing file, a key that is not a key, a key of another certificate.
    let missing = pki.path("missing.pem");
    let line = server_start_error(
        &env,
        &[
            flag("--ssl-certfile"),
            &missing,
            flag("--ssl-keyfile"),
            &key,
        ],
        &[],
    );
    assert!(line.contains("missing.pem"), "{line}");
    let line = server_start_error(
        &env,
        &[flag("--ssl-certfile"), &cert, flag("--ssl-keyfile"), &cert],
        &[],
    );
    assert!(line.contains("private key"), "{line}");
    let other_key = pki.path("other.key");
    std::fs::write(
        &other_key,
        KeyPair::generate().expect("key").serialize_pem(),
    )
    .expect("write key");
    let line = server_start_error(
        &env,
        &[],
        &[
            ("PARSEC_SSL_CERTFILE", &cert),
            ("PARSEC_SSL_KEYFILE", &other_key),
        ],
    );
    assert!(line.contains("cannot use the certificate"), "{line}");
}
