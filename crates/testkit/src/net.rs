//! Ports: picking a free one, waiting for one to accept connections.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

/// A TCP port on 127.0.0.1 that was free when asked.
///
/// The OS picks it (bind to port 0) and the socket is closed before returning, so another
/// process may take it in between: use it only for servers that cannot bind port 0
/// themselves (the reference server needs its port before it starts, for `--server-addr`).
pub fn free_port() -> u16 {
    let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind 127.0.0.1:0");
    listener
        .local_addr()
        .expect("a bound socket has a local address")
        .port()
}

/// Waits until `addr` accepts a TCP connection, or `deadline` passes.
///
/// Returns whether the port opened in time. Retries every 50 ms; each attempt is itself
/// bounded by the time left.
pub fn wait_for_port(addr: SocketAddr, deadline: Instant) -> bool {
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        if TcpStream::connect_timeout(&addr, left.min(Duration::from_secs(1))).is_ok() {
            return true;
        }
        // Bounded back-off between connection attempts, not a wait for readiness.
        std::thread::sleep(Duration::from_millis(50).min(left));
    }
}
