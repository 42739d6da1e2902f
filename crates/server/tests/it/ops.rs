//! Operating the server: `GET /health`, `/metrics` on `--metrics-addr`, the graceful
//! shutdown on SIGTERM (held greeting steps answered, event streams closed, exit 0,
//! `--shutdown-timeout`) and `--log-format json`.

use crate::common::{org_name, TestOrg, TestServer, TOKEN};
use crate::greeting::{claimer_attempt, greeter_attempt, pk};
use crate::invite::new_user_token;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use parsec_protocol::cmds::authenticated::invite_greeter_step as gstep;
use parsec_protocol::invite::GreeterStep;
use parsec_protocol::DateTime;
use parsec_server::storage::sql::SqlStorage;
use parsec_server::{app, AppState, ServerConfig};
use parsec_testkit::{Db, OurServer};
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// Far above anything the tests wait for: reaching it is a failure.
const DEADLINE: Duration = Duration::from_secs(30);

async fn get_health(state: AppState) -> (StatusCode, serde_json::Value) {
    let res = app(state)
        .oneshot(
            Request::get("/health")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("infallible");
    let status = res.status();
    let body = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .expect("body");
    (status, serde_json::from_slice(&body).expect("JSON body"))
}

#[tokio::test]
async fn health_answers_from_the_database() {
    let memory = TestServer::new(crate::common::Backend::Memory).await;
    let (status, body) = get_health(memory.state.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");

    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqlStorage::open_sqlite(&dir.path().join("parsec.sqlite"))
        .await
        .expect("open");
    let state = AppState::new(Arc::new(store.clone()), ServerConfig::new(TOKEN));
    let (status, _) = get_health(state.clone()).await;
    assert_eq!(status, StatusCode::OK);
    // The database goes away: the balancer must stop sending requests here.
    store.close().await;
    let (status, body) = get_health(state.clone()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["status"], "unavailable");
    // So do the reads SQLite serves on the calling thread.
    let org: parsec_protocol::ids::OrganizationID = "Closed".parse().expect("valid");
    assert!(
        parsec_server::storage::Storage::get_organization(&store, &org)
            .await
            .is_err()
    );

    // Same while shutting down, database or not.
    let (status, body) = {
        memory.state.begin_shutdown();
        get_health(memory.state.clone()).await
    };
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["detail"], "shutting down");
}

/// Polls `check` every 20 ms until it holds, for at most [`DEADLINE`].
async fn until(what: &str, mut check: impl AsyncFnMut() -> bool) {
    let start = Instant::now();
    while !check().await {
        assert!(start.elapsed() < DEADLINE, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The `http://ADDR/metrics` URL the server logged.
async fn metrics_url(server: &OurServer) -> String {
    let mut url = None;
    until("the metrics address in the log", async || {
        url = server.log().lines().find_map(|l| {
            l.split("metrics served on ")
                .nth(1)
                .map(|rest| rest.split_whitespace().next().unwrap_or("").to_owned())
        });
        url.is_some()
    })
    .await;
    url.expect("found")
}

#[tokio::test]
async fn metrics_are_served_on_their_own_address_only() {
    let server = OurServer::builder(Db::Mocked)
        .arg("--metrics-addr")
        .arg("127.0.0.1:0")
        .start();
    let url = metrics_url(&server).await;
    let http = reqwest::Client::new();
    let health = http
        .get(format!("{}/health", server.http_url()))
        .send()
        .await
        .expect("health");
    assert_eq!(health.status(), 200);
    let missing = http
        .get(format!(
            "{}/administration/organizations/Nope",
            server.http_url()
        ))
        .bearer_auth(server.admin_token())
        .send()
        .await
        .expect("admin");
    assert_eq!(missing.status(), 404);
    // Not on the public address.
    let public = http
        .get(format!("{}/metrics", server.http_url()))
        .send()
        .await
        .expect("public /metrics");
    assert_eq!(public.status(), 404);

    let text = http
        .get(&url)
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    for line in [
        r#"parsec_http_requests_total{family="health",status="200"} 1"#,
        r#"parsec_http_requests_total{family="administration",status="404"} 1"#,
        r#"parsec_http_request_duration_seconds_count{family="administration"} 1"#,
        "parsec_held_greeting_steps 0",
        "parsec_open_event_streams 0",
        "parsec_auth_cache_hits_total 0",
        "parsec_auth_cache_entries 0",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
}

#[tokio::test]
async fn metrics_show_the_sqlite_pools() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = OurServer::builder(Db::Sqlite(dir.path().join("parsec.sqlite")))
        .arg("--metrics-addr")
        .arg("127.0.0.1:0")
        .start();
    let url = metrics_url(&server).await;
    let text = reqwest::get(&url)
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    for line in [
        r#"parsec_db_pool_max_connections{pool="writer"} 1"#,
        r#"parsec_db_pool_connections{pool="writer"} 1"#,
        r#"parsec_db_pool_connections{pool="reader"}"#,
        "parsec_db_commits_total 0",
        "parsec_db_committed_transactions_total 0",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
}

fn sigterm(server: &OurServer) {
    let status = std::process::Command::new("kill")
        .arg("-TERM")
        .arg(server.pid().to_string())
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -TERM failed");
}

/// An organization with a greeting attempt both sides joined, in a SQLite file the real
/// server then opens: Alice's step 0 is held until Bob sends his.
async fn organization_with_a_greeting(
    path: &std::path::Path,
) -> (
    String,
    crate::common::TestDevice,
    parsec_protocol::ids::GreetingAttemptID,
) {
    let server = TestServer::sqlite_at(path, |_| {}).await;
    let org = org_name("Stop");
    let token = server.create_org(&org).await;
    let alice = server.bootstrap(&org, Some(token)).await.device;
    let o = TestOrg { server, org, alice };
    let invitation = new_user_token(&o, &o.alice, "bob@example.com").await;
    let attempt = greeter_attempt(&o, &o.alice, invitation).await;
    claimer_attempt(&o, invitation, o.alice.user_id).await;
    let TestOrg { org, alice, .. } = o;
    (org, alice, attempt)
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_answers_held_steps_closes_streams_and_exits_0() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("parsec.sqlite");
    let (org, alice, attempt) = organization_with_a_greeting(&path).await;
    let mut server = OurServer::builder(Db::Sqlite(path))
        .arg("--metrics-addr")
        .arg("127.0.0.1:0")
        // Far above the deadline below: only the graceful path can exit in time.
        .arg("--shutdown-timeout")
        .arg("120")
        .start();
    let metrics = metrics_url(&server).await;
    let http = reqwest::Client::new();

    // An event stream, open once its first event arrived.
    let mut stream = http
        .get(format!("{}/authenticated/{org}/events", server.http_url()))
        .header("api-version", "5.5")
        .header("accept", "text/event-stream")
        .header(
            header::AUTHORIZATION.as_str(),
            alice.auth_header(DateTime::now()),
        )
        .send()
        .await
        .expect("events");
    assert_eq!(stream.status(), 200);
    let first = stream.chunk().await.expect("first event").expect("a chunk");
    assert!(!first.is_empty());
    let stream_ended = tokio::spawn(async move {
        while let Some(_chunk) = stream.chunk().await? {}
        reqwest::Result::Ok(())
    });

    // Alice's step 0, held: Bob has not sent his.
    let req = gstep::Req {
        greeting_attempt: attempt,
        greeter_step: GreeterStep::Number0WaitPeer { public_key: pk(1) },
    };
    let step = http
        .post(format!("{}/authenticated/{org}", server.http_url()))
        .header("api-version", "5.5")
        .header("content-type", "application/msgpack")
        .header(
            header::AUTHORIZATION.as_str(),
            alice.auth_header(DateTime::now()),
        )
        .body(req.dump())
        .send();
    let step = tokio::spawn(async move {
        let rep = step.await?;
        let status = rep.status();
        let body = rep.bytes().await?;
        reqwest::Result::Ok((status, body, Instant::now()))
    });
    until("the held step and the open stream", async || {
        let Ok(rep) = http.get(&metrics).send().await else {
            return false;
        };
        let text = rep.text().await.unwrap_or_default();
        text.contains("parsec_held_greeting_steps 1")
            && text.contains("parsec_open_event_streams 1")
    })
    .await;

    sigterm(&server);
    let signalled = Instant::now();
    let (status, body, answered) = tokio::time::timeout(DEADLINE, step)
        .await
        .expect("the held step is answered")
        .expect("task")
        .expect("an answer, not a cut connection");
    assert_eq!(status, 200);
    assert_eq!(
        gstep::Rep::load(&body).expect("decodable reply"),
        gstep::Rep::NotReady
    );
    // The hold is 5 s: an answer this early came from the shutdown.
    assert!(
        answered.duration_since(signalled) < Duration::from_secs(3),
        "the held step was answered {:?} after SIGTERM",
        answered.duration_since(signalled)
    );
    tokio::time::timeout(DEADLINE, stream_ended)
        .await
        .expect("the event stream is closed")
        .expect("task")
        .expect("a clean end of the stream");
    let exit = tokio::task::spawn_blocking(move || {
        let exit = server.wait_exit(DEADLINE);
        (exit, server)
    })
    .await
    .expect("task");
    let (exit, server) = exit;
    let exit = exit.unwrap_or_else(|| panic!("still running:\n{}", server.log()));
    assert!(exit.success(), "{exit}:\n{}", server.log());
    assert!(server.log().contains("shutting down"));
}

#[test]
fn shutdown_timeout_bounds_the_wait_for_running_requests() {
    let mut server = OurServer::builder(Db::Mocked)
        .arg("--shutdown-timeout")
        .arg("1")
        .start();
    // A request whose body never ends: without the timeout, the server would wait for
    // --body-read-timeout (30 s).
    let mut tcp = std::net::TcpStream::connect(("127.0.0.1", server.port())).expect("connect");
    write!(
        tcp,
        "POST /administration/organizations HTTP/1.1\r\nhost: x\r\n\
         authorization: Bearer {}\r\ncontent-type: application/json\r\n\
         content-length: 100\r\n\r\n{{",
        server.admin_token()
    )
    .expect("write");
    tcp.flush().expect("flush");
    // The request is running once the server has read its headers; nothing tells the
    // client, so give it a moment of the server's own time budget.
    std::thread::sleep(Duration::from_millis(300));
    sigterm(&server);
    let signalled = Instant::now();
    let exit = server
        .wait_exit(Duration::from_secs(20))
        .unwrap_or_else(|| panic!("still running:\n{}", server.log()));
    assert!(exit.success(), "{exit}");
    assert!(
        signalled.elapsed() < Duration::from_secs(15),
        "exited after {:?}",
        signalled.elapsed()
    );
    assert!(
        server.log().contains("--shutdown-timeout"),
        "{}",
        server.log()
    );
}

#[tokio::test]
async fn json_logs_are_one_object_per_line() {
    let server = OurServer::builder(Db::Mocked)
        .arg("--log-format")
        .arg("json")
        .start();
    let rep = reqwest::get(format!("{}/health", server.http_url()))
        .await
        .expect("health");
    assert_eq!(rep.status(), 200);
    let mut found = None;
    until("the request's log line", async || {
        found = server.log().lines().find_map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).ok()?;
            (v["path"] == "/health").then_some(v)
        });
        found.is_some()
    })
    .await;
    let line = found.expect("found");
    assert_eq!(line["status"], 200);
    assert_eq!(line["method"], "GET");
    assert_eq!(line["level"], "INFO");
    assert!(line["timestamp"].is_string());
    assert!(line["ms"].is_number());
    assert_eq!(line["client"], "127.0.0.1");
    // Every line is JSON but the harness's `listening on` contract line (stderr) and
    // nothing else; no "not supported" warning any more.
    for line in server.log().lines() {
        if line.starts_with("parsec-server listening on") {
            continue;
        }
        assert!(
            serde_json::from_str::<serde_json::Value>(line).is_ok(),
            "not JSON: {line}"
        );
    }
    assert!(!server.log().contains("not supported"));
}
