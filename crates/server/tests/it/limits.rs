//! The `Limits` flags on real sockets: header, body, keep-alive timeouts, the connection
//! caps, the administration-token throttle, and `--dev` on a public host. Each test sets
//! its limit small and would wait forever (or see the wrong answer) without it.

use axum::body::{Body, Bytes};
use axum::routing;
use axum::Router;
use parsec_server::config::Limits;
use parsec_testkit::{Db, OurServer};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Far above every limit the tests set: reaching it means the limit did not apply.
const DEADLINE: Duration = Duration::from_secs(30);

fn start(args: &[&str]) -> OurServer {
    args.iter()
        .fold(OurServer::builder(Db::Mocked), |b, a| b.arg(a))
        .start()
}

/// Files (sockets included) the server process holds open.
fn open_fds(server: &OurServer) -> usize {
    std::fs::read_dir(format!("/proc/{}/fd", server.pid()))
        .map(Iterator::count)
        .unwrap_or_else(|e| panic!("cannot list the server's files: {e}"))
}

/// Polls `ready` every 20 ms until it holds, or panics after [`DEADLINE`].
fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < DEADLINE,
            "still not {what} after {DEADLINE:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn connect(server: &OurServer) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", server.port())).expect("connect");
    stream
        .set_read_timeout(Some(DEADLINE))
        .expect("read timeout");
    stream
}

/// Sends `raw` on a new connection and reads until the server closes it; a refused or
/// reset connection reads as what arrived before (often nothing).
fn exchange(server: &OurServer, raw: &str) -> String {
    let mut stream = connect(server);
    let _ = stream.write_all(raw.as_bytes());
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

fn get_request(path: &str, token: Option<&str>) -> String {
    let auth = token.map_or_else(String::new, |t| format!("Authorization: Bearer {t}\r\n"));
    format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Connection: close\r\n\r\n")
}

/// Whether the peer closed `stream` (end of file or reset) within [`DEADLINE`].
fn closed_by_server(stream: &mut TcpStream) -> bool {
    let mut buf = [0u8; 64];
    match stream.read(&mut buf) {
        Ok(0) => true,
        Ok(_) => closed_by_server(stream),
        Err(e) => !matches!(
            e.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ),
    }
}

#[test]
fn partial_headers_are_closed_after_the_header_read_timeout() {
    let server = start(&[
        "--header-read-timeout",
        "2",
        "--max-connections",
        "0",
        "--max-connections-per-ip",
        "0",
    ]);
    let before = open_fds(&server);
    let mut sockets: Vec<TcpStream> = (0..200)
        .map(|_| {
            let mut s = connect(&server);
            s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                .expect("partial headers");
            s
        })
        .collect();
    // A normal request is still served meanwhile.
    assert!(exchange(&server, &get_request("/nowhere", None)).starts_with("HTTP/1.1 404"));
    for (i, s) in sockets.iter_mut().enumerate() {
        assert!(
            closed_by_server(s),
            "socket {i} still open after {DEADLINE:?}"
        );
    }
    wait_until("back to the files held before", || {
        open_fds(&server) <= before + 2
    });
}

/// `flags` cap connections at 5: the sixth is refused, and a connection is accepted again
/// once one of the five is gone.
fn sixth_connection_is_refused(flags: &[&str], warning: &str) {
    let mut args = vec!["--header-read-timeout", "60"];
    args.extend_from_slice(flags);
    let server = start(&args);
    let before = open_fds(&server);
    let mut held: Vec<TcpStream> = (0..5).map(|_| connect(&server)).collect();
    wait_until("holding 5 connections", || open_fds(&server) >= before + 5);
    let refused = exchange(&server, &get_request("/nowhere", None));
    assert!(
        refused.is_empty() || refused.starts_with("HTTP/1.1 503"),
        "{refused}"
    );
    wait_until("warning about the cap", || server.log().contains(warning));
    held.pop();
    wait_until("one connection fewer", || open_fds(&server) <= before + 4);
    assert!(exchange(&server, &get_request("/nowhere", None)).starts_with("HTTP/1.1 404"));
}

#[test]
fn per_ip_cap() {
    sixth_connection_is_refused(
        &["--max-connections-per-ip", "5", "--max-connections", "1000"],
        "--max-connections-per-ip (5) reached",
    );
}

#[test]
fn global_cap() {
    sixth_connection_is_refused(
        &["--max-connections", "5", "--max-connections-per-ip", "0"],
        "--max-connections (5) reached",
    );
}

#[test]
fn a_slow_body_is_answered_408() {
    let server = start(&["--body-read-timeout", "1"]);
    let answer = exchange(
        &server,
        "POST /anonymous/Org HTTP/1.1\r\nHost: 127.0.0.1\r\n\
         Content-Type: application/msgpack\r\nApi-Version: 5.5\r\n\
         Content-Length: 1000\r\n\r\n0123456789",
    );
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.to_ascii_lowercase().contains("connection: close"));
}

fn status(answer: &str) -> u16 {
    answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {answer:?}"))
}

#[test]
fn wrong_administration_tokens_are_throttled() {
    let server = start(&["--admin-max-failures", "3", "--admin-failure-window", "2"]);
    let token = server.admin_token().to_owned();
    for _ in 0..3 {
        assert_eq!(
            status(&exchange(
                &server,
                &get_request("/administration/stats", Some("wrong"))
            )),
            403
        );
    }
    let throttled = exchange(
        &server,
        &get_request("/administration/stats", Some("wrong")),
    );
    assert_eq!(status(&throttled), 429, "{throttled}");
    assert!(throttled.to_ascii_lowercase().contains("retry-after: "));
    // Not even compared while throttled.
    assert_eq!(
        status(&exchange(
            &server,
            &get_request("/administration/stats", Some(&token))
        )),
        429
    );
    assert!(server
        .log()
        .contains("wrong administration token from 127.0.0.1"));
    wait_until("the right token accepted after the window", || {
        status(&exchange(
            &server,
            &get_request("/administration/stats", Some(&token)),
        )) == 200
    });
}

#[test]
fn a_flood_of_throttled_requests_is_logged_in_a_few_lines() {
    let server = start(&["--admin-max-failures", "1", "--admin-failure-window", "60"]);
    let wrong = get_request("/administration/stats", Some("wrong"));
    assert_eq!(status(&exchange(&server, &wrong)), 403);
    for _ in 0..300 {
        assert_eq!(status(&exchange(&server, &wrong)), 429);
    }
    // A normal request after the flood is logged as usual, so the log is complete up to it.
    exchange(&server, &get_request("/flood-end", None));
    wait_until("the last request logged", || {
        server.log().contains("/flood-end")
    });
    let log = server.log();
    let lines = log
        .lines()
        .filter(|l| l.contains("/administration/stats") && l.contains("status=429"))
        .count();
    // One line per 10 s at most: the flood took far less than 10 s, the first line stands
    // for the first refusal and the later ones are only counted.
    assert_eq!(lines, 1, "{log}");
    assert!(
        log.contains("1 answered 429 since the last such line"),
        "{log}"
    );
}

/// A request of `token` on the administration API, as a proxy forwarding `forwarded_for`.
fn admin_via(server: &OurServer, token: &str, forwarded_for: &str) -> u16 {
    status(&exchange(
        server,
        &format!(
            "GET /administration/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n\
             Authorization: Bearer {token}\r\nX-Forwarded-For: {forwarded_for}\r\n\
             Connection: close\r\n\r\n"
        ),
    ))
}

/// The scheme of the bootstrap URL made for an organization created with
/// `X-Forwarded-Proto: https`.
fn bootstrap_scheme_with_forwarded_https(server: &OurServer, org: &str) -> String {
    let body = format!(r#"{{"organization_id":"{org}"}}"#);
    let answer = exchange(
        server,
        &format!(
            "POST /administration/organizations HTTP/1.1\r\nHost: parsec.example.com:6770\r\n\
             Authorization: Bearer {}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nX-Forwarded-For: 192.0.2.50\r\n\
             X-Forwarded-Proto: https\r\nConnection: close\r\n\r\n{body}",
            server.admin_token(),
            body.len()
        ),
    );
    assert_eq!(status(&answer), 200, "{answer}");
    let key = r#""bootstrap_url_as_http_redirection":""#;
    let url = answer
        .split(key)
        .nth(1)
        .unwrap_or_else(|| panic!("no redirection URL: {answer}"));
    url.split("://").next().unwrap_or_default().to_owned()
}

/// Behind trusted proxies (here from `FORWARDED_ALLOW_IPS`: the test connects from
/// 127.0.0.1, as a local proxy would), wrong administration tokens count per forwarded
/// client: one is locked out, another is not.
#[test]
fn proxied_clients_are_throttled_apart() {
    let server = OurServer::builder(Db::Mocked)
        .arg("--admin-max-failures")
        .arg("2")
        .arg("--admin-failure-window")
        .arg("600")
        .env("FORWARDED_ALLOW_IPS", "127.0.0.0/8, 10.0.0.0/8")
        .start();
    let token = server.admin_token().to_owned();
    // The client, then an inner proxy (trusted, skipped); whatever the client wrote on
    // the left is not believed.
    let first = "198.51.100.99, 203.0.113.1, 10.0.0.7";
    assert_eq!(admin_via(&server, "wrong", first), 403);
    assert_eq!(admin_via(&server, "wrong", first), 403);
    assert_eq!(admin_via(&server, "wrong", first), 429);
    assert_eq!(admin_via(&server, &token, "203.0.113.1"), 429);
    // Another client is not locked out by the first one's failures.
    assert_eq!(admin_via(&server, "wrong", "203.0.113.2"), 403);
    assert_eq!(admin_via(&server, &token, "203.0.113.2"), 200);
    assert!(
        server
            .log()
            .contains("wrong administration token from 203.0.113.1 (via 127.0.0.1)"),
        "{}",
        server.log()
    );
    assert_eq!(
        bootstrap_scheme_with_forwarded_https(&server, "ProxiedOrg"),
        "https"
    );
}

/// From a peer that is not a trusted proxy, `X-Forwarded-For` and `X-Forwarded-Proto` are
/// ignored: changing the header does not dodge the lock-out.
#[test]
fn proxy_headers_of_untrusted_peers_are_ignored() {
    let server = start(&[
        "--proxy-trusted-addresses",
        "10.0.0.1",
        "--admin-max-failures",
        "2",
        "--admin-failure-window",
        "600",
    ]);
    let token = server.admin_token().to_owned();
    assert_eq!(
        bootstrap_scheme_with_forwarded_https(&server, "DirectOrg"),
        "http"
    );
    assert_eq!(admin_via(&server, "wrong", "203.0.113.1"), 403);
    assert_eq!(admin_via(&server, "wrong", "203.0.113.2"), 403);
    assert_eq!(admin_via(&server, "wrong", "203.0.113.3"), 429);
    assert_eq!(admin_via(&server, &token, "203.0.113.4"), 429);
    let log = server.log();
    assert!(
        log.contains("wrong administration token from 127.0.0.1 ("),
        "{log}"
    );
    assert!(
        !log.contains("--proxy-trusted-addresses is not supported"),
        "{log}"
    );
}

/// Kills the child when dropped.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn dev_on_a_public_host_does_not_use_the_fixed_token() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut cmd = Command::new(parsec_testkit::bin_path("parsec-server"));
    cmd.args([
        "run", "--dev", "--host", "0.0.0.0", "--port", "0", "--db", "MOCKED",
    ])
    .env("HOME", home.path())
    .env("NO_COLOR", "1")
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    for (name, _) in std::env::vars_os() {
        if name.to_str().is_some_and(|n| n.starts_with("PARSEC_")) {
            cmd.env_remove(name);
        }
    }
    let mut child = Killed(cmd.spawn().expect("start parsec-server"));
    let (tx, rx) = mpsc::channel::<String>();
    for pipe in [
        child
            .0
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
        child
            .0
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    ]
    .into_iter()
    .flatten()
    {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
    }
    let (mut port, mut token, mut warned) = (None, None, false);
    while port.is_none() || token.is_none() || !warned {
        let line = rx
            .recv_timeout(DEADLINE)
            .expect("the listening line, the export line and a warning");
        if let Some(rest) = line.split("listening on http://").nth(1) {
            port = rest
                .rsplit(':')
                .next()
                .and_then(|p| p.trim().parse::<u16>().ok());
        }
        if let Some(rest) = line.strip_prefix("export PARSEC_ADMINISTRATION_TOKEN='") {
            token = Some(rest.trim_end_matches('\'').to_owned());
        }
        warned |= line.contains("random one was generated");
    }
    let (port, token) = (port.expect("port"), token.expect("token"));
    assert_ne!(token, "s3cr3t");
    assert_eq!(token.len(), 64, "{token}");
    let ask = |token: &str| {
        let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        s.set_read_timeout(Some(DEADLINE)).expect("timeout");
        s.write_all(get_request("/administration/stats", Some(token)).as_bytes())
            .expect("write");
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
        status(&answer)
    };
    assert_eq!(ask("s3cr3t"), 403);
    assert_eq!(ask(&token), 200);
}

/// Serves `router` in this process with `limits`; returns its address.
async fn serve_in_process(router: Router, limits: Limits) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(parsec_server::serve::serve(
        listener,
        None,
        router,
        limits,
        Default::default(),
        std::future::pending(),
    ));
    addr
}

/// A held request (like a greeting step) and a slow stream (like the event stream) both
/// outlast the header and keep-alive timeouts: those only run between requests.
#[tokio::test]
async fn answers_in_progress_are_not_cut() {
    let tick = Duration::from_millis(250);
    let router = Router::new()
        .route(
            "/hold",
            routing::get(move || async move {
                tokio::time::sleep(tick * 6).await;
                "held"
            }),
        )
        .route(
            "/stream",
            routing::get(move || async move {
                let chunks = futures_util::stream::unfold(0, move |i| async move {
                    (i < 6).then_some(())?;
                    tokio::time::sleep(tick).await;
                    Some((
                        Ok::<_, std::io::Error>(Bytes::from(format!("chunk{i};"))),
                        i + 1,
                    ))
                });
                Body::from_stream(chunks)
            }),
        );
    let limits = Limits {
        header_read_timeout: Some(tick),
        keep_alive_timeout: Some(tick),
        ..Limits::default()
    };
    let addr = serve_in_process(router, limits).await;
    for (path, expected) in [("/hold", "held"), ("/stream", "chunk5;")] {
        let answer = tokio::task::spawn_blocking(move || {
            let mut s = TcpStream::connect(addr).expect("connect");
            s.set_read_timeout(Some(DEADLINE)).expect("timeout");
            s.write_all(get_request(path, None).as_bytes())
                .expect("write");
            let mut answer = String::new();
            let _ = s.read_to_string(&mut answer);
            answer
        })
        .await
        .expect("client thread");
        assert!(answer.starts_with("HTTP/1.1 200"), "{path}: {answer}");
        assert!(answer.contains(expected), "{path}: {answer}");
    }
}

/// `--keep-alive-timeout`: an idle connection is closed, well before the header timeout
/// would have closed it.
#[tokio::test]
async fn idle_connections_are_closed_after_the_keep_alive_timeout() {
    let router = Router::new().route("/", routing::get(|| async { "hello" }));
    let limits = Limits {
        header_read_timeout: Some(Duration::from_secs(3600)),
        keep_alive_timeout: Some(Duration::from_millis(300)),
        ..Limits::default()
    };
    let addr = serve_in_process(router, limits).await;
    let (first, closed) = tokio::task::spawn_blocking(move || {
        let mut s = TcpStream::connect(addr).expect("connect");
        s.set_read_timeout(Some(DEADLINE)).expect("timeout");
        s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .expect("write");
        let mut first = String::new();
        let mut buf = [0u8; 1024];
        while !first.ends_with("hello") {
            let n = s.read(&mut buf).expect("answer");
            assert!(n > 0, "closed before the answer: {first}");
            first.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
        (first, closed_by_server(&mut s))
    })
    .await
    .expect("client thread");
    assert!(first.starts_with("HTTP/1.1 200"), "{first}");
    assert!(first.ends_with("hello"), "{first}");
    assert!(closed, "the idle connection was kept past {DEADLINE:?}");
}

/// Starts the server through `sh`, with the open-files limits set by `ulimit` first.
fn start_with_ulimit(soft: u32, hard: u32, args: &[&str]) -> (OurServer, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("create a temporary directory");
    let wrapper = dir.path().join("server-with-ulimit");
    let real = parsec_testkit::bin_path("parsec-server");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nulimit -S -n {soft} && ulimit -H -n {hard} && exec '{}' \"$@\"\n",
            real.display()
        ),
    )
    .expect("write the wrapper");
    let mut perms = std::fs::metadata(&wrapper).expect("stat").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&wrapper, perms).expect("chmod the wrapper");
    let server = args
        .iter()
        .fold(OurServer::builder(Db::Mocked).bin(&wrapper), |b, a| {
            b.arg(a)
        })
        .start();
    (server, dir)
}

/// The soft limit of open files of a running process, from `/proc/PID/limits`.
fn soft_open_files_limit(pid: u32) -> u64 {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).expect("read limits");
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .expect("a `Max open files` line");
    line.split_whitespace()
        .nth(3)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("cannot parse {line:?}"))
}

#[test]
fn open_files_limit_is_raised_to_fit_max_connections() {
    // Soft 256, hard 4096: 1000 connections need more than 256 files, the hard limit allows it.
    let (server, _dir) = start_with_ulimit(256, 4096, &["--max-connections", "1000"]);
    let soft = soft_open_files_limit(server.pid());
    assert!(
        (1064..=4096).contains(&soft),
        "soft limit {soft} not raised to fit 1000 connections"
    );
    assert!(
        !server.log().contains("open-files limit"),
        "{}",
        server.log()
    );
}

#[test]
fn an_open_files_limit_below_max_connections_is_reported() {
    let (server, _dir) = start_with_ulimit(200, 300, &["--max-connections", "1000"]);
    assert_eq!(soft_open_files_limit(server.pid()), 300);
    let log = server.log();
    assert!(
        log.contains("the open-files limit is 300, below the 10")
            && log.contains("--max-connections"),
        "{log}"
    );
}
