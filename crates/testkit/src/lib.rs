/*!
Test support for the `parsec-cli` integration tests (unpublished).

Every test gets its own [`TestEnv`]: a temporary directory holding the CLI's config and
data directories, `HOME` and the `XDG_*` directories, so that nothing reads or writes the
real home. Commands are built with [`TestEnv::cli`], which sets these variables on the
[`std::process::Command`] itself (never `std::env::set_var`), and run with [`run`] or
[`run_with_stdin`], both bounded by a deadline.

Servers come in two kinds, both implementing [`Server`]:

- [`OurServer`]: the bundled `parsec-server` on a port chosen by the OS (`--port 0`), ready
  once it prints `parsec-server listening on http://HOST:PORT` on stderr (`https://` when
  started with a certificate, [`OurServerBuilder::tls`]).
- [`ReferenceServer`]: the official Parsec 3.9.3 server (`parsec run`) from the Python
  package `parsec-cloud==3.9.3`. It panics if it cannot start: the interoperability tier
  fails loudly, it never skips.

Both are killed when dropped; their output is printed if the test is panicking.
[`Nginx`] is an nginx reverse proxy in front of server instances.
[`SmtpSink`] is a loopback SMTP server that records the mails it receives.
[`SecretService`] is a private D-Bus session bus with GNOME Keyring on it, for `keyring`
device files.

```no_run
use parsec_testkit::{assert_success, run, Db, OurServer, TestEnv, ALICE};

let server = OurServer::start(Db::Mocked);
let env = TestEnv::new();
let url = env.create_organization(&server, "MyOrg");
env.bootstrap_organization(&url, &ALICE);
let stdout = assert_success(&run(&mut env.cli(["device", "list"])));
assert!(stdout.contains("MyOrg: Alice <alice@example.com> @ laptop"));
```
*/

#![warn(missing_docs)]

mod bin;
pub mod bomb;
mod env;
mod net;
mod nginx;
mod output;
mod proxy;
mod reference;
mod secret_service;
mod server;
mod smtp;

pub use bin::bin_path;
pub use env::{Identity, TestEnv, ALICE, BOB};
pub use net::{free_port, wait_for_port};
pub use nginx::{nginx_bin, nginx_check, Nginx};
pub use output::{
    assert_cli_error, assert_success, describe, parse_device_list, run, run_with_stdin,
    run_with_stdin_timeout, stderr_text, stdout_text, strip_ansi, DeviceList, ListedDevice,
    CLI_TIMEOUT,
};
pub use proxy::{Fault, FaultyProxy};
pub use reference::ReferenceServer;
pub use secret_service::{secret_service_missing, SecretService};
pub use server::{Db, OurServer, OurServerBuilder, Server, ADMIN_TOKEN};
pub use smtp::{ReceivedMail, SmtpSink};
