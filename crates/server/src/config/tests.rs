//! Unit tests of the `run` command line.

use super::*;

fn run_args(args: &[&str]) -> RunArgs {
    let mut argv = vec!["parsec-server", "run"];
    argv.extend_from_slice(args);
    match Cli::try_parse_from(argv).expect("valid arguments").command {
        Command::Run(a) => *a,
        other => panic!("not `run`: {other:?}"),
    }
}

#[test]
fn tos_parsing() {
    assert_eq!(
        parse_tos(r"en_US:https://example.com/tos_en,fr_FR:https://example.com/a\,b")
            .expect("valid"),
        vec![
            ("en_US".to_owned(), "https://example.com/tos_en".to_owned()),
            ("fr_FR".to_owned(), "https://example.com/a,b".to_owned()),
        ]
    );
    assert!(parse_tos("nourl").is_err());
}

#[test]
fn defaults_and_dev() {
    let s = run_args(&["--administration-token", "t"])
        .resolve(|| Some(PathBuf::from("/data/parsec.sqlite")))
        .expect("valid");
    assert_eq!(s.db, DbConfig::Sqlite(PathBuf::from("/data/parsec.sqlite")));
    assert_eq!(s.port, 6777);
    assert!(!s.debug);
    assert!(run_args(&[]).resolve(|| None).is_err());
    let dev = run_args(&["--dev", "--port", "0"])
        .resolve(|| Some(PathBuf::from("/data/parsec.sqlite")))
        .expect("valid");
    assert_eq!(
        dev.db,
        DbConfig::Sqlite(PathBuf::from("/data/parsec.sqlite"))
    );
    assert_eq!(dev.administration_token, DEV_ADMINISTRATION_TOKEN);
    assert!(dev.debug);
    for host in ["0.0.0.0", "::", "192.0.2.1", "example.com"] {
        let public = run_args(&["--dev", "--host", host])
            .resolve(|| Some(PathBuf::from("/data/parsec.sqlite")))
            .expect("valid");
        assert_ne!(
            public.administration_token, DEV_ADMINISTRATION_TOKEN,
            "{host}"
        );
        assert_eq!(public.administration_token.len(), 64);
        assert!(public.warnings.iter().any(|w| w.contains("random")));
    }
    for host in ["localhost", "127.0.0.2", "::1", "[::1]"] {
        assert!(is_loopback(host), "{host}");
    }
}

#[test]
fn tls_files_go_together() {
    let s = run_args(&[
        "--dev",
        "--ssl-certfile",
        "/c.pem",
        "--ssl-keyfile",
        "/k.pem",
        "--ssl-ciphers",
        "TLSv1",
    ])
    .resolve(|| Some(PathBuf::from("/data/parsec.sqlite")))
    .expect("valid");
    assert_eq!(
        s.tls,
        Some(TlsFiles {
            certfile: "/c.pem".into(),
            keyfile: "/k.pem".into()
        })
    );
    assert!(
        s.warnings.iter().any(|w| w.contains("--ssl-ciphers")),
        "{:?}",
        s.warnings
    );
    for args in [
        ["--dev", "--ssl-certfile", "/c.pem"],
        ["--dev", "--ssl-keyfile", "/k.pem"],
    ] {
        assert!(matches!(
            run_args(&args).resolve(|| None),
            Err(ConfigError::IncompleteTls)
        ));
    }
    let plain = run_args(&["--dev"])
        .resolve(|| Some(PathBuf::from("/data/parsec.sqlite")))
        .expect("valid");
    assert_eq!(plain.tls, None);
}

#[test]
fn db_forms() {
    let db = |raw: &str| {
        run_args(&["--dev", "--db", raw])
            .resolve(|| None)
            .map(|s| s.db)
    };
    assert_eq!(db("MOCKED").ok(), Some(DbConfig::Memory));
    assert_eq!(
        db("sqlite:/tmp/x.db").ok(),
        Some(DbConfig::Sqlite("/tmp/x.db".into()))
    );
    assert_eq!(
        db("sqlite:///tmp/x.db").ok(),
        Some(DbConfig::Sqlite("/tmp/x.db".into()))
    );
    assert!(matches!(
        db("postgresql://u@h/db"),
        Ok(DbConfig::Postgres { .. })
    ));
    assert!(db("mysql://x").is_err());
}

#[test]
fn event_limits() {
    let data = || Some(PathBuf::from("/data/parsec.sqlite"));
    let defaults = run_args(&["--dev"]).resolve(data).expect("valid");
    assert_eq!(defaults.event_limits, EventLimits::default());
    let s = run_args(&[
        "--dev",
        "--events-cache-size",
        "10",
        "--events-coalesce-window",
        "0",
        "--events-publish-rate",
        "0",
        "--greeting-max-held-steps",
        "1",
        "--greeting-max-attempts",
        "7",
        "--greeting-attempt-retention",
        "60",
    ])
    .resolve(data)
    .expect("valid");
    let l = s.event_limits;
    assert_eq!(l.events_cache_size, 10);
    assert!(l.events_coalesce_window.is_zero());
    assert_eq!(l.events_publish_rate, 0.0);
    assert_eq!(l.greeting_max_held_steps, 1);
    assert_eq!(l.greeting_max_attempts, 7);
    assert_eq!(l.greeting_attempt_retention, Duration::from_secs(60));
    for bad in [
        ["--events-cache-size", "0"],
        ["--greeting-max-held-steps", "0"],
        ["--greeting-max-attempts", "0"],
    ] {
        let mut argv = vec!["parsec-server", "run", "--dev"];
        argv.extend_from_slice(&bad);
        assert!(Cli::try_parse_from(argv).is_err(), "{bad:?}");
    }
}

#[test]
fn proxy_trusted_addresses() {
    let ip = |s: &str| s.parse::<std::net::IpAddr>().expect("IP address");
    let s = run_args(&[
        "--administration-token",
        "t",
        "--proxy-trusted-addresses",
        "10.0.0.1, 192.168.0.0/16",
    ])
    .resolve(|| Some(PathBuf::from("/data/parsec.sqlite")))
    .expect("valid");
    assert!(s.trusted_proxies.trusts(ip("192.168.3.4")));
    assert!(!s.trusted_proxies.trusts(ip("127.0.0.1")));
    // No longer among the ignored options.
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);

    let mut warnings = Vec::new();
    // The option first, then `FORWARDED_ALLOW_IPS`, then 127.0.0.1.
    let from = |option, env, warnings: &mut Vec<String>| {
        trusted_proxies(option, env, warnings).expect("valid")
    };
    assert!(from(Some("*"), Some("10.0.0.1"), &mut warnings).trusts_all());
    assert!(from(None, Some("*"), &mut warnings).trusts_all());
    let default = from(None, None, &mut warnings);
    assert!(default.trusts(ip("127.0.0.1")) && !default.trusts(ip("10.0.0.1")));
    assert!(warnings.is_empty());
    // Literals are accepted, with a warning.
    from(
        Some("127.0.0.1, unix:/run/parsec.sock"),
        None,
        &mut warnings,
    );
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].contains("`unix:/run/parsec.sock`"));

    let err = |option, env| {
        trusted_proxies(option, env, &mut Vec::new())
            .expect_err("invalid")
            .to_string()
    };
    assert_eq!(
        err(Some("10.0.0.1, 10.0.0.300"), None),
        "invalid --proxy-trusted-addresses: `10.0.0.300` is not a valid IP address"
    );
    assert_eq!(
        err(None, Some("10.0.0.1/8")),
        "invalid FORWARDED_ALLOW_IPS: `10.0.0.1/8` is not a valid IP network \
         (bits set after the prefix)"
    );
    let bad = run_args(&[
        "--administration-token",
        "t",
        "--proxy-trusted-addresses",
        "1.2.3",
    ])
    .resolve(|| Some(PathBuf::from("/data/parsec.sqlite")));
    assert!(matches!(
        bad,
        Err(ConfigError::InvalidTrustedProxies(
            "--proxy-trusted-addresses",
            _
        ))
    ));
}
