//! [`Nginx`]: an nginx reverse proxy in front of server instances, run from a
//! configuration snippet of the repository (its `location` blocks).

use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::server::{print_log, Server, ADMIN_TOKEN, START_TIMEOUT};

/// The nginx binary: `PARSEC_TEST_NGINX` if set, else `nginx` on `PATH`, in `/usr/sbin`
/// or in `/usr/local/sbin` (Debian installs it in `/usr/sbin`, outside a user's `PATH`);
/// `None` when there is none.
pub fn nginx_bin() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PARSEC_TEST_NGINX") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin".into(), "/usr/local/sbin".into()])
        .map(|dir| dir.join("nginx"))
        .find(|candidate| candidate.is_file())
}

/// nginx in the foreground (`daemon off`, `master_process off`: one process, gone
/// with its kill), listening on `127.0.0.1:PORT` and proxying to an `upstream parsec`
/// of the given instances, round-robin. Everything it writes (pid, logs, temporary
/// files) stays in its own temporary directory; killed when dropped, its error log
/// printed if the test is panicking.
#[derive(Debug)]
pub struct Nginx {
    child: Child,
    port: u16,
    dir: TempDir,
}

impl Nginx {
    /// Starts `bin` on `port` (see [`crate::free_port`]) with a configuration made of
    /// `upstream parsec { server 127.0.0.1:P; … }` for `upstream_ports`, and a `server`
    /// block that listens on `port` and includes `snippet` (the proxy's `location`
    /// blocks). The access log records each request's `$upstream_addr`
    /// ([`Self::upstream_ports`]).
    ///
    /// # Panics
    ///
    /// If nginx cannot start or does not accept connections within 30 s; the message
    /// includes its error log.
    pub fn start(bin: &Path, port: u16, upstream_ports: &[u16], snippet: &Path) -> Self {
        let dir = tempfile::Builder::new()
            .prefix("parsec-nginx-")
            .tempdir()
            .expect("create a temporary directory");
        let d = dir.path();
        let snippet = snippet
            .canonicalize()
            .unwrap_or_else(|e| panic!("{}: {e}", snippet.display()));
        let conf = config(
            d,
            &compiled_without(bin),
            &proxy_config(port, upstream_ports, &snippet),
        );
        let conf_path = d.join("nginx.conf");
        std::fs::write(&conf_path, conf).expect("write nginx.conf");
        let mut cmd = Command::new(bin);
        cmd.arg("-p")
            .arg(d)
            .arg("-c")
            .arg(&conf_path)
            .arg("-e")
            .arg(d.join("error.log"))
            .current_dir(d)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::from(
                std::fs::File::create(d.join("stderr.log")).expect("create stderr.log"),
            ));
        let child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
        let mut nginx = Self { child, port, dir };
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Ok(Some(status)) = nginx.child.try_wait() {
                // Dropping `nginx` while panicking prints its logs.
                panic!("{cmd:?} exited ({status}) before accepting connections");
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return nginx;
            }
            assert!(
                Instant::now() < deadline,
                "{cmd:?} did not accept connections on {addr} within {START_TIMEOUT:?}"
            );
            // Bounded back-off between connection attempts.
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The port it listens on, on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Its error log and whatever it printed on stderr.
    pub fn log(&self) -> String {
        let read = |name: &str| std::fs::read_to_string(self.dir.path().join(name));
        format!(
            "{}{}",
            read("stderr.log").unwrap_or_default(),
            read("error.log").unwrap_or_default()
        )
    }

    /// The upstream ports of the finished requests whose path starts with
    /// `path_prefix`, in the order of the access log (a request nginx passed to several
    /// upstreams in turn counts for each).
    pub fn upstream_ports(&self, path_prefix: &str) -> Vec<u16> {
        let log = std::fs::read_to_string(self.dir.path().join("access.log")).unwrap_or_default();
        log.lines()
            .filter_map(|line| {
                let mut fields = line.splitn(4, ' ');
                let (_method, path, _status) = (fields.next()?, fields.next()?, fields.next()?);
                let upstreams = fields.next()?;
                path.starts_with(path_prefix).then_some(upstreams)
            })
            .flat_map(|upstreams| {
                upstreams
                    .split(", ")
                    .filter_map(|addr| addr.rsplit_once(':')?.1.parse().ok())
                    .collect::<Vec<u16>>()
            })
            .collect()
    }
}

/// An `nginx.conf` keeping everything in `dir`, its `http` block ending with
/// `http_body`.
fn config(dir: &Path, without: &[&str], http_body: &str) -> String {
    let d = dir.display();
    let mut temp_paths =
        format!("    client_body_temp_path {d}/client_body;\n    proxy_temp_path {d}/proxy;\n");
    for module in ["fastcgi", "uwsgi", "scgi"] {
        if !without.contains(&module) {
            temp_paths.push_str(&format!("    {module}_temp_path {d}/{module};\n"));
        }
    }
    format!(
        "daemon off;\n\
         master_process off;\n\
         pid {d}/nginx.pid;\n\
         error_log {d}/error.log info;\n\
         events {{\n    worker_connections 1024;\n}}\n\
         http {{\n\
         {temp_paths}\
         \x20   log_format upstreams '$request_method $uri $status $upstream_addr';\n\
         \x20   access_log {d}/access.log upstreams;\n\
         {http_body}\
         }}\n"
    )
}

/// The `upstream parsec` of `upstream_ports` and a `server` on `port` including
/// `snippet`.
fn proxy_config(port: u16, upstream_ports: &[u16], snippet: &Path) -> String {
    let servers: String = upstream_ports
        .iter()
        .map(|p| format!("        server 127.0.0.1:{p};\n"))
        .collect();
    format!(
        "    upstream parsec {{\n{servers}    }}\n\
         \x20   server {{\n\
         \x20       listen 127.0.0.1:{port};\n\
         \x20       include {snippet};\n\
         \x20   }}\n",
        snippet = snippet.display(),
    )
}

/// Runs `nginx -t` (configuration check, nothing served) in `dir` on an `nginx.conf`
/// written there, whose `http` block ends with `http_body` (e.g. `include site.conf;`,
/// relative paths being taken from `dir`); its output tells what it refused.
pub fn nginx_check(bin: &Path, dir: &Path, http_body: &str) -> std::process::Output {
    let conf_path = dir.join("nginx.conf");
    std::fs::write(&conf_path, config(dir, &compiled_without(bin), http_body))
        .expect("write nginx.conf");
    Command::new(bin)
        .arg("-t")
        .arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(&conf_path)
        .arg("-e")
        .arg(dir.join("error.log"))
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", bin.display()))
}

/// The optional modules with a temporary path that `bin` was built without
/// (`--without-http_X_module` in `nginx -V`): their `X_temp_path` directive would be
/// unknown.
fn compiled_without(bin: &Path) -> Vec<&'static str> {
    let configure = Command::new(bin)
        .arg("-V")
        .output()
        .map(|out| {
            let mut text = String::from_utf8_lossy(&out.stderr).into_owned();
            text.push_str(&String::from_utf8_lossy(&out.stdout));
            text
        })
        .unwrap_or_default();
    ["fastcgi", "uwsgi", "scgi"]
        .into_iter()
        .filter(|m| configure.contains(&format!("--without-http_{m}_module")))
        .collect()
}

impl Server for Nginx {
    fn port(&self) -> u16 {
        self.port
    }

    fn admin_token(&self) -> &str {
        ADMIN_TOKEN
    }

    fn log(&self) -> String {
        Nginx::log(self)
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // Already exited is fine: we only want it gone.
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            print_log("nginx", &self.log());
        }
    }
}
