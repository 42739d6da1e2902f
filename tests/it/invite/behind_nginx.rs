//! The README's deployment of two server instances on one PostgreSQL database behind
//! nginx, run with the repository's own nginx files (`docs/nginx/`, TLS left out): the
//! organization is created and bootstrapped, a user greeted and claimed, with our CLI
//! through the proxy only, whose round-robin sends the steps to both instances; an event
//! stream opened through the proxy gets the events published on either instance, and a
//! stream reopened with `Last-Event-ID` replays them; 210 streams open at once, more than
//! the default `--max-connections-per-ip` would let the proxy's address have.
//!
//! Needs `PARSEC_TEST_POSTGRES_URL` (skipped otherwise, with a fresh database dropped at
//! the end) and nginx (`apt-get install nginx-light`; skipped when missing, except under
//! CI, where `.ci/run` installs it).

use super::two_instances::{claim_json, json, FreshDatabase};
use super::{cli_as, greet_cmd, invite, Polling, CAROL};
use crate::block_on;
use crate::invite::json_driver::greet_and_claim;
use crate::test_env;
use parsec_client::connection::{AuthenticatedCmds, Transport};
use parsec_client::device_store;
use parsec_protocol::addr::ServerAddr;
use parsec_protocol::cmds::authenticated::invite_new_user;
use parsec_protocol::device_file::LocalDevice;
use parsec_protocol::ids::AccessToken;
use parsec_testkit::{
    assert_success, free_port, nginx_bin, nginx_check, Db, Nginx, OurServer, ALICE,
};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long an event may take to come through the proxy.
const EVENT_TIMEOUT: Duration = Duration::from_secs(20);

/// Event streams open at once through the proxy: more than the default
/// `--max-connections-per-ip` of both instances together.
const STREAMS: usize = 2 * 100 + 10;

/// The nginx files of the README.
fn nginx_docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/nginx")
}

/// The nginx binary; `None` (after saying why) when it is missing outside CI.
fn nginx_or_skip() -> Option<PathBuf> {
    let bin = nginx_bin();
    if bin.is_none() {
        let why = "nginx not found (Debian: apt-get install nginx-light; .ci/run installs it)";
        let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
        assert!(!ci, "{why}");
        #[allow(clippy::print_stderr, reason = "explains a skipped test")]
        {
            eprintln!("skipped: {why}");
        }
    }
    bin
}

/// An event of a stream: its `id:` and the `event` and `token` fields of its data.
#[derive(Debug)]
struct Event {
    id: Option<String>,
    name: String,
    token: Option<AccessToken>,
}

#[derive(serde::Deserialize)]
struct EventData {
    event: String,
    token: Option<AccessToken>,
}

/// `GET /authenticated/<org>/events` read frame by frame (the client library's stream
/// gives event names only; this test needs IDs and tokens).
struct EventStream {
    rep: reqwest::Response,
    buf: Vec<u8>,
}

impl EventStream {
    async fn open(
        transport: &Transport,
        server: &ServerAddr,
        device: &LocalDevice,
        last_event_id: Option<&str>,
    ) -> Self {
        let url = format!(
            "{}/events",
            server.endpoint("authenticated", &device.organization_id)
        );
        let auth = parsec_protocol::auth::authenticated_header(
            device.device_id,
            &device.signing_key,
            parsec_protocol::DateTime::now().as_secs(),
        );
        let mut req = transport
            .http()
            .get(&url)
            .header(
                "Api-Version",
                parsec_protocol::cmds::API_VERSION.to_string(),
            )
            .header("Accept", "text/event-stream")
            .header("Authorization", auth);
        if let Some(id) = last_event_id {
            req = req.header("Last-Event-ID", id);
        }
        let rep = req.send().await.expect("event stream request");
        assert_eq!(rep.status(), 200, "event stream through {url}");
        Self {
            rep,
            buf: Vec::new(),
        }
    }

    /// The next event with data (keepalives skipped); panics after [`EVENT_TIMEOUT`] or
    /// at the end of the stream.
    async fn next(&mut self) -> Event {
        tokio::time::timeout(EVENT_TIMEOUT, self.next_unbounded())
            .await
            .unwrap_or_else(|_| panic!("no event within {EVENT_TIMEOUT:?}"))
    }

    async fn next_unbounded(&mut self) -> Event {
        loop {
            if let Some(end) = self.buf.windows(2).position(|w| w == b"\n\n") {
                let frame: Vec<u8> = self.buf.drain(..end + 2).collect();
                if let Some(event) = parse_frame(&String::from_utf8_lossy(&frame)) {
                    return event;
                }
                continue;
            }
            match self.rep.chunk().await.expect("read the event stream") {
                Some(chunk) => self.buf.extend_from_slice(&chunk),
                None => panic!("the event stream ended"),
            }
        }
    }

    /// The next `INVITATION` event of `token`, skipping others (e.g. those of the
    /// greeting, relayed from the other instance a moment after the stream opened).
    async fn next_invitation(&mut self, token: AccessToken) -> Event {
        loop {
            let event = self.next().await;
            if event.name == "INVITATION" && event.token == Some(token) {
                return event;
            }
        }
    }
}

/// An SSE frame with data, or `None` for a keepalive.
fn parse_frame(frame: &str) -> Option<Event> {
    let mut id = None;
    let mut data = None;
    for line in frame.lines() {
        if let Some(value) = line.strip_prefix("id:") {
            id = Some(value.trim().to_owned());
        } else if let Some(value) = line.strip_prefix("data:") {
            data = Some(value.trim().to_owned()).filter(|d| !d.is_empty());
        } else if line.trim() == "event:missed_events" {
            panic!("missed_events through the proxy");
        }
    }
    let bytes = data_encoding::BASE64
        .decode(data?.as_bytes())
        .expect("base64 event data");
    let data: EventData = parsec_protocol::data::from_slice(&bytes).expect("msgpack event");
    Some(Event {
        id,
        name: data.event,
        token: data.token,
    })
}

#[test]
fn two_instances_behind_nginx() {
    let Some(db) = FreshDatabase::new("parsec_behind_nginx") else {
        return;
    };
    let Some(nginx_bin) = nginx_or_skip() else {
        return;
    };
    // The proxy's address is public; the instances only see the proxy, so no cap per IP.
    let port = free_port();
    let public = format!("parsec3://127.0.0.1:{port}?no_ssl=true");
    let instance = || {
        OurServer::builder(Db::Url(db.url.clone()))
            .arg("--server-addr")
            .arg(&public)
            .arg("--max-connections-per-ip")
            .arg("0")
            .start()
    };
    let a = instance();
    let b = instance();
    let nginx = Nginx::start(
        &nginx_bin,
        port,
        &[a.port(), b.port()],
        &nginx_docs().join("snippets/parsec-proxy.conf"),
    );
    // The bootstrap URL names the proxy, with its port (`http://…/redirect/…` form).
    let alice = test_env();
    let url = alice.create_organization(&nginx, "BehindNginx");
    assert!(
        url.starts_with(&format!("http://127.0.0.1:{port}/redirect/BehindNginx?")),
        "{url}"
    );
    alice.bootstrap_organization(&url, &ALICE);

    // A user greeted and claimed through the proxy.
    let (token, url) = invite(&alice, &ALICE, &["invite", "user", CAROL.email]);
    assert!(
        url.starts_with(&format!("http://127.0.0.1:{port}/redirect/BehindNginx?")),
        "{url}"
    );
    let carol = test_env();
    let outcome = greet_and_claim(
        json(greet_cmd(&alice, &token, Polling::Default)),
        &ALICE,
        claim_json(&carol, &url),
        &CAROL,
        "",
    );
    assert_eq!(outcome.greeter["human_handle"]["email"], CAROL.email);
    let users = assert_success(&cli_as(&carol, &CAROL, &["user", "list"]));
    assert!(users.contains(CAROL.email), "{users}");
    // Round-robin: the requests of the greeting went to both instances.
    let mut ports = nginx.upstream_ports("/invited/BehindNginx");
    ports.extend(nginx.upstream_ports("/authenticated/BehindNginx"));
    assert!(
        ports.contains(&a.port()) && ports.contains(&b.port()),
        "the greeting's requests reach both instances ({} and {}) through the proxy: {ports:?}",
        a.port(),
        b.port()
    );

    // Events published on either instance reach a stream opened through the proxy.
    let devices = device_store::list_devices(&alice.config_dir()).expect("list devices");
    let device = device_store::load_device(&devices[0], ALICE.password).expect("unlock");
    let proxy = device.server_addr().expect("device address");
    assert_eq!(proxy.to_url(), public);
    block_on(async {
        let transport = Transport::new().expect("transport");
        let mut stream = EventStream::open(&transport, &proxy, &device, None).await;
        let mut seen = Vec::new();
        for (server, email) in [(&a, "erin@example.com"), (&b, "frank@example.com")] {
            let direct = ServerAddr::new("127.0.0.1", Some(server.port()), false).expect("addr");
            let cmds = AuthenticatedCmds::new(
                transport.clone(),
                &direct,
                &device.organization_id,
                device.device_id,
                device.signing_key.clone(),
            );
            let rep = cmds
                .send::<invite_new_user::InviteNewUser>(&invite_new_user::Req {
                    claimer_email: email.parse().expect("email"),
                    send_email: false,
                })
                .await
                .expect("invite_new_user");
            let invite_new_user::Rep::Ok(created) = rep else {
                panic!("invite_new_user on port {}: {rep:?}", server.port());
            };
            // Panics if it does not come within EVENT_TIMEOUT.
            seen.push(stream.next_invitation(created.token).await);
        }
        // Reconnecting after the first with its ID, wherever the proxy sends the
        // stream, replays the second.
        let first_id = seen[0].id.as_deref().expect("an event ID");
        let mut again = EventStream::open(&transport, &proxy, &device, Some(first_id)).await;
        let second = seen[1].token.expect("a token");
        // A stream opens with the organization's configuration, then the replay.
        assert_eq!(again.next().await.name, "ORGANIZATION_CONFIG");
        let replayed = again.next().await;
        assert_eq!(
            (replayed.name.as_str(), replayed.token, replayed.id.as_ref()),
            ("INVITATION", Some(second), seen[1].id.as_ref())
        );

        // Every connection comes from the proxy's address: with the default
        // `--max-connections-per-ip 100`, the streams beyond 100 on an instance would be
        // refused (503); with 0, as the README says, none is.
        let mut streams = Vec::new();
        for _ in 0..STREAMS {
            streams.push(EventStream::open(&transport, &proxy, &device, None).await);
        }
        for stream in &mut streams {
            assert_eq!(stream.next().await.name, "ORGANIZATION_CONFIG");
        }
    });
}

/// `(major, minor, patch)` of `nginx -v`.
fn nginx_version(bin: &Path) -> (u32, u32, u32) {
    let out = std::process::Command::new(bin)
        .arg("-v")
        .output()
        .expect("nginx -v");
    let text = String::from_utf8_lossy(&out.stderr);
    let version = text
        .split("nginx/")
        .nth(1)
        .and_then(|v| v.split_whitespace().next())
        .unwrap_or_else(|| panic!("no version in `nginx -v`: {text}"));
    let mut parts = version.split('.').map(|p| p.parse().expect("a number"));
    let mut part = || parts.next().unwrap_or(0);
    (part(), part(), part())
}

/// nginx accepts the README's site file over TLS (with a certificate made here, and
/// before nginx 1.25.1 its `http2` line swapped as its comment says), including the
/// snippet the test above runs.
#[test]
fn nginx_accepts_the_site_file() {
    let Some(bin) = nginx_or_skip() else {
        return;
    };
    let pki = crate::tls::Pki::new();
    let dir = tempfile::tempdir().expect("temporary directory");
    let mut site = std::fs::read_to_string(nginx_docs().join("parsec.conf")).expect("site");
    let mut swap = |from: &str, to: &str| {
        assert!(site.contains(from), "`{from}` in docs/nginx/parsec.conf");
        site = site.replace(from, to);
    };
    swap(
        "/etc/ssl/parsec.crt",
        &pki.path("server.pem").display().to_string(),
    );
    swap(
        "/etc/ssl/parsec.key",
        &pki.path("server.key").display().to_string(),
    );
    if nginx_version(&bin) < (1, 25, 1) {
        swap("listen 443 ssl;", "listen 443 ssl http2;");
        swap(
            "    http2 on;  # nginx 1.25.1 or later; before: `listen 443 ssl http2;`\n",
            "",
        );
    }
    std::fs::write(dir.path().join("parsec.conf"), site).expect("write the site");
    std::fs::create_dir(dir.path().join("snippets")).expect("mkdir");
    std::fs::copy(
        nginx_docs().join("snippets/parsec-proxy.conf"),
        dir.path().join("snippets/parsec-proxy.conf"),
    )
    .expect("copy the snippet");
    let out = nginx_check(&bin, dir.path(), "    include parsec.conf;\n");
    assert!(
        out.status.success(),
        "nginx -t refuses the site file:\n{}",
        parsec_testkit::describe(&out)
    );
}

/// The README shows the nginx files as they are.
#[test]
fn readme_shows_the_nginx_files() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    for file in ["parsec.conf", "snippets/parsec-proxy.conf"] {
        let text = std::fs::read_to_string(nginx_docs().join(file)).expect(file);
        assert!(
            readme.contains(&format!("```nginx\n{text}```\n")),
            "README.md shows docs/nginx/{file} in an nginx code block, as it is"
        );
    }
}
